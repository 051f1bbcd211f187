"""Files -> typed model. Reports schema.*, ref.* and time zone problems.

Everything is read in sorted order, so the model and every output built
from it are deterministic.
"""

from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from . import model as m
from .errors import PlaybookError
from .problems import Pos, ProblemList
from .references import check_references
from .rotaload import check_rota_references, read_rota
from .schema import ID, Reader
from .source import MAX_MARKDOWN_DEPTH, Source, markdown_too_deep, read_markdown_file, read_yaml_file
from .suggest import did_you_mean

CONTENT_DIRS = ("content", "calendar", "policies")
_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
_DOMAIN = re.compile(_HOST)
_SITE_URL = re.compile(rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?:/[A-Za-z0-9._~!$&()*+,;=:@%-]*)*/")
UTC = ZoneInfo("UTC")
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
    found: dict[str, list[str]] = {"posts": [], "responses": [], "campaigns": [], "policies": [], "media": []}
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
                elif entry.name.endswith(".md") and not relative.startswith("content/media/"):
                    problems.add(relative, Pos(), "file.front-matter",
                                 "Markdown file in a place Playbook does not read",
                                 "posts go in content/posts/<campaign>/, templates in content/responses/, "
                                 "briefs in calendar/campaigns/, chapters in policies/")
    for paths in found.values():
        paths.sort()
    return found


def _kind(relative: str) -> str | None:
    parts = relative.split("/")
    if parts[:2] == ["content", "media"]:
        return "media"
    if not relative.endswith(".md"):
        return None
    if parts[:2] == ["content", "posts"] and len(parts) == 4:
        return "posts"
    if parts[:2] == ["content", "responses"] and len(parts) == 3:
        return "responses"
    if parts[:2] == ["calendar", "campaigns"] and len(parts) == 3:
        return "campaigns"
    if parts[0] == "policies" and len(parts) == 2:
        return "policies"
    return None


class Loader:
    def __init__(self, root: Path):
        self.root = root
        self.problems = ProblemList()

    # -- helpers ---------------------------------------------------------
    def _yaml(self, relative: str) -> tuple[Source, dict]:
        path = self.root / relative
        if not path.exists() and not path.is_symlink():
            return Source(relative), {}
        source = read_yaml_file(str(path), relative, self.problems)
        data = source.data
        if source.ok and data is not None and not isinstance(data, dict):
            self.problems.add(relative, Pos(), "schema.type", "the file must be a mapping of keys to values")
            data = None
        return source, data or {}

    def _read(self, relative: str) -> tuple[Source, str | None]:
        """Read a Markdown file; return its source and id (file name without .md) when both are usable."""
        source = read_markdown_file(os.path.join(self.root, relative), relative, self.problems)
        name = relative.rsplit("/", 1)[-1]
        ident = name[:-3]
        if not ID.match(ident):
            self.problems.add(source.path, Pos(), "schema.value", f"file name '{name}' is not a valid id",
                              "rename it to lower-case words joined by hyphens, e.g. spring-launch.md")
            return source, None
        return source, ident if source.ok else None

    def _approvals(self, r: Reader, data: dict, zone: ZoneInfo) -> list[m.Approval]:
        out = []
        for index, item in r.mapping_list(data, (), "approvals"):
            keys = ("approvals", index)
            fields = ("by", "role", "at", "digest")
            r.keys(item, keys, fields)
            for key in fields:
                if item.get(key) is None:
                    by = item.get("by") if isinstance(item.get("by"), str) else "PERSON"
                    r.report(keys + (key,) if key in item else keys, "schema.missing",
                             f"approval entry has no '{key}'",
                             f"approvals are written by `playbook approve`, not by hand: remove this entry and "
                             f"run playbook approve {r.path} --by {by}", at_key=key not in item)
            by = r.text(item, keys, "by")
            role = r.text(item, keys, "role")
            at = r.datetime(item, keys, "at", zone)
            digest = r.text(item, keys, "digest")
            if by and role and at and digest:
                out.append(m.Approval(by, role, at, digest, index))
        return out

    # -- configuration ---------------------------------------------------
    def settings(self) -> m.Settings:
        source, data = self._yaml("calendar/settings.yml")
        r = Reader(source, self.problems)
        r.keys(data, (), ("site_name", "timezone", "site_url", "domain", "feed_past_days", "feed_refresh"),
               ("timezone",) if source.ok and data else ())
        settings = m.Settings(timezone=r.zone(data, (), "timezone") or UTC, source=source,
                              written=frozenset(data))
        settings.site_name = r.text(data, (), "site_name", default=settings.site_name)
        settings.site_url = r.text(data, (), "site_url", default=settings.site_url)
        if not settings.site_url.endswith("/"):
            settings.site_url += "/"
        if not settings.site_url.startswith(("https://", "http://")):
            r.report(("site_url",), "schema.value", "'site_url' must start with https://")
            settings.site_url = "https://handbook.example.com/"
        elif not _SITE_URL.fullmatch(settings.site_url):
            # the theme writes site_url into HTML and script unescaped: only plain URL characters
            r.report(("site_url",), "schema.value", "'site_url' must be a plain address like "
                     "https://handbook.example.com/ (no spaces, quotes, <, >, \\, query or fragment)")
            settings.site_url = "https://handbook.example.com/"
        settings.domain = r.text(data, (), "domain", default=settings.site_url.split("/")[2].split(":")[0])
        if not _DOMAIN.fullmatch(settings.domain):
            r.report(("domain",), "schema.value", f"'domain' is not a host name: '{settings.domain}'",
                     "write a host name like handbook.example.com")
            settings.domain = "handbook.example.com"
        settings.feed_past_days = r.number(data, (), "feed_past_days", default=settings.feed_past_days)
        settings.feed_refresh = r.duration(data, (), "feed_refresh") or settings.feed_refresh
        return settings

    def team(self) -> m.Team:
        source, data = self._yaml("policies/team.yml")
        r = Reader(source, self.problems)
        r.keys(data, (), ("people", "roles"), ("people", "roles") if source.ok and data else ())
        team = m.Team(source=source)
        for role_id, spec in (r.mapping(data, (), "roles") or {}).items():
            keys = ("roles", role_id)
            if not ID.match(role_id):
                r.report(keys, "schema.value", f"role id '{role_id}' is not a valid id", at_key=True)
                continue
            spec = spec if isinstance(spec, dict) else {"name": spec} if isinstance(spec, str) else None
            if spec is None:
                r.report(keys, "schema.type", f"role '{role_id}' must be a mapping with a name")
                continue
            r.keys(spec, keys, ("name", "description"), ("name",))
            team.roles[role_id] = m.Role(role_id, r.text(spec, keys, "name") or role_id,
                                         r.text(spec, keys, "description", default=""))
        for index, item in r.mapping_list(data, (), "people"):
            keys = ("people", index)
            r.keys(item, keys, ("id", "name", "email", "roles", "timezone"), ("id", "name"))
            pid = r.text(item, keys, "id", ident=True)
            if not pid:
                continue
            if pid in team.people:
                r.report(keys + ("id",), "ref.duplicate-id", f"person '{pid}' is listed twice",
                         "give each person a unique id")
                continue
            team.people[pid] = m.Person(pid, r.text(item, keys, "name") or pid,
                                        r.text(item, keys, "email", default=""),
                                        r.text_list(item, keys, "roles", ident=True),
                                        r.zone(item, keys, "timezone"), index)
        return team

    def channels(self) -> tuple[dict[str, m.Channel], Source]:
        source, data = self._yaml("calendar/channels.yml")
        r = Reader(source, self.problems)
        r.keys(data, (), ("channels",), ("channels",) if source.ok and data else ())
        out = {}
        fields = ("name", "icon", "max_chars", "url_length", "count", "media", "max_media", "alt_text",
                  "max_hashtags", "max_per_day", "min_gap", "timezone")
        for cid, spec in (r.mapping(data, (), "channels") or {}).items():
            keys = ("channels", cid)
            if not ID.match(cid):
                r.report(keys, "schema.value", f"channel id '{cid}' is not a valid id", at_key=True)
                continue
            if not isinstance(spec, dict):
                r.report(keys, "schema.type", f"channel '{cid}' must be a mapping")
                continue
            r.keys(spec, keys, fields, ("name",))
            out[cid] = m.Channel(
                id=cid, name=r.text(spec, keys, "name") or cid,
                max_chars=r.number(spec, keys, "max_chars", minimum=1),
                url_length=r.number(spec, keys, "url_length", minimum=1),
                count=r.text(spec, keys, "count", choices=("graphemes", "code-points"), default="graphemes"),
                media=r.text(spec, keys, "media", choices=("required", "optional", "none"), default="optional"),
                max_media=r.number(spec, keys, "max_media"),
                alt_text=r.flag(spec, keys, "alt_text", True),
                max_hashtags=r.number(spec, keys, "max_hashtags"),
                max_per_day=r.number(spec, keys, "max_per_day", minimum=1),
                min_gap=r.duration(spec, keys, "min_gap"),
                timezone=r.zone(spec, keys, "timezone"),
                icon=r.text(spec, keys, "icon", default=""),
            )
        return out, source

    def _steps(self, r: Reader, value, keys: tuple, origin: str) -> list[m.ApprovalStep]:
        if not isinstance(value, list):
            r.report(keys, "schema.type", "approval steps must be a list like [{any: [social-lead]}]")
            return []
        steps = []
        for index, step in enumerate(value):
            here = keys + (index,)
            if not isinstance(step, dict) or len(step) != 1 or next(iter(step)) not in ("any", "all"):
                r.report(here, "schema.value", "each approval step is {any: [roles]} or {all: [roles]}")
                continue
            mode = next(iter(step))
            roles = r.text_list(step, here, mode, scalar_ok=True, ident=True)
            if roles:
                steps.append(m.ApprovalStep(mode, roles, origin))
        return steps

    def rules(self) -> m.Rules:
        source, data = self._yaml("policies/rules.yml")
        r = Reader(source, self.problems)
        r.keys(data, (), ("approvals", "lead_times", "separation_of_duties", "response_targets", "categories",
                          "flags", "forbidden_terms", "rules"))
        rules = m.Rules(source=source)
        approvals = r.mapping(data, (), "approvals") or {}
        r.keys(approvals, ("approvals",), ("default", "channels", "flags", "terms", "campaigns", "templates",
                                           "policies"))
        for key in ("default", "templates", "policies"):
            if approvals.get(key) is not None:
                setattr(rules, key, self._steps(r, approvals[key], ("approvals", key), key))
        for key, label in (("channels", "channel"), ("flags", "flag"), ("terms", "term"), ("campaigns", "campaign")):
            target = getattr(rules, key)
            for name, steps in (r.mapping(approvals, ("approvals",), key) or {}).items():
                origin = f"{label} '{name}'"
                target[name] = self._steps(r, steps, ("approvals", key, name), origin)
        for role, _ in (r.mapping(data, (), "lead_times") or {}).items():
            value = r.duration(data["lead_times"], ("lead_times",), role)
            if value is not None:
                rules.lead_times[role] = value
        rules.separation_of_duties = r.flag(data, (), "separation_of_duties", True)
        rules.categories += [c for c in r.text_list(data, (), "categories", ident=True) if c not in rules.categories]
        rules.flag_names += [f for f in r.text_list(data, (), "flags", ident=True) if f not in rules.flag_names]
        for category in (r.mapping(data, (), "response_targets") or {}):
            value = r.duration(data["response_targets"], ("response_targets",), category)
            if category not in rules.categories:
                r.report(("response_targets", category), "schema.value", f"unknown category '{category}'",
                         did_you_mean(category, rules.categories) or "declare it under categories:", at_key=True)
            elif value is not None:
                rules.response_targets[category] = value
        terms = data.get("forbidden_terms")
        if terms is not None and not isinstance(terms, list):
            r.report(("forbidden_terms",), "schema.type", "'forbidden_terms' must be a list")
        for index, item in enumerate(terms if isinstance(terms, list) else []):
            keys = ("forbidden_terms", index)
            if isinstance(item, str) and item.strip():
                rules.forbidden_terms.append(m.ForbiddenTerm(item.strip()))
            elif isinstance(item, dict):
                r.keys(item, keys, ("term", "hint"), ("term",))
                term = r.text(item, keys, "term")
                if term:
                    rules.forbidden_terms.append(m.ForbiddenTerm(term, r.text(item, keys, "hint", default="")))
            else:
                r.report(keys, "schema.type", "a forbidden term is text or {term, hint}")
        for rule_id, spec in (r.mapping(data, (), "rules") or {}).items():
            keys = ("rules", rule_id)
            entry = rules.configured[rule_id] = m.RuleConfig(
                severity_keys=keys + ("severity",) if isinstance(spec, dict) else keys)
            if isinstance(spec, str):
                spec = {"severity": spec}
            if not isinstance(spec, dict):
                r.report(keys, "schema.type", f"'{rule_id}' must be error, warning, off or a mapping")
                continue
            entry.severity = r.text(spec, keys, "severity", choices=("error", "warning", "off"))
            entry.options = {k: v for k, v in spec.items() if k != "severity"}
        return rules

    def quiet(self, zone: ZoneInfo) -> tuple[list[m.QuietWindow], Source]:
        source, data = self._yaml("calendar/quiet.yml")
        r = Reader(source, self.problems)
        r.keys(data, (), ("windows",))
        out = []
        for index, item in r.mapping_list(data, (), "windows"):
            keys = ("windows", index)
            r.keys(item, keys, ("start", "end", "channels", "reason", "kind", "timezone"),
                   ("start", "end", "reason"))
            here = r.zone(item, keys, "timezone") or zone
            start = r.datetime(item, keys, "start", here, date_ok=True)
            end = r.datetime(item, keys, "end", here, date_ok=True, end_of_day=True)
            channels = None if item.get("channels", "all") == "all" else r.text_list(item, keys, "channels",
                                                                                    ident=True)
            kind = r.text(item, keys, "kind", choices=("quiet", "hold"), default="quiet")
            reason = r.text(item, keys, "reason", default="")
            if start and end:
                if end <= start:
                    r.report(keys + ("end",), "schema.value", "the window ends before it starts")
                    continue
                out.append(m.QuietWindow(start, end, channels, reason, kind, index))
        return out, source

    def rota(self, team: m.Team, settings: m.Settings) -> m.Rota | None:
        """calendar/rota.yml, or None when the handbook has none (then no rota rule runs)."""
        if not (self.root / ROTA_FILE).exists() and not (self.root / ROTA_FILE).is_symlink():
            return None
        source, data = self._yaml(ROTA_FILE)
        return read_rota(source, data, self.problems, team, settings) if source.ok else None

    def _markdown_depth(self, source: Source, what: str) -> None:
        """Briefs and chapters are converted by python-markdown, which recurses once per nesting level."""
        found = markdown_too_deep(source.body, source.body_line)
        if found is not None:
            pos, depth = found
            self.problems.add(source.path, pos, "schema.value",
                              f"the {what} nests quotes, lists or indentation {depth} levels deep "
                              f"(limit {MAX_MARKDOWN_DEPTH})", "flatten the nesting")

    # -- content ---------------------------------------------------------
    def campaign(self, relative: str, default_zone: ZoneInfo) -> m.Campaign | None:
        source, ident = self._read(relative)
        if not ident:
            return None
        data, r = source.data, Reader(source, self.problems)
        r.keys(data, (), ("title", "owner", "starts", "ends", "channels", "status", "timezone", "goals", "tags"),
               ("title", "owner", "starts", "ends", "channels", "status"))
        zone = r.zone(data, (), "timezone") or default_zone
        starts = r.datetime(data, (), "starts", zone, date_ok=True)
        ends = r.datetime(data, (), "ends", zone, date_ok=True, end_of_day=True)
        campaign = m.Campaign(
            id=ident, title=r.text(data, (), "title") or ident, owner=r.text(data, (), "owner") or "",
            starts=starts, ends=ends, status=r.text(data, (), "status", choices=m.CAMPAIGN_STATUSES, default="planned"),
            timezone=zone, channels=r.text_list(data, (), "channels", ident=True),
            goals=r.text_list(data, (), "goals", scalar_ok=True), tags=r.text_list(data, (), "tags", scalar_ok=True),
            body=source.body, source=source)
        if starts and ends and ends <= starts:
            r.report(("ends",), "schema.value", "the campaign ends before it starts")
        self._markdown_depth(source, "brief")
        return campaign if starts and ends else None

    def post(self, relative: str, campaigns: dict, settings: m.Settings, rules: m.Rules) -> m.Post | None:
        source, slug = self._read(relative)
        if not slug:
            return None
        data, r = source.data, Reader(source, self.problems)
        r.keys(data, (), ("title", "channel", "publish_at", "author", "status", "campaign", "evergreen", "flags",
                          "media", "approvals", "timezone", "tags"),
               ("title", "channel", "publish_at", "author", "status"))
        folder = relative.split("/")[2]
        campaign_id = r.text(data, (), "campaign", default=folder)
        if campaign_id != folder:
            if campaign_id in campaigns:
                r.report(("campaign",), "ref.campaign",
                         f"post says campaign '{campaign_id}' but lives in the folder of '{folder}'",
                         f"move the file to content/posts/{campaign_id}/ or remove the 'campaign' key")
            else:
                r.report(("campaign",), "ref.campaign",
                         f"no campaign '{campaign_id}'; the post lives in the folder of '{folder}'",
                         f"remove the 'campaign' key: a post belongs to its folder's campaign ('{folder}')")
            campaign_id = folder
        campaign = campaigns.get(campaign_id)
        if campaign is None:
            pos = source.value_pos("campaign") if "campaign" in data else Pos(1, 1)
            self.problems.add(source.path, pos, "ref.campaign", f"no campaign '{campaign_id}'",
                              did_you_mean(campaign_id, campaigns) or
                              f"create calendar/campaigns/{campaign_id}.md or move the post")
        zone = r.zone(data, (), "timezone") or (campaign.timezone if campaign else settings.timezone)
        publish_at = r.datetime(data, (), "publish_at", zone)
        flags = r.text_list(data, (), "flags", ident=True)
        for index, flag in enumerate(flags):
            if flag not in rules.flag_names:
                r.report(("flags", index), "schema.value", f"unknown flag '{flag}'",
                         did_you_mean(flag, rules.flag_names) or "declare it under flags: in policies/rules.yml")
        media = []
        for index, item in r.mapping_list(data, (), "media"):
            keys = ("media", index)
            r.keys(item, keys, ("file", "alt"), ("file",))
            file = r.text(item, keys, "file")
            if file:
                media.append(m.MediaItem(file, r.text(item, keys, "alt", default=""), index))
        post = m.Post(
            campaign=campaign_id, slug=slug, title=r.text(data, (), "title") or slug,
            channels=r.text_list(data, (), "channel", scalar_ok=True, ident=True),
            publish_at=publish_at, timezone=zone, author=r.text(data, (), "author") or "",
            status=r.text(data, (), "status", choices=m.POST_STATUSES, default="draft"),
            body=source.body, evergreen=r.flag(data, (), "evergreen"), flags=flags, media=media,
            approvals=self._approvals(r, data, zone), tags=r.text_list(data, (), "tags", scalar_ok=True),
            source=source)
        return post if publish_at else None

    def template(self, relative: str, settings: m.Settings, rules: m.Rules) -> m.ResponseTemplate | None:
        source, ident = self._read(relative)
        if not ident:
            return None
        data, r = source.data, Reader(source, self.problems)
        r.keys(data, (), ("title", "category", "channels", "respond_within", "who_may_send", "escalate_to",
                          "placeholders", "approvals", "review_by", "tags"),
               ("title", "category", "channels", "who_may_send"))
        category = r.text(data, (), "category", choices=rules.categories)
        within = r.duration(data, (), "respond_within")
        if within is None and "respond_within" not in data and category:
            within = rules.response_targets.get(category)
            if within is None:
                r.report((), "schema.missing", "missing 'respond_within' and rules.yml has no target for "
                         f"'{category}'", f"add respond_within: or response_targets: {category}: in rules.yml",
                         at_key=True)
        escalation = None
        spec = data.get("escalate_to")
        if isinstance(spec, str):
            escalation = m.Escalation(spec, "")
        elif spec is not None:
            spec = r.mapping(data, (), "escalate_to")
            if spec is not None:
                r.keys(spec, ("escalate_to",), ("to", "when"), ("to",))
                to = r.text(spec, ("escalate_to",), "to")
                if to:
                    escalation = m.Escalation(to, r.text(spec, ("escalate_to",), "when", default=""))
        if not category:
            return None
        return m.ResponseTemplate(
            id=ident, title=r.text(data, (), "title") or ident, category=category,
            channels=r.text_list(data, (), "channels", scalar_ok=True, ident=True),
            respond_within=within or timedelta(0), who_may_send=r.text(data, (), "who_may_send") or m.EVERYONE,
            body=source.body, escalate_to=escalation,
            placeholders=r.text_list(data, (), "placeholders"),
            approvals=self._approvals(r, data, settings.timezone), review_by=r.date(data, (), "review_by"),
            tags=r.text_list(data, (), "tags", scalar_ok=True), source=source)

    def chapter(self, relative: str, settings: m.Settings) -> m.PolicyChapter | None:
        source, ident = self._read(relative)
        if not ident:
            return None
        data, r = source.data, Reader(source, self.problems)
        kind = r.text(data, (), "kind", choices=("chapter", "protocol"), default="chapter")
        allowed = ("title", "audience", "owner", "version", "effective", "review_by", "approvals", "order", "kind")
        if kind == "protocol":
            allowed += ("team", "activation")
        r.keys(data, (), allowed, ("title", "audience", "owner", "version", "effective")
               + (("team",) if kind == "protocol" else ()))
        team = None
        spec = r.mapping(data, (), "team") if kind == "protocol" else None
        if spec is not None:
            r.keys(spec, ("team",), ("lead", "members", "backup"), ("lead",))
            lead = r.text(spec, ("team",), "lead")
            if lead:
                team = m.ProtocolTeam(lead, r.text_list(spec, ("team",), "members"),
                                      r.text(spec, ("team",), "backup"))
        effective = r.date(data, (), "effective")
        chapter = m.PolicyChapter(
            id=ident, title=r.text(data, (), "title") or ident,
            audience=r.text(data, (), "audience", choices=m.AUDIENCES, default="everyone"),
            owner=r.text(data, (), "owner") or "", version=r.text(data, (), "version") or "",
            effective=effective, review_by=r.date(data, (), "review_by"), body=source.body,
            order=r.number(data, (), "order", default=100), kind=kind, team=team,
            activation=r.text_list(data, (), "activation", scalar_ok=True),
            approvals=self._approvals(r, data, settings.timezone), source=source)
        self._markdown_depth(source, "chapter")
        return chapter if effective else None

    # -- the whole handbook ----------------------------------------------
    def _each(self, paths: list[str], read, *context) -> list:
        out = []
        for relative in paths:
            try:
                item = read(relative, *context)
            except Exception as error:  # noqa: BLE001 - name the file instead of a traceback
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
        rota = self.rota(team, settings)
        campaigns = {c.id: c for c in self._each(files["campaigns"], self.campaign, settings.timezone)}
        posts = self._each(files["posts"], self.post, campaigns, settings, rules)
        posts.sort(key=lambda p: (p.publish_at.astimezone(UTC), p.id))
        holds = [w for w in quiet if w.kind == "hold"]
        for post in posts:
            post.hold = next((w for w in holds for c in post.channels if w.covers(post.publish_at, c)), None)
        templates = {t.id: t for t in self._each(files["responses"], self.template, settings, rules)}
        chapters = self._each(files["policies"], self.chapter, settings)
        chapters.sort(key=lambda c: (c.order, c.id))
        handbook = m.Handbook(
            root=str(self.root), settings=settings, team=team, channels=channels, rules=rules, quiet=quiet,
            campaigns=campaigns, posts=posts, templates=templates, chapters={c.id: c for c in chapters},
            media_files={p[len("content/media/"):] for p in files["media"]},
            quiet_source=quiet_source, channels_source=channels_source, rota=rota)
        check_references(handbook, self.problems)
        if rota is not None:
            check_rota_references(rota, handbook, self.problems)
        handbook.problems = self.problems.sorted()
        return handbook


@contextmanager
def collector_paused():
    """Loading and checking allocate hundreds of thousands of small containers and free few of them,
    so the cyclic collector would rescan them over and over (a fifth of the time at 10,000 posts).
    Reference counting still frees memory; the collector runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_handbook(root: Path | str) -> m.Handbook:
    with collector_paused():
        return Loader(Path(root)).load()
