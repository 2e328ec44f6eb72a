"""How far PolNeAR's annotators agree with each other, scored as eval/polnear.py scores us.

    .venv/bin/python eval/polnear_agreement.py          # every multiply-annotated article but train[:100]'s
    .venv/bin/python eval/polnear_agreement.py --ours --cache /tmp/pc-agree   # and newsprobe on the same articles
    .venv/bin/python eval/polnear_agreement.py --json agreement.json

A few PolNeAR articles were annotated by five or six people. For every ordered pair of their
annotators (A, B), B's attributions are scored as if they were our predictions against A's as
the gold, with the same one-to-one matching, labels and source rule as eval/polnear.py
(``score``): B's source span stands where our speaker mention would. The result is a ceiling
to read our numbers against: where two careful people agree on 0.77 of attributions with
their sources, a tool's 0.69 is not "31% wrong". With ``--ours`` newsprobe's quotes layer
is scored against every annotator of the same articles, so the two tables compare like with like.

train[:100] is the project's untouched evaluation slice: its multiply-annotated articles are
left out unless ``--with-untouched`` is given (the numbers only, never the text).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import sys
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("polnear_eval", _HERE / "polnear.py")
pn = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules.setdefault("polnear_eval", pn)  # its dataclasses look their module up
_spec.loader.exec_module(pn)  # type: ignore[union-attr]

#: Splits read, in this order (PolNeAR's test split stays for a final evaluation).
SPLITS = ("annotator-training", "dev", "train")
#: train[:UNTOUCHED] is the project's untouched evaluation slice.
UNTOUCHED = 100


def attributions_of(record: dict[str, Any], annotator: str) -> list[Any]:
    """One annotator's attributions of ``record`` as eval/polnear.py's ``Attribution``s, the
    source text standing as the speaker (None where the attribution has no source)."""
    out = pn.gold_attributions(record, annotator)
    for a in out:
        a.speaker, a.confidence = a.source_text or None, 1.0
    return out


def multiply_annotated(records_by_split: dict[str, list[dict[str, Any]]], with_untouched: bool = False) -> list[tuple[str, int, dict[str, Any]]]:
    """(split, index, record) of every article with two or more annotators."""
    out = []
    for split in SPLITS:
        for i, record in enumerate(records_by_split.get(split, [])):
            if len(record.get("annotations") or {}) < 2:
                continue
            if split == "train" and i < UNTOUCHED and not with_untouched:
                continue
            out.append((split, i, record))
    return out


def pairs(articles: list[tuple[str, int, dict[str, Any]]]) -> list[tuple[list[Any], list[Any]]]:
    """(B's attributions, A's attributions) for every ordered annotator pair of every article."""
    docs = []
    for _, _, record in articles:
        for a, b in itertools.permutations(sorted(record["annotations"]), 2):
            docs.append((attributions_of(record, b), attributions_of(record, a)))
    return docs


def ours_against_each(articles: list[tuple[str, int, dict[str, Any]]], cache: Path | None = None) -> list[tuple[list[Any], list[Any]]]:
    """(our attributions, A's attributions) for every annotator A of every article: our
    pipeline scored on exactly the articles and annotators the human pairs are."""
    records = [record for _, _, record in articles]
    analysed, _ = pn.predict(records, cache=cache)
    docs = []
    for article, record in zip(analysed, records):
        ours = pn.spans_to_attributions(article.layer("quotes"))
        for a in sorted(record["annotations"]):
            docs.append((ours, attributions_of(record, a)))
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=pn.DATA)
    ap.add_argument("--with-untouched", action="store_true", help="also read train[:100]'s multiply-annotated articles")
    ap.add_argument("--json", type=Path, help="write the numbers to this file")
    ap.add_argument("--ours", action="store_true", help="also score newsprobe's quotes layer against each annotator of the same articles")
    ap.add_argument("--cache", type=Path, help="with --ours: keep the parse in this folder, outside the repository (as eval/polnear.py --cache)")
    args = ap.parse_args(argv)
    by_split = {split: pn.load_split(args.data, split) for split in SPLITS}
    articles = multiply_annotated(by_split, args.with_untouched)
    if not articles:
        raise SystemExit(f"no article of {args.data} has two annotators: is it PolNeAR's polnear.jsonl.gz?")
    docs = pairs(articles)
    result = pn.score(docs)
    where = ", ".join(f"{split}[{i}]" for split, i, _ in articles)
    print(f"{len(articles)} multiply-annotated articles ({where}); each ordered annotator pair is one scored 'article' below")
    result["articles"] = len(docs)
    pn.print_report(result, "PolNeAR annotators against each other (B as prediction, A as gold), annotator pairs")
    numbers: dict[str, Any] = {"articles": [f"{s}[{i}]" for s, i, _ in articles], "annotators": result}
    if args.ours:
        ours = pn.score(ours_against_each(articles, args.cache))
        ours["articles"] = sum(len(record["annotations"]) for _, _, record in articles)
        pn.print_report(ours, "newsprobe against each annotator of the same articles, (article, annotator) pairs")
        numbers["ours"] = ours
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
