"""A quotation introduced as someone's words (part of the quotes stage, version 34): "...
to, in the words of then-Supervisor [Name], '...'" is that person's, whatever verb governs the
sentence. Runs after every speaker is resolved."""

from __future__ import annotations

import re

from ..article import Article
from .quote_post import Found
from .quote_pronouns import Speaker
from .quote_trust import person_names

#: Two or three capitalised words closing a phrase ("then-Supervisor Arlo Benning": "Arlo Benning").
_NAME_AT_END = re.compile(r"(?<![\w-])[A-Z][a-z'\u2019-]+(?:\s+[A-Z][a-z'\u2019-]+){1,2}$")
#: "in the words of [a name]," right before a quotation: the name's words.
_WORDS_OF = re.compile(r"\bin the (?:words|phrase) of\s+([^,\"\u201c\u201d]{2,80}?),?\s*$", re.IGNORECASE)


def words_of(found: list[Found], article: Article) -> None:
    """'... asked voters for a tax to, in the words of then-Supervisor [Name], "get us through
    ..."': the quotation is that person's words, whatever verb governs the sentence (the board's
    "asked"). A PERSON name inside the phrase right before the opening mark gives the speaker."""
    people = person_names(article)
    for f in found:
        if f.region is None or f.label not in ("direct", "mixed"):
            continue
        m = _WORDS_OF.search(article.text, max(0, f.region[0] - 120), f.region[0])
        if m is None:
            continue
        person = next((p for p in people if m.start(1) <= p[0] and p[1] <= m.end(1)), None)
        name = _NAME_AT_END.search(m.group(1)) if person is None else None  # a name the tagger missed
        if person is not None:
            f.speaker = Speaker(person[2], "person", person[0], person[1], via="name")
        elif name is not None:
            f.speaker = Speaker(name.group(0), "person", m.start(1) + name.start(), m.start(1) + name.end(), via="name")
