"""Count confidently wrong outputs of the error classes found on real English pages (issue 11).

    .venv/bin/python eval/real_pages_errors.py --pages /work/real-pages
    .venv/bin/python eval/real_pages_errors.py --pages /work/real-pages --skip-half check --json out.json

Runs the whole default pipeline over every page under ``--pages`` (``eval/`` and ``cache/``)
that ingest detects as English (``meta.language``) and prints counts only, never page text (the
``--json`` file also holds the names of confident lower-case speakers: keep it out of the
repository):

* ``indirect_cue_other_line``: indirect quotes whose reporting verb sits on another line
  than what it reports, with no colon between them (a headline's "Police say" taken to
  report the first paragraph below it);
* ``headline_stance_quotes``: indirect quotes cued by a verb of stance or action, or by the
  learned cue model, in the headline line ("Woman attacks inspector with stone", "Family
  seeks funds to treat ..."), with ``confident_`` the share with a confident speaker;
* ``confident_speaker_cue_other_line``: confident speakers (not ``speaker_uncertain``, found
  as a name, entity or noun, not a pronoun's antecedent) whose mention sits on another line
  than the cue;
* ``names_with_two_labels``: (article, name) pairs whose entity mentions carry more than one
  label among PERSON ORG NORP GPE LOC FAC EVENT WORK_OF_ART PRODUCT ("Dalmere" a PERSON here,
  a GPE there);
* ``confident_lower_case_speakers``: confident speakers with no capital letter, by kind
  (role and group phrases such as "officials" are allowed; the breakdown tells them apart);
  ``--json`` also lists them by name (with kind), to be read one by one;
* ``relaying_citations`` / ``relayed_quotes``: cited sources that pass on another speaker's
  quotes ("..., Quill said, according to Reuters"; citations ``attrs.relays``) and the quotes
  they pass on;
* ``spans_by_layer``: how many spans each layer has over the pages (run the same command on
  two checkouts to see what a change moves in every layer).

``--skip-half check`` leaves out the pages of that half of every gold in ``eval/gold/`` (see
eval/real_pages_quotes.py; until session 21 only the first gold's half was left out).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

NAME_LABELS = frozenset("PERSON ORG NORP GPE LOC FAC EVENT WORK_OF_ART PRODUCT".split())
KEYS = (
    "pages", "indirect_quotes", "indirect_cue_other_line", "headline_stance_quotes", "confident_headline_stance_quotes",
    "confident_speakers", "confident_speaker_cue_other_line", "confident_lower_case_speakers", "names", "names_with_two_labels",
    "relaying_citations", "relayed_quotes",
)
SUBJECT_VIAS = frozenset("entity name noun apposition anonymous indefinite".split())


def _other_line(text: str, a: int, b: int) -> bool:
    lo, hi = sorted((a, b))
    return "\n" in text[lo:hi]


def count_article(art, c: Counter, lower_kinds: Counter, lower_names: Counter | None = None, layers: Counter | None = None) -> None:
    from newsprobe.stages.quote_people import headline_end

    text = art.text
    head_end = headline_end(text, (art.meta or {}).get("title"))
    for q in art.layer("quotes"):
        a = q.attrs
        cs, ce = a.get("cue_start"), a.get("cue_end")
        if q.label == "indirect" and cs is not None:
            c["indirect_quotes"] += 1
            if ce <= q.start and _other_line(text, ce, q.start) and ":" not in text[ce : q.start]:
                c["indirect_cue_other_line"] += 1
            elif cs >= q.end and _other_line(text, q.end, cs):
                c["indirect_cue_other_line"] += 1
            if cs < head_end and a.get("cue_kind") in ("stance", "learned"):
                c["headline_stance_quotes"] += 1
                c["confident_headline_stance_quotes"] += bool(a.get("speaker") and not a.get("speaker_uncertain"))
        speaker = a.get("speaker")
        if speaker is None or a.get("speaker_uncertain"):
            continue
        c["confident_speakers"] += 1
        ss = a.get("speaker_start")
        if cs is not None and ss is not None and a.get("speaker_via") in SUBJECT_VIAS and _other_line(text, ss, cs):
            c["confident_speaker_cue_other_line"] += 1
        if not any(ch.isupper() for ch in str(speaker)):
            c["confident_lower_case_speakers"] += 1
            lower_kinds[str(a.get("speaker_kind"))] += 1
            if lower_names is not None:
                lower_names[f"{speaker} ({a.get('speaker_kind')})"] += 1
    for cit in art.layer("citations"):
        relays = cit.attrs.get("relays") or []
        c["relaying_citations"] += bool(relays)
        c["relayed_quotes"] += len(relays)
    labels: dict[str, set[str]] = defaultdict(set)
    for e in art.layer("entities"):
        if e.label in NAME_LABELS:
            labels[str(e.attrs.get("canonical") or art.span_text(e))].add(e.label)
    c["names"] += len(labels)
    c["names_with_two_labels"] += sum(1 for v in labels.values() if len(v) > 1)
    if layers is not None:
        for name in art.layers:
            layers[name] += len(art.layer(name))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", default="/work/real-pages", help="the unpacked real pages (eval/ and cache/)")
    ap.add_argument("--skip-half", choices=("analysis", "check"), help="leave out the pages of this half of every gold")
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    from real_pages_quotes import all_pages, half_pages, load_gold, read_page

    from newsprobe.api import load_pipeline
    from newsprobe.settings import load_settings

    golds = sorted((Path(__file__).resolve().parent / "gold").glob("real_pages_speakers*.jsonl"))
    skip = {p for g in golds for p in half_pages(load_gold(g), args.skip_half)} if args.skip_half else set()
    pipeline = load_pipeline(load_settings(store=""))
    c: Counter[str] = Counter({k: 0 for k in KEYS})
    lower_kinds: Counter[str] = Counter()
    lower_names: Counter[str] = Counter()
    layers: Counter[str] = Counter()
    for page in all_pages(args.pages):
        if page in skip:
            continue
        try:
            art = read_page(args.pages, page)
        except Exception:  # no article text: not a page to count
            continue
        if art.meta.get("language") != "en":
            continue
        c["pages"] += 1
        count_article(pipeline(art), c, lower_kinds, lower_names, layers)
    result = {
        "counts": {k: c[k] for k in KEYS},
        "confident_lower_case_speakers_by_kind": dict(lower_kinds.most_common()),
        "spans_by_layer": dict(sorted(layers.items())),
        "confident_lower_case_speaker_names": dict(lower_names.most_common()),
    }
    for k, v in result["counts"].items():
        print(f"{k:36} {v}")
    print("confident lower-case speakers by kind:", json.dumps(result["confident_lower_case_speakers_by_kind"]))
    print("spans by layer:", json.dumps(result["spans_by_layer"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
