"""Running git for the handbook: one place that decides which git configuration applies.

History is evidence (feed revisions, who added an approval), so git runs
isolated from the machine it happens to run on: no global or system
configuration (an ``gpg.ssh.program`` or ``log.showSignature`` there could
change what we read), no ``GIT_*`` variables from the caller, the C locale,
no pager, no prompt, no optional locks. The repository's own ``.git/config``
still applies; settings that would change our reading are overridden with
``-c`` by the callers.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_TIMEOUT = 120  # seconds; a repository whose log takes longer is treated as "no history"


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat",
                "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    return env


def run_git(root: Path | str, args: list[str], stdin: str | None = None) -> str | None:
    """git's standard output (UTF-8, undecodable bytes replaced), or None if git is missing or fails."""
    output = run_git_bytes(root, args, stdin)
    return None if output is None else output.decode("utf-8", "replace")


def run_git_bytes(root: Path | str, args: list[str], stdin: str | None = None) -> bytes | None:
    """git's standard output as bytes (file contents), or None if git is missing or fails."""
    try:
        done = subprocess.run(["git", *args], cwd=str(root), capture_output=True, env=git_env(),
                              timeout=GIT_TIMEOUT, check=False,
                              input=stdin.encode("utf-8") if stdin is not None else None,
                              stdin=None if stdin is not None else subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def history_unavailable(root: Path | str) -> str | None:
    """Why ``root`` has no usable history ("not a git repository", "a shallow clone"...), or None."""
    answer = run_git(root, ["rev-parse", "--is-shallow-repository", "--verify", "HEAD"])
    if answer is None:
        probe = run_git(root, ["--version"])
        if probe is None:
            return "git is not installed"
        inside = run_git(root, ["rev-parse", "--is-inside-work-tree"])
        return "it has no commits yet" if inside else "it is not a git repository"
    if answer.split("\n", 1)[0].strip() == "true":
        return "it is a shallow clone"
    return None
