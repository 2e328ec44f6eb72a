"""An ONNX Runtime forward pass for the MiniLM encoder, built in memory from its weights.

Why: the numpy forward in :mod:`newsprobe.ml.minilm` spends about 11 ms of CPU per news
sentence; ONNX Runtime does the same arithmetic in about 6.7 ms (one thread), and in about
4.2 ms with the optional int8 weights (``benchmarks/bench_minilm.py``). Nothing is exported
or shipped: :func:`build_graph` writes the six BERT layers as an ONNX graph with
``onnx.helper``, taking the tensors from an already loaded :class:`~newsprobe.ml.minilm.MiniLM`
(so fine-tuned ``overrides`` are in it), and :class:`OrtForward` opens an ``InferenceSession``
on the serialised bytes (about 1 s; int8 about 4 s).

The graph maps ``input_ids`` (int64, ``[batch, seq]``) and ``attention_mask`` (int64 0/1,
same shape) to ``last_hidden_state`` (float32, ``[batch, seq, 384]``): the same quantity as
``MiniLM.forward``, so pooling and token offsets stay in one place (``minilm.py``).

Two graph flavours:

* ``fused=True`` (default): ONNX Runtime's CPU contrib ops (``com.microsoft`` ``Attention``,
  ``SkipLayerNormalization``, ``BiasGelu``), the form its own transformer optimiser produces.
* ``fused=False``: standard opset-17 ops only (Gather, Add, LayerNormalization, MatMul,
  Reshape/Transpose, Softmax, Erf GELU); ``ORT_ENABLE_ALL`` fuses what it recognises.

Optional int8 dynamic quantisation (per channel, MatMul and Attention weights) goes through a
temporary directory because ``onnxruntime.quantization`` works on files; it costs accuracy:
sentence cosine to the float model min 0.970, mean 0.992 over 1,000 news-like sentences.

**Disk cache.** Building the graph takes about a second and quantising it several more, in
every fresh process. :class:`OrtForward` therefore keeps the serialised graph (float or int8)
in ``<cache_dir>/onnx/minilm-<key>.onnx`` (setting ``cache_dir``, default ``~/.cache/newsprobe``)
where ``key`` hashes :data:`GRAPH_VERSION`, the weight files (path, size, modification time:
the packaged weights and any fine-tuned overrides), the onnx and onnxruntime versions and the options
(fused, quantised, layers, excluded nodes). A missing, unreadable or unwritable cache only
costs the build; files are written atomically, so concurrent processes are safe. Only graphs of
installed weight files are cached (not a trainer's or a test's temporary overrides), and the
folder keeps the :data:`CACHE_ENTRIES` most recently used graphs. With a cached
graph the model's weights are never read (``MiniLM`` loads them on first use).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    from .minilm import MiniLM

#: Most intra-op threads ORT may use; more than 4 buys little for a 22M-parameter model.
MAX_THREADS = 4
_MS = "com.microsoft"
#: Bumped whenever build_graph or quantize changes what they produce: old cache entries are ignored.
GRAPH_VERSION = "minilm-graph-1"
#: Graphs kept in the cache directory (least recently used ones beyond this are deleted).
CACHE_ENTRIES = 6


def available() -> bool:
    """True when ``onnxruntime`` imports and ``onnx`` is installed (``onnx`` itself is imported
    only to build a graph, which a warm cache skips)."""
    import importlib.util

    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return importlib.util.find_spec("onnx") is not None


def default_threads() -> int:
    """The usable cores of this process (``os.sched_getaffinity``), at most :data:`MAX_THREADS`."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    return max(1, min(MAX_THREADS, n))


class _Graph:
    """A tiny helper that names nodes and initialisers while the graph is written."""

    def __init__(self) -> None:
        from onnx import helper, numpy_helper

        self.helper = helper
        self.numpy_helper = numpy_helper
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self._n = 0

    def const(self, name: str, value: np.ndarray) -> str:
        # np.require keeps 0-d scalars 0-d (np.ascontiguousarray would make them 1-d)
        self.inits.append(self.numpy_helper.from_array(np.require(value, requirements="C"), name=name))
        return name

    def op(self, op_type: str, inputs: list[str], domain: str | None = None, name: str | None = None, **attrs: Any) -> str:
        self._n += 1
        out = f"{op_type.lower()}_{self._n}"
        self.nodes.append(self.helper.make_node(op_type, inputs, [out], name=name or f"n{self._n}", domain=domain, **attrs))
        return out


def build_graph(model: "MiniLM", fused: bool = True, layers: int | None = None) -> Any:
    """The encoder as an ``onnx.ModelProto`` with the (possibly overridden) weights of ``model``;
    ``layers`` keeps only the first that many transformer layers (default all)."""
    from onnx import TensorProto, helper

    # the shape constants come with the model (no import of minilm, which imports this module)
    DIM, N_HEADS, LN_EPS = model.word.shape[1], model.n_heads, model.ln_eps
    g = _Graph()
    head = DIM // N_HEADS
    # --- embeddings: word + position + token type 0, then LayerNorm -------------------------
    ids, mask = "input_ids", "attention_mask"
    word = g.op("Gather", [g.const("word_emb", model.word), ids], axis=0)  # (b, n, 384)
    seq_len = g.op("Shape", [ids], start=1, end=2)  # [n], 1-D
    zero = g.const("zero_1d", np.array([0], dtype=np.int64))
    pos = g.op("Slice", [g.const("pos_emb", model.pos), zero, seq_len, zero])  # (n, 384): positions 0..n-1
    x = g.op("Add", [word, g.op("Add", [pos, g.const("type0_emb", model.type0)])])
    x = g.op("LayerNormalization", [x, g.const("emb_ln_g", model.emb_ln_g), g.const("emb_ln_b", model.emb_ln_b)], axis=-1, epsilon=LN_EPS)

    if fused:
        mask_i32 = g.op("Cast", [mask], to=TensorProto.INT32)  # raw (b, n) mask for Attention
    else:
        # additive bias (b, 1, 1, n): 0 where attended, -10000 on padding (exp underflows to 0)
        maskf = g.op("Cast", [mask], to=TensorProto.FLOAT)
        inv = g.op("Sub", [g.const("one_f", np.array(1.0, dtype=np.float32)), maskf])
        bias = g.op("Mul", [inv, g.const("neg_big", np.array(-10000.0, dtype=np.float32))])
        bias = g.op("Unsqueeze", [bias, g.const("axes_12", np.array([1, 2], dtype=np.int64))])
        split_shape = g.const("qkv_shape", np.array([0, 0, 3, N_HEADS, head], dtype=np.int64))
        merge_shape = g.const("merge_shape", np.array([0, 0, DIM], dtype=np.int64))
        scale = g.const("scale", np.array(1.0 / np.sqrt(head), dtype=np.float32))
        half = g.const("half", np.array(0.5, dtype=np.float32))
        one = g.const("one_g", np.array(1.0, dtype=np.float32))
        rsqrt2 = g.const("rsqrt2", np.array(1.0 / np.sqrt(2.0), dtype=np.float32))

    for i, L in enumerate(model.layers[:layers]):
        p = f"l{i}_"
        if fused:
            ctx = g.op("Attention", [x, g.const(p + "qkv_w", L.qkv_w), g.const(p + "qkv_b", L.qkv_b), mask_i32], domain=_MS, name=p + "attn", num_heads=N_HEADS)
            attn = g.op("MatMul", [ctx, g.const(p + "out_w", L.out_w)], name=p + "out")
            x = g.op(
                "SkipLayerNormalization",
                [attn, x, g.const(p + "ln1_g", L.ln1_g), g.const(p + "ln1_b", L.ln1_b), g.const(p + "out_b", L.out_b)],
                domain=_MS,
                epsilon=LN_EPS,
            )
            h = g.op("BiasGelu", [g.op("MatMul", [x, g.const(p + "up_w", L.up_w)], name=p + "up"), g.const(p + "up_b", L.up_b)], domain=_MS)
            down = g.op("MatMul", [h, g.const(p + "down_w", L.down_w)], name=p + "down")
            x = g.op(
                "SkipLayerNormalization",
                [down, x, g.const(p + "ln2_g", L.ln2_g), g.const(p + "ln2_b", L.ln2_b), g.const(p + "down_b", L.down_b)],
                domain=_MS,
                epsilon=LN_EPS,
            )
            continue
        qkv = g.op("Add", [g.op("MatMul", [x, g.const(p + "qkv_w", L.qkv_w)]), g.const(p + "qkv_b", L.qkv_b)])
        qkv = g.op("Transpose", [g.op("Reshape", [qkv, split_shape])], perm=[2, 0, 3, 1, 4])  # (3, b, h, n, d)
        q, k, v = (g.op("Gather", [qkv, g.const(f"{p}idx{j}", np.array(j, dtype=np.int64))], axis=0) for j in range(3))
        kt = g.op("Transpose", [k], perm=[0, 1, 3, 2])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, kt]), scale]), bias])
        probs = g.op("Softmax", [scores], axis=-1)
        ctx = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        ctx = g.op("Reshape", [ctx, merge_shape])
        attn = g.op("Add", [g.op("MatMul", [ctx, g.const(p + "out_w", L.out_w)]), g.const(p + "out_b", L.out_b)])
        x = g.op("LayerNormalization", [g.op("Add", [attn, x]), g.const(p + "ln1_g", L.ln1_g), g.const(p + "ln1_b", L.ln1_b)], axis=-1, epsilon=LN_EPS)
        up = g.op("Add", [g.op("MatMul", [x, g.const(p + "up_w", L.up_w)]), g.const(p + "up_b", L.up_b)])
        erf = g.op("Erf", [g.op("Mul", [up, rsqrt2])])
        h = g.op("Mul", [g.op("Mul", [up, half]), g.op("Add", [erf, one])])
        down = g.op("Add", [g.op("MatMul", [h, g.const(p + "down_w", L.down_w)]), g.const(p + "down_b", L.down_b)])
        x = g.op("LayerNormalization", [g.op("Add", [down, x]), g.const(p + "ln2_g", L.ln2_g), g.const(p + "ln2_b", L.ln2_b)], axis=-1, epsilon=LN_EPS)

    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="output"))
    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
        ],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "seq", DIM])],
        initializer=g.inits,
    )
    opsets = [helper.make_opsetid("", 17)] + ([helper.make_opsetid(_MS, 1)] if fused else [])
    return helper.make_model(graph, opset_imports=opsets, ir_version=8, producer_name="newsprobe")


def quantize(model_proto: Any, exclude: tuple[str, ...] = ()) -> bytes:
    """Int8 dynamic quantisation with per-channel weight scales (MatMul and Attention weights);
    ``exclude``: node names kept in float32 (``l{i}_out``, ``l{i}_up``, ``l{i}_down``, or an
    Attention node's name)."""
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.quant_utils import add_pre_process_metadata

    # the graph is already in the form pre-processing would give; the tag keeps the
    # quantiser from logging advice to the root logger (the library never prints)
    add_pre_process_metadata(model_proto)
    with tempfile.TemporaryDirectory(prefix="newsprobe-minilm-") as tmp:
        src, dst = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        src.write_bytes(model_proto.SerializeToString())
        quantize_dynamic(
            str(src),
            str(dst),
            per_channel=True,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul", "Attention"],
            nodes_to_exclude=list(exclude),
            # contrib-op outputs have no inferred type; they are all float32
            extra_options={"DefaultTensorType": TensorProto.FLOAT},
        )
        return dst.read_bytes()


def cache_key(model: "MiniLM", *, fused: bool, quantized: bool, layers: int | None, exclude: tuple[str, ...] = ()) -> str:
    """The on-disk cache key of the graph :class:`OrtForward` would build for these options."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"

    h = hashlib.sha256()
    parts: list[str] = [GRAPH_VERSION, installed("onnx"), installed("onnxruntime"), repr((fused, quantized, layers, exclude))]
    for f in getattr(model, "weight_files", []):
        try:
            st = os.stat(f)
            parts.append(f"{os.path.abspath(f)}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{f}:missing")
    for part in parts:
        h.update(part.encode("utf-8", "replace") + b"\x00")
    return h.hexdigest()[:32]


def shipped(model: "MiniLM") -> bool:
    """Whether every weight file of ``model`` is an installed one (the MiniLM package's, or under
    newsprobe's own ``models/``): only those graphs are cached. Overrides elsewhere (a trainer's
    fold encoders, a test's temporary files) would only fill the cache with entries never used again."""
    roots = [Path(__file__).resolve().parents[1] / "models"]
    try:
        roots.append(Path(model.directory).resolve())
    except (AttributeError, OSError):
        return False
    files = getattr(model, "weight_files", None) or []
    for f in files:
        try:
            rf = Path(f).resolve()
        except OSError:
            return False
        if not any(rf.is_relative_to(r) for r in roots):
            return False
    return bool(files)


def _prune(folder: Path, keep: int = CACHE_ENTRIES) -> None:
    """Delete all but the ``keep`` most recently used graphs in ``folder``."""
    try:
        entries = sorted(folder.glob("minilm-*.onnx"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _cached_graph(path: Path | None, build: Any) -> bytes:
    """The graph bytes from ``path`` when it is there, else ``build()`` written to ``path``
    (and the cache pruned to :data:`CACHE_ENTRIES` graphs)."""
    if path is not None:
        try:
            data = path.read_bytes()
            try:
                os.utime(path)  # most recently used
            except OSError:
                pass
            return data
        except OSError:
            pass
    data = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=str(path.parent))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
            _prune(path.parent)
        except OSError:  # a read-only or full disk: run without the cache
            try:
                os.unlink(tmp)
            except (OSError, UnboundLocalError):
                pass
    return data


class OrtForward:
    """``forward(ids, mask) -> (batch, seq, 384)`` through an ONNX Runtime session.

    ``cache_dir``: where the built graph is kept across processes (None: build it every time);
    only graphs of installed weights are cached (:func:`shipped`)."""

    def __init__(
        self,
        model: "MiniLM",
        *,
        fused: bool = True,
        quantized: bool = False,
        threads: int | None = None,
        layers: int | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        try:
            import onnxruntime as ort
        except ImportError as e:
            raise ModelError(
                "onnxruntime is not installed; run `bash scripts/setup.sh`, or set NEWSPROBE_ENCODER_BACKEND=numpy"
            ) from e
        self.cache_path: Path | None = None
        self.from_cache = False
        try:
            if cache_dir is not None and shipped(model):
                key = cache_key(model, fused=fused, quantized=quantized, layers=layers)
                self.cache_path = Path(cache_dir) / "onnx" / f"minilm-{key}.onnx"
                self.from_cache = self.cache_path.is_file()

            def build() -> bytes:
                proto = build_graph(model, fused=fused, layers=layers)
                return quantize(proto) if quantized else proto.SerializeToString()

            data = _cached_graph(self.cache_path, build)
            opts = ort.SessionOptions()
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            opts.intra_op_num_threads = int(threads or default_threads())
            opts.inter_op_num_threads = 1
            opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            opts.log_severity_level = 3  # warnings about unused initialisers and the like stay quiet
            # idle worker threads sleep instead of spinning: on a shared 2-core machine spinning
            # burns CPU other processes need, for no measurable gain on batches of sentences
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            try:
                self.session = ort.InferenceSession(data, sess_options=opts, providers=["CPUExecutionProvider"])
            except Exception:
                if not self.from_cache:
                    raise
                # a damaged cache file: rebuild it once
                self.cache_path.unlink(missing_ok=True)  # type: ignore[union-attr]
                self.from_cache = False
                data = _cached_graph(self.cache_path, build)
                self.session = ort.InferenceSession(data, sess_options=opts, providers=["CPUExecutionProvider"])
        except ModelError:
            raise
        except Exception as e:
            raise ModelError(
                f"cannot build the ONNX Runtime MiniLM session: {e}; set NEWSPROBE_ENCODER_BACKEND=numpy to use the numpy encoder"
            ) from e
        self.fused = fused
        self.quantized = quantized

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feeds = {
            "input_ids": np.ascontiguousarray(ids, dtype=np.int64),
            "attention_mask": np.ascontiguousarray(mask, dtype=np.int64),
        }
        return self.session.run(["last_hidden_state"], feeds)[0]
