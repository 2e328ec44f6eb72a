"""The quotes stage, version 33, and two speakers read from the sentence's own subject: a
capitalised role the parser made a second subject beside the person's name ("Managing
Director of Harbour Foods Limited, Sandra Whitley says": Whitley speaks, not the role;
``quote_coordination.nearer_subject``); "the company" when the sentence's own subject is
another capitalised name the entities missed (the last organisation named may be another
list item's: uncertain; ``quote_names.other_company_before``). docs/quotes.md, Version 33.

Every article here is written for these tests (invented people, firms and places).
"""

from __future__ import annotations

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)


def test_a_capitalised_role_before_a_name_is_the_name(run):
    a = run("Trade news\n\nMeanwhile, Managing Director of Harbour Foods Limited, Sandra Whitley says "
            "the biggest exports last year were yams and peppers.")
    # version 32: "Managing Director", confident (0.96)
    assert find(a, "the biggest exports").attrs["speaker"] == "Sandra Whitley"


def test_the_company_after_another_capitalised_subject_is_uncertain(run):
    a = run("Chip news\n\nBrightwave Inc. makes fast cards for gaming desktops.\n\n"
            "Corvex currently has a desktop in stock, and the company said new models will ship in the spring.")
    # version 32: Brightwave Inc, confident (0.75)
    q = find(a, "new models will ship")
    assert q.attrs["speaker_uncertain"] is True, q.attrs


def test_the_company_after_its_own_name_stays(run):
    a = run("Chip news\n\nBrightwave Inc. makes fast cards for gaming desktops.\n\n"
            "Brightwave Inc. currently has a desktop in stock, and the company said new models will ship in the spring. "
            '"We expect a quiet winter," the company said.')
    q = find(a, "new models will ship")
    assert q.attrs["speaker"] == "Brightwave Inc" and q.attrs["speaker_uncertain"] is False, q.attrs


def test_a_plural_noun_the_tagger_read_as_a_verb_is_no_cue(run):
    # quotes v33: "Rosa Glauca stems will sprawl ...": a finite verb right before a modal
    # is a misread noun; v32 credited the rest of the sentence to the plant (learned, 0.62)
    a = run("Garden notes\n\nThe climbing rose on the east wall needs a firm hand each spring. Without pruning, "
            "Rosa Glauca stems will sprawl across the garden path by midsummer.")
    assert not [q for q in a.layer("quotes") if "sprawl across" in a.span_text(q)]


def test_remarks_and_explanations_are_their_owners(run):
    # quotes v33: "explanation", "remarks", "comments", "testimony" are documents with an owner,
    # like "statement" (v32: "Minister Ana Ruiz's explanations" spoke, uncertain)
    a = run("Ferry talks\n\nThe meeting in Valdora will prepare a strong declaration for the summit, "
            "according to Minister Ana Ruiz's explanations.")
    q = find(a, "prepare a strong declaration")
    assert q.attrs["speaker"] == "Ana Ruiz" and q.attrs["speaker_uncertain"] is False, q.attrs
