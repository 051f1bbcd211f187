"""playbook approve: one appended approval and not one other byte changed; approvals bound to content."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from golden_corpus import NOW, build_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.approve import approve
from playbook.cli import approve_command
from playbook.problems import ProblemList
from playbook.source import Source, parse_yaml
from playbook.validate import validate

LAUNCH = "content/posts/spring-launch/launch-day.md"
TEASER = "content/posts/spring-launch/teaser.md"
AT = "2027-03-20T10:00+01:00"


@pytest.fixture
def root(tmp_path):
    return build_case(None, tmp_path / "hb")


def inserted(old: bytes, new: bytes) -> bytes:
    """The one contiguous span ``new`` adds to ``old``; fails if anything else changed."""
    prefix = 0
    while prefix < len(old) and old[prefix] == new[prefix]:
        prefix += 1
    added = len(new) - len(old)
    assert added > 0 and new[prefix + added:] == old[prefix:], "bytes outside the insertion changed"
    return new[prefix:prefix + added]


def front_data(text: str) -> dict:
    block = text.lstrip("\ufeff").replace("\r\n", "\n").split("---\n")[1]
    source = Source("x")
    assert parse_yaml(block, 0, source, ProblemList())
    return source.data


def rules(root, now=NOW):
    return sorted({p.rule for p in validate(root, now).problems if p.path in (LAUNCH, TEASER)})


VARIANTS = {
    "no approvals key": "title: Launch day   # working title\nchannel: [x]\n",
    "block list, items indented": "approvals:\n  - by: ana-lead\n    role: social-lead\n"
                                  "    at: 2027-03-01T10:00+01:00\n"
                                  "    digest: sha256:00\n\n# about the tags\ntags: [a]\n",
    "block list at column 0": "approvals:\n- by: ana-lead\n  role: social-lead\n  at: 2027-03-01T10:00+01:00\n"
                              "  digest: sha256:00\n",
    "flow items in a block list": "approvals:\n    -   {by: ana-lead, role: social-lead, at: 2027-03-01T10:00+01:00,"
                                  " digest: sha256:00}   # first\ntags: [a]\n",
    "flow list": "approvals: [{by: ana-lead, role: social-lead, at: 2027-03-01T10:00+01:00, "
                 "digest: sha256:00} ]  # x\n",
    "empty flow list": "approvals: []\ntags: [a]\n",
    "flow list over lines": "approvals: [\n  {by: ana-lead, role: social-lead, at: 2027-03-01T10:00+01:00,\n"
                            "   digest: \"sha256:00\"}\n]\n",
    "empty key": "approvals:   # none yet\ntags: [a]\n",
    "block scalar before": "notes_free_text: |\n  kept\n    exactly\n",
}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_approve_appends_one_entry_and_changes_nothing_else(root, variant, newline, bom):
    extra = VARIANTS[variant].replace("notes_free_text", "tags")
    front = ("title: Launch day\nchannel: [x]\npublish_at: 2027-04-12T09:30+02:00\nauthor: ben-writer\n"
             "status: draft\n") if "title" not in extra else (
        "publish_at: 2027-04-12T09:30+02:00\nauthor: ben-writer\nstatus: draft\n")
    text = "---\n" + front + extra + "---\nIt is here.  \n\n  Trailing spaces and blank lines stay.\n\n"
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", newline).encode()
    (root / LAUNCH).write_bytes(raw)
    before = front_data(text)
    approve(root, root / LAUNCH, "ana-lead", "social-lead", AT)
    after_raw = (root / LAUNCH).read_bytes()
    added = inserted(raw, after_raw).decode()
    assert "ana-lead" in added and "sha256:" in added
    assert "\n" not in added.replace(newline, "") if newline == "\r\n" else "\r" not in added
    after = front_data(after_raw.decode("utf-8-sig"))
    entry = after["approvals"][-1]
    assert {k: v for k, v in after.items() if k != "approvals"} == {k: v for k, v in before.items()
                                                                     if k != "approvals"}
    assert after["approvals"][:-1] == (before.get("approvals") or [])
    assert entry["by"] == "ana-lead" and entry["role"] == "social-lead" and entry["at"] == "2027-03-20T10:00:00+01:00"


FORMATTING = st.fixed_dictionaries({
    "order": st.permutations(["title", "channel", "publish_at", "author", "status", "tags"]),
    "comments": st.lists(st.sampled_from(["", "  # note", "   #x: y"]), min_size=6, max_size=6),
    "blank_after": st.lists(st.booleans(), min_size=6, max_size=6),
    "quote_title": st.sampled_from(["Launch day", '"Launch: day"', "'Launch ''day'''"]),
    "dash": st.sampled_from(["- ", "  - ", "    -   "]),
    "existing": st.integers(min_value=0, max_value=2),
    "approvals_first": st.booleans(),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(FORMATTING)
def test_any_formatting_round_trips(root, shape):
    values = {"title": shape["quote_title"], "channel": "[x]", "publish_at": "2027-04-12T09:30+02:00",
              "author": "ben-writer", "status": "draft", "tags": "[launch, spring]"}
    lines = []
    for key, comment, blank in zip(shape["order"], shape["comments"], shape["blank_after"], strict=True):
        lines.append(f"{key}: {values[key]}{comment}")
        if blank:
            lines.append("")
    if shape["existing"]:
        inner = " " * len(shape["dash"])
        block = ["approvals:"]
        for _ in range(shape["existing"]):
            block += [f"{shape['dash']}by: lena-legal", f"{inner}role: legal", f"{inner}at: 2027-03-01T10:00+01:00",
                      f"{inner}digest: sha256:00"]
        lines = block + lines if shape["approvals_first"] else lines + block
    text = "---\n" + "\n".join(lines) + "\n---\nIt is here.\n"
    (root / LAUNCH).write_text(text)
    approve(root, root / LAUNCH, "ana-lead", "social-lead", AT)
    new = (root / LAUNCH).read_text()
    added = inserted(text.encode(), new.encode()).decode()
    assert added.count("by: ana-lead") == 1
    assert front_data(new)["approvals"][-1]["by"] == "ana-lead"
    assert len(front_data(new)["approvals"]) == shape["existing"] + 1


def test_editing_the_copy_makes_the_approval_stale_and_validate_fail(root):
    text = (root / LAUNCH).read_text().replace("status: draft", "status: approved")
    (root / LAUNCH).write_text(text)
    approve(root, root / LAUNCH, "ana-lead", None, AT)
    assert validate(root, NOW).errors == []
    (root / LAUNCH).write_text((root / LAUNCH).read_text().replace("spring range", "spring range!"))
    result = validate(root, NOW)
    assert [p.rule for p in result.errors] == ["status.inconsistent", "approval.stale"]


@pytest.mark.parametrize("edit, stale", [
    (("title: Launch day", "title: Launch day, final"), False),
    (("evergreen: false", "evergreen: false\ntags: [launch]"), False),
    (("publish_at: 2027-04-12T09:30+02:00", "publish_at: 2027-04-12T07:30Z"), False),  # the same instant
    (("publish_at: 2027-04-12T09:30+02:00", "publish_at: 2027-04-12 09:30"), False),  # local, same instant
    (("publish_at: 2027-04-12T09:30+02:00", "publish_at: 2027-04-12T09:31+02:00"), True),
    (("channel: [x]", "channel: [x, instagram]"), True),
    (("https://shop.test/spring", "https://shop.test/spring?ref=x"), True),
    (("It is here", "It is\u00a0here"), True),  # a no-break space is another character
])
def test_what_makes_an_approval_stale(root, edit, stale):
    (root / LAUNCH).write_text((root / LAUNCH).read_text().replace("status: draft", "status: approved"))
    approve(root, root / LAUNCH, "ana-lead", None, AT)
    old, new = edit
    text = (root / LAUNCH).read_text()
    assert old in text
    (root / LAUNCH).write_text(text.replace(old, new))
    assert ("approval.stale" in rules(root)) is stale


def test_media_bytes_and_alt_text_are_part_of_the_digest(root):
    (root / TEASER).write_text((root / TEASER).read_text().replace("status: draft", "status: approved"))
    approve(root, root / TEASER, "ana-lead", None, AT)
    assert rules(root) == []
    media = root / "content/media/teaser.png"
    original = media.read_bytes()
    media.write_bytes(original + b"\0")
    assert rules(root) == ["approval.stale", "status.inconsistent"]
    media.write_bytes(original)
    assert rules(root) == []
    (root / TEASER).write_text((root / TEASER).read_text().replace("on a wet track", "on a dry track"))
    assert rules(root) == ["approval.stale", "status.inconsistent"]


def test_copy_is_compared_as_published(root):
    (root / LAUNCH).write_text((root / LAUNCH).read_text().replace("status: draft", "status: approved"))
    approve(root, root / LAUNCH, "ana-lead", None, AT)
    text = (root / LAUNCH).read_text()
    (root / LAUNCH).write_text(text + "\n\n")  # trailing blank lines are trimmed when published
    assert rules(root) == []


def run_cli(*args):
    return CliRunner().invoke(approve_command, [str(a) for a in args], catch_exceptions=False)


def test_cli_records_the_default_role_and_reports_what_is_left(root):
    result = run_cli(root / LAUNCH, "--by", "ana-lead", "--at", "2027-03-20 10:00")
    assert result.exit_code == 0, result.output
    assert "as social-lead at 2027-03-20T10:00:00+01:00" in result.output  # local time in the approver's zone
    assert "every required approval is recorded" in result.output


@pytest.mark.parametrize("args, code, message", [
    (["--by", "nobody"], 2, "unknown person 'nobody'"),
    (["--by", "ana-led"], 2, "did you mean 'ana-lead'?"),
    (["--by", "lena-legal", "--role", "social-lead"], 2, "lena-legal does not hold the role 'social-lead'"),
    (["--by", "lena-legal", "--role", "boss"], 2, "no role 'boss' in policies/team.yml"),
    (["--by", "ben-writer", "--role", "editor"], 2, "may not approve it (separation of duties)"),
    (["--by", "lena-legal"], 2, "lena-legal holds none of the roles still needed"),
    (["--by", "ana-lead", "--at", "2027-03-28 02:30"], 2, "does not exist in Europe/Berlin"),
])
def test_cli_refusals_leave_the_file_alone(root, args, code, message):
    before = (root / LAUNCH).read_bytes()
    result = CliRunner().invoke(approve_command, [str(root / LAUNCH), *args])
    assert result.exit_code == code
    assert message in result.output
    assert (root / LAUNCH).read_bytes() == before


def test_cli_refuses_files_that_are_not_items_or_cannot_be_read(root):
    result = CliRunner().invoke(approve_command, [str(root / "calendar/channels.yml"), "--by", "ana-lead"])
    assert result.exit_code == 2 and "not a post, response template or policy chapter" in result.output
    (root / LAUNCH).write_text("---\ntitle: [unclosed\n---\nx\n")
    result = CliRunner().invoke(approve_command, [str(root / LAUNCH), "--by", "ana-lead"])
    assert result.exit_code == 1 and "cannot be read" in result.output and "yaml.syntax" in result.output


def test_nothing_pending_needs_an_explicit_role(root):
    approve(root, root / LAUNCH, "ana-lead", None, AT)
    result = CliRunner().invoke(approve_command, [str(root / LAUNCH), "--by", "ana-lead"])
    assert result.exit_code == 2 and "already approved" in result.output
    assert run_cli(root / LAUNCH, "--by", "ana-lead", "--role", "social-lead", "--at", AT).exit_code == 0


def test_approve_keeps_file_permissions(root):
    path = root / LAUNCH
    path.chmod(0o640)
    approve(root, path, "ana-lead", None, AT)
    assert path.stat().st_mode & 0o777 == 0o640
    assert not [p for p in Path(path.parent).iterdir() if p.name.startswith(".")]


def test_cli_notes_an_approval_later_than_the_lead_time(root):
    rules = root / "policies/rules.yml"
    rules.write_text(rules.read_text().replace("lead_times:\n", "lead_times:\n  social-lead: 1d\n"))
    result = run_cli(root / LAUNCH, "--by", "ana-lead", "--at", "2027-04-11T10:00+02:00")
    assert result.exit_code == 0
    assert "note: later than social-lead's deadline 2027-04-11T09:30+02:00" in result.output
    assert "time.lead" in [p.rule for p in validate(root, NOW).problems]
