"""The navigation, built when mkdocs.yml has no ``nav``: fixed sections, then whatever docs/ holds.

Hand-written pages need no edit to mkdocs.yml: a page in a folder of docs/
joins the section of that folder (``docs/reference/*.md`` -> Reference),
index.md first, the rest by file name. Month pages, and campaign pages when
there are many, stay out of the navigation (pages in the navigation are
rendered into every page, which makes big sites quadratic); their index
pages link to them.
"""

from __future__ import annotations

from mkdocs.structure.files import Files

from .page import Page

SECTIONS = [("Calendar", "calendar"), ("Campaigns", "campaigns"), ("Responses", "responses"), ("Policy", "policy")]
SINGLE = [("Rota", "rota.md"), ("Subscribe", "subscribe.md"), ("Report", "report.md")]


def build(files: Files, pages: dict[str, Page]) -> list:
    generated = set(pages)
    docs = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated)
    single = {path for _, path in SINGLE}
    nav: list = []
    if "index.md" in docs:
        nav.append({"Home": "index.md"})
    folders: dict[str, list[str]] = {}
    loose: list[str] = []
    # Generated pages first (in the order they were built), then hand-written ones by name.
    for path in [p.path for p in pages.values() if p.in_nav and p.path not in single] + docs:
        if path == "index.md":
            continue
        if "/" in path:
            folders.setdefault(path.split("/", 1)[0], []).append(path)
        else:
            loose.append(path)
    for title, folder in SECTIONS:
        if folder in folders:
            nav.append({title: _index_first(folders.pop(folder))})
    for title, path in SINGLE:
        if path in pages:
            nav.append({title: path})
    nav.extend(loose)
    for folder in sorted(folders):
        title = folder.replace("-", " ").replace("_", " ").capitalize()
        nav.append({title: _index_first(sorted(folders[folder]))})
    return nav


def _index_first(entries: list[str]) -> list[str]:
    """Keep generated order (it is meaningful: chapters by order, categories by rules.yml), index first."""
    return sorted(entries, key=lambda p: not p.endswith("/index.md"))
