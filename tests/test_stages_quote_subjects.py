"""Subjects that name more than one word's worth (quotes stage v20, ``quote_subjects``): speakers
who speak together ("Okafor and Lindqvist said") are named together, not as the first alone;
"or" between them is a doubt; a document's owner ("its statement", "the company's release",
"her letter") is the speaker; "as confirmed by the minister" is the minister's. Each case is a
partial or wrong speaker seen on a real page, rewritten with invented people and places.
"""

from __future__ import annotations

import pytest

from .test_stages_quote_credits import speakers
from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)

METHOD = (
    "Method notes.\n\nMaria Okafor and Jens Lindqvist run the imaging lab at the Harbor Institute.\n\n"
    "As Okafor and Lindqvist explained: \"The kernel width sets how far each point reaches.\"\n\n"
    "Maria Okafor and Jens Lindqvist said that the method scales badly on large sets."
)


BUDGET = (
    "Budget vote.\n\nSenators Laura Bennett, David Hughes and Peter Walsh argued that the budget "
    "would leave the ports without dredging money."
)


@pytest.mark.parametrize("text, words, together", [
    (METHOD, "The kernel width sets", "Maria Okafor and Jens Lindqvist"),
    (METHOD, "the method scales badly", "Maria Okafor and Jens Lindqvist"),
    (BUDGET, "the budget would leave the ports", "Laura Bennett, David Hughes and Peter Walsh"),
])
def test_speakers_who_speak_together_are_named_together(run, text, words, together):
    found = speakers(run(text), words, labels=None)
    assert found == [(together, False)], found


def test_one_of_two_speakers_joined_by_or_is_a_doubt(run):
    a = run(
        "Notes.\n\nMaria Okafor and Jens Lindqvist run the lab.\n\n"
        "Either Okafor or Lindqvist said that the grant had been cut in March."
    )
    found = speakers(a, "the grant had been cut", labels=None)
    assert found and all(unsure for _, unsure in found), found


def test_titles_of_one_person_are_not_two_speakers(run):
    a = run(
        "Bread.\n\nPresident and Chief Executive Officer of Tidewater Market Rhona Pettigrew said that bread "
        "prices would rise this winter."
    )
    assert speakers(a, "bread prices would rise", labels=None) == [("Rhona Pettigrew", False)]


def test_a_person_and_a_thing_are_not_joint_speakers(run):
    a = run(
        "Debate night.\n\nMayor Laura Bennett spoke first. On Saturday, Bennett and her remarks on housing "
        "loomed large at the debate, and rivals argued that her plan would raise rents."
    )
    found = speakers(a, "her plan would raise rents", labels=None)
    assert found and all(" and " not in (s or "") for s, _ in found), found


OWNED = (
    "Diet pills.\n\nNorthwind Pharmaceuticals rejected the claims on Friday. Its statement said that the "
    "pills were tested by an outside lab.\n\nThe company's release added that refunds would be paid "
    "within a week.\n\nMayor Laura Bennett said the vote was fair. Her statement said that the budget was "
    "balanced. Councillor David Hughes disagreed. His letter said that taxes would rise."
)


@pytest.mark.parametrize("words, owner", [
    ("the pills were tested", "Northwind Pharmaceuticals"),
    ("refunds would be paid", "Northwind Pharmaceuticals"),
    ("the budget was balanced", "Laura Bennett"),
    ("taxes would rise", "David Hughes"),
])
def test_a_documents_owner_is_the_speaker(run, words, owner):
    found = speakers(run(OWNED), words, labels=None)
    assert [s for s, _ in found] == [owner], found


def test_a_campaign_is_not_its_candidates_document(run):
    a = run("Ads.\n\nSenator Laura Bennett's campaign said that it would spend $2 million on television ads.")
    found = speakers(a, "spend $2 million", labels=None)
    assert [s for s, _ in found] == ["Laura Bennett's campaign"], found


def test_as_confirmed_by_names_who_confirmed(run):
    a = run(
        "Migration talks.\n\nCanada is seeking a firm agreement with its neighbours on asylum rules before "
        "the summer, as confirmed by Foreign Minister Claire Dubois on Monday."
    )
    found = [q.attrs.get("speaker") for q in a.layer("quotes") if q.attrs.get("cue") == "confirmed"]
    assert found == ["Claire Dubois"], found


def test_a_question_asked_by_a_host_is_the_hosts_and_the_answer_is_not(run):
    a = run(
        "Housing vote.\n\nSenator David Hughes told supporters on Sunday that the vote will be close. \"Certainly,\" "
        "he answered when asked by a radio host whether he still expected a narrow result."
    )
    assert speakers(a, "Certainly", labels=None) == [("David Hughes", False)]
    assert [s for s, _ in speakers(a, "whether he still expected", labels=None)] == ["radio host"]


def test_a_day_owns_no_poll(run):
    a = run("Polls.\n\nSenator Laura Bennett leads the race. Wednesday's Harwell poll shows that her lead has narrowed.")
    found = speakers(a, "her lead has narrowed", labels=None)
    assert found and all(s != "Wednesday" for s, _ in found), found


def test_a_name_after_the_offices_organisation_is_the_speaker(run):
    a = run(
        "Free zones.\n\nChief Executive Officer (Acting) of the Harbor Zone Authority, Gary Lomax, added that two "
        "trade events will take place on days one and four."
    )
    assert speakers(a, "two trade events", labels=None) == [("Gary Lomax", False)]


@pytest.mark.parametrize("written, phrase", [
    ("Managing Director of", "Managing Director"),
    ("spokesperson for the", "spokesperson"),
    ("head of sales and", "head of sales"),
])
def test_a_role_phrase_never_ends_on_a_word_that_lost_its_object(written, phrase):
    from newsprobe.stages.quote_people import phrase_as_written

    assert phrase_as_written(written, 0, len(written), sentence_initial=False) == phrase


HEADLINE = (
    "Port Authority Chair Says Fees Will Rise in Spring\n\n"
    "Port Authority Chair Maria Okafor says port fees will rise in the spring as the board repays its loans.\n\n"
    "She said the rise would be small."
)


def test_a_headlines_role_is_the_person_the_body_gives_that_title(run):
    a = run(HEADLINE)
    assert speakers(a, "Fees Will Rise", labels=None) == [("Maria Okafor", False)]


def test_a_paragraph_that_opens_with_the_headlines_role_still_names_its_speaker(run):
    a = run(HEADLINE)
    assert speakers(a, "port fees will rise in the spring", labels=None) == [("Maria Okafor", False)]


def test_degrees_and_titles_after_a_name_are_not_more_speakers(run):
    a = run("Disclosures.\n\nLena Marsh, MD, MPH, Deputy Editor, reports that she holds shares in two drug makers.")
    assert speakers(a, "she holds shares", labels=None) == [("Lena Marsh", False)]


def test_recalled_by_a_government_is_no_quote_of_it(run):
    a = run(
        "Colonial rule.\n\nIn 1891 he became the commissioner of the coast, earning the local nickname \"mkali sana,\" "
        "or \"the man with the iron hand,\" for his brutal rule. Eventually recalled by the Crown, he returned home in 1905."
    )
    found = [q.attrs.get("speaker") for q in a.layer("quotes")]
    assert "Crown" not in found, found


def test_a_law_is_no_antecedent_of_they(run):
    a = run(
        "Lending.\n\nThe Brandt Rule sought to stop lenders from gambling with deposits. Its loopholes were many.\n\n"
        "Those who voted for the war later regretted the thin preparation. Better preparation was all it took, they said."
    )
    found = speakers(a, "Better preparation was all it took", labels=None)
    assert found and all("Rule" not in (s or "") for s, _ in found), found


def test_a_person_whose_surname_is_law_is_still_a_person(run):
    a = run(
        "Donors.\n\nDonors want to give far more this year, said Steven Law, who runs a fund.\n\n"
        "\"What I see going on right now is a pause,\" he said."
    )
    assert speakers(a, "What I see going on", labels=None) == [("Steven Law", False)]
