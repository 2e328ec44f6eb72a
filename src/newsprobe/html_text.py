"""The main text and metadata of an HTML page, as trafilatura extracts them, with one repair.

Trafilatura keeps the source's line breaks inside some paragraphs (one that holds inline code,
for instance): "the plan would go to a\\n<code>second</code>\\nreading in March" comes out as
three lines. A browser shows that paragraph as one line (HTML collapses white space), and a page
written with hard-wrapped source lines would otherwise reach the segmenters as dozens of
one-line "paragraphs", cutting sentences, claims and quotations in half. ``main_text`` turns
such in-paragraph line breaks into spaces where they fall inside a sentence (``goes_on``);
``<br>`` line breaks, paragraph boundaries and code blocks are kept as they are. Pages without
wrapped source lines get the same text as trafilatura's own output
(``eval/html_text_check.py`` compares them on the real pages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

_BREAK = re.compile(r"[ \t]*\n\s*")
_CONTEXT = 80  # characters read on either side of a break
# trafilatura's elements for <pre> and code (it reads <pre> as a quotation): line breaks matter there
_VERBATIM = {"code", "quote"}
_OPENERS = "([{\"'\u201c\u2018\u201e\u00ab\u00bb\u2039*_"
_CONTINUES = ",;:)]}%\u2026"
# a line that ends on one of these words goes on in the next line (English, German, French, Spanish)
_OPEN_WORDS = frozenset(
    """a an the of to in on at by for from with and or but nor as than that until into onto upon
    about over under between within without via per before after since during because while
    through against among toward towards is are was were be been has have had will
    would can could may might must should not its their his her our your my this these those
    der die das den dem des ein eine einen einem einer und oder aber von vom zu mit nach bei beim
    für auf im am zum zur aus über unter vor durch ist sind war wird werden hat haben nicht als
    wie dass le la les des du de et ou en un une au aux sur dans par pour el los las y con por
    para que del""".split()
)


@dataclass(frozen=True)
class PageText:
    """What an HTML page yields: its main text (paragraphs one per line) and metadata."""

    text: str
    title: str | None
    url: str | None
    sitename: str | None
    hostname: str | None
    date: str | None
    author: str | None
    joined: int = 0  # lines fewer in ``text`` for the joined breaks (``unwrap_lines``)


def goes_on(before: str, after: str) -> bool:
    """Whether a line break between ``before`` and ``after`` (the text on either side) falls
    inside a sentence: the next line opens in lower case or with punctuation that continues the
    line, or this line ends on a comma or on a word that cannot end a sentence ("the", "until")."""
    before, after = before.rstrip(), after.lstrip()
    if not before or not after:
        return True  # at the edge of a block: the break is trimmed away either way
    head = after.lstrip(_OPENERS)
    if after[0] in _CONTINUES or (head[:1].isalpha() and head[:1].islower()):
        return True
    if before[-1] == ",":
        return True
    last = before.rsplit(None, 1)[-1]
    return last.islower() and last in _OPEN_WORDS


def _pieces(root: Any) -> Iterator[tuple[Any, str, bool]]:
    """``(element, "text" | "tail", verbatim)`` for every text of ``root`` in reading order
    (without ``root``'s own tail); a walk with a stack, so that a deeply nested page cannot
    exhaust the recursion limit."""
    stack: list[tuple[Any, str, bool]] = [(root, "open", False)]
    while stack:
        el, what, in_verbatim = stack.pop()
        if what == "tail":
            yield el, "tail", in_verbatim
            continue
        verbatim = in_verbatim or el.tag in _VERBATIM
        yield el, "text", verbatim
        if el is not root:
            stack.append((el, "tail", in_verbatim))
        for child in reversed(el):
            stack.append((child, "open", verbatim))


def unwrap_lines(tree: Any) -> int:
    """Join the source's line breaks inside paragraphs of ``tree`` (trafilatura's body) where
    they fall inside a sentence (``goes_on``); code and ``<br>`` breaks stay. Returns how many
    breaks were joined."""
    pieces = list(_pieces(tree))
    texts = [getattr(el, attr) or "" for el, attr, _ in pieces]
    joined = 0
    for i, (el, attr, verbatim) in enumerate(pieces):
        s = texts[i]
        if verbatim or "\n" not in s:
            continue
        out: list[str] = []
        pos = 0
        lead = "".join(t[-_CONTEXT:] for t in texts[max(0, i - 3) : i])  # bounded slices: linear in the text
        trail = "".join(t[:_CONTEXT] for t in texts[i + 1 : i + 4])
        for m in _BREAK.finditer(s):
            a, b = m.start(), m.end()
            before = s[max(0, a - _CONTEXT) : a] if a >= _CONTEXT else lead + s[:a]
            after = s[b : b + _CONTEXT] if len(s) - b >= _CONTEXT else s[b:] + trail
            out.append(s[pos:a])
            if goes_on(before[-_CONTEXT:], after[:_CONTEXT]):
                out.append(" ")
                joined += 1
            else:
                out.append(m.group())
            pos = b
        out.append(s[pos:])
        setattr(el, attr, "".join(out))
    return joined


def _lines(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.strip())


def main_text(html: str) -> PageText | None:
    """Trafilatura's main text (no comments, no navigation, no tables; precision favoured) and
    metadata, with hard-wrapped source lines inside paragraphs joined; None when the page has
    no main text."""
    import trafilatura
    from trafilatura.utils import normalize_unicode
    from trafilatura.xml import xmltotxt

    doc = trafilatura.bare_extraction(
        html,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        deduplicate=False,
    )
    body = getattr(doc, "body", None)  # a Document (a dict only when asked for one)
    if body is None:
        return None
    before = xmltotxt(body, include_formatting=False)
    after = xmltotxt(body, include_formatting=False) if unwrap_lines(body) else before
    # the joins the reader sees: a break at a block's edge is trimmed away either way
    joined = _lines(before) - _lines(after)
    text = normalize_unicode(after)

    def meta(name: str) -> str | None:
        v = getattr(doc, name, None)
        return normalize_unicode(v) if isinstance(v, str) and v else None

    return PageText(
        text=text,
        title=meta("title"),
        url=meta("url"),
        sitename=meta("sitename"),
        hostname=meta("hostname"),
        date=meta("date"),
        author=meta("author"),
        joined=joined,
    )
