"""The run loop: documents in, articles and failures out to sinks, with a summary."""

from __future__ import annotations

import io
import json

import pytest

from newsprobe import Article, load_settings
from newsprobe.errors import InputError
from newsprobe.ingest import Document, read_documents
from newsprobe.registry import _REGISTRY, stage
from newsprobe.run import BaseSink, Failure, JsonlSink, ListSink, StoreSink, TextSink, run, summary_line
from newsprobe.store import Store

from .conftest import CORE_STAGES

STORY = "Bridge opens early\n\nKYIV (Reuters) - The new bridge opened on Friday, officials said.\n"
OTHER = "Trams stopped in Oslo\n\nOSLO (AP) - Trams stopped running on Tuesday after a power cut, the city said.\n"


@pytest.fixture(scope="module")
def settings():
    return load_settings(stages=CORE_STAGES, store="", batch_size=2)


@pytest.fixture()
def boom_stage():
    """A stage that raises on articles containing BOOM (registered for one test)."""

    @stage("boom_test", version="1", requires=("doc",), assigns=())
    def make(settings):
        def run_(article, ctx):
            if "BOOM" in article.text:
                raise ValueError("exploded on purpose")
        return run_

    yield CORE_STAGES + ",boom_test"
    _REGISTRY.pop("boom_test", None)


def _docs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(STORY, encoding="utf-8")
    (d / "b.txt").write_text(OTHER, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "c.jsonl").write_text('{"text": "The mayor said the tram line reopens in May."}\n{broken\n', encoding="utf-8")
    return list(read_documents([str(d)]))


def test_run_writes_store_and_jsonl_and_returns_a_summary(tmp_path, settings):
    db = str(tmp_path / "s.duckdb")
    out = tmp_path / "out.jsonl"
    seen_failures, ticks = [], []
    summary = run(_docs(tmp_path), sinks=[StoreSink(db), JsonlSink(str(out))], settings=settings, command="test",
                  on_failure=seen_failures.append, progress=lambda done, total: ticks.append((done, total)))
    assert summary.completed and not summary.ok
    assert (summary.n_ok, summary.n_input_failures, summary.n_stage_failures) == (3, 2, 0)
    assert summary.words == sum(len(t.split()) for t in (STORY, OTHER, "The mayor said the tram line reopens in May."))
    assert summary.layers["stories"] >= 3 and summary.layers["sentences"] >= 3
    assert ticks[-1] == (5, 5) and len(ticks) == 5
    assert {f.source.rsplit("/", 1)[-1] for f in seen_failures} == {"empty.txt", "c.jsonl:2"}
    assert "3 article(s)" in summary_line(summary) and "2 input(s) failed" in summary_line(summary)
    lines = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 3 and all(l["schema"] == "newsprobe/1" for l in lines)
    with Store(db, read_only=True) as s:
        assert s.count("articles") == 3
        assert len(s.failures(summary.run_id)) == 2
        (r,) = s.runs()
        assert r["run_id"] == summary.run_id and r["command"] == "test"
        assert r["finished_at"] is not None and (r["n_ok"], r["n_failed"]) == (3, 2)
    assert json.loads(json.dumps(summary.to_dict()))["n_ok"] == 3


def test_run_skip_existing_skips_what_the_store_holds(tmp_path, settings):
    db = str(tmp_path / "s.duckdb")
    run([Article(STORY)], sinks=StoreSink(db), settings=settings)
    skipped = []
    summary = run([Article(STORY), Article(OTHER)], sinks=StoreSink(db), settings=settings, skip_existing=True,
                  on_skip=skipped.append)
    assert (summary.n_ok, summary.n_skipped, skipped) == (1, 1, [1])
    with Store(db, read_only=True) as s:
        assert s.count("articles") == 2 and len(s.runs()) == 2


def test_run_stage_failures_are_recorded_and_cost_nothing_else(tmp_path, boom_stage):
    settings = load_settings(stages=boom_stage, store="", batch_size=4)
    db = str(tmp_path / "s.duckdb")
    summary = run([STORY, "BOOM went the quarry, the foreman said on Monday.", OTHER], sinks=StoreSink(db),
                  settings=settings)
    assert summary.n_ok == 3 and summary.n_stage_failures == 1 and not summary.ok
    (f,) = summary.failures
    assert f.stage == "boom_test" and "exploded on purpose" in f.message and f.article_id
    assert "stage boom_test failed" in str(f)
    with Store(db, read_only=True) as s:
        assert s.count("articles") == 3
        (row,) = s.failures()
        assert row["message"].startswith("stage boom_test: ValueError: exploded on purpose")


def test_run_streams_each_batch_so_a_crash_keeps_what_finished(tmp_path, settings):
    db = str(tmp_path / "s.duckdb")
    out = tmp_path / "out.jsonl"

    def docs():
        yield Article(STORY)
        yield Article(OTHER)  # batch_size 2: this batch is written before the crash
        raise RuntimeError("the machine fell over")

    with pytest.raises(RuntimeError):
        run(docs(), sinks=[StoreSink(db), JsonlSink(str(out))], settings=settings)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    with Store(db, read_only=True) as s:
        assert s.count("articles") == 2
        (r,) = s.runs()
        assert r["finished_at"] is None  # the crash shows: the run never finished


def test_run_text_and_list_sinks_and_no_sink(settings):
    buf = io.StringIO()
    listed = ListSink()
    summary = run([STORY, OTHER], sinks=[TextSink(buf, render=lambda a, src: f"{src}: {a.meta.get('title')}"), listed],
                  settings=settings)
    assert buf.getvalue() == "<text 1>: Bridge opens early\n\n<text 2>: Trams stopped in Oslo\n"
    assert [a.meta["title"] for a in listed.articles] == ["Bridge opens early", "Trams stopped in Oslo"]
    assert run([STORY], settings=settings).n_ok == 1  # no sink: only the summary


def test_run_takes_documents_articles_and_strings_and_reports_empty_text(settings):
    items = [Document("doc-1", article=Article(STORY)), Article(OTHER), "", "  \n"]
    summary = run(items, settings=settings)
    assert summary.n_ok == 2 and summary.n_input_failures == 2
    assert all("no text" in f.message for f in summary.failures)
    with pytest.raises(TypeError, match="Documents, Articles or strings"):
        run([42], settings=settings)


def test_run_sink_protocol_gets_start_batches_and_finish(settings):
    calls = []

    class Recorder(BaseSink):
        def start(self, command, settings):
            calls.append(("start", command))
            return "r1"

        def write_batch(self, items, failures):
            calls.append(("batch", len(items), len(failures)))

        def finish(self, summary):
            calls.append(("finish", summary.n_ok))

    summary = run([STORY, OTHER, OTHER + " Later."], sinks=Recorder(), settings=settings, command="x")
    assert summary.run_id == "r1"
    assert calls == [("start", "x"), ("batch", 2, 0), ("batch", 1, 0), ("finish", 3)]


def test_failure_text_names_source_and_line():
    assert str(Failure("c.jsonl:2", "not valid JSON", 2)) == "c.jsonl:2: not valid JSON"
    assert str(Failure("x.csv", "malformed", 3)) == "x.csv:3: malformed"
    assert str(Failure("a.txt", "ValueError: no", None, stage="quotes")) == "a.txt: stage quotes failed: ValueError: no"


def test_run_an_article_the_store_refuses_is_a_failure_not_a_crash(tmp_path, settings, monkeypatch):
    from newsprobe import store_rows

    bad_text = "This article will not fit in the table, the clerk said."
    rows_of = store_rows._span_rows

    def broken_rows(article, *, with_id):  # DuckDB refuses offsets beyond INTEGER
        rows = rows_of(article, with_id=with_id)
        return [dict(r, start_char=2**40) for r in rows] if article.text == bad_text else rows

    monkeypatch.setattr(store_rows, "_span_rows", broken_rows)
    db = str(tmp_path / "s.duckdb")
    seen = []
    summary = run([STORY, bad_text, OTHER], sinks=StoreSink(db), settings=settings, on_failure=seen.append)
    assert summary.completed and not summary.ok and summary.n_stage_failures == 1
    assert [f.stage for f in seen] == ["store"] and "could not store article" in seen[0].message
    with Store(db, read_only=True) as s:
        assert s.count("articles") == 2
        assert s.failures()[0]["message"].startswith("stage store: could not store article")
