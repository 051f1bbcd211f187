"""Monthly results from the model: sums per channel, campaign and post, followers, competitors, the index.

Everything the monthly report pages show is computed here from the typed
model, once, so the pages only lay it out. docs/reference/metrics.md defines
each figure; the formulas below follow it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from . import model as m

# Social Action Index: each sub-index compares these monthly figures with the baseline month.
INDEX_COMPONENTS = {
    "awareness": ("reach", "followers"),
    "consideration": ("clicks", "saves", "video_views"),
    "loyalty": ("comments", "engagements_per_follower"),
    "advocacy": ("shares", "mentions"),
}


def month_of(day: date) -> date:
    return day.replace(day=1)


def previous_month(month: date) -> date:
    return month.replace(year=month.year - 1, month=12) if month.month == 1 else month.replace(month=month.month - 1)


def engagement_rate(counts: dict[str, int]) -> float | None:
    """Engagements per impression, or None when either is not reported (or no impressions)."""
    impressions = counts.get("impressions")
    if not impressions or "engagements" not in counts:
        return None
    return counts["engagements"] / impressions


def _add(target: dict[str, int], counts: dict[str, int]) -> None:
    for name, value in counts.items():
        if name != "followers":
            target[name] = target.get(name, 0) + value


@dataclass
class Month:
    """One calendar month's results (counts added up over its days)."""

    month: date  # the first day
    total: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    by_campaign: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    by_post: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    followers: dict[str, int] = field(default_factory=dict)  # channel -> last reported level in the month
    competitors: dict[tuple[str, str], dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    @property
    def followers_total(self) -> int | None:
        return sum(self.followers.values()) if self.followers else None

    def figure(self, name: str) -> float | None:
        """A figure the index uses: a summed count, total followers, or engagements per follower."""
        if name == "followers":
            return self.followers_total
        if name == "engagements_per_follower":
            followers = self.followers_total
            return self.total["engagements"] / followers if followers and "engagements" in self.total else None
        return self.total.get(name)


@dataclass
class Results:
    months: dict[date, Month]  # every month with a metric or competitor row, in order
    posts: dict[str, m.Post]

    def get(self, month: date) -> Month | None:
        return self.months.get(month)

    def window(self, month: date, length: int = 12) -> list[date]:
        """``month`` and the ``length - 1`` months before it, oldest first."""
        out = [month]
        while len(out) < length:
            out.insert(0, previous_month(out[0]))
        return out


def collect(handbook: m.Handbook) -> Results:
    months: dict[date, Month] = {}

    def month(day: date) -> Month:
        key = month_of(day)
        if key not in months:
            months[key] = Month(key)
        return months[key]

    last_follower_day: dict[tuple[date, str], date] = {}
    for row in handbook.metrics:
        target = month(row.day)
        if row.is_account:
            if "followers" in row.counts:
                key = (target.month, row.channel)
                if row.day >= last_follower_day.get(key, row.day):
                    last_follower_day[key] = row.day
                    target.followers[row.channel] = row.counts["followers"]
            _add(target.total, row.counts)
            _add(target.by_channel[row.channel], row.counts)
            continue
        if row.target is None:
            continue  # metrics.post: not counted
        _add(target.total, row.counts)
        _add(target.by_channel[row.channel], row.counts)
        _add(target.by_campaign[row.target.campaign], row.counts)
        _add(target.by_post[row.target.id], row.counts)
    last_competitor_day: dict[tuple, date] = {}
    for row in handbook.competitors:
        target = month(row.day)
        figures = target.competitors[(row.competitor, row.channel)]
        for name, value in row.counts.items():
            if name == "followers":
                key = (target.month, row.competitor, row.channel)
                if row.day >= last_competitor_day.get(key, row.day):
                    last_competitor_day[key] = row.day
                    figures[name] = value
            else:
                figures[name] = figures.get(name, 0) + value
    ordered = {key: months[key] for key in sorted(months)}
    return Results(ordered, {p.id: p for p in handbook.posts})


def baseline(results: Results) -> Month | None:
    """The first month with results: the index is 100 there."""
    return next(iter(results.months.values()), None)


def sub_index(month: Month, base: Month, part: str) -> float | None:
    """100 × the mean of (figure this month / figure in the baseline month) over the part's figures that
    the baseline reports above zero; None when it reports none. A figure the baseline reports and this
    month does not counts as zero: a month without posts has no reach, it is not left out (which would
    let a quiet month score above a busy one)."""
    ratios = []
    for name in INDEX_COMPONENTS[part]:
        now, then = month.figure(name), base.figure(name)
        if then:
            ratios.append((now or 0) / then)
    return 100 * sum(ratios) / len(ratios) if ratios else None


def action_index(month: Month, base: Month, weights: dict[str, int]) -> tuple[float | None, dict[str, float | None]]:
    """The Social Action Index of a month: the weighted mean of its sub-indices that can be computed."""
    parts = {part: sub_index(month, base, part) for part in m.INDEX_PARTS}
    known = [(value, weights.get(part, 1)) for part, value in parts.items() if value is not None]
    total_weight = sum(w for _, w in known)
    index = sum(v * w for v, w in known) / total_weight if total_weight else None
    return index, parts
