"""The quotes stage, version 30: "Brandt's pollster, Lena Ortiz, says ..." records Ortiz as the
speaker at the offset where the mention of Brandt starts; a later "she says" must find Ortiz
there, not Brandt. Version 29 kept whichever of the two names sorted first and gave the pollster's
next quotation to the candidate at 0.75. docs/quotes.md, Version 30.

Every article here is written for these tests (invented people, places and bodies).
"""

from __future__ import annotations

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)
from .test_stages_quotes_direct import find


def test_a_pronoun_after_a_possessive_speaker_phrase_is_the_speaker(run):
    a = run('The poll was released on Monday.\n\nAda Brandt\u2019s pollster, Lena Ortiz, says the mayor has the money to win. '
            '"Polls in this town are wrong every spring," she says.')
    q = find(a, "Polls in this town")
    assert q.attrs["speaker"] == "Lena Ortiz", q.attrs  # version 29: "Ada Brandt" at 0.75
    assert q.attrs["speaker_via"] == "pronoun"


def test_the_owner_of_the_possessive_still_speaks_for_herself(run):
    a = run('The poll was released on Monday.\n\nAda Brandt spoke to the press after the count.\n\n'
            '"We won the harbour wards," she said.')
    assert find(a, "We won the harbour").attrs["speaker"] == "Ada Brandt"
