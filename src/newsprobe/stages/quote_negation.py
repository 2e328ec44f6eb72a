"""Reported speech the text says was not said: a cue verb under a negation ("the firm had not
announced a date", "the club has not picked a successor", "she never claimed the plan
was cheap", "the minister isn't saying whether ...") or after a refusal ("refuses to
acknowledge that ...", "declined to say whether ...") or after a request, a plan or an
expectation ("urged the minister to admit that ...", "is expected to announce that ...":
words asked for or due, not said; version 60). The attribution stays (the text does
relate the words to that speaker, and PolNeAR marks such attributions: leaving them out took
dev's content + source F1 from 0.685 to 0.679 in a throwaway run), but it carries
``attrs.negated`` (the negation or the refusal) so that no output shows the content as the
speaker's words (issue 11, quotes version 33)."""

from __future__ import annotations

from typing import Any

from .parse_cache import children
from .quote_cues import TokenIndex

#: Negations that take the saying back when they hang on the cue verb.
NEGATIONS = frozenset({"not", "n't", "never", "n\u2019t"})
#: Verbs that negate the infinitive after them ("refused to say", "declines to acknowledge").
REFUSALS = frozenset({"refuse", "decline"})
#: Verbs and adjectives whose infinitive is speech not (yet) made: asked for, planned or
#: expected ("urged the minister to admit that ...", "is expected to announce that ...").
UNREALISED = frozenset(
    """urge ask challenge dare press pressure push encourage invite implore beg demand tell want
    expect need plan intend hope wish threaten prepare schedule likely unlikely due poised""".split()
)
#: Words after a negation that keep the saying ("did not just say", "not only said").
_NOT_ONLY = frozenset({"just", "only", "merely", "simply"})


def negation_of(tok: Any) -> Any | None:
    """The negation hanging on a cue verb ("not", "n't", "never"), the cue itself when it is a
    refusal ("refused to ...", "declined the offer"), or the refusal a cue infinitive hangs on
    ("declined to say"); else None."""
    if tok.pos_ not in ("VERB", "AUX") or any(c.lower_ in _NOT_ONLY for c in tok.children if c.i < tok.i):
        return None  # "didn't just say it; she promised it": said, and more
    # before the verb: a "not" the parser hangs on it from later in the sentence ("promising to
    # lift the rules ― probably not soon") negates something else
    neg = next((c for c in tok.children if c.dep_ in ("neg", "advmod") and c.lower_ in NEGATIONS and c.i < tok.i), None)
    if neg is not None:
        return neg
    if tok.lemma_.lower() in REFUSALS:
        return tok  # "refuses to acknowledge that ...", "declined the offer": what they will not say, do or take
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in REFUSALS and tok.head.i < tok.i:
        return tok.head  # "declined to say whether ..."
    head = tok.head
    if tok.dep_ in ("xcomp", "ccomp") and tok.tag_ == "VB" and head.i < tok.i and head.lemma_.lower() in UNREALISED and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(tok)):
        if not any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in children(head)):
            return head  # "urged the minister to admit that ...", "is expected to announce that ..." (v60), not the writer's "I want to tell you that ..."
    return None


def mark_negated(found: list[Any], idx: TokenIndex) -> None:
    """Set ``negated`` (the negation's text) on every reading without quote marks or with a
    quoted piece in the reporter's clause (``indirect``, ``mixed``) whose cue verb is negated."""
    for f in found:
        if f.label not in ("indirect", "mixed") or f.cue_span is None:
            continue
        k = idx.tok_index(f.cue_span[0])
        if k < len(idx.tokens):
            neg = negation_of(idx.tokens[k][1])
            if neg is not None:
                f.negated = neg.text
