"""The quotes stage, version 23: texts and signs that speak ("it reads", "a sign that read"),
and reporting verbs the tagger misread ("tweeted" as an adjective, a name parsed into the
next clause). Written from the classes of quotes found without a speaker on PolNeAR
train[400:840] (docs/quotes.md, Version 23).

Every article here is written for these tests (invented people, places and papers).
"""

from __future__ import annotations

import pytest

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)
from .test_stages_quotes_direct import find


# --- "it" after a text ----------------------------------------------------------------------


def test_it_after_a_memo_is_the_memo(run):
    a = run(
        "A memo from the planning office reached the council on Tuesday.\n\n"
        '"Nine of the twelve bridges need new bearings," it stated. "Two need them this year."'
    )
    q = find(a, "Nine of the twelve bridges")
    assert q.attrs["speaker"] == "memo"
    assert a.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "it"


def test_it_after_a_newspaper_that_spoke_goes_on_with_the_newspaper(run):
    a = run(
        "The Valley Courier was blunt on Sunday.\n\n"
        '"The council failed the river towns," the newspaper wrote.\n\n'
        '"But the storm should be a call to action," it continued.'
    )
    assert find(a, "call to action").attrs["speaker"] == "newspaper"


def test_it_is_no_text_when_something_else_is_the_subject_in_between(run):
    # a name the tagger may call a person, between the report and "it": which one speaks?
    a = run(
        "A report by the river trust estimated that 40 wells had run dry.\n\n"
        "Westbrook Water, the county's supplier, answered on its website that the wells would be deepened. "
        '"We have started with the oldest ones," it said.'
    )
    q = find(a, "started with the oldest")
    assert q.attrs.get("speaker") != "report"


def test_it_as_the_subject_of_a_verb_that_reports_nothing_is_no_text(run):
    a = run(
        "The mayor's statement surprised the harbour towns.\n\n"
        "Yet it was planned - Orla Brandt, who speaks for the mayor, told the Courier that the council had known for weeks."
    )
    for q in a.layer("quotes"):
        assert q.attrs.get("speaker") != "mayor's statement"


# --- a relative "that" on a text or a sign ----------------------------------------------------


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        ('By noon the stall was gone, replaced by a note that read, "Back after the parade."', "Back after", "note"),
        # since version 29 a banner, a sign or a shirt is no speaker: the words are written on it
        ('Volunteers handed out stickers and carried a banner that said, "Keep the river cold."', "Keep the river", None),
    ],
)
def test_a_note_that_read_is_the_speaker_a_banner_is_none(run, text, fragment, speaker):
    q = find(run(text), fragment)
    assert q.attrs["speaker"] == speaker
    assert q.attrs["speaker_uncertain"] is False
    assert (q.attrs["speaker_via"] == "inscription") is (speaker is None)


def test_a_letter_from_someone_else_is_not_the_words_of_who_released_it(run):
    a = run("Dorian Vale published a note from his accountant on Monday that says the flats were paid for in full.")
    for q in a.layer("quotes"):
        assert q.attrs.get("speaker") != "Dorian Vale" or "paid for in full" not in a.span_text(q)


# --- reporting verbs the tagger misread, and documents put out -----------------------------


@pytest.mark.parametrize(
    "text, fragment, speaker, cue",
    [
        # "hat reading" read as a noun (still the cue; since version 29 a hat's words have no speaker)
        ('Two council members wore a campaign hat reading, "Make the Harbour Great Again" on Wednesday night.',
         "Make the Harbour", None, "reading"),
        # "tweeted" read as an adjective
        ('The planning office answered within minutes.\n\n"Permits are the easy part," tweeted planning spokesman Theo Vance.',
         "Permits are the easy part", "Theo Vance", "tweeted"),
        ('Immediately after the storm, Dana Pike issued a statement, "Last night our town was hit hard. My thoughts are with the families."',
         "Last night our town", "Dana Pike", "issued"),
    ],
    ids=["hat-reading", "tweeted-spokesman", "issued-a-statement"],
)
def test_a_misread_or_issuing_verb_before_or_after_the_quote_is_its_cue(run, text, fragment, speaker, cue):
    q = find(run(text), fragment)
    assert q.attrs["speaker"] == speaker
    assert q.attrs["cue"] == cue


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        ('Hoping to sell the flats, Dorian Vale put out a glossy video that said, "Every family deserves a view of the water."',
         "Every family", "Dorian Vale"),  # a video someone released: their words
        ('"That is simply not true, so drop it," said retired dentist Ben Tolland, asked about his boast that he had met the queen.',
         "simply not true", "Ben Tolland"),  # the parser hung the name on "asked"
        ('"Nah," wrote a local landlord.', "Nah", "local landlord"),  # the parser took "Nah" for the subject
        ('The argument grew so loud over who owned which boat that Harbor Gov. Chris Tolland said, "Somebody bring us sandwiches."',
         "bring us sandwiches", "Chris Tolland"),  # "that" read as the object of "said"
    ],
    ids=["video-released", "titles-after-said", "description-after-wrote", "so-loud-that"],
)
def test_the_speaker_the_parse_hides_is_found(run, text, fragment, speaker):
    assert find(run(text), fragment).attrs["speaker"] == speaker


def test_lower_case_after_a_cry_goes_on_and_carries_no_speaker_from_before(run):
    a = run(
        'Harbor Gov. Chris Tolland said, "Somebody bring us sandwiches."\n\n'
        '"Will the mayor ever publish the ferry accounts? We are still waiting!" '
        "the leading council candidate, Dana Pike, tweeted Sunday after the vote."
    )
    assert find(a, "ferry accounts").attrs.get("speaker") != "Chris Tolland"


def test_a_paragraph_quote_after_an_issued_statement_is_the_issuers(run):
    a = run(
        "The harbor league issued a statement on Friday apologizing to the ferry crews for the leaked emails.\n\n"
        '"The league regrets the hurt these messages caused and will review how its staff write to one another."\n\n'
        "Dana Pike, who leads the crews, was not impressed.\n\n"
        '"This is too little, and far too late."'
    )
    q = find(a, "The league regrets")
    assert q.attrs["speaker"] == "harbor league"
    assert q.attrs["cue"] == "issued"
    assert find(a, "too little").attrs.get("speaker") is None  # no statement before it: nobody is guessed


def test_he_after_a_caption_and_a_photo_credit_is_the_last_he_as_a_guess(run):
    a = run(
        "Dr Omar Haddad, who runs a network security firm, said the outage looked like an overload.\n\n"
        '"The card machines stopped first, then the tills. That points to traffic, not theft," he said.\n\n'
        "Customers queue at the bakery counter on Harbour Road as the tills stay dark.\n\n"
        "LENA MARSH\n\n"
        "Even so, he said, shops should keep paper receipts ready.\n\n"
        '"Every shop on this island will see one of these sooner or later," he warned.'
    )
    q = find(a, "sooner or later")
    assert q.attrs["speaker"] == "Omar Haddad"
    assert q.attrs["speaker_uncertain"] is True  # four paragraphs and a name between: a best guess


# --- the reporter's apposition after a reported object ------------------------------------


@pytest.mark.parametrize(
    "text, content",
    [
        ("The governor praised the new bridge plan, a project the state has delayed for a decade.", "the new bridge plan"),
        ("Dana Pike criticized the ferry contract, a deal the harbor board signed in May.", "the ferry contract"),
    ],
)
def test_an_apposition_after_the_reported_object_is_the_reporters_aside(run, text, content):
    a = run(text)
    spans = [a.span_text(q) for q in a.layer("quotes") if q.label == "indirect"]
    assert content in spans, spans


def test_an_apposition_inside_a_sentence_reported_by_according_to_is_what_was_reported(run):
    a = run(
        "The next morning the bakery's new owner turned out to be Lynda Marsh, a former ferry captain who "
        "once sued the harbour board, according to two people at the sale."
    )
    q = find(a, "new owner")
    assert "once sued the harbour board" in a.span_text(q)


# --- a stray straight mark opening a paragraph ------------------------------------------------


def test_a_stray_straight_mark_does_not_run_into_the_next_paragraphs_curly_quote(run):
    a = run(
        'On the form, a clerk had typed \u201cno fixed address.\u201d\n\n'
        '"Marla thought the whole thing was absurd. She had lived on Kestrel Road for years.\n\n'
        '\u201cI never once slept in the car,\u201d she said.'
    )
    assert not any("Kestrel Road" in a.span_text(q) for q in a.layer("quotes") if q.label == "direct")
    assert find(a, "slept in the car").attrs["speaker"] == "Marla"
