"""The golden corpus: every rule id has a case with exact positions."""

import pytest
from golden_corpus import NOW, build_case, case_names, expected_lines, problem_lines

from playbook.validate import validate


def test_base_handbook_is_clean(tmp_path):
    result = validate(build_case(None, tmp_path / "hb"), NOW)
    assert problem_lines(result.problems) == []


@pytest.mark.parametrize("name", case_names())
def test_case(name, tmp_path):
    result = validate(build_case(name, tmp_path / "hb"), NOW)
    assert problem_lines(result.problems) == expected_lines(name)
    assert all(p.message for p in result.problems)
