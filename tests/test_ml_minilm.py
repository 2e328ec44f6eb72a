"""The numpy MiniLM encoder: shapes, known properties, tokenisation edges, and a naive reference."""

from __future__ import annotations

import math

import numpy as np
import pytest

from newsprobe.errors import ModelError
from newsprobe.ml import minilm


@pytest.fixture(scope="module")
def model() -> minilm.MiniLM:
    return minilm.load_model()


def test_shape_dtype_and_unit_norm(model):
    vecs = minilm.encode(["The mayor opened a new bridge on Tuesday.", "Rain is expected tomorrow."])
    assert vecs.shape == (2, 384)
    assert vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_empty_list_gives_empty_matrix(model):
    assert minilm.encode([]).shape == (0, 384)


def test_paraphrase_scores_higher_than_unrelated(model):
    a, b, c, d = minilm.encode(
        [
            "The city council voted to raise the minimum wage to fifteen dollars.",
            "Local lawmakers approved an increase of the minimum wage to $15.",
            "A recipe for lemon cake with poppy seeds.",
            "The goalkeeper saved a penalty in the last minute.",
        ]
    )
    assert a @ b > 0.6
    assert a @ c < 0.3 and a @ d < 0.3
    assert a @ b > max(a @ c, a @ d) + 0.4


def test_batching_and_padding_do_not_change_vectors(model):
    texts = [
        "Short one.",
        "A somewhat longer sentence about the price of bread in the capital city last spring.",
        "Medium length words here, maybe.",
    ]
    together = minilm.encode(texts, batch_size=3)
    alone = np.vstack([minilm.encode([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-4
    # input order is kept even though batches are formed by length
    reversed_ = minilm.encode(texts[::-1], batch_size=2)
    assert np.abs(reversed_[::-1] - together).max() < 1e-4


def test_tokenization_edges(model):
    ids = minilm.tokenize(["Hello world", ""])
    assert ids[1] == [101, 102]  # [CLS] [SEP] for the empty string
    assert ids[0][0] == 101 and ids[0][-1] == 102
    # uncased model: case and accents fold away
    assert minilm.tokenize(["CAFÉ Crème"]) == minilm.tokenize(["cafe creme"])
    long = minilm.tokenize(["word " * 5000])[0]
    assert len(long) == minilm.MAX_TOKENS and long[-1] == 102


def test_hostile_inputs_finish_with_finite_unit_vectors(model):
    texts = ["", "\ud800 lone surrogate", "“" * 1000, "Это предложение на русском языке.", "日本語の文です。", "\x00\x01\u200b", "word " * 10000]
    vecs = minilm.encode(texts)
    assert np.isfinite(vecs).all()
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def _reference(model: minilm.MiniLM, ids: list[int]) -> np.ndarray:
    """An independent, loop-based float64 BERT forward for one unpadded sequence."""
    from safetensors.numpy import load_file

    raw = load_file(str(minilm.model_dir() / "model.safetensors"))
    w = {k: v.astype(np.float64) for k, v in raw.items() if v.dtype != np.int64}

    def ln(x, p):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * w[p + ".weight"] + w[p + ".bias"]

    def lin(x, p):
        return x @ w[p + ".weight"].T + w[p + ".bias"]

    n = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
    x = ln(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
    for layer in range(6):
        p = f"encoder.layer.{layer}."
        q, k, v = (lin(x, p + f"attention.self.{m}") for m in ("query", "key", "value"))
        heads = []
        for h in range(12):
            sl = slice(32 * h, 32 * (h + 1))
            s = q[:, sl] @ k[:, sl].T / math.sqrt(32)
            s = np.exp(s - s.max(1, keepdims=True))
            s /= s.sum(1, keepdims=True)
            heads.append(s @ v[:, sl])
        x = ln(lin(np.hstack(heads), p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        hmid = lin(x, p + "intermediate.dense")
        hmid = np.vectorize(lambda z: 0.5 * z * (1 + math.erf(z / math.sqrt(2))))(hmid)
        x = ln(lin(hmid, p + "output.dense") + x, p + "output.LayerNorm")
    pooled = x.mean(0)
    return pooled / np.linalg.norm(pooled)


def test_matches_naive_float64_reference(model):
    text = "Inflation rose by three percent in May."
    ref = _reference(model, minilm.tokenize([text])[0])
    got = minilm.encode([text, "An unrelated and much longer companion sentence that forces padding of the first."])[0]
    assert float(ref @ got) > 0.99999
    assert np.abs(ref - got).max() < 1e-4


def test_missing_package_raises_model_error(monkeypatch):
    monkeypatch.setattr(minilm, "PACKAGE", "no_such_model_package_xyz")
    with pytest.raises(ModelError, match="setup.sh"):
        minilm.model_dir()
