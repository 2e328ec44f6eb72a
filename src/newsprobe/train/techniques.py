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

import itertools
import logging
import math
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from ..settings import Settings
from ..techniques_catalog import TECHNIQUES
from ..ml.techniques_model import Decoding, TechniquesModel, mlp_probs
from .techniques_data import (  # noqa: F401  (data_fingerprint: used by the train command)
    DenseData,
    Prepared,
    _Featurized,
    data_fingerprint,
    dense_inputs,
    load_rows,
    prepare,
)
from .techniques_rescoring import (  # noqa: F401
    RESCORE,
    RESCORE_C,
    RESCORE_DECODING,
    _ece,
    _fit_platt,
    _rescore,
)
from .techniques_semeval import per_label_f1, si_components, si_from_components, tc_micro_f1

log = logging.getLogger(__name__)

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
