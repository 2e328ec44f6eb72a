"""The quotes stage, version 27: an interview whose answers open with the speakers' first
names ("Tomas: We ...") after an introduction that names them in full gives each answer to
that person (was: no transcript, the answers' sentences read as indirect speech of "we" and
"engineers"). Seen on an English real page. And a place in the phrase before a person's name
("said Oregon orchard owner Frank Ostrander") no longer makes a first-person quote's
speaker uncertain: only a speaker that is itself a place is (17 right speakers on PolNeAR's
train[400:840] had been uncertain at 0.55). docs/quotes.md, Version 27.

Every article here is written for these tests (invented people, places and bodies).
"""

from __future__ import annotations

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)
from .test_stages_quotes_direct import find

_INTERVIEW = (
    "Behind the timetable: the ferry app team\n\n"
    "Laura Varga, who leads design in Dalmere, and Tomas Brandt, the team's backend lead in Kell, rebuilt "
    "the ferry app this year. We asked them how it went.\n\n"
    "How did the project start?\n\n"
    "Tomas: We had two old apps that nobody wanted to touch, and the harbour board wanted one that worked offline.\n\n"
    "Laura: I joined after the first beta. Most of the screens were already sketched on paper by then.\n\n"
    "What was the hardest part?\n\n"
    "Tomas: Tide tables. They change every day and the old code stored them as images.\n"
)


def test_first_name_labels_of_people_named_in_full_are_a_transcript(run):
    a = run(_INTERVIEW)
    assert find(a, "We had two old apps").attrs["speaker"] == "Tomas Brandt"
    assert find(a, "I joined after the first beta").attrs["speaker"] == "Laura Varga"
    tides = find(a, "Tide tables")
    assert tides.label == "direct" and tides.attrs["speaker"] == "Tomas Brandt"


def test_a_first_name_two_people_share_or_one_label_line_alone_is_no_transcript(run):
    shared = _INTERVIEW.replace("Laura Varga", "Tomas Varga").replace("Laura:", "Tomas:")
    a = run(shared)
    assert not [q for q in a.layer("quotes") if q.attrs.get("speaker") in ("Tomas Brandt", "Tomas Varga")
                and a.span_text(q).startswith(("We had two", "I joined", "Tide tables"))]
    once = _INTERVIEW.replace("Tomas: Tide tables.", "Tide tables.").replace("Laura: I joined", "I joined")
    b = run(once)
    assert not [q for q in b.layer("quotes") if q.attrs.get("speaker") == "Tomas Brandt"]
    assert not [q for q in b.layer("quotes") if q.attrs.get("speaker") == "Laura Varga"]


def test_a_place_before_a_persons_title_leaves_the_person_certain(run):
    # the speaker's phrase "Oregon orchard owner Frank Ostrander" holds a place, but the speaker is
    # the person; "I" and "my" in the quote made it uncertain (0.55)
    a = run(
        "Growers wait for the ferry vote\n\n"
        '"I ship half my pears on that boat, and I cannot wait another season," said Oregon orchard '
        "owner Frank Ostrander, who chairs the county growers' board.\n"
    )
    q = find(a, "I ship half my pears")
    assert q.attrs["speaker"] == "Frank Ostrander"
    assert not q.attrs.get("speaker_uncertain")
