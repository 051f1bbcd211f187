"""playbook hold start|end|list in a real git repository holding the example handbook: one entry appended
or two keys written, not one other byte of calendar/quiet.yml changed; who may; open-ended holds through
validation, the feeds and the diff."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import example_repository, git
from icalendar import Calendar
from test_site import build, make_handbook

from playbook.cli import cli
from playbook.feeds import build_feeds
from playbook.load import load_handbook
from playbook.validate import validate

QUIET = "calendar/quiet.yml"
NOW = datetime(2026, 12, 5, 22, 0, tzinfo=timezone(timedelta(hours=-5)))  # Saturday night in New York
HOSTILE = 'Bad </div><script>alert(1)</script> "quoted" \\ back\nslash \u2028 and: # not a comment'


@pytest.fixture
def repo(tmp_path):
    return example_repository(tmp_path / "hb")


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--root", str(root)])


def start(root: Path, *extra: str, reason: str = "Sole separation reports", by: str = "maya-okafor"):
    return run(root, "hold", "start", "--reason", reason, "--by", by, *extra)


def appended(old: bytes, new: bytes) -> bytes:
    """What ``new`` adds at the end of ``old``; fails if any byte of ``old`` changed."""
    assert new.startswith(old), "bytes of the existing file changed"
    return new[len(old):]


def hold(root: Path, hold_id: str):
    return next(w for w in load_handbook(root).quiet if w.id == hold_id)


def test_start_appends_one_open_ended_hold_in_the_files_style_and_nothing_else(repo):
    before = (repo / QUIET).read_bytes()
    result = start(repo, "--channels", "instagram,tiktok", "--start", "2026-12-05 21:14")
    assert result.exit_code == 0, result.output
    added = appended(before, (repo / QUIET).read_bytes()).decode()
    # a blank line apart and indented like the entries above it
    assert added == ("\n  - id: hold-2026-12-05\n    start: 2026-12-05 21:14\n    channels: [instagram, tiktok]\n"
                     "    kind: hold\n    reason: \"Sole separation reports\"\n    started_by: maya-okafor\n")
    window = hold(repo, "hold-2026-12-05")
    assert window.end is None and window.started_by == "maya-okafor" and window.channels == ["instagram", "tiktok"]
    assert "holds holiday-drive/gift-guide-tiktok" in result.output and "until lifted" in result.output
    assert "playbook hold end hold-2026-12-05" in result.output
    assert git(repo, "status", "--porcelain") == f"M {QUIET}"
    assert not validate(repo, NOW).errors


def test_start_defaults_to_now_to_the_minute_and_ids_are_made_unique(repo):
    first = start(repo)
    second = start(repo)
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    today = datetime.now(timezone.utc).astimezone(load_handbook(repo).settings.timezone).date().isoformat()
    one, two = hold(repo, f"hold-{today}"), hold(repo, f"hold-{today}-2")
    assert abs(one.start - datetime.now(timezone.utc)) < timedelta(minutes=2) and one.start.second == 0
    assert two.started_by == "maya-okafor"


def test_hostile_reason_is_quoted_and_reads_back_exactly(repo):
    result = start(repo, "--start", "2026-12-05 21:14", "--id", "storm", reason=HOSTILE)
    assert result.exit_code == 0, result.output
    assert hold(repo, "storm").reason == HOSTILE.strip()
    assert not validate(repo, NOW).errors


def test_crlf_file_stays_crlf_and_byte_identical_before_the_new_entry(repo):
    path = repo / QUIET
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    assert start(repo, "--start", "2026-12-05 21:14").exit_code == 0
    added = appended(before, path.read_bytes())
    assert b"started_by: maya-okafor\r\n" in added and b"\n" not in added.replace(b"\r\n", b"")
    assert run(repo, "hold", "end", "hold-2026-12-05", "--by", "renee-marchand", "--at",
               "2026-12-06 08:00").exit_code == 0
    assert b"\n" not in path.read_bytes().replace(b"\r\n", b"")
    assert hold(repo, "hold-2026-12-05").ended_by == "renee-marchand"


@pytest.mark.parametrize("text", ["# only comments so far\n", "", None])
def test_a_file_without_windows_or_no_file_gets_them(repo, text):
    path = repo / QUIET
    if text is None:
        path.unlink()
    else:
        path.write_text(text, encoding="utf-8")
    assert start(repo, "--start", "2026-12-05 21:14", "--until", "2026-12-07").exit_code == 0
    written = path.read_text(encoding="utf-8")
    assert written.startswith(text if text is not None else "# yaml-language-server")
    assert "windows:\n  - id: hold-2026-12-05\n" in written
    window = hold(repo, "hold-2026-12-05")
    assert window.end == datetime(2026, 12, 8, tzinfo=window.start.tzinfo)  # a date: the end of that day


def test_who_may_start_and_end_holds_comes_from_rules_yml(repo):
    before = (repo / QUIET).read_bytes()
    refused = start(repo, by="dev-raman")
    assert refused.exit_code == 2
    assert ("dev-raman may not start holds: only people holding comms-director or social-lead may "
            "(holds: in policies/rules.yml); ask ") in refused.output
    assert all(name in refused.output for name in ("Maya Okafor", "Hana Sato", "Renée Marchand"))
    unknown = start(repo, by="maya")
    assert unknown.exit_code == 2 and "did you mean 'maya-okafor'?" in unknown.output
    assert (repo / QUIET).read_bytes() == before
    # without a holds: section, social leads may
    rules = repo / "policies/rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace(
        "holds:                                     # who may", "# holds:").replace(
        "  roles: [comms-director, social-lead]", ""), encoding="utf-8")
    assert load_handbook(repo).rules.hold_roles == ["social-lead"]
    assert start(repo, by="renee-marchand").exit_code == 2
    assert start(repo, by="hana-sato").exit_code == 0


def test_end_writes_end_and_ended_by_into_the_entry_and_keeps_its_comment(repo):
    before = (repo / QUIET).read_text(encoding="utf-8")
    result = run(repo, "hold", "end", "pacer3-sole-review", "--by", "renee-marchand", "--at", "2026-12-04 18:30")
    assert result.exit_code == 0, result.output
    after = (repo / QUIET).read_text(encoding="utf-8")
    assert after == before.replace("end: 2026-12-06 00:00     # exclusive", "end: 2026-12-04 18:30     # exclusive") \
        .replace("    started_by: renee-marchand\n", "    started_by: renee-marchand\n    ended_by: renee-marchand\n")
    window = hold(repo, "pacer3-sole-review")
    assert window.end == datetime(2026, 12, 4, 18, 30, tzinfo=window.start.tzinfo)
    assert not validate(repo, NOW).errors


def test_end_of_an_open_hold_is_now_and_then_it_is_over(repo):
    assert start(repo, "--start", "2026-01-05 21:14", "--id", "storm").exit_code == 0
    listed = json.loads(run(repo, "hold", "list", "--format", "json", "--now", "2026-01-06T12:00Z").output)
    assert [(h["id"], h["state"], h["end"]) for h in listed][0] == ("storm", "active", None)
    result = run(repo, "hold", "end", "storm", "--by", "hana-sato")
    assert result.exit_code == 0, result.output
    window = hold(repo, "storm")
    assert window.ended_by == "hana-sato" and abs(window.end - datetime.now(timezone.utc)) < timedelta(minutes=2)
    again = run(repo, "hold", "end", "storm", "--by", "hana-sato")
    assert again.exit_code == 2 and "hold 'storm' already ended" in again.output and "by hana-sato" in again.output
    later = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat(timespec="minutes")
    assert "storm" not in run(repo, "hold", "list", "--now", later).output
    assert "storm (ended)" in run(repo, "hold", "list", "--all", "--now", later).output


def test_end_refuses_unknown_ids_quiet_periods_and_people_who_may_not(repo):
    before = (repo / QUIET).read_bytes()
    unknown = run(repo, "hold", "end", "pacer3-sole", "--by", "renee-marchand")
    assert unknown.exit_code == 2 and "did you mean 'pacer3-sole-review'?" in unknown.output
    quiet = run(repo, "hold", "end", "quiet-2026-12-25", "--by", "renee-marchand")
    assert quiet.exit_code == 2 and "is a quiet period, not a hold" in quiet.output
    nobody = run(repo, "hold", "end", "pacer3-sole-review", "--by", "dev-raman", "--at", "2026-12-04 18:30")
    assert nobody.exit_code == 2 and "dev-raman may not end holds" in nobody.output
    assert (repo / QUIET).read_bytes() == before


def test_list_shows_active_and_coming_holds_with_the_posts_they_hold(repo):
    result = run(repo, "hold", "list", "--now", "2026-12-04T12:00-05:00")
    assert result.exit_code == 0
    assert result.output.startswith("pacer3-sole-review (active) on instagram, tiktok: since Thu 3 Dec 2026, "
                                    "09:00 EST, until Sun 6 Dec 2026, 00:00 EST")
    assert "started by renee-marchand" in result.output
    assert "holds holiday-drive/winter-lacing (Sat 5 Dec 2026, 11:00 EST, evergreen)" in result.output
    assert run(repo, "hold", "list", "--now", "2026-12-07T12:00-05:00").output.strip() == \
        "no active or coming holds"


def test_an_open_ended_hold_reads_until_lifted_in_the_feeds_and_the_diff(repo):
    assert start(repo, "--start", "2026-12-05 21:14", "--channels", "instagram", "--id", "storm").exit_code == 0
    result = validate(repo, NOW)
    assert not result.errors
    feeds = build_feeds(result.handbook, NOW)
    events = [e for e in Calendar.from_ical(feeds["feeds/all.ics"]).walk("VEVENT")
              if "storm" not in str(e.get("DESCRIPTION")) and "until lifted" in str(e.get("DESCRIPTION"))]
    assert events, "no held post says 'hold until lifted'"
    assert all("HELD: Sole separation reports (hold until lifted)" in str(e.get("DESCRIPTION")) for e in events)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hold")
    diff = run(repo, "diff", "HEAD~1", "HEAD")
    assert "until lifted on instagram: Sole separation reports" in diff.output, diff.output
    assert run(repo, "hold", "end", "storm", "--by", "renee-marchand", "--at", "2026-12-06 09:00").exit_code == 0
    git(repo, "commit", "-qam", "end the hold")
    ended = run(repo, "diff", "HEAD~1", "HEAD").output
    assert "1 ended" in ended and "added" not in ended and "removed" not in ended, ended
    assert "ended             hold storm: Sat 2026-12-05 21:14 (America/New_York) until lifted on instagram: " \
           "Sole separation reports -> Sat 2026-12-05 21:14 (America/New_York) to Sun 2026-12-06 09:00 " \
           "(America/New_York) on instagram: Sole separation reports  (ended by renee-marchand)" in ended, ended


def test_hand_written_holds_are_checked(repo):
    path = repo / QUIET
    path.write_text(path.read_text(encoding="utf-8") + (
        "  - {id: by-hand, start: 2026-12-05 21:00, kind: hold, reason: x, started_by: dev-raman, "
        "ended_by: nobody-here}\n  - {id: no-end, start: 2026-12-05 21:00, kind: quiet, reason: x}\n"),
        encoding="utf-8")
    rules = repo / "policies/rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace(
        "roles: [comms-director, social-lead]", "roles: [comms-director, social-leed]"), encoding="utf-8")
    found = {(p.path, p.rule, p.message) for p in validate(repo, NOW).problems if p.rule != "review.overdue"}
    assert (QUIET, "hold.role", "dev-raman may not start holds: only people holding comms-director, social-leed "
            "may (holds: in policies/rules.yml)") in found
    assert (QUIET, "ref.person", "unknown person 'nobody-here'") in found
    assert (QUIET, "schema.missing", "missing required key 'end': a quiet period needs an end") in found
    assert ("policies/rules.yml", "ref.role", "unknown role 'social-leed'") in found


def test_the_public_edition_never_shows_a_hold(tmp_path):
    root = make_handbook(tmp_path / "hb", {"mkdocs-public.yml": "INHERIT: mkdocs.yml\nextra:\n  playbook:\n"
                                                                "    edition: public\n"})
    assert start(root, "--start", "2027-03-30 09:00", by="ana-lead",
                 reason="Internal: lot P3-2611 under review").exit_code == 0
    result = build(root, tmp_path / "site", config="mkdocs-public.yml")
    assert result.returncode == 0, result.stderr
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    assert pages and not any("P3-2611" in page or "md-banner" in page for page in pages)
