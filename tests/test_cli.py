import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprobe.cli import cli

from .conftest import CORE_STAGES

STORY = "Bridge opens early\n\nKYIV (Reuters) - The new bridge opened on Friday, officials said.\n"


def _run(args, **kw):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kw)


def test_cli_analyze_jsonl_stores_and_show(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(STORY, encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    out = tmp_path / "out.jsonl"
    r = _run(["analyze", str(src), "--stages", CORE_STAGES, "--store", db, "-o", str(out)])
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert doc["schema"] == "newsprobe/1" and doc["layers"]["stories"][0]["attrs"]["origin"] == "Reuters"
    r = _run(["show", doc["id"][:8], "--store", db, "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)[0]["id"] == doc["id"]
    r = _run(["show", "ffffffffff", "--store", db])
    assert r.exit_code == 2 and "no article" in r.output


def test_cli_analyze_mixed_directory_reports_each_failure_and_exits_1(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(STORY, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "latin.txt").write_bytes(b"Caf\xe9 closes")
    (d / "c.jsonl").write_text('{"text": "Trams stopped in Oslo today."}\n{broken\n', encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    r = CliRunner().invoke(cli, ["analyze", str(d), "--stages", CORE_STAGES, "--store", db, "--format", "jsonl"])
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    out_lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    assert len(out_lines) == 2  # good.txt and the good JSONL line
    for needle in ("empty.txt: the file is empty", "latin.txt: is not valid UTF-8", "c.jsonl:2: not valid JSON"):
        assert needle in r.stderr
    from newsprobe.store import Store

    with Store(db) as s:
        assert s.count("articles") == 2
        assert len(s.failures()) == 3


def test_cli_unknown_stage_is_one_line_error(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(STORY, encoding="utf-8")
    r = CliRunner().invoke(cli, ["analyze", str(src), "--stages", "parse,nonsense", "--no-store"])
    assert r.exit_code == 2 and "unknown stage" in r.stderr and "Traceback" not in r.output


def test_cli_text_format_and_stdin(tmp_path):
    r = CliRunner().invoke(cli, ["analyze", "-", "--stages", CORE_STAGES, "--no-store"], input=STORY.encode())
    assert r.exit_code == 0
    assert "Bridge opens early" in r.stdout and "Reuters" in r.stdout


def test_cli_evaluate_layer_against_gold(tmp_path):
    from newsprobe import Article, Span

    text = "Storm hits coast\n\nLONDON (Reuters) - A storm hit the coast on Sunday."
    gold = Article(text).with_layer("stories", [Span(0, len(text), "story")])
    g = tmp_path / "gold.jsonl"
    g.write_text(gold.to_json() + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["evaluate", "stories", str(g), "--format", "json"], env={"NEWSPROBE_STAGES": CORE_STAGES})
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert res["per_label"]["story"]["exact"]["f1"] == 1.0


def test_cli_stages_lists_requires_and_assigns():
    r = CliRunner().invoke(cli, ["stages", "--format", "json"], env={"NEWSPROBE_STAGES": CORE_STAGES})
    rows = json.loads(r.stdout)
    assert [x["name"] for x in rows] == CORE_STAGES.split(",")
    assert rows[1]["assigns"] == ["stories"]


def test_cli_hostile_jsonl_record_is_analysed_safely(tmp_path):
    src = tmp_path / "h.jsonl"
    src.write_text(json.dumps({"text": "Evil \ud800 text\x1b[2J <script>alert(1)</script> said the mayor."}) + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["analyze", str(src), "--stages", CORE_STAGES, "--store", str(tmp_path / "s.duckdb")])
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.stdout


@pytest.mark.parametrize("model", ["claims", "techniques"])
def test_dense_training_without_the_encoder_says_what_to_do(monkeypatch, model, tmp_path):
    import os

    from newsprobe.ml import sentence_states

    monkeypatch.setattr(sentence_states, "available", lambda: (False, "ModelError: not installed"))
    from newsprobe.ml import minilm

    # the command pins the encoder to one thread for this process: undo it after the test
    monkeypatch.setattr(minilm, "_configured", None)
    env_before = {k: v for k, v in os.environ.items() if k.startswith("NEWSPROBE_")}
    data_opt = "--data-dir" if model == "claims" else "--data"
    r = CliRunner().invoke(cli, ["train", model, data_opt, str(tmp_path), "--out", str(tmp_path / "out")])
    assert r.exit_code == 2, r.output
    assert "MiniLM encoder is not available" in r.output and "--no-dense" in r.output
    assert not (tmp_path / "out").exists()
    # the CLI never changes newsprobe's environment (sklearn, imported by the trainer, sets its own variable)
    assert {k: v for k, v in os.environ.items() if k.startswith("NEWSPROBE_")} == env_before
    if "NEWSPROBE_ENCODER_THREADS" not in os.environ:
        assert minilm.encoder_config()[2] == 1  # pinned, unless the setting says otherwise


def test_cli_analyze_output_extension_names_the_format_or_is_refused(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(STORY, encoding="utf-8")
    r = CliRunner().invoke(cli, ["analyze", str(src), "--stages", CORE_STAGES, "--no-store", "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 2 and "cannot tell which format" in r.stderr and ".jsonl" in r.stderr
    assert not (tmp_path / "x.docx").exists()
    r = CliRunner().invoke(cli, ["analyze", str(src), "--stages", CORE_STAGES, "--no-store", "-o", "-", "--format", "jsonl"])
    assert r.exit_code == 0 and json.loads(r.stdout.splitlines()[0])["schema"] == "newsprobe/1"
    assert not Path("-").exists()  # "-" is stdout, not a file in the working folder


def test_cli_analyze_skip_existing_says_what_it_skipped(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(STORY, encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    args = ["analyze", str(src), "--stages", CORE_STAGES, "--store", db, "--format", "jsonl"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    r = CliRunner().invoke(cli, args + ["--skip-existing"])
    assert r.exit_code == 0 and "skipping 1 article(s) already in" in r.stderr and r.stdout == ""
