"""Train and cross-validate the persuasion-techniques model on the PTC train split.

``train(data_dir, seed)`` parses the PTC train articles with the project's own ``parse``
and ``sentences`` stages (so training sees exactly what the stage sees), then

1. runs seeded 5-fold cross-validation by article: for each fold, fits the token model (SI)
   and the span classifier (TC) on four folds and predicts the fifth;
2. picks the span decoding (threshold, gap, minimum length) on the out-of-fold predictions
   (the reported SI score uses a nested choice: each fold's decoding is picked on the other
   four folds), fits the Platt scaling of span confidence and the TC temperature on them;
3. refits both models on all train articles and returns the model plus its metrics.

All of this is done twice: for the sparse (hashed features only) fallback model, and for the
dense variant that adds MiniLM states (``techniques_dense``; every PTC train sentence is
encoded once, optionally cached as float16 under ``cache_dir``) plus a small token network.

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
from .techniques_model import Decoding, TechniquesModel, hasher, mlp_probs, rescore_inputs
from .techniques_rescore import Rescorer, fit_rescorer, precision_credit
from .techniques_semeval import merge_intervals, per_label_f1, si_components, si_from_components, tc_micro_f1

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
#: Dense variant: MiniLM states after this many layers (layer 3 beat 2, 4 and 6 for TC in CV, and costs half).
LAYERS_DENSE = 3
#: Standardised dense columns are multiplied by SCALE / sqrt(dims) before joining the hashed features.
SCALE_SI = 2.0
SCALE_TC = 3.0
C_TC_DENSE = 0.05
#: Token network on the MiniLM state (averaged with the linear token model): hidden units, epochs.
MLP_HIDDEN = 128
MLP_EPOCHS = 8
#: Span re-scorer (dense variant): candidate runs from this decoding (threshold, gap, minimum
#: tokens; no seed filter), two logistic models (C) over candidate features and span states, and
#: the grid its keep rule ``(c + lam * r) / (1 + lam) >= threshold`` is chosen from.
RESCORE = True
RESCORE_DECODING = (0.15, 1, 1)
RESCORE_C = 1.0
RESCORE_LAMS = (0.5, 1.0, 1.5, 2.0, 3.0, 5.0)
RESCORE_TAUS = tuple(round(0.04 + 0.01 * i, 2) for i in range(86))


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


@dataclass
class DenseData:
    """MiniLM inputs per article: token states ``(n_tokens, 384)`` and gold-span vectors ``(n_spans, 768)``."""

    layers: int
    tok: list[np.ndarray]
    span: list[np.ndarray]
    sent: list[np.ndarray]  # (n_sents, 384) mean word-piece state of each sentence


def _token_key(data: Sequence[Prepared], layers: int) -> str:
    h = hashlib.sha256(f"L{layers}".encode())
    for p in data:
        h.update(p.aid.encode())
        for s in p.sents:
            h.update(np.array([(t.start, t.end) for t in s.toks], dtype=np.int64).tobytes())
    return h.hexdigest()[:16]


def dense_inputs(
    data: Sequence[Prepared], layers: int, *, cache_dir: Path | None = None, progress: Callable[[str], None] | None = None
) -> DenseData:
    """Encode every sentence once with MiniLM (first ``layers`` layers) and pool to tokens.

    States are kept as float16 (in memory and in the optional ``cache_dir``, keyed by the
    tokenisation), so a cached and a fresh run see the same numbers.
    """
    from .techniques_dense import sentence_token_vectors, span_vectors

    say = progress or (lambda _m: None)
    path = cache_dir / f"ptc_train_minilm_L{layers}_{_token_key(data, layers)}.npz" if cache_dir else None
    if path is not None and path.exists():
        say(f"MiniLM states from cache {path}")
        with np.load(path, allow_pickle=False) as z:
            tok_all, sent_all = z["tok"], z["sent"]
    else:
        toks, sentv = [], []
        for k, p in enumerate(data):
            if k % 50 == 0:
                say(f"MiniLM states (layer {layers}): article {k + 1}/{len(data)}")
            t, sv = sentence_token_vectors(p.text, p.sents, layers=layers)
            toks.append(t.astype(np.float16))
            sentv.append(sv.astype(np.float16))
        tok_all = np.concatenate(toks) if toks else np.zeros((0, 384), np.float16)
        sent_all = np.concatenate(sentv) if sentv else np.zeros((0, 384), np.float16)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(path, tok=tok_all, sent=sent_all)
    tok_list, span_list, sent_list = [], [], []
    t0 = s0 = 0
    for p in data:
        nt = sum(len(s.toks) for s in p.sents)
        tk = tok_all[t0 : t0 + nt].astype(np.float32)
        sv = sent_all[s0 : s0 + len(p.sents)].astype(np.float32)
        t0 += nt
        s0 += len(p.sents)
        tok_list.append(tk)
        sent_list.append(sv)
        span_list.append(span_vectors(p.sents, tk, sv, [(s, e) for s, e, _ in p.techniques]))
    return DenseData(layers, tok_list, span_list, sent_list)


def _standardiser(D: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-column mean and multiplier so that ``(D - mu) * mult`` has std ``scale / sqrt(dims)``."""
    mu = D.mean(axis=0)
    mult = scale / math.sqrt(D.shape[1]) / (D.std(axis=0) + 1e-6)
    return mu.astype(np.float64), mult.astype(np.float64)


def _fit_si(X: Any, y: np.ndarray, seed: int, D: np.ndarray | None = None) -> tuple[np.ndarray, float, np.ndarray | None]:
    """Token logistic model; with ``D`` (dense token states), returns its folded dense weights too."""
    import scipy.sparse as sp
    from sklearn.linear_model import SGDClassifier

    clf = SGDClassifier(loss="log_loss", alpha=ALPHA_SI, max_iter=EPOCHS_SI, tol=None, random_state=seed)
    if D is None:
        clf.fit(X, y)
        return clf.coef_[0].astype(np.float32), float(clf.intercept_[0]), None
    mu, mult = _standardiser(D, SCALE_SI)
    Xd = sp.hstack([X, sp.csr_matrix((D - mu) * mult)]).tocsr()
    clf.fit(Xd, y)
    del Xd
    n = X.shape[1]
    w_d = clf.coef_[0, n:] * mult
    b = float(clf.intercept_[0]) - float(w_d @ mu)
    return clf.coef_[0, :n].astype(np.float32), b, w_d.astype(np.float32)


def _fit_mlp(D: np.ndarray, y: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One-hidden-layer ReLU network on standardised token states; standardisation folded into layer 1."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    mu = D.mean(axis=0)
    sd = D.std(axis=0) + 1e-6
    clf = MLPClassifier(hidden_layer_sizes=(MLP_HIDDEN,), alpha=1e-3, batch_size=256, max_iter=MLP_EPOCHS,
                        learning_rate_init=1e-3, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a fixed, small number of epochs on purpose
        clf.fit(((D - mu) / sd).astype(np.float32), y)
    w1 = clf.coefs_[0] / sd[:, None]
    b1 = clf.intercepts_[0] - (mu / sd) @ clf.coefs_[0]
    return (w1.astype(np.float32), b1.astype(np.float32), clf.coefs_[1][:, 0].astype(np.float32),
            np.asarray(clf.intercepts_[1], dtype=np.float32).reshape(1))


def _fit_tc(X: Any, y: np.ndarray, seed: int, D: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Linear SVM over span features; with ``D`` (dense span vectors), returns its folded dense weights too."""
    import scipy.sparse as sp
    from sklearn.svm import LinearSVC

    n = X.shape[1]
    if D is None:
        clf = LinearSVC(C=C_TC, max_iter=5000, random_state=seed).fit(X, y)
        mu = mult = None
    else:
        mu, mult = _standardiser(D, SCALE_TC)
        clf = LinearSVC(C=C_TC_DENSE, max_iter=5000, random_state=seed)
        clf.fit(sp.hstack([X, sp.csr_matrix((D - mu) * mult)]).tocsr(), y)
    coef = np.zeros((len(TECHNIQUES), n), dtype=np.float32)
    b = np.full(len(TECHNIQUES), -30.0, dtype=np.float32)
    dense = None if D is None else np.zeros((len(TECHNIQUES), D.shape[1]), dtype=np.float32)
    for k, lab in enumerate(clf.classes_):
        j = TECHNIQUES.index(lab)
        coef[j] = clf.coef_[k, :n]
        b[j] = clf.intercept_[k]
        if dense is not None and mu is not None and mult is not None:
            w_d = clf.coef_[k, n:] * mult
            dense[j] = w_d
            b[j] -= float(w_d @ mu)
    return coef, b, dense


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


def _cross_validate(
    data: Sequence[Prepared],
    F: _Featurized,
    fold_of: np.ndarray,
    folds: int,
    seed: int,
    dense: DenseData | None,
    say: Callable[[str], None],
) -> tuple[list[np.ndarray], list[np.ndarray], dict[str, Any]]:
    """Out-of-fold token probabilities and TC margins for every article, plus (dense) the two
    members of the token probability and each fold's model (for the span re-scorer)."""
    n = len(data)
    extra: dict[str, Any] = {"parts": [None] * n, "models": []}
    oof_tok: list[np.ndarray] = [np.zeros(0)] * n
    oof_tc: list[np.ndarray] = [np.zeros((0, len(TECHNIQUES)))] * n
    tag = "dense" if dense else "sparse"
    for k in range(folds):
        tr = [i for i in range(n) if fold_of[i] != k]
        te = [i for i in range(n) if fold_of[i] == k]
        say(f"{tag} model, fold {k + 1}/{folds}: fitting")
        m = TechniquesModel(labels=list(TECHNIQUES), **_fit_both(F, tr, seed, dense))
        if dense is not None:
            extra["models"].append(m)
        for i in te:
            if F.si_X[i] is not None:
                z = F.si_X[i] @ m.si_coef + m.si_intercept
                if dense is not None and m.si_dense is not None:
                    z = z + dense.tok[i] @ m.si_dense
                p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
                extra["parts"][i] = (p, p)
                if dense is not None and m.si_mlp is not None:
                    q = mlp_probs(m.si_mlp, dense.tok[i])
                    extra["parts"][i] = (p, q)
                    p = 0.5 * (p + q)  # as TechniquesModel.token_probs
                oof_tok[i] = p
            if F.tc_X[i] is not None:
                zt = np.asarray(F.tc_X[i] @ m.tc_coef.T + m.tc_intercept)
                if dense is not None and m.tc_dense is not None:
                    zt = zt + dense.span[i] @ m.tc_dense.T
                oof_tc[i] = zt
    return oof_tok, oof_tc, extra


def _fit_both(F: _Featurized, idx: Sequence[int], seed: int, dense: DenseData | None) -> dict[str, Any]:
    """Fit the token model(s) and the span classifier on the articles ``idx``."""
    Xs, ys = F.stack("si", idx)
    Ds = np.concatenate([dense.tok[i] for i in idx if F.si_X[i] is not None]) if dense else None
    w, b, wd = _fit_si(Xs, ys, seed, Ds)
    del Xs
    mlp = _fit_mlp(Ds, ys, seed) if Ds is not None and MLP_HIDDEN else None
    del Ds
    Xt, yt = F.stack("tc", idx)
    Dt = np.concatenate([dense.span[i] for i in idx if F.tc_X[i] is not None]) if dense else None
    W, B, Wd = _fit_tc(Xt, yt, seed, Dt)
    return {"si_coef": w, "si_intercept": b, "si_dense": wd, "si_mlp": mlp, "tc_coef": W, "tc_intercept": B, "tc_dense": Wd}


def _calibrate_and_score(
    data: Sequence[Prepared],
    F: _Featurized,
    fold_of: np.ndarray,
    folds: int,
    oof_tok: Sequence[np.ndarray],
    oof_tc: Sequence[np.ndarray],
    say: Callable[[str], None],
) -> tuple[Decoding, tuple[float, float], float, dict[str, Any]]:
    """Pick the decoding (nested per fold for the reported score), fit Platt and temperature, score."""
    n = len(data)
    probe = TechniquesModel(
        labels=list(TECHNIQUES),
        si_coef=np.zeros(1, np.float32),
        si_intercept=0.0,
        tc_coef=np.zeros((len(TECHNIQUES), 1), np.float32),
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
    metrics = {
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
    return final_dec, platt, temperature, metrics


@dataclass
class _Candidates:
    """Out-of-fold candidate runs of the dense tagger: features, span vectors, credits, article."""

    X: np.ndarray
    V: np.ndarray
    c: np.ndarray  # precision credit: share of the run inside gold spans
    r: np.ndarray  # recall credit: sum over gold spans of the share of each it covers
    art: np.ndarray  # article index of each run
    n_gold: np.ndarray  # merged gold spans per article


def _rescore_candidates(
    data: Sequence[Prepared], fold_of: np.ndarray, oof_tok: Sequence[np.ndarray], extra: dict[str, Any],
    dense: DenseData, temperature: float,
) -> _Candidates:
    """Candidates of every article from its out-of-fold token probabilities, described with the
    technique probabilities of the fold model that did not see it."""
    Xs, Vs, cs, rs, arts = [], [], [], [], []
    gold = [merge_intervals(p.propaganda) for p in data]
    for i, p in enumerate(data):
        if not len(oof_tok[i]):
            continue
        m: TechniquesModel = extra["models"][int(fold_of[i])]
        m.temperature = temperature
        rs_probe = Rescorer(np.zeros(1), np.zeros(1), 0.0, np.zeros(1), np.zeros(1), 0.0, decoding=RESCORE_DECODING)
        pa, pb = extra["parts"][i]

        def logits(Xh: Any, V: np.ndarray, m: TechniquesModel = m) -> np.ndarray:
            return np.asarray(Xh @ m.tc_coef.T + m.tc_intercept) + V @ m.tc_dense.T  # type: ignore[union-attr]

        _, ivs, X, V, _ = rescore_inputs(m, rs_probe, p.text, p.sents, dense.tok[i], dense.sent[i],
                                         parts=(oof_tok[i], pa, pb), tc_logits=logits)
        if not ivs:
            continue
        Xs.append(X)
        Vs.append(V)
        for s, e in ivs:
            cs.append(precision_credit(s, e, gold[i]))
            rs.append(sum(max(0, min(b, e) - max(a, s)) / (b - a) for a, b in gold[i]))
            arts.append(i)
    return _Candidates(np.vstack(Xs), np.vstack(Vs), np.array(cs), np.array(rs), np.array(arts, dtype=int),
                       np.array([len(g) for g in gold]))


def _keep_components(C: _Candidates, score: np.ndarray, tau: float, mask: np.ndarray) -> np.ndarray:
    """SI components (precision credit, recall credit, |S|, |T|) of the candidates kept at ``tau``
    over the articles in ``mask`` (runs of one decoding never overlap, so credits add up)."""
    keep = (score >= tau) & mask[C.art]
    return np.array([C.c[keep].sum(), C.r[keep].sum(), float(keep.sum()), float(C.n_gold[mask].sum())])


def _f1_of(v: np.ndarray) -> float:
    p = v[0] / v[2] if v[2] else 0.0
    r = v[1] / v[3] if v[3] else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _pick_keep(C: _Candidates, cr: tuple[np.ndarray, np.ndarray], mask: np.ndarray) -> tuple[float, float, float]:
    """(F1, lam, threshold) of the best keep rule on the articles in ``mask``."""
    best = (-1.0, 1.0, 0.5)
    for lam in RESCORE_LAMS:
        score = (cr[0] + lam * cr[1]) / (1.0 + lam)
        for tau in RESCORE_TAUS:
            f = _f1_of(_keep_components(C, score, tau, mask))
            if f > best[0]:
                best = (f, lam, tau)
    return best


def _rescore(
    data: Sequence[Prepared], fold_of: np.ndarray, folds: int, oof_tok: Sequence[np.ndarray],
    extra: dict[str, Any], dense: DenseData, temperature: float, seed: int,
) -> tuple[Rescorer, dict[str, Any]]:
    """Cross-validate the span re-scorer on out-of-fold candidates (nested choice of the keep
    rule), then fit it on all candidates. Returns it and its SI metrics (they replace the
    hysteresis decoding's)."""
    C = _rescore_candidates(data, fold_of, oof_tok, extra, dense, temperature)
    fo = fold_of[C.art]
    oof_c, oof_r = np.zeros(len(C.c)), np.zeros(len(C.c))
    for k in range(folds):
        tr, te = fo != k, fo == k
        rs = fit_rescorer(C.X[tr], C.V[tr], C.c[tr], C.r[tr], C=RESCORE_C, seed=seed)
        oof_c[te], oof_r[te] = rs.credits(C.X[te], C.V[te])
    n = len(data)
    total = np.zeros(4)
    picked = []
    for k in range(folds):
        _, lam, tau = _pick_keep(C, (oof_c, oof_r), fold_of != k)
        picked.append({"lam": lam, "threshold": tau})
        total += _keep_components(C, (oof_c + lam * oof_r) / (1 + lam), tau, fold_of == k)
    p = total[0] / total[2] if total[2] else 0.0
    r = total[1] / total[3] if total[3] else 0.0
    f_all, lam, tau = _pick_keep(C, (oof_c, oof_r), np.ones(n, dtype=bool))
    score = (oof_c + lam * oof_r) / (1 + lam)
    kept = score >= tau
    overlap = (C.c > 0).astype(int)
    platt = _fit_platt(score[kept], overlap[kept])
    conf = 1.0 / (1.0 + np.exp(-(platt[0] * score[kept] + platt[1])))
    final = fit_rescorer(C.X, C.V, C.c, C.r, C=RESCORE_C, seed=seed)
    final.lam, final.threshold, final.platt, final.decoding = lam, tau, platt, RESCORE_DECODING
    metrics = {
        "si_precision": round(p, 4),
        "si_recall": round(r, 4),
        "si_f1": round(_f1_of(total), 4),
        "si_f1_oof_tuned": round(f_all, 4),
        "si_rescore_per_fold": picked,
        "si_rescore_candidates": int(len(C.c)),
        "si_span_confidence_ece": round(_ece(conf, overlap[kept].astype(float)), 4),
    }
    return final, metrics


def train(
    data_dir: Path,
    *,
    seed: int = 13,
    folds: int = 5,
    settings: Settings | None = None,
    prepared: Sequence[Prepared] | None = None,
    progress: Callable[[str], None] | None = None,
    dense: bool = True,
    cache_dir: Path | None = None,
) -> tuple[TechniquesModel, dict[str, Any]]:
    """Cross-validate, then fit on all PTC train articles. Returns the model and its metrics.

    Two variants are cross-validated and fitted: the sparse (hashed features only) fallback
    and, when ``dense`` is true, the MiniLM variant it carries as ``model.dense``. The
    top-level metrics are those of the variant the stage uses by default (dense when built);
    ``metrics["sparse"]`` / ``metrics["dense"]`` hold both. ``cache_dir`` keeps the encoded
    MiniLM states between runs.
    """
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
    all_idx = list(range(n))
    cv = f"{folds}-fold by article, seed {seed}, PTC train ({n} articles)"

    oof_tok, oof_tc, _ = _cross_validate(data, F, fold_of, folds, seed, None, say)
    dec, platt, temperature, m_sparse = _calibrate_and_score(data, F, fold_of, folds, oof_tok, oof_tc, say)
    say("fitting the final sparse model on all train articles")
    parts = _fit_both(F, all_idx, seed, None)
    info: dict[str, Any] = {
        "seed": seed,
        "folds": folds,
        "alpha_si": ALPHA_SI,
        "epochs_si": EPOCHS_SI,
        "C_tc": C_TC,
        "train_articles": n,
    }
    model = TechniquesModel(
        labels=list(TECHNIQUES),
        si_coef=parts["si_coef"],
        si_intercept=parts["si_intercept"],
        tc_coef=parts["tc_coef"],
        tc_intercept=parts["tc_intercept"],
        decoding=dec,
        platt=platt,
        temperature=temperature,
        info=info,
    )
    metrics: dict[str, Any] = {"cv": cv, "variant": "sparse", **m_sparse, "sparse": dict(m_sparse)}
    if dense:
        D = dense_inputs(data, LAYERS_DENSE, cache_dir=cache_dir, progress=say)
        oof_tok, oof_tc, extra = _cross_validate(data, F, fold_of, folds, seed, D, say)
        dec_d, platt_d, temp_d, m_dense = _calibrate_and_score(data, F, fold_of, folds, oof_tok, oof_tc, say)
        rescorer = None
        if RESCORE:
            say("span re-scorer: candidates, cross-validation")
            rescorer, m_rescore = _rescore(data, fold_of, folds, oof_tok, extra, D, temp_d, seed)
            m_rescore["si_hysteresis"] = {k: m_dense[k] for k in ("si_precision", "si_recall", "si_f1")}
            m_dense = {**m_dense, **m_rescore}
        say("fitting the final dense model on all train articles")
        model.dense = TechniquesModel(
            labels=list(TECHNIQUES),
            **_fit_both(F, all_idx, seed, D),
            decoding=dec_d,
            platt=platt_d,
            temperature=temp_d,
            layers=LAYERS_DENSE,
            rescorer=rescorer,
        )
        info.update({"dense_layers": LAYERS_DENSE, "scale_si": SCALE_SI, "scale_tc": SCALE_TC,
                     "C_tc_dense": C_TC_DENSE, "mlp_hidden": MLP_HIDDEN, "mlp_epochs": MLP_EPOCHS,
                     "rescore": RESCORE, "rescore_C": RESCORE_C, "rescore_decoding": list(RESCORE_DECODING)})
        metrics = {"cv": cv, "variant": "dense", **m_dense, "sparse": m_sparse, "dense": dict(m_dense)}
    info["metrics"] = metrics
    return model, metrics
