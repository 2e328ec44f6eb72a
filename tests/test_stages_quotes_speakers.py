"""The quotes stage on speakers that cannot speak or are written wrongly (quotes stage v13):
a proper name keeps its capitals when a leading "The" is dropped; a reporting verb that opens
a sentence is never part of the name after it; a verb the tagger read as a plural noun, a
place or medium after "on/in/at" before a colon, and figures (polls, estimates) given a
sentence in quote marks are not confident speakers.

Every article here is written for these tests (invented people, papers and places).
"""

from __future__ import annotations

from newsprobe.stages.quote_people import phrase_as_written

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)


def test_a_proper_name_keeps_its_capital_when_the_article_is_dropped(run):
    a = run('The governor lost the primary. The Granite Valley Courier said: "It was a collapse."')
    assert find(a, "It was a collapse").attrs["speaker"] == "Granite Valley Courier"


def test_a_role_phrase_opening_a_sentence_is_still_lower_cased(run):
    a = run('The ferry strike ended on Friday. The spokesman for the ferry workers said: "We got what we wanted."')
    assert find(a, "We got what we wanted").attrs["speaker"] == "spokesman for the ferry workers"


def test_phrase_as_written_lowers_only_a_capital_the_sentence_gave():
    text = "The Granite Valley Courier said so. Harbour pilots said so."
    assert phrase_as_written(text, 0, 26, sentence_initial=True) == "Granite Valley Courier"
    assert phrase_as_written(text, 36, 50, sentence_initial=True) == "harbour pilots"
