"""eval/invented_quotes.py: the gold file is well formed and the judge is strict."""

from __future__ import annotations

import importlib.util
import json

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("invented_quotes", ROOT / "eval" / "invented_quotes.py")
iq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(iq)  # type: ignore[union-attr]


def test_every_gold_quotation_is_in_its_article():
    items = [json.loads(line) for line in iq.GOLD.open(encoding="utf-8")]
    assert len(items) == 108 and len({i["id"] for i in items}) == 108
    assert sorted({i["split"] for i in items}) == ["dev", "heldout"]
    for item in items:
        for q in item["quotes"]:
            assert iq._locate(item["text"], q) >= 0, (item["id"], q["text"][:40])
            assert q["speaker"] is None or q["speaker"].strip(), item["id"]


def test_the_judge_wants_a_shared_name_word():
    assert iq.judge("Ines Moreau", "Ines Moreau", True) == "right"
    assert iq.judge("Moreau", "Ines Moreau", True) == "right"
    assert iq.judge("Walt Kessler", "Ines Moreau", True) == "wrong"
    assert iq.judge("minister", "Ines Moreau", True) == "description"
    assert iq.judge(None, "Ines Moreau", True) == "none"
    assert iq.judge("county spokesman", "a spokesman for the county", False) == "right"
    assert iq.judge("Ines Moreau", None, True) == "wrong"


def test_matching_is_one_to_one_and_by_segment():
    from newsprobe.article import Span

    text = '"He told me, \'Stay out,\'" Ana said. "A," she said, "B."'
    golds = [{"text": "He told me, 'Stay out,'"}, {"text": "Stay out,"}, {"text": "A,"}, {"text": "B."}]
    outer = Span(1, 24, "direct", attrs={"speaker": "Ana"})
    split = Span(37, 54, "direct", attrs={"speaker": "Ana", "segments": [[37, 39], [52, 54]]})
    got = iq.match(text, golds, [outer, split])
    assert got == {0: outer, 2: split, 3: split}  # the nested one is no separate quote of ours
