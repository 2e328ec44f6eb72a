"""The quotes stage on where reported speech without quote marks ends (quotes stage v12):
the cue's own phrases of time and occasion ("on Friday during a council hearing") and a
second report of the same speaker ("and promised ...") are the reporter's words, not what
was said; bare infinitives coordinated with a "to" infinitive ("wants to double ..., widen
... and build ...") are part of it. Version 16: a relative clause after a comma at the end
(", which ...") is the reporter's aside; a quoted label after its object ('called half of
the board "cowards."') is one mixed attribution; a statement on the line after "wrote:" is
reported (the parse now ends a sentence at a line break).

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


def test_a_trailing_relative_clause_after_a_comma_is_the_reporter_s_aside(run):
    a = run("Councillor Ines Marwood said the board had approved the ferry levy, which doubled fares in the spring.")
    assert reported(a) == ["the board had approved the ferry levy"]


def test_a_label_quoted_after_its_object_is_one_mixed_attribution(run):
    a = run('At a fundraiser on Friday, Councillor Ines Marwood called half of the harbour board "cowards."')
    [q] = [q for q in a.layer("quotes") if q.label == "mixed"]
    assert a.span_text(q).startswith("half of the harbour board") and "Ines Marwood" in q.attrs["speaker"]


def test_a_statement_on_the_line_after_a_colon_is_reported(run):
    a = run("Harbour master Tobias Renn wrote:\n\nThe old pier will close for repairs before the winter storms.")
    [q] = [q for q in a.layer("quotes") if q.label == "indirect"]
    assert a.span_text(q) == "The old pier will close for repairs before the winter storms"
    assert q.attrs["speaker"] == "Tobias Renn"


def test_a_quoted_label_in_an_as_phrase_is_attributed_with_its_object(run):
    a = run('Councillor Ines Marwood described the ferry levy as "highway robbery."')
    [q] = [q for q in a.layer("quotes") if q.label == "mixed"]
    assert a.span_text(q).startswith('the ferry levy as "highway robbery') and "Ines Marwood" in q.attrs["speaker"]
