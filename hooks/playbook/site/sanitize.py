"""Markdown written by staff (campaign briefs, policy chapters) to safe HTML, and safe page titles.

Briefs and chapters arrive through pull requests, so they are rendered with
a Markdown converter of our own, not MkDocs' one: no attr_list (no
``{: onclick=...}``), no md_in_html, no snippets, no macros. The resulting
HTML then goes through nh3 (the ammonia sanitiser) with an allow-list:
plain text structure, tables, links to http(s), mailto and tel only. Scripts,
styles, frames, forms, images (a request to another host), event handlers
and ``style`` attributes are removed, and URLs are checked after entity
decoding, so ``JaVaScRiPt:``, ``java&#x09;script:`` and ``data:`` all fail.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape as _escape
from xml.etree import ElementTree as etree

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark",
    "small", "sub", "sup", "code", "pre", "kbd", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "div", "span", "abbr",
}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "svg", "math", "noscript",
                        "textarea", "select", "title", "frameset", "frame", "applet"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"},
              **{f"h{n}": {"id"} for n in range(2, 7)}}
ADMONITIONS = {"admonition", "note", "abstract", "info", "tip", "success", "question", "warning", "failure",
               "danger", "bug", "example", "quote"}
CLASSES = {"div": ADMONITIONS, "p": {"admonition-title"}, "a": {"headerlink"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # tel: dials a number (a protocol's team); it runs nothing
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,80}")
_HEADING_ID = re.compile(r'<h([2-6]) id="([^"]*)"')


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and not _ID.fullmatch(value):
        return None  # e.g. "__search": never clobber the theme's own element ids
    if attribute == "start" and not value.isdigit():
        return None
    return value


def clean_html(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, clean_content_tags=DROPPED_WITH_CONTENT, attributes=ATTRIBUTES,
                     attribute_filter=_keep_attribute, allowed_classes=CLASSES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


@dataclass
class Rendered:
    html: str
    toc: list[dict] = field(default_factory=list)  # python-markdown toc tokens, names HTML-escaped


def render_markdown(text: str, reserved_ids: set[str] = frozenset(), top: int = 2) -> Rendered:
    """Staff-written Markdown to sanitised HTML whose highest heading is ``top`` (h2 under the page title,
    h3 inside a section of the page), whatever level the author started at.

    Heading ids that would collide with the page's own ids (``reserved_ids``) get a suffix. Remembered
    per process: `mkdocs serve` renders the same briefs and chapters again after every save.
    """
    return copy.deepcopy(_render_markdown(text, frozenset(reserved_ids), top))


@lru_cache(maxsize=2048)
def _render_markdown(text: str, reserved_ids: frozenset[str], top: int) -> Rendered:
    md = _converter(top)
    try:
        raw = md.convert(text)
    except RecursionError:  # nesting the loader's depth check did not foresee: show the text as written
        return Rendered(f"<pre><code>{_escape(text)}</code></pre>")
    html = clean_html(raw)
    toc = md.toc_tokens
    renames: dict[str, str] = {}
    for ident in _ids(toc):
        if ident in reserved_ids:
            n = 1
            while f"{ident}-{n}" in reserved_ids:
                n += 1
            renames[ident] = f"{ident}-{n}"
    if renames:
        html = _HEADING_ID.sub(lambda m: f'<h{m.group(1)} id="{renames.get(m.group(2), m.group(2))}"', html)
        html = re.sub(r'href="#([^"]*)"', lambda m: f'href="#{renames.get(m.group(1), m.group(1))}"', html)
        _rename(toc, renames)
    kept = set(_HEADING_ID.findall(html))
    return Rendered(html, _prune(toc, {ident for _, ident in kept}))


class _RaiseHeadings(Treeprocessor):
    """Shifts headings so the highest one is h``top`` (before the toc extension gives them ids).

    Raw HTML headings are not moved but count for the highest level, so an ``<h1>`` written as HTML
    pushes the Markdown headings below it as far as it would itself need to go.
    """

    def __init__(self, md: markdown.Markdown, top: int):
        super().__init__(md)
        self.top = top

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if el.tag in _HEADING_TAGS]
        levels = [int(el.tag[1]) for el in headings]
        for block in self.md.htmlStash.rawHtmlBlocks:
            if isinstance(block, str):
                levels += [int(n) for n in _RAW_HEADING.findall(block)]
        shift = self.top - min(levels) if levels else 0
        if shift > 0:
            for el in headings:
                el.tag = f"h{min(int(el.tag[1]) + shift, 6)}"


_HEADING_TAGS = {f"h{n}" for n in range(1, 7)}
_RAW_HEADING = re.compile(r"<h([1-6])[ >]")
# One converter per top level, reset between documents: building one costs about as much as converting a brief.
_CONVERTERS: dict[int, markdown.Markdown] = {}


def _converter(top: int) -> markdown.Markdown:
    md = _CONVERTERS.get(top)
    if md is None:
        md = markdown.Markdown(
            extensions=["tables", "fenced_code", "sane_lists", "def_list", "admonition", "abbr", "toc"],
            extension_configs={"toc": {"permalink": True, "permalink_title": "Permanent link"}},
            output_format="html")
        md.treeprocessors.register(_RaiseHeadings(md, top), "playbook-raise-headings", 6)  # toc runs at 5
        _CONVERTERS[top] = md
    return md.reset()


def _ids(tokens):
    for token in tokens:
        yield token["id"]
        yield from _ids(token["children"])


def _rename(tokens, renames):
    for token in tokens:
        token["id"] = renames.get(token["id"], token["id"])
        _rename(token["children"], renames)


def _prune(tokens, kept: set[str]) -> list[dict]:
    """Keep toc entries whose heading survived sanitising, with names reduced to escaped text."""
    out = []
    for token in tokens:
        children = _prune(token["children"], kept)
        if token["id"] in kept:
            out.append({"level": token["level"], "id": token["id"], "name": clean_title(token["name"]),
                        "children": children})
        else:
            out.extend(children)
    return out


def clean_title(title: str) -> str:
    """A title as HTML text with no markup at all: tags removed, quotes as entities.

    Titles reach the theme unescaped (``{{ page.title }}``, ``<title>``), so
    every page title goes through this before any template sees it.
    """
    text = nh3.clean(str(title), tags=set(), clean_content_tags={"script", "style", "title"})
    return text.replace('"', "&quot;").replace("'", "&#39;")


# Hand-written pages (docs/) go through MkDocs' Markdown with material's extensions, so their
# allow-list adds what those extensions write: tabs (radio inputs and labels), details, emoji
# SVGs, highlighted code, images, buttons. Still no script, handler, style sheet, frame or form.
PAGE_TAGS = ALLOWED_TAGS | {"h1", "img", "figure", "figcaption", "details", "summary", "input", "label", "svg",
                            "path", "g", "circle", "rect", "polygon", "nav", "time"}
PAGE_DROPPED = DROPPED_WITH_CONTENT - {"svg"}
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "title", "aria-hidden", "aria-label", "role", "lang", "dir"},
    "a": {"href", "name"}, "time": {"datetime"}, "img": {"src", "alt", "width", "height", "loading"}, "ol": {"start"},
    "input": {"type", "name", "checked"}, "label": {"for"},
    "td": {"align", "colspan", "rowspan", "style", "data-label"},
    "table": {"data-pb-table"},  # generated tables in macro output: one card per row on a phone (html.table)
    "th": {"align", "colspan", "rowspan", "style"}, "details": {"open"}, "div": {"data-tabs"},
    "svg": {"xmlns", "viewbox", "width", "height", "fill"},
    "path": {"d", "fill", "fill-rule", "clip-rule"}, "g": {"fill"}, "circle": {"cx", "cy", "r", "fill"},
    "rect": {"x", "y", "width", "height", "rx", "fill"}, "polygon": {"points", "fill"},
}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_C0_AND_SPACE = "".join(chr(n) for n in range(0x21))
_URL_NOISE = re.compile("[\t\n\r]")
_TEXT_ALIGN = re.compile(r"text-align:\s*(left|right|center);?")
_EXTENSION_IDS = ("__codelineno-", "__tabbed_", "__code_")  # ids pymdownx writes itself
_PAGE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_:.-]{0,120}")


def browser_url(value: str) -> str:
    """A URL as a browser reads it (WHATWG URL parsing): leading and trailing C0 controls and spaces are
    stripped, tabs and line breaks anywhere are dropped, and a backslash counts as a slash."""
    return _URL_NOISE.sub("", value.strip(_C0_AND_SPACE)).replace("\\", "/")


def is_local_url(value: str) -> bool:
    """True when a URL stays on this site: no scheme (http:, data:, javascript:) and no '//host'."""
    url = browser_url(value)
    return not (_SCHEME.match(url) or url.startswith("//"))


def _keep_page_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("id", "for", "name") and (
            not _PAGE_ID.fullmatch(value) or (value.startswith("__") and not value.startswith(_EXTENSION_IDS))):
        return None  # never clobber the theme's own element ids (__search, __drawer)
    if attribute == "type":
        return value if value in ("radio", "checkbox") else None
    if attribute == "src" and not is_local_url(value):
        return None  # images from this site only: opening a page never makes a request elsewhere
    if attribute == "style":
        return value if _TEXT_ALIGN.fullmatch(value.strip()) else None
    if attribute == "start" and not value.isdigit():
        return None
    return value


def clean_page_html(html: str) -> str:
    """Sanitise a page rendered by MkDocs' Markdown: docs/ pages are reviewed, but they come through
    pull requests like everything else, so no script reaches the site from them either."""
    return nh3.clean(html, tags=PAGE_TAGS, clean_content_tags=PAGE_DROPPED, attributes=PAGE_ATTRIBUTES,
                     attribute_filter=_keep_page_attribute, url_schemes=URL_SCHEMES, strip_comments=False,
                     link_rel=None)
