"""metrics.*: rows of content/metrics/*.csv that cannot be counted, or count the wrong thing.

``metrics.format`` and ``metrics.number`` are reported while the files are
read (``kinds/metrics.py``); the others need the whole handbook.
"""

from __future__ import annotations

from ..suggest import did_you_mean
from .base import RuleRun, declare, rule

_MODULE = __name__

declare("metrics.format", '''
A metrics file or row cannot be read: a missing or unknown column, a row with too many or too few cells, a date that is not YYYY-MM-DD, or a file over the limits (16 MB, 250,000 rows, 2,000 characters a cell).

The row is left out of the reports. Export from the platform as CSV and keep
the header row; columns may come in any order, and counts a platform does
not export may be left out or left empty.

**Passes**

```text
date,channel,post,impressions,engagements
2027-04-12,instagram,spring-launch/teaser,5210,388
```

**Fails**

```text
date,channel,post,impresions,engagements
12/04/2027,instagram,spring-launch/teaser,5210
```
''', module=_MODULE)

declare("metrics.number", '''
A count in a metrics row is not a whole number of 0 or more.

Platforms export counts with thousands separators or as "n/a": write the
digits only, and leave the cell empty when the count is not known (an empty
cell is "not reported", not zero). The row is left out of the reports.

**Passes**

```text
date,channel,post,impressions,saves
2027-04-12,instagram,spring-launch/teaser,12840,
```

**Fails**

```text
date,channel,post,impressions,saves
2027-04-12,instagram,spring-launch/teaser,"12,840",n/a
```
''', module=_MODULE)


def _channel_problem(run: RuleRun, source, line: int, channel: str) -> bool:
    if channel in run.handbook.channels:
        return False
    run.report(source, source.pos(line, "channel"), f"unknown channel '{channel}'",
               did_you_mean(channel, run.handbook.channels) or "use a channel id from calendar/channels.yml")
    return True


@rule("metrics.channel")
def channel(run: RuleRun) -> None:
    """A metrics row names a channel that channels.yml does not declare, or one its post does not go out on.

    Competitors are compared on your own channels, so competitors.csv uses
    the same channel ids.

    **Passes**

    ```text
    date,channel,post,impressions
    2027-04-12,instagram,spring-launch/teaser,5210
    ```

    **Fails** (the teaser goes out on Instagram only)

    ```text
    date,channel,post,impressions
    2027-04-12,facebook,spring-launch/teaser,5210
    ```
    """
    for row in run.handbook.metrics:
        if _channel_problem(run, row.file, row.line, row.channel) or row.target is None:
            continue
        if row.channel not in row.target.channels:
            run.report(row.file, row.file.pos(row.line, "channel"),
                       f"{row.target.id} does not go out on '{row.channel}'",
                       f"its channels: {', '.join(row.target.channels)}")
    for row in run.handbook.competitors:
        _channel_problem(run, row.file, row.line, row.channel)


@rule("metrics.post")
def post(run: RuleRun) -> None:
    """A metrics row names a post that does not exist: neither a post id nor a post's `url:`.

    Name the post by its id (the campaign folder and file name without
    `.md`) or by the address it was published at, written as the post's
    `url:`. Leave the cell empty for an account row (followers).

    **Passes** (the post has `url: https://instagram.com/p/Cx1`)

    ```text
    date,channel,post,impressions
    2027-04-12,instagram,spring-launch/teaser,5210
    2027-04-13,instagram,https://instagram.com/p/Cx1,1840
    ```

    **Fails**

    ```text
    date,channel,post,impressions
    2027-04-12,instagram,spring-launch/teasr,5210
    ```
    """
    ids = None
    for row in run.handbook.metrics:
        if row.post and row.target is None:
            if ids is None:
                ids = [p.id for p in run.handbook.posts]
            if "://" in row.post:
                hint = "set this address as the post's url: when it goes out, or write the post id instead"
            else:
                hint = did_you_mean(row.post, ids) or "write the post id: <campaign>/<file name without .md>"
            run.report(row.file, row.file.pos(row.line, "post"), f"no post '{row.post}'", hint)


@rule("metrics.duplicate")
def duplicate(run: RuleRun) -> None:
    """The same post (or account, or competitor) on the same channel and day appears in two rows.

    Rows are added up, so a row exported twice would count twice. The
    second row is reported, with the place of the first in the hint; a post
    named once by its id and once by its `url:` is the same post.

    **Passes**

    ```text
    date,channel,post,impressions
    2027-04-12,instagram,spring-launch/teaser,5210
    2027-04-13,instagram,spring-launch/teaser,1840
    ```

    **Fails**

    ```text
    date,channel,post,impressions
    2027-04-12,instagram,spring-launch/teaser,5210
    2027-04-12,instagram,spring-launch/teaser,5210
    ```
    """
    seen: dict[tuple, object] = {}
    for row in run.handbook.metrics:
        key = (row.day, row.channel, row.target.id if row.target else row.post)
        _once(run, seen, key, row, f"{key[2] or 'the account'} on {row.channel}")
    for row in run.handbook.competitors:
        key = ("competitor", row.day, row.competitor, row.channel)
        _once(run, seen, key, row, f"{row.competitor} on {row.channel}")


def _once(run: RuleRun, seen: dict, key: tuple, row, what: str) -> None:
    first = seen.setdefault(key, row)
    if first is not row:
        run.report(row.file, row.file.pos(row.line), f"{what} on {row.day} is already counted",
                   f"first row: {first.file.path}:{first.line}; remove one of them")


@rule("metrics.early")
def early(run: RuleRun) -> None:
    """A post's metrics row is dated before the post went out (its `publish_at`, on its own time zone's calendar).

    Usually the wrong post or a date in the wrong order (month and day
    swapped).

    **Passes** (publish_at: 2027-04-12 09:30)

    ```text
    date,channel,post,impressions
    2027-04-12,instagram,spring-launch/teaser,5210
    ```

    **Fails**

    ```text
    date,channel,post,impressions
    2027-04-11,instagram,spring-launch/teaser,5210
    ```
    """
    for row in run.handbook.metrics:
        target = row.target
        if target is not None and row.day < target.publish_at.date():
            run.report(row.file, row.file.pos(row.line, "date"),
                       f"{target.id} goes out on {target.publish_at.date()}, after this row's date {row.day}",
                       "check the date and the post")
