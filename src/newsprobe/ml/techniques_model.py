"""The trained persuasion-techniques model: two hashed linear models plus calibration.

* span identification (SI): a per-token logistic model ("is this token inside a technique
  span?"); runs of likely tokens inside one sentence become candidate spans (hysteresis: a
  low threshold sets a run's extent, and the run is kept only when one of its tokens reaches
  a higher "seed" probability), whose mean token probability is Platt-scaled to
  "probability that the span overlaps a real one";
* technique classification (TC): a multinomial logistic model over span features, with a
  temperature fitted on held-out folds so its probabilities are calibrated.

Two variants are stored side by side: the *dense* one (the default) adds MiniLM word-piece
states (``techniques_dense``) to both models' hashed features, and replaces the seed filter
and Platt scaling of the decoding by a span re-scorer (``techniques_rescore``: candidate runs
from a low threshold, kept when two small logistic models over run features and MiniLM span
states estimate enough precision and recall credit); the *sparse* one uses hashed
features only and is the fallback when the MiniLM encoder cannot be loaded (or when dense
features are switched off for speed). Each variant has its own decoding and calibration.

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
from .techniques_rescore import Rescorer, candidate_features

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "techniques"
FORMAT = "newsprobe-techniques/3"
#: Formats this code reads: /1 is the sparse-only layout (no ``dense`` section), /2 has no span re-scorer.
READABLE_FORMATS = ("newsprobe-techniques/1", "newsprobe-techniques/2", FORMAT)


def hasher(n_features: int) -> Any:
    """The feature hasher shared by training and inference (murmurhash3, deterministic; the
    columns of scikit-learn's ``FeatureHasher(input_type="pair", alternate_sign=False)``,
    without importing scikit-learn: ``newsprobe.ml.hashing``)."""
    from .hashing import Hasher

    return _HASHERS.setdefault(n_features, Hasher(n_features, input_type="pair"))


_HASHERS: dict[int, Any] = {}


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
    # dense inputs (MiniLM states, standardisation folded into the weights); None in a sparse model
    si_dense: np.ndarray | None = None  # (384,) weights of a token's MiniLM state
    tc_dense: np.ndarray | None = None  # (n_labels, 768) weights of [span mean state | sentence mean state]
    layers: int = 0  # MiniLM layers the dense inputs come from
    # optional one-hidden-layer ReLU network on the token state, averaged with the linear token model:
    # (w1 (384, h), b1 (h,), w2 (h,), b2 (1,)), standardisation folded into w1/b1
    si_mlp: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
    dense: "TechniquesModel | None" = None  # the dense variant, held by the sparse (fallback) model
    # span re-scorer (dense variant only): replaces the seed filter and the Platt scaling of mean probability
    rescorer: Rescorer | None = None

    # --- inference -------------------------------------------------------------------

    @property
    def is_dense(self) -> bool:
        return self.si_dense is not None and self.tc_dense is not None

    def token_probs(self, feats: Sequence[list[tuple[str, float]]], dense: np.ndarray | None = None) -> np.ndarray:
        """P(token inside a technique span) per token; ``dense`` ``(n_tokens, 384)`` for a dense model."""
        return self.token_prob_parts(feats, dense)[0]

    def token_prob_parts(
        self, feats: Sequence[list[tuple[str, float]]], dense: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(p, p_linear, p_network)``: the token probability and the two members it averages
        (both equal to ``p`` when there is no token network)."""
        if not feats:
            z0 = np.zeros(0, dtype=np.float32)
            return z0, z0, z0
        X = hasher(N_FEATURES_SI).transform(feats)
        z = X @ self.si_coef + self.si_intercept
        if self.si_dense is not None:
            if dense is None:
                raise ModelError("this techniques model needs MiniLM token states; use the sparse fallback model")
            z = z + dense @ self.si_dense
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        if self.si_mlp is not None and dense is not None:
            q = mlp_probs(self.si_mlp, dense)
            return 0.5 * (p + q), p, q
        return p, p, p

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
        out: list[tuple[int, int, float, float]] = []
        for k, s_i, e_i, row0 in self.token_runs(sents, probs, text):
            toks = sents[k].toks
            seg = probs[row0 + s_i : row0 + e_i + 1]
            out.append((toks[s_i].start, toks[e_i].end, float(np.mean(seg)), float(np.max(seg))))
        return out

    def token_runs(self, sents: Sequence[Sent], probs: np.ndarray, text: str) -> list[tuple[int, int, int, int]]:
        """All runs above ``threshold`` as token indexes: ``(sentence, first, last, sentence's first row)``.

        Inside a sentence, tokens with ``p >= threshold`` form a run; gaps of at most ``gap``
        tokens are bridged when a likely token follows; punctuation at the edges is trimmed
        (opening/closing quote marks stay); runs shorter than ``min_tokens`` are dropped.
        """
        d = self.decoding
        out: list[tuple[int, int, int, int]] = []
        k = 0
        for si, sent in enumerate(sents):
            toks = sent.toks
            row0 = k
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
                    out.append((si, s_i, e_i, row0))
                i = last + 1
        return out

    def technique_logits(self, feats: Sequence[list[tuple[str, float]]], dense: np.ndarray | None = None) -> np.ndarray:
        """Uncalibrated margins ``(n_spans, n_labels)``; ``dense`` ``(n_spans, 768)`` for a dense model."""
        if not feats:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        X = hasher(N_FEATURES_TC).transform(feats)
        z = np.asarray(X @ self.tc_coef.T + self.tc_intercept)
        if self.tc_dense is not None:
            if dense is None:
                raise ModelError("this techniques model needs MiniLM span states; use the sparse fallback model")
            z = z + dense @ self.tc_dense.T
        return z

    def technique_probs(self, feats: Sequence[list[tuple[str, float]]], dense: np.ndarray | None = None) -> np.ndarray:
        """Calibrated probabilities ``(n_spans, n_labels)``."""
        if not feats:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        z = self.technique_logits(feats, dense) / self.temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    # --- storage ---------------------------------------------------------------------

    def _arrays(self, prefix: str) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {
            prefix + "si_coef": self.si_coef.astype(np.float16),
            prefix + "si_intercept": np.array([self.si_intercept], dtype=np.float32),
            prefix + "tc_coef": self.tc_coef.astype(np.float16),
            prefix + "tc_intercept": self.tc_intercept.astype(np.float32),
        }
        if self.si_dense is not None and self.tc_dense is not None:
            # small and sensitive to rounding: kept in float32
            out[prefix + "si_dense"] = self.si_dense.astype(np.float32)
            out[prefix + "tc_dense"] = self.tc_dense.astype(np.float32)
        if self.si_mlp is not None:
            for name, arr in zip(("w1", "b1", "w2", "b2"), self.si_mlp):
                out[prefix + "si_mlp_" + name] = np.asarray(arr, dtype=np.float32)
        return out

    def _calibration(self) -> dict[str, Any]:
        return {
            "decoding": {
                "threshold": self.decoding.threshold,
                "gap": self.decoding.gap,
                "min_tokens": self.decoding.min_tokens,
                "seed": self.decoding.seed,
            },
            "platt": list(self.platt),
            "temperature": self.temperature,
        }

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        arrays = self._arrays("")
        config: dict[str, Any] = {
            "format": FORMAT,
            "labels": self.labels,
            "n_features_si": N_FEATURES_SI,
            "n_features_tc": N_FEATURES_TC,
            **self._calibration(),
            "info": self.info,
        }
        if self.dense is not None:
            arrays.update(self.dense._arrays("dense_"))
            config["dense"] = {**self.dense._calibration(), "layers": self.dense.layers}
            if self.dense.rescorer is not None:
                arrays.update(self.dense.rescorer.arrays("dense_rescore_"))
                config["dense"]["rescorer"] = self.dense.rescorer.config()
        _write_npz(directory / "model.npz", arrays)
        (directory / "config.json").write_text(json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> "TechniquesModel":
        cfg_path, npz_path = directory / "config.json", directory / "model.npz"
        if not cfg_path.exists() or not npz_path.exists():
            raise ModelError(
                f"the techniques model is missing from {directory}; rebuild it with `newsprobe train techniques`"
            )
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
        if cfg.get("format") not in READABLE_FORMATS or cfg.get("n_features_si") != N_FEATURES_SI or cfg.get("n_features_tc") != N_FEATURES_TC:
            raise ModelError(
                f"the techniques model in {directory} was built for another format ({cfg.get('format')!r}); "
                f"rebuild it with `newsprobe train techniques`"
            )
        with np.load(npz_path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        labels = list(cfg["labels"])
        model = cls._from_parts(labels, arrays, "", cfg, dict(cfg.get("info") or {}))
        if "dense" in cfg and "dense_si_dense" in arrays:
            model.dense = cls._from_parts(labels, arrays, "dense_", cfg["dense"], {})
            model.dense.layers = int(cfg["dense"]["layers"])
            if "rescorer" in cfg["dense"] and "dense_rescore_bias" in arrays:
                model.dense.rescorer = Rescorer.from_parts(arrays, "dense_rescore_", cfg["dense"]["rescorer"])
        return model

    @classmethod
    def _from_parts(
        cls, labels: list[str], arrays: dict[str, np.ndarray], prefix: str, cal: dict[str, Any], info: dict[str, Any]
    ) -> "TechniquesModel":
        d = cal["decoding"]
        si_dense = arrays.get(prefix + "si_dense")
        tc_dense = arrays.get(prefix + "tc_dense")
        mlp = None
        if prefix + "si_mlp_w1" in arrays:
            mlp = tuple(arrays[prefix + "si_mlp_" + k].astype(np.float32) for k in ("w1", "b1", "w2", "b2"))
        return cls(
            labels=labels,
            si_coef=arrays[prefix + "si_coef"].astype(np.float32),
            si_intercept=float(arrays[prefix + "si_intercept"][0]),
            tc_coef=arrays[prefix + "tc_coef"].astype(np.float32),
            tc_intercept=arrays[prefix + "tc_intercept"].astype(np.float32),
            decoding=Decoding(float(d["threshold"]), int(d["gap"]), int(d["min_tokens"]), float(d.get("seed", 0.0))),
            platt=(float(cal["platt"][0]), float(cal["platt"][1])),
            temperature=float(cal["temperature"]),
            info=info,
            si_dense=None if si_dense is None else si_dense.astype(np.float32),
            tc_dense=None if tc_dense is None else tc_dense.astype(np.float32),
            si_mlp=mlp,  # type: ignore[arg-type]
        )


def mlp_probs(mlp: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], dense: np.ndarray) -> np.ndarray:
    """P(token inside a span) from the token network: sigmoid(relu(x @ w1 + b1) @ w2 + b2)."""
    w1, b1, w2, b2 = mlp
    h = np.maximum(dense @ w1 + b1, 0.0)
    z = h @ w2 + float(b2.reshape(-1)[0])
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


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


def rescore_inputs(
    m: TechniquesModel, rescorer: Rescorer, text: str, sents: Sequence[Sent], tok: np.ndarray, sv: np.ndarray,
    parts: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None, tc_logits: Any = None,
) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int]], np.ndarray, np.ndarray, np.ndarray]:
    """Candidate runs of a dense model for the re-scorer: ``(runs, intervals, features, span vectors,
    technique probabilities)``. ``parts`` (token probabilities) and ``tc_logits`` (a function of
    hashed span features and span vectors giving margins) may be passed in by the trainer."""
    from .techniques_dense import span_vectors

    p, pa, pb = parts if parts is not None else m.token_prob_parts(token_features(sents, text), tok)
    probe = TechniquesModel(labels=m.labels, si_coef=m.si_coef, si_intercept=0.0, tc_coef=m.tc_coef,
                            tc_intercept=m.tc_intercept, decoding=Decoding(*rescorer.decoding, 0.0))
    runs = probe.token_runs(sents, p, text)
    ivs = [(sents[k].toks[a].start, sents[k].toks[b].end) for k, a, b, _ in runs]
    n_lab = len(m.labels)
    if not runs:
        return runs, ivs, np.zeros((0, 0)), np.zeros((0, 768)), np.zeros((0, n_lab))
    low = text.lower()
    counts = lemma_counts(sents)
    feats = [span_features(text, s, e, sents, lower_text=low, counts=counts) for s, e in ivs]
    spanv = span_vectors(sents, tok, sv, ivs)
    if tc_logits is None:
        tp = m.technique_probs(feats, spanv)
    else:
        z = tc_logits(hasher(N_FEATURES_TC).transform(feats), spanv) / m.temperature
        z = z - z.max(axis=1, keepdims=True)
        tp = np.exp(z)
        tp /= tp.sum(axis=1, keepdims=True)
    X = candidate_features(text, sents, runs, p, (pa, pb), tp)
    return runs, ivs, X, spanv, tp


def _rescored_candidates(
    m: TechniquesModel, rescorer: Rescorer, text: str, sents: Sequence[Sent], tok: np.ndarray, sv: np.ndarray
) -> tuple[list[tuple[int, int, float]], np.ndarray]:
    """Candidates kept by the re-scorer as ``(start, end, confidence)`` and their technique probabilities."""
    _, ivs, X, V, tp = rescore_inputs(m, rescorer, text, sents, tok, sv)
    if not ivs:
        return [], tp
    score = rescorer.scores(X, V)
    keep = np.flatnonzero(score >= rescorer.threshold)
    conf = rescorer.confidence(score)
    return [(ivs[i][0], ivs[i][1], float(conf[i])) for i in keep], tp[keep]


def spans_for_article(
    model: TechniquesModel, text: str, sents: Sequence[Sent], *, dense: bool = True, ctx: Any = None
) -> list[Span]:
    """Technique spans for one article (shared by the stage and the evaluation).

    Uses the dense variant (MiniLM states) when the model has one and ``dense`` is true; the
    caller checks ``techniques_dense.available()`` first and passes ``dense=False`` otherwise.
    With the article's pipeline ``ctx``, the MiniLM states are shared with other stages.
    """
    m = model.dense if dense and model.dense is not None else model
    tok = sv = None
    if m.is_dense:
        from .techniques_dense import sentence_token_vectors

        tok, sv = sentence_token_vectors(text, sents, layers=m.layers, ctx=ctx)
    if m.rescorer is not None and tok is not None and sv is not None:
        cands, tp = _rescored_candidates(m, m.rescorer, text, sents, tok, sv)
        if not cands:
            return []
    else:
        probs = m.token_probs(token_features(sents, text), tok)
        cands = m.decode(sents, probs, text)
        if not cands:
            return []
        low = text.lower()
        counts = lemma_counts(sents)
        feats = [span_features(text, s, e, sents, lower_text=low, counts=counts) for s, e, _ in cands]
        spanv = None
        if m.is_dense and tok is not None and sv is not None:
            from .techniques_dense import span_vectors

            spanv = span_vectors(sents, tok, sv, [(s, e) for s, e, _ in cands])
        tp = m.technique_probs(feats, spanv)
    out: list[Span] = []
    for (s, e, conf), row in zip(cands, tp):
        order = np.argsort(-row)
        top = m.labels[int(order[0])]
        also = [m.labels[int(j)] for j in order[1:3] if row[j] >= 0.3]
        for lab in [top, *also]:
            j = m.labels.index(lab)
            others = [x for x in [top, *also] if x != lab]
            attrs: dict[str, Any] = {"p_span": round(conf, 3), "p_technique": round(float(row[j]), 3)}
            if others:
                attrs["also"] = others
            out.append(Span(s, e, lab, score=round(conf * float(row[j]), 4), attrs=attrs))
    return out
