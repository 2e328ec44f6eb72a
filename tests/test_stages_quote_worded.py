"""The quotes stage, version 39: '"...," the editorial read.' where the tagger read "read" as a
noun (``quote_worded.thing_read_after``; docs/quotes.md, Version 39). Every sentence is written
for these tests (invented people, places and papers).
"""

from __future__ import annotations

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)


def _quotes(article):
    return [q for q in article.layer("quotes") if q.label != "indirect"]


def test_an_editorial_that_read_is_the_editorials_words(run):
    article = run(
        "The Ledger took a side this week. "
        "\u201cThe council has failed this town and should step aside before the vote,\u201d the editorial read."
    )
    (q,) = _quotes(article)
    assert q.label == "direct"
    assert q.attrs["speaker"] == "editorial"
    assert q.attrs["cue"] == "read"
    assert q.attrs["speaker_uncertain"] is False


def test_a_short_line_a_note_read_is_no_scare_quote(run):
    article = run("Residents gathered outside city hall on Monday. \u201cResign now,\u201d the note read.")
    (q,) = _quotes(article)
    assert q.label == "direct"
    assert q.attrs["speaker"] == "note"


def test_the_present_tense_and_words_before_the_thing(run):
    article = run("Our reporter found a scrap of paper. \u201cMeet me at the pier,\u201d the handwritten note reads.")
    (q,) = _quotes(article)
    assert q.label == "direct"
    assert q.attrs["cue"] == "reads"
    assert q.attrs["speaker"] == "handwritten note"


def test_a_banner_shows_words_nobody_is_named_saying(run):
    article = run("Hundreds marched down Harbour Street on Saturday. \u201cNo more closures,\u201d one banner read.")
    (q,) = _quotes(article)
    assert q.label == "direct"
    assert q.attrs["speaker"] is None
    assert q.attrs["speaker_via"] == "inscription"


def test_a_book_read_by_many_is_a_title_not_a_cue(run):
    # the sentence goes on after "read": not the thing's words
    article = run("Teachers met on Friday. She loved \u201cThe Quiet Year,\u201d the book read by every student.")
    (q,) = _quotes(article)
    assert q.label == "title"
    assert q.attrs.get("speaker") is None
