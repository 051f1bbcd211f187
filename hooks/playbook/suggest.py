"""Did-you-mean: the closest known name to a misspelt one, for hints.

Ids are lower-case kebab-case, but people type what they see: ``Instagram``
for ``instagram``, ``maya`` for ``maya-okafor``, ``twitter`` for a channel
named "X (Twitter)", ``teaser.png`` for ``spring-launch/teaser.png``. So a
match is tried, in order: ignoring case; one word of an id or of its display
name; the file name of a path; the start of an id; then spelling
(difflib), ignoring case. A rule that finds several candidates suggests
none: a wrong guess teaches the wrong thing.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict

_WORD = re.compile(r"[a-z0-9]+")
SMALL_CHOICES = 1000  # up to here (time zones, rule ids) every choice is compared; past it only near ones


def _name_of(value) -> str:
    return value if isinstance(value, str) else getattr(value, "name", "") or ""


def closest(word: str, choices) -> str | None:
    """The choice most like ``word``, or None when nothing is close enough to be a likely typo.

    ``choices`` is an iterable of ids, or a mapping of id to something with a display ``name`` (a channel,
    a person) or to the name itself; names are matched as well as ids.

    Comparing a misspelt id with every person of a large team is quadratic over a handbook (11,000
    people and 300 typos took 81 s). Past SMALL_CHOICES, only choices within two edits of the word are
    compared: ignoring case, they share a one-character deletion with it (an index built once per set
    of choices).
    """
    if not isinstance(choices, (dict, list, tuple, set, frozenset)):
        choices = tuple(choices)
    if not choices or not word:
        return None
    folded = word.casefold().strip()
    if len(choices) > SMALL_CHOICES:
        index = _index_for(choices)
        near = {c for gone in _deletions(folded) for c in index.get(gone, ())}
        choices = {c: choices[c] for c in sorted(near)} if isinstance(choices, dict) else sorted(near)
    names = {str(c): _name_of(v) for c, v in choices.items()} if isinstance(choices, dict) else \
        {str(c): "" for c in choices}
    if not names:
        return None
    by_fold: dict[str, list[str]] = {}
    for choice in names:
        by_fold.setdefault(choice.casefold(), []).append(choice)
    for test in (
        lambda c: c.casefold() == folded,
        lambda c: folded in _WORD.findall(c.casefold()) or folded in _WORD.findall(names[c].casefold()),
        lambda c: "/" in c and c.rsplit("/", 1)[1].casefold() == folded,
        lambda c: names[c].casefold() == folded,
        lambda c: c.casefold().startswith(folded) and len(folded) >= 3,
    ):
        found = [c for c in names if test(c)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return None
    match = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.6)
    if match and len(by_fold[match[0]]) == 1:
        return by_fold[match[0]][0]
    named = {n.casefold(): c for c, n in names.items() if n}
    match = difflib.get_close_matches(folded, list(named), n=1, cutoff=0.75)
    return named[match[0]] if match else None


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
    """``did you mean 'x'?`` for the closest choice, or None."""
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match else None
