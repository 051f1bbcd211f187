"""yamledit on whole .yml files: an entry appended in the style of its neighbours, keys set in one entry,
nothing else changed; what cannot be done byte-preservingly is refused and leaves the file as it was."""

from __future__ import annotations

import pytest

from playbook.yamledit import EditError, append_to_yaml_list, set_in_list_item

ENTRY = [("id", "storm"), ("start", "2026-12-05 21:14"), ("kind", "hold"), ("reason", '"a: b # c"')]


@pytest.mark.parametrize("before, added", [
    ("windows:\n- id: a\n  kind: quiet\n", "- id: storm\n  start: 2026-12-05 21:14\n  kind: hold\n"
                                             "  reason: \"a: b # c\"\n"),
    ("windows:\n  - {id: a, kind: quiet}   # one line each\n",
     "  - {id: storm, start: 2026-12-05 21:14, kind: hold, reason: \"a: b # c\"}\n"),
    ("windows: [{id: a, kind: quiet}]\n", None),  # a flow list: the entry goes inside the brackets
    ("\ufeff# a BOM and a comment\nwindows:\n", "  - id: storm\n"),
])
def test_append_matches_the_style_and_changes_nothing_else(tmp_path, before, added):
    path = tmp_path / "quiet.yml"
    path.write_text(before, encoding="utf-8")
    append_to_yaml_list(path, "windows", ENTRY, "the hold")
    after = path.read_text(encoding="utf-8")
    if added is None:
        assert after == "windows: [{id: a, kind: quiet}, {id: storm, start: 2026-12-05 21:14, kind: hold, " \
                        "reason: \"a: b # c\"}]\n"
    else:
        assert after.startswith(before) and after[len(before):].startswith(added)


def test_set_replaces_a_one_line_value_in_place_and_adds_keys_after_a_folded_one(tmp_path):
    path = tmp_path / "quiet.yml"
    text = ("windows:\n  - id: a\n    end: 2026-12-06 00:00   # exclusive\n    reason: >-\n      two\n      lines\n"
            "\n  # a comment about b\n  - id: b\nother: 1\n")
    path.write_text(text, encoding="utf-8")
    set_in_list_item(path, "windows", 0, [("end", "2026-12-04 18:30"), ("ended_by", "renee")], "the end")
    assert path.read_text(encoding="utf-8") == text.replace("2026-12-06 00:00", "2026-12-04 18:30").replace(
        "      lines\n", "      lines\n    ended_by: renee\n")
    set_in_list_item(path, "windows", 1, [("ended_by", "renee")], "the end")
    assert path.read_text(encoding="utf-8").endswith("  - id: b\n    ended_by: renee\nother: 1\n")


@pytest.mark.parametrize("text", [
    "windows:\n  - {id: a, end: 2026-12-06}\n",  # an entry on one line
    "windows:\n  - id: a\n    end: |\n      2026-12-06\n",  # a block scalar
])
def test_what_cannot_be_edited_in_place_is_refused_and_the_file_stays(tmp_path, text):
    path = tmp_path / "quiet.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditError):
        set_in_list_item(path, "windows", 0, [("end", "2026-12-04 18:30"), ("ended_by", "renee")], "the end")
    assert path.read_text(encoding="utf-8") == text


def test_a_file_created_for_a_refused_entry_is_removed(tmp_path):
    path = tmp_path / "calendar" / "quiet.yml"
    with pytest.raises(EditError):
        append_to_yaml_list(path, "windows", [("id", "storm")], "the hold", header="windows: 3\n")
    assert not path.exists()
