"""Counting characters as platforms count them, matching terms, finding hashtags and URLs."""

import unicodedata
import warnings
from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.text import (
    HASHTAG,
    TermMatcher,
    count_graphemes,
    english_forms,
    fold,
    fold_offsets,
    graphemes,
    measure,
    twitter_length,
)

TWITTER_CASES = yaml.safe_load((Path(__file__).parent / "twitter-text-weighted.yml").read_text())["tests"]


# Extended grapheme clusters by UAX #29 (Unicode 15.1 and later: Indic conjuncts are one cluster).
@pytest.mark.parametrize("text, clusters", [
    ("abc", 3),
    ("\r\n", 1),  # CR LF is one cluster
    ("e\u0301", 1),  # e + combining acute
    ("👩\u200d💻", 1),  # ZWJ sequence
    ("👨\u200d👩\u200d👧\u200d👦", 1),  # family
    ("🏳\ufe0f\u200d🌈", 1),  # flag with variation selector and ZWJ
    ("🧑🏽\u200d🚀", 1),  # skin tone inside a ZWJ sequence
    ("🐦\u200d🔥", 1),  # phoenix (Emoji 15.1)
    ("👍🏽", 1),  # skin tone
    ("🇩🇪🇫🇷", 2),  # two regional-indicator flags
    ("🇩🇪🇫", 2),  # a lone regional indicator is its own cluster
    ("1\ufe0f\u20e3", 1),  # keycap
    ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", 1),  # Scotland tag sequence
    ("☺\ufe0f", 1),  # text symbol with emoji presentation
    ("a\u200db", 2),  # a joiner between letters joins nothing
    ("x👩\u200d💻y", 3),
    ("क्षि", 1),  # Devanagari conjunct kssa + vowel sign i: one akshara
    ("नमस्ते", 3),  # na, ma, ste
    ("क्\u200dष", 1),  # a conjunct with an explicit joiner
    ("ত্র", 1),  # Bengali conjunct
    ("\u1100\u1161\u11a8", 1),  # Hangul jamo L V T: one syllable
    ("각", 1),  # the same syllable precomposed
    ("กำ", 1),  # Thai ko kai + sara am (a spacing mark)
    ("\u0644\u0627", 2),  # Arabic lam + alef: two characters (a ligature only in rendering)
    ("ｶﾞ", 1),  # halfwidth ka + halfwidth voiced mark
])
def test_grapheme_clusters(text, clusters):
    assert count_graphemes(text) == clusters
    assert "".join(graphemes(text)) == text


@given(st.text())
def test_graphemes_partition_any_text(text):
    parts = graphemes(text)
    assert "".join(parts) == text
    assert count_graphemes(text) == len(parts) <= len(text)


# Characters that join their neighbours into one cluster (joiners, marks, regional indicators, viramas,
# Hangul jamo, prepended marks) among ones that do not, so most examples mix both.
_CLUSTER_PARTS = list("a .\r\n’é日") + [
    "\u200d", "\u200c", "\ufe0f", "\u0301", "\U0001f1e9", "\U0001f1ea", "\U0001f469", "\U0001f4bb", "\U0001f3fd",
    "\u2764", "\U0001f3f4", "\U000e0067", "\U000e007f", "\u20e3", "\u0915", "\u0937", "\u094d", "\u093f", "\u0995",
    "\u09cd", "\u0d15", "\u0d4d", "\u1cf5", "\U00011a3a", "\u0600", "\u0903", "\u0e01", "\u0e33", "\u1100",
    "\u1161", "\u11a8", "\uac00", "\uac01", "\uff76", "\uff9e"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CLUSTER_PARTS) | st.characters(), max_size=30).map("".join))
def test_count_graphemes_equals_the_library_split(text):
    # count_graphemes only splits the runs around joining characters; the library splits everything.
    assert count_graphemes(text) == len(regex.findall(r"\X", text))


def test_measure_counts_by_the_channel_method_and_urls_as_fixed_length():
    decomposed = "Cafe\u0301 ☕"
    assert measure(decomposed, method="code-points").count == len(unicodedata.normalize("NFC", decomposed)) == 6
    assert measure("👩\u200d💻 go", method="graphemes").count == 4
    assert measure("👩\u200d💻 go", method="code-points").count == 6
    assert measure("👩\u200d💻 go", method="utf16").count == 8  # 👩 and 💻 are two code units each
    assert measure("👩\u200d💻 go", method="utf8-bytes").count == 4 + 3 + 4 + 3
    assert measure("👩\u200d💻 go", method="twitter").count == 5  # an emoji sequence weighs 2
    text = "See https://shop.test/a/very/long/path?q=1. Now"
    assert measure(text, url_length=23).count == len("See ") + 23 + len(". Now")
    assert measure(text).count == len(text)
    assert measure("go to www.stride.example now", url_length=23).count == 6 + 23 + 4


def test_overflow_points_at_the_first_character_over_the_limit():
    assert measure("ab👩\u200d💻cdef", limit=3).overflow_at == 5
    assert measure("abcdef", limit=6).overflow_at is None
    text = "abc https://x.test/long"
    assert measure(text, url_length=23, limit=10).overflow_at == 4  # inside the URL


@pytest.mark.parametrize("case", [c for cases in TWITTER_CASES.values() for c in cases],
                         ids=lambda case: case["description"][:60])
def test_twitter_text_conformance(case):
    text, expected = case["text"], case["expected"]
    length = twitter_length(text, limit=280)
    assert length.count == expected["weightedLength"]
    if expected["weightedLength"] > 280:
        # validRangeEnd is the last UTF-16 code unit that fits: the overflow starts right after it.
        assert len(text[:length.overflow_at].encode("utf-16-le")) // 2 == expected["validRangeEnd"] + 1
    else:
        assert length.overflow_at is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab .:/#1\r\n") + ["é", "e\u0301", "日", "한", "😷", "👍🏽", "\u200d",
                                                                  "👨\u200d👩", "🇩", "🇪", "x.co", "https://t.co/a",
                                                                  "\u0915\u094d"]), max_size=40).map("".join))
def test_twitter_length_equals_the_library_parse(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from twitter_text import parse_tweet
    assert twitter_length(text).count == parse_tweet(text).weightedLength


def test_terms_match_whole_words_case_insensitively_after_normalisation():
    matcher = TermMatcher(("guarantee", "free shipping", "risk-free"))
    text = "ｇｕａｒａｎｔｅｅ, Guarantee, GUARANTEE; guaranteed, unguarantee; FREE\n  Shipping; Risk-Free!"
    found = [(m.term, m.text) for m in matcher.find(text)]
    assert found == [("guarantee", "ｇｕａｒａｎｔｅｅ"), ("guarantee", "Guarantee"), ("guarantee", "GUARANTEE"),
                     ("guarantee", "guaranteed"), ("free shipping", "FREE\n  Shipping"), ("risk-free", "Risk-Free")]
    assert matcher.any_in("We GUARANTEE it") and not matcher.any_in("guarantor")


@pytest.mark.parametrize("terms, text, found", [
    (("guarantee",), "Guaranteed comfort", [(0, 10)]),
    (("cure",), "It cures blisters", [(3, 8)]),
    (("risk-free",), "Totally risk free", [(8, 17)]),
    (("best ever",), "best-ever", [(0, 9)]),
    (("guarantee",), "guar\u00adantee", [(0, 10)]),  # soft hyphen
    (("guarantee",), "a guar\u200bantee\u200d!", [(2, 12)]),  # zero-width space inside, joiner after
    (("risk-free",), "riskfree, risk – free, RISK\u2011FREE", [(0, 8), (10, 21), (23, 32)]),
    (("cure",), "curing, cured, cures; curated, secure, curettage", [(0, 6), (8, 13), (15, 20)]),
    (("try",), "tries, tried, trying; tryst", [(0, 5), (7, 12), (14, 20)]),
    (("ban",), "banned, banning, bans; bandage", [(0, 6), (8, 15), (17, 21)]),
    (("go",), "goes, going", []),  # two-letter words match as written: "go" would otherwise match "gos"
])
def test_terms_as_a_reader_sees_them(terms, text, found):
    assert [(m.start, m.end) for m in TermMatcher(terms).find(text)] == found


def test_listed_forms_match_and_report_their_term():
    matcher = TermMatcher(("go", "mouse"), (("go", "went"), ("mouse", "mice")))
    assert [(m.term, m.text) for m in matcher.find("We went for mice.")] == [("go", "went"), ("mouse", "mice")]


def test_english_forms():
    assert english_forms("guarantee") >= {"guarantee", "guarantees", "guaranteed", "guaranteeing"}
    assert english_forms("box") >= {"boxes", "boxed", "boxing"} and "boxxed" not in english_forms("box")
    assert english_forms("h2o") == {"h2o"} and english_forms("日本") == {"日本"}


def test_terms_respect_accents_and_ligatures():
    matcher = TermMatcher(("cafe", "fit"))
    assert matcher.find("café") == []  # precomposed é is another letter
    assert matcher.find("cafe\u0301") == []  # decomposed: the combining accent continues the word
    assert [m.text for m in matcher.find("a perfect \ufb01t")] == ["\ufb01t"]  # the ﬁ ligature is f + i


@given(st.text(), st.text(alphabet=st.characters(codec="ascii", categories=["Ll"]), min_size=1, max_size=8))
def test_match_offsets_point_into_the_original_text(prefix, word):
    matcher = TermMatcher((word,))
    text = prefix + " " + word.upper() + " tail"
    for match in matcher.find(text):
        assert text[match.start:match.end] == match.text
    assert any(m.text == word.upper() for m in matcher.find(text))


@given(st.lists(st.sampled_from(["a", "ß", "ｇ", "\u00ad", "\u200b", "e\u0301", "ﬁ", "İ", " ", "😀"])).map("".join))
def test_fold_offsets_cover_the_folded_text(text):
    origin = fold_offsets(text)
    assert len(origin) == len(fold(text)) + 1 and origin == sorted(origin)
    # character by character: each one owns as many folded characters as it folds to alone
    assert origin == [index for index, char in enumerate(text) for _ in fold(char)] + [len(text)]


def test_fold_maps_every_character_back():
    folded, origin = fold("Straße ｇｏ"), fold_offsets("Straße ｇｏ")
    assert folded == "strasse go" and origin[folded.index("ss")] == origin[folded.index("ss") + 1] == 4
    assert fold("guar\u00adantee") == "guarantee" and fold_offsets("guar\u00adantee")[4] == 5


def test_hashtags():
    text = "#spring we're #1 #2027goals a#b &#39; https://x.test/#top (#yes) #ünïcode"
    assert HASHTAG.findall(text) == ["#spring", "#2027goals", "#yes", "#ünïcode"]
