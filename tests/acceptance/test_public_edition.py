"""The public edition (mkdocs-public.yml): built from the example handbook, every output byte is searched for
anything internal. Pages, the search index, the sitemap (plain and gzipped) and 404.html are read decoded
(HTML entities, JSON escapes, gzip), so an internal string cannot hide behind an encoding.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest
from paths import REPO
from test_example import TODAY
from test_site import NOW, build, make_handbook

from playbook import dates
from playbook.site.public import unlink_unpublished
from playbook.validate import validate


def decoded(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="replace")
    if path.suffix == ".json":
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(html.unescape(text)).casefold()


def internal_strings(root: Path) -> dict[str, str]:
    """What only the team may read, each with why it is internal."""
    hb = validate(root, TODAY).handbook
    found: dict[str, str] = {}
    for post in hb.posts:
        found[post.title] = f"post title ({post.campaign}/{post.slug})"
        line = max(post.body.strip().splitlines(), key=len)
        found[line[:60]] = f"post copy ({post.campaign}/{post.slug})"
    for campaign in hb.campaigns.values():
        found[campaign.title] = f"campaign {campaign.id}"
        found[campaign.id] = f"campaign id {campaign.id}"
    for person in hb.team.people.values():
        found[person.email] = f"email of {person.id}"
    phones = [p for p in hb.team.people.values() if p.phone]
    assert len(phones) == len(hb.team.people)  # everyone in the example is in a protocol, so has a phone
    for person in phones:  # as written, and as the tel: link dials it
        found[person.phone] = f"phone of {person.id}"
        found["".join(c for c in person.phone if c.isdigit())] = f"phone of {person.id} (digits)"
    for person in hb.team.people.values():
        if person.contact:
            found[person.contact[:60]] = f"contact of {person.id}"
    for chapter in hb.chapters.values():
        if chapter.audience != "everyone":
            found[chapter.title] = f"chapter for {chapter.audience}"
    acknowledged = [c for c in hb.chapters.values() if c.audience == "everyone" and c.acknowledgements]
    assert acknowledged  # a public chapter asks the team to read it: who has must stay internal
    published = " ".join(c.body for c in acknowledged)  # a policy may name its contacts itself
    for chapter in hb.chapters.values():
        for reading in chapter.readings(hb.team):
            if reading.person.name not in published:
                found[reading.person.name] = f"asked to acknowledge {chapter.id}"
            if reading.acknowledgement is not None:  # when they read it, as the table shows it
                found[dates.moment(reading.acknowledgement.at.astimezone(hb.settings.timezone))] = "acknowledged at"
    for text in ("Who has read it", "Version acknowledged", "Acknowledge from the site", "playbook acknowledge",
                 "policy chapters to read"):
        found[text] = "acknowledgements of a chapter"
    for template in hb.templates.values():
        found[template.title] = "reply template (public_responses is off)"
    for window in hb.quiet:
        found[window.reason[:60]] = "hold or quiet period"
    for insight in hb.insights:
        found[insight.title] = f"customer insight {insight.id}"
        found[max(insight.body.strip().splitlines(), key=len)[:60]] = f"customer quote {insight.id}"
        found[insight.owner] = f"owner of insight {insight.id}"
    for row in hb.competitors:
        found[row.competitor] = "competitor in content/metrics/competitors.csv"
    assert hb.rota is not None and hb.rota.away  # the example has a rota: its page and feeds must stay internal
    for away in hb.rota.away:
        found[f"{hb.person_name(away.person)}"] = f"on the rota ({away.person})"
    found["Shift calendars"] = "a heading of the Rota page"
    found[hb.settings.site_url] = "the internal site's address"
    for path in ("calendar/", "campaigns/", "feeds/", "report/", "reports/", "insights/", ".ics", "subscribe/",
                 "reference/", "social action index", "rota/", "rota-"):
        found[path] = "a link into the internal handbook"
    return {text.casefold(): why for text, why in found.items() if len(text) >= 5}


@pytest.fixture(scope="module")
def public_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("public") / "site"
    result = build(REPO, site, config="mkdocs-public.yml", now=TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_public_edition_contains_no_internal_string(public_site):
    strings = internal_strings(REPO)
    assert len(strings) > 40  # the example has posts, campaigns, people: the search has something to find
    files = [p for p in public_site.rglob("*") if p.is_file() and not p.is_relative_to(public_site / "assets")]
    leaks = [(p.relative_to(public_site).as_posix(), text, why)
             for p in files for text, why in strings.items() if text in decoded(p)]
    assert leaks == []
    # the theme's own scripts and styles are the same for every site; ours is the only asset that is built
    assert not any(text in decoded(public_site / "assets" / "playbook.css") for text in strings
                   if strings[text].startswith(("post", "campaign", "email")))


def test_public_edition_has_the_policy_for_everyone_and_nothing_else(public_site):
    pages = sorted(p.relative_to(public_site).as_posix() for p in public_site.rglob("*.html"))
    assert pages == ["404.html", "index.html", "policy/index.html", "policy/social-media-policy/index.html"]
    chapter = decoded(public_site / "policy/social-media-policy/index.html")
    assert "you're welcome to post about your work" in chapter
    assert re.search(r"<h1[^>]*>stride social handbook", decoded(public_site / "index.html"))  # not the nav's "Home"
    assert not (public_site / "feeds").exists()
    index = json.loads((public_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert {d["location"].split("#")[0] for d in index["docs"]} == {"", "policy/", "policy/social-media-policy/"}


def test_public_responses_publish_only_what_everyone_may_send(tmp_path):
    root = make_handbook(tmp_path / "hb", {
        "mkdocs-public.yml": "INHERIT: mkdocs.yml\nextra:\n  playbook:\n    edition: public\n"
                             "    public_responses: true\n",
        "content/responses/refund-dispute.md": "---\ntitle: Refund dispute\ncategory: complaint\nchannels: [x]\n"
                                               "who_may_send: care-lead\n---\nSorry, we will look at it.\n",
        "policies/everyone.md": "---\ntitle: Policy for all\naudience: everyone\nowner: ana-lead\nversion: '1'\n"
                                "effective: 2027-01-01\n---\nSee the [calendar](../../calendar/) and the "
                                "[answers](../../responses/#where-is-my-order).\n"})
    site = tmp_path / "site"
    result = build(root, site, config="mkdocs-public.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    chapter = (site / "policy/everyone/index.html").read_text(encoding="utf-8")
    assert "See the calendar and the" in chapter  # the calendar is not published: its link became text
    assert 'href="../../responses/#where-is-my-order"' in chapter
    answers = decoded(site / "responses/index.html")
    hb = validate(root, NOW).handbook
    for t in hb.templates.values():
        assert (t.title.casefold() in answers) == (t.who_may_send == "everyone"), t.id


def test_an_unknown_edition_is_refused(tmp_path):
    root = make_handbook(tmp_path / "hb", {"mkdocs-public.yml": "INHERIT: mkdocs.yml\nextra:\n  playbook:\n"
                                                                 "    edition: publik\n"})
    result = build(root, tmp_path / "site", config="mkdocs-public.yml")
    assert result.returncode == 1
    assert "extra.playbook.edition is 'publik'; use one of full, public" in result.stderr
    assert not (tmp_path / "site").exists()


def test_links_to_unpublished_pages_become_text():
    published = {"", "policy/", "policy/a/"}
    page = "policy/a/"
    assert unlink_unpublished('<a href="../b/">B</a>', page, published, "https://in.example/") == "B"
    assert unlink_unpublished('<a href="../">P</a>', page, published, "") == '<a href="../">P</a>'
    assert unlink_unpublished('<a href="https://in.example/calendar/">C</a>', page, published,
                              "https://in.example/") == "C"
    assert unlink_unpublished('<a href="https://other.example/">O</a>', page, published, "https://in.example/") \
        == '<a href="https://other.example/">O</a>'
    assert unlink_unpublished('<a href="../../index.html#x">H</a>', page, published, "") == \
        '<a href="../../index.html#x">H</a>'
