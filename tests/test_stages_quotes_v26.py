"""The quotes stage, version 26 (entities 11): a person's title is no part of their name
("said Supervisor Alfredo Penhall": Alfredo Penhall, not "Supervisor Alfredo Penhall"), also
when the tagger finds no person in a long phrase of organisation, title and name ("said Harbour
Dock Workers Secretary-Treasurer" before a name the tagger misses: was no speaker); and a verb beside a quote whose
subject is "what" gives way to the verb its clause hangs on ('Ostrova has since apologized for
what happened: "..."': was "what", no speaker); a participle cue the parser hangs inside the
clause another verb of saying reports ('a strategist said Vance will need to pick a camp, saying,
"..."') leaves its speaker uncertain (was Vance at 0.98). Seen on PolNeAR training articles and
real pages (docs/quotes.md, Version 26). Also: a quoted title after "titled" is a `title` in any case.

Every article here is written for these tests (invented people, places and bodies).
"""

from __future__ import annotations

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)
from .test_stages_quotes_direct import find


def test_a_title_before_the_name_is_left_out_of_the_speaker(run):
    a = run(
        "The county will talk to one developer only.\n\n"
        '"We are not tied to a number of cabins or berths," said Supervisor Alfredo Penhall. '
        '"What is on the table is far smaller than the first plan."\n'
    )
    q = find(a, "We are not tied")
    assert q.attrs["speaker"] == "Alfredo Penhall"


def test_a_long_phrase_of_body_title_and_name_is_the_person(run):
    a = run(
        "The union backed the deal last spring after months of talks.\n\n"
        '"We had to admit we had a real problem with the trade side of her record," '
        "said Harbour Dock Workers Secretary-Treasurer Walt Castine.\n"
    )
    q = find(a, "We had to admit")
    assert q.attrs["speaker"] == "Walt Castine"  # was "Treasurer Walt Castine"
    assert not q.attrs.get("speaker_uncertain")


def test_a_long_phrase_without_a_first_name_is_not_made_a_person(run):
    a = run(
        "The union backed the deal last spring after months of talks.\n\n"
        '"We had to admit we had a real problem with the trade side of her record," '
        "said the Harbour Dock Workers Harbour District Executive Board Committee.\n"
    )
    q = find(a, "We had to admit")
    assert q.attrs.get("speaker") != "Board Committee"


def test_a_quote_after_what_happened_is_the_speaker_of_the_verb_before(run):
    a = run(
        "The minister lost her phone on a train in May, with the ministry's files on it.\n\n"
        "Lidia Ostrova has since apologized for what happened: "
        '"I should have kept two phones, one for my family and one for the ministry. '
        "Not doing so was a mistake, and I take full responsibility.\"\n"
    )
    q = find(a, "I should have kept two phones")
    assert q.attrs["speaker"] == "Lidia Ostrova"


def test_a_what_clause_with_no_verb_above_it_gives_no_speaker(run):
    a = run(
        "Nobody on the council has explained it.\n\n"
        'What happened next: "The doors were shut and the lights went out, and we waited for an hour."\n'
    )
    q = find(a, "The doors were shut")
    assert q.attrs.get("speaker") in (None, "")


def test_a_participle_inside_a_reported_clause_leaves_its_speaker_in_doubt(run):
    a = run(
        "The council met again on Monday.\n\n"
        "Amid the protests, even a senior party strategist said Vance will need to pick a camp before the vote, "
        'saying, "Sooner or later she has to tell people whether she backs her old ally or not."\n'
    )
    q = find(a, "Sooner or later she has to")
    assert q.attrs.get("speaker_uncertain") is True  # the strategist's words, or Vance's?


def test_a_participle_on_the_reporting_verb_itself_keeps_its_speaker(run):
    a = run(
        "The council met again on Monday.\n\n"
        'Ortega insisted it was too early to back the mayor, adding, "I have no doubt she means well, '
        'but the numbers are not there."\n'
    )
    q = find(a, "I have no doubt she means well")
    assert q.attrs["speaker"] == "Ortega"
    assert not q.attrs.get("speaker_uncertain")


def test_a_title_after_titled_is_no_quotation_whatever_its_case(run):
    a = run(
        "The campaign group answered the ministry on Monday.\n\n"
        "In an essay titled \u2018The ministry is fudging the numbers \u2014 and taking our coastline\u2019, "
        "Lena Markos writes the following:\n\n"
        "\u201cOne of the worst threats to the coast is the slow drift of sand away from the dunes.\u201d\n"
    )
    (title,) = [q for q in a.layer("quotes") if "fudging the numbers" in a.span_text(q)]
    assert title.label == "title" and not title.attrs.get("speaker")  # was direct, Lena Markos at 0.98
    assert find(a, "One of the worst threats").attrs["speaker"] == "Lena Markos"
