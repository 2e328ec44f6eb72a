"""A plain-text summary of an analysed article, for terminals (``--format text``)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .article import Article


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def summarize(article: Article, *, source: str | None = None) -> str:
    lines: list[str] = []
    meta = article.meta
    head = meta.get("title") or _short(article.text, 60)
    lines.append(f"== {head}  [{article.id}]")
    facts = [f"{k}: {meta[k]}" for k in ("outlet", "published", "url") if meta.get(k)]
    if source:
        facts.append(f"source: {source}")
    facts.append(f"{len(article.text.split())} words")
    lines.append("   " + " | ".join(facts))
    stories = [s for s in article.layer("stories") if s.label == "story"]
    if stories:
        lines.append(f"   stories ({len(stories)}):")
        for s in stories:
            origin = s.attrs.get("origin")
            ev = s.attrs.get("origin_evidence")
            lines.append(
                f"     - [{s.start}:{s.end}] {_short(str(s.attrs.get('title') or '(untitled)'), 60)}"
                + (f"  <- {origin} ({_short(str(ev), 40)})" if origin else "  (no stated origin)")
            )
    for post in (s for s in article.layer("stories") if s.label == "social_post"):
        lines.append(f"     * embedded post by {post.attrs.get('author')} {post.attrs.get('origin')} [{post.start}:{post.end}]")
    ents = article.layer("entities")
    if ents:
        common = Counter(
            f"{s.attrs.get('canonical')} ({s.label})" for s in ents if s.label in {"PERSON", "ORG", "GPE", "NORP", "LOC"}
        ).most_common(8)
        if common:
            lines.append("   entities: " + ", ".join(f"{name}×{n}" if n > 1 else name for name, n in common))
    quotes = [q for q in article.layer("quotes") if q.label != "scare"]
    if quotes:
        lines.append(f"   quotes ({len(quotes)}):")
        for q in quotes[:8]:
            who = q.attrs.get("speaker") or "(unattributed)"
            lines.append(f"     - {who} [{q.label}]: {_short(article.span_text(q), 70)}")
        if len(quotes) > 8:
            lines.append(f"     … {len(quotes) - 8} more")
    scare = [q for q in article.layer("quotes") if q.label == "scare"]
    if scare:
        lines.append("   scare quotes: " + ", ".join(repr(article.span_text(q)) for q in scare[:6]))
    cites = article.layer("citations")
    if cites:
        lines.append(f"   cited sources ({len(cites)}):")
        for c in cites[:8]:
            rating = c.attrs.get("rating")
            lines.append(f"     - {c.attrs.get('source') or article.span_text(c)} [{c.label}]" + (f" rated: {_ratings(rating)}" if rating else ""))
    claims = sorted(article.layer("claims"), key=lambda s: -(s.score or 0))
    if claims:
        lines.append(f"   check-worthy claims ({len(claims)}):")
        for c in claims[:5]:
            fc = c.attrs.get("factchecks") or []
            extra = f"  fact-check: {fc[0].get('verdict')} ({_short(str(fc[0].get('claim')), 40)})" if fc else ""
            lines.append(f"     - {c.score or 0:.2f} [{c.attrs.get('kind')}] {_short(article.span_text(c), 70)}{extra}")
    hedges = article.layer("hedges")
    if hedges:
        lines.append("   hedges: " + ", ".join(f"{article.span_text(h)!r} ({h.label})" for h in hedges[:8]))
    techniques = article.layer("techniques")
    if techniques:
        counts = Counter(t.label for t in techniques)
        lines.append("   techniques: " + ", ".join(f"{k}×{v}" for k, v in counts.most_common()))
    for err in article.provenance.get("errors", []):
        lines.append(f"   ! stage {err.get('stage')}: {err.get('error')}")
    for note in article.provenance.get("notes", []):
        lines.append(f"   note: {note}")
    return "\n".join(lines)


def _ratings(rating: Any) -> str:
    if isinstance(rating, list):
        parts = []
        for r in rating[:3]:
            if isinstance(r, dict):
                verdict = (r.get("meaning") or r.get("verdict") or r.get("factuality") or r.get("label")
                           or r.get("type") or r.get("types"))
                parts.append(f"{r.get('list', '?')}={verdict}")
        return "; ".join(parts)
    if isinstance(rating, dict):
        return "; ".join(f"{k}={v}" for k, v in list(rating.items())[:3])
    return str(rating)
