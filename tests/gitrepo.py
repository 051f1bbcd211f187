"""Real git repositories for tests: a committer identity and the example handbook committed on main."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from paths import REPO

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git in ``root``; its output without the trailing newline."""
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV, **(env or {})}).stdout.strip()


def example_repository(root: Path) -> Path:
    """The example handbook (calendar/, content/, policies/) as one commit on main."""
    for folder in ("calendar", "content", "policies"):
        shutil.copytree(REPO / folder, root / folder)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "example")
    return root
