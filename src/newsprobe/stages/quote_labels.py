"""A short quoted label after a labelling verb and its object: 'he called her "weak"',
'Ruiz called the mayor's remarks on Monday "childish."', 'which she called "a sham."'.

The quoted word is the subject's, so the quote is a ``mixed`` attribution (the object and its
label, as PolNeAR bounds them) with the verb as its cue. The parse of such sentences is
often wrong (the label as a preposition's object, the object as a possessive), so the test
is on the surface: going back from the opening mark, a few words of a noun phrase (no verb,
no comma, no quote) and then the verb, which must have a subject of its own. Not "so-called",
not a name given to a thing ('a series called "Quick Take"': no subject), not a phrasal verb
('called the "merger" off').

Version 57: a verb that judges its object with a preposition and the quoted words ('blasted the
media for being "dishonest"', 'dismissed the report as "fiction"': ``JUDGING_VERBS``).

Quotes version 56; used only where the quote would otherwise be a scare quote.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from .quote_cues import AS_LABEL_VERBS, LABEL_VERBS, TokenIndex, children, subject_of
from .quote_marks import QuoteRegion

#: Words of the labelled noun phrase between the verb and the quote, at most.
MAX_OBJECT_TOKENS = 8
#: Words of a relative clause in that noun phrase, at most (passed over, not counted).
MAX_RELATIVE_TOKENS = 14
#: Parts of speech the labelled object may hold ("the mayor's remarks on Monday").
_OBJECT_POS = frozenset({"DET", "PRON", "NOUN", "PROPN", "ADJ", "NUM", "ADP", "PART", "CCONJ", "ADV"})
#: A particle after the quote makes the verb a phrasal one ("called the vote off").
_PARTICLES = frozenset({"off", "out", "up", "back", "down", "away"})
#: Labelling verbs read here: "describe" and the like take "as" (handled elsewhere).
_VERBS = LABEL_VERBS - {"describe"}
#: Verbs that judge their object in their subject's quoted words after a preposition
#: ('blasted the media for being "dishonest"', 'dismissed the report as "fiction"', 'likened
#: him to a "vicious dog"', 'accused her of "lying"'): version 57.
JUDGING_VERBS = (AS_LABEL_VERBS | frozenset(
    "admire praise laud herald commend applaud credit thank blame fault accuse attack lambaste excoriate castigate berate decry ridicule chide scold rebuke pound liken compare declare".split()
)) - {"refer"}
#: The prepositions of such a judgement.
_JUDGING_PREPS = frozenset({"as", "for", "of", "to"})


def unspoken(found: Any, text: str) -> bool:
    """A quote whose words nobody is known to have said: a scare quote, or a word or three
    ended by a full stop that only took the speaker of a quote before it ('call the folks who
    ... "stakeholders."', v57); a label may make it the labeller's."""
    if found.label == "scare":
        return True
    return found.label == "direct" and found.path in ("carried", "none") and len(text[found.start : found.end].split()) <= 3


def label_cue(idx: TokenIndex, region: QuoteRegion) -> tuple[int, Any, int, str] | None:
    """``(offset, verb, content start, "mixed")`` when the quote in ``region`` is the label a verb
    of ``LABEL_VERBS`` gives its object ('called her "weak"': content from "her"); else None."""
    k = idx.tok_index(region.open) - 1
    while k >= 0 and idx.tokens[k][1].is_space:
        k -= 1
    between, nominal, judged = 0, False, False
    owned = k >= 0 and idx.tokens[k][1].tag_ == "POS"  # "for Trump's 'X' flap": the owner's words, not the judge's
    while k >= 0 and between <= MAX_OBJECT_TOKENS:
        off, tok = idx.tokens[k]
        if idx.in_quote(off + tok.idx):
            return None  # another quote between
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and (lemma in _VERBS or (judged and not owned and lemma in JUDGING_VERBS)):
            relative = tok.dep_ == "relcl" or any(c.dep_ == "dobj" and c.i < tok.i and c.tag_ in ("WDT", "WP") for c in children(tok))
            if not (nominal or relative) or not _labels(idx, tok, region):
                return None  # 'calling it a "comeback"' needs its object; 'calling a "comeback"' is the writer's
            return off, tok, off + tok.doc[tok.i + 1].idx if between else region.start, "mixed"  # 'a clip that she called "vile"'
        after_prep = k > 0 and idx.tokens[k - 1][1].lower_ in ("for", "of") and tok.tag_ == "VBG" and not nominal
        noun = _relative_head(tok) if tok.pos_ not in _OBJECT_POS and not after_prep else None
        if noun is not None:  # 'call the folks who are about to lose their bus service "stakeholders"' (v57)
            k, nominal = k - (tok.i - noun.i), False
            continue
        if tok.pos_ not in _OBJECT_POS and not after_prep:
            return None  # a comma, another verb: not one noun phrase ('for being "dishonest"' is one)
        if (tok.pos_ == "ADP" or tok.lower_ == "to") and tok.lower_ in _JUDGING_PREPS and not judged:  # 'to "taxing ..."': the tagger's infinitive "to" (v59)
            judged, nominal = True, False  # the judged object must stand before the preposition
        else:
            nominal = nominal or tok.pos_ in ("PRON", "NOUN", "PROPN", "NUM")
        between += 1
        k -= 1
    return None


def _relative_head(tok: Any) -> Any | None:
    """The noun a relative clause holding ``tok`` describes, when it stands at most
    ``MAX_RELATIVE_TOKENS`` before ``tok`` ('the folks who are about to lose their service')."""
    clause = tok if tok.dep_ == "relcl" else next((a for a in islice(tok.ancestors, 4) if a.dep_ == "relcl"), None)  # near heads only: a flood of quotes is one deep "sentence"
    if clause is None or clause.head.pos_ not in ("NOUN", "PROPN", "PRON") or not 0 < tok.i - clause.head.i <= MAX_RELATIVE_TOKENS:
        return None
    return clause.head


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


#: Verbs whose subject has said the quoted words it names ('has used the phrase "managed
#: retreat"', 'coined the term "...") and the nouns of those words (version 59).
_USING_VERBS = frozenset("use utter coin repeat invoke".split())
_PHRASE_NOUNS = frozenset("phrase phrases term terms word words expression expressions".split())


def phrase_cue(idx: TokenIndex, region: QuoteRegion) -> tuple[int, Any, int, str] | None:
    """``(offset, verb, content start, "direct")`` when the quote names words its verb's subject used:
    '[Name] has used the phrase "managed retreat" often', 'Ruiz coined the term "..."'. The verb
    needs a subject of its own, not negated, not a passive or a bare participle ('for not using
    the term', 'refrain from using the phrase': the words were not said), and the noun
    ("phrase", "term", "words") stands right before the quote (a comma may part them). The
    quote stays ``direct`` however the sentence runs on ('... "managed retreat" often')."""
    k = idx.tok_index(region.open) - 1
    while k >= 0 and (idx.tokens[k][1].is_space or idx.tokens[k][1].text == ","):
        k -= 1
    if k < 1 or idx.tokens[k][1].lower_ not in _PHRASE_NOUNS:
        return None
    off, noun = idx.tokens[k]
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in _USING_VERBS or not 0 < noun.i - verb.i <= 4 or verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN"):
        return None
    kids = children(verb)
    if any(c.dep_ in ("neg", "auxpass", "nsubjpass") for c in kids) or not any(c.dep_ == "nsubj" for c in kids):
        return None
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in kids):
        return None
    return off, verb, region.start, "direct"
