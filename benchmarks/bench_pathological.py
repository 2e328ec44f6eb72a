"""Time and peak memory of hostile inputs through the whole pipeline, in 4x steps.

    .venv/bin/python benchmarks/bench_pathological.py [--only unbroken,quotes,jsonl,wrapped] [--stages ...]

Families (each in a fresh process, sizes in increasing order, so the process's peak resident
memory after a case is that case's peak):

- ``unbroken``: text without any whitespace (letters, digits, punctuation), 100 KB, 400 KB, 1.6 MB;
- ``quotes``: 625, 2,500 and 10,000 quote marks (straight, curly, guillemets) each before a word,
  with "said Voss." every 12 marks: about 7 characters of text per mark;
- ``jsonl``: one JSON Lines record of 125 KB, 500 KB and 2 MB of prose (our own sentences),
  read with ``read_documents`` and analysed;
- ``wrapped``: an HTML page of 125 KB, 500 KB and 2 MB of the same prose in one paragraph
  that holds inline code, its source hard-wrapped every 70 characters or so (trafilatura keeps
  those line breaks; ``html_text`` joins them), read with ``read_documents`` and analysed.

Each case prints wall and CPU seconds (ingest + analysis; models are loaded before by a
warm-up article; on a shared machine the CPU seconds are the steadier number),
the peak memory, and the ratio to the previous size: the goal is at most 5x the time for each 4x
step (linear growth) and every case within 60 s on the development machine. Errors and notes
the pipeline recorded (a cut input, a stage over the time budget) are printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

FAMILIES = {
    "unbroken": [100_000, 400_000, 1_600_000],
    "quotes": [625, 2_500, 10_000],
    "jsonl": [125_000, 500_000, 2_000_000],
    "wrapped": [125_000, 500_000, 2_000_000],
}

# our own sentences (invented people and places), recombined at random
SENTENCES = [
    "The harbour authority in Port Elmsworth approved the new terminal on Tuesday.",
    "Mayor Clara Voss said the budget would not cover the repairs this year.",
    "Officials estimated that 4,200 households were without power after the storm.",
    "According to the regional water board, reservoir levels fell by 12 percent.",
    "Critics argued that the plan could raise fares for commuters.",
    "The transport minister, Idris Kale, told reporters the line would open in May.",
    "Residents of Lindqvist Street complained about the noise from the works.",
    "A spokesperson for the union said talks would resume next week.",
    "Prices for bread and milk rose for the third month in a row.",
    "It is unclear whether the council will vote on the proposal before the summer.",
]


def unbroken_text(n: int, rng: random.Random) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;-_/=+"
    return "".join(rng.choice(alphabet) for _ in range(n))


def quotes_text(marks: int, rng: random.Random) -> str:
    """Dense quote marks of every kind, mostly around one or two words, some unbalanced."""
    parts: list[str] = ["Quote storm\n\nThe mayor said "]
    forms = ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u00ab", "\u00bb"]
    words = [w.strip(".,") for s in SENTENCES for w in s.split()]
    for i in range(marks):
        parts.append(rng.choice(forms) + rng.choice(words) + (" said Voss. " if i % 12 == 11 else " "))
        if i % 400 == 399:
            parts.append("\n\n")
    return "".join(parts)


def prose(n: int, rng: random.Random) -> str:
    out: list[str] = []
    size = 0
    while size < n:
        s = rng.choice(SENTENCES) + (" " if rng.random() < 0.85 else "\n\n")
        out.append(s)
        size += len(s)
    return "".join(out)[:n]


def wrapped_html(n: int, rng: random.Random) -> str:
    """One paragraph of prose with inline code, its source lines hard-wrapped."""
    words = prose(n, rng).replace("\n\n", " ").split()
    lines, line = [], ["Every", "<code>terminal</code>", "note:"]
    for w in words:
        line.append(w)
        if sum(len(x) + 1 for x in line) > 70:
            lines.append(" ".join(line))
            line = []
    lines.append(" ".join(line))
    body = "\n".join(lines)
    return f"<html><head><title>One wrapped page</title></head><body><article><p>{body}</p></article></body></html>"


def run_family(family: str, stages: str | None) -> list[dict]:
    from newsprobe import Article, Pipeline, load_settings
    from newsprobe.ingest import read_documents

    settings = load_settings(store="", **({"stages": stages} if stages else {}))
    pipeline = Pipeline(settings.stage_names, settings)
    pipeline(Article("Warm-up\n\nThe mayor said on Monday that the bridge would open in May."))
    rng = random.Random(7)
    rows: list[dict] = []
    for size in FAMILIES[family]:
        before = dict(pipeline.timings)
        t0 = time.perf_counter()
        if family in ("jsonl", "wrapped"):
            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "one.jsonl" if family == "jsonl" else "one.html")
                with open(path, "w", encoding="utf-8") as f:
                    if family == "jsonl":
                        f.write(json.dumps({"id": "big", "title": "One long record", "text": prose(size, rng)}) + "\n")
                    else:
                        f.write(wrapped_html(size, rng))
                t0, c0 = time.perf_counter(), time.process_time()
                docs = list(read_documents([path], settings=settings))
                article = pipeline(docs[0].article) if docs[0].ok else None
        else:
            text = unbroken_text(size, rng) if family == "unbroken" else quotes_text(size, rng)
            t0, c0 = time.perf_counter(), time.process_time()
            article = pipeline(Article(text))
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        stage_s = {k: round(v - before.get(k, 0.0), 2) for k, v in pipeline.timings.items()}
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        rows.append({
            "family": family,
            "size": size,
            "chars": len(article.text) if article else 0,
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "slowest_stages": dict(sorted(stage_s.items(), key=lambda kv: -kv[1])[:3]),
            "peak_mb": peak_mb,
            "spans": {k: len(v) for k, v in article.layers.items()} if article else {},
            "errors": article.provenance.get("errors", []) if article else [],
            "notes": article.provenance.get("notes", []) if article else [],
        })
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default=",".join(FAMILIES), help="comma-separated families")
    ap.add_argument("--stages", default=None, help="comma-separated stages (default: the whole default pipeline)")
    ap.add_argument("--family", help=argparse.SUPPRESS)  # internal: run one family in this process
    args = ap.parse_args()
    if args.family:
        run_family(args.family, args.stages)
        return
    from machine import describe

    print(describe())
    for family in args.only.split(","):
        cmd = [sys.executable, __file__, "--family", family] + (["--stages", args.stages] if args.stages else [])
        out = subprocess.run(cmd, capture_output=True, text=True)
        rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
        if out.returncode != 0:
            print(f"{family}: the run failed (exit {out.returncode}):\n{out.stderr[-2000:]}")
        prev = None
        for r in rows:
            ratio = f"{r['cpu_seconds'] / prev:5.1f}x CPU for 4x input" if prev else " " * 25
            slow = ", ".join(f"{k} {v:.1f}" for k, v in r["slowest_stages"].items())
            print(f"{family:9} {r['size']:>10,}  {r['seconds']:7.2f} s wall  {r['cpu_seconds']:7.2f} s CPU  {ratio}  "
                  f"peak {r['peak_mb']:,} MB  spans {sum(r['spans'].values())}  (wall s: {slow})")
            for e in r["errors"]:
                print(f"          error ({e['stage']}): {e['error'][:160]}")
            for n in r["notes"]:
                print(f"          note ({n['stage']}): {n['note'][:160]}")
            prev = max(r["cpu_seconds"], 0.01)


if __name__ == "__main__":
    main()
