"""Text helpers shared by the content rules and the approval matrix.

Everything here is written for speed on the common case: most copy is plain
ASCII, which takes a fast path with no per-character Python loop. Non-ASCII
copy is handled exactly (compatibility normalisation, grapheme clusters), at
a per-character cost paid only by the texts that need it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# -- normalisation for matching words --------------------------------------

# Combining marks that may follow a decomposed letter: a term must not match
# "cafe" inside "café" written with a combining accent.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"


def _fold_char(char: str) -> str:
    # NFKD makes compatibility forms equal (fullwidth ｇ -> g, ligature ﬁ -> fi);
    # casefold makes the match case-insensitive (ß -> ss, İ -> i̇).
    return unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold())


def fold(text: str) -> tuple[str, list[int] | None]:
    """Text folded for matching, and for each folded character its index in ``text``.

    The index list is ``None`` when folding kept every character in place
    (plain ASCII), so callers can use folded offsets directly.
    """
    if text.isascii():
        return text.lower(), None
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = char.lower() if char.isascii() else _fold_char(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    origin.append(len(text))  # the end of a match that runs to the end of the text
    return "".join(pieces), origin


def fold_term(term: str) -> str:
    """A term folded like ``fold`` folds text, with runs of white space made single spaces."""
    return " ".join("".join(_fold_char(c) for c in term).split())


@dataclass(frozen=True)
class TermMatch:
    term: str  # the term as configured in rules.yml
    start: int  # offsets in the original text
    end: int
    text: str  # the words as written in the copy


class TermMatcher:
    """Finds whole-word, case-insensitive occurrences of configured terms.

    One compiled alternation per term list (longest first, so "free shipping"
    wins over "free"); white space inside a term matches any run of white
    space, so a line break between two words of a term still matches.
    """

    def __init__(self, terms: tuple[str, ...]):
        self.by_folded: dict[str, str] = {}
        for term in terms:
            key = fold_term(term)
            if key:
                self.by_folded.setdefault(key, term)
        alternatives = sorted(self.by_folded, key=len, reverse=True)
        if alternatives:
            body = "|".join(r"\s+".join(re.escape(word) for word in key.split(" ")) for key in alternatives)
            self.pattern = re.compile(rf"(?<![\w{_MARKS}])(?:{body})(?![\w{_MARKS}])")
        else:
            self.pattern = None

    def find(self, text: str) -> list[TermMatch]:
        if self.pattern is None or not text:
            return []
        folded, origin = fold(text)
        found = []
        for match in self.pattern.finditer(folded):
            start, end = match.span()
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            term = self.by_folded[" ".join(match.group().split())]
            found.append(TermMatch(term, start, end, text[start:end]))
        return found

    def first_of_each(self, text: str) -> dict[str, TermMatch]:
        out: dict[str, TermMatch] = {}
        for match in self.find(text):
            out.setdefault(match.term, match)
        return out


@lru_cache(maxsize=32)
def term_matcher(terms: tuple[str, ...]) -> TermMatcher:
    """A cached matcher: rules call this once per item with the same term tuple."""
    return TermMatcher(terms)
