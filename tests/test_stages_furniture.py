"""Page furniture: lines extraction leaves in the text (share buttons, related links, bylines,
credits, prompts) are marked, never trimmed; article sentences that mention such things are not."""

import pytest

from newsprobe.article import Article
from newsprobe.pipeline import Pipeline
from newsprobe.stages.furniture import classify_line, find_furniture, inside

PAGE = """Council votes to close the harbour road

Jane Doe | Staff writer

Published: March 3, 2024

The town council voted on Tuesday to close the harbour road to lorries from June.

"This road was never built for forty-tonne trucks," said councillor Maria Okafor.

Share this:

Click to share on Twitter (Opens in new window) Click to share on Facebook (Opens in new window)

Like this:

Like Loading...

Related:

Harbour traders fear a summer without deliveries

Bridge repairs to start in autumn

Also on rt.com Ministers trade blame over the port deal

Read more at this link

Sign up for our daily newsletter and get the news delivered to your inbox.

(Photo by Tom Reyes/Getty Images)

12 Comments

Leave a Reply
"""


def _labels(text):
    return [(text[s.start : s.end], s.label) for s in find_furniture(text)]


def test_furniture_marks_each_kind_of_page_furniture():
    got = dict(_labels(PAGE))
    assert got["Jane Doe | Staff writer"] == "byline"
    assert got["Published: March 3, 2024"] == "byline"
    assert got["Share this:"] == "share"
    assert got["Click to share on Twitter (Opens in new window) Click to share on Facebook (Opens in new window)"] == "share"
    assert got["Like Loading..."] == "share"
    assert got["Related:"] == "related"
    assert got["Harbour traders fear a summer without deliveries"] == "related"  # the list under "Related:"
    assert got["Bridge repairs to start in autumn"] == "related"
    assert got["Also on rt.com Ministers trade blame over the port deal"] == "related"
    assert got["Read more at this link"] == "read_more"
    assert got["Sign up for our daily newsletter and get the news delivered to your inbox."] == "newsletter"
    assert got["(Photo by Tom Reyes/Getty Images)"] == "caption"
    assert got["12 Comments"] == "comments"
    assert got["Leave a Reply"] == "comments"


def test_furniture_leaves_the_article_alone():
    got = dict(_labels(PAGE))
    for line in ["Council votes to close the harbour road",
                 "The town council voted on Tuesday to close the harbour road to lorries from June.",
                 '"This road was never built for forty-tonne trucks," said councillor Maria Okafor.']:
        assert line not in got


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, officials had cleared the road.",
        "Home prices rose 4 percent in March.",
        "The company said two million people subscribe to its streaming service.",
        "Related stories show a pattern of neglect across the region.",
        "Follow the money, the senator said.",
        "Published in 2019, the report found many flaws.",
        "The account had 20,000 followers before it was suspended.",
        "Search for survivors continues in the flooded valley",
        "Donate to the campaign, the mayor urged supporters at the rally.",
        "Von Berlin aus fuhr der Zug weiter nach Prag.",
        "Von Risiken und Nebenwirkungen",
        "Spenden für die Ukraine gingen im Winter deutlich zurück.",
        "Police said the suspect (pictured) fled on foot.",
        "Millions of users download the app each month.",
        "- Calories",
        "Abstract",
    ],
)
def test_furniture_sentences_that_only_mention_it_are_not_furniture(line):
    assert classify_line(line) is None


@pytest.mark.parametrize(
    "line, label",
    [
        ("Lesen Sie auch", "related"),
        ("Mehr zum Thema: Die Bahn streikt wieder", "related"),
        ("Teilen", "share"),
        ("Artikel teilen", "share"),
        ("Foto: dpa", "caption"),
        ("Von Georg Brenner und Anna Kessler", "byline"),
        ("Aktualisiert am 17.01.2021", "byline"),
        ("Weiterlesen: Was die neue Regel für Pendler bedeutet", "read_more"),
        ("Zum Newsletter anmelden", "newsletter"),
        ("3 Kommentare", "comments"),
        ("Anzeige", "other"),
        ("Lesezeit: 4 Minuten", "byline"),
        ("Jane Doe @janedoe · Follow", "hover_card"),
        ("12.4K Followers 310 Following", "hover_card"),
        ("Home > World > Europe", "nav"),
        ("Tags: Politics, Harbour, Council", "nav"),
        ("If you're on the Example News app, click here to watch live", "other"),
        ("Subscribe now to our print edition for the full story.", "other"),
        ("- Harbour deal falls apart - October 10, 2020", "related"),
    ],
)
def test_furniture_german_and_other_lines(line, label):
    hit = classify_line(line)
    assert hit is not None and hit[0] == label


def test_furniture_names_an_outlet_only_when_the_line_does():
    text = "Read more at The Guardian\n\nRead more at this link\n\nBy Jane Roe, Associated Press\n\nBy Jane Doe\n"
    spans = {text[s.start : s.end]: s for s in find_furniture(text)}
    assert spans["Read more at The Guardian"].attrs["names_source"] == "The Guardian"
    assert "names_source" not in spans["Read more at this link"].attrs
    assert spans["By Jane Roe, Associated Press"].attrs["names_source"] == "Associated Press"
    assert "names_source" not in spans["By Jane Doe"].attrs


def test_furniture_stage_keeps_the_text_and_counts():
    article = Article(PAGE)
    Pipeline(["furniture"])(article)
    assert article.text == PAGE  # never trimmed
    spans = article.layer("furniture")
    assert spans and all(PAGE[s.start : s.end].strip() == PAGE[s.start : s.end] for s in spans)
    sig = article.signals["furniture"]
    assert sig["count"] == len(spans) and sig["by_label"]["share"] >= 3


def test_furniture_inside_is_by_majority_of_the_range():
    spans = find_furniture(PAGE)
    share = PAGE.index("Share this:")
    assert inside(spans, share, share + len("Share this:"))
    body = PAGE.index("The town council")
    assert not inside(spans, body, body + 40)


def test_furniture_covered_agrees_with_inside_on_every_range():
    from newsprobe.stages.furniture import Covered

    spans = find_furniture(PAGE)
    covered = Covered(spans)
    assert spans
    for start in range(0, len(PAGE), 7):
        for length in (0, 1, 5, 20, 60, 200):
            assert covered(start, start + length) == inside(spans, start, start + length), (start, length)


def test_furniture_hostile_input_is_safe():
    assert find_furniture("") == []
    for text in ["(" * 100_000, "Share " * 50_000, "\u202e\u200bShare this:\u200b", "a\n" * 20_000, "x" * 1_000_000]:
        spans = find_furniture(text)
        assert all(0 <= s.start < s.end <= len(text) for s in spans)


# --- later stages ignore furniture ----------------------------------------------------------

FURNISHED = (
    "Council Rams Through Shameful Tax Grab\n\n"
    "The corrupt council rammed through its outrageous tax grab in a shameful midnight vote. "
    "These clueless bureaucrats are destroying our town, and every true patriot knows it.\n\n"
    "Subscribe to our newsletter before these corrupt, clueless bureaucrats silence the last honest voices in town!\n\n"
    "Police arrested 14 people after the protest on Saturday, the sheriff's office said. (Photo: Jane Doe/Getty Images)\n\n"
    "The mayor said the budget was balanced, but nobody believes a word she says."
)
_NEWSLETTER = FURNISHED.index("Subscribe to our newsletter")
_CAPTION = FURNISHED.index("Police arrested 14")


def _run(names):
    from newsprobe.settings import Settings

    return Pipeline(names, Settings(stages=",".join(names)))(Article(FURNISHED))


def test_claims_inside_furniture_are_dropped():
    base = ["parse", "stories", "sentences", "entities", "quotes", "citations", "hedges", "claims"]
    without = _run(base)
    assert any(s.start == _CAPTION for s in without.layer("claims"))  # the caption reads like a claim
    with_ = _run(["parse", "furniture", *base[1:]])
    assert not any(inside(with_.layer("furniture"), s.start, s.end) for s in with_.layer("claims"))
    assert not any(s.start == _CAPTION for s in with_.layer("claims"))
    assert any("corrupt council" in with_.span_text(s) for s in with_.layer("claims"))


def test_techniques_inside_furniture_are_dropped():
    base = ["parse", "stories", "sentences", "techniques"]
    without = _run(base)
    assert any(_NEWSLETTER <= s.start < _CAPTION for s in without.layer("techniques"))  # the prompt is loaded
    with_ = _run(["parse", "furniture", *base[1:]])
    assert with_.layer("techniques")
    assert not any(inside(with_.layer("furniture"), s.start, s.end) for s in with_.layer("techniques"))


REFERENCES_PAGE = (
    "Salt marsh birds return\n\n"
    "Counts of wading birds on the Dalmere marshes rose for the third year, the survey team said on Friday.\n\n"
    "The team credits the new sluice gates, which keep the water level steady in spring.\n\n"
    "References\n\n"
    "1. Varga C, Brandt T. Wader counts on tidal marshes. Coastal Ecol Rev 2019;12:44-51.\n\n"
    "Crossref Google Scholar\n\n"
    "2. Osei L, Ruiz A, et al. Sluice gates and nesting success\n\n"
    "Marsh Sci 2021;3:101-9. doi 10.0000/ms.2021.3\n\n"
    "3. Moro I. Spring water levels. Dalmere Field Notes, 2020.\n"
)


def test_furniture_a_reference_list_is_furniture():
    spans = find_furniture(REFERENCES_PAGE)
    rules = [(REFERENCES_PAGE[s.start : s.end][:12], s.attrs["rule"]) for s in spans]
    assert rules[0] == ("References", "references-heading")
    assert all(rule == "reference-entry" for _, rule in rules[1:]) and len(rules) == 6, rules  # "2. Osei ...": a title line without its year, too
    assert not inside(spans, REFERENCES_PAGE.index("Counts of"), REFERENCES_PAGE.index(" the survey team"))


def test_furniture_a_references_word_over_prose_is_no_list():
    text = "What the council said\n\nReferences\n\nThe mayor made no reference to the budget in her speech on Monday.\n"
    assert find_furniture(text) == []


@pytest.mark.parametrize(
    "line, label",
    [
        ("Please accept the video host's cookies to play this clip. By accepting you agree to its terms.", "other"),
        ("Tell us what you think of the harbour series: submit a letter to the editor online.", "other"),
        ("Check Out: 9 Ways to Keep Basil Alive Indoors", "related"),
    ],
)
def test_furniture_v3_cookie_banners_letter_prompts_and_check_out_lines(line, label):
    assert classify_line(line) is not None and classify_line(line)[0] == label


def test_furniture_v3_a_lone_like_is_a_heading_not_a_button():
    # a gift-taste table's "Like" column heading on a game wiki
    assert classify_line("Like") is None
    assert classify_line("Share") is not None


def _marked(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_furniture(text)]


def test_furniture_v3_a_pull_quote_and_a_block_printed_twice():
    pull = "Harbour towns that lose their ferries lose their young people first, the report warns."
    body = ("The council met on Tuesday to discuss the timetable. " + pull + " It asks for a new subsidy.")
    text = f"Ferry cuts\n\n{pull}\n\n{body}\n\n- 2 cups of flour for the harbour loaf\n- 1 cup of water, warm, for the dough\n\n" \
           "Method follows below in full.\n\n- 2 cups of flour for the harbour loaf\n- 1 cup of water, warm, for the dough"
    marked = _marked(text)
    assert pull in marked and body not in marked  # the pull quote, not the paragraph it repeats
    assert marked.count("- 2 cups of flour for the harbour loaf") == 1  # the second copy only
    assert text.index("- 2 cups") not in [s.start for s in find_furniture(text)]


def test_furniture_v3_of_two_equal_quote_paragraphs_the_first_stays():
    q = "\u201cThe aim is to fill the whole pier with hotels and shops before the vote,\u201d"
    text = f"Pier plan\n\n{q}\n\nThe mayor spoke at length.\n\n{q}"
    spans = find_furniture(text)
    assert [s.start for s in spans] == [text.rindex(q)]
