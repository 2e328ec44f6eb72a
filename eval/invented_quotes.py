"""Score the quotes layer on invented articles written with their speakers.

``eval/gold/invented_quotes.jsonl``: 108 articles of our own writing (project helpers wrote
them for this check, session 29, nine sets of twelve: political and wire copy, everyday,
regional and specialist journalism, features, web pages that are no clean copy), each with
every direct quotation in quote marks and who said it, and the quoted words that are nobody's
(titles, slogans, scare quotes). The people, firms and places are invented. Two splits:
``dev`` (72 articles, sets A to F, read while building quotes version 34: a regression check,
not a blind test; D to F were scored once before their errors were read) and ``heldout`` (36
articles, sets G to I, written last by other helpers and scored on version 33 and on the
final version 34 without reading their errors).

Matching is one-to-one, greedy by overlap, at least half of each side (a quote with
``attrs.segments`` counts segment by segment, as the gold lists the pieces of a split
quotation; a ``mixed`` quote, the reported clause around the quoted words, needs to hold half
of the gold only): a gold quotation with no match, or matched by a scare quote or a title, is
``missed`` (so is a quotation nested in another that we report only as part of the outer one). Its speaker is ``right`` when
it shares a capitalised name word with the gold speaker (any word for an unnamed one, "a
spokesman for the county"), ``description`` when it is a lower-case role phrase where the gold
names the person ("the minister": true, but not the name), ``none`` when it has no speaker,
else ``wrong``; ``confidently wrong`` when wrong at confidence 0.8 or more and not uncertain.

    python eval/invented_quotes.py [--split dev|heldout|all] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsprobe.api import load_pipeline  # noqa: E402
from newsprobe.article import Article  # noqa: E402
from newsprobe.settings import load_settings  # noqa: E402

GOLD = ROOT / "eval" / "gold" / "invented_quotes.jsonl"
STAGES = "parse,furniture,stories,sentences,entities,quotes"
_SKIP = frozenset("the a an of for at in on and to mr mrs ms dr".split())


def _words(name: str | None, *, capitalised: bool) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_][\w'-]*", name or "") if w.lower() not in _SKIP and (w[:1].isupper() or not capitalised)}


def _locate(text: str, quote: dict[str, Any]) -> int:
    pos = -1
    for _ in range(quote.get("occurrence", 1)):
        pos = text.find(quote["text"], pos + 1)
    return pos


def judge(ours: str | None, gold: str | None, named: bool) -> str:
    """right / description / none / wrong (module docstring)."""
    if ours is None:
        return "none"
    if gold is None:
        return "wrong"
    if named and _words(ours, capitalised=True) & _words(gold, capitalised=True):
        return "right"
    if not named and _words(ours, capitalised=False) & _words(gold, capitalised=False):
        return "right"
    if named and ours[:1].islower():
        return "description"
    return "wrong"


def match(text: str, golds: list[dict[str, Any]], quotes: list[Any]) -> dict[int, Any]:
    """Gold index -> the predicted quote matched to it (module docstring)."""
    spans = []
    for g in golds:
        start = _locate(text, g)
        if start < 0:
            raise SystemExit(f"gold quotation not in the text: {g['text'][:40]!r}")
        spans.append((start, start + len(g["text"])))
    units = [(s, e, q) for q in quotes for s, e in (q.attrs.get("segments") or [(q.start, q.end)])]
    pairs = []
    for gi, (gs, ge) in enumerate(spans):
        for ui, (us, ue, _) in enumerate(units):
            ov = min(ge, ue) - max(gs, us)
            if ov > 0 and ov >= 0.5 * (ge - gs) and (ov >= 0.5 * (ue - us) or units[ui][2].label == "mixed"):
                pairs.append((ov, gi, ui))
    out: dict[int, Any] = {}
    used: set[int] = set()
    for _, gi, ui in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if gi not in out and ui not in used:
            out[gi] = units[ui][2]
            used.add(ui)
    return out


def score(path: Path, errors: bool, split: str = "all") -> Counter[str]:
    pipeline = load_pipeline(load_settings(stages=STAGES))
    counts: Counter[str] = Counter()
    for line in path.open(encoding="utf-8"):
        item = json.loads(line)
        if split != "all" and item["split"] != split:
            continue
        text = item["text"]
        article = pipeline(Article(text))
        quotes = [q for q in article.layer("quotes")]
        matched = match(text, item["quotes"], quotes)
        lines = []
        for k, g in enumerate(item["quotes"]):
            counts["gold"] += 1
            best = matched.get(k)
            if best is None or best.label in ("scare", "title"):
                counts["missed"] += 1
                lines.append(f"  missed  gold={g['speaker']!r} :: {g['text'][:70]!r}")
                continue
            at = best.attrs
            verdict = judge(at.get("speaker"), g["speaker"], g.get("named", True))
            counts[verdict] += 1
            sure = (at.get("confidence") or 0) >= 0.8 and not at.get("speaker_uncertain")
            if verdict == "wrong" and sure:
                counts["confidently wrong"] += 1
            if sure and verdict != "none":
                counts["confident"] += 1
                counts["confident right"] += verdict == "right"
            if verdict != "right":
                lines.append(f"  {verdict:<11} [{best.label}] ours={at.get('speaker')!r} conf={at.get('confidence')} "
                             f"uncertain={at.get('speaker_uncertain')} gold={g['speaker']!r} :: {g['text'][:60]!r}")
        for phrase in item.get("not_quotes", []):
            at_ = text.find(phrase)
            if at_ < 0:
                continue
            counts["not quotes"] += 1
            if any(q.start <= at_ and q.end >= at_ + len(phrase) - 1 and q.end - q.start <= len(phrase) + 3
                   and q.label not in ("scare", "title") and q.attrs.get("speaker") for q in quotes):
                counts["not quotes with a speaker"] += 1
                lines.append(f"  not-a-quote with a speaker :: {phrase!r}")
        if errors and lines:
            print(f"{item['id']} ({item.get('genre', '')})")
            print("\n".join(lines))
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    ap.add_argument("--errors", action="store_true", help="also print one line per quotation not given its right speaker")
    args = ap.parse_args()
    c = score(args.gold, args.errors, args.split)
    print(f"split: {args.split}")
    found = c["gold"] - c["missed"]
    with_speaker = c["right"] + c["wrong"] + c["description"]
    print(f"gold quotations {c['gold']}: found {found} ({found / max(1, c['gold']):.3f}), missed {c['missed']}")
    print(f"speakers: right {c['right']}, description instead of the name {c['description']}, wrong {c['wrong']}, none {c['none']}")
    print(f"right among quotes with a speaker: {c['right'] / max(1, with_speaker):.3f} ({c['right']} / {with_speaker})")
    print(f"confident speakers (>= 0.8, not uncertain): {c['confident']}, right {c['confident right']} "
          f"({c['confident right'] / max(1, c['confident']):.3f}); confidently wrong {c['confidently wrong']}")
    print(f"quoted words that are nobody's: {c['not quotes']}, given a speaker {c['not quotes with a speaker']}")


if __name__ == "__main__":
    main()
