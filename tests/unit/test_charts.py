"""Charts: category labels wrap or show an ellipsis, never cut silently; counts are gridded in whole numbers."""

import re

import pytest

from playbook.site import charts


def _label_texts(svg: str) -> list[str]:
    """Category labels, a wrapped one joined from its lines (same x, consecutive <text> elements)."""
    found = re.findall(r'<text x="([\d.]+)" y="\d+" text-anchor="middle">([^<]*)</text>', svg)
    joined: list[tuple[str, str]] = []
    for x, text in found:
        if joined and joined[-1][0] == x:
            joined[-1] = (x, joined[-1][1] + text)
        else:
            joined.append((x, text))
    return [text for _, text in joined]


def test_long_category_names_wrap_instead_of_being_cut():
    svg = charts.bars("mix", "Schedule mix", ["Evergreen", "Time-sensitive", "With visuals", "Text only",
                                              "Approved on time", "Approved late", "Approvals missing"],
                      {"Posts": [0, 9, 6, 3, 7, 0, 2]})
    texts = _label_texts(svg)
    assert "Approved ontime" in texts and "Approvalsmissing" in texts  # two lines: 'Approved on' / 'time'
    assert not any(t.endswith(("on ti", "miss")) for t in texts)


def test_a_competitor_name_is_whole_when_there_is_room():
    svg = charts.bars("c", "Instagram", ["Us", "Northbound Running", "Tempo Athletic"],
                      {"Engagements per post": [530, 822.8, 543.7]})
    assert "Northbound Running" in _label_texts(svg)


def test_a_name_too_long_for_two_lines_ends_in_an_ellipsis():
    assert charts._fit("Supercalifragilisticexpialidocious", 12) == ["Supercalifr…"]
    assert all(len(line) <= 12 for line in charts._fit("Holiday drive — Laces Forward campaign", 12))


def test_labels_are_deterministic():
    args = ("x", "t", ["Approved on time", "B"], {"s": [1, 2]})
    assert charts.bars(*args) == charts.bars(*args)


def test_a_name_that_fits_stays_on_one_line():
    svg = charts.bars("m", "t", ["Evergreen", "Time-sensitive", "With visuals", "Text only", "A", "B", "C"],
                      {"Posts": [1, 2, 3, 4, 5, 6, 7]})
    assert "Time-sensitive" in _label_texts(svg)


def test_wrapped_labels_use_only_the_tags_the_security_test_allows():
    figure = charts.bars("m", "t", ["Approved on time", "Approvals missing"] * 4, {"Posts": [1] * 8})
    svg = figure[figure.index("<svg"):figure.index("</svg>")]
    assert set(re.findall(r"<([a-z]+)[\s>/]", svg)) <= {"svg", "title", "rect", "text", "line", "circle", "polyline"}


@pytest.mark.parametrize(("most", "ticks"), [(1, ["0", "1"]), (2, ["0", "1", "2"]), (3, ["0", "1", "2", "3", "4", "5"]),
                                             (7, ["0", "2", "4", "6", "8", "10"]), (18, ["0", "5", "10", "15", "20"])])
def test_counts_are_gridded_in_whole_numbers(most, ticks):
    svg = charts.bars("posts", "Posts per week", ["w1", "w2"], {"X": [most, 0]}, whole=True)
    assert re.findall(r'text-anchor="end">([^<]+)<', svg) == ticks


def test_rates_keep_four_grid_intervals():
    svg = charts.bars("rate", "Rate", ["a"], {"X": [0.02]}, percent=True)
    assert re.findall(r'text-anchor="end">([^<]+)<', svg) == ["0.0%", "0.5%", "1.0%", "1.5%", "2.0%"]
