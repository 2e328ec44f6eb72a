"""Throughput of the techniques layer next to the spaCy parse it needs.

Builds N articles of about 600 words from sentences written for this benchmark (or reads
real ones: ``--jsonl FILE`` with a ``text`` field per line, e.g. the PTC articles under
../shared/data), parses them once (timed: the spaCy baseline), then times the techniques stage
alone on the parsed articles, with the MiniLM (dense) model and with the sparse fallback.
Prints articles/s (and, for real articles, 600-word articles/s) and the machine it ran on:
the int8 encoder is several times faster on CPUs with VNNI instructions. Usage:

    .venv/bin/python benchmarks/bench_techniques.py [--n 100] [--words 600] [--jsonl FILE] [--compare MODEL_DIR]

``--compare`` also times the dense variant of another saved model (e.g. the previous
version, extracted with ``git show``) on the same articles, for a same-machine comparison.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from pathlib import Path

from newsprobe.article import Article
from newsprobe.pipeline import Context, registered_stages
from newsprobe.settings import Settings
from machine import describe  # noqa: E402  (benchmarks/machine.py)

SENTENCES = [
    "The council voted on Tuesday to raise the parking fees in the city centre.",
    "Critics called the decision a shameful betrayal of working families.",
    "The mayor said the money would pay for new buses and safer crossings.",
    "Nobody in their right mind believes these promises any more.",
    "Shop owners fear that customers will simply drive to the mall instead.",
    "A spokesman for the transport department declined to comment.",
    "This is the worst decision the city has made in a generation.",
    "Residents will have until March to respond to the consultation.",
    "The opposition leader described the plan as a cynical cash grab.",
    "Either the council listens to the people or it will be thrown out.",
    "Figures published last year showed bus use rising by four percent.",
    "\u201cWe are doing this for our children,\u201d the mayor told reporters.",
    "Some experts say the fees are too low to change anyone's habits.",
    "Hands off our streets, the protesters chanted outside the town hall.",
    "The same council wasted millions on a bridge that was never built.",
    "Local papers have covered the story for weeks.",
]


def make_articles(n: int, words: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts, count = [], 0
        while count < words:
            s = rng.choice(SENTENCES)
            parts.append(s)
            count += len(s.split())
        out.append("A headline about parking fees\n\n" + " ".join(parts))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--compare", type=Path, default=None, help="folder of another techniques model to time too")
    ap.add_argument("--jsonl", type=Path, default=None, help="JSON Lines (.gz too) of real articles with a text field: the first --n are timed")
    args = ap.parse_args()
    settings = Settings(stages="parse,sentences,techniques")
    stages = registered_stages()
    parse = stages["parse"].factory(settings)
    sentences = stages["sentences"].factory(settings)
    techniques = stages["techniques"].factory(settings)  # loads the model (not timed)
    if args.jsonl is not None:
        opener = gzip.open if args.jsonl.suffix == ".gz" else open
        with opener(args.jsonl, "rt", encoding="utf-8") as fh:
            texts = [t for t in (json.loads(line).get("text") or "" for line in fh) if t.strip()][: args.n]
        args.n = len(texts)
    else:
        texts = make_articles(args.n, args.words)
    words = sum(len(t.split()) for t in texts)
    per600 = words / 600.0
    items = [(a, Context(article=a, settings=settings)) for a in (Article(t) for t in texts)]
    warm = Article(texts[0])
    wctx = Context(article=warm, settings=settings)
    parse.pipe([(warm, wctx)])
    sentences(warm, wctx)
    techniques(warm, wctx)  # warm-up

    t0 = time.perf_counter()
    parse.pipe(items)
    for a, c in items:
        sentences(a, c)
    t_parse = time.perf_counter() - t0

    print(describe())
    print(f"articles: {args.n}, {words / args.n:.0f} words on average ({'real, ' + args.jsonl.name if args.jsonl else 'made up'})")
    print(f"spaCy parse + sentences : {args.n / t_parse:8.1f} articles/s ({t_parse:.2f} s); {per600 / t_parse:.1f} 600-word articles/s")
    variants = [(techniques.variant, techniques.dense, techniques.model)]
    if techniques.dense:
        variants.append(("sparse", False, techniques.model))
        if args.compare is not None:
            from newsprobe.ml.techniques_model import TechniquesModel

            variants.append((f"dense, {args.compare.name}", True, TechniquesModel.load(args.compare)))
    for name, dense, model in variants:
        techniques.dense = dense
        techniques.model = model
        techniques(warm, wctx)
        t0 = time.perf_counter()
        for a, c in items:
            techniques(a, c)
        t_tech = time.perf_counter() - t0
        n_spans = sum(len(a.layer("techniques")) for a, _ in items)
        print(f"techniques ({name:>15s}) : {args.n / t_tech:8.1f} articles/s ({t_tech:.2f} s, {n_spans} spans)"
              f"; {per600 / t_tech:.1f} 600-word articles/s; {t_parse / t_tech:.2f}x the parse's speed; "
              f"with the parse {args.n / (t_parse + t_tech):.1f} articles/s")


if __name__ == "__main__":
    main()
