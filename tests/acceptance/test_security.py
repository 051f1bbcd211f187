"""Hostile content never becomes live markup, never runs as Jinja, and never leaks files or the environment.

One handbook carries every payload in every field that reaches the site (titles, copy, alt text, names,
briefs, policy chapters, reasons, site name); the built site is then parsed and searched for anything
live. Separate builds cover what must stop a build: content errors, symlinks in docs/, Jinja attacks in
docs/ pages, a post asking for macros.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_site import REPO, build, make_handbook, post

CANARY = "canary-7f3a9c1e"  # put into the build's environment; must never reach the site
JINJA = "{{ cycler.__init__.__globals__.os.environ }}"
LOOP = "{% for x in range(3) %}loop{% endfor %}"
TITLE = '</title><script>alert("title")</script>'

MARKDOWN_ATTACKS = f"""Intro {JINJA} and {LOOP}.

<script>alert('brief')</script>

<img src=x onerror="alert('img')">

<a href="javascript:alert('a')">js link</a> <a href="JaVaScRiPt:alert('case')">case link</a>
<a href="&#106;avascript:alert('entity')">entity link</a> <a href="java&#x09;script:alert('tab')">tab</a>
<a href=" &#x6A;&#x61;vascript:alert('hex')">hex</a>

[md link](javascript:alert('md')) [data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[upper](JAVASCRIPT:alert('upper')) <vbscript:msgbox(1)>

<iframe src="https://evil.example/"></iframe>
<style>body{{display:none}}</style>
<svg onload="alert('svg')"><circle r="1"/></svg>
<div style="background:url(https://evil.example/x.png)" onclick="alert('div')">styled</div>

Paragraph with attributes {{: onclick="alert('attr')" .evil #__search }}

## Heading {{: onmouseover="alert('h')" .evil }}

<h2 id="__search">clobber</h2>

<form action="https://evil.example/"><input name=x></form>
<object data="x.swf"></object><embed src="x.swf">
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=https://evil.example/">

![tracker](https://evil.example/track.png)

--8<-- "/etc/passwd"

<a href="https://ok.example/safe">safe link</a>
"""


def hostile_overlay() -> dict[str, str]:
    base = REPO / "tests" / "golden" / "base"
    team = (base / "policies/team.yml").read_text()
    team = team.replace("name: Ben Writer", "name: \"Ben <img src=x onerror=alert('name')>\"")
    team = team.replace("editor: {name: Editor}", "editor: {name: \"Editor <script>alert('role')</script>\"}")
    channels = (base / "calendar/channels.yml").read_text().replace(
        "name: X\n", "name: \"X <b onmouseover=alert('chan')>\"\n")
    settings = (base / "calendar/settings.yml").read_text().replace(
        "site_name: Golden test handbook", "site_name: \"Golden </title><script>alert('site')</script>\"")
    campaign = (base / "calendar/campaigns/spring-launch.md").read_text()
    campaign = campaign.replace("title: Spring launch", f"title: '{TITLE}'")
    campaign = campaign.replace("  - Introduce the spring range", "  - \"[goal](javascript:alert('goal'))\"")
    campaign = campaign.replace("The brief.", MARKDOWN_ATTACKS)
    return {
        "calendar/settings.yml": settings,
        "calendar/channels.yml": channels,
        "policies/team.yml": team,
        "calendar/campaigns/spring-launch.md": campaign,
        "calendar/quiet.yml": (base / "calendar/quiet.yml").read_text()
        + "  - start: 2027-04-01\n    end: 2027-04-01\n    channels: [instagram]\n    kind: hold\n"
          "    reason: \"<script>alert('quiet')</script>\"\n",
        "content/posts/spring-launch/hostile.md": post(
            "'" + TITLE + "'", "instagram", "2027-04-01 09:00",
            f"{JINJA}\n<script>alert('copy')</script> [x](javascript:alert('copy-md')) "
            "{: onclick=\"alert('copy-attr')\"} &lt;b&gt;",
            extra="media:\n  - file: teaser.png\n    alt: \"\\\"><script>alert('alt')</script>\"\n"
                  "tags: [\"<b>tag</b>\"]\n"),
        "content/posts/spring-launch/markdown-title.md": post(
            "\"[click](javascript:alert('t')) {{ 7*7 }} *bold*\"", "x", "2027-04-02 09:00", "Plain copy."),
        "content/responses/hostile.md": (
            "---\ntitle: \"<img src=x onerror=alert('tpl')>\"\ncategory: complaint\nchannels: [x]\n"
            "who_may_send: everyone\nescalate_to:\n  to: care-lead\n  when: \"<script>alert('when')</script>\"\n"
            "placeholders: [name]\nreview_by: 2099-01-01\n---\n"
            "Hi {name} <script>alert('tpl-body')</script> [x](javascript:alert('tpl-md'))\n"),
        "policies/hostile.md": (
            "---\ntitle: \"Policy <script>alert('chapter')</script>\"\naudience: everyone\nowner: ana-lead\n"
            "version: \"1.0<script>alert('v')</script>\"\neffective: 2026-01-01\nreview_by: 2099-01-01\n---\n"
            + MARKDOWN_ATTACKS),
        # docs/ pages come through pull requests too: MkDocs renders their raw HTML and attr_list,
        # so the hook sanitises every page that went through MkDocs' Markdown
        "docs/hostile.md": (
            "# Docs page\n\n{% raw %}\n" + MARKDOWN_ATTACKS + "\n{% endraw %}\n"
            + "\n<script>alert('docs-raw')</script>\n\n<img src=x onerror=\"alert('docs-img')\">\n\n"
              "[button](https://example.com){ .md-button onclick=\"alert('docs-attr')\" }\n\n"
              "<iframe src=\"javascript:alert('docs-frame')\"></iframe>\n\n"
              "<a href=\"JaVaScRiPt:alert('docs-href')\">x</a>\n\n"
              "<input id=\"__search\" type=\"text\" onfocus=\"alert('docs-input')\">\n"),
        # insights and metrics reach the report pages: the quote is sanitised Markdown, every name is text
        "content/insights/2027-03-01-hostile.md": (
            f"---\ntitle: '{TITLE}'\nseen_on: instagram\nlink: \"https://ok.example/p?a=1&b=2\"\n"
            "department: product\nstatus: acted\nowner: \"<img src=x onerror=alert('owner')>\"\n"
            "note: \"<script>alert('note')</script>\"\n---\n" + MARKDOWN_ATTACKS),
        "content/metrics/april.csv": (
            "date,channel,post,impressions,engagements,followers\n"
            "2027-04-01,instagram,spring-launch/hostile,1000,80,\n2027-04-01,instagram,,,,900\n"),
        "content/metrics/competitors.csv": (
            "date,competitor,channel,followers,posts,engagements\n"
            "2027-04-30,\"<script>alert('rival')</script>\",instagram,100,2,30\n"),
        # issue 10: front-matter values the theme prints, and image sources browsers read leniently
        "docs/hostile-meta.md": (
            "---\ntitle: \"Meta </title><script>alert('meta-title')</script>\"\n"
            "description: \"\\\"><script>alert('meta-description')</script>\"\n"
            "subtitle: \"<img src=x onerror=alert('meta-subtitle')>\"\n---\n# Meta\n\n"
            "<img alt=\"a\" src=\" //evil.example/space.png\">\n\n"
            "<img alt=\"b\" src=\"&#9;//evil.example/tab.png\">\n\n"
            "<img alt=\"c\" src=\"\\\\evil.example/backslash.png\">\n\n![d]( //evil.example/md.png)\n"),
        "content/media/evil.svg": "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        "content/media/evil.html": "<script>alert(1)</script>",
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = make_handbook(tmp_path_factory.mktemp("hostile") / "hb", hostile_overlay())
    site = root / "site"
    result = build(root, site, env={"PLAYBOOK_CANARY": CANARY})
    assert result.returncode == 0, result.stdout + result.stderr
    return root, site


# -- what counts as live -------------------------------------------------------------------------------

DANGEROUS_TAGS = {"iframe", "object", "embed", "form", "base", "frame", "frameset", "applet", "svg", "math"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Report charts (site/charts.py) are inline SVG: allowed only as <svg class="pb-chart"> holding these shapes.
CHART_TAGS = {"title", "rect", "text", "line", "circle", "polyline"}
SAFE_STYLE = re.compile(r"(?:(?:left|width):\d+(?:\.\d+)?%;?)+")


class Live(HTMLParser):
    """Collects everything in a page that could run script or load something from elsewhere.

    Event handlers, script URLs, foreign scripts and styles are looked for in the whole page (the
    theme's header, navigation and table of contents show content titles too); embedding tags only
    in the page content, since the theme itself draws its icons as inline SVG and has a search form.
    """

    def __init__(self, name: str, whole_page_is_content: bool = False):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.content_depth = 1 if whole_page_is_content else 0
        self.found: list[str] = []
        self.in_script = False
        self.ids: list[str] = []
        self.title = ""
        self.in_title = False
        self.in_chart = False

    def handle_starttag(self, tag, attrs):
        if self.in_chart and tag not in CHART_TAGS:
            self.found.append(f"<{tag}> in a chart")
        if tag == "svg" and self.content_depth and dict(attrs).get("class") == "pb-chart" and not self.in_chart:
            self.in_chart = True
            tag = "chart"  # checked like any element below, but not an embedding tag
        if self.content_depth and tag not in VOID:
            self.content_depth += 1
        elif tag == "article" and "md-content__inner" in (dict(attrs).get("class") or ""):
            self.content_depth = 1
        if tag in DANGEROUS_TAGS and self.content_depth:
            self.found.append(f"<{tag}>")
        if tag == "meta" and any(k == "http-equiv" for k, _ in attrs):
            self.found.append("<meta http-equiv>")
        if tag == "script":
            src = dict(attrs).get("src")
            if src is not None and not re.fullmatch(r"(?:/|(?:\.\./)*)assets/javascripts/[\w./-]+\.js", src):
                self.found.append(f"<script src={src}>")
            self.in_script = True
        if tag == "title" and not self.in_chart:
            self.in_title = True
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES:
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                if squeezed.startswith(("javascript:", "data:", "vbscript:")) or "evil.example" in squeezed:
                    self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and not SAFE_STYLE.fullmatch(value.replace(" ", "")):
                self.found.append(f"<{tag} style={value!r}>")
            if name == "class" and "evil" in value.split():
                self.found.append(f"<{tag} class=evil> (attr_list)")
            if name == "id":
                self.ids.append(value)

    def handle_endtag(self, tag):
        if tag == "svg" and self.in_chart:
            self.in_chart = False
        if self.content_depth > 1 or (self.content_depth == 1 and tag == "article"):
            self.content_depth -= 1
        if tag == "script":
            self.in_script = False
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.found.append(f"inline script: {data[:60]!r}")
        if self.in_title:
            self.title += data


# A docs/ page may use attr_list classes ({ .md-button }) and inline SVG icons; the sanitiser keeps
# only their inert attributes, so on docs pages neither counts as live.
DOCS_PAGE_ALLOWED = {"<svg>", "<h2 class=evil> (attr_list)"}


def live_markup(site: Path) -> dict[str, list[str]]:
    out = {}
    for page in sorted(site.rglob("*.html")):
        parser = Live(page.name)
        parser.feed(page.read_text(encoding="utf-8"))
        found = parser.found + [f"duplicate id {i}" for i in set(parser.ids) if parser.ids.count(i) > 1]
        if page.relative_to(site).as_posix() == "hostile/index.html":
            found = [f for f in found if f not in DOCS_PAGE_ALLOWED]
        if found:
            out[page.relative_to(site).as_posix()] = found
    return out


# -- the hostile handbook --------------------------------------------------------------------------------

def test_no_live_markup_anywhere(hostile):
    _, site = hostile
    assert live_markup(site) == {}


def test_payloads_are_shown_as_text(hostile):
    _, site = hostile
    campaign = (site / "campaigns/spring-launch/index.html").read_text()
    assert "&lt;script&gt;alert(&#39;copy&#39;)&lt;/script&gt;" in campaign  # the copy, escaped
    assert "&amp;lt;b&amp;gt;" in campaign  # an entity written in the copy stays as typed
    assert "[x](javascript:alert(&#39;copy-md&#39;))" in campaign  # Markdown in copy is not Markdown
    assert "{: onclick=" in campaign  # attr_list syntax stays text
    assert 'alt="&#34;&gt;&lt;script&gt;alert(&#39;alt&#39;)&lt;/script&gt;"' in campaign
    assert "safe link" in campaign and 'href="https://ok.example/safe"' in campaign  # sanitised, not erased
    assert "Ben &lt;img src=x onerror=alert(&#39;name&#39;)&gt;" in campaign
    report = (site / "reports/2027-04/index.html").read_text()
    assert "&lt;script&gt;alert(&#39;rival&#39;)&lt;/script&gt;" in report  # in the table and the chart
    assert report.count("<svg") >= 3 and "alert(&#39;rival&#39;)</text>" not in report.replace("&lt;", "")
    insights = (site / "insights/index.html").read_text()
    assert "&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;" in insights and "safe link" in insights


def test_jinja_in_content_appears_literally(hostile):
    _, site = hostile
    campaign = (site / "campaigns/spring-launch/index.html").read_text()
    assert f'<pre class="pb-copy"><code>{JINJA}' in campaign  # the post body, exactly as written
    for page in ("campaigns/spring-launch/index.html", "policy/hostile/index.html"):
        text = (site / page).read_text()  # briefs and chapters are Markdown (__init__ is bold), never Jinja
        assert "Intro {{ cycler." in text and "os.environ }} and" in text, page
        assert LOOP in text and "looploop" not in text, page
    home = (site / "index.html").read_text()
    # a title via a macro: inert text (the sanitiser decodes the macro's entities; no Jinja runs after it)
    assert "{{ 7*7 }}" in home and ">49<" not in home


def test_environment_never_reaches_the_site(hostile):
    _, site = hostile
    for path in site.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path


def test_titles_are_escaped_before_the_theme(hostile):
    _, site = hostile
    page = (site / "campaigns/spring-launch/index.html").read_text()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.startswith("&lt;/title&gt;&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;")
    assert "&lt;/title&gt;&lt;script&gt;alert(&#39;site&#39;)" in title  # the site name, from settings.yml
    assert "<h1>&lt;/title&gt;&lt;script&gt;" in page
    for path in site.rglob("*.html"):
        head = path.read_text().split("</head>", 1)[0]
        assert re.search(r"<title>[^<]*</title>", head), path  # the title holds no tag at all
        assert head.count("<title>") == 1 and head.count("</title>") == 1, path


def test_search_index_holds_no_markup_from_content(hostile):
    """The search UI shows titles and text as HTML: only the tags material's indexer keeps may appear."""
    _, site = hostile
    index = json.loads((site / "search/search_index.json").read_text())
    kept = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}
    for doc in index["docs"]:
        for field in ("title", "text"):
            tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", doc[field]))
            assert tags <= kept, (doc["location"], field, tags)
    escaped = ("&lt;script&gt;alert(&#x27;copy&#x27;)", "&lt;script&gt;alert(&#39;copy&#39;)",
               "&lt;script&gt;alert('copy')")  # material's indexer and our compact entries escape quotes apart
    assert any(form in d["text"] for d in index["docs"] for form in escaped)  # the copy is in the index, as text


def test_only_images_and_videos_are_published_from_media(hostile):
    _, site = hostile
    assert (site / "media/teaser.png").is_file()
    assert not (site / "media/evil.svg").exists()
    assert not (site / "media/evil.html").exists()


# -- builds that must stop ----------------------------------------------------------------------------------

def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def built(tmp_path):
    root = make_handbook(tmp_path / "hb")
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr
    return root, site, snapshot(site)


def test_content_error_aborts_and_leaves_the_previous_site(built):
    root, site, before = built
    (root / "content/posts/spring-launch/teaser.md").write_text(
        post("Teaser", "instagram", "2027-04-05 10:00", "Text", status="maybe"))
    (root / "content/responses/where-is-my-order.md").write_text(
        "---\ntitle: Where\ncategory: question\n---\nHi\n")
    result = build(root, site)
    assert result.returncode == 1
    assert "content/posts/spring-launch/teaser.md:6:9: error:" in result.stderr  # the bad status value
    assert "content/responses/where-is-my-order.md:" in result.stderr  # ...and the other file's problems
    assert "[schema.missing]" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site) == before


def test_render_macros_in_a_post_is_refused(built):
    root, site, before = built
    (root / "content/posts/spring-launch/macro.md").write_text(
        post("Macro", "x", "2027-04-20 09:00", JINJA, extra="render_macros: true\n"))
    result = build(root, site, env={"PLAYBOOK_CANARY": CANARY})
    assert result.returncode == 1
    assert "content/posts/spring-launch/macro.md:7:1: error: unknown key 'render_macros'" in result.stderr
    assert CANARY not in result.stderr + result.stdout
    assert snapshot(site) == before


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_symlink_in_docs_is_refused(built, tmp_path, kind):
    root, site, before = built
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\nsecret-outside-the-repo\n")
    if kind == "file":
        (root / "docs/leak.md").symlink_to(outside / "secret.md")
    else:
        (root / "docs/leak").symlink_to(outside, target_is_directory=True)
    result = build(root, site)
    assert result.returncode == 1
    assert "symbolic links are not allowed in the docs folder" in result.stderr
    assert "docs/leak" in result.stderr
    assert snapshot(site) == before


def test_jinja_attack_in_a_docs_page_fails_the_build(built):
    root, site, before = built
    (root / "docs/attack.md").write_text(f"# Attack\n\n{JINJA}\n")
    result = build(root, site, env={"PLAYBOOK_CANARY": CANARY})
    assert result.returncode != 0
    assert "unsafe" in result.stderr + result.stdout
    assert CANARY not in result.stderr + result.stdout
    assert snapshot(site) == before  # the macros of docs/ pages are rendered before MkDocs cleans site/


def test_undefined_name_in_a_docs_page_fails_the_build(built):
    root, site, _ = built
    (root / "docs/typo.md").write_text("# Typo\n\n{{ upcoming_post(days=7) }}\n")
    result = build(root, site)
    assert result.returncode != 0
    assert "upcoming_post" in result.stderr + result.stdout


def test_yaml_aliases_in_docs_front_matter_are_refused(built):
    root, site, before = built
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n# Bomb\n"
    (root / "docs/bomb.md").write_text(bomb)
    result = build(root, site)
    assert result.returncode == 1
    assert "docs/bomb.md:2:4: error: anchor '&a' is not allowed" in result.stderr
    assert snapshot(site) == before


# -- units ------------------------------------------------------------------------------------------------

def test_generated_pages_are_never_rendered_by_macros():
    from playbook.site import hook
    from playbook.site.page import Page
    from playbook.site.state import Build, set_current

    page = Page("campaigns/x.md", "{{ 7*7 }}", body="<p>x</p>")
    set_current(Build(Path("/nonexistent"), Path("/nonexistent/docs"), None, None, {page.path: page}))
    try:
        fake = SimpleNamespace(file=SimpleNamespace(src_uri="campaigns/x.md", generated_by="hook"),
                               meta={"render_macros": True, "title": "x"})
        hook.before_markdown("{{ 7*7 }}", fake)
        assert fake.meta["render_macros"] is False
        assert fake.meta["title"] == "{{ 7*7 }}"  # kept as text, escaped later with every title
        other = SimpleNamespace(file=SimpleNamespace(src_uri="x.md", generated_by="another-plugin",
                                                     abs_src_path=None), meta={"render_macros": True})
        hook.before_markdown("", other)
        assert other.meta["render_macros"] is False
    finally:
        set_current(None)


def test_e_escapes_every_text_as_markupsafe_does():
    """html.e() takes markupsafe's C escaper for plain strings, or a written-out fallback: both give
    markupsafe's bytes for every character that matters in HTML text and quoted attributes."""
    from markupsafe import Markup, escape

    from playbook.site.html import e, escape_text

    texts = ["", "plain", "<script>alert('x')</script>", 'a "quoted" & \'single\' <b>', "&amp; already",
             "“curly” — 👟 ❄️ \u2028 \x00", "x" * 500 + "<"]
    for text in texts:
        assert e(text) == escape_text(text) == str(escape(text)), text
    assert e(Markup("<b>kept</b>")) == "<b>kept</b>"  # markup that escapes itself
    assert e(7) == "7"


def test_sandbox_blocks_attribute_walks_and_huge_strings():
    from jinja2 import Environment, UndefinedError
    from jinja2.exceptions import SecurityError

    from playbook.site.sandbox import sandbox_like

    env = sandbox_like(Environment())
    with pytest.raises(SecurityError):
        env.from_string(JINJA).render()
    with pytest.raises(SecurityError):
        env.from_string("{{ 'a' * 100000000 }}").render()
    with pytest.raises(SecurityError):
        env.from_string("{{ 10 ** 100000 }}").render()
    with pytest.raises(UndefinedError):
        env.from_string("{{ nothing_here }}").render()
    with pytest.raises(SecurityError):
        env.from_string("{% set x = [] %}{{ x.append(1) }}").render()
    assert env.from_string("{{ 'ab' * 3 }} {{ 2 ** 8 }}").render() == "ababab 256"


@pytest.mark.parametrize("attack", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))", "<a href='&#106;avascript:alert(1)'>a</a>", "<a href='java&#x09;script:x'>a</a>",
    "[a](data:text/html,x)", "<a href='vbscript:x'>a</a>", "<svg onload=alert(1)>", "<iframe src=x>",
    "para {: onclick='alert(1)' }", "<p style='background:url(x)'>p</p>", "<style>*{}</style>",
    "<math><mi xlink:href='javascript:x'>m</mi></math>", "<a href='x' onmouseover='alert(1)'>a</a>",
    "![i](https://evil.example/t.png)", "<h2 id='__search'>x</h2>",
])
def test_sanitiser_removes_every_vector(attack):
    from playbook.site.sanitize import render_markdown

    out = render_markdown(attack).html
    parser = Live("unit", whole_page_is_content=True)
    parser.feed(out)
    assert parser.found == [], out
    assert "<script" not in out and "javascript:" not in out.lower() and "__search" not in out


def test_sanitiser_keeps_ordinary_markdown():
    from playbook.site.sanitize import render_markdown

    out = render_markdown("# Top\n\n**bold** and [a link](https://ok.example/) and `code`\n\n"
                          "| a | b |\n|---|---|\n| 1 | 2 |\n\n!!! note \"Careful\"\n    Text.\n", {"top"})
    assert '<h2 id="top-1">Top' in out.html  # demoted to h2; a reserved id gets a suffix
    assert "<strong>bold</strong>" in out.html and 'href="https://ok.example/"' in out.html
    assert "<table>" in out.html and '<div class="admonition note">' in out.html
    assert out.toc[0]["id"] == "top-1"


def test_briefs_share_a_converter_but_nothing_else():
    """Converters are reused between documents: abbreviations, link references and heading levels of one
    brief never reach the next."""
    from playbook.site.sanitize import render_markdown

    first = render_markdown("*[HTML]: Hyper Text\n\nHTML [x][r]\n\n[r]: https://a.example/\n\n# One\n\n## Two", top=3)
    assert '<abbr title="Hyper Text">HTML</abbr>' in first.html and '<h3 id="one">' in first.html
    assert '<h4 id="two">' in first.html
    second = render_markdown("HTML [x][r]\n\n### Three", top=3)
    assert "<abbr" not in second.html and "https://a.example/" not in second.html and "[x][r]" in second.html
    assert '<h3 id="three">' in second.html and [t["level"] for t in second.toc] == [3]
    raw_top = render_markdown("<h2>raw</h2>\n\n## md", top=3).html  # a raw h2 pushes Markdown's h2 to h3
    assert '<h3 id="md">' in raw_top


def test_titles_lose_all_markup():
    from playbook.site.sanitize import clean_title

    assert clean_title("</title><script>alert(1)</script>x") == "x"
    assert clean_title("&lt;/title&gt;") == "&lt;/title&gt;"
    assert clean_title('Q&A "quoted"') == "Q&amp;A &quot;quoted&quot;"


def test_macro_output_is_inert_in_markdown():
    from playbook.site.html import inert

    out = inert("[x](javascript:alert(1)) {{ 7*7 }} *b* :smile: <i>")
    assert not re.search(r"[\[\](){}*:<>]", out)


def test_channel_icons_cannot_leave_the_bundled_sets():
    from playbook.site import icons

    for name in ("../../../etc/passwd", "material/../../x", "/etc/passwd", "x\ny", "instagram.svg", ""):
        assert icons.svg(name) is None, name
    assert icons.svg("instagram") and icons.svg("fontawesome/brands/tiktok")
    assert icons.channel_icon("x", "no-such-icon") == "fontawesome/brands/x-twitter"
    assert icons.channel_icon("newsletter", "no-such-icon") == icons.FALLBACK
    css = icons.stylesheet({"instagram": "instagram"})
    assert ".pb-ch-instagram{--pb-icon:url(\"data:image/svg+xml" in css and "\n." in css
    assert '"' not in css.split('url("', 1)[1].split('")', 1)[0]  # the SVG cannot end the CSS string
