"""The ``citations`` signal: counts by kind, cited outlets with their ratings, the vague share,
overall and per story (computed from the ``citations`` layer)."""

from __future__ import annotations

from typing import Any, Iterable

from ..article import Article, Span
from ..signals import group_by_story

KINDS: tuple[str, ...] = ("outlet", "organisation", "person", "document", "social", "vague")


def _summary(spans: Iterable[Span]) -> dict[str, Any]:
    spans = list(spans)
    by_kind = {k: 0 for k in KINDS}
    outlets: dict[str, dict[str, Any]] = {}
    for s in spans:
        by_kind[s.label] = by_kind.get(s.label, 0) + 1
        if s.label == "outlet":
            name = str(s.attrs.get("source"))
            entry = outlets.setdefault(name, {"source": name, "domain": s.attrs.get("domain"), "rating": s.attrs.get("rating"), "count": 0})
            entry["count"] += 1
    total = len(spans)
    return {
        "count": total,
        "by_kind": by_kind,
        "outlets": sorted(outlets.values(), key=lambda o: (-o["count"], o["source"])),
        "vague_share": round(by_kind["vague"] / total, 4) if total else None,
    }


def citation_signals(article: Article) -> dict[str, Any]:
    """Counts by kind, cited outlets with their ratings and the vague share, overall and per story."""
    spans = article.layer("citations")
    out = _summary(spans)
    out["by_story"] = {sid: _summary(group) for sid, group in group_by_story(article, spans).items()}
    return out
