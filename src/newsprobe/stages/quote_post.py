"""The attribution record the quotes stage builds, and the passes that tidy the list once
speakers are known: one quotation in several pieces becomes one quote with ``segments``;
nothing crosses a paragraph break unless it is a real multi-paragraph quotation; quotes in
page furniture are dropped; one speaker keeps one kind.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from ..article import Article, Span
from ..signals import group_by_story
from .quote_calibration import UNCERTAIN_BELOW, calibrated, calibration_key
from .quote_speakers import Speaker

#: Longest gap (characters) between two pieces of one quotation ('"X," he said, "Y."').
MAX_SEGMENT_GAP = 300


@dataclass
class Found:
    """An attribution found, before (and after) its speaker is resolved."""

    start: int
    end: int
    label: str
    confidence: float
    cue_span: tuple[int, int] | None = None
    subject: tuple[int, Any] | None = None  # (chunk offset, subject token)
    inherit_from: int | None = None  # index of an earlier attribution whose speaker this one shares
    carried_from: Found | None = None  # that attribution itself (indices go stale when pieces merge)
    pending: tuple[int, int] | None = None  # (opening mark, earliest offset) of a quote with no cue
    speaker: Speaker | None = None
    #: where the attribution came from: cue (a reporting verb next to it), governed (a verb
    #: whose clause holds the quote), dash, colon, transcript, carried (no cue: the speaker of
    #: the quote before), none, indirect, stance, noun, learned (the attribution-cue model)
    path: str = "cue"
    region: tuple[int, int] | None = None  # quote marks [open, close) of a direct quote
    paragraphs: int = 1  # paragraphs the quotation runs over
    segments: list[tuple[int, int]] = field(default_factory=list)
    #: words put to the person the sentence names by someone the text does not name ("Asked
    #: whether ..., Ortiz said"): with no speaker found, ``speaker_via`` "addressed"
    addressed: bool = False
    #: the negation on the cue verb ("not", "never": "had not announced a date") or the refusal
    #: it is or hangs on ("declined to say"), else None (``quote_negation``)
    negated: str | None = None
    #: the handle under an embedded post ("@danapike", ``quote_posts``), else None
    post_handle: str | None = None


def anchor(f: Found) -> int:
    """Where an attribution is anchored in the text: its cue, else its start."""
    return f.cue_span[0] if f.cue_span is not None else f.start


def cues_after_quotations(found: Sequence[Found]) -> dict[int, tuple[int, int]]:
    """The character offset of the cue of each quotation in quote marks that its cue follows
    ('"Ready?" she asked'), mapped to the quotation's span (``quote_clauses.governs_other_quotes_cue``)."""
    return {f.cue_span[0]: (f.start, f.end) for f in found if f.cue_span and f.label in ("direct", "mixed") and f.end <= f.cue_span[0]}


def paragraph_starts(text: str) -> list[int]:
    starts, i = [0], text.find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def clip_to_paragraph(found: list[Found], text: str, para_starts: Sequence[int]) -> None:
    """Cut every attribution that crosses a paragraph break back to one paragraph (the one
    with its cue, else the one it starts in), except a real multi-paragraph quotation."""
    for f in found:
        if f.paragraphs > 1 or "\n" not in text[f.start : f.end]:
            continue
        anchor = f.cue_span[0] if f.cue_span and f.start <= f.cue_span[0] < f.end else f.start
        if f.cue_span and not (f.start <= f.cue_span[0] < f.end):
            anchor = f.start if f.cue_span[0] < f.start else f.end - 1
        i = bisect.bisect_right(para_starts, anchor) - 1
        p_start = para_starts[i]
        p_end = para_starts[i + 1] - 1 if i + 1 < len(para_starts) else len(text)
        start, end = max(f.start, p_start), min(f.end, p_end)
        while start < end and text[start] in " \t\r\n,;:":
            start += 1
        while end > start and text[end - 1] in " \t\r\n,;:":
            end -= 1
        f.start, f.end = start, end
        f.segments = []


def merge_segments(found: list[Found], text: str) -> list[Found]:
    """'"X," he said, "Y."' and '"X," said Ortega. "Y."' in one paragraph: one quote whose
    ``segments`` are the pieces. The second piece must share the first's cue or take its
    speaker from it (no cue of its own), with only the cue words between them. The words
    between may hold the speaker's own reported clause ('"X," she said, adding that the vote
    was close. "Y."'): an indirect attribution lying inside the gap, with the same speaker
    or none, does not part the pieces. A ``mixed`` first piece whose cue stands between the
    pieces ('Sooner or later, "we will pay," he said. "It is only fair."') takes the quote
    after it as its second segment and stays ``mixed``."""
    order = sorted(range(len(found)), key=lambda i: found[i].start)
    quoted = [i for i in order if found[i].label in ("direct", "mixed")]
    # indirect attributions (rules or learned) between two pieces are checked apart
    reported = [i for i in order if found[i].label == "indirect" or (found[i].path == "learned" and found[i].label not in ("scare", "title"))]
    drop: set[int] = set()
    head_of: dict[int, int] = {}
    prev = None
    for i in quoted:
        f = found[i]
        if prev is not None:
            p = found[head_of.get(prev, prev)]
            pi = head_of.get(prev, prev)
            g_gap = text[found[prev].end : f.start]
            inside, parts_ok = _reported_in_gap(found, reported, found[prev].end, f.start, p)
            same_cue = f.cue_span is not None and f.cue_span == p.cue_span
            carried = f.path == "carried" and (f.inherit_from == prev or f.inherit_from == pi or f.inherit_from in inside)
            # 'Sooner or later, "X," he said. "Y."': a mixed first piece whose cue stands between
            mixed_head = p.label == "mixed" and (same_cue or carried) and p.cue_span is not None and found[prev].end <= p.cue_span[0] < f.start
            if (
                f.label == "direct"
                and (p.label == "direct" or mixed_head)
                and parts_ok
                and f.region is not None
                and found[prev].region is not None
                and (same_cue or carried)
                and "\n" not in g_gap
                and len(g_gap) <= MAX_SEGMENT_GAP
                and _gap_is_cue(g_gap, found[prev].end, p)
            ):
                if not p.segments:
                    p.segments = [(p.start, p.end)]
                p.segments.append((f.start, f.end))
                p.end = f.end
                p.confidence = max(p.confidence, f.confidence if not carried else p.confidence)
                drop.add(i)
                head_of[i] = pi
                prev = i
                continue
        prev = i
    return [f for k, f in enumerate(found) if k not in drop]


def _reported_in_gap(found: list[Found], reported: list[int], start: int, end: int, head: Found) -> tuple[set[int], bool]:
    """The indirect attributions between two quoted pieces, and whether they let the pieces
    be one quotation: each lies wholly inside the gap (the speaker's own 'adding that ...')
    and has the head's speaker or none (a learned cue's speaker never parts them)."""
    inside: set[int] = set()
    ok = True
    name = head.speaker.name if head.speaker is not None else None
    for k in reported:
        r = found[k]
        if r.end <= start or r.start >= end:
            continue
        if r.start < start or r.end > end:
            continue  # reaches into a piece: not between them (the old rules decide)
        inside.add(k)
        other = r.speaker.name if r.speaker is not None else None
        if r.path != "learned" and other and other != name:
            ok = False
    return inside, ok


def extend_mixed(found: list[Found], text: str) -> None:
    """A quoted piece with no cue of its own that goes on the sentence of a ``mixed``
    attribution ('claimed the plan was "a tax" but "nobody will admit it."') extends that
    attribution to its end (``absorb_pieces`` then drops the piece). Only within one
    sentence: nothing but a few words between them, no stop, colon or line break."""
    for f in found:
        j = f.inherit_from
        if f.path != "carried" or j is None or found[j].label != "mixed":
            continue
        m = found[j]
        gap = text[m.end : f.start]
        ended = text[m.start : m.end].rstrip(" \"'\u201d\u2019")[-1:] in (".", "!", "?")  # '... to vote." He commanded ...' (v57)
        if m.end <= f.start and len(gap) <= 80 and not ended and not any(ch in gap for ch in ".!?:;\n"):
            m.end = max(m.end, f.end)


def absorb_pieces(found: list[Found], text: str) -> list[Found]:
    """Quoted pieces inside a ``mixed`` attribution are that attribution: 'called Vance a
    "liar" and "a coward."' is one span, not a span and a carried quote. A piece goes when it
    lies inside the mixed span and shares its cue, or has no cue of its own."""
    mixed = [f for f in found if f.label == "mixed"]
    if not mixed:
        return found
    out = []
    for f in found:
        inside = f.label in ("direct", "mixed") and any(
            m is not f and m.start <= f.start and (f.end <= m.end or not any(ch.isalnum() for ch in text[m.end : f.end]))
            and (m.end - m.start) > (f.end - f.start)
            and (f.cue_span == m.cue_span or f.path in ("carried", "none"))
            for m in mixed
        )
        if not inside:
            out.append(f)
    return out


def _gap_is_cue(gap: str, gap_start: int, head: Found) -> bool:
    """The text between two pieces is the attribution itself ('," said Ana Ruiz, a council
    member. "'): it holds the head's cue, and no other sentence starts there."""
    words = [w for w in gap.replace('"', " ").replace("\u201c", " ").replace("\u201d", " ").split() if any(ch.isalnum() for ch in w)]
    if not words:
        return True
    cue = head.cue_span
    if cue is None or not (gap_start <= cue[0] < gap_start + len(gap)):
        return False
    if any(_real_sentence_break(gap, m.start()) for m in _NEXT_SENTENCE.finditer(gap, max(0, cue[1] - gap_start))):
        return False  # '," Ana Ruiz said. Her rival Tom Ode disagreed. "': another sentence, maybe another speaker
    return len(words) <= 30


#: A full stop followed by a capitalised word: a new sentence, unless the stop ends an
#: abbreviation or an initial ("Dr. Ruiz", "J. Ode").
_NEXT_SENTENCE = re.compile(r"[.!?]\s+(?=[A-Z])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b[A-Z])$")


def _real_sentence_break(gap: str, at: int) -> bool:
    return gap[at] != "." or not _ABBREVIATION.search(gap[:at])


def drop_furniture(spans: list[Span], furniture: Sequence[Span]) -> list[Span]:
    """Quotes lying (mostly) inside page furniture (share bars, related links, captions)
    are not the article's: drop them."""
    if not furniture:
        return spans
    starts = [f.start for f in furniture]
    out = []
    for s in spans:
        i = bisect.bisect_right(starts, s.end) - 1
        covered = 0
        for j in range(i, max(-1, i - 8), -1):
            f = furniture[j]
            covered += max(0, min(s.end, f.end) - max(s.start, f.start))
        if covered * 2 < max(1, s.end - s.start):
            out.append(s)
    return out


def unify_kinds(found: list[Found]) -> None:
    """One speaker, one kind: every quote of a name takes the kind most of them carry
    (a person beats "named" and a role; an organisation beats "named")."""
    votes: dict[str, Counter[str]] = {}
    for f in found:
        sp = f.speaker
        if sp is not None and sp.name and sp.kind in ("person", "org", "named", "group", "role"):
            votes.setdefault(sp.name, Counter())[sp.kind] += 1
    rank = {"person": 3, "org": 3, "group": 1, "role": 1, "named": 0}
    chosen = {name: max(v.items(), key=lambda kv: (kv[1] + rank[kv[0]] * 0.5, rank[kv[0]]))[0] for name, v in votes.items() if len(v) > 1}
    for f in found:
        sp = f.speaker
        if sp is not None and sp.name in chosen and sp.kind in rank:
            f.speaker = Speaker(sp.name, chosen[sp.name], sp.start, sp.end, sp.via, sp.uncertain, sp.candidates)


def quote_signals(article: Article, spans: list[Span]) -> dict[str, Any]:
    """Counts per label and speaker, for the article and for each story."""

    def summary(group: list[Span]) -> dict[str, Any]:
        by_label = Counter(s.label for s in group)
        by_speaker = Counter(str(s.attrs["speaker"]) for s in group if s.attrs.get("speaker"))
        return {
            "count": len(group),
            "by_label": dict(sorted(by_label.items())),
            "by_speaker": dict(by_speaker.most_common()),
            "unattributed": sum(1 for s in group if s.label not in ("scare", "title") and not s.attrs.get("speaker")),
        }

    out = summary(spans)
    out["by_story"] = {sid: summary(group) for sid, group in group_by_story(article, spans).items()}
    return out


def to_span(f: Found, text: str, carried_from: Found | None = None) -> Span:
    """A found attribution as a span of the ``quotes`` layer, with calibrated confidence and
    doubt; ``carried_from`` is the attribution whose speaker a quote with no cue took."""
    sp = f.speaker
    if sp is None and f.addressed:
        sp = Speaker(None, None, None, None, via="addressed")
    if f.label in ("scare", "title"):
        attrs: dict[str, Any] = {k: None for k in ("speaker", "speaker_start", "speaker_end", "speaker_kind", "cue", "cue_start", "cue_end")}
        attrs["confidence"] = round(f.confidence, 3)
        return Span(f.start, f.end, f.label, score=attrs["confidence"], attrs=attrs)
    cue_text = text[f.cue_span[0] : f.cue_span[1]] if f.cue_span else None
    name = sp.name if sp is not None else None
    named = bool(name)
    attrs = {
        "speaker": name or None,
        "speaker_start": sp.start if sp else None,
        "speaker_end": sp.end if sp else None,
        "speaker_kind": sp.kind if sp else None,
        "cue": cue_text if f.cue_span else None,
        "cue_start": f.cue_span[0] if f.cue_span else None,
        "cue_end": f.cue_span[1] if f.cue_span else None,
        "cue_kind": f.path,
        "speaker_via": _via(sp) if sp is not None else "none",
    }
    confidence = calibrated(calibration_key(f.label, attrs), f.confidence) if named else min(f.confidence, 0.5)
    if f.path == "learned":  # a learned cue: the model's probability that this is an attribution at all caps it
        confidence = min(confidence, f.confidence)
    attrs["confidence"] = round(confidence, 3)
    attrs["speaker_uncertain"] = bool(sp is not None and sp.uncertain) or confidence < UNCERTAIN_BELOW
    if sp is not None and sp.via in ("inscription", "addressed"):  # words on a sign; a question put by someone unnamed: that no one is named is no guess
        attrs["speaker_uncertain"] = False
    if sp is not None and named and sp.candidates:
        attrs["speaker_candidates"] = list(sp.candidates)
    if f.negated:
        attrs["negated"] = f.negated
    if f.post_handle:
        attrs["post_handle"] = f.post_handle
    if f.segments:
        attrs["segments"] = [[s, e] for s, e in f.segments]
    if carried_from is not None:
        attrs["carried_from"] = [carried_from.start, carried_from.end]
    return Span(f.start, f.end, f.label, score=attrs["confidence"], attrs=attrs)


def quote_spans(found: list[Found], text: str) -> list[Span]:
    """The ``quotes`` layer's spans, one per distinct (start, end, label), each quote with no
    cue of its own naming the attribution whose speaker it took (``attrs.carried_from``)."""
    spans: list[Span] = []
    seen: set[tuple[int, int, str]] = set()
    targets = carried_targets(found)
    for f in found:
        key = (f.start, f.end, f.label)
        if key in seen or f.end <= f.start:
            continue
        seen.add(key)
        spans.append(to_span(f, text, targets.get(id(f))))
    return spans


def keep_carried_sources(spans: list[Span]) -> list[Span]:
    """``carried_from`` only where that attribution is still in the layer (not dropped since
    as page furniture or a weak learned reading)."""
    kept = {(s.start, s.end) for s in spans}
    out = []
    for s in spans:
        src = s.attrs.get("carried_from")
        if src is not None and (src[0], src[1]) not in kept:  # type: ignore[index]
            s = replace(s, attrs={k: v for k, v in s.attrs.items() if k != "carried_from"})
        out.append(s)
    return out


def carried_targets(found: list[Found]) -> dict[int, Found]:
    """For each quote that took its speaker from an earlier attribution (``carried_from``),
    that attribution as it stands now (by ``id`` of the quote): itself, or the quotation its
    piece was merged into. A target dropped since (a question, furniture) has none."""
    kept = {id(f) for f in found}
    spans = sorted((g for g in found if g.label not in ("scare", "title")), key=lambda g: g.start)
    starts = [g.start for g in spans]
    out: dict[int, Found] = {}
    for f in found:
        p = f.carried_from
        if p is None:
            continue
        if id(p) not in kept:  # merged into a quotation in pieces: the one that now holds its start
            k = bisect.bisect_right(starts, p.start)
            p = next((g for g in reversed(spans[max(0, k - 8) : k]) if g is not f and g.start <= p.start < g.end), None)
        if p is not None and p is not f and p.label not in ("scare", "title"):
            out[id(f)] = p
    return out


def _via(sp: Speaker) -> str:
    """The speaker path, with doubt spelled out: "pronoun-ambiguous", "pronoun-far", "name-doubtful"."""
    if not sp.uncertain:
        return sp.via
    if sp.candidates:
        return f"{sp.via}-ambiguous"
    return f"{sp.via}-far" if sp.via == "pronoun" else f"{sp.via}-doubtful"
