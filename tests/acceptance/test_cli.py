"""The command line: exit codes, the three formats, colour, no tracebacks, and documentation."""

import json
import os
import re
import subprocess
import sys

import pytest
from golden_corpus import build_case
from paths import REPO

from playbook.cli import cli

POST = "content/posts/spring-launch/teaser.md"


def run(*args, cwd, env=None):
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "playbook", *args], cwd=cwd, capture_output=True, text=True,
                          env={**environment, "PYTHONPATH": str(REPO / "hooks")})


@pytest.fixture
def handbook(tmp_path):
    return build_case(None, tmp_path / "hb")


def break_post(root):
    path = root / POST
    path.write_text(path.read_text().replace("status: draft", "status: drafty").replace("author:", "autor:"))


def test_clean_handbook_exits_zero(handbook):
    result = run("validate", "--now", "2027-03-01T00:00Z", cwd=handbook)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems found" in result.stdout


def test_text_format(handbook):
    break_post(handbook)
    result = run("validate", "--now", "2027-03-01T00:00Z", cwd=handbook)
    assert result.returncode == 1
    assert f"{POST}:5:1: error: unknown key 'autor' [schema.unknown]" in result.stdout
    assert "    hint: did you mean 'author'?" in result.stdout
    assert "\033[" not in result.stdout
    assert result.stdout.rstrip().endswith("2 errors, 0 warnings")  # no schema.missing for the misspelt key


def test_github_format(handbook):
    break_post(handbook)
    result = run("validate", "--format", "github", "--now", "2027-03-01T00:00Z", cwd=handbook)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"::error file={POST},line=5,col=1,title=schema.unknown::unknown key 'autor' " \
           "(hint: did you mean 'author'?)" in lines
    assert lines[-1] == "playbook: 2 errors, 0 warnings"


def test_json_format(handbook):
    break_post(handbook)
    result = run("validate", "--format", "json", "--now", "2027-03-01T00:00Z", cwd=handbook)
    problems = json.loads(result.stdout)
    assert {p["rule"] for p in problems} == {"schema.unknown", "schema.value"}
    assert set(problems[0]) == {"path", "line", "column", "severity", "rule", "message", "hint", "elapsed",
                                "related"}


def test_paths_limit_the_report(handbook):
    break_post(handbook)
    other = run("validate", "content/responses", "--now", "2027-03-01T00:00Z", cwd=handbook)
    assert other.returncode == 0
    same = run("validate", POST, "--now", "2027-03-01T00:00Z", cwd=handbook)
    assert same.returncode == 1


def test_select_reports_only_the_named_rules_or_families(handbook):
    break_post(handbook)  # schema.unknown and schema.value
    only_value = run("validate", "--select", "schema.value", "--format", "json", "--now", "2027-03-01T00:00Z",
                     cwd=handbook)
    assert {p["rule"] for p in json.loads(only_value.stdout)} == {"schema.value"} and only_value.returncode == 1
    family = run("validate", "--select", "schema", "--format", "json", "--now", "2027-03-01T00:00Z", cwd=handbook)
    assert {p["rule"] for p in json.loads(family.stdout)} == {"schema.unknown", "schema.value"}
    other = run("validate", "--select", "ref", "--select", "rota", "--now", "2027-03-01T00:00Z", cwd=handbook)
    assert other.returncode == 0 and "no problems found" in other.stdout
    typo = run("validate", "--select", "schema.valeu", cwd=handbook)
    assert typo.returncode == 2 and "did you mean 'schema.value'?" in typo.stderr


def test_strict_fails_on_warnings(handbook):
    path = handbook / "policies/everyone.md"
    path.write_text(path.read_text().replace("review_by: 2099-01-01", "review_by: 2027-01-01"))
    relaxed = run("validate", "--now", "2027-03-01T00:00Z", cwd=handbook)
    strict = run("validate", "--strict", "--now", "2027-03-01T00:00Z", cwd=handbook)
    assert "[review.overdue]" in relaxed.stdout
    assert relaxed.returncode == 0 and strict.returncode == 1


def test_time_passing_is_reported_but_need_not_fail(handbook):
    """--elapsed report: an expired template (an error only because its date passed) is shown, exit 0."""
    path = next((handbook / "content/responses").glob("*.md"))
    path.write_text(path.read_text().replace("review_by: 2099-01-01", "review_by: 2027-01-01"))
    assert "review_by: 2027-01-01" in path.read_text()
    failing = run("validate", "--strict", "--now", "2027-03-01T00:00Z", cwd=handbook)
    report = run("validate", "--strict", "--elapsed", "report", "--format", "json", "--now", "2027-03-01T00:00Z",
                 cwd=handbook)
    assert failing.returncode == 1 and report.returncode == 0
    found = [p for p in json.loads(report.stdout) if p["rule"] == "review.overdue"]
    assert found and all(p["elapsed"] and p["severity"] == "error" for p in found)
    assert "only because time passed" in failing.stdout
    # An edit's problem still fails with --elapsed report.
    break_post(handbook)
    assert run("validate", "--elapsed", "report", "--now", "2027-03-01T00:00Z", cwd=handbook).returncode == 1


@pytest.mark.parametrize("args", [["validate", "--format", "xml"], ["validate", "--now", "soon"], ["nope"]])
def test_usage_errors_exit_two(handbook, args):
    result = run(*args, cwd=handbook)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_not_a_handbook_exits_two(tmp_path):
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a handbook" in result.stderr and "Traceback" not in result.stderr


def test_unreadable_configuration_is_a_located_problem(handbook):
    (handbook / "calendar/channels.yml").write_text("channels: [\n")
    result = run("validate", cwd=handbook)
    assert result.returncode == 1
    assert "calendar/channels.yml:2:1: error" in result.stdout and "Traceback" not in result.stderr


def test_colour_only_on_a_terminal(handbook):
    from playbook import formatters
    from playbook.problems import Problem

    problem = Problem("a.md", 1, 2, "schema.value", "bad")
    assert "\033[31m" in formatters.text([problem], colour=True)
    assert "\033[" not in formatters.text([problem], colour=False)


def test_github_escapes_newlines_and_separators():
    from playbook import formatters
    from playbook.problems import Problem

    out = formatters.github([Problem("a,b:c.md", 1, 1, "r", "line\nbreak 100%")])
    assert "file=a%2Cb%3Ac.md" in out and "line%0Abreak 100%25" in out


def _commands(group, prefix="playbook"):
    for name, command in sorted(group.commands.items()):
        yield f"{prefix} {name}", command
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix} {name}")


def test_every_command_is_documented():
    reference = (REPO / "docs/reference/cli.md").read_text()
    sections = {line.lstrip("#").strip().strip("`") for line in reference.splitlines() if line.startswith("##")}
    for name, command in _commands(cli):
        assert name in sections, f"docs/reference/cli.md lacks a section for {name}"
        start = re.search(rf"^#+ `{re.escape(name)}`$", reference, re.M).start()  # its heading, not a mention
        section = reference[start:reference.find("\n## ", start + 1)]
        for param in command.params:
            for option in getattr(param, "opts", []):
                if option.startswith("--") and option != "--help":
                    assert option in section, f"{name} {option} is not documented in its section"


def test_internal_failure_is_one_line_naming_the_file(handbook, monkeypatch, capsys):
    from playbook import cli as cli_module
    from playbook.load import Loader

    def explode(self, relative, *context):
        raise RuntimeError("boom")

    monkeypatch.setattr(Loader, "template", explode)
    monkeypatch.chdir(handbook)
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main(["validate"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["playbook: internal error while reading content/responses/where-is-my-order.md: "
                   "RuntimeError: boom"]
