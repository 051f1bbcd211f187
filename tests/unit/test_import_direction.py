"""Imports run one way (files -> source -> model -> rules -> outputs): only the two entry points reach into rules/."""

import ast
from pathlib import Path

from paths import REPO

PACKAGE = REPO / "hooks" / "playbook"
# validate runs the rules; the rule reference page is generated from them.
MAY_IMPORT_RULES = {"validate.py", "site/__init__.py"}
NEUTRAL = ("text.py", "placeholders.py", "suggest.py", "errors.py", "problems.py")


def _imports(path: Path) -> set[str]:
    """Absolute dotted names of the package modules ``path`` imports."""
    package = path.relative_to(PACKAGE.parent).parts[:-1]  # ("playbook", "site") for site/cards.py
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            stem = ".".join(base + (tuple(node.module.split(".")) if node.module else ()))
            out.add(stem)
            out.update(f"{stem}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("playbook"):
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names if alias.name.startswith("playbook"))
    return out


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), _imports(path)


def test_only_validate_and_the_reference_page_import_the_rules():
    offenders = {name: sorted(i for i in imports if i.startswith("playbook.rules"))
                 for name, imports in _modules() if not name.startswith("rules/") and name not in MAY_IMPORT_RULES}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_neutral_helpers_import_no_layer_above_them():
    allowed = {"playbook"} | {f"playbook.{name.removesuffix('.py')}" for name in NEUTRAL}
    for name, imports in _modules():
        if name in NEUTRAL:
            assert imports <= allowed, name


def test_the_registry_imports_its_modules_eagerly():
    assert "importlib" not in (PACKAGE / "rules" / "__init__.py").read_text(encoding="utf-8")
