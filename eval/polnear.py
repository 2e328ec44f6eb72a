"""Score newsprobe's ``quotes`` layer against PolNeAR attributions (the dev split by default).

    .venv/bin/python eval/polnear.py                  # dev split, prints the tables
    .venv/bin/python eval/polnear.py --json out.json  # also writes the numbers
    .venv/bin/python eval/polnear.py --timing         # adds per-stage timing
    .venv/bin/python eval/polnear.py --cache /tmp/polnear-cache   # keeps the parse; later runs redo only the quotes stage

PolNeAR (Newell, Margolin and Ruths, LREC 2018) marks attributions as source / cue /
content spans. Conversion to our labels (gold has no label of its own):

* ``direct``   the content, once the quoted segments are removed, has no words left (the
               quote marks may sit inside the content span or right around it, attached);
* ``mixed``    the content contains a quoted segment and words outside it;
* ``indirect`` no quote marks in or around the content.

**Headline metric: one-to-one matching.** Each gold attribution is matched at most once and
each prediction at most once, greedily by overlap (largest first); a pair counts only when
the overlap covers at least half of each side (``MIN_SHARE``). The older numbers, where a
prediction is right when it overlaps any gold content by one character and a gold
attribution is found when any prediction overlaps it, are still printed, labelled
*lenient*. For the source numbers the pair must also agree on
the source: our speaker mention overlaps the gold source span (``span``) or, leniently, the
gold source's last word is one of our canonical speaker's words (``name``: "Clinton" vs
"Hillary Clinton"); gold without a source needs a prediction without a speaker. The *cue*
is right when the cue spans overlap. Scare quotes are not attributions and are left out.
"Direct with speaker" counts our ``direct`` spans that name a speaker (precision) and the
gold direct quotes found by such a span with the right source (recall). A quote of ours in
pieces (``attrs.segments``: '"X," she said, "Y."') is scored as its segments, the quoted
words, as PolNeAR marks them, not as the whole span with the attribution between them.
A quote with no cue of its own that carries the speaker of an earlier attribution
(``attrs.carried_from``: '"X," she said.' and then a paragraph '"Y."') is scored as more
content of that attribution, PolNeAR's unit (one source, one cue, content in pieces); the
numbers with each quote on its own, the headline up to version 21, are printed beside.

This module imports newsprobe only inside ``predict`` so that eval/compare_textacy.py can
reuse the loader and scorer from textacy's separate environment.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "polnear-attribution" / "polnear.jsonl.gz"
LABELS = ("direct", "mixed", "indirect")

#: A one-to-one pair must overlap by at least this share of each side's characters.
MIN_SHARE = 0.5

_QUOTE_CHARS = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb"})
_QUOTED = re.compile(r'"[^"]*"?')


@dataclass
class Attribution:
    """One attribution (gold or predicted) as character spans of the article."""

    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    label: str = "indirect"
    speaker: str | None = None  # predicted canonical speaker (None for gold)
    source_text: str = ""  # gold source surface text
    confidence: float = 0.0  # predicted confidence
    features: str = ""  # predicted calibration key (attrs.calibration_key)
    relays: list[tuple[int, int]] = field(default_factory=list)  # predicted: citations that pass the quote on (--relays)


def load_split(path: Path = DATA, split: str = "dev") -> list[dict[str, Any]]:
    """The PolNeAR records of one split (one per article)."""
    if not path.exists():
        raise SystemExit(f"PolNeAR not found at {path}; it lives in ../shared/data/polnear-attribution")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [r for r in map(json.loads, f) if r.get("split") == split]


#: Marks that can open a quotation (straight or opening curly) and that can close one.
_OPENING = frozenset('"\u201c\u201e\u00ab')
_CLOSING = frozenset('"\u201d\u201f\u00bb')


def gold_label(text: str, content: list[tuple[int, int]]) -> str:
    """direct / mixed / indirect for a gold content span (see the module docstring).

    A quote mark just outside the span counts as the span's own only when it is attached to it:
    an opening mark right before its first character, a closing mark right after its last (or
    after its final punctuation). Until session 19 white space was skipped too, so the closing
    mark of the quotation before ('... to us."' then a paragraph 'A leads the field, according
    to a poll.') or the opening mark of the next one made a reported clause "direct" or "mixed".
    Two apostrophes ('') are a quote mark too: one publisher's archive text uses them (until
    session 20 its quotations all counted as indirect)."""
    start, end = min(s for s, _ in content), max(e for _, e in content)
    norm = text.translate(_QUOTE_CHARS)
    inner = " ".join(norm[s:e] for s, e in content).strip().replace("''", '"')
    right = end
    while right < len(text) and text[right] in ",.;:!?":
        right += 1
    opened = (start >= 1 and text[start - 1] in _OPENING) or text[max(0, start - 2):start] == "''"
    closed = (right < len(text) and text[right] in _CLOSING) or text[right:right + 2] == "''"
    if opened and not inner.startswith('"'):
        inner = '"' + inner
    if closed and not inner.rstrip(",.;:!? ").endswith('"'):
        inner = inner + '"'
    if '"' not in inner:
        return "indirect"
    outside = _QUOTED.sub(" ", inner)
    return "mixed" if any(ch.isalnum() for ch in outside) else "direct"


def gold_attributions(record: dict[str, Any], annotator: str | None = None) -> list[Attribution]:
    """The first annotator's attributions of one article (two dev articles have two), or
    ``annotator``'s (eval/polnear_agreement.py)."""
    annotations = record.get("annotations") or {}
    if not annotations:
        return []
    first = annotator or sorted(annotations)[0]
    text = record["text"]
    out: list[Attribution] = []
    for a in annotations[first]:
        content = [tuple(s) for part in a.get("content", []) for s in part.get("spans", [])]
        if not content:
            continue
        source = [tuple(s) for part in a.get("source", []) for s in part.get("spans", [])]
        cue = [tuple(s) for part in a.get("cue", []) for s in part.get("spans", [])]
        src_text = " ".join(text[s:e] for s, e in source)
        out.append(Attribution(content, source, cue, gold_label(text, content), None, src_text))  # type: ignore[arg-type]
    return out


def _overlap(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def source_ok(pred: Attribution, gold: Attribution, *, lenient: bool) -> bool:
    if not gold.source:
        return pred.speaker is None and not pred.source
    if pred.source and _overlap(pred.source, gold.source) > 0:
        return True
    if lenient and pred.speaker and gold.source_text:
        words = re.findall(r"[A-Za-z][\w'-]*", gold.source_text)
        if words and words[-1].lower() in {w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", pred.speaker)}:
            return True
    return False


def _length(spans: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, e - s) for s, e in spans)


def match_one_to_one(preds: list[Attribution], golds: list[Attribution], min_share: float = MIN_SHARE) -> list[tuple[int, int]]:
    """(pred, gold) pairs, each side used once, largest overlap first; the overlap must cover
    at least ``min_share`` of each side's characters."""
    pairs = sorted(
        (
            (ov, i, j)
            for i, p in enumerate(preds)
            for j, g in enumerate(golds)
            if (ov := _overlap(p.content, g.content)) > 0 and ov >= min_share * max(_length(p.content), _length(g.content))
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict[str, float | int]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "n_pred": n_p, "n_gold": n_g}


def score(docs: list[tuple[list[Attribution], list[Attribution]]]) -> dict[str, Any]:
    """Every number the report prints, from (predictions, gold) per article.

    Overlap matching, not one-to-one: a prediction is right when it overlaps some gold
    attribution (with the right source, for the source numbers); a gold attribution is found
    when some prediction overlaps it. PolNeAR often makes one attribution of a paragraph that
    holds two quoted segments ("'A,' she said. 'B.'"), which we report as two quotes.
    """
    counts: dict[str, int] = {}

    def add(key: str, n: int | bool = 1) -> None:
        counts[key] = counts.get(key, 0) + int(n)

    for preds, golds in docs:
        over = [[j for j, g in enumerate(golds) if _overlap(p.content, g.content) > 0] for p in preds]
        pairs = match_one_to_one(preds, golds)
        for i, j in pairs:
            p, g = preds[i], golds[j]
            ok_span, ok_name = source_ok(p, g, lenient=False), source_ok(p, g, lenient=True)
            add("o_content")
            add("o_span", ok_span)
            add("o_name", ok_name)
            add(f"o_content:{p.label}:{g.label}")
            add(f"o_name_pred:{p.label}", ok_name)
            add(f"o_name_gold:{g.label}", ok_name)
            add(f"o_content_pred:{p.label}")
            add(f"o_content_gold:{g.label}")
            if p.label == "direct" and p.speaker:
                add("o_direct_spk_span", ok_span)
                add("o_direct_spk_name", ok_name)
            if g.label == "direct" and p.speaker and p.label == "direct":
                add("o_gdirect_spk_span", ok_span)
                add("o_gdirect_spk_name", ok_name)
            if p.label == "direct" and p.speaker:
                # lenient, labelled: the gold source is the outlet our citations say passed the quote on
                relayed = ok_name or bool(g.source and _overlap(p.relays, g.source) > 0)
                add("o_direct_spk_relay", relayed)
                add("o_gdirect_spk_relay", relayed and g.label == "direct")
            if p.speaker:
                add("o_speaker")
                add("o_speaker_right", ok_name)
        add("pred", len(preds))
        add("gold", len(golds))
        for i, p in enumerate(preds):
            hit = over[i]
            s_span = any(source_ok(p, golds[j], lenient=False) for j in hit)
            s_name = any(source_ok(p, golds[j], lenient=True) for j in hit)
            add(f"pred:{p.label}")
            add("p_content", bool(hit))
            add(f"p_content:{p.label}", bool(hit))
            add("p_span", s_span)
            add("p_name", s_name)
            add(f"p_name:{p.label}", s_name)
            with_cue = [j for j in hit if golds[j].cue]
            if p.cue and with_cue:
                add("cue_both")
                add("cue", any(_overlap(p.cue, golds[j].cue) > 0 for j in with_cue))
            if hit:
                add("matched")
                add("matched_span", s_span)
                add("matched_name", s_name)
            if p.label == "direct" and p.speaker:
                add("pred:direct+speaker")
                add("p_direct_spk_span", s_span)
                add("p_direct_spk_name", s_name)
        for j, g in enumerate(golds):
            hit = [i for i in range(len(preds)) if j in over[i]]
            add(f"gold:{g.label}")
            add("g_content", bool(hit))
            add(f"g_content:{g.label}", bool(hit))
            s_span = any(source_ok(preds[i], g, lenient=False) for i in hit)
            s_name = any(source_ok(preds[i], g, lenient=True) for i in hit)
            add("g_span", s_span)
            add("g_name", s_name)
            add(f"g_name:{g.label}", s_name)
            if g.label == "direct":
                spk = [i for i in hit if preds[i].label == "direct" and preds[i].speaker]
                add("g_direct_spk_span", any(source_ok(preds[i], g, lenient=False) for i in spk))
                add("g_direct_spk_name", any(source_ok(preds[i], g, lenient=True) for i in spk))
    c = lambda key: counts.get(key, 0)  # noqa: E731
    result: dict[str, Any] = {
        "articles": len(docs),
        "one_to_one": {
            "content": _prf(c("o_content"), c("pred"), c("o_content"), c("gold")),
            "content_and_source_span": _prf(c("o_span"), c("pred"), c("o_span"), c("gold")),
            "content_and_source_name": _prf(c("o_name"), c("pred"), c("o_name"), c("gold")),
            "direct_with_speaker_span": _prf(c("o_direct_spk_span"), c("pred:direct+speaker"), c("o_gdirect_spk_span"), c("gold:direct")),
            "direct_with_speaker_name": _prf(c("o_direct_spk_name"), c("pred:direct+speaker"), c("o_gdirect_spk_name"), c("gold:direct")),
            "direct_with_speaker_or_relay": _prf(c("o_direct_spk_relay"), c("pred:direct+speaker"), c("o_gdirect_spk_relay"), c("gold:direct")),
            "speaker_right_of_matched": round(c("o_speaker_right") / max(1, c("o_speaker")), 3),
            "by_label": {
                label: _prf(c(f"o_name_pred:{label}"), c(f"pred:{label}"), c(f"o_name_gold:{label}"), c(f"gold:{label}")) for label in LABELS
            },
        },
        "content_overlap": _prf(c("p_content"), c("pred"), c("g_content"), c("gold")),
        "content_and_source_span": _prf(c("p_span"), c("pred"), c("g_span"), c("gold")),
        "content_and_source_name": _prf(c("p_name"), c("pred"), c("g_name"), c("gold")),
        "source_accuracy_of_matched": {
            "span": round(c("matched_span") / max(1, c("matched")), 3),
            "name": round(c("matched_name") / max(1, c("matched")), 3),
        },
        "cue_accuracy_of_matched": round(c("cue") / max(1, c("cue_both")), 3),
        "by_label": {},
        "direct_with_speaker": {
            "span": _prf(c("p_direct_spk_span"), c("pred:direct+speaker"), c("g_direct_spk_span"), c("gold:direct")),
            "name": _prf(c("p_direct_spk_name"), c("pred:direct+speaker"), c("g_direct_spk_name"), c("gold:direct")),
        },
    }
    for label in LABELS:
        result["by_label"][label] = {
            # precision: our spans with this label that overlap a gold attribution (of any
            # type); recall: gold attributions of this type that a prediction overlaps
            "content": _prf(c(f"p_content:{label}"), c(f"pred:{label}"), c(f"g_content:{label}"), c(f"gold:{label}")),
            "content_and_source_name": _prf(c(f"p_name:{label}"), c(f"pred:{label}"), c(f"g_name:{label}"), c(f"gold:{label}")),
        }
    return result


def relays_of(citations: Iterable[Any]) -> dict[str, list[tuple[int, int]]]:
    """Quote id -> the spans of the citations that pass that quote on (``attrs.relays``)."""
    out: dict[str, list[tuple[int, int]]] = {}
    for c in citations:
        d = c if isinstance(c, dict) else c.to_dict()
        for qid in (d.get("attrs") or {}).get("relays") or []:
            out.setdefault(str(qid), []).append((int(d["start"]), int(d["end"])))
    return out


def spans_to_attributions(spans: Iterable[Any], join_carried: bool = True, relays: dict[str, list[tuple[int, int]]] | None = None) -> list[Attribution]:
    """Our quotes layer (Span objects or their dicts) as attributions; scare quotes and titles
    dropped. With ``join_carried`` (the headline), a quote with no cue of its own that takes
    its speaker from an earlier attribution (``attrs.carried_from``: '"X," she said.' then a
    paragraph '"Y."') is scored as more content of that attribution: PolNeAR's unit is the
    attribution (one source, one cue, content in pieces), not the quotation. Quoted and
    reported words joined make the attribution ``mixed``, as ``gold_label`` would read it. An
    embedded post (``cue_kind`` "post": the words above '- Name (@handle) date', verbatim but
    with no quote marks) counts as ``indirect``, as ``gold_label`` reads words without marks."""
    out: list[Attribution] = []
    where: dict[tuple[int, int], int] = {}
    for s in spans:
        d = s if isinstance(s, dict) else s.to_dict()
        if d["label"] in ("scare", "title"):
            continue
        attrs = d.get("attrs") or {}
        src = [(attrs["speaker_start"], attrs["speaker_end"])] if attrs.get("speaker_start") is not None else []
        cue = [(attrs["cue_start"], attrs["cue_end"])] if attrs.get("cue_start") is not None else []
        # a quotation in pieces ('"X," she said, "Y."') is its segments, not the attribution between them
        content = [(int(a), int(b)) for a, b in attrs["segments"]] if attrs.get("segments") else [(d["start"], d["end"])]
        target = where.get((int(attrs["carried_from"][0]), int(attrs["carried_from"][1]))) if join_carried and attrs.get("carried_from") else None
        if target is not None:
            joined = out[target]
            joined.content = joined.content + content
            if joined.label != d["label"]:
                joined.label = "mixed"
            continue
        where[(d["start"], d["end"])] = len(out)
        # PolNeAR's labels follow quote marks (``gold_label``); an embedded post's words have none
        label = "indirect" if attrs.get("cue_kind") == "post" else d["label"]
        out.append(
            Attribution(
                content, src, cue, label, attrs.get("speaker"), "",
                float(attrs.get("confidence") or 0.0), str(attrs.get("calibration_key") or ""),
                list((relays or {}).get(str(d.get("id")), [])),
            )
        )
    return out


class _Timed:
    """Wraps a stage callable and adds up the seconds it takes (keeps ``pipe`` if it has one)."""

    def __init__(self, fn: Any) -> None:
        self.fn, self.seconds = fn, 0.0
        if hasattr(fn, "pipe"):
            self.pipe = self._pipe

    def _pipe(self, items: Any) -> None:
        t = time.perf_counter()
        try:
            self.fn.pipe(items)
        finally:
            self.seconds += time.perf_counter() - t

    def __call__(self, article: Any, ctx: Any) -> None:
        t = time.perf_counter()
        try:
            self.fn(article, ctx)
        finally:
            self.seconds += time.perf_counter() - t


class _Capture:
    """Wraps the last stage: keeps each article's state before it (the article as JSON and the
    parse) for ``--cache``, then runs the stage."""

    def __init__(self, fn: Any, after: list[Any] | None = None) -> None:
        self.fn, self.kept, self.after = fn, [], after or []  # type: ignore[var-annotated]

    def __call__(self, article: Any, ctx: Any) -> None:
        self.kept.append((article.to_json(), ctx.docs))
        self.fn(article, ctx)
        for fn in self.after:  # stages after quotes (--relays: citations), never cached
            fn(article, ctx)


def upstream_source_hash(src: Path, last: str) -> str:
    """A hash of the package's Python source under ``src`` (``src/newsprobe``) but the last
    stage's own modules (``quotes``: ``stages/quote*.py``; also the attribution model's code and
    the trainers). A stage version names a behaviour only once its code is final: a cache made
    while an upstream stage's code was still changing under one version number was read again,
    silently (session 35: 28 phantom entity changes on dev). Any other edit costs a new parse."""
    import hashlib

    own = f"stages/{last.rstrip('s')}"
    h = hashlib.sha1()
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src).as_posix()
        if rel.startswith((own, "ml/attribution", "train/")):
            continue
        h.update(rel.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _cache_file(cache: Path, records: list[dict[str, Any]], stages: str) -> Path:
    """One pickle per slice, upstream stage versions and upstream source (``upstream_source_hash``)."""
    import hashlib

    from newsprobe.pipeline import registered_stages

    specs = registered_stages()
    names = stages.split(",")
    versions = ",".join(f"{n}={specs[n].version}" for n in names[:-1])
    h = hashlib.sha1(versions.encode())
    h.update(upstream_source_hash(ROOT / "src" / "newsprobe", names[-1]).encode())
    for r in records:
        h.update(r["text"].encode())
    return cache / f"polnear-{h.hexdigest()[:16]}.pickle"


def predict(
    records: list[dict[str, Any]], stages: str = "parse,stories,sentences,entities,quotes", cache: Path | None = None,
    after: tuple[str, ...] = (),
) -> tuple[list[Any], dict[str, float]]:
    """Run newsprobe over the records; returns the analysed articles and seconds per stage.

    With ``cache`` (a folder outside the repository: the file holds PolNeAR's text), the
    state before the last stage (quotes) is saved on the first run and later runs only rerun
    that stage: minutes become seconds while working on the quotes stage. ``after`` names
    stages run after the last one on the same parse (``citations`` for ``--relays``)."""
    sys.path.insert(0, str(ROOT / "src"))
    import pickle

    from newsprobe.api import load_pipeline
    from newsprobe.article import Article
    from newsprobe.context import Context
    from newsprobe.settings import load_settings

    from newsprobe.pipeline import registered_stages

    settings = load_settings(stages=stages)
    pipeline = load_pipeline(settings)
    after_fns = [registered_stages()[name].factory(settings) for name in after]
    path = _cache_file(cache, records, stages) if cache is not None else None
    if path is not None and path.exists():
        with path.open("rb") as f:
            kept = pickle.load(f)
        last = _Timed(pipeline._fns[-1])
        articles = []
        for doc_json, docs in kept:
            article = Article.from_json(doc_json)
            ctx = Context(article=article, settings=settings, docs=docs)
            last(article, ctx)
            for fn in after_fns:
                fn(article, ctx)
            articles.append(article)
        return articles, {pipeline.names[-1]: round(last.seconds, 3)}
    capture = _Capture(pipeline._fns[-1], after_fns)
    fns = list(pipeline._fns[:-1]) + [capture]
    timed = [_Timed(fn) for fn in fns]
    saved = pipeline._fns
    pipeline._fns = timed  # type: ignore[assignment]
    try:
        articles = list(pipeline.pipe(Article(r["text"], meta={"title": r.get("title")}) for r in records))
    finally:
        pipeline._fns = saved
    if path is not None and len(capture.kept) == len(records):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            pickle.dump(capture.kept, f, protocol=pickle.HIGHEST_PROTOCOL)
    return articles, {name: round(t.seconds, 3) for name, t in zip(pipeline.names, timed)}


def export_gold(records: list[dict[str, Any]], path: Path) -> None:
    """The gold as newsprobe/1 articles whose ``quotes`` layer holds one span per attribution
    (the content's outer bounds; label direct/mixed/indirect; the source and cue as attrs),
    for ``newsprobe evaluate quotes`` or any other scorer. Keep the file out of the repository:
    it holds PolNeAR's article text."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsprobe.article import Article, Span

    with path.open("w", encoding="utf-8") as out:
        for r in records:
            spans = []
            for g in gold_attributions(r):
                start, end = min(s for s, _ in g.content), max(e for _, e in g.content)
                src = (min(s for s, _ in g.source), max(e for _, e in g.source)) if g.source else (None, None)
                cue = (min(s for s, _ in g.cue), max(e for _, e in g.cue)) if g.cue else (None, None)
                attrs = {"speaker": g.source_text or None, "speaker_start": src[0], "speaker_end": src[1], "cue_start": cue[0], "cue_end": cue[1]}
                spans.append(Span(start, end, g.label, attrs=attrs))
            article = Article(r["text"], meta={"title": r.get("title")}, layers={"quotes": spans})
            out.write(article.to_json() + "\n")


def reliability(docs: list[tuple[list[Attribution], list[Attribution]]], edges: tuple[float, ...] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)) -> list[dict[str, Any]]:
    """Bins of predicted confidence against the share of speakers that are right.

    Counts predictions that name a speaker and are matched one-to-one to a gold attribution
    (``right``: the source agrees, span or name); ``unmatched`` predictions cannot be checked
    and are counted apart.
    """
    bins = [{"lo": lo, "hi": min(hi, 1.0), "n": 0, "right": 0, "unmatched": 0, "conf_sum": 0.0} for lo, hi in zip(edges, edges[1:])]
    for preds, golds in docs:
        matched = dict(match_one_to_one(preds, golds))
        for i, p in enumerate(preds):
            if not p.speaker:
                continue
            b = next(b for b, hi in zip(bins, edges[1:]) if p.confidence < hi)
            if i not in matched:
                b["unmatched"] += 1
                continue
            b["n"] += 1
            b["conf_sum"] += p.confidence
            b["right"] += source_ok(p, golds[matched[i]], lenient=True)
    out = []
    for b in bins:
        n = b["n"]
        out.append(
            {
                "bin": f"[{b['lo']:.1f}, {b['hi']:.1f}{']' if b['hi'] >= 1.0 else ')'}",
                "n": n,
                "mean_confidence": round(b["conf_sum"] / n, 3) if n else None,
                "share_right": round(b["right"] / n, 3) if n else None,
                "unmatched": b["unmatched"],
            }
        )
    return out


def at_least(docs: list[tuple[list[Attribution], list[Attribution]]], threshold: float) -> dict[str, Any]:
    """Share of matched speakers that are right among those with confidence >= ``threshold``."""
    n = right = 0
    for preds, golds in docs:
        for i, j in match_one_to_one(preds, golds):
            p = preds[i]
            if p.speaker and p.confidence >= threshold:
                n += 1
                right += source_ok(p, golds[j], lenient=True)
    return {"threshold": threshold, "n": n, "share_right": round(right / n, 3) if n else None}


def fit_calibration(records: list[dict[str, Any]], source: str, out: Path | None = None, cache: Path | None = None) -> int:
    """Count, per calibration key, how many one-to-one matched speakers are right, and write
    the table (numbers and key names only, no PolNeAR text) next to the quotes stage."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsprobe.stages.quote_calibration import CALIBRATION_PATH, write_table

    articles, _ = predict(records, cache=cache)
    counts = calibration_counts(articles, records)
    path = out or CALIBRATION_PATH
    write_table(counts, f"{source}, {len(records)} articles", path)
    total = sum(n for n, _ in counts.values())
    right = sum(k for _, k in counts.values())
    print(f"wrote {path} ({len(counts)} keys, {total} matched speakers, {right / max(1, total):.3f} right)")
    return 0


def calibration_counts(articles: list[Any], records: list[dict[str, Any]]) -> dict[str, list[int]]:
    """(n, right) per calibration key over one-to-one matched predictions that name a speaker."""
    from newsprobe.stages.quote_calibration import calibration_key

    counts: dict[str, list[int]] = {}
    for a, r in zip(articles, records):
        spans = [s for s in a.layer("quotes") if s.label not in ("scare", "title")]
        preds = spans_to_attributions(spans, join_carried=False)  # one per span: keys below index spans
        golds = gold_attributions(r)
        for i, j in match_one_to_one(preds, golds):
            if not preds[i].speaker:
                continue
            key = calibration_key(spans[i].label, dict(spans[i].attrs))
            n_right = counts.setdefault(key, [0, 0])
            n_right[0] += 1
            n_right[1] += source_ok(preds[i], golds[j], lenient=True)
    return counts


def by_publisher(docs: list[tuple[list[Attribution], list[Attribution]]], records: list[dict[str, Any]]) -> dict[str, Any]:
    """The headline numbers (one-to-one) per publisher, printed and returned."""
    groups: dict[str, list[tuple[list[Attribution], list[Attribution]]]] = {}
    for doc, record in zip(docs, records):
        groups.setdefault(str(record.get("publisher") or "?"), []).append(doc)
    out: dict[str, Any] = {}
    print("  by publisher (one-to-one): articles; direct with speaker P / R (pred, gold); content + source F1")
    for name in sorted(groups):
        o = score(groups[name])["one_to_one"]
        d, c = o["direct_with_speaker_name"], o["content_and_source_name"]
        out[name] = {"articles": len(groups[name]), "direct_with_speaker_name": d, "content_and_source_name": c}
        print(f"    {name:14s} {len(groups[name]):4d}   {d['p']:.3f} / {d['r']:.3f} ({d['n_pred']}, {d['n_gold']})   {c['f1']:.3f}")
    return out


def print_report(result: dict[str, Any], title: str, out: Any = sys.stdout) -> None:
    def row(name: str, m: dict[str, Any]) -> None:
        print(f"  {name:<40} P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}  (pred {m['n_pred']}, gold {m['n_gold']})", file=out)

    print(f"{title}: {result['articles']} articles", file=out)
    o = result["one_to_one"]
    print(f"  one-to-one matching (headline; each side at most once, overlap >= {MIN_SHARE:.0%} of each side;", file=out)
    print("  a quote with no cue joins the attribution whose speaker it carries, as PolNeAR marks it):", file=out)
    row("content", o["content"])
    row("content + source (span)", o["content_and_source_span"])
    row("content + source (span or name)", o["content_and_source_name"])
    row("direct with speaker (span)", o["direct_with_speaker_span"])
    row("direct with speaker (span or name)", o["direct_with_speaker_name"])
    for label, m in o["by_label"].items():
        row(f"{label}: content + source (name)", m)
    print(f"  speaker right among matched (span or name): {o['speaker_right_of_matched']:.3f}", file=out)
    if "one_to_one_quotes_apart" in result:
        a = result["one_to_one_quotes_apart"]
        print("  one-to-one, each quote on its own (carried quotes not joined; version 21's headline):", file=out)
        row("apart: content + source (span or name)", a["content_and_source_name"])
        row("apart: direct with speaker (span or name)", a["direct_with_speaker_name"])
    print("  lenient (any 1-character overlap, not one-to-one):", file=out)
    row("lenient content overlap (all)", result["content_overlap"])
    row("lenient content + source (span)", result["content_and_source_span"])
    row("lenient content + source (span or name)", result["content_and_source_name"])
    for label, m in result["by_label"].items():
        row(f"lenient {label}: content", m["content"])
        row(f"lenient {label}: content + source (name)", m["content_and_source_name"])
    row("lenient direct with speaker (span)", result["direct_with_speaker"]["span"])
    row("lenient direct with speaker (span or name)", result["direct_with_speaker"]["name"])
    acc = result["source_accuracy_of_matched"]
    print(f"  lenient source right among matched: span {acc['span']:.3f}, span or name {acc['name']:.3f}", file=out)
    print(f"  lenient cue right among matched (both have a cue): {result['cue_accuracy_of_matched']:.3f}", file=out)
    if "reliability" in result:
        print("  reliability (speakers of one-to-one matched predictions; right = span or name):", file=out)
        print(f"    {'confidence':<12} {'n':>5} {'mean conf':>9} {'share right':>11} {'unmatched':>9}", file=out)
        for b in result["reliability"]:
            mc = "-" if b["mean_confidence"] is None else f"{b['mean_confidence']:.3f}"
            sr = "-" if b["share_right"] is None else f"{b['share_right']:.3f}"
            print(f"    {b['bin']:<12} {b['n']:>5} {mc:>9} {sr:>11} {b['unmatched']:>9}", file=out)
        for t in result["at_least"]:
            sr = "-" if t["share_right"] is None else f"{t['share_right']:.3f}"
            print(f"    confidence >= {t['threshold']:.1f}: {t['n']} speakers, {sr} right", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", help="PolNeAR split (dev; test only for a final evaluation)")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--offset", type=int, default=0, help="skip the first N articles (train slices: --offset 100 --limit 200)")
    ap.add_argument("--limit", type=int, default=0, help="score only N articles (after --offset)")
    ap.add_argument("--json", type=Path, help="write the numbers to this file")
    ap.add_argument("--timing", action="store_true", help="print seconds per stage and the quotes share")
    ap.add_argument("--export-gold", type=Path, help="write the gold as newsprobe/1 JSON Lines (a quotes layer) and stop")
    ap.add_argument(
        "--fit-calibration",
        action="store_true",
        help="fit the speaker confidence table on train[100:400] (or --split/--offset/--limit) and write it into the package",
    )
    ap.add_argument("--calibration-out", type=Path, help="with --fit-calibration: write the table here instead of into the package")
    ap.add_argument(
        "--cache", type=Path,
        help="keep the parse (every stage before quotes) in this folder, outside the repository, and rerun only the quotes stage next time",
    )
    ap.add_argument(
        "--by-publisher", action="store_true",
        help="also print the headline numbers per publisher (train[:100] is all one publisher: compare it with the same publisher's articles elsewhere)",
    )
    ap.add_argument(
        "--direct-errors", action="store_true",
        help="also print one line per direct-with-speaker error (FP / FN, with the overlapping spans); quotes the articles, keep the output out of the repository",
    )
    ap.add_argument(
        "--source-errors", action="store_true",
        help="also print one line per one-to-one matched pair whose source is wrong (span or name), with a class; quotes the articles, keep the output out of the repository",
    )
    ap.add_argument(
        "--miss-summary", action="store_true",
        help="also print where the all-attribution F1 is lost: unmatched gold by label and overlap, missed cue words, kinds of prediction by share right (counts only)",
    )
    ap.add_argument(
        "--relays", action="store_true",
        help="also run the citations stage and print a lenient, labelled direct-quote line that counts a gold source which is the outlet our citations say passed the quote on (counts only)",
    )
    ap.add_argument(
        "--by-length", action="store_true",
        help="also print direct-quote recall for short gold quotations (under 5 words: titles, quoted terms) and the rest (counts only)",
    )
    args = ap.parse_args(argv)
    if args.fit_calibration:
        if args.split != "train":
            raise SystemExit("--fit-calibration fits on train only: add --split train (train[:100] and dev stay held out)")
        offset = args.offset or 100
        if offset < 100:
            raise SystemExit("--fit-calibration must not see train[:100], the untouched slice: use --offset 100 or more")
        records = load_split(args.data, "train")[offset : offset + (args.limit or 300)]
        return fit_calibration(records, f"PolNeAR train[{offset}:{offset + len(records)}]", args.calibration_out, args.cache)
    records = load_split(args.data, args.split)
    if args.offset:
        records = records[args.offset :]
    if args.limit:
        records = records[: args.limit]
    if args.export_gold:
        export_gold(records, args.export_gold)
        return 0
    articles, seconds = predict(records, cache=args.cache, after=("citations",) if args.relays else ())
    docs = [
        (spans_to_attributions(a.layer("quotes"), relays=relays_of(a.layer("citations")) if args.relays else None), gold_attributions(r))
        for a, r in zip(articles, records)
    ]
    result = score(docs)
    apart = [(spans_to_attributions(a.layer("quotes"), join_carried=False), g) for a, (_, g) in zip(articles, docs)]
    result["one_to_one_quotes_apart"] = score(apart)["one_to_one"]
    result["gold_labels"] = {label: sum(1 for _, g in docs for x in g if x.label == label) for label in LABELS}
    result["seconds_per_stage"] = seconds
    result["reliability"] = reliability(docs)
    result["at_least"] = [at_least(docs, t) for t in (0.6, 0.8, 0.9)]
    print_report(result, f"newsprobe quotes on PolNeAR {args.split}")
    print(f"  gold by type: {result['gold_labels']}")
    if args.relays:
        m = result["one_to_one"]["direct_with_speaker_or_relay"]
        print(f"  lenient, --relays: direct with speaker, or the outlet our citations say passed it on: P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}")
    if args.by_publisher:
        result["by_publisher"] = by_publisher(docs, records)
    if args.direct_errors or args.source_errors or args.miss_summary or args.by_length:
        sys.modules.setdefault("polnear", sys.modules[__name__])  # the listings import this module by name
        from polnear_errors import direct_by_length, direct_errors, miss_summary, source_errors

        if args.by_length:
            result["direct_by_length"] = direct_by_length(docs, records)

        if args.direct_errors:
            direct_errors(docs, records)
        if args.source_errors:
            source_errors(docs, records)
        if args.miss_summary:
            result["miss_summary"] = miss_summary(docs, records, articles)
    if args.timing:
        core = sum(v for k, v in seconds.items() if k != "quotes")
        share = f"; quotes = {100 * seconds.get('quotes', 0) / core:.1f}% of the stages before it" if core else " (--cache: only the quotes stage ran)"
        per = 1000 * seconds.get("quotes", 0) / max(1, len(records))
        print(f"  seconds per stage: {seconds}{share}; quotes {per:.1f} ms per article")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
