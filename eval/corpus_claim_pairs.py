"""Choose and check the paraphrase threshold of claim clusters on our own claim pairs.

    .venv/bin/python eval/corpus_claim_pairs.py [tests/data/claim_pairs.jsonl]

Each line of the file is {"a", "b", "same"}: two claims we wrote, and whether they state the same
claim (paraphrases) or not (a changed figure, subject, direction, or an unrelated claim). Prints,
per cosine threshold, precision and recall of "same" with the figure/negation/opposites guard
(``claims.compatible``) and without it, and the near-identical test (word similarity >= 0.8,
minor differing words only, guard).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from newsprobe.corpus.claims import compatible, encode, minor_difference, word_similarity
from newsprobe.corpus.worddiff import keys


def main(path: str = "tests/data/claim_pairs.jsonl") -> None:
    pairs = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    va = encode([p["a"] for p in pairs])
    vb = encode([p["b"] for p in pairs])
    cos = (va * vb).sum(axis=1)
    same = np.array([bool(p["same"]) for p in pairs])
    guard = np.array([compatible(keys(p["a"]), keys(p["b"])) for p in pairs])
    ratio = np.array([word_similarity(keys(p["a"]), keys(p["b"])) for p in pairs])
    print(f"{len(pairs)} pairs: {int(same.sum())} same, {int((~same).sum())} different")
    print(f"cosine of same pairs: min {cos[same].min():.3f} median {np.median(cos[same]):.3f}; "
          f"of different pairs: median {np.median(cos[~same]):.3f} max {cos[~same].max():.3f}")
    print("threshold | P R (cosine only) | P R (cosine + guard)")
    for t in (0.70, 0.75, 0.80, 0.82, 0.85, 0.88, 0.90, 0.92, 0.95):
        row = [f"{t:.2f}"]
        for use_guard in (False, True):
            pred = (cos >= t) & (guard if use_guard else True)
            tp = int((pred & same).sum())
            p = tp / max(1, int(pred.sum()))
            r = tp / max(1, int(same.sum()))
            row.append(f"P {p:.3f} R {r:.3f}")
        print(" | ".join(row))
    minor = np.array([minor_difference(keys(p["a"]), keys(p["b"])) for p in pairs])
    near = (ratio >= 0.8) & guard & minor
    print(f"near-identical (word similarity >= 0.8, minor words only, guard): {int((near & same).sum())} same, {int((near & ~same).sum())} different")
    print(f"guard alone refuses {int((~guard & ~same).sum())} of {int((~same).sum())} different pairs, "
          f"and {int((~guard & same).sum())} of {int(same.sum())} same pairs")
    for p, c, g in zip(pairs, cos, guard):
        if not p["same"] and g and c >= 0.85:
            print(f"  different but cosine {c:.3f}: {p['a']!r} / {p['b']!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
