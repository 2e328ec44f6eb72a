"""Which quote speakers can be cited sources: a guessed reading's subject that is a common
noun for no person, group, organisation or document ("this method shows", "your body fat
percentage") cites no one (citations version 4, docs/sources.md)."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from .quote_people import QUANTITY_HEADS, is_plausible_speaker_noun


def can_speak(docs: list[tuple[int, Any]], doc_starts: list[int], start: int, end: int) -> bool:
    """Whether the phrase at [start, end) can be a source: anything but a lower-case common noun
    that names no person, group, organisation or document ("your body fat percentage", "the
    method", "bytes"; not "the nominee", "voting rights advocates", "the report"). ``docs``:
    the parse's (offset, doc) pairs in text order, ``doc_starts`` their offsets."""
    k = bisect_right(doc_starts, start) - 1
    if k < 0:
        return True
    offset, doc = docs[k]
    span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True
    root = span.root
    if root.lemma_.lower() in _AMOUNTS or root.lemma_.lower() in QUANTITY_HEADS:  # "thousands of people": the people
        root = next((g for c in root.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), root)
    if root.pos_ != "NOUN" or any(ch.isupper() for ch in span.text[1:]) or "@" in span.text:
        return True  # a name, a pronoun, "Twitter user @x": not judged here
    return is_plausible_speaker_noun(root) or root.lemma_.lower() in _SOURCE_HEADS


#: Heads of an amount of something ("thousands of", "a lot of"): the thing counted is judged.
_AMOUNTS = frozenset("thousand hundred million dozen ten lot lots couple handful host".split())


#: Heads of source phrases that the quotes stage's speaker-noun lists leave out ("the group",
#: "the network", "an arbitration panel", "the nominee"): enough for a reading's subject to
#: stay a cited source.
_SOURCE_HEADS = frozenset(
    """group team panel network fund state country nation city county town village college university
    school institute foundation coalition alliance association federation organization organisation
    outlet publication journal magazine station channel broadcaster chapter caucus delegation bureau club
    society charity nonprofit movement church hospital clinic lab laboratory center centre program
    nominee veteran advocate lady gentleman mogul surrogate questioner host anchor activist
    camp side player coach manager owner founder user ex-wife ex-husband
    clip slide chart graph table statistic statistics submission account story film documentary
    pair couple progressive conservative liberal moderate elite bloc billionaire millionaire academic
    scholar programmer developer engineer jury business trust utility co-author coauthor speaker one
    bachelor bachelorette enemy ally rival beggar media assessment guide trial
    timetable schedule notice handbook manual guideline""".split()
)
