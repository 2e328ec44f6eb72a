import json

from newsprobe import Article, Span
from newsprobe.store import MIGRATIONS, Store, register_migration


def _article(text="Maria Ortega spoke in Lyon."):
    return Article(text, meta={"title": "T"}).with_layer("entities", [Span(0, 12, "PERSON", attrs={"canonical": "Maria Ortega"})])


def test_store_put_get_round_trip_and_update_not_duplicate(tmp_path):
    path = str(tmp_path / "s.duckdb")
    with Store(path) as db:
        run = db.start_run("test")
        a = _article()
        db.put_article(a, run_id=run, source="x.txt")
        db.put_article(a, run_id=run, source="x.txt")  # same content again: replaces
        assert db.count("articles") == 1 and db.count("spans") == 1
        b = db.get_article(a.id[:6])
        assert b == a
        db.finish_run(run, n_ok=1, n_failed=0)
        row = db.con.execute("SELECT label, start_char, end_char, attrs->>'canonical' FROM spans").fetchone()
        assert row == ("PERSON", 0, 12, "Maria Ortega")
    with Store(path) as db:  # reopening applies nothing twice
        assert db.migrate() == []
        assert db.applied_migrations()[0] == "0001_core_tables"
        assert db.count("runs") == 1


def test_store_records_failures(tmp_path):
    with Store(str(tmp_path / "s.duckdb")) as db:
        run = db.start_run("test")
        db.record_failure(run, "bad.jsonl", "not valid JSON", line=3)
        assert db.failures(run) == [{"run_id": run, "source": "bad.jsonl", "line": 3, "message": "not valid JSON"}]


def test_store_named_migrations_are_applied_once(tmp_path):
    name = "9999_test_extra_table"
    register_migration(name, "CREATE TABLE test_extra (x INTEGER)")
    try:
        with Store(str(tmp_path / "s.duckdb")) as db:
            assert name in db.applied_migrations()
            db.con.execute("INSERT INTO test_extra VALUES (1)")
        with Store(str(tmp_path / "s.duckdb")) as db:
            assert db.migrate() == []
    finally:
        MIGRATIONS[:] = [m for m in MIGRATIONS if m.name != name]


def test_store_bad_path_is_a_clear_error(tmp_path):
    import pytest

    from newsprobe.errors import StoreError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(str(blocker / "sub" / "s.duckdb"))


# --- reading: read-only opening, threads, and a reader while another process writes -------------

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsprobe.errors import StoreError

SRC = str(Path(__file__).resolve().parents[1] / "src")

# A writer process: each batch opens the store, writes 5 articles, holds the file `hold` seconds
# (a slow batch; hold < 0: until the file PATH.release exists), closes it and pauses `pause`
# seconds (the analysis of the next batch).
WRITER = r"""
import os, sys, time
from newsprobe import Article
from newsprobe.store import Store
path, batches, hold, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
for b in range(batches):
    with Store(path, wait=30) as db:
        for i in range(5):
            db.put_article(Article(f"Batch {b}, article {i}: the council met on Monday."), source="writer")
        print("holding", b, flush=True)
        if hold < 0:
            t0 = time.time()
            while not os.path.exists(path + ".release") and time.time() - t0 < 120:
                time.sleep(0.02)
        else:
            time.sleep(hold)
    time.sleep(pause)
print("done", flush=True)
"""


def _writer(path, batches, hold, pause):
    import os

    env = dict(os.environ, PYTHONPATH=SRC)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, path, str(batches), str(hold), str(pause)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().startswith("holding"), proc.stderr.read()
    return proc


def test_store_read_only_applies_no_migration_and_refuses_writes(tmp_path):
    path = str(tmp_path / "s.duckdb")
    Store(path).close()
    name = "9998_test_pending"
    register_migration(name, "CREATE TABLE test_pending (x INTEGER)")
    try:
        with Store(path, read_only=True) as db:
            assert db.pending_migrations() == [name]
            assert db.count("articles") == 0
            with pytest.raises(StoreError, match="read-only"):
                db.put_article(_article())
            with pytest.raises(StoreError, match=r"older schema.*newsprobe migrate"):
                db.query("SELECT * FROM test_pending")
        with Store(path, read_only=True) as db:
            assert name not in db.applied_migrations()
    finally:
        MIGRATIONS[:] = [m for m in MIGRATIONS if m.name != name]


def test_store_read_only_on_a_missing_or_foreign_file_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="no store at .*newsprobe analyze"):
        Store(str(tmp_path / "none.duckdb"), read_only=True)
    import duckdb

    other = str(tmp_path / "other.duckdb")
    duckdb.connect(other).close()
    with pytest.raises(StoreError, match="not a newsprobe store"):
        Store(other, read_only=True)


def test_store_for_thread_gives_each_thread_its_own_cursor(tmp_path):
    path = str(tmp_path / "s.duckdb")
    with Store(path) as db:
        db.put_article(_article())
    with Store(path, read_only=True) as db:
        seen, errors, views = [], [], []

        def work():
            try:
                view = db.for_thread()
                assert view is db.for_thread()
                views.append(view)
                for _ in range(20):
                    seen.append(view.count("spans"))
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors and seen == [1] * 80
        assert len({id(v) for v in views}) == 4


def test_store_reader_waits_for_a_writer_process_then_reads_a_whole_batch(tmp_path):
    path = str(tmp_path / "s.duckdb")
    proc = _writer(path, batches=1, hold=-1, pause=0)
    release = threading.Timer(1.0, lambda: Path(path + ".release").write_text("go"))
    release.start()
    try:
        messages = []
        t0 = time.perf_counter()
        with Store(path, read_only=True, wait=60, on_wait=messages.append) as db:
            waited = time.perf_counter() - t0
            n = db.count("articles")
        assert n == 5  # the writer's batch, whole
        assert messages and "waiting for the writer of" in messages[0] and "to finish" in messages[0]
        assert waited > 0.5  # it did wait (no upper bound: the machine may be busy)
    finally:
        release.join()
        proc.wait(timeout=60)
    assert proc.returncode == 0, proc.stderr.read()


def test_store_readers_get_in_between_a_writers_batches(tmp_path):
    path = str(tmp_path / "s.duckdb")
    proc = _writer(path, batches=5, hold=0.1, pause=0.3)
    counts = []
    try:
        while proc.poll() is None:
            with Store(path, read_only=True, wait=30) as db:
                counts.append(db.count("articles"))
    finally:
        proc.wait(timeout=120)
    assert proc.returncode == 0, proc.stderr.read()
    assert len(counts) >= 2
    assert all(c % 5 == 0 for c in counts), counts  # never half a batch
    assert counts == sorted(counts)


def test_store_reader_gives_up_after_store_wait_with_a_clear_message(tmp_path):
    path = str(tmp_path / "s.duckdb")
    proc = _writer(path, batches=1, hold=-1, pause=0)
    try:
        with pytest.raises(StoreError, match=r"still in use by the writer .* store_wait"):
            Store(path, read_only=True, wait=0.3)
    finally:
        Path(path + ".release").write_text("go")
        proc.wait(timeout=60)


def test_store_cli_read_while_a_writer_holds_the_file(tmp_path):
    import os

    path = str(tmp_path / "s.duckdb")
    proc = _writer(path, batches=1, hold=-1, pause=0)
    try:
        env = dict(os.environ, PYTHONPATH=SRC)
        reader = subprocess.Popen([sys.executable, "-m", "newsprobe", "articles", "--store", path, "--format", "json"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        first = reader.stderr.readline()  # the reader says it waits; then the writer lets go
        Path(path + ".release").write_text("go")
        out, err = reader.communicate(timeout=120)
    finally:
        Path(path + ".release").write_text("go")
        proc.wait(timeout=60)
    assert reader.returncode == 0, first + err
    assert "waiting for the writer of" in first and "Traceback" not in err
    import json

    assert len(json.loads(out)) == 5


def test_store_put_articles_writes_a_batch_and_a_bad_article_costs_only_itself(tmp_path, monkeypatch):
    from newsprobe import store_rows

    path = str(tmp_path / "s.duckdb")
    good = [_article(f"Person {i} spoke in Lyon on Monday.") for i in range(3)]
    bad = _article("This one will not fit in the table.")
    rows_of = store_rows._span_rows

    def broken_rows(article, *, with_id):  # a row DuckDB refuses (offset beyond INTEGER), for one article
        rows = rows_of(article, with_id=with_id)
        return [dict(r, start_char=2**40) for r in rows] if article.id == bad.id else rows

    monkeypatch.setattr(store_rows, "_span_rows", broken_rows)
    with Store(path) as db:
        db.put_articles([(a, "batch.jsonl") for a in good], run_id="r1")
        assert db.count("articles") == 3 and db.count("spans") == 3
        db.put_articles([(good[0], "again.jsonl")])  # replaces, no duplicate
        assert db.count("articles") == 3 and db.get_article(good[0].id) == good[0]
        more = [_article("Someone else spoke in Nantes."), bad, _article("A third person spoke in Lille.")]
        (failed,) = db.put_articles([(a, "m.jsonl") for a in more])
        assert failed[0] is bad and isinstance(failed[1], StoreError) and bad.id in str(failed[1])
        assert db.count("articles") == 5 and not db.has_article(bad.id)


def test_store_docs_list_every_table_and_column(tmp_path):
    import re

    import newsprobe.factchecks  # noqa: F401  (registers its table's migration)
    from newsprobe.export import COLUMNS

    doc = (Path(__file__).resolve().parents[1] / "docs" / "store.md").read_text(encoding="utf-8")
    sections = {m.group(1): m.start() for m in re.finditer(r"^### `(\w+)`", doc, flags=re.M)}
    with Store(str(tmp_path / "s.duckdb")) as db:
        cols = db.con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall()
    missing = []
    for table in sorted({t for t, _ in cols}):
        if table not in sections:
            missing.append(f"table {table}")
            continue
        start = sections[table]
        end = min([p for p in sections.values() if p > start] + [len(doc)])
        missing += [f"{table}.{c}" for t, c in cols if t == table and f"| `{c}` |" not in doc[start:end]]
    for what, columns in COLUMNS.items():
        row = next((l for l in doc.splitlines() if l.startswith(f"| `{what}` | `")), "")
        if row.split("|")[2].strip().strip("`").split(", ") != [c for c, _ in columns]:
            missing.append(f"export {what} columns")
    assert not missing, f"docs/store.md does not describe: {', '.join(missing)}"


def test_store_batch_of_new_and_stored_articles_replaces_only_the_stored_ones_spans(tmp_path):
    text = "Maria Ortega spoke in Lyon."
    old = Article(text, id="a1").with_layer("entities", [Span(0, 12, "PERSON"), Span(22, 26, "GPE")])
    other = Article("Jon Hale left Oslo.", id="a2").with_layer("entities", [Span(0, 8, "PERSON")])
    with Store(str(tmp_path / "s.duckdb")) as db:
        db.put_articles([(old, None), (other, None)])
        changed = Article(text, id="a1").with_layer("entities", [Span(22, 26, "GPE")])
        new = Article("Ana Ruiz won.", id="a3").with_layer("entities", [Span(0, 8, "PERSON")])
        assert db.put_articles([(changed, None), (new, None)]) == []
        rows = db.con.execute("SELECT article_id, start_char FROM spans ORDER BY article_id, start_char").fetchall()
        assert rows == [("a1", 22), ("a2", 0), ("a3", 0)]
        assert db.count("articles") == 3


def test_store_keeps_text_and_spans_once_and_reads_whole_articles_back(tmp_path):
    # the document column holds neither the text nor the spans (they are in `text` and
    # `spans`); reading puts the article together again, empty layers, scores and attrs included
    a = (Article("Maria Ortega said the ferry would run. \u201cIt will,\u201d she said.", meta={"title": "Ferry", "language": "en"},
                 signals={"hedging": {"score": 0.25}}, provenance={"pipeline": ["entities", "quotes"]})
         .with_layer("entities", [Span(0, 12, "PERSON", score=0.91234567, attrs={"canonical": "Maria Ortega", "kinds": ["a", "b"]})])
         .with_layer("quotes", [Span(40, 49, "direct", attrs={"speaker": "Maria Ortega"}), Span(5, 7, "scare")])
         .with_layer("hedges", []))
    old = Article("An article stored by an earlier version, whole.").with_layer("claims", [Span(0, 10, "claim", score=0.5)])
    path = str(tmp_path / "s.duckdb")
    with Store(path) as db:
        db.put_article(a)
        doc, text = db.con.execute("SELECT document, text FROM articles").fetchone()
        assert a.text == text and a.text not in doc and "Maria Ortega" not in doc.replace('"title": "Ferry"', "")
        assert json.loads(doc)["layers"] == {"entities": [], "quotes": [], "hedges": []}
        # a row written before the document was narrowed (the whole wire format) still reads
        db.con.execute("INSERT INTO articles (id, text, document) VALUES (?, ?, ?)", [old.id, old.text, old.to_json()])
        db.con.execute("INSERT INTO spans VALUES (?, 'claims', 'c1', 0, 10, 'claim', 0.5, NULL)", [old.id])
    with Store(path, read_only=True) as db:
        back = db.get_article(a.id)
        assert back == a and back.to_dict() == a.to_dict() and list(back.layers) == ["entities", "quotes", "hedges"]
        assert back.layer("entities")[0].attrs["kinds"] == ["a", "b"] and back.layer("quotes")[0].label == "scare"
        assert db.get_article(old.id).to_dict() == old.to_dict()
        assert {x.id: x.to_dict() for x in db.iter_articles(chunk=1)} == {a.id: a.to_dict(), old.id: old.to_dict()}
