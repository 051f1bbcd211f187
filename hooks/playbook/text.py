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
            # The word boundary before a match is checked in Python (``_starts_word``): a leading
            # look-behind would stop the regex engine from skipping ahead to the terms' first letters.
            self.pattern = re.compile(rf"(?:{body})(?![\w{_MARKS}])")
        else:
            self.pattern = None

    def _matches(self, folded: str):
        for match in self.pattern.finditer(folded):
            if _starts_word(folded, match.start()):
                yield match

    def find(self, text: str) -> list[TermMatch]:
        if self.pattern is None or not text:
            return []
        folded, origin = fold(text)
        found = []
        for match in self._matches(folded):
            start, end = match.span()
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            term = self.by_folded[" ".join(match.group().split())]
            found.append(TermMatch(term, start, end, text[start:end]))
        return found

    def any_in(self, text: str) -> bool:
        """Whether any term occurs: the cheap test before ``find`` locates them."""
        if self.pattern is None or not text:
            return False
        folded = text.lower() if text.isascii() else fold(text)[0]
        return next(self._matches(folded), None) is not None


_WORD_CHAR = re.compile(rf"[\w{_MARKS}]")


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not _WORD_CHAR.match(text, start - 1)


@lru_cache(maxsize=32)
def term_matcher(terms: tuple[str, ...]) -> TermMatcher:
    """A cached matcher: rules call this once per item with the same term tuple."""
    return TermMatcher(terms)


# -- counting characters as people see them -----------------------------------

_REGIONAL_INDICATOR = "\U0001f1e6-\U0001f1ff"
# Extended_Pictographic, approximated by the blocks that hold it: what may
# follow a zero-width joiner inside one emoji (👩‍💻, 🏳️‍🌈).
_PICTOGRAPHIC = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u2388\u23cf"
    "\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf\u2934\u2935"
    "\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001f1e5\U0001f200-\U0001f3fa\U0001f400-\U0001faff\U0001fc00-\U0001fffd"
)
# Characters that never start a cluster beyond the combining marks found by
# category: variation selectors, emoji skin tones, tag characters (subdivision
# flags 🏴󠁧󠁢󠁳󠁣󠁴󠁿), zero-width non-joiner, halfwidth kana voicing marks.
_EXTEND_EXTRA = "\u200c\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\uff9e\uff9f"


def _ranges(codes: list[int]) -> str:
    out = []
    start = prev = None
    for code in codes:
        if prev is not None and code == prev + 1:
            prev = code
            continue
        if start is not None:
            out.append(chr(start) if start == prev else f"{chr(start)}-{chr(prev)}")
        start = prev = code
    if start is not None:
        out.append(chr(start) if start == prev else f"{chr(start)}-{chr(prev)}")
    return "".join(re.escape(part) if len(part) == 1 else
                   f"{re.escape(part[0])}-{re.escape(part[2])}" for part in out)


@lru_cache(maxsize=1)
def _grapheme_pattern() -> re.Pattern:
    """Extended grapheme clusters (UAX #29), close enough for counting social copy.

    Built on first use (scanning the Unicode database for combining marks
    takes a few milliseconds), so ASCII-only runs never pay for it. Covers
    combining marks, emoji modifier and ZWJ sequences, keycaps, flags
    (regional indicator pairs and tag sequences) and variation selectors;
    Hangul jamo are left to NFC, which composes them into syllables first.
    """
    planes = list(range(0x300, 0x20000)) + list(range(0xE0000, 0xE1000))
    marks = [c for c in planes if unicodedata.category(chr(c)) in ("Mn", "Me", "Mc")]
    extend = f"[{_ranges(marks)}{_EXTEND_EXTRA}]"
    pictograph = f"[{_PICTOGRAPHIC}]"
    ri = f"[{_REGIONAL_INDICATOR}]"
    return re.compile(
        rf"{ri}{ri}(?:{extend})*"  # a flag
        rf"|{pictograph}(?:{extend}|\u200d(?:{pictograph})?)*"  # an emoji, with ZWJ sequences
        rf"|.(?:{extend}|\u200d)*",  # anything else, with its combining marks
        re.DOTALL)


def graphemes(text: str) -> list[str]:
    """The user-perceived characters of ``text``."""
    if text.isascii():
        return list(text)
    return _grapheme_pattern().findall(text)


def count_graphemes(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(_grapheme_pattern().findall(text))


def nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# URLs as platforms detect them: a scheme or "www.", up to white space; trailing
# punctuation belongs to the sentence, not the link.
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+?(?=[.,;:!?)\]'\"]*(?:\s|$))", re.IGNORECASE)


@dataclass(frozen=True)
class Length:
    count: int  # characters as the channel counts them
    overflow_at: int | None  # offset in the text of the first character over ``limit``, if any


def measure(text: str, *, graphemes_mode: bool, url_length: int | None, limit: int | None = None) -> Length:
    """Count ``text`` as a channel does: NFC code points or graphemes, each URL as ``url_length``.

    With ``limit``, also find where the text first goes over it (only worth
    doing once a text is known to be too long).
    """
    def units(segment: str) -> int:
        segment = nfc(segment)
        return count_graphemes(segment) if graphemes_mode else len(segment)

    pieces: list[tuple[int, int, bool]] = []  # (start, end, is_url)
    position = 0
    if url_length is not None:
        for match in URL.finditer(text):
            pieces.append((position, match.start(), False))
            pieces.append((match.start(), match.end(), True))
            position = match.end()
    pieces.append((position, len(text), False))
    total = 0
    overflow = None
    for start, end, is_url in pieces:
        if start == end:
            continue
        size = url_length if is_url else units(text[start:end])
        if limit is not None and overflow is None and total + size > limit:
            overflow = start if is_url else _overflow_offset(text, start, end, limit - total, graphemes_mode)
        total += size
    return Length(total, overflow)


def _overflow_offset(text: str, start: int, end: int, room: int, graphemes_mode: bool) -> int:
    """The offset of the first cluster in text[start:end] that does not fit in ``room`` units."""
    offset = start
    used = 0
    for cluster in graphemes(text[start:end]):
        used += 1 if graphemes_mode else len(nfc(cluster))
        if used > room:
            return offset
        offset += len(cluster)
    return start


# Hashtags: '#' after start or a non-word character (not inside a URL fragment
# or an HTML entity), followed by word characters that are not all digits.
HASHTAG = re.compile(r"(?<![\w&#/])#(?!\d+(?!\w))\w+")
