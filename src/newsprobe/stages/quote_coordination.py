"""Which verb a coordinated reporting verb is joined to, when the parser may have it wrong.

In 'He said the harbour board would need to draft tougher rules but also warned that ...'
the parser joins "warned" to "draft", inside the clause that "said" reports, so the subject of
"warned" would be "the harbour board". In 'Dalia Ferro said Ines Moro approached her and said
...' the join is right: Ines Moro approached and said. ``joined_at_reporters_level`` tells the
two apart from the form of the sentence.

When the parser gives a verb two subjects, ``nearer_subject`` says which one speaks.
"""

from __future__ import annotations

from typing import Any

from .quote_people import PERSON_ROLES

#: Subjects that say nothing by themselves ("it was too early ... but added").
_EMPTY_SUBJECTS = frozenset({"it", "there", "this", "that"})


def joined_at_reporters_level(verb: Any, inner: Any) -> bool:
    """Whether ``verb`` (a conjunct of ``inner``, the head of a reported clause) belongs with
    the reporting verb instead: the two verbs differ in form ("would need to draft ... but
    also warned"), a comma comes before the conjunction ("was not in trouble, and urged"),
    or the reported clause's subject says nothing by itself ("it was too early ... but
    added")."""
    if verb.tag_ != inner.tag_:
        return True
    doc = verb.doc
    links = [c for c in list(inner.children) + list(verb.children) if c.dep_ == "cc" and inner.i < c.i < verb.i]
    if any(c.i > 0 and doc[c.i - 1].text == "," for c in links):
        return True
    subject = next((c for c in inner.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    return subject is not None and subject.lower_ in _EMPTY_SUBJECTS


_DASHES = ("\u2014", "\u2013")


def nearer_subject(verb: Any, first: Any) -> Any:
    """The subject of ``verb`` that speaks when the parser gave it two, ``first`` being the
    first: the one right before the verb after a dateline and a dash ('HALIFAX, March 3 (UPI)
    — Okoro told'), after a comma in a parenthetical ('Voters, Ortega suggested, do not ...'),
    or a person's name after a comma and a singular role ('One pastor backing the plan, Dara
    Welsh of Hope Chapel, said'); a name the parser hung on the dateline as its apposition
    ('DUNMORE — Rep. Tilda Marsh on Friday slammed'); the one right before a verb that ends the
    sentence after a comma ('... for people with odd hobbies to meet, she said.'). Else ``first``."""
    doc = verb.doc

    def dateline_before(later: Any) -> bool:
        return (first.is_upper or first.ent_type_ in ("GPE", "LOC")) and first.left_edge.i == first.sent.start and any(
            t.text in _DASHES or (t.text in ("-", "--") and t.whitespace_) for t in doc[first.i : later.i]
        )

    for later in verb.children:
        if later.dep_ not in ("nsubj", "csubj") or not first.i < later.i < verb.i:
            continue
        role = first.tag_ == "NN" or (first.tag_ == "NNP" and first.lower_ in PERSON_ROLES)  # 'Managing Director of X, Ana Ruiz says'
        named_role = role and later.ent_type_ == "PERSON" and any(t.text == "," for t in doc[first.i : later.i])
        tail = later.i == verb.i - 1 and doc[later.i - 1].text == "," and verb.right_edge.i - verb.i <= 3  # '... to reach others, she said.'
        if dateline_before(later) or verb.dep_ == "parataxis" or named_role or tail:
            return later
    # 'DUNMORE — Rep. Tilda Marsh on Friday slammed': the name hung on the dateline
    named = next((c for c in first.children if c.dep_ == "appos" and c.ent_type_ in ("PERSON", "ORG") and c.i < verb.i), None)
    return named if named is not None and dateline_before(named) else first
