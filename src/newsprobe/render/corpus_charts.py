"""SVG charts of the corpus report, drawn in Python: a day timeline, a sparkline and a heatmap.

Like ``charts.bar_chart`` (which the corpus report also uses), they set colours with SVG
attributes, never ``style``, so the page's Content-Security-Policy needs no exception; every
label is escaped and the full value of each mark is in its ``<title>`` tooltip.
"""

from __future__ import annotations

from typing import Sequence

from .fmt import escape, fmt_number, short

BAR = "#1d4ed8"
HEAT_LOW = (248, 250, 252)
HEAT_HIGH = (126, 34, 206)


def _svg(width: int, height: int, title: str, body: str, cls: str = "chart") -> str:
    return (f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-size="11" font-family="system-ui,sans-serif" fill="#1e293b" '
            f'role="img" aria-label="{escape(title)}">{body}</svg>')


def timeline_chart(points: Sequence[tuple[str, int]], title: str, *, note: str = "", colour: str = BAR,
                   width: int = 640) -> str:
    """Vertical bars, one per ``(day, count)`` in order; the first, middle and last days are labelled."""
    if not points:
        return ""
    top = max(n for _, n in points) or 1
    plot_h, left, y0 = 90, 34, 20
    step = min(24.0, max(1.0, (width - left - 8) / len(points)))
    width = max(int(left + step * len(points) + 8), 7 * len(title) + 10, 300)
    bw = max(1.0, step - (1 if step > 3 else 0))
    parts = [f'<text x="0" y="12" font-weight="600">{escape(title)}</text>',
             f'<text x="{left - 4}" y="{y0 + 8}" text-anchor="end">{top}</text>',
             f'<text x="{left - 4}" y="{y0 + plot_h}" text-anchor="end">0</text>',
             f'<line x1="{left}" y1="{y0 + plot_h}" x2="{left + step * len(points):.1f}" y2="{y0 + plot_h}" stroke="#cbd5e1"/>']
    for i, (day, n) in enumerate(points):
        h = max(1.0, plot_h * n / top) if n else 0.0
        x = left + i * step
        parts.append(f'<rect x="{x:.1f}" y="{y0 + plot_h - h:.1f}" width="{bw:.1f}" height="{h:.1f}" fill="{colour}">'
                     f"<title>{escape(day)}: {n}</title></rect>")
    span = step * len(points)  # label the first, middle and last days where they fit (about 70 px each)
    labelled = sorted({0, len(points) // 2, len(points) - 1} if span >= 240 else {0, len(points) - 1} if span >= 150 else {0})
    for i in labelled:
        anchor = "start" if i == 0 else "end" if i == len(points) - 1 else "middle"
        x = left + i * step + (bw if anchor == "end" else bw / 2 if anchor == "middle" else 0)
        parts.append(f'<text x="{x:.1f}" y="{y0 + plot_h + 14}" text-anchor="{anchor}">{escape(points[i][0])}</text>')
    height = y0 + plot_h + 20
    if note:
        parts.append(f'<text x="0" y="{height + 10}" fill="#64748b">{escape(note)}</text>')
        height += 16
    return _svg(width, height, title, "".join(parts))


def fill_days(points: Sequence[tuple[str, int]], *, limit: int = 800) -> list[tuple[str, int]]:
    """``points`` (ISO day, n) in order with the days between them added as zeros, so bars stand
    at their dates; left as given when a day does not parse or the span is over ``limit`` days."""
    from datetime import date, timedelta

    try:
        days = [(date.fromisoformat(d), n) for d, n in points]
    except ValueError:
        return list(points)
    if not days or (days[-1][0] - days[0][0]).days > limit:
        return list(points)
    have = dict(days)
    span = (days[-1][0] - days[0][0]).days
    return [(str(days[0][0] + timedelta(i)), have.get(days[0][0] + timedelta(i), 0)) for i in range(span + 1)]


def sparkline(counts: Sequence[tuple[str, int]], days: Sequence[str], title: str, *, width: int = 160,
              height: int = 22) -> str:
    """A tiny bar chart of ``counts`` (day, n) placed on the common axis ``days`` (sorted)."""
    if not counts or not days:
        return ""
    index = {d: i for i, d in enumerate(days)}
    top = max(n for _, n in counts) or 1
    step = width / len(days)
    bw = max(1.0, step - (0.5 if step > 2 else 0))
    bars = []
    for day, n in counts:
        if day not in index:
            continue
        h = max(1.0, (height - 2) * n / top)
        bars.append(f'<rect x="{index[day] * step:.1f}" y="{height - h:.1f}" width="{bw:.1f}" height="{h:.1f}" fill="{BAR}">'
                    f"<title>{escape(day)}: {n}</title></rect>")
    base = f'<line x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}" stroke="#e2e8f0"/>'
    return _svg(width, height, title, base + "".join(bars), cls="chart spark")


def _heat(value: float, top: float) -> str:
    t = 0.0 if top <= 0 else min(1.0, max(0.0, value / top)) ** 0.6
    rgb = [round(lo + (hi - lo) * t) for lo, hi in zip(HEAT_LOW, HEAT_HIGH)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def heatmap_chart(rows: Sequence[str], cols: Sequence[tuple[str, str]], values: Sequence[Sequence[float | None]],
                  title: str, *, counts: Sequence[Sequence[int]] | None = None, unit: str = "") -> str:
    """A grid: one row per label in ``rows``, one column per ``(key, shown name)`` in ``cols``;
    ``values[r][c]`` sets the shade (None: no data, drawn blank). Each cell's tooltip gives the
    row, column, value and the matching ``counts`` cell."""
    if not rows or not cols:
        return ""
    label_w, cell_w, cell_h, head_h = 160, 34, 18, 110
    top = max((v for r in values for v in r if v is not None), default=0.0)
    width = label_w + cell_w * len(cols) + 90  # the last column names lean out to the right
    parts = [f'<text x="0" y="12" font-weight="600">{escape(title)}</text>']
    for c, (_, name) in enumerate(cols):
        x = label_w + c * cell_w + cell_w / 2
        parts.append(f'<text transform="translate({x:.1f},{head_h - 4}) rotate(-55)">{escape(short(name, 22))}'
                     f"<title>{escape(name)}</title></text>")
    for r, row in enumerate(rows):
        y = head_h + r * cell_h
        shown = short(row, 26)
        tip = f"<title>{escape(row)}</title>" if shown != row else ""
        parts.append(f'<text x="0" y="{y + 13}">{tip}{escape(shown)}</text>')
        for c, (_, name) in enumerate(cols):
            v = values[r][c]
            n = counts[r][c] if counts is not None else None
            x = label_w + c * cell_w
            fill = "#ffffff" if v is None else _heat(v, top)
            what = "no words" if v is None else f"{fmt_number(v)}{unit}" + (f" ({n} spans)" if n is not None else "")
            parts.append(f'<rect x="{x}" y="{y}" width="{cell_w - 1}" height="{cell_h - 1}" fill="{fill}" stroke="#e2e8f0">'
                         f"<title>{escape(row)} \u00b7 {escape(name)}: {escape(what)}</title></rect>")
            if v:
                light = top > 0 and v / top > 0.45
                parts.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + 13}" text-anchor="middle" font-size="9" '
                             f'fill="{"#ffffff" if light else "#1e293b"}">{escape(fmt_number(round(v, 1)))}</text>')
    height = head_h + cell_h * len(rows) + 6
    return _svg(width, height, title, "".join(parts))
