"""``calendar/quiet.yml``: quiet periods (no campaign posts) and holds (posts in them are held)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from .. import model as m
from ..schema import Key, Reader, Shape

MAX_REASON = 2000  # characters: shown in the banner on every page while a hold is in force

WINDOW = Shape(
    "quiet window",
    Key("id", "text", description="short name for commands such as playbook hold end ID "
        "(default: kind and start date, e.g. hold-2026-12-03)", ident=True),
    Key("start", "datetime", True, date_ok=True),
    Key("end", "datetime", description="required for quiet periods; exclusive; a date means the end of that day. "
        "A hold without an end is in force until it is ended (playbook hold end)", date_ok=True, end_of_day=True),
    Key("channels", "texts", description="channel ids, or all (the default)", ident=True, literals=("all",)),
    Key("reason", "text", True, default=""),
    Key("kind", "text", description="quiet: no campaign posts; hold: posts in it are held",
        choices=("quiet", "hold"), default="quiet"),
    Key("timezone", "zone", description="zone of local times (default: settings)"),
    Key("started_by", "text", description="person who started the hold (written by playbook hold start); "
        "must hold a role named under holds: in rules.yml", ident=True),
    Key("ended_by", "text", description="person who ended the hold (written by playbook hold end)", ident=True),
)
QUIET = Shape(
    "quiet periods",
    Key("windows", "entries", shape=WINDOW),
)


def read_quiet(r: Reader, data: dict, zone: ZoneInfo) -> list[m.QuietWindow]:
    out: list[m.QuietWindow] = []
    seen: dict[str, int] = {}
    for index, window in r.at(QUIET, data).check().entries("windows"):
        here = window.zone("timezone") or zone
        start = window.datetime("start", here)
        end = window.datetime("end", here)
        channels = None if window.data.get("channels", "all") == "all" else window.texts("channels")
        kind = window.text("kind")
        reason = window.text("reason")
        if len(reason) > MAX_REASON:  # the banner repeats it on every page, and every held post's card
            window.report(("reason",), "schema.value",
                          f"the reason is {len(reason):,} characters; keep it under {MAX_REASON:,}",
                          "say what happened and what the hold protects in a few sentences; details belong in the "
                          "protocol or the incident notes")
            reason = reason[:MAX_REASON]
        open_ended = window.data.get("end") is None
        if start and open_ended and kind == "quiet":
            window.report(("end",) if "end" in window.data else (), "schema.missing",
                          "missing required key 'end': a quiet period needs an end",
                          "add end: (exclusive; a date means the end of that day); only a hold may be open-ended",
                          at_key="end" not in window.data)
            continue
        if start and (end or open_ended):
            if end is not None and end <= start:
                window.report(("end",), "schema.value", "the window ends before it starts")
                continue
            window_id = window.text("id") or f"{kind}-{start.date().isoformat()}"
            if window_id in seen:
                if "id" in window.data:
                    window.report(("id",), "ref.duplicate-id",
                                  f"the window id '{window_id}' is already used by window {seen[window_id] + 1}",
                                  hint="give each window its own id")
                    continue
                window_id = f"{window_id}-{index + 1}"
            seen[window_id] = index
            out.append(m.QuietWindow(start, end, channels, reason, kind, index, window_id,
                                     window.text("started_by") or "", window.text("ended_by") or ""))
    return out
