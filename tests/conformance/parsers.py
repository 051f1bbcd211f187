"""Run independent iCalendar parsers over feed files and normalise what each of them read.

Every parser returns ``{file: [Reading, ...]}``. A Reading's ``start`` is a
UTC instant written ``2027-03-14T07:30:00Z`` for timed events, or a date
``2027-04-01`` for all-day ones, so readings compare with ``==``.

* ``icalendar``: the Python library the project depends on. It resolves
  TZIDs through zoneinfo by name.
* ``icalendar-vtimezone``: icalendar again, but every time is converted with
  a tzinfo built from the feed's own VTIMEZONE (``Timezone.to_tz`` with
  ``lookup_tzid=False``): a check of the VTIMEZONE bodies themselves.
* ``ical.js`` (Mozilla, Thunderbird's parser): only ever sees the feed's
  VTIMEZONEs, the parser that misread icalendar's multi-valued RDATEs.
* ``node-ical``: resolves TZIDs by IANA name and reads the lines on its own.
* ``khal`` (Debian's package): a third code base for content lines and dates.
* ``libical`` (GNOME Calendar, Evolution): read through GObject
  introspection by ``parse_libical.py``, in this interpreter if it can import
  ``gi``, else in the system ``python3`` (Debian's python3-gi), as a
  subprocess either way.
* ``vobject`` (Radicale and other CalDAV servers): reads every file in one
  process, as a server does, so a TZID defined differently in two feeds
  would misplace the second feed's events (vobject keeps the first
  definition).

The node parsers need ``npm install --prefix tests/conformance``, khal
needs ``apt-get install khal`` and libical ``apt-get install gir1.2-ical-3.0
python3-gi``: ``.ci/install-tools`` does all three; vobject is in the test extra. When they
are missing, :func:`available` says why, and the tests skip with that text.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import icalendar

HERE = Path(__file__).resolve().parent
NODE_SCRIPT = HERE / "parse.cjs"
LIBICAL_SCRIPT = HERE / "parse_libical.py"
SYSTEM_PYTHON = "/usr/bin/python3"
NODE_MODULES = HERE / "node_modules"
UTC = timezone.utc


@dataclass(frozen=True)
class Reading:
    uid: str
    start: str
    status: str
    end: str | None = None  # None where a parser's end is not comparable (khal's all-day end)


def instant(value) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise AssertionError(f"floating time {value} in a feed")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(value)


def available() -> dict[str, str | None]:
    """Parser name -> None when it can run here, else the reason it cannot."""
    node = shutil.which("node")
    reasons: dict[str, str | None] = {"icalendar": None, "icalendar-vtimezone": None}
    missing_node = None
    if node is None:
        missing_node = "node is not installed (run .ci/install-tools)"
    elif not (NODE_MODULES / "ical.js").is_dir() or not (NODE_MODULES / "node-ical").is_dir():
        missing_node = ("tests/conformance/node_modules lacks ical.js or node-ical "
                        "(run: npm install --prefix tests/conformance, or .ci/install-tools)")
    reasons["ical.js"] = missing_node
    reasons["node-ical"] = missing_node
    reasons["khal"] = (None if shutil.which("khal")
                       else "khal is not installed (apt-get install khal, or .ci/install-tools)")
    reasons["libical"] = (None if libical_python() else "no python3 can import gi with ICalGLib 3.0 "
                          "(apt-get install gir1.2-ical-3.0 python3-gi, or .ci/install-tools)")
    reasons["vobject"] = (None if importlib.util.find_spec("vobject")
                          else "vobject is not installed (pip install -e '.[test]')")
    return reasons


@functools.cache
def libical_python() -> str | None:
    """An interpreter that can import libical's GObject bindings: this one, else the system python3."""
    probe = "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"
    for python in dict.fromkeys([sys.executable, SYSTEM_PYTHON, shutil.which("python3")]):
        if not python or not Path(python).exists():
            continue
        try:
            done = subprocess.run([python, "-c", probe], capture_output=True, timeout=60, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return python
    return None


def read_libical(files: list[Path]) -> dict[str, list[Reading]]:
    done = subprocess.run([libical_python(), str(LIBICAL_SCRIPT), *map(str, files)], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "TZ": "UTC"}, check=False)
    if done.returncode != 0:
        raise AssertionError(f"libical failed: {done.stderr[-2000:]}")
    return {file: [Reading(e["uid"], e["start"], e["status"], e["end"]) for e in events]
            for file, events in json.loads(done.stdout).items()}


def read_vobject(files: list[Path]) -> dict[str, list[Reading]]:
    """All files in this one process, in order: vobject's TZID registry is shared by all of them."""
    import vobject

    out = {}
    for file in files:
        calendar = vobject.readOne(Path(file).read_text(encoding="utf-8"))
        readings = []
        for event in calendar.contents.get("vevent", []):
            status = event.contents.get("status")
            readings.append(Reading(event.uid.value, instant(event.dtstart.value),
                                    status[0].value if status else "", instant(event.dtend.value)))
        out[str(file)] = readings
    return out


def read_icalendar(files: list[Path], *, own_vtimezones: bool = False) -> dict[str, list[Reading]]:
    out = {}
    for file in files:
        calendar = icalendar.Calendar.from_ical(Path(file).read_bytes())
        errors = [(c.name, c.errors) for c in calendar.walk() if c.errors]
        if errors:
            raise AssertionError(f"icalendar reported parse errors in {file}: {errors}")
        zones = {}
        if own_vtimezones:
            for vtimezone in calendar.walk("VTIMEZONE"):
                zones[str(vtimezone["TZID"])] = vtimezone.to_tz(lookup_tzid=False)
        readings = []
        for event in calendar.walk("VEVENT"):
            values = []
            for name in ("DTSTART", "DTEND"):
                prop = event[name]
                value = prop.dt
                tzid = prop.params.get("TZID")
                if own_vtimezones and tzid is not None:
                    value = value.replace(tzinfo=None).replace(tzinfo=zones[tzid])
                values.append(instant(value))
            readings.append(Reading(str(event["UID"]), values[0], str(event.get("STATUS", "")), values[1]))
        out[str(file)] = readings
    return out


def read_node(mode: str, files: list[Path]) -> dict[str, list[Reading]]:
    done = subprocess.run(["node", str(NODE_SCRIPT), mode, *map(str, files)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "TZ": "UTC"}, check=False)
    if done.returncode != 0:
        raise AssertionError(f"node {mode} failed: {done.stderr[-2000:]}")
    data = json.loads(done.stdout)
    return {file: [Reading(e["uid"], e["start"], e["status"] or "", e["end"]) for e in events]
            for file, events in data.items()}


KHAL_CONFIG = """\
[calendars]
[[feeds]]
path = {home}/calendar
[locale]
local_timezone = UTC
default_timezone = UTC
timeformat = %H:%M:%S
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%dT%H:%M:%SZ
longdatetimeformat = %Y-%m-%dT%H:%M:%SZ
"""


def read_khal(files: list[Path]) -> dict[str, list[Reading]]:
    out = {}
    with tempfile.TemporaryDirectory() as home:
        (Path(home) / "calendar").mkdir()
        config = Path(home) / "khal.conf"
        config.write_text(KHAL_CONFIG.format(home=home))
        env = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": home, "XDG_DATA_HOME": home, "TZ": "UTC",
               "LC_ALL": "C.UTF-8"}
        for file in files:
            done = subprocess.run(["khal", "-c", str(config), "printics", "-f", "{uid}\t{start}\t{end}\t{status}",
                                   str(file)], capture_output=True, text=True, timeout=300, env=env, check=False)
            if done.returncode != 0:
                raise AssertionError(f"khal failed on {file}: {done.stderr[-2000:]}")
            readings = []
            for line in done.stdout.splitlines():
                parts = line.split("\t")
                if len(parts) != 4:
                    continue  # the "N events found in FILE" header
                uid, start, end, status = (p.strip() for p in parts)
                all_day = "T" not in start
                readings.append(Reading(uid, start, status, None if all_day else end))
            out[str(file)] = readings
    return out


def read_all(files: list[Path]) -> dict[str, dict[str, list[Reading]]]:
    """Every available parser's readings: parser name -> file -> readings."""
    reasons = available()
    readers = {
        "icalendar": lambda: read_icalendar(files),
        "icalendar-vtimezone": lambda: read_icalendar(files, own_vtimezones=True),
        "ical.js": lambda: read_node("icaljs", files),
        "node-ical": lambda: read_node("nodeical", files),
        "khal": lambda: read_khal(files),
    }
    return {name: read() for name, read in readers.items() if reasons[name] is None}
