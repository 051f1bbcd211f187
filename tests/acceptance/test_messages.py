"""Messages that teach: the common YAML mistakes get a hint with the corrected line, and the corrected line
really is valid (it is put back into the file and the file is read again)."""

from __future__ import annotations

import re

import pytest
from golden_corpus import NOW, build_case

from playbook.validate import validate

POST = "content/posts/spring-launch/gift.md"
HEAD = "channel: instagram\npublish_at: 2027-04-06 10:00\nauthor: ben-writer\nstatus: draft\n"
MEDIA = "media:\n  - file: teaser.png\n    alt: A shoe\n"


def problems_of(tmp_path, text: str, path: str = POST):
    root = build_case(None, tmp_path / "hb")
    (root / path).write_text(text, encoding="utf-8")
    return [p for p in validate(root, NOW).problems if p.path == path]


def corrected_line(hint: str) -> str:
    """The line a hint tells you to write (after its two-space separator)."""
    return re.search(r":  (.+?)(?:  \(|  or |$)", hint).group(1)


def test_an_unquoted_colon_in_a_title_gets_the_quoted_line(tmp_path):
    [problem] = problems_of(tmp_path, f"---\ntitle: Gift guide: part two\n{HEAD}{MEDIA}---\nHello\n")
    assert (problem.rule, problem.line) == ("yaml.syntax", 2)
    assert problem.hint.endswith('put the value in quotes:  title: "Gift guide: part two"')
    fixed = f"---\n{corrected_line(problem.hint)}\n{HEAD}{MEDIA}---\nHello\n"
    assert problems_of(tmp_path / "again", fixed) == []


def test_a_tab_gets_the_line_with_spaces(tmp_path):
    [problem] = problems_of(tmp_path, f"---\ntitle: Gift\n\t{HEAD}{MEDIA}---\nHello\n")
    assert problem.rule == "yaml.syntax" and problem.line == 3
    assert problem.hint == ("YAML indents with spaces, never tabs: replace the tab with spaces:  channel: instagram"
                            "  (at the start of the line)")
    nested = MEDIA.replace("    alt:", "\talt:")
    [problem] = problems_of(tmp_path / "nested", f"---\ntitle: Gift\n{HEAD}{nested}---\nHello\n")
    assert "alt: A shoe  (indented by 4 spaces)" in problem.hint


def test_a_key_among_list_items_gets_the_item_form(tmp_path):
    text = f"---\ntitle: Gift\n{HEAD}tags:\n  - winter\n  gifts: yes\n{MEDIA}---\nHello\n"
    [problem] = problems_of(tmp_path, text)
    assert problem.rule == "yaml.syntax"
    assert "write this line as:  - gifts: yes  or indent it under the entry above" in problem.hint


@pytest.mark.parametrize("written, hint", [
    ("media: teaser.png", 'media: [{file: teaser.png, alt: "what it shows"}]'),
    ("media: {file: teaser.png}", "start each entry with '- ' on its own line under 'media:'"),
])
def test_media_written_as_one_value_gets_the_list_form(tmp_path, written, hint):
    found = problems_of(tmp_path, f"---\ntitle: Gift\n{HEAD}{written}\n---\nHello\n")
    problem = next(p for p in found if p.rule == "schema.type")
    assert problem.hint.endswith(hint)


def test_a_list_where_a_mapping_is_expected_gets_the_mapping_form(tmp_path):
    text = ("---\ntitle: Late order\ncategory: question\nchannels: [x]\nwho_may_send: everyone\n"
            "escalate_to:\n  - care-lead\n---\nSorry.\n")
    found = problems_of(tmp_path, text, "content/responses/late.md")
    problem = next(p for p in found if p.rule == "schema.type")
    assert problem.message == "'escalate_to' must be a mapping, not a list"
    assert problem.hint == 'write it as:  escalate_to: {to: care-lead, when: "what makes you escalate"}'
    channels = "channels:\n  - id: x\n    name: X\n"
    found = problems_of(tmp_path / "channels", channels, "calendar/channels.yml")
    problem = next(p for p in found if p.rule == "schema.type")
    assert "instead of '- id: x': write 'x:' on its own line" in problem.hint


def test_an_id_in_capitals_gets_the_lower_case_id(tmp_path):
    found = problems_of(tmp_path, f"---\ntitle: Gift\n{HEAD.replace('instagram', 'Instagram')}{MEDIA}---\nHi\n")
    [problem] = [p for p in found if p.rule == "schema.value"]
    assert problem.message == "'Instagram' is not a valid id"
    assert problem.hint == "did you mean 'instagram'? ids use lower-case letters, digits and hyphens"
