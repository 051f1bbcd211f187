"""Read typed values out of one source, reporting every bad value at its position.

A ``Reader`` wraps one parsed file; each accessor returns the converted value
(or ``None`` after reporting schema.missing / schema.type / schema.value), so
loading continues and all problems of a file are found in one run.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .problems import ProblemList
from .source import Source
from .timeparse import TimeError, parse_date, parse_datetime, parse_duration, parse_zone

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# YAML 1.1 booleans that YAML 1.2 (and so Playbook) reads as text; the first four mean true.
_YAML11_BOOLS = ("yes", "y", "on", "true", "no", "n", "off", "false")
_ENTRY_HINTS = {
    "media": "write each entry as '- file: holiday/hero.png' with 'alt: what the image shows' on the next line",
    "approvals": "approvals are written by `playbook approve`; remove this entry and run it",
}
_TYPE_NAMES = {str: "text", bool: "true or false", int: "a whole number", list: "a list", dict: "a mapping"}


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a number", float: "a number", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__)


SMALL_CHOICES = 1000  # up to here (time zones, rule ids) every choice is compared; past it only near ones


def closest(word: str, choices) -> str | None:
    """The choice most like ``word`` (difflib ratio of at least 0.6), or None.

    Comparing a misspelt id with every person of a large team is quadratic over a handbook (11,000
    people and 300 typos took 81 s). Past SMALL_CHOICES, only choices within two edits of the word are
    compared: ignoring case, they share a one-character deletion with it (an index built once per set
    of choices).
    """
    if not isinstance(choices, (dict, list, tuple, set, frozenset)):
        choices = tuple(choices)
    if len(choices) > SMALL_CHOICES:
        index = _index_for(choices)
        choices = sorted({c for gone in _deletions(word.casefold()) for c in index.get(gone, ())})
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


_INDEXES: dict[int, tuple[object, int, dict]] = {}  # id of a set of choices -> (it, its size, its index)


def _index_for(choices) -> dict[str, list[str]]:
    """The deletion index of ``choices``, built once for the dict or list the loader passes again and again
    (the entry keeps the object alive, so its id cannot be reused by another one)."""
    entry = _INDEXES.get(id(choices))
    if entry is None or entry[0] is not choices or entry[1] != len(choices):
        if len(_INDEXES) >= 8:
            _INDEXES.pop(next(iter(_INDEXES)))
        entry = _INDEXES[id(choices)] = (choices, len(choices), _deletion_index(choices))
    return entry[2]


def _deletion_index(choices) -> dict[str, list[str]]:
    index: defaultdict[str, list[str]] = defaultdict(list)
    for choice in choices:
        folded = choice.casefold()
        index[folded].append(choice)
        for i in range(len(folded)):
            index[folded[:i] + folded[i + 1:]].append(choice)  # a choice may appear twice: closest() dedupes
    return index


def did_you_mean(word: str, choices) -> str | None:
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match else None


class Reader:
    def __init__(self, source: Source, problems: ProblemList):
        self.source = source
        self.problems = problems
        self.path = source.path

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
                hint = f"did you mean '{match}'?" if match else f"allowed keys: {', '.join(sorted(allowed))}"
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
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # `version: 2` means "2"
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
            self.report(keys + (key,), "schema.value", f"'{value}' is not a valid id",
                        "use lower-case letters, digits and hyphens")
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
                self.report(positions[index], "schema.value", f"'{item}' is not a valid id",
                            "use lower-case letters, digits and hyphens")
                continue
            out.append(item)
        return out

    def mapping_list(self, data, keys, key) -> list[tuple[int, dict]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(keys + (key,), "schema.type", f"'{key}' must be a list of entries, not {_describe(value)}")
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
            self.report(keys + (key,), "schema.type", f"'{key}' must be a mapping, not {_describe(value)}")
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
