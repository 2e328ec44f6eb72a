"""The quotes stage, version 55: a poll's finding is an attribution to the poll ("In a Gazette
poll released Sunday, [Ruiz led ...]", cue "In", ``cue_kind`` "poll"); the verb of an indirect
question reports nothing ("asked the governor what he thought [the levy would cost]");
"called for [X] to be granted a hearing" keeps the infinitive; "endorsed [Name]" is a stance; a
work after "adaptation", "biopic", "remake", "sequel" is a title; a later "they" is no poll; a
document's phrase ends at a comma the parse read as a list; "Clara, Duchess of [Place]" makes
"the duchess" Clara; "The Chairwoman of [Country]'s Central Bank" is the speaker, not the bank.
docs/quotes.md, Version 55. Every sentence is written for these tests (invented people, places
and polls).
"""

from __future__ import annotations

from newsprobe.article import Article, Span

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)

LEAD = "The harbour vote is two weeks away.\n\n"


def _only(article: Article, cue: str) -> Span:
    [q] = [q for q in article.layer("quotes") if q.attrs.get("cue") == cue]
    return q


def _reported(article: Article) -> list[tuple[str, str, str]]:
    return [(article.span_text(q), q.attrs.get("cue", ""), q.attrs.get("speaker") or "") for q in article.layer("quotes") if q.label == "indirect"]


def test_a_poll_s_finding_is_attributed_to_the_poll(run):
    a = run(
        LEAD + "In a Harbour Gazette poll released Sunday, Mayor Ines Ruiz led her challenger by nine points among likely voters.\n\n"
        "Councillor Otto Brandt finished third in most surveys, behind two newcomers."
    )
    polls = [q for q in a.layer("quotes") if q.attrs.get("cue_kind") == "poll"]
    assert [(a.span_text(q), q.attrs["cue"]) for q in polls] == [
        ("Mayor Ines Ruiz led her challenger by nine points among likely voters", "In"),
        ("Councillor Otto Brandt finished third", "in"),  # PolNeAR's bounds: the phrase after the verb is not the finding
    ]
    assert "poll" in polls[0].attrs["speaker"] and "surveys" in polls[1].attrs["speaker"]


def test_a_poll_s_finding_keeps_the_report_inside_it(run):
    a = run(LEAD + "In the latest county poll, 61 percent of residents said they opposed the new toll.")
    reported = _reported(a)
    assert ("61 percent of residents said they opposed the new toll", "In", "latest county poll") in reported
    assert ("they opposed the new toll", "said", "61 percent of residents") in reported


def test_a_poll_that_is_no_source_finds_nothing(run):  # a guard: passes on version 54 too
    a = run(LEAD + "She lives in a village where the poll station opened late. Her lead in the polls has grown since May.")
    assert [q for q in a.layer("quotes") if q.attrs.get("cue_kind") == "poll"] == []


def test_the_verb_of_an_indirect_question_reports_nothing(run):
    a = run(LEAD + "Reporters asked Governor Dale Pruitt what he thought the new levy would cost the average family. Pruitt declined to give a figure.")
    assert not any(cue == "thought" for _, cue, _ in _reported(a))
    assert any(c.startswith("what he thought") and cue == "asked" for c, cue, _ in _reported(a))


def test_called_for_keeps_the_infinitive_the_parse_hangs_on_the_cue(run):
    a = run(LEAD + "Commissioner Okafor called for Reyes and Brandt to be granted a fair hearing by the county board.")
    assert ("Reyes and Brandt to be granted a fair hearing by the county board", "called", "Okafor") in _reported(a)  # v56: "for" is the cue's


def test_an_endorsement_of_one_name_is_a_stance(run):
    # version 54 left it to the learned cues ("Brandt", 0.63)
    a = run(LEAD + "Two unions endorsed Brandt on Monday.")
    q = _only(a, "endorsed")
    assert a.span_text(q) == "Brandt" and q.attrs["cue_kind"] == "stance" and q.attrs["speaker"] == "two unions"


def test_a_work_after_adaptation_is_a_title(run):
    a = run(LEAD + "The festival closes with \u201cHarbour Lights,\u201d \u201cThe Salt Road,\u201d and the novel adaptation \u201cWinter Ferries.\u201d\n\nTickets are sold out.")
    [q] = [q for q in a.layer("quotes") if "Winter Ferries" in a.span_text(q)]
    assert q.label == "title" and not q.attrs.get("speaker")


def test_they_is_never_a_poll(run):
    # "they said" after "according to recent polls" was the polls' at 0.75 (version 54)
    a = run(LEAD + "According to recent polls, Ruiz has gained ground along the coast. At a rally on Friday, they said the ferry plan was popular.")
    q = _only(a, "said")
    assert q.attrs.get("speaker") != "recent polls" and q.attrs.get("speaker_uncertain")


def test_a_document_s_phrase_ends_at_a_comma_the_parse_read_as_a_list(run):
    # the parse hangs the next clause's subject on "for [Site]" as a second conjunct (no "and"):
    # the speaker was "blog post for [Site], [Country]'s [Institute]" at 0.96 (version 54)
    a = run(
        LEAD + "According to a blog post for InfoHarbour, Norway\u2019s National Institute for Tide Research predicts that harbour "
        "traffic will fall by a third over the winter."
    )
    assert _only(a, "According to").attrs["speaker"] == "blog post for InfoHarbour"
    b = run(LEAD + "According to a spokesperson for the ministries of Finance, Trade and Industry, the talks failed.")  # a guard: a list with "and" stays
    assert [q.attrs["speaker"] for q in b.layer("quotes")] == ["spokesperson for the ministries of Finance, Trade and Industry"]
    c = run(LEAD + "A powerful alliance of chefs, bakers and charities today urges the mayor to block cheap imports.")  # the "and" on a later conjunct
    assert [q.attrs["speaker"] for q in c.layer("quotes")] == ["powerful alliance of chefs, bakers and charities"]


def test_the_duchess_is_the_person_the_text_gave_that_title(run):
    # the parse hangs "Duchess of [Place]" on the verb, not on the name: "the duchess" stayed an
    # unnamed role, uncertain (version 54)
    a = run("Royal visit ends early\n\nClara, Duchess of Wexmoor, left the island on Tuesday after a three-day visit.\n\nThe duchess said the welcome had moved her deeply.")
    q = _only(a, "said")
    assert q.attrs["speaker"] == "Clara" and a.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "The duchess"


def test_a_capitalised_title_the_parse_read_as_an_owner_is_the_speaker(run):
    # "[The Chairwoman of Norland]'s Central Bank says": the bank was the speaker (version 54)
    a = run(LEAD + "The Chairwoman of Norland\u2019s Central Bank says two tycoons stole $5 billion outright.\n\nThe mayor's spokesman said the city would help.")
    assert _only(a, "says").attrs["speaker"] == "Chairwoman of Norland\u2019s Central Bank"
    assert _only(a, "said").attrs["speaker"] == "mayor's spokesman"  # a guard: an owner that is no title stays
