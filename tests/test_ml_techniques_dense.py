"""MiniLM features of the techniques models: pooling, span vectors, the dense variant's storage and fitting."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from newsprobe.ml import techniques_dense as td
from newsprobe.ml.techniques_features import N_FEATURES_SI, N_FEATURES_TC, Sent, Tok
from newsprobe.ml.techniques_model import Decoding, TechniquesModel
from newsprobe.techniques_catalog import TECHNIQUES

ENCODER_OK, ENCODER_WHY = td.available()
needs_encoder = pytest.mark.skipif(not ENCODER_OK, reason=f"MiniLM encoder not installed: {ENCODER_WHY}")


def _tok(start: int, word: str) -> Tok:
    return Tok(start, start + len(word), word.lower(), word.lower(), "NOUN", "dep", "x", "x")


def _sent(text: str, offset: int = 0) -> Sent:
    toks, i = [], 0
    for w in text.split():
        j = text.index(w, i)
        toks.append(_tok(offset + j, w))
        i = j + len(w)
    return Sent(offset, offset + len(text), tuple(toks))


def test_pool_to_tokens_averages_overlapping_pieces() -> None:
    s = _sent("unbelievable lies", offset=10)
    # pieces: "un" "believ" "able" " lies" (offsets relative to the sentence), then nothing for the rest
    offsets = np.array([[0, 2], [2, 8], [8, 12], [13, 17]], dtype=np.int32)
    states = np.zeros((4, td.DIM), dtype=np.float32)
    states[:, 0] = [1.0, 2.0, 3.0, 10.0]
    out = td.pool_to_tokens(s, offsets, states)
    assert out.shape == (2, td.DIM)
    assert out[0, 0] == pytest.approx(2.0)  # mean of the three pieces of "unbelievable"
    assert out[1, 0] == pytest.approx(10.0)


def test_pool_to_tokens_uses_the_sentence_mean_past_truncation() -> None:
    s = _sent("one two three")
    offsets = np.array([[0, 3]], dtype=np.int32)  # the encoder stopped after "one"
    states = np.full((1, td.DIM), 4.0, dtype=np.float32)
    out = td.pool_to_tokens(s, offsets, states)
    assert np.allclose(out, 4.0)
    assert np.all(td.pool_to_tokens(s, np.zeros((0, 2), np.int32), np.zeros((0, td.DIM), np.float32)) == 0)


def test_span_vectors_join_span_mean_and_first_sentence() -> None:
    sents = [_sent("a b c"), _sent("d e", offset=6)]
    tok = np.arange(5, dtype=np.float32)[:, None] * np.ones((1, td.DIM), np.float32)
    sv = np.array([[100.0] * td.DIM, [200.0] * td.DIM], dtype=np.float32)
    out = td.span_vectors(sents, tok, sv, [(2, 5), (6, 7), (50, 60)])
    assert out.shape == (3, 2 * td.DIM)
    assert out[0, 0] == pytest.approx(1.5) and out[0, td.DIM] == 100.0  # tokens "b", "c"
    assert out[1, 0] == pytest.approx(3.0) and out[1, td.DIM] == 200.0  # token "d"
    assert not out[2].any()  # a span over no token


def _dense_model(rng: np.random.Generator) -> TechniquesModel:
    n = len(TECHNIQUES)
    sparse = TechniquesModel(
        labels=list(TECHNIQUES),
        si_coef=rng.normal(size=N_FEATURES_SI).astype(np.float32),
        si_intercept=-1.0,
        tc_coef=rng.normal(size=(n, N_FEATURES_TC)).astype(np.float32),
        tc_intercept=np.zeros(n, np.float32),
        decoding=Decoding(0.2, 1, 1, 0.3),
        info={"seed": 1},
    )
    sparse.dense = TechniquesModel(
        labels=list(TECHNIQUES),
        si_coef=rng.normal(size=N_FEATURES_SI).astype(np.float32),
        si_intercept=0.5,
        tc_coef=rng.normal(size=(n, N_FEATURES_TC)).astype(np.float32),
        tc_intercept=rng.normal(size=n).astype(np.float32),
        decoding=Decoding(0.1, 2, 2, 0.4),
        platt=(3.0, -1.0),
        temperature=0.5,
        si_dense=rng.normal(size=td.DIM).astype(np.float32),
        tc_dense=rng.normal(size=(n, 2 * td.DIM)).astype(np.float32),
        layers=3,
    )
    return sparse


def test_dense_variant_round_trips(tmp_path: Path) -> None:
    model = _dense_model(np.random.default_rng(0))
    model.save(tmp_path)
    back = TechniquesModel.load(tmp_path)
    assert back.dense is not None and back.dense.is_dense and not back.is_dense
    assert back.dense.layers == 3 and back.dense.decoding == Decoding(0.1, 2, 2, 0.4)
    assert back.dense.platt == (3.0, -1.0) and back.dense.temperature == 0.5
    assert np.array_equal(back.dense.si_dense, model.dense.si_dense)  # float32, exact
    assert np.array_equal(back.dense.tc_dense, model.dense.tc_dense)
    feats = [[("w=shameful", 1.0), ("bias", 1.0)]]
    D = np.ones((1, td.DIM), np.float32)
    assert np.allclose(back.dense.token_probs(feats, D), model.dense.token_probs(feats, D), atol=1e-2)
    with pytest.raises(Exception, match="sparse fallback"):
        back.dense.token_probs(feats)  # a dense model without states says what to do


def test_fit_si_folds_the_standardisation_into_the_weights() -> None:
    from newsprobe.train.techniques import _fit_si

    rng = np.random.default_rng(3)
    D = rng.normal(loc=5.0, scale=3.0, size=(2000, td.DIM)).astype(np.float32)
    y = (D[:, 7] > 5.0).astype(int)  # only one dense column matters
    X = sp.csr_matrix((2000, N_FEATURES_SI))
    w, b, wd = _fit_si(X, y, seed=0, D=D)
    assert wd is not None and wd.shape == (td.DIM,) and not w.any()
    pred = (D @ wd + b) > 0  # raw (unstandardised) states, as at run time
    assert (pred == y).mean() > 0.9


@needs_encoder
def test_piece_states_full_depth_matches_the_encoder_and_early_layers_differ() -> None:
    from newsprobe.ml.minilm import token_states

    texts = ["The shameful plan was rammed through at midnight.", "Short one."]
    full = td.piece_states(texts, layers=6)
    ref = token_states(texts)
    early = td.piece_states(texts, layers=3)
    for (o1, s1), (o2, s2), (o3, s3) in zip(full, ref, early):
        # the techniques encoder runs int8 weights: close to the float encoder, not equal
        assert np.array_equal(o1, o2) and _min_cosine(s1, s2) > 0.95
        assert np.array_equal(o1, o3) and s3.shape == s1.shape and not np.allclose(s3, s1)


@needs_encoder
def test_sentence_token_vectors_cover_every_token() -> None:
    text = "Critics called it a cash grab. The mayor disagreed."
    sents = [_sent("Critics called it a cash grab."), _sent("The mayor disagreed.", offset=31)]
    tok, sv = td.sentence_token_vectors(text, sents, layers=3)
    assert tok.shape == (9, td.DIM) and sv.shape == (2, td.DIM)
    assert np.all(np.linalg.norm(tok, axis=1) > 0)
    only_second, _ = td.sentence_token_vectors(text, sents, layers=3, which=[1])
    # int8 activations are scaled per batch, so a sentence encoded alone differs a little
    assert not only_second[:6].any() and _min_cosine(only_second[6:], tok[6:]) > 0.95


def _min_cosine(a: np.ndarray, b: np.ndarray) -> float:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return float((a * b).sum(axis=1).min())


@needs_encoder
def test_techniques_encoder_is_deterministic_for_the_same_sentences() -> None:
    texts = ["The shameful plan was rammed through at midnight.", "Short one."]
    first, second = td.piece_states(texts, layers=3), td.piece_states(texts, layers=3)
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(first, second))
