"""Who holds a cue reading: the cue's subject, and where the parse gives none, who else.

``learned_subject`` is the subject the attribution-cue model's candidates carry (and learn
from, ``newsprobe train attribution``): a verb's subject as the rule path reads it
(``quote_cues.subject_of``); for an adjective or a noun the subject of the verb the word
completes, its owner or its "by" agent. Moved here from ``quote_learned`` in version 62.

``reading_holder`` (version 62) gives a source to three shapes the parse leaves without a
subject, found by reading the dev readings ``eval/polnear_reach.py`` counted as having the
right words and no source. It is used after scoring only (a reading the model accepted, and
a rule's reported clause in ``quotes.py``): inside the candidates, retrained, it lowered the
model's dev F1 (docs/quotes.md, Version 62).

* a participle qualifying a noun speaks for that noun: "a campaign memo *warning* that ...",
  "one post *claiming* ...": the memo, the post (also the second of two such participles),
  when the noun can hold words at all (a person, a group, an organisation, a document: not
  "rounded on the decision *saying* ...", where the parse hung the participle on the decision);
* a verb the tagger read as a plural noun at the root of its sentence, after a name or a noun
  that qualifies it: "Mayor Lund *charges* that ...", "The council *plans* to ...": that name
  or noun;
* a gerund after a preposition speaks for the verb's subject or the noun's owner the phrase
  hangs on: "refused to comment, aside from *saying* ...", "her habit of *questioning* ...".
"""

from __future__ import annotations

from typing import Any

from .parse_cache import children
from .quote_cues import TokenIndex, subject_of, usable_subject
from .quote_people import is_plausible_speaker_noun

#: Parts of speech of a noun a participle may qualify as its holder.
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
#: Entity labels of names that hold no words ("the Harbour Act requiring ...": the act's writers).
_NOT_HOLDERS = frozenset("DATE TIME LAW EVENT PRODUCT FAC LOC MONEY PERCENT QUANTITY CARDINAL ORDINAL".split())
#: Dependencies of a name or noun written before a verb the tagger read as a plural noun.
_BEFORE_MISREAD = frozenset({"compound", "nmod", "nsubj"})


def learned_subject(tok: Any) -> Any | None:
    """Who holds the attribution of the cue ``tok`` (a spaCy token), or None."""
    if tok.pos_ in ("VERB", "AUX"):
        subj = subject_of(tok)
        if subj is None and tok.dep_ in ("acomp", "attr", "oprd", "xcomp") and tok.head.i != tok.i:
            subj = subject_of(tok.head)
        return subj
    if tok.pos_ == "NOUN":
        kids = children(tok)
        owner = next((c for c in kids if c.dep_ == "poss" and c.i < tok.i), None)
        if owner is not None:
            return owner
        by = next((c for c in kids if c.dep_ == "prep" and c.lower_ == "by" and c.i > tok.i), None)
        if by is not None:
            agent = next((c for c in children(by) if c.dep_ == "pobj"), None)
            if agent is not None:
                return agent
    node = tok
    if node.dep_ == "pobj" and node.head.i != node.i:
        node = node.head  # "in his criticism of ...": the preposition's verb
    if node.dep_ in ("dobj", "attr", "acomp", "oprd", "prep", "conj", "pobj") and node.head.i != node.i and node.head.pos_ in ("VERB", "AUX"):
        return subject_of(node.head)
    return None


def reading_holder(tok: Any) -> Any | None:
    """Who holds a reading of the cue ``tok`` where ``learned_subject`` finds no one: the noun a
    participle qualifies, the subject of a verb the tagger read as a noun, the owner of a
    gerund after a preposition (see the module docstring), or None."""
    if tok.pos_ in ("VERB", "AUX"):
        return _participle_holder(tok) or _gerund_holder(tok)
    if tok.pos_ == "NOUN":
        return _misread_verb_subject(tok, children(tok))
    return None


def usable_holder(tok: Any, idx: TokenIndex, off: int) -> Any | None:
    """``reading_holder`` where it can be a speaker (``quote_cues.usable_subject``), else None."""
    holder = reading_holder(tok)
    return holder if holder is not None and usable_subject(holder, idx, off) else None


def _participle_holder(tok: Any) -> Any | None:
    """The noun a present participle qualifies ("a memo warning that"), through "and"."""
    node = tok
    for _ in range(2):
        if node.dep_ != "conj" or node.head.i == node.i:
            break
        node = node.head  # "a paper welcoming ... and calling for ...": the paper calls
    if tok.tag_ != "VBG" or node.dep_ != "acl" or node.tag_ != "VBG":
        return None
    head = node.head
    if head.pos_ not in _NOMINAL or head.i > node.i:
        return None
    if head.pos_ == "NOUN" and not is_plausible_speaker_noun(head, by_suffix=False):
        return None  # "rounded on the decision saying ...": a decision says nothing, the parse hung it there
    return None if head.pos_ == "PROPN" and head.ent_type_ in _NOT_HOLDERS else head


def _gerund_holder(tok: Any) -> Any | None:
    """Whose gerund after a preposition it is: the subject of the verb the phrase hangs on, or
    the owner of the noun ("aside from saying", "her habit of questioning")."""
    if tok.tag_ != "VBG" or tok.dep_ != "pcomp" or tok.head.dep_ != "prep":
        return None
    target = tok.head.head
    if target.pos_ == "ADV" and target.dep_ != "ROOT":
        target = target.head  # "aside from saying": the verb "aside" hangs on
    if target.i == tok.head.i:
        return None
    if target.pos_ in ("VERB", "AUX"):
        return subject_of(target)
    if target.pos_ == "NOUN":
        return next((c for c in children(target) if c.dep_ == "poss" and c.i < target.i), None)
    return None


def _misread_verb_subject(tok: Any, kids: list[Any]) -> Any | None:
    """A plural noun at the root with a clause or an object after it is a verb the tagger
    misread ("Lund charges that ..."): the name or noun right before it is its subject."""
    if tok.dep_ != "ROOT" or tok.tag_ != "NNS" or not any(c.i > tok.i and c.dep_ in ("ccomp", "xcomp", "dobj", "prep", "advcl") for c in kids):
        return None
    before = [c for c in kids if c.i < tok.i and c.dep_ in _BEFORE_MISREAD and c.pos_ in ("PROPN", "NOUN")]
    return before[-1] if before and before[-1].i == tok.i - 1 else None
