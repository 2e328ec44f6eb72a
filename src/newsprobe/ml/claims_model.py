"""The check-worthiness model: hashed sentence features and a logistic regression.

Stored without pickle: ``weights.npz`` holds the non-zero weights (indices and values of the
hashed feature space) and the intercept; ``model.json`` holds the threshold, the feature
version, the hashing size and the training record. Loading needs only numpy and reads no
code from the artifact. Training lives in ``claims_train.py``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..errors import ModelError
from .claims_features import FEATURE_VERSION

#: Size of the hashed feature space (2**18: few collisions for ~100k distinct features).
N_FEATURES = 2**18

_REBUILD = "rebuild it with `newsprobe train claims` (needs ../shared/data)"


def default_model_dir() -> Path:
    """Where the committed artifact lives: ``src/newsprobe/models/claims``."""
    return Path(__file__).resolve().parents[1] / "models" / "claims"


def feature_indices(feats: Sequence[str], n_features: int = N_FEATURES) -> dict[int, float]:
    """Hash feature strings to ``{column: value}``: log(1 + count), rows L2-normalised.

    Uses scikit-learn's murmurhash (the same function ``FeatureHasher`` uses), so training
    through ``FeatureHasher`` and scoring here agree exactly.
    """
    from sklearn.utils import murmurhash3_32

    counts: dict[int, float] = {}
    for f in feats:
        h = murmurhash3_32(f, seed=0, positive=False)
        col = abs(int(h)) % n_features
        counts[col] = counts.get(col, 0.0) + 1.0
    vals = {k: math.log1p(v) for k, v in counts.items()}
    norm = math.sqrt(sum(v * v for v in vals.values())) or 1.0
    return {k: v / norm for k, v in vals.items()}


def hashed_matrix(rows: Sequence[Sequence[str]], n_features: int = N_FEATURES) -> Any:
    """A CSR matrix of hashed, log-scaled, L2-normalised features (one row per sentence)."""
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.preprocessing import normalize

    hasher = FeatureHasher(n_features=n_features, input_type="string", alternate_sign=False)
    if not rows:
        return hasher.transform([[]])[:0]
    m = hasher.transform(list(rows))
    m.data = np.log1p(m.data)
    return normalize(m)


@dataclass
class ClaimsModel:
    """Weights over the hashed features, an intercept and the chosen decision threshold."""

    weights: np.ndarray  # dense float32, length n_features
    intercept: float
    threshold: float
    n_features: int = N_FEATURES
    feature_version: str = FEATURE_VERSION
    info: dict[str, Any] = field(default_factory=dict)

    def score_features(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Probability of check-worthiness for each sentence's feature list."""
        out = np.empty(len(rows), dtype=np.float64)
        w = self.weights
        for i, feats in enumerate(rows):
            z = self.intercept + sum(w[c] * v for c, v in feature_indices(feats, self.n_features).items())
            out[i] = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, float(z)))))
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        nz = np.flatnonzero(self.weights)
        np.savez_compressed(
            directory / "weights.npz",
            index=nz.astype(np.int32),
            value=self.weights[nz].astype(np.float32),
            intercept=np.array([self.intercept], dtype=np.float64),
        )
        meta = {
            "format": "newsprobe-claims/1",
            "threshold": self.threshold,
            "n_features": self.n_features,
            "feature_version": self.feature_version,
            "info": self.info,
        }
        (directory / "model.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "ClaimsModel":
        meta_path, weights_path = directory / "model.json", directory / "weights.npz"
        if not meta_path.is_file() or not weights_path.is_file():
            raise ModelError(f"the claims model is missing from {directory}; {_REBUILD}")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(weights_path, allow_pickle=False) as z:
                index, value, intercept = z["index"], z["value"], float(z["intercept"][0])
        except (OSError, ValueError, KeyError) as e:
            raise ModelError(f"the claims model in {directory} cannot be read ({e}); {_REBUILD}") from e
        if meta.get("format") != "newsprobe-claims/1" or meta.get("feature_version") != FEATURE_VERSION:
            raise ModelError(
                f"the claims model in {directory} was built for features {meta.get('feature_version')!r}, "
                f"this code computes {FEATURE_VERSION!r}; {_REBUILD}"
            )
        n = int(meta["n_features"])
        weights = np.zeros(n, dtype=np.float32)
        weights[index] = value
        return cls(weights, intercept, float(meta["threshold"]), n, meta["feature_version"], meta.get("info", {}))


@lru_cache(maxsize=2)
def load_model(directory: str | None = None) -> ClaimsModel:
    """The model in ``directory`` (default: the committed one), loaded once per process."""
    return ClaimsModel.load(Path(directory) if directory else default_model_dir())
