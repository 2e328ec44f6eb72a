"""Normalisation for matching only: every mapping is one character to one character, so
offsets found in the normalised string index the original text unchanged."""

from __future__ import annotations

import re
from typing import Iterator

_ONE_TO_ONE = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\uff02": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2039": "'",
    "\u203a": "'", "\uff07": "'", "`": "'",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ",
    "\u2003": " ", "\u3000": " ", "\t": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u200b": " ", "\u200c": " ", "\u200d": " ", "\u2060": " ", "\ufeff": " ",
}
_TABLE = str.maketrans(_ONE_TO_ONE)


def normalize_for_matching(text: str) -> str:
    """Straighten quotes, dashes and odd spaces; the result has exactly ``len(text)`` characters."""
    out = text.translate(_TABLE)
    assert len(out) == len(text)
    return out


_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x9b]")


def replace_lone_surrogates(text: str) -> str:
    """Lone surrogates (possible in JSON input, never valid Unicode) become U+FFFD, one for one."""
    return _SURROGATE.sub("\ufffd", text)


#: Characters that change how text is displayed without being visible themselves: bidi
#: embeddings, overrides, isolates and marks (they can reorder what a reader sees, the
#: "Trojan Source" trick), and zero-width spaces, joiners and the BOM (they hide inside words).
INVISIBLE: dict[str, str] = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
    "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM",
    "\u200b": "ZWSP", "\u200c": "ZWNJ", "\u200d": "ZWJ", "\u2060": "WJ", "\ufeff": "BOM",
}
_INVISIBLE = re.compile("[" + "".join(INVISIBLE) + "]")


def invisible_chars(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, name)`` of every invisible formatting character in ``text`` (offsets into
    ``text``; ``name`` is its short name, e.g. ``"RLO"``), for renderers that mark them."""
    for m in _INVISIBLE.finditer(text):
        yield m.start(), m.end(), INVISIBLE[m.group()]


def invisible_marker(ch: str) -> str:
    """The visible stand-in for one invisible character: ``"<U+202E RLO>"``."""
    return f"<U+{ord(ch):04X} {INVISIBLE[ch]}>"


def reveal_invisible(text: str) -> str:
    """``text`` with each bidi control and zero-width character shown as ``<U+202E RLO>``;
    for display only (the article's text and offsets never change)."""
    return _INVISIBLE.sub(lambda m: invisible_marker(m.group()), text)


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters (ANSI escapes included) shown as
    U+FFFD, bidi controls and zero-width characters as visible markers (``reveal_invisible``)."""
    return reveal_invisible(_CONTROL.sub("\ufffd", text))


def text_lines(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each non-blank line of ``text``, trimmed of surrounding whitespace
    (offsets into ``text``; lines are split at ``\n``). Two lines have a blank line between
    them exactly when the gap between them holds two or more ``\n``."""
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e
        if nl < 0:
            break
        pos = nl + 1
