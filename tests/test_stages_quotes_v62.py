"""The quotes stage, version 62 (with entities version 41): who holds a reading the parse gives
no subject (a participle on a noun, a gerund after a preposition, a verb the tagger read as a
plural noun), a person's name without the role words written in lower case before it, a
surname the tagger called a product, a name after a person's title, brackets a name leaves
open, and contents that are only a date or only whom the words were for. docs/quotes.md,
Version 62. Every sentence is written for these tests (invented people and places).
"""

from __future__ import annotations

import pytest

from newsprobe.article import Article
from newsprobe.stages.entities import clean_name
from newsprobe.stages.entity_titles import relabel_titled_people
from newsprobe.stages.quote_verb_names import without_role_words

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def _quotes(article: Article) -> list[tuple[str, str | None]]:
    return [(article.span_text(q), q.attrs.get("speaker")) for q in article.layer("quotes")]


def test_a_memo_warning_that_holds_its_own_warning(run):
    # v61: no quote at all (the participle has no subject, so the rule dropped it)
    a = run("The archive holds a 1998 memo warning that the dam could fail in a wet spring.")
    assert [(text, speaker) for text, speaker in _quotes(a)] == [("the dam could fail in a wet spring", "1998 memo")]


def test_a_participle_the_parse_hangs_on_a_thing_gives_the_thing_no_words(run):
    # guard (v62's first version credited "the decision" on a real page): a decision says nothing
    a = run("The Harbour Traders Association rounded on the decision saying more than 1,800 traders will lose their stalls this month.")
    assert all(speaker is None or "decision" not in speaker for _, speaker in _quotes(a))


def test_a_gerund_after_a_preposition_is_the_sentence_subject_s(run):
    # v61: only "to discuss the appointees"; what she said she wants was lost
    a = run("Okafor refused to discuss the appointees, apart from saying she wants a diverse bench.")
    assert ("she wants a diverse bench", "Okafor") in _quotes(a)


def test_a_surname_the_tagger_calls_a_product_is_the_person_named_in_full(run):
    # v61: the tagger's PRODUCT "Quillby" kept the direct quote from any speaker
    a = run('A daily tablet will not fix a poor diet, as noted by registered dietitian Mara Quillby. '
            '"You still need vegetables," said Quillby.')
    assert ("You still need vegetables", "Mara Quillby") in _quotes(a)
    labels = {a.span_text(e): e.label for e in a.layer("entities")}
    assert labels.get("Quillby") == "PERSON"


def test_a_content_that_is_only_a_date_is_no_report(run):
    # v61: 'Sunday' reported as what the president-elect apologized
    a = run("Valderra's president-elect Tomas Arredondo apologized on Sunday to two former colleagues.")
    assert all(text not in ("Sunday", "two former colleagues") for text, _ in _quotes(a))


def test_what_was_apologized_for_stays_a_report(run):
    # guard (passes on v61): the date rule leaves a real content alone
    a = run("On Sunday the mayor apologized for the flooded underpass.")
    assert any("underpass" in text for text, _ in _quotes(a))


@pytest.mark.parametrize(
    "phrase, name",
    [
        ("registered dietitian Mara Quill", "Mara Quill"),
        ("his friend Amadou Kane", "Amadou Kane"),
        ("spokesperson for Harbor University", "spokesperson for Harbor University"),  # guard: "for" joins an organisation
        ("Mara Quill", "Mara Quill"),  # guard
        ("former president Ines", "former president Ines"),  # guard: one capitalised word is no full name
    ],
)
def test_role_words_in_lower_case_are_no_part_of_a_name(phrase, name):
    # v61: "registered dietitian [Name]" was the speaker's whole name (a real page, six quotes)
    assert without_role_words(phrase) == name


def test_a_name_left_open_by_the_tagger_loses_the_open_bracket():
    # v61: "Tribunal of the Harbour Bank (HB" was a speaker's name
    assert clean_name("the Administrative Tribunal of the Harbour Bank (HB") == "Administrative Tribunal of the Harbour Bank"
    assert clean_name("Harbour Bank (HB)") == "Harbour Bank (HB)"  # guard: closed brackets stay


def test_a_name_written_after_a_person_s_title_is_a_person_everywhere():
    # v61: "[Name]" an ORG on every line of a page that opened "President-elect [Name] apologized"
    text = "President-elect Tomas Arredondo apologized. Later Tomas Arredondo spoke again."
    second = text.index("Tomas", 20)
    items = [(16, 31, "ORG", "Tomas Arredondo", False, None), (second, second + 15, "ORG", "Tomas Arredondo", False, None)]
    assert [m[2] for m in relabel_titled_people(text, items)] == ["PERSON", "PERSON"]


def test_an_organisation_after_a_title_word_stays_an_organisation():
    # guard: an organisation word keeps the tagger's label; so does a name after no title
    text = "Director Harbour Bank said so. Then Alder Quay Partners said so."
    items = [(9, 21, "ORG", "Harbour Bank", False, None), (36, 55, "ORG", "Alder Quay Partners", False, None)]
    assert [m[2] for m in relabel_titled_people(text, items)] == ["ORG", "ORG"]
