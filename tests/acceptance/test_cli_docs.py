"""`playbook --help` and docs/reference/cli.md say the same thing: the same options for every command and the
same exit codes. The help is read from the command itself (click), the documentation from its Markdown."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner
from paths import REPO

from playbook.cli import EXIT_CODES, cli

CLI_MD = (REPO / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, prefix + (name,))
        else:
            yield prefix + (name,), command


def documented_synopsis(path: tuple[str, ...]) -> str:
    """The code block under the '## `playbook ...`' heading of this command."""
    heading = re.search(rf"^#+ `playbook {' '.join(path)}`\n", CLI_MD, re.M)
    assert heading, f"docs/reference/cli.md has no section for playbook {' '.join(path)}"
    block = re.search(r"```\n(.*?)```", CLI_MD[heading.end():], re.S)
    return block.group(1)


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("`", "")).strip()


@pytest.mark.parametrize("path, command", list(commands()), ids=lambda v: " ".join(v) if isinstance(v, tuple)
                         else "")
def test_every_option_in_help_is_documented_and_the_other_way_round(path, command):
    helped = {name for p in command.params if isinstance(p, click.Option) for name in p.opts
              if name.startswith("--")} - {"--help"}
    synopsis = documented_synopsis(path)
    documented = set(re.findall(r"--[a-z][a-z-]*", synopsis))
    assert synopsis.startswith(f"playbook {' '.join(path)}")
    assert helped == documented, f"--help has {sorted(helped - documented)}, cli.md has {sorted(documented - helped)}"
    arguments = [p.human_readable_name for p in command.params if isinstance(p, click.Argument)]
    assert all(a in synopsis for a in arguments), (arguments, synopsis)


def test_exit_codes_in_help_and_docs_agree():
    table = re.findall(r"^\| (\d) \| (.+?) \|$", CLI_MD, re.M)
    assert [(int(code), plain(meaning)) for code, meaning in table] == EXIT_CODES
    shown = plain(CliRunner().invoke(cli, ["--help"]).output)
    for code, meaning in EXIT_CODES:
        assert f"{code} {meaning}" in shown


def test_no_command_help_gives_an_exit_code_a_meaning_the_table_does_not():
    """A sentence like '2 on ... unreadable configuration' in one command's help contradicted the table."""
    for path, _ in commands():
        text = plain(CliRunner().invoke(cli, list(path) + ["--help"]).output)
        assert "configuration" not in text or "broken configuration file" in text, path
        for code in re.findall(r"\b(?:[Ee]xits?|exit code is) \(?(\d)", text):
            assert int(code) in dict(EXIT_CODES), (path, code)
