"""The quotes stage, version 63 (with entities version 42): a name the tagger read as a modal
verb ("Will", "May" helping a verb in a form no modal takes). docs/quotes.md, Version 63.
Every sentence is written for these tests (invented people and places).
"""

from __future__ import annotations

import pytest

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def _quotes(article: Article) -> list[tuple[str, str | None]]:
    return [(article.span_text(q), q.attrs.get("speaker")) for q in article.layer("quotes")]


def _people(article: Article) -> list[tuple[str, str]]:
    return [(article.span_text(e), str(e.attrs.get("canonical"))) for e in article.layer("entities") if e.label == "PERSON"]


COLUMN = (
    "Columnist Ferris Will turned on the harbour plan this week.\n\n"
    '"The plan is a wager that the tides will behave for thirty years," Will wrote in his column. '
    "Will also said the council had ignored its own engineers."
)


def test_a_columnist_called_will_speaks_his_words(run):
    # v62: the parse read "Will" as the modal of "wrote": no speaker for either report
    a = run(COLUMN)
    quotes = _quotes(a)
    assert ("The plan is a wager that the tides will behave for thirty years", "Ferris Will") in quotes
    assert ("the council had ignored its own engineers", "Ferris Will") in quotes


def test_the_name_read_as_a_modal_is_a_mention_of_the_person(run):
    # entities v41: "Will" alone was no entity, so the name resolution never reached it
    a = run(COLUMN)
    assert [p for p in _people(a) if p[0] == "Will"] == [("Will", "Ferris Will"), ("Will", "Ferris Will")]


def test_a_name_the_tagger_cut_before_will_gets_its_surname_back(run):
    # entities v41: "Rex" alone, the surname read as a modal of "attacked"
    a = run("Columnist Rex Will attacked the harbour plan in a long essay.")
    assert ("Rex Will", "Rex Will") in _people(a)
    assert [speaker for _, speaker in _quotes(a)] == ["Rex Will"]


def test_a_first_name_will_stays_no_ones(run):
    # guard: with a Will as someone's first name too, '"...," Will wrote' is not given a surname's owner
    a = run(
        "Columnist Ferris Will and the singer Will Orrego met the mayor on Friday.\n\n"
        '"A lovely evening," Will wrote afterwards.'
    )
    assert ("A lovely evening", "Ferris Will") not in _quotes(a)


def test_the_modal_will_stays_a_modal(run):
    # guard: a modal helping a verb's base form, and a question, are left alone
    a = run(
        "Councillor Ines Will met the residents.\n\n"
        "The residents will decide in May. Will the council listen? Prices will rise, the treasurer said."
    )
    assert [p for p in _people(a) if p[0] == "Will"] == []
    assert ("Prices will rise", "treasurer") in _quotes(a)


def test_the_duchess_and_her_she_are_the_woman_the_title_was_written_after(run):
    # v62: "the duchess" stayed a role for every later "she" (a one-word name was never a title's holder)
    a = run(
        "Prince Edmund and Clara, Duchess of Wexmoor's conversation with the presenter Joan Avery ran for two hours.\n\n"
        "The duchess has hinted before that the move was hard on her.\n\n"
        "She revealed that life at the palace had been lonely and that she had asked for help."
    )
    assert ("life at the palace had been lonely and that she had asked for help", "Clara") in _quotes(a)


def test_the_other_sides_leader_is_not_the_leader_named_before(run):
    # v62: "the Democratic leader said" went to the Republican leader named before, confidently (0.75)
    a = run(
        "Senate Republican leader Tom Halvorsen opened the debate on Tuesday.\n\n"
        '"We will pass this bill," Halvorsen said.\n\n'
        '"It has no votes," the Democratic leader said. "We will see," the Republican leader said.'
    )
    quotes = {a.span_text(q): q.attrs for q in a.layer("quotes")}
    other = quotes["It has no votes"]
    assert other.get("speaker") != "Tom Halvorsen" and other.get("speaker_uncertain")
    assert quotes["We will see"].get("speaker") == "Tom Halvorsen"  # guard: his own side's title still finds him


def test_a_name_the_tagger_read_as_a_plural_noun_keeps_its_capital(run):
    # v62: "fennings" (lower-cased as a common noun opening a sentence) was the speaker
    a = run("The caucus met on Monday. Fennings believes that the council ignored the flood warnings for years.")
    quote = next(q for q in a.layer("quotes") if a.span_text(q) == "the council ignored the flood warnings for years")
    assert quote.attrs.get("speaker") == "Fennings" and quote.attrs.get("speaker_uncertain")


def test_a_plural_noun_for_people_stays_in_lower_case(run):
    # guard: "Analysts" opening a sentence is a group written with a sentence's capital
    a = run("The caucus met on Monday. Analysts believes the council ignored the flood warnings for years.")
    assert [speaker for _, speaker in _quotes(a)] == ["analysts"]


def test_the_former_minister_is_not_the_minister_named_before(run):
    # v62: "the former minister said" went to the serving minister, confidently (0.75)
    a = run(
        "Health Minister Lena Kovac cut the ribbon on Monday, watched by former Mayor Daniel Price.\n\n"
        '"Good work," the former mayor said. "We are proud of it," the minister said. "It is too small," the former minister said.'
    )
    quotes = {a.span_text(q): q.attrs for q in a.layer("quotes")}
    assert quotes["It is too small"].get("speaker") != "Lena Kovac" and quotes["It is too small"].get("speaker_uncertain")
    assert quotes["Good work"].get("speaker") == "Daniel Price"  # guard: introduced as former, found as former
    assert quotes["We are proud of it"].get("speaker") == "Lena Kovac"


def test_the_president_after_two_presidents_met_is_a_doubt(run):
    # v62: the president named last, confidently (0.75)
    a = run(
        "President Maria Alvarez of Costa Verde met President John Hale of Norland in Geneva on Tuesday.\n\n"
        '"We agreed on a timetable," the president said.'
    )
    quote = next(q for q in a.layer("quotes") if a.span_text(q) == "We agreed on a timetable")
    assert quote.attrs.get("speaker") not in ("John Hale", "Maria Alvarez") and quote.attrs.get("speaker_uncertain")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # v62: "the president" went to the former president named last (0.75), "the former president" to no one
        (
            "President Daniel Price opened the summit on Tuesday, joined by former President Maria Alvarez.\n\n"
            '"We agreed on a timetable," the president said. "It took years," the former president said.',
            [("We agreed on a timetable", "Daniel Price"), ("It took years", "Maria Alvarez")],
        ),
        # v62: "the president" went to the vice president, named after the president
        (
            "President Daniel Price opened the museum on Saturday with Vice President Maria Alvarez.\n\n"
            '"A place of memory," the president said. "Long overdue," the vice president said.',
            [("A place of memory", "Daniel Price"), ("Long overdue", "Maria Alvarez")],
        ),
    ],
    ids=["former", "vice"],
)
def test_the_president_is_not_a_former_or_vice_president(run, text, expected):
    quotes = _quotes(run(text))
    assert all(pair in quotes for pair in expected)


def test_a_role_owned_by_a_named_person_keeps_the_names_capital(run):
    # v62: "hart's mother" (the sentence's capital taken off the name) for the "she" after it
    a = run(
        "Prosecutors say Daniel Hart, 34, stole the funds.\n\n"
        'Hart\'s mother watched from the gallery. "I know my son," she said. The guard\'s wife waved. "Hello," she said.'
    )
    assert ("I know my son", "Hart's mother") in _quotes(a)
    assert ("Hello", "guard's wife") in _quotes(a)  # guard: a common noun opening the sentence is lower-cased


def test_a_he_after_a_role_no_list_knows_is_a_guess(run):
    # v62: "he" skipped "the council's surveyor" (no word list holds "surveyor") for the resident, confidently.
    # (The text had "engineer", a role word since quotes v66: the "he" is then the engineer's without doubt.)
    a = run(
        "Residents of Ashby say the new bridge is too narrow.\n\n"
        '"My car barely fits," said one resident, a retired teacher.\n\n'
        'The council\'s surveyor said the design met every rule. "We checked it twice," he said.'
    )
    quote = next(q for q in a.layer("quotes") if a.span_text(q) == "We checked it twice")
    assert quote.attrs.get("speaker_uncertain") is True
    assert "council's surveyor" in (quote.attrs.get("speaker_candidates") or ())


def test_whom_an_apology_was_for_is_no_report(run):
    # v62: the stance rule read "apologised [to passengers]" as what was said (0.94)
    a = run("Northwind Airlines cancelled 40 flights on Friday. Its chief executive, Laura Sims, apologised to passengers.")
    assert all(not a.span_text(q).startswith("to passengers") for q in a.layer("quotes"))


def test_a_name_the_tagger_read_as_an_organisation_with_its_title_is_a_person(run):
    # entities v41 / quotes v62: the tagger's ORG "Nurse Karen Holt" left "she" and "the nurse" with no one
    a = run(
        "Nurse Karen Holt has worked at the clinic for 20 years.\n\n"
        '"When Dr. Samuel Obi arrived, everything changed," she said.\n\n'
        '"We were a team," the nurse said.'
    )
    assert ("Karen Holt", "Karen Holt") in _people(a)
    assert ("When Dr. Samuel Obi arrived, everything changed", "Karen Holt") in _quotes(a)
    assert ("We were a team", "Karen Holt") in _quotes(a)


def test_what_an_apology_is_for_stays_a_report(run):
    # guard: the model still re-reads the rule's "to" phrase as what the apology was for
    a = run("Tim Dale apologized to Rita Vance for accusing her of lying.")
    assert [a.span_text(q) for q in a.layer("quotes")] == ["accusing her of lying"]
