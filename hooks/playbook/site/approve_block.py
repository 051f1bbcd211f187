"""Approving without a terminal: the exact YAML block a pending approval needs, ready to paste.

Where the site shows a pending approval (post cards, the report, the home
page's "Approvals due"), it offers, per person who can give it, the entry to
add to the file's ``approvals:`` with the current digest, a copy button
(mkdocs-material's ``content.code.copy`` on a ``<pre><code>``) and, when
mkdocs.yml has ``repo_url``, a link that opens the file in the hosting
platform's web editor. ``at`` is left out: the commit's author date is the
approval's time, and a commit made in the web editor is authored by the
approver and signed by the platform (verify.py).
"""

from __future__ import annotations

from .. import approvals as ap
from .. import model as m
from ..acknowledge import acknowledgement_fields
from .context import Context
from .html import e

MAX_PEOPLE = 4  # blocks shown per pending approval; the rest can copy one and change `by`


def list_entry_text(item, key: str, fields: list[tuple[str, str]]) -> tuple[str, str]:
    """(where to paste, the text to paste) for an entry ``fields`` that fits the file's list under ``key``."""
    where, layout = entry_place(item, key)
    return where, entry_in(layout, key, fields)


def entry_place(item, key: str) -> tuple[str, str | int]:
    """Where an entry goes in the file's list under ``key``, in words, and its layout for ``entry_in``:
    "key" (the list and its key are added), "flow" (inside [ ]), or the column of the entry's dash."""
    source = item.source
    entries = source.data.get(key) if isinstance(source.data, dict) else None
    if key not in source.data:
        return "Add these lines at the end of the front matter, just above the closing ---:", "key"
    if entries is None:
        return f"Add these lines below the line {key}:", 2
    if isinstance(entries, list) and entries and source.value_pos(key).line > source.key_pos(key).line:
        return (f"Add these lines below the last entry under {key}:",
                max(source.key_pos(key, len(entries) - 1).column - 3, 0))
    return f"Add this entry inside the [ ] of {key}:, after a comma if there are entries:", "flow"


def entry_in(layout: str | int, key: str, fields: list[tuple[str, str]]) -> str:
    """The text of an entry ``fields`` laid out as ``entry_place`` says."""
    if layout == "flow":
        return "{" + ", ".join(f"{k}: {v}" for k, v in fields) + "}"
    dash = 2 if layout == "key" else layout
    block = "\n".join(" " * dash + ("- " if i == 0 else "  ") + f"{k}: {v}" for i, (k, v) in enumerate(fields))
    return f"{key}:\n{block}" if layout == "key" else block


def edit_link(ctx: Context, item) -> str:
    """The file in the hosting platform's web editor, or "" when mkdocs.yml has no repo_url."""
    base = ctx.edit_base
    if not base or item.source is None:
        return ""
    return f'<a class="pb-edit" href="{e(base + item.source.path)}">Open {e(item.source.path)} in the editor</a>'


def approve_block(ctx: Context, item, pending: ap.PendingApproval, people: list[m.Person] | None = None) -> str:
    """A collapsed "Approve from the site" box with one copyable entry per eligible person (or per one of
    ``people``: the report lists each person's own tasks)."""
    if item.source is None or not isinstance(item.source.data, dict) or not pending.holders:
        return ""
    digest = ctx.analysis.digest(item)  # computed once per build, shared with validation
    where, layout = entry_place(item, "approvals")
    parts = []
    for person in (people or pending.holders)[:MAX_PEOPLE]:
        role = next(r for r in pending.roles if r == m.EVERYONE or r in person.roles)
        text = entry_in(layout, "approvals", [("by", person.id), ("role", role), ("digest", digest)])
        parts.append(f'<p class="pb-label">{e(person.name)} as {e(ctx.role(role))}</p>'
                     f'<pre class="pb-approve-yaml"><code>{e(text)}</code></pre>')
    link = edit_link(ctx, item)
    how = ("and commit it yourself, signed in as you: the commit shows who approved and when, so an entry "
           "someone else commits for you does not count.")
    intro = f"{link}, add your entry {how}" if link else f"Add your entry to <code>{e(item.source.path)}</code> {how}"
    return ('<details class="pb-approve"><summary>Approve from the site</summary>'
            f"<p>{intro}</p><p>{e(where)}</p>" + "".join(parts) + "</details>")


def acknowledge_block(ctx: Context, chapter: m.PolicyChapter, people: list[m.Person]) -> str:
    """A collapsed "Acknowledge from the site" box: per person still to read the current version, the command
    and the entry to paste (``at`` left out: the commit's date is used, as for approvals)."""
    if chapter.source is None or not isinstance(chapter.source.data, dict) or not people:
        return ""
    path = chapter.source.path
    parts = []
    for person in people[:MAX_PEOPLE]:
        where, text = list_entry_text(chapter, "acknowledgements",
                                      acknowledgement_fields(m.Acknowledgement(person.id, chapter.version, None)))
        parts.append(f'<p class="pb-label">{e(person.name)}</p><p>In a clone of the handbook:</p>'
                     f'<pre class="pb-approve-yaml pb-ack-command"><code>playbook acknowledge {e(path)} --by '
                     f'{e(person.id)} --commit</code></pre><p>Or in the editor: {e(where[0].lower() + where[1:])}</p>'
                     f'<pre class="pb-approve-yaml pb-ack-entry"><code>{e(text)}</code></pre>')
    more = len(people) - MAX_PEOPLE
    if more > 0:
        parts.append(f'<p class="pb-muted">{more} more: copy an entry and write your own id after by:.</p>')
    link = edit_link(ctx, chapter)
    return ('<details class="pb-approve pb-acknowledge"><summary>Acknowledge from the site</summary>'
            f"<p>Read the chapter first. {link + '. ' if link else ''}Then add your entry to <code>{e(path)}</code> "
            "and commit it yourself, signed in to the platform as you (an entry someone else commits for you does "
            "not count), or run the command.</p>" + "".join(parts) + "</details>")


def verification_summary(ctx: Context) -> str:
    """For the report page: how approvals were checked against git, in one paragraph (for auditors)."""
    hb = ctx.handbook
    verification = hb.verification
    mode = getattr(verification, "mode", "off")
    if mode == "off":
        return ('<p class="pb-muted">Approvals are not checked against git history '
                "(<code>verify_approvals</code> is off in policies/rules.yml): an entry counts as written.</p>")
    if verification.unavailable:
        return (f'<p class="pb-late">Approvals could not be checked against git: {e(verification.unavailable)}. '
                "They count as written; none is shown as verified.</p>")
    approvals = [a for item in [*hb.posts, *hb.templates.values(), *hb.chapters.values()] for a in item.approvals]
    verified = sum(a.verified for a in approvals)
    recorded = sum(bool(a.recorded) and not a.verified for a in approvals)
    failed = sum(bool(a.unverified) for a in approvals)
    how = "authored and signed by the approver" if mode == "signed" else "authored by the approver"
    # in the approvers' words: what the check means for them, not the setting's name
    return (f'<p class="pb-muted">An approval counts only when it was added in a commit {how}, so nobody can '
            f"approve in someone else's name. {verified} verified, {recorded} recorded before this check began, "
            f"{failed} not verified.</p>")
