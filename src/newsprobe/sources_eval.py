"""Score the ``citations`` layer against PolNeAR's attribution sources (``newsprobe sources evaluate``).

A citation is correct when it overlaps a gold source or cue span; a gold source is found when
some citation overlaps it. PolNeAR annotates every attribution, pronouns included, so recall
counts all of them; the vague-adverb citations have no gold source and count against precision
only when they overlap no cue.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from .errors import InputError
from .outlets import read_jsonl


def _polnear(path: Path, split: str, limit: int) -> tuple[list[Any], list[tuple[list[tuple[int, ...]], list[tuple[int, ...]]]]]:
    from .article import Article

    articles, golds = [], []
    for _, rec in read_jsonl(path):
        if rec.get("split") != split:
            continue
        anns = rec.get("annotations") or {}
        if not anns:
            continue
        first = sorted(anns)[0]  # one annotator per article
        src: list[tuple[int, ...]] = []
        cue: list[tuple[int, ...]] = []
        for att in anns[first]:
            for sp in att.get("source") or []:
                src.extend(tuple(x) for x in sp["spans"])
            for sp in att.get("cue") or []:
                cue.extend(tuple(x) for x in sp["spans"])
        articles.append(Article(rec["text"], meta={"title": rec.get("title")}))
        golds.append((src, cue))
        if limit and len(articles) >= limit:
            break
    return articles, golds


def evaluate_citations(data_dir: str | Path, *, split: str = "dev", no_quotes: bool = False, limit: int = 0) -> dict[str, Any]:
    """Overlap precision, recall and F1 of citation spans on a PolNeAR split, with per-kind
    shares and the citations stage's share of the pipeline's time. ``data_dir`` is the project's
    shared/data folder; ``no_quotes`` runs citations without the quotes stage."""
    from .api import load_pipeline
    from .registry import stage
    from .settings import load_settings

    path = Path(data_dir) / "polnear-attribution" / "polnear.jsonl.gz"
    if not path.exists():
        raise InputError(f"{path} not found; pass --data pointing at the project's shared/data folder")
    articles, golds = _polnear(path, split, limit)
    if not articles:
        raise InputError(f"no PolNeAR articles in split {split!r}; the kept-back test split is not in shared/data")
    stages = "parse,stories,sentences,entities" + ("" if no_quotes else ",quotes") + ",citations"
    if no_quotes:
        @stage("no_quotes", version="0", assigns=("quotes",))
        def _empty(settings: Any) -> Any:  # an empty quotes layer so that citations can run alone
            return lambda article, ctx: article.with_layer("quotes", [])

        stages = stages.replace("entities,citations", "entities,no_quotes,citations")
    pipeline = load_pipeline(load_settings(stages=stages))
    started = time.perf_counter()
    tp_pred = n_pred = tp_gold = n_gold = 0
    per_kind: Counter[str] = Counter()
    per_kind_ok: Counter[str] = Counter()
    before = pipeline.timings.get("citations", 0.0)
    for article, (src, cue) in zip(pipeline.pipe(articles), golds):
        spans = article.layer("citations")
        gold_any = src + cue
        for s in spans:
            ok = any(s.start < e and b < s.end for b, e in gold_any)
            n_pred += 1
            tp_pred += ok
            per_kind[s.label] += 1
            per_kind_ok[s.label] += ok
        for b, e in set(src):
            n_gold += 1
            tp_gold += any(s.start < e and b < s.end for s in spans)
    total = time.perf_counter() - started
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return {
        "split": split, "articles": len(articles), "gold_sources": n_gold, "citations": n_pred,
        "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "seconds": total, "citations_seconds": pipeline.timings.get("citations", 0.0) - before,
        "by_kind": {k: {"n": per_kind[k], "share_overlapping": per_kind_ok[k] / per_kind[k]} for k in per_kind},
    }
