"""A name written right after a person's title is a person (entities version 41).

The small tagger reads some people's names as organisations or products, most often names it
has not seen ("President-elect [First] [Last] apologized" labelled ORG throughout one page);
every quote of that person then carried the kind ``org``, and "[Surname] said" resolved to an
organisation. When the article writes a two- or three-word ORG or PRODUCT name right after a
title only people hold ("President-elect", "Minister", "Senator", "Dr."; until version 47 no
word in lower case), every mention of that name becomes PERSON.
Names with an organisation word ("Bank", "Institute", "Party") stay as the tagger read them.

Since version 47 a lower-case role only a person holds counts as a title ("film star",
"defence lawyer"; not one a firm or an office may hold: "host", "owner", "director"), and a
single word counts too after a form of address only a person's name follows ("Dr", "Mr",
"Mrs", "Ms", "Miss", "Prof", "Sir", "Dame"), also when the tagger took the form of address into
the mention: "Dr [Surname] suggested ..." was an organisation's words where the tagger read the
surname as ORG (or as a place, a product, a nationality).
"""

from __future__ import annotations

import re

from .entity_labels import NOT_A_PERSON_WORDS, Mention
from .entity_roles import ROLE_WORDS, TITLE_WORDS

#: Titles only a person holds, as written before a name (capitalised; "-elect" may follow).
PERSON_TITLES = TITLE_WORDS | frozenset(
    """president vice-president minister senator sen representative rep governor gov mayor judge justice
    mr mrs ms dr prof king queen prince princess pope ambassador congressman congresswoman lawmaker
    archbishop father sister sir dame lord lady colonel col general gen admiral commander major
    ceo chairwoman premier sheikh emir sultan ayatollah""".split()
)
#: The title word right before a mention: "President-elect ", "Dr. ", "Prime Minister ".
_TITLE_BEFORE = re.compile(r"\b([A-Z][A-Za-z]*(?:-[A-Za-z]+)?)\.? +$")
#: A person's role in lower case right before a mention: "film star ", "defence lawyer " (v47).
_ROLE_BEFORE = re.compile(r"\b([a-z]+) +$")
#: Roles in lower case only a person holds (the entities' roles before a name, less those a firm
#: or an office may hold: "host broadcaster", "its owner"), and "star".
_PERSON_ROLES_LOWER = (ROLE_WORDS - frozenset(
    "owner host founder co-founder cofounder executive chair director editor manager worker resident vice general delegate anchor trustee moderator chief deputy".split()
)) | {"star"}
#: Words that make a name an organisation's or a place's, whatever stands before it: the entities
#: stage's list (``entity_labels.NOT_A_PERSON_WORDS``) and a few an office or a paper has.
_ORG_WORDS = NOT_A_PERSON_WORDS | frozenset("Group Foundation Association Union Court Tribunal Board Authority Service Services News Times Post Press".split())


#: Forms of address written only before a person's name: a single word after one is a name too.
ADDRESS_FORMS = frozenset("mr mrs ms miss dr prof sir dame".split())
#: The tagger's labels a surname after a form of address was seen to get instead of PERSON.
_MISREAD_LABELS = frozenset({"ORG", "PRODUCT", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART"})


def _title_before(text: str, start: int) -> str | None:
    m = _TITLE_BEFORE.search(text[max(0, start - 40) : start])
    return m.group(1).lower() if m is not None else None


def _after_person_title(text: str, start: int) -> bool:
    word = _title_before(text, start)
    if word is None:
        role = _ROLE_BEFORE.search(text[max(0, start - 40) : start])
        return role is not None and role.group(1) in _PERSON_ROLES_LOWER  # "film star [First] [Last]" (v47)
    return word in PERSON_TITLES or (word.endswith("-elect") and word[: -len("-elect")] in PERSON_TITLES)


def _addressed(text: str, start: int, end: int, name: str, label: str) -> bool:
    """'Dr [Surname]', 'Mrs [Surname]': one capitalised word the tagger misread after a form of
    address, written before the mention or as its first word (the name is then the word alone)."""
    if label not in _MISREAD_LABELS or not name.isalpha() or not name[:1].isupper() or name.isupper() or name in _ORG_WORDS:
        return False
    first = text[start:end].split()[0].rstrip(".").lower()
    return _title_before(text, start) in ADDRESS_FORMS or (first in ADDRESS_FORMS and text[start:end].endswith(name))


def relabel_titled_people(text: str, items: list[Mention]) -> list[Mention]:
    """``items`` with every mention of a two- or three-word ORG or PRODUCT name that the text
    writes right after a person's title at least once, and of a one-word name after a form of
    address, relabelled PERSON (module docstring)."""
    titled: set[str] = set()
    for start, end, label, name, _head, _was in items:
        words = name.split()
        if len(words) == 1 and _addressed(text, start, end, name, label):
            titled.add(name)
            continue
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
        (start, end, "PERSON", name, head, was or label) if name in titled and (label in ("ORG", "PRODUCT") or " " not in name and label in _MISREAD_LABELS) else (start, end, label, name, head, was)
        for start, end, label, name, head, was in items
    ]
