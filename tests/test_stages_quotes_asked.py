"""The quotes stage, version 31: "Asked whether ..., Ortiz said ..." reports a question put to
Ortiz by someone the text does not name; the question is not Ortiz's words. Version 30 climbed
from the participle to the main clause and gave the question to Ortiz at 0.95. The same for the
other verbs whose object is the person addressed ("Told that ...", "When warned that ...").
docs/quotes.md, Version 31.

Every article here is written for these tests (invented people, places and bodies).
"""

from __future__ import annotations

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)
from .test_stages_quotes_direct import find

_HEAD = "Ferry fares to rise in spring\n\n"


def test_a_question_put_to_the_speaker_is_not_the_speakers(run):
    a = run(_HEAD + "Asked whether the fares would rise again next year, Mayor Lena Ortiz said the council had not decided.")
    question = find(a, "whether the fares would rise")
    assert question.attrs["speaker"] is None, question.attrs  # version 30: "Lena Ortiz" at 0.95
    assert question.attrs["cue"] == "Asked"
    # that no asker is named is what the text says, not a guess
    assert question.attrs["speaker_via"] == "addressed" and question.attrs["speaker_uncertain"] is False
    assert find(a, "the council had not decided").attrs["speaker"] == "Lena Ortiz"


def test_what_the_speaker_was_told_is_not_the_speakers(run):
    a = run(_HEAD + "Mayor Lena Ortiz opened the pier on Friday.\n\n"
            "Told that the pier would cost twice as much as planned, Ortiz said she was not surprised.")
    told = find(a, "the pier would cost twice as much")
    assert told.attrs["speaker"] != "Lena Ortiz", told.attrs
    assert find(a, "she was not surprised").attrs["speaker"] == "Lena Ortiz"


def test_whoever_asks_in_the_main_clause_still_speaks(run):
    a = run(_HEAD + "Councillor Ivo Rask asked whether the council had read the report.")
    assert find(a, "whether the council had read the report").attrs["speaker"] == "Ivo Rask"


def test_a_named_asker_is_not_replaced_by_the_one_asked(run):
    a = run(_HEAD + "Asked by harbour master Tom Brede whether the ferry was safe, Ortiz said it was.")
    assert all(q.attrs.get("speaker") != "Ortiz" for q in a.layer("quotes") if "ferry was safe" in a.span_text(q))


def test_the_text_summary_and_the_report_say_the_asker_is_not_named(run):
    from newsprobe.render.data import span_details
    from newsprobe.render.text import summarize

    a = run(_HEAD + "Asked whether the fares would rise again next year, Mayor Lena Ortiz said the council had not decided.")
    out = summarize(a)
    assert "(asked or told by someone the text does not name)" in out, out
    assert "Lena Ortiz [indirect" not in out.split("whether the fares")[0].splitlines()[-1]
    doc = a.to_dict()
    span = next(q for q in doc["layers"]["quotes"] if q["attrs"].get("cue") == "Asked")
    note, badge, _ = span_details("quotes", span, doc, {})
    assert "by someone the text does not name" in note and badge == "asker not named"
