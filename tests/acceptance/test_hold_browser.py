"""A hold in force at build time, in a real browser: mkdocs-material's announcement bar on every page with the
(hostile) reason as text, the home page leading with the hold; after `playbook hold end`, no bar at all.
Screenshots at 1280 and 390 px are kept in tests/artifacts/ (hold-*.png)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_browser import CHROMIUM, browser, serve  # noqa: F401 - browser is a fixture
from test_site import build, make_handbook

from playbook.cli import cli

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

REASON = 'Storm </div><script>alert("x")</script> <img src=x onerror=alert(1)> at the depot'
PAGES = ("", "calendar/", "campaigns/spring-launch/", "responses/question/", "policy/", "report/", "subscribe/")
BAR = "document.querySelector('[data-md-component=announce] .md-banner')"


def hold(root, *args: str) -> None:
    result = CliRunner().invoke(cli, ["hold", *args, "--root", str(root)])
    assert result.exit_code == 0, result.output


def test_the_bar_is_on_every_page_while_a_hold_is_in_force_and_gone_once_it_ended(browser, tmp_path):  # noqa: F811
    root = make_handbook(tmp_path / "hb")
    # NOW is Tue 30 Mar 2027 14:00 in Berlin; the hold started at 09:00 and is open-ended
    hold(root, "start", "--reason", REASON, "--by", "ana-lead", "--channels", "x,instagram",
         "--start", "2027-03-30 09:00", "--id", "depot-storm")
    result = build(root, root / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve(root / "site")
    try:
        for width, mobile in ((1280, False), (390, True)):
            browser.viewport(width, 900, mobile)
            for path in PAGES:
                browser.open(url + path)
                text = browser.js(f"{BAR} && {BAR}.innerText")
                assert text, f"no announcement bar on /{path} at {width} px"
                assert REASON in text and "until lifted" in text and "Tue 30 Mar 2027, 09:00 CEST" in text
                assert "Ask: Ana Lead" in text
                assert browser.js(f"{BAR}.getBoundingClientRect().height") > 20
            browser.open(url)
            browser.screenshot(f"hold-home-{width}.png")
            browser.open(url + "campaigns/spring-launch/")
            browser.screenshot(f"hold-campaign-{width}.png")
        browser.viewport(1280, 900)
        browser.open(url)
        lead = browser.js("document.querySelector('article h2').id")
        assert lead == "hold-in-force"  # the home page leads with the hold
        assert REASON in browser.js("document.querySelector('.pb-hold-lead').innerText")
        links = browser.js("[...document.querySelectorAll('.pb-hold-lead li a')].map(a => a.getAttribute('href'))")
        assert links and all(link.startswith("campaigns/") and "#" in link for link in links)
        browser.js("document.querySelector('.pb-hold-bar a.pb-hold-link').click()")
        assert browser.poll("location.hash") == "#hold-in-force"
        assert browser.dialogs == []
        assert browser.js("document.querySelectorAll('script:not([src])').length") == \
            browser.js("[...document.querySelectorAll('script:not([src])')].filter(s => !s.textContent"
                       ".includes('alert')).length")
    finally:
        server.shutdown()

    hold(root, "end", "depot-storm", "--by", "ana-lead", "--at", "2027-03-30 13:00")
    result = build(root, root / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve(root / "site")
    try:
        for path in PAGES:
            browser.open(url + path)
            assert browser.js(f"{BAR} === null"), f"a bar on /{path} after the hold ended"
            assert browser.js("document.querySelector('.pb-hold-lead') === null")
        browser.viewport(390, 900, True)
        browser.open(url)
        browser.screenshot("hold-ended-home-390.png")
    finally:
        server.shutdown()

