"""The corpus driver's store writes alone: memory as the store grows, without Dask or analysis.

    .venv/bin/python benchmarks/bench_store_writes.py --source ANALYSED.duckdb [--n 10000]
        [--hold 0] [--memory 48MB] [--sql "SET max_vacuum_tasks = 0"]

Reads the analysed articles of an existing store (for example a 1,000-article full-pipeline
``newsprobe corpus run``), and writes them again into a fresh store through the driver's
``CorpusSink`` (``register``, then ``write_results``) in batches of 32, cycling through them
with new ids until ``--n`` are written, as the driver of a corpus run does. ``--hold 0`` closes
the store after every batch, as in a full-pipeline run (a batch arrives every few seconds,
longer than ``store_hold``); each close is a DuckDB checkpoint. ``--sql`` runs on each open
of the store (try DuckDB settings). Prints the RSS high-water mark (``ru_maxrss``) every 1,024
articles, which call set it, and the store's file size; the ratio of the high-water mark at
``--n`` to the one at a tenth of it is the driver's share of a 1k -> 10k memory comparison.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from typing import Any, Callable

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

from newsprobe import run as run_module  # noqa: E402
from newsprobe.corpus.sink import CorpusSink  # noqa: E402
from newsprobe.corpus.status import InputRow  # noqa: E402
from newsprobe.settings import Settings  # noqa: E402
from newsprobe.store import EncodedArticles, Store, encode_articles  # noqa: E402


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Watch:
    """The highest RSS seen (sampled every 5 ms) inside each wrapped call, by call name."""

    def __init__(self) -> None:
        self.high = 0.0
        self.by_call: dict[str, float] = {}
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while True:
            self.high = max(self.high, rss_mib())
            time.sleep(0.005)

    def wrap(self, owner: Any, name: str) -> None:
        fn: Callable[..., Any] = getattr(owner, name)

        def wrapped(*a: Any, **kw: Any) -> Any:
            self.high = rss_mib()
            try:
                return fn(*a, **kw)
            finally:
                self.by_call[name] = max(self.by_call.get(name, 0.0), self.high)

        setattr(owner, name, wrapped)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", required=True, help="a store of analysed articles to write again")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--hold", type=float, default=0.0, help="store_hold: seconds the store stays open (0: every batch)")
    ap.add_argument("--memory", default="48MB", help="store_write_memory")
    ap.add_argument("--sql", action="append", default=[], help="a statement run on each open of the store")
    args = ap.parse_args()

    with Store(args.source, read_only=True) as src:
        base = [encode_articles([(a, a.id)]) for a in src.iter_articles()]
    if not base:
        print(f"{args.source} holds no articles", file=sys.stderr)
        return 2
    watch = Watch()
    open_store: Callable[..., Any] = run_module.StoreSink._open

    def open_with_sql(self: Any) -> Any:
        db = open_store(self)
        for stmt in args.sql:
            db.con.execute(stmt)
        return db

    run_module.StoreSink._open = open_with_sql  # type: ignore[method-assign]
    for name in ("put_encoded", "close"):
        watch.wrap(Store, name)
    with tempfile.TemporaryDirectory(prefix="bench-store-writes-") as tmp:
        path = os.path.join(tmp, "store.duckdb")
        sink = CorpusSink(path, ["bench.jsonl"], args.n, hold=args.hold, memory=args.memory)
        sink.start("corpus run bench.jsonl", Settings())
        sink.release()
        print(f"{len(base)} source articles; rss {rss_mib():.0f} MiB before writing; hold {args.hold}, "
              f"memory {args.memory}, sql {args.sql or 'none'}")
        marks: dict[int, float] = {}
        t0 = time.perf_counter()
        done = 0
        while done < args.n:
            m = min(32, args.n - done)
            arts: list[dict[str, Any]] = []
            cols: dict[str, list[np.ndarray]] = {c: [] for c in base[0].spans}
            for i in range(done, done + m):
                one = base[i % len(base)]
                new_id = f"{one.articles[0]['id']}~{i // len(base)}"
                arts.append(dict(one.articles[0], id=new_id))
                for c, v in one.spans.items():
                    cols[c].append(np.array([new_id] * len(v), dtype=object) if c == "article_id" else v)
            rows = EncodedArticles(arts, {c: np.concatenate(v) for c, v in cols.items()})
            sink.register([InputRow(a["id"], "bench.jsonl", a["id"], done + j) for j, a in enumerate(arts)], [])
            sink.write_results(rows, [])
            done += m
            if done % 1024 < 32 or done >= args.n:
                marks[done] = maxrss_mib()
                print(f"  {done:>7,} written: rss {rss_mib():6.0f} MiB, high-water {marks[done]:6.0f} MiB, "
                      f"{time.perf_counter() - t0:6.1f} s", flush=True)
        sink.release()
        size = os.path.getsize(path) / 2**20
    tenth = min(marks, key=lambda k: abs(k - args.n / 10))
    calls = ", ".join(f"{k} {v:.0f}" for k, v in sorted(watch.by_call.items()))
    print(f"highest RSS inside: {calls} (MiB); store file {size:.1f} MiB")
    print(f"RATIO high-water at {args.n:,} vs {tenth:,} articles: {marks[done] / marks[tenth]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
