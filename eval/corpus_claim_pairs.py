"""Choose and check the paraphrase thresholds of claim clusters on our own claim pairs.

    .venv/bin/python eval/corpus_claim_pairs.py [tests/data/claim_pairs.jsonl]

Each line of the file is {"a", "b", "same"}: two claims we wrote, and whether they state the same
claim (paraphrases, or one adding a detail) or not (a changed figure, year, month, place, person,
subject, direction, negation, or an unrelated claim). Prints, per cosine threshold, precision and
recall of "same" by cosine alone, with the figure/negation/opposites guard (``claims.compatible``),
and with the whole paraphrase test (``claims.paraphrase``: that guard, the names guard and the
lower anchored cosine), then per anchored cosine at the chosen paraphrase cosine, and the
near-identical test (word similarity >= 0.8, minor differing words only, guard).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from newsprobe.corpus.claims import compatible, encode, minor_difference, paraphrase, word_similarity
from newsprobe.corpus.worddiff import keys
from newsprobe.settings import load_settings


def _pr(pred: np.ndarray, same: np.ndarray) -> str:
    tp = int((pred & same).sum())
    return f"P {tp / max(1, int(pred.sum())):.3f} R {tp / max(1, int(same.sum())):.3f}"


def main(path: str = "tests/data/claim_pairs.jsonl") -> None:
    settings = load_settings()
    cos_set, anch_set = settings.claim_paraphrase_cosine, settings.claim_anchored_cosine
    pairs = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    ka = [keys(p["a"]) for p in pairs]
    kb = [keys(p["b"]) for p in pairs]
    va = encode([p["a"] for p in pairs])
    vb = encode([p["b"] for p in pairs])
    cos = (va * vb).sum(axis=1)
    same = np.array([bool(p["same"]) for p in pairs])
    guard = np.array([compatible(a, b) for a, b in zip(ka, kb)])
    ratio = np.array([word_similarity(a, b) for a, b in zip(ka, kb)])

    def full(t: float, anch: float) -> np.ndarray:
        return np.array([paraphrase(a, b, p["a"], p["b"], float(c), t, anch, settings.claim_match_ratio) for a, b, p, c in zip(ka, kb, pairs, cos)])

    print(f"{len(pairs)} pairs: {int(same.sum())} same, {int((~same).sum())} different")
    print(f"cosine of same pairs: min {cos[same].min():.3f} median {np.median(cos[same]):.3f}; "
          f"of different pairs: median {np.median(cos[~same]):.3f} max {cos[~same].max():.3f}")
    print(f"threshold | cosine only | cosine + guard | whole test (anchored cosine {anch_set:.2f})")
    for t in (0.70, 0.75, 0.80, 0.82, 0.85, 0.88, 0.90, 0.92, 0.95):
        print(f"{t:.2f} | {_pr(cos >= t, same)} | {_pr((cos >= t) & guard, same)} | {_pr(full(t, min(t, anch_set)), same)}")
    print(f"anchored cosine (paraphrase cosine {cos_set:.2f}) | whole test")
    for anch in (0.60, 0.65, 0.70, 0.75, 0.80, 0.85):
        print(f"{anch:.2f} | {_pr(full(cos_set, anch), same)}")
    minor = np.array([minor_difference(a, b) for a, b in zip(ka, kb)])
    near = (ratio >= 0.8) & guard & minor
    print(f"near-identical (word similarity >= 0.8, minor words only, guard): {int((near & same).sum())} same, {int((near & ~same).sum())} different")
    print(f"guard alone refuses {int((~guard & ~same).sum())} of {int((~same).sum())} different pairs, "
          f"and {int((~guard & same).sum())} of {int(same.sum())} same pairs")
    pred = full(cos_set, anch_set)
    for p, c, ok in zip(pairs, cos, pred):
        if ok != p["same"]:
            print(f"  {'joined but different' if ok else 'same but left apart'} (cosine {c:.3f}): {p['a']!r} / {p['b']!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
