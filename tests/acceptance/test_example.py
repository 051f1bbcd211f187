"""The example handbook validates clean, and exercises every rule: one realistic edit makes each rule fire."""

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from paths import REPO

from playbook.approve import approve
from playbook.rules import registry
from playbook.validate import validate

# "Today" in the example handbook (docs/reference/example-handbook.md).
TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("America/New_York"))
BLACK_FRIDAY = "content/posts/holiday-drive/black-friday.md"
LUGS = "content/posts/spring-trail-teaser/ridgeback-lugs.md"
LAUNCH_LIST = "content/posts/spring-trail-teaser/ridgeback-launch-list.md"
TEMPLATE = "content/responses/shipping-times.md"
AUGUST = "content/metrics/2026-08.csv"
GREEN = "content/insights/2026-08-06-green-colorway.md"
SIZES = "content/insights/2026-08-19-size-chart-kids.md"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    root = tmp_path_factory.mktemp("example") / "hb"
    for folder in ("calendar", "content", "policies"):
        shutil.copytree(REPO / folder, root / folder)
    commit_all(root, "2026-11-23T12:00:00-05:00")  # like a fresh clone: verify_approvals reads the history
    return root


def commit_all(root, when, first=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    for command in ([["init", "-q"]] if first else []) + [["add", "-A"], ["-c", "user.name=Playbook developer", "-c",
                                                   "user.email=dev@playbook.test", "commit", "-q", "-m", "example"]]:
        subprocess.run(["git", *command], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def example(pristine, tmp_path):
    root = tmp_path / "hb"
    shutil.copytree(pristine, root)
    return root


def test_the_example_handbook_validates_clean(pristine):
    assert [f"{p.path}:{p.line} {p.rule}" for p in validate(pristine, TODAY).problems] == []


def replace(path, old, new, count=1):
    def edit(root):
        text = (root / path).read_text()
        assert old in text, f"{path} no longer contains {old!r}: update this test with the example"
        (root / path).write_text(text.replace(old, new, count))
    return edit


def committed(edit):
    """The edit, committed (before the example's `since`): an approval edited but not committed is unverified."""
    def apply(root):
        edit(root)
        commit_all(root, "2026-11-24T12:00:00-05:00", first=False)
    return apply


def regex(path, pattern, new):
    def edit(root):
        text = (root / path).read_text()
        assert re.search(pattern, text, flags=re.M), f"{path}: no match for {pattern!r}"
        (root / path).write_text(re.sub(pattern, new, text, count=1, flags=re.M))
    return edit


def append_bytes(path, data):
    def edit(root):
        with (root / path).open("ab") as handle:
            handle.write(data)
    return edit


# rule id -> (edit, reference time); every edit is one a team member could plausibly make.
ROTA = "calendar/rota.yml"
CRISIS = "policies/crisis-protocol.md"
LIVE = "policies/live-event-protocol.md"
EDITS = {
    "yaml.syntax": (replace(LUGS, "tags: [ridgeback]", "tags: [ridgeback"), TODAY),
    "yaml.duplicate-key": (replace(LUGS, "status: draft\n", "status: draft\nstatus: in-review\n"), TODAY),
    "file.encoding": (append_bytes(LUGS, "Caf\u00e9".encode("latin-1")), TODAY),
    "file.front-matter": (replace(LUGS, "---\n", ""), TODAY),
    "schema.missing": (replace(LUGS, "author: dev-raman\n", ""), TODAY),
    "schema.unknown": (replace(LUGS, "tags:", "tag:"), TODAY),
    "schema.type": (replace(LUGS, "tags: [ridgeback]", "tags: {ridgeback: true}"), TODAY),
    "schema.value": (replace(LUGS, "status: draft", "status: ready"), TODAY),
    "ref.campaign": (replace(LUGS, "status: draft", "status: draft\ncampaign: spring-trail"), TODAY),
    "ref.person": (replace(LUGS, "author: dev-raman", "author: dev-ramen"), TODAY),
    "ref.role": (replace(TEMPLATE, "who_may_send: everyone", "who_may_send: care-team"), TODAY),
    "ref.channel": (replace(LUGS, "channel: instagram", "channel: insta"), TODAY),
    "ref.media": (replace(LUGS, "ridgeback-lugs.png", "ridgeback-lug.png"), TODAY),
    "ref.duplicate-id": (replace("policies/team.yml", "id: hana-sato", "id: maya-okafor"), TODAY),
    "time.nonexistent": (replace(LUGS, "publish_at: 2027-02-22 12:00", "publish_at: 2027-03-14 02:30"), TODAY),
    "time.ambiguous": (replace(LUGS, "publish_at: 2027-02-22 12:00", "publish_at: 2026-11-01 01:30"), TODAY),
    "time.outside-campaign": (replace(LUGS, "publish_at: 2027-02-22 12:00", "publish_at: 2027-03-20 12:00"), TODAY),
    "time.quiet-period": (replace("content/posts/holiday-drive/store-hours.md", "publish_at: 2026-12-20 10:00",
                                  "publish_at: 2026-12-25 10:00"), TODAY),
    "time.channel-cap": (replace("content/posts/holiday-drive/new-year-miles.md", "publish_at: 2026-12-31 15:00",
                                 "publish_at: 2026-12-09 05:00"), TODAY),
    "time.channel-gap": (replace("content/posts/holiday-drive/shipping-cutoff.md", "publish_at: 2026-12-14 10:00",
                                 "publish_at: 2026-11-30 09:30"), TODAY),
    "time.missed": (lambda root: None, datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("America/New_York"))),
    # Legal records its approval two days before publishing (its lead time is three), and commits it.
    "time.lead": (committed(lambda root: approve(root, root / BLACK_FRIDAY, "priya-natarajan", "legal",
                                                 "2026-11-25T16:30:00-05:00")), TODAY),
    "approval.missing": (replace("content/posts/holiday-drive/cyber-monday.md", "status: in-review",
                                 "status: approved"), TODAY),
    "approval.role": (replace(BLACK_FRIDAY, "by: owen-blake", "by: lucia-ferreira"), TODAY),
    "approval.self": (replace(BLACK_FRIDAY, "by: hana-sato", "by: maya-okafor"), TODAY),
    # Switching verification on before the example was committed: its approvals were committed by
    # Playbook's developers, not by the Stride team.
    "approval.unverified": (replace("policies/rules.yml", "since: 2027-01-01", "since: 2026-01-01"), TODAY),
    "approval.stale": (replace(BLACK_FRIDAY, "Our Black Friday offer, plainly:", "Our Black Friday offer:"), TODAY),
    "status.inconsistent": (replace("content/posts/holiday-drive/first-run-2027.md", "status: draft",
                                    "status: published"), TODAY),
    "content.length": (replace(LAUNCH_LIST, "Be first to know:", "Be first to know. " + "Really. " * 30), TODAY),
    "content.media": (replace(LAUNCH_LIST, "channel: x", "channel: [x, tiktok]"), TODAY),
    "content.alt-text": (regex(LUGS, r"^    alt: .*$", "    alt: ridgeback-lugs.png"), TODAY),
    "content.hashtags": (replace(LUGS, "#StrideTrail #TrailRunning", "#StrideTrail #TrailRunning #Mud #Lugs #Grip "
                                 "#Trail"), TODAY),
    "content.forbidden-term": (replace(LUGS, "5mm of reasons", "Guaranteed grip: 5mm of reasons we GUARANTEE"),
                               TODAY),
    "content.placeholder": (replace(TEMPLATE, "{name}", "{first_name}"), TODAY),
    "review.overdue": (regex(TEMPLATE, r"^review_by: .*$", "review_by: 2026-11-20"), TODAY),
    "metrics.format": (replace(AUGUST, "date,channel,post,impressions", "date,channel,post,impresions"), TODAY),
    "metrics.number": (append_bytes(AUGUST, b"2026-08-31,instagram,,,,,,,,,,\"48,900\",\n"), TODAY),
    "metrics.channel": (append_bytes(AUGUST, b"2026-08-31,threads,,,,,,,,,,1200,\n"), TODAY),
    "metrics.post": (append_bytes(AUGUST, b"2026-08-05,instagram,back-to-school/fit-guid,900,,,,,,,,,\n"), TODAY),
    "metrics.duplicate": (append_bytes(AUGUST, b"2026-08-01,facebook,,,,,,,,,,39938,\n"), TODAY),
    "metrics.early": (append_bytes(AUGUST, b"2026-08-01,instagram,back-to-school/fit-guide,900,,,,,,,,,\n"),
                      TODAY),
    "insight.department": (replace(GREEN, "department: product", "department: products"), TODAY),
    "insight.owner": (regex(SIZES, r"^owner: .*\n", ""), TODAY),
    "insight.note": (regex(GREEN, r"^note: .*\n", ""), TODAY),
    "rota.gap": (replace(ROTA, '  - {person: hana-sato, channels: all, days: sat-sun, from: "15:00", to: "22:00"}\n',
                         ""), TODAY),
    "rota.role": (replace(ROTA, '{person: renee-marchand, days: mon-sun,', '{person: renee-marchand, days: mon-fri,'),
                  TODAY),
    # A new version of the crisis protocol: everyone on the rota has read 1.4, nobody 1.5 yet.
    "policy.unacknowledged": (replace("policies/crisis-protocol.md", 'version: "1.4"\n', 'version: "1.5"\n'),
                              TODAY),
    "rota.time": (replace(ROTA, 'days: mon-fri, from: "07:00", to: "15:00"}',
                          'days: mon-sun, from: "02:30", to: "15:00"}'),
                  datetime(2027, 3, 1, 12, 0, tzinfo=ZoneInfo("America/New_York"))),
    # protocols (issue 13): each edit is one way a protocol stops being ready
    "protocol.team": (replace(CRISIS, "members: [maya-okafor,", "members: [renee-marchand, maya-okafor,"), TODAY),
    "protocol.backup": (replace(CRISIS, "  backup: hana-sato\n", ""), TODAY),
    "protocol.role": (replace(CRISIS, "lead: renee-marchand", "lead: maya-okafor"), TODAY),
    "protocol.activation": (regex(LIVE, r"^activation:\n(  - .*\n)+", ""), TODAY),
    "protocol.contact": (replace("policies/team.yml", '    phone: "+1 212 555 0106"\n', ""), TODAY),
    "protocol.rota": (replace(ROTA, '  - {person: maya-okafor, days: sat-sun, from: "08:00", to: "15:00"}\n', ""),
                      TODAY),
    "hold.role": (replace("calendar/quiet.yml", "started_by: renee-marchand", "started_by: dev-raman"), TODAY),
}


def test_every_rule_has_an_edit():
    assert sorted(EDITS) == sorted(registry())


@pytest.mark.parametrize("rule_id", sorted(EDITS))
def test_one_edit_makes_the_rule_fire(example, rule_id):
    edit, now = EDITS[rule_id]
    edit(example)
    fired = {p.rule for p in validate(example, now).problems}
    assert rule_id in fired, f"{rule_id} did not fire; got {sorted(fired)}"


def playbook_validate(root, *args):
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO / "hooks")}
    return subprocess.run([sys.executable, "-m", "playbook", "validate", *args, "--now", TODAY.isoformat()], cwd=root,
                          capture_output=True, text=True, env=env)


def test_a_protocol_without_a_backup_fails_where_the_team_is_written(example):
    replace(CRISIS, "  backup: hana-sato\n", "")(example)
    result = playbook_validate(example)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("policies/crisis-protocol.md:10:1: error: the protocol has no backup: when Renée Marchand cannot be "
            "reached, nobody may lead it [protocol.backup]") in result.stdout
    assert "hint: add backup: under team:" in result.stdout


def test_removing_a_phone_from_team_yml_is_reported_when_team_yml_is_checked(example):
    replace("policies/team.yml", '    phone: "+1 212 555 0106"\n', "")(example)
    result = playbook_validate(example, "policies/team.yml")  # what a pull request touching only team.yml checks
    assert result.returncode == 1
    assert "policies/crisis-protocol.md:12:26:" in result.stdout and "Priya Natarajan (member) has no phone" in \
        result.stdout
