"""Whose a document is, as the speaker's phrase gives it: "a report by Amnesty International",
"data from the Census Bureau", "a study in [a journal]". The "by" / "from" / "in"
phrase (or the participle clause's) naming who made or published the document belongs to the
speaker's mention; "study" alone does not say whose."""

from __future__ import annotations

from itertools import islice
from typing import Any

from .quote_people import is_document_noun

#: Entity labels of those who make or publish a document.
_SOURCE_LABELS = frozenset({"ORG", "PERSON", "NORP", "GPE", "WORK_OF_ART"})
#: ... of those a document comes from ("data from the Census Bureau"; "from Iowa" is about a place)
_FROM_LABELS = _SOURCE_LABELS - {"GPE"}
#: ... and of those that publish one ("a report in the Harbor Courier").
_PUBLISHER_LABELS = frozenset({"ORG", "WORK_OF_ART"})


def names_source(tok: Any, prep: Any) -> bool:
    """ "a report by Amnesty International", "a study in the Journal of X": a document's
    "by" / "from" / "in" phrase naming who made or published it belongs to the speaker
    (without the clause its name may carry: ``quote_credits.phrase_end``)."""
    if not is_document_noun(tok) or prep.lower_ not in ("by", "from", "in"):
        return False
    # "polls in Ohio", "data from Iowa": a place, not who made them
    labels = _SOURCE_LABELS if prep.lower_ == "by" else _FROM_LABELS if prep.lower_ == "from" else _PUBLISHER_LABELS
    return any(t.ent_type_ in labels for t in islice(prep.subtree, 12))  # the name comes first


#: Participles that say where or by whom a document came out ("a study published in ...").
_PUBLISHED = frozenset("publish release post issue print appear run conduct carry produce prepare write author commission send sign submit file".split())


def published_in(tok: Any, child: Any) -> Any | None:
    """ "a paper published in the Journal of X", "an article posted on the Ledger's website", "a
    poll conducted by Gallup": the preposition of a document's participle clause (``child`` of
    ``tok``) naming where or by whom it came out. That phrase belongs to the speaker, as in
    ``names_source``: "study" alone does not say whose. None when there is no such phrase."""
    if child.dep_ != "acl" or child.i != tok.i + 1 or child.tag_ not in ("VBN", "VBG") or child.lemma_.lower() not in _PUBLISHED:
        return None
    if not is_document_noun(tok):
        return None
    prep = next((c for c in child.rights if c.dep_ in ("prep", "agent") and c.i <= child.i + 3 and c.lower_ in ("in", "on", "by")), None)
    labels = _SOURCE_LABELS if prep is not None and prep.lower_ == "by" else _PUBLISHER_LABELS  # "a survey conducted in Ohio" is a place
    return prep if prep is not None and any(t.ent_type_ in labels for t in islice(prep.subtree, 12)) else None
