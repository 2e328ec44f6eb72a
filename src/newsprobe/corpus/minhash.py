"""MinHash signatures and LSH band keys, vectorised with numpy.

A signature keeps, for each of ``perms`` hash functions ``h_i(x) = a_i * x + b_i (mod 2**64)``
(``a_i`` odd, so each is a permutation of the 64-bit shingle hashes; ``a_i``, ``b_i`` drawn
from a seeded generator, so signatures are reproducible), the smallest value over a text's shingles.
Two texts agree at position ``i`` with probability equal to their Jaccard similarity, so the
share of equal positions estimates it (standard error about ``sqrt(J(1-J)/perms)``).

Locality-sensitive hashing cuts a signature into bands of ``rows`` values; texts whose
signatures agree on a whole band are candidate pairs. With ``rows=2`` and 128 bands a pair of
Jaccard 0.2 (a copy that keeps half of an article of its own length has Jaccard 1/3; one that
keeps half of an article twice its length, 0.2) becomes a candidate with probability 0.995,
one of Jaccard 0.02 with probability 0.05. The band keys are plain 64-bit integers, so the
candidate search is a ``GROUP BY band, key`` in DuckDB rather than an index held in memory
(corpus/reposts.py).
"""

from __future__ import annotations

import numpy as np

from .shingles import mix64

_EMPTY = np.iinfo(np.uint64).max


class MinHasher:
    """``perms`` seeded hash functions; ``signature`` and ``band_keys`` use them."""

    def __init__(self, perms: int = 256, seed: int = 1, block: int = 2048) -> None:
        if perms < 2:
            raise ValueError(f"MinHash needs at least 2 permutations, got {perms}")
        rng = np.random.default_rng(seed)
        self.perms = perms
        self.a = rng.integers(0, 2**63, size=perms, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self.b = rng.integers(0, 2**63, size=perms, dtype=np.uint64)
        self.block = block

    def signature(self, hashes: np.ndarray) -> np.ndarray:
        """The signature (``perms`` uint64 values) of a set of shingle hashes (duplicates do not
        matter); an empty set gets the all-ones signature, which no real text shares."""
        out = np.full(self.perms, _EMPTY, dtype=np.uint64)
        h = np.asarray(hashes, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for i in range(0, len(h), self.block):
                part = h[i:i + self.block, None] * self.a[None, :] + self.b[None, :]
                np.minimum(out, part.min(axis=0), out=out)
        return out

    def signatures(self, sets: list[np.ndarray]) -> np.ndarray:
        """Signatures of several sets, one row each."""
        out = np.empty((len(sets), self.perms), dtype=np.uint64)
        for i, s in enumerate(sets):
            out[i] = self.signature(s)
        return out


def band_keys(signatures: np.ndarray, rows: int) -> np.ndarray:
    """One 64-bit key per band of ``rows`` consecutive signature values: shape
    ``(n, perms // rows)`` for ``n`` signatures (values past the last whole band are unused)."""
    sig = np.atleast_2d(np.asarray(signatures, dtype=np.uint64))
    if rows < 1:
        raise ValueError(f"an LSH band needs at least one row, got {rows}")
    bands = sig.shape[1] // rows
    if bands < 1:
        raise ValueError(f"{sig.shape[1]} permutations cannot make a band of {rows} rows")
    cut = sig[:, :bands * rows].reshape(sig.shape[0], bands, rows)
    key = np.zeros((sig.shape[0], bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(rows):
            key = mix64(key ^ cut[:, :, j])
        key ^= np.arange(bands, dtype=np.uint64)  # different bands never share a key by accident
    return key


def jaccard_estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """The share of equal positions of two signatures (or of two equal-shaped arrays of them,
    row by row): an estimate of the Jaccard similarity of the two sets."""
    return np.asarray(np.mean(np.atleast_2d(sig_a) == np.atleast_2d(sig_b), axis=1))


def containment_from_jaccard(j: np.ndarray, n_a: np.ndarray, n_b: np.ndarray) -> np.ndarray:
    """The share of set A inside set B implied by Jaccard ``j`` and the set sizes:
    ``|A & B| = j (|A| + |B|) / (1 + j)``, divided by ``|A|`` (clipped to 0..1)."""
    j = np.asarray(j, dtype=np.float64)
    n_a = np.maximum(np.asarray(n_a, dtype=np.float64), 1.0)
    inter = j * (n_a + np.asarray(n_b, dtype=np.float64)) / (1.0 + j)
    return np.asarray(np.clip(inter / n_a, 0.0, 1.0))


def candidate_probability(j: float, bands: int, rows: int) -> float:
    """The chance that a pair of Jaccard ``j`` shares at least one band: ``1 - (1 - j**rows)**bands``."""
    return float(1.0 - (1.0 - j ** rows) ** bands)
