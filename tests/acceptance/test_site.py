"""The handbook site: every page exists with its key content, the strict build passes, there is no
page per post, links resolve, and two builds give identical bytes.

The helpers at the top (``make_handbook``, ``build``) are shared with test_security.py and
test_browser.py: a test handbook is tests/golden/base plus an overlay, with the repository's own
mkdocs.yml pointing at the repository's hooks.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from golden_corpus import build_case
from paths import REPO

NOW = datetime(2027, 3, 30, 12, 0, tzinfo=timezone.utc)  # the week before the golden campaign's first post


# -- helpers shared by the site, security and browser tests ---------------------------------------

def mkdocs_yml() -> str:
    """The repository's mkdocs.yml, with the hook and macros module given as absolute paths."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("module_name: hooks/macros", f"module_name: {REPO}/hooks/macros")
    text = re.sub(r"(?m)^  - hooks/handbook\.py$", f"  - {REPO}/hooks/handbook.py", text)
    return re.sub(r"(?m)^  - hooks$", f"  - {REPO}/hooks", text)


def make_handbook(target: Path, overlay: dict[str, str | bytes] | None = None, case: str | None = None) -> Path:
    """tests/golden/base (plus a golden case) plus ``overlay`` files, a docs/ folder and mkdocs.yml."""
    build_case(case, target)
    (target / "docs").mkdir(exist_ok=True)
    for page in ("index.md", "team.md"):  # the staff home page and the team's dashboard, both built from macros
        shutil.copyfile(REPO / "docs" / page, target / "docs" / page)
    (target / "mkdocs.yml").write_text(mkdocs_yml(), encoding="utf-8")
    for rel, data in (overlay or {}).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return target


def build(root: Path, site_dir: Path, *, strict: bool = True, now: datetime = NOW,
          env: dict[str, str] | None = None, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """``mkdocs build`` in a child process, as `make build` runs it."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", config, "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(int(now.timestamp())), "NO_MKDOCS_2_WARNING": "1",
                   **(env or {})}
    return subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, timeout=300)


def post(title: str, channel: str, when: str, body: str, status: str = "draft", extra: str = "") -> str:
    return (f"---\ntitle: {title}\nchannel: {channel}\npublish_at: {when}\nauthor: ben-writer\n"
            f"status: {status}\n{extra}---\n{body}\n")


def rich_overlay() -> dict[str, str]:
    """Twenty more posts in April 2027: every status, a hold window, two channels on one post."""
    files = {}
    statuses = ["draft", "in-review", "cancelled", "held"]
    for n, day in enumerate(range(13, 29)):
        files[f"content/posts/spring-launch/day-{day}.md"] = post(
            f"Day {day} on the track", "x", f"2027-04-{day:02d} 12:00",
            f"Day {day}: new miles, same shoes. #spring", statuses[n % len(statuses)],
            "evergreen: true\n" if day % 2 else "")
    files["content/posts/spring-launch/both-channels.md"] = post(
        "One post, two channels", "[instagram, x]", "2027-04-14 18:00", "Two places, one message. #spring",
        extra="media:\n  - file: teaser.png\n    alt: A shoe on a wet track\n")
    files["calendar/quiet.yml"] = (
        "windows:\n"
        "  - start: 2027-04-10\n    end: 2027-04-10\n    channels: all\n    kind: quiet\n"
        "    reason: Company day of reflection\n"
        "  - start: 2027-04-20\n    end: 2027-04-21\n    channels: [x]\n    kind: hold\n"
        "    reason: Supplier review of the spring batch\n")
    files["calendar/rota.yml"] = (
        "coverage:\n  all: {days: mon-sun, from: \"09:00\", to: \"17:00\"}\n"
        "shifts:\n  - {person: ben-writer, channels: all, days: mon-fri, from: \"09:00\", to: \"17:00\"}\n"
        "  - {person: ana-lead, channels: [x, instagram], days: sat-sun, from: \"09:00\", to: \"17:00\"}\n"
        "on_call:\n  - {person: lena-legal, days: mon-sun, from: \"00:00\", to: \"24:00\"}\n"
        "away:\n  - {person: ana-lead, from: 2027-05-01, to: 2027-05-02, reason: \"<b>marathon</b>\"}\n")
    files["docs/reference/extra.md"] = "# Extra reference\n\nA hand-written reference page.\n"
    return files


RICH_POSTS = 2 + 16 + 1


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


class Links(HTMLParser):
    """Every href and src, and every id, of one page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse_links(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# -- fixtures ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    root = make_handbook(tmp_path_factory.mktemp("rich") / "hb", rich_overlay())
    site = root / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, site, result


# -- the build ---------------------------------------------------------------------------------------

def test_strict_build_passes_without_warnings(rich):
    _, _, result = rich
    assert "WARNING" not in result.stderr, result.stderr


def test_every_page_exists(rich):
    _, site, _ = rich
    for rel in ["index.html", "calendar/index.html", "calendar/2027-04/index.html", "campaigns/index.html",
                "campaigns/spring-launch/index.html", "responses/index.html", "responses/question/index.html",
                "policy/index.html", "policy/everyone/index.html", "rota/index.html", "subscribe/index.html",
                "report/index.html",
                "reference/rules/index.html", "reference/extra/index.html", "assets/playbook.css",
                "media/teaser.png", "feeds/all.ics", "search/search_index.json"]:
        assert (site / rel).is_file(), rel


def test_no_page_per_post(rich):
    root, site, _ = rich
    pages = {p.relative_to(site).as_posix() for p in html_files(site)}
    slugs = {p.stem for p in (root / "content" / "posts").rglob("*.md")}
    assert len(slugs) == RICH_POSTS
    assert not [p for p in pages if any(f"/{slug}/" in f"/{p}" for slug in slugs)]
    # home, team dashboard, 404, calendar + 1 month, campaigns + 1 campaign, responses + 1 category,
    # policy + 1 chapter, rota, subscribe, report, the reports index (no month has results), insights, the rules
    # reference and the extra reference page
    assert len(pages) == 18, sorted(pages)


def test_each_post_is_an_anchor_on_its_campaign_and_month_page(rich):
    root, site, _ = rich
    campaign = parse_links(site / "campaigns/spring-launch/index.html")
    month = parse_links(site / "calendar/2027-04/index.html")
    for path in (root / "content" / "posts" / "spring-launch").glob("*.md"):
        anchor = f"spring-launch--{path.stem}"
        assert anchor in campaign.ids
        assert anchor in month.ids
        assert f"../../campaigns/spring-launch/#{anchor}" in month.links  # grid and agenda link to the card


def test_month_page_and_pages_out_of_the_nav(rich):
    _, site, _ = rich
    page = read(site, "calendar/2027-04/index.html")
    assert 'class="pb-grid"' in page and page.count('class="pb-entry') == RICH_POSTS
    assert page.count("pb-cancelled") >= 4 and "pb-held" in page  # cancelled and held are marked
    assert "Mon 5 Apr 2027" in page and "Legend" in page
    # month pages are linked from the calendar index, not listed in the navigation of other pages
    assert "2027-04/" in read(site, "calendar/index.html")
    assert "calendar/2027-04/" not in read(site, "report/index.html")


def test_campaign_page_has_brief_schedule_and_preview_cards(rich):
    _, site, _ = rich
    page = read(site, "campaigns/spring-launch/index.html")
    assert "Introduce the spring range" in page  # goals
    assert "The brief." in page
    assert page.count('<article class="pb-card') == RICH_POSTS
    assert "32 / 2200 characters" in page  # Instagram teaser, counted as the rule counts
    assert "53 / 280 characters" in page  # X launch day: the URL counts 23
    assert 'alt="A shoe on a wet track"' in page and "pb-alt" in page
    assert "Missing:" in page and "Social lead" in page and "can approve: Ana Lead" in page
    assert "tabbed-set" in page  # the two-channel post has one preview tab per channel
    assert "Supplier review of the spring batch" in page  # the hold reason on held cards


def test_approvals_show_who_role_when_and_stale(rich, tmp_path):
    root = make_handbook(tmp_path / "hb")
    path = "content/posts/spring-launch/teaser.md"
    done = subprocess.run([sys.executable, "-m", "playbook", "approve", path, "--by", "ana-lead",
                           "--at", "2027-03-20T10:00+01:00"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    launch = root / "content/posts/spring-launch/launch-day.md"
    subprocess.run([sys.executable, "-m", "playbook", "approve", "content/posts/spring-launch/launch-day.md",
                    "--by", "ana-lead", "--at", "2027-03-21T10:00+01:00"], cwd=root, check=True,
                   capture_output=True)
    launch.write_text(launch.read_text().replace("It is here", "It is finally here"))  # now stale
    result = build(root, tmp_path / "site")  # a stale approval on a post in review is pending, not a problem
    assert result.returncode == 0, result.stderr
    page = read(tmp_path / "site", "campaigns/spring-launch/index.html")
    assert "pb-appr-valid" in page and "Ana Lead</strong> as Social lead" in page and "Sat 20 Mar 2027" in page
    assert "pb-appr-stale" in page and "stale: the content changed after this approval" in page


def test_response_playbook(rich):
    _, site, _ = rich
    index = read(site, "responses/index.html")
    assert "Where is my order?" in index and "4 hours" in index
    page = read(site, "responses/question/index.html")
    assert '<h2 id="where-is-my-order">Where is my order?' in page
    assert '<pre class="pb-reply"><code>Hi <span class="pb-ph"' in page
    assert page.count('class="pb-ph"') >= 4  # two in the text, two in "Fill in"
    assert "Customer care lead" in page and "The order is more than five days late" in page
    assert "Everyone on the front line" in page and "1 Jan 2099" in page


def test_policy_pages(rich):
    _, site, _ = rich
    page = read(site, "policy/everyone/index.html")
    assert "for everyone" in page and "1.0" in page and "Ana Lead" in page and "1 Jan 2026" in page
    assert "Be kind." in page
    assert "Social media policy" in read(site, "policy/index.html")


def test_protocol_page_lists_team_and_activation(tmp_path):
    protocol = ("---\ntitle: Crisis protocol\naudience: practitioners\nkind: protocol\nowner: ana-lead\n"
                "version: \"2.0\"\neffective: 2026-01-01\nreview_by: 2027-04-15\nteam:\n  lead: ana-lead\n"
                "  members: [ben-writer]\n  backup: lena-legal\nroles:\n  lead: [social-lead]\n"
                "  backup: [legal]\n  members: [editor]\nactivation:\n  - A product could hurt someone.\n"
                "---\n## First hour\n\nStop the calendar.\n")
    team = (REPO / "tests/golden/base/policies/team.yml").read_text()
    for pid, reach in (("ana-lead", 'phone: "+1 (555) 010-0"'), ("ben-writer", 'contact: "<b>@ben</b> in chat"'),
                       ("lena-legal", 'phone: "+49 30 555 0102"')):
        team = team.replace(f"  - id: {pid}\n", f"  - id: {pid}\n    {reach}\n")
    root = make_handbook(tmp_path / "hb", {"policies/crisis.md": protocol, "policies/team.yml": team})
    result = build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = read(tmp_path / "site", "policy/crisis/index.html")
    assert "for practitioners" in page and "protocol" in page
    assert "A product could hurt someone." in page
    assert ">Lead<" in page and ">Member<" in page and ">Backup<" in page and "Lena Legal" in page
    # each seat with its person's roles, what the seat needs, and how to reach them (a phone dials its digits)
    assert "the seat needs Social lead" in page and "the seat needs Legal" in page
    assert '<a href="tel:+15550100">+1 (555) 010-0</a>' in page and 'href="tel:+49305550102"' in page
    assert "&lt;b&gt;@ben&lt;/b&gt; in chat" in page and "<b>@ben" not in page  # a contact is text, escaped
    assert "Among the members the team needs: Editor." in page
    # the home page's "who to tell" (a docs/ page, sanitised) keeps the lead's number dialable
    assert '<a href="tel:+15550100">' in read(tmp_path / "site", "index.html")
    assert '<h2 id="first-hour">' in page  # chapter headings start at h2 and have anchors
    assert "review due 15 Apr 2027" in page  # within 30 days of NOW
    index = read(tmp_path / "site", "policy/index.html")  # beside the date, the badge does not repeat it
    assert "review due</span>" in index and "review due 15 Apr 2027" not in index
    assert "Crisis protocol" in read(tmp_path / "site", "index.html")  # home: reviews coming due


def test_subscribe_page(rich):
    _, site, _ = rich
    page = read(site, "subscribe/index.html")
    for name in ("all", "deadlines", "campaign-spring-launch", "channel-instagram", "channel-x"):
        assert f'href="webcal://handbook.test/feeds/{name}.ics"' in page
        assert f"https://handbook.test/feeds/{name}.ics" in page
        assert (site / "feeds" / f"{name}.ics").is_file()
    assert "Google Calendar" in page and "Apple Calendar" in page and "Outlook" in page


def test_rota_page_and_feeds(rich):
    root, site, _ = rich
    page = read(site, "rota/index.html")
    for heading in ("On now", "This week", "Next 4 weeks", "Away", "Shift calendars"):
        assert heading in page
    assert "Ben Writer" in page and "Lena Legal" in page and "on call" in page
    assert "&lt;b&gt;marathon&lt;/b&gt;" in page and "<b>marathon" not in page  # rota.yml text is escaped
    assert 'class="pb-rota-gap"' not in page  # covered every hour it must be
    assert page.count('class="pb-rota-table"') == 2  # one week grid per channel
    nav = read(site, "index.html")
    assert 'href="rota/"' in nav
    for feed in ("rota.ics", "rota-ben-writer.ics", "rota-ana-lead.ics", "rota-lena-legal.ics"):
        assert (site / "feeds" / feed).is_file()
        assert feed in read(site, "subscribe/index.html")


def test_home_serves_every_employee(rich):
    _, site, _ = rich
    home = read(site, "index.html")
    # the policy for everyone, how to answer someone, who to tell, what is happening now
    assert '<a class="pb-title" href="policy/everyone/">Social media policy</a>' in home
    assert '<a href="responses/question/">1 approved reply</a>' in home and "4 hours" in home
    routing = home[home.index('class="pb-routing"'):]
    assert "Customer care lead" in routing and "The order is more than five days late" in routing
    assert "Lena Legal" in routing and "Questions about the policy" in routing
    assert "Company day of reflection" in home and "Teaser" in home  # holds ahead, and this week's posts
    assert "Approvals due" not in home and "playbook approve" not in home  # the team's to-dos are elsewhere


def test_team_dashboard_and_report(rich):
    _, site, _ = rich
    team = read(site, "team/index.html")
    assert "Teaser" in team and "Tue 30 Mar 2027" in team  # this week, from SOURCE_DATE_EPOCH
    assert "Approvals due" in team and "1 hour" in team and "4 hours" in team
    report = read(site, "report/index.html")
    assert "Approvals to give" in report and "Day 14 on the track" in report
    assert "Held posts" in report and "Supplier review of the spring batch" in report
    assert "Evergreen posts that could move" in report


def test_nav_is_staff_first_and_lists_reference_pages_without_editing_mkdocs_yml(rich):
    _, site, _ = rich
    home = read(site, "index.html")
    tabs = re.findall(r'class="md-tabs__link"[^>]*>\s*([^<]+?)\s*<', home)
    assert tabs == ["Home", "Policy", "Responses", "Calendar", "Campaigns", "Reports", "Insights", "Team", "Guide"]
    # the maintainers' reference is a section inside the Guide, not a tab beside the policy
    assert re.search(r'md-nav__link[^>]*>\s*<span class="md-ellipsis">\s*Reference\s*</span>', home)
    # the rota (staff names and hours) is a page of the Team section
    assert re.search(r'md-nav__link[^>]*>\s*<span class="md-ellipsis">\s*Rota\s*</span>', home)
    reference = read(site, "reference/extra/index.html")
    assert "Extra reference" in reference and "Rules" in reference


def test_every_internal_link_resolves(rich):
    _, site, _ = rich
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in html_files(site):
        parsed = parse_links(page)
        ids.setdefault(page, parsed.ids)
        base = "http://site/" + page.relative_to(site).as_posix()
        for link in parsed.links:
            parts = urlsplit(urljoin(base, link))
            if parts.scheme != "http" or parts.netloc != "site":
                continue
            target = site / unquote(parts.path).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse_links(target).ids
                if parts.fragment not in ids[target]:
                    broken.append(f"{page.relative_to(site)} -> {link} (no such anchor)")
    assert not broken, broken[:20]


def test_two_builds_are_byte_identical(rich, tmp_path):
    root, site, _ = rich
    result = build(root, tmp_path / "again")
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "again"): p.read_bytes()
              for p in (tmp_path / "again").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_warnings_count_under_strict(tmp_path):
    overlay = {"policies/rules.yml": (REPO / "tests/golden/base/policies/rules.yml").read_text()
               + "rules:\n  content.hashtags: warning\n",
               "content/posts/spring-launch/tags.md": post("Tags", "x", "2027-04-15 08:00", "So #many #tags #here")}
    root = make_handbook(tmp_path / "hb", overlay)
    strict = build(root, tmp_path / "strict")
    assert strict.returncode == 1
    assert "content/posts/spring-launch/tags.md:" in strict.stderr and "[content.hashtags]" in strict.stderr
    relaxed = build(root, tmp_path / "relaxed", strict=False)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "3 hashtags; X allows 2" in read(tmp_path / "relaxed", "report/index.html")


# -- units -------------------------------------------------------------------------------------------

def test_relative_links():
    from playbook.site.html import rel
    assert rel("campaigns/x/", "calendar/2027-04/#x--a") == "../../calendar/2027-04/#x--a"
    assert rel("", "calendar/") == "calendar/"
    assert rel("calendar/", "calendar/") == "./"
    assert rel("subscribe/", "feeds/all.ics") == "../feeds/all.ics"
    assert rel("a/", "media/a b.png") == "../media/a%20b.png"


def test_durations_and_dates():
    from datetime import date, timedelta

    from playbook import dates as fmt
    assert fmt.duration(timedelta(minutes=15)) == "15 minutes"
    assert fmt.duration(timedelta(hours=1)) == "1 hour"
    assert fmt.duration(timedelta(hours=2, minutes=30)) == "2 hours 30 minutes"
    assert fmt.duration(timedelta(days=8)) == "1 week 1 day"
    assert fmt.window(date(2027, 4, 1), date(2027, 4, 30)) == "1 Apr – 30 Apr 2027"
    assert fmt.day(date(2027, 4, 5)) == "Mon 5 Apr 2027"


def test_copy_preview_marks_links_tags_and_mentions_and_escapes():
    from playbook.site.cards import render_copy
    out = render_copy("Hi @stride <b> see https://a.test/x?y=1&z=2 #spring")
    assert '<span class="pb-at">@stride</span>' in out
    assert "&lt;b&gt;" in out
    assert 'href="https://a.test/x?y=1&amp;z=2"' in out
    assert '<span class="pb-tag">#spring</span>' in out
    assert html.unescape(re.sub("<[^>]+>", "", out)) == "Hi @stride <b> see https://a.test/x?y=1&z=2 #spring"


def test_campaign_pages_leave_the_nav_when_there_are_many(tmp_path):
    from dataclasses import replace

    from mkdocs.structure.files import File, Files

    from playbook.site import campaigns, navigation
    from playbook.site.context import Context
    from playbook.validate import validate

    result = validate(build_case(None, tmp_path / "hb"), NOW)
    hb = result.handbook
    ctx = Context(hb, NOW, result.problems)
    few = {p.path: p for p in campaigns.pages(ctx)}
    assert all(p.in_nav for p in few.values())
    base = hb.campaigns["spring-launch"]
    for n in range(campaigns.NAV_LIMIT):
        hb.campaigns[f"extra-{n:02d}"] = replace(base, id=f"extra-{n:02d}", title=f"Extra {n}")
    many = {p.path: p for p in campaigns.pages(ctx)}
    assert len(many) == campaigns.NAV_LIMIT + 2  # the index and 13 campaign pages
    assert [p.path for p in many.values() if p.in_nav] == ["campaigns/index.md"]
    files = Files([File(path, src_dir=None, dest_dir=str(tmp_path), use_directory_urls=True) for path in many])
    nav = navigation.build(files, many)
    assert nav == [{"Campaigns": ["campaigns/index.md"]}]


def test_report_says_and_when_a_chapter_needs_every_role(tmp_path):
    """An {all: [...]} step still missing two roles needs both: 'Legal and Social lead', not 'or'."""
    from playbook.site import report
    from playbook.site.context import Context
    from playbook.validate import validate

    rules = (REPO / "tests/golden/base/policies/rules.yml").read_text(encoding="utf-8")
    root = make_handbook(tmp_path / "hb", {
        "policies/rules.yml": rules.replace("approvals:\n", "approvals:\n  policies: [{all: [legal, social-lead]}]\n"),
        "policies/later.md": "---\ntitle: Later policy\naudience: everyone\nowner: ben-writer\nversion: \"1\"\n"
                             "effective: 2099-01-01\n---\nNot in force yet.\n",
    })
    result = validate(root, NOW)
    body = report.page(Context(result.handbook, NOW, result.problems)).body
    assert "Later policy" in body and "Needs Legal and Social lead" in body and "Legal or Social lead" not in body
    # each approver sees their own part of the step, under their name
    assert body.index('id="todo-ana-lead"') < body.index("the policy chapter") and "as <strong>Legal</strong>" in body


def test_report_details_only_approvals_due_soon(tmp_path):
    """Approvals due within DETAIL_DAYS carry why, the command and the entry to paste; later ones are counted
    per campaign with a link to its schedule, or, one alone, a line linking to the post's card (a year of
    planned posts made the page tens of megabytes)."""
    from datetime import timedelta

    from playbook.site import report
    from playbook.site.context import Context
    from playbook.validate import validate

    root = make_handbook(tmp_path / "hb")

    def todo_at(now):
        result = validate(root, now)
        body = report.page(Context(result.handbook, now, result.problems)).body
        return body[body.index('id="pending-approvals"'):body.index('id="warnings"')]

    explained = "later ones are counted per campaign, with a link to its schedule"
    soon = todo_at(NOW)  # Ana Lead's two approvals are due on 5 and 12 April
    assert re.findall(r'<li class="pb-todo( pb-todo-later)?">', soon) == ["", ""]
    assert soon.count('details class="pb-approve"') == 2 and explained not in soon
    assert re.search(r'Approve <a href="\.\./campaigns/spring-launch/#[^"]+">Teaser</a>', soon)

    ahead = todo_at(NOW - timedelta(days=report.DETAIL_DAYS + 30))
    assert 'details class="pb-approve"' not in ahead and explained in ahead
    assert re.findall(r'<li class="pb-todo( pb-todo-later)?">', ahead) == [" pb-todo-later"]
    assert ('<p class="pb-label pb-todo-ahead">Due in more than 30 days</p>\n<ul class="pb-todos">'
            '<li class="pb-todo pb-todo-later"><span class="pb-todo-what">'
            '<a href="../campaigns/spring-launch/#schedule">Spring launch</a>: 2 posts to approve as '
            '<strong>Social lead</strong>, due 5 Apr – 12 Apr 2027</span></li>') in ahead

    both = todo_at(datetime(2027, 3, 7, 12, 0, tzinfo=timezone.utc))  # 5 April in 29 days, 12 April in 36
    assert re.findall(r'<li class="pb-todo( pb-todo-later)?">', both) == ["", " pb-todo-later"]
    assert both.count('details class="pb-approve"') == 1 and explained in both
    later = both[both.index("Due in more than 30 days"):]
    assert re.search(r'<li class="pb-todo pb-todo-later"><span class="pb-todo-what">Approve <a href="\.\./campaigns/'
                     r'spring-launch/#[^"]+">[^<]+</a>.* as <strong>Social lead</strong> by <time[^>]*>Mon 12 Apr 2027',
                     later), later


def test_report_leads_with_what_each_approver_must_do(rich):
    _, site, _ = rich
    report = read(site, "report/index.html")
    todo = report[report.index('id="pending-approvals"'):report.index('id="warnings"')]
    # grouped by person, soonest deadline first; each line in words, the file and command as detail
    assert '<h3 id="todo-ana-lead">Ana Lead' in todo
    line = re.search(r'<li class="pb-todo">.*?</li>', todo[todo.index('id="todo-ana-lead"'):], re.S).group()
    assert re.search(r'<span class="pb-todo-what">Approve <a href="[^"]+">[^<]+</a>.* as <strong>Social lead'
                     r'</strong> by <time datetime="[^"]+">\w{3} \d+ \w{3} 2027, \d\d:\d\d', line), line
    assert '<span class="pb-detail">Why: every post needs it' in line
    assert "<code>playbook approve content/posts/spring-launch/" in line and "--by ana-lead</code>" in line
    dues = [m.group(1) for m in re.finditer(r'<h3 id="todo-[^"]+">[^<]+<span[^>]*>[^<]* first by ([^<]+)<', todo)]
    assert dues, todo[:2000]


def test_search_has_one_compact_entry_per_post_on_campaign_pages(rich):
    """Campaign pages are not parsed by the search plugin (slow on hundreds of cards); each post is one entry."""
    _, site, _ = rich
    docs = json.loads(read(site, "search/search_index.json"))["docs"]
    campaign = [d for d in docs if d["location"].startswith("campaigns/spring-launch/")]
    day = [d for d in campaign if d["location"] == "campaigns/spring-launch/#spring-launch--day-13"]
    assert len(day) == 1 and day[0]["title"] == "Day 13 on the track"
    assert day[0]["text"].count("new miles, same shoes") == 1 and "X" in day[0]["text"]
    assert len(campaign) == len({d["location"] for d in campaign})  # nothing indexed twice
    assert any(d["location"] == "campaigns/spring-launch/" for d in campaign)  # the campaign itself
    assert any(d["location"].startswith("policy/") for d in docs)  # other pages are indexed as before


def test_deferred_pages_leave_search_as_its_own_pass_would():
    """Campaign, month and report pages get their HTML after mkdocs-material's search ran its expression over
    the page (skipping their megabytes): the hook removes what that expression would have, and only that."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    from playbook.site.hook import _strip_search_attributes

    plugin = SearchPlugin()
    plugin.load_config({})
    plugin.search_index = SearchIndex()
    samples = ['<p data-search-exclude>kept</p>', '<div\tdata-search-boost="2">x</div>', '<i data-search-x="">',
               '<code>data-search-x="y"</code> and\ndata-search-z="w"', "<p>nothing here</p>",
               '<p a="1"  data-search-exclude="1" data-search-x="2">']
    for html_text in samples:
        page = SimpleNamespace(meta={"search": {"exclude": True}}, content=html_text)
        plugin.on_page_context({}, page=page, config=None, nav=None)
        assert _strip_search_attributes(html_text) == page.content, html_text


@pytest.mark.parametrize("approvals", [
    "", "approvals:\n", "approvals: []\n", "approvals: [{by: cleo-legal, role: legal, digest: 'sha256:00'}]\n",
    "approvals:\n    - by: cleo-legal\n      role: legal\n      digest: sha256:00\n"])
def test_approve_box_entry_pasted_where_it_says_is_the_approval(tmp_path, approvals):
    """Whatever shape the file's approvals: list has, the box's entry, pasted where the box says, reads back
    as that person's approval with the current digest."""
    import html as html_module

    from playbook.site.approve_block import approve_block
    from playbook.site.context import Context
    from playbook.validate import validate

    root = make_handbook(tmp_path / "hb")
    path = root / "content/posts/spring-launch/teaser.md"
    text = path.read_text(encoding="utf-8")
    closing = text.index("---\n", 4)
    path.write_text(text[:closing] + approvals + text[closing:], encoding="utf-8")
    result = validate(root, NOW)
    ctx = Context(result.handbook, NOW, result.problems, edit_base="https://git.example.test/edit/main/")
    post = next(p for p in result.handbook.posts if p.source.path.endswith("teaser.md"))
    pending = ctx.approvals(post).pending[0]
    box = approve_block(ctx, post, pending)
    assert '<a class="pb-edit" href="https://git.example.test/edit/main/content/posts/spring-launch/teaser.md">' in box
    where = html_module.unescape(re.findall(r"<p>(.*?)</p>", box)[1])
    person = re.search(r'<p class="pb-label">([^<]+) as ', box).group(1)
    entry = html_module.unescape(re.search(r"<code>(.*?)</code></pre>", box, re.S).group(1))
    text = path.read_text(encoding="utf-8")
    closing = text.index("---\n", 4)
    if "just above the closing ---" in where or "below the last entry" in where:
        assert "last entry" not in where or approvals.startswith("approvals:\n    -")
        text = text[:closing] + entry + "\n" + text[closing:]
    elif where.startswith("Add these lines below the line approvals:"):
        text = text.replace("approvals:\n", "approvals:\n" + entry + "\n")
    else:
        assert where.startswith("Add this entry inside the [ ] of approvals:"), where
        text = text.replace("approvals: [", "approvals: [" + entry + ("" if "[]" in text else ", "))
    path.write_text(text, encoding="utf-8")
    post = next(p for p in validate(root, NOW).handbook.posts if p.source.path.endswith("teaser.md"))
    holder = next(p for p in pending.holders if p.name == person)
    assert any(a.by == holder.id and a.role in pending.roles and a.digest == ctx.analysis.digest(post)
               for a in post.approvals), (where, entry, text)


def test_card_measures_the_copy_per_channel_limit(tmp_path):
    from dataclasses import replace

    from playbook.site.cards import card
    from playbook.site.context import Context
    from playbook.site.page import Doc
    from playbook.validate import validate

    result = validate(build_case(None, tmp_path / "hb"), NOW)
    ctx = Context(result.handbook, NOW, result.problems)
    post = replace(result.handbook.posts[0], channels=["instagram", "x"], body="word " * 70 + "end")
    html_out = card(ctx, Doc("campaigns/x.md", "X"), post)
    instagram, x = html_out.split('class="pb-preview ')[1:3]
    assert "pb-overflow" not in instagram and "pb-overflow" in x
    assert "353 / 2200 characters" in instagram and "353 / 280 characters" in x


def test_report_summary_counts_read_as_english(rich):
    """'1 reviews due' reads as a bug to someone who opens the report once a year."""
    _, site, _ = rich
    summary = re.search(r'<ul class="pb-summary">.*?</ul>', read(site, "report/index.html"), re.S).group()
    counts = [(int(n), label) for n, label in re.findall(r"<strong>(\d+)</strong> ([^<]+)</a>", summary)]
    assert counts == [(15, "posts waiting for approval"), (1, "person with approvals to give"), (0, "warnings"),
                      (5, "held posts"), (1, "evergreen post that could move"), (0, "reviews due in 30 days")]
