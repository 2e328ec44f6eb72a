"""The quotes stage on where reported speech without quote marks ends (quotes stage v12):
the cue's own phrases of time and occasion ("on Friday during a council hearing") and a
second report of the same speaker ("and promised ...") are the reporter's words, not what
was said; bare infinitives coordinated with a "to" infinitive ("wants to double ..., widen
... and build ...") are part of it.

Every article here is written for these tests (invented people and places).
"""

from __future__ import annotations

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def reported(article: Article) -> list[str]:
    return [article.span_text(q) for q in article.layer("quotes") if q.label == "indirect"]


def test_the_cue_s_time_and_occasion_are_not_what_was_said(run):
    a = run("The mayor criticised the harbour board's budget on Friday during a council hearing.")
    assert reported(a) == ["the harbour board's budget"]


def test_a_second_report_of_the_speaker_is_not_part_of_the_first(run):
    a = run("Governor Paul Dreyer said the county would sell the old ferry pier and promised a new one by the summer.")
    assert reported(a)[0] == "the county would sell the old ferry pier"


def test_bare_infinitives_coordinated_with_a_to_infinitive_are_part_of_it(run):
    a = run("The mayor wants to double the ferry fleet, widen the harbour road and build a new terminal.")
    assert reported(a) == ["to double the ferry fleet, widen the harbour road and build a new terminal"]
