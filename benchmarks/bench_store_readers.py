"""Readers of a store while another process writes it: what a reader waits, what a batch costs.

A writer process writes batches the way ``newsprobe.run.StoreSink`` does (open the store,
write the batch's articles, close it), pausing ``--analysis`` seconds between batches (the time
the pipeline spends on the next batch). Meanwhile this process opens the store read-only
``--reads`` times at random moments (``Store(path, read_only=True)``, count the articles,
close) and prints how long each read took and how many had to wait for the writer. It also
prints the cost of opening and closing the store (read-only and for writing) with no one
else around, and of writing one batch. Usage:

    .venv/bin/python benchmarks/bench_store_readers.py [--batch 32] [--spans 150] [--analysis 1.0] [--reads 40]

The articles are synthetic (a paragraph we wrote, repeated; ``--spans`` spans each), so the
batch write cost is that of real-sized rows, not of real analyses.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe  # noqa: E402

from newsprobe import Article, Span  # noqa: E402
from newsprobe.run import StoreSink  # noqa: E402
from newsprobe.settings import load_settings  # noqa: E402
from newsprobe.store import Store  # noqa: E402

PARAGRAPH = ("The council voted on Tuesday to reopen the library, the mayor said, "
             "after residents asked for longer hours. ")


def make_articles(n: int, spans: int, seed: int) -> list[Article]:
    out = []
    for i in range(n):
        text = f"Report {seed}-{i}\n\n" + PARAGRAPH * 30
        layer = [Span(j * 10, j * 10 + 8, "entity", id=f"e{j}", attrs={"canonical": f"Name {j}"}) for j in range(spans)]
        out.append(Article(text).with_layer("entities", layer))
    return out


WRITER = r"""
import sys, time
sys.path.insert(0, sys.argv[6])
sys.path.insert(0, sys.argv[7])
from bench_store_readers import make_articles
from newsprobe.run import StoreSink
from newsprobe.settings import load_settings
path, batches, size, spans, pause = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
sink = StoreSink(path, wait=60)
sink.start("bench", load_settings())
print("started", flush=True)
held = 0.0
for b in range(batches):
    arts = make_articles(size, spans, 1000 + b)
    time.sleep(pause)  # the analysis of this batch
    t0 = time.perf_counter()
    sink.write_batch([(a, "bench") for a in arts], [])
    held += time.perf_counter() - t0
print(f"writer: {batches} batches, {held / batches:.3f} s per batch write (open + write + close)", flush=True)
"""


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batch", type=int, default=32, help="articles per batch (the batch_size setting)")
    ap.add_argument("--spans", type=int, default=150, help="spans per article")
    ap.add_argument("--analysis", type=float, default=1.0, help="seconds of analysis between batch writes")
    ap.add_argument("--reads", type=int, default=40, help="read-only opens during the writer's run")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    print(describe())
    random.seed(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.duckdb")
        sink = StoreSink(path)
        sink.start("bench", load_settings())
        arts = make_articles(args.batch, args.spans, 0)
        write = timed(lambda: sink.write_batch([(a, "bench") for a in arts], []), 3)
        ro = timed(lambda: Store(path, read_only=True).close(), 10)
        rw = timed(lambda: Store(path).close(), 10)
        print(f"open+close, nobody else: read-only median {statistics.median(ro) * 1000:.0f} ms, "
              f"for writing median {statistics.median(rw) * 1000:.0f} ms")
        print(f"one batch of {args.batch} articles x {args.spans} spans (open, write, close): "
              f"median {statistics.median(write) * 1000:.0f} ms")

        batches = max(3, int(args.reads * 0.25 / max(args.analysis, 0.05)) + 3)
        here = str(Path(__file__).resolve().parent)
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, path, str(batches), str(args.batch), str(args.spans), str(args.analysis),
             str(Path(here).parent / "src"), here],
            stdout=subprocess.PIPE, text=True,
        )
        assert proc.stdout is not None
        proc.stdout.readline()
        reads: list[tuple[float, bool, int]] = []
        while proc.poll() is None and len(reads) < args.reads:
            time.sleep(random.uniform(0, 0.25))
            waited: list[str] = []
            t0 = time.perf_counter()
            with Store(path, read_only=True, wait=120, on_wait=waited.append) as db:
                n = db.count("articles")
            reads.append((time.perf_counter() - t0, bool(waited), n))
        print(proc.stdout.read().strip())
        proc.wait()
        times = sorted(r[0] for r in reads)
        n_wait = sum(1 for r in reads if r[1])
        waits = sorted(r[0] for r in reads if r[1])
        print(f"{len(reads)} reads during {batches} writer batches ({args.analysis:g} s analysis each): "
              f"{n_wait} waited for the writer; read time median {statistics.median(times) * 1000:.0f} ms, "
              f"max {times[-1] * 1000:.0f} ms" + (f"; those that waited: median {statistics.median(waits) * 1000:.0f} ms, "
                                                  f"max {waits[-1] * 1000:.0f} ms" if waits else ""))
        counts = [r[2] for r in reads]
        whole = all(c % args.batch == 0 for c in counts)
        print(f"every read saw whole batches: {whole} (counts {counts[0]}..{counts[-1]})")


if __name__ == "__main__":
    main()
