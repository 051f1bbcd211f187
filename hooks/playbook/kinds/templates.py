"""Response templates: ``content/responses/<slug>.md``; the body is the reply with ``{placeholders}``."""

from __future__ import annotations

from datetime import timedelta

from .. import model as m
from ..schema import Key, Reader, Shape
from .common import APPROVALS, read_approvals

ESCALATION = Shape(
    "escalation",
    Key("to", "text", True, "role or protocol id"),
    Key("when", "text", description="when to escalate", default=""),
)
TEMPLATE = Shape(
    "response template",
    Key("title", "text", True),
    Key("category", "text", True, "a built-in category or one declared in rules.yml",
        choices=m.BUILTIN_CATEGORIES),
    Key("channels", "texts", True, "where it may be used", ident=True, one_or_list=True),
    Key("respond_within", "duration", description="default: rules.yml's response target for the category"),
    Key("who_may_send", "text", True, "role id or everyone", default=m.EVERYONE),
    Key("escalate_to", "mapping", description="role or protocol id, or {to, when}", shape=ESCALATION),
    Key("placeholders", "texts", description="every {name} in the body, declared"),
    APPROVALS,
    Key("review_by", "date", description="after it the template has expired"),
    Key("tags", "texts", one_or_list=True),
)


def read_template(r: Reader, ident: str, settings: m.Settings, rules: m.Rules) -> m.ResponseTemplate | None:
    c = r.at(TEMPLATE, r.source.data).check()
    category = c.text("category", choices=rules.categories)
    within = c.duration("respond_within")
    if within is None and "respond_within" not in c.data and category:
        within = rules.response_targets.get(category)
        if within is None:
            c.report((), "schema.missing", "missing 'respond_within' and rules.yml has no target for "
                     f"'{category}'", f"add respond_within: or response_targets: {category}: in rules.yml",
                     at_key=True)
    escalation = None
    if isinstance(c.data.get("escalate_to"), str):  # a role or protocol id alone
        escalation = m.Escalation(c.text("escalate_to"), "")
    else:
        spec = c.section("escalate_to")
        to = spec.text("to") if spec else None
        if to:
            escalation = m.Escalation(to, spec.text("when"))
    if not category:
        return None
    return m.ResponseTemplate(
        id=ident, title=c.text("title") or ident, category=category, respond_within=within or timedelta(0),
        who_may_send=c.text("who_may_send") or m.EVERYONE, body=r.source.body, escalate_to=escalation,
        approvals=read_approvals(c, settings.timezone), source=r.source, **c.rest())
