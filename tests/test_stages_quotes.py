"""The quotes stage: direct, indirect, mixed and scare quotes with resolved speakers.

Every article here is written for these tests. spaCy loads once per module (the pipeline
is cached by ``load_pipeline``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsprobe.api import load_pipeline
from newsprobe.article import Article, Span
from newsprobe.settings import load_settings
from newsprobe.stages.quote_marks import find_quotes, pair_double
from newsprobe.textnorm import normalize_for_matching

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "eval"))
import polnear  # noqa: E402

ATTR_KEYS = {"speaker", "speaker_start", "speaker_end", "speaker_kind", "cue", "cue_start", "cue_end", "confidence"}


@pytest.fixture(scope="module")
def run():
    pipeline = load_pipeline(load_settings(stages="parse,stories,sentences,entities,quotes"))

    def analyse(text: str) -> Article:
        article = pipeline(Article(text))
        assert not article.provenance.get("errors"), article.provenance.get("errors")
        return article

    return analyse


def quotes(article: Article, label: str | None = None) -> list[Span]:
    return [q for q in article.layer("quotes") if label is None or q.label == label]


def find(article: Article, fragment: str) -> Span:
    """The quote span whose text contains ``fragment``."""
    hits = [q for q in article.layer("quotes") if fragment in article.span_text(q)]
    assert hits, f"no quote contains {fragment!r}: {[article.span_text(q) for q in article.layer('quotes')]}"
    return hits[0]


BUDGET = (
    "Finance Minister Maria Ortega presented the budget on Monday.\n\n"
    '"We have made hard choices, and they are paying off," Ortega told reporters in the capital. '
    '"Nobody expected this."\n\n'
    "The minister added that taxes would not rise next year.\n\n"
    "Later she said the opposition's plan was \"a fantasy\" and would fail.\n\n"
    "Police said the protest outside the ministry had been peaceful. "
    "According to the fire service, two cars were damaged.\n\n"
    'Critics questioned the "independent" audit, and the so-called "experts" behind it.'
)


def test_direct_quote_with_speaker_after_it(run):
    a = run(BUDGET)
    q = find(a, "We have made hard choices")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "Maria Ortega"
    assert q.attrs["speaker_kind"] == "person"
    assert a.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "Ortega"
    assert q.attrs["cue"] == "told"
    assert a.text[q.attrs["cue_start"] : q.attrs["cue_end"]] == "told"
    assert ATTR_KEYS <= set(q.attrs) and q.attrs["speaker_uncertain"] is False
    assert 0 < q.attrs["confidence"] <= 1 and q.score == q.attrs["confidence"]
    # the span is the content, without the quote marks
    assert a.span_text(q).startswith("We have") and not a.span_text(q).startswith('"')


def test_following_quote_without_cue_is_a_second_segment(run):
    a = run(BUDGET)
    q = find(a, "Nobody expected this")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "Maria Ortega"
    assert q.attrs["cue"] == "told"
    (first, second) = q.attrs["segments"]
    assert a.text[first[0] : first[1]].startswith("We have made hard choices")
    assert a.text[second[0] : second[1]] == "Nobody expected this."
    assert (q.start, q.end) == (first[0], second[1])


def test_title_the_minister_resolves_to_the_person(run):
    a = run(BUDGET)
    q = find(a, "taxes would not rise")
    assert q.label == "indirect"
    assert q.attrs["speaker"] == "Maria Ortega"
    assert a.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "The minister"
    assert q.attrs["cue"] == "added"
    assert a.span_text(q) == "taxes would not rise next year"


def test_pronoun_and_mixed_quote(run):
    a = run(BUDGET)
    q = find(a, "a fantasy")
    assert q.label == "mixed"
    assert a.span_text(q).startswith("the opposition's plan was")
    assert q.attrs["speaker"] == "Maria Ortega"
    assert a.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "she"


def test_organisations_speak(run):
    a = run(BUDGET)
    police = find(a, "protest outside the ministry")
    assert police.label == "indirect"
    assert police.attrs["speaker"] == "police"
    assert police.attrs["speaker_kind"] == "org"
    fire = find(a, "two cars were damaged")
    assert fire.label == "indirect"
    assert fire.attrs["cue"] == "According to"
    assert fire.attrs["speaker"] == "fire service"
    assert "According" not in a.span_text(fire)


def test_scare_quotes_have_no_speaker(run):
    a = run(BUDGET)
    for fragment in ("independent", "experts"):
        (q,) = [q for q in quotes(a) if a.span_text(q) == fragment]
        assert q.label == "scare"
        assert q.attrs["speaker"] is None and q.attrs["cue"] is None and q.attrs["speaker_start"] is None


def test_a_quoted_phrase_in_a_subordinate_clause_is_not_what_the_main_verb_reports(run):
    a = run(
        'While the so-called "experts" on the radio were busy explaining the delay, county officials '
        "admitted that two scanners had skipped pages. "
        'As the "independent" review went on, the recorder said the count would take a week.'
    )
    for fragment in ("experts", "independent"):
        (q,) = [q for q in quotes(a) if a.span_text(q) == fragment]
        assert q.label == "scare" and q.attrs["speaker"] is None, (fragment, q.label, q.attrs)
    reported = find(a, "two scanners had skipped pages")
    assert reported.label == "indirect" and "officials" in (reported.attrs["speaker"] or "")


def test_a_person_named_in_apposition_is_the_speaker(run):
    a = run(
        'My neighbour Gary Holt, a retired machinist, put it best: "They only remember where we live in October." '
        "Her lawyer, Nadia Brennan, said the charges were baseless. "
        "A spokeswoman, who asked not to be named, said the talks had failed."
    )
    assert find(a, "They only remember").attrs["speaker"] == "Gary Holt"
    assert find(a, "the charges were baseless").attrs["speaker"] == "Nadia Brennan"
    assert find(a, "the talks had failed").attrs["speaker"] == "spokeswoman"


def test_signals(run):
    a = run(BUDGET)
    sig = a.signals["quotes"]
    layer = a.layer("quotes")
    assert sig["count"] == len(layer)
    assert sum(sig["by_label"].values()) == len(layer)
    assert sig["by_label"]["scare"] == 2
    assert sig["by_speaker"]["Maria Ortega"] >= 3
    assert sig["unattributed"] == sum(1 for q in layer if q.label not in ("scare", "title") and not q.attrs["speaker"])
    (story_id,) = sig["by_story"]
    assert story_id == a.layer("stories")[0].id
    assert sig["by_story"][story_id]["count"] == sig["count"]


SUMMIT = (
    "French President Emmanuel Macron arrived in Berlin on Tuesday. "
    "\u201cWe will not give in,\u201d the French President said. \u201cEurope must stand together.\u201d\n\n"
    "Later, he added that talks would continue.\n\n"
    "\u201cWe saw [the mayor\u2019s] plan,\u201d said Anna Lind, a council member, "
    "\u201cand it was \u2018a joke\u2019 from start to finish.\u201d\n\n"
    "\u2018The deadline is Friday and nobody will move it,\u2019 a spokesman for the ministry said.\n\n"
    "The union said its members would strike. They said the offer was an insult to every worker.\n\n"
    "\u201cIt is a fair offer and we stand by it,\u201d Acme Corp said in a statement. "
    "As Reuters put it, the talks had collapsed."
)


def test_title_with_nationality_and_pronoun(run):
    a = run(SUMMIT)
    q = find(a, "We will not give in")
    assert q.attrs["speaker"] == "Emmanuel Macron"
    assert a.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "the French President"
    he = find(a, "talks would continue")
    assert he.attrs["speaker"] == "Emmanuel Macron"
    assert he.attrs["speaker_kind"] == "person"


def test_speaker_inside_the_quote_nested_and_bracketed(run):
    a = run(SUMMIT)
    first = find(a, "We saw [the mayor\u2019s] plan")
    second = find(a, "\u2018a joke\u2019 from start")
    assert first.label == second.label == "direct"
    assert first.attrs["speaker"] == second.attrs["speaker"] == "Anna Lind"
    assert first.attrs["cue"] == second.attrs["cue"] == "said"
    # the nested single quote stays inside the outer quote: no separate span
    assert not any(a.span_text(q) == "a joke" for q in quotes(a))


def test_single_curly_quotes_and_role_speaker(run):
    a = run(SUMMIT)
    q = find(a, "The deadline is Friday")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "spokesman for the ministry"
    assert q.attrs["speaker_kind"] == "role"


def test_they_resolves_to_the_organisation(run):
    a = run(SUMMIT)
    q = find(a, "an insult to every worker")
    assert q.attrs["speaker"] == "union"
    assert a.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "They"


def test_company_statement_and_as_reuters_put_it(run):
    a = run(SUMMIT)
    acme = find(a, "fair offer")
    assert acme.attrs["speaker"] == "Acme Corp" and acme.attrs["speaker_kind"] == "org"
    reuters = find(a, "talks had collapsed")
    assert reuters.label == "indirect"
    assert reuters.attrs["speaker"] == "Reuters"
    assert reuters.attrs["cue"] == "put it"


def test_straight_and_curly_marks_give_the_same_quotes(run):
    straight = SUMMIT.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    a, b = run(SUMMIT), run(straight)
    assert [(q.start, q.end, q.label, q.attrs["speaker"]) for q in quotes(a, "direct")] == [
        (q.start, q.end, q.label, q.attrs["speaker"]) for q in quotes(b, "direct")
    ]


def test_multi_paragraph_quote(run):
    text = (
        'John Park, the head of the union, spoke after the vote. "We asked for a fair deal and we were '
        "ignored for a year.\n\n"
        '"Now our members have decided to act, and nothing will change that," Park said.'
    )
    a = run(text)
    q = find(a, "We asked for a fair deal")
    assert q.label == "direct"
    assert "nothing will change that" in a.span_text(q)  # one span over both paragraphs
    assert q.attrs["speaker"] == "John Park"


def test_unbalanced_mark_does_not_spoil_the_rest(run):
    text = (
        'The report opened with a stray " mark and never closed it.\n\n'
        '"The figures are wrong and we will prove it," Senator Lee Walsh said on Friday.'
    )
    a = run(text)
    q = find(a, "The figures are wrong")
    assert q.attrs["speaker"] == "Lee Walsh"
    assert not any("stray" in a.span_text(x) for x in quotes(a))


def test_doubled_single_marks_as_quotes(run):
    text = "``We are not done yet,'' Governor Ruth Adler said at the rally."
    a = run(text)
    q = find(a, "We are not done yet")
    assert q.label == "direct" and q.attrs["speaker"] == "Ruth Adler"


def test_transcript_speaker_and_dash_signature(run):
    text = (
        "Interviewer Tom Hale spoke with Senator Grace Lin on Sunday.\n\n"
        "HALE: Will you run again next year?\n\n"
        "LIN: I have not decided, and I will tell voters first.\n\n"
        "\u201cThe town deserves better roads and cleaner water.\u201d \u2014 Rosa Diaz"
    )
    a = run(text)
    lin = find(a, "I have not decided")
    assert lin.attrs["speaker"] == "Grace Lin"
    assert lin.attrs["cue"] == ":"
    rosa = find(a, "better roads")
    assert rosa.attrs["speaker"] == "Rosa Diaz"


def test_reporting_verb_with_unquoted_clause_is_not_taken_for_a_quote(run):
    text = 'The senator said the bill would fail. "That is simply false," the mayor replied.'
    a = run(text)
    senate = find(a, "the bill would fail")
    assert senate.label == "indirect"
    reply = find(a, "That is simply false")
    assert reply.attrs["cue"] == "replied"
    assert reply.attrs["speaker"] == "mayor"


def test_empty_and_quote_free_articles(run):
    assert run("").layer("quotes") == ()
    a = run("The river rose two metres overnight. Roads were closed.")
    assert a.layer("quotes") == ()
    assert a.signals["quotes"]["count"] == 0 and a.signals["quotes"]["unattributed"] == 0


def test_hostile_layouts_finish_without_errors(run):
    marks = run('Mayor Ann Cole said " the " plan " was " bad. ' * 100 + '"' * 600)
    assert marks.has_layer("quotes")
    long_quote = run('She said: "' + " ".join(["word"] * 10_000) + '." Then she left.')
    (q,) = quotes(long_quote)
    assert q.label == "direct" and q.length > 40_000
    weird = run("\u202e\u200b\u00ab Bonjour \u00bb a dit le ministre. \U0001F600 \u201c\u201d \u2018\u2019 \u00ab\u00bb \u300c\u6211\u4eec\u300d")
    assert weird.has_layer("quotes")


def test_pairing_survives_thousands_of_marks_and_drops_unbalanced_ones():
    text = '"' * 1001 + "\n" + "\u201c" * 1000 + "\n" + ' a "b' * 5000
    norm = normalize_for_matching(text)
    regions = find_quotes(text, norm)
    # every region encloses content and regions never overlap
    assert all(r.start < r.end for r in regions)
    assert all(a.close <= b.open for a, b in zip(regions, regions[1:]))
    # a paragraph that opens a quote and never closes it yields nothing
    assert pair_double('he said "hello\n\nnext paragraph', normalize_for_matching('he said "hello\n\nnext paragraph')) == []


def test_gold_conversion_labels():
    text = 'She said "we will win." He said the plan "was a mess" yesterday. They said it would rain.'
    direct = [(text.index("we will"), text.index('win."') + 4)]
    mixed = [(text.index("the plan"), text.index(" yesterday"))]
    indirect = [(text.index("it would"), len(text) - 1)]
    assert polnear.gold_label(text, direct) == "direct"
    assert polnear.gold_label(text, mixed) == "mixed"
    assert polnear.gold_label(text, indirect) == "indirect"


def test_scorer_counts_sources_and_labels():
    gold = [polnear.Attribution([(10, 20)], [(0, 5)], [(6, 9)], "direct", None, "Smith")]
    right = [polnear.Attribution([(12, 18)], [(0, 5)], [(6, 9)], "direct", "John Smith")]
    wrong = [polnear.Attribution([(12, 18)], [(30, 35)], [(6, 9)], "direct", "Ann Lee")]
    ok = polnear.score([(right, gold)])
    assert ok["content_and_source_span"]["f1"] == 1.0
    assert ok["direct_with_speaker"]["span"]["p"] == 1.0
    bad = polnear.score([(wrong, gold)])
    assert bad["content_overlap"]["f1"] == 1.0
    assert bad["content_and_source_span"]["f1"] == 0.0
    assert bad["cue_accuracy_of_matched"] == 1.0


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/data (the project's datasets)")
def test_polnear_dev_loads_and_converts():
    records = polnear.load_split(SHARED / "polnear-attribution" / "polnear.jsonl.gz", "dev")
    assert len(records) == 84
    golds = [g for r in records[:10] for g in polnear.gold_attributions(r)]
    assert golds and {g.label for g in golds} <= set(polnear.LABELS)
    assert {"direct", "indirect"} <= {g.label for g in golds}


def test_pronoun_follows_gender_shown_by_title(run):
    a = run(
        "Mrs. Helen Park, the city's treasurer, met Mr. Tom Reyes on Friday.\n\n"
        "Reyes said the deal was fair.\n\n"
        "She said the city would pay the first instalment in March."
    )
    q = find(a, "first instalment")
    assert q.label == "indirect"
    # the latest speaker is Reyes, but "Mr." shows he is not "she"
    assert q.attrs["speaker"] == "Helen Park"
    assert a.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "She"


def test_quoted_show_title_is_not_speech(run):
    a = run('The governor told NBC\'s "Meet the Voters." that she would run again in the autumn.')
    q = find(a, "Meet the Voters")
    assert q.label == "title"
    assert q.attrs["speaker"] is None and q.attrs["cue"] is None


def test_stances_and_noun_cues_are_reported(run):
    a = run(
        "Senator Lena Voss wants to raise the minimum wage by two dollars.\n\n"
        "Voss's decision to hold hearings in the spring surprised the union."
    )
    q = find(a, "raise the minimum wage")
    assert q.label == "indirect" and q.attrs["speaker"] == "Lena Voss" and q.attrs["cue"] == "wants"
    assert q.attrs["cue_kind"] == "stance"  # a stance, not speech (its confidence is calibrated)
    n = find(a, "hold hearings")
    assert n.label == "indirect" and n.attrs["speaker"] == "Lena Voss" and n.attrs["cue"] == "decision"
