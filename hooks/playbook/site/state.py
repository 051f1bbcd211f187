"""The build in progress, shared by the MkDocs hook and the macros module (one build at a time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..validate import Result
from .context import Context
from .page import Page


@dataclass
class Build:
    root: Path
    docs_dir: Path
    result: Result
    ctx: Context
    pages: dict[str, Page] = field(default_factory=dict)  # generated pages by source path
    search_entries: list | None = None  # mkdocs-material's search index entries, for compact page entries


_current: Build | None = None


def set_current(build: Build | None) -> None:
    global _current
    _current = build


def current() -> Build:
    if _current is None:
        raise RuntimeError("the Playbook hook has not loaded the handbook: add hooks/handbook.py to mkdocs.yml")
    return _current
