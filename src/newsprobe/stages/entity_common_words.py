"""Entity mentions that are words of the text, not names: a heading in capitals ("ACCIDENT"
over a police log), an ingredient or a keyword in Title Case the tagger called a person ("Maple
Syrup", "Docker"). docs/entities.md, versions 16 and 17."""

from __future__ import annotations

import re

from .entity_labels import Mention, person_name_words
from .given_names import is_given_name

_CAPS_WORD = re.compile(r"[A-Z]{4,}")
#: A plain lower-case word of running text: not part of a handle, an address or a file name
#: ("@luboku", "example.com/luboku", "luboku.png"). A full stop after it ends a sentence.
_LOWER_WORD = re.compile(r"(?<![\w@#/.-])[a-z]{4,}(?![\w@/-]|\.\w)")


def drop_capitalised_words(text: str, items: list[Mention]) -> list[Mention]:
    """A one-word mention in capitals that the text also writes in lower case as a plain word
    ("ACCIDENT" over a police log that reports "the accident", "COPY" in a listing of commands)
    is a heading or a keyword, not a name: left out. Acronyms the text never writes in lower
    case ("NASA", "ESPN") and words under four letters ("WHO", "US") stay."""
    lower: set[str] | None = None
    out: list[Mention] = []
    for item in items:
        start, end = item[0], item[1]
        if _CAPS_WORD.fullmatch(text[start:end]):
            if lower is None:
                lower = set(_LOWER_WORD.findall(text))
            if text[start:end].lower() in lower:
                continue
        out.append(item)
    return out


_HONORIFIC_BEFORE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lady|Lord)\.?)\s*$")
_PLAIN_WORD = re.compile(r"(?<![\w@#/.-])[a-z]{2,}(?![\w@/-]|\.\w)")
_TITLE_WORD = re.compile(r"[A-Z][a-z]+")


def drop_common_word_people(text: str, items: list[Mention]) -> list[Mention]:
    """A PERSON mention whose every word the text also writes in lower case as a plain word,
    none of them a common first name ("Skim Milk" and "Coconut Oil" over a recipe that
    says "skim milk", a step's "Cook" or "Wash"), is an ingredient, a heading or an instruction,
    not a person: left out. A one-word mention that is the first or last name of a full PERSON
    name of the text ("Tim Cook" ... "Cook"), and a name after an honorific ("Mr. Cook"), stay."""
    lower: set[str] | None = None
    person_words: set[str] | None = None
    out: list[Mention] = []
    for item in items:
        start, end, label, name = item[0], item[1], item[2], item[3]
        words = name.split()
        if label == "PERSON" and words and all(_TITLE_WORD.fullmatch(w) and not is_given_name(w) for w in words):
            if lower is None:
                lower = set(_PLAIN_WORD.findall(text))
                person_words = person_name_words(items)
            plain = all(w.lower() in lower for w in words)
            surname = len(words) == 1 and words[0] in (person_words or ())
            if plain and not surname and not _HONORIFIC_BEFORE.search(text[max(0, start - 8) : start]):
                continue
        out.append(item)
    return out
