"""Sentences from the spaCy parse, trimmed of surrounding whitespace."""

from __future__ import annotations

from ..article import Article, Span
from ..context import Context
from ..registry import RESOURCE_DOC, stage
from ..settings import Settings


def _sentences(article: Article, ctx: Context) -> None:
    text = article.text
    spans: list[Span] = []
    for offset, sent in ctx.sents():
        start, end = offset + sent.start_char, offset + sent.end_char
        # a line break always ends a sentence: headlines, datelines and list items stand alone
        piece_start = start
        for piece in text[start:end].split("\n"):
            s, e = piece_start, piece_start + len(piece)
            piece_start = e + 1
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append(Span(s, e, "sentence"))
    article.with_layer("sentences", spans)


@stage("sentences", version="1", requires=(RESOURCE_DOC,), assigns=("sentences",))
def make_sentences(settings: Settings):
    """One span per sentence (spaCy dependency-based boundaries)."""
    return _sentences
