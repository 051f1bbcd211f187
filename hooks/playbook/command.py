"""What every click command shares: where the handbook is, and PlaybookError turned into an exit code."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import PlaybookError


def handbook_root(start: Path) -> Path:
    """The nearest folder upwards from ``start`` holding calendar/, content/ or policies/."""
    for folder in [start, *start.parents]:
        if any((folder / name).is_dir() for name in ("calendar", "content", "policies")):
            return folder
    return start


class _ReportsErrors:
    """Print a PlaybookError as ``playbook <command>: <message>`` on stderr and exit with its code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PlaybookError as error:
            speaker = "playbook" if self.name in (None, "playbook") else f"playbook {self.name}"
            click.echo(f"{speaker}: {error}", err=True)
            ctx.exit(error.code)


# Options people bring from another command or from the front matter, and the option meaning it here:
# `playbook approve --by` names a person, so `playbook new post --by maya` is a natural first try.
_SYNONYMS = {"--by": "--author", "--author": "--by",
             "--publish-at": "--at", "--publish_at": "--at", "--date": "--at", "--time": "--at"}


class _TeachesOptions:
    """An unknown option gets the option it stands for, not difflib's nearest spelling (``--by`` is closer
    to ``--copy`` than to ``--author``), and a flag written for an argument is told the argument's place."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            wanted = error.option_name.split("=", 1)[0]
            names = {name for param in self.params for name in param.opts}
            argument = next((p for p in self.params if isinstance(p, click.Argument)
                             and wanted.lstrip("-").replace("_", "-") == p.name.replace("_", "-")), None)
            if argument is not None:
                usage = " ".join(part for part in self.collect_usage_pieces(ctx) if part != "[OPTIONS]")
                raise click.UsageError(f"{argument.human_readable_name} is given without {wanted}, in its place: "
                                       f"{ctx.command_path} {usage}", ctx) from None
            if _SYNONYMS.get(wanted) in names:
                raise click.UsageError(f"No such option {wanted!r}. Did you mean {_SYNONYMS[wanted]!r}?", ctx) \
                    from None
            raise


class PlaybookCommand(_ReportsErrors, _TeachesOptions, click.Command):
    """A top-level command (``playbook approve``) that reports its own errors."""


class PlaybookSubcommand(_TeachesOptions, click.Command):
    """A plain subcommand (``playbook new post``): its group reports its errors."""


class PlaybookGroup(_ReportsErrors, click.Group):
    """The ``playbook`` group and groups of subcommands (``playbook new``); errors of their plain
    subcommands are reported in the group's name."""

    command_class = PlaybookSubcommand
