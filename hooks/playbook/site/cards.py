"""A post's preview card: the copy exactly as it will go out, per channel, with its checks and approvals."""

from __future__ import annotations

import re

from .. import dates, urls
from .. import model as m
from ..text import COUNT_UNITS, HASHTAG, TWITTER_URL_LENGTH, URL, Length, measure
from .context import Context
from .html import admonition, badge, e, heading
from .media import figure
from .page import Doc
from .widgets import approval_lines, marks, status

# Channels whose apps show the picture above the caption.
MEDIA_FIRST = ("instagram", "tiktok", "threads", "pinterest")
BRANDS = ("instagram", "tiktok", "linkedin", "facebook", "youtube", "threads", "bluesky", "mastodon",
          "pinterest", "x", "twitter")
_MENTION = re.compile(r"(?<![\w@/.])@\w+")


def brand(channel: m.Channel) -> str:
    """A look for the preview (colours only), guessed from the channel's id or icon."""
    for word in (channel.id, channel.icon.rsplit("/", 1)[-1]):
        for name in BRANDS:
            if word == name or word.startswith(name + "-") or word.endswith("-" + name):
                return "x" if name == "twitter" else name
    return "generic"


def hashtag_spans(text: str) -> list[tuple[int, int]]:
    """Where the hashtags of ``text`` are (also inside a link, as a channel counts them)."""
    return [mt.span() for mt in HASHTAG.finditer(text)] if "#" in text else []


def render_copy(text: str, hashtags: list[tuple[int, int]] | None = None) -> str:
    """Plain-text copy as HTML: escaped, with links, hashtags and mentions marked as the apps would.
    ``hashtags``: ``hashtag_spans(text)`` when the caller has them already."""
    out, position = [], 0
    # each scan only where its pattern's literal part occurs: the patterns are tried at every character
    has_url = "://" in text or "www." in text.lower()
    tags = hashtag_spans(text) if hashtags is None else hashtags
    tokens = sorted(([(mt.start(), mt.end(), "url") for mt in URL.finditer(text)] if has_url else []) +
                    [(start, end, "tag") for start, end in tags] +
                    ([(mt.start(), mt.end(), "at") for mt in _MENTION.finditer(text)] if "@" in text else []))
    for start, end, kind in tokens:
        if start < position:
            continue  # a hashtag inside a URL
        out.append(e(text[position:start]))
        word = text[start:end]
        if kind == "url":
            href = word if word.lower().startswith(("http://", "https://")) else "https://" + word
            out.append(f'<a class="pb-url" href="{e(href)}" rel="nofollow noopener noreferrer">{e(word)}</a>')
        else:
            out.append(f'<span class="pb-{kind}">{e(word)}</span>')
        position = end
    out.append(e(text[position:]))
    return "".join(out)


class _Copy:
    """One post's copy, measured and rendered once for all its channels (most count it the same way), with
    the other parts every channel's preview repeats (hashtag count, media, local time)."""

    def __init__(self, post: m.Post, moment_html: str | None = None):
        self.text = post.copy
        self._sizes: dict[tuple[str, int | None], Length] = {}
        self._html: str | None = None
        self._tags: list[tuple[int, int]] | None = None
        self._media: str | None = None
        self._moment = moment_html  # the post's time in its own zone, escaped (the card has it already)

    def size(self, channel: m.Channel) -> Length:
        key = (channel.count, channel.url_length)
        if key not in self._sizes:
            self._sizes[key] = measure(self.text, method=channel.count, url_length=channel.url_length)
        size = self._sizes[key]
        if channel.max_chars is not None and size.count > channel.max_chars:  # rare: find where it overflows
            size = measure(self.text, method=channel.count, url_length=channel.url_length, limit=channel.max_chars)
        return size

    @property
    def tags(self) -> list[tuple[int, int]]:
        if self._tags is None:
            self._tags = hashtag_spans(self.text)
        return self._tags

    @property
    def html(self) -> str:
        if self._html is None:
            self._html = render_copy(self.text, self.tags)
        return self._html

    @property
    def hashtags(self) -> int:
        return len(self.tags)

    def media(self, ctx: Context, doc: Doc, post: m.Post) -> str:
        if self._media is None:
            self._media = '<div class="pb-media-grid">' + "".join(
                figure(ctx.handbook, doc.url, i) for i in post.media) + "</div>" if post.media else ""
        return self._media

    def moment(self, post: m.Post) -> str:
        if self._moment is None:
            self._moment = e(dates.moment(post.publish_at.astimezone(post.timezone)))
        return self._moment


def preview(ctx: Context, doc: Doc, post: m.Post, cid: str, copy: _Copy | None = None) -> str:
    channel = ctx.handbook.channels.get(cid)
    if channel is None:
        return f'<p class="pb-muted">Unknown channel {e(cid)}.</p>'
    copy = copy or _Copy(post)
    text = copy.text
    size = copy.size(channel)
    over = channel.max_chars is not None and size.count > channel.max_chars
    if over and size.overflow_at is not None:
        body = render_copy(text[: size.overflow_at]) + \
            f'<span class="pb-overflow" title="over the limit">{render_copy(text[size.overflow_at:])}</span>'
    else:
        body = copy.html
    facts = []
    limit = f" / {channel.max_chars}" if channel.max_chars is not None else ""
    url_length = channel.url_length or (TWITTER_URL_LENGTH if channel.count == "twitter" else None)
    counted = f" (each link counts {url_length})" if url_length else ""
    facts.append(f'<span class="pb-count{" pb-over" if over else ""}">{size.count}{limit} '
                 f'{e(COUNT_UNITS[channel.count])}{e(counted)}</span>')
    if channel.max_hashtags is not None:
        tags = copy.hashtags
        facts.append(f'<span class="pb-count{" pb-over" if tags > channel.max_hashtags else ""}">'
                     f'{tags} / {channel.max_hashtags} hashtags</span>')
    if post.media or channel.media == "required":
        most = f" / {channel.max_media}" if channel.max_media is not None else ""
        bad = (channel.media == "required" and not post.media) or (
            channel.max_media is not None and len(post.media) > channel.max_media) or (
            channel.media == "none" and post.media)
        facts.append(f'<span class="pb-count{" pb-over" if bad else ""}">{len(post.media)}{most} media</span>')
    media = copy.media(ctx, doc, post)
    copy_html = f'<pre class="pb-copy"><code>{body}</code></pre>'  # material adds a copy button
    look = brand(channel)
    inner = media + copy_html if look in MEDIA_FIRST else copy_html + media
    return (f'<div class="pb-preview pb-brand-{look}"><div class="pb-preview-head">{ctx.icon(cid)}'
            f'<strong>{e(channel.name)}</strong><span class="pb-muted">{copy.moment(post)}</span></div>{inner}'
            f'<div class="pb-preview-foot">{" · ".join(facts)}</div></div>')


def search_text(ctx: Context, post: m.Post, local_moment: str | None = None) -> str:
    """What search finds a post by: its copy once, alt texts, channels, status, date, flags and tags (escaped).
    ``local_moment``: ``dates.moment`` of its time in the handbook's zone, when the caller has it."""
    facts = [", ".join(ctx.channel_name(c) for c in post.channels), post.status.label,
             local_moment or dates.moment(ctx.local(post.publish_at)), *post.flags, *(f"#{tag}" for tag in post.tags)]
    return " · ".join(e(text) for text in [post.copy, *(i.alt for i in post.media if i.alt), *facts] if text)


def card(ctx: Context, doc: Doc, post: m.Post, local_moment: str | None = None) -> str:
    """The anchored card for one post (its heading carries ``post.anchor`` and is listed in the toc).
    ``local_moment``: ``dates.moment`` of its time in the handbook's zone, when the caller has it."""
    doc.anchors.add(post.anchor)
    doc.toc_entry(3, post.anchor, e(post.title))
    own = post.publish_at.astimezone(post.timezone)
    own_moment = e(dates.moment(own))
    meta = [status(post, ctx.now), f'<time datetime="{dates.iso(own)}">{own_moment}</time>']
    local = ctx.local(post.publish_at)
    if post.timezone.key != ctx.zone.key:
        meta.append(f'<span class="pb-muted">{e(local_moment or dates.moment(local))} in {e(ctx.zone.key)}</span>')
    meta.append(f"by {e(ctx.person(post.author))}")
    meta.append(badge("evergreen", "info") if post.evergreen else badge("time-sensitive", "muted"))
    meta += [badge(flag, "warning") for flag in post.flags]
    meta += [f'<span class="pb-tag">#{e(tag)}</span>' for tag in post.tags]
    notes = []
    if post.status is m.PostStatus.CANCELLED:
        notes.append(admonition("failure", "Cancelled", "<p>This post will not go out.</p>"))
    elif post.is_held:
        if post.holds:
            body = "".join(f"<p><strong>{e(w.id)}</strong>: {e(w.reason)}</p><p>Since "
                           f"{e(dates.moment(ctx.local(w.start)))}, {e(dates.until(w.end, ctx.zone))}.</p>"
                           for w in post.holds)
            body += ("<p>This post is evergreen: it can move to after the hold.</p>" if post.evergreen else
                     "<p>This post is time-sensitive: it cannot simply move.</p>")
        else:
            body = "<p>This post's status is held: it will not go out until someone releases it.</p>"
        notes.append(admonition("warning", "Held", body))
    copy = _Copy(post, own_moment)
    tabs = [(ctx.channel_name(c), preview(ctx, doc, post, c, copy)) for c in post.channels]
    month = urls.month_page(local.date())
    source = post.source.path if post.source else ""
    title_html = e(post.title)
    return (f'<article class="pb-card {marks(post)}">{heading(3, post.anchor, title_html)}'
            f'<p class="pb-meta">{" · ".join(meta)}</p>{"".join(notes)}{doc.tabs.render(tabs)}'
            f'<div class="pb-approval-box"><p class="pb-label">Approvals</p>{approval_lines(ctx, post)}</div>'
            f'<p class="pb-foot">{doc.a(month + "#" + post.anchor, "In the calendar")} · '
            f'<code>{e(source)}</code></p></article>')
