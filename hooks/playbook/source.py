"""Read handbook files into source text with exact positions.

Untrusted input: every file is checked for size, encoding and control
characters before any YAML parser sees it, and front matter is split here
(not by python-frontmatter) so that reported lines and columns are exact with
a UTF-8 BOM, CRLF line ends or leading blank lines.

YAML is read from libyaml's event stream (fast, no recursion) and turned into
plain values with YAML 1.2 core-schema meaning: ``no``, ``on``, ``9:30`` and
``0755`` stay strings; dates stay strings too and are parsed later with a
position. Anchors, aliases, explicit tags, duplicate keys and deep nesting
are refused as problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Pos, ProblemList

MAX_FILE_BYTES = 512 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 8

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FENCE = re.compile(r"---[ \t]*$")

# YAML 1.2 core schema for plain scalars.
_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_TRUE = re.compile(r"(?:true|True|TRUE)\Z")
_FALSE = re.compile(r"(?:false|False|FALSE)\Z")
# Leading zeros keep a value a string (``0755``, ``0900``): never octal.
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_INT_OCT = re.compile(r"0o[0-7]+\Z")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")

# Tags that only make a scalar a string or mark the standard kinds; all others
# (``!!python/object``, ``!!set``, ``!!binary``, local tags) are refused.
_PLAIN_TAGS = {None, "!"}


@dataclass
class Source:
    """One file's parsed data with the position of every key and value.

    ``positions`` maps a key path such as ``("approvals", 0, "by")`` to the
    position of the key (for list items, of the item) and of its value.
    """

    path: str
    data: Any = None
    body: str = ""
    body_line: int = 1
    positions: dict[tuple, tuple[Pos, Pos]] = field(default_factory=dict)
    ok: bool = True

    def key_pos(self, *keys) -> Pos:
        for n in range(len(keys), 0, -1):
            found = self.positions.get(tuple(keys[:n]))
            if found:
                return found[0]
        return Pos(1, 1)

    def value_pos(self, *keys) -> Pos:
        found = self.positions.get(tuple(keys))
        if found:
            return found[1]
        return self.key_pos(*keys)


def _scalar(value: str, style, tag):
    if style or tag == "!":  # quoted or block scalars are strings
        return value
    if _NULL.match(value):
        return None
    if _TRUE.match(value):
        return True
    if _FALSE.match(value):
        return False
    if _INT.match(value):
        return int(value)
    if _INT_OCT.match(value):
        return int(value[2:], 8)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


class _Refused(Exception):
    def __init__(self, pos: Pos, rule: str, message: str, hint: str | None = None):
        self.pos, self.rule, self.message, self.hint = pos, rule, message, hint


def parse_yaml(text: str, line_offset: int, source: Source, problems: ProblemList) -> bool:
    """Parse one YAML document into ``source.data``; report problems; return success."""

    def pos(mark) -> Pos:
        return Pos(mark.line + line_offset + 1, mark.column + 1)

    # Stack entries: [container, path, pending key (for mappings), key positions]
    stack: list[list] = []
    root: list[Any] = []
    positions = source.positions
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            kind = type(event)
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            if kind is yaml.DocumentStartEvent:
                if root:
                    raise _Refused(pos(event.start_mark), "yaml.syntax",
                                   "more than one YAML document in one block",
                                   "remove the extra '---' separator")
                continue
            if kind is yaml.AliasEvent:
                raise _Refused(pos(event.start_mark), "yaml.syntax",
                               f"alias '*{event.anchor}' is not allowed",
                               "write the value out in full; anchors and aliases are not supported")
            if kind in (yaml.SequenceEndEvent, yaml.MappingEndEvent):
                done = stack.pop()
                _place(done[0], stack, root, done[1], positions, done[4])
                continue
            if getattr(event, "anchor", None):
                raise _Refused(pos(event.start_mark), "yaml.syntax",
                               f"anchor '&{event.anchor}' is not allowed",
                               "write the value out in full; anchors and aliases are not supported")
            tag = event.tag
            if tag not in _PLAIN_TAGS and not (kind is yaml.ScalarEvent and event.implicit[0]):
                raise _Refused(pos(event.start_mark), "yaml.syntax",
                               f"explicit tag '{tag}' is not allowed",
                               "remove the tag; values are read as plain YAML 1.2 data")
            here = pos(event.start_mark)
            if kind is yaml.ScalarEvent:
                value = _scalar(event.value, event.style, tag)
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                    _take_key(stack[-1], value, here)
                    continue
                _place(value, stack, root, None, positions, here)
                continue
            # Sequence or mapping start
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                raise _Refused(here, "yaml.syntax", "a mapping key must be a plain value",
                               "use a simple word as the key")
            if len(stack) >= MAX_DEPTH:
                raise _Refused(here, "yaml.syntax", f"nesting deeper than {MAX_DEPTH} levels",
                               "flatten the structure")
            container = {} if kind is yaml.MappingStartEvent else []
            path = _child_path(stack)
            stack.append([container, path, _NO_KEY, {}, here])
    except _Refused as refused:
        problems.add(source.path, refused.pos, refused.rule, refused.message, refused.hint)
        return False
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = pos(mark) if mark else Pos(line_offset + 1, 1)
        message = " ".join(str(x) for x in (error.context, error.problem) if x)
        problems.add(source.path, where, "yaml.syntax", f"YAML syntax error: {message}",
                     "check indentation, quotes and colons near this position")
        return False
    except yaml.YAMLError as error:  # pragma: no cover - libyaml always marks
        problems.add(source.path, Pos(line_offset + 1, 1), "yaml.syntax", f"YAML error: {error}")
        return False
    except _DuplicateKey as dup:
        problems.add(source.path, dup.pos, "yaml.duplicate-key",
                     f"duplicate key '{dup.key}' (first defined on line {dup.first.line})",
                     "keep one of the two; YAML keeps neither reliably")
        return False
    source.data = root[0] if root else None
    return True


class _NoKey:
    pass


_NO_KEY = _NoKey()


class _DuplicateKey(Exception):
    def __init__(self, key, pos: Pos, first: Pos):
        self.key, self.pos, self.first = key, pos, first


def _take_key(frame: list, key, here: Pos) -> None:
    if not isinstance(key, str):
        key = str(key) if not isinstance(key, bool) else ("true" if key else "false")
        if key == "None":
            key = ""
    if key in frame[0]:
        raise _DuplicateKey(key, here, frame[3][key])
    frame[2] = key
    frame[3][key] = here


def _child_path(stack: list) -> tuple:
    if not stack:
        return ()
    parent = stack[-1]
    if isinstance(parent[0], dict):
        return parent[1] + (parent[2],)
    return parent[1] + (len(parent[0]),)


def _place(value, stack: list, root: list, path, positions: dict, here: Pos) -> None:
    if not stack:
        root.append(value)
        return
    parent = stack[-1]
    container = parent[0]
    if isinstance(container, dict):
        key = parent[2]
        if key in container:  # the pending key was a duplicate of an earlier one
            raise _DuplicateKey(key, here, parent[3][key])
        container[key] = value
        positions[parent[1] + (key,)] = (parent[3][key], here)
        parent[2] = _NO_KEY
    else:
        positions[parent[1] + (len(container),)] = (here, here)
        container.append(value)


def read_text(path: Path, rel: str, problems: ProblemList) -> str | None:
    """Read a file as UTF-8 text with LF line ends, or report why not."""
    if path.is_symlink():
        problems.add(rel, Pos(), "file.encoding", "symbolic links are not allowed in the handbook",
                     "replace the link with a copy of the file")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.add(rel, Pos(), "file.encoding",
                         f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit",
                         "split it into smaller files")
            return None
        raw = path.read_bytes()
    except OSError as error:
        problems.add(rel, Pos(), "file.encoding", f"cannot read file: {error.strerror}")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        problems.add(rel, Pos(line, column), "file.encoding",
                     f"not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                     "save the file as UTF-8")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        before = text[: bad.start()]
        line = before.count("\n") + 1
        column = bad.start() - (before.rfind("\n") + 1) + 1
        problems.add(rel, Pos(line, column), "file.encoding",
                     f"control character U+{ord(bad.group()):04X} is not allowed",
                     "remove the invisible character")
        return None
    return text


def read_yaml_file(path: Path, rel: str, problems: ProblemList) -> Source:
    """Read a whole-file YAML document (channels.yml, team.yml ...)."""
    source = Source(rel)
    text = read_text(path, rel, problems)
    if text is None or not parse_yaml(text, 0, source, problems):
        source.ok = False
    return source


def read_markdown_file(path: Path, rel: str, problems: ProblemList) -> Source:
    """Read a Markdown file with a YAML front-matter block."""
    source = Source(rel)
    text = read_text(path, rel, problems)
    if text is None:
        source.ok = False
        return source
    split_front_matter(text, source, problems)
    return source


def split_front_matter(text: str, source: Source, problems: ProblemList) -> None:
    lines = text.split("\n")
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1  # leading blank lines are tolerated
    if first == len(lines) or not _FENCE.match(lines[first]):
        problems.add(source.path, Pos(first + 1 if first < len(lines) else 1, 1), "file.front-matter",
                     "file does not start with a front-matter block",
                     "start the file with a line '---', the YAML keys, then another '---'")
        source.ok = False
        return
    end = None
    for index in range(first + 1, len(lines)):
        if _FENCE.match(lines[index]) or lines[index].rstrip() == "...":
            end = index
            break
    if end is None:
        problems.add(source.path, Pos(first + 1, 1), "file.front-matter",
                     "front-matter block is not closed",
                     "add a line '---' after the last front-matter key")
        source.ok = False
        return
    block = "\n".join(lines[first + 1: end])
    if len(block.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        problems.add(source.path, Pos(first + 1, 1), "file.front-matter",
                     f"front matter is over {MAX_FRONT_MATTER_BYTES} bytes",
                     "move long text into the body")
        source.ok = False
        return
    body_start = end + 1
    source.body_line = body_start + 1
    source.body = "\n".join(lines[body_start:])
    if not parse_yaml(block, first + 1, source, problems):
        source.ok = False
        return
    if source.data is None:
        source.data = {}
    if not isinstance(source.data, dict):
        problems.add(source.path, Pos(first + 2, 1), "file.front-matter",
                     "front matter must be a mapping of keys to values",
                     "write 'key: value' lines between the '---' fences")
        source.ok = False
