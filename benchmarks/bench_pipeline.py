"""Throughput of newsprobe's pipelines against spaCy's pipeline alone, in one process.

    .venv/bin/python benchmarks/bench_pipeline.py [--words 40000] [--rounds 3] [--full] [--without quotes_dense]

The same article set (the bundled examples, repeated to reach --words) goes through:
  * spaCy alone (``nlp.pipe``, the same model and batch size newsprobe uses),
  * newsprobe's core pipeline (parse, stories, sentences, entities),
  * with --full, the whole default pipeline, with the time share of each stage;
  * with --without NAME (and --full), the whole pipeline again with the boolean setting NAME
    off, to price one option (``--without quotes_dense``: the MiniLM attribution-cue model).
Rounds alternate the order and the best round of each counts (the machine is shared and
noisy); the printed ratios are what to compare, not the absolute words/s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprobe import Article, Pipeline, load_settings  # noqa: E402
from newsprobe.ingest import read_documents  # noqa: E402
from newsprobe.settings import DEFAULT_STAGES  # noqa: E402
from newsprobe.stages.parse import load_spacy  # noqa: E402
from machine import describe  # noqa: E402  (benchmarks/machine.py)

CORE = ("parse", "stories", "sentences", "entities")


def article_set(words: int) -> list[str]:
    paths = sorted(str(p) for p in (ROOT / "examples").glob("*.txt"))
    paths.append(str(ROOT / "examples" / "corpus.jsonl"))
    texts = [d.article.text for d in read_documents(paths) if d.ok and d.article is not None]
    english = [t for t in texts if " the " in t]
    out: list[str] = []
    n = 0
    while n < words:
        for t in english:
            out.append(t)
            n += len(t.split())
            if n >= words:
                break
    return out


def run_spacy(nlp, texts: list[str], batch_size: int) -> float:
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - t0


def run_pipeline(pipeline: Pipeline, texts: list[str]) -> float:
    t0 = time.perf_counter()
    for _ in pipeline.pipe(Article(t) for t in texts):
        pass
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=40_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--full", action="store_true", help="also time the whole default pipeline")
    ap.add_argument("--without", metavar="SETTING", help="with --full: also time it with this boolean setting off")
    ap.add_argument("--json", action="store_true", help="print the result as JSON too")
    args = ap.parse_args()
    print(describe())

    texts = article_set(args.words)
    n_words = sum(len(t.split()) for t in texts)
    settings = load_settings(stages=",".join(CORE), store="")
    nlp = load_spacy(settings.spacy_model)
    pipelines = {"core": Pipeline(list(CORE), settings)}
    if args.full:
        full = load_settings(stages=",".join(DEFAULT_STAGES), store=str(ROOT / "benchmarks" / ".no-store.duckdb"))
        pipelines["full"] = Pipeline(list(DEFAULT_STAGES), full)
        if args.without:
            pipelines[f"full, {args.without} off"] = Pipeline(list(DEFAULT_STAGES), full.with_(**{args.without: False}))
    # warm-up: load models, fill caches
    run_spacy(nlp, texts[:4], settings.batch_size)
    for p in pipelines.values():
        run_pipeline(p, texts[:4])
        p.timings = {k: 0.0 for k in p.timings}

    best: dict[str, float] = {}
    for r in range(args.rounds):
        order = ["spacy", *pipelines] if r % 2 == 0 else [*reversed(pipelines), "spacy"]
        for name in order:
            if name == "spacy":
                dt = run_spacy(nlp, texts, settings.batch_size)
            else:
                dt = run_pipeline(pipelines[name], texts)
            best[name] = min(best.get(name, float("inf")), dt)

    print(f"{len(texts)} articles, {n_words} words, best of {args.rounds} rounds, batch {settings.batch_size}")
    base = n_words / best["spacy"]
    print(f"  spaCy alone ({settings.spacy_model}): {base:9.0f} words/s   1.00x")
    result = {"articles": len(texts), "words": n_words, "spacy_wps": round(base)}
    for name in pipelines:
        wps = n_words / best[name]
        print(f"  newsprobe {name:<18}: {wps:9.0f} words/s   {wps / base:.2f}x spaCy")
        result[f"{name}_wps"] = round(wps)
        result[f"{name}_ratio"] = round(wps / base, 3)
    if args.full and args.without:
        ratio = best["full"] / best[f"full, {args.without} off"]
        print(f"  the full pipeline takes {ratio:.2f}x the time it takes with {args.without} off")
        result[f"full_over_{args.without}_off"] = round(ratio, 3)
    if "full" in pipelines:
        t = pipelines["full"].timings
        total = sum(t.values())
        print("  time share per stage (full pipeline, all rounds):")
        for stage_name, secs in t.items():
            print(f"    {stage_name:<11} {100 * secs / total:5.1f}%")
        parse = t.get("parse", 0.0)
        attribution = t.get("quotes", 0.0) + t.get("citations", 0.0)
        if parse:
            print(f"  attribution (quotes + citations) adds {100 * attribution / (total - attribution):.1f}% to the rest of the pipeline")
        result["stage_share"] = {k: round(v / total, 4) for k, v in t.items()}
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
