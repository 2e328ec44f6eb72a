"""Entity mentions that are words of the text, not names: a heading in capitals ("ACCIDENT"
over a police log), an ingredient or a keyword in Title Case the tagger called a person ("Maple
Syrup", "Docker"), a sentence's first verb run into a name ("Blaming Vance's aides ..."), a
headline's first word ("Fixing ferries | Recount costs"). docs/entities.md, versions 16, 17,
25 and 37."""

from __future__ import annotations

import re

from .entity_kinds import NAME_LABELS
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


#: Names that end in "-ing" and are no verbs (first names and surnames used as first names).
_ING_NAMES = frozenset("Sterling Channing Manning Fleming Harding Browning Golding Downing Redding Cushing Darling Pershing Kipling Spalding Deming Waring Ewing Irving Goering Reading".split())
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;\n][\"'\u201d\u2019)\]]*)\s*$")


def drop_leading_gerunds(text: str, items: list[Mention]) -> list[Mention]:
    """A person's name that starts a sentence with an -ing word before a surname another full
    name here ends with ("Blaming Vance's aides for the delay ..." beside "Ada Vance") is
    that surname: the verb is no first name (the false "Blaming Vance" made "Vance" name two
    people, so a later "she" skipped her). Common first names ("Irving"), a word not at a
    sentence's start, names that end in "-ing" (``_ING_NAMES``: "Sterling", "Channing") and a
    name nobody else here carries, in full or alone (version 39: "Taking Archie outside" beside
    "Archie"), keep the name whole."""
    full: dict[str, set[str]] = {}
    alone: set[str] = set()  # one-word names: "Taking Archie outside ..." beside "her son Archie"
    for start, end, label, name, *_ in items:
        words = name.split()
        if label == "PERSON" and len(words) >= 2:
            full.setdefault(words[-1], set()).add(words[0])
        elif label == "PERSON" and len(words) == 1:
            alone.add(name)
    out: list[Mention] = []
    for item in items:
        start, end, label, name = item[0], item[1], item[2], item[3]
        words = name.split()
        first = words[0] if words else ""
        if (label == "PERSON" and len(words) == 2 and len(first) > 5 and first.endswith("ing") and first[:1].isupper()
                and not is_given_name(first) and first not in _ING_NAMES and (full.get(words[1], set()) - {first} or words[1] in alone)
                and _SENTENCE_BEFORE.search(text, max(0, start - 4), start) and text.startswith(first, start)):
            cut = start + len(first)
            while cut < end and text[cut].isspace():
                cut += 1
            item = (cut, end, label, words[1], *item[4:])
        out.append(item)
    return out


#: What a piece of a headline starts after: the line's start, a bar, a colon or a dash.
_PIECE_START = re.compile(r"(?:^|[|:\u2013\u2014-])\s*$")


def drop_headline_words(text: str, items: list[Mention], words: frozenset[str], first_line_end: int) -> list[Mention]:
    """A one-word mention that opens a headline line or a piece of one ("Readers: Fixing
    ferries | Undermining trust | Recount costs"), on the first line or a headline line, is the
    headline's capital, not a name, when it is a word the text also writes in lower case
    ("recount") or an -ing word, and the text never writes it with a capital inside a sentence
    (after a lower-case word or a comma: "Tidewell" in "moving Tidewell to new servers" stays).
    Numbers, acronyms, common first names and names in ``_ING_NAMES`` stay."""
    out: list[Mention] = []
    for item in items:
        start, end, name, head = item[0], item[1], item[3], item[4]
        word = text[start:end]
        if (
            (head or start < first_line_end) and item[2] in NAME_LABELS and " " not in word and word[:1].isupper() and not word.isupper()
            and not is_given_name(word) and word not in _ING_NAMES
            and (word.lower() in words or (word.endswith("ing") and len(word) > 5))
            and _PIECE_START.search(text[text.rfind("\n", 0, start) + 1 : start])
            and not re.search(rf"[a-z,;]\s+{re.escape(word)}\b", text)
        ):
            continue
        out.append(item)
    return out
