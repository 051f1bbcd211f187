"""ref.* checks: every id a file names must exist (people, roles, channels, media, campaigns)."""

from __future__ import annotations

import posixpath

from . import model as m
from .problems import ProblemList
from .source import Source
from .suggest import did_you_mean


class _Refs:
    def __init__(self, handbook: m.Handbook, problems: ProblemList):
        self.h = handbook
        self.problems = problems
        self.roles = set(handbook.team.roles) | {m.EVERYONE}

    def _missing(self, source: Source, keys: tuple, rule: str, what: str, value: str, choices, hint: str):
        self.problems.add(source.path, source.value_pos(*keys), rule, f"unknown {what} '{value}'",
                          did_you_mean(value, choices) or hint)

    def person(self, source, keys, pid):
        if pid and pid not in self.h.team.people:
            self._missing(source, keys, "ref.person", "person", pid, self.h.team.people,
                          "add them to policies/team.yml or use an existing person id")

    def role(self, source, keys, role):
        if role and role not in self.roles:
            self._missing(source, keys, "ref.role", "role", role, self.roles,
                          "declare it under roles: in policies/team.yml")

    def channel(self, source, keys, cid):
        if cid not in self.h.channels:
            self._missing(source, keys, "ref.channel", "channel", cid, self.h.channels,
                          "declare it in calendar/channels.yml")

    def channels(self, source, key, values):
        data = source.data.get(key) if isinstance(source.data, dict) else None
        for index, cid in enumerate(values):
            self.channel(source, (key, index) if isinstance(data, list) else (key,), cid)

    def approvals(self, source, approvals):
        for a in approvals:
            self.person(source, ("approvals", a.index, "by"), a.by)
            self.role(source, ("approvals", a.index, "role"), a.role)

    def media(self, source, item: m.MediaItem):
        keys = ("media", item.index, "file")
        file = item.file
        normal = posixpath.normpath(file)
        if file.startswith(("/", "\\")) or ":" in file or normal.startswith("..") or "\\" in file:
            self.problems.add(source.path, source.value_pos(*keys), "ref.media",
                              f"media path '{file}' must stay inside content/media",
                              "write the path relative to content/media, e.g. holiday/hero.png")
        elif normal not in self.h.media_files:
            self.problems.add(source.path, source.value_pos(*keys), "ref.media",
                              f"no file content/media/{file}",
                              did_you_mean(normal, self.h.media_files) or "add the file or fix the path")


def check_references(h: m.Handbook, problems: ProblemList) -> None:
    refs = _Refs(h, problems)
    team = h.team
    if team.source and team.source.ok:
        for person in team.people.values():
            for index, role in enumerate(person.roles):
                refs.role(team.source, ("people", person.index, "roles", index), role)
    rules = h.rules
    if rules.source and rules.source.ok:
        src = rules.source
        steps = [(("approvals", key), getattr(rules, key)) for key in ("default", "templates", "policies")]
        for key in ("channels", "flags", "terms", "campaigns"):
            for name, value in getattr(rules, key).items():
                steps.append((("approvals", key, name), value))
                if key == "channels":
                    refs.channel(src, ("approvals", key, name), name)
                if key == "flags" and name not in rules.flag_names:
                    problems.add(src.path, src.key_pos("approvals", key, name), "schema.value",
                                 f"unknown flag '{name}'", "declare it under flags:")
                if key == "campaigns" and name not in h.campaigns:
                    problems.add(src.path, src.key_pos("approvals", key, name), "ref.campaign",
                                 f"no campaign '{name}'", did_you_mean(name, h.campaigns))
        for keys, value in steps:
            for index, step in enumerate(value):
                for role in step.roles:
                    refs.role(src, keys + (index,), role)
        for role in rules.lead_times:
            refs.role(src, ("lead_times", role), role)
        holds = src.data.get("holds") if isinstance(src.data, dict) else None
        roles_data = holds.get("roles") if isinstance(holds, dict) else None
        for index, role in enumerate(rules.hold_roles if roles_data is not None else ()):
            refs.role(src, ("holds", "roles", index) if isinstance(roles_data, list) else ("holds", "roles"), role)
    for window in h.quiet:
        for index, cid in enumerate(window.channels or []):
            refs.channel(h.quiet_source, ("windows", window.index, "channels", index), cid)
        for key in ("started_by", "ended_by"):
            refs.person(h.quiet_source, ("windows", window.index, key), getattr(window, key))
    for campaign in h.campaigns.values():
        refs.person(campaign.source, ("owner",), campaign.owner)
        refs.channels(campaign.source, "channels", campaign.channels)
    for post in h.posts:
        src = post.source
        refs.person(src, ("author",), post.author)
        refs.channels(src, "channel", post.channels)
        refs.approvals(src, post.approvals)
        for item in post.media:
            refs.media(src, item)
    for template in h.templates.values():
        src = template.source
        refs.channels(src, "channels", template.channels)
        refs.role(src, ("who_may_send",), template.who_may_send)
        refs.approvals(src, template.approvals)
        if template.escalate_to and template.escalate_to.to not in refs.roles | set(h.chapters):
            refs._missing(src, ("escalate_to", "to") if isinstance(src.data.get("escalate_to"), dict)
                          else ("escalate_to",), "ref.role", "role or protocol", template.escalate_to.to,
                          refs.roles | set(h.chapters), "name a role from team.yml or a protocol chapter id")
    for insight in h.insights:
        if insight.seen_on:
            refs.channel(insight.source, ("seen_on",), insight.seen_on)
    for chapter in h.chapters.values():
        src = chapter.source
        refs.person(src, ("owner",), chapter.owner)
        refs.approvals(src, chapter.approvals)
        for index, role in enumerate(chapter.acknowledge):
            if role != m.PRACTITIONERS:
                refs.role(src, ("acknowledge", index) if isinstance(src.data.get("acknowledge"), list)
                          else ("acknowledge",), role)
        for ack in chapter.acknowledgements:
            refs.person(src, ("acknowledgements", ack.index, "by"), ack.by)
        if chapter.team:
            refs.person(src, ("team", "lead"), chapter.team.lead)
            for index, pid in enumerate(chapter.team.members):
                refs.person(src, ("team", "members", index), pid)
            if chapter.team.backup:
                refs.person(src, ("team", "backup"), chapter.team.backup)
            written = src.data.get("roles")
            for seat, roles in chapter.team.roles.items():
                listed = isinstance(written, dict) and isinstance(written.get(seat), list)
                for index, role in enumerate(roles):
                    refs.role(src, ("roles", seat, index) if listed else ("roles", seat), role)
