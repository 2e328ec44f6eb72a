"""The quotes stage on real-page failure classes of session 11: a reporting verb on one
line (a headline's "Police say") and what it reports, or its subject, on another.

Every article here is written for these tests (invented people, places and sites).
"""

from __future__ import annotations

from .test_stages_quotes_trust import find, run  # noqa: F401  (the same module-scoped pipeline fixture and finder)


# --- a reporting verb on one line, what it reports on another (real pages, session 11) ------


def test_headline_says_does_not_report_the_first_paragraph(run):
    a = run(
        "Harbour Patrol Says\n\n"
        "Officers found 200 kilograms of flour hidden inside a fishing boat near Port Vessa on Sunday.\n\n"
        "The boat was towed to the harbour.",
        title="Boat Seized Near Port Vessa, Harbour Patrol Says",
    )
    assert not [q for q in a.layer("quotes") if "Officers found" in a.span_text(q)]


def test_headline_experts_warn_does_not_report_the_next_line(run):
    a = run(
        "Kettle warning issued, experts warn\n\n"
        "As more homes in Dalmere buy cheap kettles, the risk of fires keeps rising.\n\n"
        "The council said it would inspect shops."
    )
    assert not [q for q in a.layer("quotes") if "As more homes" in a.span_text(q)]
    assert find(a, "it would inspect shops").attrs["speaker"] == "council"


def test_colon_still_introduces_the_next_line(run):
    a = run("The mayor of Dalmere wrote:\n\nThe bridge will reopen on Friday after the repairs are finished.")
    find(a, "The bridge will reopen")


def test_subject_on_another_line_than_its_verb_is_doubted():
    from newsprobe.stages.quote_post import Found
    from newsprobe.stages.quote_pronouns import Speaker
    from newsprobe.stages.quote_trust import doubt_line_breaks

    class Tok:  # the parse's subject token: only its offset matters here
        def __init__(self, idx: int) -> None:
            self.idx = idx

    text = "Dog Door Shield\n\nEvery dog owner knows the struggle of mud in the kitchen."
    cue = text.index("knows")
    content = text.index("the struggle")
    f = Found(content, len(text) - 1, "indirect", 0.55, cue_span=(cue, cue + 5), subject=(0, Tok(text.index("Shield"))),
              speaker=Speaker("Door Shield", "person", 4, 15, "name"), path="stance")
    same_line = Found(content, len(text) - 1, "indirect", 0.55, cue_span=(cue, cue + 5), subject=(0, Tok(text.index("owner"))),
                      speaker=Speaker("every dog owner", "group", 17, 32, "noun"), path="stance")
    out = doubt_line_breaks([f, same_line], text)
    assert out[0].speaker.uncertain and not out[1].speaker.uncertain


def test_headline_stance_verbs_report_no_words(run):
    title = "Shopkeeper attacks parking warden with umbrella at Brindle market"
    a = run(title + "\n\nA shopkeeper in Brindle struck a parking warden with an umbrella on Friday, police said.", title=title)
    assert not [q for q in a.layer("quotes") if "parking warden with umbrella" in a.span_text(q)]
    title = "Orchestra seeks donors to repair the Halvern concert hall"
    a = run(title + "\n\nThe Halvern Orchestra needs 40,000 euros for the roof, its director said on Monday.", title=title)
    assert not [q for q in a.layer("quotes") if "to repair the Halvern" in a.span_text(q)]
    find(a, "The Halvern Orchestra needs")


def test_stance_verb_in_the_body_still_reports(run):
    title = "Library hours to be cut"
    a = run(title + "\n\nMayor Ilsa Brandt wants to cut the opening hours of the town library to save money.", title=title)
    assert find(a, "to cut the opening hours").attrs["speaker"] == "Ilsa Brandt"


def test_a_pasted_story_s_own_headline_reports_no_words(run):
    for headline in ("Assembly panel delays vote on coastal broadband bill", "State panel backs plan for rural broadband"):
        text = (
            "Why I stopped trusting the county budget\n\n"
            "I have followed the county's money for ten years, and this year it makes no sense. "
            "Read the reports below and decide for yourself.\n\n"
            + headline + "\n\n"
            "KELMOUTH (Reuters) - A state assembly committee on Tuesday postponed a vote on a $2 billion plan, "
            "two committee aides said.\n\n"
            "Flood barrier contract goes to Dutch firm\n\n"
            "ARNEM (AP) - A Dutch engineering firm won the contract for the new flood barrier, the council said."
        )
        a = run(text)
        assert headline in [s.attrs.get("title") for s in a.layer("stories")]  # the pasted story is its own story
        assert not [q for q in a.layer("quotes") if q.start < text.index("KELMOUTH")], headline
        find(a, "postponed a vote")
