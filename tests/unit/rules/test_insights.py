"""Insights beyond the golden cases: the file name's date, links, channels, and the departments list."""

import pytest
from golden_corpus import NOW, build_case

from playbook.load import load_handbook
from playbook.validate import validate


@pytest.fixture
def root(tmp_path):
    hb = build_case(None, tmp_path / "hb")
    (hb / "content/insights").mkdir()
    return hb


def write(root, name, front, body="> Bring back the green one!\n"):
    (root / "content/insights" / name).write_text(f"---\ntitle: Green\n{front}---\n{body}")


def found(root):
    return [(p.line, p.column, p.rule) for p in validate(root, NOW).problems]


def test_a_clean_insight_is_read_with_its_day(root):
    write(root, "2027-02-14-green.md", "seen_on: instagram\ndepartment: product\nstatus: acted\n"
                                       "owner: Priya (product)\nnote: Back in autumn\nlink: https://i.test/p/1\n")
    assert found(root) == []
    insight = load_handbook(root).insights[0]
    assert (str(insight.day), insight.status.label, insight.link) == ("2027-02-14", "Acted", "https://i.test/p/1")


def test_the_file_name_must_start_with_a_real_day(root):
    write(root, "green.md", "seen_on: instagram\ndepartment: product\nstatus: new\n")
    write(root, "2027-02-30-green.md", "seen_on: instagram\ndepartment: product\nstatus: new\n")
    assert found(root) == [(1, 1, "schema.value")] * 2


def test_a_link_must_be_a_web_address_and_the_channel_must_exist(root):
    write(root, "2027-02-14-green.md", "seen_on: tiktok\ndepartment: product\nstatus: new\n"
                                       "link: javascript:alert(1)\n")
    assert found(root) == [(3, 10, "ref.channel"), (6, 7, "schema.value")]


def test_departments_in_rules_yml_replace_the_default_list(root):
    with (root / "policies/rules.yml").open("a") as rules:
        rules.write("departments: [design, retail]\n")
    write(root, "2027-02-14-green.md", "seen_on: instagram\ndepartment: product\nstatus: new\n")
    write(root, "2027-02-15-green.md", "seen_on: instagram\ndepartment: design\nstatus: new\n")
    problems = validate(root, NOW).problems
    assert [(p.path.rsplit("/")[-1], p.rule) for p in problems] == [("2027-02-14-green.md", "insight.department")]
    assert "design, retail" in problems[0].hint
