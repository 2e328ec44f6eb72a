"""Pair quotation marks into quoted regions, in one linear pass.

Works on the normalised text (curly marks straightened one-to-one, so offsets are those of
the article) and looks at the original text only to tell an opening curly mark from a
closing one. Rules, chosen so that a broken layout degrades to "fewer quotes", never to a
crash or to quadratic work:

* Double marks are paired within a paragraph (a line break ends it). A stray closing mark
  is ignored; an opening mark seen while a quote is already open restarts the quote there
  (the earlier mark was unbalanced).
* A quote still open at the end of a paragraph continues when the next paragraph starts
  with an opening mark (the newspaper convention for quotes running over several
  paragraphs), unless the quote opened with a straight mark and the next paragraph with a
  curly one (a stray straight mark, as scraped pages leave them); otherwise it is dropped.
* Single marks are paired only outside double-quoted regions (single marks inside double
  quotes are nested quotes and stay part of the outer content), only within a paragraph and
  a bounded distance, and never where the mark is an apostrophe (a letter on both sides).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

#: Longest single-quoted region considered (characters); longer pairs are apostrophes gone astray.
MAX_SINGLE_QUOTE = 400

_OPEN_CURLY_DOUBLE = {"\u201c", "\u201e", "\u00ab"}
_CLOSE_CURLY_DOUBLE = {"\u201d", "\u00bb"}
_OPEN_CURLY_SINGLE = {"\u2018", "\u201a", "\u2039"}
_BEFORE_OPEN = set(" \n([{-/:;,\u2014\u2013") | {"'", '"'}


@dataclass(frozen=True)
class QuoteRegion:
    """One quoted region: ``[open, close)`` includes the marks; ``[start, end)`` is the content.

    ``close`` equals ``end`` when the region has no closing mark (cannot happen for regions
    returned here, kept for clarity). ``paragraphs`` counts the paragraphs it runs over.
    """

    open: int
    close: int
    start: int
    end: int
    mark: str  # '"' or "'"
    paragraphs: int = 1


def _opening_like(text: str, norm: str, i: int, width: int = 1) -> bool:
    """Whether the mark at ``i`` (``width`` characters: 2 for ``''``) reads as an opening mark."""
    ch = text[i]
    if ch in _OPEN_CURLY_DOUBLE or ch in _OPEN_CURLY_SINGLE or text[i : i + 2] == "``":
        return True
    if ch in _CLOSE_CURLY_DOUBLE or ch == "\u2019":
        return False
    prev = norm[i - 1] if i > 0 else " "
    nxt = norm[i + width] if i + width < len(norm) else " "
    return (prev in _BEFORE_OPEN or prev.isspace()) and not nxt.isspace()


def _closing_like(text: str, norm: str, i: int, width: int = 1) -> bool:
    ch = text[i]
    if ch in _CLOSE_CURLY_DOUBLE or ch == "\u2019":
        return True
    if ch in _OPEN_CURLY_DOUBLE or ch in _OPEN_CURLY_SINGLE or text[i : i + 2] == "``":
        return False
    prev = norm[i - 1] if i > 0 else " "
    return not prev.isspace()


def _misprinted_close(text: str, norm: str, i: int, width: int = 1) -> bool:
    """An opening curly mark typed where a closing one belongs: glued to the word or stop
    before it and followed by a space or the end of the text ('called it "abhorrent“ in a
    post'). Read as a closing mark only while a quote is open."""
    if text[i] not in _OPEN_CURLY_DOUBLE or i == 0 or norm[i - 1].isspace():
        return False
    return i + width >= len(norm) or norm[i + width].isspace()


def _double_width(norm: str, i: int) -> int:
    """1 for a double mark at ``i``, 2 for a doubled single mark (``''`` or ````` `` `````), else 0."""
    ch = norm[i]
    if ch == '"':
        return 1
    if ch == "'" and i + 1 < len(norm) and norm[i + 1] == "'":
        return 2
    return 0


def _paragraph_starts_with_open(text: str, norm: str, pos: int) -> tuple[int, int]:
    """If the paragraph beginning at ``pos`` starts (after blank space) with an opening
    double mark, its offset and width; else (-1, 0)."""
    n = len(norm)
    j = pos
    while j < n and norm[j] in " \n\r":
        j += 1
    if j < n:
        width = _double_width(norm, j)
        if width and _opening_like(text, norm, j, width):
            return j, width
    return -1, 0


def pair_double(text: str, norm: str) -> list[QuoteRegion]:
    """Double-quoted regions (``"``, curly, and ``''`` pairs), paired per paragraph with
    multi-paragraph continuation."""
    regions: list[QuoteRegion] = []
    n = len(norm)
    open_at = -1  # offset of the opening mark of the current quote
    open_width = 1
    paragraphs = 1
    i = 0
    while i < n:
        ch = norm[i]
        if ch == "\n":
            if open_at >= 0:
                nxt, width = _paragraph_starts_with_open(text, norm, i)
                if nxt >= 0 and not (text[nxt] in _OPEN_CURLY_DOUBLE and text[open_at] not in _OPEN_CURLY_DOUBLE):
                    # the quote runs on: the repeated opening mark is part of the quote (a stray
                    # straight mark opening one paragraph is no quotation a curly mark continues;
                    # a curly one continued by a straight one is, on pages that mix the two)
                    paragraphs += 1
                    i = nxt + width
                    continue
                open_at = -1  # unbalanced: drop it, the rest of the text is unaffected
            i += 1
            continue
        width = _double_width(norm, i) if ch in "\"'" else 0
        if width:
            if open_at < 0:
                if _opening_like(text, norm, i, width) or not _closing_like(text, norm, i, width):
                    open_at, open_width, paragraphs = i, width, 1
                elif i + width < n and not norm[i + width].isspace() and norm[i + width] not in ".,;:!?":
                    open_at, open_width, paragraphs = i, width, 1  # glued to both sides: best guess, open
            else:
                if _closing_like(text, norm, i, width) or not _opening_like(text, norm, i, width) or _misprinted_close(text, norm, i, width):
                    if i > open_at + open_width:
                        regions.append(QuoteRegion(open_at, i + width, open_at + open_width, i, '"', paragraphs))
                    open_at = -1
                else:
                    open_at, open_width, paragraphs = i, width, 1  # two openings in a row: the first was stray
            i += width
            continue
        i += 1
    return regions


def _is_apostrophe(norm: str, i: int) -> bool:
    prev = norm[i - 1] if i > 0 else " "
    nxt = norm[i + 1] if i + 1 < len(norm) else " "
    return prev.isalnum() and nxt.isalnum()


def pair_single(text: str, norm: str, inside_double: list[QuoteRegion]) -> list[QuoteRegion]:
    """Single-quoted regions outside every double-quoted region."""
    regions: list[QuoteRegion] = []
    n = len(norm)
    blocked = iter(inside_double)
    current = next(blocked, None)
    open_at = -1
    i = 0
    while i < n:
        while current is not None and current.close <= i:
            current = next(blocked, None)
        if current is not None and current.open <= i < current.close:
            open_at = -1
            i = current.close
            continue
        ch = norm[i]
        if ch == "\n":
            open_at = -1
        elif ch == "'" and i + 1 < n and norm[i + 1] == "'":
            i += 2  # an unpaired doubled mark: neither a single quote nor an apostrophe
            continue
        elif ch == "'" and not _is_apostrophe(norm, i):
            if open_at >= 0 and i - open_at > MAX_SINGLE_QUOTE:
                open_at = -1
            if open_at < 0:
                nxt = norm[i + 1] if i + 1 < n else " "
                if _opening_like(text, norm, i) and (nxt.isalpha() or nxt == '"'):
                    open_at = i
            else:
                nxt = norm[i + 1] if i + 1 < n else " "
                if _closing_like(text, norm, i) and (nxt.isspace() or nxt in ".,;:!?)-\"'"):
                    if i > open_at + 1:
                        regions.append(QuoteRegion(open_at, i + 1, open_at + 1, i, "'", 1))
                    open_at = -1
        i += 1
    return regions


def find_quotes(text: str, norm: str) -> list[QuoteRegion]:
    """Every top-level quoted region (double, then single outside doubles), sorted."""
    doubles = pair_double(text, norm)
    singles = pair_single(text, norm, doubles)
    return sorted(doubles + singles, key=lambda r: r.open)


def short_fragment(text: str, regions: list[QuoteRegion], opens: list[int], pos: int) -> bool:
    """Whether ``pos`` lies in a quoted fragment of at most three words that a word of the
    reporter's sentence leads into ('branding it "wholly wrong" and insisting: "..."'): a piece
    of the reporter's clause, not a quotation the parser could have hung a cue inside.
    ``opens``: the regions' opening offsets, sorted."""
    i = bisect.bisect_right(opens, pos) - 1
    if i < 0 or not regions[i].open <= pos < regions[i].close:
        return False
    r = regions[i]
    return len(text[r.start : r.end].split()) <= 3 and text[max(0, r.open - 20) : r.open].rstrip()[-1:].isalnum()


#: A sentence's end inside a paragraph: a stop (and a closing mark) before a space and a capital.
_SENTENCE_BREAK = re.compile(r"[.!?][\"')\u201d\u2019]?\s+(?=[\"\u201c(]?[A-Z])")


def after_last_sentence_break(text: str, window: int = 600) -> int:
    """Offset in ``text`` just after its last sentence break ("... Fulton said. " of "Fulton
    said. Pike shot back:"), 0 when there is none: how far back a cue may be looked for before
    a quote its own sentence introduces with a colon (quotes version 64). Only the last
    ``window`` characters are read (a paragraph of thousands of quotes stays linear); with no
    break there, the window's start."""
    last = lo = max(0, len(text) - window)
    for m in _SENTENCE_BREAK.finditer(text, lo):
        last = m.end()
    return last
