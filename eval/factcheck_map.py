"""MAP@5 of fact-check retrieval on the CLEF 2020 CheckThat! Task 2 tweets (Snopes claims).

Usage (from the repository root; the fact-check database needs the Snopes claims imported first)::

    newsprobe factchecks import-snopes --db /tmp/clef-factchecks.duckdb
    python eval/factcheck_map.py --db /tmp/clef-factchecks.duckdb --split dev
    python eval/factcheck_map.py --db /tmp/clef-factchecks.duckdb --split train --tune --fit   # choose on train

Each tweet is a query against every claim of the database's ``snopes-clef2020`` collection;
MAP@5 follows the task's definition (average precision over the top 5, divided by the
number of relevant claims, at most 5). Also reported: MAP@5 of BM25 alone and of MiniLM
cosine alone, the combined mix, the re-ranked order (``fc.RERANK_WEIGHTS``), P@1 and
recall@50 of each candidate list. The held-back test tweets are not in ../shared/data.

Queries and claims are encoded by the shipped fact-check encoder (``newsprobe.ml.factcheck_model``:
MiniLM with top layers fine-tuned on the 800 train tweets by ``newsprobe train factchecks``);
its cosine weight, re-ranker weights and threshold (``reranker.json``) were fitted on the
train tweets only (out-of-fold), so dev is a held-out measurement. Claims the database holds
with another encoder's embedding are re-encoded in memory (re-import to store them).
With a cross-encoder in ``models/factchecks/`` (``newsprobe train factchecks --cross``) it also
prints the order with it, and the latency with and without it (per query; per 10-claim article).
The Snopes collection holds 181 records that are another one's twin (mostly differing only in
quote marks); a result list
shows such twins once (``factchecks.twin_groups``), so MAP is computed on what a user sees.
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


from newsprobe.train.factchecks_data import average_precision  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True, help="fact-check database with the Snopes claims imported (`newsprobe factchecks import-snopes --db FILE`)")
    ap.add_argument("--split", default="dev", choices=["train", "dev", "all"])
    ap.add_argument("--tune", action="store_true", help="grid over the cosine weight and report each")
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--fit", action="store_true", help="fit the re-ranker's weights on these tweets and print them (use --split train)")
    ap.add_argument("--query-vectors", help="a .npy of the tweets' MiniLM vectors (all splits, file order) to skip encoding")
    args = ap.parse_args()

    tweets = [json.loads(line) for line in gzip.open(args.data, "rt", encoding="utf-8")]
    if args.split != "all":
        tweets = [t for t in tweets if t["split"] == args.split]
    index = fc.load_index(args.db)
    print(f"encoder {encoder_id()}; {index.stale} of {len(index)} claims lack its embedding in the database"
          + (" (encoding them in memory now)" if index.stale else ""), file=sys.stderr)
    keep = [i for i, c in enumerate(index.collection) if c == COLLECTION]
    if len(keep) != len(index):
        print(f"note: the database has {len(index) - len(keep)} records outside {COLLECTION}; they compete too", file=sys.stderr)
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
        from newsprobe.factchecks import search as fc_search

        fc_search.active_weights = lambda: (weights, w_cos, threshold)  # type: ignore[assignment]
        fc.active_weights = fc_search.active_weights  # type: ignore[attr-defined]

    from newsprobe.ml import factcheck_cross

    cross_cfg = factcheck_cross.load_config()
    twins = sum(1 for i, r in enumerate(index.rep) if r != i)
    pos_of = {rid: i for i, rid in enumerate(index.ids)}
    with_twin = {j for members in index.twins.values() for j in members}  # every record of a group of two or more
    in_pairs = [pos_of[g] for gs in gold for g in gs if pos_of.get(g) in with_twin]
    print(f"{twins} records are another record's twin (same claim up to quote marks), shown once; "
          f"{sum(1 for i in in_pairs if index.rep[i] == i)} of the {len(in_pairs)} gold claims of these tweets that have "
          f"a twin are the record shown", file=sys.stderr)

    def run(w: float, rerank: bool = False, cross_depth: int | None = 0):
        res = index.search_many(queries, top=5, w_cos=w, query_vectors=qv, rerank=rerank, cross_depth=cross_depth)
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
        # where the first right claim lands in the re-ranked order: what a better re-ranker could gain
        deep = index.search_many(queries, top=50, w_cos=w_cos, query_vectors=qv, rerank=True, cross_depth=0)
        first = [next((k for k, m_ in enumerate(r) if m_.id in g), 50) for r, g in zip(deep, gold)]
        print("right claim within the re-ranked top " + "  ".join(f"{k}: {np.mean([f < k for f in first]):.3f}" for k in (1, 2, 3, 5, 10, 20, 50)))
        if cross_cfg is not None:
            m, p1 = run(w_cos, rerank=True, cross_depth=None)
            print(f"MAP@5 {m:.4f}  P@1 {p1:.4f}  re-ranked + cross-encoder (weight {cross_cfg.weight}, depth {cross_cfg.depth}; shipped order)")
    calibrate(index, queries, gold, qv, w_cos, threshold)
    if cross_cfg is not None and cross_cfg.match_threshold is not None:
        calibrate_cross(index, queries, gold, qv, cross_cfg.match_threshold)
    depths = [0] + ([None] if cross_cfg is not None else [])
    for depth in depths:
        name = "without the cross-encoder" if depth == 0 else f"with the cross-encoder (depth {cross_cfg.depth})"  # type: ignore[union-attr]
        n = min(50, len(queries))
        t0 = time.perf_counter()
        for q in queries[:n]:
            index.search_many([q], 5, cross_depth=depth)
        per_query = (time.perf_counter() - t0) / n * 1000
        t0 = time.perf_counter()
        for s in range(0, 50, 10):  # an article with 10 claims: the factchecks stage's one call
            index.search_many(queries[s : s + 10], 3, cross_depth=depth)
        per_article = (time.perf_counter() - t0) / 5 * 1000
        print(f"latency {name}: {per_query:.0f} ms per query one at a time (encode + retrieve + re-rank); "
              f"{per_article:.0f} ms per batch of 10 claims (one article)")
    return 0


def calibrate_cross(index: fc.FactCheckIndex, queries: list[str], gold: list[set[str]], qv: np.ndarray, threshold: float) -> None:
    """The cross-encoder threshold (``cross.json``): its probability for the first match when that is
    right, against its probability for the first wrong match of the shipped order (what a query whose
    claim was never checked would show first; approximate: with the gold claims really removed, the
    re-ranked window would hold one more candidate)."""
    res = index.search_many(queries, top=6, query_vectors=qv)
    hits = [r[0].cross for r, g in zip(res, gold) if r and r[0].id in g and r[0].cross is not None]
    misses = []
    for r, g in zip(res, gold):
        wrong = [m for m in r if m.id not in g]
        if wrong and wrong[0].cross is not None:
            misses.append(wrong[0].cross)
    h, m = np.array(hits), np.array(misses)
    print(f"cross-encoder threshold check: {len(h)} queries with the right claim first; {len(m)} first wrong matches")
    for t in sorted({0.3, 0.5, 0.7, 0.9, threshold}):
        print(f"  cross probability >= {t:.2f}: keeps {np.mean(h >= t):.3f} of right first matches; "
              f"{np.mean(m >= t):.3f} of no-match queries would still show a match")


def fit_reranker(index: fc.FactCheckIndex, queries: list[str], gold: list[set[str]], qv: np.ndarray) -> np.ndarray:
    """Pairwise re-ranker weights over ``fc.rerank_features`` of each query's candidates
    (the trainer's ``pairwise_weights``, here for the encoder and database at hand)."""
    from newsprobe.train.factchecks import pairwise_weights

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

    Removing a tweet's gold claims (and their twins: the same fact-check stored again) from the
    candidates simulates a query whose claim was never checked; the best remaining score is what
    a false "match" would score.
    """
    pos_index = {rid: i for i, rid in enumerate(index.ids)}
    members: dict[int, list[int]] = {}
    for i, r in enumerate(index.rep):
        members.setdefault(r, []).append(i)
    hit_scores, miss_scores = [], []
    for qi, q in enumerate(queries):
        bm = index.bm25.scores(fc.clean_query(q))
        cos = qv[qi] @ index.emb.T
        gidx = [j for g in gold[qi] if g in pos_index for j in members[index.rep[pos_index[g]]]]
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
