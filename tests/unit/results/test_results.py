"""Monthly results and the Social Action Index (results.py), and the charts that show them (site/charts.py)."""

from datetime import date

import pytest
from golden_corpus import build_case

from playbook import results as rs
from playbook.load import load_handbook
from playbook.site import charts

HEADER = "date,channel,post,impressions,reach,engagements,clicks,shares,comments,saves,video_views,followers,mentions\n"


@pytest.fixture
def handbook(tmp_path):
    root = build_case(None, tmp_path / "hb")
    (root / "content/metrics").mkdir()
    (root / "content/metrics/rows.csv").write_text(
        HEADER +
        "2027-04-05,instagram,spring-launch/teaser,1000,800,50,10,5,4,6,,,\n"
        "2027-04-06,instagram,spring-launch/teaser,500,400,25,5,5,2,4,,,\n"
        "2027-04-05,instagram,,,,,,,,,,1000,10\n"
        "2027-04-30,instagram,,,,,,,,,,1100,\n"
        "2027-04-12,x,spring-launch/launch-day,400,,,,,,,,,\n"
        "2027-05-02,instagram,spring-launch/teaser,3000,1600,150,20,10,8,6,,,\n"
        "2027-05-31,instagram,,,,,,,,,,1210,20\n")
    (root / "content/metrics/competitors.csv").write_text(
        "date,competitor,channel,followers,posts,engagements\n"
        "2027-04-10,Pacer,instagram,500,3,90\n2027-04-30,Pacer,instagram,520,2,60\n")
    return load_handbook(root)


def test_a_month_adds_up_counts_and_keeps_the_last_follower_level(handbook):
    results = rs.collect(handbook)
    april = results.get(date(2027, 4, 1))
    assert april.total["impressions"] == 1900 and april.total["mentions"] == 10
    assert april.by_campaign["spring-launch"]["engagements"] == 75
    assert april.by_post["spring-launch/launch-day"] == {"impressions": 400}
    assert april.followers == {"instagram": 1100}
    assert april.competitors[("Pacer", "instagram")] == {"followers": 520, "posts": 5, "engagements": 150}
    assert rs.engagement_rate(april.by_channel["instagram"]) == 75 / 1500
    assert rs.engagement_rate(april.by_channel["x"]) is None  # engagements not reported: no rate, not 0%


def test_the_index_is_100_in_the_baseline_month_and_follows_the_documented_formula(handbook):
    results = rs.collect(handbook)
    base = rs.baseline(results)
    weights = dict.fromkeys(("awareness", "consideration", "loyalty", "advocacy"), 1)
    assert rs.action_index(base, base, weights)[0] == pytest.approx(100)
    may = results.get(date(2027, 5, 1))
    index, parts = rs.action_index(may, base, weights)
    assert parts["awareness"] == pytest.approx(100 * (1600 / 1200 + 1210 / 1100) / 2)
    assert parts["consideration"] == pytest.approx(100 * (20 / 15 + 6 / 10) / 2)  # no video views: left out
    assert parts["loyalty"] == pytest.approx(100 * (8 / 6 + (150 / 1210) / (75 / 1100)) / 2)
    assert parts["advocacy"] == pytest.approx(100 * (10 / 10 + 20 / 10) / 2)
    assert index == pytest.approx(sum(parts.values()) / 4)
    weighted, _ = rs.action_index(may, base, {**weights, "awareness": 3})
    assert weighted == pytest.approx((3 * parts["awareness"] + parts["consideration"] + parts["loyalty"]
                                      + parts["advocacy"]) / 6)


def test_index_weights_are_read_from_settings(tmp_path):
    root = build_case(None, tmp_path / "hb")
    with (root / "calendar/settings.yml").open("a") as settings:
        settings.write("index_weights:\n  awareness: 2\n  reach: 1\n")
    handbook = load_handbook(root)
    assert handbook.settings.index_weights["awareness"] == 2
    assert [(p.rule, p.line) for p in handbook.problems] == [("schema.unknown", handbook.problems[0].line)]


def test_charts_are_identical_for_identical_input_and_escape_every_text():
    series = {"<script>alert(1)</script>": [1.0, None, 3.5], "B & C": [2, 2, 0]}
    first = charts.bars("c1", 'Title "quoted" </title><svg onload=x>', ["Jan", "<b>Feb</b>", "Mar"], series)
    assert first == charts.bars("c1", 'Title "quoted" </title><svg onload=x>', ["Jan", "<b>Feb</b>", "Mar"], series)
    assert "<script>" not in first and "<b>" not in first and "<svg onload" not in first
    assert "&lt;script&gt;" in first and "<title id=\"c1-title\">" in first
    assert first.count("<tr>") == 4  # the numbers as a table: a header and one row per category
    line = charts.lines("c2", "Trend", ["Jan", "Feb", "Mar"], series, percent=True)
    assert line.count("<polyline") == 1  # a missing value breaks the first series into single points
    assert "350.0%" in line and "–" in line
    assert "http" not in first.replace("http://www.w3.org/2000/svg", "")  # no request leaves the page


def test_a_month_without_posts_scores_below_its_baseline_not_above():
    """Figures the baseline reports and a month lacks count as zero (a month with only account rows has no
    reach from posts); figures the baseline never reported stay out of the mean."""
    base = rs.Month(date(2026, 9, 1), total={"reach": 4000, "shares": 40}, followers={"instagram": 1000})
    quiet = rs.Month(date(2026, 10, 1), followers={"instagram": 1000})
    weights = dict.fromkeys(("awareness", "consideration", "loyalty", "advocacy"), 1)
    index, parts = rs.action_index(quiet, base, weights)
    assert parts["awareness"] < 100 and parts["advocacy"] < 100 and index < 100
    assert parts["consideration"] is None  # the baseline reports none of clicks, saves, video views
