"""Cold start: the first newsprobe result in a fresh process, against spaCy's own cold start.

    .venv/bin/python benchmarks/bench_cold_start.py [--rounds 3] [--file examples/stitched_post.txt] [--profile]

Each measurement is a fresh ``python`` subprocess, timed from outside (interpreter start to exit):

  (a) spaCy: ``spacy.load(<spacy_model setting>)`` and parsing the article;
  (b) newsprobe: the text analysed (``newsprobe.analyze_text``, or ``analyze`` where that is the
      text face) with the default pipeline, once with a warm cache
      (the ONNX MiniLM graphs already built under ``cache_dir``) and once with a cold one (an
      empty ``cache_dir``: what the very first run after installing pays).

Rounds alternate the order; the median of each is printed with the ratios (b)/(a). The goal
is (b, warm) <= 3 x (a). The fact-check database is left absent (``factcheck_db`` pointed at a
missing file), so the factchecks stage is skipped; nothing is written outside a temporary folder.
With ``--profile`` it also prints the slowest imports (``-X importtime``) and the top functions
by cumulative time (cProfile) of one warm (b) run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from machine import describe  # noqa: E402  (benchmarks/machine.py)

SPACY = """
import sys, spacy
from newsprobe.settings import load_settings
text = open(sys.argv[1], encoding="utf-8").read()
doc = spacy.load(load_settings().spacy_model)(text)
print(len(doc))
"""
NEWSPROBE = """
import sys, newsprobe
analyze = getattr(newsprobe, "analyze_text", None) or newsprobe.analyze  # the text face, by either name
article = analyze(open(sys.argv[1], encoding="utf-8").read())
print(sum(len(article.layer(n)) for n in article.layers))
"""


def run(code: str, path: str, env: dict[str, str], extra: tuple[str, ...] = ()) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, *extra, "-c", code, path], capture_output=True, text=True, env=env, timeout=900)
    dt = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"subprocess failed:\n{out.stderr[-3000:]}")
    return dt, out.stdout + out.stderr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--file", default=str(ROOT / "examples" / "stitched_post.txt"))
    ap.add_argument("--baseline-src", help="also time (b) with another checkout's src/ (e.g. an older commit: "
                    "`git archive COMMIT src | tar -x -C /tmp/base`, then --baseline-src /tmp/base/src)")
    ap.add_argument("--profile", action="store_true", help="also print -X importtime and cProfile of a warm newsprobe run")
    args = ap.parse_args()
    text = Path(args.file).read_text(encoding="utf-8")
    print(describe())
    print(f"article: {args.file} ({len(text.split())} words)")
    with tempfile.TemporaryDirectory(prefix="newsprobe-cold-") as tmp:
        base = {k: v for k, v in os.environ.items() if not k.startswith("NEWSPROBE_")}
        base.update(PYTHONPATH=str(ROOT / "src"), NEWSPROBE_FACTCHECK_DB=str(Path(tmp) / "no-factchecks.duckdb"))
        warm_env = {**base, "NEWSPROBE_CACHE_DIR": str(Path(tmp) / "warm-cache")}
        run(NEWSPROBE, args.file, warm_env)  # fills the warm cache
        times: dict[str, list[float]] = {"spacy": [], "warm": [], "cold": []}
        if args.baseline_src:
            times["baseline"] = []
        for r in range(args.rounds):
            cold_env = {**base, "NEWSPROBE_CACHE_DIR": str(Path(tmp) / f"cold-cache-{r}")}
            order = [("spacy", SPACY, base), ("warm", NEWSPROBE, warm_env), ("cold", NEWSPROBE, cold_env)]
            if args.baseline_src:
                order.append(("baseline", NEWSPROBE, {**base, "PYTHONPATH": args.baseline_src}))
            for name, code, env in (order if r % 2 == 0 else order[::-1]):
                dt, _ = run(code, args.file, env)
                times[name].append(dt)
            print(f"round {r + 1}: " + "  ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()), flush=True)
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"(a) spaCy load + parse:              {med['spacy']:.2f} s (median of {args.rounds})")
        print(f"(b) newsprobe first result, warm:    {med['warm']:.2f} s = {med['warm'] / med['spacy']:.2f} x (a)")
        print(f"(b) newsprobe first result, cold:    {med['cold']:.2f} s = {med['cold'] / med['spacy']:.2f} x (a)")
        if args.baseline_src:
            print(f"(b) with {args.baseline_src}: {med['baseline']:.2f} s = {med['baseline'] / med['spacy']:.2f} x (a)")
        print(f"goal (b, warm) <= 3 x (a): {'met' if med['warm'] <= 3 * med['spacy'] else 'NOT met'}")
        if args.profile:
            _, err = run(NEWSPROBE, args.file, warm_env, ("-X", "importtime"))
            rows = []
            for line in err.splitlines():
                if line.startswith("import time:") and "|" in line:
                    parts = [p.strip() for p in line[len("import time:"):].split("|")]
                    if parts[1].isdigit():
                        rows.append((int(parts[1]), parts[2]))
            print("slowest imports (cumulative, ms):")
            for us, name in sorted(rows, reverse=True)[:25]:
                print(f"  {us / 1000:8.0f}  {name}")
            prof, script = Path(tmp) / "warm.prof", Path(tmp) / "first_result.py"
            script.write_text(NEWSPROBE, encoding="utf-8")
            out = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), str(script), args.file],
                                 capture_output=True, text=True, env=warm_env, timeout=900)
            if out.returncode != 0:
                raise SystemExit(f"profiling failed:\n{out.stderr[-3000:]}")
            import pstats

            print("top functions by cumulative time (warm run):")
            pstats.Stats(str(prof)).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
