"""Time and peak memory of one very long article through the pipeline.

    .venv/bin/python benchmarks/bench_long_text.py [--sentences 12000] [--stages parse,sentences] [--seed 0]

The article is made of sentences drawn at random (seeded) from ``examples/politics_water_bill.txt``
(our own writing), joined into one text of about ``--sentences`` sentences: a stress test for
the parse's memory (spaCy is fed a bounded number of characters per batch) and for the
techniques layer's windows. Prints the text size, seconds, the process's peak resident memory,
each layer's span count and the stages' notes. Run it in a fresh process for each stage list:
peak memory is per process.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprobe import Article, Pipeline, load_settings  # noqa: E402
from machine import describe  # noqa: E402  (benchmarks/machine.py)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sentences", type=int, default=12_000)
    ap.add_argument("--stages", default=None, help="comma-separated stages (default: the whole default pipeline)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    print(describe())
    pool = (ROOT / "examples" / "politics_water_bill.txt").read_text(encoding="utf-8").split(". ")
    rng = random.Random(args.seed)
    text = "Long report\n\n" + ". ".join(rng.choice(pool) for _ in range(args.sentences))
    settings = load_settings(store="", **({"stages": args.stages} if args.stages else {}))
    pipeline = Pipeline(settings.stage_names, settings)
    t0 = time.perf_counter()
    article = pipeline(Article(text))
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"text: {len(text):,} characters, {len(text.split()):,} words; stages {','.join(settings.stage_names)}")
    print(f"{seconds:.1f} s, peak memory {peak:,} MB")
    print("spans: " + ", ".join(f"{name} {len(article.layer(name))}" for name in article.layers))
    for note in article.provenance.get("notes", []):
        print(f"note ({note['stage']}): {note['note']}")
    for err in article.provenance.get("errors", []):
        print(f"error ({err['stage']}): {err['error']}")


if __name__ == "__main__":
    main()
