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


class PlaybookCommand(_ReportsErrors, click.Command):
    """A top-level command (``playbook approve``) that reports its own errors."""


class PlaybookGroup(_ReportsErrors, click.Group):
    """The ``playbook`` group and groups of subcommands (``playbook new``); errors of their plain
    subcommands are reported in the group's name."""
