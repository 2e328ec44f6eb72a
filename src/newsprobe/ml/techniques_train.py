"""Train and cross-validate the persuasion-techniques model on the PTC train split.

``train(data_dir, seed)`` parses the PTC train articles with the project's own ``parse``
and ``sentences`` stages (so training sees exactly what the stage sees), then

1. runs seeded 5-fold cross-validation by article: for each fold, fits the token model (SI)
   and the span classifier (TC) on four folds and predicts the fifth;
2. picks the span decoding (threshold, gap, minimum length) on the out-of-fold predictions
   (the reported SI score uses a nested choice: each fold's decoding is picked on the other
   four folds), fits the Platt scaling of span confidence and the TC temperature on them;
3. refits both models on all train articles and returns the model plus its metrics.

The PTC dev split is kept back by the project and is never read here.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from ..article import Article, Span
from ..errors import InputError
from ..settings import Settings
from ..techniques_catalog import TECHNIQUES
from .techniques_features import (
    N_FEATURES_SI,
    N_FEATURES_TC,
    Sent,
    article_sentences,
    lemma_counts,
    span_features,
    token_features,
)
from .techniques_model import Decoding, TechniquesModel, hasher
from .techniques_semeval import per_label_f1, si_components, si_from_components, tc_micro_f1

log = logging.getLogger(__name__)

DATASET = "ptc-semeval2020-task11"
DATA_FILE = "ptc_articles.jsonl.gz"
MAX_TOKENS = 50_000
ALPHA_SI = 1e-5
EPOCHS_SI = 8
C_TC = 0.1
THRESHOLDS = (0.08, 0.1, 0.12, 0.15, 0.2, 0.25)
GAPS = (1, 2)
MIN_TOKENS = (1, 2)
SEEDS = (0.0, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


@dataclass
class Prepared:
    """One parsed training article with its gold spans."""

    aid: str
    text: str
    sents: list[Sent]
    techniques: list[tuple[int, int, str]]
    propaganda: list[tuple[int, int]]


def load_rows(data_dir: Path, split: str = "train") -> list[dict[str, Any]]:
    path = data_dir / DATASET / DATA_FILE
    if not path.exists():
        raise InputError(f"{path} not found; point --data at the project's shared data folder (../shared/data)")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [r for r in rows if r.get("split") == split]


def data_fingerprint(data_dir: Path) -> str:
    h = hashlib.sha256((data_dir / DATASET / DATA_FILE).read_bytes())
    return h.hexdigest()[:16]


def prepare(rows: Sequence[dict[str, Any]], settings: Settings) -> list[Prepared]:
    """Parse articles with the project's parse + sentences stages and attach gold spans."""
    from ..pipeline import Context, registered_stages

    stages = registered_stages()
    parse = stages["parse"].factory(settings)
    sentences = stages["sentences"].factory(settings)
    out: list[Prepared] = []
    for i in range(0, len(rows), 16):
        batch = rows[i : i + 16]
        items = [(a, Context(article=a, settings=settings)) for a in (Article(r["text"]) for r in batch)]
        parse.pipe(items)  # type: ignore[attr-defined]
        for r, (a, ctx) in zip(batch, items):
            sentences(a, ctx)
            sents, _ = article_sentences(a, ctx, max_tokens=MAX_TOKENS)
            tech = [(s["start"], s["end"], s["technique"]) for s in r["technique_spans"] or []]
            prop = [(s["start"], s["end"]) for s in r["propaganda_spans"] or []]
            out.append(Prepared(str(r["article_id"]), r["text"], sents, tech, prop))
    return out


def token_labels(p: Prepared) -> np.ndarray:
    """1 for tokens overlapping a gold propaganda span."""
    ys: list[int] = []
    spans = sorted(p.propaganda)
    for s in p.sents:
        for t in s.toks:
            ys.append(int(any(a < t.end and t.start < b for a, b in spans)))
    return np.array(ys, dtype=np.int8)


def _tc_instances(p: Prepared) -> tuple[list[list[tuple[str, float]]], list[str], list[tuple[int, int]]]:
    low = p.text.lower()
    counts = lemma_counts(p.sents)
    feats, labels, ivs = [], [], []
    for s, e, lab in p.techniques:
        feats.append(span_features(p.text, s, e, p.sents, lower_text=low, counts=counts))
        labels.append(lab)
        ivs.append((s, e))
    return feats, labels, ivs


class _Featurized:
    """Hashed features of every article, computed once and sliced per fold."""

    def __init__(self, data: Sequence[Prepared]) -> None:
        si_h, tc_h = hasher(N_FEATURES_SI), hasher(N_FEATURES_TC)
        self.si_X = [si_h.transform(token_features(p.sents, p.text)) if p.sents else None for p in data]
        self.si_y = [token_labels(p) for p in data]
        self.tc_X, self.tc_y, self.tc_iv = [], [], []
        for p in data:
            f, y, iv = _tc_instances(p)
            self.tc_X.append(tc_h.transform(f) if f else None)
            self.tc_y.append(y)
            self.tc_iv.append(iv)

    def stack(self, which: str, idx: Sequence[int]) -> tuple[Any, np.ndarray]:
        import scipy.sparse as sp

        Xs = getattr(self, f"{which}_X")
        ys = getattr(self, f"{which}_y")
        keep = [i for i in idx if Xs[i] is not None]
        X = sp.vstack([Xs[i] for i in keep]).tocsr()
        y = np.concatenate([np.asarray(ys[i]) for i in keep])
        return X, y


def _fit_si(X: Any, y: np.ndarray, seed: int) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import SGDClassifier

    clf = SGDClassifier(loss="log_loss", alpha=ALPHA_SI, max_iter=EPOCHS_SI, tol=None, random_state=seed)
    clf.fit(X, y)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def _fit_tc(X: Any, y: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.svm import LinearSVC

    clf = LinearSVC(C=C_TC, max_iter=5000, random_state=seed)
    clf.fit(X, y)
    coef = np.zeros((len(TECHNIQUES), X.shape[1]), dtype=np.float32)
    b = np.full(len(TECHNIQUES), -30.0, dtype=np.float32)
    for k, lab in enumerate(clf.classes_):
        j = TECHNIQUES.index(lab)
        coef[j] = clf.coef_[k]
        b[j] = clf.intercept_[k]
    return coef, b


def _tc_predict(labels_probs: np.ndarray, ivs: Sequence[tuple[int, int]]) -> list[tuple[tuple[int, int], str]]:
    """Top-k labels for each gold span, k = how many gold labels that span carries."""
    by_iv: dict[tuple[int, int], list[int]] = {}
    for i, iv in enumerate(ivs):
        by_iv.setdefault(iv, []).append(i)
    out = []
    for iv, rows in by_iv.items():
        order = np.argsort(-labels_probs[rows[0]])
        for j in order[: len(rows)]:
            out.append((iv, TECHNIQUES[int(j)]))
    return out


def _decode_all(
    model: TechniquesModel, data: Sequence[Prepared], probs: Sequence[np.ndarray], idx: Sequence[int]
) -> dict[str, list[tuple[int, int, float]]]:
    return {data[i].aid: model.runs(data[i].sents, probs[i], data[i].text) for i in idx}


def _grid_components(
    model: TechniquesModel, data: Sequence[Prepared], probs: Sequence[np.ndarray]
) -> dict[tuple[float, int, int, float], list[tuple[float, float, int, int]]]:
    """SI score components of every article under every decoding of the grid.

    Runs are decoded once per (threshold, gap, min_tokens); the seed filter is applied after.
    """
    out = {}
    for thr, gap, mt in itertools.product(THRESHOLDS, GAPS, MIN_TOKENS):
        model.decoding = Decoding(float(thr), gap, mt)
        runs = [model.runs_with_max(p.sents, probs[i], p.text) for i, p in enumerate(data)]
        for seed in SEEDS:
            out[(float(thr), gap, mt, float(seed))] = [
                si_components([(s, e) for s, e, _, mx in r if mx >= seed], p.propaganda)
                for r, p in zip(runs, data)
            ]
    return out


def _pick(grid: dict[tuple[float, int, int, float], list[tuple[float, float, int, int]]], idx: Sequence[int]) -> tuple[Decoding, float]:
    best: tuple[float, tuple[float, int, int, float]] = (-1.0, next(iter(grid)))
    for key, comps in grid.items():
        f = si_from_components(comps[i] for i in idx).f1
        if f > best[0]:
            best = (f, key)
    return Decoding(*best[1]), best[0]


def _fit_platt(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:
        return 1.0, 0.0
    lr = LogisticRegression(C=100.0).fit(x.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    best = (math.inf, 1.0)
    for t in np.exp(np.linspace(np.log(0.02), np.log(5.0), 120)):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = -float(np.mean(logp[np.arange(len(y)), y]))
        if nll < best[0]:
            best = (nll, float(t))
    return round(best[1], 4)


def _ece(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error (equal-width bins)."""
    if len(conf) == 0:
        return 0.0
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf >= lo) & ((conf < hi) if hi < 1 else (conf <= hi))
        if m.any():
            total += m.sum() / len(conf) * abs(conf[m].mean() - correct[m].mean())
    return float(total)


def train(
    data_dir: Path,
    *,
    seed: int = 13,
    folds: int = 5,
    settings: Settings | None = None,
    prepared: Sequence[Prepared] | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[TechniquesModel, dict[str, Any]]:
    """Cross-validate, then fit on all PTC train articles. Returns the model and its metrics."""
    from sklearn.model_selection import KFold

    say = progress or (lambda _m: None)
    settings = settings or Settings(stages="parse,sentences")
    data = list(prepared) if prepared is not None else None
    if data is None:
        rows = load_rows(data_dir)
        say(f"parsing {len(rows)} PTC train articles")
        data = prepare(rows, settings)
    say("extracting features")
    F = _Featurized(data)
    n = len(data)
    fold_of = np.zeros(n, dtype=int)
    for k, (_, test) in enumerate(KFold(folds, shuffle=True, random_state=seed).split(np.arange(n))):
        fold_of[test] = k
    oof_tok: list[np.ndarray] = [np.zeros(0)] * n
    oof_tc: list[np.ndarray] = [np.zeros((0, len(TECHNIQUES)))] * n
    for k in range(folds):
        tr = [i for i in range(n) if fold_of[i] != k]
        te = [i for i in range(n) if fold_of[i] == k]
        say(f"fold {k + 1}/{folds}: fitting")
        Xs, ys = F.stack("si", tr)
        w, b = _fit_si(Xs, ys, seed)
        Xt, yt = F.stack("tc", tr)
        W, B = _fit_tc(Xt, yt, seed)
        for i in te:
            if F.si_X[i] is not None:
                z = F.si_X[i] @ w + b
                oof_tok[i] = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
            if F.tc_X[i] is not None:
                oof_tc[i] = np.asarray(F.tc_X[i] @ W.T + B)
    probe = TechniquesModel(
        labels=list(TECHNIQUES),
        si_coef=np.zeros(N_FEATURES_SI, np.float32),
        si_intercept=0.0,
        tc_coef=np.zeros((len(TECHNIQUES), N_FEATURES_TC), np.float32),
        tc_intercept=np.zeros(len(TECHNIQUES), np.float32),
    )
    # SI, nested: each fold scored with the decoding picked on the other folds
    say("choosing span decoding on held-out folds")
    grid = _grid_components(probe, data, oof_tok)
    all_idx = list(range(n))
    nested_parts = []
    picked = []
    for k in range(folds):
        dec, _ = _pick(grid, [i for i in all_idx if fold_of[i] != k])
        picked.append(dec.__dict__.copy())
        key = (dec.threshold, dec.gap, dec.min_tokens, dec.seed)
        nested_parts += [grid[key][i] for i in all_idx if fold_of[i] == k]
    si_cv = si_from_components(nested_parts)
    final_dec, si_oof_best = _pick(grid, all_idx)
    probe.decoding = final_dec
    # Platt scaling of span confidence: does a predicted span overlap a gold one?
    cand = _decode_all(probe, data, oof_tok, all_idx)
    xs, ys_ = [], []
    for p in data:
        for s, e, mean in cand[p.aid]:
            xs.append(mean)
            ys_.append(int(any(a < e and s < b for a, b in p.propaganda)))
    platt = _fit_platt(np.array(xs), np.array(ys_))
    probe.platt = platt
    span_conf = np.array([1.0 / (1.0 + math.exp(-(platt[0] * x + platt[1]))) for x in xs])
    si_ece = _ece(span_conf, np.array(ys_, dtype=float))
    # TC on gold spans, out of fold
    logits = np.concatenate([oof_tc[i] for i in all_idx if len(oof_tc[i])])
    y_idx = np.array([TECHNIQUES.index(l) for i in all_idx for l in F.tc_y[i]])
    temperature = _fit_temperature(logits, y_idx)
    pred_tc, gold_tc = [], []
    for i in all_idx:
        if not len(oof_tc[i]):
            continue
        z = oof_tc[i] / temperature
        pr = np.exp(z - z.max(axis=1, keepdims=True))
        pr /= pr.sum(axis=1, keepdims=True)
        pred_tc += [(data[i].aid, iv, lab) for iv, lab in _tc_predict(pr, F.tc_iv[i])]
        gold_tc += [(data[i].aid, iv, lab) for iv, lab in zip(F.tc_iv[i], F.tc_y[i])]
    tc_cv = tc_micro_f1(pred_tc, gold_tc)
    zz = logits / temperature
    pp = np.exp(zz - zz.max(axis=1, keepdims=True))
    pp /= pp.sum(axis=1, keepdims=True)
    tc_ece = _ece(pp.max(axis=1), (pp.argmax(axis=1) == y_idx).astype(float))
    # final fit on everything
    say("fitting the final model on all train articles")
    Xs, ys = F.stack("si", all_idx)
    w, b = _fit_si(Xs, ys, seed)
    Xt, yt = F.stack("tc", all_idx)
    W, B = _fit_tc(Xt, yt, seed)
    metrics = {
        "cv": f"{folds}-fold by article, seed {seed}, PTC train ({n} articles)",
        "si_precision": round(si_cv.precision, 4),
        "si_recall": round(si_cv.recall, 4),
        "si_f1": round(si_cv.f1, 4),
        "si_f1_oof_tuned": round(si_oof_best, 4),
        "si_decoding_per_fold": picked,
        "si_span_confidence_ece": round(si_ece, 4),
        "tc_micro_f1": round(tc_cv, 4),
        "tc_confidence_ece": round(tc_ece, 4),
        "tc_per_label_f1": {k: round(v, 4) for k, v in per_label_f1(pred_tc, gold_tc).items()},
    }
    model = TechniquesModel(
        labels=list(TECHNIQUES),
        si_coef=w,
        si_intercept=b,
        tc_coef=W,
        tc_intercept=B,
        decoding=final_dec,
        platt=platt,
        temperature=temperature,
        info={
            "seed": seed,
            "folds": folds,
            "alpha_si": ALPHA_SI,
            "epochs_si": EPOCHS_SI,
            "C_tc": C_TC,
            "train_articles": n,
            "metrics": metrics,
        },
    )
    return model, metrics
