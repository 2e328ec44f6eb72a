"""Time the quotes stage on quote-mark floods (invented text), to check that it stays linear.

    .venv/bin/python eval/quotes_flood.py                 # 1,000 and 10,000 marks
    .venv/bin/python eval/quotes_flood.py --marks 1000,4000 --layout paragraphs

Runs parse, stories, sentences and entities once per text (not timed), then times the mark
pairing and the quotes stage alone, and prints the ratio between the largest and smallest
flood (about 10 for 10 times the marks means linear).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def flood(marks: int, layout: str) -> str:
    if layout == "sentence":  # one huge "sentence": '"word0" he said "word1" he said ...'
        return " ".join(f'"word{i}" he said' for i in range(marks // 2))
    if layout == "unbalanced":
        return "He said " + " ".join('"x' for _ in range(marks))
    return "\n\n".join(f'"We will act now," said Ana Ruiz. "It is {i}."' for i in range(marks // 4))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--marks", default="1000,10000", help="comma-separated numbers of quote marks")
    ap.add_argument("--layout", default="sentence", choices=("sentence", "paragraphs", "unbalanced"))
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from newsprobe.api import load_pipeline
    from newsprobe.article import Article
    from newsprobe.pipeline import Context
    from newsprobe.settings import load_settings
    from newsprobe.stages.quote_marks import find_quotes
    from newsprobe.stages.quotes import QuoteFinder
    from newsprobe.textnorm import normalize_for_matching

    pipeline = load_pipeline(load_settings(stages="parse,stories,sentences,entities"))
    seconds = {}
    for n in (int(x) for x in args.marks.split(",")):
        text = flood(n, args.layout)
        t = time.perf_counter()
        find_quotes(text, normalize_for_matching(text))
        pairing = time.perf_counter() - t
        article = Article(text)
        ctx = Context(article=article, settings=pipeline.settings)
        for fn in pipeline._fns:
            pipe = getattr(fn, "pipe", None)
            pipe([(article, ctx)]) if pipe is not None else fn(article, ctx)
        t = time.perf_counter()
        spans = QuoteFinder(ctx.article, ctx).run()
        seconds[n] = time.perf_counter() - t
        print(f"{args.layout}, {n} marks: pairing {pairing:.3f}s, quotes stage {seconds[n]:.3f}s, {len(spans)} spans", flush=True)
    if len(seconds) > 1:
        lo, hi = min(seconds), max(seconds)
        print(f"{hi / lo:.0f}x the marks took {seconds[hi] / max(seconds[lo], 1e-9):.1f}x the time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
