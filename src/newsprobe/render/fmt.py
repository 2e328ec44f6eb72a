"""Small formatting helpers shared by the HTML and text renderers.

Every string that comes from an input passes through ``escape`` (HTML) or ``plain`` (text)
before it is shown: both replace hidden bidi and zero-width characters with visible markers
(``invisible.reveal_invisible``), and ``escape`` also turns lone surrogates and NUL, which a
UTF-8 page cannot hold, into U+FFFD.
"""

from __future__ import annotations

import html
import json
import logging
import math
import re
from typing import Any, Mapping
from urllib.parse import urlsplit

from .invisible import PATTERN as _INVISIBLE
from .invisible import reveal_invisible

log = logging.getLogger(__name__)

MAX_VALUE = 200  # characters of one value in a one-line rendering

_BAD_CHARS = re.compile("[\ud800-\udfff\x00]")


def clean(text: str) -> str:
    """Lone surrogates and NUL cannot be written to a UTF-8 HTML page: U+FFFD instead (one for one)."""
    return _BAD_CHARS.sub("\ufffd", text)


def plain(value: Any) -> str:
    """Any value as display text: hidden characters revealed, unwritable ones replaced."""
    return reveal_invisible(clean(value if isinstance(value, str) else str(value)))


def escape(value: Any) -> str:
    """Escape anything for HTML text or a quoted attribute value (hidden characters revealed)."""
    return html.escape(plain(value), quote=True)


def json_for_script(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return clean(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def safe_url(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) URL without spaces, control or hidden characters, else None."""
    if not isinstance(url, str) or not url or len(url) > 2000:
        return None
    if any(ord(c) < 33 or c in "\"'<>\\`" for c in url) or _BAD_CHARS.search(url) or _INVISIBLE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def short(text: str, limit: int = MAX_VALUE) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def fmt_number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.4g}"


def more(n: int) -> str:
    """The note for a list cut short: ``" (and 3 more)"``, or ``""`` when nothing was cut."""
    return f" (and {n} more)" if n > 0 else ""


def compact(value: Any, limit: int = MAX_VALUE) -> str:
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
        items = list(value.items())
        inner = "; ".join(f"{k}: {compact(v, 60)}" for k, v in items[:12]) + more(len(items) - 12)
        return short(inner, limit)
    if isinstance(value, (list, tuple)):
        inner = " | ".join(compact(v, 80) for v in list(value)[:8]) + more(len(value) - 8)
        return short(inner, limit)
    return short(str(value), limit)


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


_RATING_SKIP = {"list", "source", "date", "domain", "notes", "mbfc_page", "wp_label"}


def rating_verdict(rating: Any) -> str:
    """What one rating list says, in its own words: ``"generally reliable"``, ``"factuality=high bias=left"``."""
    if not isinstance(rating, Mapping):
        return compact(rating, 120)
    if rating.get("meaning"):
        return short(str(rating["meaning"]), 120)
    parts = []
    for key, value in rating.items():
        if key in _RATING_SKIP or value in (None, "", [], {}):
            continue
        shown = ",".join(map(str, value)) if isinstance(value, list) else compact(value, 60)
        parts.append(f"{key}={shown}")
    return short(" ".join(parts), 160) or "listed"


def rating_lines(ratings: Any) -> list[tuple[str, str, str]]:
    """Each rating list's ``(list name and the domain it rates, verdict, source and date)``, in the order given."""
    if isinstance(ratings, Mapping):
        ratings = [ratings]
    if not isinstance(ratings, list):
        return []
    out = []
    for r in ratings:
        if isinstance(r, Mapping):
            where = ", ".join(str(x) for x in (r.get("source"), r.get("date")) if x)
            name = str(r.get("list") or "rating") + (f" ({r['domain']})" if r.get("domain") else "")
            out.append((name, rating_verdict(r), where))
    return out


def technique_catalog() -> dict[str, dict[str, str]]:
    """Technique definitions from ``newsprobe.techniques_catalog`` (empty when it cannot load)."""
    try:
        from .. import techniques_catalog

        return {str(k): {str(f): str(v) for f, v in e.items() if v is not None} for k, e in techniques_catalog.CATALOG.items()}
    except Exception:  # a missing or half-written catalog must never break a report
        log.debug("no technique catalog available", exc_info=True)
        return {}
