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
