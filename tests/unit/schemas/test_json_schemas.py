"""JSON Schemas for editors: generated from the declared shapes, shipped under schema/, named by the example's
modelines; the whole example passes them and golden bad cases fail them as they fail validation."""

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from golden_corpus import CASES, build_case
from paths import REPO

from playbook.cli import cli
from playbook.kinds import KINDS
from playbook.load import _kind
from playbook.problems import ProblemList
from playbook.schemas import render, schemas
from playbook.source import read_markdown_file, read_yaml_file

SHIPPED = REPO / "schema"
YAML_FILES = {where: kind for kind, (where, _) in KINDS.items() if where.endswith(".yml")}


def kind_of(relative: str) -> str | None:
    """The schema for a file: the YAML files by path, Markdown by the folder the loader reads it from."""
    return YAML_FILES.get(relative) or {"posts": "post", "responses": "template", "campaigns": "campaign",
                                        "policies": "chapter"}.get(_kind(relative))


def data_of(root: Path, relative: str):
    """The file's values as Playbook reads them (YAML 1.2: dates and times stay text)."""
    read = read_yaml_file if relative.endswith(".yml") else read_markdown_file
    source = read(str(root / relative), relative, ProblemList())
    assert source.ok, relative
    return source.data or {}


def schema_errors(root: Path) -> dict[str, list[str]]:
    validators = {name.removesuffix(".schema.json"): jsonschema.Draft202012Validator(schema)
                  for name, schema in schemas().items()}
    found = {}
    for path in sorted(p for folder in ("calendar", "content", "policies") for p in (root / folder).rglob("*")):
        relative = path.relative_to(root).as_posix()
        kind = kind_of(relative)
        if kind is None:
            continue
        errors = [e.message for e in validators[kind].iter_errors(data_of(root, relative))]
        if errors:
            found[relative] = errors
    return found


def test_shipped_schemas_are_current_and_valid():
    generated = schemas()
    assert sorted(p.name for p in SHIPPED.glob("*.json")) == sorted(generated)
    for name, schema in generated.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert (SHIPPED / name).read_text(encoding="utf-8") == render(schema), f"run `playbook schema`: {name}"


def test_schema_command_writes_every_kind(tmp_path):
    result = CliRunner().invoke(cli, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(schemas())
    post = json.loads((tmp_path / "post.schema.json").read_text())
    assert post["properties"]["status"]["enum"][0] == "draft" and "title" in post["required"]


def test_the_example_passes_its_schemas():
    assert schema_errors(REPO) == {}


def test_example_yaml_files_name_their_schema():
    for where, kind in YAML_FILES.items():
        first = (REPO / where).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json", where


@pytest.mark.parametrize("case", ["schema-unknown", "schema-type", "schema-missing", "schema-value"])
def test_golden_bad_cases_fail_the_schema_too(case, tmp_path):
    root = build_case(case, tmp_path / "hb")
    flagged = {line.split(":", 1)[0] for line in (CASES / case / "expected").read_text().splitlines()
               if line and not line.startswith("#") and line.split()[-1].startswith("schema.")}
    errors = schema_errors(root)
    assert flagged and flagged <= set(errors), errors


def test_the_golden_base_passes():
    assert schema_errors(REPO / "tests/golden/base") == {}
