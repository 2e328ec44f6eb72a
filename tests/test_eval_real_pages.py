"""eval/real_pages_quotes.py: the gold's format, the speaker rules, and a run on two real pages."""

from __future__ import annotations

import importlib.util
import json

import pytest

from .conftest import ROOT, SHARED, needs_shared

_spec = importlib.util.spec_from_file_location("real_pages_quotes", ROOT / "eval" / "real_pages_quotes.py")
rpq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rpq)  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["real_pages_speakers_2.jsonl", "real_pages_speakers_3.jsonl"])
def test_the_blind_golds_are_valid_and_share_no_page_with_the_others(name):
    rows = rpq.load_gold(ROOT / "eval" / "gold" / name)
    assert len(rows) >= 300 and len({r["page"] for r in rows}) >= 20
    assert len({(r["page"], r["start"], r["end"]) for r in rows}) == len(rows)
    others = {r["page"] for other in ("real_pages_speakers.jsonl", "real_pages_speakers_2.jsonl", "real_pages_speakers_3.jsonl") if other != name
              for r in rpq.load_gold(ROOT / "eval" / "gold" / other)}
    assert not others & {r["page"] for r in rows}  # a blind gold's pages are in no other gold


def test_real_pages_gold_format_is_valid():
    rows = rpq.load_gold()
    assert len(rows) >= 120
    assert len({r["page"] for r in rows}) >= 15
    assert sum(r["label"] != "not_quote" for r in rows) >= 120
    seen = set()
    for r in rows:
        key = (r["page"], r["start"], r["end"])
        assert key not in seen, key
        seen.add(key)
    # the file stores no page text: only the fixed fields
    for line in (ROOT / "eval" / "gold" / "real_pages_speakers.jsonl").read_text(encoding="utf-8").splitlines():
        assert sorted(json.loads(line)) == sorted(rpq.GOLD_FIELDS)


def test_real_pages_gold_row_problems_are_named():
    good = {"page": "eval/x.html", "start": 1, "end": 5, "label": "direct", "speaker": "Ana Reyes",
            "speaker_kind": "person", "unsure": False, "sha1": "0" * 40}
    assert rpq.gold_row_problem(good) is None
    assert "fields" in rpq.gold_row_problem({**good, "text": "leak"})
    assert rpq.gold_row_problem({**good, "start": 9})
    assert rpq.gold_row_problem({**good, "label": "not_quote"})  # kind must be not_quote too
    assert rpq.gold_row_problem({**good, "label": "not_quote", "speaker_kind": "not_quote"})  # has a speaker


@pytest.mark.parametrize(
    "ours,gold,kind,right",
    [
        ("Ortega", "Maria Ortega", "person", True),
        ("Maria Ortega", "Ortega", "person", True),
        ("Supt Peters", "Audley Peters", "person", True),
        ("Debbie Meadows", "Mark Meadows", "person", False),
        ("maria ortega", "Maria Ortega", "person", True),
        ("police spokesman", "a police spokesman", "person", True),
        ("dispatcher", "a dispatcher on the night shift", "person", True),
        ("officials", "health officials", "other", False),
        ("Harbor Trust", "Harbor Trust Westside", "org", False),
        (None, "Maria Ortega", "person", False),
        (None, None, "other", True),
    ],
)
def test_real_pages_same_speaker(ours, gold, kind, right):
    assert rpq.same_speaker(ours, gold, kind) is right


def test_real_pages_paragraph_and_title_checks():
    text = 'He said: "The first part.\n\n"The second part."\n\nNew paragraph, not a quote.'
    assert not rpq.crosses_paragraph(text, text.index("The first"), text.index("part.\"") + 5)
    assert rpq.crosses_paragraph(text, text.index("The second"), len(text))
    assert rpq.looks_like_title("The Quiet Harbor")
    assert rpq.looks_like_title("Once Upon A Time in Lisbon")
    assert not rpq.looks_like_title("we will not close the clinic")
    assert not rpq.looks_like_title("It works. We Know It Does")


@needs_shared
def test_real_pages_eval_runs_on_two_pages(tmp_path):
    tar = SHARED / "real-pages" / "pages.tar.gz"
    if not tar.exists():
        pytest.skip("needs ../shared/data/real-pages/pages.tar.gz")
    gold = rpq.load_gold()
    two = sorted({r["page"] for r in gold})[:2]
    pages_dir = rpq.extract_pages(tar, str(tmp_path), two)
    result = rpq.run(pages_dir, gold, stages=rpq.QUOTE_STAGES, scan=True, limit=2)
    g = result["gold"]
    assert g["pages_skipped"] == {}, "ingest's text changed: the gold offsets need re-checking"
    assert g["counts"]["pages"] == 2
    assert g["counts"]["matched"] > 0
    assert 0.0 <= g["right_speaker_all_matched"] <= 1.0
    assert result["english"]["counts"]["pages"] == 2
    assert set(result["english"]["counts"]) >= {"quotes", "with_speaker"}


def test_real_pages_halves_split_the_sorted_pages():
    gold = [{"page": p} for p in ("eval/c.html", "cache/a.html", "eval/b.html", "eval/c.html", "eval/d.html", "eval/e.html")]
    analysis = rpq.half_pages(gold, "analysis")
    check = rpq.half_pages(gold, "check")
    assert analysis == ["cache/a.html", "eval/b.html", "eval/c.html"]
    assert check == ["eval/d.html", "eval/e.html"]
    assert rpq.half_pages(gold, None) == analysis + check
    with pytest.raises(ValueError, match="analysis"):
        rpq.half_pages(gold, "second")
