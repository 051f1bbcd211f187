"""Generated VTIMEZONEs give every instant of the feed's range the offset zoneinfo gives it.

The VTIMEZONE is read back two ways and compared with zoneinfo: by icalendar,
into a fresh tzinfo built from the component alone (``lookup_tzid=False``),
every six hours over the range; and by a literal RFC 5545 reading (every
onset is DTSTART or an RRULE occurrence, read in TZOFFSETFROM; the offset at
an instant is the TZOFFSETTO of the latest onset) at the same instants and
one second either side of every transition. (icalendar's tzinfo relies on
Python's default ``fromutc``, which is off for a second around changes of a
zone's standard offset, so it is not used for those.)
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from playbook.feeds import ical
from playbook.feeds.vtimezone import transitions, vtimezone

UTC = timezone.utc
ZONES = ["America/New_York", "Europe/Berlin", "Europe/London", "Europe/Dublin", "Australia/Sydney",
         "Australia/Lord_Howe", "Pacific/Auckland", "Asia/Kolkata", "Asia/Tokyo", "America/Sao_Paulo",
         "America/Mexico_City", "Africa/Casablanca", "Asia/Tehran", "America/Santiago", "Pacific/Chatham",
         "America/St_Johns", "Asia/Kathmandu", "Europe/Moscow", "America/Phoenix", "Antarctica/Troll"]
RANGES = [(datetime(2026, 6, 1, tzinfo=UTC), datetime(2028, 6, 1, tzinfo=UTC)),
          (datetime(2018, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC))]


def component(zone: ZoneInfo, lo: datetime, hi: datetime) -> icalendar.Timezone:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *vtimezone(zone, lo, hi), "END:VCALENDAR"]
    calendar = icalendar.Calendar.from_ical(ical.lines(lines))
    [found] = calendar.walk("VTIMEZONE")
    assert not found.errors
    return found


def rfc_offsets(vtimezone: icalendar.Timezone, until: datetime) -> list[tuple[datetime, timedelta]]:
    """(UTC onset, offset from then on), sorted: RFC 5545 3.6.5 read literally."""
    onsets = []
    for sub in vtimezone.subcomponents:
        start = sub["DTSTART"].dt
        before, after = sub["TZOFFSETFROM"].td, sub["TZOFFSETTO"].td
        assert "RDATE" not in sub and "UNTIL" not in sub.get("RRULE", {})
        local_onsets = [start]
        if "RRULE" in sub:
            rule = rrulestr(sub["RRULE"].to_ical().decode(), dtstart=start)
            local_onsets = list(rule.between(start, until.replace(tzinfo=None), inc=True))
        onsets += [((o - before).replace(tzinfo=UTC), after) for o in local_onsets]
    return sorted(onsets)


def offset_at(onsets, moment: datetime) -> timedelta:
    found = [offset for at, offset in onsets if at <= moment]
    assert found, f"{moment} is before the first onset"
    return found[-1]


@pytest.mark.parametrize("lo,hi", RANGES, ids=["2026-2028", "2018-2024"])
@pytest.mark.parametrize("name", ZONES)
def test_vtimezone_matches_zoneinfo(name, lo, hi):
    zone = ZoneInfo(name)
    parsed = component(zone, lo, hi)
    own = parsed.to_tz(lookup_tzid=False)
    onsets = rfc_offsets(parsed, hi + timedelta(days=400))
    checks = []
    moment = lo
    while moment <= hi:
        checks.append(moment)
        moment += timedelta(hours=6)
    wrong = [(m, m.astimezone(own).utcoffset(), m.astimezone(zone).utcoffset()) for m in checks
             if m.astimezone(own).utcoffset() != m.astimezone(zone).utcoffset()]
    assert not wrong, wrong[:5]
    _, found = transitions(zone, 1970, hi.year + 3)
    for t in found:
        at = datetime.fromtimestamp(t.at, UTC)
        if lo <= at <= hi:
            checks += [at - timedelta(seconds=1), at, at + timedelta(seconds=1)]
    wrong = [(m, offset_at(onsets, m), m.astimezone(zone).utcoffset()) for m in checks
             if offset_at(onsets, m) != m.astimezone(zone).utcoffset()]
    assert not wrong, wrong[:5]


def test_current_rules_are_one_rrule_each_and_stable():
    lines = vtimezone(ZoneInfo("America/New_York"), datetime(2027, 1, 1, tzinfo=UTC),
                      datetime(2027, 12, 1, tzinfo=UTC))
    assert lines == [
        "BEGIN:VTIMEZONE", "TZID:America/New_York", "X-LIC-LOCATION:America/New_York",
        "BEGIN:DAYLIGHT", "DTSTART:20070311T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "TZNAME:EDT",
        "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "END:DAYLIGHT",
        "BEGIN:STANDARD", "DTSTART:20071104T020000", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "TZNAME:EST",
        "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "END:STANDARD",
        "END:VTIMEZONE"]
    # Another range under the same rules gives the same bytes.
    assert vtimezone(ZoneInfo("America/New_York"), datetime(2030, 1, 1, tzinfo=UTC),
                     datetime(2030, 2, 1, tzinfo=UTC)) == lines
    berlin = vtimezone(ZoneInfo("Europe/Berlin"), datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC))
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in berlin and "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in berlin


def test_ended_rules_are_single_onsets_without_until():
    lines = vtimezone(ZoneInfo("America/Sao_Paulo"), datetime(2018, 6, 1, tzinfo=UTC), datetime(2020, 6, 1, tzinfo=UTC))
    assert not [line for line in lines if line.startswith(("RRULE", "RDATE"))]
    assert "DTSTART:20190217T000000" in lines  # the last end of summer time, 2019
    assert lines.count("BEGIN:DAYLIGHT") == 1 and lines.count("BEGIN:STANDARD") == 2


def test_a_zone_without_changes_states_its_offset():
    lines = vtimezone(ZoneInfo("Asia/Kolkata"), datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC))
    assert lines[3:9] == ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZNAME:IST", "TZOFFSETFROM:+0530",
                          "TZOFFSETTO:+0530", "END:STANDARD"]


def test_negative_dst_summer_is_still_daylight():
    lines = vtimezone(ZoneInfo("Europe/Dublin"), datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 12, 1, tzinfo=UTC))
    daylight = lines[lines.index("BEGIN:DAYLIGHT"):lines.index("END:DAYLIGHT")]
    assert "TZNAME:IST" in daylight and "TZOFFSETTO:+0100" in daylight
