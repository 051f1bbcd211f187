"""The build in progress, shared by the MkDocs hook and the macros module (one build at a time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..validate import Result
from .context import Context
from .docs_pages import DocsCheck
from .page import Page


@dataclass
class Build:
    root: Path
    docs_dir: Path
    result: Result
    ctx: Context
    pages: dict[str, Page] = field(default_factory=dict)  # generated pages by source path
    edition: dict = field(default_factory=lambda: {"edition": "full", "public_responses": False})  # extra.playbook
    docs: DocsCheck = field(default_factory=DocsCheck)  # docs/ pages' checked front matter


_current: Build | None = None


def set_current(build: Build | None) -> None:
    global _current
    _current = build


def current() -> Build:
    if _current is None:
        raise RuntimeError("the Playbook hook has not loaded the handbook: add hooks/handbook.py to mkdocs.yml")
    return _current
