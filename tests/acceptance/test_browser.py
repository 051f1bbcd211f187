"""The built handbook in a real browser: Debian's chromium, headless, driven over the DevTools protocol.

The site is served on 127.0.0.1 by a thread running http.server; chromium is started with
``--remote-debugging-port=0`` and driven through a WebSocket written with the standard library only
(no playwright download). Checks: the key pages render their key elements, the search finds a reply
template by its title, no request goes to another host, a phone-width page never scrolls sideways, and
the hostile handbook opens no dialog. Screenshots are kept in tests/artifacts/.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from golden_corpus import NOW as GOLDEN_NOW
from paths import ARTIFACTS, REPO
from test_site import build, make_handbook, rich_overlay

from playbook.approvals import pending_approvals
from playbook.digest import content_digest
from playbook.validate import validate

# A self-hosted forge: mkdocs-material fetches repository facts only from github.com and gitlab.com.
REPO_URL = "https://git.example.test/stride/handbook"

CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                             shutil.which("chromium-browser"), shutil.which("google-chrome")) if p and
                 Path(p).exists()), None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; "
                                                         ".ci/install-tools does this in CI)")


# -- a minimal DevTools protocol client over a WebSocket ----------------------------------------------

class WebSocket:
    def __init__(self, url: str, timeout: float = 30):
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
                           f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("DevTools closed the connection during the handshake")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(head.decode(errors="replace"))

    def send(self, text: str) -> None:
        data = text.encode()
        header = bytearray([0x81])
        if len(data) < 126:
            header.append(0x80 | len(data))
        elif len(data) < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
        mask = os.urandom(4)
        self.sock.sendall(bytes(header) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def receive(self) -> str:
        message = b""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(length)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise ConnectionError("DevTools closed the WebSocket")
            if opcode in (0x9, 0xA):
                continue  # ping / pong
            message += payload
            if first & 0x80:
                return message.decode()


class Browser:
    """One headless chromium with one page; records every request and dialog."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="pb-chromium-")
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--mute-audio", "--hide-scrollbars", f"--user-data-dir={self.profile}",
             "--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and len(port_file.read_text().split("\n")) >= 2):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port, path = port_file.read_text().split("\n")[:2]
        self.ws = WebSocket(f"ws://127.0.0.1:{port}{path}")
        self.next_id = 0
        self.events: list[dict] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page.enable", "Network.enable", "Runtime.enable"):
            self.call(domain, session=True)

    def call(self, method: str, session: bool = False, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.receive())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._event(reply)

    def _event(self, event: dict) -> None:
        method = event.get("method")
        if method == "Network.requestWillBeSent":
            self.requests.append(event["params"]["request"]["url"])
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(event["params"]["message"])
            self.ws.send(json.dumps({"id": 10 ** 9, "sessionId": self.session,
                                     "method": "Page.handleJavaScriptDialog", "params": {"accept": True}}))
        self.events.append(event)

    def wait_for(self, method: str, timeout: float = 20) -> None:
        start = len(self.events)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(e.get("method") == method for e in self.events[start:]):
                return
            self.ws.sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                reply = json.loads(self.ws.receive())
            except TimeoutError:
                break
            finally:
                self.ws.sock.settimeout(30)
            if "method" in reply:
                self._event(reply)
        raise TimeoutError(method)

    def open(self, url: str) -> None:
        mark = len(self.events)
        result = self.call("Page.navigate", session=True, url=url)
        same_document = "loaderId" not in result  # only the #fragment changed: no load event follows
        if not same_document and not any(e.get("method") == "Page.loadEventFired" for e in self.events[mark:]):
            self.wait_for("Page.loadEventFired")
        self.js("new Promise(r => setTimeout(r, 150))")  # let material's scripts mount

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", session=True, expression=expression, awaitPromise=True,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("exception", {}).get("description", expression))
        return result["result"].get("value")

    def poll(self, expression: str, timeout: float = 15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.1)
        return self.js(expression)

    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        path = ARTIFACTS / name
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class SiteUrl(str):
    """The served site's address, knowing the handbook it was built from."""

    def __new__(cls, url: str, root: Path):
        made = super().__new__(cls, url)
        made.root = root
        return made


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_handbook(tmp_path_factory.mktemp("browser") / "hb", rich_overlay())
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"repo_url: {REPO_URL}\nedit_uri: edit/main/docs/\n")
    result = build(root, root / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve(root / "site")
    yield SiteUrl(url, root)
    server.shutdown()


# -- the checks --------------------------------------------------------------------------------------

def test_home_renders_this_week(browser, site):
    browser.viewport(1280, 900)
    browser.open(site)
    assert browser.js("document.querySelector('h1').firstChild.textContent.trim()") == "Golden test handbook"
    assert browser.js("document.querySelectorAll('.pb-macro .pb-agenda .pb-item').length") >= 1
    assert browser.js("document.querySelectorAll('.md-tabs__item').length") == 9  # the Rota is under Team
    browser.screenshot("home.png")


def test_rota_page_renders_a_week_grid_per_channel(browser, site):
    browser.viewport(1280, 900)
    browser.open(site + "rota/")
    assert browser.js("document.querySelectorAll('table.pb-rota-table').length") == 2
    assert browser.js("document.querySelectorAll('table.pb-rota-table tbody tr').length") == 14  # 7 days each
    assert browser.js("document.querySelectorAll('table.pb-rota-table td').length") == 2 * 7 * 24
    # the grid fits its container (it scrolls inside it rather than widening the page)
    assert browser.js("document.querySelector('.pb-rota-grid').scrollWidth <= "
                      "document.querySelector('.md-content').scrollWidth + 1")
    browser.screenshot("rota.png")


def test_month_grid_renders_with_icons_and_links(browser, site):
    browser.open(site + "calendar/2027-04/")
    assert browser.js("document.querySelectorAll('table.pb-grid tbody tr').length") == 5
    assert browser.js("document.querySelectorAll('table.pb-grid .pb-entry').length") == 19
    href = browser.js("document.querySelector('table.pb-grid .pb-entry a').getAttribute('href')")
    assert href == "../../campaigns/spring-launch/#spring-launch--teaser"
    # channel icons are drawn (a CSS mask), with a size
    assert browser.js("""(() => { const i = document.querySelector('.pb-grid .pb-ch');
        const s = getComputedStyle(i); return s.maskImage.startsWith('url(') && i.offsetWidth > 0; })()""")
    assert browser.js("getComputedStyle(document.querySelector('.pb-cancelled .pb-title')).textDecorationLine") \
        == "line-through"
    browser.screenshot("month.png")


def test_campaign_page_cards_and_anchor(browser, site):
    browser.open(site + "campaigns/spring-launch/#spring-launch--both-channels")
    assert browser.js("document.querySelectorAll('article.pb-card').length") == 19
    assert browser.js("document.querySelector('#spring-launch--both-channels').closest('article')"
                      ".querySelectorAll('.tabbed-labels label').length") == 2
    assert browser.js("document.querySelector('.pb-preview img').alt") == "A shoe on a wet track"
    assert browser.js("window.scrollY") > 0  # the anchor scrolled the card into view
    # each preview's copy has material's copy button, which copies the text exactly as it goes out
    target = browser.poll("(document.querySelector('#spring-launch--teaser').closest('article')"
                          ".querySelector('pre.pb-copy button[data-clipboard-target]') || {}).dataset"
                          "?.clipboardTarget")
    assert browser.js(f"document.querySelector({json.dumps(target)}).textContent") == \
        "Something new is coming. #spring"
    browser.screenshot("campaign.png")


def test_campaign_timeline_bars_sit_on_the_month_scale(browser, site):
    browser.open(site + "campaigns/")
    scale, track, bar = browser.js("""['.pb-tl-scale', '.pb-tl-track', '.pb-tl-bar'].map(s => {
        const r = document.querySelector(s).getBoundingClientRect(); return [r.left, r.width]; })""")
    assert scale == track  # the bars share the scale's coordinates
    assert track[0] <= bar[0] and bar[0] + bar[1] <= track[0] + track[1] + 1 and bar[1] > 0
    assert browser.js("document.querySelectorAll('.pb-tl-tick').length") >= 1


def test_response_playbook_has_copy_buttons_and_placeholders(browser, site):
    browser.open(site + "responses/question/")
    assert browser.js("document.querySelector('#where-is-my-order').textContent").startswith("Where is my order?")
    assert browser.js("document.querySelectorAll('pre.pb-reply code .pb-ph').length") == 2
    copy = "pre.pb-reply button[data-clipboard-target]"  # material's copy button
    assert browser.poll(f"document.querySelectorAll({json.dumps(copy)}).length") == 1
    target = browser.js(f"document.querySelector({json.dumps(copy)}).getAttribute('data-clipboard-target')")
    assert browser.js(f"document.querySelector({json.dumps(target)}).textContent") == \
        "Hi {name}, you can follow your parcel here: {order_link}"
    browser.screenshot("responses.png")


def test_search_finds_a_template_by_its_title(browser, site):
    browser.open(site)
    browser.js("""(() => { document.querySelector('label[for="__search"]').click();
        const input = document.querySelector('.md-search__input');
        input.focus(); input.value = 'where is my order';
        input.dispatchEvent(new Event('input', {bubbles: true}));
        input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true})); })()""")
    found = browser.poll("""Array.from(document.querySelectorAll('.md-search-result__item a'))
        .map(a => new URL(a.href)).filter(u => u.pathname.endsWith('/responses/question/')
            && u.hash === '#where-is-my-order')
        .length""", timeout=20)
    assert found, browser.js("document.querySelector('.md-search-result').innerText")
    browser.screenshot("search.png")


def test_phone_width_has_no_horizontal_scroll(browser, site):
    browser.viewport(390, 844, mobile=True)
    try:
        for path, name in [("", "home"), ("calendar/", "calendar"), ("calendar/2027-04/", "month"),
                           ("campaigns/", "campaigns"), ("campaigns/spring-launch/", "campaign"),
                           ("responses/question/", "responses"), ("policy/everyone/", "policy"),
                           ("subscribe/", "subscribe"), ("report/", "report")]:
            browser.open(site + path)
            width = browser.js("document.documentElement.scrollWidth")
            assert width <= 390, f"{path or 'home'} is {width}px wide at a 390px screen"
            browser.screenshot(f"phone-{name}.png")
    finally:
        browser.viewport(1280, 900)


def test_no_request_leaves_the_site(browser, site):
    host = urlsplit(site).netloc
    assert browser.requests, "no request was recorded"
    foreign = [u for u in browser.requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
               and urlsplit(u).netloc != host]
    assert foreign == []


def test_hostile_handbook_opens_no_dialog(browser, tmp_path_factory):
    from test_security import hostile_overlay

    root = make_handbook(tmp_path_factory.mktemp("browser-hostile") / "hb", hostile_overlay())
    result = build(root, root / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve(root / "site")
    try:
        for path in ("", "campaigns/", "campaigns/spring-launch/", "calendar/2027-04/", "responses/complaint/",
                     "policy/hostile/", "report/", "hostile/", "hostile-meta/"):
            browser.open(url + path)
            # hover everything: an injected onmouseover would fire now
            browser.js("document.querySelectorAll('body *').forEach(el => "
                       "el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))")
        browser.js("new Promise(r => setTimeout(r, 300))")
        assert browser.dialogs == []
        host = urlsplit(url).netloc
        assert [u for u in browser.requests if urlsplit(u).scheme in ("http", "https")
                and urlsplit(u).netloc != host and not urlsplit(u).netloc.startswith("127.0.0.1:")] == []
    finally:
        server.shutdown()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_key_pages_at_desktop_and_phone_width_in_both_schemes(browser, site, scheme):
    """Home, a month, the report and the policy at 1280 and 390 px, light and dark: kept in tests/artifacts/
    to be looked at; checked for sideways scrolling, the scheme in effect, and words broken inside grid cells."""
    browser.call("Emulation.setEmulatedMedia", session=True,
                 features=[{"name": "prefers-color-scheme", "value": scheme}])
    try:
        for width, height, mobile in ((1280, 900, False), (390, 844, True)):
            browser.viewport(width, height, mobile)
            for path, name in [("", "home"), ("calendar/2027-04/", "month"), ("report/", "report"),
                               ("policy/everyone/", "policy")]:
                browser.open(site + path)
                browser.js("localStorage.clear()")  # material remembers the last palette; follow the system
                browser.open(site + path)
                expected = "slate" if scheme == "dark" else "default"
                assert browser.js("document.body.getAttribute('data-md-color-scheme')") == expected
                assert browser.js("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways"
                # no word of a grid title is split across lines: every word's box sits on one line
                split = browser.js("""Array.from(document.querySelectorAll('.pb-grid .pb-title')).flatMap(t => {
                    const words = []; const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
                    while (walker.nextNode()) { const n = walker.currentNode; let i = 0;
                      for (const w of n.textContent.split(' ')) { const r = document.createRange();
                        r.setStart(n, i); r.setEnd(n, i + w.length); i += w.length + 1;
                        if (w.length > 1 && r.getClientRects().length > 1) words.push(w); } }
                    return words; })""")
                assert split == [], f"{path} at {width}px breaks {split}"
                # a channel's icon never ends a line without its name ("on Instagram, [icon]" / "TikTok")
                parted = browser.js("""Array.from(document.querySelectorAll('.pb-named'))
                    .filter(n => new Set(Array.from(n.getClientRects(), r => Math.round(r.top))).size > 1)
                    .map(n => n.textContent)""")
                assert parted == [], f"{path} at {width}px parts {parted} from its icon"
                full = browser.js("Math.min(document.documentElement.scrollHeight, 4000)")
                browser.viewport(width, full, mobile)
                browser.screenshot(f"{name}-{width}-{scheme}.png")
                browser.viewport(width, height, mobile)
    finally:
        browser.call("Emulation.setEmulatedMedia", session=True, features=[])
        browser.viewport(1280, 900)


def test_a_pending_approval_offers_the_exact_entry_to_paste_and_an_edit_link(browser, site, tmp_path):
    path = "content/posts/spring-launch/day-14.md"
    browser.open(site + "campaigns/spring-launch/#spring-launch--day-14")
    card = "document.querySelector('#spring-launch--day-14').closest('article')"
    browser.js(f"{card}.querySelector('details.pb-approve').open = true")
    assert browser.js(f"{card}.querySelector('details.pb-approve a.pb-edit').href") == \
        f"{REPO_URL}/edit/main/{path}"
    target = browser.poll(f"({card}.querySelector('details.pb-approve pre button[data-clipboard-target]') || {{}})"
                          ".dataset?.clipboardTarget")  # material's copy button
    pasted = browser.js(f"document.querySelector({json.dumps(target)}).textContent")
    handbook = validate(site.root, GOLDEN_NOW).handbook
    post = next(p for p in handbook.posts if p.source.path == path)
    digest = content_digest(handbook, post)
    assert pasted == f"approvals:\n  - by: ana-lead\n    role: social-lead\n    digest: {digest}"
    assert browser.js(f"{card}.querySelector('details.pb-approve').textContent").count("just above the closing ---")
    # Pasted where the box says, the entry is a valid approval: nothing is pending any more.
    copy = tmp_path / "hb"
    shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns("site"))
    text = (copy / path).read_text()
    closing = text.index("---\n", 4)
    (copy / path).write_text(text[:closing] + pasted + "\n" + text[closing:])
    handbook = validate(copy, GOLDEN_NOW).handbook
    post = next(p for p in handbook.posts if p.source.path == path)
    assert post.approvals[0].at is None  # no history here: no time, and no time.lead to check
    assert pending_approvals(handbook, post) == []
    # The report lists the same entry under its pending approvals.
    browser.open(site + "report/")
    assert browser.js("document.querySelectorAll('.pb-todos details.pb-approve pre code').length") >= 1
    assert "Approvals are not checked against git history" in browser.js("document.body.textContent")


# -- the example handbook's reports: charts in both colour schemes -----------------------------------

EXAMPLE_NOW = datetime(2026, 11, 23, 17, 0, tzinfo=timezone.utc)  # the example's "today" (test_example.py)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    # built in place: the example's approvals are verified against this repository's git history
    site = tmp_path_factory.mktemp("example") / "site"
    result = build(REPO, site, now=EXAMPLE_NOW)
    assert result.returncode == 0, result.stderr
    server, url = serve(site)
    yield url
    server.shutdown()


CHART_COLOURS = """[...document.querySelectorAll('svg.pb-chart')].map(svg => {
  const text = svg.querySelector('text'), mark = svg.querySelector('rect[class^=pb-series], circle');
  const box = svg.getBoundingClientRect();
  return {text: getComputedStyle(text).fill, mark: getComputedStyle(mark).fill, width: box.width,
          height: box.height, title: svg.querySelector('title').textContent,
          table: svg.closest('figure').querySelectorAll('details table tbody tr').length};
})"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_report_page_draws_every_chart_in_both_colour_schemes(browser, example_site, scheme):
    browser.viewport(1280, 900)
    browser.open(example_site + "reports/2026-08/")
    browser.js(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    sections = browser.js("[...document.querySelectorAll('article h2')].map(h => h.id)")
    assert sections == ["schedule", "results", "top-posts", "competitors", "index", "insights"]
    charts = browser.js(CHART_COLOURS)
    assert len(charts) >= 7  # weekly posts, mix, rate trend, campaigns, three competitor channels, index
    background = browser.js("getComputedStyle(document.body).backgroundColor")
    for chart in charts:
        assert chart["width"] > 300 and chart["height"] > 100 and chart["title"] and chart["table"] >= 1
        assert chart["text"] != background and chart["mark"] not in ("none", background)
    # the text follows the page: dark on light, light on dark
    text = browser.js("getComputedStyle(document.querySelector('svg.pb-chart text')).fill")
    rgb = [int(x) for x in text[text.index("(") + 1:text.index(")")].split(",")[:3]]
    assert (sum(rgb) < 300) == (scheme == "default"), text
    browser.js("document.getElementById('results').scrollIntoView()")
    browser.screenshot(f"report-results-{scheme}.png")
    browser.js("document.getElementById('index').scrollIntoView()")
    browser.screenshot(f"report-{scheme}.png")
    assert not [u for u in browser.requests if urlsplit(u).hostname not in (None, "127.0.0.1")]


def test_insights_page_groups_by_department(browser, example_site):
    browser.open(example_site + "insights/")
    departments = browser.js("[...document.querySelectorAll('article h2')].map(h => h.id)")
    assert departments == ["product", "customer-service", "retail", "legal", "hr"]
    assert browser.js("document.querySelectorAll('.pb-insight').length") == 5
    assert browser.js("document.querySelectorAll('.pb-insight .pb-quote blockquote').length") == 5
    browser.screenshot("insights.png")


def test_policy_page_shows_who_has_read_which_version_and_how_to_acknowledge(browser, example_site, tmp_path):
    """The social media policy asks the whole team: a table of who read which version, "not yet" for Owen
    Blake and Priya Natarajan, and a box with the command and the entry to paste; pasted where it says, it
    counts."""
    rows = """[...document.querySelectorAll('.pb-acknowledgements table tbody tr')].map(
        tr => [...tr.querySelectorAll('td')].map(td => td.textContent.trim()))"""
    for width, height, mobile in ((1280, 900, False), (390, 844, True)):
        browser.viewport(width, height, mobile)
        try:
            browser.open(example_site + "policy/social-media-policy/#acknowledgements")
            table = browser.js(rows)
            assert len(table) == 8  # everyone in team.yml
            assert ["Owen Blake", "Brand", "not yet", "–"] in table
            assert ["Jamal Whitfield on the rota", "Customer care, Community", "3.0 current",
                    "Thu 4 Jun 2026, 12:00 EDT"] in table
            browser.js("document.querySelector('details.pb-acknowledge').open = true")
            box = browser.js("document.querySelector('details.pb-acknowledge').textContent")
            command = "playbook acknowledge policies/social-media-policy.md --by priya-natarajan --commit"
            assert command in box
            assert browser.js("document.querySelector('details.pb-acknowledge pre.pb-ack-command code')"
                              ".textContent") == command
            assert browser.js("document.documentElement.scrollWidth") <= width, "the policy page scrolls sideways"
            browser.js("document.getElementById('acknowledgements').scrollIntoView()")
            browser.screenshot(f"policy-acknowledgements-{width}.png")
            browser.js("document.querySelector('details.pb-acknowledge').scrollIntoView()")
            browser.screenshot(f"policy-acknowledge-box-{width}.png")
        finally:
            browser.viewport(1280, 900)
    pasted = browser.js("document.querySelector('details.pb-acknowledge pre.pb-ack-entry code').textContent")
    assert pasted == '  - by: priya-natarajan\n    version: "3.0"'
    copy = tmp_path / "hb"
    for folder in ("calendar", "content", "policies"):
        shutil.copytree(REPO / folder, copy / folder)
    path = copy / "policies/social-media-policy.md"
    text = path.read_text()
    last = text.index("\n", text.index("  - {by: jamal-whitfield")) + 1  # "below the last entry"
    path.write_text(text[:last] + pasted + "\n" + text[last:])
    chapter = validate(copy, EXAMPLE_NOW).handbook.chapters["social-media-policy"]
    readings = chapter.readings(validate(copy, EXAMPLE_NOW).handbook.team)
    assert [r.person.id for r in readings if not r.current] == ["owen-blake"]  # Priya's pasted entry counts
    browser.open(example_site + "report/#to-read")
    assert "Owen Blake" in browser.js("document.getElementById('to-read').nextElementSibling.nextElementSibling"
                                      ".textContent")
