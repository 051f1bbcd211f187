"""The handbook site: pages generated from the validated handbook, for the MkDocs hook in hooks/handbook.py.

Every generated page is built here as escaped HTML (see ``html.py`` and
``sanitize.py``) and handed to MkDocs without passing through its Markdown
converter or mkdocs-macros, so nothing written in content/, calendar/ or
policies/ is ever read as Markdown extensions, snippets or Jinja.
docs/reference/site.md explains the pages and the security model.
"""

from __future__ import annotations

from functools import partial

from ..rules import reference_markdown
from . import calendar, campaigns, insights, policy, report, reports, responses, rota, subscribe
from .context import Context
from .page import Page


def build_pages(ctx: Context, feed_paths: list[str]) -> list[Page]:
    """Every generated page, in navigation order within each section. O(posts) overall."""
    pages: list[Page] = []
    pages += calendar.pages(ctx)
    pages += campaigns.pages(ctx)
    pages += responses.pages(ctx)
    pages += policy.pages(ctx)
    rota_page = rota.page(ctx)
    if rota_page is not None:
        pages.append(rota_page)
    pages.append(subscribe.page(ctx, feed_paths))
    # deferred: with a year of posts ahead, the to-do lists make this the biggest page of the site
    pages.append(Page("report.md", "Report", search=False, deferred=partial(report.page, ctx)))
    pages += reports.pages(ctx)
    pages.append(insights.page(ctx))
    pages.append(Page("reference/rules.md", "Rules", markdown=reference_markdown()))
    return pages


__all__ = ["Context", "Page", "build_pages"]
