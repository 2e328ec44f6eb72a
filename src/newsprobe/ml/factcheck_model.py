"""The shipped fact-check matcher: which encoder embeds claims and queries, and the re-ranker.

``src/newsprobe/models/factchecks/`` holds (see its MODEL_CARD.md):

- ``encoder.safetensors``: float16 tensors of MiniLM's top layers fine-tuned on the CLEF 2020
  train tweets (loaded with ``minilm.load_model(overrides=...)``, numpy only);
- ``reranker.json``: the pairwise re-ranker's weights over ``factchecks.RERANK_FEATURES``,
  the cosine weight of the combined score and the match threshold, all fitted for that
  encoder, plus the encoder id they belong to.

When the folder has no encoder the packaged MiniLM is used, with the built-in weights of
``newsprobe.factchecks``. Claim embeddings in a store record the id of the encoder that made
them (``encoder_id``); a store embedded by another encoder is re-embedded (see
``factchecks.reembed``), never silently mixed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import ModelError

BASE_ID = "all-MiniLM-L6-v2"
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "factchecks"
ENCODER_FILE = "encoder.safetensors"
RERANKER_FILE = "reranker.json"


def encoder_path(model_dir: Path | None = None) -> Path | None:
    """The fine-tuned encoder's overrides file, or None when none is shipped."""
    p = (model_dir or MODEL_DIR) / ENCODER_FILE
    return p if p.is_file() else None


@lru_cache(maxsize=8)
def _file_id(path: str, size: int, mtime: float) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:12]


def encoder_id(model_dir: Path | None = None) -> str:
    """Names the encoder: ``all-MiniLM-L6-v2`` or ``all-MiniLM-L6-v2+factchecks-<sha256 of the file>``."""
    p = encoder_path(model_dir)
    if p is None:
        return BASE_ID
    st = p.stat()
    return f"{BASE_ID}+factchecks-{_file_id(str(p), st.st_size, st.st_mtime)}"


def encode(texts: Sequence[str], model_dir: Path | None = None) -> np.ndarray:
    """Unit vectors ``(n, 384)`` from the fact-check encoder (claims and queries alike)."""
    from .minilm import load_model

    p = encoder_path(model_dir)
    return load_model(str(p) if p else None).encode(list(texts))


@dataclass(frozen=True)
class Reranker:
    """Weights fitted for one encoder: re-ranker weights, cosine weight and match threshold."""

    encoder: str
    weights: tuple[float, ...]
    w_cos: float
    match_threshold: float
    features: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "encoder": self.encoder, "features": list(self.features), "weights": [round(w, 6) for w in self.weights],
            "w_cos": self.w_cos, "match_threshold": self.match_threshold,
        }


def load_reranker(model_dir: Path | None = None) -> Reranker | None:
    """The shipped re-ranker when it belongs to the current encoder, else None (built-in weights apply).

    Read once per file version (cached by path and modification time): searches call this often."""
    p = (model_dir or MODEL_DIR) / RERANKER_FILE
    if not p.is_file():
        return None
    st = p.stat()
    r = _read_reranker(str(p), st.st_size, st.st_mtime)
    return r if r.encoder == encoder_id(model_dir) else None


@lru_cache(maxsize=8)
def _read_reranker(path: str, size: int, mtime: float) -> Reranker:
    p = Path(path)
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
        r = Reranker(
            encoder=str(raw["encoder"]), weights=tuple(float(w) for w in raw["weights"]), w_cos=float(raw["w_cos"]),
            match_threshold=float(raw["match_threshold"]), features=tuple(str(f) for f in raw.get("features", ())),
        )
    except (ValueError, KeyError, TypeError) as e:
        raise ModelError(f"the fact-check re-ranker {p} is unreadable ({e}); retrain with `newsprobe train factchecks`") from e
    return r
