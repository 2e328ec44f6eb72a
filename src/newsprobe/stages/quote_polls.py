"""Findings a poll carries (part of the quotes stage, version 55): "In a Gazette poll released
Sunday, Ruiz led her challenger by nine points", "Brandt finished third in most surveys". The
clause is what the poll found and the poll is its source, "in" its cue, as PolNeAR marks it:
the text sources the figure to the poll, not to the writer.

Reads token ranges from dependency edges, so the cost is constant per "in" however long the
sentence.
"""

from __future__ import annotations

import bisect
import itertools
from typing import Any

from .quote_cues import TokenIndex, children, range_span
from .quote_post import Found

#: Nouns of a poll ("a Gazette poll", "exit polls", "most surveys").
POLL_NOUNS = frozenset({"poll", "survey"})
#: Nouns that stand for polls with an "of" phrase ("the average of recent polls").
_POLL_SUMMARIES = frozenset({"average", "aggregate", "roundup", "series"})
#: What a finding does not end with ("49% to 41%, in the survey": the comma goes, "%" stays).
_TRAILING = frozenset({",", ";", ":", "-", "\u2013", "\u2014"})
#: A finding read off a poll is sourced, but said by no one: below a spoken report's 0.75.
CONFIDENCE = 0.7
#: Tokens a finding's clause may hold: a longer one (a run-on or unpunctuated text) is not read,
#: so that the scan for a second poll costs a bounded time per "in".
MAX_CLAUSE_TOKENS = 120


def poll_of(prep: Any) -> Any | None:
    """The poll an "in" phrase names ("in a poll released Sunday", "in the average of recent
    polls"), else None."""
    if prep.lower_ != "in" or prep.dep_ != "prep":
        return None
    obj = next((c for c in children(prep) if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    if any(c.dep_ == "conj" for c in children(obj)):
        return None  # "in the polls and endorsements": not the poll alone
    if obj.lemma_.lower() in POLL_NOUNS:
        return obj
    if obj.lemma_.lower() in _POLL_SUMMARIES:
        of = next((c for c in children(obj) if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = next((c for c in children(of) if c.dep_ == "pobj"), None) if of is not None else None
        return obj if inner is not None and inner.lemma_.lower() in POLL_NOUNS else None
    return None


def _clause(prep: Any) -> tuple[int, int] | None:
    """The clause the poll phrase hangs from, without the phrase: what follows it when it opens
    the clause ("In the poll, [X led Y 47 to 39]"), what comes before it when it follows the verb
    ("[Brandt came third] in the spring surveys"), as PolNeAR bounds a poll's finding."""
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX") or not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in children(verb)):
        return None
    if verb.dep_ in ("acl", "advcl") or any(c.dep_ == "mark" and c.lower_ == "that" for c in children(verb)):
        return None  # "headlines about a lead so big that it made the race look settled in the polls": a misplaced phrase; "When she caught up in polls, ...": a time
    doc = verb.doc
    first, last = verb.left_edge.i, verb.right_edge.i
    if last - first >= MAX_CLAUSE_TOKENS:
        return None
    if any(t.i != prep.i and poll_of(t) is not None for t in doc[first : last + 1] if t.lower_ == "in"):
        return None  # "Though he trails in the polls ..., he leads in several surveys": which poll found what is unclear
    p_first, p_last = prep.left_edge.i, prep.right_edge.i
    subj = next((c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i < verb.i), None)
    if p_first == first:
        first = p_last + 1
        while first < last and doc[first].is_punct:
            first += 1
    elif p_first > verb.i:
        if subj is not None:
            first = max(first, subj.left_edge.i)  # "Since naming her running mate, [she has risen] in the polls": not the opening clause
        last = p_first - 1
    while last > first and (doc[last].text in _TRAILING or doc[last].is_space or doc[last].dep_ == "cc"):
        last -= 1
    if last - first < 1 or not first <= verb.i <= last:
        return None
    return first, last


def add_poll_findings(found: list[Found], idx: TokenIndex, text: str, used_cues: set[tuple[int, int]]) -> None:
    """Add an ``indirect`` attribution (``cue_kind`` "poll") for each clause a poll is said to
    find, unless an attribution found before holds the clause, or most of it."""
    taken = sorted((f.start, f.end) for f in found if f.label not in ("scare", "title"))
    starts = [s for s, _ in taken]
    reach = list(itertools.accumulate((e for _, e in taken), max))  # the furthest end among the first k spans
    for off, tok in idx.tokens:
        if tok.lower_ != "in" or idx.in_quote(off + tok.idx) or (off, tok.i) in used_cues:
            continue
        poll = poll_of(tok)
        bounds = _clause(tok) if poll is not None else None
        if poll is None or bounds is None:
            continue
        span = range_span(off, tok.doc, bounds[0], bounds[1], text, min_tokens=2)
        if span is None:
            continue
        start, end = span
        k = bisect.bisect_right(starts, start)
        if k and reach[k - 1] >= end or any(e <= end and (e - s) * 2 > end - start for s, e in taken[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]):
            continue  # already read as (or mostly holding) another attribution
        used_cues.add((off, tok.i))
        found.append(Found(start, end, "indirect", CONFIDENCE, cue_span=(off + tok.idx, off + tok.idx + len(tok.text)), subject=(off, poll), path="poll"))
