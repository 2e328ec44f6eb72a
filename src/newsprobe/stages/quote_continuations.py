"""A quoted piece that goes on in lower case after an interruption (quotes stage, version 38).

'He said, "The council will fix the bridge" - then the crowd chanted "Fix the bridge!" - "and
keep the ferry running."': the last piece continues the first one's sentence, not the crowd's
finished cry between them (a cry or a question only: a full stop may end a sentence the next
piece still belongs to). So a reporting verb before such a finished quotation is not the
lower-case piece's cue (``past_finished_quote``), and the piece never carries the speaker of a
finished quotation right before it (``continues_past``); it carries the one before that, whose
sentence it finishes.
"""

from __future__ import annotations

import bisect
from typing import Any, Sequence

from .quote_marks import QuoteRegion

_CLOSERS = "\"'\u201d\u2019\u00bb "
#: A cry or a question ends a quotation for certain; a full stop may end a sentence the next
#: piece still belongs to (an author's argument in two quotations), so it does not count.
_ENDS = ("!", "?")


def _goes_on_in_lower_case(text: str, region: QuoteRegion) -> bool:
    return text[region.start : region.start + 1].islower()


def _finished(text: str, start: int, end: int) -> bool:
    """Whether the quoted words ``text[start:end]`` end with their own "!" or "?"."""
    return text[start:end].rstrip(_CLOSERS).endswith(_ENDS)


def past_finished_quote(text: str, regions: Sequence[QuoteRegion], opens: Sequence[int], cue_at: int, region: QuoteRegion) -> bool:
    """Whether a quotation that ends with its own "!" or "?" lies between a cue at
    ``cue_at`` and ``region``, a piece that goes on in lower case: that cue is the finished
    quotation's, or an earlier one's, never the piece's own. ``opens``: the regions' opening
    offsets, sorted (``TokenIndex.reg_opens``)."""
    if cue_at >= region.open or not _goes_on_in_lower_case(text, region):
        return False
    k = bisect.bisect_right(opens, cue_at)
    while k < len(regions) and regions[k].open < region.open:
        r = regions[k]
        if r.close <= region.open and _finished(text, r.start, r.end):
            return True
        k += 1
    return False


def continues_past(text: str, start: int, prev: Any) -> bool:
    """Whether the piece at ``start`` goes on in lower case right after ``prev``, a quotation
    that ends with its own "!" or "?": it must not carry ``prev``'s speaker."""
    return text[start : start + 1].islower() and _finished(text, prev.start, prev.end)
