"""Timing rules: campaign windows, quiet periods and holds, channel caps and gaps, missed posts.

Cancelled posts are never checked, and neither cancelled nor held posts
count toward a channel's daily cap or minimum gap: they do not go out.
Every rule is linear in the number of posts (posts arrive sorted by
instant), plus a sort per channel.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from .. import model as m
from ..dates import compact_duration, wall_clock
from ..problems import MAX_RELATED, listing
from ..timeparse import elapsed, instant_after, instant_before
from .base import Option, RuleRun, rule


def _when(post: m.Post):
    return post.source.value_pos("publish_at")


@rule("time.outside-campaign")
def outside_campaign(run: RuleRun) -> None:
    """publish_at lies outside its campaign's window (starts to ends, read in the campaign's zone).

    A date `ends` includes that whole day, in the campaign's time zone.

    **Passes** (campaign `starts: 2027-04-01`, `ends: 2027-04-30`)

    ```yaml
    publish_at: 2027-04-30 23:30
    ```

    **Fails**

    ```yaml
    publish_at: 2027-05-01 09:00
    ```
    """
    for post in run.analysis.active:
        campaign = run.handbook.campaigns.get(post.campaign)
        if campaign is None:
            continue  # ref.campaign
        if campaign.starts <= post.publish_at < campaign.ends:
            continue
        zone = campaign.timezone
        side = "before the campaign starts" if post.publish_at < campaign.starts else "after the campaign ends"
        run.report(post.source, _when(post),
                   f"publish_at {wall_clock(post.publish_at, zone)} is {side}: '{campaign.id}' runs "
                   f"{campaign.starts_date} to {campaign.ends_date}",
                   f"move the post into the window or change the campaign's dates in "
                   f"calendar/campaigns/{campaign.id}.md")


@rule("time.quiet-period")
def quiet_period(run: RuleRun) -> None:
    """publish_at falls in a quiet period (calendar/quiet.yml, `kind: quiet`) for one of the post's channels.

    A window of `kind: hold` is not a problem: posts in it are marked held,
    stay in the calendar flagged, and do not count toward caps; the report
    page lists the evergreen ones, which can move out of the window. Posts
    with status `held` or `cancelled` are not checked.

    **Passes** (quiet window 2027-04-10, all channels)

    ```yaml
    publish_at: 2027-04-11 09:00
    ```

    **Fails**

    ```yaml
    publish_at: 2027-04-10 09:00
    ```
    """
    windows = [w for w in run.handbook.quiet if w.kind == "quiet"]
    if not windows:
        return
    for post in run.analysis.scheduled:
        for window in windows:
            hit = [c for c in post.channels if window.covers(post.publish_at, c)]
            if not hit:
                continue
            zone = post.timezone
            where = "all channels" if window.channels is None else ", ".join(hit)
            run.report(post.source, _when(post),
                       f"publish_at {wall_clock(post.publish_at, zone)} is in a quiet period on {where}: "
                       f"{_first_sentence(window.reason)}",
                       f"the quiet period runs {wall_clock(window.start, zone)} to {wall_clock(window.end, zone)}: "
                       "move the post out of it or cancel it")


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


@rule("time.channel-cap")
def channel_cap(run: RuleRun) -> None:
    """More posts on one channel on one local day than its `max_per_day` (calendar/channels.yml).

    The day is the channel's `timezone` if it has one, else the settings'
    zone: a post at 23:30 New York time counts on that New York day, even
    when written with another offset. Cancelled and held posts do not count.
    As many posts as exceed the cap are reported, each naming the others of
    that day. Which ones: first the posts the change under review adds or
    edits, then posts without valid approvals, latest first; an approved
    post the change did not touch is named in the message, never blamed
    while another candidate exists (moving it would void its approvals).

    **Passes** (instagram: `max_per_day: 2`)

    ```yaml
    # a.md
    publish_at: 2027-04-05 09:00
    # b.md
    publish_at: 2027-04-05 18:00
    ```

    **Fails**

    ```yaml
    # a.md, b.md as above, and c.md:
    publish_at: 2027-04-05 21:00
    ```
    """
    h = run.handbook
    days: dict[tuple[str, object], list[m.Post]] = defaultdict(list)
    for post in run.analysis.scheduled:
        for cid in post.channels:
            channel = h.channels.get(cid)
            if channel is None or channel.max_per_day is None:
                continue
            zone = channel.timezone or h.settings.timezone
            days[(cid, post.publish_at.astimezone(zone).date())].append(post)
    for (cid, day), posts in days.items():
        channel = h.channels[cid]
        excess = len(posts) - channel.max_per_day
        if excess <= 0:
            continue
        zone = channel.timezone or h.settings.timezone
        # The excess goes to the posts most open to moving (changed, then unapproved), later ones first.
        order = sorted(range(len(posts)), key=lambda i: (run.analysis.blame_rank(posts[i]), -i))
        for index in sorted(order[:excess]):
            post = posts[index]
            others = [p for p in posts if p is not post][:MAX_RELATED]
            run.report(post.source, _when(post),
                       f"post {index + 1} of {len(posts)} on {channel.name} on {day:%a %Y-%m-%d} ({zone.key}); "
                       f"the channel allows {channel.max_per_day} a day",
                       f"same day: {listing((p.id for p in others), total=len(posts) - 1)}; "
                       "move this one to another day or cancel it",
                       related=tuple(p.source.path for p in others))


@rule("time.channel-gap")
def channel_gap(run: RuleRun) -> None:
    """Two posts on one channel are closer together than its `min_gap` (calendar/channels.yml).

    One of the two is reported and names the other: the one the change under
    review adds or edits, else the one without valid approvals, else the
    later one. Cancelled and held posts do not count.

    **Passes** (x: `min_gap: 1h`)

    ```yaml
    # a.md
    publish_at: 2027-04-05 09:00
    # b.md
    publish_at: 2027-04-05 10:00
    ```

    **Fails**

    ```yaml
    # b.md
    publish_at: 2027-04-05 09:30
    ```
    """
    h = run.handbook
    previous: dict[str, m.Post] = {}
    for post in run.analysis.scheduled:  # sorted by instant, so each channel's posts come in order
        for cid in post.channels:
            channel = h.channels.get(cid)
            if channel is None or not channel.min_gap:
                continue
            before = previous.get(cid)
            previous[cid] = post
            if before is None:
                continue
            gap = elapsed(before.publish_at, post.publish_at)
            if gap >= channel.min_gap:
                continue
            span, needed = compact_duration(gap), compact_duration(channel.min_gap)
            if run.analysis.blame_rank(before) < run.analysis.blame_rank(post):
                zone = before.timezone
                run.report(before.source, _when(before),
                           f"only {span} before {post.id} on {channel.name}; the channel needs {needed} between posts",
                           f"publish at {wall_clock(instant_before(post.publish_at, channel.min_gap), zone)} or earlier",
                           related=(post.source.path,))
            else:
                zone = post.timezone
                run.report(post.source, _when(post),
                           f"only {span} after {before.id} on {channel.name}; the channel needs {needed} between posts",
                           f"publish at {wall_clock(instant_after(before.publish_at, channel.min_gap), zone)} or later",
                           related=(before.source.path,))


@rule("time.missed", severity="warning", elapsed=True, options=[
    Option("grace", "duration", timedelta(0), "how long after publish_at a post may still be unpublished"),
])
def missed(run: RuleRun) -> None:
    """publish_at has passed and the post is neither published nor cancelled.

    "Now" is `--now`, else SOURCE_DATE_EPOCH, else the clock. A warning by
    default: the calendar needs tidying, nothing wrong went out. Only time
    passing makes it fire, so it never stops the site from publishing, at
    any severity (it is listed on the report page instead).

    **Passes** (now: 2027-04-06)

    ```yaml
    publish_at: 2027-04-05 10:00
    status: published
    ```

    **Fails**

    ```yaml
    publish_at: 2027-04-05 10:00
    status: approved
    ```
    """
    grace = run.options["grace"]
    for post in run.handbook.posts:
        if not post.status.needs_approvals:
            continue
        late = run.now - post.publish_at
        if late <= grace:
            continue
        run.report(post.source, _when(post),
                   f"publish_at {wall_clock(post.publish_at, post.timezone)} passed {compact_duration(late)} ago and "
                   f"the post is still '{post.status}'",
                   "set status: published if it went out, cancelled if it will not, or move publish_at")
