"""Error listings for ``eval/polnear.py`` (``--direct-errors``, ``--source-errors``): one line
per direct quote with a speaker that is not a one-to-one match with the right source, and per
matched pair whose source is wrong, each with a first mechanical class. The lines quote the
articles: keep the output out of the repository.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from polnear import MIN_SHARE, Attribution, _length, _overlap, match_one_to_one, source_ok


#: Gold sources that are a cue word or nothing: annotation oddities, not our error.
_ODD_SOURCES = {"", "said", "says", "say", "told", "added", "wrote", "asked"}


def _direct_fp_class(p: Attribution, j: int | None, golds: list[Attribution], taken: set[int]) -> str:
    """Why one of our direct spans with a speaker is not a one-to-one match with the right source."""
    if j is not None:
        return "annotation" if golds[j].source_text.strip().lower() in _ODD_SOURCES else "speaker"
    over = [(g, _overlap(p.content, golds[g].content)) for g in range(len(golds))]
    over = [(g, ov) for g, ov in over if ov > 0]
    if not over:
        return "no-gold"
    g, ov = max(over, key=lambda x: x[1])
    gold = golds[g]
    if ov >= MIN_SHARE * _length(p.content) and ov < MIN_SHARE * _length(gold.content):
        return f"inside-{gold.label}" + ("-taken" if g in taken else "")
    if ov >= MIN_SHARE * _length(gold.content):
        return "joins"  # ours is over twice the gold's length (or covers several golds)
    return "partial"


def _direct_fn_class(g: Attribution, i: int | None, preds: list[Attribution], taken: set[int]) -> str:
    """Why a gold direct quote was not found by one of our direct spans with the right speaker."""
    if g.source_text.strip().lower() in _ODD_SOURCES:
        return "annotation"
    if i is not None:
        p = preds[i]
        if p.label != "direct":
            return f"label-{p.label}" + ("" if source_ok(p, g, lenient=True) else "-speaker")
        return "no-speaker" if not p.speaker else "speaker"
    over = [(q, _overlap(preds[q].content, g.content)) for q in range(len(preds))]
    over = [(q, ov) for q, ov in over if ov > 0]
    if not over:
        return "missed"
    q, ov = max(over, key=lambda x: x[1])
    if ov >= MIN_SHARE * _length(preds[q].content) and ov < MIN_SHARE * _length(g.content):
        return "split" if sum(1 for _ in over) > 1 else "ours-shorter"
    if ov >= MIN_SHARE * _length(g.content):
        return "ours-longer" + ("-taken" if q in taken else "")
    return "partial"


def direct_errors(docs: list[tuple[list[Attribution], list[Attribution]]], records: list[dict[str, Any]], out: Any = sys.stdout) -> dict[str, int]:
    """One line per direct-with-speaker error (``--direct-errors``) and a count per class:
    ``FP`` for our ``direct`` spans that name a speaker but match no gold one-to-one with the
    right source (span or name), ``FN`` for gold direct quotes that no such span found. Each
    line names the other side's overlapping spans ([M] the one-to-one partner, [m] matched to
    another, [-] unmatched; share of our span / of the gold span). The lines quote the
    article: keep them out of the repository."""

    def show(text: str, spans: list[tuple[int, int]], n: int = 110) -> str:
        s = " | ".join(text[a:b] for a, b in spans).replace("\n", " / ")
        return s if len(s) <= n else s[: n - 40] + " ... " + s[-35:]

    classes: dict[str, int] = {}
    for k, ((preds, golds), record) in enumerate(zip(docs, records)):
        text = record["text"]
        pairs = dict(match_one_to_one(preds, golds))
        back = {j: i for i, j in pairs.items()}
        for i, p in enumerate(preds):
            if p.label != "direct" or not p.speaker:
                continue
            j = pairs.get(i)
            if j is not None and source_ok(p, golds[j], lenient=True):
                continue
            cls = "FP " + _direct_fp_class(p, j, golds, set(back))
            classes[cls] = classes.get(cls, 0) + 1
            lp = _length(p.content)
            spk = " | ".join(text[a:b] for a, b in p.source)
            print(f"{cls} doc{k} @{p.content[0][0]} spk={p.speaker!r} ({spk!r}) conf={p.confidence:.2f} :: {show(text, p.content)}", file=out)
            for gi, other in enumerate(golds):
                ov = _overlap(p.content, other.content)
                if ov > 0:
                    tag = "M" if gi == j else ("m" if gi in back else "-")
                    print(f"     gold {other.label}[{tag}] {ov / lp:.2f}/{ov / max(1, _length(other.content)):.2f} src={other.source_text!r} :: {show(text, other.content, 90)}", file=out)
        for gj, gold in enumerate(golds):
            if gold.label != "direct":
                continue
            pi = back.get(gj)
            if pi is not None and preds[pi].label == "direct" and preds[pi].speaker and source_ok(preds[pi], gold, lenient=True):
                continue
            cls = "FN " + _direct_fn_class(gold, pi, preds, set(pairs))
            classes[cls] = classes.get(cls, 0) + 1
            lg = _length(gold.content)
            print(f"{cls} doc{k} @{gold.content[0][0]} src={gold.source_text!r} :: {show(text, gold.content)}", file=out)
            for q, pred in enumerate(preds):
                ov = _overlap(pred.content, gold.content)
                if ov > 0:
                    tag = "M" if q == pi else ("m" if q in pairs else "-")
                    src = " | ".join(text[a:b] for a, b in pred.source)
                    print(f"     pred {pred.label}[{tag}] {ov / max(1, _length(pred.content)):.2f}/{ov / lg:.2f} spk={pred.speaker!r} ({src!r}) :: {show(text, pred.content, 90)}", file=out)
    print("direct-with-speaker errors by class:", file=out)
    for cls, n in sorted(classes.items(), key=lambda x: (x[0][:2], -x[1])):
        print(f"  {cls:<28} {n}", file=out)
    return classes


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "its", "their", "who", "which", "that", "whom", "whose"}


def _source_error_class(p: Attribution, gold: Attribution, text: str) -> str:
    """A first, mechanical class for a one-to-one pair whose source is wrong (``--source-errors``)."""
    if not gold.source:
        return "gold-no-source"
    if not p.speaker and not p.source:
        return "no-source"
    ours = " ".join(text[a:b] for a, b in p.source).strip()
    g = gold.source_text.strip()
    words = lambda x: {w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", x) if len(w) > 2 and w[0].isupper()}  # noqa: E731
    if g.lower() in _ODD_SOURCES or g.lower().startswith(("said", "according")):
        return "annotation-cue-as-source"
    if ours.lower() in ("who", "which", "that"):
        return "relative-pronoun"
    if ours.lower() in _PRONOUNS:
        if not p.speaker:
            return "pronoun-unresolved"
        return "pronoun-same-entity" if words(g) & words(p.speaker) else "pronoun-wrong-or-other"
    if g.lower() in _PRONOUNS:
        return "gold-pronoun-ours-named"
    if re.search(r"(?i)\b(according|report|reports|reported|statement|transcript|post|times|news|cnn|fox|press|journal|post|magazine|sun|hill)\b", g + " " + " ".join(text[a:b] for a, b in gold.cue)):
        return "outlet-or-document"
    if ours.endswith(("'s", "\u2019s", "\u2019", "'")):
        return "possessor"
    if ours.isupper() or "FlagShare" in ours or "\n" in ours:
        return "furniture"
    if words(g) & words(p.speaker or ours):
        return "same-entity-other-mention"
    return "other-entity"


def source_errors(docs: list[tuple[list[Attribution], list[Attribution]]], records: list[dict[str, Any]], out: Any = sys.stdout) -> dict[str, int]:
    """One line per one-to-one matched pair (content right) whose source is wrong by the
    "span or name" rule (``--source-errors``), with our speaker, our mention, the gold source
    and the sentence around the cue, and a count per mechanical class. The lines quote the
    article: keep them out of the repository."""
    classes: dict[str, int] = {}
    for k, ((preds, golds), record) in enumerate(zip(docs, records)):
        text = record["text"]
        for i, j in match_one_to_one(preds, golds):
            p, g = preds[i], golds[j]
            if source_ok(p, g, lenient=True):
                continue
            cls = _source_error_class(p, g, text)
            classes[cls] = classes.get(cls, 0) + 1
            ours = " | ".join(text[a:b] for a, b in p.source)
            cue = " | ".join(text[a:b] for a, b in g.cue)
            lo = min([a for a, _ in g.content + g.source + p.source])
            hi = max([b for _, b in g.content + g.source + p.source])
            ctx = text[max(0, lo - 60) : hi + 20].replace("\n", " / ")
            if len(ctx) > 400:
                ctx = ctx[:180] + " ... " + ctx[-180:]
            print(f"SRC {cls} doc{k} @{g.content[0][0]} {p.label}/{g.label} spk={p.speaker!r} ({ours!r}) conf={p.confidence:.2f} gold={g.source_text!r} cue={cue!r}", file=out)
            print(f"     :: {ctx}", file=out)
    print("source errors among one-to-one matched pairs, by class:", file=out)
    for cls, n in sorted(classes.items(), key=lambda x: -x[1]):
        print(f"  {cls:<28} {n}", file=out)
    return classes


#: Auxiliaries and particles skipped when naming a gold cue by its first word ("has been critical of": "critical").
_CUE_FILLERS = frozenset("has have had is was were are be been will would to not also did does do may could should can".split())


def _cue_word(text: str, cue: list[tuple[int, int]]) -> str:
    words = re.findall(r"[a-z\u2019']+", " ".join(text[s:e] for s, e in cue).lower())
    return next((w for w in words if w not in _CUE_FILLERS), words[0] if words else "-")


def miss_summary(docs: list[tuple[list[Attribution], list[Attribution]]], records: list[dict[str, Any]], articles: list[Any],
                 out: Any = sys.stdout, top: int = 12, min_kind: int = 25) -> dict[str, Any]:
    """Where the one-to-one all-attribution F1 is lost, in counts only (no article text): gold
    attributions left unmatched by label and by what overlaps them (nothing, a longer or a
    shorter prediction of ours); the first cue words of missed reported-speech golds; and how
    often each kind of prediction (``cue_kind`` / ``speaker_via``) is a match with the right
    source (span or name)."""
    unmatched: dict[str, int] = {}
    cue_missed: dict[str, int] = {}
    cue_all: dict[str, int] = {}
    kinds: dict[str, list[int]] = {}
    for (preds, golds), record, article in zip(docs, records, articles):
        text = record["text"]
        pairs = dict(match_one_to_one(preds, golds))
        matched_gold = set(pairs.values())
        for j, g in enumerate(golds):
            if g.label != "direct":
                word = _cue_word(text, g.cue)
                cue_all[word] = cue_all.get(word, 0) + 1
                if j not in matched_gold:
                    cue_missed[word] = cue_missed.get(word, 0) + 1
            if j in matched_gold:
                continue
            over = [(_overlap(p.content, g.content), p) for p in preds]
            best = max((o for o in over if o[0] > 0), key=lambda o: o[0], default=None)
            how = "nothing" if best is None else "longer" if _length(best[1].content) > _length(g.content) else "shorter"
            unmatched[f"{g.label}: {how}"] = unmatched.get(f"{g.label}: {how}", 0) + 1
        attrs = {s.start: (s.attrs or {}) for s in article.layer("quotes")}
        for i, p in enumerate(preds):
            a = attrs.get(min(s for s, _ in p.content), {})
            k = kinds.setdefault(f"{a.get('cue_kind')} / {a.get('speaker_via')}", [0, 0])
            k[0] += 1
            k[1] += i in pairs and source_ok(p, golds[pairs[i]], lenient=True)
    out.write("where the all-attribution F1 is lost (counts; one-to-one matching)\n")
    out.write("  unmatched gold, by label and what of ours overlaps it most:\n")
    for key, n in sorted(unmatched.items(), key=lambda x: -x[1]):
        out.write(f"    {key:24s} {n}\n")
    out.write(f"  missed reported speech (mixed, indirect) by first cue word, top {top} (missed / all):\n    ")
    out.write("  ".join(f"{w} {n}/{cue_all[w]}" for w, n in sorted(cue_missed.items(), key=lambda x: -x[1])[:top]) + "\n")
    rates = sorted((k[1] / k[0], name, k[0]) for name, k in kinds.items() if k[0] >= min_kind)
    out.write(f"  kinds of prediction (cue kind / speaker path, at least {min_kind}), lowest share right (content + source):\n")
    for rate, name, n in rates[:5]:
        out.write(f"    {name:32s} {rate:.2f} of {n}\n")
    return {"unmatched": unmatched, "cue_missed": cue_missed, "kinds": {n: kinds[n] for _, n, _ in rates}}


#: Gold direct quotations of fewer words than this are "short" in ``direct_by_length``.
SHORT_WORDS = 5


def direct_by_length(docs: list[tuple[list[Attribution], list[Attribution]]], records: list[dict[str, Any]],
                     out: Any = sys.stdout) -> dict[str, list[int]]:
    """Direct-quote recall (one-to-one, direct with the right speaker, span or name) split by
    the gold quotation's length: under ``SHORT_WORDS`` words (titles, nicknames and quoted
    terms, which the quotes stage labels ``title`` or ``scare`` without a speaker by design,
    while PolNeAR often gives them a source) and the rest. Counts only, no article text."""
    found = {"short": [0, 0], "long": [0, 0]}
    for (preds, golds), record in zip(docs, records):
        text = record["text"]
        right = {j for i, j in match_one_to_one(preds, golds)
                 if preds[i].label == "direct" and preds[i].speaker and source_ok(preds[i], golds[j], lenient=True)}
        for j, g in enumerate(golds):
            if g.label != "direct":
                continue
            words = sum(len(re.findall(r"\w+", text[a:b])) for a, b in g.content)
            k = found["short" if words < SHORT_WORDS else "long"]
            k[0] += j in right
            k[1] += 1
    for key, (hit, n) in found.items():
        out.write(f"  direct with speaker, recall, gold quotations {'under' if key == 'short' else 'of at least'} {SHORT_WORDS} words: "
                  f"{hit} / {n} = {hit / n if n else 0:.3f}\n")
    return found
