"""The span re-scorer of the techniques model: candidate features, credits, fitting, storage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsprobe.ml import techniques_dense as td
from newsprobe.ml.techniques_features import N_FEATURES_SI, N_FEATURES_TC, Sent, Tok
from newsprobe.ml.techniques_model import Decoding, TechniquesModel, rescore_inputs
from newsprobe.ml.techniques_rescore import Rescorer, candidate_features, fit_rescorer, n_features, precision_credit
from newsprobe.techniques_catalog import TECHNIQUES

TEXT = "They are shameful liars , says the mayor . Rain fell on Tuesday ."


def _sents(text: str) -> list[Sent]:
    """Whitespace tokens; a sentence ends after each '.'; '.' and ',' are PUNCT."""
    sents, toks, i = [], [], 0
    for w in text.split():
        j = text.index(w, i)
        i = j + len(w)
        pos = "PUNCT" if w in ".," else ("ADJ" if w == "shameful" else "NOUN")
        toks.append(Tok(j, i, w.lower(), w.lower(), pos, "dep", "x", "Xx" if w[0].isupper() else "x"))
        if w == ".":
            sents.append(Sent(toks[0].start, toks[-1].end, tuple(toks)))
            toks = []
    return sents


def test_precision_credit_is_the_covered_share() -> None:
    assert precision_credit(10, 20, [(0, 15)]) == pytest.approx(0.5)
    assert precision_credit(10, 20, [(0, 12), (18, 30)]) == pytest.approx(0.4)
    assert precision_credit(10, 20, []) == 0.0
    assert precision_credit(10, 10, [(0, 30)]) == 0.0


def test_candidate_features_describe_each_run() -> None:
    sents = _sents(TEXT)
    n_tok = sum(len(s.toks) for s in sents)
    probs = np.full(n_tok, 0.05)
    probs[2:4] = [0.9, 0.6]  # "shameful liars"
    runs = [(0, 2, 3, 0), (1, 0, 1, len(sents[0].toks))]  # "shameful liars"; "Rain fell"
    tp = np.full((2, len(TECHNIQUES)), 1.0 / len(TECHNIQUES))
    tp[0] = 0.0
    tp[0, 0] = 1.0
    X = candidate_features(TEXT, sents, runs, probs, (probs, probs), tp)
    assert X.shape == (2, n_features(len(TECHNIQUES)))
    assert X[0, 0] == pytest.approx(0.75) and X[0, 1] == pytest.approx(0.9)  # mean, max token probability
    assert X[1, 0] == pytest.approx(0.05)
    assert X[0, 14] == 0.0 and X[0, 15] == 1.0  # two tokens
    assert X[1, 18] == 1.0 and X[0, 18] == 0.0  # "Rain fell" starts its sentence
    assert X[1, 21] == 0.0 and X[0, 21] == 1.0  # first sentence
    assert np.isfinite(X).all()
    assert candidate_features(TEXT, sents, [], probs, (probs, probs), tp[:0]).shape == (0, X.shape[1])


def test_fit_rescorer_folds_the_standardisation_and_learns_credit() -> None:
    rng = np.random.default_rng(5)
    X = rng.normal(loc=3.0, scale=2.0, size=(1500, 6))
    V = rng.normal(loc=-1.0, scale=4.0, size=(1500, 768))
    c = (X[:, 2] > 3.0).astype(float)  # precision credit follows one hand feature
    r = (V[:, 10] > -1.0).astype(float) * 0.8  # recall credit follows one dense column
    rs = fit_rescorer(X, V, c, r, C=1.0, dense_scale=4.0)
    pc, pr = rs.credits(X, V)  # raw inputs, as at run time
    assert ((pc > 0.5) == (c > 0.5)).mean() > 0.9
    assert np.corrcoef(pr, r)[0, 1] > 0.5
    rs.lam = 1.0
    assert np.allclose(rs.scores(X, V), (pc + pr) / 2)


def _model_with_rescorer(rng: np.random.Generator) -> TechniquesModel:
    n = len(TECHNIQUES)
    k = n_features(n)
    sparse = TechniquesModel(
        labels=list(TECHNIQUES),
        si_coef=np.zeros(N_FEATURES_SI, np.float32),
        si_intercept=-1.0,
        tc_coef=np.zeros((n, N_FEATURES_TC), np.float32),
        tc_intercept=np.zeros(n, np.float32),
    )
    sparse.dense = TechniquesModel(
        labels=list(TECHNIQUES),
        si_coef=np.zeros(N_FEATURES_SI, np.float32),
        si_intercept=0.0,
        tc_coef=np.zeros((n, N_FEATURES_TC), np.float32),
        tc_intercept=rng.normal(size=n).astype(np.float32),
        decoding=Decoding(0.1, 2, 2, 0.4),
        si_dense=np.zeros(td.DIM, np.float32),
        tc_dense=np.zeros((n, 2 * td.DIM), np.float32),
        layers=3,
        rescorer=Rescorer(rng.normal(size=k), rng.normal(size=768), 0.2, rng.normal(size=k), rng.normal(size=768),
                          -0.3, lam=2.0, threshold=0.31, platt=(4.0, -2.0), decoding=(0.2, 2, 1)),
    )
    return sparse


def test_rescorer_round_trips(tmp_path: Path) -> None:
    model = _model_with_rescorer(np.random.default_rng(1))
    model.save(tmp_path)
    back = TechniquesModel.load(tmp_path)
    assert back.dense is not None and back.dense.rescorer is not None and back.rescorer is None
    a, b = model.dense.rescorer, back.dense.rescorer  # type: ignore[union-attr]
    assert (b.lam, b.threshold, b.platt, b.decoding) == (2.0, 0.31, (4.0, -2.0), (0.2, 2, 1))
    X = np.random.default_rng(2).normal(size=(5, len(a.hand_c)))
    V = np.random.default_rng(3).normal(size=(5, 768))
    assert np.allclose(a.scores(X, V), b.scores(X, V), atol=1e-4)


def test_rescore_inputs_use_the_candidate_decoding() -> None:
    model = _model_with_rescorer(np.random.default_rng(4)).dense
    assert model is not None and model.rescorer is not None
    sents = _sents(TEXT)
    n_tok = sum(len(s.toks) for s in sents)
    p = np.full(n_tok, 0.05)
    p[2:4] = 0.9  # one run: "shameful liars"
    tok = np.zeros((n_tok, td.DIM), np.float32)
    sv = np.zeros((len(sents), td.DIM), np.float32)
    runs, ivs, X, V, tp = rescore_inputs(model, model.rescorer, TEXT, sents, tok, sv, parts=(p, p, p))
    assert ivs == [(TEXT.index("shameful"), TEXT.index(" ,"))]
    assert X.shape[0] == V.shape[0] == tp.shape[0] == 1 and V.shape[1] == 2 * td.DIM
    assert np.allclose(tp.sum(axis=1), 1.0)
    none = rescore_inputs(model, model.rescorer, TEXT, sents, tok, sv, parts=(p * 0, p * 0, p * 0))
    assert none[1] == [] and none[2].shape[0] == 0
