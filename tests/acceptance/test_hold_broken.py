"""playbook hold on a broken calendar/quiet.yml: list, start and end name the located problem and exit 1
(a hold in an entry that cannot be read must not look like "no holds" during a crisis); a control character
in --reason is refused before anything is written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from gitrepo import example_repository

from playbook.cli import cli

QUIET = "calendar/quiet.yml"
BROKEN = {  # quiet.yml -> the located problem
    "windows: 5\n": "calendar/quiet.yml:1:10: error: 'windows' must be a list of entries, not a number [schema.type]",
    "windows:\n  a: {start: 2026-12-01, end: 2026-12-02}\n":
        "calendar/quiet.yml:2:3: error: 'windows' must be a list of entries, not a mapping [schema.type]",
    "windows:\n  - &a {id: crisis, start: 2026-12-01 10:00, kind: hold, reason: x}\n  - *a\n":
        "calendar/quiet.yml:2:5: error: anchor '&a' is not allowed [yaml.syntax]",
    "windows:\n  - {id: crisis, start: 2026-12-01 10:00, end: 2026-11-09, kind: hold, reason: x}\n":
        "calendar/quiet.yml:2:48: error: the window ends before it starts [schema.value]",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return example_repository(tmp_path_factory.mktemp("broken") / "hb")


def run(root, *args):
    return CliRunner().invoke(cli, [*args, "--root", str(root)])


@pytest.mark.parametrize("text", BROKEN)
def test_list_start_and_end_name_the_located_problem_and_exit_1(repo, text):
    (repo / QUIET).write_text(text)
    located = BROKEN[text]
    listed = run(repo, "hold", "list", "--now", "2026-12-01T12:00-05:00")
    assert listed.exit_code == 1
    assert located in listed.output and "no active or coming holds" not in listed.output
    refusal = located.replace(": error:", ":") + "; fix it first"
    ended = run(repo, "hold", "end", "crisis", "--by", "renee-marchand")
    started = run(repo, "hold", "start", "--reason", "Recall", "--by", "renee-marchand")
    for result in (ended, started):
        assert result.exit_code == 1 and refusal in result.output, result.output
    assert (repo / QUIET).read_text() == text  # nothing written


def test_a_control_character_in_the_reason_is_named_and_nothing_is_written(tmp_path):
    repo = example_repository(tmp_path / "hb")
    before = (repo / QUIET).read_bytes()
    result = run(repo, "hold", "start", "--reason", "tab\there \033[31m esc", "--by", "renee-marchand")
    assert result.exit_code == 2
    assert "--reason holds the control character U+001B" in result.output and "\\u001b" not in result.output
    assert (repo / QUIET).read_bytes() == before
    tab = run(repo, "hold", "start", "--reason", "tab\there, two\nlines", "--by", "renee-marchand")
    assert tab.exit_code == 0, tab.output  # tab and line feed are text a file may hold
