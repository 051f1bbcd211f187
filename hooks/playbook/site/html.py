"""HTML building blocks for generated pages.

Every text that comes from the handbook's files passes through ``e()``
(HTML-escaped, attribute-safe) before it is joined into markup; nothing
else in the site package writes content text into HTML. Markup that comes
from Markdown written by staff (campaign briefs, policy chapters) goes
through ``sanitize.py`` instead.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from itertools import count
from urllib.parse import quote

from markupsafe import escape

_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")


def escape_text(value: str) -> str:
    """markupsafe's escaping of a plain string (& < > \" '), written out: the fallback of ``_escape_str``."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
            .replace("'", "&#39;"))


try:  # markupsafe's C escaper of plain strings: one pass, not five (markupsafe 3; private, so with a fallback)
    from markupsafe._speedups import _escape_inner as _escape_str
except ImportError:  # pragma: no cover - markupsafe without its C speedups, or a version that moved it
    _escape_str = escape_text


def e(value) -> str:
    """Escape text for HTML text and quoted attribute values (& < > \" '), as markupsafe does.

    Plain strings take a fast path (this runs about a hundred times per post on a big site); anything
    else, including markup that knows how to escape itself, goes through markupsafe.
    """
    if type(value) is str:
        return _escape_str(value)
    return str(escape(value))


def inert(value) -> str:
    """Escape text so that neither HTML nor Markdown nor Jinja can read anything into it.

    Used where generated HTML is spliced into a Markdown page (macro output):
    every ASCII punctuation character becomes a numeric character reference,
    so ``[x](javascript:...)``, ``*``, ``{: attr}``, ``:icon:`` and ``{{ }}``
    stay literal text wherever the macro is placed.
    """
    return _PUNCT.sub(lambda m: f"&#{ord(m.group())};", str(value))


def url_path(path: str) -> str:
    """Percent-encode a site path (keeps '/'), for href and src attributes."""
    return quote(path, safe="/")


def rel(from_url: str, target: str) -> str:
    """Relative link from the page at ``from_url`` (a directory URL like 'campaigns/x/' or '')
    to ``target`` (a directory URL ending in '/', or a file path like 'feeds/all.ics'),
    keeping any '#fragment'."""
    target, _, fragment = target.partition("#")
    path = _rel_path(from_url, target)
    return f"{path}#{fragment}" if fragment else path


@lru_cache(maxsize=4096)
def _rel_path(from_url: str, target: str) -> str:
    base = from_url.rstrip("/") or "."
    if target.endswith("/") or target == "":
        path = posixpath.relpath(target.rstrip("/") or ".", base)
        path = "./" if path == "." else path + "/"
    else:
        path = posixpath.relpath(target, base)
    return url_path(path)


def icon(name: str, label: str = "") -> str:
    """A UI icon drawn by CSS (see icons.py); decorative unless ``label`` is given."""
    if label:
        return f'<span class="pb-i pb-i-{name}" role="img" aria-label="{e(label)}" title="{e(label)}"></span>'
    return f'<span class="pb-i pb-i-{name}" aria-hidden="true"></span>'


def channel_icon(channel_id: str, name: str) -> str:
    return (f'<span class="pb-ch pb-ch-{channel_id}" role="img" aria-label="{e(name)}" '
            f'title="{e(name)}"></span>')


def badge(text: str, kind: str) -> str:
    """A small coloured label; ``kind`` is a fixed CSS word chosen by the caller, never content."""
    return f'<span class="pb-badge pb-badge-{kind}">{e(text)}</span>'


def admonition(kind: str, title: str, body_html: str) -> str:
    """Material's admonition markup (the same HTML the admonition extension writes)."""
    return (f'<div class="admonition {kind}">\n<p class="admonition-title">{e(title)}</p>\n'
            f'{body_html}\n</div>')


class Tabs:
    """Content tabs in pymdownx.tabbed's alternate style, numbered per page."""

    def __init__(self) -> None:
        self._sets = count(1)

    def render(self, tabs: list[tuple[str, str]]) -> str:
        """tabs: (label text, body HTML)."""
        if len(tabs) == 1:
            return tabs[0][1]
        n = next(self._sets)
        checked = 'checked="checked" '
        inputs = "".join(
            f'<input {checked if i == 1 else ""}id="__tabbed_{n}_{i}" name="__tabbed_{n}" type="radio" />'
            for i in range(1, len(tabs) + 1))
        labels = "".join(f'<label for="__tabbed_{n}_{i}">{e(label)}</label>'
                         for i, (label, _) in enumerate(tabs, 1))
        blocks = "".join(f'<div class="tabbed-block">\n{body}\n</div>\n' for _, body in tabs)
        return (f'<div class="tabbed-set tabbed-alternate" data-tabs="{n}:{len(tabs)}">{inputs}'
                f'<div class="tabbed-labels">{labels}</div>\n<div class="tabbed-content">\n{blocks}</div>\n</div>')


_TAG = re.compile(r"<[^>]*>")


def table(head: list[str], rows: list[list[str]]) -> str:
    """A plain table (material styles it); cells are HTML. On a phone each row becomes a card whose cells are
    labelled with their column (``data-label``, see playbook.css), instead of a table that scrolls sideways
    with its words broken."""
    if not rows:
        return ""
    labels = [e(_TAG.sub("", h)) for h in head]
    th = "".join(f"<th>{h}</th>" for h in head)
    cells = (zip(labels, row, strict=True) for row in rows)
    body = "\n".join("<tr>" + "".join(f'<td data-label="{label}">{c}</td>' for label, c in pairs) + "</tr>"
                     for pairs in cells)
    return f"<table data-pb-table>\n<thead><tr>{th}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


_BLOCKS = ("li dt dd td th tr p div h1 h2 h3 h4 h5 h6 ul ol dl table thead tbody article details summary figure "
           "figcaption nav blockquote pre").split()
# The whole match is the split's one group: a campaign page has hundreds of thousands of these, so each is
# mapped to itself plus a line break by a dict lookup, not by a Python callback per match.
_BLOCK_ALTERNATIVES = "|".join(sorted(_BLOCKS, key=len, reverse=True))
_BREAK_AFTER = re.compile(rf"(</(?:{_BLOCK_ALTERNATIVES})>(?=<)|<br>(?!\n))")
_WITH_BREAK = {f"</{tag}>": f"</{tag}>\n" for tag in _BLOCKS} | {"<br>": "<br>\n"}


def spaced(html: str) -> str:
    """A line break after every block's end tag that another tag follows directly.

    The browser ignores whitespace between blocks, but the search index keeps only the text: without it,
    "Respond within" and "4 hours" in neighbouring cells became "Respond within4 hours" in search results.
    """
    parts = _BREAK_AFTER.split(html)  # text, end tag, text, end tag, ..., text
    parts[1::2] = map(_WITH_BREAK.__getitem__, parts[1::2])
    return "".join(parts)


def facts(pairs: list[tuple[str, str]]) -> str:
    """A definition list of label and value (value is HTML); the hidden colon makes search text read as
    "Version: 3.0" rather than "Version3.0"."""
    return ('<dl class="pb-facts">' + "".join(f'<dt>{e(k)}<span class="pb-sr">:</span></dt> <dd>{v}</dd>\n'
                                              for k, v in pairs) + "</dl>")


def heading(level: int, ident: str, text_html: str) -> str:
    return (f'<h{level} id="{ident}">{text_html}<a class="headerlink" href="#{ident}" '
            f'title="Permanent link">&para;</a></h{level}>')
