"""Hints for the YAML mistakes people actually make, each with the corrected line to copy.

libyaml's messages describe the parser ("mapping values are not allowed in
this context"), not the fix. For the common mistakes we know the fix:

- an unquoted colon in a value (``title: Gift guide: part two``): quote it;
- a tab (YAML indents with spaces only): the same line with spaces;
- a ``- item`` among ``key: value`` lines, or a ``key: value`` line among
  ``- item`` lines: which of the two the block is.
"""

from __future__ import annotations

import re

_KEY_VALUE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s:#'\"][^:#]*?):[ \t]+(?P<value>.*?)\s*$")
_INDENT = re.compile(r"^\s*")
_GENERIC = "check indentation, quotes and colons near this position"


def quoted(value: str) -> str:
    """A YAML double-quoted scalar for ``value``."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _indent_for(lines: list[str], row: int) -> int:
    """The indentation a tab-indented line most likely meant: its sibling's above (the keys of a '- ' entry
    line up after the dash), or one step in under a line that opens a block (``key:``)."""
    for above in reversed(lines[:row]):
        if above.strip() and not above.lstrip().startswith("#"):
            spaced = above.expandtabs(2)
            width = len(spaced) - len(spaced.lstrip())
            if spaced.lstrip().startswith("- "):  # the keys of a list entry line up after its '- '
                width += 2
            return width + 2 if above.rstrip().endswith(":") else width
    return 0


def syntax_hint(text: str, line: int, problem: str) -> str:
    """The hint for a libyaml error at 0-based ``line`` of ``text`` (the YAML block)."""
    lines = text.splitlines()
    here = lines[line] if 0 <= line < len(lines) else ""
    problem = problem or ""
    if "\t" in here or "tab" in problem:
        row = line if "\t" in here or line == 0 or "\t" not in lines[line - 1] else line - 1
        indent = _indent_for(lines, row)
        text = lines[row].strip().expandtabs(1) if row < len(lines) else ""
        return (f"YAML indents with spaces, never tabs: replace the tab with spaces:  {text}  "
                + (f"(indented by {indent} spaces)" if indent else "(at the start of the line)"))
    if "mapping values are not allowed" in problem:
        match = _KEY_VALUE.match(here)
        if match and ": " in match["value"] and not match["value"].startswith(("'", '"', "[", "{")):
            return ("a colon followed by a space starts a new key; put the value in quotes:  "
                    f"{match['indent']}{match['key']}: {quoted(match['value'])}")
        return "a colon followed by a space starts a new key; put the value in double quotes"
    if "expected '-' indicator" in problem:
        as_item = _INDENT.sub(lambda m: m.group() + "- ", here, count=1)
        return ("this block is a list, so each of its lines starts with '- '; write this line as:  "
                f"{as_item.strip()}  or indent it under the entry above")
    if "expected <block end>, but found '-'" in problem or "found '-'" in problem:
        return ("a '- ' item cannot follow 'key: value' lines in the same block: put the list under its own "
                "key (key: then '- item' lines indented below it) or write every line as key: value")
    return _GENERIC
