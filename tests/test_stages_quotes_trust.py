"""The quotes stage on the failure classes users met on real pages: the right speaker or an
honest doubt, titles that are not speech, one quotation in one span, paragraph breaks,
page furniture, quote-mark floods.

Every article here is written for these tests (invented people and places).
"""

from __future__ import annotations

import pytest

from newsprobe.api import load_pipeline
from newsprobe.article import Article, Span
from newsprobe.settings import load_settings
from newsprobe.stages.quote_calibration import UNCERTAIN_BELOW, calibrated, calibration_key
from newsprobe.stages.quote_marks import find_quotes
from newsprobe.textnorm import normalize_for_matching


@pytest.fixture(scope="module")
def run():
    pipeline = load_pipeline(load_settings(stages="parse,stories,sentences,entities,quotes"))

    def analyse(text: str, title: str | None = None, layers: dict | None = None) -> Article:
        article = pipeline(Article(text, meta={"title": title} if title else None, layers=layers))
        assert not article.provenance.get("errors"), article.provenance.get("errors")
        return article

    return analyse


def find(article: Article, fragment: str) -> Span:
    hits = [q for q in article.layer("quotes") if fragment in article.span_text(q)]
    assert hits, f"no quote contains {fragment!r}: {[article.span_text(q) for q in article.layer('quotes')]}"
    return hits[0]


def speaker_text(article: Article, q: Span) -> str:
    return article.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]]


# --- the right speaker, or an honest doubt -------------------------------------------------


def test_defence_lawyer_she_said_is_not_the_prosecutor(run):
    a = run(
        "Prosecutor Helen Marsh told the jury on Monday that the accountant had hidden the money.\n\n"
        "The trial in Lindford is expected to last three weeks.\n\n"
        "Defence lawyer Carla Mendez stood up after the lunch break.\n\n"
        '"There is not a single document that proves any of this," she said.'
    )
    q = find(a, "not a single document")
    assert q.attrs["speaker"] == "Carla Mendez"
    assert speaker_text(a, q) == "she"


def test_employers_spokesperson_he_said_is_not_the_union_leader(run):
    a = run(
        "Union leader Tom Baker said the pay offer was an insult to every nurse in the region.\n\n"
        "A spokesperson for the employers rejected the criticism on Tuesday.\n\n"
        '"The offer is the best the hospitals can afford this year," he said.'
    )
    q = find(a, "best the hospitals can afford")
    assert q.attrs["speaker"] != "Tom Baker"
    assert "spokesperson for the employers" in q.attrs["speaker"]
    assert q.attrs["speaker_kind"] == "role"


def test_two_fitting_candidates_make_the_speaker_uncertain(run):
    a = run(
        "Councillor Joan Pryce met Councillor Elsa Brandt at the town hall on Friday to discuss the bridge.\n\n"
        "Both later left through a side door.\n\n"
        '"We agreed on nothing at all," she said.'
    )  # until entities version 27 the tagger's miss of "Brandt" alone as a subject here kept both women equally salient
    q = find(a, "agreed on nothing")
    assert q.attrs["speaker_uncertain"] is True
    assert q.attrs["speaker"] in ("Joan Pryce", "Elsa Brandt")
    assert len(q.attrs["speaker_candidates"]) >= 2 and q.attrs["speaker"] in q.attrs["speaker_candidates"]
    assert q.attrs["confidence"] < 0.8


_INTERVIEW = (
    "What the palace interview told us\n\n"
    "Prince Alwin and Marisol, Duchess of Kestrel, sat down with broadcaster Gloria Banks for two hours.\n\n"
    "The pair made several claims on air.\n\n"
    "The {subject} had spoken about strain at court in the past, yet in the conversation with Banks she described "
    "the loneliness at length for the first time.\n\n"
    "She said that court life had left her isolated and that nobody had offered any help.\n"
)


#: (text, words of the quote, a speaker that would be a confident wrong guess): each such guess
#: must be gone or marked uncertain.
NOT_A_CONFIDENT_GUESS = {
    # Banks is named only inside "the conversation with Banks", where "she" is someone else
    "a she whose sentence made another she its subject": (
        _INTERVIEW.format(subject="star"), "court life had left her isolated", "Gloria Banks",
    ),
    # "health care workers" (a stance the learned model finds) spoke after the ministry was cited;
    # sharing the word "health" does not make them the ministry
    "a quote paragraph after another group spoke": (
        "Clinics in the valley near collapse\n\n"
        "Eleven of the 20 clinics in the valley no longer open at all, according to the Health Ministry. The rest run "
        "on a few hours of power a day. Health care workers and cleaners fear that, as winter sets in, the remaining "
        "wards will stop admitting anyone.\n\n"
        "\u201cThe generators are empty and the lights are off. Nobody can be treated here now.\u201d\n\n"
        "\u201cWe have warned about the diesel for weeks,\u201d Dr. Ilan Corvo, who runs the Riverside Clinic, said.",
        "The generators are empty", "Health Ministry",
    ),
    "they, after another group opened the sentence": (
        "Who is we?\n\nSome longtime readers will no doubt reply that the paper has picked a side.\n\n"
        "In any case, the Greens did not nominate a celebrity in 2019; they backed a retired judge and former mayor.",
        "a retired judge", "some longtime readers",
    ),
    "it, after a sentence whose subject is a thing": (
        "The manifestos\n\nOn the other side, Liberals argued the storm proved the need for sea walls.\n\n"
        "The Harbour Party manifesto of 2018 demanded cheaper ferries and fewer harbour fees. It demanded scrapping "
        "the bridge toll as well, along with selling the old lighthouse.",
        "scrapping the bridge toll", "Liberals",
    ),
}


@pytest.mark.parametrize("case", sorted(NOT_A_CONFIDENT_GUESS))
def test_a_speaker_another_subject_could_be_is_in_doubt(run, case):
    text, words, wrong = NOT_A_CONFIDENT_GUESS[case]
    q = find(run(text), words)
    assert q.attrs["speaker"] != wrong or q.attrs["speaker_uncertain"] is True


def test_a_royal_title_is_a_role_a_pronoun_can_point_back_to(run):
    a = run(_INTERVIEW.format(subject="duchess"))
    # since v63 the title's holder, a one-word name ("Marisol, Duchess of Kestrel"); before, the role itself
    assert find(a, "court life had left her isolated").attrs["speaker"] == "Marisol"


def test_she_replied_after_a_reporters_question_is_not_the_reporter(run):
    a = run(
        "New judge sworn in\n\nAt the swearing-in on Friday, a journalist asked Judge Ana Velde, "
        "\u201cWhich cases will be hardest for you?\u201d\n\n"
        "\u201cAny case in which a child has lost a parent stays with me for years,\u201d she replied."
    )
    q = find(a, "Any case in which a child")
    assert q.attrs["speaker"] != "journalist" or q.attrs["speaker_uncertain"] is True
    if q.attrs["speaker"] == "journalist":
        assert "Ana Velde" in q.attrs["speaker_candidates"]  # the one asked is named as the other candidate


def test_a_role_that_is_no_one_in_particular_is_no_antecedent(run):
    a = run(
        "The singer at fifty\n\nFans have fretted about her health for years.\n\n"
        "Maybe the only person who really understands what Mara Quell went through is the singer herself. Critics "
        "should listen when she talks about how much stronger she feels this year."
    )
    assert find(a, "how much stronger she feels").attrs["speaker"] != "only person"


def test_we_in_the_narrative_is_the_writers_not_the_last_organisation(run):
    a = run(
        "Access restored\n\nThe Harbour Court ruled on Thursday that the ban broke the law.\n\n"
        "We hope this ruling gives schoolchildren in Veltria their reference pages back."
    )
    q = find(a, "this ruling gives schoolchildren")
    assert q.attrs["speaker"] == "the authors" and q.attrs["speaker_uncertain"] is True


def test_he_after_a_name_of_unknown_gender_in_its_own_sentence_is_in_doubt(run):
    # "When Tesh asked ..., he refused": Tesh's gender is unknown, the prince's is not
    a = run(
        "Late-night talk\n\nTalk show host Marlo Tesh spent an hour with Prince Alwin.\n\n"
        '"That is a family matter, and it stays one," Prince Alwin added.\n\n'
        'When Tesh asked whether he would name the cousin, he refused, saying "I will keep that between us."'
    )
    q = find(a, "I will keep that between us")
    assert q.attrs["speaker"] == "Prince Alwin" or q.attrs["speaker_uncertain"] is True


def test_gender_from_honorific_picks_the_right_person(run):
    a = run(
        "Mrs. Olwen Tate and Mr. Bram Kessel both spoke at the hearing on the harbour plan.\n\n"
        '"The harbour must stay open to small boats," he said.'
    )
    q = find(a, "harbour must stay open")
    assert q.attrs["speaker"] == "Bram Kessel"


def test_pronoun_never_goes_to_a_name_inside_a_quotation(run):
    a = run(
        'Mayor Ines Farrow said: "Peter Lund built this bridge with his own hands."\n\n'
        '"It will stand for a hundred years," she added.'
    )
    q = find(a, "stand for a hundred years")
    assert (q.attrs["speaker"] or "").endswith("Ines Farrow")


def test_speaker_kind_is_consistent_across_quotes(run):
    a = run(
        '"We will appeal the ruling," Norvik Holdings said in a statement on Monday.\n\n'
        "The court fined the company two million euros.\n\n"
        '"The fine is out of all proportion," Norvik Holdings added.\n\n'
        'Norvik Holdings said the ruling was "deeply flawed" and would be challenged.'
    )
    kinds = {q.attrs["speaker_kind"] for q in a.layer("quotes") if q.attrs.get("speaker") == "Norvik Holdings"}
    assert len(kinds) == 1


def test_headline_is_never_a_speaker(run):
    title = "Harbour Plan Splits Coastal Town Council"
    a = run(
        title + "\n"
        "Harbour Plan Splits Coastal Town Council members said on Monday that the vote would be delayed.\n\n"
        '"We need more time," said Councillor Dev Arora.',
        title=title,
    )
    for q in a.layer("quotes"):
        speaker = q.attrs.get("speaker") or ""
        assert "Harbour Plan" not in speaker and "Splits" not in speaker, speaker
    assert find(a, "We need more time").attrs["speaker"].endswith("Dev Arora")


def test_speakers_keep_the_texts_casing_and_no_fragments(run):
    a = run(
        "An overwhelming 70 percent of Americans said the tax was unfair, according to the survey.\n\n"
        "The spokesperson for the Ministry of Transport said the trains would run again on Sunday.\n\n"
        "Police said two people had been arrested."
    )
    speakers = [q.attrs["speaker"] for q in a.layer("quotes") if q.attrs.get("speaker")]
    poll = [s for s in speakers if "70 percent" in s]
    assert poll and all("Americans" in s and not s.startswith("overwhelming") for s in poll), poll
    assert "police" in speakers  # a common noun at the start of a sentence is not a name
    transport = find(a, "trains would run again")
    assert "Ministry of Transport" in transport.attrs["speaker"]


def test_a_product_or_event_is_not_a_speaker(run):
    a = run(
        "The Boreal Music Festival opened on Friday in Kestrel Bay.\n\n"
        '"Tickets sold out in an hour," said organiser Mira Holt.'
    )
    for q in a.layer("quotes"):
        assert "Festival" not in (q.attrs.get("speaker") or "")


# --- not quotes: titles, nicknames, single words -----------------------------------------


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('Last year she starred in the film "A Winter in Lisbon" with two unknown actors.', "A Winter in Lisbon"),
        ('His memoir, titled "Salt and Iron," sold well in the north.', "Salt and Iron"),
        ('Critics loved Ana Beltran\'s "The Quiet Orchard" when it came out in May.', "The Quiet Orchard"),
        ('Delegates gathered for the "Green Horizons Summit" in the old port.', "Green Horizons Summit"),
        ('The actor Paul Mercer said the prize should have gone to the gentle Irish comedy "Turnips."', "Turnips"),
        ('The senator keeps mocking the rival he calls "Little Lenny." On Monday he did it again.', "Little Lenny"),
    ],
)
def test_titles_of_works_get_the_title_label_and_no_speaker(run, text, fragment):
    a = run(text + ' Officials said the event was "a great success for the city."')
    hits = [q for q in a.layer("quotes") if a.span_text(q).strip(" .,'\"\u201c\u201d") == fragment]
    assert hits, [a.span_text(q) for q in a.layer("quotes")]
    q = hits[0]
    assert q.label == "title"
    assert q.attrs["speaker"] is None and q.attrs["cue"] is None


def test_a_name_and_colon_in_the_headline_is_no_transcript(run):
    a = run(
        "Harbour Smokehouse: Cured Fish, Sold Warm Since Dawn\n\n"
        "Harbour Smokehouse opened in 1961 on the quay. Owner Jonas Pell took over in 1990.\n\n"
        '"We smoke every fish the day it lands," Pell said.',
        title="Harbour Smokehouse: Cured Fish, Sold Warm Since Dawn",
    )
    assert all(q.start > a.text.index("\n") for q in a.layer("quotes"))
    assert find(a, "We smoke").attrs["speaker"] == "Jonas Pell"


def test_a_section_label_the_tagger_calls_a_person_is_no_transcript(run):
    # "Background" is tagged PERSON here; only people named outside the labels speak
    a = run(
        "Harbour towns are testing new ferry timetables, and the crews say the change is tiring.\n\n"
        "Background: Ferry operators have been trialling longer timetables since spring, adding night crossings "
        "and even a second boat on busy weekends.\n\n"
        "- At a meeting on Monday, officials in Dalmere said that they had set aside $2 million for the trial."
    )
    assert not [q for q in a.layer("quotes") if q.attrs.get("speaker") == "Background"]
    assert not [q for q in a.layer("quotes") if a.span_text(q).startswith("Ferry operators have been")]


@pytest.mark.parametrize("subject, name", [
    ("President and Chief Financial Officer of Tidewater Market Rhona Pettigrew", "Rhona Pettigrew"),
    ("the lawyer for Dana Quill", "lawyer for Dana Quill"),
    ("a spokesman for Mr. Quill", "spokesman for Mr. Quill"),
])
def test_a_role_run_on_into_a_name_is_that_person_not_the_bare_title(run, subject, name):
    a = run(
        "Bakers warn of dearer bread\n\n"
        f"Shoppers should expect dearer bread well into next year, {subject} said on Monday, adding that the chain "
        "is absorbing what it can."
    )
    assert find(a, "Shoppers should expect").attrs["speaker"] == name


def test_a_role_before_another_persons_title_and_name_is_not_that_person(run):
    a = run(
        "Bakers warn of dearer bread\n\n"
        "Shoppers should expect dearer bread well into next year, a top adviser to President Ana Vale said on Monday."
    )
    assert find(a, "Shoppers should expect").attrs["speaker"] != "Ana Vale"


def test_a_group_named_after_a_proper_noun_keeps_its_capital_at_sentence_start(run):
    a = run(
        "Why the migration dragged on\n\n"
        "The move to Lua 5 took three years. Lua developers at many firms complained that the gains of the new "
        "release were too small to be worth a rewrite.\n\nOfficials said the review would wait."
    )
    assert find(a, "the gains of the new release").attrs["speaker"] == "Lua developers at many firms"
    assert find(a, "the review would wait").attrs["speaker"] == "officials"  # a capital only the sentence gives


def test_a_capitalised_verb_in_a_list_of_titles_or_a_passive_heading_is_no_cue(run):
    a = run(
        "Her career\n\n"
        "Over three decades her screen credits ran long: Harbour Lights, Nora\u2019s Closet, Look Who\u2019s Singing and more.\n\n"
        "Drivers Told to Avoid Coast Road During Repairs\n\n"
        "The council said the works would end in May."
    )
    texts = [a.span_text(q) for q in a.layer("quotes")]
    assert not any("Singing" in t or "Avoid Coast Road" in t for t in texts), texts
    assert find(a, "the works would end in May").attrs["speaker"] == "council"


def test_a_verb_that_introduces_the_next_quote_is_not_the_cue_of_the_one_before(run):
    a = run(
        "The thread\n\nThe messages show a lighter side.\n\n"
        "In the thread, Lena Ortiz answers Colm Berry with, \u201cTonight? Wasn\u2019t that the night of the gala?\u201d "
        "Berry then writes back, \u201cYou never forget a party.\u201d"
    )
    assert find(a, "Wasn\u2019t that the night").attrs["speaker"] == "Lena Ortiz"
    assert find(a, "You never forget a party").attrs["speaker"] == "Colm Berry"


def test_single_quoted_word_is_never_speech(run):
    a = run('The striker, known to fans as "Hammer," scored twice, the coach said.')
    (q,) = [q for q in a.layer("quotes") if a.span_text(q).strip(",") == "Hammer"]
    assert q.label in ("scare", "title") and q.attrs["speaker"] is None


# --- one quotation, one span; paragraphs -------------------------------------------------


def test_two_segments_are_one_quote(run):
    a = run('"The river has never been this low," said farmer Petra Vogel, "and the wells are dry too."')
    quotes = [q for q in a.layer("quotes") if q.label == "direct"]
    assert len(quotes) == 1
    q = quotes[0]
    assert q.attrs["speaker"] == "Petra Vogel"
    (s1, e1), (s2, e2) = q.attrs["segments"]
    assert a.text[s1:e1].startswith("The river") and a.text[s2:e2].startswith("and the wells")
    assert q.start == s1 and q.end == e2


def test_said_name_then_a_new_sentence_is_one_quote(run):
    a = run('"We will rebuild the school," said Tomas Ortega. "The children deserve it."')
    direct = [q for q in a.layer("quotes") if q.label == "direct"]
    assert len(direct) == 1 and len(direct[0].attrs["segments"]) == 2
    assert direct[0].attrs["speaker"] == "Tomas Ortega"


def test_quote_does_not_cross_a_blank_line(run):
    a = run(
        'The mayor called the plan "a first step\n\n'
        'The council will vote in June," a clerk said.'
    )
    for q in a.layer("quotes"):
        assert "\n\n" not in a.span_text(q), a.span_text(q)


def test_reported_clause_does_not_cross_a_paragraph_break(run):
    a = run("The minister said the new road would open in May and\n\nthe tunnel would follow in the autumn of next year.")
    for q in a.layer("quotes"):
        assert "\n" not in a.span_text(q), a.span_text(q)


def test_real_multi_paragraph_quotation_is_kept(run):
    a = run(
        'Governor Lise Aalto spoke for an hour. "We have cut the waiting lists in half. '
        "Every clinic in the province now opens on Saturdays.\n\n"
        '"And next year we will do the same for the schools," she said.'
    )
    q = find(a, "cut the waiting lists")
    assert "next year we will do the same" in a.span_text(q)


# --- furniture -----------------------------------------------------------------------------


def test_quote_inside_furniture_is_dropped(run):
    body = '"The bridge will reopen on Monday," said engineer Rui Santos.\n\n'
    related = 'Related: "Ferry prices double overnight," says the union'
    text = body + related
    furniture = [Span(len(body), len(text), "related")]
    a = run(text, layers={"furniture": furniture})
    texts = [a.span_text(q) for q in a.layer("quotes")]
    assert any("bridge will reopen" in t for t in texts)
    assert not any("Ferry prices" in t for t in texts)


# --- calibration and floods ----------------------------------------------------------------


def test_confidence_and_uncertainty_agree(run):
    a = run(
        '"The bridge will reopen on Monday," said engineer Rui Santos.\n\n'
        "Santos met the contractor, Paulo Reis, on Tuesday.\n\n"
        '"There is no more delay," he said.'
    )
    for q in a.layer("quotes"):
        if q.attrs.get("speaker"):
            assert 0 <= q.attrs["confidence"] <= 1
            if q.attrs["confidence"] < UNCERTAIN_BELOW:
                assert q.attrs["speaker_uncertain"] is True


def test_calibration_key_backs_off_to_coarser_keys():
    key = calibration_key("direct", {"cue_kind": "cue", "speaker_via": "never-seen-path"})
    assert key == "direct|cue|never-seen-path"
    value = calibrated(key, 0.42)
    assert 0.0 <= value <= 1.0


def test_quote_mark_flood_pairs_in_order():
    text = " ".join(f'"item {i}" he said' for i in range(5000))  # 10,000 marks
    regions = find_quotes(text, normalize_for_matching(text))
    assert len(regions) == 5000
    assert all(text[r.start : r.end] == f"item {i}" for i, r in enumerate(regions))


def test_unbalanced_flood_gives_no_quotes_and_no_error(run):
    a = run("He said " + " ".join('"x' for _ in range(2000)) + ".")
    assert all(q.end > q.start for q in a.layer("quotes"))


# --- quotes v5: no confident speaker across a change of speaker, doubt from the entities ----


def test_carried_quote_after_another_person_is_named_is_uncertain(run):
    a = run(
        '"We will not close the library," Mayor Dana Whitfield said on Monday. '
        "Council president Robert Okafor disagreed and called a vote. "
        '"The budget has room for it."'
    )
    first = find(a, "We will not close")
    assert first.attrs["speaker"] == "Dana Whitfield" and first.attrs["speaker_uncertain"] is False
    q = find(a, "The budget has room")
    assert "segments" not in first.attrs  # another sentence sits between: not one quotation
    assert q.attrs["cue_kind"] == "carried"
    assert q.attrs["speaker_uncertain"] is True
    assert set(q.attrs["speaker_candidates"]) == {"Dana Whitfield", "Robert Okafor"}


def test_carried_quote_with_no_other_person_keeps_its_speaker(run):
    a = run(
        '"We will not close the library," Mayor Dana Whitfield said on Monday. '
        "The council met for two hours. "
        '"The budget has room for it."'
    )
    q = find(a, "The budget has room")
    assert q.attrs["speaker"] == "Dana Whitfield"
    assert q.attrs["speaker_uncertain"] is False


def test_carried_quote_follows_the_latest_speaker_not_the_first(run):
    a = run(
        "Nurse Leah Varga said the ward was full.\n\n"
        '"We had people sleeping in the corridors," Varga said. Hospital director Omar Fitch said the figures were wrong. '
        '"Every patient had a bed."'
    )
    q = find(a, "Every patient had a bed")
    assert q.attrs["speaker"] == "Omar Fitch"


def test_surname_the_entities_stage_marks_ambiguous_gives_an_uncertain_speaker(run):
    a = run(
        "Dana Lopez, a nurse, and her brother Colin Lopez, a pilot, spoke at the hearing. "
        "Later, Lopez told reporters the clinic should stay open."
    )
    q = find(a, "the clinic should stay open")
    assert q.attrs["speaker_uncertain"] is True
    assert set(q.attrs["speaker_candidates"]) >= {"Dana Lopez", "Colin Lopez"}


def test_short_name_two_people_share_gives_an_uncertain_speaker(run):
    a = run(
        "Jordan Hale, a nurse, said the ward was full. Sam Hale, her brother, told reporters he had waited for hours.\n\n"
        'Hale said the hospital "needs more beds."'
    )
    q = find(a, "needs more beds")
    assert q.attrs["speaker_uncertain"] is True
    assert set(q.attrs["speaker_candidates"]) == {"Jordan Hale", "Sam Hale"}


def test_a_place_saying_i_is_not_a_confident_speaker(run):
    a = run('The man who lives near Elm Street in Brookhaven said he saw the fire. "I ran out with my kids," Brookhaven said.')
    q = find(a, "I ran out with my kids")
    assert q.attrs["speaker"] is None or q.attrs["speaker_uncertain"] is True


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('Speaking at the summit, chief executive Priya Raman said the firm would grow. Speaking said the plan was "a disaster for the climate."', "a disaster for the climate"),
        ('After the storm, latest said the bridge "will open in May."', "will open in May"),
    ],
)
def test_lower_case_lone_fragment_is_never_a_speaker(run, text, fragment):
    # a bare lower-case word (no article) that cannot speak: a misparse, not a speaker
    q = find(run(text), fragment)
    assert q.attrs["speaker"] is None
    assert q.attrs["speaker_uncertain"] is True


def test_a_role_with_an_article_stays_a_speaker(run):
    a = run("The announcer said the race would start an hour late.")
    q = find(a, "the race would start")
    assert q.attrs["speaker"] == "announcer"


def test_shared_surname_after_one_full_name_nearby_is_that_person(run):
    a = run(
        "Dana Lopez, a nurse, and her brother Colin Lopez, a pilot, spoke at the hearing in March.\n\n"
        "The clinic has 40 beds and a waiting list of six months.\n\n"
        "On Friday Colin Lopez flew to the capital. Lopez told reporters the clinic should stay open."
    )
    q = find(a, "the clinic should stay open")
    assert q.attrs["speaker"] == "Colin Lopez"
    assert q.attrs["speaker_uncertain"] is False


def test_an_unnamed_man_is_a_speaker(run):
    a = run("Police were called to the bakery on Friday. The man said he had only wanted to buy bread.")
    q = find(a, "he had only wanted to buy bread")
    assert q.attrs["speaker"] == "man"
    assert q.attrs["speaker_uncertain"] is False


def test_role_phrase_drops_an_unclosed_bracket():
    from newsprobe.stages.quote_people import phrase_as_written

    text = "A spokesperson for the Guild of Ferry Operators (GFO said"
    assert phrase_as_written(text, 2, 48, sentence_initial=False) == "spokesperson for the Guild of Ferry Operators"
    closed = "the Guild of Ferry Operators (GFO) branch"
    assert phrase_as_written(closed, 0, len(closed), sentence_initial=False) == closed[4:]


def test_a_speaker_the_tagger_calls_a_place_is_uncertain(run):
    # the small model tags this invented name LOC: a street or a building never speaks, and a
    # person misread as a place is a doubt, never a confident speaker
    a = run('"The pier is safe," said Ines Prado, the harbour master.')
    ents = {a.span_text(e): e.label for e in a.layer("entities")}
    q = find(a, "The pier is safe")
    if ents.get("Ines Prado") in ("LOC", "FAC"):
        assert q.attrs["speaker_uncertain"] is True
        assert q.attrs["speaker_via"].startswith("place")
    else:
        assert q.attrs["speaker"] == "Ines Prado"


def test_same_person_matches_short_and_full_names():
    from newsprobe.stages.quote_trust import same_person

    assert same_person("Warren", "Elizabeth Warren")
    assert not same_person("Robert Okafor", "Dana Whitfield")


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        ("Normally, about 40 ferries a week cross the bay, according to the Harbor Press news agency.", "40 ferries", "Harbor Press"),
        ("The storm closed six roads, the Coastline Herald newspaper reported.", "closed six roads", "Coastline Herald"),
    ],
)
def test_an_outlet_descriptor_gives_the_outlets_name(run, text, fragment, speaker):
    q = find(run(text), fragment)
    assert q.attrs["speaker"] == speaker
    assert q.attrs["speaker_kind"] == "org"


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        ('The council voted on the plan on Tuesday. "This is a disgrace," someone at the meeting shouted.', "a disgrace", "someone at the meeting"),
        ("Some residents welcomed the decision. Others said the new road would bring more traffic.", "more traffic", "others"),
    ],
)
def test_indefinite_pronoun_is_the_speaker_as_written(run, text, fragment, speaker):
    q = find(run(text), fragment)
    assert q.attrs["speaker"] == speaker
    assert q.attrs["speaker_via"] == "indefinite"


def test_without_descriptor_only_drops_an_outlet_noun_tail():
    from newsprobe.stages.quote_people import without_descriptor

    assert without_descriptor("Harbor Press news agency") == "Harbor Press"
    assert without_descriptor("Ministry of defence") == "Ministry of defence"
    assert without_descriptor("the agency") == "the agency"
    assert without_descriptor("Coastline Herald") == "Coastline Herald"


def test_doubt_carries_down_a_chain_of_uncued_quotes(run):
    a = run(
        "Senate President Mara Quill opened the debate on Tuesday.\n\n"
        '"We will sit until midnight if we must," Quill said, before handing the floor to Finance Minister Tomas Berg.\n\n'
        '"This budget protects every pension in the country."\n\n'
        '"It is the fairest plan in a decade."'
    )
    assert find(a, "We will sit").attrs["speaker_uncertain"] is False
    for fragment in ("This budget protects", "the fairest plan"):
        q = find(a, fragment)
        assert q.attrs["speaker_uncertain"] is True
        assert "Tomas Berg" in q.attrs["speaker_candidates"]


def test_indefinite_pointing_back_is_uncertain(run):
    a = run("The ferry owners met the minister on Monday, many of whom said the new tax would close their routes.")
    q = find(a, "the new tax would close")
    assert q.attrs["speaker_uncertain"] is True


def test_a_name_only_a_headline_with_a_full_stop_writes_is_no_speaker_name(run):
    a = run(
        "Corvane Lays Out Plan For Harbour Towers.\n\n"
        "Mayor Ilse Corvane on Monday said the towers would rise by 2030. Corvane said that the council would vote in May."
    )
    assert all("Lays" not in (q.attrs.get("speaker") or "") for q in a.layer("quotes"))


def _learned(speaker: str, confidence: float, kind: str = "learned", uncertain: bool = True, start: int = 0, end: int = 10, **attrs):
    from newsprobe.article import Span

    return Span(start, end, "indirect", attrs={"speaker": speaker, "confidence": confidence, "cue_kind": kind, "speaker_uncertain": uncertain, **attrs})


#: A rule's quote with a confident speaker: the article reports speech.
_SAID = dict(speaker="Ines Marwood", confidence=0.98, kind="cue", uncertain=False)


def test_the_weakest_learned_quotes_with_a_doubtful_lower_case_speaker_are_left_out():
    from newsprobe.stages.quote_noise import drop_noise

    kept = drop_noise([
        _learned(**_SAID),
        _learned("the method", 0.25),  # "The method needs a scale": left out
        _learned("the method", 0.45),  # stronger reading: kept, uncertain
        _learned("Ines Marwood", 0.25),  # a name: kept
        _learned("the method", 0.25, kind="indirect"),  # a rule's quote: kept
        _learned("officials", 0.25, uncertain=False),  # not doubted: kept
    ])
    assert [(s.attrs["speaker"], s.attrs["confidence"], s.attrs["cue_kind"]) for s in kept][1:] == [
        ("the method", 0.45, "learned"), ("Ines Marwood", 0.25, "learned"), ("the method", 0.25, "indirect"), ("officials", 0.25, "learned"),
    ]


def test_learned_and_stance_readings_whose_subject_is_you_are_left_out():
    from newsprobe.stages.quote_noise import drop_noise

    text = "Further down you will find the whole recipe. Ines Marwood said the kiln was ready."
    you = text.index("you")
    kept = drop_noise([
        _learned(**_SAID),
        _learned("", 0.5, start=you + 12, end=35, speaker_start=you, speaker_end=you + 3),  # "you can read ...": the page to its reader
        _learned("", 0.5, start=you + 12, end=35, speaker_start=0, speaker_end=5),  # another subject: kept
        _learned("", 0.5, kind="stance", start=you + 12, end=35, speaker_start=you, speaker_end=you + 3),  # "if you want ...": left out
        _learned("", 0.5, kind="cue", start=you + 12, end=35, speaker_start=you, speaker_end=you + 3),  # '"...," you said': kept
    ], text)
    assert [(s.attrs.get("speaker_start"), s.attrs["cue_kind"]) for s in kept] == [(None, "cue"), (0, "learned"), (you, "cue")]


def test_doubtful_learned_readings_need_an_article_that_reports_speech():
    from newsprobe.stages.quote_noise import drop_noise

    doubtful = [_learned("Quince Vine", 0.5), _learned("this video", 0.55)]
    confident = _learned("the council", 0.9, uncertain=False)
    # a how-to page: no rule finds anyone speaking with a confident speaker
    assert drop_noise([*doubtful, confident]) == [confident]
    # a person the text names: only the model's probability is in doubt ("Ana Kowal has voiced concern about ...")
    named = _learned("Ana Kowal", 0.54, speaker_kind="person", speaker_via="entity")
    assert drop_noise([*doubtful, named]) == [named]
    # a rule's quote whose speaker is itself uncertain does not show reported speech either
    assert drop_noise([_learned("she", 0.5, kind="cue"), *doubtful])[1:] == []
    # news: the same readings stay, marked uncertain
    assert len(drop_noise([_learned(**_SAID), *doubtful, confident])) == 4


def test_a_how_to_page_gets_no_learned_attributions_with_a_guessed_speaker(run):
    # no one speaks with a confident speaker here: the model's guesses are left out
    a = run(
        "How to keep a fig in a tub on a balcony\n\n"
        "A young fig can reach a height of two metres in a big tub. Would you like to try? "
        "This video shows the soil mix we use, and the guide explains how much water the roots need in winter. "
        "Feed the plant every six weeks."
    )
    learned = [q for q in a.layer("quotes") if q.attrs.get("cue_kind") == "learned"]
    assert all(not q.attrs.get("speaker_uncertain") for q in learned)


def test_it_is_hard_to_predict_has_no_speaker_from_another_clause(run):
    a = run("It is tricky to tell how much diesel the ferry actually burns, and even harder to predict how large a bill the council will get.")
    assert all(q.attrs.get("speaker") is None for q in a.layer("quotes") if "bill" in a.span_text(q))
    assert any("bill" in a.span_text(q) for q in a.layer("quotes"))


def test_same_person_needs_a_shared_name_word_not_a_common_one():
    from newsprobe.stages.quote_trust import same_person

    assert same_person("Warren", "Elizabeth Warren")
    assert same_person("Sen. Warren", "Elizabeth Warren")
    assert not same_person("health care workers", "Health Ministry")


def test_a_title_cased_piece_with_no_cue_carries_no_speaker():
    # version 39 (quote_trust.carry_speakers): "Harbour Lights Forever." right after a speaker's
    # quotation, with no cue of its own, is more likely a title than more of her words
    from newsprobe.article import Article
    from newsprobe.stages.quote_post import Found
    from newsprobe.stages.quote_speakers import Speaker
    from newsprobe.stages.quote_trust import carry_speakers

    text = 'Ada Frost said: "We sing every week." "Harbour Lights Forever." "And we never miss a practice."'
    at = text.index
    frost = Speaker("Ada Frost", "person", 0, 9, via="entity")
    said = Found(at("We"), at("week.") + 5, "direct", 0.9, speaker=frost, region=(at("We") - 1, at("week.") + 6))
    title = Found(at("Harbour"), at("Forever.") + 8, "direct", 0.4, inherit_from=0, path="carried", region=(at("Harbour") - 1, at("Forever.") + 9))
    more = Found(at("And"), at("practice.") + 9, "direct", 0.4, inherit_from=0, path="carried", region=(at("And") - 1, at("practice.") + 10))
    carry_speakers([said, title, more], Article(text))
    assert title.speaker is None
    assert more.speaker is not None and more.speaker.name == "Ada Frost"


def test_an_ing_cue_inside_what_another_verb_reports_is_a_guess(run):
    # quotes v50: "Others reported supervisors demanding credit ...": what the supervisors
    # demanded is the others' report, not the supervisors' words (was "supervisors" at 0.95)
    a = run("Staff survey\n\nSeveral lecturers reported managers quietly demanding credit for papers they had barely read.")
    q = next(q for q in a.layer("quotes") if "barely read" in a.text[q.start : q.end] and q.attrs.get("speaker") == "managers")
    assert q.attrs.get("speaker_uncertain") is True, q.attrs


def test_a_direct_quote_chanted_in_a_reported_clause_keeps_its_speaker(run):
    # guard for v50: the words in quote marks are the chanters' own
    a = run('March\n\nWitnesses said protesters were chanting "Open the port" outside the hall.')
    q = next(q for q in a.layer("quotes") if "Open the port" in a.text[q.start : q.end])
    assert q.attrs.get("speaker") == "protesters" and not q.attrs.get("speaker_uncertain"), q.attrs


def test_an_ing_cue_around_a_quoted_phrase_in_what_another_verb_reports_is_a_guess(run):
    # quotes v50: the same with quoted words in the reported clause (a mixed quote)
    a = run("Staff survey\n\nSeveral lecturers reported managers unfairly demanding \u201ca share of the credit\u201d for papers they had barely read.")
    q = next(q for q in a.layer("quotes") if "share of the credit" in a.text[q.start : q.end])
    assert q.attrs.get("speaker") == "managers" and q.attrs.get("speaker_uncertain") is True, q.attrs
