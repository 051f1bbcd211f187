"""Counting characters as people see them, matching terms, finding hashtags and URLs."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playbook.text import HASHTAG, TermMatcher, count_graphemes, fold, graphemes, measure


@pytest.mark.parametrize("text, clusters", [
    ("abc", 3),
    ("e\u0301", 1),  # e + combining acute
    ("👩\u200d💻", 1),  # ZWJ sequence
    ("👨\u200d👩\u200d👧\u200d👦", 1),  # family
    ("🏳\ufe0f\u200d🌈", 1),  # flag with variation selector and ZWJ
    ("👍🏽", 1),  # skin tone
    ("🇩🇪🇫🇷", 2),  # two regional-indicator flags
    ("🇩🇪🇫", 2),  # a lone regional indicator is its own cluster
    ("1\ufe0f\u20e3", 1),  # keycap
    ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", 1),  # Scotland tag sequence
    ("☺\ufe0f", 1),  # text symbol with emoji presentation
    ("a\u200db", 2),  # a joiner between letters joins nothing
    ("x👩\u200d💻y", 3),
])
def test_grapheme_clusters(text, clusters):
    assert count_graphemes(text) == clusters
    assert "".join(graphemes(text)) == text


@given(st.text())
def test_graphemes_partition_any_text(text):
    parts = graphemes(text)
    assert "".join(parts) == text
    assert count_graphemes(text) == len(parts) <= len(text)


def test_measure_counts_nfc_code_points_or_graphemes_and_urls_as_fixed_length():
    decomposed = "Cafe\u0301 ☕"
    assert measure(decomposed, graphemes_mode=False, url_length=None).count == len(unicodedata.normalize(
        "NFC", decomposed)) == 6
    assert measure("👩\u200d💻 go", graphemes_mode=True, url_length=None).count == 4
    assert measure("👩\u200d💻 go", graphemes_mode=False, url_length=None).count == 6
    text = "See https://shop.test/a/very/long/path?q=1. Now"
    assert measure(text, graphemes_mode=True, url_length=23).count == len("See ") + 23 + len(". Now")
    assert measure(text, graphemes_mode=True, url_length=None).count == len(text)
    assert measure("go to www.stride.example now", graphemes_mode=True, url_length=23).count == 6 + 23 + 4


def test_overflow_points_at_the_first_character_over_the_limit():
    assert measure("ab👩\u200d💻cdef", graphemes_mode=True, url_length=None, limit=3).overflow_at == 5
    assert measure("abcdef", graphemes_mode=True, url_length=None, limit=6).overflow_at is None
    text = "abc https://x.test/long"
    assert measure(text, graphemes_mode=True, url_length=23, limit=10).overflow_at == 4  # inside the URL


def test_terms_match_whole_words_case_insensitively_after_normalisation():
    matcher = TermMatcher(("guarantee", "free shipping", "risk-free"))
    text = "ｇｕａｒａｎｔｅｅ, Guarantee, GUARANTEE; guaranteed, unguarantee; FREE\n  Shipping; Risk-Free!"
    found = [(m.term, m.text) for m in matcher.find(text)]
    assert found == [("guarantee", "ｇｕａｒａｎｔｅｅ"), ("guarantee", "Guarantee"), ("guarantee", "GUARANTEE"),
                     ("free shipping", "FREE\n  Shipping"), ("risk-free", "Risk-Free")]
    assert matcher.any_in("We GUARANTEE it") and not matcher.any_in("guaranteed")


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


def test_fold_maps_every_character_back():
    folded, origin = fold("Straße ｇｏ")
    assert folded == "strasse go" and origin[folded.index("ss")] == origin[folded.index("ss") + 1] == 4


def test_hashtags():
    text = "#spring we're #1 #2027goals a#b &#39; https://x.test/#top (#yes) #ünïcode"
    assert HASHTAG.findall(text) == ["#spring", "#2027goals", "#yes", "#ünïcode"]
