"""A quotation repeated later in the page (part of the quotes stage, version 65): a pull
quote set apart between paragraphs ('"We have had enough of promises."' on a line of its own,
the words a dock worker was quoted saying three paragraphs before) has no reporting verb of its
own, so it took the speaker of the quote just before it, someone else (0.67, not marked
uncertain). It is the words of whoever said them the first time. Runs after the carried
speakers are given."""

from __future__ import annotations

import re
from dataclasses import replace

from .quote_post import Found

#: Fewest words a repeated quotation needs ("Thank you" twice is no repeat of one saying).
MIN_WORDS = 5
#: Most earlier quotes read for one repeat (a flood of quotes that open alike stays linear).
MAX_HOLDERS = 20
_WORD = re.compile(r"\w+")


def _words(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


def speakers_of_repeats(found: list[Found], text: str) -> None:
    """Give each direct quote with no reporting verb of its own whose words (at least
    ``MIN_WORDS``) all stand, in order, in an earlier direct or mixed quote with a named speaker
    found without doubt that speaker (a guess is not passed on: a maxim the author quoted twice
    stays no one's)."""
    said = sorted((f for f in found if f.label in ("direct", "mixed") and f.speaker is not None and f.speaker.name and not f.speaker.uncertain), key=lambda f: f.start)
    runs: dict[tuple[str, ...], list[tuple[Found, str]]] = {}  # each run of MIN_WORDS words -> the quotes holding it: linear in the text
    for g in said:
        words = _words(text[g.start : g.end])
        seq = words.split()
        for k in range(len(seq) - MIN_WORDS + 1):
            holders = runs.setdefault(tuple(seq[k : k + MIN_WORDS]), [])
            if not holders or holders[-1][0] is not g:
                holders.append((g, words))
    for f in found:
        if f.label != "direct" or f.cue_span is not None or f.path not in ("carried", "none"):
            continue
        words = _words(text[f.start : f.end])
        seq = words.split()
        if len(seq) < MIN_WORDS:
            continue
        holders = runs.get(tuple(seq[:MIN_WORDS]), [])[:MAX_HOLDERS]
        first = next((g for g, said_words in holders if g.end <= f.start and f" {words} " in f" {said_words} "), None)
        if first is not None and first.speaker is not None:
            f.speaker = replace(first.speaker)
