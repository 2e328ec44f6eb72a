"""The quotes stage, version 33: an attribution whose cue verb the text negates ("had not
announced a date", "isn't saying whether ...", "never called it ...") carries
``attrs.negated``, and every output says that its content is not the speaker's words
(``quote_negation``; docs/quotes.md, Version 33).

Every article here is written for these tests (invented people and places).
"""

from __future__ import annotations

from newsprobe.render import doc as d
from newsprobe.render.text import summarize

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)

_HEAD = "Harbour talks stall\n\n"


def test_a_negated_cue_marks_the_attribution(run):
    a = run(_HEAD + "Attorney General Tom Reyes isn't saying whether the harbour charity broke any laws. "
            "The ferry company did not say when the new timetable would start. "
            'Councillor Ada Brennan never called the bridge plan "a bargain for the town."')
    # version 32: each was shown as the speaker's words, confident (0.95 to 0.96)
    assert find(a, "whether the harbour charity broke").attrs["negated"] == "n't"
    assert find(a, "when the new timetable would start").attrs["negated"] == "not"
    assert find(a, "a bargain for the town").attrs["negated"] == "never"


def test_a_refusal_marks_what_was_refused(run):
    a = run(_HEAD + "Tom Reyes declined to say whether the harbour charity broke any laws. "
            "Some residents refuse to acknowledge that the tides are rising.")
    q = next(q for q in a.layer("quotes") if a.span_text(q).startswith("whether the harbour"))
    assert q.attrs["negated"] == "declined" and d.negated_cue(q.to_dict()) == "declined to say"
    assert find(a, "to say whether").attrs["negated"] == "declined"  # the refusal's own reading
    assert find(a, "the tides are rising").attrs["negated"] == "refuse"


def test_a_plain_report_has_no_negation(run):
    a = run(_HEAD + "Tom Reyes said the inquiry would not take months. The ferry company said it could not sail. "
            "Ada Brennan didn't just say the pier was unsafe; she closed it.")
    assert "negated" not in find(a, "the inquiry would not take months").attrs
    assert "negated" not in find(a, "it could not sail").attrs
    assert "negated" not in find(a, "the pier was unsafe").attrs  # said, and more


def test_every_output_says_the_words_were_not_said(run):
    a = run(_HEAD + "Attorney General Tom Reyes isn't saying whether the harbour charity broke any laws.")
    q = next(s for s in a.to_dict()["layers"]["quotes"] if "harbour charity" in a.text[s["start"] : s["end"]])
    assert d.negated_cue(q) == "not saying"
    assert d.speaker_label(q).endswith("(not said)")
    assert 'Tom Reyes [indirect, "not saying": not their words]: whether the harbour' in summarize(a)


def test_the_text_summary_shows_the_verb_of_reported_words(run):
    a = run(_HEAD + "Ada Brennan denied that she had met the developers. Tom Reyes said the inquiry would take months.")
    out = summarize(a)
    assert 'Ada Brennan [indirect, "denied"]: she had met the developers' in out, out
    assert 'Tom Reyes [indirect, "said"]: the inquiry would take months' in out, out
