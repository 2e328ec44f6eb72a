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
