"""A name the tagger read as a modal verb: "Will" and "May" are surnames and first names too.

'"The plan is a reminder ...," Will wrote' (a columnist named Will) parses as the modal
"will" helping "wrote", so the verb has no subject and the words no speaker; "Columnist Rex
Will attacked the plan" ends the name at "Rex". A modal only ever helps a verb's base form
("will write"), so a capitalised "Will" or "May" helping a past tense, a participle or a
third-person present ("Will wrote", "May says") is a name, not a modal. The entities stage
makes it a PERSON mention (``entity_modal_names``); the quotes stage takes it as the verb's
subject (``quote_cues.subject_of``). docs/entities.md, version 42; docs/quotes.md, version 63.
"""

from __future__ import annotations

from typing import Any

from .parse_cache import children, sentence_bounds

#: Modal verbs that are also names.
MODAL_NAMES = frozenset({"will", "may"})
#: Verb forms a modal never helps: a past tense, a participle, a third-person present.
_NOT_BASE_FORMS = ("VBD", "VBN", "VBZ")
#: Dependencies of a clause's subject.
_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")


def name_read_as_modal(tok: Any) -> bool:
    """``tok`` is a capitalised "Will" or "May" the tagger read as a modal that helps a later
    verb in a form no modal takes ("Will wrote", "May says"), outside a question."""
    if tok.tag_ != "MD" or tok.lower_ not in MODAL_NAMES or not tok.text[:1].isupper() or not tok.text[1:].islower():
        return False
    head = tok.head
    if tok.dep_ != "aux" or head.i <= tok.i or head.tag_ not in _NOT_BASE_FORMS:
        return False
    _, end = sentence_bounds(tok)
    last = next((t for t in reversed(tok.doc[tok.i : end]) if not t.is_space), None)
    return last is None or last.text != "?"


def modal_subject(verb: Any) -> Any | None:
    """The name read as ``verb``'s modal when the verb has no other subject ('"...," Will
    wrote'); None otherwise."""
    kids = list(children(verb))
    if any(c.dep_ in _SUBJECTS for c in kids):
        return None  # "Rex Will attacked": Rex is the subject; the entities stage joins the name
    return next((c for c in kids if name_read_as_modal(c)), None)
