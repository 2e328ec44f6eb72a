"""MAP@5 of fact-check retrieval on the CLEF 2020 CheckThat! Task 2 tweets (Snopes claims).

Usage (from the repository root; the store needs the Snopes claims imported first)::

    newsprobe factchecks import-snopes --store /tmp/clef.duckdb
    python eval/factcheck_map.py --store /tmp/clef.duckdb --split dev
    python eval/factcheck_map.py --store /tmp/clef.duckdb --split train --tune --fit   # choose on train

Each tweet is a query against every claim of the store's ``snopes-clef2020`` collection;
MAP@5 follows the task's definition (average precision over the top 5, divided by the
number of relevant claims, at most 5). Also reported: MAP@5 of BM25 alone and of MiniLM
cosine alone, the combined mix, the re-ranked order (``fc.RERANK_WEIGHTS``), P@1 and
recall@50 of each candidate list. The held-back test tweets are not in ../shared/data.

Queries and claims are encoded by the shipped fact-check encoder (``newsprobe.ml.factcheck_model``:
MiniLM with top layers fine-tuned on the 800 train tweets by ``newsprobe train factchecks``);
its cosine weight, re-ranker weights and threshold (``reranker.json``) were fitted on the
train tweets only (out-of-fold), so dev is a held-out measurement. Claims the store holds
with another encoder's embedding are re-encoded in memory (re-import to store them).
``--fit`` refits the linear re-ranker in-sample on the chosen split (for the packaged
encoder only: with the fine-tuned one, in-sample cosines are overfit; use the trainer).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprobe import factchecks as fc  # noqa: E402
from newsprobe.ml.factcheck_model import encode, encoder_id  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "clef2020-claim-retrieval" / "tweet_queries.jsonl.gz"
COLLECTION = "snopes-clef2020"


from newsprobe.ml.factcheck_data import average_precision  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", required=True, help="store file with the Snopes claims imported")
    ap.add_argument("--split", default="dev", choices=["train", "dev", "all"])
    ap.add_argument("--tune", action="store_true", help="grid over the cosine weight and report each")
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--fit", action="store_true", help="fit the re-ranker's weights on these tweets and print them (use --split train)")
    ap.add_argument("--query-vectors", help="a .npy of the tweets' MiniLM vectors (all splits, file order) to skip encoding")
    args = ap.parse_args()

    tweets = [json.loads(line) for line in gzip.open(args.data, "rt", encoding="utf-8")]
    if args.split != "all":
        tweets = [t for t in tweets if t["split"] == args.split]
    index = fc.load_index(args.store)
    print(f"encoder {encoder_id()}; {index.stale} of {len(index)} claims lack its embedding in the store"
          + (" (encoding them in memory now)" if index.stale else ""), file=sys.stderr)
    keep = [i for i, c in enumerate(index.collection) if c == COLLECTION]
    if len(keep) != len(index):
        print(f"note: the store has {len(index) - len(keep)} records outside {COLLECTION}; they compete too", file=sys.stderr)
    queries = [t["text"] for t in tweets]
    gold = [set(t["relevant_vclaim_ids"]) for t in tweets]

    t0 = time.perf_counter()
    if args.query_vectors:
        all_tweets = [json.loads(line)["split"] for line in gzip.open(args.data, "rt", encoding="utf-8")]
        qv = np.load(args.query_vectors)[[i for i, sp in enumerate(all_tweets) if args.split in ("all", sp)]]
    else:
        qv = encode([fc.embed_query(q) for q in queries])
    t_enc = time.perf_counter() - t0
    index.ensure_embeddings()

    weights, w_cos, threshold = fc.active_weights()
    if args.fit:
        weights = tuple(float(w) for w in fit_reranker(index, queries, gold, qv))
        print("RERANK_WEIGHTS = (" + ", ".join(f"{w:.4f}" for w in weights) + ")")
        fc.active_weights = lambda: (weights, w_cos, threshold)  # type: ignore[assignment]

    def run(w: float, rerank: bool = False) -> tuple[float, float]:
        res = index.search_many(queries, top=5, w_cos=w, query_vectors=qv, rerank=rerank)
        aps = [average_precision([m.id for m in r], g) for r, g in zip(res, gold)]
        p1 = [1.0 if r and r[0].id in g else 0.0 for r, g in zip(res, gold)]
        return float(np.mean(aps)), float(np.mean(p1))

    # candidate recall of each retriever
    cos_all = qv @ index.emb.T
    rec_bm, rec_cos = [], []
    for qi, q in enumerate(queries):
        bm = index.bm25.scores(fc.clean_query(q))
        top_bm = {index.ids[i] for i in fc._top_indices(bm, fc.CANDIDATES)}
        top_cos = {index.ids[i] for i in fc._top_indices(cos_all[qi], fc.CANDIDATES)}
        rec_bm.append(len(gold[qi] & top_bm) / len(gold[qi]))
        rec_cos.append(len(gold[qi] & top_cos) / len(gold[qi]))

    print(f"split={args.split} tweets={len(tweets)} claims={len(index)} encode {len(queries) / t_enc:.1f} tweets/s")
    print(f"recall@{fc.CANDIDATES}: bm25 {np.mean(rec_bm):.3f}  cosine {np.mean(rec_cos):.3f}")
    grid = [0.0, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 1.0] if args.tune else [0.0, 1.0, w_cos]
    for w in grid:
        name = {0.0: "bm25 only", 1.0: "cosine only"}.get(w, f"combined w_cos={w}")
        m, p1 = run(w)
        print(f"MAP@5 {m:.4f}  P@1 {p1:.4f}  {name}")
    if weights:
        m, p1 = run(w_cos, rerank=True)
        print(f"MAP@5 {m:.4f}  P@1 {p1:.4f}  re-ranked (linear, {'reranker.json' if fc.active_weights()[0] != fc.RERANK_WEIGHTS else 'RERANK_WEIGHTS'})")
    calibrate(index, queries, gold, qv, w_cos, threshold)
    t0 = time.perf_counter()
    for q in queries[:50]:
        index.search(q, 5)
    print(f"search latency (encode + retrieve, one query at a time): {(time.perf_counter() - t0) / min(50, len(queries)) * 1000:.0f} ms/query")
    return 0


def fit_reranker(index: fc.FactCheckIndex, queries: list[str], gold: list[set[str]], qv: np.ndarray) -> np.ndarray:
    """Pairwise re-ranker weights over ``fc.rerank_features`` of each query's candidates
    (the trainer's ``pairwise_weights``, here for the encoder and store at hand)."""
    from newsprobe.ml.factcheck_train import pairwise_weights

    groups = []
    for qi, q in enumerate(queries):
        cq = fc.clean_query(q)
        bm = index.bm25.scores(cq)
        cos = qv[qi] @ index.emb.T
        idx = index.candidates(cos, bm)
        feats = fc.rerank_features(cq, cos[idx], bm[idx], float(bm.max()), [index.claims[i] for i in idx], [index.titles[i] for i in idx])
        is_gold = np.array([index.ids[i] in gold[qi] for i in idx])
        groups.append((feats, is_gold, fc.combine(cos[idx], bm[idx], float(bm.max()))))
    return pairwise_weights(groups)


def calibrate(index: fc.FactCheckIndex, queries: list[str], gold: list[set[str]], qv: np.ndarray, w_cos: float, threshold: float) -> None:
    """Score of the right claim (when it ranks first) against the best score once it is removed.

    Removing a tweet's gold claims from the candidates simulates a query whose claim was
    never checked; the best remaining score is what a false "match" would score.
    """
    pos_index = {rid: i for i, rid in enumerate(index.ids)}
    hit_scores, miss_scores = [], []
    for qi, q in enumerate(queries):
        bm = index.bm25.scores(fc.clean_query(q))
        cos = qv[qi] @ index.emb.T
        gidx = [pos_index[g] for g in gold[qi] if g in pos_index]
        comb = fc.combine(cos, bm, float(bm.max()), w_cos)
        if int(np.argmax(comb)) in gidx:
            hit_scores.append(float(comb.max()))
        keep = np.ones(len(cos), dtype=bool)
        keep[gidx] = False
        bm_rest = np.where(keep, bm, 0.0)
        comb_rest = fc.combine(cos, bm_rest, float(bm_rest.max()), w_cos)
        miss_scores.append(float(comb_rest[keep].max()))
    hits, misses = np.array(hit_scores), np.array(miss_scores)
    print(f"threshold check (w_cos={w_cos}, match threshold {threshold}): {len(hits)} queries with the right claim first; {len(misses)} with it removed")
    for t in sorted({0.5, 0.55, 0.6, 0.65, 0.7, 0.75, threshold}):
        print(f"  score >= {t:.2f}: keeps {np.mean(hits >= t):.3f} of right first matches; "
              f"{np.mean(misses >= t):.3f} of no-match queries would still show a match")


if __name__ == "__main__":
    raise SystemExit(main())
