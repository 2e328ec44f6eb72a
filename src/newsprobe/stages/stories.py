"""Story segmentation: split a post that stitches several stories into ``stories`` spans.

A political blog post often is an opinion piece followed by stories copied from other outlets,
each with its own headline and a source marker. The segmenter works on lines and looks for:

* datelines and source tags in brackets at the start of a paragraph: ``WASHINGTON (Reuters) -``,
  ``(AP) —``, ``LONDON, March 3 (AFP) -``, and, where scraping lost a tag or the case,
  ``(rt) Moscow said ...``, ``(AP)Officials ...``, ``MOSCOW (RT) —``. A bracket without a dash
  or in lower case counts only when the outlet registry or the agency abbreviations know it;
  ``(Spain)``, ``(UPDATE)``, ``(1)`` never count;
* source lines: ``via The Guardian``, ``Courtesy of Al Jazeera``, ``Originally published at
  example.com``, ``This article first appeared in X``, ``Source: X``, ``Republished from X``,
  ``Read more at X``: a short line whose source is a web address or names an outlet (the
  registry knows it, or it has an outlet word: News, Times, Post, Gazette, ...). "Read more at
  this link" or "Source: people on the internet" name no outlet and are no marker;
* excerpt credits: ``From "The Crowd Within" by Lena Hartwell``, ``Excerpted from The Long Road by
  Ana Ruiz (Harbour Press, 2019)``: a short line (a plain "From" needs the title in quote marks)
  whose title and author are the origin of the story it heads or closes, as the text writes them;
* bylines naming an outlet: ``By Jane Roe, Associated Press`` (``By Jane Doe`` alone and
  ``Jane Doe | Staff writer`` are bylines, never a boundary, title or origin);
* separator lines (``***``, ``---``, ``___``, ``* * *``) followed by a headline;
* headlines: a short line with no closing full stop that introduces one of the markers above.

A story needs a body: a headline alone (a subheading), a byline, a "Read more at ..." or an
"Originally published at ..." line never makes a story by itself; such a block joins the story
before it. A source line that ends a body ("Originally published at The Guardian" after the
last paragraph) gives the origin of the story it closes, without splitting (when nothing else
splits the post, the whole post is what was republished); one followed by body text gives the
origin of the story it opens. Embedded social posts (a post's text followed by
``— Name (@handle) March 3, 2019`` on the next line, or at the end of the same line with its
date: version 4) become nested spans labelled ``social_post``.

Page furniture (the ``furniture`` layer: share buttons, related links, bylines, captions; see
``stages/furniture.py``) never starts or ends a story and never gives its title; it gives an
origin only when it is a source line or byline naming an outlet ("Read more at The Guardian").

Each ``story`` span has ``attrs``: ``title`` (its headline, or the article title for the
first story), ``origin`` (the outlet the text says it came from, else None),
``origin_evidence`` (the marker text) with ``origin_start``/``origin_end``, and ``index``.
Outlet names are canonicalised with the outlet registry of the ``outlets_file`` setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

from ..article import Article, Span
from ..outlets import Registry, get_registry
from ..context import Context
from ..registry import stage
from ..settings import Settings
from ..textnorm import normalize_for_matching, text_lines

_NAME = r"(?-i:[A-Z][\w&.'’-]*(?:\s+(?:of|the|de|and|&|[A-Z][\w&.'’-]*)){0,5})"
_DOMAIN = r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,12}(?:/[^\s]*)?"

DATELINE = re.compile(
    r"^(?P<lead>(?:[A-Z][\w.'’-]*(?:[ -][A-Za-z][\w.'’-]*){0,3}(?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?\s*)?)"
    r"\((?P<src>[A-Za-z][\w&.'’ -]{0,40}?)\)\s*(?P<dash>-{1,2}|—|–|:)?\s*"
)
SOURCE_LINE = re.compile(
    r"^(?P<cue>via|courtesy(?:\s+of)?|originally\s+(?:published|posted|appeared)\s+(?:at|by|on|in)|"
    r"first\s+(?:published|posted|appeared)\s+(?:at|by|on|in)|"
    r"this\s+(?:article|story|piece|report)\s+(?:was\s+)?(?:first|originally)\s+(?:appeared|published|posted)\s+(?:at|by|on|in)|"
    r"(?:republished|reprinted|reposted|syndicated)\s+(?:from|with\s+permission\s+(?:from|of))|"
    r"source|read\s+(?:more|the\s+(?:original|full)(?:\s+(?:story|article))?)\s+(?:at|on))\s*[:\-—]?\s+"
    rf"(?P<src>{_DOMAIN}|(?:the\s+)?{_NAME})",
    re.IGNORECASE,
)
#: An excerpt's credit line: 'From "The Crowd Within" by Lena Hartwell', 'Excerpted from The Long Road
#: by Ana Ruiz (Harbour Press, 2019)'. A plain "From" needs the title in quote marks.
EXCERPT_LINE = re.compile(
    r"^(?:(?i:an\s+)?(?i:excerpt(?:ed)?|adapted|reprinted|taken)\s+(?i:with\s+permission\s+)?(?i:from)\s+"
    r"(?:(?i:the\s+)?(?i:book|novel|memoir|essay)\s+)?(?P<title>\"[^\"\n]{2,150}\"|(?-i:[A-Z][^\n]{1,150}?))"
    r"|(?i:from)\s+(?:(?i:the\s+)?(?i:book|novel|memoir|essay)\s+)?(?P<qtitle>\"[^\"\n]{2,150}\"))"
    r",?\s+(?i:by)\s+(?P<author>(?-i:[A-Z][\w.'’-]*(?:\s+(?:de|van|von|[A-Z][\w.'’-]*)){0,4}))"
)
#: An excerpt's credit line may end with the publisher and year: at most this many words after the author.
_EXCERPT_TAIL_WORDS = 8
BYLINE = re.compile(
    r"^By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:[,|/]|\s[-—–])\s*(?P<src>(?:the\s+)?" + _NAME + r")\s*$"
)
#: A byline of any kind ("By Jane Doe", "Von Jane Doe", "Jane Doe | Staff writer"): never a headline.
ANY_BYLINE = re.compile(
    r"^(?:(?:By|BY|Von|VON|Posted by|Written by)\s+[A-Z]|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s*[|,]\s*"
    r"(?:[A-Z][a-z]+\s+)?(?:[Ww]riter|[Rr]eporter|[Cc]orrespondent|[Ee]ditor|[Cc]olumnist|[Cc]ontributor|[Jj]ournalist))"
)
SEPARATOR = re.compile(r"^\s*(?:[*_=~\-•·—–]\s*){3,}$")
SOCIAL_SIG = re.compile(
    r"^[-—–]{1,2}\s*(?P<name>[^\n()]{1,60}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})?\s*$"
)
#: The same signature at the end of the post's own line ('[words] — Name (@handle) March 3, 2019',
#: where the post was one block or sat in markup such as ``<tweet ...>...</tweet>``): the handle
#: and a date end the line; the dash before the name is found by ``_inline_signature``.
SOCIAL_SIG_TAIL = re.compile(
    r"\((?P<handle>@\w{1,30})\)\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})\s*(?:</\w+>)?[.,]?\s*$"
)
#: The most characters of a name between the dash and the handle.
_SIG_NAME_CHARS = 60
_END_PUNCT = re.compile(r"[.,;:]\s*$")
#: A source line is short: at most this many words after its source.
_SOURCE_TAIL_WORDS = 4
#: Bracket words that are labels, not outlets ("(UPDATE) —", "(VIDEO)").
_NOT_OUTLETS = frozenset(
    {"update", "updated", "video", "videos", "photo", "photos", "pics", "watch", "audio", "live", "opinion", "analysis",
     "exclusive", "corrected", "correction", "file", "satire", "podcast", "breaking", "op-ed", "oped", "editorial",
     "sponsored", "ad", "advertisement", "updates", "read", "listen", "graphic", "map", "poll", "quiz", "explainer", "i", "ii",
     "iii", "iv", "a", "b", "c", "ok", "us", "usa", "uk", "eu", "un", "nato", "dc", "ny", "la"}
)

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


def _registry(registry: Registry | None) -> Registry | None:
    if registry is not None:
        return registry
    try:  # the registry of NEWSPROBE_OUTLETS_FILE (the stage passes its own)
        return get_registry()
    except Exception:  # a broken user file is reported by the citations stage; stories still run
        return None


def canonical_outlet(name: str, registry: Registry | None = None) -> str:
    """Canonical outlet name for a marker's source text (registry first, then abbreviations)."""
    cleaned = re.sub(r"\s+", " ", name).strip(" .,:;-—–\"'")
    key = cleaned.lower()
    reg = _registry(registry)
    found = reg.resolve(cleaned) if reg is not None else None
    if found is not None:
        return found.name
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
    furniture: bool = False


def _lines(text: str, furniture: Sequence[Span] = ()) -> list[_Line]:
    norm = normalize_for_matching(text)
    out: list[_Line] = []
    prev_end = -1
    for s, e in text_lines(norm):
        out.append(_Line(s, e, norm[s:e], prev_end < 0 or norm.count("\n", prev_end, s) >= 2))
        prev_end = e
    if furniture:
        spans = sorted((f.start, f.end) for f in furniture)
        j = 0
        for ln in out:  # a line is furniture when furniture covers most of it
            while j < len(spans) and spans[j][1] <= ln.start:
                j += 1
            covered = sum(max(0, min(ln.end, b) - max(ln.start, a)) for a, b in spans[j : j + 8] if a < ln.end)
            ln.furniture = covered * 2 > ln.end - ln.start
    return out


def _is_headline(line: _Line, nxt: _Line | None) -> bool:
    words = line.text.split()
    if nxt is None or not (2 <= len(words) <= 22) or len(line.text) > 160 or line.furniture:
        return False
    if _END_PUNCT.search(line.text) or line.text[0] in "\"'-(" or SOCIAL_SIG.match(line.text):
        return False
    if DATELINE.match(line.text) or SOURCE_LINE.match(line.text) or ANY_BYLINE.match(line.text) or EXCERPT_LINE.match(line.text):
        return False
    capitals = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return capitals >= 1


@dataclass
class _Marker:
    kind: str  # dateline | source | byline (an excerpt's credit line is a source line, ``book`` set)
    src: str
    start: int
    end: int
    whole_line: bool  # the marker is all the line holds (no body text after it)
    book: tuple[int, int] | None = None  # an excerpt's credit: the [start, end) of its title and author in the text


_OUTLET_WORDS = re.compile(
    r"\b(?:news|press|times|post|agency|wire|herald|journal|tribune|daily|gazette|tv|radio|media|magazine|blog|online|"
    r"network|broadcasting|telegraph|guardian|observer|monitor|chronicle|courier|ledger|review|report|channel|"
    r"zeitung|rundschau|nachrichten|anzeiger|kurier|presse|rundfunk|fernsehen)\b",
    re.IGNORECASE,
)


def _known_outlet(src: str, registry: Registry | None, *, labels: bool = False) -> bool:
    """The registry or the agency abbreviations know ``src`` (any case: "(rt)", "(Reuters)")."""
    s = src.strip()
    low = s.lower()
    if low in _NOT_OUTLETS:
        return False
    if low in _ABBREVIATIONS or (low.startswith("the ") and low[4:] in _ABBREVIATIONS):
        return True
    reg = _registry(registry)
    if reg is None:
        return False
    if " " not in s and "." in s:
        return reg.by_domain(s) is not None
    return reg.by_name(s, labels=labels) is not None


def _looks_like_outlet(src: str, registry: Registry | None = None) -> bool:
    """A marker's source names an outlet ("Reuters", "AP", "The Nowhere Gazette"), not a place
    ("Spain"), a label ("UPDATE") or a vague phrase ("people on the internet")."""
    s = src.strip(" .,:;")
    if s.lower() in _NOT_OUTLETS:
        return False
    if s.isupper() and 2 <= len(s.replace(" ", "")) <= 6:
        return True
    return bool(_OUTLET_WORDS.search(s)) or _known_outlet(s, registry, labels=True)


def _marker(line: _Line, registry: Registry | None) -> _Marker | None:
    text = line.text
    m = DATELINE.match(text)
    if m:
        src, lead, dash = m.group("src"), m.group("lead").strip(), m.group("dash")
        at_start = text.startswith("(")
        rest = text[m.end():]
        place = lead.split(",")[0]
        if place and not place.isupper():  # "London (CNN)It was ...": a known outlet, glued or dashed
            ok = _known_outlet(src, registry) and (dash is not None or rest[:1].isupper() or text[m.end() - 1 : m.end()] == ")")
            if ok:
                return _Marker("dateline", src, line.start, line.start + m.end(), not rest.strip())
        elif lead or at_start:
            if dash and src[:1].isupper():
                ok = _looks_like_outlet(src, registry)
            else:  # no dash, lower case or glued to the next word: only outlets we know
                ok = _known_outlet(src, registry) and (dash is not None or rest[:1].isalpha() or rest[:1] in "\"'“" or not rest)
            if ok:
                return _Marker("dateline", src, line.start, line.start + m.end(), not rest.strip())
    m = SOURCE_LINE.match(text)
    if m:
        src = m.group("src").rstrip(".,:;")
        tail = text[m.end("src"):].strip(" .:;,!»>…")
        if len(tail.split()) <= _SOURCE_TAIL_WORDS and (re.fullmatch(_DOMAIN, src.strip(), re.I) or _looks_like_outlet(src, registry)):
            return _Marker("source", src, line.start, line.start + m.end("src"), True)
    m = EXCERPT_LINE.match(text)
    if m and len(text[m.end():].split()) <= _EXCERPT_TAIL_WORDS:
        begin = m.start("title") if m.group("title") else m.start("qtitle")
        return _Marker("source", text[begin : m.end()], line.start, line.end, True, (line.start + begin, line.start + m.end()))
    m = BYLINE.match(text)
    if m and _looks_like_outlet(m.group("src"), registry):
        return _Marker("byline", m.group("src"), line.start, line.end, True)
    return None


def _has_body(lines: list[_Line], markers: list[_Marker | None], first: int, last: int) -> bool:
    """Whether lines ``first..last`` hold body text: not only a headline, markers, bylines,
    separators and furniture."""
    for k in range(first, last + 1):
        ln, mk = lines[k], markers[k]
        if ln.furniture or SEPARATOR.match(ln.text) or SOCIAL_SIG.match(ln.text) or ANY_BYLINE.match(ln.text):
            continue
        if mk is not None and mk.whole_line:
            continue
        if k == first and mk is None and _is_headline(ln, lines[k + 1] if k < last else None):
            continue
        if mk is None and k == last and len(ln.text.split()) <= 22 and not _END_PUNCT.search(ln.text) and not ln.text.endswith(("!", "?", '"', "”")):
            continue  # a lone headline-like last line
        return True
    return False


def _boundaries(lines: list[_Line], markers: list[_Marker | None]) -> tuple[list[int], set[int]]:
    """The first line of each story and the lines of markers that close a story."""
    starts: dict[int, int] = {0: 0}
    closing: set[int] = set()  # "Originally published at ..." after a body: it ends that story
    for i, ln in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if SEPARATOR.match(ln.text):
            # a separator starts a story only when a headline follows (else it is a section break)
            if nxt is not None and _is_headline(nxt, lines[i + 2] if i + 2 < len(lines) else None):
                starts[i + 1] = i + 1
            continue
        mk = markers[i]
        if mk is None:
            continue
        # the headline just above the marker, past bylines, dates and other furniture
        first = i
        j = i - 1
        while j >= 0 and i - j <= 3 and (lines[j].furniture or ANY_BYLINE.match(lines[j].text)
                                         or getattr(markers[j], "kind", None) == "byline"):
            j -= 1
        headline = j >= 0 and _is_headline(lines[j], lines[j + 1])
        if headline and j > 0:
            first = j
        elif mk.kind == "byline" and not headline:
            continue  # a byline alone in the body is not a boundary
        is_header = first != i or mk.kind == "dateline"
        if mk.kind == "source" and not is_header:
            # a source line at the end of a body closes that story; one followed by body text heads the next
            following = nxt
            if following is None or following.furniture or _is_headline(following, lines[i + 2] if i + 2 < len(lines) else None) or (
                i > 0 and not ln.blank_before and len(ln.text.split()) <= 12 and following.blank_before
            ):
                closing.add(i)
                k = i + 1
                while k < len(lines) and lines[k].furniture:
                    k += 1
                if k < len(lines):
                    starts[k] = k
                continue
        if ln.furniture and mk.kind != "source":
            continue  # furniture starts a story only as a source line naming an outlet
        if first == 0 or (first == 1 and i <= 2 and 0 in starts and markers[0] is None and _is_headline(lines[0], lines[1])):
            continue  # the article's own headline and dateline: still the first story
        starts[first] = first
    return sorted(starts), closing


def segment(
    text: str, *, title: str | None = None, furniture: Sequence[Span] = (), registry: Registry | None = None
) -> list[Span]:
    """The ``story`` and ``social_post`` spans of ``text`` (see the module docstring).

    ``furniture``: the article's furniture spans (lines mostly inside them are never a
    headline, title or boundary); ``registry``: the outlet registry for origins (default: the
    registry of ``NEWSPROBE_OUTLETS_FILE``)."""
    lines = _lines(text, furniture)
    if not lines:
        return []
    markers = [_marker(ln, registry) if not (ln.furniture and DATELINE.match(ln.text)) else None for ln in lines]
    order, closing = _boundaries(lines, markers)
    # a block without body text (a headline alone, a byline, "Read more at ...") joins the story before it
    blocks: list[tuple[int, int]] = []
    for n, first in enumerate(order):
        last = (order[n + 1] - 1) if n + 1 < len(order) else len(lines) - 1
        if blocks and not _has_body(lines, markers, first, last):
            blocks[-1] = (blocks[-1][0], last)
        else:
            blocks.append((first, last))
    if len(blocks) > 1 and not _has_body(lines, markers, *blocks[0]):
        blocks[:2] = [(blocks[0][0], blocks[1][1])]
    spans: list[Span] = []
    for n, (first, last) in enumerate(blocks):
        origin_line = _origin(lines, markers, closing, first, last)
        keep = {origin_line} if origin_line is not None else set()
        while last > first and (SEPARATOR.match(lines[last].text) or lines[last].furniture) and last not in keep:
            last -= 1
        while first < last and (SEPARATOR.match(lines[first].text) or lines[first].furniture) and first not in keep:
            first += 1
        if SEPARATOR.match(lines[first].text):
            continue
        origin: dict[str, Any] = {"origin": None, "origin_evidence": None}
        if origin_line is not None:
            mk = markers[origin_line]
            assert mk is not None
            origin = {
                "origin": _book(text, mk.book) if mk.book else canonical_outlet(mk.src, registry),
                "origin_evidence": text[mk.start : mk.end].strip(),
                "origin_start": mk.start,
                "origin_end": mk.end,
            }
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


def _book(text: str, where: tuple[int, int]) -> str:
    """An excerpt's origin as the text writes it: '“The Crowd Within” by Lena Hartwell'."""
    return re.sub(r"\s+", " ", text[where[0] : where[1]]).strip(" ,")


def _origin(lines: list[_Line], markers: list[_Marker | None], closing: set[int], first: int, last: int) -> int | None:
    """The line whose marker gives the block's origin: the first marker near its top (a
    byline only in its first three lines), else a closing source line."""
    found = None
    for k in range(first, last + 1):
        mk = markers[k]
        if mk is None or (mk.kind == "byline" and k > first + 2):
            continue
        if lines[k].furniture and mk.kind == "dateline":
            continue
        found = k
        if k not in closing:
            break
    return found


def _inline_signature(text: str, ln: _Line) -> tuple[int, str, str, str] | None:
    """(dash offset, name, handle, date) of a signature that ends the line after the post's
    words: a dash (an em or en dash, or a hyphen with a space before it: not a word's own
    hyphen) at most ``_SIG_NAME_CHARS`` characters before the bracketed handle."""
    m = SOCIAL_SIG_TAIL.search(ln.text)
    if m is None:
        return None
    lo = max(0, m.start() - _SIG_NAME_CHARS)
    for k in range(m.start() - 1, lo - 1, -1):
        ch = text[ln.start + k]
        if ch in "\u2014\u2013" or (ch == "-" and k > 0 and ln.text[k - 1].isspace()):
            name = ln.text[k + 1 : m.start()].strip()
            if k > 0 and name and "\n" not in name and "(" not in name:
                return ln.start + k, name, m.group("handle"), m.group("date")
            return None
    return None


def _social_posts(text: str, lines: list[_Line]) -> list[Span]:
    """A post's text and its signature: the signature's own line and the line before it, or
    one line that ends with the signature (version 4)."""
    posts = []
    for i, ln in enumerate(lines):
        m = SOCIAL_SIG.match(ln.text)
        inline = None if m else _inline_signature(text, ln)
        if inline is not None:
            start, (sig_start, author, handle, date) = ln.start, inline
        elif m is not None and i > 0:
            start, sig_start, author, handle, date = lines[i - 1].start, ln.start, m.group("name").strip(), m.group("handle"), m.group("date")
        else:
            continue
        posts.append(
            Span(
                start,
                ln.end,
                "social_post",
                attrs={
                    "title": None,
                    "origin": handle,
                    "author": author,
                    "date": date,
                    "origin_evidence": text[sig_start : ln.end],
                    "origin_start": sig_start,
                    "origin_end": ln.end,
                },
            )
        )
    return posts


class StoriesStage:
    """Segments each article with the registry of the ``outlets_file`` setting."""

    def __init__(self, settings: Settings) -> None:
        self.outlets_file = settings.outlets_file

    def __call__(self, article: Article, ctx: Context) -> None:
        registry = get_registry(self.outlets_file)
        title = article.meta.get("title")
        spans = segment(article.text, title=title, furniture=article.layer("furniture"), registry=registry)
        if not any(s.label == "story" for s in spans):
            spans.append(Span(0, len(article.text), "story", attrs={"index": 0, "title": title, "origin": None, "origin_evidence": None}))
        article.with_layer("stories", spans)
        article.signals["stories"] = {
            "count": sum(1 for s in spans if s.label == "story"),
            "social_posts": sum(1 for s in spans if s.label == "social_post"),
            "origins": [s.attrs.get("origin") for s in spans if s.label == "story"],
        }


@stage("stories", version="4", assigns=("stories",))
def make_stories(settings: Settings) -> StoriesStage:
    """Split a stitched post into its stories, each with its title and stated origin."""
    return StoriesStage(settings)
