"""Escaping, one-line formatting of attributes, and the article text with its layers marked.

Part of the HTML report (``newsprobe.report``). ``render_text`` cuts the text at every span
boundary and wraps each piece in one ``<mark>`` per span covering it, opened and closed
around that piece only, so the markup nests properly whatever the spans do; the innermost
mark of a piece carries a tooltip naming the spans (sentences excepted). Every string that
comes from the input passes through ``escape``.
"""

from __future__ import annotations

import html
import logging
import math
import re
from typing import Any, Mapping
from urllib.parse import urlsplit

from .article import Article, Span

log = logging.getLogger(__name__)

_KEY_ATTRS: dict[str, tuple[str, ...]] = {
    "stories": ("title", "origin", "origin_evidence", "author", "date"),
    "entities": ("canonical",),
    "quotes": ("speaker", "speaker_kind", "cue"),
    "citations": ("source", "kind", "rating", "domain", "cue"),
    "claims": ("kind", "checkworthy", "factchecks", "matches", "prediction"),
    "hedges": ("label", "cue", "kind"),
    "techniques": ("technique", "name"),
}
_MAX_VALUE = 200  # characters of one attribute value in a tooltip or table cell
_MAX_TIP = 8  # spans named in one tooltip (the innermost ones)

_BAD_CHARS = re.compile("[\ud800-\udfff\x00]")


def clean(text: str) -> str:
    """Lone surrogates and NUL cannot be written to a UTF-8 HTML page: U+FFFD instead."""
    return _BAD_CHARS.sub("\ufffd", text)


def escape(value: Any) -> str:
    """Escape anything for HTML text or a quoted attribute value."""
    return html.escape(clean(value if isinstance(value, str) else str(value)), quote=True)


def safe_url(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) URL without spaces or control characters, else None."""
    if not isinstance(url, str) or not url or len(url) > 2000:
        return None
    if any(ord(c) < 33 or c in "\"'<>\\`" for c in url) or _BAD_CHARS.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


# --- small formatting helpers -------------------------------------------------------------------


def short(text: str, limit: int = _MAX_VALUE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def fmt_number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.4g}"


def compact(value: Any, limit: int = _MAX_VALUE) -> str:
    """A one-line rendering of a JSON-safe value for tooltips and table cells."""
    if value is None:
        return "\u2013"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return fmt_number(float(value))
    if isinstance(value, str):
        return short(value, limit)
    if isinstance(value, Mapping):
        inner = "; ".join(f"{k}: {compact(v, 60)}" for k, v in list(value.items())[:12])
        return short(inner, limit)
    if isinstance(value, (list, tuple)):
        inner = " | ".join(compact(v, 80) for v in list(value)[:8])
        more = f" (+{len(value) - 8} more)" if len(value) > 8 else ""
        return short(inner + more, limit)
    return short(str(value), limit)


def plain_attrs(span: Span) -> list[str]:
    """Attribute names that are not offsets or internal bookkeeping."""
    return [k for k in span.attrs if not k.endswith(("_start", "_end")) and k not in ("index",)]


def factcheck_line(match: Any) -> str:
    """One fact-check match as ``verdict: claim (publisher, score)``."""
    if not isinstance(match, Mapping):
        return compact(match, 160)
    score = match.get("score")
    extra = ", ".join(
        x for x in (str(match.get("publisher") or ""), f"{score:.2f}" if isinstance(score, (int, float)) else "") if x
    )
    line = f"{short(str(match.get('verdict') or '?'), 40)}: {short(str(match.get('claim') or ''), 140)}"
    return line + (f" ({extra})" if extra else "")


def span_note(layer: str, span: Span, catalog: Mapping[str, Mapping[str, str]]) -> str:
    """The tooltip line for one span: layer, id, label, score and its key attributes."""
    parts = [f"{layer} {span.id}: {span.label}"]
    if span.score is not None:
        parts[0] += f" ({span.score:.2f})"
    keys = [k for k in _KEY_ATTRS.get(layer, ()) if k in span.attrs]
    if not keys:
        keys = plain_attrs(span)[:4]
    for key in keys:
        value = span.attrs.get(key)
        if key == "factchecks" and isinstance(value, list) and value:
            parts.append("fact-checks: " + " | ".join(factcheck_line(m) for m in value[:3]))
        elif value not in (None, "", [], {}):
            parts.append(f"{key}: {compact(value, 160)}")
    if layer == "techniques":
        entry = catalog.get(str(span.attrs.get("technique") or span.label))
        if entry and entry.get("short"):
            parts.append(str(entry["short"]))
    return " \u00b7 ".join(parts)


def technique_catalog() -> dict[str, dict[str, str]]:
    """Technique definitions from ``newsprobe.techniques_catalog`` when that module exists."""
    try:
        from . import techniques_catalog  # type: ignore[attr-defined]

        raw = getattr(techniques_catalog, "CATALOG", {}) or {}
        out: dict[str, dict[str, str]] = {}
        for key, entry in dict(raw).items():
            if isinstance(entry, Mapping):
                out[str(key)] = {str(k): str(v) for k, v in entry.items() if v is not None}
            elif isinstance(entry, str):
                out[str(key)] = {"definition": entry}
        return out
    except Exception:  # a missing or half-written catalog must never break the report
        log.debug("no technique catalog available", exc_info=True)
        return {}


# --- the text with its layers -----------------------------------------------------------------


def story_blocks(article: Article) -> tuple[list[Span], list[Span]]:
    """Non-overlapping ``story`` spans (drawn as sections) and the other stories spans (marks)."""
    sections: list[Span] = []
    rest: list[Span] = []
    end = -1
    for span in article.layer("stories"):
        if span.label == "story" and span.start >= end and span.end > span.start:
            sections.append(span)
            end = span.end
        else:
            rest.append(span)
    return sections, rest


def story_head(n: int, span: Span) -> str:
    title = span.attrs.get("title")
    origin = span.attrs.get("origin")
    head = f"Story {n}"
    if title:
        head += f" \u00b7 {short(str(title), 120)}"
    head += f" \u00b7 origin: {short(str(origin), 80)}" if origin else " \u00b7 origin not stated"
    return head


def render_text(
    article: Article, layer_class: Mapping[str, str], catalog: Mapping[str, Mapping[str, str]]
) -> str:
    """The article text cut at every span boundary, each piece wrapped in its covering marks."""
    text = article.text
    n = len(text)
    sections, story_marks = story_blocks(article)
    order = {name: i for i, name in enumerate(layer_class)}
    items: list[tuple[str, Span]] = [("stories", s) for s in story_marks]
    for name, spans in article.layers.items():
        if name != "stories" and name in layer_class:
            items.extend((name, s) for s in spans)

    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    points: dict[int, list[int]] = {}  # zero-length spans
    cuts = {0, n}
    for k, (_, span) in enumerate(items):
        if span.start == span.end:
            points.setdefault(span.start, []).append(k)
            cuts.add(span.start)
            continue
        starts.setdefault(span.start, []).append(k)
        ends.setdefault(span.end, []).append(k)
        cuts.update((span.start, span.end))
    sec_start = {s.start: (i, s) for i, s in enumerate(sections)}
    sec_end = {s.end for s in sections}
    for s in sections:
        cuts.update((s.start, s.end))
    bounds = sorted(cuts)

    notes: dict[int, str] = {}  # escaped tooltip line per item, built on first use
    opens: dict[int, str] = {}  # escaped opening tag (without title) per item

    def note(k: int) -> str:
        if k not in notes:
            layer, span = items[k]
            notes[k] = escape(span_note(layer, span, catalog))
        return notes[k]

    def opening(k: int) -> str:
        if k not in opens:
            layer, span = items[k]
            alt = f" alt{span.start % 2}" if layer == "sentences" else ""
            opens[k] = f'<mark class="{layer_class[layer]}{alt}" data-span="{escape(span.id)}"'
        return opens[k]

    keys = {k: (order.get(layer, 99), span.start, -span.end, span.id) for k, (layer, span) in enumerate(items)}
    shown_in_tip = {k for k, (layer, _) in enumerate(items) if layer != "sentences"}

    out: list[str] = []
    active: set[int] = set()
    in_section = False
    for i, pos in enumerate(bounds):
        for k in ends.get(pos, ()):
            active.discard(k)
        if pos in sec_end and in_section:
            out.append("</div>")
            in_section = False
        if pos in sec_start and not in_section:
            idx, sec = sec_start[pos]
            out.append(f'<div class="story" id="{escape(article.id)}-{escape(sec.id)}" data-head="{escape(story_head(idx + 1, sec))}">')
            in_section = True
        for k in points.get(pos, ()):
            layer, span = items[k]
            out.append(f'<mark class="pt {layer_class[layer]}" data-span="{escape(span.id)}" title="{note(k)}"></mark>')
        for k in starts.get(pos, ()):
            active.add(k)
        if i + 1 >= len(bounds):
            break
        piece = escape(text[pos : bounds[i + 1]])
        if not active:
            out.append(piece)
            continue
        stack = sorted(active, key=keys.__getitem__)
        # sentences shade the text but stay out of tooltips: they would bury the findings
        tip = [k for k in stack if k in shown_in_tip]
        lines = [note(k) for k in tip[-_MAX_TIP:]]
        if len(tip) > _MAX_TIP:
            lines.insert(0, f"(+{len(tip) - _MAX_TIP} more spans)")
        out.extend(opening(k) + ">" for k in stack[:-1])
        title = "\n".join(lines)
        out.append(opening(stack[-1]) + (f' title="{title}">' if title else ">"))
        out.append(piece)
        out.append("</mark>" * len(stack))
    if in_section:
        out.append("</div>")
    return "".join(out)


# --- tables -------------------------------------------------------------------------------------
