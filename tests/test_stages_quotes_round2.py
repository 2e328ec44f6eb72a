"""The quotes stage, version 11c (issue 11: direct quotes, round 2; quoted titles on real
pages): a quoted name that a verb of another paragraph seemed to govern, speakers written
in the characters of code, and the real-pages scan's test of what looks like a title.

Every sentence here is written for these tests (invented people and places).
"""

from __future__ import annotations

import importlib.util

from newsprobe.stages.quote_people import written_as_words

from .conftest import ROOT
from .test_stages_quotes import find as at
from .test_stages_quotes import quotes
from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)

_spec = importlib.util.spec_from_file_location("real_pages_quotes_round2", ROOT / "eval" / "real_pages_quotes.py")
rpq = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(rpq)  # type: ignore[union-attr]


# --- a heading the parser runs into the next paragraph ------------------------------------


def test_a_verb_in_the_heading_above_does_not_govern_a_quoted_slogan_below(run):
    # the heading has no full stop, so the parser runs it into the next paragraph and hangs
    # the slogan on "says"; the slogan is a name in quote marks, no one's words here
    a = run(
        "Fix the ferry now: Retired captain ELSA NORD argues the island CAN keep its boats if the council funds the repairs\n\n"
        "Among the promises printed on every poster in the spring, 'Keep Boats Running' remains the one voters recall."
    )
    slogan = at(a, "Keep Boats Running")
    assert slogan.label in ("scare", "title")
    assert slogan.attrs.get("speaker") is None
    # what "argues" reports is in its own paragraph, not a quote of the paragraph below
    assert not any(q.label == "mixed" and "keep its boats" in a.span_text(q) for q in quotes(a))


def test_a_labelling_verb_in_the_same_paragraph_still_governs_its_quoted_label(run):
    a = run("Former minister Jane Rowan called the plan 'a gift to the rich' on Monday.")
    q = at(a, "a gift to the rich")
    assert q.label == "mixed"
    assert q.attrs["speaker"] == "Jane Rowan"


# --- quotes found with no speaker --------------------------------------------------------


def test_here_is_someone_before_a_colon_presents_the_speaker(run):
    a = run(
        "The panel broke for lunch. Here's Lena Maric at the spring forum: "
        '"Every pier needs a keeper. A harbor without keepers is just water."'
    )
    q = at(a, "Every pier needs")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "Lena Maric"


def test_a_heading_before_a_colon_that_the_parser_hung_on_the_quote_still_names_the_source(run):
    a = run('From the survey: "Across the board, villages with older ferries reported longer waits. Few villages reported none."')
    q = at(a, "villages with older ferries")
    assert q.attrs["speaker"] == "survey"


def test_someone_heard_asking_is_the_one_who_asks(run):
    a = run(
        "The tape surfaced on Monday:\n\n"
        '"Would you close the north pier?" a student can be heard asking the minister outside the library.'
    )
    q = at(a, "Would you close the north pier")
    assert q.attrs["speaker"] == "student"


def test_a_passive_subject_is_still_not_the_speaker(run):
    a = run('"We will appeal," Tom Ode was told by his lawyer on Friday.')
    q = at(a, "We will appeal")
    assert q.attrs.get("speaker") != "Tom Ode" or q.attrs.get("speaker_uncertain")


def test_the_n_year_old_who_asks_is_a_speaker_not_a_date(run):
    a = run(
        "The poem was posted on Sunday.\n\n"
        '"Who painted the lighthouse blue?" the 61-year-old asked under the photo.'
    )
    q = at(a, "Who painted the lighthouse")
    assert q.attrs["speaker"] == "61-year-old"
    # since quotes version 66 "the [age]-year-old" is a person as written, like "the woman" (it
    # was a doubt: the sentence does not say who); a later he/she may point back to it
    assert q.attrs.get("speaker_kind") in ("person", "role")


# --- a whole utterance introduced by its verb, and the reporter's words after it ----------


def test_the_reporters_words_after_a_comma_closed_quote_are_not_its_content(run):
    a = run(
        'The ferry board met in March. Cal Brent later wrote to his followers, "We should close this chapter now," '
        "and shared a link to his petition."
    )
    q = at(a, "We should close this chapter")
    assert q.label == "direct"
    assert "shared a link" not in a.span_text(q)
    assert q.attrs["speaker"] == "Cal Brent"


def test_a_short_utterance_after_said_and_a_comma_is_direct(run):
    a = run('Mara Lind had earlier said, "Maybe later," when asked whether she would run again.')
    q = at(a, "Maybe later")
    assert q.label == "direct"
    assert a.span_text(q) == "Maybe later"
    assert q.attrs["speaker"] == "Mara Lind"


def test_a_quote_the_reporters_clause_leads_into_stays_mixed(run):
    a = run("Mara Lind said the council would \"fight to the end\" and win the vote.")
    q = at(a, "fight to the end")
    assert q.label == "mixed"
    assert "the council would" in a.span_text(q)


def test_a_dash_read_as_a_subject_gives_way_to_the_verbs_other_subject():
    # the rule on a hand-made parse ('... made public \u2015 Brent boasted': the tagger made the
    # dash a noun subject of "boasted", with "public" its adjective)
    from types import SimpleNamespace

    from newsprobe.stages.quote_direct import other_subject

    doc: list[SimpleNamespace] = []
    for i, (text, dep) in enumerate([("public", "amod"), ("\u2015", "nsubj"), ("Brent", "nsubj"), ("boasted", "ROOT")]):
        doc.append(SimpleNamespace(text=text, dep_=dep, i=i, doc=doc, children=[]))
    for tok, head in zip(doc, (1, 3, 3, 3)):
        tok.head = doc[head]
        tok.left_edge = tok.right_edge = tok
        if head != tok.i:
            doc[head].children.append(tok)
    assert other_subject(doc[1]) is doc[2]  # type: ignore[arg-type]
    doc[3].children.remove(doc[2])
    assert other_subject(doc[1]) is None  # type: ignore[arg-type]


def test_a_short_sentence_a_participle_introduces_with_a_comma_is_direct(run):
    a = run(
        "The ad closes with a clip of Cal Brent saying during the forum in May, \u201cDebts are for small people,\u201d "
        "when Sima pressed him."
    )
    q = at(a, "Debts are for small people")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "Cal Brent"


def test_a_short_phrase_after_a_comma_with_no_verb_stays_a_scare_quote(run):
    a = run("The plan, in the words of its critics, \u201ca quiet tax,\u201d will go to a vote.")
    assert not any(q.label == "direct" and "quiet tax" in a.span_text(q) for q in a.layer("quotes"))


def test_a_rank_word_that_is_the_surname_of_a_named_person_is_that_person(run):
    a = run(
        "The party removed Ruth Haller and put Tomas Major in charge, and the reforms went on. "
        "Major said the town would get a kinder plan."
    )
    q = at(a, "kinder plan")
    assert q.attrs["speaker"] == "Tomas Major"


# --- a quoted piece of the reporter's own sentence -----------------------------------------


def test_an_uncued_piece_right_after_a_word_does_not_take_the_last_speaker(run):
    a = run(
        'The chef Mara Lind talked about being called a "home cook" in a podcast. '
        'The chef explained why being labelled that way is in fact a "quiet snub."'
    )
    q = [q for q in a.layer("quotes") if "quiet snub" in a.span_text(q)]
    assert q and all(x.attrs.get("speaker") is None for x in q)


def test_an_uncued_quote_after_a_comma_still_goes_on_the_speaker_before(run):
    a = run('"We will build it," Mara Lind said. "And we will build it on time."')
    q = at(a, "on time")
    assert q.attrs.get("speaker") == "Mara Lind"


# --- speakers written as code -------------------------------------------------------------


def test_a_speaker_written_in_the_characters_of_code_is_no_speaker():
    assert not written_as_words("0x4000000")
    assert not written_as_words("cache_hits=0 misses=3")
    assert not written_as_words("|k| k.strip")
    assert not written_as_words("lib2 users")


def test_roles_and_groups_with_numbers_are_still_speakers():
    assert written_as_words("the 15-year-old driver")
    assert written_as_words("a 2019 study")
    assert written_as_words("more than 300 residents")
    assert written_as_words("covid-19 patients")
    assert written_as_words("the mayor's office")


# --- the real-pages scan: what looks like a title -----------------------------------------


def test_scan_title_case_allows_only_minor_words_in_lower_case():
    assert rpq.looks_like_title("Gone with the Wind")
    assert rpq.looks_like_title("The Harbor at Night")
    assert rpq.looks_like_title("Keep Bread Cheap")
    # a lower-case verb or pronoun makes it a sentence in sentence case, not a title
    assert not rpq.looks_like_title("Three is plenty,")
    assert not rpq.looks_like_title("I know")
    assert not rpq.looks_like_title("When I was 40 I ran,")


def test_scan_one_word_with_its_own_exclamation_or_question_mark_is_not_a_title():
    assert not rpq.looks_like_title("Never!")
    assert not rpq.looks_like_title("Really?")
    assert rpq.looks_like_title("Lighthouse")
