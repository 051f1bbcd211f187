"""Holds under verify_approvals: who started and who ended a hold in calendar/quiet.yml is checked against real
git history and ssh-keygen keys like approvals; a forged end does not lift the hold."""

import test_verify
from golden_corpus import NOW
from test_verify import LAUNCH, git

from playbook.holds import end_hold, start_hold
from playbook.validate import validate

keys, make_repo = test_verify.keys, test_verify.make_repo  # the fixtures: real keys, a real repository
QUIET = "calendar/quiet.yml"
HOLD = dict(start="2027-04-12 00:00", hold_id="recall")  # the launch post goes out 2027-04-12 09:30 (Berlin)


def hold_problems(root, verify_from=None):
    result = validate(root, NOW, verify_from=verify_from)
    return result, [(p.severity.value, p.message) for p in result.problems
                    if p.rule == "approval.unverified" and p.path == QUIET]


def launch(result):
    return next(p for p in result.handbook.posts if p.source.path == LAUNCH)


def start(root, who="ana-lead", key=None, until=None, by="ana-lead"):
    start_hold(root, "Recall of lot 7", by, until=until, **HOLD)
    git(root, "commit", "-q", "-a", "-m", "Hold: recall", who=who, key=key)


def end(root, who="ana-lead", key=None, by="ana-lead"):
    end_hold(root, "recall", by, at="2027-04-12 08:00")  # before the launch post: an end that counts releases it
    git(root, "commit", "-q", "-a", "-m", "Lift the recall hold", who=who, key=key)


def test_a_hold_started_and_ended_by_its_keeper_in_signed_commits_verifies(make_repo, keys):
    root = make_repo()
    start(root, key=keys["ana-lead"])
    result, problems = hold_problems(root)
    assert problems == [] and launch(result).hold.id == "recall"
    end(root, key=keys["ana-lead"])
    result, problems = hold_problems(root)
    assert problems == []
    assert launch(result).hold is None  # the end counts: the post goes out


def test_a_forged_start_is_reported_and_still_holds_posts(make_repo, keys):
    root = make_repo()
    start(root, who="ben-writer", key=keys["ben-writer"])  # ben writes started_by: ana-lead in his own commit
    sha = git(root, "rev-parse", "--short=7", "HEAD")
    result, problems = hold_problems(root)
    assert problems == [("warning", f"the hold recall names started_by ana-lead, which is not verified: added in "
                         f"{sha} by Ben Writer <ben@example.org>, not by Ana Lead; it holds posts all the same")]
    assert launch(result).hold.id == "recall"  # holding is the safe direction
    # ... so outside a pull request's check the warning never stops publishing the hold
    assert [p.elapsed for p in result.problems if p.path == "calendar/quiet.yml"] == [True]
    review, problems = hold_problems(root, verify_from="HEAD~1")
    assert [severity for severity, _ in problems] == ["error"]  # the pull request's check stops it
    assert not any(p.elapsed for p in review.problems if p.path == "calendar/quiet.yml")


def test_a_forged_end_does_not_lift_the_hold(make_repo, keys):
    root = make_repo()
    start(root, key=keys["ana-lead"])
    end(root, who="ben-writer", key=keys["ben-writer"])  # ben writes end: and ended_by: ana-lead
    sha = git(root, "rev-parse", "--short=7", "HEAD")
    result, problems = hold_problems(root)
    assert problems == [("warning", f"the hold recall stays in force: its end does not count, because ended_by "
                         f"ana-lead is not verified: added in {sha} by Ben Writer <ben@example.org>, not by Ana Lead")]
    window = result.handbook.quiet[-1]
    assert window.end is None and window.unverified_end is not None
    assert launch(result).hold is window  # still held on the site and in the feeds
    _, problems = hold_problems(root, verify_from="HEAD~1")
    assert [severity for severity, _ in problems] == ["error"]


def test_an_end_line_edited_by_someone_else_does_not_count(make_repo, keys):
    root = make_repo()
    start(root, key=keys["ana-lead"], until="2027-04-20")  # a planned end, written by the starter: it counts
    result, problems = hold_problems(root)
    assert problems == [] and result.handbook.quiet[-1].end is not None
    text = (root / QUIET).read_text()
    (root / QUIET).write_text(text.replace("end: 2027-04-20 23:59", "end: 2027-04-12 08:00").replace(
        "end: 2027-04-21 00:00", "end: 2027-04-12 08:00"))
    assert (root / QUIET).read_text() != text
    git(root, "commit", "-q", "-a", "-m", "shorten", who="ben-writer", key=keys["ben-writer"])
    result, problems = hold_problems(root)
    assert len(problems) == 1 and "its end: line is not verified: added in" in problems[0][1]
    assert "by Ben Writer <ben@example.org>, not by Ana Lead" in problems[0][1]
    assert launch(result).hold.id == "recall"


def test_a_signature_by_the_keeper_is_needed_in_mode_signed_not_in_mode_author(make_repo, keys):
    signed, author = make_repo(name="signed"), make_repo(mode="author", name="author")
    for root in (signed, author):
        start(root)  # ana's own commit, unsigned
    _, problems = hold_problems(signed)
    assert len(problems) == 1 and "the commit is unsigned" in problems[0][1]
    assert hold_problems(author)[1] == []


def test_a_hold_recorded_before_since_counts_as_written(make_repo, keys):
    root = make_repo()
    start_hold(root, "Recall of lot 7", "ana-lead", **HOLD)
    end_hold(root, "recall", "ana-lead", at="2027-04-12 08:00")
    git(root, "commit", "-q", "-a", "-m", "old hold", who="ben-writer", when="2026-10-02T12:00:00+00:00")
    result, problems = hold_problems(root)
    assert problems == [] and launch(result).hold is None


def test_a_reason_with_braces_and_keys_in_it_verifies(make_repo, keys):
    root = make_repo(mode="author")
    start_hold(root, "Recall {lot: 7}, by: nobody, started_by: ben-writer", "ana-lead", **HOLD)
    git(root, "commit", "-q", "-a", "-m", "Hold", who="ana-lead")
    assert hold_problems(root)[1] == []


def test_a_hold_is_identified_by_its_start_renaming_it_keeps_who_started_it(make_repo, keys):
    root = make_repo(mode="author")
    start(root)
    (root / QUIET).write_text((root / QUIET).read_text().replace("id: recall", "id: recall-lot-7"))
    git(root, "commit", "-q", "-a", "-m", "rename", who="ben-writer")
    assert hold_problems(root)[1] == []
    (root / QUIET).write_text((root / QUIET).read_text().replace("start: 2027-04-12 00:00", "start: 2027-04-12 10:00"))
    git(root, "commit", "-q", "-a", "-m", "start later", who="ben-writer")
    assert "no commit adds it as it reads now" in hold_problems(root)[1][0][1]
