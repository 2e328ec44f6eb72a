"""Small inline SVG bar charts, drawn in Python (no chart library, no script).

``bar_chart`` draws labelled horizontal bars; ``techniques_chart``, ``sources_chart`` and
``speakers_chart`` count what one article or a whole batch holds (wire-format dicts) and
return ``""`` when there is nothing to draw. Colours are SVG attributes, never ``style``, so
the report's Content-Security-Policy needs no exception for them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Sequence

from . import doc as d
from .data import technique_colour
from .fmt import escape, short

#: Citation kinds that name their source; ``vague`` ("officials said") does not.
NAMED_KINDS = ("person", "organisation", "outlet", "document", "social")
VAGUE_COLOUR = "#d97706"
NAMED_COLOUR = "#7e22ce"
DOUBT_COLOUR = "#b45309"
PLAIN_COLOUR = "#15803d"
GREY = "#94a3b8"

_ROW = 15
_LABEL_W = 150
_BAR_W = 110


def bar_chart(rows: Sequence[tuple[str, int, str]], title: str, *, cut: int = 0, note: str = "") -> str:
    """An SVG chart with one bar per ``(label, value, colour)`` row; ``cut``: rows left out.

    The title and, when rows were left out, "(and N more)" are part of the chart. Labels are
    cut to fit (the full label is in the row's tooltip).
    """
    if not rows:
        return ""
    top = max(v for _, v, _ in rows) or 1
    lines = [f'<text x="0" y="11" font-weight="600">{escape(title)}</text>']
    y = 18
    for label, value, colour in rows:
        w = max(1, round(_BAR_W * value / top))
        shown = short(label, 24)
        tip = f"<title>{escape(label)}</title>" if shown != label else ""  # the full label when cut
        lines.append(
            f'<text x="0" y="{y + 10}">{tip}{escape(shown)}</text>'
            f'<rect x="{_LABEL_W}" y="{y + 2}" width="{w}" height="10" fill="{colour}"/>'
            f'<text x="{_LABEL_W + w + 4}" y="{y + 10}">{value}</text>'
        )
        y += _ROW
    for extra in ([f"(and {cut} more)"] if cut else []) + ([note] if note else []):
        lines.append(f'<text x="0" y="{y + 10}" fill="#64748b">{escape(extra)}</text>')
        y += _ROW
    width = _LABEL_W + _BAR_W + max(40, 10 + 7 * max(len(str(v)) for _, v, _ in rows))  # room for the longest value
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y + 4}" viewBox="0 0 {width} {y + 4}" '
        f'font-size="11" font-family="system-ui,sans-serif" fill="#1e293b" role="img" aria-label="{escape(title)}">'
        + "".join(lines) + "</svg>"
    )


def _docs(docs: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> Sequence[Mapping[str, Any]]:
    return [docs] if isinstance(docs, Mapping) else docs


def techniques_chart(docs: Mapping[str, Any] | Sequence[Mapping[str, Any]], catalog: Mapping[str, Mapping[str, str]],
                     *, limit: int = 14) -> str:
    """Techniques by count, each bar in the technique's colour."""
    counts = Counter(str(s["label"]) for doc in _docs(docs) for s in d.layer(doc, "techniques"))
    if not counts:
        return ""
    top = counts.most_common(limit)
    rows = [((catalog.get(name) or {}).get("short") or name.replace("_", " "), n, technique_colour(name, catalog)) for name, n in top]
    return bar_chart(rows, "Techniques by count", cut=len(counts) - len(top))


def sources_chart(docs: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> str:
    """Cited sources by kind: named kinds in one colour, ``vague`` in another, with the totals."""
    counts = Counter(str(d.attrs(s).get("kind") or s["label"]) for doc in _docs(docs) for s in d.layer(doc, "citations"))
    if not counts:
        return ""
    named = sum(n for k, n in counts.items() if k != "vague")
    vague = counts.get("vague", 0)
    order = [k for k in NAMED_KINDS if counts.get(k)] + sorted(k for k in counts if k not in NAMED_KINDS and k != "vague")
    rows = [(k, counts[k], NAMED_COLOUR) for k in order] + ([("vague", vague, VAGUE_COLOUR)] if vague else [])
    return bar_chart(rows, f"Sources: {named} named, {vague} vague")


def speakers_chart(docs: Mapping[str, Any] | Sequence[Mapping[str, Any]], *, limit: int = 8) -> str:
    """Quotes per speaker (titles and scare quotes left out); uncertain speakers as "name?"."""
    counts: Counter[str] = Counter()
    doubt: set[str] = set()
    for doc in _docs(docs):
        for q in d.layer(doc, "quotes"):
            if q["label"] in ("scare", "title"):
                continue
            label = d.speaker_label(q)
            counts[label] += 1
            if d.speaker_of(q)[1]:
                doubt.add(label)
    if not counts:
        return ""
    top = counts.most_common(limit)
    rows = [(name, n, DOUBT_COLOUR if name in doubt else GREY if name in ("unattributed", "asker not named") else PLAIN_COLOUR) for name, n in top]
    note = "name? = speaker uncertain" if doubt else ""
    return bar_chart(rows, "Quotes per speaker", cut=len(counts) - len(top), note=note)
