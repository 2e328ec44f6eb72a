"""The quotes stage on speakers that are fragments of the text or written in the wrong case
(quotes stage v16): a role phrase keeps its head noun before "of"; a name keeps its capital
at the start of a sentence and takes it back when the page writes it in lower case; pieces of
words, interjections, contractions, negated nouns, riddles and "continue to ..." give no
speaker.

Every article here is written for these tests (invented people, places and sentences).
"""

from __future__ import annotations

from types import SimpleNamespace

from newsprobe.stages.entities import clean_name
from newsprobe.stages.quote_people import is_plausible_speaker_noun

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)


def test_a_role_phrase_keeps_its_head_before_of(run):
    a = run('The council met on Monday.\n\nThe mayor of Dalmere wrote:\n\n"We will rebuild the harbour wall before winter."')
    assert find(a, "We will rebuild the harbour wall").attrs["speaker"] == "mayor of Dalmere"
    b = run('The storm hit the coast. The president of the ferry union said: "The evidence is thin."')
    assert find(b, "The evidence is thin").attrs["speaker"] == "president of the ferry union"


def test_an_honorific_goes_only_before_a_capital():
    assert clean_name("The mayor of Dalmere") == "mayor of Dalmere"
    assert clean_name("Mayor Ada Lin") == "Ada Lin"
    assert clean_name("mayor Ada Lin") == "Ada Lin"
    assert clean_name("President of Veltria") == "President of Veltria"  # never "of Veltria"


def test_a_name_opening_a_sentence_keeps_its_capital(run):
    a = run("Peter Vance toured the mill on Friday.\n\nVance\u2019s first wife once insisted that he wrote letters every night.")
    assert find(a, "he wrote letters every night").attrs["speaker"] == "Vance\u2019s first wife"


def test_a_name_the_page_writes_in_lower_case_takes_the_persons_casing(run):
    a = run("James Orrell toured the mill on Friday.\n\norrell's younger brother insisted the mill could stay open.")
    assert find(a, "the mill could stay open").attrs["speaker"] == "Orrell's younger brother"
    b = run('James Orrell toured the mill on Friday. Later, orrell said: "The looms will run again."')
    q = find(b, "The looms will run again")
    assert q.attrs["speaker"] == "James Orrell" and q.attrs["speaker_uncertain"] is True  # written in lower case: a guess
    c = run('Thomas Dell spoke at the harbour on Friday. Hours later the dell said: "The rally was the biggest yet."')
    assert find(c, "The rally was the biggest yet").attrs["speaker"] != "Thomas Dell"  # "the dell": a common noun


def test_a_piece_of_a_hyphenated_word_is_no_speaker(run):
    # (Ola Brandt's quote makes this a text that reports speech: the model's readings stay)
    a = run("Build it from source. \"It is rarely needed,\" Ola Brandt said.\n\n--disable-ipv6-probe requires that you have a resolver.")
    assert find(a, "you have a resolver").attrs["speaker"] is None
    b = run("Pell Arden sold the boat in March.\n\nHis co-owner objected, and later argued that the sale broke their contract.")
    assert find(b, "the sale broke their contract").attrs["speaker"] == "his co-owner"  # the whole word, not "his co"


def test_contractions_and_negated_nouns_are_no_speakers(run):
    a = run("Tickets are gone. lemme know if you hear of any spares, Ivo.")
    assert all(q.attrs["speaker"] != "lemme" for q in a.layer("quotes"))
    b = run("The pilot study was small. Still, no proof showed that the tonic shortened recovery times.")
    assert find(b, "the tonic shortened recovery times").attrs["speaker"] is None


def test_an_interjection_before_a_dash_is_not_part_of_the_speaker(run):
    # v61: rewritten with a speech verb ("have asked this question" is no longer read as a report)
    a = run("Is the ferry running on Sunday?\n\nNo - several people have told us the boats run late on Sundays. The timetable is below, Lina Haug said.")
    assert find(a, "the boats run late").attrs["speaker"] == "several people"


def test_he_after_a_role_named_in_apposition_is_the_named_person(run):
    a = run("The ferry captain's daughter, Mira Solberg, runs the company now, and she decided pets will no longer be allowed on board.")
    assert find(a, "pets will no longer be allowed").attrs["speaker"] == "Mira Solberg"


def test_a_riddle_asking_what_a_thing_said_is_no_quote(run):
    a = run("Puzzles for long drives.\n\n7. Why did the lighthouse say no to the party?\n\nIt was too bright.")
    assert not any(q.label == "indirect" and q.attrs["speaker"] for q in a.layer("quotes"))
    b = run("The pier closed in May. The mayor said that the pier would reopen in June.")
    assert find(b, "the pier would reopen").attrs["speaker"] == "mayor"


def test_continue_with_a_verb_after_it_reports_nothing(run):
    a = run('Wren Haldane opened the dam on Tuesday. "The valley is safe for now," she said,'
            ' adding if river levels continue to climb overnight "the lower fields will flood."')
    assert all(q.attrs["speaker"] != "river levels" for q in a.layer("quotes"))
    assert find(a, "the lower fields will flood").attrs["speaker"] == "Wren Haldane"
    b = run('The pier reopened on Monday. "It is a good day for the town," the mayor said. "We waited for months," she continued.')
    assert find(b, "We waited for months").attrs["speaker"] == "mayor"


def test_continue_with_a_verb_after_it_gives_no_indirect_quote(run):
    a = run("As the ferries continue to sail through the storm, the harbour master warned that the pier was unsafe.")
    assert all(q.attrs["speaker"] != "ferries" for q in a.layer("quotes"))
    assert find(a, "the pier was unsafe").attrs["speaker"] == "harbour master"
    b = run("The island clinics continue to report that supplies are short.")
    assert find(b, "supplies are short").attrs["speaker"] == "island clinics"  # the verb after "continue" reports


def test_things_whose_plural_ends_like_people_are_no_group():
    def noun(word: str, lemma: str) -> SimpleNamespace:
        return SimpleNamespace(lemma_=lemma, lower_=word, tag_="NNS", pos_="NOUN")

    assert is_plausible_speaker_noun(noun("voters", "voter")) and is_plausible_speaker_noun(noun("growers", "grower"))
    assert not is_plausible_speaker_noun(noun("waters", "water")) and not is_plausible_speaker_noun(noun("rivers", "river"))
