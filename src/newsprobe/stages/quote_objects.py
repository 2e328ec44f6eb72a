"""A verb of saying after "for" that belongs to the object of the verb before it: 'Ortiz
slammed the mayor for saying that the port was safe' reports the mayor's words, not Ortiz's
(quotes version 60; it was Ortiz's at 0.98). The same for 'thanked the nurses for speaking
out', 'gave Lind two red flags for dismissing the idea that ...' (the object given to, a
dative) and 'faulted the report for claiming that ...' (a document speaks too). With no such
object ('apologised for saying that ...') or after a verb that does not judge its object
('took home the award for speaking out') the subject of the verb before it says it. Not
"accused X of claiming": an accusation is the accuser's account, and quoted words after it
are most often the accuser's own ('accused [A] of arguing "..."').
"""

from __future__ import annotations

from typing import Any

from .parse_cache import children
from .quote_people import GROUP_PRONOUNS, PERSON_PRONOUNS

#: Verbs that judge their object for what it did ("slammed X for saying"); "give" with the one
#: given to ("gave X two red flags for dismissing ..."). Not a verb of receiving ("took home
#: the award for speaking out": the subject spoke).
JUDGING = frozenset(
    """criticize criticise slam blast praise thank mock scold fault attack blame rebuke chide condemn
    applaud commend ridicule lambast lambaste berate denounce fire sue punish reward honor honour
    congratulate credit hail knock pan rap needle taunt deride castigate excoriate admonish
    reprimand censure chastise target hit ding skewer flay hammer savage give""".split()
)
#: Pronouns that stand for people ("slammed him for saying").
_PEOPLE_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS


def _speaks(tok: Any) -> bool:
    """Whether an object can be the one who says: a name or a noun (with a verb of saying after
    "for", the object is the one judged for saying it: "slammed the harbour master for
    saying", "blamed Texas for claiming"), or a pronoun for people; not a date or a number."""
    if tok.pos_ == "PRON":
        return tok.lower_ in _PEOPLE_PRONOUNS
    return tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY")


def judged_object(participle: Any) -> Any | None:
    """The object of a judging verb (``JUDGING``) that ``participle``, an -ing verb after
    "for", hangs on, when that object can speak: it is the one who says what the participle
    reports; else None."""
    prep = participle.head
    if participle.dep_ != "pcomp" or participle.tag_ != "VBG" or prep.dep_ != "prep" or prep.lower_ != "for":
        return None
    verb = prep.head
    if verb.pos_ == "NOUN" and verb.dep_ == "dobj":
        verb = verb.head  # 'gave Lind two red flags for dismissing ...': "for" on the object
    if verb.pos_ not in ("VERB", "AUX") or not verb.i < prep.i or verb.lemma_.lower() not in JUDGING:
        return None
    kids = children(verb)
    obj = next((c for c in kids if c.dep_ == "dative" and c.i < prep.i), None) or next((c for c in kids if c.dep_ == "dobj" and c.i < prep.i), None)
    if obj is None or obj.i == prep.head.i or not _speaks(obj):
        return None  # "for" hung on the object noun ('blamed the moderators for asking ...'): its phrase would run on into the report
    return obj
