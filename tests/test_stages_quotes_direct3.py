"""The quotes stage on direct quotes, round 3 (quotes stage v14): a quoted piece that opens
in lower case, closes on a word and runs on into the reporter's sentence is a fragment of a
reported clause (mixed), not a whole utterance (direct).

Every article here is written for these tests (invented people and places).
"""

from __future__ import annotations

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def labels(article: Article) -> dict[str, str]:
    return {article.span_text(q): q.label for q in article.layer("quotes")}


def test_a_lower_case_piece_running_on_into_the_reporter_s_sentence_is_not_direct(run):
    a = run(
        "These and other harbour records, the surveyors said, \u201call point the same way\u201d that the pier "
        "belongs to the town of Vellmar."
    )
    found = [(a.span_text(q), q.label) for q in a.layer("quotes") if "all point the same way" in a.span_text(q)]
    assert found and all(label != "direct" for _, label in found)


def test_a_whole_quote_introduced_by_its_verb_stays_direct(run):
    a = run("Mayor Ilse Brandt told the council, \u201cwe pay our debts, and we always have.\u201d The vote was close.")
    assert "direct" in [q.label for q in a.layer("quotes") if "we pay our debts" in a.span_text(q)]


def test_a_capitalised_quote_followed_by_its_cue_stays_direct(run):
    a = run("\u201cThe ferry will run all winter,\u201d said Harbour Master Tomas Vell on Monday.")
    assert [q.label for q in a.layer("quotes") if "ferry will run" in a.span_text(q)] == ["direct"]
