"""Files -> typed model. Reports schema.*, ref.* and time zone problems.

Finds the handbook's files and reads each with its kind's reader
(``kinds/``, one module per kind with its declared shape), then checks
references across files. Everything is read in sorted order, so the model
and every output built from it are deterministic.
"""

from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from . import model as m
from .errors import PlaybookError
from .kinds.campaigns import read_campaign
from .kinds.channels import read_channels
from .kinds.chapters import read_chapter
from .kinds.insights import read_insight
from .kinds.metrics import COMPETITORS, read_competitors, read_metrics
from .kinds.posts import read_post
from .kinds.quiet import read_quiet
from .kinds.rota import read_rota
from .kinds.rules_file import read_rules
from .kinds.settings import UTC, read_settings
from .kinds.team import read_team
from .kinds.templates import read_template
from .problems import Pos, ProblemList
from .references import check_references
from .schema import ID, Reader
from .source import ParseCache, Source, read_markdown_file, read_yaml_file

CONTENT_DIRS = ("content", "calendar", "policies")
ROTA_FILE = "calendar/rota.yml"


class ConfigError(PlaybookError):
    """The repository cannot be read as a handbook at all (exit code 2)."""


class InternalError(PlaybookError):
    """An unexpected failure while reading one file: reported in one line naming it (exit code 2)."""

    def __init__(self, path: str, error: Exception):
        super().__init__(f"internal error while reading {path}: {type(error).__name__}: {error}")


def scan(root: Path, problems: ProblemList) -> dict[str, list[str]]:
    """List the handbook's files (repo-relative paths) by kind, refusing symlinks under the content folders.

    Plain strings and os.scandir rather than pathlib: this runs for every file on every validation.
    """
    found: dict[str, list[str]] = {"posts": [], "responses": [], "campaigns": [], "policies": [], "media": [],
                                   "metrics": [], "insights": []}
    link_hint = "replace the link with a copy of the file or folder"
    pending = [top for top in CONTENT_DIRS if os.path.lexists(os.path.join(root, top))]
    while pending:
        relative_dir = pending.pop()
        absolute = os.path.join(root, relative_dir)
        if os.path.islink(absolute):
            problems.add(relative_dir, Pos(), "file.encoding", "symbolic links are not allowed in the handbook",
                         link_hint)
            continue
        try:
            entries = sorted(os.scandir(absolute), key=lambda e: e.name)
        except NotADirectoryError:
            continue
        for entry in entries:
            relative = f"{relative_dir}/{entry.name}"
            if entry.is_symlink():
                problems.add(relative, Pos(), "file.encoding", "symbolic links are not allowed in the handbook",
                             link_hint)
            elif entry.is_dir():
                if not entry.name.startswith("."):
                    pending.append(relative)
            else:
                kind = _kind(relative)
                if kind:
                    found[kind].append(relative)
                elif _kind(_md_spelling(relative)) not in (None, "media"):
                    problems.add(relative, Pos(), "file.front-matter",
                                 f"'{entry.name}' is skipped: Playbook reads files ending in '.md' only",
                                 f"rename it to {_md_spelling(entry.name)}")
                elif entry.name.endswith(".md") and not relative.startswith("content/media/"):
                    problems.add(relative, Pos(), "file.front-matter",
                                 "Markdown file in a place Playbook does not read",
                                 "posts go in content/posts/<campaign>/, templates in content/responses/, "
                                 "insights in content/insights/, briefs in calendar/campaigns/, "
                                 "chapters in policies/")
    for paths in found.values():
        paths.sort()
    return found


_MARKDOWN_SPELLINGS = re.compile(r"\.(?:md|markdown|mdown|mkd|mkdn)\Z", re.IGNORECASE)


def _md_spelling(relative: str) -> str:
    """The name with a Markdown extension spelt another way (``.MD``, ``.markdown``) written as ``.md``."""
    return _MARKDOWN_SPELLINGS.sub(".md", relative)


def _kind(relative: str) -> str | None:
    parts = relative.split("/")
    if parts[:2] == ["content", "media"]:
        return "media"
    if parts[:2] == ["content", "metrics"] and len(parts) == 3 and relative.endswith(".csv"):
        return "metrics"
    if not relative.endswith(".md"):
        return None
    if parts[:2] == ["content", "posts"] and len(parts) == 4:
        return "posts"
    if parts[:2] == ["content", "responses"] and len(parts) == 3:
        return "responses"
    if parts[:2] == ["content", "insights"] and len(parts) == 3:
        return "insights"
    if parts[:2] == ["calendar", "campaigns"] and len(parts) == 3:
        return "campaigns"
    if parts[0] == "policies" and len(parts) == 2:
        return "policies"
    return None


class Loader:
    def __init__(self, root: Path, cache: ParseCache | None = None):
        self.root = root
        self.problems = ProblemList()
        self.cache = cache  # parses kept between the rebuilds of `mkdocs serve`

    # -- helpers ---------------------------------------------------------
    def _yaml(self, relative: str) -> tuple[Reader, dict]:
        path = self.root / relative
        if not path.exists() and not path.is_symlink():
            return Reader(Source(relative), self.problems), {}
        source = read_yaml_file(str(path), relative, self.problems, self.cache)
        data = source.data
        if source.ok and data is not None and not isinstance(data, dict):
            self.problems.add(relative, Pos(), "schema.type", "the file must be a mapping of keys to values")
            data = None
        return Reader(source, self.problems), data or {}

    def _read(self, relative: str) -> tuple[Source, str | None]:
        """Read a Markdown file; return its source and id (file name without .md) when both are usable."""
        source = read_markdown_file(os.path.join(self.root, relative), relative, self.problems, self.cache)
        name = relative.rsplit("/", 1)[-1]
        ident = name[:-3]
        if not ID.match(ident):
            self.problems.add(source.path, Pos(), "schema.value", f"file name '{name}' is not a valid id",
                              "rename it to lower-case words joined by hyphens, e.g. spring-launch.md")
            return source, None
        return source, ident if source.ok else None

    def _markdown(self, relative: str, read, *context):
        """Read a Markdown file of one kind; None when its id or front matter is unusable."""
        source, ident = self._read(relative)
        return read(Reader(source, self.problems), ident, *context) if ident else None

    # -- configuration ---------------------------------------------------
    def settings(self) -> m.Settings:
        return read_settings(*self._yaml("calendar/settings.yml"))

    def team(self) -> m.Team:
        return read_team(*self._yaml("policies/team.yml"))

    def channels(self) -> tuple[dict[str, m.Channel], Source]:
        r, data = self._yaml("calendar/channels.yml")
        return read_channels(r, data), r.source

    def rules(self) -> m.Rules:
        return read_rules(*self._yaml("policies/rules.yml"))

    def quiet(self, zone: ZoneInfo) -> tuple[list[m.QuietWindow], Source]:
        r, data = self._yaml("calendar/quiet.yml")
        return read_quiet(r, data, zone), r.source

    def rota(self, team: m.Team, channels: dict[str, m.Channel], settings: m.Settings) -> m.Rota | None:
        """calendar/rota.yml, or None when the handbook has none (then no rota rule runs)."""
        if not (self.root / ROTA_FILE).exists() and not (self.root / ROTA_FILE).is_symlink():
            return None
        r, data = self._yaml(ROTA_FILE)
        return read_rota(r, data, team, channels, settings) if r.source.ok else None

    # -- content ---------------------------------------------------------
    def campaign(self, relative: str, default_zone: ZoneInfo) -> m.Campaign | None:
        return self._markdown(relative, read_campaign, default_zone)

    def post(self, relative: str, campaigns: dict, settings: m.Settings, rules: m.Rules) -> m.Post | None:
        return self._markdown(relative, read_post, relative.split("/")[2], campaigns, settings, rules)

    def template(self, relative: str, settings: m.Settings, rules: m.Rules) -> m.ResponseTemplate | None:
        return self._markdown(relative, read_template, settings, rules)

    def chapter(self, relative: str, settings: m.Settings) -> m.PolicyChapter | None:
        return self._markdown(relative, read_chapter, settings)

    def insight(self, relative: str) -> m.Insight | None:
        return self._markdown(relative, read_insight)

    def metric_rows(self, relative: str) -> list:
        read = read_competitors if relative == COMPETITORS else read_metrics
        return read(os.path.join(self.root, relative), relative, self.problems)

    # -- the whole handbook ----------------------------------------------
    def _each(self, paths: list[str], read, *context) -> list:
        out = []
        for relative in paths:
            try:
                item = read(relative, *context)
            except Exception as error:
                raise InternalError(relative, error) from error
            if item is not None:
                out.append(item)
        return out

    def load(self) -> m.Handbook:
        if not any((self.root / top).is_dir() for top in CONTENT_DIRS):
            raise ConfigError(f"{self.root}: not a handbook (no content/, calendar/ or policies/ folder)")
        files = scan(self.root, self.problems)
        settings = self.settings()
        team = self.team()
        channels, channels_source = self.channels()
        rules = self.rules()
        quiet, quiet_source = self.quiet(settings.timezone)
        rota = self.rota(team, channels, settings)
        campaigns = {c.id: c for c in self._each(files["campaigns"], self.campaign, settings.timezone)}
        posts = self._each(files["posts"], self.post, campaigns, settings, rules)
        posts.sort(key=lambda p: (p.publish_at.astimezone(UTC), p.id))
        templates = {t.id: t for t in self._each(files["responses"], self.template, settings, rules)}
        insights = self._each(files["insights"], self.insight)
        insights.sort(key=lambda i: (i.day, i.id))
        metrics, competitors = [], []
        for relative in files["metrics"]:
            (competitors if relative == COMPETITORS else metrics).extend(*self._each([relative], self.metric_rows))
        _resolve_metric_posts(metrics, posts)
        chapters = self._each(files["policies"], self.chapter, settings)
        chapters.sort(key=lambda c: (c.order, c.id))
        handbook = m.Handbook(
            root=str(self.root), settings=settings, team=team, channels=channels, rules=rules, quiet=quiet,
            campaigns=campaigns, posts=posts, templates=templates, chapters={c.id: c for c in chapters},
            media_files={p[len("content/media/"):] for p in files["media"]},
            quiet_source=quiet_source, channels_source=channels_source, metrics=metrics,
            competitors=competitors, insights=insights, rota=rota)
        handbook.place_holds()
        check_references(handbook, self.problems)
        handbook.problems = self.problems.sorted()
        return handbook


def _resolve_metric_posts(rows: list[m.MetricRow], posts: list[m.Post]) -> None:
    """Point each post row at the post it names by id or by ``url:``; unknown names are metrics.post."""
    by_name = {p.id: p for p in posts}
    by_name.update((p.url, p) for p in posts if p.url)
    for row in rows:
        if row.post:
            row.target = by_name.get(row.post)


@contextmanager
def collector_paused():
    """Loading and checking allocate hundreds of thousands of small containers and free few of them,
    so the cyclic collector would rescan them over and over (a fifth of the time at 10,000 posts).
    Reference counting still frees memory; the collector runs again afterwards.

    When it runs again, everything allocated meanwhile is still in its youngest generation, and the
    first allocation would walk all of it (half a second at 10,000 posts) only to promote it. Freezing
    and at once unfreezing moves those objects straight to the oldest generation instead, which the
    next full collection walks as usual: nothing is kept from the collector, only the walk is saved.
    Skipped when the process froze objects itself (unfreezing would hand them back to the collector).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def load_handbook(root: Path | str, cache: ParseCache | None = None) -> m.Handbook:
    """The handbook at ``root``; ``cache`` reuses the parse of every file whose text has not changed."""
    with collector_paused():
        return Loader(Path(root), cache).load()
