"""The fact-check cross-encoder: MiniLM reading a (query, candidate claim) pair, numpy/ONNX only.

Why: the bi-encoder compares a tweet and a claim through one vector each, so it cannot see
which words of the two line up; a cross-encoder reads both texts in one sequence
("[CLS] query [SEP] claim — title [SEP]") and scores the pair with a small head. It only
re-orders the first ``depth`` candidates of the linear re-ranker, where the right claim almost
always is (top 10 holds it for ~97.5% of CLEF 2020 tweets).

Shipped as ``models/factchecks/cross.safetensors`` (see MODEL_CARD.md): float16 tensors of
MiniLM's fine-tuned top layers (packaged names, loaded through
``newsprobe.ml.minilm.load_model(overrides=...)``) plus the head ``cross_head.weight``
``(384,)`` and ``cross_head.bias`` ``(1,)``, and ``cross.json``: the pooling, the weight of the
cross-encoder score added to the linear re-ranker's key, the re-ranked depth and the match
threshold on the combined key. All tokens use token type 0, as ``MiniLM.forward`` does, both
in training (``newsprobe.train.factchecks_cross_torch``) and here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import ModelError

CROSS_FILE = "cross.safetensors"
CROSS_CONFIG = "cross.json"
#: Word pieces kept from the query (without [CLS]/[SEP]) and for the whole pair.
MAX_QUERY_PIECES = 96
MAX_PAIR_PIECES = 160
HEAD_W = "cross_head.weight"
HEAD_B = "cross_head.bias"


def candidate_text(claim: str, title: str | None) -> str:
    """What the cross-encoder reads of a fact-check: the claim, then " — title" when it differs."""
    claim = (claim or "").strip()
    title = (title or "").strip()
    return f"{claim} — {title}" if title and title != claim else claim


def pair_ids(query_ids: Sequence[int], cand_ids: Sequence[int]) -> list[int]:
    """``[CLS] query [SEP] candidate [SEP]`` from two tokenised texts (each with its own
    [CLS] ... [SEP]), the query cut to ``MAX_QUERY_PIECES`` and the pair to ``MAX_PAIR_PIECES``."""
    q = list(query_ids)
    c = list(cand_ids)
    if len(q) < 2:
        raise ValueError("query ids need [CLS] and [SEP] (use MiniLM.token_ids)")
    cls, sep = q[0], q[-1]
    body_q = q[1:-1][:MAX_QUERY_PIECES]
    room = MAX_PAIR_PIECES - len(body_q) - 3
    body_c = c[1:-1][: max(room, 0)]
    return [cls, *body_q, sep, *body_c, sep]


@dataclass(frozen=True)
class CrossConfig:
    """How the cross-encoder is used: pooling, its weight in the key, depth and threshold."""

    encoder: str  # id of the bi-encoder whose re-ranker it was combined with
    pooling: str  # "mean" or "cls"
    weight: float  # key = linear re-ranker score + weight * cross score
    depth: int  # candidates (by the linear re-ranker) that the cross-encoder re-orders
    match_threshold: float | None = None  # on sigmoid(cross score) of the first match; None: unused

    def to_json(self) -> dict[str, object]:
        return {"encoder": self.encoder, "pooling": self.pooling, "weight": self.weight, "depth": self.depth,
                "match_threshold": self.match_threshold}


def cross_path(model_dir: Path | None = None) -> Path | None:
    from .factcheck_model import MODEL_DIR

    p = (model_dir or MODEL_DIR) / CROSS_FILE
    return p if p.is_file() else None


def load_config(model_dir: Path | None = None) -> CrossConfig | None:
    """The shipped cross-encoder settings when both files are there and belong to the current
    bi-encoder (its re-ranker is what the cross score is added to), else None."""
    from .factcheck_model import MODEL_DIR, encoder_id

    d = model_dir or MODEL_DIR
    p = d / CROSS_CONFIG
    if not p.is_file() or cross_path(d) is None:
        return None
    st = p.stat()
    cfg = _read_config(str(p), st.st_size, st.st_mtime)
    return cfg if cfg.encoder == encoder_id(model_dir) else None


@lru_cache(maxsize=8)
def _read_config(path: str, size: int, mtime: float) -> CrossConfig:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        thr = raw.get("match_threshold")
        cfg = CrossConfig(encoder=str(raw["encoder"]), pooling=str(raw["pooling"]), weight=float(raw["weight"]),
                          depth=int(raw["depth"]), match_threshold=None if thr is None else float(thr))
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise ModelError(f"the fact-check cross-encoder settings {path} are unreadable ({e}); retrain with `newsprobe train factchecks --cross`") from e
    if cfg.pooling not in ("mean", "cls"):
        raise ModelError(f"{path}: pooling {cfg.pooling!r} is not mean or cls; retrain with `newsprobe train factchecks --cross`")
    return cfg


class CrossEncoder:
    """Scores (query, candidate) pairs with MiniLM + overrides and a linear head (numpy/ONNX)."""

    def __init__(self, path: Path, pooling: str = "mean") -> None:
        from safetensors.numpy import load_file

        from .minilm import load_model

        try:
            tensors = load_file(str(path))
            self.head_w = np.asarray(tensors[HEAD_W], dtype=np.float32).reshape(-1)
            self.head_b = float(np.asarray(tensors[HEAD_B], dtype=np.float32).reshape(-1)[0])
        except Exception as e:
            raise ModelError(f"cannot read the cross-encoder {path} ({e}); retrain with `newsprobe train factchecks --cross`") from e
        self.model = load_model(str(path))
        self.pooling = pooling

    def score_ids(self, pairs: Sequence[Sequence[int]], batch_size: int = 16) -> np.ndarray:
        """Raw scores (logits) of tokenised pairs (``pair_ids``), in input order."""
        out = np.zeros(len(pairs), dtype=np.float32)
        if not pairs:
            return out
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i]))
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            arr, mask = self.model._pad([pairs[i] for i in idx])
            hidden = self.model.forward(arr, mask)
            out[idx] = pool(hidden, mask, self.pooling) @ self.head_w + self.head_b
        return out

    def score(self, query: str, candidates: Sequence[str]) -> np.ndarray:
        """Raw scores of ``query`` against each candidate text (see ``candidate_text``)."""
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        ids = self.model.token_ids([query, *candidates])
        return self.score_ids([pair_ids(ids[0], c) for c in ids[1:]])


def pool(hidden: np.ndarray, mask: np.ndarray, pooling: str) -> np.ndarray:
    """``(batch, 384)``: the [CLS] state or the mean over the unmasked tokens."""
    if pooling == "cls":
        return hidden[:, 0]
    m = mask.astype(np.float32)
    return np.einsum("bnd,bn->bd", hidden, m) / np.maximum(m.sum(axis=1, keepdims=True), 1e-9)


@lru_cache(maxsize=4)
def _cross(path: str, size: int, mtime: float, pooling: str) -> CrossEncoder:
    return CrossEncoder(Path(path), pooling)


def load_cross(model_dir: Path | None = None) -> tuple[CrossEncoder, CrossConfig] | None:
    """The shipped cross-encoder and its settings, or None when not shipped (or not for this encoder)."""
    cfg = load_config(model_dir)
    p = cross_path(model_dir)
    if cfg is None or p is None:
        return None
    st = p.stat()
    return _cross(str(p), st.st_size, st.st_mtime, cfg.pooling), cfg


def rerank_key(linear: np.ndarray, cross: np.ndarray, weight: float, depth: int) -> np.ndarray:
    """A sort key: the first ``depth`` candidates by ``linear`` ordered by ``linear + weight * cross``
    and kept above all others; the others keep the linear order. ``cross`` is read only for those
    first ``depth`` (entries beyond may be anything)."""
    n = len(linear)
    key = np.asarray(linear, dtype=np.float64).copy()
    if n == 0 or depth <= 0:
        return key
    top = np.argsort(-key, kind="stable")[:depth]
    rest_max = np.max(np.delete(key, top)) if n > len(top) else 0.0
    combined = key[top] + weight * np.asarray(cross, dtype=np.float64)[top]
    # lift the re-ordered block above every other candidate, keeping its internal order
    key[top] = combined - combined.min() + rest_max + 1.0
    return key
