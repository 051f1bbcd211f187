"""The ``playbook`` command line: a flat click CLI, every command documented in docs/reference/cli.md."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from . import baseline, formatters
from .command import PlaybookCommand, PlaybookGroup, handbook_root
from .errors import PlaybookError
from .problems import Severity
from .suggest import did_you_mean
from .timeparse import TimeError, instant_before, parse_datetime


def _parse_now(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_datetime(value, timezone.utc)
    except TimeError as error:
        raise click.BadParameter(f"{error} ({error.hint})", param_hint="--now") from None


def _use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


# Exit codes of every command, shown by `playbook --help`; docs/reference/cli.md has the same table (a test
# compares them).
EXIT_CODES = [
    (0, "clean (warnings allowed unless --strict)"),
    (1, "problems at error level, or warnings with --strict; a broken configuration file is such a problem"),
    (2, "usage error, or the folder is not a handbook / an internal failure (one line naming the file)"),
]
_EPILOG = "\b\nExit codes:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES)


@click.group("playbook", cls=PlaybookGroup,
             context_settings={"help_option_names": ["-h", "--help"]}, epilog=_EPILOG)
@click.version_option(package_name="playbook")
def cli():
    """Playbook: validate, approve and publish a social media team's handbook."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True, help="Output format: text for people, github for workflow annotations, json.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.option("--now", metavar="ISO", help="Reference time for time rules, e.g. 2026-08-01T09:00Z "
              "(default: SOURCE_DATE_EPOCH, else the clock).")
@click.option("--elapsed", type=click.Choice(["fail", "report"]), default="fail", show_default=True,
              help="Problems only time passing made true (time.missed, review.overdue): fail counts them in the "
              "exit code, report shows them without failing (what CI and the publishing build do).")
@click.option("--base", metavar="REF", help="Blame conflicts between posts on what changed since REF (e.g. "
              "origin/main), besides uncommitted and untracked files.")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Handbook repository (default: found upwards from the current folder).")
@click.option("--baseline", "baseline_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Hide the warnings acknowledged in FILE, so that new ones stand out.")
@click.option("--update-baseline", is_flag=True,
              help="Write every current warning to the --baseline FILE as acknowledged.")
@click.option("--verify-from", "verify_from", metavar="BASE", help="For a pull request: verify the approvals its "
              "commits (BASE..HEAD) add, whatever their date; approvals already on BASE count as recorded. "
              "Needs verify_approvals in policies/rules.yml and the full history.")
@click.option("--select", "selected", multiple=True, metavar="RULE",
              help="Report only problems of this rule id (approval.unverified) or family (rota); repeatable.")
def validate(paths, fmt, strict, now, elapsed, base, root, baseline_file, update_baseline, verify_from, selected):
    """Check the handbook and report every problem with file:line:column.

    PATHS limit the report to problems in or about those files or folders
    (a cap conflict carried by another post names this one); the whole
    handbook is still read, because references cross files. Exit 0 when clean, 1 on
    errors (or warnings with --strict), 2 on a usage error (`playbook --help`
    lists the exit codes).
    """
    from .validate import changed_paths, rule_ids  # noqa: PLC0415 - keep `playbook --help` fast
    from .validate import validate as run  # noqa: PLC0415

    known = rule_ids()
    families = {rule.split(".")[0] for rule in known}
    for rule in selected:
        if rule not in known and rule not in families:
            hint = did_you_mean(rule, sorted(known | families)) or "see the rule reference for every id"
            raise click.BadParameter(f"no rule or family '{rule}'; {hint}", param_hint="--select")
    reference = _parse_now(now)
    root = (root or handbook_root(Path.cwd())).resolve()
    try:
        changed = changed_paths(root, base)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--base") from None
    result = run(root, reference, verify_from, changed=changed)
    problems = result.problems
    if paths:
        wanted = []
        # Relative PATHS are read from the current folder, or from --root when run from outside the handbook.
        base = Path.cwd() if Path.cwd().resolve().is_relative_to(root) else root
        for path in paths:
            absolute = path if path.is_absolute() else (base / path).resolve()
            try:
                wanted.append(absolute.relative_to(root).as_posix())
            except ValueError:
                raise click.BadParameter(f"{path} is outside the handbook {root}", param_hint="PATHS") from None
            if not os.path.lexists(absolute):
                # A typo would otherwise filter out every problem and pass.
                raise click.BadParameter(f"{path}: no such file or folder", param_hint="PATHS")
        problems = [p for p in problems if any(p.involves(w) for w in wanted)]
    if selected:
        problems = [p for p in problems if p.rule in selected or p.rule.split(".")[0] in selected]
    if update_baseline:
        if baseline_file is None or paths or selected:
            raise click.UsageError("--update-baseline needs --baseline FILE and neither PATHS nor --select "
                                   "(it records every warning)")
        count = baseline.write(baseline_file, problems)
        click.echo(f"playbook: {baseline_file}: {count} warning(s) acknowledged", err=True)
    elif baseline_file is not None:
        try:
            outcome = baseline.apply(problems, baseline.read(baseline_file))
        except baseline.BaselineError as error:
            raise click.BadParameter(str(error), param_hint="--baseline") from None
        problems = outcome.shown
        if outcome.hidden:
            click.echo(f"playbook: {outcome.hidden} acknowledged warning(s) hidden ({baseline_file})", err=True)
        if outcome.gone and not paths:
            click.echo(f"playbook: {len(outcome.gone)} acknowledged warning(s) no longer occur; "
                       "drop them with --update-baseline", err=True)
    click.echo(formatters.FORMATTERS[fmt](problems, colour=_use_colour()), nl=False)
    counted = [p for p in problems if elapsed == "fail" or not p.elapsed]
    failing = any(p.severity is Severity.ERROR or strict for p in counted)
    sys.exit(1 if failing else 0)


@cli.command(cls=PlaybookCommand)
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write the feeds into (all.ics, campaign-<id>.ics, channel-<id>.ics, deadlines.ics).")
@click.option("--now", metavar="ISO", help="Reference time for the feed window and the time rules "
              "(default: SOURCE_DATE_EPOCH, else the clock).")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Handbook repository (default: found upwards from the current folder).")
def ics(out_dir, now, root):
    """Write the iCal feeds without building the site.

    The handbook is validated first: on any error the problems are printed,
    nothing is written and the exit code is 1. Each feed is written to a
    temporary file and renamed into place, so a subscriber never reads half
    a feed. Exit 0 when written, 2 on a usage error.
    """
    from .feeds import build_feeds, write_feeds  # noqa: PLC0415 - keep `playbook --help` fast
    from .validate import reference_now  # noqa: PLC0415
    from .validate import validate as run  # noqa: PLC0415

    reference = _parse_now(now)
    root = (root or handbook_root(Path.cwd())).resolve()
    result = run(root, reference)
    if result.blocking_errors:
        click.echo(formatters.FORMATTERS["text"](result.problems, colour=_use_colour()), nl=False)
        raise PlaybookError("no feeds written; fix the errors above first", code=1)
    feeds = build_feeds(result.handbook, reference_now(reference), approvals=result.approvals)
    write_feeds({key.removeprefix("feeds/"): data for key, data in feeds.items()}, out_dir)
    for key in sorted(feeds):
        click.echo(f"{out_dir / key.removeprefix('feeds/')}: {feeds[key].count(b'BEGIN:VEVENT')} events")
    if result.warnings:
        click.echo(f"{len(result.warnings)} warning(s): run `playbook validate` to see them", err=True)


@cli.command("approve", cls=PlaybookCommand)
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--by", "by", required=True, metavar="PERSON", help="Who approves: a person id from policies/team.yml.")
@click.option("--role", metavar="ROLE", help="The role approved in (default: the approver's role that meets a "
              "pending step).")
@click.option("--at", "at", metavar="ISO", help="When it was approved (default: now), e.g. 2026-08-01T09:30-04:00; "
              "a local time is read in the approver's zone.")
@click.option("--commit", "commit", is_flag=True, help="Commit the approval (only this file) with your git "
              "identity, signed when your git signs commits: what verify_approvals checks.")
def approve_command(path: Path, by: str, role: str | None, at: str | None, commit: bool) -> None:
    """Record an approval of PATH (a post, response template or policy chapter).

    Appends {by, role, at, digest} to the file's approvals, changing nothing
    else in the file. The digest binds the approval to the content: editing
    the copy, channels, media or publish time later makes it stale. Refuses
    (exit 2) an unknown person, a role the person does not hold, and an
    author approving their own post; exit 1 if the file cannot be read.
    """
    from . import approvals as ap  # noqa: PLC0415 - keep `playbook --help` fast
    from . import model as m  # noqa: PLC0415
    from .approve import approve  # noqa: PLC0415
    from .approve_commit import check_committable, commit_approval  # noqa: PLC0415

    absolute = path if path.is_absolute() else Path.cwd() / path
    root = handbook_root(absolute.resolve().parent)
    if commit and absolute.resolve().is_relative_to(root):  # outside: approve() says so
        check_committable(root, absolute.resolve().relative_to(root).as_posix())
    recorded = approve(root, absolute, by, role, at)
    item, approval = recorded.item, recorded.approval
    click.echo(f"recorded: {approval.by} approved {item.source.path} as {approval.role} at "
               f"{approval.at.isoformat()} ({approval.digest[:19]}…)")
    if commit:
        for note in commit_approval(root, item, approval, recorded.handbook.team.people[by]):
            click.echo(note)
    if isinstance(item, m.Post):
        deadline = instant_before(item.publish_at, ap.lead_time(recorded.handbook, approval.role))
        if approval.at > deadline:
            click.echo(f"note: later than {approval.role}'s deadline {deadline.isoformat(timespec='minutes')}; "
                       "playbook validate will report time.lead")
    if approval.role not in {r for step in ap.required_steps(recorded.handbook, item) for r in step.roles}:
        click.echo(f"note: {item.source.path} does not need {approval.role} under policies/rules.yml; "
                   "the approval is recorded but meets no step")
    if recorded.remaining:
        click.echo("still needed:")
        for step in recorded.remaining:
            who = ", ".join(p.id for p in step.holders) or "nobody eligible"
            due = f", due {step.due.isoformat(timespec='minutes')}" if step.due else ""
            click.echo(f"  {' or '.join(step.roles)} ({ap.step_reason(step.step)}{due}): {who}")
    elif isinstance(item, m.Post) and item.status in (m.PostStatus.DRAFT, m.PostStatus.IN_REVIEW):
        click.echo(f"every required approval is recorded; next: set status: approved in {item.source.path}")
    else:
        click.echo("every required approval is recorded")


@cli.command("acknowledge", cls=PlaybookCommand)
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--by", "by", required=True, metavar="PERSON", help="Who has read it: a person id from "
              "policies/team.yml.")
@click.option("--at", "at", metavar="ISO", help="When it was read (default: now), e.g. 2026-12-01T09:30-05:00; "
              "a local time is read in the reader's zone.")
@click.option("--commit", "commit", is_flag=True, help="Commit the acknowledgement (only this file) with your git "
              "identity, signed when your git signs commits: what verify_approvals checks.")
def acknowledge_command(path: Path, by: str, at: str | None, commit: bool) -> None:
    """Record that PERSON has read the current version of the policy chapter PATH.

    Appends {by, version, at} to the chapter's acknowledgements, changing
    nothing else in the file. The entry names the chapter's version: a new
    version asks everyone again. Refuses (exit 2) an unknown person, a
    person the chapter's acknowledge: does not ask (naming who it asks) and
    a chapter that asks nobody; exit 1 if the file cannot be read. Exit 0
    without writing when PERSON has already acknowledged this version.
    """
    from .acknowledge import acknowledge, commit_message  # noqa: PLC0415 - keep `playbook --help` fast
    from .approve_commit import check_committable, commit_record  # noqa: PLC0415

    absolute = path if path.is_absolute() else Path.cwd() / path
    root = handbook_root(absolute.resolve().parent)
    if commit and absolute.resolve().is_relative_to(root):  # outside: acknowledge() says so
        check_committable(root, absolute.resolve().relative_to(root).as_posix(), "acknowledgement")
    done = acknowledge(root, absolute, by, at)
    chapter, record = done.chapter, done.acknowledgement
    if not done.written:
        when = f" at {record.at.isoformat()}" if record.at else ""
        click.echo(f"{by} has already acknowledged version {record.version} of {chapter.source.path}{when}; "
                   "nothing written")
        return
    click.echo(f"recorded: {by} acknowledged version {record.version} of {chapter.source.path} at "
               f"{record.at.isoformat()}")
    if commit:
        person = done.handbook.team.people[by]
        for note in commit_record(root, chapter.source.path, commit_message(chapter, record), person,
                                  "acknowledgement"):
            click.echo(note)


@cli.command("diff", cls=PlaybookCommand)
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text for people, markdown for a pull-request comment or step summary, json for tools.")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Handbook repository (default: found upwards from the current folder).")
def diff_command(base: str | None, head: str | None, fmt: str, root: Path | None) -> None:
    """What a change does to the schedule, from BASE to HEAD.

    BASE defaults to the merge base with the default branch, HEAD to the
    working tree. Both are read from git without touching the working tree.
    Lists posts added, removed and moved (with quiet periods and holds they
    now fall in), status and channel changes, approvals added, made stale
    and still needed (with when each is due), holds and quiet periods added
    or removed, and templates and chapters whose wording or review date
    changed. Exit 0; 2 when a revision cannot be read.
    """
    from . import diff as schedule_diff  # noqa: PLC0415 - keep `playbook --help` fast

    root = (root or handbook_root(Path.cwd())).resolve()
    base_label, head_label, changes, handbook = schedule_diff.diff(root, base, head)
    if fmt == "json":
        click.echo(schedule_diff.as_json(base_label, head_label, changes), nl=False)
    elif fmt == "markdown":
        site_url = handbook.settings.site_url if "site_url" in handbook.settings.written else None
        click.echo(schedule_diff.as_markdown(base_label, head_label, changes, site_url), nl=False)
    else:
        click.echo(schedule_diff.as_text(base_label, head_label, changes), nl=False)


@cli.command("schema", cls=PlaybookCommand)
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder to write into (default: schema/ in the handbook).")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Handbook repository (default: found upwards from the current folder).")
def schema_command(out_dir: Path | None, root: Path | None) -> None:
    """Write JSON Schemas for editors: one per kind of front matter and YAML file.

    Generated from the loader's own declarations, so they match what
    `playbook validate` accepts key for key. A file names its schema in a
    `# yaml-language-server: $schema=...` modeline. Exit 0.
    """
    from .schemas import write  # noqa: PLC0415 - keep `playbook --help` fast

    if out_dir is None:
        out_dir = (root or handbook_root(Path.cwd())).resolve() / "schema"
    for path in write(out_dir):
        click.echo(str(path))


@cli.command("reschedule", cls=PlaybookCommand)
@click.option("--hold", "window_id", metavar="ID", help="Only the posts this hold or quiet period (its id in "
              "calendar/quiet.yml) displaces, also those that missed their time while held (default: every "
              "window, posts from now on).")
@click.option("--apply", "apply", is_flag=True, help="Write the new publish_at into each moved post (nothing "
              "else in the file changes); without it nothing is written.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for tools.")
@click.option("--now", metavar="ISO", help="Reference time: no new time is before it; without --hold, posts before "
              "it are not moved (default: SOURCE_DATE_EPOCH, else the clock).")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Handbook repository (default: found upwards from the current folder).")
def reschedule_command(window_id: str | None, apply: bool, fmt: str, now: str | None, root: Path | None) -> None:
    """Propose new times for the evergreen posts a hold or quiet period displaced.

    Each moves to the next free slot after the window ends: one of its
    channel's slots (calendar/channels.yml), inside the campaign, outside
    every quiet period and hold, within the channel's max_per_day and
    min_gap, and late enough for the approvals it needs again. Lists who
    must approve each moved post again. Time-sensitive posts, and posts
    with no free slot before the campaign ends, are listed for a decision
    and never moved. Exit 0; 1 when calendar files have errors; 2 for an
    unknown --hold id.
    """
    from . import reschedule as rs  # noqa: PLC0415 - keep `playbook --help` fast
    from .validate import reference_now  # noqa: PLC0415

    root = (root or handbook_root(Path.cwd())).resolve()
    result = rs.reschedule(root, reference_now(_parse_now(now)), window_id, apply)
    click.echo(rs.as_json(result) if fmt == "json" else rs.as_text(result), nl=False)
# -- playbook hold: crisis holds in calendar/quiet.yml (holds.py) ------------------------------------------
@cli.group("hold", cls=PlaybookGroup)
def hold_command():
    """Start, end and list crisis holds in calendar/quiet.yml.

    Only people holding a role named under holds: in policies/rules.yml
    (default: social-lead) may start or end a hold. Commit and push the
    change: the published site shows the hold on every page while it lasts.
    """


_HOLD_NOW_OPTION = click.option("--now", metavar="ISO", help="The current time: the default start or end, and "
                                "who is on shift (default: SOURCE_DATE_EPOCH, else the clock).")
_ROOT_OPTION = click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None,
                            help="Handbook repository (default: found upwards from the current folder).")


@hold_command.command("start")
@click.option("--reason", required=True, metavar="TEXT", help="What happened and what the hold protects; shown "
              "on every page of the site while the hold lasts.")
@click.option("--by", "by", required=True, metavar="PERSON", help="Who starts it: a person id from "
              "policies/team.yml holding a role named under holds: in policies/rules.yml.")
@click.option("--channels", default="all", show_default=True, metavar="a,b|all",
              help="Channel ids separated by commas, or all.")
@click.option("--until", metavar="ISO", help="When it ends (exclusive), e.g. 2026-12-06 09:00 in the settings' "
              "zone; without it the hold lasts until playbook hold end.")
@click.option("--start", "start", metavar="ISO", help="When it starts (default: now, to the minute).")
@click.option("--id", "hold_id", metavar="ID", help="Its id for hold end (default: hold-<start date>, "
              "with -2, -3 … when taken).")
@_HOLD_NOW_OPTION
@_ROOT_OPTION
def hold_start(reason, by, channels, until, start, hold_id, now, root):
    """Append a hold to calendar/quiet.yml, changing nothing else in the file.

    Records started_by and the start (now, in the settings' zone). Refuses
    (exit 2) an unknown person or channel, someone without a role allowed to
    start holds (naming who may), an id already in use and an --until
    before the start.
    """
    from .holds import as_text, start_hold  # noqa: PLC0415 - keep `playbook --help` fast
    from .validate import reference_now  # noqa: PLC0415

    root = (root or handbook_root(Path.cwd())).resolve()
    handbook, view = start_hold(root, reason, by, channels, until, start, hold_id, reference_now(_parse_now(now)))
    click.echo(f"started hold {view.window.id} in calendar/quiet.yml\n{as_text(handbook, [view])}")
    click.echo("next: commit and push calendar/quiet.yml; end it with: "
               f"playbook hold end {view.window.id} --by PERSON")


@hold_command.command("end")
@click.argument("hold_id", metavar="ID")
@click.option("--by", "by", required=True, metavar="PERSON", help="Who ends it: a person id holding a role "
              "named under holds: in policies/rules.yml.")
@click.option("--at", "at", metavar="ISO", help="When it ends (default: now, to the minute).")
@_HOLD_NOW_OPTION
@_ROOT_OPTION
def hold_end(hold_id, by, at, now, root):
    """End the hold ID: write its end (now) and ended_by, changing nothing else.

    Refuses (exit 2) an unknown id (with a did-you-mean), a quiet period,
    a hold that has already ended and someone without a role allowed to
    end holds.
    """
    from .dates import moment_in  # noqa: PLC0415
    from .holds import end_hold  # noqa: PLC0415 - keep `playbook --help` fast
    from .validate import reference_now  # noqa: PLC0415

    root = (root or handbook_root(Path.cwd())).resolve()
    window = end_hold(root, hold_id, by, at, reference_now(_parse_now(now)))
    click.echo(f"ended hold {window.id} at {window.end.isoformat(timespec='minutes')} "
               f"({moment_in(window.end, window.end.tzinfo)}) by {by}")
    click.echo(f"next: commit and push calendar/quiet.yml; move what it displaced with: "
               f"playbook reschedule --hold {window.id}")


@hold_command.command("list")
@click.option("--all", "include_ended", is_flag=True, help="Also list holds that have ended.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--now", metavar="ISO", help="Reference time (default: SOURCE_DATE_EPOCH, else the clock).")
@_ROOT_OPTION
def hold_list(include_ended, fmt, now, root):
    """List active and coming holds: id, channels, since, until, reason, who started it, the posts it holds.

    Exits 1 with the located problems when calendar/quiet.yml has errors (a
    hold in a broken entry cannot be read).
    """
    import json  # noqa: PLC0415

    from . import formatters  # noqa: PLC0415
    from .holds import as_json, as_text, holds, quiet_problems  # noqa: PLC0415 - keep `playbook --help` fast
    from .load import load_handbook  # noqa: PLC0415
    from .validate import reference_now  # noqa: PLC0415

    root = (root or handbook_root(Path.cwd())).resolve()
    handbook = load_handbook(root)
    views = holds(handbook, reference_now(_parse_now(now)), include_ended)
    broken = quiet_problems(handbook)
    if fmt == "json":
        click.echo(json.dumps(as_json(handbook, views), indent=2, ensure_ascii=False))
    elif views or not broken:  # "no holds" would be wrong when some could not be read
        click.echo(as_text(handbook, views))
    if broken:  # a hold in a broken entry is missing above: say so, where, and fail
        click.echo(f"calendar/quiet.yml has problems, so holds in it may be missing; fix them first\n"
                   f"{formatters.text(broken)}", err=True, nl=False)
        sys.exit(1)


# `playbook new` lives with its file templates (new.py).
from .new import new_command  # noqa: E402 - registered after the group exists

cli.add_command(new_command)


def main(argv=None) -> None:
    """Console entry point: no traceback ever reaches the user."""
    try:
        cli.main(args=argv, prog_name="playbook", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the promise is: never a traceback
        click.echo(f"playbook: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
