"""The quotes stage, version 58: a '"...," it said' may stand for an organisation that was the
main subject of a sentence before it spoke ("Kestrel Freight Lines announced the closure."),
in doubt when another organisation is a subject in that sentence; '"...," it read' is a text
("sent a letter ...", "The memo's last paragraph ..."), never an organisation; a relative "who" after a text's author ("a post
from Dana Whitlock who wrote") is the author; '[clause], she said.' is reported speech when the
parser hangs "said" on the clause's verb and reads part of the clause as its subject (tested
on a parse written out by hand: the small tagger's misreadings depend on the exact words).
docs/quotes.md, Version 58. Every sentence is
written for these tests (invented people, companies and places).
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)

LEAD = "The depot on the river road will close in March.\n\n"


def _direct(article: Article) -> list[tuple[str | None, bool]]:
    return [(q.attrs.get("speaker"), bool(q.attrs.get("speaker_uncertain"))) for q in article.layer("quotes") if q.label == "direct"]


@pytest.mark.parametrize(
    "text, expected",
    [  # an organisation that was a subject before it spoke
        ("Kestrel Freight Lines announced the closure on Monday.\n\n"
         '"We regret the impact on our drivers and their families," it said in a statement.', [("Kestrel Freight Lines", False)]),
        # "it read": a text put out before it, or a text whose part was the subject
        ("The Harbor Trust sent a letter to the council this week.\n\n"
         '"We expect an answer by Friday," it read.', [("letter", False)]),
        ("The engineers at the depot wrote a memo in May. The memo's last paragraph drew the most attention.\n\n"
         'It reads: "If the pumps fail again, we will not be able to say we did not know."', [("memo", False)]),
        # ... and never an organisation, even one that spoke
        ("The Harbor Trust said on Monday that the depot had served the valley well.\n\n"
         '"We expect an answer by Friday," it read.', [(None, True)]),
    ],
)
def test_what_the_it_of_a_tag_stands_for(run, text, expected):
    assert _direct(run(LEAD + text)) == expected


def test_two_organisations_as_subjects_of_one_sentence_leave_it_in_doubt(run):
    a = run(LEAD + "The Ministry of Transport announced the closure on Monday, and Kestrel Freight Lines confirmed it.\n\n"
            '"We regret the impact on travellers," it said in a statement.')
    [(speaker, uncertain)] = _direct(a)
    assert uncertain and speaker in ("Kestrel Freight Lines", "Ministry of Transport")


def test_an_expletive_it_is_no_organisation(run):  # a guard: passes on version 57 too
    a = run(LEAD + "Kestrel Freight Lines announced the closure on Monday.\n\n"
            "It is hard to believe that the depot made a profit last year, the union's newsletter argued.")
    assert not any(q.attrs.get("speaker") == "Kestrel Freight Lines" and a.span_text(q).startswith("the depot made") for q in a.layer("quotes"))


def test_who_after_the_author_of_a_post_is_the_author(run):
    a = run(LEAD + "The mayor faced criticism online after the vote.\n\n"
            'Among the replies was a post from Dana Whitlock who wrote, "They never listen to anyone and nothing changes here."')
    assert _direct(a) == [("Dana Whitlock", False)]


def test_who_after_a_person_s_aide_stays_open(run):  # a guard: passes on version 57 too
    a = run(LEAD + "The mayor faced criticism online after the vote.\n\n"
            'Among the replies was a note from an aide to Dana Whitlock, who wrote, "They never listen to anyone here."')
    assert [s for s, _ in _direct(a)] != ["Dana Whitlock"]


def _parsed(rows: list[tuple[str, str, int, str]]) -> Doc:
    """A parse written out by hand (word, part of speech, head index, dependency), as the small
    tagger gave it for sentences of this shape."""
    vocab = spacy.blank("en").vocab
    return Doc(vocab, words=[r[0] for r in rows], pos=[r[1] for r in rows], heads=[r[2] for r in rows], deps=[r[3] for r in rows])


#: "The web has also made it possible for fans with odd, if harmless, tastes to meet, she said."
#: with "said" an adverbial of "made" and "fans" a second subject of "said".
_HUNG_TAG = [
    ("The", "DET", 1, "det"), ("web", "NOUN", 4, "nsubj"), ("has", "AUX", 4, "aux"), ("also", "ADV", 4, "advmod"),
    ("made", "VERB", 4, "ROOT"), ("it", "PRON", 6, "nsubj"), ("possible", "ADJ", 4, "ccomp"), ("for", "SCONJ", 20, "mark"),
    ("fans", "NOUN", 20, "nsubj"), ("with", "ADP", 8, "prep"), ("odd", "ADJ", 9, "pobj"), (",", "PUNCT", 20, "punct"),
    ("if", "SCONJ", 13, "mark"), ("harmless", "ADJ", 20, "advcl"), (",", "PUNCT", 13, "punct"), ("tastes", "NOUN", 13, "conj"),
    ("to", "PART", 17, "aux"), ("meet", "VERB", 13, "xcomp"), (",", "PUNCT", 20, "punct"), ("she", "PRON", 20, "nsubj"),
    ("said", "VERB", 4, "advcl"), (".", "PUNCT", 4, "punct"),
]


def test_a_tag_the_parser_hung_on_the_clause_still_reports_it():
    from newsprobe.stages.quote_reports import clause_before_tag

    doc = _parsed(_HUNG_TAG)
    span = clause_before_tag(0, doc[20], doc.text)
    assert span is not None and doc.text[span[0] : span[1]] == "The web has also made it possible for fans with odd , if harmless , tastes to meet"


@pytest.mark.parametrize(
    "change",
    [
        {0: ("When", "SCONJ", 4, "mark"), 1: ("web", "NOUN", 4, "nsubj")},  # "When the web ..., she said.": a time clause
        {19: ("faces", "NOUN", 20, "nsubj")},  # "..., faces said.": no one who speaks
        {21: ("again", "ADV", 4, "advmod")},  # a word after the verb that hangs elsewhere
    ],
)
def test_a_tag_after_a_time_clause_a_thing_or_with_words_of_its_own_reports_nothing(change):
    from newsprobe.stages.quote_reports import clause_before_tag

    rows = [change.get(i, row) for i, row in enumerate(_HUNG_TAG)]
    doc = _parsed(rows)
    assert clause_before_tag(0, doc[20], doc.text) is None


def test_a_time_clause_before_a_tag_reports_nothing(run):  # a guard: passes on version 57 too
    a = run(LEAD + "When the ferry sank near the pier in a storm that nobody had predicted, she said.")
    assert [q for q in a.layer("quotes") if q.label == "indirect"] == []
