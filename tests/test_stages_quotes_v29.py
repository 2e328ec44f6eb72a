"""The quotes stage, version 29: words written on a thing (a sign, a shirt, a campaign hat, a
water bottle) are not the thing's; ``speaker_via`` is "inscription". The person the sentence
says holds, wears or carries it shows them; with no such person there is no speaker and the
speaker span points at the thing. Version 28 gave 'wore a shirt that read "..."' to
"shirt" at 0.92, a thing shown as a speaker. A memo or a statement still speaks. docs/quotes.md,
Version 29.

Every article here is written for these tests (invented people, places and bodies).
"""

from __future__ import annotations

from newsprobe.render.text import summarize

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)
from .test_stages_quotes_direct import find

RALLY = (
    "Harbour rally draws hundreds\n\n"
    'Outside the hall, one marcher wore a shirt that read "Ferries for everyone, not just tourists." '
    'Another held a sign saying "No more fare rises." A third wore a cap that said "Keep Dalmere Afloat".\n\n'
    '"We will listen to every crew," Mayor Ana Ruiz said.\n'
)


def test_words_on_a_shirt_or_a_sign_have_no_speaker(run):
    a = run(RALLY)
    for fragment, thing in (("Ferries for everyone", "shirt"), ("No more fare rises", "sign")):
        q = find(a, fragment)
        assert q.attrs["speaker"] is None, (fragment, q.attrs)  # was "shirt" at 0.92 in version 28
        assert q.attrs["speaker_via"] == "inscription"
        assert q.attrs["speaker_uncertain"] is False  # no one is named: that is no guess
        assert thing in a.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]]
    assert find(a, "We will listen to every crew").attrs["speaker"] == "Ana Ruiz"


def test_the_text_summary_says_where_the_words_are_written(run):
    a = run(RALLY)
    out = summarize(a)
    assert "(written on shirt, no speaker)" in out or "(written on a shirt, no speaker)" in out, out
    assert "shirt?" not in out and "Ana Ruiz" in out


def test_a_memo_that_reads_still_speaks(run):
    a = run(
        "Ferry office sets new rules\n\n"
        "Crews received a memo from the harbour board on Friday.\n\n"
        'The board sent a memo that read: "Night crossings end on the first of May."\n'
    )
    q = find(a, "Night crossings end")
    assert q.attrs["speaker"] and q.attrs["speaker_via"] != "inscription"


def test_the_person_who_holds_the_sign_shows_its_words(run):
    a = run(
        "Harbour rally draws hundreds\n\n"
        'Ana Ruiz held up a sign saying "No more fare rises." Police removed a banner that said "Sack the whole board." '
        'Tomas Brandt wore a shirt that read "Ferries for everyone, not just tourists."\n'
    )
    for fragment, who in (("No more fare rises", "Ana Ruiz"), ("Ferries for everyone", "Tomas Brandt"), ("Sack the whole board", None)):
        q = find(a, fragment)
        assert q.attrs["speaker"] == who, (fragment, q.attrs)  # not the police who took the banner down
        assert q.attrs["speaker_via"] == "inscription" and q.attrs["speaker_uncertain"] is False


NEEDS = (
    "What each candidate needs in the Dalmere primary\n\n"
    "The race moves to bigger towns after Tuesday, and the field will shrink fast.\n\n"
    "Kent: Win it big.\n\n"
    "Mayor Laura Kent has led every poll in Dalmere this year, usually by ten points or more.\n\n"
    "Brandt: Just hold on.\n\n"
    "Tomas Brandt needs a second place to keep his donors, his aides concede.\n"
)


def test_section_headings_with_a_name_and_a_colon_are_no_transcript(run):
    # "Brandt: Just hold on." heads the paragraph about Brandt; version 28 made it his words at 0.99
    a = run(NEEDS)
    said = [a.span_text(q) for q in a.layer("quotes")]
    assert not [t for t in said if "hold on" in t or "Win it big" in t], said


def test_one_short_turn_before_a_paragraph_about_its_speaker_stays(run):
    # one such line alone is no list of sections: the rule needs two or more
    a = run(
        "Ferry office sets new rules\n\n"
        "The harbour board met on Monday to settle the winter timetable.\n\n"
        "Brandt: We will keep the night crossings.\n\n"
        "Tomas Brandt, who chairs the board, said the crews had asked for it.\n"
    )
    assert find(a, "We will keep the night crossings").attrs["speaker"] == "Tomas Brandt"


def test_a_short_transcript_turn_before_the_next_turn_stays(run):
    a = run(
        "Ferry talks: the transcript\n\n"
        "The harbour board chair, Tomas Brandt, spoke to the Courier's Ana Ruiz on Monday.\n\n"
        "RUIZ: Will the night crossings end in May?\n\n"
        "BRANDT: Not this year.\n\n"
        "RUIZ: And next year?\n\n"
        "BRANDT: We will ask the crews first, and then we will decide with the council.\n"
    )
    q = find(a, "Not this year")
    assert q.attrs["speaker"] == "Tomas Brandt"


def test_he_is_the_subject_the_tagger_read_as_a_place(run):
    # "Brandt, who boasts ..." was tagged a place, so the "he" went to the role named a paragraph
    # before ("the Harbour senator", 0.75); entities 19-22 make the surname of a person named in
    # full a person, and the quotes stage counts the name's usual kind for its subjects
    a = run(
        "Dalmere primary: what each needs\n\n"
        "Laura Kent and Tomas Brandt both want the seat, and the race is close.\n\n"
        "Kent has the most money, but the Harbour senator is poised to campaign on no matter what happens here, her aides say.\n\n"
        "Brandt, who boasts that he has knocked on every door in Dalmere twice, admits that his bid ends "
        'if Tuesday goes badly. "If the voters say no, we pack up the posters and go home to our boats," '
        "he told reporters at a diner on Monday.\n"
    )
    assert find(a, "we pack up the posters").attrs["speaker"] == "Tomas Brandt"
