"""eval/polnear_agreement.py: PolNeAR's annotators scored against each other with our scorer."""

from __future__ import annotations

import importlib.util
import sys

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("polnear_agreement", ROOT / "eval" / "polnear_agreement.py")
ag = importlib.util.module_from_spec(_spec)
sys.modules["polnear_agreement"] = ag
_spec.loader.exec_module(ag)  # type: ignore[union-attr]

TEXT = 'The harbour master said the pier would reopen in May. "We have fixed the pilings," she added.'


def _span(text: str, part: str) -> dict:
    start = text.index(part)
    return {"spans": [[start, start + len(part)]], "text": part}


def _attribution(source: str, cue: str, content: str) -> dict:
    return {"source": [_span(TEXT, source)], "cue": [_span(TEXT, cue)], "content": [_span(TEXT, content)]}


REPORTED = _attribution("The harbour master", "said", "the pier would reopen in May")
QUOTED = _attribution("she", "added", '"We have fixed the pilings,"')


def _record(**annotators: list) -> dict:
    return {"text": TEXT, "annotations": annotators}


def test_two_annotators_who_agree_score_one():
    docs = ag.pairs([("dev", 0, _record(a=[REPORTED, QUOTED], b=[REPORTED, QUOTED]))])
    assert len(docs) == 2  # (a, b) and (b, a)
    o = ag.pn.score(docs)["one_to_one"]
    assert o["content_and_source_span"]["f1"] == 1.0
    assert o["direct_with_speaker_span"]["p"] == 1.0 and o["direct_with_speaker_span"]["r"] == 1.0


def test_an_attribution_one_annotator_left_out_costs_recall_one_way_and_precision_the_other():
    docs = ag.pairs([("dev", 0, _record(a=[REPORTED, QUOTED], b=[QUOTED]))])
    o = ag.pn.score(docs)["one_to_one"]["content_and_source_span"]
    assert (o["n_pred"], o["n_gold"]) == (3, 3)
    assert o["p"] == round(2 / 3, 3) and o["r"] == round(2 / 3, 3)


def test_a_different_source_is_a_disagreement():
    other = _attribution("she", "said", "the pier would reopen in May")
    o = ag.pn.score(ag.pairs([("dev", 0, _record(a=[REPORTED], b=[other]))]))["one_to_one"]
    assert o["content"]["f1"] == 1.0 and o["content_and_source_span"]["f1"] == 0.0


def test_the_untouched_slice_is_left_out_unless_asked_for():
    two = _record(a=[REPORTED], b=[REPORTED])
    one = _record(a=[REPORTED])
    by_split = {"train": [one, two] + [one] * 99 + [two], "dev": [two]}
    assert [(s, i) for s, i, _ in ag.multiply_annotated(by_split)] == [("dev", 0), ("train", 101)]
    assert [(s, i) for s, i, _ in ag.multiply_annotated(by_split, with_untouched=True)] == [("dev", 0), ("train", 1), ("train", 101)]
