"""insight.*: customer insights that cannot reach their department, or whose trail is incomplete."""

from __future__ import annotations

from .. import model as m
from ..suggest import did_you_mean
from .base import RuleRun, rule


@rule("insight.department")
def department(run: RuleRun) -> None:
    """An insight names a department that `departments:` in policies/rules.yml does not list.

    Without `departments:` the list is product, customer-service, pr, legal
    and hr; a list written in rules.yml replaces it.

    **Passes**

    ```yaml
    department: product
    ```

    **Fails**

    ```yaml
    department: produce
    ```
    """
    known = run.handbook.rules.departments
    for insight in run.handbook.insights:
        if insight.department and insight.department not in known:
            run.report(insight.source, insight.source.value_pos("department"),
                       f"unknown department '{insight.department}'",
                       did_you_mean(insight.department, known) or
                       f"departments: {', '.join(known)} (add one under departments: in policies/rules.yml)")


@rule("insight.owner")
def owner(run: RuleRun) -> None:
    """An insight is routed or acted on but names no `owner`: nobody in the department has it.

    **Passes**

    ```yaml
    status: routed
    owner: Priya Shah (product)
    ```

    **Fails**

    ```yaml
    status: routed
    ```
    """
    for insight in run.handbook.insights:
        if insight.status is not m.InsightStatus.NEW and not insight.owner:
            run.report(insight.source, insight.source.value_pos("status"),
                       f"a {insight.status} insight needs an owner",
                       "add owner: the person in the department who took it")


@rule("insight.note")
def note(run: RuleRun) -> None:
    """An insight is marked acted but has no `note` saying what was done.

    The note is what the Insights page and the monthly report show the
    team: what changed because a customer said it.

    **Passes**

    ```yaml
    status: acted
    owner: Priya Shah (product)
    note: Green colourway back in the autumn range
    ```

    **Fails**

    ```yaml
    status: acted
    owner: Priya Shah (product)
    ```
    """
    for insight in run.handbook.insights:
        if insight.status is m.InsightStatus.ACTED and not insight.note:
            run.report(insight.source, insight.source.value_pos("status"), "an acted insight needs a note",
                       "add note: what was done about it")
