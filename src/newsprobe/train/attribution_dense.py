"""Training the attribution-cue model with MiniLM blocks (``newsprobe train attribution``; the
runtime is :mod:`newsprobe.ml.attribution_dense`).

Per candidate, five block inputs: the mean int8 MiniLM state (first 3 layers, the article's
sentences encoded as one list, exactly as the quotes, claims and techniques stages ask for
them) of the cue token, the content span and the subject, and the content's first and last
word piece. The states of all blocks are reduced to their first ``k`` principal components
(fitted on a seeded sample of the training inputs, whitened and scaled by ``alpha``), put next
to the sparse features with a "no piece" indicator per block, and one L2 logistic regression
is fitted over both. The components are folded back into one 384-vector per block for the
artifact, so the runtime needs no projection.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

import numpy as np

from ..ml.attribution_dense import BLOCKS, LAYERS, DenseWeights, block_vectors, piece_table
from ..ml.attribution_model import AttributionModel

DIM = 384


def examples_with_states(parsed: Sequence[tuple[str, list[tuple[int, Any]]]], records: Sequence[dict[str, Any]]
                         ) -> tuple[list[list[str]], list[int], list[int], np.ndarray]:
    """Feature lists, labels, article numbers and block inputs ``(n, 5 * 384)`` (float16; zero
    rows where a block has no piece) of every candidate, in ``attribution.examples``' order."""
    from ..ml import sentence_states
    from .attribution import labelled_candidates

    X: list[list[str]] = []
    y: list[int] = []
    groups: list[int] = []
    rows: list[np.ndarray] = []
    zero = np.zeros(DIM, np.float32)
    table: tuple[int, Any] = (-1, None)
    for g in labelled_candidates(parsed, records):
        if table[0] != g.article_no:  # the article's MiniLM pieces, once per article
            spans = sentence_states.article_sentence_spans(g.article, g.ctx)
            table = (g.article_no, piece_table(spans, sentence_states.shared_states(g.ctx, g.article.text, spans, LAYERS)))
        starts, ends, states = table[1]
        c = g.candidate
        X.append(g.features)
        y.append(g.label)
        groups.append(g.article_no)
        at = c.off + c.tok.idx
        blocks = block_vectors(starts, ends, states, (at, at + len(c.tok.text)), (c.start, c.end), g.subject)
        rows.append(np.concatenate([b if b is not None else zero for b in blocks]).astype(np.float16))
    D = np.stack(rows) if rows else np.zeros((0, DIM * len(BLOCKS)), np.float16)
    return X, y, groups, D


def fit_dense(X: Sequence[list[str]], y: Sequence[int], D: np.ndarray, *, seed: int = 0, c: float = 0.2, min_count: int = 2,
              k: int = 96, alpha: float = 1.0, threshold: float = 0.25, sample: int = 40_000) -> AttributionModel:
    """One L2 logistic regression over the sparse features (seen ``min_count`` times) and the
    blocks' first ``k`` principal components (whitened, times ``alpha``)."""
    import scipy.sparse as sp
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(f for feats in X for f in set(feats))
    keep = {f for f, n in counts.items() if n >= min_count}
    vec = DictVectorizer()
    Xm = vec.fit_transform([{f: 1 for f in feats if f in keep} for feats in X])
    nb = len(BLOCKS)
    pooled = np.concatenate([D[:, b * DIM : (b + 1) * DIM] for b in range(nb)]).astype(np.float32)
    pooled = pooled[np.abs(pooled).sum(axis=1) > 0]
    rng = np.random.default_rng(seed)
    picked = pooled[np.sort(rng.choice(len(pooled), min(sample, len(pooled)), replace=False))]
    mu = picked.mean(axis=0)
    _, _, vt = np.linalg.svd(picked - mu, full_matrices=False)
    k = min(k, vt.shape[0])  # a tiny training set has fewer components
    proj = vt[:k].T
    sd = ((picked - mu) @ proj).std(axis=0)
    proj = proj / np.where(sd > 1e-8, sd, 1.0) * alpha  # whitened, then scaled
    parts = []
    for b in range(nb):
        B = D[:, b * DIM : (b + 1) * DIM].astype(np.float32)
        absent = np.abs(B).sum(axis=1) == 0
        R = (B - mu) @ proj
        R[absent] = 0.0
        parts += [R, absent[:, None].astype(np.float32)]
    Xall = sp.hstack([Xm, sp.csr_matrix(np.hstack(parts))]).tocsr()
    clf = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    clf.fit(Xall, list(y))
    coef = clf.coef_[0]
    n_sparse = len(vec.feature_names_)
    weights = {name: round(float(w), 4) for name, w in zip(vec.feature_names_, coef[:n_sparse]) if abs(w) >= 1e-3}
    W = np.zeros((nb, DIM), np.float32)
    offsets = np.zeros(nb)
    missing = np.zeros(nb)
    pos = n_sparse
    for b in range(nb):
        full = proj @ coef[pos : pos + k]
        W[b] = full
        offsets[b] = -float(mu @ full)
        missing[b] = float(coef[pos + k])
        pos += k + 1
    meta = {"candidates": len(y), "positives": int(sum(y)), "features": len(weights), "seed": seed, "C": c,
            "min_count": min_count, "dense": {"blocks": list(BLOCKS), "layers": LAYERS, "components": k, "alpha": alpha}}
    return AttributionModel(weights, round(float(clf.intercept_[0]), 4), threshold, meta, DenseWeights(W, offsets, missing))


def dense_probabilities(model: AttributionModel, X: Sequence[list[str]], D: np.ndarray) -> list[float]:
    """The model's probability of each candidate from its features and block inputs (as the
    runtime computes it: mean state dotted with the block's weights)."""
    assert model.dense is not None
    d = model.dense
    out = []
    for feats, row in zip(X, D):
        z = 0.0
        for b in range(len(BLOCKS)):
            v = row[b * DIM : (b + 1) * DIM].astype(np.float64)
            z += d.missing[b] if not v.any() else float(v @ d.weights[b]) + d.offsets[b]
        out.append(model.probability(feats, z))
    return out
