"""Normalisation for matching only: every mapping is one character to one character, so
offsets found in the normalised string index the original text unchanged."""

from __future__ import annotations

import re

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


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters (ANSI escapes included) shown as U+FFFD."""
    return _CONTROL.sub("\ufffd", text)
