"""newsprobe.ml.hashing gives exactly scikit-learn's FeatureHasher columns and values."""

from __future__ import annotations

import random

import numpy as np
import pytest

from newsprobe.ml.hashing import Hasher, column, murmur32

sklearn_hashing = pytest.importorskip("sklearn.feature_extraction")
from sklearn.utils import murmurhash3_32  # noqa: E402


def _words(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "abcxyzéü漢字 |=_-0123"
    return ["", "the", "Zürich", "w=bridge|p=NOUN", "x" * 300] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(n)
    ]


def test_murmur32_equals_sklearn():
    for w in _words(3000, 0):
        assert murmur32(w) == int(murmurhash3_32(w, seed=0, positive=False)), w


def test_column_of_the_smallest_hash_follows_sklearn():
    assert column(-(2**31), 10) == (2147483647 - 9) % 10
    assert column(-7, 5) == 2 and column(7, 5) == 2


@pytest.mark.parametrize("input_type", ["pair", "string"])
def test_hasher_equals_feature_hasher(input_type):
    from sklearn.feature_extraction import FeatureHasher

    rng = random.Random(1)
    words = _words(400, 2)
    if input_type == "pair":
        rows = [[(rng.choice(words), rng.choice([0.0, 1.0, 2.5, -1.0, "v"])) for _ in range(rng.randint(0, 25))] for _ in range(60)]
    else:
        rows = [[rng.choice(words) for _ in range(rng.randint(0, 25))] for _ in range(60)]
    for n in (2**10, 2**18):
        ours = Hasher(n, input_type=input_type).transform(rows)
        ref = FeatureHasher(n_features=n, input_type=input_type, alternate_sign=False).transform(rows)
        assert ours.shape == ref.shape
        assert np.array_equal(ours.toarray(), ref.toarray())
