"""The quotes stage, version 57: '," said the board's chair, [Name].' parsed with two subjects
takes the name; a fragment closed by a comma before its tag ('"Along the road," she said, "I
felt ..."') is not governed by a verb of the next quotation; '," added the board's finance lead'
has its speaker after the verb; a verb that judges its object with a preposition and the
subject's quoted words ('blasted the paper for being "lazy"', ``quote_labels.JUDGING_VERBS``)
makes a ``mixed`` quote, also after an object with a relative clause ('call the people who
... "stakeholders."'); a mixed quote does not run on past a sentence that ends inside its
quote marks; a "they" right after two people named together in the narrative ("Maria Lopez
and Tom Ode studied ...") is the two of them, in doubt when other people who may speak stand
between ("the other candidates"). docs/quotes.md, Version 57. Every sentence is written for these tests (invented
people, places and numbers).
"""

from __future__ import annotations

import pytest

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)

LEAD = "The ferry timetable changes in March.\n\n"


def _quotes(article: Article) -> list[tuple[str, str, str, str]]:
    return [(q.label, article.span_text(q), q.attrs.get("cue") or "", q.attrs.get("speaker") or "") for q in article.layer("quotes")]


def _speakers(article: Article) -> list[str | None]:
    return [q.attrs.get("speaker") for q in article.layer("quotes") if q.label == "direct"]


@pytest.mark.parametrize(
    "text, speaker",
    [  # a role with a possessive, then a hyphenated name: two subjects in the parse
        ('"We need a second crane before winter," said the council\'s transport chair, Gerald Fiennes-Armitage. "Nobody else will pay for it."',
         "Gerald Fiennes-Armitage"),
        # the role after "added" read as the verb's object
        ('"It was late," added the board\'s finance lead, Petra Valk-Hansen, on Friday.', "Petra Valk-Hansen"),
    ],
)
def test_the_name_after_a_tag_s_role_is_the_speaker(run, text, speaker):
    assert _speakers(run(LEAD + text)) == [speaker]


def test_a_fragment_before_its_tag_is_not_governed_by_the_next_quotation(run):
    a = run(LEAD + "Rosa Linde left the valley on foot with her two sons.\n\n"
            "\u201cAlong the road,\u201d she said, \u201cI felt the first pains and we turned back.\u201d")
    [q] = [q for q in a.layer("quotes") if q.label == "direct"]
    assert (q.attrs["speaker"], len(q.attrs["segments"])) == ("Rosa Linde", 2)


def test_a_verb_of_a_quotation_inside_a_longer_one_still_governs(run):  # a guard: passes on version 56 too
    a = run(LEAD + "Rosa Linde left the valley.\n\n\u201cHe told me \u2018go home\u2019 and then he left,\u201d she said.")
    assert ("direct", "He told me \u2018go home\u2019 and then he left", "said", "Rosa Linde") in _quotes(a)


def test_a_judging_verb_with_a_preposition_gives_the_subject_the_quoted_words(run):
    a = run(LEAD + 'Mayor Ilse Brandt blasted the regional paper for being "lazy and cruel." '
            'Brandt dismissed the audit as "a fishing trip." She likened the council to a "sinking ferry" on Tuesday.')
    got = {(label, cue, speaker) for label, _, cue, speaker in _quotes(a)}
    assert {("mixed", "blasted", "Ilse Brandt"), ("mixed", "dismissed", "Ilse Brandt"), ("mixed", "likened", "Ilse Brandt")} <= got
    assert not [q for q in a.layer("quotes") if q.label == "scare"]


def test_a_label_after_an_object_with_a_relative_clause_is_the_subject_s(run):
    a = run(LEAD + 'The county calls the people who are about to lose their evening boat "stakeholders." Nobody asked them.')
    assert [(label, speaker) for label, _, _, speaker in _quotes(a) if label != "indirect"] == [("mixed", "county")]


def test_a_one_word_label_that_only_took_the_speaker_before_it_is_a_label(run):
    a = run(LEAD + 'Its backers call the plan "reform." They call the cuts "right-sizing." '
            'They call the people who are about to lose their evening boat "stakeholders."')
    assert [(label, cue) for label, _, cue, _ in _quotes(a)] == [("mixed", "call")] * 3


def test_someone_else_s_words_and_a_passive_stay_scare_quotes(run):  # a guard: passes on version 56 too
    a = run(LEAD + 'Ode blames the press for Brandt\'s "ferry to nowhere" row. Brandt was praised for her "courage."')
    assert [(label, text) for label, text, _, _ in _quotes(a) if label in ("scare", "mixed")] == [("scare", "ferry to nowhere"), ("scare", "courage.")]


def test_a_mixed_quote_stops_where_its_sentence_ends_inside_the_marks(run):
    a = run(LEAD + 'Ruiz credited her loss to "a closed primary, which shuts out half the valley." '
            'She commanded the party to "open the doors and let people in."')
    assert [(label, text) for label, text, _, _ in _quotes(a)] == [
        ("mixed", 'her loss to "a closed primary, which shuts out half the valley.'), ("direct", "open the doors and let people in.")]


def test_they_after_two_people_named_together_is_the_two(run):
    a = run("Ferry fares rise again\n\nMaria Lopez and Tom Ode studied ferry fares for a decade. They found a steady drop.\n\n"
            '"These numbers should make us rethink the subsidy," they wrote.')
    [q] = [q for q in a.layer("quotes") if q.label == "direct"]
    assert (q.attrs["speaker"], bool(q.attrs.get("speaker_uncertain"))) == ("Maria Lopez and Tom Ode", False)


def test_they_after_two_people_and_other_people_is_in_doubt(run):  # a guard: passes on version 56 too (no speaker there)
    a = run('Ferry fares rise again\n\nMaria Lopez and Tom Ode outpaced the other candidates. "We will not stop," they said.')
    [q] = [q for q in a.layer("quotes") if q.label == "direct"]
    assert q.attrs.get("speaker_uncertain") is True
