"""Crisis holds in calendar/quiet.yml: ``playbook hold start``, ``end`` and ``list``.

A hold is a window of ``kind: hold``: posts scheduled in it on its channels are
held. Starting one appends an entry under ``windows:``; ending one writes its
``end`` and ``ended_by`` into that entry. Both go through yamledit.py, which
changes nothing else in the file (comments, layout, line ends), and both are
refused unless the person holds a role named under ``holds:`` in
policies/rules.yml (``Handbook.hold_keepers``). The cli.py commands only print.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from . import model as m
from .dates import UNTIL_LIFTED, iso, moment_in
from .errors import PlaybookError
from .formatters import one_line
from .kinds.quiet import MAX_REASON
from .load import load_handbook
from .problems import Problem, Severity
from .rota import on_duty, reachable_first
from .schema import ID
from .source import control_character
from .suggest import did_you_mean
from .timeparse import TimeError, parse_datetime, parse_zone
from .yamledit import append_to_yaml_list, set_in_list_item

QUIET_FILE = "calendar/quiet.yml"
_NEW_FILE = ("# yaml-language-server: $schema=../schema/quiet.schema.json\n"
             "# Quiet periods and holds (docs/reference/formats.md). Start and end holds with playbook hold.\n")


class HoldError(PlaybookError):
    """The hold cannot be started or ended (exit 2: refused; 1: quiet.yml has problems to fix first)."""


@dataclass
class HoldView:
    """One hold as `playbook hold list` and the site show it."""

    window: m.QuietWindow
    state: str  # active | coming | ended
    held: list[m.Post]


def ask_text(handbook: m.Handbook, when: datetime, first: str = "") -> str:
    """Who may start and end holds, to ask in a hurry: 'Maya Okafor, on shift now (+1 718 555 0101); …',
    with how to reach them (team.yml phone, contact) and who is on shift or on call at ``when`` first."""
    out = []
    for person, duty in reachable_first(handbook.hold_keepers(), on_duty(handbook, when), first):
        reach = "; ".join(x for x in (person.phone, person.contact) if x) or person.email
        out.append(person.name + (f", {duty} now" if duty else "") + (f" ({reach})" if reach else ""))
    return "; ".join(out) or "nobody holds them yet"


def keeper(handbook: m.Handbook, by: str, doing: str, now: datetime) -> m.Person:
    """The person ``by``, if they may start and end holds; else a refusal saying who may, and how to reach them."""
    person = handbook.team.people.get(by)
    if person is None:
        hint = did_you_mean(by, handbook.team.people)
        raise HoldError(f"unknown person '{by}'" + (f": {hint}" if hint else " (see policies/team.yml)"))
    roles = handbook.rules.hold_roles
    if not set(person.roles) & set(roles):
        raise HoldError(f"{by} may not {doing} holds: only people holding {' or '.join(roles) or 'no role'} may "
                        f"(holds: in policies/rules.yml); ask {ask_text(handbook, now)}")
    return person


def _written(when: datetime, zone: ZoneInfo) -> str:
    """A time as quiet.yml writes it: local wall-clock time, or with its offset where the local time
    happens twice (a fall-back hour), which the reader would refuse as ambiguous."""
    local = when.astimezone(zone)
    naive = local.replace(tzinfo=None)
    if naive.replace(tzinfo=zone, fold=0).utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset():
        return local.isoformat(timespec="minutes")
    return f"{local:%Y-%m-%d %H:%M}"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's); characters that are not printable
    (line and paragraph separators, controls) are escaped so the file stays one entry on few lines."""
    out = []
    for char in json.dumps(text, ensure_ascii=False):
        if char.isprintable():
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return "".join(out)


def _minute(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0)


def _parse(option: str, value: str, zone: ZoneInfo, end_of_day: bool = False) -> datetime:
    """An option's time; a date is that day's start, or with ``end_of_day`` its end (as quiet.yml reads it)."""
    try:
        return parse_datetime(value, zone, date_ok=True, end_of_day=end_of_day)
    except TimeError as error:
        raise HoldError(f"{option}: {error}; {error.hint}") from None


def quiet_problems(handbook: m.Handbook) -> list[Problem]:
    """The errors in calendar/quiet.yml: a window in a broken entry (or a file that is not a list of windows)
    is not read at all, so a hold there would be missing from every answer, and the build refuses them."""
    return [p for p in handbook.problems if p.path == QUIET_FILE and p.severity is Severity.ERROR]


def _load(root: Path) -> m.Handbook:
    handbook = load_handbook(root)
    broken = quiet_problems(handbook)
    if broken:
        more = f" (and {len(broken) - 1} more: run playbook validate)" if len(broken) > 1 else ""
        raise HoldError(f"{one_line(broken[0])}{more}; fix it first", code=1)
    return handbook


def _channels(handbook: m.Handbook, channels: str) -> list[str] | None:
    names = [c.strip() for c in channels.split(",") if c.strip()]
    if not names or names == ["all"]:
        return None
    for name in names:
        if name not in handbook.channels:
            hint = did_you_mean(name, handbook.channels)
            raise HoldError(f"--channels: unknown channel '{name}'" +
                            (f": {hint}" if hint else f"; channels: {', '.join(handbook.channels)}, or all"))
    return list(dict.fromkeys(names))


def _new_id(handbook: m.Handbook, start: datetime, zone: ZoneInfo, wanted: str | None) -> str:
    taken = {w.id for w in handbook.quiet}
    if wanted is not None:
        if not ID.match(wanted):
            raise HoldError(f"--id: '{wanted}' is not an id; use lower-case letters, digits and hyphens")
        if wanted in taken:
            raise HoldError(f"--id: a window '{wanted}' is already in {QUIET_FILE}; choose another id")
        return wanted
    base = f"hold-{start.astimezone(zone).date().isoformat()}"
    number = 1
    while (candidate := base if number == 1 else f"{base}-{number}") in taken:
        number += 1
    return candidate


def start_hold(root: Path, reason: str, by: str, channels: str = "all", until: str | None = None,
               start: str | None = None, hold_id: str | None = None,
               now: datetime | None = None) -> tuple[m.Handbook, HoldView]:
    """Append a hold to calendar/quiet.yml; the handbook read back from the files, and the hold in it."""
    handbook = _load(root)
    now = _minute(now or datetime.now(timezone.utc))
    keeper(handbook, by, "start", now)
    reason = reason.strip()
    if not reason:
        raise HoldError("--reason is empty: say what happened and what the hold protects, in a sentence")
    bad = control_character(reason)
    if bad:
        raise HoldError(f"--reason holds the control character U+{ord(bad):04X}, which {QUIET_FILE} may not hold "
                        "(playbook validate refuses it: it can rewrite a terminal or a CI log); remove it")
    if len(reason) > MAX_REASON:
        raise HoldError(f"--reason is {len(reason):,} characters; keep it under {MAX_REASON:,} (it is shown on "
                        "every page) and link the details")
    zone = handbook.settings.timezone
    begins = _minute(_parse("--start", start, zone)) if start else now
    ends = _parse("--until", until, zone, end_of_day=True) if until else None
    if ends is not None and ends <= begins:
        raise HoldError(f"--until {until} is not after the start ({moment_in(begins, zone)})")
    chosen = _channels(handbook, channels)
    window_id = _new_id(handbook, begins, zone, hold_id)
    fields = [("id", window_id), ("start", _written(begins, zone))]
    if ends is not None:
        fields.append(("end", _written(ends, zone)))
    fields += [("channels", "all" if chosen is None else "[" + ", ".join(chosen) + "]"), ("kind", "hold"),
               ("reason", _quoted(reason)), ("started_by", by)]
    append_to_yaml_list(root / QUIET_FILE, "windows", fields, "the hold", header=_NEW_FILE)
    handbook = load_handbook(root)
    window = _find(handbook, window_id)
    return handbook, HoldView(window, "active" if window.active_at(now) else "coming", handbook.held_by(window))


def _find(handbook: m.Handbook, hold_id: str) -> m.QuietWindow:
    window = next((w for w in handbook.quiet if w.id == hold_id), None)
    if window is None:
        holds = [w.id for w in handbook.quiet if w.kind == "hold"]
        hint = did_you_mean(hold_id, holds)
        raise HoldError(f"no hold '{hold_id}' in {QUIET_FILE}" + (f": {hint}" if hint else
                        f"; holds: {', '.join(holds)}" if holds else "; it has no holds"))
    return window


def _window_zone(handbook: m.Handbook, window: m.QuietWindow) -> ZoneInfo:
    entry = handbook.quiet_source.data["windows"][window.index]
    try:
        return parse_zone(entry["timezone"]) if "timezone" in entry else handbook.settings.timezone
    except TimeError:
        return handbook.settings.timezone


def end_hold(root: Path, hold_id: str, by: str, at: str | None = None,
             now: datetime | None = None) -> m.QuietWindow:
    """Write ``end`` (now, or ``at``) and ``ended_by`` into the hold; the window as written."""
    handbook = _load(root)
    window = _find(handbook, hold_id)
    if window.kind != "hold":
        raise HoldError(f"'{hold_id}' is a quiet period, not a hold; change its end in {QUIET_FILE} by hand")
    now = _minute(now or datetime.now(timezone.utc))
    keeper(handbook, by, "end", now)
    zone = _window_zone(handbook, window)
    if window.end is not None and window.end <= now:
        who = f" by {window.ended_by}" if window.ended_by else ""
        raise HoldError(f"hold '{hold_id}' already ended {moment_in(window.end, zone)}{who}")
    if at:
        ends = _parse("--at", at, zone)
        if ends <= window.start:
            raise HoldError(f"--at {at} is not after the hold's start ({moment_in(window.start, zone)})")
    elif window.start > now:
        raise HoldError(f"hold '{hold_id}' has not started yet (it starts {moment_in(window.start, zone)}); "
                        f"to call it off, remove its entry from {QUIET_FILE}, or give --at")
    else:
        ends = max(now, window.start + timedelta(minutes=1))  # started this very minute: it lasts one
    set_in_list_item(root / QUIET_FILE, "windows", window.index, [("end", _written(ends, zone)), ("ended_by", by)],
                     "the end of the hold")
    return _find(load_handbook(root), hold_id)


def holds(handbook: m.Handbook, now: datetime, include_ended: bool = False) -> list[HoldView]:
    """Holds in force at ``now``, then coming ones (with ``include_ended``, past ones too), each by start."""
    out = []
    for window in m.in_force_first((w for w in handbook.quiet if w.kind == "hold"), now):
        state = "active" if window.active_at(now) else "coming" if window.start > now else "ended"
        if state == "ended" and not include_ended:
            continue
        out.append(HoldView(window, state, handbook.held_by(window)))
    return out


def as_json(handbook: m.Handbook, views: list[HoldView]) -> list[dict]:
    return [{"id": v.window.id, "state": v.state, "channels": v.window.channels or "all",
             "start": iso(v.window.start), "end": None if v.window.end is None else iso(v.window.end),
             "reason": v.window.reason, "started_by": v.window.started_by or None,
             "ended_by": v.window.ended_by or None,
             "holds": [{"post": p.id, "publish_at": iso(p.publish_at), "evergreen": p.evergreen,
                        "path": p.source.path if p.source else None} for p in v.held]}
            for v in views]


def as_text(handbook: m.Handbook, views: list[HoldView]) -> str:
    zone = handbook.settings.timezone
    if not views:
        return "no active or coming holds"
    blocks = []
    for v in views:
        w = v.window
        where = "all channels" if w.channels is None else ", ".join(w.channels)
        until = UNTIL_LIFTED if w.end is None else f"until {moment_in(w.end, zone)}"
        lines = [f"{w.id} ({v.state}) on {where}: since {moment_in(w.start, zone)}, {until}",
                 f"  reason: {' '.join(w.reason.split())}"]
        if w.started_by:
            lines.append(f"  started by {w.started_by}" + (f", ended by {w.ended_by}" if w.ended_by else ""))
        lines += [f"  holds {p.id} ({moment_in(p.publish_at, zone)}, "
                  f"{'evergreen' if p.evergreen else 'time-sensitive'})" for p in v.held] or ["  holds no post"]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)
