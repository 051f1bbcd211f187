"""A generated page: escaped HTML body, table of contents, and where it sits in the site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .html import Tabs, e, heading, rel, spaced


def url_of(path: str) -> str:
    """Directory URL of a page source path: 'campaigns/x.md' -> 'campaigns/x/', 'calendar/index.md' -> 'calendar/'."""
    stem = path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@dataclass
class Page:
    path: str  # source path inside docs, e.g. "campaigns/spring-launch.md"
    title: str  # plain text; escaped when the page is written
    body: str = ""  # HTML, every content text already escaped or sanitised
    toc: list[dict] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    in_nav: bool = True
    search: bool = True
    hide: tuple[str, ...] = ()
    markdown: str | None = None  # trusted Markdown from code (the rules reference), rendered by MkDocs
    # Compact search entries (anchor, title HTML, text HTML) given to the search index instead of
    # letting it parse the body: a campaign page's cards repeat each copy per channel among much markup.
    search_entries: list[tuple[str, str, str]] | None = None
    # Builds the whole page when MkDocs writes it, so that the HTML of every big page (campaigns,
    # months) is not held at once: MkDocs reads every page before it writes the first one.
    deferred: Callable[[], Page] | None = None

    @property
    def url(self) -> str:
        return url_of(self.path)


class Doc:
    """Collects a page body and its table of contents while the page is written."""

    def __init__(self, path: str, title: str):
        self.path, self.title = path, title
        self.url = url_of(path)
        self.parts: list[str] = []
        self.toc: list[dict] = []
        self._stack: list[dict] = []
        self.anchors: set[str] = set()
        self.tabs = Tabs()

    def add(self, *html: str) -> None:
        self.parts.extend(h for h in html if h)

    def h(self, level: int, ident: str, text: str, after: str = "", toc: bool = True) -> None:
        """A heading with an anchor, listed in the table of contents (text is escaped here)."""
        self.anchors.add(ident)
        self.parts.append(heading(level, ident, e(text) + after))
        if toc:
            self.toc_entry(level, ident, e(text))

    def toc_entry(self, level: int, ident: str, name_html: str, children: list[dict] | None = None) -> None:
        token = {"level": level, "id": ident, "name": name_html, "children": list(children or [])}
        while self._stack and self._stack[-1]["level"] >= level:
            self._stack.pop()
        (self._stack[-1]["children"] if self._stack else self.toc).append(token)
        self._stack.append(token)

    def href(self, target: str) -> str:
        return e(rel(self.url, target))

    def a(self, target: str, text: str, cls: str = "") -> str:
        attr = f' class="{cls}"' if cls else ""
        return f'<a href="{self.href(target)}"{attr}>{e(text)}</a>'

    def page(self, **options) -> Page:
        return Page(self.path, self.title, spaced("\n".join(self.parts)), self.toc, self.anchors, **options)
