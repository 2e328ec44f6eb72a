"""What the claims stage's "no verb" rule (stage version 3) removes, on labelled sentences and on
real pages.

    .venv/bin/python eval/claims_no_verb.py                          # CheckThat! / CLEF sets only
    .venv/bin/python eval/claims_no_verb.py --pages /work/real-pages  # also the English real pages

The rule (``newsprobe.stages.claims._has_predicate``) drops a sentence with no finite verb and
no other verb form that is the parse's root or has its own subject. Part 1 parses every
sentence of the check-worthiness sets (CheckThat! 2024 dev and dev_test, CLEF 2019 debates test,
CLEF 2020 COVID tweets; each sentence parsed alone, as in training) and counts, by gold label,
the sentences of at least four words the rule drops: the check-worthy ones are claims it
would cost. Part 2 runs the pipeline (to the claims stage) over every English page twice, with
and without the rule, and prints the claims it removed (page id, score and the first words).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
CLAIM_STAGES = "parse,furniture,stories,sentences,entities,quotes,citations,hedges,claims"
SETS = ("ct24_dev", "ct24_dev_test", "xdom_debates2019_test", "xdom_tweets_covid2020")


def dropped_by_label(examples: Sequence[Any], nlp: Any) -> Counter[int]:
    """How many sentences of at least four words the rule drops, by gold label (1 = check-worthy);
    ``examples`` have ``text`` and ``label``."""
    from newsprobe.stages.claims import _has_predicate

    dropped: Counter[int] = Counter()
    for ex, doc in zip(examples, nlp.pipe([e.text for e in examples], batch_size=256)):
        if len([t for t in doc if not t.is_punct]) >= 4 and not _has_predicate(list(doc)):
            dropped[ex.label] += 1
    return dropped


def labelled_sets(data_dir: Path) -> None:
    from newsprobe.settings import load_settings
    from newsprobe.stages.parse import load_spacy
    from newsprobe.train.claims import load_sets

    nlp = load_spacy(load_settings(store="").spacy_model)
    sets, _ = load_sets(data_dir)
    print("sentences the rule drops (at least 4 words), by gold label:")
    for name in SETS:
        examples = sets[name]
        dropped = dropped_by_label(examples, nlp)
        positives = sum(e.label for e in examples)
        print(f"  {name:24s} {len(examples):5d} sentences: check-worthy {dropped[1]} of {positives}, "
              f"not check-worthy {dropped[0]} of {len(examples) - positives}")


def _claims(pages_dir: str, pages: list[str]) -> dict[tuple[str, int], tuple[float, str]]:
    from real_pages_quotes import analyse, is_english

    out: dict[tuple[str, int], tuple[float, str]] = {}
    for page, article in analyse(pages_dir, pages, CLAIM_STAGES):
        if isinstance(article, str) or not is_english(article):
            continue
        for s in article.layer("claims"):
            out[(page, s.start)] = (float(s.score or 0.0), article.text[s.start : s.end])
    return out


def real_pages(pages_dir: str) -> None:
    from real_pages_quotes import all_pages

    import newsprobe.stages.claims as claims

    pages = all_pages(pages_dir)
    with_rule = _claims(pages_dir, pages)
    keep = claims._has_predicate
    claims._has_predicate = lambda tokens: True  # type: ignore[assignment]
    try:
        without = _claims(pages_dir, pages)
    finally:
        claims._has_predicate = keep
    removed = sorted(set(without) - set(with_rule))
    print(f"English real pages: {len(without)} claims without the rule, {len(with_rule)} with it; removed {len(removed)}:")
    for key in removed:
        score, text = without[key]
        print(f"  {key[0]} @{key[1]} {score:.2f} {' '.join(text.split())[:90]!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--pages", help="the unpacked real pages (eval/ and cache/ folders); omit to skip part 2")
    args = ap.parse_args(argv)
    labelled_sets(args.data_dir)
    if args.pages:
        real_pages(args.pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
