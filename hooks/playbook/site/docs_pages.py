"""Hand-written docs/ pages and files: what a page may set in its front matter, and which files are published.

docs/ arrives through pull requests like everything else, and MkDocs trusts
it: mkdocs-material prints several front-matter keys into every page's head
and navigation without escaping (``status``, ``subtitle``, list values), and
``template: redirect.html`` with ``location: "javascript:..."`` writes a
script. Every file MkDocs would copy (an ``.html``, ``.svg`` or ``.js``) runs
in the handbook's origin when opened. So, before MkDocs cleans the site
folder (``check`` runs in ``on_config``):

- front matter is read by Playbook's own YAML reader (exact positions,
  YAML 1.2, no anchors or aliases) and only the keys in ``FRONT_MATTER``
  are allowed, each with a type; ``template`` only from ``TEMPLATES`` and
  ``icon`` only from mkdocs-material's bundled sets;
- a block that is not closed, not YAML or not a mapping is a problem (MkDocs
  would publish it as text), and so are the MultiMarkdown ``key: value``
  lines MkDocs reads as settings when there is no ``---`` block;
- files other than pages, images, videos and the ones mkdocs.yml names
  itself (``extra_css``, ``extra_javascript``) are refused.

While pages render, ``meta`` replaces what MkDocs parsed with the checked
values (and the hook reduces text values to escaped text), so nothing but
these keys ever reaches the theme. docs/reference/site.md documents the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File, get_files
from mkdocs.utils.meta import get_data

from ..problems import Pos, Problem, ProblemList
from ..schema import Reader
from ..source import Source, read_text, split_front_matter
from . import icons, media

HIDE = ("navigation", "toc", "footer", "path", "tags", "feedback")
TEMPLATES = ("main.html",)  # the theme's page template; redirect.html would write a script from `location`
# The keys a docs/ page may set (the table in docs/reference/site.md says what each holds).
FRONT_MATTER = ("title", "description", "subtitle", "icon", "hide", "search", "template", "render_macros")
_FENCE = re.compile(r"---[ \t]*(?:\n|\Z)")
_BLOCK_START = re.compile(r"---[ \t]*\n[ \t]*[A-Za-z0-9_-]+[ \t]*:")
PASSIVE = media.IMAGE | media.VIDEO | {"ico", "txt"}  # published as they are: nothing in them runs


@dataclass
class DocsCheck:
    """What ``check`` found: the problems, and the checked front matter of each page (by src_uri)."""

    problems: list[Problem] = field(default_factory=list)
    meta: dict[str, dict] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)  # the Markdown after the front matter
    files: dict[str, File] = field(default_factory=dict)  # the pages, for rendering their macros early


def check(config, label: str) -> DocsCheck:
    """Check every file MkDocs would publish from docs_dir; ``label`` is docs_dir relative to the repository."""
    found = ProblemList()
    out = DocsCheck()
    named = {_uri(p) for p in list(config.extra_css) + [str(s) for s in config.extra_javascript]}
    for file in get_files(config):
        if file.inclusion.is_excluded():
            continue
        path = f"{label}/{file.src_uri}"
        if file.is_documentation_page():
            meta, body = _page(file.abs_src_path, path, found)
            out.meta[file.src_uri], out.bodies[file.src_uri], out.files[file.src_uri] = meta, body, file
        elif media.extension(file.src_uri) not in PASSIVE and file.src_uri not in named:
            found.add(path, Pos(), "site.file",
                      f"'{file.src_uri}' would be published as it is and could run script in the handbook "
                      "(only Markdown pages, images and videos are published from docs/)",
                      "convert it to a Markdown page or an image, or remove it; a style sheet or script the "
                      "site needs is named under extra_css or extra_javascript in mkdocs.yml")
    out.problems = found.sorted()
    return out


def _uri(value: str) -> str:
    return value.split("?", 1)[0].lstrip("./")


def _page(abs_path: str, path: str, found: ProblemList) -> tuple[dict, str]:
    """The checked front matter of one page and the Markdown after it."""
    text = read_text(abs_path, path, found)
    if text is None:
        return {}, ""
    source = Source(path)
    if not _FENCE.match(text):
        stripped = text.lstrip(" \t\n")
        if stripped != text and _BLOCK_START.match(stripped):
            found.add(path, Pos(text.count("\n", 0, len(text) - len(stripped)) + 1, 1), "file.front-matter",
                      "the front-matter block does not start on the first line: MkDocs would publish it as text",
                      "remove the blank lines above the first '---'")
            return {}, text
        body, settings = get_data(text)
        if settings:
            found.add(path, Pos(), "file.front-matter",
                      f"MkDocs reads the first lines as page settings ({', '.join(sorted(settings))})",
                      "put page settings between '---' lines, or start the page with a heading")
        return {}, body
    split_front_matter(text, source, found)
    if not source.ok:
        return {}, source.body
    return _checked(source, found), source.body


def _checked(source: Source, found: ProblemList) -> dict:
    data, r = source.data, Reader(source, found)
    r.keys(data, (), FRONT_MATTER)
    meta: dict = {}
    for key in ("title", "description", "subtitle"):
        value = r.text(data, (), key)
        if value is not None:
            meta[key] = value
    if "template" in data:
        template = r.text(data, (), "template", choices=TEMPLATES)
        if template is not None:
            meta["template"] = template
    if "icon" in data:
        name = r.text(data, (), "icon")
        if name is not None and ("/" not in name or icons.svg(name) is None):
            r.report(("icon",), "schema.value", f"'{name}' is not an icon bundled with mkdocs-material",
                     "name the set and the icon, e.g. material/calendar-month or fontawesome/brands/x-twitter")
        elif name is not None:
            meta["icon"] = name
    hide = [h for h in r.text_list(data, (), "hide", scalar_ok=True) if _choice(r, "hide", h, HIDE, data)]
    if hide:
        meta["hide"] = hide
    search = r.mapping(data, (), "search")
    if search is not None:
        r.keys(search, ("search",), ("exclude", "boost"))
        checked = {}
        exclude = r.flag(search, ("search",), "exclude", None)
        if exclude is not None:
            checked["exclude"] = exclude
        boost = search.get("boost")
        if boost is not None and (isinstance(boost, bool) or not isinstance(boost, (int, float))
                                  or not 0 <= boost <= 10):
            r.report(("search", "boost"), "schema.value", "'boost' must be a number from 0 to 10")
        elif boost is not None:
            checked["boost"] = boost
        meta["search"] = checked
    render = r.flag(data, (), "render_macros", None)
    if render is not None:
        meta["render_macros"] = render
    return meta


def _choice(r: Reader, key: str, value: str, choices, data: dict) -> bool:
    if value in choices:
        return True
    items = data[key] if isinstance(data[key], list) else [data[key]]
    # text_list turns a number into text, so `hide: [1]` is looked up as the text it became
    index = [str(i) if isinstance(i, (int, float)) and not isinstance(i, bool) else i for i in items].index(value)
    r.report((key, index) if isinstance(data[key], list) else (key,), "schema.value",
             f"'{value}' is not one of: {', '.join(choices)}")
    return False


def docs_label(config, root: Path) -> str:
    """docs_dir as the problems name it: relative to the repository when it is inside it."""
    docs = Path(config.docs_dir).resolve()
    return docs.relative_to(root).as_posix() if docs.is_relative_to(root) else docs.name
