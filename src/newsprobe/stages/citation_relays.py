"""Which quotes a cited source relays: '"We will not back down," Quill said, according to Reuters.'

The quote is Quill's; the article did not hear it but took it from Reuters. A reader who
checks the quote should know both, so the citation of Reuters carries ``attrs.relays``: the
ids of the quotes it passes on (the quote keeps its speaker). A source relays the quotes of
other speakers whose cue stands in the same sentence as its own cue when it is:

* the object of "according to", "courtesy of", "reported by" (any kind but social posts:
  "Quill said ..., according to sources" is hearsay, worth knowing);
* an outlet interviewed or told ("in an interview with the Post"; "Quill told CNN": only the
  quotes of that verb);
* an outlet, organisation or document that reports ("The Post reported that Quill said ...":
  only quotes inside what it reports, when the quotes layer gives it a quote of its own).

Datelines ("(Reuters) -") are left to the ``stories`` layer: they credit a whole story, not
one quote. A quote with no speaker is not relayed: its source is the cited one itself; nor is
a reported (not quoted) one whose speaker is uncertain: it may be no speech at all.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Any, Iterable

from ..article import Article, Span

#: Cue phrases whose object passes on what another speaker said.
_PASSING_CUES = ("according to", "courtesy of", "reported by", "revealed by", "published by", "posted by", "written by")
#: Cues whose object is told or interviewed: an outlet there is where the words were said.
_TOLD_CUES = ("told", "tells", "telling", "tell", "interview with")
#: Reporting verbs whose subject relays the quotes inside its report.
_REPORT_CUES = frozenset("reported reports reporting report revealed reveals published publishes wrote writes cited cites".split())
_REPORTERS = frozenset({"outlet", "organisation", "document"})


def _relay_kind(span: Span) -> str | None:
    """How a citation can pass quotes on: ``"passing"``, ``"told"``, ``"report"`` or None."""
    cue = " ".join(str(span.attrs.get("cue") or "").lower().split())
    if span.label == "social" or not cue:
        return None
    if cue.startswith(_PASSING_CUES):
        return "passing"
    if span.label == "outlet" and cue.startswith(_TOLD_CUES):
        return "told"
    if span.label in _REPORTERS and cue in _REPORT_CUES and not span.attrs.get("speaker_uncertain"):
        return "report"
    return None


def _sentence_of(starts: list[int], ends: list[int], at: int) -> int | None:
    i = bisect_right(starts, at) - 1
    return i if i >= 0 and at < ends[i] else None


def _anchor(span: Span) -> int:
    cs = span.attrs.get("cue_start")
    return cs if isinstance(cs, int) else span.start


def link_relays(article: Article, citations: list[Span]) -> list[Span]:
    """The citations, each that passes on quotes of other speakers with ``attrs.relays`` (quote ids, in text order)."""
    sentences = sorted(article.layer("sentences"), key=lambda s: s.start)
    quotes = [
        q for q in article.layer("quotes")
        if q.label not in ("scare", "title") and q.attrs.get("speaker")
        and (q.label == "direct" or not q.attrs.get("speaker_uncertain"))  # a guessed reading may be no speech at all
    ]
    if not sentences or not quotes:
        return citations
    starts, ends = [s.start for s in sentences], [s.end for s in sentences]
    by_sentence: dict[int, list[Span]] = {}
    for q in quotes:
        i = _sentence_of(starts, ends, _anchor(q))
        if i is not None:
            by_sentence.setdefault(i, []).append(q)
    by_id = {q.id: q for q in quotes}
    carried: dict[tuple[int, int], list[Span]] = {}  # '"X," Quill told CNN. "Y."': Y goes where X goes
    for q in quotes:
        cf = q.attrs.get("carried_from")
        if isinstance(cf, (list, tuple)) and len(cf) == 2:
            carried.setdefault((int(cf[0]), int(cf[1])), []).append(q)
    out: list[Span] = []
    for c in citations:
        out.append(c)
        kind = _relay_kind(c)
        i = _sentence_of(starts, ends, _anchor(c)) if kind else None
        if i is None:
            continue
        own = by_id.get(str(c.attrs.get("quote_id") or ""))
        if kind == "report" and own is None:
            continue
        relayed: list[Span] = []
        for q in by_sentence.get(i, []):
            if q is own or _same_source(q, c, own):
                continue
            if kind == "report" and own is not None and not (own.start <= q.start and q.end <= own.end):
                continue  # only what the report itself holds
            if kind == "told" and c.attrs.get("cue_start") != q.attrs.get("cue_start") and not str(c.attrs.get("cue")).lower().startswith("interview"):
                continue  # "Quill told CNN": the quotes of that verb, not another speaker's in the sentence
            relayed.append(q)
        k = 0
        while k < len(relayed):  # and the quotes that carry their speaker on, piece after piece
            relayed.extend(x for x in carried.get((relayed[k].start, relayed[k].end), []) if x not in relayed)
            k += 1
        if relayed:
            ids = {q.id: q.start for q in relayed}
            out[-1] = replace(c, attrs={**c.attrs, "relays": sorted(ids, key=lambda k: ids[k])})
    return out


def _same_source(q: Span, c: Span, own: Span | None) -> bool:
    """The quote is the citation's own words (its speaker is the cited source, or stands where it does)."""
    a = q.attrs
    ss, se = a.get("speaker_start"), a.get("speaker_end")
    if isinstance(ss, int) and isinstance(se, int) and ss < c.end and c.start < se:
        return True
    source = " ".join(str(c.attrs.get("source") or "").lower().split())
    speaker = " ".join(str(a.get("speaker") or "").lower().split())
    return bool(source) and (source == speaker or (own is not None and own.attrs.get("speaker") == a.get("speaker")))


def relayed_by(citations: Iterable[tuple[str, Any]]) -> dict[str, list[str]]:
    """Quote id -> the names of the cited sources that pass the quote on, in text order, from
    ``(source name, attrs.relays)`` pairs of the citations layer (the text summary, the report
    and ``export quotes`` show them)."""
    out: dict[str, list[str]] = {}
    for name, relays in citations:
        for qid in relays or []:
            names = out.setdefault(str(qid), [])
            if name not in names:
                names.append(name)
    return out
