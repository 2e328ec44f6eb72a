"""Quote and claim clusters at corpus scale: time and peak memory of grouping, on hand-made spans.

    .venv/bin/python benchmarks/bench_corpus_drift.py [--articles 20000] [--quotes 4] [--no-claims]

Builds a store of ``--articles`` invented articles (random sentences over a 2,000-word
vocabulary, so wordings are unrelated unless copied), each with ``--quotes`` direct quote spans
and as many claim spans; one in ten quotations and claims is a copy of an earlier one (half of
the copies with a word changed). Then times ``quote_clusters`` and ``claim_clusters`` (the claims
without the encoder, ``claim_paraphrase`` off, and then with it when ``--paraphrase`` is given)
and prints wall and CPU time (the machine may be shared: CPU time is the steadier number) and
the Python heap peak (tracemalloc, a second run) of each, with the number of clusters against the
number of copies planted. No pipeline runs: the spans are written directly.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
import tracemalloc
from typing import Any

from newsprobe.article import Article, Span
from newsprobe.store import Store


def _sentence(rng: random.Random, vocab: list[str], n: int) -> str:
    words = [rng.choice(vocab) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def build(path: str, articles: int, per: int, seed: int = 5) -> int:
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("aeioubcdfghklmnprstvz") for _ in range(rng.randint(3, 9))) for _ in range(2000)]
    pool: list[str] = []
    planted = 0
    with Store(path) as store:
        batch = []
        for a in range(articles):
            parts, spans = [], []
            pos = 0
            for k in range(per):
                if pool and rng.random() < 0.1:
                    q = rng.choice(pool)
                    planted += 1
                    if rng.random() < 0.5:
                        w = q.split()
                        w[rng.randrange(len(w))] = rng.choice(vocab)
                        q = " ".join(w)
                else:
                    q = _sentence(rng, vocab, rng.randint(8, 25))
                    pool.append(q)
                chunk = f"\"{q}\" said Person{rng.randrange(500)} Name. "
                spans.append(Span(pos + 1, pos + 1 + len(q), "direct", 0.95, f"q{k}",
                                  {"speaker": f"Person{rng.randrange(500)} Name", "speaker_kind": "person",
                                   "speaker_uncertain": False, "confidence": 0.95}))
                parts.append(chunk)
                pos += len(chunk)
            text = "".join(parts)
            claims = [Span(s.start, s.end, "claim", 0.9, f"c{k}", {"kind": "event"}) for k, s in enumerate(spans)]
            meta = {"outlet": f"Outlet {a % 40}", "published": f"2024-05-{1 + a % 28:02d}", "url": f"https://x{a}.example/"}
            batch.append((Article(text, id=f"a{a:07d}", meta=meta, layers={"quotes": spans, "claims": claims}), None))
            if len(batch) == 500:
                store.put_articles(batch)
                batch = []
        if batch:
            store.put_articles(batch)
    return planted


def measure(label: str, fn: Any) -> Any:
    """Wall and CPU seconds of one run, then the Python heap peak of a second run (tracemalloc
    slows Python down, so it is not on during the timed run)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    dt, ct = time.perf_counter() - t0, time.process_time() - c0
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label}: {dt:.1f} s wall, {ct:.1f} s CPU, heap peak {peak / 1e6:.0f} MB, {len(out)} clusters")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--quotes", type=int, default=4)
    ap.add_argument("--paraphrase", action="store_true")
    args = ap.parse_args()
    from newsprobe.corpus.claims import claim_clusters
    from newsprobe.corpus.quotes import quote_clusters
    from newsprobe.settings import load_settings

    path = os.path.join(tempfile.mkdtemp(), "bench.duckdb")
    t0 = time.perf_counter()
    planted = build(path, args.articles, args.quotes)
    n = args.articles * args.quotes
    print(f"store: {args.articles} articles, {n} quotes and {n} claims, {planted} planted copies "
          f"({time.perf_counter() - t0:.0f} s to build)")
    with Store(path, read_only=True) as store:
        measure("quote_clusters", lambda: quote_clusters(store, load_settings()))
        measure("claim_clusters (near-identical only)", lambda: claim_clusters(store, load_settings(claim_paraphrase=False)))
        if args.paraphrase:
            measure("claim_clusters (with paraphrases)", lambda: claim_clusters(store, load_settings()))


if __name__ == "__main__":
    main()
