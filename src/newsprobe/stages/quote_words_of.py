"""A quotation introduced as someone's words (part of the quotes stage, version 34): "...
to, in the words of then-Supervisor [Name], '...'" is that person's, whatever verb governs the
sentence. Since version 65 also "The words of [role], [Name], were blunt: '...'" (the words,
not the name, had been the colon's subject and speaker) and "'...' Those were the words of
[Name], ..." right after the quotation (it had no speaker). Runs after every speaker is
resolved."""

from __future__ import annotations

import re

from ..article import Article
from .quote_post import Found
from .quote_people import PERSON_NOUNS, is_role_lemma
from .quote_pronouns import Speaker
from .quote_trust import person_names

#: Two or three capitalised words closing a phrase ("then-Supervisor Arlo Benning": "Arlo Benning").
_NAME_AT_END = re.compile(r"(?<![\w-])[A-Z][a-z'\u2019-]+(?:\s+[A-Z][a-z'\u2019-]+){1,2}$")
#: "in the words of [a name]," right before a quotation: the name's words.
_WORDS_OF = re.compile(r"\bin the (?:words|phrase) of\s+([^,\"\u201c\u201d]{2,80}?),?\s*$", re.IGNORECASE)
#: "The words of [role], [Name], were blunt:" right before a quotation (v65).
_WORDS_WERE = re.compile(r"\b(?:the|his|her|their) (?:words|response|reply|answer|message|verdict) of\s+([^\"\u201c\u201d.:;]{2,80}?),?\s+(?:was|were|is|are)\b[^\"\u201c\u201d.:;]{0,40}:\s*$", re.IGNORECASE)
#: A role and no name ("the mayor", "the fire chief", "one officer"): the role speaks, as written but for "the" (v65).
_ROLE = re.compile(r"(?:the )?((?:(?:one|a|an) )?(?:[a-z-]+ ){0,2}[a-z-]+)")
#: "Those were the words of [Name]" right after a quotation (v65).
_WERE_WORDS = re.compile(r"\s*(?:Those|These|That|Such) (?:were|was|are|is) (?:the |his |her |their )?(?:words|verdict|response) of\s+([^\"\u201c\u201d.;:]{2,80})")


def _a_role(phrase: str) -> bool:
    """Whether the last word of ``phrase`` names a person in a role ("the fire chief"; not "the
    statute", "the song")."""
    head = phrase.split()[-1]
    return is_role_lemma(head) or head in PERSON_NOUNS


def words_of(found: list[Found], article: Article) -> None:
    """'... asked voters for a tax to, in the words of then-Supervisor [Name], "get us through
    ..."': the quotation is that person's words, whatever verb governs the sentence (the board's
    "asked"). A PERSON name inside the phrase right before the opening mark gives the speaker;
    since version 65 also "The words of [role], [Name], were blunt:" before it and "Those were
    the words of [Name]" right after a quotation with no speaker, and a role with no name ("the
    fire chief", "one officer"; ``_a_role``)."""
    people = person_names(article)
    for f in found:
        if f.region is None or f.label not in ("direct", "mixed"):
            continue
        lo = max(0, f.region[0] - 120)
        m = _WORDS_OF.search(article.text, lo, f.region[0]) or _WORDS_WERE.search(article.text, lo, f.region[0])
        if m is None and f.speaker is not None and f.speaker.name:
            continue  # "Those were the words of ...": only for a quotation with no speaker
        m = m or _WERE_WORDS.match(article.text, f.region[1])
        if m is None:
            continue
        person = next((p for p in people if m.start(1) <= p[0] and p[1] <= m.end(1)), None)
        name = _NAME_AT_END.search(m.group(1)) if person is None else None  # a name the tagger missed
        if person is not None:
            f.speaker = Speaker(person[2], "person", person[0], person[1], via="name")
        elif name is not None:
            f.speaker = Speaker(name.group(0), "person", m.start(1) + name.start(), m.start(1) + name.end(), via="name")
        elif (role := _ROLE.fullmatch(m.group(1))) is not None and _a_role(role.group(1)):  # "The words of the mayor were blunt:", "in the words of one officer,"
            f.speaker = Speaker(role.group(1), "role", m.start(1) + role.start(1), m.end(1), via="noun")
