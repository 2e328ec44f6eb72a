"""Throughput of the MiniLM encoder: numpy against ONNX Runtime, in one process.

Takes the sentences of ``examples/*.txt`` (the project's own example articles) and, when more
are asked for, sentences generated from templates written for this benchmark; encodes the
same N sentences with each backend in interleaved rounds (so machine load hits all alike) and
prints sentences/s per round, the median, the speed ratio to numpy, the process CPU time per
sentence (all threads; steadier than wall time when other jobs share the machine), and how
close each backend's vectors are to numpy's (cosine min / mean). Usage:

    .venv/bin/python benchmarks/bench_minilm.py [--n 1000] [--rounds 3] [--threads 2] [--batch-size 64]
        [--variants numpy,onnx,onnx-std,onnx-int8]

Variants: ``numpy`` (the reference), ``onnx`` (the default ORT graph with contrib fused ops),
``onnx-std`` (standard ONNX ops only, ORT_ENABLE_ALL), ``onnx-int8`` (per-channel dynamic int8);
a suffix ``@n`` sets that variant's ORT threads (``onnx@1,onnx@2`` compares thread counts).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from pathlib import Path

import numpy as np

from newsprobe.ml import minilm
from newsprobe.ml.minilm_onnx import OrtForward, default_threads
from machine import describe  # noqa: E402  (benchmarks/machine.py)

ROOT = Path(__file__).resolve().parents[1]

SUBJECTS = ["The mayor", "A spokeswoman for the ministry", "Local residents", "The central bank", "Police",
            "The opposition leader", "Health officials", "The company's chief executive", "Teachers at the school",
            "Farmers in the region", "The court", "Investors"]
VERBS = ["said on Tuesday that", "warned that", "denied claims that", "told reporters that", "confirmed that",
         "argued in a statement that", "insisted that", "wrote in a letter that"]
CLAUSES = ["the budget would be cut by four percent next year", "the new bridge will open in the spring",
           "prices of bread and milk rose sharply over the winter", "nobody was injured in the fire",
           "the plan had been approved without a proper vote", "more than 2,000 jobs could be lost",
           "the river had burst its banks for the third time in a decade", "the deal was signed behind closed doors",
           "vaccination rates had fallen in several districts", "the report contained serious errors"]
TAILS = ["", ", according to documents seen by reporters", ", although critics remain unconvinced",
         " after months of negotiations", ", a claim the government disputes", " and promised a full investigation"]


def example_sentences() -> list[str]:
    """Sentences of the example articles (a simple split on end punctuation)."""
    out: list[str] = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [s.strip() for s in re.split(r"(?<=[.!?\u201d\"])\s+", text) if len(s.split()) >= 3]
    return out


def sentences(n: int, seed: int = 0) -> list[str]:
    """``n`` news-like sentences: the examples' first, then generated ones."""
    rng = random.Random(seed)
    out = example_sentences()[:n]
    while len(out) < n:
        out.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)}{rng.choice(TAILS)}.")
    rng.shuffle(out)
    return out


def make(name: str, threads: int | None) -> tuple[minilm.MiniLM, float]:
    """A model running variant ``name`` (``variant[@threads]``), and how long its ORT session took to build."""
    variant, _, at = name.partition("@")
    threads = int(at) if at else threads
    backend = "numpy" if variant == "numpy" else "onnx"
    model = minilm.MiniLM(minilm.model_dir(), backend=backend, quantize=variant == "onnx-int8", threads=threads)
    t = time.perf_counter()
    if variant == "onnx-std":
        model._ort[minilm.N_LAYERS] = OrtForward(model, fused=False, threads=threads)
    elif backend == "onnx":
        model.encode(["warm up"])  # builds the session
    return model, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="sentences per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--threads", type=int, default=None, help="ORT intra-op threads (default: usable cores, at most 4)")
    ap.add_argument("--variants", default="numpy,onnx", help="comma list of numpy, onnx, onnx-std, onnx-int8")
    args = ap.parse_args()
    print(describe())
    texts = sentences(args.n)
    names = [v.strip() for v in args.variants.split(",") if v.strip()]
    models = {}
    for v in names:
        models[v], build = make(v, args.threads)
        print(f"{v}: ready ({'session build %.2f s' % build if not v.startswith('numpy') else 'numpy'})")
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} sentences, {words / len(texts):.1f} words each on average; ORT threads {args.threads or default_threads()}; "
          f"batch size {args.batch_size}")
    rates: dict[str, list[float]] = {v: [] for v in names}
    cpu_ms: dict[str, list[float]] = {v: [] for v in names}
    vecs: dict[str, np.ndarray] = {}
    for r in range(args.rounds):
        for v in names:
            t, c = time.perf_counter(), time.process_time()
            vecs[v] = models[v].encode(texts, batch_size=args.batch_size)
            rates[v].append(len(texts) / (time.perf_counter() - t))
            cpu_ms[v].append(1000 * (time.process_time() - c) / len(texts))
        print(f"round {r + 1}: " + ", ".join(f"{v} {rates[v][-1]:.0f}/s" for v in names))
    base = names[0]
    for v in names:
        med = statistics.median(rates[v])
        cos = np.sum(vecs[v] * vecs[base], axis=1)
        print(f"{v:10s} median {med:7.1f} sentences/s  x{med / statistics.median(rates[base]):.2f} vs {base}  "
              f"CPU {statistics.median(cpu_ms[v]):.2f} ms/sentence  "
              f"cosine to {base}: min {cos.min():.5f} mean {cos.mean():.5f}")


if __name__ == "__main__":
    main()
