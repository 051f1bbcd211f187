"""Text helpers shared by the content rules and the approval matrix.

Term matching folds each text once into a normalised copy (format
characters removed, compatibility-decomposed, case-folded) with whole-string
operations, so no Python loop runs per character; only a text with a match
pays for mapping the match back to its exact position in the original.

Counting follows each platform's own method (``COUNT_METHODS``): grapheme
clusters by the full Unicode rules (the ``regex`` package's ``\\X``), X's
weighted length by the twitter-text rules (``twitter-text-parser``), UTF-16
code units or UTF-8 bytes.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from functools import lru_cache

import regex

# -- normalisation for matching words --------------------------------------

# Combining marks that may follow a decomposed letter: a term must not match
# "cafe" inside "café" written with a combining accent.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"

# Invisible characters a reader does not see inside a word: soft hyphen, zero-width space, (non-)joiners,
# word joiner, direction marks, BOM (Unicode category Cf), and the combining grapheme joiner.
_FORMAT = regex.compile(r"[\p{Cf}\u034f]+")

# Dashes a reader takes for the hyphen in "risk-free" (after NFKD, which already maps the fullwidth
# and small hyphen-minus and the non-breaking hyphen to these).
_DASHES = "\\-\u2010\u2012-\u2015\u2212"
_SEPARATOR = rf"[\s{_DASHES}]*"  # between the words of a term: spaces, hyphens, dashes or nothing
_SEPARATORS = re.compile(rf"[\s{_DASHES}]+")


def _fold_chars(text: str) -> str:
    # NFKD makes compatibility forms equal (fullwidth ｇ -> g, ligature ﬁ -> fi); casefold makes the
    # match case-insensitive (ß -> ss); the second NFKD decomposes what casefolding produced.
    return unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """``text`` as terms are matched against it: format characters removed, compatibility-decomposed, case-folded.

    Cached, because the same copy is searched for review terms (the approval
    matrix) and forbidden terms by the rules, the site and the feeds alike.
    Plain ASCII is only lower-cased and keeps every offset.
    """
    if text.isascii():
        return text.lower()
    return _fold_chars(_FORMAT.sub("", text))


def shown(text: str) -> str:
    """``text`` with its invisible format characters named, for a message: 'guar<U+00AD>antee'."""
    if text.isascii():
        return text
    return _FORMAT.sub(lambda run: "".join(f"<U+{ord(c):04X}>" for c in run.group()), text)


def fold_offsets(text: str) -> list[int]:
    """For each character of ``fold(text)``, its index in ``text`` (plus one entry for the end).

    Computed only for a non-ASCII text where a term was found; ASCII runs are
    copied whole, and each other character's size is looked up once.
    """
    origin: list[int] = []
    position = 0
    for match in _NON_ASCII.finditer(text):  # an ASCII character folds to one character
        index = match.start()
        origin.extend(range(position, index))
        origin.extend([index] * _folded_size(match.group()))
        position = index + 1
    origin.extend(range(position, len(text) + 1))
    return origin


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=65536)
def _folded_size(char: str) -> int:
    """How many characters ``fold`` makes of one character (0: a format character it removes)."""
    return 0 if _FORMAT.fullmatch(char) else len(_fold_chars(char))


def fold_term(term: str) -> list[str]:
    """A term's words, folded like ``fold`` folds text; spaces and hyphens both separate words."""
    return [word for word in re.split(rf"[\s{_DASHES}]+", fold(term.strip())) if word]


_VOWELS = "aeiou"


def english_forms(word: str) -> set[str]:
    """The regular English endings of ``word``: plural and third person, past, -ing, -er.

    Only for plain lower-case Latin words of three letters or more; anything
    else (a brand name with digits, a word in another script) matches as
    written. Irregular forms are listed with the term (``forms:``).
    """
    forms = {word}
    if len(word) < 3 or not (word.isascii() and word.isalpha()):
        return forms
    last, before = word[-1], word[-2]
    if last == "e":
        stem = word[:-1]
        forms |= {word + "s", word + "d", word + "r", word + "rs", stem + "ing"}
        if word.endswith("ee"):  # guarantee: guaranteeing, not guaranting
            forms.add(word + "ing")
    elif last == "y" and before not in _VOWELS:
        stem = word[:-1]
        forms |= {stem + "ies", stem + "ied", word + "ing", stem + "ier", stem + "iest"}
    else:
        plural = word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")
        forms |= {plural, word + "ed", word + "ing", word + "er", word + "ers"}
        if last not in _VOWELS + "wxy" and before in _VOWELS and word[-3] not in _VOWELS:
            forms |= {word + last + "ed", word + last + "ing", word + last + "er"}  # ban: banned, banning
    return forms


@dataclass(frozen=True)
class TermMatch:
    term: str  # the term as configured in rules.yml
    start: int  # offsets in the original text
    end: int
    text: str  # the words as written in the copy


class TermMatcher:
    """Finds whole-word, case-insensitive occurrences of configured terms, as a reader would see them.

    * every word of a term also matches its regular English endings
      (``english_forms``), and a term's listed ``forms`` match too;
    * words of a term may be separated by any run of white space or
      hyphens, or written together: ``risk-free`` matches "risk free",
      "risk–free" and "riskfree", ``best ever`` matches "best-ever";
    * format characters inside a word (soft hyphen, zero-width space and
      joiners) are ignored: "guar\u00adantee" is "guarantee".

    One compiled alternation per term list, longest first (so "free shipping"
    wins over "free").
    """

    def __init__(self, terms: tuple[str, ...], forms: tuple[tuple[str, str], ...] = ()):
        self.term_of: dict[str, str] = {}  # every matched spelling, separators removed -> term as configured
        alternatives: dict[str, int] = {}  # pattern -> length, for longest first
        extra: dict[str, list[str]] = {}
        for term, form in forms:
            extra.setdefault(term, []).append(form)
        for term in terms:
            for written in [term, *extra.get(term, [])]:
                words = fold_term(written)
                if not words:
                    continue
                endings = english_forms(words[-1])
                for ending in endings:
                    self.term_of.setdefault("".join(words[:-1]) + ending, term)
                last = "|".join(re.escape(f) for f in sorted(endings, key=len, reverse=True))
                body = _SEPARATOR.join([*(re.escape(w) for w in words[:-1]), f"(?:{last})"])
                alternatives.setdefault(body, len(" ".join(words)))
        # Plain alternatives that each start with a letter, so that the regex engine can skip ahead
        # to the terms' first letters; the word boundary before a match is checked in Python
        # (``_starts_word``) for the same reason.
        body = "|".join(sorted(alternatives, key=lambda b: -alternatives[b]))
        self.pattern = re.compile(rf"(?:{body})(?![\w{_MARKS}])") if alternatives else None

    def _matches(self, folded: str):
        for match in self.pattern.finditer(folded):
            if _starts_word(folded, match.start()):
                yield match

    def find(self, text: str) -> list[TermMatch]:
        if self.pattern is None or not text:
            return []
        folded = fold(text)
        matches = list(self._matches(folded))
        if not matches:
            return []
        origin = None if text.isascii() else fold_offsets(text)
        found = []
        for match in matches:
            start, end = match.span()
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            term = self.term_of[_SEPARATORS.sub("", match.group())]
            found.append(TermMatch(term, start, end, text[start:end]))
        return found

    def any_in(self, text: str) -> bool:
        """Whether any term occurs: the cheap test before ``find`` locates them."""
        if self.pattern is None or not text:
            return False
        return next(self._matches(fold(text)), None) is not None


_WORD_CHAR = re.compile(rf"[\w{_MARKS}]")


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not _WORD_CHAR.match(text, start - 1)


@lru_cache(maxsize=32)
def term_matcher(terms: tuple[str, ...], forms: tuple[tuple[str, str], ...] = ()) -> TermMatcher:
    """A cached matcher: rules call this once per item with the same terms; ``forms`` are (term, form) pairs."""
    return TermMatcher(terms, forms)


# -- counting characters as platforms count them ------------------------------

# How a channel counts its limit (``count:`` in calendar/channels.yml); docs/reference/channels.md
# says which platform counts how.
COUNT_METHODS = ("graphemes", "code-points", "twitter", "utf16", "utf8-bytes")
COUNT_UNITS = {"graphemes": "characters", "code-points": "characters", "twitter": "weighted characters",
               "utf16": "UTF-16 code units", "utf8-bytes": "bytes (UTF-8)"}

# A user-perceived character: an extended grapheme cluster by the full rules of UAX #29, including
# emoji ZWJ sequences, flags and Indic conjuncts (क्षि is one).
_GRAPHEME = regex.compile(r"\X")


def graphemes(text: str) -> list[str]:
    """The user-perceived characters of ``text``."""
    if text.isascii() and "\r" not in text:  # CR LF is one cluster
        return list(text)
    return _GRAPHEME.findall(text)


# Characters that can share a cluster with a neighbour: CR (before LF), extending marks and joiners,
# spacing marks, prepended marks, Hangul jamo, regional indicators and Indic conjunct linkers (UAX #29
# rules GB3 and GB6 to GB13, as the ``regex`` package reads them). Every other pair of neighbours is
# a cluster boundary (GB999), so only the runs of these, with one character either side, need ``\X``.
_JOINING = (r"\r\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=Prepend}\p{GCB=L}\p{GCB=V}\p{GCB=T}"
            r"\p{GCB=Regional_Indicator}\p{InCB=Linker}\p{InCB=Extend}")
_JOINERS = regex.compile(f"[{_JOINING}]+")


def count_graphemes(text: str) -> int:
    """``len(graphemes(text))`` without splitting the whole text: most copy (accents, curly quotes, emoji
    without modifiers) is one cluster per character except around a few joining characters."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    spans: list[list[int]] = []  # runs of joiners with one character either side; touching ones merged
    for run in _JOINERS.finditer(text):
        start, end = max(run.start() - 1, 0), run.end() + 1
        if spans and start < spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    joined = 0
    for start, end in spans:
        span = text[start:end]
        joined += len(span) - len(_GRAPHEME.findall(span))
    return len(text) - joined


def nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# URLs as platforms detect them: a scheme or "www.", up to white space; trailing
# punctuation belongs to the sentence, not the link.
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+?(?=[.,;:!?)\]'\"]*(?:\s|$))", re.IGNORECASE)


@dataclass(frozen=True)
class Length:
    count: int  # characters as the channel counts them
    overflow_at: int | None  # offset in the text of the first character over ``limit``, if any


def _units(cluster: str, method: str) -> int:
    if method == "graphemes":
        return 1
    if method == "code-points":
        return len(nfc(cluster))
    if method == "utf16":
        return len(cluster.encode("utf-16-le")) // 2
    return len(cluster.encode("utf-8"))


def _segment_size(segment: str, method: str) -> int:
    if method == "graphemes":
        return count_graphemes(segment)
    if method == "code-points":
        return len(nfc(segment))
    if segment.isascii():
        return len(segment)
    if method == "utf16":
        return len(segment.encode("utf-16-le")) // 2
    return len(segment.encode("utf-8"))


def measure(text: str, *, method: str = "graphemes", url_length: int | None = None,
            limit: int | None = None) -> Length:
    """Count ``text`` as a channel does (``method``, one of ``COUNT_METHODS``), each URL as ``url_length``.

    ``graphemes`` counts user-perceived characters, ``code-points`` NFC code
    points, ``utf16`` UTF-16 code units (what JavaScript's ``length`` says),
    ``utf8-bytes`` bytes; these take the text as written (a composer does not
    normalise what is pasted into it). ``twitter`` is X's weighted length
    (see ``twitter_length``). With ``limit``, also find where the text first
    goes over it.
    """
    if method == "twitter":
        return twitter_length(text, url_length=url_length or TWITTER_URL_LENGTH, limit=limit)
    pieces: list[tuple[int, int, bool]] = []  # (start, end, is_url)
    position = 0
    if url_length is not None and ("://" in text or "www." in text.lower()):
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
        size = url_length if is_url else _segment_size(text[start:end], method)
        if limit is not None and overflow is None and total + size > limit:
            overflow = start if is_url else _overflow_offset(text, start, end, limit - total, method)
        total += size
    return Length(total, overflow)


def _overflow_offset(text: str, start: int, end: int, room: int, method: str) -> int:
    """The offset of the first cluster in text[start:end] that does not fit in ``room`` units."""
    offset = start
    used = 0
    for cluster in graphemes(text[start:end]):
        used += _units(cluster, method)
        if used > room:
            return offset
        offset += len(cluster)
    return start


# -- X's weighted length (twitter-text) -----------------------------------------

TWITTER_URL_LENGTH = 23


@lru_cache(maxsize=1)
def _twitter():
    """twitter-text-parser, imported on first use (it builds its emoji table at import, about a second)."""
    with warnings.catch_warnings():
        # It reads its emoji table through pkg_resources, which warns that it is deprecated.
        warnings.simplefilter("ignore")
        import twitter_text  # noqa: PLC0415 - a second of start-up, paid only by handbooks with count: twitter
        from twitter_text.config import config  # noqa: PLC0415
    options = config["defaults"]
    light = "".join(f"{_class_char(r['start'])}-{_class_char(r['end'])}" for r in options["ranges"]
                    if r["weight"] == options["scale"])
    return twitter_text, options, re.compile(f"[^{light}]")


def _class_char(code: int) -> str:
    return re.escape(chr(code)) if code else "\\x00"


# Every emoji sequence is made of Extended_Pictographic characters and emoji components
# (joiners, variation selectors, skin tones, keycap marks, tags, regional indicators, #*0-9):
# twitter-text's emoji table only needs to look at runs of those.
_EMOJI_RUN = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Component}]+")


def twitter_length(text: str, *, url_length: int = TWITTER_URL_LENGTH, limit: int | None = None) -> Length:
    """X's weighted length by the twitter-text rules, as ``twitter-text-parser`` implements them.

    The text is NFC-normalised; every URL twitter-text recognises (with or
    without ``https://``) weighs ``url_length``; every emoji sequence weighs
    2; other characters weigh 1 in the ranges of twitter-text's configuration
    (Latin, Greek, Cyrillic, most punctuation) and 2 elsewhere (CJK, Hangul,
    Indic, Arabic...). The library's own ``parse_tweet`` gives the same
    figure; this walk is faster (the emoji table is consulted only on runs
    that can hold an emoji) and also finds where ``limit`` is crossed, in
    offsets of the original text.
    """
    library, options, heavy = _twitter()
    normal = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    scale = options["scale"]
    units: list[tuple[int, int, int]] = []  # (start, end, weight * scale) of URLs and emoji
    for url in library.extract_urls_with_indices(normal):
        units.append((url["indices"][0], url["indices"][1], url_length * scale))
    taken = [(s, e) for s, e, _ in units]
    for run in _EMOJI_RUN.finditer(normal):
        if run.group().isascii():
            continue  # digits, '#' and '*' alone are not emoji
        for emoji in library.extract_emojis_with_indices(run.group()):
            start, end = run.start() + emoji["indices"][0], run.start() + emoji["indices"][1]
            if not any(s <= start < e for s, e in taken):
                units.append((start, end, options["default_weight"]))
    units.sort()
    total = 0
    overflow = None
    position = 0
    for start, end, weight in [*units, (len(normal), len(normal), 0)]:
        plain = normal[position:start]
        if plain:
            size = len(plain) * scale
            if not plain.isascii():
                size += len(heavy.findall(plain)) * (options["default_weight"] - scale)
            if limit is not None and overflow is None and total + size > limit * scale:
                overflow = _twitter_overflow(normal, position, start, limit * scale - total, heavy, options)
            total += size
        if limit is not None and overflow is None and total + weight > limit * scale:
            overflow = start
        total += weight
        position = max(position, end)
    if overflow is not None:
        overflow = _original_offset(text, normal, overflow)
    return Length(total // scale, overflow)


def _twitter_overflow(normal: str, start: int, end: int, room: int, heavy: re.Pattern, options: dict) -> int:
    used = 0
    for index in range(start, end):
        used += options["default_weight"] if heavy.match(normal, index) else options["scale"]
        if used > room:
            return index
    return start


def _original_offset(text: str, normal: str, offset: int) -> int:
    """An offset in the NFC, LF-only copy mapped back to ``text`` (exact when nothing changed length)."""
    if len(text) == len(normal):
        return offset
    low, high = 0, len(text)
    while low < high:  # the shortest prefix of text whose normal form is longer than ``offset``
        middle = (low + high + 1) // 2
        if len(nfc(text[:middle].replace("\r\n", "\n").replace("\r", "\n"))) > offset:
            high = middle - 1
        else:
            low = middle
    return low  # the longest prefix that is not: the character at ``offset`` starts here


# Hashtags: '#' after start or a non-word character (not inside a URL fragment
# or an HTML entity), followed by word characters that are not all digits.
HASHTAG = re.compile(r"(?<![\w&#/])#(?!\d+(?!\w))\w+")
