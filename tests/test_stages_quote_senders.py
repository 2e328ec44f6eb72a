"""The quotes stage, version 38: who says a quotation when the parser hung its participle or
its cue on the wrong word (``quote_senders``: those a plan is for, a caption, a participle right
before the quotation, "after [Name], ..., had said", a participle after a quotation made the
root; ``quote_names._name_before_role``; ``quote_cues.subject_of`` through a reported "it";
``quote_credits``' lead sentence and fallback scan; the verb that opens a quotation). See
docs/quotes.md, Version 38. Every sentence is written for these tests (invented people, places
and papers).
"""

from __future__ import annotations

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)


def _direct(article):
    return [q for q in article.layer("quotes") if q.label == "direct"]


def test_a_participle_on_those_a_plan_is_for_is_the_tellers(run):
    article = run(
        "A spokeswoman for the tenants told the Herald they were opposed to the new rules for landlords "
        "saying, \u201cfor us this is the end of a fair rent.\u201d"
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] != "landlords"
    assert "spokeswoman" in q.attrs["speaker"]
    assert article.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]].startswith("A spokeswoman")


def test_the_teller_through_a_longer_phrase_of_nouns(run):
    article = run(
        "The union's chief negotiator told reporters they had fought hard against the cuts for nurses "
        "saying, \u201cOur members cannot take another winter like the last one.\u201d"
    )
    (q,) = _direct(article)
    assert "negotiator" in q.attrs["speaker"]


def test_people_who_call_in_still_say_their_own_words(run):
    # 'calls from voters saying': the voters speak (the parser makes them the participle's subject)
    article = run("He received calls from voters saying, \u201cWe want answers before the vote.\u201d")
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "voters"


def test_no_speech_verb_above_leaves_the_reading_in_doubt(run):
    # 'ran a hotline for veterans saying': nobody tells anything here; the old reading stays, uncertain
    article = run("The charity ran a hotline for veterans saying, \u201cWe will listen.\u201d")
    (q,) = _direct(article)
    assert q.attrs["speaker"] != "charity"
    assert q.attrs["speaker_uncertain"] is True


def test_a_caption_someone_added_is_their_words(run):
    article = run(
        "Councillor Mara Voss posted a photo of the flooded underpass on Tuesday night. "
        "She added a caption which reads, \u201cThird time this year and still no pump.\u201d"
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "Councillor Mara Voss"


# -- quote_names._name_before_role (quotes version 38) -------------------------------------------


def test_a_name_before_its_role_without_the_closing_comma_speaks(run):
    article = run(
        "Ines Dalca, the spokeswoman for the county election board said in a statement. "
        "\u201cThere are no ballots left to count. The tally stands.\u201d"
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "Ines Dalca"
    assert q.attrs["speaker_uncertain"] is False


def test_a_name_before_an_indefinite_role_speaks(run):
    article = run("Ines Dalca, a spokeswoman for the board said: \u201cThere are no ballots left to count.\u201d")
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "Ines Dalca"


def test_a_name_with_a_verb_of_its_own_is_not_the_speaker(run):
    # the role speaks in a parenthesis; the name is the subject of "has"
    article = run("Ines Dalca, the spokeswoman said, \u201chas no plan for the count.\u201d")
    assert all(q.attrs.get("speaker") != "Ines Dalca" for q in article.layer("quotes"))


def test_someone_elses_role_after_a_name_is_not_that_name(run):
    article = run("Ines Dalca, her lawyer said: \u201cShe has no plan for the count.\u201d")
    (q,) = _direct(article)
    assert q.attrs["speaker"] != "Ines Dalca"


# -- quote_cues.subject_of through "it" (quotes version 38) ---------------------------------------


def test_a_participle_hung_on_a_reported_it_clause_is_the_reporters(run):
    article = run(
        "In a 2014 interview, Orla Brandt insisted it was \u201cpremature\u201d to back the plan while adding on "
        "housing matters, \u201cI have no doubt that the council means well.\u201d"
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "Orla Brandt"


def test_a_company_that_says_it_will_act_still_adds_its_own_words(run):
    article = run("Acme Freight said it would close the depot in March, adding, \u201cWe regret the loss of jobs.\u201d")
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "Acme Freight"


# -- quote_credits.lead_cue with a role's organisation (quotes version 38) ------------------------


def test_a_lead_sentence_whose_role_names_an_organisation(run):
    article = run(
        "Party officials say a recount could not be done.\n\n"
        "Ivo Sandberg, the communications director for the Harbour Party said in a statement. "
        "\u201cThere are no paper ballots to recount. The meetings cannot be re-created.\u201d"
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "Ivo Sandberg"
    assert q.attrs["cue_kind"] == "lead"


def test_a_lead_sentence_with_two_names_still_credits_nobody(run):
    article = run("The vote is close.\n\nOr maybe Ada Roe, consultant Phil Vance says. \u201cNobody knows yet.\u201d")
    (q,) = _direct(article)
    assert q.attrs.get("speaker") is None


# -- quote_credits.adjacent_name past a phrase set off by commas (quotes version 38) ---------------


def test_a_name_asked_about_between_commas_is_not_the_speaker(run):
    article = run(
        "The dispute had flared up Monday after Mr. Vale, asked about the cuts made under Mr. Lund, had said, "
        "''I think our town does plenty of cutting too.''"
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] != "Lund"
    assert "Vale" in q.attrs["speaker"]


def test_the_verb_that_opens_the_quotation_is_its_cue_not_the_participle_before(run):
    # "asked" is put to the subject (an addressee participle), and "had said, ''...''" opens the
    # quotation even though the parser read the clause before it as what was said
    article = run(
        "The question had come up on Friday after Mr. Oduya, asked about the closures of clinics under "
        "Mr. Brandt, had said, ''I think our county does plenty of closing also.''"
    )
    (q,) = _direct(article)
    assert "Oduya" in q.attrs["speaker"]
    assert article.text[q.attrs["cue_start"] : q.attrs["cue_end"]] == "said"


def test_a_participle_phrase_with_a_possessor_set_off_by_commas(run):
    article = run(
        "But Sen. Marta Quell (D-Ore.), noting the size of Vance's following, said, \"Let me tell you, "
        'he has a heck of a mailing list."'
    )
    direct = _direct(article)
    assert [q.attrs["speaker"] for q in direct] == ["Marta Quell"]


def test_someone_who_spoke_after_another_still_says_their_own_words(run):
    article = run("The mayor spoke after Ms. Vale and said, \u201cWe will rebuild.\u201d")
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "mayor"


def test_footage_of_someone_saying_before_the_quotation_is_theirs(run):
    article = run(
        "The clip concludes with footage of Ms. Okafor saying during the forum on Monday, "
        "\u201cThat makes me nervous,\u201d when her rival pressed her on rents."
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "Okafor"
    assert article.text[q.attrs["cue_start"] : q.attrs["cue_end"]] == "saying"
    # "concludes" reports nothing of its own
    assert not [s for s in article.layer("quotes") if s.attrs.get("cue") == "concludes"]


def test_a_participle_after_a_quotation_the_parser_made_the_root(run):
    article = run(
        "Mr. Vale did little to settle it, treating the jab as praise -- ''That makes me thrifty'' -- and, "
        "when questioned after the meeting, asserting, ''Of course, I pay my rates.''"
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "Vale"
    assert article.span_text(q) == "Of course, I pay my rates."


# -- quote_cues.ADJACENT_VERBS (quotes version 38) ------------------------------------------------


def test_chided_right_after_a_question_is_its_cue(run):
    article = run(
        "The interview turned to the levy.\n\n"
        "\u201cWould it be negotiable about the 11 stations?\u201d the host chided. "
        "\u201cMaybe let some of them stay open?\u201d"
    )
    (q,) = _direct(article)  # one quotation in two pieces, its credit between them
    assert q.attrs["cue"] == "chided"
    assert q.attrs["speaker"] == "host"


# -- quote_continuations (quotes version 38) ------------------------------------------------------


def test_a_lower_case_piece_after_a_crowds_cry_finishes_the_first_speakers_sentence(run):
    article = run(
        "The sheriff backed the plan. He said, \"The council will fix the bridge\" - at which point the "
        'crowd chanted "Fix the bridge!" - "and keep the ferry running until the work is done."'
    )
    rest = find(article, "and keep the ferry running")
    assert rest.attrs["speaker"] != "crowd"
    assert rest.attrs["speaker"] == "sheriff"
    assert find(article, "Fix the bridge!").attrs["speaker"] == "crowd"
