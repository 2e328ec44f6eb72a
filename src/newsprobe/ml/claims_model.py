"""The check-worthiness model: logistic regression over hashed sentence features, plus a
dense variant that also reads the sentence's MiniLM state.

Two variants are stored side by side, as for the techniques model:

* *dense* (the default at run time): hashed features plus the mean int8 MiniLM state of the
  sentence after the encoder's first ``layers`` layers (``sentence_states``; the same states
  the techniques stage reads, computed once per article); standardisation is folded into
  ``state_weights`` and the intercept;
* *sparse*: hashed features only; the fallback when the encoder cannot load or the
  ``claims_dense`` setting is off. Each variant has its own threshold.

Stored without pickle: ``weights.npz`` holds the non-zero hashed weights (indices and values)
and the intercept of each variant and the dense state weights; ``model.json`` holds the
thresholds, the feature version, the hashing size and the training record. Loading needs only
numpy and reads no code from the artifact. Training lives in ``newsprobe.train.claims``.
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
FORMAT = "newsprobe-claims/2"
#: /1 is the sparse-only layout (no dense variant).
READABLE_FORMATS = ("newsprobe-claims/1", FORMAT)


def default_model_dir() -> Path:
    """Where the committed artifact lives: ``src/newsprobe/models/claims``."""
    return Path(__file__).resolve().parents[1] / "models" / "claims"


def feature_indices(feats: Sequence[str], n_features: int = N_FEATURES) -> dict[int, float]:
    """Hash feature strings to ``{column: value}``: log(1 + count), rows L2-normalised.

    Uses the murmurhash scikit-learn's ``FeatureHasher`` uses (``newsprobe.ml.hashing``, without
    importing scikit-learn), so training through ``FeatureHasher`` and scoring here agree exactly.
    """
    from .hashing import feature_columns

    counts: dict[int, float] = {}
    for col in feature_columns(feats, n_features):
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
    """Weights over the hashed features, an intercept and the chosen decision threshold; a dense
    model also has ``state_weights`` over the sentence's mean MiniLM state."""

    weights: np.ndarray  # dense float32, length n_features
    intercept: float
    threshold: float
    n_features: int = N_FEATURES
    feature_version: str = FEATURE_VERSION
    info: dict[str, Any] = field(default_factory=dict)
    state_weights: np.ndarray | None = None  # (384,), standardisation folded in; None in a sparse model
    layers: int = 0  # MiniLM layers the states come from
    dense: "ClaimsModel | None" = None  # the dense variant, held by the sparse (fallback) model

    @property
    def is_dense(self) -> bool:
        return self.state_weights is not None

    def score_features(self, rows: Sequence[Sequence[str]], states: np.ndarray | None = None) -> np.ndarray:
        """Probability of check-worthiness for each sentence's feature list; a dense model also
        needs ``states`` ``(len(rows), 384)``, the sentences' mean MiniLM states."""
        out = np.empty(len(rows), dtype=np.float64)
        w = self.weights
        extra = np.zeros(len(rows), dtype=np.float64)
        if self.state_weights is not None:
            if states is None or len(states) != len(rows):
                raise ModelError("this claims model needs the sentences' MiniLM states; use the sparse fallback model")
            extra = np.asarray(states, dtype=np.float64) @ self.state_weights.astype(np.float64)
        for i, feats in enumerate(rows):
            z = self.intercept + extra[i] + sum(w[c] * v for c, v in feature_indices(feats, self.n_features).items())
            out[i] = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, float(z)))))
        return out

    def _arrays(self, prefix: str) -> dict[str, np.ndarray]:
        nz = np.flatnonzero(self.weights)
        out: dict[str, np.ndarray] = {
            prefix + "index": nz.astype(np.int32),
            prefix + "value": self.weights[nz].astype(np.float32),
            prefix + "intercept": np.array([self.intercept], dtype=np.float64),
        }
        if self.state_weights is not None:
            out[prefix + "state"] = self.state_weights.astype(np.float32)
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = self._arrays("")  # Any: savez_compressed takes **arrays beside its own keywords
        meta: dict[str, Any] = {
            "format": FORMAT,
            "threshold": self.threshold,
            "n_features": self.n_features,
            "feature_version": self.feature_version,
            "info": self.info,
        }
        if self.dense is not None:
            arrays.update(self.dense._arrays("dense_"))
            meta["dense"] = {"threshold": self.dense.threshold, "layers": self.dense.layers, "info": self.dense.info}
        np.savez_compressed(directory / "weights.npz", **arrays)
        (directory / "model.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "ClaimsModel":
        meta_path, weights_path = directory / "model.json", directory / "weights.npz"
        if not meta_path.is_file() or not weights_path.is_file():
            raise ModelError(f"the claims model is missing from {directory}; {_REBUILD}")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(weights_path, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            n = int(meta["n_features"])
            model = cls._from_arrays(arrays, "", n, float(meta["threshold"]), meta.get("feature_version"),
                                     meta.get("info", {}))
            if "dense" in meta and "dense_state" in arrays:
                d = meta["dense"]
                model.dense = cls._from_arrays(arrays, "dense_", n, float(d["threshold"]), meta.get("feature_version"),
                                               d.get("info", {}))
                model.dense.layers = int(d["layers"])
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise ModelError(f"the claims model in {directory} cannot be read ({e}); {_REBUILD}") from e
        if meta.get("format") not in READABLE_FORMATS or meta.get("feature_version") != FEATURE_VERSION:
            raise ModelError(
                f"the claims model in {directory} was built for features {meta.get('feature_version')!r} "
                f"(format {meta.get('format')!r}), this code computes {FEATURE_VERSION!r}; {_REBUILD}"
            )
        return model

    @classmethod
    def _from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str, n: int, threshold: float,
                     feature_version: Any, info: dict[str, Any]) -> "ClaimsModel":
        weights = np.zeros(n, dtype=np.float32)
        weights[arrays[prefix + "index"]] = arrays[prefix + "value"]
        state = arrays.get(prefix + "state")
        return cls(weights, float(arrays[prefix + "intercept"][0]), threshold, n, str(feature_version), info,
                   state_weights=None if state is None else state.astype(np.float32))


@lru_cache(maxsize=2)
def load_model(directory: str | None = None) -> ClaimsModel:
    """The model in ``directory`` (default: the committed one), loaded once per process."""
    return ClaimsModel.load(Path(directory) if directory else default_model_dir())
