"""Dense MiniLM features for the persuasion-techniques models.

The packaged all-MiniLM-L6-v2 encoder (``newsprobe.ml.minilm``) gives contextual word-piece
states; here they are pooled to the light spaCy tokens of ``techniques_features`` (mean of
the pieces that overlap a token's characters), so the token tagger (SI) and the span
classifier (TC) can use them next to their hashed sparse features.

``sentence_token_vectors`` encodes each sentence on its own (the models were trained that
way) with the first ``layers`` transformer layers only: fewer layers cost proportionally
less, and the trainer records which depth it used. In the pipeline the word-piece states
come from ``sentence_states.shared_states``, computed once per article and shared with the
claims stage.

The encoder runs with int8 weights (ONNX Runtime dynamic quantisation, ``quantize=True``):
1.3x the float speed of the layer on 2 cores, and the models are trained on the same int8
states (5-fold CV on PTC train: SI F1 0.426 / TC 0.654 with int8 states against 0.422 /
0.655 with float states). Without onnxruntime the numpy encoder gives float states instead,
a small mismatch with what the models were trained on (noted by ``encoder_note``).

If the encoder cannot be loaded, ``available()`` is False and the caller falls back to the
sparse-only model (the stage notes it in provenance).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from . import sentence_states
from .techniques_features import Sent

DIM = sentence_states.DIM


available = sentence_states.available
encoder_note = sentence_states.encoder_note


piece_states = sentence_states.piece_states


def pool_to_tokens(sent: Sent, offsets: np.ndarray, states: np.ndarray) -> np.ndarray:
    """Mean state of the pieces overlapping each token (sentence mean when none does, e.g. past truncation)."""
    m = len(sent.toks)
    out = np.zeros((m, DIM), dtype=np.float32)
    if len(states) == 0:
        return out
    mean = states.mean(axis=0)
    starts = offsets[:, 0]
    ends = offsets[:, 1]
    for i, t in enumerate(sent.toks):
        a, b = t.start - sent.start, t.end - sent.start
        lo = int(np.searchsorted(ends, a, side="right"))
        hi = int(np.searchsorted(starts, b, side="left"))
        if hi > lo:
            out[i] = states[lo:hi].mean(axis=0)
        else:
            out[i] = mean
    return out


def sentence_token_vectors(
    text: str, sents: Sequence[Sent], layers: int = 6, which: Sequence[int] | None = None, ctx: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    """Token vectors ``(n_tokens, 384)`` in reading order and sentence vectors ``(n_sents, 384)``.

    Only the sentences listed in ``which`` (indexes) are encoded when it is given; the others
    get zero rows (the caller treats them as "not encoded"). With the article's ``ctx``, the
    word-piece states are shared with other stages (``sentence_states.shared_states``).
    """
    n_tok = sum(len(s.toks) for s in sents)
    tok = np.zeros((n_tok, DIM), dtype=np.float32)
    sv = np.zeros((len(sents), DIM), dtype=np.float32)
    chosen = list(range(len(sents))) if which is None else sorted(set(which))
    if not chosen:
        return tok, sv
    starts = np.cumsum([0] + [len(s.toks) for s in sents])
    res = sentence_states.shared_states(ctx, text, [(sents[k].start, sents[k].end) for k in chosen], layers)
    for k, (offs, st) in zip(chosen, res):
        tok[starts[k] : starts[k + 1]] = pool_to_tokens(sents[k], offs, st)
        if len(st):
            sv[k] = st.mean(axis=0)
    return tok, sv


def span_vectors(
    sents: Sequence[Sent], tok: np.ndarray, sent_vecs: np.ndarray, spans: Sequence[tuple[int, int]]
) -> np.ndarray:
    """Per span ``(start, end)``: [mean state of the tokens it overlaps | mean state of its first sentence]
    ``(n_spans, 768)``; zero rows for a span that overlaps no token."""
    out = np.zeros((len(spans), 2 * DIM), dtype=np.float32)
    if not spans:
        return out
    bounds: list[tuple[int, int, int]] = []  # (sentence index, first token row, sentence)
    row = 0
    for k, s in enumerate(sents):
        bounds.append((k, row, len(s.toks)))
        row += len(s.toks)
    for j, (a, b) in enumerate(spans):
        rows: list[int] = []
        first = -1
        for k, r0, m in bounds:
            s = sents[k]
            if s.end <= a or s.start >= b:
                continue
            for i, t in enumerate(s.toks):
                if t.start < b and t.end > a:
                    rows.append(r0 + i)
                    if first < 0:
                        first = k
        if rows:
            out[j, :DIM] = tok[rows].mean(axis=0)
            out[j, DIM:] = sent_vecs[first]
    return out
