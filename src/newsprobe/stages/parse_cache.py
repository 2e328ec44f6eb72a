"""Facts about a spaCy parse found once per parse: the sentence starts and each token's head.

spaCy's ``Token.sent`` walks the document to the sentence's edges on every call, and
``Token.children`` scans the token's whole subtree. A quote stage that asks them for each
candidate cue of one endless "sentence" (a flood of thousands of quotes) spends time that
grows with the square of its length. Here each parse is read once (kept in
``Doc.user_data``) and each question is answered by bisection or by a look at nearby tokens.
"""

from __future__ import annotations

import bisect
from typing import Any

_STARTS = "newsprobe.sentence_starts"
_HEADS = "newsprobe.head_indices"


def sentence_bounds(tok: Any) -> tuple[int, int]:
    """``(start, end)`` token indices of ``tok``'s sentence (``end`` exclusive), as
    ``tok.sent.start`` and ``tok.sent.end``."""
    doc = tok.doc
    starts = doc.user_data.get(_STARTS)
    if starts is None:
        starts = doc.user_data[_STARTS] = [s.start for s in doc.sents]
    k = bisect.bisect_right(starts, tok.i) - 1
    start = starts[k] if k >= 0 else 0
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return start, end


def head_indices(doc: Any) -> list[int]:
    """The head's index of every token of ``doc`` (a root is its own head)."""
    heads = doc.user_data.get(_HEADS)
    if heads is None:
        heads = doc.user_data[_HEADS] = [t.head.i for t in doc]
    return heads


#: Children further than this many tokens from their head are not looked at: spaCy's ``.children``
#: scans the head's whole subtree, quadratic in a flood of quotes in one endless "sentence".
NEAR_TOKENS = 80


def children(tok: Any) -> list[Any]:
    """``tok``'s dependency children within ``NEAR_TOKENS`` on either side, in text order."""
    if tok.right_edge.i - tok.left_edge.i <= 2 * NEAR_TOKENS:
        return list(tok.children)
    doc, heads = tok.doc, head_indices(tok.doc)
    lo, hi = max(tok.left_edge.i, tok.i - NEAR_TOKENS), min(tok.right_edge.i, tok.i + NEAR_TOKENS)
    return [doc[k] for k in range(lo, hi + 1) if k != tok.i and heads[k] == tok.i]


def token_at(doc: Any, pos: int) -> Any | None:
    """The token of ``doc`` that covers character ``pos`` (an offset inside the doc), else None."""
    at = doc.char_span(pos, pos + 1, alignment_mode="expand")
    return at[0] if at is not None and len(at) else None
