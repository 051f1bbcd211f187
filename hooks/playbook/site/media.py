"""Which media files are published with the site, and how a post shows them.

Only images and videos are copied to the site (under ``media/``): a file a
pull request adds to content/media could otherwise be an HTML or SVG page
that runs script in the handbook's origin when opened directly.
"""

from __future__ import annotations

from .. import model as m
from .html import e, icon, rel, url_path

IMAGE = {"png", "jpg", "jpeg", "gif", "webp", "avif"}
VIDEO = {"mp4", "webm", "m4v", "mov"}


def extension(file: str) -> str:
    return file.rsplit(".", 1)[-1].lower() if "." in file else ""


def publishable(file: str) -> bool:
    return extension(file) in IMAGE | VIDEO


def site_path(file: str) -> str:
    """Where the file is published (the folder is fixed: figure() links to it)."""
    return f"media/{file}"


def figure(handbook: m.Handbook, from_url: str, item: m.MediaItem) -> str:
    """A thumbnail with its alt text shown beside it (and missing alt text shown as such)."""
    alt = item.alt.strip()
    caption = (f'<figcaption>{icon("image")}<span class="pb-alt">{e(alt)}</span></figcaption>' if alt else
               '<figcaption class="pb-noalt">' + icon("stale") + "No alt text</figcaption>")
    kind = extension(item.file)
    if item.file in handbook.media_files and publishable(item.file):
        src = e(rel(from_url, "media/") + url_path(item.file))
        if kind in VIDEO:
            thing = (f'<video src="{src}" preload="none" controls muted playsinline '
                     f'aria-label="{e(alt or item.file)}"></video>')
        else:
            thing = f'<img src="{src}" alt="{e(alt)}" loading="lazy" decoding="async">'
    else:
        reason = "not found" if item.file not in handbook.media_files else "not an image or video"
        thing = f'<div class="pb-nomedia">{e(item.file)}<br><small>{e(reason)}</small></div>'
    return f'<figure class="pb-media">{thing}{caption}</figure>'
