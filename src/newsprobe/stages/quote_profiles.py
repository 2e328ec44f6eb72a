"""The person a feature story is about speaks its unattributed quote paragraphs (quotes
version 36).

A profile quotes its subject again and again, and after the first "she said" many of her
paragraphs stand alone: '"I've been in the water twice. ..."' with nothing around it, often
after a paragraph of the reporter's own. The rules leave such a paragraph without a speaker
(no cue, and the quote before is not right before it). When one person speaks most of the
story's attributed direct quotes (at least ``MIN_QUOTES``, and at least ``MIN_SHARE`` of them),
a quote paragraph with no speaker is taken to be that person's, as a reader would take it, but
marked uncertain (``speaker_via`` "story", capped below the uncertainty threshold): the text
does not say so. The evidence is that person's latest attributed mention before it. A quote
inside a paragraph of the reporter's own, a lone question (in a scene anyone may ask it), a
quote of fewer than ``MIN_WORDS`` words or in Title Case (a name, a slogan), a quote right after
a paragraph that quotes someone else (it may go on in that voice), or a quote before the person
first speaks is left alone; the writer's own "I" ("the author") is never the main speaker.
"""

from __future__ import annotations

from collections import Counter

from ..article import Article
from .quote_post import Found
from .quote_pronouns import Speaker
from .quote_works import title_cased

#: Attributed direct quotes the story's main speaker must have.
MIN_QUOTES = 2
#: Their least share of the story's attributed direct quotes.
MIN_SHARE = 0.6
#: The fewest words of a quote paragraph given the main speaker.
MIN_WORDS = 3
#: The writer of a piece ("I said"): never the story's main speaker here.
AUTHOR = "the author"
#: Paths of quotes attributed by the text itself (not carried, not guessed).
_ATTRIBUTED = frozenset({"cue", "governed", "dash", "colon", "lead"})


def _whole_paragraph(text: str, f: Found) -> bool:
    """Whether the quotation is its paragraph: nothing but white space around its marks."""
    if f.region is None:
        return False
    open_at, close_at = f.region
    line_start = text.rfind("\n", 0, open_at) + 1
    line_end = text.find("\n", close_at)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:open_at].strip() and not text[close_at:line_end].strip(" \t.,")


def _asks(text: str, f: Found) -> bool:
    """A lone question ('"Who's taking the first watch?"'): in a scene, anyone may ask it; and
    a few words, or a phrase in Title Case, are no sentence said (a name, a slogan)."""
    words = text[f.start : f.end]
    return words.rstrip(" \t\"'\u201d\u2019").endswith("?") or len(words.split()) < MIN_WORDS or title_cased(words)


def _after_another(text: str, f: Found, before: list[Found], name: str) -> bool:
    """Whether the paragraph right before the quote holds a quotation that is not the main
    speaker's (an excerpt, another person's words): the quote may go on with that voice."""
    line_start = text.rfind("\n", 0, f.start) + 1
    p_end = len(text[:line_start].rstrip())
    p_start = text.rfind("\n", 0, p_end) + 1
    return any(
        g.label in ("direct", "mixed") and p_start <= g.start < p_end and (g.speaker is None or g.speaker.name != name)
        for g in before[-6:]
    )


def speak_for_the_profiled(found: list[Found], article: Article) -> None:
    """Give each quote paragraph with no speaker the story's main speaker, uncertain (module
    docstring)."""
    text = article.text
    bounds = [(s.start, s.end) for s in article.layer("stories") if s.label == "story"] or [(0, len(text))]
    for lo, hi in bounds:
        inside = sorted((f for f in found if lo <= f.start < hi), key=lambda f: f.start)
        said = Counter(
            f.speaker.name for f in inside
            if f.label == "direct" and f.path in _ATTRIBUTED and f.speaker is not None and f.speaker.name and f.speaker.kind == "person" and f.speaker.name != AUTHOR
        )
        if not said:
            continue
        name, n = said.most_common(1)[0]
        if n < MIN_QUOTES or n < MIN_SHARE * sum(said.values()):
            continue
        last: Speaker | None = None
        for k, f in enumerate(inside):
            sp = f.speaker
            if sp is not None and sp.name == name and f.path in _ATTRIBUTED and sp.start is not None:
                last = sp
            elif (f.label == "direct" and (sp is None or not sp.name) and last is not None and _whole_paragraph(text, f)
                  and not _asks(text, f) and not _after_another(text, f, inside[:k], name)):
                f.speaker = Speaker(name, "person", last.start, last.end, via="story", uncertain=True)
