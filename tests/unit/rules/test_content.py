"""Content rules and rules.yml configuration beyond the golden cases."""

import pytest
from golden_corpus import NOW, build_case

from playbook.validate import validate

LAUNCH = "content/posts/spring-launch/launch-day.md"
TEMPLATE = "content/responses/where-is-my-order.md"


@pytest.fixture
def root(tmp_path):
    return build_case(None, tmp_path / "hb")


def write_launch(root, copy, channel="[x]", extra=""):
    (root / LAUNCH).write_text(f"---\ntitle: Launch day\nchannel: {channel}\npublish_at: 2027-04-12T09:30+02:00\n"
                               f"author: ben-writer\nstatus: draft\n{extra}---\n{copy}\n")


def problems(root, path=LAUNCH):
    return [(p.rule, p.severity.value, p.line, p.column) for p in validate(root, NOW).problems if p.path == path]


def test_length_exactly_at_the_limit_passes(root):
    url = "https://shop.test/" + "a" * 100
    write_launch(root, "x" * (280 - 23 - 1) + " " + url)
    assert problems(root) == []
    write_launch(root, "x" * (280 - 23) + " " + url)
    assert problems(root) == [("content.length", "error", 8, 259)]  # the URL, whose 23 take the copy to 281


def test_length_counts_emoji_once_on_grapheme_channels_and_code_points_elsewhere(root):
    family = "👨\u200d👩\u200d👧\u200d👦"  # 7 code points
    write_launch(root, family * 280)
    assert problems(root) == []
    channels = root / "calendar/channels.yml"
    limit = "    max_chars: 280\n"
    channels.write_text(channels.read_text().replace(limit, limit + "    count: code-points\n"))
    assert [p[0] for p in problems(root)] == ["content.length"]


JAPANESE_150 = ("春のランニングシューズが登場しました。" * 9)[:150]


def test_japanese_150_characters_fail_on_x_and_pass_on_instagram(root):
    assert len(JAPANESE_150) == 150
    channels = root / "calendar/channels.yml"
    channels.write_text(channels.read_text().replace("    url_length: 23\n",
                                                     "    url_length: 23\n    count: twitter\n"))
    write_launch(root, JAPANESE_150)
    # Each CJK character weighs 2 on X: 300 of 280; the 141st character is the first too many.
    assert problems(root) == [("content.length", "error", 8, 141)]
    message = [p.message for p in validate(root, NOW).problems if p.path == LAUNCH][0]
    assert message == "copy is 300 weighted characters; X allows 280, each URL counted as 23"
    write_launch(root, JAPANESE_150, channel="[instagram]", extra="media:\n  - {file: teaser.png, alt: A shoe}\n")
    assert problems(root) == []


@pytest.mark.parametrize("method, limit, copy, column", [
    ("utf16", 10, "ab😀😀😀😀😀", 7),  # each emoji is two UTF-16 code units: the fifth takes 12
    ("utf8-bytes", 10, "abcdéé€", 7),  # é is 2 bytes, € is 3: 4 + 2 + 2 + 3 = 11
    ("graphemes", 3, "क्षि नमस्ते", 7),  # क्षि is one character; with a space and न, म is the fourth
])
def test_count_methods_report_the_first_unit_over_the_limit(root, method, limit, copy, column):
    channels = root / "calendar/channels.yml"
    channels.write_text(channels.read_text().replace("    max_chars: 280\n",
                                                     f"    max_chars: {limit}\n    count: {method}\n"))
    write_launch(root, copy)
    assert problems(root) == [("content.length", "error", 8, column)]


def test_length_ignores_surrounding_white_space(root):
    write_launch(root, "\n\n" + "x" * 280 + "\n\n\n")
    assert problems(root) == []


def test_media_none_and_alt_text_not_required(root):
    channels = root / "calendar/channels.yml"
    channels.write_text(channels.read_text() + "  radio:\n    name: Radio\n    media: none\n    alt_text: false\n")
    campaign = root / "calendar/campaigns/spring-launch.md"
    campaign.write_text(campaign.read_text().replace("channels: [instagram, x]", "channels: [instagram, x, radio]"))
    write_launch(root, "Listen in.", channel="radio", extra="media:\n  - file: teaser.png\n")
    assert problems(root) == [("content.media", "error", 7, 1)]  # media not allowed; alt text not required


def test_forbidden_terms_in_alt_text_and_templates_but_not_chapters(root):
    write_launch(root, "Fine copy.", extra="media:\n  - file: teaser.png\n    alt: A GUARANTEE sticker\n")
    assert problems(root) == [("content.forbidden-term", "error", 9, 10)]
    (root / TEMPLATE).write_text((root / TEMPLATE).read_text().replace("you can follow", "we guarantee you can follow"))
    assert [p[0] for p in problems(root, TEMPLATE)] == ["content.forbidden-term"]
    chapter = root / "policies/everyone.md"
    chapter.write_text(chapter.read_text() + "Never write guarantee.\n")
    assert problems(root, "policies/everyone.md") == []


def test_literal_braces_in_templates_and_posts(root):
    (root / TEMPLATE).write_text((root / TEMPLATE).read_text().rstrip("\n") + " {{not a slot}}\n")
    assert problems(root, TEMPLATE) == []
    write_launch(root, "Braces { like this } and {{this}} are copy.")
    assert problems(root) == []


def test_review_overdue_warn_within_option(root):
    chapter = root / "policies/everyone.md"
    chapter.write_text(chapter.read_text().replace("review_by: 2099-01-01", "review_by: 2027-03-10"))
    assert problems(root, "policies/everyone.md") == []
    rules = root / "policies/rules.yml"
    rules.write_text(rules.read_text() + "rules:\n  review.overdue: {warn_within: 14d}\n")
    assert problems(root, "policies/everyone.md") == [("review.overdue", "warning", 7, 12)]


def test_severity_overrides_apply_to_rule_and_loader_ids(root):
    rules = root / "policies/rules.yml"
    rules.write_text(rules.read_text() + "rules:\n  content.hashtags: warning\n  time.missed: error\n"
                     "  schema.unknown: warning\n")
    write_launch(root, "#a #b #c", extra="colour: blue\n")
    result = validate(root, NOW.replace(year=2028))
    found = {(p.rule, p.severity.value) for p in result.problems if p.path == LAUNCH}
    assert found == {("content.hashtags", "warning"), ("time.missed", "error"), ("schema.unknown", "warning")}


def test_off_removes_a_rule_but_fixed_rules_stay_errors(root):
    rules = root / "policies/rules.yml"
    rules.write_text(rules.read_text() + "rules:\n  content.hashtags: off\n  file.front-matter: warning\n")
    write_launch(root, "#a #b #c")
    (root / "content/posts/spring-launch/broken.md").write_text("no front matter\n")
    result = validate(root, NOW)
    assert not any(p.rule == "content.hashtags" for p in result.problems)
    assert [(p.path, p.rule, p.severity.value) for p in result.problems] == [
        ("content/posts/spring-launch/broken.md", "file.front-matter", "error"),
        ("policies/rules.yml", "schema.value", "error")]
