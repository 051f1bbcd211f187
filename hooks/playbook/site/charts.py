"""Charts for the report pages: static SVG written at build time, plus the same numbers as a table.

Why not a library: pygal gives every chart a random uuid4 (its element ids
and the CSS scoped to them), so identical input would not give identical
bytes, and it links its tooltip script from a CDN unless told otherwise;
matplotlib's SVG backend can be made deterministic but is a large
dependency that writes fixed colours and embeds its own font outlines, so
the chart would not follow the light and dark colour schemes. The two
shapes the reports need, bars and lines, are a few rectangles and
polylines: drawn here, they use ``currentColor`` and mkdocs-material's CSS
variables (readable in both schemes), carry a ``<title>``, make no request,
and are byte-identical for identical input.

Every text from content (series and category names) passes through ``e()``.
Numbers are formatted with fixed precision, so output never depends on
float printing.
"""

from __future__ import annotations

import math

from .html import e

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 34, 40  # plot margins: axis labels left, legend top, categories below
SERIES_CLASSES = 6  # .pb-series-0 .. -5 in playbook.css


def number(value: float | None, percent: bool = False) -> str:
    """'12,840', '3.4%', '101.2' or '–' for a missing value: the same text in the chart and its table."""
    if value is None:
        return "–"
    if percent:
        return f"{value * 100:.1f}%"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value``: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _grid_steps(top: float, whole: bool) -> tuple[float, int]:
    """The axis maximum and how many grid intervals divide it: whole numbers for counts (no "1.5 posts")."""
    if not whole:
        return top, 4
    top = max(1, math.ceil(top))
    return top, next(steps for steps in (4, 5, 3, 2, 1) if top % steps == 0)


def _frame(ident: str, title: str, categories: list[str], series: dict[str, list[float | None]],
           percent: bool, whole: bool = False) -> tuple[list[str], float, float]:
    """The SVG's opening, title, legend and value grid; the axis maximum; the width per category."""
    top, steps = _grid_steps(
        _nice_max(max((v for values in series.values() for v in values if v is not None), default=0)), whole)
    parts = [f'<svg class="pb-chart" role="img" aria-labelledby="{ident}-title" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg" font-size="11" '
             'fill="currentColor">',
             f'<title id="{ident}-title">{e(title)}</title>']
    x = LEFT
    for index, name in enumerate(list(series)):  # legend
        parts.append(f'<rect class="pb-series-{index % SERIES_CLASSES}" x="{x}" y="8" width="10" height="10"/>'
                     f'<text x="{x + 14}" y="17">{e(name)}</text>')
        x += 24 + 7 * len(name)
    bottom = HEIGHT - BOTTOM
    for step in range(steps + 1):  # horizontal grid with values
        y = bottom - (bottom - TOP) * step / steps
        parts.append(f'<line class="pb-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{number(top * step / steps, percent)}'
                     f'</text>')
    return parts, top, (WIDTH - LEFT - RIGHT) / max(1, len(categories))


def _fit(label: str, width: int) -> list[str]:
    """A category label on at most two lines of ``width`` characters; '…' marks a cut, never a silent one."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 2 or any(len(line) > width for line in lines):
        lines = lines[:1] + [" ".join(lines[1:])] if len(lines) > 1 else lines
        lines = [line if len(line) <= width else line[:width - 1] + "…" for line in lines]
    return lines or [""]


def _labels(categories: list[str], centres: list[float]) -> list[str]:
    y = HEIGHT - BOTTOM + 16
    every = max(1, -(-len(categories) * 60 // (WIDTH - LEFT - RIGHT)))  # skip labels that would overlap
    width = max(6, int((WIDTH - LEFT - RIGHT) * every / max(1, len(categories)) / 5.8))  # ~5.8 px a character at 11 px
    out = []
    for index, (label, x) in enumerate(zip(categories, centres, strict=True)):
        if index % every == 0:
            out += [f'<text x="{x:.1f}" y="{y + 13 * n}" text-anchor="middle">{e(line)}</text>'
                    for n, line in enumerate(_fit(label, width))]  # one <text> a line: no <tspan> (CHART_TAGS)
    return out


def bars(ident: str, title: str, categories: list[str], series: dict[str, list[float | None]],
         percent: bool = False, whole: bool = False) -> str:
    """Grouped vertical bars: one group per category, one bar per series; ``whole`` for counts."""
    names = list(series)
    parts, top, span = _frame(ident, title, categories, series, percent, whole)
    bar = span * 0.8 / max(1, len(names))
    bottom = HEIGHT - BOTTOM
    centres = []
    for c, category in enumerate(categories):
        start = LEFT + c * span + span * 0.1
        centres.append(start + span * 0.4)
        for s, name in enumerate(names):
            value = series[name][c]
            if value is None:
                continue
            height = (bottom - TOP) * value / top
            parts.append(f'<rect class="pb-series-{s % SERIES_CLASSES}" x="{start + s * bar:.1f}" '
                         f'y="{bottom - height:.1f}" width="{max(bar - 2, 1):.1f}" height="{height:.1f}">'
                         f'<title>{e(name)}, {e(category)}: {number(value, percent)}</title></rect>')
    parts += _labels(categories, centres)
    parts.append("</svg>")
    return _figure(ident, title, "\n".join(parts), categories, series, percent)


def lines(ident: str, title: str, categories: list[str], series: dict[str, list[float | None]],
          percent: bool = False) -> str:
    """One line per series across the categories (months); a missing value breaks the line."""
    names = list(series)
    parts, top, span = _frame(ident, title, categories, series, percent)
    centres = [LEFT + span * (c + 0.5) for c in range(len(categories))]
    bottom = HEIGHT - BOTTOM
    for s, name in enumerate(names):
        segment: list[str] = []
        runs: list[list[str]] = [segment]
        for c, value in enumerate(series[name]):
            if value is None:
                segment = []
                runs.append(segment)
                continue
            y = bottom - (bottom - TOP) * value / top
            segment.append(f"{centres[c]:.1f},{y:.1f}")
            parts.append(f'<circle class="pb-series-{s % SERIES_CLASSES}" cx="{centres[c]:.1f}" cy="{y:.1f}" r="3">'
                         f'<title>{e(name)}, {e(categories[c])}: {number(value, percent)}</title></circle>')
        for run in runs:
            if len(run) > 1:
                parts.append(f'<polyline class="pb-line pb-series-{s % SERIES_CLASSES}" points="{" ".join(run)}"/>')
    parts += _labels(categories, centres)
    parts.append("</svg>")
    return _figure(ident, title, "\n".join(parts), categories, series, percent)


def _figure(ident: str, title: str, svg: str, categories: list[str], series: dict[str, list[float | None]],
            percent: bool) -> str:
    """The chart and its numbers: a table under a disclosure, read by screen readers and copyable."""
    head = "".join(f"<th>{e(name)}</th>" for name in series)
    rows = "".join(f"<tr><th>{e(category)}</th>" + "".join(f"<td>{number(values[c], percent)}</td>"
                                                           for values in series.values()) + "</tr>"
                   for c, category in enumerate(categories))
    return (f'<figure class="pb-figure" id="{ident}">{svg}\n<figcaption>{e(title)}</figcaption>\n'
            f'<details class="pb-chart-data"><summary>The numbers</summary><table><thead><tr><th></th>{head}</tr>'
            f'</thead><tbody>{rows}</tbody></table></details></figure>')
