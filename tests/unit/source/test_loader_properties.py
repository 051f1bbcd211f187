"""Property tests: what YAML writes, the loader reads back, with each key's line."""

import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.problems import ProblemList
from playbook.source import Source, parse_yaml

keys = st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True)
# PyYAML writes YAML 1.1, which leaves '0E0' and '0o7' unquoted as text; YAML 1.2 (what the loader reads)
# makes them a float and an octal int. Such strings cannot round-trip through PyYAML's dumper.
_YAML12_ONLY_NUMBER = re.compile(r"[-+]?(?:[0-9]+[eE][-+]?[0-9]+|0o[0-7]+)")
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40).filter(
    lambda s: not _YAML12_ONLY_NUMBER.fullmatch(s))
leaf = st.one_of(text, st.integers(-10**6, 10**6), st.booleans(), st.none())
values = st.recursive(leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
                      max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=6))
def test_round_trip_and_key_lines(data):
    written = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
    source, problems = Source("x.yml"), ProblemList()
    assert parse_yaml(written, 0, source, problems), problems.items
    assert source.data == data
    lines = written.splitlines()
    for key in data:
        line = source.key_pos(key).line
        assert lines[line - 1].startswith(f"{key}:") or lines[line - 1].startswith(f"'{key}':")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_data_or_located_problems(blob):
    source, problems = Source("x.yml"), ProblemList()
    ok = parse_yaml(blob, 0, source, problems)
    assert ok or (problems.items and all(p.line >= 1 and p.column >= 1 for p in problems.items))
