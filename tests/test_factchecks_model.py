"""The fact-check matcher's model pieces: encoder id and overrides, re-embedding a store made by
another encoder, the re-ranker file, the training helpers and (with torch) the fine-tuning code."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsprobe import factchecks as fc
from newsprobe.errors import ModelError
from newsprobe.ml import factcheck_model as fm
from newsprobe.train.factchecks_data import Clef, average_precision, map_at_5
from newsprobe.train.factchecks import choose_threshold, fit_pairwise, folds_of, map_of

SENTENCES = ["The town council voted to close the old swimming pool.", "Bees can recognise human faces, a study says."]


def _write_overrides(folder: Path, shift: float) -> Path:
    """A tiny overrides file: layer 5's output bias tilted by up to ``shift`` (enough to change the vectors)."""
    from safetensors.numpy import load_file, save_file

    from newsprobe.ml.minilm import model_dir

    packaged = load_file(str(model_dir() / "model.safetensors"))
    name = "encoder.layer.5.output.dense.bias"
    # a uniform shift would vanish in the LayerNorm that follows: tilt it across dimensions
    bias = packaged[name if name in packaged else "bert." + name] + np.linspace(-shift, shift, 384, dtype=np.float32)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / fm.ENCODER_FILE
    save_file({"encoder.layer.5.output.dense.bias": bias.astype(np.float16)}, str(path))
    return path


def test_encoder_id_names_the_overrides_file(tmp_path, factcheck_model_dir):
    assert fm.encoder_path() is None and fm.encoder_id() == fm.BASE_ID
    tuned = tmp_path / "tuned"
    _write_overrides(tuned, 0.5)
    first = fm.encoder_id(tuned)
    assert first.startswith(fm.BASE_ID + "+factchecks-") and first != fm.BASE_ID
    other = tmp_path / "other"
    _write_overrides(other, -0.5)
    assert fm.encoder_id(other) != first  # a different file is a different encoder


def test_overrides_change_the_vectors(tmp_path, factcheck_model_dir):
    tuned = tmp_path / "tuned"
    _write_overrides(tuned, 0.5)
    base = fm.encode(SENTENCES)
    shifted = fm.encode(SENTENCES, tuned)
    assert base.shape == shifted.shape == (2, 384)
    assert np.allclose(np.linalg.norm(shifted, axis=1), 1.0, atol=1e-4)
    assert np.abs(base - shifted).max() > 1e-3


def test_reranker_file_applies_only_to_its_encoder(tmp_path, factcheck_model_dir, monkeypatch):
    weights = tuple(float(i) for i in range(len(fc.RERANK_FEATURES)))
    rr = fm.Reranker(encoder="someone-else", weights=weights, w_cos=0.8, match_threshold=0.5)
    (factcheck_model_dir / fm.RERANKER_FILE).write_text(json.dumps(rr.to_json()))
    assert fm.load_reranker() is None
    assert fc.active_weights() == (fc.RERANK_WEIGHTS, fc.W_COS, fc.MATCH_THRESHOLD)
    (factcheck_model_dir / fm.RERANKER_FILE).write_text(json.dumps({**rr.to_json(), "encoder": fm.BASE_ID}))
    assert fm.load_reranker() == fm.Reranker(encoder=fm.BASE_ID, weights=weights, w_cos=0.8, match_threshold=0.5)
    assert fc.active_weights() == (weights, 0.8, 0.5)
    (factcheck_model_dir / fm.RERANKER_FILE).write_text("{not json")
    with pytest.raises(ModelError, match="newsprobe train factchecks"):
        fm.load_reranker()


def _records() -> list[fc.FactCheck]:
    return [
        fc.FactCheck(id="a", claim="The harbour tunnel flooded twice last spring."),
        fc.FactCheck(id="b", claim="A new law bans paper straws in every school."),
        fc.FactCheck(id="c", claim="The mayor owns three private jets."),
    ]


def test_store_embedded_by_another_encoder_is_reembedded(tmp_path, factcheck_model_dir, monkeypatch):
    path = str(tmp_path / "s.duckdb")
    with fc.FactCheckDB(path) as db:
        rep = fc.import_records(db, _records(), collection="t")
        assert rep.encoded == 3 and fc.stale_embeddings(db) == 0
        models = {r[0] for r in db.con.execute("SELECT emb_model FROM factchecks").fetchall()}
        assert models == {fm.BASE_ID}
    tuned = tmp_path / "tuned"
    _write_overrides(tuned, 0.5)
    monkeypatch.setattr(fm, "MODEL_DIR", tuned)
    fc.clear_cache()
    index = fc.load_index(path)
    assert index.stale == 3 and not index.has_emb.any()  # the old vectors are not mixed in
    hits = index.search("did the harbour tunnel flood", 1)
    assert hits[0].id == "a"  # encoded in memory with the current encoder
    assert np.allclose(index.emb[0], fm.encode([_records()[0].claim], tuned)[0], atol=1e-5)
    with fc.FactCheckDB(path) as db:
        assert fc.stale_embeddings(db) == 3
        done: list[int] = []
        assert fc.reembed(db, batch_size=2, progress=done.append) == 3 and done == [2, 1]
        assert fc.stale_embeddings(db) == 0 and fc.reembed(db) == 0
        models = {r[0] for r in db.con.execute("SELECT emb_model FROM factchecks").fetchall()}
        assert models == {fm.encoder_id(tuned)}
        rep = fc.import_records(db, _records(), collection="t")  # same text, same encoder: nothing to encode
        assert rep.encoded == 0 and rep.unchanged == 3
    fc.clear_cache()
    assert fc.load_index(path).stale == 0


def test_reimport_reencodes_records_of_another_encoder(tmp_path, factcheck_model_dir, monkeypatch):
    path = str(tmp_path / "s.duckdb")
    with fc.FactCheckDB(path) as db:
        fc.import_records(db, _records(), collection="t")
    tuned = tmp_path / "tuned"
    _write_overrides(tuned, 0.5)
    monkeypatch.setattr(fm, "MODEL_DIR", tuned)
    with fc.FactCheckDB(path) as db:
        rep = fc.import_records(db, _records(), collection="t")
        assert rep.encoded == 3 and rep.unchanged == 3 and fc.stale_embeddings(db) == 0


# --- metrics and training helpers (no torch) ---------------------------------------------------


def test_average_precision_and_map():
    assert average_precision(["x", "a", "y"], {"a"}) == 0.5
    assert average_precision(["a", "x", "b"], {"a", "b"}) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision(["x"] * 5, {"a"}) == 0.0 and average_precision([], set()) == 0.0
    scores = np.array([[0.1, 0.9, 0.2, 0.0, 0.0, 0.0], [0.9, 0.1, 0.2, 0.3, 0.0, 0.0]])
    assert map_at_5(scores, ["a", "b", "c", "d", "e", "f"], [{"b"}, {"c"}]) == pytest.approx((1 + 1 / 3) / 2)


def test_folds_are_disjoint_and_cover():
    folds = folds_of(list(range(10, 33)), 4, seed=1)
    flat = [t for f in folds for t in f]
    assert sorted(flat) == list(range(10, 33)) and len(set(flat)) == len(flat)
    assert folds == folds_of(list(range(10, 33)), 4, seed=1)


def _synthetic(n_tweets: int = 40, seed: int = 0):
    """Tweets whose gold candidate has the highest feature 0 but not always the best cosine."""
    rng = np.random.default_rng(seed)
    n_feats = len(fc.RERANK_FEATURES)
    data, gold_sets = {}, []
    for q in range(n_tweets):
        feats = rng.normal(size=(8, n_feats)).astype(np.float32)
        parts = rng.uniform(size=(8, 2)).astype(np.float32)
        g = int(rng.integers(8))
        feats[g, 0] += 3.0
        gold = np.zeros(8, dtype=bool)
        gold[g] = True
        data[q] = (np.arange(8) + 8 * q, feats, gold, parts)
        gold_sets.append({f"c{8 * q + g}"})
    clef = Clef(claim_ids=[f"c{i}" for i in range(8 * n_tweets)], claims=[], titles=[], tweets=[""] * n_tweets,
                splits=["train"] * n_tweets, gold=gold_sets)
    return clef, data


def test_pairwise_reranker_learns_the_useful_feature():
    clef, data = _synthetic()
    tweets = list(range(40))
    w = fit_pairwise(data, tweets, 0.7)
    assert w.shape == (len(fc.RERANK_FEATURES),) and w[0] > 0 and w[0] == np.abs(w).max()
    assert map_of(clef, data, tweets, lambda f, p: f @ w) > 0.9 > map_of(clef, data, tweets, lambda f, p: p[:, 0])


def test_threshold_keeps_the_asked_share_of_right_matches():
    clef, data = _synthetic()
    for q, (idx, feats, gold, parts) in data.items():
        parts[gold, 0] = 1.0  # the gold claim is first by the combined score
    t, passes = choose_threshold(data, list(range(40)), 0.7, keep=0.85)
    assert 0.0 < t <= 1.0 and 0.0 <= passes <= 1.0


# --- the torch fine-tuning path ---------------------------------------------------------------


def test_torch_layers_match_the_numpy_encoder_and_fine_tune_exports(tmp_path):
    torch = pytest.importorskip("torch", reason="the fine-tuning path needs torch (pip install -r requirements-train.txt)")
    from newsprobe.train import factchecks_torch as ft
    from newsprobe.ml.minilm import load_model

    model = load_model()
    weights = ft.packaged_weights()
    ids = model.token_ids(SENTENCES + ["Ein kurzer Satz.", ""])
    frozen, top = ft.Frozen(weights, 4), ft.Top(weights, 4)
    vecs = top.encode(frozen.states(ids))
    assert np.abs(vecs - model.encode(SENTENCES + ["Ein kurzer Satz.", ""])).max() < 1e-4

    queries = ["did the pool close", "bees know faces"]
    qs = frozen.states(model.token_ids(queries))
    cs = frozen.states(ids)
    cfg = ft.TrainConfig(frozen=4, epochs=2, batch_size=2, lr=1e-4, hard_negatives=1, seed=3)
    tuned = ft.fine_tune(weights, qs, cs, [(0, 0), (1, 1)], [[2, 3], [2, 3]], cfg)
    tensors = tuned.export()
    assert set(tensors) == {f"encoder.layer.{i}.{n}.{p}" for i in (4, 5) for n in ft.Layer.NAMES.values() for p in ("weight", "bias")}
    assert all(t.dtype == np.float16 for t in tensors.values())
    from safetensors.numpy import save_file

    save_file(tensors, str(tmp_path / "enc.safetensors"))
    again = load_model(str(tmp_path / "enc.safetensors")).encode(SENTENCES)
    assert np.abs(again - tuned.encode(cs[:2])).max() < 2e-2  # float16 rounding only
    assert torch.is_grad_enabled()


def test_train_command_without_torch_says_what_to_install(monkeypatch):
    import sys

    from click.testing import CliRunner

    from newsprobe.cli import cli

    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now raises ModuleNotFoundError
    res = CliRunner().invoke(cli, ["train", "factchecks", "--cache", "/nonexistent"])
    assert res.exit_code != 0 and "pip install -r requirements-train.txt" in res.output
