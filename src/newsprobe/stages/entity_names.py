"""How a name is written once the entities stage cleans it (``clean_name``): no invisible
characters, article, possessive, honorific or stray punctuation, and (since version 41) no
bracket left open. Moved out of ``entities.py`` in version 41; ``entities.clean_name`` is the
same function."""

from __future__ import annotations

import re

from .entity_labels import HONORIFICS

_PREFIX = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
#: Only before a name that really starts with a capital: "the mayor of Dalmere" keeps "mayor" and
#: "President of France" stays whole (never "of France").
_HONORIFIC = re.compile(rf"^(?:(?i:{HONORIFICS})\.?\s+)+(?=[A-Z])")  # "Lt. Col. Ana Ruiz"
#: Zero-width characters, the byte-order mark and bidi controls (marks, embeddings, isolates).
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")

#: What ``clean_name`` strips from both ends of a name.
_STRIP = " ,.;:\"'()[]\u201c\u201d\u2018\u2019-"


def clean_name(text: str) -> str:
    """Strip invisible characters, articles, possessives, honorifics and stray punctuation. An
    honorific goes only before a capital letter: a role phrase such as "the mayor of Dalmere"
    keeps its head noun, and "President of France" is not cut to "of France"."""
    name = " ".join(INVISIBLE.sub("", text).split())
    name = _PREFIX.sub("", name)
    name = _POSSESSIVE.sub("", name)
    name = _HONORIFIC.sub("", name)
    stripped = name.strip(_STRIP)
    if stripped.count("(") > stripped.count(")"):  # v41: never a bracket left open
        if name.rstrip(_STRIP.replace(")", "")).endswith(")"):
            return stripped + ")"  # "Harbour Bank (HB)": the strip took its closing bracket
        stripped = stripped[: stripped.rfind("(")].strip(_STRIP)  # "Harbour Bank (HB": the tagger stopped inside them
    return stripped
