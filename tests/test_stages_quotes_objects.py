"""The quotes stage, version 32, and two misparses around a cue: the object of "write" that the
parser read as a reported clause is no report ("wrote a patch to the ledger that ... will stop
the import": ``quote_cues.object_read_as_clause``); a name the parser made the subject while
the noun it modifies hangs on it ("Our Skiff 3090 review calls it ...") is a doubtful speaker
(``quote_speakers``). docs/quotes.md, Version 32.

Every article here is written for these tests (invented people and places).
"""

from __future__ import annotations

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)

_HEAD = "Harbour ledger notes\n\n"


def test_an_object_read_as_a_clause_with_no_subject_is_no_report(run):
    a = run(_HEAD + "One of the volunteers wrote a patch to the ledger that changed its rules so a missing date "
            "in a row of numbers will stop the import.")
    # version 31: "will stop the import" was the volunteer's, confident (0.96)
    assert not [q for q in a.layer("quotes") if "stop the import" in a.span_text(q) and not q.attrs.get("speaker_uncertain")]


def test_written_reports_stay(run):
    a = run(_HEAD + "Dana Quill wrote that the vote was close. Ada Roe wrote the plan was dead. "
            "Tom Ode told reporters the pier would close.")
    assert find(a, "the vote was close").attrs["speaker"] == "Dana Quill"
    assert find(a, "the plan was dead").attrs["speaker"] == "Ada Roe"
    assert find(a, "the pier would close").attrs["speaker"] == "Tom Ode"


def test_a_name_that_modifies_the_noun_after_it_is_a_doubtful_speaker(run):
    # quotes v32: "Our Skiff 3090 review calls it ...": the parser made "Skiff" the subject and
    # hung "3090 review" on it; the review speaks, not "Our Skiff" (v31: confident, 0.89)
    a = run('Boat notes\n\nThe new hull is light and quick on the water. Our Skiff 3090 review calls it the "fastest boat on the lake."')
    q = find(a, "fastest boat on the lake")
    assert q.attrs["speaker_uncertain"] is True, q.attrs
