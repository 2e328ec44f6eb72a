"""Cited sources that pass on another speaker's quote ("..., Quill said, according to Reuters"): ``attrs.relays``."""

from __future__ import annotations

import pytest

from newsprobe.api import analyze_text
from newsprobe.article import Article, Span
from newsprobe.render.data import span_data
from newsprobe.render.text import summarize
from newsprobe.stages.citation_relays import link_relays


def _quote(a: Article, words: str) -> Span:
    hits = [q for q in a.layer("quotes") if a.span_text(q).startswith(words)]
    assert len(hits) == 1, [(q.label, a.span_text(q)) for q in a.layer("quotes")]
    return hits[0]


def _citation(a: Article, source: str) -> Span:
    hits = [c for c in a.layer("citations") if c.attrs.get("source") == source]
    assert len(hits) == 1, [(c.label, c.attrs.get("source"), c.attrs.get("relays")) for c in a.layer("citations")]
    return hits[0]


@pytest.fixture(scope="module")
def wire() -> Article:
    return analyze_text(
        "\u201cWe will not back down on the tariffs,\u201d Senator Mara Quill said on Tuesday, according to Reuters.\n\n"
        "Critics were unmoved. According to the Guardian, the tariffs will start in May.\n\n"
        "\u201cIt is reckless,\u201d Quill told CNN in a phone call.\n\n\u201cThe mills in this valley will close within a year.\u201d"
    )


def test_according_to_an_outlet_passes_on_the_speakers_quote(wire):
    q = _quote(wire, "We will not back down")
    assert q.attrs["speaker"] == "Mara Quill"  # the quote keeps its speaker
    assert _citation(wire, "Reuters").attrs["relays"] == [q.id]


def test_an_outlet_told_passes_on_that_quote_and_the_next_paragraphs(wire):
    first, second = _quote(wire, "It is reckless"), _quote(wire, "The mills in this valley")
    assert second.attrs.get("carried_from") == [first.start, first.end]
    assert _citation(wire, "CNN").attrs["relays"] == [first.id, second.id]


def test_a_source_that_is_the_speaker_relays_nothing(wire):
    guardian = _citation(wire, "The Guardian")
    assert guardian.attrs.get("quote_id") and "relays" not in guardian.attrs


def test_a_quote_in_another_sentence_is_not_relayed():
    a = analyze_text("\u201cThe port stays open,\u201d Harbour Master Ines Coutinho said. According to Reuters, the talks stalled on Friday.")
    assert "relays" not in _citation(a, "Reuters").attrs


def test_anonymous_sources_behind_a_named_speaker_are_shown():
    a = analyze_text("The committee chair said the vote would be delayed until spring, according to sources.")
    q = next(q for q in a.layer("quotes") if q.attrs.get("speaker") == "committee chair")
    assert a.span_text(q).startswith("the vote would be delayed")
    vague = [c for c in a.layer("citations") if c.label == "vague"]
    assert len(vague) == 1 and vague[0].attrs["relays"] == [q.id]


def test_an_outlets_report_passes_on_the_quote_inside_it():
    a = analyze_text("The Washington Post reported that Mayor Elena Brandt said the budget would be cut by a tenth.")
    brandt = _quote(a, "the budget would be cut by a tenth")  # Brandt's own, not the Post's wider one
    assert brandt.attrs["speaker"] == "Elena Brandt"
    assert _citation(a, "The Washington Post").attrs["relays"] == [brandt.id]


def test_a_social_post_is_the_speakers_own_channel():
    a = analyze_text("\u201cThe ferry will run again on Monday,\u201d Councillor Dara Okafor wrote on Twitter.")
    assert all("relays" not in c.attrs for c in a.layer("citations"))


def test_no_sentences_or_no_quotes_leave_the_citations_as_they_are():
    a = Article("Text.")
    a.with_layer("sentences", [])
    a.with_layer("quotes", [])
    cites = [Span(0, 4, "outlet", attrs={"source": "Reuters", "cue": "according to"})]
    assert link_relays(a, cites) == cites


def test_the_summary_and_the_report_say_who_passed_the_quote_on(wire):
    text = summarize(wire)
    assert "Mara Quill (via Reuters) [direct]: We will not back down" in text
    assert "passes on 1 quote(s) of others" in text
    data = span_data(wire.to_dict(), ["quotes", "citations"], {})
    notes = [row[4] for _, rows in data["ly"] for row in rows if len(row) > 4]
    assert any("passed on by Reuters" in n for n in notes), notes


def test_an_outlet_told_passes_on_only_what_was_told_to_it():
    a = analyze_text("\u201cIt is reckless,\u201d Councillor Ines Quill said, and Mayor Tomas Ortega told CNN that the mills would close.")
    told = _quote(a, "the mills would close")
    assert told.attrs["speaker"] == "Tomas Ortega"
    assert _citation(a, "CNN").attrs["relays"] == [told.id]  # not Quill's words, said to no one named
