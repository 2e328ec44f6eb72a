"""The fact-check database apart from the store: its own file, a stored BM25 index, a read-only
cached loader keyed by the file's version, the ``--store`` alias and copying an old store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprobe import factchecks as fc
from newsprobe.cli import cli
from newsprobe.factchecks import index as fc_index
from newsprobe.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "factchecks.jsonl"


def _records(n: int, start: int = 0) -> list[fc.FactCheck]:
    topics = ["harbour tunnel", "city budget", "school lunches", "river bridge", "tram line", "bus fares"]
    return [fc.FactCheck(id=f"r{i}", claim=f"The {topics[i % len(topics)]} cost {i + 3} million dollars in {2000 + i}.")
            for i in range(start, start + n)]


def _import(path: str, records: list[fc.FactCheck], collection: str = "t") -> fc.ImportReport:
    with fc.FactCheckDB(path) as db:
        return fc.import_records(db, records, collection=collection, embed=False)


def test_bm25_index_is_stored_and_loaded_without_rebuilding(tmp_path, monkeypatch):
    path = str(tmp_path / "f.duckdb")
    _import(path, _records(6))
    with fc.FactCheckDB(path) as db:
        (key,) = db.con.execute("SELECT key FROM factcheck_bm25").fetchone()
        assert db.refresh_index() is False  # same records: nothing rebuilt
    fresh = fc.load_index(path)
    assert key.startswith(fc_index.INDEX_VERSION + ":6:")

    def no_rebuild(*a, **k):
        raise AssertionError("BM25 rebuilt although a matching index is stored")

    fc.clear_cache()
    monkeypatch.setattr(fc_index.BM25, "__init__", no_rebuild)
    stored = fc.load_index(path)
    q = "how much did the river bridge cost"
    assert (stored.bm25.scores(q) == fresh.bm25.scores(q)).all() and stored.bm25.scores(q).max() > 0


def test_stale_stored_index_is_rebuilt_in_memory(tmp_path):
    path = str(tmp_path / "f.duckdb")
    _import(path, _records(4))
    with fc.FactCheckDB(path) as db:  # as if another version wrote the records but not the index
        db.con.execute("UPDATE factcheck_bm25 SET key = 'bm25-0:old'")
    fc.clear_cache()
    index = fc.load_index(path)
    assert len(index) == 4 and index.bm25.n_docs == 4


def test_loader_is_cached_and_sees_a_later_import(tmp_path):
    path = str(tmp_path / "f.duckdb")
    _import(path, _records(3))
    first = fc.load_index(path)
    assert fc.load_index(path) is first  # unchanged file: read once
    _import(path, _records(2, start=3))
    second = fc.load_index(path)
    assert second is not first and len(second) == 5


def test_loader_never_writes_and_explains_a_missing_or_foreign_file(tmp_path):
    import duckdb

    with pytest.raises(Exception, match="factchecks import"):
        fc.load_index(str(tmp_path / "none.duckdb"))
    assert not (tmp_path / "none.duckdb").exists()
    other = str(tmp_path / "other.duckdb")
    duckdb.connect(other).close()
    with pytest.raises(Exception, match="no fact-checks table"):
        fc.load_index(other)


def test_default_database_is_beside_the_store_and_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSPROBE_FACTCHECK_DB", raising=False)
    monkeypatch.delenv("NEWSPROBE_STORE", raising=False)
    s = load_settings(store="out/news.duckdb")
    assert s.factcheck_db == str(tmp_path / "out" / "factchecks.duckdb")
    s = load_settings(factcheck_db="fc/x.duckdb")
    assert s.factcheck_db == str(tmp_path / "fc" / "x.duckdb")
    monkeypatch.chdir(ROOT)  # resolved once: a later directory change does not move it
    assert s.factcheck_db_path == str(tmp_path / "fc" / "x.duckdb")
    assert Settings(store=str(tmp_path / "a.duckdb")).factcheck_db_path == str(tmp_path / "factchecks.duckdb")


def test_cli_store_alias_means_the_database_beside_the_store(tmp_path):
    store = tmp_path / "s.duckdb"
    r = CliRunner().invoke(cli, ["factchecks", "import", str(EXAMPLES), "--format", "jsonl", "--no-embed", "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "factchecks.duckdb").is_file() and not store.exists()
    r = CliRunner().invoke(cli, ["factchecks", "stats", "--db", str(tmp_path / "factchecks.duckdb")])
    assert "records" in r.output
    r = CliRunner().invoke(cli, ["factchecks", "stats", "--db", "a.duckdb", "--store", "b.duckdb"])
    assert r.exit_code != 0 and "not both" in r.output


def test_copy_from_an_old_store(tmp_path):
    import duckdb

    from newsprobe.factchecks.db import SCHEMA

    old = str(tmp_path / "old.duckdb")
    con = duckdb.connect(old)
    con.execute(SCHEMA)  # the same table an old store held (its migration 0400_factchecks)
    con.execute("INSERT INTO factchecks (collection, id, claim, verdict) VALUES ('c', '1', 'Bees can count to four.', 'True')")
    con.close()
    new = str(tmp_path / "fc.duckdb")
    r = CliRunner().invoke(cli, ["factchecks", "copy-from-store", old, "--db", new])
    assert r.exit_code == 0, r.output
    index = fc.load_index(new)
    assert index.claims == ["Bees can count to four."] and index.verdicts == ["True"]


def test_several_processes_read_the_database_at_once(tmp_path):
    path = str(tmp_path / "f.duckdb")
    _import(path, _records(5))
    code = (
        "import sys; from newsprobe.factchecks.load import load_index;"
        "i = load_index(sys.argv[1]); print(len(i), int(i.bm25.scores('river bridge').argmax()))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [subprocess.Popen([sys.executable, "-c", code, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-500:] for o in outs]
    assert len({o[0] for o in outs}) == 1 and outs[0][0].split()[0] == "5"
