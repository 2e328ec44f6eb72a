"""Span re-scorer for persuasion-technique span identification (SI).

The token tagger over-predicts (precision well below recall): many decoded runs are short
stretches of likely tokens that overlap no technique span. This module describes every
candidate run with a few dozen numbers (token probabilities inside and around it, its
length and share of the sentence, its position, punctuation and quote marks, parts of
speech, and the technique classifier's confidence on it) so that a small logistic model,
trained on out-of-fold candidates, can score "how much of this run is really inside a
technique span" and a threshold chosen on held-out folds can drop the weak ones.

Pure numpy at run time; the weights live in the techniques ``model.npz``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .techniques_features import QUOTE_CHARS, Sent

_POS = ("ADJ", "ADV", "NOUN", "PROPN", "VERB", "PRON", "PUNCT", "DET", "ADP", "AUX")
_EDGE_POS = ("ADJ", "NOUN", "PROPN", "VERB", "PUNCT", "DET", "PRON", "ADV")


def _feature_names(n_labels: int) -> list[str]:
    names = [
        "mean_p", "max_p", "min_p", "std_p", "mean_a", "max_a", "mean_b", "max_b",
        "p_before", "p_after", "max_p_outside", "mean_p_sentence",
        "log_tokens", "log_chars", "one_token", "two_tokens",
        "log_sentence_tokens", "coverage", "starts_sentence", "ends_sentence",
        "rel_sentence", "first_sentence", "runs_in_sentence", "log_sentences",
        "quote", "quote_around", "exclamation", "question", "capitalised", "all_caps",
    ]
    names += ["pos_" + p for p in _POS]
    names += ["first_" + p for p in _EDGE_POS] + ["last_" + p for p in _EDGE_POS]
    names += ["tc_top", "tc_second", "tc_margin", "tc_entropy"]
    names += [f"tc_p{j}" for j in range(n_labels)]
    return names


def n_features(n_labels: int) -> int:
    return len(_feature_names(n_labels))


def candidate_features(
    text: str,
    sents: Sequence[Sent],
    runs: Sequence[tuple[int, int, int, int]],
    probs: np.ndarray,
    parts: Sequence[np.ndarray],
    tc_probs: np.ndarray,
) -> np.ndarray:
    """Features ``(n_runs, n_features)`` of candidate runs.

    ``runs`` as ``TechniquesModel.token_runs``; ``probs`` the tagger's token probabilities and
    ``parts`` the two members it averages (linear model, token network; pass ``probs`` twice
    when there is one); ``tc_probs`` the technique probabilities of each run ``(n_runs, n_labels)``.
    """
    n_labels = tc_probs.shape[1] if tc_probs.ndim == 2 else 0
    out = np.zeros((len(runs), n_features(n_labels)), dtype=np.float64)
    if not runs:
        return out
    # plain Python lists: these are a few numbers per run, where numpy's per-call cost dominates
    P, PA, PB = probs.tolist(), parts[0].tolist(), parts[1].tolist()
    per_sent: dict[int, int] = {}
    for k, _, _, _ in runs:
        per_sent[k] = per_sent.get(k, 0) + 1
    n_sents = max(1, len(sents))
    for r, (k, s_i, e_i, row0) in enumerate(runs):
        sent = sents[k]
        toks = sent.toks
        m = len(toks)
        a, b = row0 + s_i, row0 + e_i + 1
        seg, sa, sb = P[a:b], PA[a:b], PB[a:b]
        sp = P[row0 : row0 + m]
        outside = sp[:s_i] + sp[e_i + 1 :]
        nt = e_i - s_i + 1
        mean = sum(seg) / nt
        std = math.sqrt(max(0.0, sum(x * x for x in seg) / nt - mean * mean))
        start, end = toks[s_i].start, toks[e_i].end
        span = text[start:end]
        inner = toks[s_i : e_i + 1]
        words = [t for t in inner if t.pos != "PUNCT"]
        f = [
            mean, max(seg), min(seg), std,
            sum(sa) / nt, max(sa), sum(sb) / nt, max(sb),
            P[a - 1] if s_i > 0 else 0.0,
            P[b] if e_i + 1 < m else 0.0,
            max(outside) if outside else 0.0,
            sum(sp) / m,
            math.log1p(nt), math.log1p(len(span)), float(nt == 1), float(nt == 2),
            math.log1p(m), nt / m,
            float(all(t.pos == "PUNCT" for t in toks[:s_i])),
            float(all(t.pos == "PUNCT" for t in toks[e_i + 1 :])),
            k / n_sents, float(k == 0), math.log1p(per_sent[k]), math.log1p(len(sents)),
            float(any(c in span for c in QUOTE_CHARS)),
            float(text[max(0, start - 1) : start] in QUOTE_CHARS or text[end : end + 1] in QUOTE_CHARS),
            float("!" in span), float("?" in span),
            sum(1 for t in words if t.shape == "Xx") / max(1, len(words)),
            float(any(t.shape == "X" for t in words)),
        ]
        f += [sum(1 for t in inner if t.pos == p) / nt for p in _POS]
        f += [float(toks[s_i].pos == p) for p in _EDGE_POS] + [float(toks[e_i].pos == p) for p in _EDGE_POS]
        out[r, : len(f)] = f
    if n_labels and len(runs):
        tp = np.asarray(tc_probs, dtype=np.float64)
        top2 = -np.sort(-tp, axis=1)[:, :2] if n_labels > 1 else np.c_[tp, np.zeros(len(tp))]
        ent = -np.sum(tp * np.log(np.clip(tp, 1e-9, 1.0)), axis=1)
        base = out.shape[1] - n_labels - 4
        out[:, base] = top2[:, 0]
        out[:, base + 1] = top2[:, 1]
        out[:, base + 2] = top2[:, 0] - top2[:, 1]
        out[:, base + 3] = ent
        out[:, base + 4 :] = tp
    return out


def precision_credit(start: int, end: int, gold: Sequence[tuple[int, int]]) -> float:
    """Share of ``[start, end)`` covered by the (merged) gold spans: the SI precision credit of the run."""
    if end <= start:
        return 0.0
    covered = 0
    for a, b in gold:
        covered += max(0, min(b, end) - max(a, start))
    return min(1.0, covered / (end - start))


@dataclass
class Rescorer:
    """Two logistic models over [candidate features | span MiniLM vector] (standardisation folded in).

    ``c`` estimates a run's precision credit (share of it inside gold spans), ``r`` its recall
    credit (share of the gold spans it covers, clipped to 1). A run is kept when
    ``(c + lam * r) / (1 + lam) >= threshold``; ``lam`` and ``threshold`` are chosen on held-out
    folds (recall credit matters: F1 rewards a run covering much of a long gold span even when
    it also covers text outside it). ``platt`` turns the combined score into P(run overlaps a
    technique span). Candidates come from ``decoding`` (a low threshold, no seed filter).
    """

    hand_c: np.ndarray = field(repr=False)  # (n_features,)
    dense_c: np.ndarray = field(repr=False)  # (768,)
    bias_c: float
    hand_r: np.ndarray = field(repr=False)
    dense_r: np.ndarray = field(repr=False)
    bias_r: float
    lam: float = 1.0
    threshold: float = 0.0
    platt: tuple[float, float] = (1.0, 0.0)
    decoding: tuple[float, int, int] = (0.15, 1, 1)  # threshold, gap, min_tokens of the candidate runs

    def credits(self, X: np.ndarray, V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Estimated precision and recall credit of each candidate."""
        if len(X) == 0:
            return np.zeros(0), np.zeros(0)
        zc = X @ self.hand_c + V @ self.dense_c + self.bias_c
        zr = X @ self.hand_r + V @ self.dense_r + self.bias_r
        return _sigmoid(zc), _sigmoid(zr)

    def scores(self, X: np.ndarray, V: np.ndarray, lam: float | None = None) -> np.ndarray:
        c, r = self.credits(X, V)
        lam = self.lam if lam is None else lam
        return (c + lam * r) / (1.0 + lam)

    def confidence(self, score: np.ndarray) -> np.ndarray:
        a, b = self.platt
        return _sigmoid(a * score + b)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            prefix + "hand_c": self.hand_c.astype(np.float32),
            prefix + "dense_c": self.dense_c.astype(np.float32),
            prefix + "hand_r": self.hand_r.astype(np.float32),
            prefix + "dense_r": self.dense_r.astype(np.float32),
            prefix + "bias": np.array([self.bias_c, self.bias_r], dtype=np.float32),
        }

    def config(self) -> dict[str, object]:
        return {"lam": self.lam, "threshold": self.threshold, "platt": list(self.platt), "decoding": list(self.decoding)}

    @classmethod
    def from_parts(cls, arrays: dict[str, np.ndarray], prefix: str, cfg: dict[str, object]) -> "Rescorer":
        bias = arrays[prefix + "bias"].astype(np.float64)
        dec = list(cfg.get("decoding") or (0.15, 1, 1))  # type: ignore[call-overload]
        platt = list(cfg.get("platt") or (1.0, 0.0))  # type: ignore[call-overload]
        return cls(
            hand_c=arrays[prefix + "hand_c"].astype(np.float64),
            dense_c=arrays[prefix + "dense_c"].astype(np.float64),
            bias_c=float(bias[0]),
            hand_r=arrays[prefix + "hand_r"].astype(np.float64),
            dense_r=arrays[prefix + "dense_r"].astype(np.float64),
            bias_r=float(bias[1]),
            lam=float(cfg["lam"]),  # type: ignore[arg-type]
            threshold=float(cfg["threshold"]),  # type: ignore[arg-type]
            platt=(float(platt[0]), float(platt[1])),
            decoding=(float(dec[0]), int(dec[1]), int(dec[2])),
        )


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _fit_credit(Z: np.ndarray, credit: np.ndarray, C: float, seed: int) -> tuple[np.ndarray, float]:
    """Logistic regression of a credit in [0, 1]: each row is a positive with weight ``credit``
    and a negative with weight ``1 - credit`` (so the model estimates the expected credit)."""
    from sklearn.linear_model import LogisticRegression

    y = np.r_[np.ones(len(Z)), np.zeros(len(Z))]
    w = np.r_[credit, 1.0 - credit]
    lr = LogisticRegression(C=C, max_iter=1000, random_state=seed)
    lr.fit(np.vstack([Z, Z]), y, sample_weight=w)
    return lr.coef_[0], float(lr.intercept_[0])


def fit_rescorer(
    X: np.ndarray, V: np.ndarray, c: np.ndarray, r: np.ndarray, *, C: float = 1.0, dense_scale: float = 1.0, seed: int = 13
) -> Rescorer:
    """Fit both credit models on candidate features ``X``, span vectors ``V`` and credits ``c``, ``r``.

    Columns are standardised (the dense block to a total scale of ``dense_scale``) and the
    standardisation is folded into the returned weights, so run time needs no extra state.
    """
    mu_x = X.mean(axis=0)
    sd_x = X.std(axis=0)
    sd_x[sd_x < 1e-9] = 1.0
    mu_v = V.mean(axis=0)
    mult_v = dense_scale / np.sqrt(V.shape[1]) / (V.std(axis=0) + 1e-6)
    Z = np.hstack([(X - mu_x) / sd_x, (V - mu_v) * mult_v])
    nx = X.shape[1]
    out = []
    for credit in (np.clip(c, 0.0, 1.0), np.clip(r, 0.0, 1.0)):
        w, b = _fit_credit(Z, credit, C, seed)
        wh = w[:nx] / sd_x
        wd = w[nx:] * mult_v
        out.append((wh, wd, b - float(wh @ mu_x) - float(wd @ mu_v)))
    (hc, dc, bc), (hr, dr, br) = out
    return Rescorer(hc, dc, bc, hr, dr, br)
