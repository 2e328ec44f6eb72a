"""Entity mentions that are words of the text, not names: a heading in capitals ("ACCIDENT"
over a police log), an ingredient or a keyword in Title Case the tagger called a person ("Maple
Syrup", "Docker"). docs/entities.md, versions 16 and 17."""

from __future__ import annotations

import re

from .entity_labels import HONORIFICS, Mention, person_name_words
from .given_names import is_given_name

_CAPS_WORD = re.compile(r"[A-Z]{4,}")
#: A plain lower-case word of running text: not part of a handle, an address or a file name
#: ("@luboku", "example.com/luboku", "luboku.png"). A full stop after it ends a sentence.
_PLAIN_WORD = re.compile(r"(?<![\w@#/.-])[a-z]{2,}(?![\w@/-]|\.\w)")
_HONORIFIC_BEFORE = re.compile(rf"\b(?i:{HONORIFICS}|lord|lady)\.?\s*$")
_TITLE_WORD = re.compile(r"[A-Z][a-z]+")


def plain_words(text: str) -> frozenset[str]:
    """The lower-case words ``text`` writes as plain words of running text (``_PLAIN_WORD``)."""
    return frozenset(_PLAIN_WORD.findall(text))


def drop_capitalised_words(text: str, items: list[Mention], words: frozenset[str] | None = None) -> list[Mention]:
    """A one-word mention in capitals that the text also writes in lower case as a plain word
    ("ACCIDENT" over a police log that reports "the accident", "COPY" in a listing of commands)
    is a heading or a keyword, not a name: left out. Acronyms the text never writes in lower
    case ("NASA", "ESPN") and words under four letters ("WHO", "US") stay. ``words``: the
    text's ``plain_words``, when the caller has them."""
    out: list[Mention] = []
    for item in items:
        start, end = item[0], item[1]
        if _CAPS_WORD.fullmatch(text[start:end]):
            if words is None:
                words = plain_words(text)
            if text[start:end].lower() in words:
                continue
        out.append(item)
    return out


def drop_common_word_people(text: str, items: list[Mention], words: frozenset[str] | None = None) -> list[Mention]:
    """A PERSON mention whose every word the text also writes in lower case as a plain word,
    none of them a common first name ("Skim Milk" and "Coconut Oil" over a recipe that
    says "skim milk", a step's "Cook" or "Wash"), is an ingredient, a heading or an instruction,
    not a person: left out. A one-word mention that is the first or last name of a full PERSON
    name of the text ("Tim Cook" ... "Cook"), and a name after an honorific or title ("Mr.
    Cook", "Mayor Baker"), stay. ``words``: the text's ``plain_words``, when the caller has them."""
    person_words: set[str] | None = None
    out: list[Mention] = []
    for item in items:
        start, end, label, name = item[0], item[1], item[2], item[3]
        parts = name.split()
        if label == "PERSON" and parts and all(_TITLE_WORD.fullmatch(w) and not is_given_name(w) for w in parts):
            if words is None:
                words = plain_words(text)
            if person_words is None:
                person_words = person_name_words(items)
            plain = all(w.lower() in words for w in parts)
            surname = len(parts) == 1 and parts[0] in person_words
            if plain and not surname and not _HONORIFIC_BEFORE.search(text[max(0, start - 16) : start]):
                continue
        out.append(item)
    return out
