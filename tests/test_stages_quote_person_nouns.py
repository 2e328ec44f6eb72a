"""The quotes stage, version 39: a he or she after an unnamed "the woman" or "a man"
(``quote_people.is_person_noun``, ``PERSON_NOUNS``; the speaker resolver notes such a noun and
the gender its word shows; docs/quotes.md, Version 39). Every sentence is written for these
tests (invented people and places).
"""

from __future__ import annotations

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)


def _direct(article):
    return [q for q in article.layer("quotes") if q.label == "direct"]


def test_she_after_the_woman_who_spoke_is_the_woman(run):
    article = run(
        "Some cannery workers fear the new rules.\n\n"
        "\u201cI have paid taxes here for twenty years,\u201d said the woman, who asked not to be named.\n\n"
        "\u201cNobody ever told us about the forms,\u201d she said."
    )
    first, second = _direct(article)
    assert first.attrs["speaker"] == "woman"
    assert second.attrs["speaker"] == "woman"
    assert article.text[second.attrs["speaker_start"] : second.attrs["speaker_end"]] == "she"


def test_he_after_the_woman_is_not_the_woman(run):
    article = run(
        "Some cannery workers fear the new rules.\n\n"
        "\u201cI have paid taxes here for twenty years,\u201d said the woman.\n\n"
        "\u201cNobody ever told us about the forms,\u201d he said."
    )
    first, second = _direct(article)
    assert first.attrs["speaker"] == "woman"
    assert second.attrs["speaker"] != "woman"


def test_he_after_a_man_the_story_tells_of(run):
    article = run("A man was hurt when the crane fell on Dock Road.\n\n\u201cI heard a crack and then it came down,\u201d he said.")
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "man"


def test_the_gender_of_the_noun_picks_between_two_people(run):
    # a spokeswoman's gender is noted too: a "he" after her and a man is the man's
    article = run(
        "A man was hurt when the crane fell on Dock Road, a port spokeswoman said on Monday.\n\n"
        "\u201cI heard a crack and then it came down,\u201d he said."
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "man"


def test_a_surname_the_tagger_missed_makes_the_she_a_guess_not_the_woman(run):
    # entities version 33: "Thistlewood" opening a sentence is the singer (the tagger read it as an
    # adjective), so the "she" has two candidates and says so
    article = run(
        "Singer Lorna Thistlewood is back on tour this spring.\n\n"
        "\u201cThey think I am deeply embarrassing, which is correct,\u201d she says.\n\n"
        "As the cafe fills up, a woman at the next table finally asks for a photo. "
        "Thistlewood obliges, then sits back down and pulls the cake back towards her.\n\n"
        "\u201cRight then,\u201d she says. \u201cGuilt is cancelled.\u201d"
    )
    quotes = _direct(article)
    assert quotes[0].attrs["speaker"] == "Lorna Thistlewood"
    assert quotes[-1].attrs["speaker_uncertain"] is True


def test_the_name_a_woman_gave_is_her_name(run):
    # quote_names._named_apposition: "who gave her name only as X", "named X" (version 39)
    for opening in ("One woman, who gave her name only as Margaret,", "A woman named Margaret"):
        article = run(
            "Protesters locked themselves to the gate on Monday.\n\n"
            f"{opening} said she had walked her dogs there for 30 years. "
            "\u201cIt is the last bit of proper woodland round here,\u201d she said."
        )
        (q,) = _direct(article)
        assert q.attrs["speaker"] == "Margaret"


def test_a_name_the_woman_called_someone_is_not_hers(run):
    article = run(
        "Protesters locked themselves to the gate on Monday.\n\n"
        "A woman who called Pruett a liar said she had walked her dogs there. "
        "\u201cIt is the last bit of proper woodland round here,\u201d she said."
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] != "Pruett"


def test_a_name_after_called_is_no_speakers_name(run):
    # guards: "a play called X" names a work, "one lawmaker called X a ..." names someone else
    article = run(
        "Comedians staged a show in the capital on Friday.\n\n"
        "A popular play called \u201cSons of the Harbour\u201d opened in May. One lawmaker called Vance "
        "\u201cthe orange prince of the harbour.\u201d \u201cIt is a riot,\u201d said one critic."
    )
    speakers = [q.attrs.get("speaker") for q in article.layer("quotes")]
    assert "Vance" not in speakers and "Sons of the Harbour" not in speakers
