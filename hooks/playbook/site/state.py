"""The build in progress, shared by the MkDocs hook and the macros module (one build at a time)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

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
    search_entries: list | None = None  # mkdocs-material's search index entries, for compact page entries
    scratch: Path | None = None  # generated files parked on disk until MkDocs copies them into the site
    built: dict[str, Page] = field(default_factory=dict)  # deferred pages built early (a dirty preview)
    macro_answers: dict = field(default_factory=dict)  # docs/ macro calls answered in this build (macros.py)
    macro_blocks: list[str] = field(default_factory=list)  # their HTML, kept out of Markdown (macros._block)

    def park(self, site_path: str, data: bytes) -> str:
        """Write a generated file (a feed) to the scratch folder; its path, for ``File.generated``."""
        if self.scratch is None:
            self.scratch = Path(tempfile.mkdtemp(prefix="playbook-build-"))
        target = self.scratch.joinpath(*PurePosixPath(site_path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return str(target)

    def clean_up(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


_current: Build | None = None


def set_current(build: Build | None) -> None:
    global _current
    _current = build


def clean_up_current() -> None:
    """Remove the scratch folder of the build in progress, if any (a build may fail before it starts)."""
    if _current is not None:
        _current.clean_up()


def current() -> Build:
    if _current is None:
        raise RuntimeError("the Playbook hook has not loaded the handbook: add hooks/handbook.py to mkdocs.yml")
    return _current
