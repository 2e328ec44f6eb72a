"""The span re-scorer step of techniques training (dense variant): candidate runs from a loose
decoding, two logistic models over candidate features and span states, and the keep rule
``(c + lam * r) / (1 + lam) >= threshold`` chosen on out-of-fold predictions. Called by
:func:`newsprobe.train.techniques.train`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..ml.techniques_model import TechniquesModel, rescore_inputs
from ..ml.techniques_rescore import Rescorer, fit_rescorer, precision_credit
from .techniques_data import DenseData, Prepared
from .techniques_semeval import merge_intervals


#: Span re-scorer (dense variant): candidate runs from this decoding (threshold, gap, minimum
#: tokens; no seed filter), two logistic models (C) over candidate features and span states, and
#: the grid its keep rule ``(c + lam * r) / (1 + lam) >= threshold`` is chosen from.
RESCORE = True
RESCORE_DECODING = (0.15, 1, 1)
RESCORE_C = 1.0
RESCORE_LAMS = (0.5, 1.0, 1.5, 2.0, 3.0, 5.0)
RESCORE_TAUS = tuple(round(0.04 + 0.01 * i, 2) for i in range(86))


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


def _fit_platt(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:
        return 1.0, 0.0
    lr = LogisticRegression(C=100.0).fit(x.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


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
