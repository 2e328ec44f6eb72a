"""Officials and their offices (quotes stage v19, entities v5): a verb that opens a finished
quote is its own even when "She added" follows; a verb inside another verb's that-clause after
a quote is not the quote's; an office the tagger joins to its holder's name ("the Ministry of
Trade Olivia Barrow") is split; a title written after the name with a capital ("Lena Kovac,
Minister of Finance,"; "Margaret, Duchess of Wexmoor") says who "the minister" or "the duchess"
is; "the court" or "the hospital" is the one court or hospital the story named. Also: a
plural role ("customers") is no antecedent of "he"; a reporting verb joined to the clause
another reporting verb reports ("said the board would act but also warned that") is
the first speaker's, unless the clause's own subject did both ("said Ines Moro approached her
and said ..."); a reported clause ends before "but also"; a document speaker keeps the name
of who made or published it ("a report by Amnesty International", "a paper published in the
Journal of X"); a title joined to a name before a possessive ("Clara, Duchess of Avonmere's
talk") is that person's. Each case is a wrong or missing speaker seen on a real page, rewritten with invented
people and places.
"""

from __future__ import annotations

import pytest

from newsprobe.article import Article

from .test_stages_quote_credits import speakers as _speakers
from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def speakers(article: Article, words: str) -> list[tuple[str | None, bool]]:
    """(speaker, uncertain) of the quotes of any label whose text holds ``words``."""
    return _speakers(article, words, labels=None)


SENATE = "Senate debate on cement.\n\nSenator Ruth Ollivierre moved a motion on the cement shortage. The motion was defeated on a tie.\n\n"

#: (text, words of the quote, the speaker's name ends with this, confidently)
FOUND = {
    "the verb before a finished quote, not 'She added' after it": (
        SENATE + "Ahead of the division, Minister of Trade Olivia Barrow said, \"The matter is plain. Today on the islands, "
        "demand for cement outstrips supply.\" She added this is \"a problem that will settle over time.\"",
        "The matter is plain", "Olivia Barrow",
    ),
    "an office joined to its holder's name": (
        SENATE + "Ahead of the division, Minister in the Ministry of Trade Olivia Barrow said, \"The matter is plain. "
        "Today on the islands, demand for cement outstrips supply.\"",
        "The matter is plain", "Olivia Barrow",
    ),
    "a capitalised title after the name": (
        "Budget day.\n\nLena Kovac, Minister of Finance, opened the session on Tuesday. Tomas Hrib of the "
        "opposition objected to the timetable.\n\nLater the minister said, \"The budget is sound and the reserves are full.\"",
        "The budget is sound", "Lena Kovac",
    ),
    "a title after the second of two names": (
        "The interview.\n\nPrince Alaric and Margaret, Duchess of Wexmoor, gave a long interview on Sunday. "
        "Alaric talked about his father and the estate.\n\nThe duchess said, \"I felt alone in that house for months.\"",
        "I felt alone", "Margaret",
    ),
    "a title before a possessive": (
        "The interview.\n\nClara, Duchess of Avonmere's discussion with the host was more revealing than expected. "
        "The host, Dana Pruitt, asked about the estate and the staff.\n\n"
        "The duchess said that she had felt alone in that house for months.",
        "felt alone in that house", "Clara",
    ),
    "the court the story named": (
        "Appeal lost.\n\nThe 4th District Court of Appeal ruled against the retailer on Monday.\n\n"
        "\"The company placed itself in the chain of distribution,\" explained the court in its ruling.",
        "placed itself in the chain", "Court of Appeal",
    ),
    "the hospital the story named": (
        "Visits stopped.\n\nCork University Hospital will stop visits from tomorrow. The hospital said, "
        "\"Visits at the end of life will still be arranged with the ward.\"",
        "Visits at the end of life", "Cork University Hospital",
    ),
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_an_official_quoted_by_name_or_office(run, case):
    text, words, name = FOUND[case]
    found = speakers(run(text), words)
    assert len(found) == 1 and (found[0][0] or "").endswith(name) and not found[0][1], found


def test_a_verb_in_another_verbs_that_clause_after_a_quote_does_not_speak_it(run):
    a = run(
        "Trade Minister Olivia Barrow spoke ahead of the division.\n\n\"Our aim is to cool demand in the "
        "idle corners of the island economy.\" Barrow assured senators that her ministry had added a levy on "
        "imported tiles to cut demand."
    )
    found = speakers(a, "cool demand")
    assert found and all(unsure or s is None or "ministry" not in s.lower() for s, unsure in found), found


def test_a_title_before_a_joined_name_stays_with_the_first_name_only(run):
    a = run(
        "The interview.\n\nPrince Alaric and Margaret, Duchess of Wexmoor, gave a long interview on Sunday.\n\n"
        "The prince said, \"My father never wrote to me.\""
    )
    found = speakers(a, "My father never wrote")
    assert len(found) == 1 and "Margaret" not in (found[0][0] or ""), found


def test_the_company_is_never_a_court_the_story_named(run):
    a = run(
        "Appeal lost.\n\nThe 4th District Court of Appeal ruled against the retailer on Monday. "
        "The retailer said, \"We only hosted the listing and never saw the heater.\""
    )
    found = speakers(a, "We only hosted the listing")
    assert found and all("Court" not in (s or "") for s, _ in found), found


BREACH = (
    "Data breach at grocer.\n\nSecurity consultant Marcus Teller spoke on Monday.\n\n"
    "The chain's tills went dark on Sunday while customers were still queuing at the doors.\n\n"
    "However, he noted that such intrusions were becoming common across the islands.\n\n"
    "He said the harbour board would need to draft tougher rules on data theft but also warned that "
    "shops would have to guard their systems better.\n\n"
    "\"Sooner or later the board will have to write rules about what shops keep on their customers.\""
)


def test_a_plural_role_is_no_antecedent_of_he(run):
    a = run(BREACH)
    found = speakers(a, "such intrusions were becoming common")
    assert found and all(s is None or "customers" not in s for s, _ in found), found


def test_a_reporting_verb_joined_inside_a_reported_clause_is_the_reporters(run):
    a = run(BREACH)
    assert [s for s, _ in speakers(a, "shops would have to guard")] == ["Marcus Teller"]
    said = [q for q in a.layer("quotes") if "tougher rules on data theft" in a.span_text(q)]
    assert said and all(a.span_text(q).endswith("data theft") for q in said), [a.span_text(q) for q in said]
    found = speakers(a, "Sooner or later")
    assert found and all("board" not in (s or "") for s, _ in found), found


def test_a_verb_joined_in_the_same_form_keeps_the_clauses_own_subject(run):
    a = run(
        "Campaign trail.\n\nDalia Ferro said Ines Moro approached her at the fair and said, "
        "\"It is so nice to meet you after all these years.\""
    )
    found = speakers(a, "so nice to meet you")
    assert len(found) == 1 and (found[0][0] or "").endswith("Ines Moro"), found


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        ("Camps.\n\nA report by the Harbor Rights Council said that the camps were overcrowded.",
         "the camps were overcrowded", "report by the Harbor Rights Council"),
        ("Sleep.\n\nA study in the Journal of Coastal Medicine found that ferry crews sleep less than other workers.",
         "ferry crews sleep less", "study in the Journal of Coastal Medicine"),
        ("Polls.\n\nRecent polls in Ohio show that the race is tied among older voters.",
         "the race is tied", "recent polls"),
        ("Foxes.\n\nA new paper published in the Journal of Urban Ecology suggests that city foxes are bolder than rural ones.",
         "city foxes are bolder", "new paper published in the Journal of Urban Ecology"),
        ("Bridge.\n\nAn article posted on the Daily Ledger's website argues that the old bridge was never safe.",
         "the old bridge was never safe", "article posted on the Daily Ledger's website"),
        ("Vote.\n\nA poll conducted by Harwell Research found that most voters back the harbour plan.",
         "most voters back the harbour plan", "poll conducted by Harwell Research"),
        ("Farms.\n\nA survey conducted in Ohio found that most dairy farmers are worried about feed prices.",
         "most dairy farmers are worried", "survey"),
        # quotes v47: "data" (lemma "datum") and "figures" (lemma "figure") are documents too
        ("Rents.\n\nAccording to data from the Harbor Housing Institute, rents in the old port rose by a tenth last year.",
         "rents in the old port rose", "data from the Harbor Housing Institute"),
        ("Debt.\n\nFigures from the Valdoria Finance Ministry show that the deficit shrank for a third year.",
         "the deficit shrank", "figures from the Valdoria Finance Ministry"),
        ("Caucus.\n\nPolling data from Iowa shows that turnout among young voters fell sharply.",
         "turnout among young voters fell", "polling data"),
    ],
)
def test_a_document_speaker_keeps_who_made_or_published_it(run, text, words, speaker):
    found = speakers(run(text), words)
    assert len(found) == 1 and (found[0][0] or "").lower() == speaker.lower(), found


def test_a_speaker_read_from_a_paragraph_in_another_language_is_a_doubt(run):
    a = run(
        "Neue Boards im Laden.\n\nDie neuen Segel und Bretter sind gestern endlich bei uns eingetroffen. Hier etwas "
        "Originalton: \"Our boards are built for big waves, and every one of them is tested on the north coast.\""
        "\n\nWir freuen uns auf euren Besuch."
    )
    found = speakers(a, "built for big waves")
    assert found and all(s is None or unsure for s, unsure in found), found
