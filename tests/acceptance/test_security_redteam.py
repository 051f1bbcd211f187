"""Regression tests for attacks found by red-teaming the promise of test_security.py.

Each test names the attack that worked before its fix:

- ``site_url`` with a quote reached the theme's ``<link rel=canonical>`` and inline script unescaped;
  ``domain`` with spaces reached every feed UID.
- Escaped control characters in double-quoted YAML (``"\\r"``, ``"\\x1b"``, ``"\\0"``) passed the file
  check, which only sees the raw text.
- A brief or chapter nested a few hundred levels deep crashed python-markdown with a RecursionError
  traceback.
- docs/ pages: the sandbox allowed public attribute walks and method calls on any object, so
  ``config.plugins[...].hook.os.environ`` read the environment, ``config.theme.get_env()`` gave an
  unsandboxed Jinja environment (code execution) and ``page.file.generated(...)`` read any file;
  mkdocs-macros' globals had put back the unbounded ``range``; padding, ``%``/``format`` widths,
  ``replace``, ``join``, ``indent``, ``lipsum`` and nested loops could exhaust memory or time; and every
  template error printed a traceback instead of a located message.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from jinja2 import Environment
from jinja2.exceptions import SecurityError
from test_security import CANARY
from test_site import REPO, build, make_handbook, post

NOW = datetime(2027, 3, 30, 12, 0, tzinfo=timezone.utc)
BASE = REPO / "tests" / "golden" / "base"


def problems(root) -> list[str]:
    from playbook.validate import validate

    return [f"{p.path}:{p.line}:{p.column}: {p.rule}: {p.message}" for p in validate(root, NOW).problems]


def settings_with(**changes) -> str:
    text = (BASE / "calendar/settings.yml").read_text()
    for key, value in changes.items():
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text)
    return text


# -- settings.yml -----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "'https://handbook.test/\"><script>alert(1)</script>'",
    "\"https://handbook.test/'-alert(1)-'\"",
    "'https://handbook.test/<img src=x onerror=alert(1)>/'",
    "'https://handbook.test/a b/'",
    "'https://handbook.test\\\\@evil.example/'",
    "'https://handbook.test/?q=1'",
    "'https://user:pw@handbook.test/'",
])
def test_site_url_must_be_a_plain_address(tmp_path, url):
    root = make_handbook(tmp_path / "hb", {"calendar/settings.yml": settings_with(site_url=url)})
    found = problems(root)
    assert any(p.startswith("calendar/settings.yml:3:11: schema.value: 'site_url' must be a plain address")
               for p in found), found


@pytest.mark.parametrize("url", ["https://handbook.test/", "http://localhost:8000/", "https://example.com/team/handbook/"])
def test_ordinary_site_urls_pass(tmp_path, url):
    root = make_handbook(tmp_path / "hb", {"calendar/settings.yml": settings_with(site_url=url)})
    assert not [p for p in problems(root) if "site_url" in p]


def test_site_url_payload_never_reaches_the_site(tmp_path):
    root = make_handbook(tmp_path / "hb", {"calendar/settings.yml": settings_with(
        site_url="'https://handbook.test/\"><script>alert(1)</script><a x=\"'")})
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 1
    assert "calendar/settings.yml:3:11: error: 'site_url' must be a plain address" in result.stderr
    assert "Traceback" not in result.stderr and not site.exists()


def test_domain_must_be_a_host_name(tmp_path):
    root = make_handbook(tmp_path / "hb", {"calendar/settings.yml": settings_with(domain="'handbook.test X-EVIL:1'")})
    assert "calendar/settings.yml:4:9: schema.value: 'domain' is not a host name: 'handbook.test X-EVIL:1'" \
        in problems(root)


# -- control characters spelled as YAML escapes -----------------------------------------------------

@pytest.mark.parametrize("escape,code", [("\\r", "000D"), ("\\x1b", "001B"), ("\\0", "0000"), ("\\x7f", "007F"),
                                         ("\\u0085", "0085")])
def test_escaped_control_characters_are_refused(tmp_path, escape, code):
    title = f'"Launch{escape}END:VEVENT"'
    root = make_handbook(tmp_path / "hb", {
        "content/posts/spring-launch/ctl.md": post(title, "x", "2027-04-03 09:00", "Copy.")})
    assert f"content/posts/spring-launch/ctl.md:2:8: file.encoding: control character U+{code} is not allowed" \
        in problems(root)


def test_escaped_newlines_and_tabs_stay_allowed(tmp_path):
    root = make_handbook(tmp_path / "hb", {
        "content/posts/spring-launch/ok.md": post('"Two\\nlines\\tand a tab"', "x", "2027-04-03 09:00", "Copy.")})
    assert not [p for p in problems(root) if "ok.md" in p and "file.encoding" in p]


# -- Markdown nesting -----------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    ">" * 2000 + " deep",
    "\n".join("  " * i + "- x" for i in range(500)),
    "\n".join("> " * i + "1. x" for i in range(100)),
])
def test_deeply_nested_briefs_and_chapters_are_refused(tmp_path, body):
    campaign = (BASE / "calendar/campaigns/spring-launch.md").read_text().replace("The brief.", "Intro\n\n" + body)
    chapter = (BASE / "policies/everyone.md").read_text() + "\n\n" + body + "\n"
    root = make_handbook(tmp_path / "hb", {"calendar/campaigns/spring-launch.md": campaign,
                                           "policies/everyone.md": chapter})
    found = problems(root)
    assert any(p.startswith("calendar/campaigns/spring-launch.md:") and "the brief nests" in p for p in found)
    assert any(p.startswith("policies/everyone.md:") and "the chapter nests" in p for p in found), found
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "[schema.value]" in result.stderr


def test_ordinary_nesting_and_indented_code_pass():
    from playbook.source import markdown_too_deep

    assert markdown_too_deep("- a\n  - b\n    - c\n\n> quote\n> > nested\n\n        code", 1) is None
    assert markdown_too_deep("x\n" + ">" * 40 + " y", 10) is not None
    assert markdown_too_deep("x\n" + ">" * 40 + " y", 10)[0].line == 11


def test_markdown_recursion_falls_back_to_text(monkeypatch):
    import markdown

    from playbook.site.sanitize import _render_markdown, render_markdown

    def explode(self, text):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markdown.Markdown, "convert", explode)
    _render_markdown.cache_clear()  # renders are cached per process: an earlier test may have rendered this text
    out = render_markdown("<script>alert(1)</script>")
    _render_markdown.cache_clear()  # nor may this fallback, rendered with a broken converter, outlive the test
    assert out.html == "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>"


# -- the docs/ sandbox: units ---------------------------------------------------------------------------

def sandbox(**globals_):
    from playbook.site.sandbox import sandbox_like

    env = sandbox_like(Environment())
    env.globals.update(globals_)
    env.trust(*[v for v in globals_.values() if callable(v)])
    return env


def render(env, source, **variables):
    return env.from_string(source).render(**variables)


def test_sandbox_blocks_walks_through_objects():
    import os

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    module_holder = SimpleNamespace(os=os)
    env = sandbox()
    config = MkDocsConfig()
    for source, variables in [
        ("{{ holder.os.environ }}", {"holder": module_holder}),
        ("{{ mod.environ }}", {"mod": os}),
        ("{{ mod['environ'] }}", {"mod": os}),
        ("{{ config.theme.get_env() }}", {"config": config}),
        ("{{ config['plugins'] }}", {"config": config}),
        ("{{ page.file.abs_src_path }}", {"page": Page("T", File("a.md", "/tmp", "/tmp/site", True), config)}),
        ("{{ f.content_string }}", {"f": File("a.md", "/tmp", "/tmp/site", True)}),
        ("{{ thing.method() }}", {"thing": SimpleNamespace(method=lambda: "called")}),
        ("{{ fn() }}", {"fn": lambda: "called"}),
        ("{{ ''.join.__self__ }}", {}),
    ]:
        with pytest.raises(SecurityError):
            render(env, source, **variables)


def test_sandbox_still_allows_plain_data_and_trusted_macros():
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    page = Page("Home", File("index.md", "/tmp", "/tmp/site", True), MkDocsConfig())
    page.meta = {"audience": "everyone"}
    env = sandbox(shout=lambda s: s.upper())
    out = render(env, "{{ shout('hi') }} {{ page.title }} {{ page.meta.audience }} {{ 'a,b'.split(',')|join('-') }} "
                      "{% set ns = namespace(n=1) %}{% set ns.n = ns.n + 1 %}{{ ns.n }} {{ '%3d'|format(7) }} "
                      "{{ '{:>3}'.format(7) }} {% for x in 'ab' %}{{ loop.cycle('x', 'y') }}{% endfor %} "
                      "{{ cycler(1, 2).next() }} {{ {'k': 'v'}.items()|list }} {{ range(3)|sum }} "
                      "{{ 'ab' * 3 }} {{ 2 ** 8 }} {{ 'x'|center(5) }}|", page=page)
    assert out == "HI Home everyone a-b 2   7   7 xy 1 [('k', 'v')] 3 ababab 256   x  |"


@pytest.mark.parametrize("source", [
    "{{ range(10**9)|list|length }}",
    "{{ 'a'|center(1000000000) }}",
    "{{ 'a'.ljust(1000000000) }}",
    "{{ 'a'.zfill(1000000000) }}",
    "{{ ('\t' * 100).expandtabs(100000) }}",
    "{{ '%1000000000d' % 1 }}",
    "{{ '%*d' % (1000000000, 1) }}",
    "{{ '%1000000000d'|format(1) }}",
    "{{ '{:>1000000000}'.format(1) }}",
    "{{ '{0:1000000000}'.format_map({'0': 1}) }}",
    "{{ ('a' * 100000).replace('a', 'b' * 100000) }}",
    "{{ ('a' * 100000)|replace('a', 'b' * 100000) }}",
    "{{ ('a' * 100000).join(['x'] * 100000) }}",
    "{{ (['x' * 100000] * 100000)|join }}",
    "{{ ('a\n' * 50000)|indent(100000) }}",
    "{{ lipsum(100000) }}",
    "{{ ((10 ** 256) ** 256) ** 256 }}",
    "{% for i in range(100000) %}{{ 'a' * 100000 }}{% endfor %}",
])
def test_sandbox_refuses_huge_values(source):
    with pytest.raises((SecurityError, OverflowError)):
        render(sandbox(), source)


def test_sandbox_stops_a_slow_page(monkeypatch):
    from playbook.site import sandbox as module

    monkeypatch.setattr(module, "TIME_LIMIT", 0.3)
    with pytest.raises(SecurityError, match="longer than"):
        render(sandbox(), "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")


def test_harden_replaces_object_variables_with_plain_data():
    from mkdocs.config.defaults import MkDocsConfig

    from playbook.site.sandbox import HandbookSandbox, harden

    config = MkDocsConfig()
    config.load_dict({"site_name": "Handbook", "extra": {"team": "social"}})
    plugin = SimpleNamespace(env=Environment(), variables={"config": config, "plugin": {"on_error_fail": True},
                                                            "context": print, "macros": {"context": print}},
                             macros={}, render=lambda markdown, force_rendering=False: markdown)
    plugin._env = None
    harden(plugin, "docs")
    assert isinstance(plugin._env, HandbookSandbox) and plugin._env.escalate
    assert plugin.variables["config"]["site_name"] == "Handbook"
    assert plugin.variables["config"]["extra"] == {"team": "social"}
    assert type(plugin.variables["config"]) is dict and "plugins" not in plugin.variables["config"]
    assert "context" not in plugin.variables and "context" not in plugin.variables["macros"]


# -- the docs/ sandbox: builds ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def handbook(tmp_path_factory):
    return make_handbook(tmp_path_factory.mktemp("redteam") / "hb")


@pytest.mark.parametrize("name,payload,line,expected", [
    ("walk-module", "ok\n{{ config.plugins['macros'].env }}", 7, "unsafe"),
    ("theme-env", "{{ config.theme.get_env().from_string('{{ cycler.__init__.__globals__.os.environ }}').render() }}",
     6, "unsafe"),
    ("read-file", "{{ page.file.generated(config, 'x.txt', abs_src_path='/etc/passwd').content_string }}", 6,
     "unsafe"),
    ("files", "{% for f in files %}{{ f.content_string }}{% endfor %}", 6, "unsafe"),
    ("range", "ok\n\n{{ range(10**9)|list|length }}", 8, "Range too big"),
    ("syntax", "ok\n\n{% if %}", 8, "TemplateSyntaxError"),
    ("include", "{% include '/etc/passwd' %}", 6, "TemplateNotFound"),
    ("debug-dump", "{{ macros_info() }}", 6, "'macros_info' is undefined"),
])
def test_docs_page_attacks_stop_the_build_with_a_located_error(handbook, tmp_path, name, payload, line, expected):
    """A page fails while MkDocs writes the site: `make build` builds into site.tmp and keeps site/."""
    root, site = handbook, tmp_path / "site.tmp"
    page = root / "docs" / f"{name}.md"
    page.write_text(f"---\ntitle: Attack\n---\n# Attack\n\n{payload}\n")
    try:
        result = build(root, site, env={"PLAYBOOK_CANARY": CANARY})
    finally:
        page.unlink()
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"docs/{name}.md:{line}:1: error: a macro failed" in output and "[site.macro]" in output
    assert expected in output
    assert "Traceback" not in output and CANARY not in output
    assert "root:" not in output  # no /etc/passwd line
    assert not (site / name).exists()


def test_a_macro_called_in_a_loop_cannot_grow_a_page_past_the_sandbox_limit(handbook, tmp_path):
    """Widget macros leave a short placeholder for Markdown and their HTML is put back afterwards
    (macros.restore_blocks): the page's size is checked there too, not only the template's output."""
    root, site = handbook, tmp_path / "site.tmp"
    page = root / "docs" / "loop.md"
    page.write_text("---\ntitle: Loop\n---\n# Loop\n\n{% for i in range(20000) %}{{ team() }}{% endfor %}\n"
                    "<!--pb-block 99999999-->\n")
    try:
        result = build(root, site)
    finally:
        page.unlink()
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "docs/loop.md: its macros would make the page more than 5,000,000 characters" in output
    assert "Traceback" not in output and not (site / "loop").exists()


def test_a_placeholder_written_by_hand_stays_a_comment(handbook, tmp_path):
    root, site = handbook, tmp_path / "site.tmp"
    page = root / "docs" / "forged.md"
    page.write_text("---\ntitle: Forged\n---\n# Forged\n\n{{ team() }}\n\n<!--pb-block 99999999-->\n")
    try:
        result = build(root, site)
    finally:
        page.unlink()
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "forged" / "index.html").read_text(encoding="utf-8")
    assert '<div class="pb-macro">' in html and "<!--pb-block 99999999-->" in html and "<!--pb-block 0-->" not in html
