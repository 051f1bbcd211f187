"""calendar/rota.yml: reading it, weekly spans across daylight saving, gaps, and the example's rota."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from golden_corpus import NOW, build_case
from paths import REPO

from playbook import model as m
from playbook.kinds.rota import parse_clock, parse_days
from playbook.rota import RotaTimes, subtract, union
from playbook.validate import validate

UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")


def handbook_with(tmp_path, rota: str):
    root = build_case(None, tmp_path / "hb")
    (root / "calendar" / "rota.yml").write_text(rota, encoding="utf-8")
    return root


def lines(result, rule_prefix=""):
    return [f"{p.path}:{p.line}:{p.column} {p.rule}" for p in result.problems if p.rule.startswith(rule_prefix)]


@pytest.mark.parametrize("text, days", [
    ("mon-fri", {0, 1, 2, 3, 4}), ("fri-mon", {4, 5, 6, 0}), ("sat", {5}), ("mon,wed, fri", {0, 2, 4}),
    ("Mon-Sun", set(range(7))), ("monday", None), ("mon-", None), ("", None),
])
def test_days(text, days):
    assert parse_days(text) == (frozenset(days) if days is not None else None)


def test_clock():
    assert parse_clock("09:30") == time(9, 30)
    assert parse_clock("24:00", end=True) is None
    assert parse_clock("24:00") is False and parse_clock("9:30") is False and parse_clock("12:60") is False


def test_a_shift_keeps_its_wall_clock_across_daylight_saving():
    weekly = m.Weekly(frozenset(range(7)), time(9), time(17), NEW_YORK)
    spans = {day: (a.astimezone(UTC).hour, b.astimezone(UTC).hour)
             for day, a, b in weekly.occurrences(date(2027, 3, 13), date(2027, 3, 14))}
    assert spans == {date(2027, 3, 13): (14, 22), date(2027, 3, 14): (13, 21)}  # EST, then EDT


def test_overnight_midnight_and_skipped_times():
    night = m.Weekly(frozenset({6}), time(22), time(6), NEW_YORK)
    [(_, start, end)] = night.occurrences(date(2027, 3, 7), date(2027, 3, 7))
    assert end - start == timedelta(hours=8) and end.date() == date(2027, 3, 8)
    whole = m.Weekly(frozenset({6}), time(0), None, NEW_YORK)
    [(_, start, end)] = whole.occurrences(date(2027, 3, 14), date(2027, 3, 14))
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)  # spring-forward day
    skipped = m.Weekly(frozenset({6}), time(2, 30), time(10), NEW_YORK)
    [(_, start, _)] = skipped.occurrences(date(2027, 3, 14), date(2027, 3, 14))
    assert start.astimezone(NEW_YORK).time() == time(3, 30)  # read as the moment after the jump


def test_union_and_subtract():
    t = [datetime(2027, 1, 1, h, tzinfo=UTC) for h in range(10)]
    assert union([(t[3], t[5]), (t[1], t[3]), (t[7], t[8])]) == [(t[1], t[5]), (t[7], t[8])]
    assert subtract([(t[1], t[9])], [(t[2], t[3]), (t[5], t[6])]) == [(t[1], t[2]), (t[3], t[5]), (t[6], t[9])]


def test_away_and_cover_shifts(tmp_path):
    root = handbook_with(tmp_path, """
coverage:
  all: {days: mon-sun, from: "09:00", to: "17:00"}
shifts:
  - {person: ben-writer, days: mon-sun, from: "09:00", to: "17:00"}
  - {person: ana-lead, days: mon-sun, from: "09:00", to: "17:00", first_day: 2027-03-10, last_day: 2027-03-11}
away:
  - {person: ben-writer, from: 2027-03-10, to: 2027-03-12, reason: conference}
""")
    result = validate(root, NOW)
    gaps = [p for p in result.problems if p.rule == "rota.gap"]
    assert [p.message for p in gaps] == [
        "nobody watches Instagram, X on Fri 2027-03-12 09:00 to 17:00 (Europe/Berlin), which coverage 'all' "
        "requires; away: Ben Writer (conference)"]
    assert gaps[0].hint and "calendar/rota.yml" in gaps[0].hint


def test_bad_values_are_located_problems(tmp_path):
    root = handbook_with(tmp_path, """coverage:
  all: {days: weekdays, from: "9am", to: "17:00"}
  tiktok: {days: mon, from: "09:00", to: "10:00"}
shifts:
  - {person: nobody-here, channels: [x, mastodon], days: mon, from: "09:00", to: "09:00"}
  - {person: ben-writer, days: mon, from: "09:00", to: "10:00", shift: early}
away:
  - {person: ana-lead, from: 2027-03-10, to: 2027-03-01}
""")
    assert lines(validate(root, NOW)) == [
        "calendar/rota.yml:2:15 schema.value",  # days
        "calendar/rota.yml:2:31 schema.value",  # 9am
        "calendar/rota.yml:3:3 ref.channel",  # tiktok
        "calendar/rota.yml:5:14 ref.person",
        "calendar/rota.yml:5:41 ref.channel",  # mastodon
        "calendar/rota.yml:5:82 schema.value",  # empty span
        "calendar/rota.yml:6:65 schema.unknown",
        "calendar/rota.yml:8:46 schema.value",  # away ends before it starts
    ]


def test_no_rota_file_no_rota_rules(tmp_path):
    result = validate(build_case(None, tmp_path / "hb"), NOW)
    assert result.handbook.rota is None and not lines(result, "rota.")


def test_the_example_rota_covers_its_promises_and_removing_shifts_shows_the_gap(tmp_path):
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    assert not lines(validate(REPO, now), "rota.")
    copy = tmp_path / "example"
    for top in ("calendar", "content", "policies"):
        shutil.copytree(REPO / top, copy / top)
    rota = copy / "calendar" / "rota.yml"
    text = rota.read_text(encoding="utf-8")
    weekend_evening = '  - {person: hana-sato, channels: all, days: sat-sun, from: "15:00", to: "22:00"}\n'
    assert weekend_evening in text
    rota.write_text(text.replace(weekend_evening, ""), encoding="utf-8")
    messages = [p.message for p in validate(copy, now).problems if p.rule == "rota.gap"]
    assert any("on Sat 15:00 to 22:00 (America/New_York), 4 times from 2026-12-05" in m for m in messages)
    assert all("Instagram" in m for m in messages)


def test_the_page_and_feeds_read_the_same_occurrences():
    handbook = validate(REPO, datetime(2026, 12, 1, 12, tzinfo=UTC)).handbook
    start = datetime(2026, 12, 24, 12, tzinfo=UTC)
    on = {o.person for o in RotaTimes(handbook, start, start + timedelta(hours=1)).on_at(start)}
    assert "dev-raman" not in on and "jamal-whitfield" in on  # Dev is away; Jamal covers
