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

import hashlib
import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml._yaml import CParser

from .problems import Pos, Problem, ProblemList
from .yaml_hints import syntax_hint

MAX_FILE_BYTES = 512 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 8
MAX_NUMBER_DIGITS = 100  # Python refuses to read integers over 4,300 digits; nothing here needs 100

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # _CONTROL and CR
_LINE_SEPARATOR = re.compile("[\u2028\u2029]")
_LEADING_BLANKS = re.compile(r"(?:[ \t]*\n)*")
_FENCE_LINE = re.compile(r"---[ \t]*(?=\n|\Z)")
_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

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
    positions: dict[tuple, tuple[tuple, tuple]] = field(default_factory=dict)
    ok: bool = True

    def key_pos(self, *keys) -> Pos:
        for n in range(len(keys), 0, -1):
            found = self.positions.get(tuple(keys[:n]))
            if found:
                return Pos(*found[0])
        return Pos(1, 1)

    def value_pos(self, *keys) -> Pos:
        found = self.positions.get(tuple(keys))
        if found:
            return Pos(*found[1])
        return self.key_pos(*keys)


_PLAIN_START = frozenset("0123456789+-.~nNtTfF")


def _scalar(value: str, style, tag):
    if style or tag == "!" or not value or value[0] not in _PLAIN_START or ":" in value:
        # quoted and block scalars are text; so is any plain word that cannot be null/bool/number
        # (no YAML 1.2 core value has a colon: times such as 09:30 and datetimes stay text)
        return value if value or style or tag == "!" else None
    if len(value) > MAX_NUMBER_DIGITS and (_INT.match(value) or _FLOAT.match(value) or _INT_HEX.match(value)
                                           or _INT_OCT.match(value)):
        raise _Refused((0, 0), "schema.value", f"a number with more than {MAX_NUMBER_DIGITS} digits",
                       "write a smaller number, or quote it to make it text")
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
    def __init__(self, pos: tuple, rule: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.pos, self.rule, self.message, self.hint = Pos(*pos), rule, message, hint


_NO_KEY = object()  # a mapping frame waiting for its next key
_SCALAR, _MAP_START, _SEQ_START = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_SKIP = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
_ANCHOR_HINT = "write the value out in full; anchors and aliases are not supported"


def parse_yaml(text: str, line_offset: int, source: Source, problems: ProblemList) -> bool:
    """Parse one YAML document into ``source.data``; report problems; return success.

    A hand-rolled loop over libyaml's events (the hot path of validation):
    each frame on the stack is [container, key path, pending key, key positions].
    """
    offset = line_offset + 1
    separator = _LINE_SEPARATOR.search(text)
    if separator is not None:  # YAML ends a line there; editors, reviewers and our positions do not
        before = text[: separator.start()]
        problems.add(source.path, Pos(before.count("\n") + offset, separator.start() - before.rfind("\n")),
                     "file.encoding", f"line separator U+{ord(separator.group()):04X} is not allowed in YAML",
                     "YAML would start a new line there although editors show one line: remove it, or write "
                     "\\u2028 inside double quotes")
        return False
    stack: list[list] = []
    root: list[Any] = []
    positions = source.positions
    parser = CParser(text)
    try:
        documents = 0
        while True:
            event = parser.get_event()
            if event is None:
                break
            kind = type(event)
            mark = event.start_mark
            if kind is _SCALAR:
                if event.anchor:
                    raise _Refused(Pos(mark.line + offset, mark.column + 1), "yaml.syntax",
                                   f"anchor '&{event.anchor}' is not allowed", _ANCHOR_HINT)
                here = (mark.line + offset, mark.column + 1)
                tag = event.tag
                if tag is not None and tag != "!":
                    _refuse_tag(tag, here)
                if event.style == '"':
                    _refuse_escaped_control(event.value, here)
                frame = stack[-1] if stack else None
                if frame is not None and frame[2] is _NO_KEY and type(frame[0]) is dict:
                    key = event.value  # keys are always text, never resolved
                    if key in frame[3]:
                        _duplicate(key, here, frame[3][key])
                    frame[2] = key
                    frame[3][key] = here
                    continue
                try:
                    value = _scalar(event.value, event.style, tag)
                except _Refused as refused:
                    raise _Refused(here, refused.rule, refused.message, refused.hint) from None
                _place(value, frame, root, positions, here)
            elif kind in _ENDS:
                done = stack.pop()
                _place(done[0], stack[-1] if stack else None, root, positions, done[4])
            elif kind is _MAP_START or kind is _SEQ_START:
                here = (mark.line + offset, mark.column + 1)
                if event.anchor:
                    raise _Refused(here, "yaml.syntax", f"anchor '&{event.anchor}' is not allowed", _ANCHOR_HINT)
                if event.tag is not None and event.tag != "!":
                    _refuse_tag(event.tag, here)
                frame = stack[-1] if stack else None
                if frame is not None and frame[2] is _NO_KEY and type(frame[0]) is dict:
                    raise _Refused(here, "yaml.syntax", "a mapping key must be a plain value",
                                   "use a simple word as the key")
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(here, "yaml.syntax", f"nesting deeper than {MAX_DEPTH} levels",
                                   "flatten the structure")
                if frame is None:
                    path = ()
                elif type(frame[0]) is dict:
                    path = frame[1] + (frame[2],)
                else:
                    path = frame[1] + (len(frame[0]),)
                stack.append([{} if kind is _MAP_START else [], path, _NO_KEY, {}, here])
            elif kind is yaml.AliasEvent:
                raise _Refused(Pos(mark.line + offset, mark.column + 1), "yaml.syntax",
                               f"alias '*{event.anchor}' is not allowed", _ANCHOR_HINT)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused(Pos(mark.line + offset, mark.column + 1), "yaml.syntax",
                                   "more than one YAML document in one block", "remove the extra '---' separator")
            elif kind not in _SKIP:  # pragma: no cover - libyaml has no other events
                raise _Refused(Pos(mark.line + offset, mark.column + 1), "yaml.syntax", "unexpected YAML")
    except _Refused as refused:
        problems.add(source.path, refused.pos, refused.rule, refused.message, refused.hint)
        return False
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and "end of stream" in str(error.problem):
            mark = error.context_mark  # an unclosed quote or bracket: point at where it opened
        where = Pos(mark.line + offset, mark.column + 1) if mark else Pos(offset, 1)
        message = " ".join(str(x) for x in (error.context, error.problem) if x)
        problems.add(source.path, where, "yaml.syntax", f"YAML syntax error: {message}",
                     syntax_hint(text, mark.line if mark else 0, str(error.problem or "")))
        return False
    except yaml.YAMLError as error:  # pragma: no cover - libyaml always marks
        problems.add(source.path, Pos(offset, 1), "yaml.syntax", f"YAML error: {error}")
        return False
    finally:
        parser.dispose()
    source.data = root[0] if root else None
    return True


def _refuse_escaped_control(value: str, here: tuple) -> None:
    """A double-quoted scalar can spell control characters as escapes ("\\r", "\\x1b", "\\0") that the
    file check never sees: refuse them too (CR would split an iCal line, ESC rewrites a CI log)."""
    bad = control_character(value)
    if bad:
        raise _Refused(here, "file.encoding", f"control character U+{ord(bad):04X} is not allowed",
                       "remove the escape sequence from the quoted text")


def control_character(value: str) -> str | None:
    """The first character a value in a file may not hold, even escaped (controls other than tab and line
    feed), or None: what a command checks before it writes a value."""
    bad = _ESCAPED_CONTROL.search(value)
    return bad.group() if bad else None


def _refuse_tag(tag: str, here: Pos) -> None:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    raise _Refused(here, "yaml.syntax", f"explicit tag '{shown}' is not allowed",
                   "remove the tag; values are read as plain YAML 1.2 data")


def _duplicate(key: str, here: tuple, first: tuple) -> None:
    raise _Refused(here, "yaml.duplicate-key", f"duplicate key '{key}' (first defined on line {first[0]})",
                   f"keep one of the two '{key}' keys; YAML would silently drop one")


def _place(value, frame: list | None, root: list, positions: dict, here: Pos) -> None:
    if frame is None:
        root.append(value)
        return
    container = frame[0]
    if type(container) is dict:
        key = frame[2]
        container[key] = value
        positions[frame[1] + (key,)] = (frame[3][key], here)
        frame[2] = _NO_KEY
    else:
        positions[frame[1] + (len(container),)] = (here, here)
        container.append(value)


def read_text(path: str, rel: str, problems: ProblemList, limit: int = MAX_FILE_BYTES) -> str | None:
    """Read a file as UTF-8 text with LF line ends, or report why not (over ``limit`` bytes: refused).

    Symbolic links are refused when the folders are scanned; O_NOFOLLOW
    closes the gap between scanning and reading.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            raw = read_at_most(descriptor, limit + 1)
        finally:
            os.close(descriptor)
    except OSError as error:
        problems.add(rel, Pos(), "file.encoding", f"cannot read file: {error.strerror}",
                     "symbolic links are not allowed; replace it with a real file" if error.errno == 40 else None)
        return None
    if len(raw) > limit:
        problems.add(rel, Pos(), "file.encoding", f"file is over the {limit}-byte limit",
                     "split it into smaller files")
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


def read_at_most(descriptor: int, most: int) -> bytes:
    """The file's bytes, at most ``most`` of them.

    Asks first for the size the file reports and one byte more (to see its end), not for ``most``:
    allocating ``most`` bytes per file cost more than reading all the posts. A file that grows, or
    reports no size, is read on up to ``most``.
    """
    pieces = [os.read(descriptor, min(os.fstat(descriptor).st_size + 1, most))]
    remaining = most - len(pieces[0])
    while remaining and pieces[-1]:
        pieces.append(os.read(descriptor, min(remaining, 65536)))
        remaining -= len(pieces[-1])
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


MAX_MARKDOWN_DEPTH = 32
_CONTAINER_MARK = re.compile(r">|[-*+]|[0-9]{1,9}[.)]")
_CONTAINER_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])))+|[ \t]+")


def markdown_too_deep(body: str, first_line: int) -> tuple[Pos, int] | None:
    """Where Markdown written by staff nests quotes, lists or indentation deeper than the converter can
    follow (python-markdown recurses once per level): the position and the depth, or None."""
    for number, line in enumerate(body.split("\n")):
        prefix = _CONTAINER_PREFIX.match(line)
        if prefix is None or prefix.end() < MAX_MARKDOWN_DEPTH:
            continue
        text = prefix.group().expandtabs(4)
        depth = len(_CONTAINER_MARK.findall(text)) + text.count(" ") // 4
        if depth > MAX_MARKDOWN_DEPTH:
            return Pos(first_line + number, 1), depth
    return None


class ParseCache:
    """Parsed files kept between loads, each under its repository-relative path and exact text: the
    rebuilds of `mkdocs serve`, and the two sides `playbook diff` compares (most files are the same).

    Every rebuild still reads every file (cheap); only a file whose text is identical to the last
    parse reuses that parse (its ``Source`` and the problems parsing found), so a saved file is never
    served stale, whatever its size or modification time. ``Source`` objects are not changed after
    parsing, so two handbooks may share them.
    """

    def __init__(self):
        self._parsed: dict[str, tuple[str, Source, list[Problem]]] = {}
        self._fingerprints: dict[str, str] = {}  # path -> SHA-256 of the text kept in _parsed

    def parse(self, text: str, rel: str, parse, problems: ProblemList) -> Source:
        """``parse(text, source, problems)`` unless ``text`` at ``path`` was parsed before."""
        known = self._parsed.get(rel)
        if known is not None and known[0] == text:
            problems.extend(known[2])
            return known[1]
        source, found = Source(rel), ProblemList()
        parse(text, source, found)
        problems.extend(found.items)
        self._parsed[rel] = (text, source, found.items)
        self._fingerprints.pop(rel, None)
        return source

    def fingerprint(self, source: Source) -> str | None:
        """The SHA-256 of the text ``source`` was parsed from, if it is the parse this cache keeps for its
        path (None otherwise): what a page built from it depends on, cheaper to compare than its data."""
        known = self._parsed.get(source.path)
        if known is None or known[1] is not source:
            return None
        if source.path not in self._fingerprints:
            self._fingerprints[source.path] = hashlib.sha256(known[0].encode("utf-8")).hexdigest()
        return self._fingerprints[source.path]


def _parse_yaml_file(text: str, source: Source, problems: ProblemList) -> None:
    if not parse_yaml(text, 0, source, problems):
        source.ok = False


def read_yaml_file(path: str, rel: str, problems: ProblemList, cache: ParseCache | None = None) -> Source:
    """Read a whole-file YAML document (channels.yml, team.yml ...)."""
    return _read(path, rel, problems, _parse_yaml_file, cache)


def read_markdown_file(path: str, rel: str, problems: ProblemList, cache: ParseCache | None = None) -> Source:
    """Read a Markdown file with a YAML front-matter block."""
    return _read(path, rel, problems, split_front_matter, cache)


def _read(path: str, rel: str, problems: ProblemList, parse, cache: ParseCache | None) -> Source:
    text = read_text(path, rel, problems)
    if text is None:
        return Source(rel, ok=False)
    if cache is not None:
        return cache.parse(text, rel, parse, problems)
    source = Source(rel)
    parse(text, source, problems)
    return source


def split_front_matter(text: str, source: Source, problems: ProblemList) -> None:
    leading = _LEADING_BLANKS.match(text)  # leading blank lines are tolerated
    first = text.count("\n", 0, leading.end())  # 0-based line of the opening fence
    opening = _FENCE_LINE.match(text, leading.end())
    if not opening:
        problems.add(source.path, Pos(first + 1, 1), "file.front-matter",
                     "file does not start with a front-matter block",
                     "start the file with a line '---', the YAML keys, then another '---'")
        source.ok = False
        return
    block_start = opening.end() + 1
    closing = _CLOSING_FENCE.search(text, block_start) if block_start <= len(text) else None
    if closing is None:
        problems.add(source.path, Pos(first + 1, 1), "file.front-matter",
                     "front-matter block is not closed",
                     "add a line '---' after the last front-matter key")
        source.ok = False
        return
    block = text[block_start:closing.start()]
    if len(block) > MAX_FRONT_MATTER_BYTES // 4 and len(block.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        problems.add(source.path, Pos(first + 1, 1), "file.front-matter",
                     f"front matter is over {MAX_FRONT_MATTER_BYTES} bytes",
                     "move long text into the body")
        source.ok = False
        return
    closing_line = first + 1 + block.count("\n")  # 0-based
    source.body_line = closing_line + 2
    source.body = text[closing.end() + 1:]
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


# -- CSV: metrics exports ------------------------------------------------------


@dataclass
class CsvSource:
    """One CSV file's lines and header, kept so a problem can name the line and column of any cell."""

    path: str
    lines: list[str]
    columns: list[str]  # the header's column names, in file order

    def pos(self, line: int, column: str | None = None) -> Pos:
        """Where the cell of ``column`` starts on ``line`` (1-based); the line's start without a column."""
        if line > len(self.lines):
            return Pos(line, 1)
        text = self.lines[line - 1]
        starts = cell_starts(text)
        index = self.columns.index(column) if column in self.columns else 0
        return Pos(line, starts[index] if index < len(starts) else len(text) + 1)


def cell_starts(line: str) -> list[int]:
    """The 1-based column where each comma-separated cell of ``line`` starts, reading quotes as RFC 4180 does.

    Only called for a line a problem is about, so a plain scan is fast enough.
    """
    starts = [1]
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted  # a doubled quote toggles twice: still inside
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts
