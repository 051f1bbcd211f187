"""The declared schema of every file kind, and the reader that applies it at exact positions.

A ``Shape`` declares one mapping: its ``Key``s with type, whether required,
allowed values, default and description. The shapes of every kind live beside
their reader in ``kinds/`` and can be listed without loading a file
(``kinds.KINDS``), so docs/reference/formats.md is checked against them and
JSON Schemas can be generated from them.

A ``Reader`` wraps one parsed file and reports problems at their position; a
``Cursor`` is the reader scoped to one mapping and its shape: ``check()``
reports unknown keys (did-you-mean) and missing required keys, and each
accessor returns the converted value (or the default after reporting
schema.type / schema.value), so loading continues and all problems of a file
are found in one run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .problems import ProblemList
from .source import Source
from .suggest import closest, did_you_mean, suggestion
from .timeparse import TimeError, parse_date, parse_datetime, parse_duration, parse_zone

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# YAML 1.1 booleans that YAML 1.2 (and so Playbook) reads as text; the first four mean true.
_YAML11_BOOLS = ("yes", "y", "on", "true", "no", "n", "off", "false")
_ENTRY_HINTS = {
    "media": "write each entry as '- file: holiday/hero.png' with 'alt: what the image shows' on the next line",
    "approvals": "approvals are written by `playbook approve`; remove this entry and run it",
    "acknowledgements": "acknowledgements are written by `playbook acknowledge`; remove this entry and run it",
}
_TYPE_NAMES = {str: "text", bool: "true or false", int: "a whole number", list: "a list", dict: "a mapping"}


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a number", float: "a number", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__)


def id_hint(value: str) -> str:
    """Ids are lower-case kebab-case: show the id the author most likely meant (`Instagram` -> `instagram`)."""
    guess = "-".join(re.findall(r"[a-z0-9]+", value.casefold()))
    if guess and ID.match(guess):
        return f"{suggestion(guess)} ids use lower-case letters, digits and hyphens"
    return "use lower-case letters, digits and hyphens"


def mapping_hint(key: str, value) -> str:
    """How to write ``key`` as the mapping it must be, with the reader's own values where we can."""
    if isinstance(value, list):
        if key == "team" and value and all(isinstance(v, str) for v in value):
            members = ", ".join(value[1:])
            return f"name each role in the team:  team: {{lead: {value[0]}, members: [{members}]}}"
        if key == "escalate_to" and value and isinstance(value[0], str):
            return f'write it as:  escalate_to: {{to: {value[0]}, when: "what makes you escalate"}}'
        if value and all(isinstance(v, dict) and "id" in v for v in value):
            first = value[0]["id"]
            return (f"key each entry by its id instead of '- id: {first}': write '{first}:' on its own line "
                    "and indent the entry's other keys under it")
        return f"remove the '- ' in front of each line under '{key}:' and write them as name: value"
    return f"write '{key}:' and then indented name: value lines under it"


@dataclass(frozen=True)
class Key:
    """One declared key of a mapping.

    ``type`` is one of ``TYPES``; ``attr`` names the model field when it differs from the key;
    ``shape`` declares the entries of a ``mapping`` or ``entries`` key, ``values`` the value type of a
    ``map`` (a mapping whose keys are names chosen by the team, such as channel ids).
    """

    name: str
    type: str
    required: bool = False
    description: str = ""
    default: Any = None
    choices: tuple[str, ...] | None = None  # allowed values; more may be passed at read time (rules.yml)
    ident: bool = False  # text (or each item) must be an id
    one_or_list: bool = False  # a list may be written as one value
    minimum: int = 0
    maximum: int | None = None
    date_ok: bool = False  # a datetime may be written as a date (local midnight)
    end_of_day: bool = False  # ... meaning the end of that day
    shape: Shape | None = None
    values: str | None = None
    attr: str | None = None
    literals: tuple[str, ...] = ()  # words accepted instead of the type (quiet.yml's channels: all)
    text_entries: bool = False  # an ``entries`` item may be plain text (forbidden_terms: - guarantee)

    def __post_init__(self):
        for kind in (self.type, self.values or "text"):
            if kind not in TYPES:
                raise ValueError(f"key '{self.name}': unknown type '{kind}'")


# type -> what it is, in words (for the reference and future JSON Schemas)
TYPES = {
    "text": "text", "flag": "true or false", "number": "a whole number", "texts": "a list of text",
    "date": "a date", "datetime": "a date and time", "duration": "a duration", "zone": "an IANA time zone",
    "mapping": "a mapping", "entries": "a list of mappings", "map": "a mapping of names to values",
}


class Shape:
    """A declared mapping: the keys it accepts, in the order they are documented."""

    def __init__(self, name: str, *keys: Key):
        self.name = name
        self.keys = {key.name: key for key in keys}
        self.allowed = tuple(self.keys)
        self.required = tuple(key.name for key in keys if key.required)

    def extend(self, name: str, *keys: Key) -> Shape:
        """A variant accepting more keys (a protocol is a chapter with a team)."""
        return Shape(name, *self.keys.values(), *keys)

    def __repr__(self) -> str:
        return f"Shape({self.name!r}: {', '.join(self.allowed)})"


class Reader:
    """One file: reports problems at a key path's position. Its converters take (data, key path, key)
    and are used through a ``Cursor``, which supplies the first two and the declared options."""

    def __init__(self, source: Source, problems: ProblemList):
        self.source = source
        self.problems = problems
        self.path = source.path

    def at(self, shape: Shape, data: dict, keys: tuple = ()) -> Cursor:
        return Cursor(self, data, keys, shape)

    # -- reporting -------------------------------------------------------
    def report(self, keys: tuple, rule: str, message: str, hint: str | None = None, *, at_key=False) -> None:
        pos = self.source.key_pos(*keys) if at_key else self.source.value_pos(*keys)
        self.problems.add(self.path, pos, rule, message, hint)

    def keys(self, data: dict, keys: tuple, allowed, required=()) -> None:
        """Report unknown keys (with a did-you-mean) and missing required keys."""
        misspelt = set()  # required keys written with a typo: the unknown key already says so
        for key in data:
            if key not in allowed:
                match = closest(str(key), allowed)
                if match is not None and match in required and match not in data:
                    misspelt.add(match)
                hint = suggestion(match) or f"allowed keys: {', '.join(sorted(allowed))}"
                self.report(keys + (key,), "schema.unknown", f"unknown key '{key}'", hint, at_key=True)
        for key in required:
            if key in misspelt:
                continue
            if data.get(key) is None:
                where = keys + (key,) if key in data else keys
                self.report(where, "schema.missing", f"missing required key '{key}'",
                            f"add '{key}:' to {'this entry' if keys else 'the front matter'}",
                            at_key=key not in data)

    def _get(self, data: dict, keys: tuple, key: str, kind):
        value = data.get(key)
        if value is None:
            return None  # missing keys are reported by keys()
        if kind is str and isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # `version: 2` means "2"
        if kind is str and isinstance(value, float):
            # YAML reads `version: 1.10` as the number 1.1: the text as written is lost, so ask for quotes.
            self.report(keys + (key,), "schema.type", f"'{key}' must be text, not the number {value!r}",
                        f'quote it as you mean it, e.g. {key}: "{value!r}" (unquoted, YAML reads 1.10 as 1.1 '
                        'and 2.0 as 2)')
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            hint = None
            if kind is bool and isinstance(value, str) and value.strip().lower() in _YAML11_BOOLS:
                truth = "true" if value.strip().lower() in _YAML11_BOOLS[:4] else "false"
                hint = f"write {key}: {truth} (YAML 1.2 reads '{value}' as text, not as yes/no)"
            elif kind is bool:
                hint = f"write {key}: true or {key}: false"
            self.report(keys + (key,), "schema.type",
                        f"'{key}' must be {_TYPE_NAMES.get(kind, kind.__name__)}, not {_describe(value)}", hint)
            return None
        return value

    # -- typed accessors -------------------------------------------------
    def text(self, data, keys, key, *, choices=None, default=None, ident=False):
        value = self._get(data, keys, key, str)
        if value is None:
            return default
        if choices is not None and value not in choices:
            self.report(keys + (key,), "schema.value", f"'{key}' is '{value}', not one of: {', '.join(choices)}",
                        did_you_mean(value, choices))
            return default
        if ident and not ID.match(value):
            self.report(keys + (key,), "schema.value", f"'{value}' is not a valid id", id_hint(value))
            return default
        return value

    def flag(self, data, keys, key, default=False) -> bool:
        value = self._get(data, keys, key, bool)
        return default if value is None else value

    def number(self, data, keys, key, default=None, minimum=0, maximum=None):
        value = self._get(data, keys, key, int)
        if value is None:
            return default
        if value < minimum:
            self.report(keys + (key,), "schema.value", f"'{key}' must be at least {minimum}")
            return default
        if maximum is not None and value > maximum:
            self.report(keys + (key,), "schema.value", f"'{key}' must be at most {maximum:,}")
            return default
        return value

    def text_list(self, data, keys, key, *, scalar_ok=False, ident=False) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if scalar_ok and isinstance(value, str):
            value = [value]
            positions = {0: keys + (key,)}
        elif isinstance(value, list):
            positions = {i: keys + (key, i) for i in range(len(value))}
        else:
            self.report(keys + (key,), "schema.type", f"'{key}' must be a list, not {_describe(value)}",
                        f"write {key}: [a, b]")
            return []
        out = []
        for index, item in enumerate(value):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str):
                self.report(positions[index], "schema.type", f"items of '{key}' must be text, not {_describe(item)}")
                continue
            if ident and not ID.match(item):
                self.report(positions[index], "schema.value", f"'{item}' is not a valid id", id_hint(item))
                continue
            out.append(item)
        return out

    def mapping_list(self, data, keys, key) -> list[tuple[int, dict]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            hint = None
            if key == "media" and isinstance(value, str):
                hint = f'write it as a list of file and alt text:  media: [{{file: {value}, alt: "what it shows"}}]'
            elif isinstance(value, (str, dict)):
                hint = f"start each entry with '- ' on its own line under '{key}:'"
            self.report(keys + (key,), "schema.type", f"'{key}' must be a list of entries, not {_describe(value)}",
                        hint)
            return []
        out = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                out.append((index, item))
            else:
                self.report(keys + (key, index), "schema.type",
                            f"each entry of '{key}' must be a mapping, not {_describe(item)}",
                            _ENTRY_HINTS.get(key, "write each entry as key: value lines under its '-'"))
        return out

    def mapping(self, data, keys, key) -> dict | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.report(keys + (key,), "schema.type", f"'{key}' must be a mapping, not {_describe(value)}",
                        mapping_hint(key, value))
            return None
        return value

    def _timed(self, data, keys, key, parse):
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            value = str(value)
        try:
            return parse(value)
        except TimeError as error:
            self.report(keys + (key,), error.rule, str(error), error.hint or None)
            return None

    def date(self, data, keys, key) -> date | None:
        return self._timed(data, keys, key, parse_date)

    def datetime(self, data, keys, key, zone: ZoneInfo, **options) -> datetime | None:
        return self._timed(data, keys, key, lambda v: parse_datetime(v, zone, **options))

    def duration(self, data, keys, key) -> timedelta | None:
        return self._timed(data, keys, key, parse_duration)

    def zone(self, data, keys, key) -> ZoneInfo | None:
        return self._timed(data, keys, key, parse_zone)


class Cursor:
    """One mapping of a file, read through its declared shape.

    Accessors take the key's name only; its type options (allowed values, ids, one value or a list)
    come from the declaration. ``rest()`` reads every declared key not read yet, by model field name,
    so a plain key needs no reading code at all.
    """

    __slots__ = ("reader", "data", "keys", "shape", "_read")

    def __init__(self, reader: Reader, data: dict, keys: tuple, shape: Shape):
        self.reader, self.data, self.keys, self.shape = reader, data, keys, shape
        self._read: set[str] = set()

    def _key(self, name: str) -> Key:
        self._read.add(name)
        return self.shape.keys[name]  # KeyError: the loader reads a key its shape does not declare

    def check(self, required: bool = True) -> Cursor:
        """Report unknown keys and (unless ``required`` is false) missing required keys."""
        self.reader.keys(self.data, self.keys, self.shape.allowed, self.shape.required if required else ())
        return self

    def report(self, where: tuple, rule: str, message: str, hint: str | None = None, *, at_key=False) -> None:
        self.reader.report(self.keys + where, rule, message, hint, at_key=at_key)

    def at(self, where: tuple, data: dict, shape: Shape) -> Cursor:
        """A nested mapping whose keys are names (a channel, a role), read through ``shape``."""
        return Cursor(self.reader, data, self.keys + where, shape)

    # -- typed accessors -------------------------------------------------
    def text(self, name: str, *, choices=None, default=None):
        key = self._key(name)
        return self.reader.text(self.data, self.keys, name, choices=choices or key.choices,
                                default=key.default if default is None else default, ident=key.ident)

    def flag(self, name: str) -> bool:
        key = self._key(name)
        return self.reader.flag(self.data, self.keys, name, False if key.default is None else key.default)

    def number(self, name: str):
        key = self._key(name)
        return self.reader.number(self.data, self.keys, name, key.default, key.minimum, key.maximum)

    def texts(self, name: str) -> list[str]:
        key = self._key(name)
        return self.reader.text_list(self.data, self.keys, name, scalar_ok=key.one_or_list, ident=key.ident)

    def date(self, name: str) -> date | None:
        self._key(name)
        return self.reader.date(self.data, self.keys, name)

    def datetime(self, name: str, zone: ZoneInfo) -> datetime | None:
        key = self._key(name)
        return self.reader.datetime(self.data, self.keys, name, zone, date_ok=key.date_ok,
                                    end_of_day=key.end_of_day)

    def duration(self, name: str) -> timedelta | None:
        key = self._key(name)
        value = self.reader.duration(self.data, self.keys, name)
        return key.default if value is None else value

    def zone(self, name: str) -> ZoneInfo | None:
        self._key(name)
        return self.reader.zone(self.data, self.keys, name)

    def mapping(self, name: str) -> dict:
        """A ``map`` or ``mapping`` key's raw mapping ({} when absent or not a mapping)."""
        self._key(name)
        return self.reader.mapping(self.data, self.keys, name) or {}

    def section(self, name: str, *, required: bool = True) -> Cursor | None:
        """A ``mapping`` key, checked against its declared shape."""
        key = self._key(name)
        data = self.reader.mapping(self.data, self.keys, name)
        return None if data is None else Cursor(self.reader, data, self.keys + (name,), key.shape).check(required)

    def entries(self, name: str, *, required: bool = True) -> list[tuple[int, Cursor]]:
        """An ``entries`` key: each mapping in the list, checked against its declared shape."""
        key = self._key(name)
        return [(index, Cursor(self.reader, item, self.keys + (name, index), key.shape).check(required))
                for index, item in self.reader.mapping_list(self.data, self.keys, name)]

    def values(self, name: str) -> dict[str, Any]:
        """A ``map`` key's values converted by its declared value type; a bad value reads as None."""
        key = self._key(name)
        data = self.reader.mapping(self.data, self.keys, name) or {}
        convert = getattr(self.reader, key.values)
        return {item: convert(data, self.keys + (name,), item) for item in data}

    def rest(self) -> dict[str, Any]:
        """Every declared key not read yet, converted by its type, by model field name."""
        out = {}
        for name, key in self.shape.keys.items():
            if name not in self._read:
                out[key.attr or name] = getattr(self, _ACCESSORS[key.type])(name)
        return out


_ACCESSORS = {"text": "text", "flag": "flag", "number": "number", "texts": "texts", "date": "date",
              "duration": "duration", "zone": "zone"}
