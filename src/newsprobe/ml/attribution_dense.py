"""Dense part of the attribution-cue model: MiniLM word-piece states of the cue, its content
and its subject (quotes stage version 10; training: :mod:`newsprobe.train.attribution_dense`).

What: the sparse logistic regression of :mod:`newsprobe.ml.attribution_model` gets five more
inputs per candidate, each the mean int8 MiniLM state (first 3 layers, the states the claims
and techniques stages already compute; ``sentence_states.shared_states``) of some word pieces:
the cue token's, the content span's, the subject token's, and the content's first and last
piece. Training reduced the states to their first principal components; the fitted weights are
folded back into one 384-vector per block, so the runtime is a dot product (``numpy`` only).

Why: the sparse features see the parse, not the meaning; a state tells "backs", "slammed" and
"walked" apart even when the lemma was never seen in training, and the content's edges say
whether a span is the kind PolNeAR marks.

Because the model is linear, the mean state of a span dotted with a block's weights is the
mean of the pieces' own scores: ``ArticleStates`` scores every piece of the article once per
block and answers each candidate from prefix sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

#: The blocks of the dense input, in order.
BLOCKS = ("cue", "content", "subject", "first", "last")
#: MiniLM layers the states come from (the claims and techniques stages use 3 as well: shared).
LAYERS = 3


@dataclass
class DenseWeights:
    """Per block: a weight vector over the 384 state dimensions, the constant added when the
    block has pieces (the folded centring) and the weight used when it has none."""

    weights: np.ndarray  # (len(BLOCKS), 384) float32
    offsets: np.ndarray  # (len(BLOCKS),)
    missing: np.ndarray  # (len(BLOCKS),)
    layers: int = LAYERS

    def to_json(self) -> dict[str, Any]:
        return {
            "layers": self.layers,
            "blocks": list(BLOCKS),
            "weights": [[float(f"{w:.5g}") for w in row] for row in self.weights.tolist()],
            "offsets": [round(float(v), 5) for v in self.offsets],
            "missing": [round(float(v), 5) for v in self.missing],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "DenseWeights":
        if list(data.get("blocks", [])) != list(BLOCKS):
            raise ValueError(f"dense blocks {data.get('blocks')!r}, expected {list(BLOCKS)!r}")
        w = np.asarray(data["weights"], dtype=np.float32)
        if w.shape != (len(BLOCKS), 384):
            raise ValueError(f"dense weights of shape {w.shape}")
        return cls(w, np.asarray(data["offsets"], dtype=np.float64), np.asarray(data["missing"], dtype=np.float64),
                   int(data.get("layers", LAYERS)))


def piece_table(spans: Sequence[tuple[int, int]], states: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Article-wide piece starts, ends (character offsets, ascending) and states ``(n, 384)``
    from per-sentence ``(offsets, states)`` of ``sentence_states.shared_states``."""
    starts, ends, rows = [], [], []
    for (a, _b), (offs, st) in zip(spans, states):
        if len(st):
            starts.append(offs[:, 0].astype(np.int64) + a)
            ends.append(offs[:, 1].astype(np.int64) + a)
            rows.append(np.asarray(st, dtype=np.float32))
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, 384), np.float32)
    return np.concatenate(starts), np.concatenate(ends), np.concatenate(rows)


def piece_range(starts: np.ndarray, ends: np.ndarray, a: int, b: int) -> tuple[int, int]:
    """Indices ``[lo, hi)`` of the pieces overlapping characters ``[a, b)``."""
    return int(np.searchsorted(ends, a, side="right")), int(np.searchsorted(starts, b, side="left"))


def block_vectors(starts: np.ndarray, ends: np.ndarray, states: np.ndarray, cue: tuple[int, int],
                  content: tuple[int, int], subject: tuple[int, int] | None) -> list[np.ndarray | None]:
    """The five block inputs of one candidate (None where a block has no piece); training uses
    this, the runtime the equivalent ``ArticleStates.score``."""
    out: list[np.ndarray | None] = []
    for a_b in (cue, content, subject):
        if a_b is None:
            out.append(None)
            continue
        lo, hi = piece_range(starts, ends, *a_b)
        out.append(states[lo:hi].mean(axis=0) if hi > lo else None)
    lo, hi = piece_range(starts, ends, *content)
    out.append(states[lo] if hi > lo else None)
    out.append(states[hi - 1] if hi > lo else None)
    return out


class ArticleStates:
    """One article's pieces scored by each block's weights, answering candidates in O(log n)."""

    def __init__(self, dense: DenseWeights, spans: Sequence[tuple[int, int]], states: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        self.dense = dense
        self.starts, self.ends, st = piece_table(spans, states)
        self.scores = (st @ dense.weights.T).astype(np.float64)  # (n, blocks); float32 product, float64 sums
        self.prefix = np.vstack([np.zeros((1, len(BLOCKS))), np.cumsum(self.scores, axis=0)])

    def _mean(self, block: int, a: int, b: int) -> float | None:
        lo, hi = piece_range(self.starts, self.ends, a, b)
        if hi <= lo:
            return None
        return float((self.prefix[hi, block] - self.prefix[lo, block]) / (hi - lo))

    def score(self, cue: tuple[int, int], content: tuple[int, int], subject: tuple[int, int] | None) -> float:
        """The dense blocks' contribution to one candidate's logit."""
        d = self.dense
        z = 0.0
        for k, span in enumerate((cue, content, subject)):
            m = self._mean(k, *span) if span is not None else None
            z += d.missing[k] if m is None else m + d.offsets[k]
        lo, hi = piece_range(self.starts, self.ends, *content)
        if hi > lo:
            z += self.scores[lo, 3] + d.offsets[3] + self.scores[hi - 1, 4] + d.offsets[4]
        else:
            z += d.missing[3] + d.missing[4]
        return float(z)
