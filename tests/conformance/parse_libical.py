"""Read feed files with libical (GNOME Calendar's and Evolution's parser) through GObject introspection.

Run as ``python3 parse_libical.py FILE...`` by any interpreter that can import
``gi`` with ICalGLib 3.0 (Debian: gir1.2-ical-3.0 and python3-gi): the
virtual environment usually cannot, the system python3 can. Prints
``{file: [{uid, start, end, status}]}`` as JSON, starts and ends as UTC
instants (``2027-03-14T07:30:00Z``) or dates (``2027-04-01``), like
parsers.Reading. Exits 1 with the errors libical recorded in a file.
"""

import json
import sys
from datetime import datetime, timezone

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402


def moment(value) -> str:
    if value.is_date():
        return f"{value.get_year():04d}-{value.get_month():02d}-{value.get_day():02d}"
    seconds = value.as_timet_with_zone(value.get_timezone())
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def read(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        calendar = ICalGLib.Component.new_from_string(handle.read())
    if calendar is None or calendar.count_errors():
        raise SystemExit(f"libical found errors in {path}")
    events = []
    kind = ICalGLib.ComponentKind.VEVENT_COMPONENT
    event = calendar.get_first_component(kind)
    while event is not None:
        status = event.get_first_property(ICalGLib.PropertyKind.STATUS_PROPERTY)
        events.append({"uid": event.get_uid(), "start": moment(event.get_dtstart()), "end": moment(event.get_dtend()),
                       "status": status.get_value_as_string() if status is not None else ""})
        event = calendar.get_next_component(kind)
    return events


if __name__ == "__main__":
    json.dump({path: read(path) for path in sys.argv[1:]}, sys.stdout)
