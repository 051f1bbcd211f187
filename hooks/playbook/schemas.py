"""JSON Schemas for editors, generated from the declared shapes of every kind (``kinds.KINDS``).

An editor with the YAML language server (VS Code's YAML extension and others) reads a schema named in a
file's ``# yaml-language-server: $schema=...`` modeline and then completes keys, shows each key's
description and underlines wrong types as the team types. The schemas are a convenience for editing:
``playbook validate`` stays the judge (references across files, time zones, approvals and every rule).
"""

from __future__ import annotations

import json
from pathlib import Path

from .kinds import KINDS
from .schema import ID, Key, Shape

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Text forms the reader accepts; each schema only checks the form, timeparse checks the value.
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
_TIME = r"[ T][0-9]{1,2}:[0-9]{2}"
_DURATION = r"^([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?$"
_ZONE = r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"


def _value(kind: str, key: Key | None = None) -> dict:
    """The JSON Schema of one value of a declared type."""
    if kind == "text":
        schema: dict = {"type": "string"}
        if key is not None and key.choices:
            schema["enum"] = list(key.choices)
        elif key is not None and key.ident:
            schema["pattern"] = "^" + ID.pattern.removesuffix(r"\Z") + "$"
        return schema
    if kind == "flag":
        return {"type": "boolean"}
    if kind == "number":
        return {"type": "integer", "minimum": key.minimum if key is not None else 0}
    if kind == "texts":
        item = _value("text", key)
        listed = {"type": "array", "items": item}
        return {"anyOf": [item, listed]} if key is not None and key.one_or_list else listed
    if kind == "date":
        return {"type": "string", "pattern": _DATE + "$"}
    if kind == "datetime":
        date_ok = key is not None and key.date_ok
        return {"type": "string", "pattern": _DATE + ("" if date_ok else _TIME)}
    if kind == "duration":
        return {"type": "string", "pattern": _DURATION, "minLength": 2}
    if kind == "zone":
        return {"type": "string", "pattern": _ZONE}
    raise ValueError(f"no JSON Schema for type '{kind}'")


def _container(kind: str, shape: Shape | None, key: Key | None = None) -> dict:
    if kind == "mapping":
        return object_schema(shape) if shape is not None else {"type": "object"}
    if kind == "entries":
        item = object_schema(shape) if shape is not None else {"type": "object"}
        if key is not None and key.text_entries:
            item = {"anyOf": [{"type": "string"}, item]}
        return {"type": "array", "items": item}
    if kind == "map":
        # Names chosen by the team (channel ids, roles); a map without a declared value type takes any value.
        value = _container(key.values, shape) if key.values else object_schema(shape) if shape is not None else {}
        return {"type": "object", "additionalProperties": value}
    return _value(kind, key)


def _key(key: Key) -> dict:
    schema = _container(key.type, key.shape, key)
    if key.literals:
        schema = {"anyOf": [{"enum": list(key.literals)}, schema]}
    if not key.required:
        # An optional key may be left empty (`url_length: null`): the reader takes it as not given.
        schema = {"anyOf": [*schema["anyOf"], {"type": "null"}]} if set(schema) == {"anyOf"} else \
            {"anyOf": [schema, {"type": "null"}]}
    if key.description:
        schema["description"] = key.description
    if isinstance(key.default, (str, int, bool)) and key.default != "":
        schema["default"] = key.default
    return schema


def object_schema(shape: Shape) -> dict:
    """A mapping with exactly the declared keys (an unknown key is a typo: schema.unknown)."""
    schema = {"type": "object", "title": shape.name,
              "properties": {name: _key(key) for name, key in shape.keys.items()},
              "additionalProperties": False}
    if shape.required:
        schema["required"] = list(shape.required)
    return schema


def schemas() -> dict[str, dict]:
    """File name under schema/ -> JSON Schema, for every kind."""
    out = {}
    for kind, (where, shapes) in KINDS.items():
        body = object_schema(shapes[0]) if len(shapes) == 1 else {"anyOf": [object_schema(s) for s in shapes]}
        front = "front matter of " if where.endswith(".md") else ""
        out[f"{kind}.schema.json"] = {"$schema": DRAFT, "$id": f"{kind}.schema.json",
                                      "title": f"Playbook {kind}", "description": f"{front}{where}", **body}
    return out


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in sorted(schemas().items()):
        path = folder / name
        text = render(schema)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
