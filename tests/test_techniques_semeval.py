"""SemEval-2020 Task 11 interop: label files, the SI and TC scores, and the CLI round trip."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprobe.article import Article, Span
from newsprobe.cli import cli
from newsprobe.errors import RecordError
from newsprobe.train.techniques_semeval import (
    LabelLine,
    format_labels,
    merge_intervals,
    parse_labels,
    per_label_f1,
    si_score,
    tc_micro_f1,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def test_parse_and_format_round_trip() -> None:
    text = "111\tLoaded_Language\t10\t20\n\n111\tDoubt\t3\t9\n222\t5\t8\n"
    lines = parse_labels(io.StringIO(text))
    assert lines[0] == LabelLine("111", "Loaded_Language", 10, 20)
    assert lines[2] == LabelLine("222", None, 5, 8)
    assert parse_labels(io.StringIO(format_labels(lines))) == lines


@pytest.mark.parametrize("bad", ["111\tDoubt\tten\t20\n", "111\tDoubt\n", "111\tDoubt\t9\t3\n"])
def test_bad_label_lines_name_the_line(bad: str) -> None:
    with pytest.raises(RecordError, match=":1"):
        parse_labels(io.StringIO(bad), source="x.tsv")


def test_merge_intervals() -> None:
    assert merge_intervals([(5, 9), (0, 3), (2, 4), (9, 12), (7, 7)]) == [(0, 4), (5, 9), (9, 12)]


def test_si_score_partial_overlap_by_hand() -> None:
    gold = {"a": [(0, 10)], "b": [(0, 4)]}
    pred = {"a": [(5, 15)], "c": [(0, 2)]}
    s = si_score(pred, gold)
    # precision: (5/10 + 0) / 2 predicted spans; recall: (5/10 + 0) / 2 gold spans
    assert s.precision == pytest.approx(0.25) and s.recall == pytest.approx(0.25)
    assert s.f1 == pytest.approx(0.25)
    assert si_score(gold, gold).f1 == pytest.approx(1.0)
    # overlapping predictions are merged before scoring
    assert si_score({"a": [(0, 6), (4, 10)]}, {"a": [(0, 10)]}).f1 == pytest.approx(1.0)
    assert si_score({}, gold).f1 == 0.0


def test_tc_micro_f1_counts_multiple_labels() -> None:
    gold = [("a", (0, 5), "Doubt"), ("a", (0, 5), "Loaded_Language"), ("a", (6, 9), "Slogans")]
    pred = [("a", (0, 5), "Doubt"), ("a", (0, 5), "Slogans"), ("a", (6, 9), "Slogans")]
    assert tc_micro_f1(pred, gold) == pytest.approx(2 / 3)
    f = per_label_f1(pred, gold)
    assert f["Doubt"] == 1.0 and f["Loaded_Language"] == 0.0 and f["Slogans"] == pytest.approx(2 / 3)


def _analysed(tmp_path: Path) -> Path:
    text = "They rammed through a shameful plan. Nobody asked us."
    art = Article(text, meta={"article_id": "777"})
    art.with_layer("techniques", [Span(5, 19, "Loaded_Language", score=0.8), Span(22, 30, "Name_Calling,Labeling", score=0.1)])
    path = tmp_path / "in.jsonl"
    path.write_text(art.to_json() + "\n", encoding="utf-8")
    return path


def test_cli_list_json() -> None:
    res = CliRunner().invoke(cli, ["techniques", "list", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert len(data) == 14 and {"name", "short", "definition", "example"} <= set(data[0])


def test_cli_export_then_import(tmp_path: Path) -> None:
    src = _analysed(tmp_path)
    runner = CliRunner()
    res = runner.invoke(cli, ["techniques", "export", str(src), "--min-score", "0.5"])
    assert res.exit_code == 0, res.output
    assert res.output == "777\tLoaded_Language\t5\t19\n"
    labels = tmp_path / "labels.tsv"
    labels.write_text(res.output + "777\tDoubt\t37\t43\n999\tSlogans\t0\t1\n", encoding="utf-8")
    res = runner.invoke(cli, ["techniques", "import", str(labels), str(src)])
    assert res.exit_code == 0, res.output
    line = [l for l in res.output.splitlines() if l.startswith("{")][0]
    art = Article.from_json(line)
    assert [(s.label, s.start, s.end) for s in art.layer("techniques")] == [("Loaded_Language", 5, 19), ("Doubt", 37, 43)]
    assert art.signals["techniques"]["counts"] == {"Doubt": 1, "Loaded_Language": 1}
    assert "matched no article" in res.output  # the 999 line is reported (stderr is mixed in)


def test_cli_import_rejects_spans_past_the_text(tmp_path: Path) -> None:
    src = _analysed(tmp_path)
    labels = tmp_path / "labels.tsv"
    labels.write_text("777\tDoubt\t10\t5000\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["techniques", "import", str(labels), str(src)])
    assert res.exit_code == 2 and "runs past its text" in res.output


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/data (the project's datasets)")
def test_ptc_train_rows_load_and_gold_scores_perfectly() -> None:
    from newsprobe.train.techniques import load_rows

    rows = load_rows(SHARED)
    assert len(rows) > 300 and all(r["split"] == "train" for r in rows)
    gold = {r["article_id"]: [(s["start"], s["end"]) for s in r["propaganda_spans"]] for r in rows}
    assert si_score(gold, gold).f1 == pytest.approx(1.0)
    for r in rows[:20]:
        for s in r["technique_spans"]:
            assert r["text"][s["start"] : s["end"]] == s["span_text"]
