"""The fact-check cross-encoder: pair building, the re-ranking key, the shipped-files logic, its
use in ``FactCheckIndex.search_many`` and (with torch) that the trained model exported as float16
overrides scores the same through the numpy/ONNX path. Synthetic sentences only."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsprobe import factchecks as fc
from newsprobe.errors import ModelError
from newsprobe.ml import factcheck_cross as xc
from newsprobe.ml import factcheck_model as fm
from newsprobe.train.factchecks_cross import build_groups, cross_threshold, map_with_cross
from newsprobe.train.factchecks_data import Clef

try:
    import torch  # noqa: F401

    HAS_TORCH = True
except ModuleNotFoundError:
    HAS_TORCH = False

QUERY = "The mayor said the new bridge will cost forty million dollars."
CLAIMS = [
    "A new bridge will cost the city forty million dollars.",
    "Bees can recognise human faces, a study says.",
    "The old swimming pool is closing for good.",
]


def _head_only(folder: Path, seed: int = 0) -> Path:
    """A cross-encoder file with a random head and no layer overrides (the packaged MiniLM layers)."""
    from safetensors.numpy import save_file

    rng = np.random.default_rng(seed)
    path = folder / xc.CROSS_FILE
    save_file({xc.HEAD_W: rng.normal(0, 0.5, 384).astype(np.float16), xc.HEAD_B: np.array([0.25], dtype=np.float16)}, str(path))
    return path


def test_pair_ids_layout_and_truncation():
    q = [101, *range(1000, 1200), 102]  # 200 query pieces
    c = [101, *range(2000, 2100), 102]
    ids = xc.pair_ids(q, c)
    assert len(ids) == xc.MAX_PAIR_PIECES
    assert ids[0] == 101 and ids[-1] == 102
    assert ids[1 + xc.MAX_QUERY_PIECES] == 102  # the query is cut to MAX_QUERY_PIECES, then [SEP]
    assert ids[1 : 1 + xc.MAX_QUERY_PIECES] == list(range(1000, 1000 + xc.MAX_QUERY_PIECES))
    short = xc.pair_ids([101, 5, 6, 102], [101, 7, 102])
    assert short == [101, 5, 6, 102, 7, 102]
    assert xc.pair_ids([101, 102], [101, 102]) == [101, 102, 102]
    with pytest.raises(ValueError):
        xc.pair_ids([], [101, 102])


def test_candidate_text_adds_a_different_title_only():
    assert xc.candidate_text(" A claim. ", "A title") == "A claim. — A title"
    assert xc.candidate_text("Same", "Same") == "Same"
    assert xc.candidate_text("Claim", None) == "Claim"


def test_rerank_key_reorders_only_the_first_depth():
    linear = np.array([5.0, 4.0, 3.0, 2.0, 1.0])
    cross = np.array([0.0, 0.0, 10.0, 100.0, 0.0])  # candidate 3 is outside depth 3: its cross score is ignored
    order = list(np.argsort(-xc.rerank_key(linear, cross, 1.0, 3), kind="stable"))
    assert order == [2, 0, 1, 3, 4]
    assert list(np.argsort(-xc.rerank_key(linear, cross, 1.0, 0), kind="stable")) == [0, 1, 2, 3, 4]
    assert list(np.argsort(-xc.rerank_key(linear, cross, 0.01, 3), kind="stable")) == [0, 1, 2, 3, 4]
    # depth beyond the list and empty lists
    assert list(np.argsort(-xc.rerank_key(linear, cross, 1.0, 99), kind="stable"))[0] == 3
    assert xc.rerank_key(np.zeros(0), np.zeros(0), 1.0, 5).shape == (0,)


def test_config_needs_both_files_and_the_current_encoder(factcheck_model_dir):
    assert xc.load_config() is None and xc.load_cross() is None
    cfg = xc.CrossConfig(encoder=fm.encoder_id(), pooling="mean", weight=1.0, depth=5, match_threshold=0.4)
    (factcheck_model_dir / xc.CROSS_CONFIG).write_text(json.dumps(cfg.to_json()))
    assert xc.load_config() is None  # no weights yet
    _head_only(factcheck_model_dir)
    assert xc.load_config() == cfg
    (factcheck_model_dir / xc.CROSS_CONFIG).write_text(json.dumps({**cfg.to_json(), "encoder": "another-encoder"}))
    assert xc.load_config() is None  # fitted with another bi-encoder's re-ranker: unused
    (factcheck_model_dir / xc.CROSS_CONFIG).write_text('{"encoder": 1}')
    with pytest.raises(ModelError, match="retrain"):
        xc.load_config()


def test_numpy_scores_are_the_pooled_states_times_the_head(factcheck_model_dir):
    from newsprobe.ml.minilm import load_model

    path = _head_only(factcheck_model_dir)
    enc = xc.CrossEncoder(path, "mean")
    scores = enc.score(QUERY, CLAIMS)
    assert scores.shape == (3,) and np.isfinite(scores).all()
    m = load_model()
    ids = m.token_ids([QUERY, CLAIMS[1]])
    arr, mask = m._pad([xc.pair_ids(ids[0], ids[1])])
    expected = xc.pool(m.forward(arr, mask), mask, "mean") @ enc.head_w + enc.head_b
    assert abs(float(expected[0]) - float(scores[1])) < 1e-3
    assert enc.score(QUERY, []).shape == (0,)
    # hostile input: empty, very long, odd characters
    odd = enc.score("", ["\u202e\ufeff" + "“" * 1000, "word " * 10_000])
    assert odd.shape == (2,) and np.isfinite(odd).all()


class _FakeCross:
    """Stands in for the loaded cross-encoder: scores pairs by whether the claim mentions bees."""

    class _Model:
        def token_ids(self, texts):
            return [[101, 1 if "bees" in t.lower() else 0, 102] for t in texts]

    def __init__(self) -> None:
        self.model = self._Model()
        self.calls = 0

    def score_ids(self, pairs):
        self.calls += 1
        return np.array([8.0 if p[-2] == 1 else -8.0 for p in pairs], dtype=np.float32)


def test_search_uses_the_cross_encoder_within_depth(monkeypatch, factcheck_model_dir):
    rows = [("c", str(i), t, "false", "pub", None, "") + (None, None) for i, t in enumerate(CLAIMS)]
    index = fc.FactCheckIndex(rows)
    qv = np.zeros((1, 384), dtype=np.float32)
    plain = index.search_many([QUERY], top=3, query_vectors=qv)[0]
    assert plain[0].id == "0" and all(m.cross is None for m in plain)
    fake = _FakeCross()
    cfg = xc.CrossConfig(encoder="x", pooling="mean", weight=1.0, depth=3, match_threshold=0.9)
    monkeypatch.setattr(xc, "load_cross", lambda model_dir=None: (fake, cfg))
    monkeypatch.setattr(xc, "load_config", lambda model_dir=None: cfg)
    crossed = index.search_many([QUERY], top=3, query_vectors=qv)[0]
    assert crossed[0].id == "1"  # the fake cross-encoder prefers the bees claim
    assert crossed[0].cross is not None and crossed[0].cross > 0.99
    assert fc.is_match(crossed[0]) and not fc.is_match(crossed[1])  # the cross threshold decides
    off = index.search_many([QUERY], top=3, query_vectors=qv, cross_depth=0)[0]
    assert [m.id for m in off] == [m.id for m in plain]
    one = index.search_many([QUERY], top=3, query_vectors=qv, cross_depth=1)[0]
    assert one[0].id == "0"  # depth 1: only the linear first is scored, the bees claim stays below


def _toy(n_tweets: int = 6, n_cands: int = 8) -> tuple[Clef, dict, dict]:
    """Candidates with features, gold flags and a linear score where gold is often second."""
    rng = np.random.default_rng(1)
    claim_ids = [str(i) for i in range(n_cands)]
    data, linear, gold_sets = {}, {}, []
    for q in range(n_tweets):
        g = q % n_cands
        gold = np.arange(n_cands) == g
        lin = rng.normal(0, 1, n_cands)
        lin[g] = np.sort(lin)[-2]  # second best
        lin[np.argsort(-lin)[0] if np.argsort(-lin)[0] != g else np.argsort(-lin)[1]] += 0.01
        data[q] = (np.arange(n_cands), np.zeros((n_cands, 1)), gold, np.zeros((n_cands, 2)))
        linear[q] = lin
        gold_sets.append({str(g)})
    clef = Clef(claim_ids=claim_ids, claims=["c"] * n_cands, titles=[""] * n_cands, tweets=["t"] * n_tweets,
                splits=["train"] * n_tweets, gold=gold_sets)
    return clef, data, linear


def test_groups_threshold_and_map_with_cross():
    clef, data, linear = _toy()
    pairs, groups = build_groups(data, linear, list(data), k=3)
    for q, (sel, gold_rows, wrong_rows) in groups.items():
        assert len(gold_rows) == 1 and len(sel) >= 3
        assert all(pairs[r][0] == q for r in gold_rows + wrong_rows)
        assert data[q][2][pairs[gold_rows[0]][1]]
    cross = {q: np.where(data[q][2], 3.0, -3.0) for q in data}
    assert map_with_cross(clef, data, linear, cross, list(data), 1.0, 5) == pytest.approx(1.0)
    assert map_with_cross(clef, data, linear, cross, list(data), 0.0, 0) < 1.0
    t, passes = cross_threshold(data, linear, cross, list(data), 1.0, 5)
    assert 0.5 < t < 1.0 and passes == 0.0


@pytest.mark.skipif(not HAS_TORCH, reason="needs torch (pip install -r requirements-train.txt)")
def test_torch_training_ranks_gold_first_and_export_matches_numpy(factcheck_model_dir):
    import torch
    from safetensors.numpy import save_file

    from newsprobe.train import factchecks_torch as ft
    from newsprobe.train.factchecks_cross_torch import CrossTop, CrossTrainConfig, train_cross
    from newsprobe.ml.minilm import load_model

    torch.set_num_threads(1)
    m = load_model()
    queries = ["Bees can see faces.", "The bridge costs forty million.", "The pool is closing."]
    cands = ["Bees recognise human faces.", "A bridge for forty million dollars.", "The swimming pool closes.",
             "Rain is expected on Tuesday.", "A cat won the local election."]
    q_ids, c_ids = m.token_ids(queries), m.token_ids(cands)
    ids = [xc.pair_ids(q, c) for q in q_ids for c in c_ids]
    weights = ft.packaged_weights()
    states = ft.Frozen(weights, 4).states(ids)
    groups = [([qi * 5 + qi], [qi * 5 + j for j in range(5) if j != qi]) for qi in range(3)]
    cfg = CrossTrainConfig(frozen=4, epochs=12, lr=3e-4, head_lr=3e-3, negatives=4, groups_per_batch=3, seed=0)
    model = train_cross(weights, states, groups, cfg)
    scores = model.score(states).reshape(3, 5)
    assert list(scores.argmax(axis=1)) == [0, 1, 2]  # it fits the tiny training set
    path = factcheck_model_dir / xc.CROSS_FILE
    save_file(model.export(), str(path))
    numpy_scores = xc.CrossEncoder(path, "mean").score_ids(ids).reshape(3, 5)
    assert np.abs(numpy_scores - scores).max() < 0.05  # float16 export, same maths
    assert isinstance(CrossTop(weights, 5, "cls").export()[xc.HEAD_W], np.ndarray)
