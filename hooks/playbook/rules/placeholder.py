"""content.placeholder: `{name}` slots in response templates, and leftovers in post copy."""

from __future__ import annotations

from ..placeholders import PLACEHOLDER_NAME, POST_SLOT, TOKEN
from ..suggest import closest
from .base import RuleRun, body_pos, rule


@rule("content.placeholder")
def placeholder(run: RuleRun) -> None:
    """A response template's `{placeholders}` do not match its declared `placeholders:` list, or its braces do not balance; or a post's copy contains a `{slot}`.

    In a template every `{name}` must be declared and every declared name
    used; write `{{` and `}}` for literal braces. A post is published
    exactly as written, so a `{first_name}` left in its copy is reported too.

    **Passes**

    ```markdown
    ---
    placeholders: [name, order_link]
    ---
    Hi {name}, you can follow your parcel here: {order_link}
    ```

    **Fails**

    ```markdown
    ---
    placeholders: [name, order_link]
    ---
    Hi {nmae}, you can follow your parcel here: {order_link
    ```
    """
    for template in run.handbook.templates.values():
        source = template.source
        declared = template.placeholders
        used: set[str] = set()
        for token in TOKEN.finditer(template.body):
            text = token.group()
            if text in ("{{", "}}"):
                continue
            pos = body_pos(source, token.start())
            if text in ("{", "}"):
                run.report(source, pos, f"unbalanced '{text}'",
                           "close the placeholder as {name}, or write {{ or }} for a literal brace")
                continue
            name = token.group(1)
            if not PLACEHOLDER_NAME.match(name):
                run.report(source, pos, f"'{text}' is not a placeholder name",
                           "use letters, digits and underscores, e.g. {order_link}; write {{ }} for literal braces")
                continue
            used.add(name)
            if name not in declared:
                close = closest(name, declared)
                hint = (f"did you mean {{{close}}}? Write {{{close}}}, or add {name} to placeholders:" if close
                        else f"add {name} to placeholders:")
                run.report(source, pos, f"placeholder '{{{name}}}' is not declared", hint)
        seen: set[str] = set()
        for index, name in enumerate(declared):
            pos = source.value_pos("placeholders", index)
            if name in seen:
                run.report(source, pos, f"placeholder '{name}' is declared twice", "remove one")
            elif not PLACEHOLDER_NAME.match(name):
                run.report(source, pos, f"'{name}' is not a valid placeholder name",
                           "use letters, digits and underscores")
            elif name not in used:
                run.report(source, pos, f"placeholder '{name}' is declared but never used in the text",
                           f"use {{{name}}} in the reply or remove it from placeholders:")
            seen.add(name)
    for post in run.analysis.active:
        if "{" not in post.body:
            continue
        for slot in POST_SLOT.finditer(post.body):
            run.report(post.source, body_pos(post.source, slot.start()),
                       f"the copy contains the placeholder '{slot.group()}'; posts are published exactly as written",
                       "write the final text in place of the placeholder")
