"""Characters that change how text looks without being seen: bidi controls and zero-width marks.

A right-to-left override (U+202E) can make ``exe.txt`` display as ``txt.exe``; a zero-width
space hides inside a word so that two strings that look the same differ. newsprobe never lets
such a character act on what the reader sees: the HTML report replaces each one with a visible
marker (``invisible_html``) and the terminal summary with ``⟨RLO⟩``-style text
(``reveal_invisible``). Both are for display only: offsets always index the original text.
"""

from __future__ import annotations

import re
import unicodedata

#: Each hidden character -> (short name shown in the marker, Unicode name).
INVISIBLE: dict[str, tuple[str, str]] = {
    "\u200b": ("ZWSP", "ZERO WIDTH SPACE"),
    "\u200c": ("ZWNJ", "ZERO WIDTH NON-JOINER"),
    "\u200d": ("ZWJ", "ZERO WIDTH JOINER"),
    "\u200e": ("LRM", "LEFT-TO-RIGHT MARK"),
    "\u200f": ("RLM", "RIGHT-TO-LEFT MARK"),
    "\u202a": ("LRE", "LEFT-TO-RIGHT EMBEDDING"),
    "\u202b": ("RLE", "RIGHT-TO-LEFT EMBEDDING"),
    "\u202c": ("PDF", "POP DIRECTIONAL FORMATTING"),
    "\u202d": ("LRO", "LEFT-TO-RIGHT OVERRIDE"),
    "\u202e": ("RLO", "RIGHT-TO-LEFT OVERRIDE"),
    "\u2060": ("WJ", "WORD JOINER"),
    "\u2066": ("LRI", "LEFT-TO-RIGHT ISOLATE"),
    "\u2067": ("RLI", "RIGHT-TO-LEFT ISOLATE"),
    "\u2068": ("FSI", "FIRST STRONG ISOLATE"),
    "\u2069": ("PDI", "POP DIRECTIONAL ISOLATE"),
    "\u061c": ("ALM", "ARABIC LETTER MARK"),
    "\ufeff": ("BOM", "ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)"),
    # rarer ones used to hide text: invisible operators, deprecated format characters
    "\u180e": ("MVS", "MONGOLIAN VOWEL SEPARATOR"),
    **{chr(cp): (f"U+{cp:04X}", unicodedata.name(chr(cp), "FORMAT CHARACTER")) for cp in range(0x2061, 0x2065)},
    **{chr(cp): (f"U+{cp:04X}", unicodedata.name(chr(cp), "FORMAT CHARACTER")) for cp in range(0x206A, 0x2070)},
}

# tag characters (U+E0000-U+E007F) can smuggle invisible ASCII: the marker shows the letter
_TAGS = "\U000e0001\U000e0020-\U000e007f"
PATTERN = re.compile("[" + "".join(re.escape(c) for c in INVISIBLE) + _TAGS + "]")
#: A run of one hidden character repeated (shown as one marker: ``⟨ZWSP×500⟩``).
RUNS = re.compile("(" + PATTERN.pattern + r")\1*")


def describe(char: str) -> tuple[str, str]:
    """``(short, title)`` for one hidden character, e.g. ``("RLO", "U+202E RIGHT-TO-LEFT OVERRIDE")``."""
    cp = ord(char)
    if char in INVISIBLE:
        short, name = INVISIBLE[char]
    elif 0xE0020 <= cp <= 0xE007E:
        short, name = f"TAG {chr(cp - 0xE0000)}", unicodedata.name(char, "TAG CHARACTER")
    else:
        short, name = f"U+{cp:04X}", unicodedata.name(char, "TAG CHARACTER")
    return short, f"U+{cp:04X} {name}"


def marker(run: str) -> str:
    """The marker text for a run of one hidden character: ``RLO``, ``ZWSP\u00d7500``."""
    short = describe(run[0])[0]
    return short if len(run) == 1 else f"{short}\u00d7{len(run)}"


def reveal_invisible(text: str) -> str:
    """``text`` with every hidden character replaced by a visible ``⟨RLO⟩``-style marker.

    A run of the same character becomes one marker (``⟨ZWSP×500⟩``). For terminals and
    other plain-text displays; the result is not offset-compatible with ``text`` (use it only
    to show text, never to index it).
    """
    return RUNS.sub(lambda m: f"\u27e8{marker(m.group())}\u27e9", text)


def count_invisible(text: str) -> dict[str, int]:
    """How many of each hidden character ``text`` holds, by short name (empty when none)."""
    counts: dict[str, int] = {}
    for m in PATTERN.finditer(text):
        short = describe(m.group())[0]
        counts[short] = counts.get(short, 0) + 1
    return counts
