"""Byte-preserving edits of YAML: a Markdown file's front matter, or a whole .yml file.

``append_to_list`` adds one mapping to a list under a top-level key
(``approvals:``) of a front matter, ``append_to_yaml_list`` the same in a
whole .yml file (a hold under ``windows:`` in calendar/quiet.yml), and
``set_in_list_item`` adds or replaces keys of one entry of such a list
(``end:`` and ``ended_by:`` of a hold). Nothing else changes: comments, key order, quoting,
indentation, line ends, a BOM and the body stay byte for byte. ruamel.yaml's
round trip reader locates the list and tells its style (block or flow, item
indentation); the new entry is then inserted as text in that style rather
than re-dumping the whole front matter, which would re-indent lists and
re-wrap long lines. The result is read back with the handbook's own reader
and must equal the old data plus exactly the new entry, or nothing is
written. Files are replaced atomically.

``replace_scalar`` rewrites one top-level one-line value (``publish_at:``)
in place: only the characters of the value change, its quotes stay, and
the read-back must equal the old data with just that value changed.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path

from .errors import PlaybookError
from .problems import ProblemList
from .source import Source, parse_yaml

_FENCE = re.compile(r"---[ \t]*\r?\n?\Z")
_DASH = re.compile(r"( *)-( +)")

# An entry: (key, value) pairs whose values are plain YAML 1.2 scalars in block and flow style
# (ids, ISO times with offsets, "sha256:<hex>") or quoted ones ('"1.4"'); quoting is the caller's job.
Fields = list[tuple[str, str]]


class EditError(PlaybookError):
    """The file cannot be edited without changing more than the new entry."""


def flow_entry(fields: Fields) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in fields) + "}"


def _block_entry(fields: Fields, dash_indent: int, spacing: int, newline: str) -> str:
    inner = " " * (dash_indent + 1 + spacing)
    lines = [" " * dash_indent + "-" + " " * spacing + f"{fields[0][0]}: {fields[0][1]}"]
    lines += [f"{inner}{key}: {value}" for key, value in fields[1:]]
    return newline.join(lines) + newline


def _block_style(lines: list[str]) -> tuple[int, int]:
    """Indentation of list items under a key elsewhere in the front matter (media:), else two spaces."""
    for line in lines:
        match = _DASH.match(line)
        if match and line[match.end():match.end() + 1] not in ("", "\n", "\r"):
            return len(match.group(1)), len(match.group(2))
    return 2, 1


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _closing_bracket(lines: list[str], line: int, column: int, key: str) -> tuple[int, int]:
    """Position of the ']' closing the flow sequence that opens at (line, column)."""
    depth = 0
    quote = None
    for index in range(line, len(lines)):
        text = lines[index]
        start = column if index == line else 0
        position = start
        while position < len(text):
            char = text[position]
            if quote:
                if char == "\\" and quote == '"':
                    position += 1
                elif char == quote:
                    if quote == "'" and text[position + 1:position + 2] == "'":
                        position += 1
                    else:
                        quote = None
            elif char in "'\"":
                quote = char
            elif char == "#" and (position == 0 or text[position - 1] in " \t"):
                break  # a comment runs to the end of the line
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    return index, position
            position += 1
    raise EditError(f"could not find the end of the {key} list")  # the reader accepted it, so unreachable


def insert_list_item(front: list[str], key: str, fields: Fields, newline: str) -> list[str]:
    """The front-matter lines (with line ends) with the entry ``fields`` appended to the list under ``key``."""
    from ruamel.yaml import YAML  # noqa: PLC0415 - only editing needs it; keeps `playbook --help` fast
    from ruamel.yaml.comments import CommentedMap, CommentedSeq  # noqa: PLC0415
    from ruamel.yaml.error import YAMLError  # noqa: PLC0415

    reader = YAML(typ="rt")
    try:
        data = reader.load(io.StringIO("".join(front)))
    except YAMLError as error:
        raise EditError(f"the front matter cannot be read: {error}", code=1) from None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise EditError("the front matter is not a mapping", code=1)
    lines = list(front)
    if key not in data:
        dash, spacing = _block_style(lines)
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        return lines + [f"{key}:{newline}", _block_entry(fields, dash, spacing, newline)]
    value = data[key]
    key_line = data.lc.key(key)[0]
    if value is None:  # `key:` with nothing after it
        dash, spacing = _block_style(lines)
        return lines[: key_line + 1] + [_block_entry(fields, dash, spacing, newline)] + lines[key_line + 1:]
    if not isinstance(value, CommentedSeq):
        raise EditError(f"'{key}' is not a list", code=1)
    line, column = data.lc.value(key)
    if lines[line][column:column + 1] == "[":  # a flow list; ruamel leaves the style unset on an empty one
        end_line, end_column = _closing_bracket(lines, line, column, key)
        text = lines[end_line]
        # after the last item, keeping any space before the ']' where it was: "[a, b ]" -> "[a, b, c ]"
        at = len(text[:end_column].rstrip()) if text[:end_column].strip() else end_column
        separator = ", " if len(value) else ""
        lines[end_line] = text[:at] + separator + flow_entry(fields) + text[at:]
        return lines
    # A block list: the new item goes after the last line of the last item, before any trailing comments.
    last_item_line = value.lc.item(len(value) - 1)[0] if len(value) else key_line
    later_keys = [data.lc.key(k)[0] for k in data if data.lc.key(k)[0] > key_line]
    stop = min(later_keys) if later_keys else len(lines)
    insert_at = last_item_line + 1
    for index in range(last_item_line + 1, stop):
        if _is_content(lines[index]):
            insert_at = index + 1
    match = _DASH.match(lines[value.lc.item(len(value) - 1)[0]]) if len(value) else None
    dash, spacing = (len(match.group(1)), len(match.group(2))) if match else _block_style(lines)
    last = value[-1] if len(value) else None
    if isinstance(last, CommentedMap) and last.fa.flow_style():  # items written as {by: ..., role: ...}
        entry = " " * dash + "-" + " " * spacing + flow_entry(fields) + newline
    else:
        entry = _block_entry(fields, dash, spacing, newline)
    starts = [value.lc.item(i)[0] for i in range(1, len(value))]
    if starts and all(not lines[start - 1].strip() for start in starts):  # entries set apart by blank lines
        entry = newline + entry
    if insert_at > 0 and not lines[insert_at - 1].endswith(("\n", "\r")):
        lines[insert_at - 1] += newline
    return lines[:insert_at] + [entry] + lines[insert_at:]


def _round_trip(lines: list[str]):
    """The text read by ruamel.yaml's round-trip loader (which keeps every key's line and column)."""
    from ruamel.yaml import YAML  # noqa: PLC0415 - only editing needs it; keeps `playbook --help` fast
    from ruamel.yaml.error import YAMLError  # noqa: PLC0415

    try:
        return YAML(typ="rt").load(io.StringIO("".join(lines)))
    except YAMLError as error:
        raise EditError(f"the YAML cannot be read: {error}", code=1) from None


_PLAIN_VALUE_END = re.compile(r"[ \t]+#|[ \t]*\r?\n?\Z")


def set_item_keys(lines: list[str], key: str, index: int, fields: Fields, newline: str) -> list[str]:
    """The lines with keys ``fields`` set in entry ``index`` of the block list under top-level ``key``:
    a key the entry has is replaced where it is written (one-line values only), a new one is added
    after the entry's last line, indented like its other keys."""
    from ruamel.yaml.comments import CommentedMap  # noqa: PLC0415

    data = _round_trip(lines)
    if not isinstance(data, CommentedMap) or key not in data or not isinstance(data[key], list) \
            or not 0 <= index < len(data[key]) or not isinstance(data[key][index], CommentedMap):
        raise EditError(f"entry {index + 1} under {key}: is not a mapping", code=1)
    items, entry = data[key], data[key][index]
    if entry.fa.flow_style() or items.fa.flow_style():
        raise EditError(f"entry {index + 1} under {key}: is written on one line ({{...}})", code=1)
    lines = list(lines)
    first_key = next(iter(entry))
    indent = entry.lc.key(first_key)[1]
    later = [items.lc.item(index + 1)[0]] if index + 1 < len(items) else []
    later += [data.lc.key(k)[0] for k in data if data.lc.key(k)[0] > entry.lc.key(first_key)[0]]
    stop = min(later) if later else len(lines)
    last = max(i for i in range(entry.lc.key(first_key)[0], stop) if _is_content(lines[i]))
    added = []
    for name, value in fields:
        if name not in entry:
            added.append(" " * indent + f"{name}: {value}" + newline)
            continue
        line, column = entry.lc.value(name)
        text = lines[line]
        tail = _PLAIN_VALUE_END.search(text, column)
        if entry.lc.key(name)[0] != line or isinstance(entry[name], (list, dict)) or tail is None \
                or text[column:column + 1] in ("|", ">", "[", "{", "&", "*", "!"):
            raise EditError(f"'{name}' in entry {index + 1} under {key}: is not a one-line value", code=1)
        lines[line] = text[:column] + value + text[tail.start():]
    if added and not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    return lines[:last + 1] + added + lines[last + 1:]


def _plain(front: str, path: str):
    """The front matter as plain data, read by the handbook's own loader."""
    source = Source(path)
    problems = ProblemList()
    if not parse_yaml(front, 0, source, problems):
        return None
    return source.data or {}


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _Document:
    """A Markdown file split around its front matter: ``lines[first]`` and ``lines[end]`` are the fences."""

    def __init__(self, path: Path):
        self.path = path
        raw = path.read_bytes()
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw[3:].decode("utf-8") if self.bom else raw.decode("utf-8")
        self.newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"  # keep the file's line ends
        lines = text.splitlines(keepends=True)
        first = 0
        while first < len(lines) and not lines[first].strip():
            first += 1
        if first == len(lines) or not _FENCE.match(lines[first]):
            raise EditError(f"{path.name} does not start with a front-matter block", code=1)
        end = next((i for i in range(first + 1, len(lines))
                    if _FENCE.match(lines[i]) or lines[i].rstrip() == "..."), None)
        if end is None:
            raise EditError(f"{path.name}: the front-matter block is not closed", code=1)
        self.lines, self.first, self.end = lines, first, end

    @property
    def front(self) -> list[str]:
        return self.lines[self.first + 1:self.end]

    def plain(self, front: list[str]):
        return _plain(_lf("".join(front)), self.path.name)

    def write(self, new_front: list[str]) -> None:
        result = "".join(self.lines[: self.first + 1] + new_front + self.lines[self.end:])
        write_atomically(self.path, (b"\xef\xbb\xbf" if self.bom else b"") + result.encode("utf-8"))


def append_to_list(path: Path, key: str, fields: Fields, what: str) -> None:
    """Append the entry ``fields`` to the list under ``key`` in the front matter of ``path``; ``what`` names
    the entry in a refusal ("the approval")."""
    document = _Document(path)
    front = document.front
    new_front = insert_list_item(front, key, fields, document.newline)
    expected = dict(document.plain(front) or {})
    entry = (_plain(f"entry: {flow_entry(fields)}\n", path.name) or {}).get("entry")  # quoted values unquoted
    expected[key] = list(expected.get(key) or []) + [entry]
    if document.plain(new_front) != expected:
        raise EditError(f"could not add {what} to {path.name} without changing other keys; add this "
                        f"entry under {key}: by hand: {flow_entry(fields)}")
    document.write(new_front)


def _scalar_span(line: str, start: int) -> tuple[int, int] | None:
    """Where the one-line scalar that begins at ``start`` is written: the text between its quotes, or a
    plain value up to a comment or the line end; None when a quoted value goes on to the next line."""
    quote = line[start:start + 1]
    if quote not in ("'", '"'):
        comment = re.search(r"[ \t]#", line[start:])
        stop = start + comment.start() if comment else len(line)
        return start, start + len(line[start:stop].rstrip())
    position = start + 1
    while position < len(line):
        char = line[position]
        if char == quote and quote == "'" and line[position + 1:position + 2] == "'":
            position += 2  # '' is a quote inside single quotes
        elif char == "\\" and quote == '"':
            position += 2
        elif char == quote:
            return start + 1, position
        else:
            position += 1
    return None


def replace_scalar(path: Path, key: str, rewrite, what: str, *, write: bool = True) -> str:
    """Replace the one-line value of the top-level ``key`` in the front matter of ``path``.

    ``rewrite`` gets the value as written (without its quotes) and returns the new text, which is put
    between the same quotes; ``what`` names the value in a refusal. Returns the new text. With
    ``write=False`` nothing is written: every check runs, so a caller can vet several files first.
    """
    document = _Document(path)
    front = document.front
    source = Source(path.name)
    if not parse_yaml(_lf("".join(front)), 0, source, ProblemList()) or not isinstance(source.data, dict) \
            or not isinstance(source.data.get(key), str):
        raise EditError(f"{path.name}: no one-line {key} to change", code=1)
    line, column = source.positions[(key,)][1]  # 1-based
    text = front[line - 1]
    span = _scalar_span(text, column - 1)
    if span is None:
        raise EditError(f"{path.name}: {key} goes on over several lines; write it on one line", code=1)
    new = rewrite(text[span[0]:span[1]])
    new_front = list(front)
    new_front[line - 1] = text[:span[0]] + new + text[span[1]:]
    expected = {**document.plain(front), key: new}
    if document.plain(new_front) != expected:
        raise EditError(f"could not change {what} in {path.name} without changing anything else; "
                        f"write {key}: {new} by hand")
    if write:
        document.write(new_front)
    return new


def _parsed(fields: Fields) -> dict:
    """The entry as the handbook's reader reads it (a quoted value without its quotes)."""
    return (_plain("entry: " + flow_entry(fields), "entry") or {}).get("entry")


def _read_yaml_file(path: Path) -> tuple[bool, str, list[str]]:
    """(BOM?, line end, lines with their ends) of a whole .yml file."""
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
    return bom, newline, text.splitlines(keepends=True)


def _write_checked(path: Path, bom: bool, old: list[str], new: list[str], expected_change, manual: str) -> None:
    """Write ``new`` if the handbook's reader finds exactly the old data changed by ``expected_change``."""
    before = _plain(_lf("".join(old)), path.name)
    after = _plain(_lf("".join(new)), path.name)
    if before is None:
        raise EditError(f"{path.name} cannot be read; fix it first (playbook validate shows where)", code=1)
    if not isinstance(before, dict):
        raise EditError(f"{path.name} is not a mapping of keys", code=1)
    if after != expected_change(before):
        raise EditError(f"could not change {path.name} without changing more than {manual}")
    write_atomically(path, (b"\xef\xbb\xbf" if bom else b"") + "".join(new).encode("utf-8"))


def append_to_yaml_list(path: Path, key: str, fields: Fields, what: str, header: str = "") -> None:
    """Append the entry ``fields`` to the list under top-level ``key`` of the .yml file ``path``, in the
    style of the entries there; a missing file is created (starting with ``header``), a missing key added."""
    created = not path.exists()
    if created:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(header.encode("utf-8"))
    try:
        bom, newline, lines = _read_yaml_file(path)
        data = _round_trip(lines)
        if data is not None and not hasattr(data, "lc"):
            raise EditError(f"{path.name} is not a mapping of keys", code=1)
        new = insert_list_item(lines, key, fields, newline)

        def expected(before: dict) -> dict:
            out = dict(before)
            out[key] = list(out.get(key) or []) + [_parsed(fields)]
            return out

        _write_checked(path, bom, lines, new, expected,
                       f"{what}; add it under {key}: by hand: {flow_entry(fields)}")
    except BaseException:
        if created:
            path.unlink(missing_ok=True)  # no half-made file left behind
        raise


def set_in_list_item(path: Path, key: str, index: int, fields: Fields, what: str) -> None:
    """Set the keys ``fields`` in entry ``index`` of the list under top-level ``key`` of the .yml file."""
    bom, newline, lines = _read_yaml_file(path)
    new = set_item_keys(lines, key, index, fields, newline)

    def expected(before: dict) -> dict:
        out = dict(before)
        out[key] = list(out[key])
        out[key][index] = {**out[key][index], **_parsed(fields)}
        return out

    manual = ", ".join(f"{k}: {v}" for k, v in fields)
    _write_checked(path, bom, lines, new, expected, f"{what}; write {manual} in it by hand")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the file in one step, keeping its permissions: a crash never leaves half a file."""
    mode = path.stat().st_mode
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
