"""Text keys written as YAML numbers: an integer is its digits; a float has lost how it was written."""

from golden_corpus import NOW, build_case

from playbook.validate import validate

CHAPTER = "policies/everyone.md"


def problems(root):
    return [(p.rule, p.message, p.hint) for p in validate(root, NOW).problems if p.path == CHAPTER]


def test_an_unquoted_decimal_version_is_refused_because_yaml_drops_its_trailing_zero(tmp_path):
    root = build_case(None, tmp_path / "hb")
    path = root / CHAPTER
    path.write_text(path.read_text().replace('version: "1.0"', "version: 1.10"))
    [(rule, message, hint)] = problems(root)
    assert rule == "schema.type" and "not the number 1.1" in message and 'version: "1.1"' in hint


def test_an_unquoted_whole_number_version_reads_as_its_digits(tmp_path):
    root = build_case(None, tmp_path / "hb")
    path = root / CHAPTER
    path.write_text(path.read_text().replace('version: "1.0"', "version: 2"))
    assert problems(root) == []
