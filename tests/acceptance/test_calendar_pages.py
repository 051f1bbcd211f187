"""Calendar completeness: every month from the first to the last scheduled item has a page, holds and quiet
periods mark the grid days they cover, and generated pages index as readable sentences for search."""

from __future__ import annotations

import json
from datetime import date

import pytest
from test_site import build, make_handbook, read, rich_overlay

from playbook.site.calendar import MAX_EMPTY_RUN, calendar_months
from playbook.site.html import facts, spaced


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    overlay = rich_overlay()
    overlay["calendar/quiet.yml"] += ("  - start: 2027-06-14\n    end: 2027-06-16\n    channels: all\n"
                                      "    kind: quiet\n    reason: Summer shutdown\n")
    root = make_handbook(tmp_path_factory.mktemp("calendar") / "hb", overlay)
    result = build(root, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_a_month_without_posts_has_a_page_and_the_links_step_through_it(site):
    may = read(site, "calendar/2027-05/index.html")
    assert "No posts are scheduled in May 2027." in may
    assert 'href="../2027-04/"' in may and 'href="../2027-06/"' in may
    april = read(site, "calendar/2027-04/index.html")
    assert '<a href="../2027-05/">May 2027 →</a>' in april
    assert "May 2027</strong></a> <span class=\"pb-muted\">no posts" in read(site, "calendar/index.html")


def test_holds_and_quiet_periods_mark_the_days_they_cover(site):
    june = read(site, "calendar/2027-06/index.html")
    # a date as the end means the end of that day: 14, 15 and 16 June are covered, and no other day
    assert june.count('pb-daymark pb-daymark-quiet') == 3
    assert 'title="Summer shutdown"' in june and "Quiet: all channels" in june
    april = read(site, "calendar/2027-04/index.html")
    assert april.count("pb-daymark-hold") >= 1 and "Hold: X" in april
    assert 'class="pb-day-cell pb-in-quiet"' in april  # 10 April, the day of reflection, has no post


def test_search_entries_read_as_sentences(site):
    docs = json.loads(read(site, "search/search_index.json"))["docs"]
    template = next(d["text"] for d in docs if d["location"] == "responses/question/#where-is-my-order")
    assert "Respond within: 4 hours Who may send: Everyone on the front line" in template
    months = next(d["text"] for d in docs if d["location"] == "calendar/#months")
    assert "April 2027 19 posts" in months


def test_spaced_separates_blocks_but_not_inline_text():
    assert spaced("<ul><li>a</li><li>b</li></ul>") == "<ul><li>a</li>\n<li>b</li>\n</ul>"
    assert spaced("<p>x<br>y <em>z</em><span>w</span></p>") == "<p>x<br>\ny <em>z</em><span>w</span></p>"
    # nested blocks of one kind, a heading, a table head cell beside its longer namesake, a line break
    # already followed by one, and an end tag with text or nothing after it
    assert spaced("<div><div><h2>t</h2></div></div><table><tr><th>a</th><th>b</th></tr></table><thead></thead>"
                  "<br>\n<p>c</p>d<p>e</p>") == ("<div><div><h2>t</h2>\n</div>\n</div>\n<table><tr><th>a</th>\n"
                                                 "<th>b</th>\n</tr>\n</table>\n<thead></thead>\n<br>\n<p>c</p>d"
                                                 "<p>e</p>")
    assert facts([("Version", "3.0")]) == ('<dl class="pb-facts"><dt>Version<span class="pb-sr">:</span></dt> '
                                           '<dd>3.0</dd>\n</dl>')


def test_calendar_months_fill_gaps_but_not_typos():
    assert calendar_months([date(2026, 9, 4), date(2026, 11, 16)]) == \
        [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    far = calendar_months([date(2026, 9, 4), date(2099, 1, 1)])
    assert far == [date(2026, 9, 1), date(2099, 1, 1)]  # a typo'd year does not write 870 empty pages
    run = calendar_months([date(2026, 1, 1), date(2028, 2, 1)])
    assert len(run) == 2 + MAX_EMPTY_RUN
    assert calendar_months([]) == []
