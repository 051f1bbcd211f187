"""The approval matrix (playbook.approvals) and the approval rules, on the golden base handbook."""

from datetime import timedelta

import pytest
from golden_corpus import NOW, build_case

from playbook import approvals as ap
from playbook.approve import approve
from playbook.load import load_handbook
from playbook.site.context import Context
from playbook.site.reports import _approval_state
from playbook.validate import validate

LAUNCH = "content/posts/spring-launch/launch-day.md"
TEASER = "content/posts/spring-launch/teaser.md"
TEMPLATE = "content/responses/where-is-my-order.md"
CHAPTER = "policies/everyone.md"

RULES = """\
approvals:
  default: [{any: [social-lead]}]
  channels:
    x: [{any: [social-lead]}]          # the same step as default: listed once
  flags:
    pricing: [{all: [legal, brand]}]
  terms:
    free shipping: [{any: [legal]}]
  campaigns:
    spring-launch: [{any: [brand, legal]}]
  templates: [{any: [social-lead]}]
  policies: [{any: [legal]}]
lead_times:
  legal: 3d
  brand: 1d
response_targets: {question: 4h, complaint: 1h, praise: 1d, crisis: 15m, outage: 30m}
"""
TEAM = """\
roles:
  social-lead: {name: Social lead}
  editor: {name: Editor}
  legal: {name: Legal}
  brand: {name: Brand}
  care-lead: {name: Customer care lead}
people:
  - {id: ana-lead, name: Ana Lead, roles: [social-lead]}
  - {id: ben-writer, name: Ben Writer, roles: [editor, social-lead]}
  - {id: lena-legal, name: Lena Legal, roles: [legal, care-lead]}
  - {id: bo-brand, name: Bo Brand, roles: [brand, legal]}
"""


def post(status="draft", flags="", copy="It is here: the spring range. https://shop.test/spring", extra=""):
    return (f"---\ntitle: Launch day\nchannel: [x]\npublish_at: 2027-04-12T09:30+02:00\nauthor: ben-writer\n"
            f"status: {status}\n{flags}{extra}---\n{copy}\n")


@pytest.fixture
def root(tmp_path):
    hb = build_case(None, tmp_path / "hb")
    (hb / "policies/rules.yml").write_text(RULES)
    (hb / "policies/team.yml").write_text(TEAM)
    return hb


def find(handbook, path):
    return next(i for i in [*handbook.posts, *handbook.templates.values(), *handbook.chapters.values()]
                if i.source.path == path)


def rules_of(result, path):
    return [(p.rule, p.severity.value) for p in result.problems if p.path == path]


def test_required_steps_combine_default_channel_flag_term_and_campaign(root):
    (root / LAUNCH).write_text(post(flags="flags: [pricing]\n", copy="FREE\nShipping on the spring range."))
    h = load_handbook(root)
    steps = [(s.mode, s.roles, s.origin) for s in ap.required_steps(h, find(h, LAUNCH))]
    assert steps == [("any", ["social-lead"], "default, channel 'x'"),
                     ("all", ["legal", "brand"], "flag 'pricing'"),
                     ("any", ["legal"], "term 'free shipping'"),
                     ("any", ["brand", "legal"], "campaign 'spring-launch'")]
    assert [ap.step_reason(s) for s in ap.required_steps(h, find(h, LAUNCH))][0] == \
        "required for every post, channel 'x'"
    assert [ap.step_reason_in_words(h, s) for s in ap.required_steps(h, find(h, LAUNCH))] == [
        "every post needs it, it goes out on X", "it is flagged pricing", "its copy says \u201cfree shipping\u201d",
        f"it is part of {h.campaign_title('spring-launch')}"]
    assert [s.origin for s in ap.required_steps(h, find(h, TEMPLATE))] == ["templates"]
    assert [s.origin for s in ap.required_steps(h, find(h, CHAPTER))] == ["policies"]


def test_review_terms_match_whole_words_only(root):
    (root / LAUNCH).write_text(post(copy="Free shippingforce is not a term; neither is carefree shipping."))
    h = load_handbook(root)
    assert ap.review_terms_found(h, find(h, LAUNCH)) == {}
    (root / LAUNCH).write_text(post(copy="Free-shipping (and freeshipping) is, as a reader sees it."))
    h = load_handbook(root)
    assert ap.review_terms_found(h, find(h, LAUNCH)) == {"free shipping": "Free-shipping"}


def test_pending_any_and_all_steps_with_due_dates_and_holders(root):
    (root / LAUNCH).write_text(post(flags="flags: [pricing]\n"))
    approve(root, root / LAUNCH, "bo-brand", "brand", "2027-04-01T10:00+02:00")
    h = load_handbook(root)
    item = find(h, LAUNCH)
    pending = {p.step.origin: p for p in ap.pending_approvals(h, item)}
    assert set(pending) == {"default, channel 'x'", "flag 'pricing'"}  # brand met the campaign
    assert pending["flag 'pricing'"].roles == ["legal"]  # "all": only the role still missing
    assert pending["flag 'pricing'"].due == item.publish_at - timedelta(days=3)
    assert [p.id for p in pending["flag 'pricing'"].holders] == ["lena-legal", "bo-brand"]
    # separation of duties: the author holds social-lead but is not offered
    default = pending["default, channel 'x'"]
    assert [p.id for p in default.holders] == ["ana-lead"]
    assert default.due == item.publish_at


def test_steps_waiting_for_the_same_role_are_one_pending_approval(root):
    (root / LAUNCH).write_text(post(flags="flags: [pricing]\n"))
    rules = RULES.replace("spring-launch: [{any: [brand, legal]}]", "spring-launch: [{any: [brand]}]")
    (root / "policies/rules.yml").write_text(rules)
    approve(root, root / LAUNCH, "lena-legal", "legal", "2027-04-01T10:00+02:00")
    h = load_handbook(root)
    pending = [(p.step.mode, p.roles, p.step.origin) for p in ap.pending_approvals(h, find(h, LAUNCH))]
    # legal met half of {all: [legal, brand]}; it and the campaign's {any: [brand]} wait for one brand approval
    assert pending == [("any", ["social-lead"], "default, channel 'x'"),
                       ("any", ["brand"], "flag 'pricing', campaign 'spring-launch'")]


def test_valid_approvals_exclude_stale_wrong_role_and_self(root):
    digest = "sha256:" + "0" * 64
    (root / LAUNCH).write_text(post(extra=(
        "approvals:\n"
        f"  - {{by: lena-legal, role: brand, at: 2027-04-01T10:00+02:00, digest: {digest}}}\n"
        f"  - {{by: ben-writer, role: social-lead, at: 2027-04-01T10:00+02:00, digest: {digest}}}\n")))
    h = load_handbook(root)
    item = find(h, LAUNCH)
    assert ap.valid_approvals(h, item) == []  # both have the wrong digest anyway
    real = ap.content_digest(h, item)
    for approval in item.approvals:
        approval.digest = real
    assert ap.valid_approvals(h, item) == []  # wrong role, and the author
    assert ap.is_self_approval(h, item, item.approvals[1]) and not ap.holds_role(h, "lena-legal", "brand")


def test_approved_post_reports_each_missing_role_once_naming_holders(root):
    (root / LAUNCH).write_text(post(status="approved", flags="flags: [pricing]\n"))
    approve(root, root / LAUNCH, "ana-lead", "social-lead", "2027-03-01T10:00+01:00")
    result = validate(root, NOW)
    missing = [p for p in result.problems if p.rule == "approval.missing" and p.path == LAUNCH]
    assert [p.message for p in missing] == [  # sorted by message at one position
        "needs an approval as brand (flag 'pricing')",
        "needs an approval as brand or legal (campaign 'spring-launch')",
        "needs an approval as legal (flag 'pricing')"]
    assert missing[2].hint == ("held by lena-legal, bo-brand: playbook approve " + LAUNCH +
                               " --by lena-legal --role legal")
    assert (missing[0].line, missing[0].column) == (8, 1)  # the approvals key, after flags
    assert rules_of(result, LAUNCH).count(("status.inconsistent", "error")) == 1


def test_drafts_and_reviews_are_pending_not_errors(root):
    for status in ("draft", "in-review", "held"):
        (root / LAUNCH).write_text(post(status=status))
        assert rules_of(validate(root, NOW), LAUNCH) == []


def test_statuses_option_extends_what_must_be_approved(root):
    (root / "policies/rules.yml").write_text(RULES + "rules:\n  approval.missing: {statuses: [in-review, approved]}\n")
    (root / LAUNCH).write_text(post(status="in-review"))
    assert ("approval.missing", "error") in rules_of(validate(root, NOW), LAUNCH)


def test_templates_always_and_chapters_from_their_effective_date(root):
    result = validate(root, NOW)
    assert rules_of(result, TEMPLATE) == [("approval.missing", "error")]
    assert rules_of(result, CHAPTER) == [("approval.missing", "error")]  # effective 2026-01-01
    text = (root / CHAPTER).read_text().replace("effective: 2026-01-01", "effective: 2027-06-01")
    (root / CHAPTER).write_text(text)
    assert rules_of(validate(root, NOW), CHAPTER) == []  # not in force yet: pending
    approve(root, root / TEMPLATE, "ana-lead", None, "2027-02-01T10:00+01:00")
    assert rules_of(validate(root, NOW), TEMPLATE) == []


def test_chapter_owner_may_not_approve_it(root):
    text = (root / CHAPTER).read_text().replace("owner: ana-lead", "owner: lena-legal")
    (root / CHAPTER).write_text(text)
    with pytest.raises(Exception, match="separation of duties"):
        approve(root, root / CHAPTER, "lena-legal", "legal", "2027-02-01T10:00+01:00")


def test_stale_is_an_error_when_the_status_claims_approval_and_pending_again_otherwise(root):
    (root / LAUNCH).write_text(post(status="in-review"))
    approve(root, root / LAUNCH, "ana-lead", "social-lead", "2027-03-01T10:00+01:00")
    text = (root / LAUNCH).read_text()
    (root / LAUNCH).write_text(text.replace("the spring range", "the new spring range"))
    assert rules_of(validate(root, NOW), LAUNCH) == []  # in review: pending again, like one never given
    h = load_handbook(root)
    assert [p.roles for p in ap.pending_approvals(h, find(h, LAUNCH))][0] == ["social-lead"]
    (root / LAUNCH).write_text((root / LAUNCH).read_text().replace("status: in-review", "status: approved"))
    result = validate(root, NOW)
    stale = [p for p in result.problems if p.rule == "approval.stale"]
    assert stale[0].severity.value == "error"
    assert stale[0].hint.endswith(f"playbook approve {LAUNCH} --by ana-lead --role social-lead")
    # the stale role is not reported a second time as missing
    assert not any(p.rule == "approval.missing" and "social-lead" in p.message for p in result.problems
                   if p.path == LAUNCH)


def test_a_fresh_approval_supersedes_a_stale_one(root):
    (root / LAUNCH).write_text(post(status="approved"))
    approve(root, root / LAUNCH, "ana-lead", "social-lead", "2027-02-01T10:00+01:00")
    approve(root, root / LAUNCH, "bo-brand", "brand", "2027-02-01T10:00+01:00")
    (root / LAUNCH).write_text((root / LAUNCH).read_text().replace("spring range", "summer range"))
    assert {r for r, _ in rules_of(validate(root, NOW), LAUNCH)} == {"approval.stale", "status.inconsistent"}
    approve(root, root / LAUNCH, "ana-lead", "social-lead", "2027-02-02T10:00+01:00")
    approve(root, root / LAUNCH, "bo-brand", "brand", "2027-02-02T10:00+01:00")
    assert rules_of(validate(root, NOW), LAUNCH) == []


def test_lead_time_applies_per_role_and_only_to_required_roles(root):
    (root / LAUNCH).write_text(post(status="approved"))
    approve(root, root / LAUNCH, "ana-lead", "social-lead", "2027-04-12T09:00+02:00")  # no lead time: in time
    approve(root, root / LAUNCH, "bo-brand", "brand", "2027-04-11T09:31+02:00")  # brand needs 1d: 1 min late
    result = validate(root, NOW)
    late = [p for p in result.problems if p.rule == "time.lead"]
    assert len(late) == 1 and "brand must approve 1d before publish_at" in late[0].message
    assert (late[0].line, late[0].column) == (14, 9)  # the second approval's `at`


def test_an_approval_after_publish_at_is_late_even_without_lead_time(root):
    (root / LAUNCH).write_text(post(status="published"))
    approve(root, root / LAUNCH, "ana-lead", "social-lead", "2027-04-12T09:31+02:00")
    approve(root, root / LAUNCH, "bo-brand", "brand", "2027-04-01T09:31+02:00")
    result = validate(root, NOW.replace(year=2028))
    assert [p.rule for p in result.problems if p.path == LAUNCH] == ["time.lead"]


def test_cancelled_posts_are_not_checked(root):
    digest = "sha256:" + "0" * 64
    (root / LAUNCH).write_text(post(status="cancelled", extra=(
        f"approvals:\n  - {{by: ben-writer, role: editor, at: 2027-04-01T10:00+02:00, digest: {digest}}}\n")))
    assert rules_of(validate(root, NOW), LAUNCH) == []


def test_status_inconsistent_for_a_live_post_in_a_cancelled_campaign(root):
    campaign = root / "calendar/campaigns/spring-launch.md"
    campaign.write_text(campaign.read_text().replace("status: planned", "status: cancelled"))
    result = validate(root, NOW)
    assert ("status.inconsistent", "error") in rules_of(result, LAUNCH)


def test_separation_of_duties_can_be_switched_off(root):
    (root / "policies/rules.yml").write_text(RULES + "separation_of_duties: false\n")
    (root / LAUNCH).write_text(post(status="approved"))
    approve(root, root / LAUNCH, "ben-writer", "social-lead", "2027-03-01T10:00+01:00")
    approve(root, root / LAUNCH, "bo-brand", "brand", "2027-03-01T10:00+01:00")
    assert rules_of(validate(root, NOW), LAUNCH) == []


def test_step_reason_reads_as_words():
    from playbook.model import ApprovalStep

    assert ap.step_reason(ApprovalStep("any", ["x"], (("default", ""),))) == "required for every post"
    assert ap.step_reason(ApprovalStep("any", ["x"], (("flag", "pricing"),))) == "flag 'pricing'"


def test_lead_time_is_elapsed_time_across_a_clock_change(root):
    """Berlin springs forward at 02:00 on 2027-03-28: a 2-hour lead before 03:30 CEST ends at 00:30 CET."""
    (root / "policies/rules.yml").write_text(RULES.replace("  brand: 1d\n", "  brand: 1d\n  social-lead: 2h\n"))
    (root / LAUNCH).write_text(post().replace("2027-04-12T09:30+02:00", "2027-03-28 03:30"))
    campaign = root / "calendar/campaigns/spring-launch.md"
    campaign.write_text(campaign.read_text().replace("starts: 2027-04-01", "starts: 2027-03-01"))
    h = load_handbook(root)
    due = [p.due for p in ap.pending_approvals(h, find(h, LAUNCH)) if p.roles == ["social-lead"]][0]
    assert due.strftime("%Y-%m-%d %H:%M %Z") == "2027-03-28 00:30 CET"  # not 01:30 CET, three hours before
    # 90 minutes before publishing (01:00 CET): on the wall clock it looks like 2.5 hours.
    approve(root, root / LAUNCH, "ana-lead", "social-lead", "2027-03-28T01:00+01:00")
    late = [p for p in validate(root, NOW).problems if p.path == LAUNCH and p.rule == "time.lead"]
    assert len(late) == 1
    assert "after the deadline Sun 2027-03-28 00:30 (Europe/Berlin)" in late[0].message
    (root / LAUNCH).write_text(post().replace("2027-04-12T09:30+02:00", "2027-03-28 03:30"))
    approve(root, root / LAUNCH, "ana-lead", "social-lead", "2027-03-28T00:30+01:00")  # exactly on time
    assert [p.rule for p in validate(root, NOW).problems if p.path == LAUNCH and p.rule == "time.lead"] == []


def test_a_deadline_that_has_passed_is_reported_before_publishing(root):
    """NOW is 2027-03-01 00:00 UTC; a pricing post 90 minutes later cannot get legal's 3 days nor brand's 1 day."""
    campaign = root / "calendar/campaigns/spring-launch.md"
    campaign.write_text(campaign.read_text().replace("starts: 2027-04-01", "starts: 2027-02-01"))
    soon = "2027-03-01T01:30Z"
    (root / LAUNCH).write_text(post(flags="flags: [pricing]\n").replace("2027-04-12T09:30+02:00", soon))
    late = [p for p in validate(root, NOW).problems if p.path == LAUNCH and p.rule == "time.lead"]
    # A draft: warnings, one per unmet step (the flag's and the campaign's), at publish_at.
    assert [(p.severity.value, p.line, p.column) for p in late] == [("warning", 4, 13)] * 2
    assert sorted(p.message.split(";")[0] for p in late) == [
        "brand or legal must approve 3d before publish_at, by Fri 2027-02-26 02:30 (Europe/Berlin)",
        "legal and brand must approve 3d before publish_at, by Fri 2027-02-26 02:30 (Europe/Berlin)"]
    (root / LAUNCH).write_text(post(status="approved", flags="flags: [pricing]\n").replace(
        "2027-04-12T09:30+02:00", soon))
    late = [p for p in validate(root, NOW).problems if p.path == LAUNCH and p.rule == "time.lead"]
    assert [p.severity.value for p in late] == ["error"] * 2  # it would go out without legal's review
    (root / LAUNCH).write_text(post(flags="flags: [pricing]\n").replace("2027-04-12T09:30+02:00",
                                                                        "2027-03-05T09:00Z"))
    assert [p for p in validate(root, NOW).problems if p.path == LAUNCH and p.rule == "time.lead"] == []


def test_the_monthly_report_counts_late_approvals_as_time_lead_does(root):
    (root / LAUNCH).write_text(post(status="published"))
    approve(root, root / LAUNCH, "ana-lead", "social-lead", "2027-04-12T09:00+02:00")
    approve(root, root / LAUNCH, "bo-brand", "brand", "2027-04-11T09:31+02:00")  # brand needs 1d: 1 min late

    def state():
        handbook = load_handbook(root)
        return _approval_state(Context(handbook, NOW.replace(year=2028)), find(handbook, LAUNCH))

    assert state() == "late"
    # No time written and none in the history (issue 9 made `at` optional): not late, as for time.lead.
    text = (root / LAUNCH).read_text()
    (root / LAUNCH).write_text("".join(line for line in text.splitlines(keepends=True)
                                       if "2027-04-11T09:31" not in line))
    assert state() == "on time"
