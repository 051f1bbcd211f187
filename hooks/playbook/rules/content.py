"""Content rules: the copy and media of each post against its channels, and forbidden terms.

The copy is the post's body as published (``Post.copy``): surrounding white space trimmed.
Cancelled posts are not checked.
"""

from __future__ import annotations

import posixpath

from .. import model as m
from ..problems import Pos
from ..text import COUNT_UNITS, HASHTAG, TWITTER_URL_LENGTH, measure, shown, term_matcher
from .base import RuleRun, body_pos, rule


def _channel_pos(post: m.Post, cid: str) -> Pos:
    data = post.source.data.get("channel")
    if isinstance(data, list) and cid in data:
        return post.source.value_pos("channel", data.index(cid))
    return post.source.value_pos("channel")


@rule("content.length")
def length(run: RuleRun) -> None:
    """The copy is longer than a channel's `max_chars`, counted as the platform counts.

    The channel's `count:` says how (docs/reference/channels.md lists each
    platform's method and limit, with its source):

    * `graphemes` (the default): user-perceived characters by the Unicode
      rules, so 👩‍💻, 🇩🇪 and the Hindi conjunct क्षि each count once;
    * `twitter`: X's weighted length by the twitter-text rules: Latin,
      Greek and Cyrillic letters and common punctuation weigh 1, CJK,
      Hangul, most other scripts and every emoji sequence weigh 2, every
      URL (even `shop.example` without `https://`) weighs 23;
    * `utf16`: UTF-16 code units, what a platform counting with
      JavaScript's `length` sees (an emoji is 2 or more);
    * `utf8-bytes`: bytes of UTF-8;
    * `code-points`: Unicode code points after NFC normalisation.

    With `url_length` set, every URL counts as that many characters however
    long it is written (`twitter` always counts URLs as `url_length`, 23 by
    default). The position is the first character over the limit.

    A post with no copy at all (nothing below the closing `---`) is a
    warning, once per post: `playbook new post` without `--copy` starts
    that way, and the warning is the reminder to write it.

    **Passes** (x: `max_chars: 280`, `count: twitter`)

    ```markdown
    It is here: the spring range. https://shop.test/spring/a-very-long-campaign-link-that-x-shortens
    ```

    **Fails**: the same channel with 150 Japanese characters (each weighs 2
    on X: 300 of 280); the problem points at the 141st character.
    """
    channels_of = run.analysis.channels
    for post in run.analysis.active:
        channels = [c for c in channels_of(post) if c.max_chars is not None]
        if not channels:
            continue
        copy, offset = post.copy, post.copy_offset
        if not copy:
            run.report(post.source, body_pos(post.source, len(post.body)), "the post has no copy yet",
                       "write the text to publish below the closing '---' of the front matter", "warning")
            continue
        # No URL to substitute and one unit a character, whatever the channel's count: method.
        plain = copy.isascii() and "." not in copy and "://" not in copy
        counts: dict[tuple, int] = {}  # the copy counted once per method among the post's channels
        for channel in channels:
            if len(copy) <= channel.max_chars and (plain or (channel.count == "graphemes" and not channel.url_length)):
                continue  # a grapheme is one character or more
            method = (channel.count, channel.url_length)
            if method not in counts:
                counts[method] = measure(copy, method=channel.count, url_length=channel.url_length).count
            if counts[method] <= channel.max_chars:
                continue
            size = measure(copy, method=channel.count, url_length=channel.url_length, limit=channel.max_chars)
            urls = f", each URL counted as {channel.url_length or TWITTER_URL_LENGTH}" \
                if channel.url_length or channel.count == "twitter" else ""
            unit = COUNT_UNITS[channel.count]
            # "weighted" means nothing to a writer whose 150 characters count as 300
            weights = f"; {channel.name} counts Chinese, Japanese and Korean characters and emoji as 2 each" \
                if channel.count == "twitter" else ""
            run.report(post.source, body_pos(post.source, offset + (size.overflow_at or 0)),
                       f"copy is {size.count} {unit}; {channel.name} allows {channel.max_chars}{urls}",
                       f"cut {size.count - channel.max_chars} {unit} (the limit is reached here){weights}")


@rule("content.media")
def media(run: RuleRun) -> None:
    """Media do not suit a channel: required but missing, not allowed but present, or more than `max_media`.

    **Passes** (instagram: `media: required`, `max_media: 4`)

    ```yaml
    channel: instagram
    media:
      - {file: teaser.png, alt: A shoe on a wet track}
    ```

    **Fails**

    ```yaml
    channel: instagram      # no media
    ```
    """
    for post in run.analysis.active:
        for channel in run.analysis.channels(post):
            # media written in the wrong form ("media: file.png") has its schema.type error: not "has none"
            if channel.media == "required" and not post.media and not post.source.data.get("media"):
                run.report(post.source, _channel_pos(post, channel.id),
                           f"{channel.name} needs an image or video, and this post has none",
                           "add media: [{file: ..., alt: ...}] or post on another channel")
            elif channel.media == "none" and post.media:
                run.report(post.source, post.source.key_pos("media"),
                           f"{channel.name} posts carry no media, and this post has {len(post.media)}",
                           "remove the media or post on another channel")
            elif channel.max_media is not None and len(post.media) > channel.max_media:
                extra = post.media[channel.max_media]
                run.report(post.source, post.source.key_pos("media", extra.index),
                           f"{len(post.media)} media items; {channel.name} allows {channel.max_media}",
                           f"remove {len(post.media) - channel.max_media} or split the post")


@rule("content.alt-text")
def alt_text(run: RuleRun) -> None:
    """A media item lacks alt text on a channel that requires it (`alt_text: true`, the default).

    Alt text that only repeats the file name does not count.

    **Passes**

    ```yaml
    media:
      - {file: teaser.png, alt: A shoe on a wet track}
    ```

    **Fails**

    ```yaml
    media:
      - {file: teaser.png}
    ```
    """
    for post in run.analysis.active:
        if not post.media:
            continue
        needing = [c.name for c in run.analysis.channels(post) if c.alt_text]
        if not needing:
            continue
        for item in post.media:
            alt = m.published_text(item.alt)
            name = posixpath.basename(item.file)
            if alt and alt.lower() not in (name.lower(), posixpath.splitext(name)[0].lower()):
                continue
            has_alt = isinstance(post.source.data.get("media"), list) and \
                "alt" in post.source.data["media"][item.index]
            pos = (post.source.value_pos("media", item.index, "alt") if has_alt
                   else post.source.key_pos("media", item.index))
            problem = "repeats the file name" if alt else "is missing"
            run.report(post.source, pos, f"alt text for {item.file} {problem}; {', '.join(needing)} "
                       f"require{'s' if len(needing) == 1 else ''} it",
                       "describe what the image shows for people who cannot see it, e.g. "
                       "alt: A runner lacing a Pacer 3 at dawn")


@rule("content.hashtags")
def hashtags(run: RuleRun) -> None:
    """The copy has more hashtags than a channel's `max_hashtags`; the first one too many is reported.

    A hashtag is `#` at the start of a word followed by letters or digits,
    not all digits (`#1` is not a hashtag; `#2027goals` is).

    **Passes** (x: `max_hashtags: 2`)

    ```markdown
    New season. #spring #running
    ```

    **Fails**

    ```markdown
    New season. #spring #running #shoes
    ```
    """
    for post in run.analysis.active:
        signs = post.body.count("#")
        if not signs:
            continue
        # Every hashtag starts with '#': with no more '#' than the strictest limit nothing can be over.
        channels = [c for c in run.analysis.channels(post) if c.max_hashtags is not None and signs > c.max_hashtags]
        if not channels:
            continue
        copy, offset = post.copy, post.copy_offset
        tags = list(HASHTAG.finditer(copy))
        for channel in channels:
            if len(tags) <= channel.max_hashtags:
                continue
            extra = tags[channel.max_hashtags]
            run.report(post.source, body_pos(post.source, offset + extra.start()),
                       f"{len(tags)} hashtags; {channel.name} allows {channel.max_hashtags}",
                       f"remove {len(tags) - channel.max_hashtags}, starting with {extra.group()}")


@rule("content.forbidden-term")
def forbidden_term(run: RuleRun) -> None:
    """The copy or alt text of a post, or the text of a response template, uses a forbidden term.

    Terms come from `forbidden_terms:` in policies/rules.yml and match as a
    reader sees them (docs/reference/policy-terms.md has the details):

    * whole words, case-insensitively, after Unicode compatibility
      normalisation: `GUARANTEE` and the full-width `ｇｕａｒａｎｔｅｅ` are
      `guarantee`;
    * with the regular English endings of the last word: `guarantees`,
      `guaranteed`, `guaranteeing`; `cures`, `cured`, `curing`. Irregular
      forms are listed with the term (`forms: [went]` for `go`);
    * words written with a hyphen, a dash, any white space or nothing
      between them: `risk-free` matches "risk free" and "riskfree", `best
      ever` matches "best-ever";
    * ignoring invisible format characters inside words: a soft hyphen or a
      zero-width space in "guar­antee" does not hide it.

    The position is that of the words as written. The hint is the term's
    `hint`. Policy chapters are not checked: they quote the terms to explain
    them.

    **Passes** (rules.yml: `forbidden_terms: [{term: guarantee, hint: ...}]`)

    ```markdown
    We stand behind every pair.
    ```

    **Fails**

    ```markdown
    Guaranteed comfort, every ｇｕａｒａｎｔｅｅ'd pair.
    ```
    """
    terms = run.handbook.rules.forbidden_terms
    if not terms:
        return
    matcher = term_matcher(tuple(t.term for t in terms), tuple((t.term, f) for t in terms for f in t.forms))
    hints = {t.term: t.hint for t in terms}

    def check(source, text: str, where) -> None:
        for match in matcher.find(text):
            run.report(source, where(match.start),
                       f"'{shown(match.text)}' is a forbidden term ({match.term})",
                       hints.get(match.term) or "rephrase without it")

    for post in run.analysis.active:
        # Each text is folded once (and shared with the review-term search); most have no match.
        check(post.source, post.body, lambda offset, s=post.source: body_pos(s, offset))
        for item in post.media:
            pos = post.source.value_pos("media", item.index, "alt")
            check(post.source, item.alt, lambda offset, p=pos: p)
    for template in run.handbook.templates.values():
        check(template.source, template.body, lambda offset, s=template.source: body_pos(s, offset))
