"""Reporting verbs the tagger runs into a person's name at the start of a sentence ("Stated
Dorian Vale: ..."): how to spot one and the name without it (part of the quotes stage)."""

from __future__ import annotations

from typing import Any

from .quote_cues import NAMED_VERBS


def is_verb_form(word: str) -> bool:
    """Whether a word is an inflected form of a reporting verb ("Stated", "Added", "Replied",
    "Says", "Wrote"): capitalised at the start of a sentence, the tagger may take it into the
    name that follows ("Stated Dorian Vale: ..."). The bare form ("Say", "Chant") is left alone."""
    w = word.lower()
    if w in ("wrote", "told", "spoke"):
        return True
    if w.endswith("ied") and len(w) > 4:
        stems: tuple[str, ...] = (w[:-3] + "y",)  # replied
    elif w.endswith("ed") and len(w) > 4:
        stems = (w[:-1], w[:-2]) + ((w[:-3],) if w[-3] == w[-4] else ())  # stated, added, admitted
    elif w.endswith("s") and len(w) > 3:
        stems = (w[:-1], w[:-2])  # says, stresses
    else:
        return False
    return any(s in NAMED_VERBS for s in stems)


def without_leading_verb(name: str) -> str:
    """A person's name without a reporting verb the tagger took into it ("Stated Dorian Vale"
    -> "Dorian Vale"); any other name unchanged."""
    first, _, rest = name.partition(" ")
    return rest if rest and rest[:1].isupper() and is_verb_form(first) else name


def person_name(ent: Any, fallback: str = "") -> str:
    """A person entity's canonical name (``fallback`` when it has none) as the quotes stage
    uses it everywhere (speakers, titles, transcripts): without a reporting verb the tagger
    took into it ("Stated Dorian Vale" -> "Dorian Vale")."""
    return without_leading_verb(str(ent.attrs.get("canonical") or fallback))
