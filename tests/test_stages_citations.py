"""The citations stage on our own sentences: every kind of cited source, quote links, ratings,
signals, user outlet files and hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprobe.article import Article, Span
from newsprobe.pipeline import Context, Pipeline, registered_stages
from newsprobe.settings import Settings

BEFORE = ("parse", "stories", "sentences", "entities")


@pytest.fixture(scope="module")
def run():
    """Runs parse..entities, sets the quotes layer by hand, then citations (spaCy loads once)."""
    specs = registered_stages()
    fns = {n: specs[n].factory(Settings()) for n in BEFORE}
    cit = {"": specs["citations"].factory(Settings())}

    def _run(text: str, quotes: list[Span] | None = None, settings: Settings | None = None) -> Article:
        article = Article(text)
        ctx = Context(article=article, settings=settings or Settings())
        for name in BEFORE:
            fn = fns[name]
            fn.pipe([(article, ctx)]) if hasattr(fn, "pipe") else fn(article, ctx)
        article.with_layer("quotes", quotes or [])
        key = settings.outlets_file if settings else ""
        if key not in cit:
            cit[key] = specs["citations"].factory(settings)
        cit[key](article, ctx)
        return article

    return _run


def _found(article: Article) -> list[tuple[str, str, str]]:
    return [(s.label, article.span_text(s), s.attrs["source"]) for s in article.layer("citations")]


def _one(article: Article, label: str) -> Span:
    hits = [s for s in article.layer("citations") if s.label == label]
    assert len(hits) == 1, _found(article)
    return hits[0]


# --- outlets ---------------------------------------------------------------------------------
def test_outlet_as_subject_of_a_reporting_verb(run):
    a = run("The Guardian reported on Tuesday that the bridge would close for a year.")
    s = _one(a, "outlet")
    assert a.span_text(s) == "The Guardian"
    assert s.attrs["source"] == "The Guardian" and s.attrs["domain"] == "theguardian.com"
    assert s.attrs["cue"] == "reported" and a.text[s.attrs["cue_start"]:s.attrs["cue_end"]] == "reported"
    assert any(r["list"] == "wikipedia-perennial" for r in s.attrs["rating"])


def test_according_to_an_outlet_covers_the_phrase(run):
    a = run("The harbour will reopen next week, according to Xinhua.")
    s = _one(a, "outlet")
    assert a.span_text(s) == "according to Xinhua" and s.attrs["source"] == "Xinhua"
    assert s.attrs["cue"] == "according to"


def test_courtesy_of_and_dateline_and_the_ap(run):
    a = run("NAIROBI (Reuters) - Floods closed the main road. Photo courtesy of Al Jazeera. "
            "Officials confirmed the figures, the AP said.")
    found = _found(a)
    assert ("outlet", "(Reuters)", "Reuters") in found
    assert ("outlet", "courtesy of Al Jazeera", "Al Jazeera") in found
    assert ("outlet", "the AP", "Associated Press") in found


def test_told_an_outlet_gives_the_outlet_and_the_person(run):
    a = run("Maria Ortega told Fox News that the budget was balanced.")
    found = _found(a)
    assert ("outlet", "Fox News", "Fox News") in found
    assert ("person", "Maria Ortega", "Maria Ortega") in found


def test_headline_credit_interview_and_outlet_anaphor(run):
    a = run("PolitiFact: the claim is false\nTime: 10 am\nThe mayor spoke in an interview with the BBC on Friday. "
            "The deal was first reported by The Washington Post. The newspaper has also detailed the costs.")
    found = _found(a)
    assert ("outlet", "PolitiFact", "PolitiFact") in found
    assert not any(src == "Time" for _, _, src in found)  # a common word before a colon is no credit
    assert ("outlet", "interview with the BBC", "BBC") in found
    assert ("outlet", "reported by The Washington Post", "The Washington Post") in found
    anaphor = next(s for s in a.layer("citations") if a.span_text(s) == "The newspaper")
    assert anaphor.label == "outlet" and anaphor.attrs["source"] == "The Washington Post"
    assert a.text[slice(*anaphor.attrs["refers_to"])] == "reported by The Washington Post"


def test_outlet_ratings_come_from_the_registry_lists(run):
    a = run("Breitbart claimed the count was wrong.")
    s = _one(a, "outlet")
    lists = sorted(r["list"] for r in s.attrs["rating"])
    assert lists == ["opensources", "wikipedia-perennial"]


# --- organisations, people, documents, social, vague ------------------------------------------
def test_organisations_and_officials_as_sources(run):
    a = run("Police said three cars were damaged. The ministry said in a statement that it would appeal. "
            "The World Bank warned that growth would slow.")
    found = _found(a)
    assert ("organisation", "Police", "Police") in found
    assert ("organisation", "The ministry", "The ministry") in found
    assert any(label == "organisation" and "World Bank" in src for label, _, src in found)


def test_person_source_uses_the_entity_canonical_name(run):
    a = run("Finance Minister Maria Ortega spoke in the morning. Ortega said the reserves were sound.")
    s = _one(a, "person")
    assert a.span_text(s) == "Ortega" and s.attrs["source"] == "Maria Ortega"


def test_documents_and_leaks(run):
    a = run("Emails leaked to a website show the mayor knew about the contract. "
            "A report by Amnesty International found that the camps were overcrowded.")
    docs = [s for s in a.layer("citations") if s.label == "document"]
    assert [a.span_text(s) for s in docs] == ["Emails leaked to a website", "A report by Amnesty International"]
    assert docs[1].attrs["source"] == "Amnesty International" and docs[1].attrs["cue"] == "found"


def test_document_by_an_outlet_carries_its_rating(run):
    a = run("According to documents seen by The Washington Post, the deal was signed in May.")
    s = _one(a, "document")
    assert s.attrs["source"] == "The Washington Post" and s.attrs["domain"] == "washingtonpost.com"
    assert s.attrs["rating"]


def test_a_tally_from_a_city_based_outlet_is_that_outlet_s_document(run):
    # citations v9: "count" and "tally" are documents, and their maker is the outlet, not the
    # city before it (the whole phrase was an "organisation")
    a = run("Marsh, according to a tally from the London-based Guardian, has the backing of six mayors.")
    s = _one(a, "document")
    assert s.attrs["source"] == "The Guardian" and s.attrs["domain"] == "theguardian.com"


def test_social_posts_with_their_author(run):
    a = run("Senator Paul Brennan wrote on Twitter that the vote was a disgrace. "
            "In a post on X, the governor denied any wrongdoing.")
    posts = [s for s in a.layer("citations") if s.label == "social"]
    assert [a.span_text(s) for s in posts] == ["wrote on Twitter", "In a post on X"]
    assert posts[0].attrs["source"] == "Paul Brennan" and posts[0].attrs["platform"] == "Twitter"
    assert posts[1].attrs["platform"] == "X" and posts[1].attrs["source"] == "the governor"
    assert not [s for s in a.layer("citations") if s.label == "person"]  # the post is the citation


@pytest.mark.parametrize(
    "text, evidence",
    [
        ("Some experts say the dam is unsafe.", "Some experts"),
        ("Sources familiar with the talks said a deal was close.", "Sources familiar with the talks"),
        ("Critics argue that the tax hurts farmers.", "Critics"),
        ("The company reportedly lost half its staff.", "reportedly"),
        ("It is believed that the ship sank at night.", "It is believed"),
    ],
)
def test_vague_attributions(run, text, evidence):
    a = run(text)
    s = _one(a, "vague")
    assert a.span_text(s) == evidence and s.attrs["rating"] is None


def test_plain_sentences_cite_nothing(run):
    a = run("The river rose overnight. The figures do not add up. Farmers planted wheat in the spring. "
            "She found the keys in the car. About a dozen people demonstrated outside the hall.")
    assert _found(a) == []


# --- quotes ----------------------------------------------------------------------------------
def test_quote_speakers_become_linked_citations(run):
    text = ('Finance Minister Maria Ortega spoke first. "We will not raise taxes," she said. '
            '"It is a gamble," said a spokesman for the central bank.')
    she = text.index("she said")
    spk = text.index("a spokesman")
    quotes = [
        Span(text.index("We will"), text.index('," she'), "direct", id="q1",
             attrs={"speaker": "Maria Ortega", "speaker_start": she, "speaker_end": she + 3, "speaker_kind": "person",
                    "cue": "said", "cue_start": she + 4, "cue_end": she + 8}),
        Span(text.index("It is"), text.index('," said'), "direct", id="q2",
             attrs={"speaker": "a spokesman for the central bank", "speaker_start": spk,
                    "speaker_end": spk + len("a spokesman for the central bank"), "speaker_kind": "role",
                    "cue": "said", "cue_start": spk - 5, "cue_end": spk - 1}),
        Span(0, 7, "scare", id="q3", attrs={"speaker": None}),
    ]
    a = run(text, quotes)
    by_quote = {s.attrs.get("quote_id"): s for s in a.layer("citations")}
    assert by_quote["q1"].label == "person" and by_quote["q1"].attrs["source"] == "Maria Ortega"
    assert a.span_text(by_quote["q1"]) == "she"
    assert by_quote["q2"].label == "organisation"
    assert "q3" not in by_quote


def test_quote_speaker_overlapping_a_subject_adds_the_link(run):
    text = "The minister said the plan was sound."
    quotes = [Span(text.index("the plan"), len(text) - 1, "indirect", id="q7",
                   attrs={"speaker": "Maria Ortega", "speaker_start": 0, "speaker_end": 12, "speaker_kind": "role"})]
    a = run(text, quotes)
    s = _one(a, "person")
    assert s.attrs["quote_id"] == "q7" and s.attrs["source"] == "Maria Ortega"


def test_vague_wording_inside_a_direct_quote_is_the_speakers(run):
    text = '"People say the river is safe," the mayor said.'
    quotes = [Span(1, text.index(',"'), "direct", id="q1",
                   attrs={"speaker": "the mayor", "speaker_start": text.index("the mayor"),
                          "speaker_end": text.index(" said"), "speaker_kind": "role"})]
    a = run(text, quotes)
    assert [s.label for s in a.layer("citations")] == ["person"]
    assert run(text).layer("citations")[0].label == "vague"  # without the quote it reads as vague


@pytest.mark.parametrize(
    "text, speaker, kind, cue, label",
    [
        # citations v7: the quotes stage gives a document noun speaker the kind "role", and a name
        # inside the phrase ("The Harbourline plan") kept it from reading as a document: a "person"
        ("The Harbourline plan for the disused gravel pit proposes to send forty lorries a week through the village.",
         "Harbourline plan", "role", "proposes", "document"),
        # citations v7: a group the quotes stage found ("community members") fell through to "person"
        ("Community members raised concerns about the pier at the meeting.", "community members", "group", "raised", "vague"),
        # citations v8: a nation's or a party's people ("Canadians", tagged NORP) were an "organisation"
        ("Most Canadians believe the new levy on ferries is unfair to islanders.", "Canadians", "org", "believe", "vague"),
        ("The Kremlin said the talks on the pipeline were over.", "Kremlin", "org", "said", "organisation"),  # a guard
    ],
)
def test_a_speaker_phrase_that_is_no_person_keeps_its_kind(run, text, speaker, kind, cue, label):
    at, end = text.index(cue), text.lower().index(speaker.lower()) + len(speaker)
    quotes = [Span(at + len(cue) + 1, len(text) - 1, "indirect", id="q1",
                   attrs={"speaker": speaker, "speaker_start": 0, "speaker_end": end,
                          "speaker_kind": kind, "cue_start": at, "cue_end": at + len(cue)})]
    assert [(s.label, s.attrs["source"]) for s in run(text, quotes).layer("citations")] == [(label, speaker)]


def test_empty_quotes_layer_and_malformed_quote_attrs(run):
    text = "Police said the road was closed."
    bad = [Span(0, 6, "direct", attrs={"speaker": "X", "speaker_start": "oops", "speaker_end": None})]
    assert _found(run(text, bad)) == _found(run(text, []))


# --- signals, user file, pipeline, hostile input -----------------------------------------------
def test_signals_count_kinds_outlets_and_vague_share(run):
    a = run("The Guardian reported the fire. Some experts say it was arson. Police said nobody was hurt. "
            "According to the Guardian, the fire started at night.")
    sig = a.signals["citations"]
    assert sig["count"] == 4
    assert sig["by_kind"]["outlet"] == 2 and sig["by_kind"]["vague"] == 1 and sig["by_kind"]["organisation"] == 1
    assert sig["outlets"][0]["source"] == "The Guardian" and sig["outlets"][0]["count"] == 2
    assert sig["outlets"][0]["rating"]
    assert sig["vague_share"] == 0.25
    (story_id,) = sig["by_story"]
    assert sig["by_story"][story_id]["count"] == 4
    json.dumps(sig)  # JSON-safe


def test_user_outlets_file_is_used(run, tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"name": "Nowhere Gazette", "aliases": ["the Gazette"],
                                "domains": ["nowhere-gazette.example"],
                                "ratings": [{"list": "my-newsroom", "verdict": "trusted"}]}) + "\n")
    a = run("The Nowhere Gazette reported that the mill would close.", settings=Settings(outlets_file=str(path)))
    s = _one(a, "outlet")
    assert s.attrs["source"] == "Nowhere Gazette" and s.attrs["domain"] == "nowhere-gazette.example"
    assert s.attrs["rating"] == [{"list": "my-newsroom", "verdict": "trusted"}]


def test_stage_is_registered_with_its_requirements():
    spec = registered_stages()["citations"]
    assert set(spec.requires) == {"doc", "sentences", "entities", "quotes"}
    assert spec.assigns == ("citations",)


@pytest.mark.skipif("quotes" not in registered_stages(), reason="the quotes stage is not written yet")
def test_runs_in_the_default_pipeline_after_quotes():
    p = Pipeline(["parse", "stories", "sentences", "entities", "quotes", "citations"])
    a = p(Article('"The port is closed," police said. According to Reuters, ships were turned away.'))
    assert "errors" not in a.provenance
    labels = {s.label for s in a.layer("citations")}
    assert {"organisation", "outlet"} <= labels


@pytest.mark.parametrize(
    "text",
    [
        "",
        '"' * 1000,
        "\u201c" * 500 + "according to" * 300,
        "(Reuters) - " * 400,
        "He said " + "word " * 10_000,
        "Der Minister sagte laut Reuters, дело закрыто. 記者によると、 \u202e\u200b",
        "according to",
        "courtesy of",
    ],
    ids=["empty", "1000-straight-marks", "curly-and-cues", "datelines", "10000-word-quote", "mixed-scripts",
         "bare-according", "bare-courtesy"],
)
def test_hostile_input_finishes_without_error(run, text):
    a = run(text)
    for s in a.layer("citations"):
        assert 0 <= s.start < s.end <= len(text)
    assert "citations" in a.signals


# --- places are not organisations ----------------------------------------------------------
def test_officials_of_a_place_are_a_public_body_not_the_place(run):
    a = run("Election officials in Arizona admitted on Monday that the count had run late.")
    s = _one(a, "organisation")
    assert s.attrs["source"] == "Election officials in Arizona"


def test_officials_of_a_named_organisation_cite_the_organisation(run):
    a = run("Officials at the Pentagon said the drill was routine and planned months ago.")
    assert _one(a, "organisation").attrs["source"] == "Pentagon"


def test_experts_of_a_place_stay_vague(run):
    a = run("Experts in Germany say the scheme will fail within a year.")
    assert _one(a, "vague").attrs["source"] == "Experts in Germany"


def test_a_surname_of_a_person_named_before_is_a_person_source(run):
    # spaCy may label a lone surname GPE or ORG and the quote stage call its speaker an
    # organisation: a surname of a person the article named in full is a person
    text = ("Mara Holland, a columnist at the Port Elmsworth Ledger, published a new book on Monday.\n\n"
            "If the ferry levy helps nobody \u2014 as Holland claims in chapter two \u2014 then why keep it?")
    k = text.rindex("Holland")
    quote = Span(text.index("If the"), len(text), "indirect",
                 attrs={"speaker": "Holland", "speaker_start": k, "speaker_end": k + 7, "speaker_kind": "org",
                        "cue": "claims"})
    article = run(text, [quote])
    [q] = article.layer("quotes")
    linked = [s for s in article.layer("citations") if s.attrs.get("quote_id") == q.id]
    assert [(s.label, s.attrs["source"]) for s in linked] == [("person", "Holland")], _found(article)


def test_the_writers_own_words_cite_no_one(run):
    text = "We hope the new ferry timetable sticks this time. I think the night crossing was overdue."
    we, i = text.index("We"), text.index("I think")
    quotes = [
        Span(we + 8, text.index("."), "indirect", id="q1", attrs={"speaker": "the authors", "speaker_start": we, "speaker_end": we + 2, "speaker_kind": "group"}),
        Span(i + 8, len(text) - 1, "indirect", id="q2", attrs={"speaker": "the author", "speaker_start": i, "speaker_end": i + 1, "speaker_kind": "person"}),
    ]
    a = run(text, quotes)
    assert _found(a) == []


def test_a_citation_from_an_uncertain_speaker_carries_the_doubt(run):
    text = ("Ferry crews were told on Monday that night crossings would end. The timetable says "
            "crossings will stop at ten. Tomas Brandt said the change was rushed, and he added that crews were not asked.")
    tt = text.index("The timetable")
    he = text.index("he added")
    ts = text.index("Tomas Brandt")
    quotes = [
        Span(text.index("crossings will"), text.index(" at ten"), "indirect", id="q1",
             attrs={"speaker": "timetable", "speaker_start": tt, "speaker_end": tt + 13, "speaker_kind": "role",
                    "speaker_uncertain": True, "cue": "says"}),
        Span(text.index("the change"), text.index(", and he"), "indirect", id="q2",
             attrs={"speaker": "Tomas Brandt", "speaker_start": ts, "speaker_end": ts + 12, "speaker_kind": "person",
                    "cue": "said"}),
        Span(text.index("crews were not"), len(text) - 1, "indirect", id="q3",
             attrs={"speaker": "Tomas Brandt", "speaker_start": he, "speaker_end": he + 2, "speaker_kind": "person",
                    "speaker_uncertain": True, "cue": "added"}),
    ]
    a = run(text, quotes)
    by_quote = {s.attrs.get("quote_id"): s for s in a.layer("citations")}
    assert by_quote["q1"].attrs.get("speaker_uncertain") is True  # the quotes stage doubts this speaker
    assert by_quote["q3"].attrs["source"] == "Tomas Brandt" and by_quote["q3"].attrs.get("speaker_uncertain") is True
    assert "speaker_uncertain" not in by_quote["q2"].attrs


def test_a_guessed_reading_whose_subject_cannot_speak_cites_no_one(run):
    # the quotes stage's learned cues also read "this method shows" as an attribution, with the
    # method as an uncertain speaker: listed as a cited "person" it was noise on how-to pages
    text = ("Home scales are cheap. This method shows that body fat falls when people walk daily. "
            "The group said it would publish new advice next week. Thousands of residents argued that the clinic should stay open. "
            "The device suggests that your weight is stable, Dr. Lena Osei wrote.")

    def quote(qid: str, content: str, speaker: str, where: str, **extra: object) -> Span:
        s = text.index(where)
        return Span(text.index(content), text.index(content) + len(content), extra.pop("label", "indirect"), id=qid,  # type: ignore[arg-type]
                    attrs={"speaker": speaker, "speaker_start": s, "speaker_end": s + len(where), "speaker_kind": "role",
                           "speaker_uncertain": True, "cue": "shows", **extra})

    quotes = [
        quote("q1", "body fat falls when people walk daily", "this method", "This method"),
        quote("q2", "it would publish new advice next week", "group", "The group"),
        quote("q3", "the clinic should stay open", "thousands of residents", "Thousands of residents"),
        quote("q4", "your weight is stable", "device", "The device", label="direct"),
    ]
    a = run(text, quotes)
    by_quote = {s.attrs.get("quote_id"): s for s in a.layer("citations")}
    assert "q1" not in by_quote, _found(a)  # a method does not speak
    assert {"q2", "q3"} <= set(by_quote), _found(a)  # a group and residents do, even when the reading is a guess
    assert "q4" in by_quote  # a direct quotation keeps its (doubted) source: the words are someone's
