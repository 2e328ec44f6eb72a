"""The quotes stage on who the source of reported speech is (quotes stage v11d): a pronoun
bound inside its own sentence ("Vance said she ..., arguing", "Dreyer stated his
intention") stands for its antecedent; a participle cue that the parser hung on a reported
clause whose subject cannot speak ("analysts said factors have grown, citing") belongs to the
reporter.

Every article here is written for these tests (invented people and places).
"""

from __future__ import annotations

from newsprobe.article import Article, Span

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def spoken(article: Article) -> list[Span]:
    return [q for q in article.layer("quotes") if q.label not in ("scare", "title")]


def containing(article: Article, fragment: str) -> Span:
    hits = [q for q in spoken(article) if fragment in article.span_text(q)]
    assert len(hits) == 1, [article.span_text(q) for q in spoken(article)]
    return hits[0]


def mention(article: Article, q: Span) -> str:
    return article.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]]


def test_a_participle_after_a_reported_clause_belongs_to_the_reporter(run):
    a = run("Senator Rita Vance said she did not oppose the plan, arguing that the real problem was the lack of money for schools.")
    q = containing(a, "lack of money for schools")
    assert q.attrs["speaker"] == "Rita Vance"
    assert mention(a, q) == "Senator Rita Vance"  # the reporter, not the "she" inside her own words


def test_a_pronoun_after_a_quote_in_the_next_paragraph_is_not_bound_across_it(run):
    a = run(
        "Nora Field, who runs a boatyard in Dover, said the trade in wooden sailing boats has shrunk.\n\n"
        '"I doubt the trade will vanish," she said. "People will always want to mend old boats."'
    )
    q = containing(a, "the trade will vanish")
    assert q.attrs["speaker"] == "Nora Field"
    assert mention(a, q) == "she"


def test_a_possessive_in_the_object_speaks_for_the_subject(run):
    a = run("Governor Paul Dreyer also stated his intention to veto the bill on Wednesday.")
    q = containing(a, "veto the bill")
    assert q.attrs["speaker"] == "Paul Dreyer"
    assert mention(a, q) == "his"  # the text's own mention stays


def test_a_possessive_of_the_other_gender_is_not_bound(run):
    a = run(
        "Councillor Ivo Brandt wants the ferry fares raised by a third.\n\n"
        "Mayor Ana Holm stated his intention to raise them as a mistake."
    )
    q = containing(a, "to raise them")
    assert mention(a, q) == "his"
    assert q.attrs["speaker"] != "Ana Holm"  # "his" is not the mayor's


def test_a_participle_hung_on_a_clause_whose_subject_cannot_speak_belongs_to_the_reporter(run):
    a = run(
        "Shipping analysts said rising fuel costs have made the northern route more attractive, "
        "citing the short crossing to the two largest markets."
    )
    q = containing(a, "short crossing")
    assert q.attrs["speaker"] == "shipping analysts"


def test_a_participle_after_a_named_person_in_the_reported_clause_stays_theirs(run):
    a = run("Mayor Ana Holm said Councillor Ivo Brandt had misled the council, arguing that the fares had been raised twice.")
    q = containing(a, "raised twice")
    assert q.attrs["speaker"] == "Ivo Brandt"  # the parse's reading (his title is no part of his name); no rule moves it to the mayor
