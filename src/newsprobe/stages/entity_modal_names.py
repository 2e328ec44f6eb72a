"""Names the tagger read as a modal verb ("Will", "May": ``modal_names``). Entities version 42.

A full name whose tagged mention stops before the modal-read word gets it back ("Columnist
Rex Will attacked the plan": the tagger's "Rex", whose token is the verb's subject right
before "Will"). A modal-read word alone becomes a PERSON mention when it is the last word of
exactly one full PERSON name of the article and the first word of none ('"...," Will wrote'
after "George Will": the name resolution then gives the mention his full name; beside "Will
Roe" alone it stays no one's, as a first name could be anyone's).
"""

from __future__ import annotations

import bisect
from typing import Any, Callable

from .entity_labels import Mention
from .modal_names import name_read_as_modal


def add_modal_names(items: list[Mention], docs: list[tuple[int, Any]], skip: Callable[[int, int], bool]) -> list[Mention]:
    """``items`` with the names read as modals joined to the name before them or added as
    PERSON mentions (module docstring); ``skip(start, end)``: where no mention is added or
    changed (headline lines, page furniture)."""
    tokens = [(offset, tok) for offset, doc in docs for tok in doc if name_read_as_modal(tok)]
    if not tokens:
        return items
    out = sorted(items)
    starts = [s for s, *_ in out]  # joining a word on moves a mention's end, never its start
    alone: list[tuple[int, Any]] = []
    for offset, tok in tokens:  # first the names the tagger cut before the word ("Rex" + "Will")
        start, end = offset + tok.idx, offset + tok.idx + len(tok.text)
        k = bisect.bisect_right(starts, start) - 1
        if skip(start, end) or (k >= 0 and out[k][1] > start) or (k + 1 < len(out) and out[k + 1][0] < end):
            continue  # a headline, furniture, or inside a mention already ("Will Smith")
        before = tok.doc[tok.i - 1] if tok.i > 0 else None
        if (
            k >= 0 and before is not None and out[k][2] == "PERSON" and out[k][1] == offset + before.idx + len(before.text)
            and before.dep_ in ("nsubj", "nsubjpass") and before.head.i == tok.head.i and before.idx + len(before.text) + 1 == tok.idx
        ):
            s, _, label, name, head, was = out[k]
            out[k] = (s, end, label, f"{name} {tok.text}", head, was)
        else:
            alone.append((start, tok))
    lasts: dict[str, set[str]] = {}
    firsts: set[str] = set()
    for _, _, label, name, head, *_ in out:
        parts = name.split()
        if label == "PERSON" and not head and len(parts) >= 2:
            lasts.setdefault(parts[-1], set()).add(name)
            firsts.add(parts[0])
    added: list[Mention] = [
        (start, start + len(tok.text), "PERSON", str(tok.text), False, None)
        for start, tok in alone
        if len(lasts.get(tok.text, ())) == 1 and tok.text not in firsts  # "Will" of "George Will" alone
    ]
    return sorted(out + added) if added else out
