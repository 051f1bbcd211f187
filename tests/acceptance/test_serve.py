"""`make serve` is the author's preview: it shows a handbook with errors instead of refusing it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

from test_site import NOW, build, make_handbook, post


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
    refused = build(root, tmp_path / "site")
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
