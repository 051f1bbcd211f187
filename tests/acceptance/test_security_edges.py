"""Issue 10: hostile docs/ pages and edge values. Nothing from a pull request reaches the browser as markup
or a request to another host, exhausts the build machine, or ends in a traceback.

Each class is tried with several variants of its payload:

- docs/ front matter: only the allow-listed keys, typed, reach the theme (``template``/``location``,
  ``status``, list values, MultiMarkdown settings, broken blocks are located problems);
- active files in docs/ (``.html``, ``.svg``, ``.js`` ...) are refused;
- image sources are read the way browsers read URLs before deciding they are local;
- a failing docs/ page leaves the previous site/ in place under a direct ``mkdocs build --strict``.
"""

from __future__ import annotations

import html
import re

import pytest
from jinja2.exceptions import SecurityError
from paths import GOLDEN
from test_security import CANARY, live_markup, snapshot
from test_security import built as built  # the fixture: a built handbook and its site's bytes
from test_site import build, make_handbook

# -- docs/ front matter -------------------------------------------------------------------------------

HOSTILE_PAGES = {
    # page -> (text, expected "line:column: error: message-start", rule)
    "redirect.md": ("---\ntitle: Moved\ntemplate: redirect.html\nlocation: \"javascript:alert('redirect')\"\n---\n"
                    "# Moved\n", [("3:11", "'template' is 'redirect.html', not one of: main.html", "schema.value"),
                                  ("4:1", "unknown key 'location'", "schema.unknown")]),
    "status.md": ("---\nstatus: \"<script>alert('status')</script>\"\n---\n# S\n",
                  [("2:1", "unknown key 'status'", "schema.unknown")]),
    "lists.md": ("---\ntitle: [\"<script>alert('list')</script>\"]\nsubtitle: {a: \"<b>x</b>\"}\n---\n# L\n",
                 [("2:8", "'title' must be text, not a list", "schema.type"),
                  ("3:11", "'subtitle' must be text, not a mapping", "schema.type")]),
    "author.md": ("---\nauthor: \"<img src=x onerror=alert('author')>\"\ntags: [a]\n---\n# A\n",
                  [("2:1", "unknown key 'author'", "schema.unknown"), ("3:1", "unknown key 'tags'", "schema.unknown")]),
    "icon.md": ("---\nicon: material/no-such-icon\n---\n# I\n",
                [("2:7", "'material/no-such-icon' is not an icon bundled with mkdocs-material", "schema.value")]),
    "bare-icon.md": ("---\nicon: \"../../../../etc/passwd\"\n---\n# I\n",
                     [("2:7", "'../../../../etc/passwd' is not an icon bundled", "schema.value")]),
    "template.md": ("---\ntemplate: no-such.html\n---\n# T\n",
                    [("2:11", "'template' is 'no-such.html', not one of: main.html", "schema.value")]),
    "hide.md": ("---\nhide: [navigation, \"<script>\"]\nsearch: {exclude: yes}\n---\n# H\n",
                [("2:20", "'<script>' is not one of:", "schema.value"),
                 ("3:19", "'exclude' must be true or false, not text", "schema.type")]),
    "multimarkdown.md": ("template: redirect.html\nlocation: javascript:alert('mmd')\n\n# MMD\n",
                         [("1:1", "MkDocs reads the first lines as page settings (location, template)",
                           "file.front-matter")]),
    "unclosed.md": ("---\ntitle: Open\n# never closed\n", [("1:1", "front-matter block is not closed",
                                                             "file.front-matter")]),
    "broken-yaml.md": ("---\ntitle: [open\n---\n# B\n", [("3:1", "YAML syntax error", "yaml.syntax")]),
    "not-mapping.md": ("---\n- a\n- b\n---\n# N\n", [("2:1", "front matter must be a mapping", "file.front-matter")]),
    "late-block.md": ("\n\n---\ntitle: Late\n---\n# Late\n", [("3:1", "the front-matter block does not start on the "
                                                                 "first line", "file.front-matter")]),
    "separator.md": ("---\ntitle: S\n---\n# S\n\nline\u2028evergreen: true\n", []),  # body text: not front matter
}


def test_hostile_docs_front_matter_is_refused_with_located_problems_before_site_is_cleaned(built):
    root, site, before = built
    for name, (text, _) in HOSTILE_PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    result = build(root, site, env={"PLAYBOOK_CANARY": CANARY})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    for name, (_, expected) in HOSTILE_PAGES.items():
        for where, message, rule in expected:
            line = next((text for text in output.splitlines()
                         if text.startswith(f"docs/{name}:{where}: error: {message}")), None)
            assert line is not None and line.endswith(f"[{rule}]"), (name, where, message, output)
    assert "Traceback" not in output and "TemplateNotFound" not in output
    assert snapshot(site) == before  # stopped in on_config: the previous site is untouched


def test_allowed_front_matter_reaches_the_theme_as_text_only(tmp_path):
    root = make_handbook(tmp_path / "hb", {
        "docs/allowed.md": "---\ntitle: \"Allowed </title><script>alert('t')</script>\"\n"
                           "description: \"\\\"><script>alert('d')</script>\"\n"
                           "subtitle: \"<img src=x onerror=alert('s')>\"\nicon: material/calendar-month\n"
                           "hide: [toc]\nsearch: {exclude: false, boost: 2}\ntemplate: main.html\n"
                           "render_macros: false\n---\n# Allowed\n\n{{ not_rendered }}\n",
    })
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr
    assert live_markup(site) == {}
    page = (site / "allowed/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "{{ not_rendered }}" in page  # render_macros: false is honoured
    assert "Allowed" in page


def test_docs_front_matter_units():
    from playbook.problems import ProblemList
    from playbook.site.docs_pages import FRONT_MATTER, _checked
    from playbook.source import Source, split_front_matter

    def check(text):
        found, source = ProblemList(), Source("docs/x.md")
        split_front_matter(text, source, found)
        return _checked(source, found), [f"{p.line}:{p.column} {p.rule}" for p in found.sorted()]

    meta, problems = check("---\ntitle: T\nhide: toc\nsearch: {boost: 11}\nrender_macros: no\n---\n")
    assert meta == {"title": "T", "hide": ["toc"], "search": {}}
    assert problems == ["4:17 schema.value", "5:16 schema.type"]
    assert set(FRONT_MATTER) == {"title", "description", "subtitle", "icon", "hide", "search", "template",
                                 "render_macros"}



@pytest.mark.parametrize("hide, expected", [
    ("[1, {a: b}]", ["2:8 schema.value", "2:11 schema.type"]),
    ("[toc, 1.5, true, 1]", ["2:13 schema.value", "2:18 schema.type", "2:24 schema.value"]),
    ("[.inf]", ["2:8 schema.value"]),
    ("7", ["2:7 schema.type"]),
])
def test_numbers_in_hide_are_located_problems_not_a_crash(hide, expected):
    from playbook.problems import ProblemList
    from playbook.site.docs_pages import _checked
    from playbook.source import Source, split_front_matter

    found, source = ProblemList(), Source("docs/x.md")
    split_front_matter(f"---\nhide: {hide}\n---\n# X\n", source, found)
    meta = _checked(source, found)  # `hide: [1]` raised ValueError from list.index
    assert "hide" not in meta or meta["hide"] == ["toc"]
    assert [f"{p.line}:{p.column} {p.rule}" for p in found.sorted()] == expected

# -- active files in docs/ -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["evil.html", "evil.HTM", "img/evil.svg", "evil.js", "evil.xhtml", "evil.xml",
                                  "evil.mjs", "evil.css", "evil.pdf", "evil"])
def test_active_files_in_docs_are_refused(built, name):
    root, site, before = built
    target = root / "docs" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("<script>alert('active')</script>", encoding="utf-8")
    result = build(root, site)
    assert result.returncode == 1, result.stderr
    assert f"docs/{name}:1:1: error: '{name}' would be published as it is" in result.stderr
    assert "[site.file]" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(site) == before


def test_passive_files_in_docs_are_published(tmp_path):
    root = make_handbook(tmp_path / "hb", {"docs/img/photo.png": b"\x89PNG\r\n\x1a\n",
                                           "docs/robots.txt": "User-agent: *\n",
                                           "docs/.hidden.html": "<script>alert(1)</script>"})
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr
    assert (site / "img/photo.png").exists() and (site / "robots.txt").exists()
    assert not (site / ".hidden.html").exists()  # MkDocs leaves dot files out: nothing to refuse


# -- URLs as browsers read them ---------------------------------------------------------------------------

@pytest.mark.parametrize("src", [
    " //evil.example/a.png", "\t//evil.example/a.png", "/\t/evil.example/a.png", "/\n/evil.example/a.png",
    "&#x20;//evil.example/a.png", "&#9;//evil.example/a.png", "&#1;//evil.example/a.png",
    "\\\\evil.example/a.png", "/\\evil.example/a.png", "\\/evil.example/a.png", " https://evil.example/a.png",
    "ht\ttps://evil.example/a.png", "java\nscript:alert(1)", "&#x6A;avascript:alert(1)",
    "data:image/svg+xml,<svg onload=alert(1)>", "HTTPS://evil.example/a.png",
])
def test_image_sources_that_leave_the_site_are_removed(src):
    from playbook.site.sanitize import clean_page_html

    out = clean_page_html(f'<p><img alt="x" src="{src}"></p>')
    assert "src=" not in out, out


@pytest.mark.parametrize("src", ["img/a.png", "../media/a.png", "/img/a.png", "a%20b.png", "./x/y.webp"])
def test_local_image_sources_are_kept(src):
    from playbook.site.sanitize import clean_page_html

    assert f'src="{src}"' in clean_page_html(f'<p><img alt="x" src="{src}"></p>')


def test_docs_page_images_make_no_request_elsewhere(tmp_path):
    root = make_handbook(tmp_path / "hb", {"docs/images.md": "# Images\n\n"
                                           + "".join(f'<img alt="a" src="{s}">\n\n' for s in (
                                               " //evil.example/1.png", "/\t/evil.example/2.png",
                                               "\\\\evil.example/3.png"))
                                           + "![x]( //evil.example/4.png)\n"})
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr
    page = html.unescape((site / "images/index.html").read_text(encoding="utf-8"))
    for src in re.findall(r'<img[^>]* src="([^"]*)"', page):
        squeezed = re.sub(r"[\t\n\r]", "", src.strip("\x00 ")).replace("\\", "/")
        assert not squeezed.startswith("//") and ":" not in squeezed, src


# -- memory: every value a page builds is bounded -------------------------------------------------------

DOUBLING = "{% set ns = namespace(s='ab', l=['ab']) %}{% for i in range(40) %}STEP{% endfor %}{{ ns.s|length }}"


@pytest.mark.parametrize("source", [
    # widths and counts through arguments, bytes, markup-safe strings, numbers, translation tables
    "{{ '{:>{}}'.format(1, 400000000) }}",
    "{{ '{:>{w}}'.format(1, w=400000000) }}",
    "{{ '{x:>{w}}'.format_map({'x': 1, 'w': 400000000}) }}",
    "{{ 'a'.encode().ljust(400000000) }}",
    "{{ 'a'.encode().center(400000000) }}",
    "{{ ('a'.encode() * 100000).replace('a'.encode(), 'b'.encode() * 100000) }}",
    "{{ ('a\t'.encode() * 50000).expandtabs(100000) }}",
    "{{ ('a'|safe).center(400000000) }}",
    "{{ ('a'|safe).ljust(400000000) }}",
    "{{ (('a' * 100000)|safe).replace('a', 'b' * 100000) }}",
    "{{ ('x'|safe).join(['a' * 100000] * 100000) }}",
    "{{ (1).to_bytes(400000000, 'big') }}",
    "{{ ('a' * 100000).translate({97: 'b' * 100000}) }}",
    "{{ 'a'.rjust(400000000) }}",
    # doubling in a loop, whatever does the doubling
    DOUBLING.replace("STEP", "{% set ns.s = ns.s ~ ns.s %}"),
    DOUBLING.replace("STEP", "{% set ns.s = ns.s + ns.s %}"),
    DOUBLING.replace("STEP", "{% set ns.l = ns.l + ns.l %}"),
    DOUBLING.replace("STEP", "{% set ns.s = [ns.s, ns.s]|join %}"),
    DOUBLING.replace("STEP", "{% set ns.s = '{}{}'.format(ns.s, ns.s) %}"),
    DOUBLING.replace("STEP", "{% set ns.s = '%s%s' % (ns.s, ns.s) %}"),
    DOUBLING.replace("STEP", "{% set ns.s = ns.s.replace('a', 'aa').replace('b', 'bb') %}"),
    DOUBLING.replace("STEP", "{% set ns.s = ns.s|replace('a', 'aa')|replace('b', 'bb') %}"),
    DOUBLING.replace("STEP", "{% set ns.s = ns.s * 2 %}"),
    DOUBLING.replace("STEP", "{% set ns.s = ns.s.center(ns.s|length * 2) %}"),
    DOUBLING.replace("STEP", "{% set ns.s = ns.s.ljust(ns.s|length * 2) %}"),
    DOUBLING.replace("STEP", "{% set ns.s = (ns.s, ns.s)|string %}"),
    DOUBLING.replace("STEP", "{% set ns.s = dbl(ns.s) %}").replace("{% set ns", "{% macro dbl(s) %}{{ s }}{{ s }}"
                                                                   "{% endmacro %}{% set ns", 1),
    DOUBLING.replace("STEP", "{% set ns.s = ns.s ~ ns.s|upper %}"),
    # nesting shared values without any call, then showing or stringifying them
    "{% set a = 'x' * 100000 %}{% set b = [a, a, a, a, a, a, a, a, a, a, a] %}{{ b }}",
    "{% set a = 'x' * 100000 %}{% set b = [a, a, a, a, a, a, a, a, a, a, a] %}{{ b|string|length }}",
    "{% set a = 'x' * 100000 %}{% set b = {'k': [a, a, a, a, a, a, a, a, a, a, a]} %}{{ b|tojson|length }}",
    "{% set a = 'x' * 100000 %}{% set b = [a, a, a, a, a, a, a, a, a, a, a] %}{{ 'x{}'.format(b)|length }}",
    "{% set a = 'x' * 100000 %}{% set b = [a, a, a, a, a, a, a, a, a, a, a] %}{{ (b ~ '')|length }}",
    # total output of one page
    "{% for i in range(60) %}{{ 'a' * 100000 }}{% endfor %}",
])
def test_no_value_a_page_builds_exceeds_the_bound(source):
    import tracemalloc

    from test_security_redteam import render, sandbox

    tracemalloc.start()
    try:
        with pytest.raises(SecurityError):
            render(sandbox(), source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024, f"{peak:,} bytes allocated before the refusal"


def test_ordinary_templates_stay_within_the_bound():
    from test_security_redteam import render, sandbox

    out = render(sandbox(), "{% set ns = namespace(s='ab') %}{% for i in range(10) %}{% set ns.s = ns.s ~ ns.s %}"
                            "{% endfor %}{{ ns.s|length }} {{ '{:,}'.format(5000000) }} {{ '{:>{}}'.format(1, 3) }} "
                            "{{ (range(1000)|list)|sum }} {{ ('a' * 1000).translate({97: 'bc'})|length }} "
                            "{{ 'a'.encode().ljust(3) }} {{ [1, 2] + [3] }}")
    assert out == "2048 5,000,000   1 499500 2000 b'a  ' [1, 2, 3]"


def test_size_of_counts_shared_values_each_time_and_stops_early():
    from playbook.site.sandbox import MAX_VALUE, size_of

    text = "x" * 1000
    nested = [text] * 10
    for _ in range(20):  # 10**20 references, a few hundred bytes of memory
        nested = [nested] * 10
    assert MAX_VALUE < size_of(nested) < 2 * MAX_VALUE
    assert size_of({"a": [1, 22], "b": "xyz"}) == 3 + 1 + 1 + 3 + 3 + 1 + 1 + 1


# -- memory and time of validation: suggestions and problem messages ----------------------------------

def test_did_you_mean_in_a_large_team_compares_only_near_ids():
    from playbook import suggest

    people = [f"person-{n:05d}" for n in range(20_000)] + ["ana-lead", "ben-writer"]
    assert suggest.closest("ana-laed", people) == "ana-lead"  # a transposition
    assert suggest.closest("Ben-Writer", people) == "ben-writer"  # case
    assert suggest.closest("ben-writr", people) == "ben-writer"  # a deletion
    assert suggest.closest("zzzzzzzz", people) is None
    compared = []
    original = suggest.difflib.get_close_matches
    suggest.difflib.get_close_matches = lambda word, choices, **kw: compared.append(len(choices)) or original(
        word, choices, **kw)
    try:
        for n in range(50):
            suggest.closest(f"person-{n:05d}x", people)
    finally:
        suggest.difflib.get_close_matches = original
    assert max(compared) <= 25, compared  # not 20,002 comparisons per misspelt id
    assert suggest.closest("ana-laed", ["ana-lead", "ben-writer"]) == "ana-lead"  # small sets: every choice


def test_a_crowded_day_gives_short_problems(tmp_path):
    from test_security_redteam import NOW

    from playbook.validate import validate

    overlay = {f"content/posts/spring-launch/crowd-{n:04d}.md": (
        f"---\ntitle: Crowd {n}\nchannel: x\npublish_at: 2027-04-07 {n // 60:02d}:{n % 60:02d}\n"
        "author: ben-writer\nstatus: draft\n---\nCopy.\n") for n in range(400)}
    root = make_handbook(tmp_path / "hb", overlay)
    capped = [p for p in validate(root, NOW).problems if p.rule == "time.channel-cap"]
    assert len(capped) == 400 - 3
    assert all(len(p.hint) < 250 for p in capped), max(len(p.hint) for p in capped)
    assert capped[0].hint.startswith("same day: spring-launch/crowd-0000, spring-launch/crowd-0001, "
                                     "spring-launch/crowd-0002, spring-launch/crowd-0004, "
                                     "spring-launch/crowd-0005 and 394 more")


def test_every_problem_is_one_bounded_line():
    from playbook.problems import MAX_MESSAGE, Problem, listing

    problem = Problem("a.md", 1, 1, "schema.unknown", "unknown key '" + "k" * 100_000 + "'", hint="h" * 10_000)
    assert len(problem.message) == MAX_MESSAGE and problem.message.endswith("…")
    assert len(problem.hint) == MAX_MESSAGE
    assert listing(["a", "b"]) == "a, b" and listing("abcdefg") == "a, b, c, d, e and 2 more"
    assert listing(map(str, range(10**12)), total=10**12).endswith("and 999,999,999,995 more")


# -- edge values: located problems, never a traceback ---------------------------------------------------

BASE = GOLDEN / "base"


def _edit(rel: str, old: str, new: str) -> dict[str, str]:
    text = (BASE / rel).read_text(encoding="utf-8")
    assert old in text, (rel, old)
    return {rel: text.replace(old, new, 1)}


HUGE = "9" * 5000
EDGES = {
    "huge-int": (_edit("calendar/channels.yml", "max_chars: 2200", f"max_chars: {HUGE}"), "calendar/channels.yml:4:16"),
    "huge-order": ({"policies/huge.md": f"---\ntitle: H\naudience: everyone\nowner: ana-lead\nversion: '1'\n"
                                        f"effective: 2026-01-01\norder: {HUGE}\n---\nText\n"}, "policies/huge.md:7:8"),
    "feed-refresh": (_edit("calendar/settings.yml", "feed_refresh: 6h", "feed_refresh: 99999999999999w"),
                     "calendar/settings.yml:6:15"),
    "feed-past-days": (_edit("calendar/settings.yml", "feed_past_days: 30", "feed_past_days: 999999999"),
                       "calendar/settings.yml:5:17"),
    "min-gap": (_edit("calendar/channels.yml", "min_gap: 2h", f"min_gap: {HUGE}m"), "calendar/channels.yml:10:14"),
    "lead-time": (_edit("policies/rules.yml", "legal: 3d", "legal: 999999999w"), "policies/rules.yml:4:10"),
    "respond-within": (_edit("policies/rules.yml", "question: 4h", "question: 99999999999d"),
                       "policies/rules.yml:6:13"),
    "grace": ({"policies/rules.yml": (BASE / "policies/rules.yml").read_text()
               + "rules:\n  time.missed: {severity: warning, grace: 999999999w}\n"}, "policies/rules.yml:"),
    "publish-end": (_edit("content/posts/spring-launch/teaser.md", "publish_at: 2027-04-05 10:00",
                          "publish_at: 9999-12-31 23:55"), "content/posts/spring-launch/teaser.md:4:13"),
    "publish-start": (_edit("content/posts/spring-launch/teaser.md", "publish_at: 2027-04-05 10:00",
                            "publish_at: 0001-01-01T00:00+14:00"), "content/posts/spring-launch/teaser.md:4:13"),
    "campaign-end": (_edit("calendar/campaigns/spring-launch.md", "ends: 2027-04-30", "ends: 9999-12-31"),
                     "calendar/campaigns/spring-launch.md:5:7"),
    "quiet-end": (_edit("calendar/quiet.yml", "end: 2027-04-10", "end: 9999-12-31"), "calendar/quiet.yml:3:10"),
    "review-by": ({"policies/far.md": "---\ntitle: F\naudience: everyone\nowner: ana-lead\nversion: '1'\n"
                                      "effective: 0001-01-01\nreview_by: 9999-12-31\n---\nText\n"},
                  "policies/far.md:6:12"),
    "approval-at": (_edit("content/posts/spring-launch/teaser.md", "status: draft\n",
                          "status: draft\napprovals:\n  - {by: ana-lead, role: social-lead, at: 9999-12-31 23:59, "
                          "digest: sha256:00}\n"), "content/posts/spring-launch/teaser.md:8:43"),
    "localtime": (_edit("calendar/settings.yml", "timezone: Europe/Berlin", "timezone: localtime"),
                  "calendar/settings.yml:2:11"),
}


@pytest.mark.parametrize("name", sorted(EDGES))
def test_edge_values_are_located_problems(tmp_path, name):
    from test_cli import run

    overlay, where = EDGES[name]
    root = make_handbook(tmp_path / "hb", overlay)
    for command in (["validate", "--now", "2027-03-30T12:00Z"], ["ics", "--out", str(tmp_path / "feeds")]):
        result = run(*command, cwd=root)
        output = result.stdout + result.stderr
        assert result.returncode == 1, (command, output)
        assert "Traceback" not in output and "internal error" not in output, output
        assert where in output, (where, output)


@pytest.mark.parametrize("args,message", [
    (["--title", "Far", "--at", "9999-12-31 23:59"], "outside the years 1900 to 2999"),
    (["--title", "Early", "--at", "0001-01-01T00:00+14:00"], "outside the years 1900 to 2999"),
    (["--title", b"Caf\xe9 menu".decode("utf-8", "surrogateescape"), "--at", "2027-04-07 10:00"], "not valid UTF-8"),
])
def test_playbook_new_refuses_edge_values_and_writes_nothing(tmp_path, args, message):
    import os
    import subprocess
    import sys

    root = make_handbook(tmp_path / "hb")
    command = [os.fsencode(a) for a in [sys.executable, "-m", "playbook", "new", "post", "spring-launch", "edge",
                                        "--channel", "x", "--author", "ben-writer", *args]]
    result = subprocess.run(command, cwd=root, capture_output=True, timeout=120)
    output = (result.stdout + result.stderr).decode("utf-8", "replace")
    assert result.returncode == 2, output
    assert message in output and "Traceback" not in output
    assert not (root / "content/posts/spring-launch/edge.md").exists()


def test_playbook_new_escapes_line_separators(tmp_path):
    from test_cli import run

    root = make_handbook(tmp_path / "hb")
    result = run("new", "post", "spring-launch", "sep", "--title", "A\u2028B\u2029C", "--channel", "x",
                 "--author", "ben-writer", "--at", "2027-04-07 10:00", cwd=root)
    text = (root / "content/posts/spring-launch/sep.md").read_text(encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "\u2028" not in text and '"A\\u2028B\\u2029C"' in text


# -- smaller defects --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,where", [
    ("---\ntitle: T\ntags: [x]   # note\u2028evergreen: true\n---\nCopy.\n", "3:19"),
    ("---\ntitle: \"T\u2029\"\n---\nCopy.\n", "2:10"),
    ("---\n\u2028title: T\n---\nCopy.\n", "2:1"),
])
def test_line_separators_in_front_matter_are_refused(tmp_path, text, where):
    from test_security_redteam import problems

    root = make_handbook(tmp_path / "hb", {"content/posts/spring-launch/sep.md": text,
                                           "calendar/quiet.yml": "windows: []\u2028\n"})
    found = problems(root)
    assert f"content/posts/spring-launch/sep.md:{where}: file.encoding: line separator U+202" in "\n".join(found), found
    assert "calendar/quiet.yml:1:12: file.encoding: line separator U+2028 is not allowed in YAML" in found


@pytest.mark.parametrize("name", ["late.MD", "late.Md", "late.markdown", "late.MARKDOWN"])
def test_markdown_files_with_another_extension_are_reported(tmp_path, name):
    from test_security_redteam import problems

    root = make_handbook(tmp_path / "hb", {f"content/posts/spring-launch/{name}": "---\ntitle: T\n---\n",
                                           f"policies/{name}": "---\ntitle: T\n---\n",
                                           "content/media/notes.MD": "not read: media"})
    found = "\n".join(problems(root))
    for folder in ("content/posts/spring-launch", "policies"):
        assert f"{folder}/{name}:1:1: file.front-matter: '{name}' is skipped: Playbook reads files ending in " \
               "'.md' only" in found, found
    assert "content/media/notes.MD" not in found


def test_approve_keeps_carriage_return_line_ends(tmp_path):
    from test_cli import run

    root = make_handbook(tmp_path / "hb")
    path = root / "content/posts/spring-launch/teaser.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    result = run("approve", str(path), "--by", "ana-lead", cwd=root)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    data = path.read_bytes()
    assert b"\n" not in data and b"approvals:\r" in data


def test_pages_show_the_build_time_and_no_host_details(tmp_path):
    settings = (BASE / "calendar/settings.yml").read_text().replace(
        "site_name: Golden test handbook", "site_name: \"Q&A <b>desk</b>\"")
    root = make_handbook(tmp_path / "hb", {"docs/when.md": "# When\n\nBuilt {{ now().isoformat() }} "
                                                           "in {{ now().year }} from {{ git|length }}.\n",
                                           "calendar/settings.yml": settings})
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr
    page = (site / "when/index.html").read_text(encoding="utf-8")
    assert "Built 2027-03-30T14:00:00+02:00 in 2027" in page  # the build's reference time, in the handbook's zone
    assert 'title="Q&amp;A &lt;b&gt;desk&lt;/b&gt;"' in page and "&amp;amp;" not in page  # escaped once
    assert "<b>desk</b>" not in page
    for leak in ("environment", "git.root_dir"):
        (root / "docs/when.md").write_text(f"# When\n\n{{{{ {leak} }}}}\n")
        result = build(root, tmp_path / "site2")
        assert result.returncode == 1 and "[site.macro]" in result.stderr, result.stderr
        assert "Linux" not in result.stderr + result.stdout
