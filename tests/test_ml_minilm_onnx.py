"""The ONNX Runtime MiniLM backend: same numbers as numpy, overrides honoured, clean fallback."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from newsprobe.errors import ModelError, NewsprobeError
from newsprobe.ml import minilm, minilm_onnx

pytestmark = pytest.mark.skipif(not minilm_onnx.available(), reason="needs onnxruntime and onnx (bash scripts/setup.sh)")

TEXTS = [
    "",
    "a",
    "The council approved the budget on Tuesday after a long debate.",
    " ".join(f"word{i % 37} and more text" for i in range(300)),  # far past 256 pieces: truncated
    "Caf\u00e9 cr\u00e8me \u00fcber \u0416\u0443\u0440\u043d\u0430\u043b \u65e5\u672c\u8a9e \U0001f600 \u200b\u00a0 \u202e reversed",
    "lone \ud800 surrogate",
    "\u201c" * 500,
]


@pytest.fixture(scope="module")
def np_model() -> minilm.MiniLM:
    return minilm.MiniLM(minilm.model_dir(), backend="numpy")


@pytest.fixture(scope="module")
def ort_model() -> minilm.MiniLM:
    m = minilm.MiniLM(minilm.model_dir(), backend="onnx")
    assert m.backend == "onnx"
    return m


def _assert_same_states(a: list, b: list, tol: float = 1e-3) -> None:
    assert len(a) == len(b)
    for (oa, sa), (ob, sb) in zip(a, b):
        assert np.array_equal(oa, ob)
        assert sa.shape == sb.shape and sa.dtype == sb.dtype == np.float32
        if sa.size:
            assert np.abs(sa - sb).max() < tol


def test_hidden_states_and_pooled_vectors_agree(np_model, ort_model):
    _assert_same_states(np_model.token_states(TEXTS), ort_model.token_states(TEXTS))
    a, b = np_model.encode(TEXTS), ort_model.encode(TEXTS)
    assert b.shape == (len(TEXTS), 384) and b.dtype == np.float32
    assert np.isfinite(b).all()
    assert np.allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    assert float(np.sum(a * b, axis=1).min()) > 0.9999


def test_forward_on_a_padded_batch_agrees(np_model, ort_model):
    ids = np_model.token_ids(TEXTS[:4])
    arr, mask = np_model._pad(ids)
    x, y = np_model.forward(arr, mask), ort_model.forward(arr, mask)
    assert x.shape == y.shape == (len(ids), max(map(len, ids)), 384)
    for r, s in enumerate(ids):  # padding positions are don't-care in both
        assert np.abs(x[r, : len(s)] - y[r, : len(s)]).max() < 1e-3
    assert len(ids[3]) == minilm.MAX_TOKENS


def test_partial_depth_agrees(np_model, ort_model):
    texts = TEXTS[2:5]
    for layers in (0, 2):
        _assert_same_states(np_model.token_states(texts, layers=layers), ort_model.token_states(texts, layers=layers))
    full = ort_model.token_states(texts[:1])[0][1]
    two = ort_model.token_states(texts[:1], layers=2)[0][1]
    assert np.abs(full - two).max() > 0.1  # depth really changes the states


def test_batching_does_not_change_onnx_vectors(ort_model):
    texts = TEXTS[:5]
    together = ort_model.encode(texts, batch_size=64)
    alone = np.vstack([ort_model.encode([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-4


def test_overrides_change_both_backends_identically(tmp_path, np_model):
    from safetensors.numpy import load_file, save_file

    raw = load_file(str(minilm.model_dir() / "model.safetensors"))
    key = next(k for k in ("encoder.layer.5.output.dense.weight", "bert.encoder.layer.5.output.dense.weight") if k in raw)
    rng = np.random.default_rng(0)
    changed = raw[key] + rng.normal(0, 0.05, raw[key].shape).astype(np.float32)
    path = tmp_path / "override.safetensors"
    save_file({"encoder.layer.5.output.dense.weight": changed}, str(path))

    o_np = minilm.MiniLM(minilm.model_dir(), path, backend="numpy")
    o_ort = minilm.MiniLM(minilm.model_dir(), path, backend="onnx")
    texts = TEXTS[2:5]
    base = np_model.encode(texts)
    a, b = o_np.encode(texts), o_ort.encode(texts)
    assert float(np.sum(a * base, axis=1).max()) < 0.9999  # the override changed the output
    assert float(np.sum(a * b, axis=1).min()) > 0.9999  # ... the same way in both backends
    _assert_same_states(o_np.token_states(texts), o_ort.token_states(texts))


def test_falls_back_to_numpy_without_onnxruntime(monkeypatch, np_model):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import now raises ImportError
    assert not minilm_onnx.available()
    m = minilm.MiniLM(minilm.model_dir())
    assert m.backend == "numpy"
    assert np.abs(m.encode(TEXTS[:3]) - np_model.encode(TEXTS[:3])).max() < 1e-6
    with pytest.raises(ModelError, match="NEWSPROBE_ENCODER_BACKEND=numpy"):
        minilm.MiniLM(minilm.model_dir(), backend="onnx")


def test_auto_falls_back_when_the_session_cannot_be_built(monkeypatch, np_model):
    def broken(*args, **kwargs):
        raise ModelError("simulated ORT failure")

    monkeypatch.setattr(minilm_onnx, "OrtForward", broken)
    auto = minilm.MiniLM(minilm.model_dir(), backend="auto")
    assert auto.backend == "onnx"
    vec = auto.encode(TEXTS[2:3])
    assert auto.backend == "numpy" and "simulated" in (auto.backend_error or "")
    assert np.abs(vec - np_model.encode(TEXTS[2:3])).max() < 1e-6
    forced = minilm.MiniLM(minilm.model_dir(), backend="onnx")
    with pytest.raises(ModelError, match="simulated"):
        forced.encode(TEXTS[2:3])


def test_environment_switch(monkeypatch):
    monkeypatch.setenv("NEWSPROBE_ENCODER_BACKEND", "numpy")
    assert minilm.encoder_config() == ("numpy", False, None)
    assert minilm.load_model().backend == "numpy"
    monkeypatch.setenv("NEWSPROBE_ENCODER_BACKEND", "onnx")
    monkeypatch.setenv("NEWSPROBE_ENCODER_QUANTIZE", "1")
    monkeypatch.setenv("NEWSPROBE_ENCODER_THREADS", "1")
    assert minilm.encoder_config() == ("onnx", True, 1)
    monkeypatch.setenv("NEWSPROBE_ENCODER_THREADS", "many")
    with pytest.raises(NewsprobeError, match="NEWSPROBE_ENCODER_THREADS"):
        minilm.encoder_config()
    monkeypatch.delenv("NEWSPROBE_ENCODER_THREADS")
    monkeypatch.setenv("NEWSPROBE_ENCODER_BACKEND", "tensorflow")
    with pytest.raises(ModelError, match="NEWSPROBE_ENCODER_BACKEND"):
        minilm.load_model()
    monkeypatch.delenv("NEWSPROBE_ENCODER_BACKEND")
    monkeypatch.delenv("NEWSPROBE_ENCODER_QUANTIZE")
    assert minilm.load_model().backend == "onnx"


def test_standard_op_graph_matches_fused_graph(np_model):
    std = minilm_onnx.OrtForward(np_model, fused=False)
    ids = np_model.token_ids(TEXTS[2:5])
    arr, mask = np_model._pad(ids)
    x, y = np_model.forward(arr, mask), std(arr, mask)
    for r, s in enumerate(ids):
        assert np.abs(x[r, : len(s)] - y[r, : len(s)]).max() < 1e-3
    graph = minilm_onnx.build_graph(np_model, fused=False)
    assert {n.domain for n in graph.graph.node} == {""}  # standard ops only


def test_int8_quantisation_stays_close(np_model):
    q = minilm.MiniLM(minilm.model_dir(), backend="onnx", quantize=True)
    texts = TEXTS[2:5] + ["Prices of bread rose sharply over the winter.", "The goalkeeper saved a penalty."]
    a, b = np_model.encode(texts), q.encode(texts)
    cos = np.sum(a * b, axis=1)
    assert cos.min() > 0.95  # measured 0.97 minimum over 500 sentences in the benchmark
    assert np.abs(a - b).max() > 1e-4  # really quantised, not the float graph


def test_configured_settings_replace_the_environment(monkeypatch):
    from newsprobe.settings import Settings

    monkeypatch.setenv("NEWSPROBE_ENCODER_THREADS", "3")
    monkeypatch.setattr(minilm, "_configured", None)
    assert minilm.encoder_config()[2] == 3
    minilm.configure_encoder(Settings(encoder_threads=1, encoder_backend="numpy"))
    assert minilm.encoder_config() == ("numpy", False, 1)
    minilm.configure_encoder(None)
    assert minilm.encoder_config()[2] == 3


def test_built_graph_is_cached_on_disk_and_reused(tmp_path):
    model = minilm.MiniLM(minilm.model_dir(), backend="onnx")
    first = minilm_onnx.OrtForward(model, quantized=True, layers=2, threads=1, cache_dir=tmp_path)
    assert not first.from_cache and first.cache_path is not None and first.cache_path.is_file()
    second = minilm_onnx.OrtForward(model, quantized=True, layers=2, threads=1, cache_dir=tmp_path)
    assert second.from_cache and second.cache_path == first.cache_path
    ids, mask = model._pad(model.token_ids(TEXTS[:3]))
    assert np.array_equal(first(ids, mask), second(ids, mask))
    # other options, another entry; float and int8 are never confused
    other = minilm_onnx.OrtForward(model, quantized=False, layers=2, threads=1, cache_dir=tmp_path)
    assert not other.from_cache and other.cache_path != first.cache_path
    # a damaged entry is rebuilt, not fatal
    first.cache_path.write_bytes(b"not an onnx graph")
    again = minilm_onnx.OrtForward(model, quantized=True, layers=2, threads=1, cache_dir=tmp_path)
    assert not again.from_cache and np.array_equal(again(ids, mask), first(ids, mask))


def test_cache_key_follows_options_and_weight_files(tmp_path):
    from safetensors.numpy import save_file

    model = minilm.MiniLM(minilm.model_dir(), backend="onnx")
    key = minilm_onnx.cache_key(model, fused=True, quantized=True, layers=3)
    assert key == minilm_onnx.cache_key(model, fused=True, quantized=True, layers=3)
    assert key != minilm_onnx.cache_key(model, fused=True, quantized=True, layers=2)
    assert model._weights is None  # the key needs no weights
    extra = tmp_path / "tuned.safetensors"
    save_file({"encoder.layer.5.output.dense.bias": np.ones(384, dtype=np.float32)}, str(extra))
    tuned = minilm.MiniLM(minilm.model_dir(), extra, backend="onnx")
    assert key != minilm_onnx.cache_key(tuned, fused=True, quantized=True, layers=3)
    # temporary overrides are never cached: they would only fill the folder
    assert minilm_onnx.shipped(model) and not minilm_onnx.shipped(tuned)
    fwd = minilm_onnx.OrtForward(tuned, quantized=True, layers=1, threads=1, cache_dir=tmp_path / "cache")
    assert fwd.cache_path is None and not (tmp_path / "cache").exists()


def test_cache_keeps_the_most_recently_used_graphs(tmp_path):
    import os

    for i in range(minilm_onnx.CACHE_ENTRIES + 3):
        f = tmp_path / f"minilm-{i:02d}.onnx"
        f.write_bytes(b"x")
        os.utime(f, (1000 + i, 1000 + i))
    minilm_onnx._prune(tmp_path)
    left = sorted(p.name for p in tmp_path.glob("minilm-*.onnx"))
    assert left == [f"minilm-{i:02d}.onnx" for i in range(3, minilm_onnx.CACHE_ENTRIES + 3)]


def test_a_cached_graph_never_reads_the_weights(tmp_path):
    model = minilm.MiniLM(minilm.model_dir(), backend="onnx")
    minilm_onnx.OrtForward(model, quantized=True, layers=1, threads=1, cache_dir=tmp_path)
    fresh = minilm.MiniLM(minilm.model_dir(), backend="onnx")
    fwd = minilm_onnx.OrtForward(fresh, quantized=True, layers=1, threads=1, cache_dir=tmp_path)
    ids, mask = fresh._pad(fresh.token_ids(TEXTS[:2]))
    assert fwd.from_cache and fwd(ids, mask).shape[-1] == 384 and fresh._weights is None
