"""Throughput of the techniques layer next to the spaCy parse it needs.

Builds N articles of about 600 words from sentences written for this benchmark, parses them
once (timed: the spaCy baseline), then times the techniques stage alone on the parsed
articles, with the MiniLM (dense) model and with the sparse fallback. Prints articles/s. Usage:

    .venv/bin/python benchmarks/bench_techniques.py [--n 100] [--words 600] [--compare MODEL_DIR]

``--compare`` also times the dense variant of another saved model (e.g. the previous
version, extracted with ``git show``) on the same articles, for a same-machine comparison.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from newsprobe.article import Article
from newsprobe.pipeline import Context, registered_stages
from newsprobe.settings import Settings

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
    args = ap.parse_args()
    settings = Settings(stages="parse,sentences,techniques")
    stages = registered_stages()
    parse = stages["parse"].factory(settings)
    sentences = stages["sentences"].factory(settings)
    techniques = stages["techniques"].factory(settings)  # loads the model (not timed)
    texts = make_articles(args.n, args.words)
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

    print(f"articles: {args.n} x ~{args.words} words")
    print(f"spaCy parse + sentences : {args.n / t_parse:8.1f} articles/s ({t_parse:.2f} s)")
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
              f"; {t_parse / t_tech:.2f}x the parse's speed; with the parse {args.n / (t_parse + t_tech):.1f} articles/s")


if __name__ == "__main__":
    main()
