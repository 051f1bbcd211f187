"""`make serve` is the author's preview: it shows a handbook with errors instead of refusing it, and after a
save it rewrites only the pages whose output changed (`mkdocs serve --dirty`, playbook.site.preview)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from paths import REPO
from test_site import NOW, make_handbook, post
from test_site import build as mkdocs_build

from playbook.site import calendar, campaigns, hook, preview
from playbook.site.context import Context
from playbook.validate import validate

SUMMER = ("---\ntitle: Summer sale\nowner: ana-lead\nstarts: 2027-07-01\nends: 2027-07-31\nstatus: planned\n"
          "channels: [instagram]\n---\nLater.\n")
HOLD = ("windows:\n  - id: outage\n    start: 2027-03-29 09:00\n    channels: all\n    kind: hold\n"
        "    reason: Site outage\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_previews_a_handbook_with_errors_that_build_refuses(tmp_path):
    # an approved post without its approval: an error (approval.missing, status.inconsistent)
    root = make_handbook(tmp_path / "hb", {
        "content/posts/spring-launch/unapproved.md": post("Unapproved", "x", "2027-04-20 10:00", "Copy.",
                                                           status="approved")})
    refused = mkdocs_build(root, tmp_path / "site")
    assert refused.returncode != 0 and "approval.missing" in refused.stdout + refused.stderr

    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp())), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=root, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        report = fetch(f"http://127.0.0.1:{port}/report/", time.monotonic() + 90)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert 'id="errors"' in report and "Preview only" in report
    assert "content/posts/spring-launch/unapproved.md" in report and "approval.missing" in report
    assert "ERROR" in output and "[approval.missing]" in output  # the console lists them too


def wait_for(url: str, text: str, seconds: float = 90) -> str:
    """The page at ``url`` once it contains ``text`` (the rebuild after a save has written it)."""
    deadline = time.monotonic() + seconds
    while True:
        page = fetch(url, deadline)
        if text in page:
            return page
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not show {text!r} within {seconds:.0f} s")
        time.sleep(0.3)


def site_folder(tmp: Path) -> Path:
    """The folder `mkdocs serve` builds into: a mkdtemp under the TMPDIR the test gave it."""
    return next(tmp.glob("mkdocs_*"))


def test_make_serve_rewrites_only_the_pages_a_save_changes(tmp_path):
    """`make serve` runs `mkdocs serve --dirty`: a saved title shows on its campaign page, its month page and
    the home page after each save, while a page it does not touch is not rewritten and search still finds it."""
    root = make_handbook(tmp_path / "hb", {"calendar/campaigns/summer-sale.md": SUMMER})
    teaser = root / "content/posts/spring-launch/teaser.md"
    serve_tmp = tmp_path / "serve-tmp"
    serve_tmp.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp())), "NO_MKDOCS_2_WARNING": "1",
           "TMPDIR": str(serve_tmp)}
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "mkdocs serve --dirty" in makefile  # what this test runs is what `make serve` runs
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(base + "campaigns/summer-sale/", "Summer sale")
        site = site_folder(serve_tmp)
        untouched = site / "policy/everyone/index.html"
        written = untouched.stat().st_mtime_ns
        indexed = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
        for title in ("Renamed once", "Renamed twice"):
            teaser.write_text(teaser.read_text(encoding="utf-8").replace(
                "title: Teaser" if title == "Renamed once" else "title: Renamed once", f"title: {title}"),
                encoding="utf-8")
            wait_for(base + "campaigns/spring-launch/", title)
            for page in ("calendar/2027-04/", ""):  # the month page, and the home page's next seven days
                assert title in wait_for(base + page, title, 30)
            assert untouched.stat().st_mtime_ns == written  # its output did not change: not rewritten
        time.sleep(2)  # the rest of that build: the search index is written last
        index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
        assert any("Renamed twice" in entry["title"] for entry in index)
        assert not any("Renamed once" in entry["title"] + entry["text"] for entry in index)
        # pages not rewritten keep their entries, once each
        kept = [entry for entry in indexed if entry["location"].startswith("policy/")]
        assert kept and [entry for entry in index if entry["location"].startswith("policy/")] == kept

        (root / "calendar/campaigns/summer-sale.md").unlink()  # a deleted campaign's page leaves the preview
        deadline = time.monotonic() + 60
        while (site / "campaigns/summer-sale/index.html").exists():
            assert time.monotonic() < deadline, "the deleted campaign's page is still in the preview"
            time.sleep(0.3)
        assert "Summer sale" not in wait_for(base + "campaigns/", "Spring launch", 30)
        assert "Renamed twice" in fetch(base + "campaigns/spring-launch/", time.monotonic() + 30)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output and "A 'dirty' build" not in output


# What `mkdocs serve` logs as each build starts ("Documentation built in 2.28 seconds" is not logged again
# when a build takes as long as an earlier one: MkDocs drops repeated messages)
STARTED = "Building documentation..."


def test_serve_rebuilds_once_per_save_as_the_system_reports_it(tmp_path):
    """The preview is told of saves by the operating system (preview.watch_natively), not by polling: each
    save, also of mkdocs.yml replaced by an editor's rename, starts one build, and a build reading every
    file starts none (the native observer reports files opened and closed unwritten too)."""
    root = make_handbook(tmp_path / "hb")
    teaser = root / "content/posts/spring-launch/teaser.md"
    log_path = tmp_path / "serve.log"
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp())), "NO_MKDOCS_2_WARNING": "1"}
    with log_path.open("wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr",
                                   f"127.0.0.1:{port}"], cwd=root, env=env, stdout=log, stderr=log)
        try:
            def builds(expected: int) -> int:
                deadline = time.monotonic() + 60
                while log_path.read_text(errors="replace").count(STARTED) < expected:
                    assert time.monotonic() < deadline, log_path.read_text(errors="replace")
                    time.sleep(0.2)
                time.sleep(3)  # a build that started another would show it by now
                return log_path.read_text(errors="replace").count(STARTED)

            wait_for(f"http://127.0.0.1:{port}/campaigns/spring-launch/", "Teaser")
            assert builds(1) == 1
            teaser.write_text(teaser.read_text(encoding="utf-8").replace("title: Teaser", "title: Renamed"),
                              encoding="utf-8")
            assert builds(2) == 2
            config = root / "mkdocs.yml"
            (root / "mkdocs.yml.new").write_text(config.read_text(encoding="utf-8") + "# saved\n", encoding="utf-8")
            os.replace(root / "mkdocs.yml.new", config)
            assert builds(3) == 3
        finally:
            server.terminate()
            server.wait(timeout=30)
    output = log_path.read_text(errors="replace")
    assert "watching for saves by polling" not in output and "Traceback" not in output


def serve_build(root: Path, site: Path, dirty: bool) -> None:
    """One build as `mkdocs serve` runs it (in this process: the hook keeps its state between builds)."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = "http://127.0.0.1:8000/"
    build(config, serve_url=config.site_url, dirty=dirty)


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


TEASER_TIME = datetime(2027, 4, 5, 8, 0, tzinfo=timezone.utc)  # teaser.md: 2027-04-05 10:00 Europe/Berlin


@pytest.mark.parametrize("change", ["post title", "hold", "new campaign", "person renamed", "time passes",
                                    "theme file added"])
def test_a_dirty_preview_equals_a_full_rebuild(tmp_path, monkeypatch, change):
    """Whatever a save changes, the pages the dirty preview kept and rewrote are the bytes a full build writes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    monkeypatch.setattr(hook, "_command", "build")
    monkeypatch.setattr(hook, "_preview", None)
    root = make_handbook(tmp_path / "hb", {"calendar/campaigns/summer-sale.md": SUMMER})
    plugins = load_config(str(root / "mkdocs.yml")).plugins  # MkDocs keeps plugin instances per process
    plugins.on_startup(command="serve", dirty=True)
    try:
        kept, rebuilt = dirty_then_full(root, tmp_path, change, plugins, monkeypatch)
    finally:
        plugins.on_startup(command="build", dirty=False)  # the search plugin, for builds after this test
    assert kept.keys() == rebuilt.keys()
    assert [name for name in kept if kept[name] != rebuilt[name]] == []
    campaign = kept["campaigns/spring-launch/index.html"].decode("utf-8")
    if change == "person renamed":  # the campaign page was kept from the first build before: now rebuilt
        assert "Benjamin Writer" in campaign
    if change == "time passes":  # the same day, an hour later: only the teaser's time has passed
        assert campaign.count("time passed") == 1
    if change == "theme file added":
        assert {"assets/team.css", "assets/print.css"} <= kept.keys()


def dirty_then_full(root: Path, tmp_path: Path, change: str, plugins, monkeypatch) -> tuple[dict, dict]:
    """The files of a dirty preview after ``change``, and of a full build of the changed handbook."""
    dirty = tmp_path / "dirty"
    if change == "time passes":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int((TEASER_TIME - timedelta(hours=1)).timestamp())))
    elif change == "theme file added":  # the theme's files are listed once per serve, its custom_dir's each time
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n",
                                                                     "  name: material\n  custom_dir: overrides\n"),
                          encoding="utf-8")
        (root / "overrides/assets").mkdir(parents=True)
        (root / "overrides/assets/team.css").write_text("h1 { color: teal; }\n", encoding="utf-8")
    serve_build(root, dirty, dirty=True)
    teaser = root / "content/posts/spring-launch/teaser.md"
    if change == "time passes":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int((TEASER_TIME + timedelta(hours=1)).timestamp())))
    elif change == "theme file added":
        (root / "overrides/assets/print.css").write_text("nav { display: none; }\n", encoding="utf-8")
    elif change == "person renamed":  # shown on every campaign page, not saved in any post
        team = root / "policies/team.yml"
        team.write_text(team.read_text(encoding="utf-8").replace("name: Ben Writer", "name: Benjamin Writer"),
                        encoding="utf-8")
    elif change == "post title":
        teaser.write_text(teaser.read_text(encoding="utf-8").replace("title: Teaser", "title: Renamed"),
                          encoding="utf-8")
    elif change == "hold":  # the hold banner is on every page
        (root / "calendar/quiet.yml").write_text(HOLD, encoding="utf-8")
    else:
        (root / "calendar/campaigns/summer-sale.md").unlink()
        (root / "calendar/campaigns/autumn.md").write_text(SUMMER.replace("Summer sale", "Autumn"), encoding="utf-8")
    serve_build(root, dirty, dirty=True)
    plugins.on_startup(command="serve", dirty=False)  # a plain `mkdocs serve`: the hook and search build it all
    assert hook._preview is None
    full = tmp_path / "full"
    serve_build(root, full, dirty=False)
    return site_files(dirty), site_files(full)


class _UnreadPosts(list):
    """The handbook's posts, for a builder that must read only the posts it is given."""

    def __iter__(self):
        raise AssertionError("the page builder read the handbook's posts")

    __getitem__ = __len__ = __contains__ = __iter__


def test_cached_page_builders_read_only_the_posts_they_are_given(tmp_path):
    """The dirty preview keys a campaign or month page by its own posts only (preview.OWN_POSTS_ONLY): a
    builder that also read the handbook's other posts would be kept stale after a save to one of those."""
    root = make_handbook(tmp_path / "hb", {"calendar/campaigns/summer-sale.md": SUMMER})
    result = validate(root, NOW)
    ctx = Context(result.handbook, NOW, result.problems, preview=True, analysis=result.approvals)
    deferred = [page.deferred for page in campaigns.pages(ctx) + calendar.pages(ctx) if page.deferred is not None]
    assert {d.func for d in deferred} == set(preview.OWN_POSTS_ONLY)
    result.handbook.posts = _UnreadPosts(result.handbook.posts)
    assert all(build().body for build in deferred)
