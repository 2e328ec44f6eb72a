"""Which PolNeAR attributions the attribution-cue model could find at all (counts only).

    .venv/bin/python eval/polnear_reach.py --cache /tmp/attribution-cache   # dev, the shipped sparse model

For every gold attribution of the first annotator labelled ``indirect`` (no quote marks, as
eval/polnear.py labels them) it asks what the candidate readings of ``stages.quote_learned``
offer (the same candidates and the same positive rule as ``newsprobe train attribution``):

* a candidate that matches it (cue, at least half of the content each way, source), and the
  model's probability of the best one: at or above the threshold, or below;
* no matching candidate: then whether some reading of the gold cue token has the right content
  but another source (the subject differs: the reading has none, the gold has none, the
  reading's is a relative pronoun, or another word), only longer or only shorter contents,
  contents of mixed lengths, or none that overlaps; or whether the gold cue is never a candidate.

It prints counts, no text (the PolNeAR articles are not ours). The parse is kept with
``--cache`` (outside the repository) as ``newsprobe train attribution --cache`` keeps it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "polnear-attribution" / "polnear.jsonl.gz"

Span = tuple[int, int]

#: Relative pronouns a reading's subject may be ("the panel, which said ...").
RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})


def subject_class(subject: str | None, gold_has_source: bool) -> str:
    """How a reading's subject (its words, None when it has none) differs from a gold source it
    does not overlap: ``none`` (the reading has no subject), ``gold has none``, ``relative``
    (the subject is a relative pronoun) or ``other``."""
    if subject is None:
        return "none"
    if not gold_has_source:
        return "gold has none"
    return "relative" if subject.strip().lower() in RELATIVE else "other"


def reading_class(readings: Sequence[tuple[Span, bool]], content: Sequence[Span], share: float = 0.5) -> str:
    """Why none of a gold cue's ``readings`` ((content span, source agrees) each) matched the gold
    ``content``: ``source`` (a content matches, its subject is not the gold source), ``longer``,
    ``shorter``, ``mixed`` (overlapping contents, none within ``share`` of each side) or ``none``."""
    gold = sum(e - s for s, e in content)

    def overlap(span: Span) -> int:
        return sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in content)

    if any(overlap(span) >= share * max(span[1] - span[0], gold) for span, _ in readings):
        return "source"
    lengths = [span[1] - span[0] for span, _ in readings if overlap(span) > 0]
    if not lengths:
        return "none"
    if min(lengths) > gold:
        return "longer"
    if max(lengths) < gold:
        return "shorter"
    return "mixed"


def reach(records: Sequence[dict[str, Any]], cache: Path | None, threshold: float | None = None) -> Counter[str]:
    """The counts described in the module docstring, over ``records``."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "eval"))
    import polnear as pn

    from newsprobe.ml.attribution_model import shipped_model
    from newsprobe.stages.quote_cues import cue_span
    from newsprobe.train import attribution as tr

    model = shipped_model()
    if model is None:
        raise SystemExit("the attribution-cue model is not installed (src/newsprobe/models/attribution/)")
    cut = model.threshold if threshold is None else threshold
    parsed = tr.parse_records(records, cache=cache)
    best: dict[tuple[int, int], float] = {}
    readings: dict[tuple[int, int], list[tuple[Span, bool]]] = {}
    subjects: dict[tuple[int, int], str] = {}  # gold -> how the subject of a reading with its words differs
    for cand in tr.labelled_candidates(parsed, records):
        cue = cue_span(cand.candidate.off, cand.candidate.tok)
        content = (cand.candidate.start, cand.candidate.end)
        for i, gold in enumerate(tr.gold_of(records[cand.article_no])):
            key = (cand.article_no, i)
            if tr.label_of(cue, content, cand.subject, [gold]):
                best[key] = max(best.get(key, 0.0), model.probability(cand.features))
            if gold.cue and tr._overlap([cue], gold.cue) > 0:
                source_ok = (not gold.source and cand.subject is None) or (cand.subject is not None and tr._overlap([cand.subject], gold.source) > 0)
                readings.setdefault(key, []).append((content, source_ok))
                if not source_ok and key not in subjects and reading_class([(content, False)], gold.content) == "source":
                    words = records[cand.article_no]["text"][cand.subject[0] : cand.subject[1]] if cand.subject else None
                    subjects[key] = subject_class(words, bool(gold.source))
    counts: Counter[str] = Counter()
    for n, record in enumerate(records):
        for i, gold in enumerate(tr.gold_of(record)):
            if pn.gold_label(record["text"], gold.content) != "indirect":
                continue
            key = (n, i)
            counts["gold indirect"] += 1
            if key in best:
                counts[f"matched by a candidate at >= {cut:.2f}" if best[key] >= cut else f"matched by a candidate below {cut:.2f}"] += 1
            elif key in readings:
                why = reading_class(readings[key], gold.content)
                counts[f"no matching candidate; the cue's readings: {why}" + (f" (subject: {subjects.get(key, 'other')})" if why == "source" else "")] += 1
            else:
                counts["no matching candidate; the gold cue is never a candidate"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--split", default="dev", help="PolNeAR split (dev; train slices with --offset/--limit; never train[:100]'s errors)")
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cache", type=Path, help="keep the parse in this folder, outside the repository")
    ap.add_argument("--threshold", type=float, help="the model's probability to count as found (default: the shipped threshold)")
    args = ap.parse_args(argv)
    if args.split == "train" and args.offset < 100:
        raise SystemExit("train[:100] is the untouched evaluation slice: use --offset 100 or more")
    sys.path.insert(0, str(ROOT / "src"))
    from newsprobe.train import attribution as tr

    records = tr.load_records(args.data, split=args.split, offset=args.offset, limit=args.limit)
    counts = reach(records, args.cache, args.threshold)
    total = counts.pop("gold indirect", 0)
    print(f"PolNeAR {args.split}: {len(records)} articles, {total} gold indirect attributions (first annotator)")
    for name, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<75} {n:>5}  ({n / total:.0%})" if total else f"  {name} {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
