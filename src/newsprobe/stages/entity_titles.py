"""A name written right after a person's title is a person (entities version 41).

The small tagger reads some people's names as organisations or products, most often names it
has not seen ("President-elect [First] [Last] apologized" labelled ORG throughout one page);
every quote of that person then carried the kind ``org``, and "[Surname] said" resolved to an
organisation. When the article writes a two- or three-word ORG or PRODUCT name right after a
title only people hold ("President-elect", "Minister", "Senator", "Dr.", "registered nurse"
does not count: lower case is a description), every mention of that name becomes PERSON.
Names with an organisation word ("Bank", "Institute", "Party") stay as the tagger read them.
"""

from __future__ import annotations

import re

from .entity_labels import NOT_A_PERSON_WORDS, TITLE_WORDS, Mention

#: Titles only a person holds, as written before a name (capitalised; "-elect" may follow).
PERSON_TITLES = TITLE_WORDS | frozenset(
    """president vice-president minister senator sen representative rep governor gov mayor judge justice
    mr mrs ms dr prof king queen prince princess pope ambassador congressman congresswoman lawmaker
    archbishop father sister sir dame lord lady colonel col general gen admiral commander major
    ceo chairwoman premier sheikh emir sultan ayatollah""".split()
)
#: The title word right before a mention: "President-elect ", "Dr. ", "Prime Minister ".
_TITLE_BEFORE = re.compile(r"\b([A-Z][A-Za-z]*(?:-[A-Za-z]+)?)\.? +$")
#: Words that make a name an organisation's or a place's, whatever stands before it: the entities
#: stage's list (``entity_labels.NOT_A_PERSON_WORDS``) and a few an office or a paper has.
_ORG_WORDS = NOT_A_PERSON_WORDS | frozenset("Group Foundation Association Union Court Tribunal Board Authority Service Services News Times Post Press".split())


def _after_person_title(text: str, start: int) -> bool:
    m = _TITLE_BEFORE.search(text[max(0, start - 40) : start])
    if m is None:
        return False
    word = m.group(1).lower()
    return word in PERSON_TITLES or (word.endswith("-elect") and word[: -len("-elect")] in PERSON_TITLES)


def relabel_titled_people(text: str, items: list[Mention]) -> list[Mention]:
    """``items`` with every mention of a two- or three-word ORG or PRODUCT name that the text
    writes right after a person's title at least once relabelled PERSON (module docstring)."""
    titled: set[str] = set()
    for start, _end, label, name, _head, _was in items:
        words = name.split()
        if label not in ("ORG", "PRODUCT") or not 2 <= len(words) <= 3:
            continue
        if not all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words):
            continue
        if any(w in _ORG_WORDS for w in words) or not _after_person_title(text, start):
            continue
        titled.add(name)
    if not titled:
        return items
    return [
        (start, end, "PERSON", name, head, was or label) if label in ("ORG", "PRODUCT") and name in titled else (start, end, label, name, head, was)
        for start, end, label, name, head, was in items
    ]
