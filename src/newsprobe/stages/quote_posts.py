"""Embedded social-media posts for the quotes stage (quotes version 36).

A page that embeds a post shows its text, then the signature the platform prints under it:
'— Dana Pike (@danapike) July 3, 2019'. Copied or extracted, the text keeps that layout: the
post's words as a paragraph, the signature on the next line (or at the end of the same line,
where the post sat in one block or in markup such as ``<tweet ...>...</tweet>``). The words are
the poster's own, verbatim but without quote marks, and the signature says who posted them: a
``direct`` quote with ``cue_kind`` "post", ``speaker_via`` "post", the signature's name as the
speaker and the handle in ``attrs.post_handle``. Quote marks inside the post are the post's own
words (as in a transcript turn), so the stage reads no other speaker into them.

The ``stories`` stage finds the posts (``social_post`` spans, one rule for both layers). Only a
signature with a date counts here, so a byline or an author's sign-off ('- Dana Pike
(@danapike)' under her own column) is no post; a paragraph that ends with a colon
introduces the embed rather than being it; a post whose words are all in quote marks is left to
the dash-credit reading of quotations. A post of several paragraphs gives its last one only:
nothing in the text tells where the earlier ones begin.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterator

from ..article import Article
from .quote_marks import QuoteRegion
from .quote_post import Found
from .quote_pronouns import Speaker

#: A markup tag left in plain text ('<tweet id="..." author="@...">'), skipped at a post's start.
LEADING_TAG = re.compile(r"<[A-Za-z][\w:-]*(?:\s+[\w:-]+(?:=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s>]+))?)*\s*/?>")
#: A link that ends a post's words ('pic.twitter.com/...', 'https://t.co/...'); the post's
#: words end before the first picture link (what follows it is page clutter).
_TRAILING_LINK = re.compile(r"(?:\s*(?:https?://|www\.)\S+|\s*pic\.twitter\.com/\S*)+\s*$")
_PICTURE = re.compile(r"\s*pic\.twitter\.com/")
#: The fewest non-space characters a post's words must hold (a link alone is no post).
MIN_CHARS = 12
_QUOTE_MARKS = "\"'\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb"


def _display_name(raw: str) -> str:
    """The signature's name as a speaker: spaces collapsed, a trailing hashtag, emoji or
    symbol dropped ('Ana Ruiz #TeamHarbour' -> 'Ana Ruiz')."""
    name = re.split(r"\s#\w", raw, maxsplit=1)[0]
    name = " ".join(name.split())
    while name and not (name[-1].isalnum() or name[-1] in ".)"):
        name = name[:-1].rstrip()
    return name


def _kind(article: Article, start: int, end: int) -> str:
    """person / org from an entity over the name, else "named" (a display name no tag covers)."""
    for ent in article.layer("entities"):
        if ent.start < end and ent.end > start:
            if ent.label == "PERSON":
                return "person"
            if ent.label in ("ORG", "NORP", "GPE"):
                return "org"
    return "named"


def _words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The post's words in ``text[start:end]``: a leading markup tag and the trailing links
    left out; None when too little is left or the words are all one quotation."""
    tag = LEADING_TAG.match(text, start, end)
    if tag is not None:
        start = tag.end()
    picture = _PICTURE.search(text, start, end)
    if picture is not None:
        end = picture.start()
    link = _TRAILING_LINK.search(text, start, end)
    if link is not None:
        end = link.start()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    body = text[start:end]
    if len("".join(body.split())) < MIN_CHARS or not any(ch.isalpha() for ch in body):
        return None
    if body[0] in _QUOTE_MARKS and body.rstrip(".,")[-1:] in _QUOTE_MARKS:
        return None  # '"..."' then '- Name (@x) date': a quotation with a dash credit
    if body.rstrip().endswith(":"):
        return None  # 'She wrote on Sunday:' introduces the post, it is not the post
    return start, end


def add_posts(found: list[Found], article: Article) -> None:
    """Add a ``direct`` quote for each embedded post with a dated signature (the ``stories``
    layer's ``social_post`` spans: '[words]' then '— Name (@handle) March 3, 2019' on the next
    line or at the end of the same one): the words before the signature, the post's author
    speaking. Words other quotes already cover are left alone."""
    text = article.text
    taken = sorted((f.start, f.end) for f in found)
    starts = [t[0] for t in taken]
    for post in article.layer("stories"):
        a = post.attrs
        if post.label != "social_post" or not a.get("date") or a.get("origin_start") is None:
            continue
        sig_start = int(a["origin_start"])  # type: ignore[arg-type]
        span = _words(text, post.start, sig_start)
        raw = str(a.get("author") or "")
        name = _display_name(raw)
        n_start = text.find(raw, sig_start) if raw else -1
        if span is None or not name or not any(ch.isalpha() for ch in name) or n_start < 0:
            continue
        j = bisect.bisect_left(starts, span[1])
        if j > 0 and taken[j - 1][1] > span[0]:
            continue
        handle = str(a.get("origin") or "")
        n_end = text.find(")", n_start) + 1 if handle else n_start + len(raw)
        speaker = Speaker(name, _kind(article, n_start, n_start + len(raw)), n_start, n_end, via="post")
        found.append(Found(span[0], span[1], "direct", 0.9, cue_span=(sig_start, sig_start + 1), speaker=speaker, path="post", post_handle=handle or None))


def in_markup(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside a markup tag left in the text (the attribute values
    of '<tweet id="..." author="@...">' are no quotations)."""
    lo = text.rfind("<", max(0, start - 500), start)
    if lo < 0 or text.find(">", lo, start) >= 0:
        return False
    tag = LEADING_TAG.match(text, lo)
    return tag is not None and tag.end() >= end


def unspoken_regions(regions: list[QuoteRegion], found: list[Found], text: str) -> Iterator[QuoteRegion]:
    """The quotations left to read for a cue: not inside a transcript turn or a post already
    found (the speaker's own words), nor inside a markup tag."""
    spoken = sorted((f.start, f.end) for f in found)
    for region in regions:
        k = bisect.bisect_left(spoken, (region.close,))
        if not (k > 0 and spoken[k - 1][1] > region.open) and not in_markup(text, region.open, region.close):
            yield region

