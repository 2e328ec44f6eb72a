"""Who speaks a quote with no reporting verb beside it (quotes stage v18, ``quote_credits``):
a lead sentence that only says who spoke, a dash credit line under a quote paragraph, a
reporter's sentence that goes on after the quote, an inverted "asked the girl", a one-word
quote with its verb after it, and "one of the officials".

Every article here is written for these tests (invented people and places).
"""

from __future__ import annotations

import pytest

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def speakers(article: Article, words: str, labels: tuple[str, ...] | None = ("direct", "mixed")) -> list[tuple[str | None, bool]]:
    """(speaker, uncertain) of the quotes whose text holds ``words`` (of ``labels``; None: any)."""
    return [
        (q.attrs.get("speaker"), bool(q.attrs.get("speaker_uncertain")))
        for q in article.layer("quotes")
        if words in article.span_text(q) and (labels is None or q.label in labels)
    ]


#: (text, words of the quote, its speaker): each a construction the version 17 stage left without
#: its speaker, or gave the wrong one.
FOUND = {
    "a lead sentence: someone agreed": (
        "Ferry timetable cut.\n\n\"The winter timetable leaves the island cut off,\" said Councillor Oskar Lindqvist.\n\n"
        "Port engineer Priya Castellane agreed. \"Two sailings a day cannot carry the freight the shops need.\"",
        "Two sailings a day", "Priya Castellane",
    ),
    "a lead sentence: said in a statement": (
        "Ferry timetable cut.\n\nThe operator's spokeswoman, Dagny Ruhl, said in a statement. "
        "\"Fuel costs have doubled since March, and the timetable reflects that.\"",
        "Fuel costs have doubled", "Dagny Ruhl",
    ),
    "a verb outside the lists after a question": (
        "Ferry timetable cut.\n\n\"The winter timetable leaves the island cut off,\" said Councillor Oskar Lindqvist.\n\n"
        "\"Which freight is he talking about, and when? Has the council counted?\" reacted Priya Castellane.",
        "Which freight is he talking about", "Priya Castellane",
    ),
    "asked, then the one who asks": (
        "Ferry timetable cut.\n\n\"Will the evening boat come back?\" asked the boy, who had walked down "
        "from the school with his teacher, as the hall went quiet.",
        "evening boat", "boy",
    ),
    "a name after a horizontal bar (the same-line credit)": (
        "Readers on the timetable.\n\n\u201cThe winter timetable is a disgrace for the whole island.\u201d \u2015 Oskar Lindqvist\n",
        "The winter timetable is a disgrace", "Oskar Lindqvist",
    ),
    "one of a group, without its relative clause": (
        "Ferry timetable cut.\n\n\"The vote was rushed: the chair would not take questions from the floor,\" "
        "said one of four crew members who attended the meeting but asked not to be named.",
        "The vote was rushed", "one of four crew members",
    ),
}

#: (text, words of the quote, a name that must not be its confident speaker; None: nobody may
#: be): the rules' limits.
NOT_THEM = {
    "a passive sentence is no lead": (
        "Ferry timetable cut.\n\nPort engineer Priya Castellane was criticised by the crews. "
        "\"Nobody asked the people who actually sail these boats.\"",
        "Nobody asked the people", "Castellane",
    ),
    "a sentence with its own object is no lead": (
        "Ferry timetable cut.\n\nCouncillor Oskar Lindqvist said nothing about fuel. "
        "\"We expect the operator to honour its contract.\"",
        "honour its contract", "Lindqvist",
    ),
    "a lower-case dash line is a list item": (
        "Island notes.\n\n\"Freight on the island route has fallen by half in five years.\"\n\n"
        "- the figure comes from a union leaflet.\n",
        "Freight on the island route", None,
    ),
    "a sentence that goes on after the quote attributes it": (
        "Ferry timetable cut.\n\n\"The winter timetable leaves the island cut off,\" said Councillor Oskar Lindqvist.\n\n"
        "\"If the operator wants its subsidy renewed, it should publish its fuel bills,\" the Island Gazette's editorial read.",
        "publish its fuel bills", "Lindqvist",
    ),
    "a participle hung on the recipients": (
        "Ferry timetable cut.\n\nThe ferry users' association quickly sent out an email to members stating, "
        "\"Council Leader Joins Growing List of Critics as Timetable Vote Nears.\"",
        "Council Leader Joins", "members",
    ),
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_the_speaker_of_a_quote_with_no_verb_beside_it(run, case):
    text, words, speaker = FOUND[case]
    assert speakers(run(text), words) == [(speaker, False)]


@pytest.mark.parametrize("case", sorted(NOT_THEM))
def test_a_rule_does_not_reach_too_far(run, case):
    text, words, name = NOT_THEM[case]
    found = speakers(run(text), words)
    assert found and all(unsure or s is None or (name is not None and name not in s) for s, unsure in found)


def test_a_dash_credit_line_under_a_quote_paragraph_names_the_speaker(run):
    a = run(
        "Claims from the island debate, checked.\n\nWe looked at three statements made on Tuesday night.\n\n"
        "\"Freight on the island route has fallen by half in five years.\"\n\n- Oskar Lindqvist.\n\n"
        "The port's own figures show a fall of about a fifth.\n\n"
        "\"No other island in the group has lost its evening sailing.\"\n\n"
        "\u2013Priya Castellane, speaking after the debate.\n\nTwo other islands lost theirs in 2021."
    )
    assert speakers(a, "Freight on the island route") == [("Oskar Lindqvist", False)]
    assert speakers(a, "No other island in the group") == [("Priya Castellane", False)]


def test_a_one_word_quote_with_its_verb_after_it_is_part_of_the_quotation(run):
    a = run(
        "Ferry timetable cut.\n\n\"Freight,\" said Castellane, a harbour engineer. "
        "\"Freight for every shop on the island, every week.\""
    )
    quotes = [q for q in a.layer("quotes") if "Freight" in a.span_text(q)]
    assert [q.label for q in quotes] == ["direct"]
    assert quotes[0].attrs.get("speaker") == "Castellane"
    assert len(quotes[0].attrs.get("segments") or []) == 2


def test_a_verb_joined_to_a_passive_shares_its_subject_not_the_agent(run):
    a = run(
        "Ferry timetable cut.\n\nAs the hall began to chant, Councillor Oskar Lindqvist was joined on stage by "
        "Priya Castellane and joked, \"Freight or nothing, you are being unreasonable,\" drawing loud jeers."
    )
    spk = speakers(a, "Freight or nothing")
    assert len(spk) == 1 and (spk[0][0] or "").endswith("Oskar Lindqvist") and not spk[0][1]
