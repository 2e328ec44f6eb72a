"""Entities version 46 (quotes unchanged at version 66): a first name and a surname named once
as the subject of a verb of saying are a person. docs/entities.md, Version 46. Every sentence is
written for these tests (invented people and places).
"""

from __future__ import annotations

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def _quote(article: Article, words: str):
    return next(q for q in article.layer("quotes") if words in article.span_text(q))


def test_a_name_said_once_after_a_one_word_headline_is_a_person(run):
    # entities v45: the tagger found no entity after the one-word headline, so the speaker was
    # "Tarrant" alone, a bare name
    a = run('Hospital\n\nGwen Tarrant said the figures were "completely fiddled" by officials.')
    q = _quote(a, "completely fiddled")
    assert q.attrs.get("speaker") == "Gwen Tarrant"
    assert q.attrs.get("speaker_kind") == "person"
