"""The quotes stage, version 59: quoted words that name a thing inside the speaker's own
description ("wearing "Harbour 2030" badges, said") are no quotation of the verb after them; a
thing a participle names ('a box labeled "prior conditions"') speaks nothing; a slogan in
apposition after a comma is a title; a judging verb's "to" that the tagger reads as an
infinitive marker ('likened the tariffs to "taxing the harvest"'); '[Name] has used the phrase
"..."' is that person's direct quote; "scrawled" and "scribbled" report written words.
docs/quotes.md, Version 59. Every sentence is written for these tests (invented people,
parties and places).
"""

from __future__ import annotations

import pytest

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)

LEAD = "The regional party conference ended in the harbour hall on Sunday.\n\n"


def _quotes(article: Article) -> list[tuple[str, str, str | None]]:
    return [(q.label, article.span_text(q), q.attrs.get("speaker")) for q in article.layer("quotes")]


def test_a_name_on_a_speakers_badges_is_no_part_of_what_she_said(run):
    a = run(LEAD + "Delegate Mary Tolland, wearing a straw hat and \u201cOkafor 2030\u201d buttons, said flatly, "
            "\u201cWe have had far better weeks than this one,\u201d before heading back to her seat.")
    direct = [(text, speaker, q.attrs.get("segments")) for q in a.layer("quotes") if q.label == "direct" for text, speaker in [(a.span_text(q), q.attrs.get("speaker"))]]
    assert direct == [("We have had far better weeks than this one", "Mary Tolland", None)]


def test_a_name_on_a_thing_before_the_verb_is_nobodys_quote(run):
    a = run(LEAD + "Delegate Mary Tolland, wearing a straw hat and \u201cOkafor 2030\u201d buttons, said the week had been hard.")
    assert not any(q.label in ("direct", "mixed") and "Okafor" in a.span_text(q) for q in a.layer("quotes"))


def test_a_thing_named_by_a_participle_does_not_speak(run):
    a = run(LEAD + "On his intake form, in a box labeled \u201cprior conditions,\u201d a nurse had written \u201cchronic insomnia.\u201d")
    got = _quotes(a)
    assert ("scare", "prior conditions", None) in got
    assert not any(speaker == "box" for _, _, speaker in got)


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("Across the top of the memo, the treasurer, Paul Ekberg, scrawled \u201cWe cannot pay this.\u201d", "Paul Ekberg"),
        ("On the back of the envelope, Ruth Amsel had scribbled \u201cCall me before you sign.\u201d", "Ruth Amsel"),
    ],
)
def test_scrawled_and_scribbled_words_are_the_writers(run, sentence, speaker):
    got = _quotes(run(LEAD + sentence))
    assert [(label, s) for label, _, s in got if label == "direct"] == [("direct", speaker)]


def test_a_slogan_in_apposition_is_a_title_not_the_reporters_words(run):
    got = _quotes(run(LEAD + "Several reporters noted the change from the party's usual slogan, \u201cStronger Together.\u201d"))
    assert got == [("title", "Stronger Together.", None)]


def test_a_judging_verbs_to_before_a_gerund(run):
    got = _quotes(run(LEAD + "Another skeptic, Marta Collins, likened the new tariffs to \"taxing the harvest\" - a jab that landed."))
    assert got == [("mixed", 'the new tariffs to "taxing the harvest', "Marta Collins")]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Gov. Pell has used the phrase \"managed retreat\" often in his campaign.", [("direct", "managed retreat", "Pell")]),
        ("Ana Diaz, a former aide, coined the term \"ferry fatigue\" in 2009.", [("direct", "ferry fatigue", "Ana Diaz")]),
        # guards (pass on version 58 too): words someone did not use, or was told not to use
        ("Critics slammed the governor for not using the term \"climate emergency.\"", [("scare", "climate emergency.", None)]),
        ("The term \"ferry fatigue\" was used by nobody before 2009.", [("scare", "ferry fatigue", None)]),
    ],
)
def test_words_a_person_has_used(run, sentence, expected):
    assert _quotes(run(LEAD + sentence)) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [  # the parser reads the office as an apposition inside the "according to" phrase
        ("According to a blog post for RiverWatch, the National Hydrology Office predicts that rainfall in the north "
         "will be 40 percent below normal.", [("indirect", "rainfall in the north will be 40 percent below normal", "National Hydrology Office")]),
        # a guard (passes on version 58 too): a name and its apposition
        ("According to Lena Ortiz, a hydrologist at the office, the river will rise by Friday.",
         [("indirect", "the river will rise by Friday", "Lena Ortiz")]),
    ],
)
def test_according_to(run, sentence, expected):
    assert _quotes(run(LEAD + sentence)) == expected


def test_according_to_then_a_verb_that_reports_nothing(run):  # a guard: passes on version 58 too
    got = _quotes(run(LEAD + "According to Rep. Dana Whitlock, Congressional probing of the ferry contract was one "
                          "reason for the early election."))
    assert [(label, speaker) for label, _, speaker in got] == [("indirect", "Dana Whitlock")]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("No wonder Lund said, and I quote, \"Quiet voters are the best voters.\"", [("direct", "Quiet voters are the best voters.", "Lund")]),
        # a statement made in the sentence right before the quote, in its paragraph
        ("The tenants' lawyer, Jeremy Olsen, made a short statement after the ruling. "
         "\"It is impossible to overstate what this means for renters.\"",
         [("direct", "It is impossible to overstate what this means for renters.", "Jeremy Olsen")]),
        # a name and a title after the quote, no verb
        ("\"Our agents will keep stopping unlawful cargo at sea and in the air,\" Ramon Aguilar, director of the coastal air "
         "and marine branch.", [("direct", "Our agents will keep stopping unlawful cargo at sea and in the air", "Ramon Aguilar")]),
        # a guard (passes on version 58 too): names in a sentence that goes on sign nothing
        ("The crowd chanted \"Let us sail, Harbour,\" Tom Ode and Ana Ruiz among them.", [("mixed", "Let us sail, Harbour", "crowd")]),
    ],
)
def test_who_speaks(run, sentence, expected):
    assert _quotes(run(LEAD + sentence)) == expected
