"""Story segmentation: split a post that stitches several stories into ``stories`` spans.

A political blog post often is an opinion piece followed by stories copied from other outlets,
each with its own headline and a source marker. The segmenter works on lines and looks for:

* datelines with a source in brackets: ``WASHINGTON (Reuters) -``, ``(AP) —``,
  ``LONDON, March 3 (AFP) -``;
* source lines: ``via The Guardian``, ``Courtesy of Al Jazeera``, ``Originally published at
  example.com``, ``This article first appeared in X``, ``Source: X``, ``Republished from X``;
* bylines naming an outlet: ``By Jane Roe, Associated Press``;
* separator lines (``***``, ``---``, ``___``, ``* * *``);
* headlines: a short line with no closing full stop that introduces one of the markers above.

A headline alone (a subheading) does not start a story; a headline next to a marker does.
Embedded social posts (a post's text followed by ``— Name (@handle) March 3, 2019``) become
nested spans labelled ``social_post`` inside their story, with the handle as origin.

Each ``story`` span has ``attrs``: ``title`` (its headline, or the article title for the
first story), ``origin`` (the outlet the text says it came from, else None),
``origin_evidence`` (the marker text) with ``origin_start``/``origin_end``, and ``index``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..article import Article, Span
from ..pipeline import Context, stage
from ..settings import Settings
from ..textnorm import normalize_for_matching

_NAME = r"[A-Z][\w&.'’-]*(?:\s+(?:of|the|de|and|&|[A-Z][\w&.'’-]*)){0,5}"
_DOMAIN = r"(?:[\w-]+\.)+[a-z]{2,12}(?:/[^\s]*)?"

DATELINE = re.compile(
    r"^(?P<lead>(?:[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?\s*)?)"
    r"\((?P<src>[A-Z][\w&.'’ -]{0,40}?)\)\s*(?:-{1,2}|—|–|:)\s*"
)
SOURCE_LINE = re.compile(
    r"^(?P<cue>via|courtesy(?:\s+of)?|originally\s+(?:published|posted|appeared)\s+(?:at|by|on|in)|"
    r"first\s+(?:published|posted|appeared)\s+(?:at|by|on|in)|"
    r"this\s+(?:article|story|piece|report)\s+(?:was\s+)?(?:first|originally)\s+(?:appeared|published|posted)\s+(?:at|by|on|in)|"
    r"(?:republished|reprinted|reposted|syndicated)\s+(?:from|with\s+permission\s+(?:from|of))|"
    r"source|read\s+(?:more|the\s+original(?:\s+story)?)\s+(?:at|on))\s*[:\-—]?\s+"
    rf"(?P<src>{_DOMAIN}|(?:the\s+)?{_NAME})",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:[,|/]|\s[-—–])\s*(?P<src>(?:the\s+)?" + _NAME + r")\s*$"
)
SEPARATOR = re.compile(r"^\s*(?:[*_=~\-•·]\s*){3,}$")
SOCIAL_SIG = re.compile(
    r"^[-—–]{1,2}\s*(?P<name>[^\n()]{1,60}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})?\s*$"
)
_END_PUNCT = re.compile(r"[.,;:]\s*$")

#: Wire agencies and outlets that datelines abbreviate; the outlet registry refines the rest.
_ABBREVIATIONS = {
    "ap": "Associated Press",
    "the ap": "Associated Press",
    "associated press": "Associated Press",
    "afp": "Agence France-Presse",
    "reuters": "Reuters",
    "upi": "United Press International",
    "dpa": "Deutsche Presse-Agentur",
    "ani": "Asian News International",
    "pti": "Press Trust of India",
    "cnn": "CNN",
    "bbc": "BBC",
    "efe": "EFE",
    "ansa": "ANSA",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "bloomberg": "Bloomberg",
}


def canonical_outlet(name: str) -> str:
    """Canonical outlet name for a marker's source text (registry first, then abbreviations)."""
    cleaned = re.sub(r"\s+", " ", name).strip(" .,:;-—–\"'")
    key = cleaned.lower()
    try:  # the outlet registry, when present, knows aliases and domains
        from .. import outlets

        found = outlets.resolve(cleaned)
        if found is not None:
            return str(getattr(found, "name", found))
    except (ImportError, AttributeError):
        pass
    if key in _ABBREVIATIONS:
        return _ABBREVIATIONS[key]
    if key.startswith("the ") and key[4:] in _ABBREVIATIONS:
        return _ABBREVIATIONS[key[4:]]
    return cleaned


@dataclass
class _Line:
    start: int
    end: int
    text: str  # normalised for matching (same length as the original slice)
    blank_before: bool


def _lines(text: str) -> list[_Line]:
    norm = normalize_for_matching(text)
    out: list[_Line] = []
    pos = 0
    blank = True
    for raw in norm.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        s, e = start, end
        while s < e and norm[s].isspace():
            s += 1
        while e > s and norm[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(_Line(s, e, norm[s:e], blank))
            blank = False
        else:
            blank = True
    return out


def _is_headline(line: _Line, nxt: _Line | None) -> bool:
    words = line.text.split()
    if nxt is None or not (2 <= len(words) <= 22) or len(line.text) > 160:
        return False
    if _END_PUNCT.search(line.text) or line.text[0] in "\"'-(" or SOCIAL_SIG.match(line.text):
        return False
    if DATELINE.match(line.text) or SOURCE_LINE.match(line.text) or BYLINE.match(line.text):
        return False
    capitals = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return capitals >= 1


@dataclass
class _Marker:
    kind: str  # dateline | source | byline
    src: str
    start: int
    end: int


_OUTLET_WORDS = re.compile(
    r"\b(?:news|press|times|post|agency|wire|herald|journal|tribune|daily|gazette|tv|radio|media|"
    r"network|broadcasting|telegraph|guardian|observer|monitor|chronicle|courier|ledger|review|report)\b",
    re.IGNORECASE,
)


def _looks_like_outlet(src: str) -> bool:
    """A dateline's bracket names an outlet ("(Reuters)", "(AP)"), not a place ("(Spain)")."""
    s = src.strip()
    if s.lower() in _ABBREVIATIONS or (s.isupper() and 2 <= len(s.replace(" ", "")) <= 6):
        return True
    if _OUTLET_WORDS.search(s):
        return True
    try:
        from .. import outlets

        return outlets.resolve(s) is not None
    except (ImportError, AttributeError):
        return False


def _marker(line: _Line) -> _Marker | None:
    m = DATELINE.match(line.text)
    if m and (m.group("lead").strip() or line.text.startswith("(")) and _looks_like_outlet(m.group("src")):
        return _Marker("dateline", m.group("src"), line.start, line.start + m.end())
    m = SOURCE_LINE.match(line.text)
    if m:
        src = m.group("src")
        end = line.start + m.end("src")
        return _Marker("source", src, line.start, end)
    m = BYLINE.match(line.text)
    if m:
        return _Marker("byline", m.group("src"), line.start, line.end)
    return None


def segment(text: str, *, title: str | None = None) -> list[Span]:
    """The ``story`` and ``social_post`` spans of ``text`` (see the module docstring)."""
    lines = _lines(text)
    if not lines:
        return []
    markers = [_marker(ln) for ln in lines]
    starts: dict[int, int] = {0: 0}  # line index where a story starts -> index of its first line
    closing: set[int] = set()  # line indexes of markers that end a story ("Originally published at ...")

    for i, ln in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if SEPARATOR.match(ln.text):
            if nxt is not None:
                starts[i + 1] = i + 1
            continue
        mk = markers[i]
        if mk is None:
            continue
        # find the headline (and byline) just above the marker
        first = i
        j = i - 1
        if j >= 0 and (above := markers[j]) is not None and above.kind == "byline":
            j -= 1
        if j >= 0 and _is_headline(lines[j], lines[j + 1]) and j > 0:
            first = j
        elif mk.kind == "byline" and not (j >= 0 and _is_headline(lines[j], lines[j + 1])):
            continue  # a byline alone in the body is not a boundary
        is_header = first != i or mk.kind == "dateline"
        if mk.kind == "source" and not is_header:
            # a source line at the end of a body closes that story; one followed by body text heads the next
            following = lines[i + 1] if i + 1 < len(lines) else None
            if following is None or _is_headline(following, lines[i + 2] if i + 2 < len(lines) else None) or (
                i > 0 and not ln.blank_before and len(ln.text.split()) <= 12 and following.blank_before
            ):
                closing.add(i)
                if following is not None:
                    starts[i + 1] = i + 1
                continue
        if first == 0 or (first == 1 and i <= 2 and 0 in starts and markers[0] is None and _is_headline(lines[0], lines[1])):
            continue  # the article's own headline and dateline: still the first story
        starts[first] = first

    order = sorted(starts)
    spans: list[Span] = []
    for n, first in enumerate(order):
        last = (order[n + 1] - 1) if n + 1 < len(order) else len(lines) - 1
        while last > first and SEPARATOR.match(lines[last].text):
            last -= 1
        if SEPARATOR.match(lines[first].text):
            continue
        block = range(first, last + 1)
        origin: dict[str, Any] = {"origin": None, "origin_evidence": None}
        for k in block:
            mk = markers[k]
            if mk is not None and (mk.kind != "byline" or k <= first + 2):
                origin = {
                    "origin": canonical_outlet(mk.src),
                    "origin_evidence": text[mk.start : mk.end].strip(),
                    "origin_start": mk.start,
                    "origin_end": mk.end,
                }
                if k not in closing:
                    break
        head = lines[first]
        after = lines[first + 1] if first + 1 <= last else None
        if n == 0 and title:
            story_title: str | None = title
        elif markers[first] is None and _is_headline(head, after):
            story_title = text[head.start : head.end]
        else:
            story_title = None
        spans.append(
            Span(lines[first].start, lines[last].end, "story", attrs={"index": len(spans), "title": story_title, **origin})
        )
    spans.extend(_social_posts(text, lines))
    return spans


def _social_posts(text: str, lines: list[_Line]) -> list[Span]:
    posts = []
    for i, ln in enumerate(lines):
        m = SOCIAL_SIG.match(ln.text)
        if not m or i == 0:
            continue
        body = lines[i - 1]
        posts.append(
            Span(
                body.start,
                ln.end,
                "social_post",
                attrs={
                    "title": None,
                    "origin": m.group("handle"),
                    "author": m.group("name").strip(),
                    "date": m.group("date"),
                    "origin_evidence": text[ln.start : ln.end],
                    "origin_start": ln.start,
                    "origin_end": ln.end,
                },
            )
        )
    return posts


def _stories(article: Article, ctx: Context) -> None:
    spans = segment(article.text, title=article.meta.get("title"))
    if not any(s.label == "story" for s in spans):
        spans.append(Span(0, len(article.text), "story", attrs={"index": 0, "title": article.meta.get("title"), "origin": None, "origin_evidence": None}))
    article.with_layer("stories", spans)
    article.signals["stories"] = {
        "count": sum(1 for s in spans if s.label == "story"),
        "social_posts": sum(1 for s in spans if s.label == "social_post"),
        "origins": [s.attrs.get("origin") for s in spans if s.label == "story"],
    }


@stage("stories", version="1", assigns=("stories",))
def make_stories(settings: Settings):
    """Split a stitched post into its stories, each with its title and stated origin."""
    return _stories
