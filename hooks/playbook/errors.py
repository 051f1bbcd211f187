"""PlaybookError: a command cannot go on. The click commands print it in one line and exit with its code."""

from __future__ import annotations


class PlaybookError(Exception):
    """A refusal or a failure to report to the user in one line, never as a traceback.

    ``code`` is the command's exit code: 2 for a usage error or a handbook that
    cannot be read at all, 1 when the user's files have problems to fix.
    """

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code
