"""Who a pronoun or possessive in a cue's own sentence stands for (part of the quotes stage):
"Vance said she ...", "Dreyer stated his intention to ..." (``bound_subject``, moved here from
``quote_cues`` in version 66), the he or she an object pronoun rules out ("Vance emailed her":
``objects_not_self``, moved here from ``quote_pronouns``), and since version 66 the owner of an
utterance noun that is the subject: "Her reply was short:", "The minister's answer was blunt:"
(``utterance_owner``): the reply is hers, and she speaks, not "her reply"."""

from __future__ import annotations

from typing import Any

from .parse_cache import children
from .quote_cues import BELIEF_VERBS, SPEECH_VERBS, plain_between

_SUBJECT_DEPS = ("nsubj", "csubj", "nsubjpass")

#: Verbs whose object is usually someone else's words or plan ("attacked his plan"): a
#: possessive in their object is not bound to their subject.
_OTHERS_OBJECT = frozenset(
    """attack criticize criticise mock reject question dismiss challenge slam blast denounce condemn
    oppose dispute ridicule deride praise welcome applaud support back endorse cite quote echo
    hear read report refute deny""".split()
)
_BOUND_SUBJECT_PRONOUNS = {"he": "she he", "she": "she he", "they": "they", "we": "we", "i": "i"}
_BOUND_POSSESSIVES = {"his": "he", "her": "she", "their": "they", "our": "we", "my": "i"}
#: A possessive -> the subject pronoun of the same person ("his reply": a "he"; v66).
SUBJECT_FORMS = {**_BOUND_POSSESSIVES, "its": "it"}


def bound_subject(tok: Any) -> Any | None:
    """The subject a pronoun is bound to inside its own sentence, or None.

    * A pronoun subject of a reported clause stands for the reporter when they agree in
      person and number: "Vance said she did not oppose the plan, arguing that ...", "She
      said she recalls ...". The outer verb must report speech or a belief.
    * A possessive in the object of a verb stands for that verb's subject: "Dreyer stated his
      intention to veto", "farmers were unsparing in their criticism of"; not after a verb
      whose object is usually someone else's ("attacked his plan"), nor after a passive one.

    The caller still checks the gender the text shows."""
    lower = tok.lower_
    if tok.dep_ == "nsubj" and lower in _BOUND_SUBJECT_PRONOUNS:
        verb = tok.head
        if verb.dep_ != "ccomp" or verb.head.i == verb.i:
            return None
        outer = verb.head
        if outer.pos_ not in ("VERB", "AUX") or outer.lemma_.lower() not in SPEECH_VERBS | BELIEF_VERBS:
            return None
        subj = next((c for c in children(outer) if c.dep_ in _SUBJECT_DEPS), None)
        if subj is None or subj.dep_ != "nsubj" or not plain_between(subj, tok):
            return None
        return subj if _agrees(subj, _BOUND_SUBJECT_PRONOUNS[lower].split()) else None
    if tok.dep_ == "poss" and lower in _BOUND_POSSESSIVES:
        node = tok.head
        if node.dep_ == "pobj" and node.head.i != node.i:
            node = node.head
        if node.dep_ not in ("dobj", "prep") or node.head.i == node.i:
            return None
        verb = node.head
        if verb.pos_ not in ("VERB", "AUX", "ADJ") or verb.lemma_.lower() in _OTHERS_OBJECT:
            return None
        if verb.pos_ == "ADJ" and verb.dep_ in ("acomp", "attr") and verb.head.i != verb.i:
            verb = verb.head  # "were unsparing in their criticism of"
        subj = next((c for c in children(verb) if c.dep_ in _SUBJECT_DEPS), None)
        if subj is None or subj.dep_ != "nsubj" or not plain_between(subj, tok):
            return None
        pron = _BOUND_POSSESSIVES[lower]
        return subj if _agrees(subj, [pron]) else None
    return None


def _agrees(subj: Any, pronouns: list[str]) -> bool:
    """Whether a subject can be what one of ``pronouns`` points back to (person and number)."""
    lower = subj.lower_
    if subj.pos_ == "PRON":
        return lower in pronouns
    if any(p in ("he", "she") for p in pronouns):
        return subj.tag_ in ("NNP", "NN") and subj.ent_type_ in ("PERSON", "")
    if "they" in pronouns:
        return subj.tag_ in ("NNS", "NNPS") or subj.ent_type_ in ("ORG", "NORP")
    return False


#: Nouns for what someone said: "her reply", "the minister's answer" speak for their owner (v66).
UTTERANCE_NOUNS = frozenset("reply answer response retort rejoinder comment remark reaction verdict words message advice warning explanation".split())


def utterance_owner(tok: Any) -> Any | None:
    """The possessor of an utterance noun that is a subject ("Her reply was short:": "Her";
    "The minister's answer": "minister"), or None."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in UTTERANCE_NOUNS or tok.dep_ not in ("nsubj", "nsubjpass", "ROOT"):
        return None
    return next((c for c in tok.lefts if c.dep_ == "poss"), None)


def pronoun_of(tok: Any) -> str:
    """The pronoun to resolve for a pronoun subject ``tok``: its own word, or for the owner of
    an utterance noun the subject form ("His reply was short:": "he"; v66)."""
    owner = utterance_owner(tok.head)
    return SUBJECT_FORMS.get(tok.lower_, tok.lower_) if owner is not None and owner.i == tok.i else tok.lower_


#: Object pronouns -> the subject pronoun of the same person ("emailed her": a "she").
_OBJECT_PRONOUNS = {"her": "she", "him": "he"}


def objects_not_self(subject: Any) -> frozenset[str]:
    """The he/she that a person named as ``subject`` cannot be: an object "her"/"him" of the
    subject's own verb is someone else ("Vance emailed her" -- she is not Vance; she would
    be "herself"). Possessives ("her lawyer") may be the subject's own and do not count."""
    verb, doc = subject.head, subject.doc
    near = doc[verb.i + 1 : min(len(doc), verb.i + 4)]  # the object right after its verb (no scan of a long subtree)
    return frozenset(_OBJECT_PRONOUNS[c.lower_] for c in near if c.head.i == verb.i and c.dep_ in ("dobj", "dative", "iobj") and c.lower_ in _OBJECT_PRONOUNS)
