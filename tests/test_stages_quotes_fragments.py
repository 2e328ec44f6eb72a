"""The quotes stage on speakers that are fragments of the text or written in the wrong case
(quotes stage v16): a role phrase keeps its head noun before "of"; a name keeps its capital
at the start of a sentence and takes it back when the page writes it in lower case; pieces of
words, interjections, contractions, negated nouns, riddles and "continue to ..." give no
speaker.

Every article here is written for these tests (invented people, places and sentences).
"""

from __future__ import annotations

from newsprobe.stages.entities import clean_name

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)


def test_a_role_phrase_keeps_its_head_before_of(run):
    a = run('The council met on Monday.\n\nThe mayor of Dalmere wrote:\n\n"We will rebuild the harbour wall before winter."')
    assert find(a, "We will rebuild the harbour wall").attrs["speaker"] == "mayor of Dalmere"
    b = run('The storm hit the coast. The president of the ferry union said: "The evidence is thin."')
    assert find(b, "The evidence is thin").attrs["speaker"] == "president of the ferry union"


def test_an_honorific_goes_only_before_a_capital_with_strict_case():
    assert clean_name("The mayor of Dalmere", strict_case=True) == "mayor of Dalmere"
    assert clean_name("Mayor Ada Lin", strict_case=True) == "Ada Lin"
    assert clean_name("mayor Ada Lin", strict_case=True) == "Ada Lin"
    assert clean_name("The mayor of Dalmere") == "of Dalmere"  # the entities stage's names: unchanged
