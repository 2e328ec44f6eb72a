"""A short quoted label after a labelling verb and its object: 'he called her "weak"',
'Ruiz called the mayor's remarks on Monday "childish."', 'which she called "a sham."'.

The quoted word is the subject's, so the quote is a ``mixed`` attribution (the object and its
label, as PolNeAR bounds them) with the verb as its cue. The parse of such sentences is
often wrong (the label as a preposition's object, the object as a possessive), so the test
is on the surface: going back from the opening mark, a few words of a noun phrase (no verb,
no comma, no quote) and then the verb, which must have a subject of its own. Not "so-called",
not a name given to a thing ('a series called "Quick Take"': no subject), not a phrasal verb
('called the "merger" off').

Quotes version 56; used only where the quote would otherwise be a scare quote.
"""

from __future__ import annotations

from typing import Any

from .quote_cues import LABEL_VERBS, TokenIndex, children, subject_of
from .quote_marks import QuoteRegion

#: Words of the labelled noun phrase between the verb and the quote, at most.
MAX_OBJECT_TOKENS = 8
#: Parts of speech the labelled object may hold ("the mayor's remarks on Monday").
_OBJECT_POS = frozenset({"DET", "PRON", "NOUN", "PROPN", "ADJ", "NUM", "ADP", "PART", "CCONJ", "ADV"})
#: A particle after the quote makes the verb a phrasal one ("called the vote off").
_PARTICLES = frozenset({"off", "out", "up", "back", "down", "away"})
#: Labelling verbs read here: "describe" and the like take "as" (handled elsewhere).
_VERBS = LABEL_VERBS - {"describe"}


def label_cue(idx: TokenIndex, region: QuoteRegion) -> tuple[int, Any, int] | None:
    """``(offset, verb, content start)`` when the quote in ``region`` is the label a verb of
    ``LABEL_VERBS`` gives its object ('called her "weak"': content from "her"); else None."""
    k = idx.tok_index(region.open) - 1
    while k >= 0 and idx.tokens[k][1].is_space:
        k -= 1
    between, nominal = 0, False
    while k >= 0 and between <= MAX_OBJECT_TOKENS:
        off, tok = idx.tokens[k]
        if idx.in_quote(off + tok.idx):
            return None  # another quote between
        if tok.lemma_.lower() in _VERBS and tok.pos_ == "VERB":
            relative = tok.dep_ == "relcl" or any(c.dep_ == "dobj" and c.i < tok.i and c.tag_ in ("WDT", "WP") for c in children(tok))
            if not (nominal or relative) or not _labels(idx, tok, region):
                return None  # 'calling it a "comeback"' needs its object; 'calling a "comeback"' is the writer's
            return off, tok, off + tok.doc[tok.i + 1].idx if between else region.start  # 'a clip that she called "vile"'
        if tok.pos_ not in _OBJECT_POS:
            return None  # a comma, another verb: not one noun phrase
        nominal = nominal or tok.pos_ in ("PRON", "NOUN", "PROPN", "NUM")
        between += 1
        k -= 1
    return None


def _labels(idx: TokenIndex, verb: Any, region: QuoteRegion) -> bool:
    """The verb speaks (a subject of its own, active, not "so-called") and no particle
    follows the quote."""
    if verb.i > 0 and verb.doc[verb.i - 1].lower_ in ("-", "so"):
        return False
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in children(verb)):
        return False  # 'a series called "Quick Take"', 'was called "weak"': a name, or passive
    subj = subject_of(verb)
    if subj is None or subj.dep_ == "nsubjpass":
        return False
    k = idx.tok_index(region.close)
    while k < len(idx.tokens) and idx.tokens[k][1].is_space:
        k += 1
    return not (k < len(idx.tokens) and idx.tokens[k][1].lower_ in _PARTICLES)
