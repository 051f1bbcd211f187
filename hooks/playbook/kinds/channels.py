"""``calendar/channels.yml``: per channel, the limits its copy and schedule are checked against."""

from __future__ import annotations

from datetime import time

from .. import model as m
from ..schema import ID, Cursor, Key, Reader, Shape
from ..text import COUNT_METHODS
from .rota import parse_clock

CHANNEL = Shape(
    "channel",
    Key("name", "text", True),
    Key("icon", "text", description="material icon name (default: the channel id)", default=""),
    Key("max_chars", "number", minimum=1),
    Key("url_length", "number", description="every URL counts as this many characters (default: as written)",
        minimum=1),
    Key("count", "text", description="how max_chars is counted (channels.md)", choices=COUNT_METHODS,
        default="graphemes"),
    Key("media", "text", choices=("required", "optional", "none"), default="optional"),
    Key("max_media", "number"),
    Key("alt_text", "flag", description="alt text required on every image or video", default=True),
    Key("max_hashtags", "number"),
    Key("max_per_day", "number", description="posts per local day", minimum=1),
    Key("min_gap", "duration", description="least time between two posts"),
    Key("timezone", "zone", description="local day for max_per_day and zone of slots (default: settings)"),
    Key("slots", "texts", description='preferred posting times, "HH:MM" wall-clock in the channel\'s zone, '
        "where playbook reschedule puts posts (default: the post's own time of day)"),
)
CHANNELS = Shape(
    "channels",
    Key("channels", "map", True, "channel id: its limits", shape=CHANNEL),
)


def read_channels(r: Reader, data: dict) -> dict[str, m.Channel]:
    c = r.at(CHANNELS, data).check(required=bool(r.source.ok and data))
    out = {}
    for cid, spec in c.mapping("channels").items():
        keys = ("channels", cid)
        if not ID.match(cid):
            c.report(keys, "schema.value", f"channel id '{cid}' is not a valid id", at_key=True)
            continue
        if not isinstance(spec, dict):
            c.report(keys, "schema.type", f"channel '{cid}' must be a mapping")
            continue
        channel = c.at(keys, spec, CHANNEL).check()
        out[cid] = m.Channel(id=cid, name=channel.text("name") or cid, slots=read_slots(channel),
                             **channel.rest())
    return out


def read_slots(channel: Cursor) -> tuple[time, ...]:
    """``slots:`` as sorted times of day; a slot that is not "HH:MM" is reported and left out."""
    slots = set()
    for index, text in enumerate(channel.texts("slots")):
        clock = parse_clock(text)
        if clock is False:
            channel.report(("slots", index), "schema.value", f"'{text}' is not a time of day",
                           'write each slot as "HH:MM" in quotes, e.g. slots: ["09:00", "12:30", "18:00"]')
        elif clock in slots:
            channel.report(("slots", index), "schema.value", f"the slot {text} is listed twice",
                           "list each posting time once")
        else:
            slots.add(clock)
    return tuple(sorted(slots))
