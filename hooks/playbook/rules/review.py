"""review.overdue: templates and policy chapters past (or close to) their review date."""

from __future__ import annotations

from datetime import timedelta

from .base import Option, RuleRun, rule


@rule("review.overdue", elapsed=True, options=[
    Option("warn_within", "duration", timedelta(0),
           "also warn this long before review_by (e.g. 14d); 0m: only once it has passed"),
])
def overdue(run: RuleRun) -> None:
    """A response template or policy chapter is past its `review_by` date.

    A template past review_by has expired and may not be sent: an error. A
    policy chapter past review_by stays in force but needs its owner's
    review: a warning. The date is the last valid day, in the settings'
    time zone. With the option `warn_within: 14d`, both also get a warning
    in the two weeks before. Only time passing makes it fire, so it never
    stops the site from publishing: the report and home pages list it.

    **Passes** (now: 2027-03-01)

    ```yaml
    review_by: 2027-03-01
    ```

    **Fails**

    ```yaml
    review_by: 2027-02-28
    ```
    """
    today = run.local_now.date()
    warn_days = run.options["warn_within"].days
    soon = today + timedelta(days=warn_days)
    items = [(t, "template", "error") for t in run.handbook.templates.values()]
    items += [(c, "chapter", "warning") for c in run.handbook.chapters.values()]
    for item, kind, severity in items:
        due = item.review_by
        if due is None:
            continue
        pos = item.source.value_pos("review_by")
        if due < today:
            if kind == "template":
                message = f"this template expired after {due} and may not be sent"
                hint = "review the wording, then set a new review_by (and record a fresh approval if it changed)"
            else:
                message = f"this chapter was due for review on {due}"
                hint = "the owner reviews it, then sets a new review_by (and bumps version if it changed)"
            run.report(item.source, pos, message, hint, severity)
        elif warn_days and due <= soon:
            run.report(item.source, pos, f"this {kind} is due for review on {due} ({(due - today).days} days left)",
                       "plan the review before the date", "warning")
