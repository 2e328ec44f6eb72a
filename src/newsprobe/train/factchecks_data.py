"""The CLEF 2020 CheckThat! Task 2 data (tweets -> Snopes claims) as the trainers need it.

Kept free of torch so that the evaluation script and the re-ranker trainer can use it too.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError

CLEF_DIR = "clef2020-claim-retrieval"


@dataclass(frozen=True)
class Clef:
    """Claims (ids, texts, titles) and tweets (text, split, gold claim ids)."""

    claim_ids: list[str]
    claims: list[str]
    titles: list[str]
    tweets: list[str]
    splits: list[str]
    gold: list[set[str]]

    def split(self, name: str) -> list[int]:
        return [i for i, s in enumerate(self.splits) if s == name]

    def gold_index(self, tweet: int) -> list[int]:
        pos = self._pos()
        return [pos[g] for g in sorted(self.gold[tweet]) if g in pos]

    def _pos(self) -> dict[str, int]:
        cache = self.__dict__.get("_pos_cache")
        if cache is None:
            cache = {c: i for i, c in enumerate(self.claim_ids)}
            object.__setattr__(self, "_pos_cache", cache)
        return cache


def load_clef(shared: Path) -> Clef:
    """Read ``verified_claims.jsonl.gz`` and ``tweet_queries.jsonl.gz`` from ``shared/clef2020-claim-retrieval``."""
    root = Path(shared) / CLEF_DIR
    vpath, tpath = root / "verified_claims.jsonl.gz", root / "tweet_queries.jsonl.gz"
    for p in (vpath, tpath):
        if not p.is_file():
            raise InputError(f"the CLEF 2020 claim-retrieval data is not at {p}; put the project's datasets in ../shared/data or set NEWSPROBE_SHARED_DATA")
    claims = [json.loads(line) for line in gzip.open(vpath, "rt", encoding="utf-8")]
    claims.sort(key=lambda r: str(r["vclaim_id"]))  # the store's order (collection, id)
    tweets = [json.loads(line) for line in gzip.open(tpath, "rt", encoding="utf-8")]
    return Clef(
        claim_ids=[str(r["vclaim_id"]) for r in claims],
        claims=[str(r["vclaim"]).strip() for r in claims],
        titles=[str(r.get("title") or "").strip() for r in claims],
        tweets=[str(t["text"]) for t in tweets],
        splits=[str(t["split"]) for t in tweets],
        gold=[{str(g) for g in t["relevant_vclaim_ids"]} for t in tweets],
    )


def average_precision(ranked: list[str], relevant: set[str], k: int = 5) -> float:
    """The task's AP@k: precision at each hit in the top ``k``, over min(|relevant|, k)."""
    hits, total = 0, 0.0
    for i, rid in enumerate(ranked[:k], 1):
        if rid in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k) if relevant else 0.0


def map_at_5(scores: np.ndarray, claim_ids: list[str], gold: list[set[str]]) -> float:
    """MAP@5 of a (queries, claims) score matrix."""
    aps = []
    for row, g in zip(scores, gold):
        top = np.argpartition(-row, 5)[:5]
        top = top[np.argsort(-row[top], kind="stable")]
        aps.append(average_precision([claim_ids[i] for i in top], g))
    return float(np.mean(aps)) if aps else 0.0


def folds_of(tweets: list[int], k: int, seed: int = 0) -> list[list[int]]:
    """``k`` disjoint folds of the tweets (seeded shuffle)."""
    perm = np.random.default_rng(seed).permutation(len(tweets))
    arr = np.asarray(tweets)
    return [sorted(int(x) for x in arr[perm[f::k]]) for f in range(k)]
