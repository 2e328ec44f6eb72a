"""Readings that say when or to whom, not what: no report (docs/quotes.md, Versions 62 and 63).

A content that is only a date or a time ("apologized on [Sunday]") and a verb of speaking's
"to" phrase, which says whom the words were for ("apologised [to passengers]", "spoke [to the
website]"), are dropped, from the attribution-cue model's readings and from the rules' stance
spans alike ("admitted to", "confessed to" stay: what is admitted follows the "to").
Moved out of ``quote_learned`` in version 63.
"""

from __future__ import annotations

import bisect
from typing import Any

from .quote_cues import TokenIndex
from .quote_post import Found

#: Words a time phrase may hold besides its date or time ("on the Sunday before", "late last night").
_TIME_WORDS = frozenset("the a an on at in of by this that last next late early before after".split())
#: Words after an addressee that bring in what was said ("to X for ...", "to X about ...").
_WHAT_FOR = frozenset("for about over that".split())
#: Verbs whose "to" phrase says whom the words were for, not what they were ("apologized to [the staff]").
_TO_WHOM = frozenset("apologize apologise speak talk write say complain explain lie whisper shout read tell".split())


def only_a_time(idx: TokenIndex, start: int, end: int) -> bool:
    """A content that is nothing but a date or a time ("apologized on [Sunday]"): no report."""
    lo, hi = bisect.bisect_left(idx.tok_starts, start), bisect.bisect_left(idx.tok_starts, end)
    dated = False
    for k in range(lo, hi):  # called for every candidate: stops at the first other word
        tok = idx.tokens[k][1]
        if tok.ent_type_ in ("DATE", "TIME"):
            dated = True
        elif not (tok.is_punct or tok.is_space or tok.lower_ in _TIME_WORDS):
            return False
    return dated


def addressee(candidate: Any) -> bool:
    """A cue model's "to" reading of a verb of speaking: the addressee ("apologized to two
    colleagues"), no report."""
    return bool(candidate.kind == "prep:to" and candidate.tok.lemma_.lower() in _TO_WHOM)


def to_whom(idx: TokenIndex, found: Found) -> bool:
    """A rule's indirect span that is a verb of speaking's "to" phrase ("apologised [to
    passengers]", read as a stance's content): the addressee, no report (version 63)."""
    if found.cue_span is None or found.start >= found.end:
        return False
    at = idx.tok_index(found.start)
    off, first = idx.tokens[at] if at < len(idx.tokens) and idx.tok_starts[at] == found.start else (0, None)
    if first is None or first.lower_ != "to" or first.dep_ != "prep":
        return False  # "wrote [to demand ...]": a purpose, not an addressee
    if off + first.right_edge.idx + len(first.right_edge.text) < found.end or any(t.lower_ in _WHAT_FOR and t.head.head.i == first.i for t in first.subtree):
        return False  # "apologize [to X for accusing him ...]": what the apology is for follows
    k = idx.tok_index(found.cue_span[0])
    return k < len(idx.tokens) and idx.tokens[k][1].lemma_.lower() in _TO_WHOM
