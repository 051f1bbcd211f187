"""`make serve` (``mkdocs serve --dirty``): after a save, rewrite only the pages whose output changed.

A rebuild of the whole site after every save spent most of its time rendering ~90 unchanged pages
through mkdocs-material's templates and its search parser. MkDocs' dirty build skips a page when
``page.file.is_modified()`` is False, but it cannot tell for generated pages (always "modified") nor for
hand-written pages whose macros show the handbook (modified only when the file itself is saved). So in
a dirty ``mkdocs serve`` the hook answers ``is_modified`` itself, from what each page would show:

- every page is still read (docs/ pages through MkDocs' Markdown and macros, generated pages by the hook
  directly, the rules reference again only when its Markdown changed), so every title, table of contents
  and body is known exactly; deferred pages (campaigns, months, report) are built then too;
- a page is rewritten when its **signature** (title, metadata, table of contents, HTML body, search
  entries) differs from the one it had when last written, and every page is rewritten when the **site
  signature** changes: what every page shows around its body (the navigation with every page's title
  and metadata, mkdocs.yml, the hold banner, the theme's override templates);
- search keeps the entries of the pages it did not see this time (mkdocs-material indexes only the pages
  it renders), and files an earlier preview build wrote but this one no longer has (a deleted campaign's
  page, a feed) are removed from the preview folder;
- a deferred page is built again only when what it shows may have changed (``DeferredPages``): a save to
  one post rebuilds its campaign's page and its month's, not the other campaigns' and months';
- the theme's 404 page and sitemap are rewritten only when the site signature changes, templates
  are compiled once per serve process (a Jinja bytecode cache; a changed template is compiled again),
  and the installed theme's files are listed once (``list_theme_files_once``).

Saves are reported by the operating system (``watch_natively``, from on_serve), not found by MkDocs'
polling every 0.5 s.

A failed build forgets everything, so the next one rewrites every page. ``mkdocs build`` never comes
here: a published site is always built clean.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.structure.files import File, Files
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from .. import model as m
from ..source import ParseCache
from . import calendar, campaigns
from .context import Context
from .page import Page

_DIRTY_WARNING = "A 'dirty' build is being performed"  # MkDocs' warning on every dirty build: not true here
THEME_PAGES = ("404.html", "sitemap.xml")  # what MkDocs renders from the theme besides the pages


class MemoryBytecodeCache(BytecodeCache):
    """Compiled theme templates for the life of the serve process (MkDocs makes a new Jinja environment per
    build); Jinja checks each template's source checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class _QuietDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _toc(items) -> list:
    return [[item.level, item.id, item.title, _toc(item.children)] for item in items]


class Preview:
    """What the previous build of this serve process wrote, and what the build in progress rewrites."""

    def __init__(self) -> None:
        self.bytecode = MemoryBytecodeCache()
        self.deferred = DeferredPages()
        self.theme_files: dict[tuple, list[str]] = {}  # see list_theme_files_once
        self.written: set[str] = set()  # every file the previous builds put in the site folder
        self.forget()
        logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirtyWarning())

    def forget(self) -> None:
        """After a failed build (or before the first): the next build rewrites everything (and still removes
        what an earlier build wrote that the handbook no longer has: ``written`` is kept)."""
        self.site = ""  # the site signature the written pages were rendered with
        self.signatures: dict[str, str] = {}  # page src_uri -> signature of its written output
        self.search: dict[str, list[dict]] = {}  # page url -> its search entries
        self.rewrite: set[str] | None = None  # None while MkDocs reads pages: every page is read
        self.files = Files([])
        self.read_by_hook: set[str] = set()
        self.markdown_keys: dict[str, str] = {}
        self.read: dict[str, tuple] = {}  # generated Markdown page -> (key, what MkDocs made of it)
        self.pending_read: dict[str, tuple] = {}
        self.pending: dict[str, str] = {}
        self.pending_site = ""
        self.deferred.pages.clear()

    # on_files -------------------------------------------------------------------------------------
    def watch(self, files: Files, read_by_hook: set[str], markdown: dict[str, str]) -> None:
        """Answer MkDocs' ``is_modified`` for every page (other files keep MkDocs' answer: copied when newer).

        ``read_by_hook``: pages MkDocs need not read (the hook fills them in on_env), only write.
        ``markdown``: generated Markdown pages (the rules reference) by path; MkDocs reads one again only
        when its Markdown or the site's pages changed (its links resolve against them), else ``restore``.
        """
        pages = sorted(f.src_uri for f in files.documentation_pages())
        self.markdown_keys = {uri: _digest(text, pages) for uri, text in markdown.items()}
        unchanged = {uri for uri, key in self.markdown_keys.items() if self.read.get(uri, ("",))[0] == key}
        self.rewrite, self.files, self.read_by_hook = None, files, read_by_hook | unchanged
        for file in files.documentation_pages():
            file.is_modified = lambda file=file: self._page_modified(file)  # type: ignore[method-assign]

    def _page_modified(self, file: File) -> bool:
        if self.rewrite is None:  # MkDocs is reading pages
            return file.src_uri not in self.read_by_hook
        return file.src_uri in self.rewrite

    def restore(self, page) -> None:
        """Give an unchanged generated Markdown page what MkDocs made of it last time (its links were checked
        then); a changed one MkDocs has just read."""
        if page.file.src_uri in self.read and page.file.src_uri in self.read_by_hook:
            _, page.markdown, meta, page.content, page.toc, anchors = self.read[page.file.src_uri]
            page.meta, page.title, page.present_anchor_ids = dict(meta), meta["title"], set(anchors)

    # on_env: every page has been read, none written yet ---------------------------------------------
    def decide(self, config, files: Files, generated: dict[str, Page], site_parts: tuple) -> set[str]:
        """Which pages to write: those whose signature changed, or all of them when the site's did."""
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        site = _digest(config.nav, [(p.file.src_uri, p.url, p.title, p.meta) for p in pages], site_parts,
                       config.site_name, config.extra_css, config.extra_javascript, _config_bytes(config))
        signatures = {}
        for page in pages:
            entries = generated[page.file.src_uri].search_entries if page.file.src_uri in generated else None
            signatures[page.file.src_uri] = _digest(page.title, page.meta, page.content, _toc(page.toc),
                                                    page.edit_url, entries)
        if site == self.site:
            self.rewrite = {uri for uri, sig in signatures.items() if self.signatures.get(uri) != sig}
            config.theme.static_templates.difference_update(THEME_PAGES)  # unchanged: what they show is too
        else:
            self.rewrite = set(signatures)
        self.pending, self.pending_site = signatures, site
        self.pending_read = {uri: (key, page.markdown, dict(page.meta), page.content, page.toc,
                                   set(page.present_anchor_ids or ()))
                             for uri, key in self.markdown_keys.items()
                             if (page := files.get_file_from_path(uri).page) is not None}
        return self.rewrite

    # on_post_build, before the search plugin writes its index ----------------------------------------
    def finish(self, config, search_entries: list | None, search_plugin) -> None:
        """Complete the search index with the pages not rewritten; drop files this build no longer has."""
        files = self.files
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        if search_plugin is not None and hasattr(search_plugin, "search_index_prev"):
            # its own dirty merge assumes one page per build, and keeps a page's old entries beside new ones
            search_plugin.search_index_prev = None
        if search_entries is not None:
            fresh: dict[str, list[dict]] = {}
            for entry in search_entries:
                fresh.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
            index = {}
            for page in pages:
                rewritten = self.rewrite is None or page.file.src_uri in self.rewrite
                index[page.url] = fresh.get(page.url, []) if rewritten else self.search.get(page.url, [])
            search_entries[:] = [entry for entries in index.values() for entry in entries]
            self.search = index
        written = {f.abs_dest_path for f in files}
        for stale in sorted(self.written - written):
            _remove(stale, config.site_dir)
        self.written = written
        self.signatures, self.site, self.rewrite = self.pending, self.pending_site, None
        self.read = self.pending_read


def _config_bytes(config) -> str:
    path = config.config_file_path
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path and os.path.isfile(path) else ""


def list_theme_files_once(theme, listings: dict[tuple, list[str]], own_folders: list[str]) -> None:
    """on_config: list the theme's files once per serve process, not on every rebuild.

    Before each build MkDocs lists every file of every theme folder to copy the theme's assets
    (``Files.add_files_from_theme``): ~0.14 s, most of it going through mkdocs-material's ~10,000 icons,
    to find the same ~40 files. The installed theme does not change while the preview runs (like the
    hook's Python code, a reinstall needs a restart); the folders a team edits (``own_folders``: the
    theme's custom_dir, Playbook's overrides) are part of the listing's key, by name and modification time.
    """
    make_env = theme.get_env

    def get_env():
        env = make_env()
        list_templates = env.list_templates

        def listed(extensions=None, filter_func=None):
            key = (tuple(theme.dirs), tuple(sorted(theme.static_templates)), repr(extensions),
                   getattr(filter_func, "__module__", None), getattr(filter_func, "__qualname__", None),
                   repr(templates_signature(own_folders)))
            if key not in listings:
                listings[key] = list_templates(extensions=extensions, filter_func=filter_func)
            return list(listings[key])

        env.list_templates = listed
        return env

    theme.get_env = get_env


def templates_signature(folders: list[str]) -> list:
    """Names and modification times of the override templates (a team's custom_dir, Playbook's own)."""
    found = []
    for folder in folders:
        for parent, _, names in os.walk(folder):
            for name in sorted(names):
                path = os.path.join(parent, name)
                found.append((path, os.stat(path).st_mtime_ns))
    return sorted(found)


def _remove(path: str, site_dir: str) -> None:
    """Remove a file an earlier preview build wrote, and the folders it leaves empty (never the site's)."""
    site = os.path.abspath(site_dir)
    folder = os.path.dirname(os.path.abspath(path))
    if not folder.startswith(site + os.sep) and folder != site:
        return
    try:
        os.remove(path)
    except OSError:
        return
    while folder.startswith(site + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = os.path.dirname(folder)


# Deferred page builders that read no post but the list they are given (the report reads them all: it is
# built on every rebuild). tests/acceptance/test_serve.py checks that they do not read the handbook's posts.
OWN_POSTS_ONLY = (campaigns.campaign_page, calendar.month_page)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")  # a default repr: it names an object, not its content


def _sign(when, now) -> int:
    return 0 if when is None else (when > now) - (when < now)


class DeferredPages:
    """Deferred pages (campaigns, months) kept between the rebuilds of a dirty preview, each under a key of
    everything it shows, so that a save rebuilds the pages it touches and not the other ~60.

    A page is reused when its key equals the one it was built under:

    - the handbook except its posts (settings, team, rota, channels, rules, holds, campaigns, policies,
      media, git verification...), the problems, the edit link base, who is on duty, today's date, and
      whether each hold has started or ended;
    - the builder and its arguments, each post by its fields, the exact text of its file (``ParseCache``),
      and whether its time and each of its pending approvals' due times have passed: so a post whose time
      passes while the preview runs gets its 'time passed' mark at the next rebuild.

    So only builders that read no post but those they are given are cached (``OWN_POSTS_ONLY``); the report
    is built every time. A part whose text does not show its content (an object's address) is never cached.
    """

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, Page]] = {}  # page path -> (key, page)
        self._shared: str | None = None  # the key of what the build in progress shares among its pages
        self._posts: dict[int, str] = {}  # id(post) -> its key, for the build in progress only

    def begin(self, ctx: Context, paths) -> None:
        """A build starts: its shared key; forget the pages the handbook no longer has (a deleted campaign)."""
        self._shared, self._posts = self._shared_key(ctx), {}
        for path in set(self.pages) - set(paths):
            del self.pages[path]

    def build(self, path: str, deferred: Callable[[], Page], ctx: Context, parses: ParseCache) -> Page:
        key = self._key(deferred, ctx, parses)
        known = self.pages.get(path)
        if key is not None and known is not None and known[0] == key:
            return known[1]
        page = deferred()
        if key is None:
            self.pages.pop(path, None)
        else:
            self.pages[path] = (key, page)
        return page

    def _key(self, deferred, ctx: Context, parses: ParseCache) -> str | None:
        if self._shared is None or not isinstance(deferred, partial) or deferred.keywords or \
                deferred.func not in OWN_POSTS_ONLY:
            return None
        parts = [self._shared, deferred.func.__module__, deferred.func.__qualname__]
        for arg in deferred.args:
            if arg is ctx:
                parts.append("ctx")
            elif isinstance(arg, list) and all(isinstance(item, m.Post) for item in arg):
                parts.append([self._post_key(post, ctx, parses) for post in arg])
            else:
                parts.append(repr(arg))
        text = json.dumps(parts)
        return None if _ADDRESS.search(text) else hashlib.sha256(text.encode("utf-8")).hexdigest()

    @staticmethod
    def _shared_key(ctx: Context) -> str | None:
        handbook = ctx.handbook
        parts = [repr(getattr(handbook, f.name)) for f in dataclasses.fields(handbook) if f.name != "posts"]
        parts += [repr(getattr(ctx, f.name)) for f in dataclasses.fields(ctx)
                  if f.name not in ("handbook", "now", "analysis") and not f.name.startswith("_")]
        parts += [repr(ctx.on_duty()), ctx.today.isoformat(), ctx.zone.key,
                  repr([(_sign(w.start, ctx.now), _sign(w.end, ctx.now)) for w in handbook.quiet])]
        text = "\n".join(parts)
        return None if _ADDRESS.search(text) else hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _post_key(self, post: m.Post, ctx: Context, parses: ParseCache) -> str:
        key = self._posts.get(id(post))
        if key is None:
            fields = [(f.name, getattr(post, f.name)) for f in dataclasses.fields(post) if f.name != "source"]
            source = post.source
            text = parses.fingerprint(source) if source is not None else None
            passed = [_sign(post.publish_at, ctx.now)] + [_sign(p.due, ctx.now) for p in ctx.analysis.pending(post)]
            key = repr((fields, source.path if source else None, text or repr(source), passed))
            self._posts[id(post)] = key
        return key


# What a save does to a file; the native observer also reports every file a build opens and closes unwritten
SAVE_EVENTS = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent]


class SaveObserver(Observer):  # type: ignore[misc,valid-type]  # InotifyObserver on Linux
    """watchdog's native observer, reporting saves only (a build reading files would start the next build)."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or SAVE_EVENTS,
                                follow_symlink=follow_symlink)


def watch_natively(server, config) -> None:
    """on_serve: let the operating system report saves (inotify on Linux) instead of polling every 0.5 s.

    MkDocs' server looks at every watched file twice a second (``PollingObserver``): a save waits 0.25 s on
    average before the rebuild starts, and each look lists the whole content/ folder (~15 ms CPU at 1,000
    posts, ten times that at 10,000). watchdog's native observer is told at once and costs nothing while
    idle. It is tried first on every folder the server will watch; where it cannot work (the inotify watch
    limit reached, a file system without events) the server keeps polling. A watched file (mkdocs.yml) is
    watched through its folder: an editor that saves by replacing the file would end a watch on the file.
    """
    if not isinstance(server.observer, PollingObserver) or Observer is PollingObserver or \
            not isinstance(getattr(server, "_watched_paths", None), dict):
        return  # another MkDocs, or no native observer here: leave the watching as it is
    watched = dict(server._watched_paths)
    folders = {(path, True) if os.path.isdir(path) else (os.path.dirname(path), False)
               for path in [*watched, *(os.path.abspath(p) for p in config.watch)] if os.path.exists(path)}
    probe = SaveObserver()
    try:
        for folder, recursive in sorted(folders):
            probe.schedule(FileSystemEventHandler(), folder, recursive=recursive)
        probe.start()
    except OSError as error:
        logging.getLogger("mkdocs.plugins.playbook").info(f"watching for saves by polling: {error}")
        return
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = SaveObserver()
    for path in watched:
        if os.path.isdir(path):
            server.watch(path)
        else:
            server.watch(os.path.dirname(path), recursive=False)
