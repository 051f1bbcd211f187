"""``calendar/quiet.yml``: quiet periods (no campaign posts) and holds (posts in them are held)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from .. import model as m
from ..schema import Key, Reader, Shape

WINDOW = Shape(
    "quiet window",
    Key("id", "text", description="short name for commands such as playbook hold end ID "
        "(default: kind and start date, e.g. hold-2026-12-03)", ident=True),
    Key("start", "datetime", True, date_ok=True),
    Key("end", "datetime", True, "exclusive; a date means the end of that day", date_ok=True, end_of_day=True),
    Key("channels", "texts", description="channel ids, or all (the default)", ident=True, literals=("all",)),
    Key("reason", "text", True, default=""),
    Key("kind", "text", description="quiet: no campaign posts; hold: posts in it are held",
        choices=("quiet", "hold"), default="quiet"),
    Key("timezone", "zone", description="zone of local times (default: settings)"),
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
        if start and end:
            if end <= start:
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
            out.append(m.QuietWindow(start, end, channels, reason, kind, index, window_id))
    return out
