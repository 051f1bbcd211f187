"""The public edition (mkdocs-public.yml): what a company may publish, and nothing else.

Built when mkdocs.yml's ``extra.playbook.edition`` is ``public``. It holds the
policy chapters whose audience is ``everyone`` and, when
``extra.playbook.public_responses`` is true, the reply templates front-line
staff may send. No calendar, campaigns, posts, report, monthly reports,
customer insights, feeds, media, people's names or email addresses,
approvals, or hand-written docs/ pages (those are the team's own). A link
inside a published chapter that points at a page the edition does not
contain becomes plain text, so nothing leads to, or names the address of,
the internal handbook. docs/guide/publishing.md explains the editions.
"""

from __future__ import annotations

import posixpath
import re

from .. import dates, urls
from .. import model as m
from .context import Context
from .html import e, table
from .page import Doc, Page
from .policy import chapter_page
from .responses import body_html, category_title

EDITIONS = ("full", "public")
_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.S)


def public_chapters(ctx: Context) -> list[m.PolicyChapter]:
    return [c for c in ctx.handbook.chapters.values() if c.audience == m.EVERYONE]


def public_templates(ctx: Context) -> list[m.ResponseTemplate]:
    """Templates anyone on the front line may send, still within their review date."""
    return sorted((t for t in ctx.handbook.templates.values()
                   if t.who_may_send == m.EVERYONE and (t.review_by is None or t.review_by >= ctx.today)),
                  key=lambda t: (t.title.casefold(), t.id))


def home_page(ctx: Context, chapters: list[m.PolicyChapter], with_responses: bool) -> Page:
    doc = Doc("index.md", ctx.handbook.settings.site_name)
    doc.h(1, "top", ctx.handbook.settings.site_name, toc=False)  # the page's own heading, not the nav's "Home"
    doc.add("<p>How we use social media, for everyone who works here and everyone who wants to know.</p>")
    doc.h(2, "policy", "Policy")
    if chapters:
        items = "".join(f'<li>{doc.a(urls.chapter_page(c.id), c.title)} <span class="pb-muted">· version '
                        f'{e(c.version)}, effective {e(dates.short_date(c.effective))}</span></li>' for c in chapters)
        doc.add(f'<ul class="pb-list">{items}</ul>')
    else:
        doc.add('<p class="pb-empty">No chapter is published yet.</p>')
    if with_responses:
        doc.h(2, "answers", "How we answer")
        doc.add(f'<p>{doc.a("responses/", "Our standard answers")} to common questions.</p>')
    return doc.page(hide=("navigation",))


def responses_page(ctx: Context, templates: list[m.ResponseTemplate]) -> Page:
    doc = Doc("responses/index.md", "How we answer")
    doc.add("<p>Standard answers to common questions. We aim to answer within the time shown.</p>")
    for t in templates:
        doc.h(2, t.id, t.title)
        facts = table(["Category", "We answer within"],
                      [[e(category_title(t.category)), e(dates.duration(t.respond_within))]])
        doc.add(facts, f'<pre class="pb-reply"><code>{body_html(t.body.strip())}</code></pre>')
    if not templates:
        doc.add('<p class="pb-empty">No standard answers are published.</p>')
    return doc.page()


def policy_index(chapters: list[m.PolicyChapter]) -> Page:
    doc = Doc("policy/index.md", "Policy")
    rows = [[doc.a(urls.chapter_page(c.id), c.title), e(c.version), e(dates.short_date(c.effective))]
            for c in chapters]
    doc.add(table(["Chapter", "Version", "Effective"], rows) or '<p class="pb-empty">No chapter is published.</p>')
    return doc.page()


def pages(ctx: Context, with_responses: bool, site_url: str) -> list[Page]:
    chapters = public_chapters(ctx)
    out = [home_page(ctx, chapters, with_responses), policy_index(chapters)]
    out += [chapter_page(ctx, c, public=True) for c in chapters]
    if with_responses:
        out.append(responses_page(ctx, public_templates(ctx)))
    published = {p.url for p in out}
    for page in out:
        page.body = unlink_unpublished(page.body, page.url, published, site_url)
    return out


def unlink_unpublished(html: str, page_url: str, published: set[str], site_url: str) -> str:
    """Links to pages the edition does not contain (relative, or absolute into the site) become their text."""
    def keep_or_unwrap(match: re.Match) -> str:
        href = match.group(1).replace("&amp;", "&")
        if href.startswith("#") or href.startswith("mailto:"):
            return match.group(0)
        if site_url and href.startswith(site_url):
            target = href[len(site_url):]
        elif re.match(r"[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("//"):
            return match.group(0)  # another site
        else:
            target = posixpath.normpath(posixpath.join(page_url, href.split("#", 1)[0]))
        target = target.split("#", 1)[0].strip("/")
        target = "" if target in ("", ".", "index.html") else target.removesuffix("/index.html") + "/"
        return match.group(0) if target in published else match.group(2)
    return _LINK.sub(keep_or_unwrap, html)
