import json

import pytest

from newsprobe.ingest import guess_title
from newsprobe.stages.stories import canonical_outlet, segment

from .conftest import EXAMPLES

STITCHED = """Why Nobody Trusts the Harbor Deal

Let me be clear: this deal stinks. It is just a guess, but the "independent" audit reads like it was
written in the mayor's office.

Here is what the wire services are reporting.

***

Harbor contract under review after audit

WASHINGTON (Reuters) - Federal auditors said on Tuesday they had found $4.2 million in unexplained payments.

"We are looking at every invoice," said Auditor General Tom Reyes.

Mayor defends port spending
By Jane Roe, Associated Press

The mayor said the spending was lawful.

Supporters rallied online.

Proud of our port workers today! #harbor
— Jane Doe (@janedoe) March 3, 2019

Council members said they would vote next week.

Originally published at examplenews.com

Fishermen fear the new quay
Courtesy of Al Jazeera

Fishermen in the bay said the quay would ruin the spawning grounds.
"""


def _stories(text):
    return [s for s in segment(text, title=guess_title(text)) if s.label == "story"]


def test_stories_stitched_post_splits_with_origins():
    stories = _stories(STITCHED)
    assert [s.attrs["title"] for s in stories] == [
        "Why Nobody Trusts the Harbor Deal",
        "Harbor contract under review after audit",
        "Mayor defends port spending",
        "Fishermen fear the new quay",
    ]
    assert [s.attrs["origin"] for s in stories] == [None, "Reuters", "Associated Press", "Al Jazeera"]
    assert stories[1].attrs["origin_evidence"] == "WASHINGTON (Reuters) -"
    ev = stories[3]
    assert STITCHED[ev.attrs["origin_start"] : ev.attrs["origin_end"]] == "Courtesy of Al Jazeera"
    # stories do not overlap and keep their text
    for a, b in zip(stories, stories[1:]):
        assert a.end <= b.start
    assert STITCHED[stories[2].start :].startswith("Mayor defends port spending")
    assert "Originally published at examplenews.com" in STITCHED[stories[2].start : stories[2].end]


def test_stories_embedded_social_post_is_nested_span():
    posts = [s for s in segment(STITCHED) if s.label == "social_post"]
    assert len(posts) == 1
    p = posts[0]
    assert p.attrs["origin"] == "@janedoe" and p.attrs["author"] == "Jane Doe" and p.attrs["date"] == "March 3, 2019"
    assert STITCHED[p.start : p.end].startswith("Proud of our port workers")


def test_stories_a_post_with_its_signature_on_the_same_line():
    # stories version 4: the post in one block (or left in markup) with the dated signature at its end
    text = ("Ferry talks collapse\n\nThe union walked out on Friday.\n\n"
            '<post id="9">Nobody told the crews. We read it in the paper. \u2014 Ana Ruiz (@ana_ruiz) May 2, 2024</post>.\n\n'
            "A byline \u2014 Tom Hale (@tomhale) writes on transport.\n\nTalks resume next week.")
    posts = [s for s in segment(text) if s.label == "social_post"]
    assert len(posts) == 1
    p = posts[0]
    assert p.attrs["origin"] == "@ana_ruiz" and p.attrs["author"] == "Ana Ruiz" and p.attrs["date"] == "May 2, 2024"
    assert text[p.start : p.attrs["origin_start"]].endswith("We read it in the paper. ")
    assert text[p.attrs["origin_start"]] == "\u2014"
    glued = ("Talks resume.\n\nFares stay put this summer. pic.twitter.com/Zx9\u2014Harbour Ferries (@harbourferries) May 3, 2024\n\n"
             "Crews met our co-owner Ana Ruiz (@ana_ruiz) May 3, 2024")
    posts = [s for s in segment(glued) if s.label == "social_post"]
    assert [p.attrs["author"] for p in posts] == ["Harbour Ferries"]  # a dash glued to a link; a word's hyphen is no dash


def test_stories_single_wire_story_is_one_span_with_origin():
    text = "Floods close schools\n\nLONDON, March 3 (AFP) - Floods closed 40 schools on Monday.\n\nMore rain is due."
    [s] = _stories(text)
    assert (s.start, s.end) == (0, len(text))
    assert s.attrs["origin"] == "Agence France-Presse" and s.attrs["title"] == "Floods close schools"


def test_stories_plain_article_with_subheadings_stays_one_story():
    text = ("Budget passes\n\nThe budget passed on Monday.\n\nWhat happens next\n\n"
            "The bill goes to the senate. Senators said they would read it.\n")
    [s] = _stories(text)
    assert s.attrs["origin"] is None and (s.start, s.end) == (0, len(text.rstrip()))


def test_stories_ap_dash_marker_and_via_line():
    text = ("My take on the strike\n\nI think the strike is justified.\n\n"
            "Transit workers walk out\n(AP) — Transit workers in Denver walked out on Monday.\n\n"
            "Union sets new deadline\nvia The Guardian\n\nThe union set a Friday deadline.")
    stories = _stories(text)
    assert [s.attrs["origin"] for s in stories] == [None, "Associated Press", "The Guardian"]


def test_stories_hostile_input_is_fast_and_safe():
    assert segment("") == []
    text = ("(" * 5000) + "\n" + ("*** \n" * 2000) + "x"
    spans = segment(text)
    assert all(0 <= s.start <= s.end <= len(text) for s in spans)


@pytest.mark.skipif(not (EXAMPLES / "gold" / "stitched_post.stories.jsonl").exists(), reason="example gold not present")
def test_stories_match_example_gold():
    gold = json.loads((EXAMPLES / "gold" / "stitched_post.stories.jsonl").read_text(encoding="utf-8").splitlines()[0])
    text = gold["text"]
    want = [s for s in gold["layers"]["stories"] if s["label"] == "story"]
    got = _stories(text)
    assert [(s.start, s.end) for s in got] == [(s["start"], s["end"]) for s in want]
    assert [s.attrs["origin"] for s in got] == [s["attrs"]["origin"] for s in want]


def test_stories_canonical_outlet_abbreviations():
    assert canonical_outlet("AP") == "Associated Press"
    assert canonical_outlet(" Reuters. ") == "Reuters"


def test_stories_dateline_place_in_brackets_is_not_an_origin():
    text = "Vote on the station\n\nVALDEMORA (Spain) — The council approved the plan on Thursday.\n"
    [s] = _stories(text)
    assert s.attrs["origin"] is None
    text = "Vote on the station\n\nSPRINGFIELD, Ill. (AP) — The council approved the plan on Thursday.\n"
    [s] = _stories(text)
    assert s.attrs["origin"] == "Associated Press"


# --- real-page shapes: lost or glued source tags, bylines, furniture ----------------------------

REPOSTS = """Why the pipeline vote matters

I have been saying this for months: the pipeline deal was never about energy. Read these and judge.

Kremlin rejects pipeline audit

(rt) Moscow said on Monday it would not allow foreign auditors near the pipeline.

The foreign ministry called the request an insult.

Senators demand answers on pipeline

(AP)Officials in Washington said the hearing would go ahead next week.

Lawmakers from both parties signed the letter.

Markets shrug off pipeline row

(Reuters) - Gas prices barely moved on Tuesday as traders waited for the hearing.

Kyiv warns of winter shortages

KYIV (RT) — The energy ministry said stocks would last until February.
"""


def test_stories_lost_and_glued_source_tags_split_with_origins():
    stories = _stories(REPOSTS)
    assert [s.attrs["title"] for s in stories] == [
        "Why the pipeline vote matters",
        "Kremlin rejects pipeline audit",
        "Senators demand answers on pipeline",
        "Markets shrug off pipeline row",
        "Kyiv warns of winter shortages",
    ]
    assert [s.attrs["origin"] for s in stories] == [None, "RT", "Associated Press", "Reuters", "RT"]
    assert stories[1].attrs["origin_evidence"] == "(rt)"
    assert stories[2].attrs["origin_evidence"] == "(AP)"


def test_stories_city_dateline_glued_to_the_first_word():
    text = "Royal interview airs\n\nLondon (CNN)It was the interview the palace feared.\n\nIt aired on Sunday."
    [s] = _stories(text)
    assert s.attrs["origin"] == "CNN"


def test_stories_brackets_that_are_not_outlets_do_not_split():
    text = ("Budget talks stall\n\nThe talks stalled on Monday.\n\nWhat comes next\n\n(UPDATE) — The vote moved to Friday.\n\n"
            "(1) The first option is a delay.\n\n(a) Members may abstain.\n\n(Spain) The plan was copied from Madrid.\n")
    [s] = _stories(text)
    assert s.attrs["origin"] is None


def test_stories_byline_never_becomes_a_title_or_story():
    text = ("Opinion: the port is broken\n\nThe port has been mismanaged for a decade.\n\n"
            "Port chief resigns\n\nBy Jane Doe\n\n(AP) — The head of the port authority resigned on Friday.\n\n"
            "She gave no reason.\n\nJane Doe | Staff writer\n\nHarbour union welcomes the move\n")
    stories = _stories(text)
    assert [s.attrs["title"] for s in stories] == ["Opinion: the port is broken", "Port chief resigns"]
    assert stories[1].attrs["origin"] == "Associated Press"
    assert all("Jane Doe" not in (s.attrs["title"] or "") for s in stories)


def test_stories_a_byline_names_an_origin_only_when_it_names_an_outlet():
    text = ("My week\n\nA quiet week at the council.\n\nMayor defends spending\nBy Jane Roe, Senior Correspondent\n\n"
            "The mayor said the spending was lawful.\n")
    stories = _stories(text)
    assert all(s.attrs["origin"] is None for s in stories)


def test_stories_headline_alone_read_more_and_originally_published_never_make_a_story():
    text = ("Storm season begins\n\nThe first storm of the season reached the coast on Monday.\n\n"
            "Read more at this link\n\nOriginally published at examplenews.com\n\nWhat to pack\n")
    stories = _stories(text)
    assert len(stories) == 1
    assert stories[0].attrs["origin"] == "examplenews.com"  # a source line closing the only story
    assert "Read more at this link" in text[stories[0].start : stories[0].end]


def test_stories_read_more_naming_an_outlet_closes_its_story():
    text = ("Why I read the wires\n\nEvery morning I read the wires before coffee.\n\n"
            "Dockers strike in Rotterdam\n\nvia The Guardian\n\nDockworkers walked out on Monday over automated cranes.\n\n"
            "Read more at The Guardian\n\n"
            "Farmers block the motorway\n\nFARMVILLE (Reuters) - Farmers blocked the motorway with tractors.\n")
    stories = _stories(text)
    assert [s.attrs["origin"] for s in stories] == [None, "The Guardian", "Reuters"]
    assert [s.attrs["title"] for s in stories][1:] == ["Dockers strike in Rotterdam", "Farmers block the motorway"]


def test_stories_read_more_at_this_link_is_no_origin():
    text = ("Harbour news\n\nThe harbour reopened on Monday after the storm.\n\nRead more at this link\n")
    [s] = _stories(text)
    assert s.attrs["origin"] is None


def test_stories_source_words_inside_a_sentence_are_not_markers():
    text = ("New car reviewed\n\nThe car is quick and quiet.\n\nDriving modes\n\n"
            "Via a dial in the centre console the driver picks a mode for road or gravel.\n\n"
            "Source code for the app is on the maker's site, the company says.\n")
    [s] = _stories(text)
    assert s.attrs["origin"] is None


def test_stories_separator_without_a_headline_is_a_section_break():
    text = ("Chapter one\n\nThe house stood empty all winter.\n\n* * *\n\n"
            "The cabin stood alone amidst the trees, and nobody had lived there for years.\n")
    assert len(_stories(text)) == 1


def _furnished(text):
    from newsprobe.stages.furniture import find_furniture

    return [s for s in segment(text, title=guess_title(text), furniture=find_furniture(text)) if s.label == "story"]


def test_stories_ignore_page_furniture():
    text = ("Council closes harbour road\n\nThe council voted on Tuesday to close the harbour road to lorries.\n\n"
            "Share this:\n\nRelated:\n\nHarbour traders fear a summer without deliveries\n\n"
            "Bridge repairs to start in autumn\n\nAlso on rt.com Ministers trade blame over the port deal\n\n"
            "Sign up for our daily newsletter\n")
    [s] = _furnished(text)
    assert text[s.start : s.end].endswith("close the harbour road to lorries.")  # never ends on furniture
    assert s.attrs["origin"] is None


def test_stories_furniture_headline_is_not_a_title():
    text = ("My roundup\n\nThree things happened this week.\n\nRelated:\n\nMore from Example News\n\n"
            "Dockers strike in Rotterdam\n\n(AP) — Dockworkers walked out on Monday.\n\nThey want guarantees.\n")
    stories = _furnished(text)
    assert [s.attrs["title"] for s in stories] == ["My roundup", "Dockers strike in Rotterdam"]


def test_stories_stage_uses_the_outlets_file_setting(tmp_path):
    from newsprobe.article import Article
    from newsprobe.outlets import get_registry
    from newsprobe.pipeline import Pipeline
    from newsprobe.settings import Settings

    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"name": "Nowhere Gazette", "aliases": ["NWG"], "domains": ["nowhere-gazette.example"]}) + "\n")
    get_registry.cache_clear()
    text = "My take\n\nI have thoughts.\n\nMill to close\n\nRIVERTON (nwg) — The mill will close in June.\n"
    article = Article(text, meta={"title": "My take"})
    Pipeline(["furniture", "stories"], Settings(outlets_file=str(path)))(article)
    origins = [s.attrs["origin"] for s in article.layer("stories") if s.label == "story"]
    assert origins == [None, "Nowhere Gazette"]
    plain = Article(text, meta={"title": "My take"})
    Pipeline(["furniture", "stories"], Settings())(plain)
    assert [s.attrs["origin"] for s in plain.layer("stories") if s.label == "story"] == [None]


def test_stories_never_start_on_furniture():
    text = ("Share this:\n\nHarbour reopens\n\nThe harbour reopened on Monday after the storm.\n\n"
            "Dockers strike in Rotterdam\n\nBy Jane Doe\n\n(AP) — Dockworkers walked out on Monday.\n\nThey want guarantees.\n")
    stories = _furnished(text)
    assert text[stories[0].start :].startswith("Harbour reopens")
    assert text[stories[1].start :].startswith("Dockers strike in Rotterdam")
    assert stories[1].attrs["title"] == "Dockers strike in Rotterdam" and stories[1].attrs["origin"] == "Associated Press"


def test_stories_originally_published_closes_or_opens_by_position():
    closing = ("Why I repost\n\nI repost what the papers bury.\n\n* * *\n\n"
               "Dockers strike in Rotterdam\n\nDockworkers walked out on Monday over automated cranes.\n"
               "Originally published at The Guardian\n\n"
               "Farmers block the motorway\n\nFARMVILLE (Reuters) - Farmers blocked the motorway with tractors.\n")
    assert [s.attrs["origin"] for s in _stories(closing)] == [None, "The Guardian", "Reuters"]
    # a closing line does not split: without the separator the post itself is what was republished
    whole = closing.replace("* * *\n\n", "")
    assert [s.attrs["origin"] for s in _stories(whole)] == ["The Guardian", "Reuters"]
    opening = ("Why I repost\n\nI repost what the papers bury.\n\n"
               "Originally published at The Guardian\n\nDockworkers walked out on Monday over automated cranes.\n")
    stories = _stories(opening)
    assert [s.attrs["origin"] for s in stories] == [None, "The Guardian"]
    assert opening[stories[1].start :].startswith("Originally published at The Guardian")


def test_stories_an_excerpt_credit_gives_the_book_as_origin():
    text = ("Why teams think better\n\nGroups can beat their smartest member, a new book argues, and the author "
            "has data to show it.\n\n* * *\n\nA Test for Groups\n\n"
            "From \u201cThe Crowd Within: How Teams Think\u201d by Lena M. Hartwell\n\n"
            "Can groups be smart in the way people are? We set out to test it with puzzles and games over two years.\n")
    first, second = [s for s in segment(text, title="Why teams think better") if s.label == "story"]
    assert first.attrs["origin"] is None
    assert second.attrs["title"] == "A Test for Groups"  # the credit line is no headline
    assert second.attrs["origin"] == "\u201cThe Crowd Within: How Teams Think\u201d by Lena M. Hartwell"
    assert text[second.attrs["origin_start"] : second.attrs["origin_end"]].startswith("From \u201cThe Crowd Within")


def test_stories_an_excerpt_credit_closing_a_post_with_publisher_and_year():
    text = ("Spring notes\n\nThe garden woke early this year, weeks before the frost had fully gone from the hills.\n\n"
            "Excerpted from The Long Road Home by Ana Ruiz (Harbour Press, 2019)\n")
    (story,) = segment(text, title="Spring notes")
    assert story.attrs["origin"] == "The Long Road Home by Ana Ruiz"


@pytest.mark.parametrize("line", [
    'From "Hamlet" by William Shakespeare to modern thrillers, the list covers a wide range of books that readers in the club loved.',
    "From Monday by noon, the bridge will be closed to all traffic.",
])
def test_stories_a_sentence_starting_with_from_is_no_excerpt_credit(line):
    (story,) = segment(f"Reading list\n\n{line}\n", title="Reading list")
    assert story.attrs["origin"] is None
