"""Entities version 47 (with quotes version 67): a name after a lower-case role only a person
holds, a first name no list holds before a surname the tagger knows as a person, a surname the
tagger read as a common noun. docs/entities.md, Version 47. Every sentence is written for these
tests (invented people and places).
"""

from __future__ import annotations

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def _labels(article: Article, words: str) -> list[str]:
    return [e.label for e in article.layer("entities") if article.span_text(e) == words]


def _quote(article: Article, words: str):
    return next(q for q in article.layer("quotes") if words in article.span_text(q))


def test_a_name_after_a_lower_case_role_is_a_person(run):
    # v46: the tagger's ORG, so the speaker's kind was "org"
    a = run("Celebrity\n\nFilm star Kiera Vance said she is not retiring.")
    assert _labels(a, "Kiera Vance") == ["PERSON"]
    assert _quote(a, "she is not retiring").attrs.get("speaker_kind") == "person"


def test_a_firm_after_a_role_a_firm_may_hold_stays_an_organisation(run):
    # guard: "operator" and "owner" are no person's roles alone
    a = run("Ferry\n\nFerry operator Atlas Marine said the crossing would close. Its owner Harbour Lines agreed.")
    assert _labels(a, "Atlas Marine") == ["ORG"]
    assert _labels(a, "Harbour Lines") == ["ORG"]


def test_an_unlisted_first_name_before_a_known_surname_is_a_full_name(run):
    # v46: only "Firth" was a person, so her quote's speaker was the bare surname
    a = run(
        "Obituary\n\nOttilie Firth, who has died aged 97, was the village's last surviving wartime land girl.\n\n"
        'Firth once told this newspaper: "The war taught us that you get on with it."'
    )
    assert _labels(a, "Ottilie Firth") == ["PERSON"]
    assert _quote(a, "The war taught us").attrs.get("speaker") == "Ottilie Firth"



def test_a_one_word_name_where_only_a_business_fits_is_an_organisation(run):
    # v46: the tagger's PERSON for both, so each firm's words were a person's
    a = run(
        "Price war\n\nGrocer Harlowe cut the price of milk on Monday. Its rival Brightmart followed within hours.\n\n"
        "Cabin crew at Skyward will strike next week. Skyward said it was disappointed. Brightmart said it would match any cut."
    )
    assert set(_labels(a, "Brightmart")) == {"ORG"}
    assert set(_labels(a, "Skyward")) == {"ORG"}
    assert _quote(a, "it would match any cut").attrs.get("speaker_kind") == "org"


def test_a_person_with_a_first_name_is_no_business(run):
    # guard: a common first name keeps a one-word name a person's ("Its rival" aside)
    a = run("Derby\n\nThe striker Okafor scored twice. Its rival, Marcus, said the goal was offside.")
    assert "ORG" not in _labels(a, "Marcus")


def test_a_role_opening_a_sentence_is_no_part_of_the_name(run):
    # v46: the speaker was "Organiser Bill Crane", and every later "Crane" that full name
    a = run("Festival\n\nThe band will close the weekend. Organiser Bill Crane said tickets had sold out. Crane smiled.")
    assert _quote(a, "tickets had sold out").attrs.get("speaker") == "Bill Crane"
    assert _labels(a, "Bill Crane") == ["PERSON"]

