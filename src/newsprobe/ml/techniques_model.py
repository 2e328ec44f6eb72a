"""The trained persuasion-techniques model: two hashed linear models plus calibration.

* span identification (SI): a per-token logistic model ("is this token inside a technique
  span?"); runs of likely tokens inside one sentence become candidate spans (hysteresis: a
  low threshold sets a run's extent, and the run is kept only when one of its tokens reaches
  a higher "seed" probability), whose mean token probability is Platt-scaled to
  "probability that the span overlaps a real one";
* technique classification (TC): a multinomial logistic model over span features, with a
  temperature fitted on held-out folds so its probabilities are calibrated.

Stored as ``model.npz`` (float16 weights, loaded with ``allow_pickle=False``) and
``config.json`` (labels, thresholds, calibration, provenance) under
``newsprobe/models/techniques/``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..article import Span
from ..errors import ModelError
from .techniques_features import N_FEATURES_SI, N_FEATURES_TC, Sent, lemma_counts, span_features, token_features

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "techniques"
FORMAT = "newsprobe-techniques/1"


def hasher(n_features: int) -> Any:
    """The feature hasher shared by training and inference (murmurhash3, deterministic)."""
    from sklearn.feature_extraction import FeatureHasher

    return FeatureHasher(n_features=n_features, input_type="pair", alternate_sign=False)


@dataclass
class Decoding:
    """How token probabilities become spans (chosen on held-out folds by the trainer)."""

    threshold: float = 0.5
    gap: int = 1
    min_tokens: int = 1
    seed: float = 0.0  # a run is kept only if its most likely token reaches this probability


@dataclass
class TechniquesModel:
    labels: list[str]
    si_coef: np.ndarray  # (N_FEATURES_SI,)
    si_intercept: float
    tc_coef: np.ndarray  # (n_labels, N_FEATURES_TC)
    tc_intercept: np.ndarray  # (n_labels,)
    decoding: Decoding = field(default_factory=Decoding)
    platt: tuple[float, float] = (1.0, 0.0)  # P(real) = sigmoid(a * mean_token_prob + b)
    temperature: float = 1.0
    info: dict[str, Any] = field(default_factory=dict)

    # --- inference -------------------------------------------------------------------

    def token_probs(self, feats: Sequence[list[tuple[str, float]]]) -> np.ndarray:
        if not feats:
            return np.zeros(0, dtype=np.float32)
        X = hasher(N_FEATURES_SI).transform(feats)
        z = X @ self.si_coef + self.si_intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def decode(self, sents: Sequence[Sent], probs: np.ndarray, text: str) -> list[tuple[int, int, float]]:
        """Candidate spans ``(start, end, calibrated_confidence)`` from token probabilities."""
        a, b = self.platt
        return [(s, e, 1.0 / (1.0 + math.exp(-(a * m + b)))) for s, e, m in self.runs(sents, probs, text)]

    def runs(self, sents: Sequence[Sent], probs: np.ndarray, text: str) -> list[tuple[int, int, float]]:
        """Runs of likely tokens within a sentence: ``(start, end, mean_token_probability)``."""
        seed = self.decoding.seed
        return [(s, e, m) for s, e, m, mx in self.runs_with_max(sents, probs, text) if mx >= seed]

    def runs_with_max(self, sents: Sequence[Sent], probs: np.ndarray, text: str) -> list[tuple[int, int, float, float]]:
        """All runs above ``threshold`` (ignoring ``seed``): ``(start, end, mean_prob, max_prob)``."""
        d = self.decoding
        out: list[tuple[int, int, float, float]] = []
        k = 0
        for sent in sents:
            toks = sent.toks
            p = probs[k : k + len(toks)]
            k += len(toks)
            i = 0
            m = len(toks)
            while i < m:
                if p[i] < d.threshold:
                    i += 1
                    continue
                j = i
                last = i
                while j + 1 < m:
                    nxt = j + 1
                    if p[nxt] >= d.threshold:
                        last = j = nxt
                        continue
                    # bridge a short gap when a likely token follows it
                    ahead = [g for g in range(nxt, min(m, nxt + d.gap + 1)) if p[g] >= d.threshold]
                    if d.gap and ahead:
                        j = ahead[0]
                        last = j
                        continue
                    break
                s_i, e_i = i, last
                while s_i < e_i and toks[s_i].pos == "PUNCT" and text[toks[s_i].start] not in "\"'\u201c\u2018":
                    s_i += 1
                while e_i > s_i and toks[e_i].pos == "PUNCT" and text[toks[e_i].start] not in "\"'\u201d\u2019":
                    e_i -= 1
                if e_i - s_i + 1 >= d.min_tokens and not (s_i == e_i and toks[s_i].pos == "PUNCT"):
                    seg = p[s_i : e_i + 1]
                    out.append((toks[s_i].start, toks[e_i].end, float(np.mean(seg)), float(np.max(seg))))
                i = last + 1
        return out

    def technique_probs(self, feats: Sequence[list[tuple[str, float]]]) -> np.ndarray:
        """Calibrated probabilities ``(n_spans, n_labels)``."""
        if not feats:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        X = hasher(N_FEATURES_TC).transform(feats)
        z = (X @ self.tc_coef.T + self.tc_intercept) / self.temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    # --- storage ---------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        _write_npz(
            directory / "model.npz",
            {
                "si_coef": self.si_coef.astype(np.float16),
                "si_intercept": np.array([self.si_intercept], dtype=np.float32),
                "tc_coef": self.tc_coef.astype(np.float16),
                "tc_intercept": self.tc_intercept.astype(np.float32),
            },
        )
        config = {
            "format": FORMAT,
            "labels": self.labels,
            "n_features_si": N_FEATURES_SI,
            "n_features_tc": N_FEATURES_TC,
            "decoding": {
                "threshold": self.decoding.threshold,
                "gap": self.decoding.gap,
                "min_tokens": self.decoding.min_tokens,
                "seed": self.decoding.seed,
            },
            "platt": list(self.platt),
            "temperature": self.temperature,
            "info": self.info,
        }
        (directory / "config.json").write_text(json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> "TechniquesModel":
        cfg_path, npz_path = directory / "config.json", directory / "model.npz"
        if not cfg_path.exists() or not npz_path.exists():
            raise ModelError(
                f"the techniques model is missing from {directory}; rebuild it with `newsprobe train techniques`"
            )
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
        if cfg.get("format") != FORMAT or cfg.get("n_features_si") != N_FEATURES_SI or cfg.get("n_features_tc") != N_FEATURES_TC:
            raise ModelError(
                f"the techniques model in {directory} was built for another format ({cfg.get('format')!r}); "
                f"rebuild it with `newsprobe train techniques`"
            )
        with np.load(npz_path, allow_pickle=False) as z:
            si_coef = z["si_coef"].astype(np.float32)
            si_b = float(z["si_intercept"][0])
            tc_coef = z["tc_coef"].astype(np.float32)
            tc_b = z["tc_intercept"].astype(np.float32)
        d = cfg["decoding"]
        return cls(
            labels=list(cfg["labels"]),
            si_coef=si_coef,
            si_intercept=si_b,
            tc_coef=tc_coef,
            tc_intercept=tc_b,
            decoding=Decoding(float(d["threshold"]), int(d["gap"]), int(d["min_tokens"]), float(d.get("seed", 0.0))),
            platt=(float(cfg["platt"][0]), float(cfg["platt"][1])),
            temperature=float(cfg["temperature"]),
            info=dict(cfg.get("info") or {}),
        )


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Like ``np.savez_compressed`` but byte-stable (fixed zip timestamps, no negative zeros)."""
    import io
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            # + 0 turns -0.0 into 0.0: weights too small for float16 otherwise flip sign between runs
            np.lib.format.write_array(buf, np.ascontiguousarray(arr + arr.dtype.type(0)), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())


@lru_cache(maxsize=2)
def load_model(directory: str = str(MODEL_DIR)) -> TechniquesModel:
    """Load (once per process) the committed model."""
    return TechniquesModel.load(Path(directory))


def spans_for_article(model: TechniquesModel, text: str, sents: Sequence[Sent]) -> list[Span]:
    """Technique spans for one article (shared by the stage and the evaluation)."""
    probs = model.token_probs(token_features(sents, text))
    cands = model.decode(sents, probs, text)
    if not cands:
        return []
    low = text.lower()
    counts = lemma_counts(sents)
    feats = [span_features(text, s, e, sents, lower_text=low, counts=counts) for s, e, _ in cands]
    tp = model.technique_probs(feats)
    out: list[Span] = []
    for (s, e, conf), row in zip(cands, tp):
        order = np.argsort(-row)
        top = model.labels[int(order[0])]
        also = [model.labels[int(j)] for j in order[1:3] if row[j] >= 0.3]
        for lab in [top, *also]:
            j = model.labels.index(lab)
            others = [x for x in [top, *also] if x != lab]
            attrs: dict[str, Any] = {"p_span": round(conf, 3), "p_technique": round(float(row[j]), 3)}
            if others:
                attrs["also"] = others
            out.append(Span(s, e, lab, score=round(conf * float(row[j]), 4), attrs=attrs))
    return out
