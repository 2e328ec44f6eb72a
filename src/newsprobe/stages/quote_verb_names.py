"""Words the tagger runs into a person's name: a reporting verb at the start of a sentence
("Stated Dorian Vale: ...") and, since quotes version 62, a role written in lower case before it
("registered dietitian Mara Quill"): how to spot them and the name without them (part of the
quotes stage)."""

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


#: Words that join a role to something other than the name after it ("spokesperson for Harbor
#: University"): a phrase with one of them is not a role before a name.
_JOINING = frozenset("of for at from to in on with by and or about".split())


def without_role_words(name: str) -> str:
    """A name without the role words written in lower case before it ("registered dietitian Mara
    Quill" -> "Mara Quill", "his friend Amadou Kane" -> "Amadou Kane"): only where two or more
    capitalised words follow and no joining word ("of", "for", ...) comes before them; any other
    phrase unchanged."""
    words = name.split()
    k = next((i for i, w in enumerate(words) if w[:1].isupper()), 0)
    rest = words[k:]
    if k == 0 or len(rest) < 2 or not all(w[:1].isupper() for w in rest):
        return name
    if any(not w.isalpha() or w in _JOINING for w in words[:k]):
        return name
    return " ".join(rest)


def person_name(ent: Any, fallback: str = "") -> str:
    """A person entity's canonical name (``fallback`` when it has none) as the quotes stage
    uses it everywhere (speakers, titles, transcripts): without a reporting verb the tagger
    took into it ("Stated Dorian Vale" -> "Dorian Vale")."""
    return without_leading_verb(str(ent.attrs.get("canonical") or fallback))
