"""A new coordinator's first day: the messages they meet say what is wrong and the exact fix."""

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from golden_corpus import NOW, build_case
from paths import REPO

from playbook.cli import approve_command
from playbook.new import new_command
from playbook.validate import validate

POST = "content/posts/spring-launch/teaser.md"


@pytest.fixture
def root(tmp_path):
    return build_case(None, tmp_path / "hb")


def problems_of(root, path=POST):
    return [p for p in validate(root, NOW).problems if p.path == path]


def edit(root, old, new, path=POST):
    file = root / path
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))


def invoke(command, args, root):
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(command, args)
    finally:
        os.chdir(cwd)


# -- validate --------------------------------------------------------------------


def test_validate_refuses_a_path_that_does_not_exist(root):
    """A typo in PATHS used to filter out every problem and pass with exit 0."""
    done = subprocess.run([sys.executable, "-m", "playbook", "validate", "content/posts/spring-launch/teaserr.md"],
                          cwd=root, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO / "hooks")})
    assert done.returncode == 2
    assert "teaserr.md: no such file or folder" in done.stderr
    assert "Traceback" not in done.stderr


def test_misspelt_required_key_is_one_problem_at_the_typo(root):
    edit(root, "author: ben-writer", "autor: ben-writer")
    found = [(p.rule, p.line, p.hint) for p in problems_of(root)]
    assert found == [("schema.unknown", 5, "did you mean 'author'?")]


def test_missing_required_key_without_a_typo_is_still_reported(root):
    edit(root, "author: ben-writer\n", "")
    assert [p.rule for p in problems_of(root)] == ["schema.missing"]


def test_yaml_11_boolean_gets_the_exact_fix(root):
    edit(root, "status: draft", "status: draft\nevergreen: yes")
    (problem,) = problems_of(root)
    assert problem.rule == "schema.type"
    assert problem.hint == "write evergreen: true (YAML 1.2 reads 'yes' as text, not as yes/no)"


def test_media_entry_written_as_text_shows_the_shape(root):
    edit(root, "  - file: teaser.png\n    alt: A shoe on a wet track", "  - teaser.png")
    (problem,) = [p for p in problems_of(root) if p.rule == "schema.type"]
    assert (problem.rule, problem.line, problem.column) == ("schema.type", 8, 5)
    assert "- file: holiday/hero.png" in problem.hint and "alt:" in problem.hint


def test_hand_written_approval_points_to_playbook_approve(root):
    edit(root, "status: draft", "status: draft\napprovals:\n  - by: ana-lead\n    role: social-lead\n"
                                "    at: 2027-03-01 09:00")
    (problem,) = [p for p in problems_of(root) if p.rule == "schema.missing"]
    assert problem.message == "approval entry has no 'digest'"
    assert problem.hint.endswith(f"run playbook approve {POST} --by ana-lead")


def test_campaign_key_naming_no_campaign_does_not_suggest_moving_the_file(root):
    edit(root, "status: draft", "status: draft\ncampaign: spring-lunch")
    (problem,) = problems_of(root)
    assert problem.rule == "ref.campaign"
    assert problem.message == "no campaign 'spring-lunch'; the post lives in the folder of 'spring-launch'"
    assert "move the file" not in problem.hint
    assert "remove the 'campaign' key" in problem.hint


def test_unknown_time_zone_suggests_the_closest(root):
    edit(root, "status: draft", "status: draft\ntimezone: America/NewYork")
    (problem,) = problems_of(root)
    assert problem.hint == "did you mean 'America/New_York'?"


def test_spring_forward_gap_names_the_skipped_hour_and_a_time_that_exists(root):
    edit(root, "publish_at: 2027-04-05 10:00", "publish_at: 2027-03-28 02:30")  # Europe/Berlin
    (problem,) = [p for p in problems_of(root) if p.rule == "time.nonexistent"]
    assert problem.hint == ("the clocks jump from 02:00 to 03:00 on 2027-03-28; write 2027-03-28 03:30 "
                            "(the same moment), another time, or give an explicit offset")


def test_status_inconsistent_hint_does_not_send_you_to_a_missing_problem(root):
    edit(root, "status: draft", "status: approved")
    (problem,) = [p for p in problems_of(root) if p.rule == "status.inconsistent"]
    assert "(see approval.missing)" not in problem.hint
    assert "set status: in-review" in problem.hint


# -- playbook new ----------------------------------------------------------------


def test_new_gap_message_has_no_double_parentheses(root):
    result = invoke(new_command, ["post", "spring-launch", "gap", "--title", "Gap", "--channel", "instagram",
                                  "--at", "2027-03-28 02:30", "--author", "ben-writer",
                                  "--media", "teaser.png", "--alt", "A shoe"], root)
    assert result.exit_code == 2
    assert ") (" not in result.output
    assert "write 2027-03-28 03:30" in result.output


def test_new_campaign_date_option_asks_for_a_date(root):
    result = invoke(new_command, ["campaign", "fall", "--title", "Fall", "--owner", "ana-lead",
                                  "--starts", "2027/10/01", "--ends", "2027-10-31", "--channel", "instagram"], root)
    assert result.exit_code == 2
    assert "--starts: '2027/10/01' is not a date; write 2026-08-03" in result.output


def test_new_existing_file_is_named_relative_with_a_way_out(root):
    result = invoke(new_command, ["post", "spring-launch", "teaser", "--title", "T", "--channel", "instagram",
                                  "--at", "2027-04-06 10:00", "--author", "ben-writer",
                                  "--media", "teaser.png", "--alt", "A shoe"], root)
    assert result.exit_code == 2
    assert f"playbook new: {POST} already exists; edit it, or choose another slug" in result.output
    assert str(root) not in result.output


def test_new_timezone_typo_suggests_the_zone(root):
    result = invoke(new_command, ["campaign", "fall", "--title", "Fall", "--owner", "ana-lead",
                                  "--starts", "2027-10-01", "--ends", "2027-10-31", "--channel", "instagram",
                                  "--timezone", "Europe/Londn"], root)
    assert result.exit_code == 2
    assert "did you mean 'Europe/London'?" in result.output


# -- playbook approve ------------------------------------------------------------


def test_approve_without_the_role_says_whom_to_ask(root):
    result = invoke(approve_command, [POST, "--by", "lena-legal"], root)
    assert result.exit_code == 2
    assert "holds none of the roles still needed" in result.output
    assert result.output.rstrip().endswith("; ask ana-lead")


def test_approve_completing_a_draft_says_the_next_step(root):
    result = invoke(approve_command, [POST, "--by", "ana-lead", "--at", "2027-03-01 09:00"], root)
    assert result.exit_code == 0, result.output
    assert f"every required approval is recorded; next: set status: approved in {POST}" in result.output


def test_approve_in_a_role_the_post_does_not_need_says_so(root):
    result = invoke(approve_command, [POST, "--by", "lena-legal", "--role", "legal", "--at", "2027-03-01 09:00"],
                    root)
    assert result.exit_code == 0, result.output
    assert f"note: {POST} does not need legal under policies/rules.yml" in result.output
    assert "still needed:" in result.output


def test_approve_bad_at_has_no_double_parentheses(root):
    result = invoke(approve_command, [POST, "--by", "ana-lead", "--at", "yesterday"], root)
    assert result.exit_code == 2
    assert ") (" not in result.output


def test_validate_paths_are_read_from_root_when_run_outside_it(root, tmp_path):
    (root / POST).write_text((root / POST).read_text().replace("author:", "autor:"))
    done = subprocess.run([sys.executable, "-m", "playbook", "validate", "--root", str(root), POST],
                          cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO / "hooks")})
    assert done.returncode == 1, done.stderr
    assert f"{POST}:5:1: error: unknown key 'autor'" in done.stdout


def test_a_post_without_copy_is_a_warning_at_the_body(root):
    text = (root / POST).read_text()
    (root / POST).write_text(text[: text.index("---\n", 4) + 4])
    (problem,) = [p for p in problems_of(root) if p.rule == "content.length"]
    assert (problem.severity.value, problem.message) == ("warning", "the post has no copy yet")
    assert (problem.line, problem.column) == (11, 1)  # the line after the closing ---


def test_undeclared_placeholder_close_to_a_declared_one_shows_both_fixes(root):
    path = "content/responses/where-is-my-order.md"
    text = (root / path).read_text()
    declared = next(line for line in text.splitlines() if line.startswith("placeholders:"))
    name = declared.split("[")[1].split(",")[0].strip(" ]")
    edit(root, "{" + name + "}", "{" + name[:-1] + "}", path)
    (problem,) = [p for p in problems_of(root, path) if p.message.endswith("is not declared")]
    assert problem.hint == (f"did you mean {{{name}}}? Write {{{name}}}, or add {name[:-1]} to placeholders:")
