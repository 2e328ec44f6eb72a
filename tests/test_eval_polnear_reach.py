"""eval/polnear_reach.py: why no candidate reading of a gold cue matched its attribution."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("polnear_reach", ROOT / "eval" / "polnear_reach.py")
pr = importlib.util.module_from_spec(_spec)
sys.modules["polnear_reach"] = pr
_spec.loader.exec_module(pr)  # type: ignore[union-attr]

GOLD = [(100, 140)]  # 40 characters of gold content


@pytest.mark.parametrize(
    "readings, expected",
    [
        ([((100, 140), False)], "source"),  # the right words, another subject
        ([((102, 141), False), ((100, 300), True)], "source"),  # within half of each side
        ([((90, 200), True), ((100, 400), True)], "longer"),
        ([((100, 110), True), ((120, 125), True)], "shorter"),
        ([((100, 110), True), ((95, 400), True)], "mixed"),
        ([((10, 60), True), ((150, 190), True)], "none"),
    ],
    ids=["same-words", "close-enough", "longer", "shorter", "mixed", "no-overlap"],
)
def test_a_gold_cue_s_readings_are_classed_by_why_they_missed(readings, expected):
    assert pr.reading_class(readings, GOLD) == expected


def test_the_untouched_slice_is_refused():
    with pytest.raises(SystemExit, match="untouched"):
        pr.main(["--split", "train", "--offset", "0"])


@pytest.mark.parametrize(
    "subject, gold_has_source, expected",
    [(None, True, "none"), ("the panel", False, "gold has none"), ("Which", True, "relative"), ("the mayor", True, "other")],
)
def test_a_reading_with_the_right_words_is_classed_by_its_subject(subject, gold_has_source, expected):
    assert pr.subject_class(subject, gold_has_source) == expected
