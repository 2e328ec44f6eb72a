"""The quotes stage on reported clauses (quotes stage v8): a quoted piece that the
reporter's own words lead into is part of one ``mixed`` attribution of the rest of the
sentence; whole quotes after their cue stay ``direct``.

Every article here is written for these tests (invented people and places).
"""

from __future__ import annotations

from newsprobe.article import Article, Span

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def spoken(article: Article) -> list[Span]:
    return [q for q in article.layer("quotes") if q.label not in ("scare", "title")]


def containing(article: Article, fragment: str) -> list[Span]:
    return [q for q in spoken(article) if fragment in article.span_text(q)]


def test_a_clause_that_starts_with_a_quoted_phrase_is_mixed(run):
    a = run(
        "The ferry company has asked the county for help.\n\n"
        'Its chief executive, Dana Pruitt, said "harbour fees" and a new ticket levy would pay for the repairs.'
    )
    [q] = containing(a, "harbour fees")
    assert q.label == "mixed"
    assert a.span_text(q).endswith("would pay for the repairs")
    assert q.attrs["speaker"] == "Dana Pruitt"


def test_two_quoted_pieces_in_one_reported_clause_are_one_mixed_span(run):
    a = run(
        "The council met on Tuesday night.\n\n"
        'Councillor Omar Bekele claimed that the parking plan was "a quiet tax on shoppers" but "nobody here will admit it."'
    )
    hits = containing(a, "nobody here will admit it")
    assert len(hits) == 1
    q = hits[0]
    assert q.label == "mixed"
    assert "parking plan was" in a.span_text(q)
    assert q.attrs["speaker"] == "Omar Bekele"


def test_a_list_of_quoted_labels_is_one_mixed_span(run):
    a = run(
        "The race for mayor turned bitter this week.\n\n"
        'Ines Varga called her rival a "coward," a "serial liar" and "finished."'
    )
    hits = containing(a, "finished")
    assert len(hits) == 1, [a.span_text(q) for q in spoken(a)]
    q = hits[0]
    assert q.label == "mixed"
    assert a.span_text(q).startswith("her rival")
    assert q.attrs["speaker"] == "Ines Varga"


def test_a_label_ends_with_its_object(run):
    a = run(
        "The debate was about the bridge.\n\n"
        'Residents call the toll "a tax on the poor" and have started a petition against it.'
    )
    [q] = containing(a, "tax on the poor")
    assert "petition" not in a.span_text(q)


def test_a_whole_quote_after_its_cue_and_addressee_stays_direct(run):
    a = run(
        "The strike entered its third day.\n\n"
        'Union leader Maya Sorensen told reporters on Monday, "We will not go back until the pay offer is fair."'
    )
    [q] = containing(a, "We will not go back")
    assert q.label == "direct"
    assert a.span_text(q).startswith("We will not go back")
    assert q.attrs["speaker"] == "Maya Sorensen"


def test_a_quote_inside_the_reporters_sentence_is_mixed(run):
    a = run(
        "The transport board met on Friday.\n\n"
        'Board chair Nadia Ferro responded to the complaint that cutting the night buses had made the town "safer and quieter."'
    )
    [q] = containing(a, "safer and quieter")
    assert q.label == "mixed"
    assert "made the town" in a.span_text(q)
    assert q.attrs["speaker"] == "Nadia Ferro"


def test_a_quote_after_its_verb_and_a_comma_stays_direct(run):
    a = run("The transport board met on Friday.\n\n" 'Board chair Nadia Ferro said, "The night buses will run again in May."')
    [q] = containing(a, "night buses will run")
    assert q.label == "direct"


def test_a_quoted_heading_on_its_own_line_is_a_title(run):
    a = run(
        '"We have nothing left to sell," said Karl Amsel, who has farmed the valley for forty years.\n\n'
        "'Nothing Left to Lose.'\n\n"
        "The valley's last dairy closed in March."
    )
    [t] = [q for q in a.layer("quotes") if "Nothing Left" in a.span_text(q)]
    assert t.label == "title"
    assert t.attrs["speaker"] is None


def test_a_reported_clause_ends_before_a_participle_after_a_comma(run):
    a = run(
        "The ferry will stop running in June.\n\n"
        "Harbour master Lena Voss said the old pier could not be repaired, citing a survey from the spring."
    )
    [q] = containing(a, "old pier")
    assert q.label == "indirect"
    assert "citing" not in a.span_text(q)
