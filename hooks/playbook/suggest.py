"""Did-you-mean: the closest known name to a misspelt one, for hints."""

from __future__ import annotations

import difflib
from collections import defaultdict

SMALL_CHOICES = 1000  # up to here (time zones, rule ids) every choice is compared; past it only near ones


def closest(word: str, choices) -> str | None:
    """The choice most like ``word`` (difflib ratio of at least 0.6), or None when nothing is close enough
    to be a likely typo.

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
    """``did you mean 'x'?`` for the closest choice, or None."""
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match else None
