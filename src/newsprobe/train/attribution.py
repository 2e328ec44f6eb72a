"""Training the attribution-cue model (``newsprobe train attribution``): PolNeAR articles,
candidate labels, the fit and held-out candidate metrics.

Data: PolNeAR (``../shared/data/polnear-attribution/polnear.jsonl.gz``), the ``train`` split
from article 100 on by default (from 300 before quotes version 61). train[:100] is the
project's untouched evaluation slice: the command refuses an offset below 100.

A candidate (a token read as a cue with one content reading and its subject; see
:mod:`newsprobe.stages.quote_learned`) is positive when the first annotator marked an
attribution whose cue overlaps the token, whose content overlaps the candidate's content by at
least half of each side (the eval's one-to-one rule) and whose source agrees with the subject
(the subject token lies in the source span; no source and no subject also agree).
"""

from __future__ import annotations

import gzip
import json
import pickle
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..errors import ModelError
from ..ml.attribution_model import AttributionModel

#: A candidate's content must cover at least this share of the gold content and vice versa.
MIN_SHARE = 0.5


@dataclass
class Gold:
    """One gold attribution: character spans of its content, source and cue."""

    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    cue: list[tuple[int, int]]


@dataclass
class Labelled:
    """One candidate reading with its article (number, text, context), subject span, features and label."""

    article_no: int
    article: Any
    ctx: Any
    candidate: Any
    subject: tuple[int, int] | None
    features: list[str]
    label: int


def load_records(path: Path, split: str = "train", offset: int = 100, limit: int = 0) -> list[dict[str, Any]]:
    """PolNeAR records (one per article) of ``split``, from ``offset`` on (``limit`` of them)."""
    if not path.exists():
        raise ModelError(f"training data {path} is missing; pass --data pointing at ../shared/data/polnear-attribution/polnear.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        records = [r for r in map(json.loads, f) if r.get("split") == split]
    records = records[offset:]
    return records[:limit] if limit else records


def gold_of(record: dict[str, Any]) -> list[Gold]:
    """The first annotator's attributions of one record."""
    annotations = record.get("annotations") or {}
    if not annotations:
        return []
    out = []
    for a in annotations[sorted(annotations)[0]]:
        spans = {role: [(int(s), int(e)) for part in a.get(role, []) for s, e in part.get("spans", [])] for role in ("content", "source", "cue")}
        if spans["content"]:
            out.append(Gold(spans["content"], spans["source"], spans["cue"]))
    return out


def _overlap(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(spans: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, e - s) for s, e in spans)


def label_of(cue: tuple[int, int], content: tuple[int, int], subject: tuple[int, int] | None, golds: Sequence[Gold]) -> int:
    """1 when some gold attribution has this cue, (at least half) this content and this source."""
    for g in golds:
        if not g.cue or _overlap([cue], g.cue) <= 0:
            continue
        ov = _overlap([content], g.content)
        if ov <= 0 or ov < MIN_SHARE * max(content[1] - content[0], _length(g.content)):
            continue
        if (not g.source and subject is None) or (subject is not None and _overlap([subject], g.source) > 0):
            return 1
    return 0


def parse_records(records: Sequence[dict[str, Any]], cache: Path | None = None) -> list[tuple[str, list[tuple[int, Any]]]]:
    """(article JSON, spaCy docs) per record after the stages the quotes stage needs (parse,
    stories, sentences, entities). With ``cache`` (a folder outside the repository: the file
    holds article text) the result is kept and reused."""
    import hashlib

    from ..api import load_pipeline
    from ..article import Article
    from ..pipeline import registered_stages
    from ..settings import load_settings

    stages = "parse,stories,sentences,entities,quotes"
    path = None
    if cache is not None:
        specs = registered_stages()
        h = hashlib.sha1(",".join(f"{n}={specs[n].version}" for n in stages.split(",")[:-1]).encode())
        for r in records:
            h.update(r["text"].encode())
        path = cache / f"attribution-{h.hexdigest()[:16]}.pickle"
        if path.exists():
            with path.open("rb") as cached:
                return pickle.load(cached)  # noqa: S301 - our own cache file, written below
    pipeline = load_pipeline(load_settings(stages=stages))
    kept: list[tuple[str, list[tuple[int, Any]]]] = []

    def capture(article: Any, ctx: Any) -> None:  # stands in for the quotes stage
        kept.append((article.to_json(), ctx.docs))

    quotes_fn = pipeline._fns[-1]
    pipeline._fns[-1] = capture  # type: ignore[assignment]
    try:  # the pipeline is the process's cached one: put its quotes stage back afterwards
        for _ in pipeline.pipe(Article(r["text"], meta={"title": r.get("title")}) for r in records):
            pass
    finally:
        pipeline._fns[-1] = quotes_fn
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            pickle.dump(kept, out, protocol=pickle.HIGHEST_PROTOCOL)
    return kept


def labelled_candidates(parsed: Sequence[tuple[str, list[tuple[int, Any]]]], records: Sequence[dict[str, Any]]) -> Iterator[Labelled]:
    """Every candidate reading of every article with its features and gold label, in order."""
    from ..article import Article
    from ..context import Context
    from ..settings import load_settings
    from ..stages.quote_cues import TokenIndex, cue_span
    from ..stages.quote_learned import candidates, features
    from ..stages.quote_marks import find_quotes

    settings = load_settings()
    for n, ((doc_json, docs), record) in enumerate(zip(parsed, records)):
        article = Article.from_json(doc_json)
        ctx = Context(article=article, settings=settings, docs=docs)
        idx = TokenIndex(article, ctx, find_quotes(article.text, ctx.normalized_text))
        golds = gold_of(record)
        for c in candidates(idx, article.text):
            subj = None
            if c.subject is not None:
                at = c.off + c.subject.idx
                subj = (at, at + len(c.subject.text))
            label = label_of(cue_span(c.off, c.tok), (c.start, c.end), subj, golds)
            yield Labelled(n, article, ctx, c, subj, features(c, article.text), label)


def examples(parsed: Sequence[tuple[str, list[tuple[int, Any]]]], records: Sequence[dict[str, Any]]) -> tuple[list[list[str]], list[int], list[int]]:
    """Feature lists, labels and article numbers of every candidate."""
    got = list(labelled_candidates(parsed, records))
    return [g.features for g in got], [g.label for g in got], [g.article_no for g in got]


def fit(X: Sequence[list[str]], y: Sequence[int], *, seed: int = 0, c: float = 0.2, min_count: int = 2,
        threshold: float = 0.25) -> AttributionModel:
    """L2 logistic regression over the features seen at least ``min_count`` times."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(f for feats in X for f in set(feats))
    keep = {f for f, k in counts.items() if k >= min_count}
    vec = DictVectorizer()
    Xm = vec.fit_transform([{f: 1 for f in feats if f in keep} for feats in X])
    clf = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    clf.fit(Xm, list(y))
    coef = clf.coef_[0]
    weights = {name: round(float(w), 4) for name, w in zip(vec.feature_names_, coef) if abs(w) >= 1e-3}
    meta = {"candidates": len(y), "positives": int(sum(y)), "features": len(weights), "seed": seed, "C": c, "min_count": min_count}
    return AttributionModel(weights, round(float(clf.intercept_[0]), 4), threshold, meta)


def candidate_metrics(model: AttributionModel, X: Sequence[list[str]], y: Sequence[int], thresholds: Sequence[float],
                      probs: Sequence[float] | None = None) -> dict[str, Any]:
    """Candidate-level precision and recall at each threshold (every candidate counted, also
    those the rules would take first); ``probs``: the candidates' probabilities when the model
    needs more than ``X`` (the dense one)."""
    probs = list(probs) if probs is not None else [model.probability(f) for f in X]
    out: dict[str, Any] = {"candidates": len(y), "positives": int(sum(y))}
    for t in thresholds:
        tp = sum(1 for p, lab in zip(probs, y) if p >= t and lab)
        fp = sum(1 for p, lab in zip(probs, y) if p >= t and not lab)
        fn = sum(1 for p, lab in zip(probs, y) if p < t and lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[f"t={t:.2f}"] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4)}
    return out
