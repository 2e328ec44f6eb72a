"""The quotes stage on role phrases and span granularity (quotes stage v7): a role phrase
resolves to the person the article names with that role, or stays a role phrase marked
uncertain; a quoted fragment that ends a reported clause is part of a ``mixed`` span.

Every article here is written for these tests (invented people and places).
"""

from __future__ import annotations

from newsprobe.article import Article, Span

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def find(article: Article, fragment: str) -> Span:
    hits = [q for q in article.layer("quotes") if fragment in article.span_text(q) and q.label not in ("scare", "title")]
    assert hits, f"no quote contains {fragment!r}: {[article.span_text(q) for q in article.layer('quotes')]}"
    return hits[0]


# --- a role phrase for a named person ------------------------------------------------------


def test_abbreviated_title_links_the_role_to_the_person(run):
    a = run(
        "Supt. Leon Haddad led the search for the missing boy through the night.\n\n"
        '"We will not stop until he is found," the superintendent said.'
    )
    q = find(a, "will not stop")
    assert q.attrs["speaker"] == "Leon Haddad"
    assert q.attrs["speaker_via"] == "title"


def test_two_abbreviated_titles_before_a_name(run):
    a = run(
        "Det. Sgt. Paul Brennan spoke to reporters outside the station in Elmford.\n\n"
        '"We have a suspect in custody," the detective said.'
    )
    assert find(a, "suspect in custody").attrs["speaker"] == "Paul Brennan"


def test_abbreviated_title_that_the_tagger_keeps_in_the_name(run):
    a = run(
        "Sen. Jane Okafor visited the flooded port on Monday. She toured the docks with the workers.\n\n"
        "The senator said the sea wall would be rebuilt before winter."
    )
    q = find(a, "sea wall would be rebuilt")
    assert q.attrs["speaker"] == "Jane Okafor"


def test_title_given_with_is(run):
    a = run(
        "Rosa Quintero is the director of the Lakeside Housing Trust. The trust owns four hundred flats.\n\n"
        '"Every tenant will be rehoused by March," the director said.'
    )
    assert find(a, "Every tenant").attrs["speaker"] == "Rosa Quintero"


def test_title_given_in_a_relative_clause(run):
    a = run('Mara Lind, who is the principal of the village school, met the parents. "Our pupils are safe," the principal said.')
    assert find(a, "pupils are safe").attrs["speaker"] == "Mara Lind"


def test_capitalised_role_is_a_role_not_a_name(run):
    a = run(
        "The Minister of Transport, Idris Okonjo, visited the damaged bridge at Carrow.\n\n"
        '"The bridge will reopen in the spring," the Minister said.'
    )
    q = find(a, "reopen in the spring")
    assert q.attrs["speaker"] == "Idris Okonjo"


def test_capitalised_role_without_a_person_keeps_the_role(run):
    a = run('"The bridge will reopen in the spring," the Minister said on a visit to Carrow.')
    q = find(a, "reopen in the spring")
    assert q.attrs["speaker_kind"] == "role"
    assert q.attrs["speaker"] == "Minister"


def test_unlinked_role_with_a_named_person_before_is_an_honest_doubt(run):
    a = run(
        "Tobias Renner watched the river rise from the porch of his bakery on Mill Street.\n\n"
        '"We will rebuild, whatever it takes," the mayor said.'
    )
    q = find(a, "We will rebuild")
    assert q.attrs["speaker"] == "mayor"
    assert q.attrs["speaker_kind"] == "role"
    assert q.attrs["speaker_uncertain"] is True
    assert "Tobias Renner" in q.attrs["speaker_candidates"]
    assert q.attrs["confidence"] < 0.6


def test_role_with_an_owner_keeps_its_confidence(run):
    a = run(
        "Tobias Renner was arrested at his bakery on Friday evening.\n\n"
        '"My client has done nothing wrong," his lawyer said.'
    )
    q = find(a, "done nothing wrong")
    assert q.attrs["speaker"] == "his lawyer"
    assert q.attrs["speaker_uncertain"] is False


def test_role_with_nobody_named_before_keeps_its_confidence(run):
    a = run('"The fire started in the kitchen," the owner said on Tuesday, standing outside the ruined cafe.')
    q = find(a, "started in the kitchen")
    assert q.attrs["speaker"] == "owner"
    assert q.attrs["speaker_uncertain"] is False


def test_a_station_call_sign_in_the_dateline_is_no_candidate(run):
    a = run(
        "BRAMLEY, Ohio (WKPZ) -- A bakery is closing its doors.\n\n"
        '"Forty years is enough," the owner said on Tuesday.'
    )
    q = find(a, "Forty years")
    assert q.attrs["speaker"] == "owner"
    assert q.attrs["speaker_uncertain"] is False


# --- who speaks in a clause under another verb -----------------------------------------------


def test_object_of_force_speaks_the_clause_after_it(run):
    a = run("The senator also forced Tom Vance, who was under questioning, to admit that no executives had been punished.")
    q = find(a, "no executives had been punished")
    assert q.attrs["speaker"] == "Tom Vance"


def test_before_asking_keeps_the_subject_as_speaker(run):
    a = run('Lena Ford sings to Mara Lind before asking her, "Where do we go from here?"')
    q = find(a, "Where do we go")
    assert q.attrs["speaker"] == "Lena Ford"


# --- span granularity --------------------------------------------------------------------


def test_quoted_end_of_a_reported_clause_is_mixed_with_the_stop_inside(run):
    a = run('Jane Ortega says the warehouse fire was an "intentional act."')
    q = find(a, "intentional act")
    assert q.label == "mixed"
    assert a.span_text(q).startswith("the warehouse fire")
    assert q.attrs["speaker"] == "Jane Ortega"


def test_stop_inside_or_outside_the_marks_gives_the_same_label(run):
    inside = run('Jane Ortega says the warehouse fire was an "intentional act."')
    outside = run('Jane Ortega says the warehouse fire was an "intentional act".')
    assert find(inside, "intentional act").label == find(outside, "intentional act").label


def test_short_whole_quote_with_its_cue_is_direct(run):
    a = run('"We will win," Tom Vance said after the count.')
    q = find(a, "We will win")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "Tom Vance"
    assert q.attrs["cue_kind"] == "cue"


def test_quote_in_two_pieces_around_its_cue_stays_direct(run):
    a = run('"If he thinks that makes him smart," the narrator says, "what does he think of you?"')
    quotes = [q for q in a.layer("quotes") if q.label not in ("scare", "title")]
    assert [q.label for q in quotes] == ["direct"]
    assert len(quotes[0].attrs["segments"]) == 2


def test_fragment_that_ends_a_sentence_takes_no_cue_from_the_next(run):
    a = run(
        'Freedonia accused the rival leader of "fanatic recklessness." '
        'President Mara Lind said the border would stay closed.'
    )
    q = find(a, "fanatic recklessness")
    assert q.attrs.get("speaker") != "Mara Lind"


def test_pronoun_after_an_unlinked_role_keeps_the_doubt(run):
    a = run(
        "Tobias Renner watched the river rise from the porch of his bakery on Mill Street.\n\n"
        'The mayor said the town would rebuild. "Whatever it takes," he added.'
    )
    q = find(a, "Whatever it takes")
    assert q.attrs["speaker"] == "mayor"
    assert q.attrs["speaker_uncertain"] is True


def test_verb_that_introduces_the_next_quote_is_not_the_cue_of_the_one_before(run):
    a = run('"Of course I believe in ghosts. I was only joking." To which my aunt said, "Thank God you believe in something."')
    first = find(a, "only joking")
    second = find(a, "Thank God")
    assert first is not second
    assert first.attrs.get("speaker") != "my aunt"
    assert second.attrs["speaker"] == "my aunt"


def test_quoted_label_is_a_fragment_not_a_whole_quote(run):
    a = run('Critics called the new stadium "a monument to vanity that the city will regret for decades."')
    q = find(a, "monument to vanity")
    assert q.label == "mixed"


def test_reporter_words_after_the_quote_make_it_mixed(run):
    a = run('Lena Ford told reporters that she "honestly does not know the answer" as to why the vote failed.')
    q = find(a, "honestly does not know")
    assert q.label == "mixed"
    assert a.span_text(q).endswith("why the vote failed")


def test_polnear_eval_scores_a_quote_in_pieces_by_its_segments():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
    import polnear

    piece = Span(0, 200, "direct", attrs={"speaker": "Ana Ruiz", "speaker_start": 60, "speaker_end": 68, "segments": [[0, 40], [150, 200]]})
    (pred,) = polnear.spans_to_attributions([piece])
    assert pred.content == [(0, 40), (150, 200)]
    gold = polnear.Attribution([(0, 40), (150, 200)], [(60, 68)], [], "direct", None, "Ana Ruiz")
    assert polnear.match_one_to_one([pred], [gold]) == [(0, 0)]


def test_a_word_of_someone_s_title_is_not_that_person(run):
    a = run("Matt Lorne, the project lead, built the first version. Years later the project decided to drop the old format.")
    assert all(q.attrs.get("speaker") != "Matt Lorne" for q in a.layer("quotes"))


def test_a_capitalised_role_with_a_name_in_apposition_is_that_person(run):
    a = run('HFA Chief Executive, Padrig Colley, said: "It is impossible to overstate the damage this will do."')
    [q] = [q for q in a.layer("quotes") if q.label == "direct"]
    assert q.attrs["speaker"] == "Padrig Colley"
