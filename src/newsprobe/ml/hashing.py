"""Feature hashing without scikit-learn: the same columns and values as its ``FeatureHasher``.

Why: importing scikit-learn costs seconds in a fresh process (``benchmarks/bench_cold_start.py``
measured it as the largest single import of the first result), and inference only needs its
hash. The hash is MurmurHash3 (x86, 32-bit, seed 0, signed) over the feature's UTF-8 bytes,
taken from the ``murmurhash`` package that spaCy depends on (already loaded by the parse
stage); :func:`murmur32` equals ``sklearn.utils.murmurhash3_32(f, seed=0, positive=False)``
(checked on 20,000 random strings and in tests/test_ml_hashing.py), and :class:`Hasher`
reproduces ``FeatureHasher(n_features, input_type="pair"|"string", alternate_sign=False)``:
the column is ``abs(h) % n_features`` (with scikit-learn's rule for ``h = -2**31``), a string
value ``v`` of feature ``f`` becomes feature ``"f=v"`` with value 1, zero values are dropped,
and duplicates are summed. The models trained with scikit-learn's hasher score identically.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np

_INT32_MIN = -(2**31)


def _hash_fn() -> Any:
    try:
        from murmurhash.mrmr import hash as mrmr_hash  # a spaCy dependency

        return mrmr_hash
    except ImportError:  # pragma: no cover - spaCy always brings it
        from sklearn.utils import murmurhash3_32

        return lambda s, seed=0: int(murmurhash3_32(s, seed=seed, positive=False))


_HASH = _hash_fn()


def murmur32(feature: str) -> int:
    """Signed 32-bit MurmurHash3 (seed 0) of ``feature``'s UTF-8 bytes."""
    return int(_HASH(feature, 0))


def column(h: int, n_features: int) -> int:
    """scikit-learn's column of hash ``h``: ``abs(h) % n_features`` (``abs(-2**31)`` defined as it does)."""
    if h == _INT32_MIN:
        return (2147483647 - (n_features - 1)) % n_features
    return abs(h) % n_features


class Hasher:
    """``transform(rows)`` -> CSR matrix ``(len(rows), n_features)`` (float64), like
    ``sklearn.feature_extraction.FeatureHasher(n_features, input_type=..., alternate_sign=False)``."""

    def __init__(self, n_features: int, input_type: str = "pair") -> None:
        if input_type not in ("pair", "string"):
            raise ValueError(f"input_type must be pair or string, not {input_type!r}")
        self.n_features = int(n_features)
        self.input_type = input_type
        self._columns: dict[str, int] = {}

    def _col(self, f: str) -> int:
        c = self._columns.get(f)
        if c is None:
            if len(self._columns) > 500_000:  # bounded memo: feature strings repeat a lot
                self._columns.clear()
            c = self._columns[f] = column(murmur32(f), self.n_features)
        return c

    def transform(self, rows: Iterable[Iterable[Any]]) -> Any:
        from scipy.sparse import csr_matrix

        indices: list[int] = []
        values: list[float] = []
        indptr = [0]
        for row in rows:
            for item in row:
                if self.input_type == "string":
                    f, v = item, 1.0
                else:
                    f, v = item
                    if isinstance(v, str):
                        f, v = f"{f}={v}", 1.0
                if v == 0:
                    continue
                if not isinstance(f, str):
                    raise TypeError("feature names must be strings")
                indices.append(self._col(f))
                values.append(float(v))
            indptr.append(len(indices))
        if len(indptr) == 1:
            raise ValueError("Cannot vectorize empty sequence.")
        X = csr_matrix(
            (np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int32)),
            shape=(len(indptr) - 1, self.n_features),
        )
        X.sum_duplicates()
        return X


def feature_columns(feats: Sequence[str], n_features: int) -> list[int]:
    """The column of each feature string (for a caller that counts them itself)."""
    return [column(murmur32(f), n_features) for f in feats]
