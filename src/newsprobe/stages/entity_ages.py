"""People named with their age ("Okafor, 48, is a former nurse"). Entities version 43.

News gives a person's age in commas right after the name, and only a person's. The small tagger
misses some such names (an uncommon surname: no entity at all, so a later "she" had no one to
point to) and calls others a place ("[First] [Last], 48," a GPE). A proper name of one to three
capitalised words right before ", [age]," (1 to 119) is a PERSON: added where no mention covers
it, relabelled where the tagger gave it a place, product or work label. Never a country or US
state ("Ohio, 12, ..." is no one), never on a headline line or page furniture.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Callable

from .entity_labels import Mention
from .place_names import PLACE_NAMES

#: ", 48," right after a name (a comma or "and" may follow the age: "Okafor, 48, and ...").
_AGE_AFTER = re.compile(r",\s(\d{1,3}),\s")
#: Labels the tagger gives some people named with an age.
_RELABEL = frozenset({"GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "NORP"})


def _aged(text: str, end: int) -> bool:
    m = _AGE_AFTER.match(text, end)
    return m is not None and 0 < int(m.group(1)) < 120


def add_aged_people(text: str, items: list[Mention], docs: list[tuple[int, Any]], skip: Callable[[int, int], bool]) -> list[Mention]:
    """``items`` with the names given an age made PERSON mentions (module docstring);
    ``skip(start, end)``: where no mention is added or changed."""
    if not _AGE_AFTER.search(text):
        return items
    out = [
        (s, e, "PERSON", name, head, was or label)
        if label in _RELABEL and _aged(text, e) and not skip(s, e) and name.lower() not in PLACE_NAMES and all(w[:1].isupper() for w in name.split())
        else (s, e, label, name, head, was)
        for s, e, label, name, head, was in items
    ]
    spans = sorted((s, e) for s, e, *_ in out)
    starts = [s for s, _ in spans]
    added: list[Mention] = []
    for offset, doc in docs:
        for tok in doc:
            if tok.tag_ != "NNP" or tok.ent_type_ or not tok.is_title or not tok.is_alpha or len(tok.text) < 2:
                continue
            end = offset + tok.idx + len(tok.text)
            if not _aged(text, end):
                continue
            first = tok
            while first.i > 0 and tok.i - first.i < 2 and (p := doc[first.i - 1]).tag_ == "NNP" and p.is_title and p.is_alpha and not p.ent_type_:
                first = p
            start = offset + first.idx
            name = text[start:end]
            i = bisect.bisect_right(starts, end - 1) - 1
            if skip(start, end) or (i >= 0 and spans[i][1] > start) or name.lower() in PLACE_NAMES or tok.lower_ in PLACE_NAMES:
                continue
            added.append((start, end, "PERSON", name, False, None))
    return sorted(out + added) if added else out
