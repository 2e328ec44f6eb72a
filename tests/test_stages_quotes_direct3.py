"""The quotes stage on direct quotes, round 3 (quotes stage v14): a quoted piece that opens
in lower case, closes on a word and runs on into the reporter's sentence is a fragment of a
reported clause (mixed), not a whole utterance (direct); an opening curly mark typed where
the closing one belongs (glued to the word before it, a space or the end after it) closes
the open quote.

Every article here is written for these tests (invented people and places).
"""

from __future__ import annotations

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def labels(article: Article) -> dict[str, str]:
    return {article.span_text(q): q.label for q in article.layer("quotes")}


def test_a_lower_case_piece_running_on_into_the_reporter_s_sentence_is_not_direct(run):
    a = run(
        "The old harbour charters, the surveyors said, \u201call point the same way\u201d that the pier "
        "belongs to the town of Vellmar."
    )
    found = [(a.span_text(q), q.label) for q in a.layer("quotes") if "all point the same way" in a.span_text(q)]
    assert found and all(label != "direct" for _, label in found)


def test_a_whole_quote_introduced_by_its_verb_stays_direct(run):
    a = run("Mayor Ilse Brandt told the council, \u201cwe pay our debts, and we always have.\u201d The vote was close.")
    assert "direct" in [q.label for q in a.layer("quotes") if "we pay our debts" in a.span_text(q)]


def test_a_capitalised_quote_followed_by_its_cue_stays_direct(run):
    a = run("\u201cThe ferry will run all winter,\u201d said Harbour Master Tomas Vell on Monday.")
    assert [q.label for q in a.layer("quotes") if "ferry will run" in a.span_text(q)] == ["direct"]


def test_an_opening_curly_mark_typed_as_the_closing_one_closes_the_quote(run):
    a = run(
        "The council met on Monday. \u201cWe will keep the ferry running all winter,\u201c said Harbour Master "
        "Tomas Vell.\n\nThe vote was close."
    )
    direct = [(a.span_text(q), q.attrs.get("speaker")) for q in a.layer("quotes") if q.label == "direct"]
    assert [(t.rstrip(","), spk) for t, spk in direct] == [("We will keep the ferry running all winter", "Tomas Vell")]


def test_a_misprinted_closing_mark_ends_a_quote_at_the_end_of_a_paragraph(run):
    a = run("Mayor Ilse Brandt spoke after the vote. She said: \u201cThe pier stays open.\u201c\n\nThe council then adjourned.")
    quotes = [a.span_text(q) for q in a.layer("quotes") if q.label == "direct"]
    assert any(t.startswith("The pier stays open") for t in quotes)


def test_a_name_the_tagger_calls_a_product_is_a_person_after_a_person_s_role():
    # the small model's tag that triggers this cannot be reproduced with invented text, so the
    # helper is tested on a hand-made parse: "his friend Amadou Kane told the site"
    from types import SimpleNamespace

    from newsprobe.stages.quote_people import role_before_name as _role_before

    friend = SimpleNamespace(pos_="NOUN", lemma_="friend", dep_="compound")
    site = SimpleNamespace(pos_="NOUN", lemma_="site", dep_="compound")
    name = SimpleNamespace(pos_="PROPN", lefts=[friend])
    assert _role_before(name)
    assert not _role_before(SimpleNamespace(pos_="PROPN", lefts=[site]))  # "the site Kane Daily": no role, still a product
    assert not _role_before(SimpleNamespace(pos_="PROPN", lefts=[]))


def test_the_one_shown_speaking_in_a_video_is_the_speaker(run):
    # the parser reads "lecturing" as the object of "shown": the one shown is the one who speaks
    a = run(
        "Before the mayor's appearance in the nearly 40-minute video, the valley-based radical preacher Obed Lanner, "
        "who was jailed in a 2011 Vellmar court case, is shown lecturing: \u201cFarmers of the valley, sell your boats "
        "and keep your goats. The river will not forgive you twice.\u201d"
    )
    direct = [q for q in a.layer("quotes") if q.label == "direct"]
    assert [q.attrs.get("speaker") for q in direct] == ["Obed Lanner"]


def test_a_name_the_tagger_calls_an_organisation_is_a_person_after_a_person_only_role():
    # the small model's ORG tag on a person's name cannot be reproduced with invented text, so
    # the entities are relabelled between the stages: "Vendrix, the former shipyard CEO": a person,
    # so "she" in the next paragraph can point back to her
    from newsprobe.api import load_pipeline
    from newsprobe.settings import load_settings

    pipeline = load_pipeline(load_settings(stages="parse,stories,sentences,entities,quotes"))
    quotes_fn = pipeline._fns[-1]

    def relabel_then_quotes(article, ctx):
        spans = [e.replace(label="ORG") if "Vendrix" in article.span_text(e) else e for e in article.layer("entities")]
        article.with_layer("entities", spans)
        quotes_fn(article, ctx)

    pipeline._fns[-1] = relabel_then_quotes
    a = pipeline(
        Article(
            "Marla Vendrix, the former shipyard CEO who ended her own bid in February, made a surprise appearance "
            "at the rally in Port Vell on Wednesday.\n\n"
            "\u201cDale Oslin has stood up for our harbour. He has never let the fishermen down,\u201d she said to cheers."
        )
    )
    assert {e.label for e in a.layer("entities") if "Vendrix" in a.span_text(e)} == {"ORG"}
    assert [q.attrs.get("speaker") for q in a.layer("quotes") if q.label == "direct"] == ["Marla Vendrix"]


def test_i_in_the_reporter_s_own_words_is_the_author_marked_uncertain(run):
    a = run(
        "My aunt grew up in Port Vell.\n\nOnce, when my aunt mentioned the old ferry to me, I laughed and said, "
        "\u201cI don't believe in that ferry.\u201d She was not amused."
    )
    direct = [q for q in a.layer("quotes") if q.label == "direct"]
    assert [(q.attrs.get("speaker"), q.attrs.get("speaker_uncertain")) for q in direct] == [("the author", True)]


def test_i_on_a_transcript_line_or_inside_an_open_quote_is_not_the_author(run):
    a = run(
        "LANE: I said, \u201cThe harbour stays open.\u201d\n\n"
        "\"The ferry question is a local one, and I told them: \u201cThe pier will be rebuilt by May.\u201d"
    )
    assert all(q.attrs.get("speaker") != "the author" for q in a.layer("quotes"))


def test_a_work_named_after_a_comma_is_a_title_not_speech(run):
    a = run(
        "The flood of 1961 changed the family's plans, Mayor Ines Brandt wrote in her 2014 memoir, "
        "\u201cA Harbour Daughter.\u201d So they stayed in Port Vell."
    )
    assert [q.label for q in a.layer("quotes") if a.span_text(q).startswith("A Harbour Daughter")] == ["title"]


def test_the_subject_of_a_where_aside_does_not_speak_for_a_participle_after_it(run):
    a = run(
        "Protesters marched around the harbour hall - where the Vell Rovers played the Kestrel Kings on Sunday - "
        "while chanting, \"Save our pier.\""
    )
    assert [q.attrs.get("speaker") for q in a.layer("quotes") if q.label == "direct"] == ["protesters"]


def test_a_where_clause_opening_the_sentence_keeps_its_subject(run):
    a = run("Where Mayor Ilse Brandt once claimed that she had saved the pier, on Tuesday she said it was lost.")
    speakers = {q.attrs.get("speaker") for q in a.layer("quotes") if "saved the pier" in a.span_text(q)}
    assert speakers == {"Ilse Brandt"}


def test_a_pronoun_ending_the_paragraph_before_a_name_says_nothing_of_its_gender(run):
    a = run(
        "Tomas Vell, who runs the rowing club at the University of Kestrel, said the regatta board had "
        "\"lost its nerve\" and that the vote had been a blow to him.\n\n"
        "Marla Renwick, political science lecturer at Vellmar College in Port Vell, described the board's choice "
        "in terms of timing.\n\n"
        "\"When a board cannot decide, it lets the calendar decide for it,\" she said."
    )
    assert [q.attrs.get("speaker") for q in a.layer("quotes") if q.label == "direct"] == ["Marla Renwick"]
