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


def test_a_document_someone_delivered_is_their_words(run):
    a = run(
        "Ferries.\n\nMayor Laura Bennett toured the port on Monday.\n\nThe ferries will run all winter, "
        "according to a speech Bennett delivered at the harbour that evening."
    )
    found = speakers(a, "The ferries will run all winter", labels=None)
    assert [s for s, _ in found] == ["Laura Bennett"], found


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


#: (text, words of the report, a word that must not be in its speaker): no second speaker
#: joined to a person by "and" when the other is a thing; a law is no antecedent of "they".
NOT_IN_THE_SPEAKER = {
    "a person and a thing are not joint speakers": (
        "Debate night.\n\nMayor Laura Bennett spoke first. On Saturday, Bennett and her remarks on housing "
        "loomed large at the debate, and rivals argued that her plan would raise rents.",
        "her plan would raise rents", " and ",
    ),
    "a law is no antecedent of they": (
        "Lending.\n\nThe Brandt Rule sought to stop lenders from gambling with deposits. Its loopholes were many.\n\n"
        "Those who voted for the war later regretted the thin preparation. Better preparation was all it took, they said.",
        "Better preparation was all it took", "Rule",
    ),
}


@pytest.mark.parametrize("case", sorted(NOT_IN_THE_SPEAKER))
def test_a_word_that_is_no_speaker_stays_out_of_the_speaker(run, case):
    text, words, word = NOT_IN_THE_SPEAKER[case]
    found = speakers(run(text), words, labels=None)
    assert found and all(word not in (s or "") for s, _ in found), found


def test_a_person_whose_surname_is_law_is_still_a_person(run):
    a = run(
        "Donors.\n\nDonors want to give far more this year, said Steven Law, who runs a fund.\n\n"
        "\"What I see going on right now is a pause,\" he said."
    )
    assert speakers(a, "What I see going on", labels=None) == [("Steven Law", False)]


#: (text, words of the report, its speaker): a verb the parser gave two subjects (version 21).
TWO_SUBJECTS = {
    "a dateline before the subject": (
        "Port deal rushed, says former minister.\n\nHALIFAX, March 3 (UPI) — Former transport minister Grace Okoro "
        "told reporters at the harbour that the port deal had been rushed through without a proper review.",
        "the port deal had been rushed", "Grace Okoro",
    ),
    "a dateline with an agency and a hyphen": (
        "Dubois on the road.\n\nMONTREAL (Reuters) - Prime Minister Lena Dubois said she was unlikely to "
        "sign the fisheries pact before the summer.",
        "she was unlikely to sign", "Lena Dubois",
    ),
    "a name the parser hangs on the dateline": (
        "Budget fight.\n\nKINGSTON — Opposition leader Mara Quill on Friday accused the government of hiding "
        "the audit from the public.",
        "the government of hiding the audit", "Mara Quill",
    ),
    "a parenthetical report": (
        "Bank rules.\n\nVoters, Maria Ortega suggested, do not have to worry that the banks will sway the council.",
        "do not have to worry", "Maria Ortega",
    ),
    "a name after a role and a comma": (
        "Calls for the plan.\n\nOne pastor backing the plan, Dara Welsh of Hope Chapel in Truro, said he had "
        "made more than 100 phone calls.",
        "he had made more than 100 phone calls", "Dara Welsh",
    ),
}


@pytest.mark.parametrize("case", sorted(TWO_SUBJECTS))
def test_a_verb_with_two_subjects_is_spoken_by_the_right_one(run, case):
    text, words, speaker = TWO_SUBJECTS[case]
    found = speakers(run(text), words, labels=None)
    assert found and found[0][0] == speaker, found


#: (text, words of the report, a speaker it must not get): guards of the two-subject rule.
NOT_THE_SPEAKER = {
    "a hyphen inside a name is no dateline dash": (
        "Retail.\n\nKESTREL-BAY did not respond to repeated requests for comment on the closures.",
        "to repeated requests", "BAY",
    ),
    "several named leaders are not the first name alone": (
        "Reaction.\n\nSeveral senior councillors, including Anna Berg, Tomas Lind and Ivo Marr, have since "
        "denounced the mayor's remarks about the harbour workers.",
        "the mayor's remarks", "Anna Berg",
    ),
}


@pytest.mark.parametrize("case", sorted(NOT_THE_SPEAKER))
def test_a_second_subject_is_not_taken_where_it_is_no_speaker(run, case):
    text, words, wrong = NOT_THE_SPEAKER[case]
    assert all(s != wrong for s, _ in speakers(run(text), words, labels=None))


def test_a_name_the_parser_hangs_on_the_dateline_speaks():
    # the parse a PolNeAR article got (a dateline, a dash, a name, 'on Friday' and the verb), built
    # by hand with invented words: the dateline is the subject and the name its apposition
    import spacy
    from spacy.tokens import Doc

    from newsprobe.stages.quote_coordination import nearer_subject

    words = ["DUNMORE", "—", "Rep.", "Tilda", "Marsh", "on", "Friday", "slammed", "the", "budget", "."]
    heads = [7, 0, 4, 4, 0, 7, 5, 7, 9, 7, 7]
    deps = ["nsubj", "punct", "compound", "compound", "appos", "prep", "pobj", "ROOT", "det", "dobj", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True] * 10 + [False], heads=heads, deps=deps,
              ents=["B-GPE", "O", "O", "B-PERSON", "I-PERSON", "O", "B-DATE", "O", "O", "O", "O"])
    assert nearer_subject(doc[7], doc[0]).text == "Marsh"
    # a place that is no dateline (no dash after it) keeps its subject
    words2 = ["Dunmore", ",", "the", "port", "town", ",", "voted", "."]
    doc2 = Doc(spacy.blank("en").vocab, words=words2, spaces=[False, True, True, True, False, True, False, False],
               heads=[6, 0, 4, 4, 0, 0, 6, 6], deps=["nsubj", "punct", "det", "compound", "appos", "punct", "ROOT", "punct"],
               ents=["B-GPE", "O", "O", "O", "O", "O", "O", "O"])
    assert nearer_subject(doc2[6], doc2[0]).text == "Dunmore"
