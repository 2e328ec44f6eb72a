"""Which verb a coordinated reporting verb is joined to, when the parser may have it wrong.

In 'He said the harbour board would need to draft tougher rules but also warned that ...'
the parser joins "warned" to "draft", inside the clause that "said" reports, so the subject of
"warned" would be "the harbour board". In 'Dalia Ferro said Ines Moro approached her and said
...' the join is right: Ines Moro approached and said. ``joined_at_reporters_level`` tells the
two apart from the form of the sentence.
"""

from __future__ import annotations

from typing import Any

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
