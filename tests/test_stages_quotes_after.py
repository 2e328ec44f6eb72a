"""The quotes stage, version 24: the speaker named after a quote when the parser misread the
phrase ("the nominee, Dana Pike, tweeted" read as "the nominee who tweeted"; "the mayor's
deputy" cut at "mayor"), reporting verbs and role nouns found missing on PolNeAR's readable
slices (docs/quotes.md, Version 24).

Every article here is written for these tests (invented people, places and papers).
"""

from __future__ import annotations

import pytest

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)
from .test_stages_quotes_direct import find


def test_a_verb_read_as_a_clause_on_the_phrase_after_a_cry_still_names_the_phrase(run):
    a = run(
        "The mayor repeated on Friday that the pier could wait.\n\n"
        '"Will the mayor finally admit the pier is sinking? If not he should resign!" '
        "the likely opposition nominee, Brandt Oyelaran, tweeted Sunday after a storm hit the harbor."
    )
    q = find(a, "pier is sinking")
    assert q.attrs["speaker"] == "Brandt Oyelaran"
    assert q.attrs["cue"] == "tweeted"


def test_after_a_full_stop_the_phrase_is_a_new_sentence_not_the_speaker(run):
    a = run(
        '"We will rebuild the pier." The harbor board, which meets on Mondays, said nothing about the tides.'
    )
    assert find(a, "rebuild the pier").attrs.get("speaker") is None


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('"We will rebuild the pier before winter," exhorted the mayor\'s deputy, engineer Tilda Harrow.', "mayor's deputy"),
        ('"Nobody reads the minutes anymore," tweeted a local user going by the handle Gullwatch.', "local user"),
        ('"The vote was rigged from the start," interjected a council staffer.', "council staffer"),
        ('"You will all be thanked in spring," assured the festival\'s introducer, Ana Pell.', "Ana Pell"),
    ],
)
def test_the_speaker_after_an_inverted_verb_is_the_phrase_head_not_its_possessor(run, text, speaker):
    q = find(run(text), text[1:12])
    assert q.attrs["speaker"] == speaker


def test_the_possessor_before_the_speaker_is_not_taken_for_them(run):
    a = run('"It is about time this town had a library," exhorted Mayor Pell\'s deputy at the opening.')
    assert find(a, "about time").attrs.get("speaker") not in ("Pell", "Mayor Pell")


def test_a_participle_on_a_when_clause_may_belong_to_either_subject_so_it_is_a_guess(run):
    a = run('Renko tweeted when the council ended its meeting early, remarking, "Thank you, and good night."')
    q = find(a, "good night")
    assert q.attrs["speaker_uncertain"] is True  # Renko or the council: the grammar does not say
    assert q.attrs["confidence"] < 0.8


def test_a_participle_on_the_main_verb_stays_its_subjects(run):
    a = run('Renko closed the meeting early, remarking, "Thank you, and good night."')
    q = find(a, "good night")
    assert q.attrs["speaker"] == "Renko"
    assert q.attrs["speaker_uncertain"] is False


# --- a plural role is many people, never the one person introduced with that role -------------


def test_a_plural_role_is_not_the_person_introduced_with_the_singular(run):
    a = run(
        "Dana Quill, a lawyer for the port authority, filed the papers on Monday.\n\n"
        "The lawyers said the ferry contract was void from the start."
    )
    q = find(a, "ferry contract was void")
    assert q.attrs["speaker"] != "Dana Quill"
    assert "lawyers" in q.attrs["speaker"]


def test_supporters_of_a_named_person_are_not_that_person(run):
    a = run("By a wide margin, supporters of Mayor Dana Quill say the pier should stay open all winter.")
    q = find(a, "pier should stay open")
    assert q.attrs["speaker"] != "Dana Quill"
    assert "supporters" in q.attrs["speaker"]


def test_and_adding_joined_by_the_parser_to_a_noun_still_has_the_main_clauses_subject(run):
    a = run(
        "Ted Vance spent the week in the harbor towns.\n\n"
        "In two debates and a radio phone-in, he merely alluded to Dana Pike by mentioning plans for a fence "
        'along the northern border and adding, "You all know who ought to foot that bill."'
    )
    assert find(a, "foot that bill").attrs["speaker"] == "Ted Vance"  # the parser hangs "adding" on "border"


# --- "she" after "X emailed her": not X ----------------------------------------------------------


def test_a_verb_with_its_object_opening_a_quote_is_its_cue_not_the_next_sentences_verb(run):
    a = run(
        'In June, after Pike fell ill, Vance emailed her his best wishes, addressing her as "Dana" and '
        'telling her, "you are the best harbor master we ever had!" She wrote back to him that the post had been a '
        '"privilege for twelve years."'
    )
    q = find(a, "best harbor master")
    assert q.attrs["cue"] == "telling"
    assert q.attrs["speaker"] == "Vance"
    reply = find(a, "privilege for twelve")
    assert not (reply.attrs.get("speaker") == "Vance" and reply.attrs["speaker_uncertain"] is False)  # she is not Vance


def test_she_after_a_person_who_emailed_her_is_not_that_person_without_doubt(run):
    a = run(
        "The harbor board met on Monday to thank its retiring staff.\n\n"
        "Councillor Vance emailed her his best wishes in June, calling her the best harbor master the town ever had.\n\n"
        '"It was an honor to serve," she replied the next day.'
    )
    q = find(a, "honor to serve")
    assert not ("Vance" in (q.attrs.get("speaker") or "") and q.attrs["speaker_uncertain"] is False)


def test_a_verb_that_ends_the_sentence_before_does_not_open_the_next_speakers_quote(run):
    a = run(
        "The crowd booed as the two hosts walked on stage.\n\n"
        '"Look at what you did," Oduya said. Renwick responded, "Thank goodness they can fix this later."'
    )
    q = find(a, "Thank goodness")
    assert q.attrs["speaker"] == "Renwick"
    assert q.attrs["cue"] == "responded"


# --- who was asked, who was told: not the speaker ------------------------------------------------


def test_a_question_someone_was_asked_is_not_theirs(run):
    a = run(
        "The mayor gave a long interview to a local paper this week.\n\n"
        'In the interview, Vale was asked, "Which road in the county worries you the most?"\n\n'
        "Vale joked that it was his own driveway."
    )
    assert find(a, "worries you the most").attrs.get("speaker") is None


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ('Former councillor Ida Brandt spelled out just what had gone wrong with the plan to the weekly newspaper Harbor Tidings: "It was rushed."', "Ida Brandt"),
        ('Ida Brandt gave her verdict to Harbor Tidings: "It was rushed."', "Ida Brandt"),
    ],
)
def test_the_paper_told_before_a_colon_is_not_the_speaker(run, sentence, speaker):
    a = run("The mayor gave a long interview to a local paper this week.\n\n" + sentence)
    assert find(a, "It was rushed").attrs.get("speaker") == speaker


def test_has_said_written_with_an_apostrophe_is_no_passive(run):
    a = run(
        "Senator Ada Lindqvist toured the valley towns again this spring.\n\n"
        "Since she announced her bid, she's said one line at each of her stops: \"It is about all of us.\""
    )
    assert find(a, "about all of us").attrs.get("speaker") == "Ada Lindqvist"


def test_it_is_written_stays_a_passive_with_no_speaker(run):
    a = run("The league rules, as it's currently written, say the board picks the venue.")
    assert not any(q.attrs.get("cue") == "written" for q in a.layer("quotes"))


def test_a_surname_shared_by_a_woman_and_a_man_is_the_one_of_the_pronouns_gender(run):
    a = run(
        "Governor Susan Marsh and her husband, the former senator Tom Marsh, toured the harbor on Friday.\n\n"
        'Marsh spoke first at the pier. "We will fund the new breakwater," he said.\n\n'
        'Later Marsh took questions. "The audit will be published," she said.'
    )
    assert find(a, "new breakwater").attrs.get("speaker") == "Tom Marsh"  # the one Marsh a "he" can be
    assert find(a, "audit will be published").attrs.get("speaker") == "Susan Marsh"


def test_a_long_phrase_before_the_verb_after_a_cry_still_names_the_speaker(run):
    a = run(
        "The harbor board met on Friday.\n\n"
        "\"Is the mayor ever going to publish the audit? If he doesn't he should quit at once!\" the presumptive "
        "Labour mayoral nominee, Brandt Oyelaran, tweeted Sunday after a lone arson attack on a harbor warehouse."
    )
    assert find(a, "publish the audit").attrs["speaker"] == "Brandt Oyelaran"


def test_a_participle_with_a_short_setting_opens_a_short_quote_ending_in_a_comma(run):
    a = run(
        "The ad features a report on the budget.\n\n"
        'The spot concludes with footage of Vance saying at the debate, "That makes me smart," when Pike blasted him.'
    )
    q = find(a, "makes me smart")
    assert q.label == "direct"  # a short sentence said, not a scare quote
    assert q.attrs["speaker"] == "Vance"


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("As Vance at last stepped back from the lectern \u2014 \u201cWe will build the pier, and we will build it this year!\u201d \u2014 the confetti fell.", "Vance"),
        ('The new motto -- "Build it now" -- appeared on every banner in the hall.', None),
    ],
)
def test_a_quotation_set_off_by_dashes_is_the_words_of_the_person_before_them(run, sentence, speaker):
    a = run("The convention closed on Thursday night.\n\n" + sentence)
    quotes = [q for q in a.layer("quotes") if q.label == "direct"]
    assert [q.attrs.get("speaker") for q in quotes] == ([speaker] if speaker else [])
