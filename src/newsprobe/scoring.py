"""Span scoring: exact and overlap precision/recall/F1, overall and per label.

Gold and predictions are articles in the wire format; they are paired by article id, or by
identical text when ids differ. ``overlap`` counts a predicted span as correct when it shares
at least one character with a gold span of the same label (and a gold span as found when a
prediction of its label overlaps it); ``exact`` needs identical offsets and label.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from .article import Article, Span


@dataclass
class PRF:
    tp_p: int = 0  # predictions that match (precision numerator)
    n_pred: int = 0
    tp_r: int = 0  # gold spans that are found (recall numerator)
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_p / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def _match(pred: Sequence[Span], gold: Sequence[Span], *, exact: bool) -> tuple[int, int]:
    def same(a: Span, b: Span) -> bool:
        if exact:
            return a.start == b.start and a.end == b.end
        return a.start < b.end and b.start < a.end

    tp_p = sum(1 for p in pred if any(same(p, g) for g in gold))
    tp_r = sum(1 for g in gold if any(same(p, g) for p in pred))
    return tp_p, tp_r


def score_layer(
    pairs: Iterable[tuple[Article, Article]], layer: str, *, use_labels: bool = True
) -> dict[str, Any]:
    """Score ``layer`` over ``(predicted, gold)`` article pairs."""
    totals = {"exact": PRF(), "overlap": PRF()}
    per_label: dict[str, dict[str, PRF]] = defaultdict(lambda: {"exact": PRF(), "overlap": PRF()})
    n_articles = 0
    for pred_article, gold_article in pairs:
        n_articles += 1
        pred = pred_article.layer(layer)
        gold = gold_article.layer(layer)
        labels = {s.label for s in pred} | {s.label for s in gold} if use_labels else {"*"}
        for label in labels:
            p = [s for s in pred if not use_labels or s.label == label]
            g = [s for s in gold if not use_labels or s.label == label]
            for mode in ("exact", "overlap"):
                tp_p, tp_r = _match(p, g, exact=mode == "exact")
                for acc in (totals[mode], per_label[label][mode]):
                    acc.tp_p += tp_p
                    acc.tp_r += tp_r
                    acc.n_pred += len(p)
                    acc.n_gold += len(g)
    return {
        "layer": layer,
        "articles": n_articles,
        "labelled": use_labels,
        "exact": totals["exact"].as_dict(),
        "overlap": totals["overlap"].as_dict(),
        "per_label": {
            label: {mode: prf.as_dict() for mode, prf in modes.items()} for label, modes in sorted(per_label.items())
        },
    }


def pair_articles(predicted: Iterable[Article], gold: Iterable[Article]) -> list[tuple[Article, Article]]:
    """Pair predictions with gold by id, else by identical text; unmatched gold gets an empty prediction."""
    by_id: dict[str, Article] = {}
    by_text: dict[str, Article] = {}
    for a in predicted:
        by_id[a.id] = a
        by_text[a.text] = a
    pairs = []
    for g in gold:
        p = by_id.get(g.id) or by_text.get(g.text) or Article(g.text, id=g.id, meta=g.meta)
        pairs.append((p, g))
    return pairs
