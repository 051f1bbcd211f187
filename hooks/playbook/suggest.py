"""Did-you-mean: the closest known name to a misspelt one, for hints."""

from __future__ import annotations

import difflib


def closest(word: str, choices) -> str | None:
    """The choice most like ``word``, or None when nothing is close enough to be a likely typo."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, choices) -> str | None:
    """``did you mean 'x'?`` for the closest choice, or None."""
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match else None
