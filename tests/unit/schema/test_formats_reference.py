"""docs/reference/formats.md documents exactly the keys the loader declares (playbook.kinds.KINDS).

Markdown kinds are documented as a table (key, type, notes); YAML files as a
commented example that shows every key. Both are compared with the shapes in
both directions, so a key added to a declaration without the reference (or
the other way round) fails here.
"""

from __future__ import annotations

import re

import pytest
import yaml
from paths import REPO

from playbook.kinds import KINDS
from playbook.schema import Shape

REFERENCE = (REPO / "docs/reference/formats.md").read_text(encoding="utf-8")


def _section(path: str) -> str:
    """The reference section whose heading names the kind's file path."""
    match = re.search(rf"^## .*`{re.escape(path)}`.*$", REFERENCE, re.MULTILINE)
    assert match, f"formats.md has no section for {path}"
    end = REFERENCE.find("\n## ", match.end())
    return REFERENCE[match.end():end if end >= 0 else None]


def _table(section: str) -> dict[str, str]:
    """Key -> its whole row, from a | key | type | notes | table (a cell may name keys as 'a, b')."""
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] not in ("key", "") and not set(cells[0]) <= set("-"):
            for key in cells[0].split(","):
                rows[key.strip().strip("`")] = line
    return rows


def _documented_keys(shape: Shape, example, found: dict[Shape, set]) -> None:
    """Collect the keys a YAML example shows for each shape it reaches."""
    if not isinstance(example, dict):
        return
    found.setdefault(shape, set()).update(example)
    for name, value in example.items():
        key = shape.keys.get(name)
        if key is None or key.shape is None or value is None:
            continue
        if key.type == "mapping":
            nested = [value]
        elif key.type == "entries":
            nested = value
        elif key.values == "entries":  # a map of names to lists of entries
            nested = [item for items in value.values() for item in items]
        else:  # a map of names to mappings
            nested = list(value.values())
        for item in nested:
            _documented_keys(key.shape, item, found)


MARKDOWN_KINDS = [kind for kind, (path, _) in KINDS.items() if path.endswith(".md")]
YAML_KINDS = [kind for kind, (path, _) in KINDS.items() if path.endswith(".yml")]


@pytest.mark.parametrize("kind", MARKDOWN_KINDS)
def test_front_matter_table_lists_every_declared_key(kind):
    path, shapes = KINDS[kind]
    rows = _table(_section(path))
    declared = {name: key for shape in shapes for name, key in shape.keys.items()}
    assert sorted(rows) == sorted(declared), f"{path}: formats.md table vs declared keys"
    for name, key in declared.items():
        row = rows[name]
        notes = row.rsplit("|", 2)[-2]
        required = any(name in shape.required for shape in shapes)
        assert ("required" in notes) == required, f"{path}: '{name}' required is {required}, the table says otherwise"
        for choice in key.choices or ():
            assert choice in row, f"{path}: '{name}' may be '{choice}', the table does not say so"
        braces = re.search(r"\{([a-z_, ]+)\}", row)
        if key.shape is not None and braces:
            shown = {part.strip() for part in braces.group(1).split(",")}
            assert shown == set(key.shape.allowed), f"{path}: '{name}' entries are {{{', '.join(key.shape.allowed)}}}"


@pytest.mark.parametrize("kind", YAML_KINDS)
def test_yaml_example_shows_every_declared_key(kind):
    path, (shape,) = KINDS[kind]
    example = re.search(r"```yaml\n(.*?)```", _section(path), re.DOTALL)
    assert example, f"formats.md shows no example of {path}"
    found: dict[Shape, set] = {}
    _documented_keys(shape, yaml.safe_load(example.group(1)), found)
    pending = [shape]
    while pending:  # every shape reachable from the kind's, and every key of each
        current = pending.pop()
        assert found.get(current, set()) == set(current.allowed), f"{path}: example of {current.name}"
        pending += [key.shape for key in current.keys.values() if key.shape is not None and key.shape is not current]


def _shapes(shape: Shape, seen: list[Shape]) -> list[Shape]:
    if shape not in seen:
        seen.append(shape)
        for key in shape.keys.values():
            if key.shape is not None:
                _shapes(key.shape, seen)
    return seen


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_declared_key_can_be_enumerated_with_its_type(kind):
    """What a JSON Schema generator needs: each key typed, and every nested mapping declared."""
    _, shapes = KINDS[kind]
    for shape in [s for top in shapes for s in _shapes(top, [])]:
        for key in shape.keys.values():
            if key.type in ("mapping", "entries"):
                assert key.shape is not None, f"{shape.name}.{key.name}: entries not declared"
            if key.type == "map" and key.values == "entries":
                assert key.shape is not None, f"{shape.name}.{key.name}: entries not declared"
            if key.choices is not None and key.default is not None:
                assert key.default in key.choices, f"{shape.name}.{key.name}: default is not an allowed value"
