"""Metrics: ``content/metrics/*.csv`` (what the platforms' analytics exports hold) and ``competitors.csv``.

Read with Python's csv module, line by line so every cell keeps its line
and column. A row is one day: a post's counts for that day, or (``post``
empty) the account's follower count at the end of it. Problems in a cell's
form (``metrics.format``, ``metrics.number``) are reported here; whether a
post or channel exists, duplicates and dates before a post went out are
rules (``rules/metrics.py``), because they need the whole handbook.

Hostile input is bounded before it costs memory or time: a file over
``MAX_BYTES``, more than ``MAX_ROWS`` rows, or a cell over ``MAX_CELL``
characters is refused with a located problem.
"""

from __future__ import annotations

import csv
import re
from datetime import date

from .. import model as m
from ..problems import Pos, ProblemList
from ..source import CsvSource, read_text
from ..suggest import did_you_mean

MAX_BYTES = 16 * 1024 * 1024  # a year of daily rows for a large team is about 5 MB
MAX_ROWS = 250_000
MAX_CELL = 2_000  # a permalink with tracking parameters fits
COMPETITORS = "content/metrics/competitors.csv"

POST_COLUMNS = ("date", "channel", "post") + m.POST_COUNTS + m.ACCOUNT_COUNTS
COMPETITOR_COLUMNS = ("date", "competitor", "channel") + m.COMPETITOR_COUNTS
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_GROUPED = re.compile(r"[0-9]{1,3}(?:[,. ][0-9]{3})+\Z")


class _Reader:
    """Reads one CSV file's rows into (line, cells by column name), reporting problems of form."""

    def __init__(self, path: str, rel: str, problems: ProblemList, columns: tuple[str, ...],
                 required: tuple[str, ...]):
        self.rel = rel
        self.problems = problems
        self.known = columns
        self.source: CsvSource | None = None
        self._days: dict[str, date] = {}
        text = read_text(path, rel, problems, limit=MAX_BYTES)
        if text is None:
            return
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) > MAX_ROWS + 1:
            problems.add(rel, Pos(MAX_ROWS + 2, 1), "metrics.format",
                         f"more than {MAX_ROWS:,} rows in one file",
                         "split the export into one file per month or quarter")
            return
        header = next(csv.reader(lines[:1]), [])
        self.source = CsvSource(rel, lines, [name.strip() for name in header])
        self._check_header(required)

    def _check_header(self, required: tuple[str, ...]) -> None:
        columns = self.source.columns
        if not columns:
            self.problems.add(self.rel, Pos(), "metrics.format", "the file has no header row",
                              f"start with the column names: {','.join(self.known)}")
            self.source = None
            return
        for name in columns:
            if name not in self.known:
                self.problems.add(self.rel, self.source.pos(1, name), "metrics.format", f"unknown column '{name}'",
                                  did_you_mean(name, self.known) or f"columns: {', '.join(self.known)}")
            elif columns.count(name) > 1:
                self.problems.add(self.rel, self.source.pos(1, name), "metrics.format",
                                  f"column '{name}' appears twice", "keep one of them")
        missing = [name for name in required if name not in columns]
        if missing:
            self.problems.add(self.rel, Pos(1, 1), "metrics.format",
                              f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                              f"the header needs at least {', '.join(required)}")
            self.source = None

    def rows(self):
        """(line number, {column: stripped cell}) for every data row whose shape is right.

        The hot loop of a year of exports: checks run on the whole line first and per cell only when
        the line could hold a problem.
        """
        if self.source is None:
            return
        columns = self.source.columns
        width = len(columns)
        lines = self.source.lines
        reader = csv.reader(iter(lines[1:]))
        line = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:  # a quote left open: the reader would swallow the rest
                self.problems.add(self.rel, Pos(line + 1, 1), "metrics.format", f"cannot read the row: {error}",
                                  'put a cell that contains a comma in double quotes, and double any " inside it')
                return
            first, line = line + 1, reader.line_num + 1
            if line != first:
                self.problems.add(self.rel, Pos(first, 1), "metrics.format", "a cell spans several lines",
                                  "remove the line break inside the quoted cell")
                continue
            if len(cells) != width:
                if cells and (len(cells) > 1 or cells[0].strip()):  # a blank line is skipped
                    self.problems.add(self.rel, Pos(line, 1), "metrics.format",
                                      f"{len(cells)} cells where the header has {width}",
                                      "every row needs one cell per column; leave a count empty when it is not known")
                continue
            if len(lines[line - 1]) > MAX_CELL:
                long = next((i for i, cell in enumerate(cells) if len(cell) > MAX_CELL), None)
                if long is not None:
                    self.problems.add(self.rel, self.source.pos(line, columns[long]), "metrics.format",
                                      f"cell longer than {MAX_CELL} characters", "shorten it")
                    continue
            yield line, dict(zip(columns, [cell.strip() for cell in cells], strict=True))

    def day(self, line: int, written: str) -> date | None:
        known = self._days.get(written)  # a month's export repeats thirty dates
        if known is not None:
            return known
        if _DATE.match(written):
            try:
                known = self._days[written] = date.fromisoformat(written)
                return known
            except ValueError:
                pass
        self.problems.add(self.rel, self.source.pos(line, "date"), "metrics.format",
                          f"'{written}' is not a date" if written else "the date is empty",
                          "write the day as YYYY-MM-DD, e.g. 2027-04-12")
        return None

    def counts(self, line: int, cells: dict[str, str], names: tuple[str, ...]) -> dict[str, int]:
        """The counts the row reports (empty cells are not reported). A cell that is not a number is a
        problem and left out, and the row is kept, so its other problems (an unknown post, a duplicate)
        are reported in the same run."""
        out = {}
        for name in names:
            written = cells.get(name)
            if not written:
                continue
            if written.isdigit() and written.isascii() and len(written) <= 15:
                out[name] = int(written)
                continue
            if _GROUPED.match(written):
                hint = f"write it without separators: {re.sub('[,. ]', '', written)}"
            else:
                hint = "a count is a whole number of 0 or more; leave the cell empty when it is not known"
            self.problems.add(self.rel, self.source.pos(line, name), "metrics.number",
                              f"{name} '{written}' is not a count", hint)
        return out


def read_metrics(path: str, rel: str, problems: ProblemList) -> list[m.MetricRow]:
    """The rows of one ``content/metrics/<name>.csv`` (not competitors.csv)."""
    reader = _Reader(path, rel, problems, POST_COLUMNS, ("date", "channel", "post"))
    out = []
    for line, cells in reader.rows():
        day = reader.day(line, cells["date"])
        counts = reader.counts(line, cells, m.POST_COUNTS + m.ACCOUNT_COUNTS)
        channel = cells["channel"]
        if not channel:
            problems.add(rel, reader.source.pos(line, "channel"), "metrics.format", "the channel is empty",
                         "name the channel id from calendar/channels.yml")
            continue
        if day is None:
            continue
        post = cells["post"]
        account_only = next((name for name in m.ACCOUNT_COUNTS if name in counts), None) if post else None
        if account_only:
            problems.add(rel, reader.source.pos(line, account_only), "metrics.format",
                         f"{account_only} belong on the account row, not a post's row",
                         f"leave {account_only} empty here and give it on a row with an empty post cell")
            continue
        if not counts:
            continue  # nothing reported: nothing to count
        out.append(m.MetricRow(day, channel, post, counts, reader.source, line))
    return out


def read_competitors(path: str, rel: str, problems: ProblemList) -> list[m.CompetitorRow]:
    """The rows of ``content/metrics/competitors.csv``."""
    reader = _Reader(path, rel, problems, COMPETITOR_COLUMNS, ("date", "competitor", "channel"))
    out = []
    for line, cells in reader.rows():
        day = reader.day(line, cells["date"])
        counts = reader.counts(line, cells, m.COMPETITOR_COUNTS)
        for name in ("competitor", "channel"):
            if not cells[name]:
                problems.add(rel, reader.source.pos(line, name), "metrics.format", f"the {name} is empty",
                             "every row names the competitor and the channel")
                day = None
        if day is not None and counts:
            out.append(m.CompetitorRow(day, cells["competitor"], cells["channel"], counts, reader.source, line))
    return out
