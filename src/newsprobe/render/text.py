"""A plain-text summary of an analysed article, for terminals (``--format text``).

``summarize`` reads a wire-format dict (or an ``Article``). Every list it cuts says so
("(and 3 more)"); an uncertain speaker is shown as ``Name?`` with the candidates; hidden bidi
and zero-width characters in any text shown become ``⟨RLO⟩``-style markers. The caller still
passes the result through ``textnorm.printable`` to neutralise terminal control characters.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Mapping

from ..article import Article
from . import doc as d
from .fmt import more, plain, rating_lines
from .invisible import count_invisible

QUOTES_SHOWN = 8
CITATIONS_SHOWN = 8
CLAIMS_SHOWN = 5
ENTITIES_SHOWN = 8
HEDGES_SHOWN = 8
SCARE_SHOWN = 6


def _short(text: str, n: int = 90) -> str:
    text = " ".join(plain(text).split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _quote_text(doc: Mapping[str, Any], q: Mapping[str, Any], n: int) -> str:
    segments = d.attrs(q).get("segments")
    if isinstance(segments, list) and len(segments) > 1:
        pieces = [doc["text"][s[0] : s[1]] for s in segments if isinstance(s, list) and len(s) == 2]
        if pieces:
            return _short(" \u2026 ".join(pieces), n)
    return _short(d.span_text(doc, q), n)


def _speaker(doc: Mapping[str, Any], q: Mapping[str, Any]) -> str:
    speaker, uncertain, candidates = d.speaker_of(q)
    if not uncertain:
        thing = d.written_on(doc, q)
        if not speaker and d.addressed_by_someone(q):
            return "(asked or told by someone the text does not name)"
        return _short(speaker, 50) if speaker else f"(written on {_short(thing, 40)}, no speaker)" if thing else "(unattributed)"
    text = f"{_short(speaker, 50)}? (speaker uncertain" if speaker else "speaker? (uncertain"
    if candidates:
        text += "; candidates: " + ", ".join(_short(c, 40) for c in candidates[:4]) + more(len(candidates) - 4)
    return text + ")"


def _kind(q: Mapping[str, Any]) -> str:
    """A quote's label, and for reported words the verb that reports them ('indirect, "denied"'),
    or the negated cue ('indirect, "not announced": not their words')."""
    neg = d.negated_cue(q)
    if neg:
        return f'{q["label"]}, "{_short(neg, 30)}": not their words'
    cue = d.attrs(q).get("cue") if q["label"] in ("indirect", "mixed") else None
    return f'{q["label"]}, "{_short(str(cue), 30)}"' if cue else str(q["label"])


def _ratings(rating: Any) -> str:
    lines = rating_lines(rating)
    shown = "; ".join(f"{name}: {verdict}" for name, verdict, _ in lines[:3])
    return shown + more(len(lines) - 3)


def summarize(article: Article | Mapping[str, Any], *, source: str | None = None) -> str:
    """A few lines per article: title, facts, stories, entities, quotes, sources, claims, hedges, techniques, notes."""
    doc = d.as_doc(article)
    lines: list[str] = []
    meta = doc.get("meta") or {}
    head = meta.get("title") or doc["text"][:60]
    lines.append(f"== {_short(str(head), 120)}  [{doc['id']}]")
    facts = [f"{k}: {_short(str(meta[k]), 80)}" for k in ("outlet", "published", "url") if meta.get(k)]
    if source:
        facts.append(f"source: {_short(source, 80)}")
    facts.append(f"language: {d.language(doc)}")
    facts.append(f"{len(doc['text'].split())} words")
    lines.append("   " + " | ".join(facts))
    pub = (doc.get("signals") or {}).get("publisher")
    if isinstance(pub, Mapping) and pub.get("name"):
        rated = _ratings(pub.get("ratings"))
        lines.append(f"   publisher: {_short(str(pub['name']), 60)}" + (f" ({pub['domain']})" if pub.get("domain") else "")
                     + (f"; rated: {rated}" if rated else "; no rating list covers it"))
    hidden = count_invisible(doc["text"])
    if hidden:
        lines.append(f"   ! {sum(hidden.values())} hidden characters in the text: "
                     + ", ".join(f"{k}\u00d7{n}" for k, n in sorted(hidden.items())) + " (shown as \u27e8markers\u27e9)")
    grouped: dict[str, list[str]] = {}  # one line per distinct note: "skipped: ..." for 7 stages is one line
    for stage, note in d.notes(doc):
        grouped.setdefault(note, []).append(stage or "")
    for note, stages in grouped.items():
        named = ", ".join(s for s in stages if s)
        lines.append(f"   note{f' ({named})' if named else ''}: {_short(note, 200)}")
    for stage, err in d.errors(doc):
        lines.append(f"   ! stage {stage} failed: {_short(err, 200)}")

    stories = [s for s in d.layer(doc, "stories") if s["label"] == "story"]
    if stories:
        lines.append(f"   stories ({len(stories)}):")
        for s in stories:
            a = d.attrs(s)
            origin = a.get("origin")
            lines.append(f"     - [{s['start']}:{s['end']}] {_short(str(a.get('title') or '(untitled)'), 60)}"
                         + (f"  <- {_short(str(origin), 40)} ({_short(str(a.get('origin_evidence') or ''), 40)})" if origin else "  (no stated origin)"))
    for post in (s for s in d.layer(doc, "stories") if s["label"] == "social_post"):
        a = d.attrs(post)
        lines.append(f"     * embedded post by {_short(str(a.get('author')), 40)} {_short(str(a.get('origin') or ''), 40)} [{post['start']}:{post['end']}]")
    furniture = d.layer(doc, "furniture")
    if furniture:
        kinds = Counter(s["label"] for s in furniture)
        lines.append(f"   page furniture left out ({len(furniture)}): " + ", ".join(f"{k}\u00d7{n}" for k, n in kinds.most_common()))

    entities = d.layer(doc, "entities")
    if entities:
        counts = Counter(f"{_short(str(d.attrs(s).get('canonical') or d.span_text(doc, s)), 40)} ({s['label']})"
                         for s in entities if s["label"] in {"PERSON", "ORG", "GPE", "NORP", "LOC"})
        common = counts.most_common(ENTITIES_SHOWN)
        if common:
            lines.append("   entities: " + ", ".join(f"{name}\u00d7{n}" if n > 1 else name for name, n in common) + more(len(counts) - len(common)))

    quotes = [q for q in d.layer(doc, "quotes") if q["label"] not in ("scare", "title")]
    if quotes:
        doubt = sum(1 for q in quotes if d.speaker_of(q)[1])
        lines.append(f"   quotes ({len(quotes)}" + (f", {doubt} with an uncertain speaker" if doubt else "") + "):")
        relays = d.relayed_by(doc)
        for q in quotes[:QUOTES_SHOWN]:
            carried = " (speaker from the quote before)" if d.attrs(q).get("carried_from") else ""
            via = relays.get(str(q.get("id")))
            relayed = f" (via {', '.join(_short(v, 40) for v in via[:2])})" if via else ""
            lines.append(f"     - {_speaker(doc, q)}{relayed}{carried} [{_kind(q)}]: {_quote_text(doc, q, 70)}")
        if len(quotes) > QUOTES_SHOWN:
            lines.append(f"     (and {len(quotes) - QUOTES_SHOWN} more)")
    for label, heading in (("title", "titles in quote marks"), ("scare", "scare quotes")):
        spans = [q for q in d.layer(doc, "quotes") if q["label"] == label]
        if spans:
            lines.append(f"   {heading}: " + ", ".join(repr(_short(d.span_text(doc, q), 60)) for q in spans[:SCARE_SHOWN]) + more(len(spans) - SCARE_SHOWN))

    cites = d.layer(doc, "citations")
    if cites:
        vague = sum(1 for c in cites if (d.attrs(c).get("kind") or c["label"]) == "vague")
        lines.append(f"   cited sources ({len(cites)}, {vague} vague):")
        for c in cites[:CITATIONS_SHOWN]:
            a = d.attrs(c)
            rated = _ratings(a.get("rating")) if a.get("rating") else ""
            unsure = "? (speaker uncertain)" if a.get("speaker_uncertain") else ""
            passes = f" passes on {len(a['relays'])} quote(s) of others" if a.get("relays") else ""
            lines.append(f"     - {_short(str(a.get('source') or d.span_text(doc, c)), 60)}{unsure} [{c['label']}]" + (f" rated: {rated}" if rated else "") + (";" if rated and passes else "") + passes)
        if len(cites) > CITATIONS_SHOWN:
            lines.append(f"     (and {len(cites) - CITATIONS_SHOWN} more)")

    claims = sorted(d.layer(doc, "claims"), key=lambda s: -(s.get("score") or 0))
    if claims:
        lines.append(f"   check-worthy claims ({len(claims)}):")
        for c in claims[:CLAIMS_SHOWN]:
            a = d.attrs(c)
            fc = a.get("factchecks") or []
            extra = ""
            if fc and isinstance(fc[0], Mapping):
                extra = f"  fact-check: {_short(str(fc[0].get('verdict')), 30)} ({_short(str(fc[0].get('claim')), 40)})" + more(len(fc) - 1)
            lines.append(f"     - {c.get('score') or 0:.2f} [{a.get('kind')}] {_short(d.span_text(doc, c), 70)}{extra}")
        if len(claims) > CLAIMS_SHOWN:
            lines.append(f"     (and {len(claims) - CLAIMS_SHOWN} more)")

    hedges = d.layer(doc, "hedges")
    if hedges:
        lines.append("   hedges: " + ", ".join(f"{_short(d.span_text(doc, h), 40)!r} ({h['label']})" for h in hedges[:HEDGES_SHOWN])
                     + more(len(hedges) - HEDGES_SHOWN))
    techniques = d.layer(doc, "techniques")
    if techniques:
        counts = Counter(str(t["label"]) for t in techniques)
        lines.append("   techniques: " + ", ".join(f"{k}\u00d7{v}" for k, v in counts.most_common()))
    return "\n".join(lines)
