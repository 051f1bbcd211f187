"""``playbook new post|response|campaign``: write a new file that already passes validation.

Every option is checked against the handbook before anything is written
(unknown people, channels, roles, categories, flags, media, impossible
local times: exit 2, nothing written). After writing, the handbook is
validated and the new file's problems are shown (exit 1 if any is an error,
such as a daily cap the new post exceeds); the file stays for you to edit.
Free text is written as double-quoted YAML, so a title like `No: really`
stays text.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from . import formatters
from . import model as m
from .command import PlaybookGroup, handbook_root
from .errors import PlaybookError
from .load import load_handbook
from .placeholders import PLACEHOLDER_NAME
from .problems import Severity
from .schema import ID
from .suggest import did_you_mean
from .timeparse import TimeError, parse_date, parse_datetime, parse_duration, parse_zone

_FAR_ZONE = ZoneInfo("Etc/GMT+12")  # no DST, never UTC: tells local times from offset times


class NewError(PlaybookError):
    """A usage error: nothing was written (exit 2)."""


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _./-]*(?<! )\Z")
# Words other YAML readers (YAML 1.1: PyYAML, python-frontmatter) take for booleans or null.
_RESERVED = {"true", "false", "yes", "no", "on", "off", "y", "n", "null"}


def _text(value: str) -> str:
    """Free text as YAML: plain when it reads the same in every YAML reader, else double-quoted."""
    if _PLAIN.match(value) and value.lower() not in _RESERVED:
        return value
    # U+2028/U+2029 end a line for YAML but not for editors: write them as escapes
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _ident(kind: str, value: str) -> str:
    if not ID.match(value):
        raise NewError(f"{kind} '{value}' is not a valid id: use lower-case letters, digits and hyphens")
    return value


def _known(kind: str, value: str, choices, where: str) -> str:
    if value not in choices:
        hint = did_you_mean(value, choices)
        raise NewError(f"unknown {kind} '{value}'" + (f": {hint}" if hint else f" ({where})"))
    return value


def _list(values) -> str:
    return "[" + ", ".join(values) + "]"


def _time(value: str, zone, what: str, *, date_ok=False, end_of_day=False) -> str:
    """Check a date or time (gaps and folds included) and return it as it will be written."""
    try:
        parsed = parse_datetime(value, zone, date_ok=date_ok, end_of_day=end_of_day)
    except TimeError as error:
        if date_ok and error.rule == "schema.value":
            raise NewError(f"{what}: '{value}' is not a date; write 2026-08-03 (or 2026-08-03 09:00)") from None
        raise NewError(f"{what}: {error}; {error.hint}") from None
    stripped = value.strip()
    if date_ok and len(stripped) == 10:
        return stripped
    # A time with an offset reads the same in any zone; a local one does not.
    local = parse_datetime(stripped, timezone.utc) != parse_datetime(stripped, _FAR_ZONE)
    return f"{parsed:%Y-%m-%d %H:%M}" if local else parsed.isoformat(timespec="minutes")


def _write(path: Path, front: list[str], body: str) -> None:
    if path.exists():
        post = path.parent.parent.name == "posts"
        shown = "/".join(path.parts[-4:] if post else path.parts[-3:])
        raise NewError(f"{shown} already exists; edit it, or choose another {'slug' if post else 'id'} "
                       "(nothing was written)")
    try:
        data = ("---\n" + "\n".join(front) + "\n---\n" + body.rstrip("\n") + "\n").encode("utf-8")
    except UnicodeEncodeError:  # bytes from the command line that are not UTF-8 arrive as lone surrogates
        raise NewError("the text given is not valid UTF-8; check the terminal's encoding (nothing was written)") \
            from None
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:  # the whole file in one write: never a half-written or empty file
        handle.write(data)


def _channels(handbook: m.Handbook, channels) -> list[str]:
    if not channels:
        raise NewError("give at least one --channel")
    return [_known("channel", c, handbook.channels, "see calendar/channels.yml") for c in channels]


def new_post(handbook: m.Handbook, root: Path, campaign: str, slug: str, *, title: str, channels, at: str,
             author: str, flags=(), evergreen=False, zone: str | None = None, media=(), alts=(), tags=(),
             copy: str = "") -> Path:
    _ident("slug", slug)
    _known("campaign", campaign, handbook.campaigns, "create it with: playbook new campaign")
    channels = _channels(handbook, channels)
    _known("person", author, handbook.team.people, "see policies/team.yml")
    for flag in flags:
        _known("flag", flag, handbook.rules.flag_names, "declare it under flags: in policies/rules.yml")
    try:
        post_zone = parse_zone(zone) if zone else handbook.campaigns[campaign].timezone
    except TimeError as error:
        raise NewError(f"--timezone: {error}; {error.hint}") from None
    publish_at = _time(at, post_zone, "--at")
    if len(media) != len(alts):
        raise NewError("give one --alt for every --media, in the same order")
    for file in media:
        _known("media file", file, handbook.media_files, "put it under content/media/")
    for cid in channels:
        channel = handbook.channels[cid]
        if channel.media == "required" and not media:
            raise NewError(f"{channel.name} needs an image or video: add --media FILE --alt TEXT")
        if channel.media == "none" and media:
            raise NewError(f"{channel.name} posts carry no media: drop --media or the channel")
    front = [f"title: {_text(title)}",
             f"channel: {channels[0] if len(channels) == 1 else _list(channels)}",
             f"publish_at: {publish_at}"]
    if zone:
        front.append(f"timezone: {zone}")
    front += [f"author: {author}", "status: draft"]
    if evergreen:
        front.append("evergreen: true")
    if flags:
        front.append(f"flags: {_list(flags)}")
    if media:
        front.append("media:")
        for file, alt in zip(media, alts, strict=True):
            front += [f"  - file: {_text(file)}", f"    alt: {_text(alt)}"]
    if tags:
        front.append(f"tags: {_list(_text(t) for t in tags)}")
    path = root / "content" / "posts" / campaign / f"{slug}.md"
    _write(path, front, copy)
    return path


def new_response(handbook: m.Handbook, root: Path, slug: str, *, title: str, category: str, channels,
                 who_may_send: str = m.EVERYONE, respond_within: str | None = None, escalate_to: str | None = None,
                 escalate_when: str = "", placeholders=(), review_by: str | None = None, tags=(),
                 text: str | None = None) -> Path:
    _ident("slug", slug)
    _known("category", category, handbook.rules.categories, "declare it under categories: in policies/rules.yml")
    channels = _channels(handbook, channels)
    roles = set(handbook.team.roles) | {m.EVERYONE}
    _known("role", who_may_send, roles, "see policies/team.yml")
    if escalate_to:
        _known("role or protocol", escalate_to, roles | set(handbook.chapters), "a role or a protocol chapter id")
    if respond_within:
        try:
            parse_duration(respond_within)
        except TimeError as error:
            raise NewError(f"--respond-within: {error}; {error.hint}") from None
    elif category not in handbook.rules.response_targets:
        raise NewError(f"policies/rules.yml has no response target for '{category}': give --respond-within")
    if review_by:
        try:
            parse_date(review_by)
        except TimeError as error:
            raise NewError(f"--review-by: {error}; {error.hint}") from None
    for name in placeholders:
        if not PLACEHOLDER_NAME.match(name):
            raise NewError(f"placeholder '{name}' is not a valid name: use letters, digits and underscores")
    if text is None:
        # A starting sentence that uses every declared placeholder, so the file validates.
        text = "Write the reply here." + "".join(f" {{{name}}}" for name in placeholders)
    front = [f"title: {_text(title)}", f"category: {category}", f"channels: {_list(channels)}",
             f"who_may_send: {who_may_send}"]
    if respond_within:
        front.append(f"respond_within: {respond_within}")
    if escalate_to:
        front += ["escalate_to:", f"  to: {escalate_to}", f"  when: {_text(escalate_when)}"]
    if placeholders:
        front.append(f"placeholders: {_list(placeholders)}")
    if review_by:
        front.append(f"review_by: {review_by}")
    if tags:
        front.append(f"tags: {_list(_text(t) for t in tags)}")
    path = root / "content" / "responses" / f"{slug}.md"
    _write(path, front, text)
    return path


def new_campaign(handbook: m.Handbook, root: Path, ident: str, *, title: str, owner: str, starts: str, ends: str,
                 channels, zone: str | None = None, goals=(), status: str = "planned", brief: str = "") -> Path:
    _ident("campaign id", ident)
    _known("person", owner, handbook.team.people, "see policies/team.yml")
    channels = _channels(handbook, channels)
    _known("status", status, m.CAMPAIGN_STATUSES, ", ".join(m.CAMPAIGN_STATUSES))
    try:
        campaign_zone = parse_zone(zone) if zone else handbook.settings.timezone
    except TimeError as error:
        raise NewError(f"--timezone: {error}; {error.hint}") from None
    written_starts = _time(starts, campaign_zone, "--starts", date_ok=True)
    first = parse_datetime(written_starts, campaign_zone, date_ok=True)
    written_ends = _time(ends, campaign_zone, "--ends", date_ok=True, end_of_day=True)
    if parse_datetime(written_ends, campaign_zone, date_ok=True, end_of_day=True) <= first:
        raise NewError("--ends is before --starts")
    front = [f"title: {_text(title)}", f"owner: {owner}", f"starts: {written_starts}", f"ends: {written_ends}",
             f"status: {status}", f"channels: {_list(channels)}"]
    if zone:
        front.append(f"timezone: {zone}")
    if goals:
        front.append("goals:")
        front += [f"  - {_text(goal)}" for goal in goals]
    path = root / "calendar" / "campaigns" / f"{ident}.md"
    _write(path, front, brief or f"What {title} is for, who it speaks to, and what success looks like.")
    return path


# -- command line -------------------------------------------------------------------


def _finish(root: Path, path: Path) -> None:
    """Validate the handbook with the new file and show every problem it causes, wherever it is carried."""
    from .validate import validate  # noqa: PLC0415 - validate imports the rules

    relative = path.relative_to(root).as_posix()
    click.echo(f"created {relative}")
    problems = [p for p in validate(root, changed=frozenset({relative})).problems if p.involves(relative)]
    if problems:
        click.echo(formatters.text(problems), nl=False)
        if any(p.severity is Severity.ERROR for p in problems):
            sys.exit(1)


def _run(make) -> None:
    root = handbook_root(Path.cwd().resolve())
    _finish(root, make(load_handbook(root), root))


@click.group("new", cls=PlaybookGroup)
def new_command() -> None:
    """Create a post, response template or campaign brief that passes validation."""


@new_command.command("post")
@click.argument("campaign")
@click.argument("slug")
@click.option("--title", required=True, help="Working title (not published).")
@click.option("--channel", "channels", multiple=True, required=True, metavar="ID", help="A channel; repeat for more.")
@click.option("--at", "at", required=True, metavar="TIME",
              help="publish_at: '2026-08-03 09:00' (local, in the post's zone) or with an offset.")
@click.option("--author", required=True, metavar="PERSON", help="The writer, a person id.")
@click.option("--flag", "flags", multiple=True, metavar="FLAG", help="pricing, contest, ... ; repeat for more.")
@click.option("--evergreen", is_flag=True, help="The post may move if a hold pauses it.")
@click.option("--timezone", "zone", metavar="ZONE", help="IANA zone for the local time (default: the campaign's).")
@click.option("--media", "media", multiple=True, metavar="FILE", help="A file under content/media/; repeat.")
@click.option("--alt", "alts", multiple=True, metavar="TEXT", help="Alt text for each --media, in order.")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for more.")
@click.option("--copy", "copy", default="", help="The copy to publish (default: empty, write it in the file).")
def new_post_command(campaign, slug, title, channels, at, author, flags, evergreen, zone, media, alts, tags, copy):
    """Write content/posts/CAMPAIGN/SLUG.md as a draft."""
    _run(lambda h, root: new_post(h, root, campaign, slug, title=title, channels=channels, at=at, author=author,
                                  flags=flags, evergreen=evergreen, zone=zone, media=media, alts=alts, tags=tags,
                                  copy=copy))


@new_command.command("response")
@click.argument("slug")
@click.option("--title", required=True)
@click.option("--category", required=True, help="question, complaint, praise, crisis, outage, or declared.")
@click.option("--channel", "channels", multiple=True, required=True, metavar="ID", help="A channel; repeat.")
@click.option("--who-may-send", default=m.EVERYONE, show_default=True, metavar="ROLE")
@click.option("--respond-within", metavar="DURATION", help="e.g. 1h (default: rules.yml's target for the category).")
@click.option("--escalate-to", metavar="ROLE", help="A role or protocol chapter id.")
@click.option("--escalate-when", default="", metavar="TEXT", help="When to escalate.")
@click.option("--placeholder", "placeholders", multiple=True, metavar="NAME", help="A {NAME} slot; repeat.")
@click.option("--review-by", metavar="DATE", help="The template expires after this date.")
@click.option("--tag", "tags", multiple=True)
@click.option("--text", default=None, help="The reply (default: a line using every placeholder).")
def new_response_command(slug, title, category, channels, who_may_send, respond_within, escalate_to, escalate_when,
                         placeholders, review_by, tags, text):
    """Write content/responses/SLUG.md."""
    _run(lambda h, root: new_response(h, root, slug, title=title, category=category, channels=channels,
                                      who_may_send=who_may_send, respond_within=respond_within,
                                      escalate_to=escalate_to, escalate_when=escalate_when,
                                      placeholders=placeholders, review_by=review_by, tags=tags, text=text))


@new_command.command("campaign")
@click.argument("ident", metavar="ID")
@click.option("--title", required=True)
@click.option("--owner", required=True, metavar="PERSON")
@click.option("--starts", required=True, metavar="DATE", help="First day (or date and time).")
@click.option("--ends", required=True, metavar="DATE", help="Last day, included (or an exclusive date and time).")
@click.option("--channel", "channels", multiple=True, required=True, metavar="ID")
@click.option("--timezone", "zone", metavar="ZONE", help="Default: calendar/settings.yml's.")
@click.option("--goal", "goals", multiple=True, metavar="TEXT", help="A goal; repeat for more.")
@click.option("--status", default="planned", show_default=True)
def new_campaign_command(ident, title, owner, starts, ends, channels, zone, goals, status):
    """Write calendar/campaigns/ID.md."""
    _run(lambda h, root: new_campaign(h, root, ident, title=title, owner=owner, starts=starts, ends=ends,
                                      channels=channels, zone=zone, goals=goals, status=status))


__all__ = ["NewError", "new_campaign", "new_command", "new_post", "new_response"]
