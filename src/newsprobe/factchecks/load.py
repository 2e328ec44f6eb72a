"""Loading the fact-check database for searching: read-only, once per process.

:func:`load_index` opens the database file read-only (never for writing, so any number of
worker processes can read it while the article store is written elsewhere), reads every
record with its stored embedding and the stored BM25 index (rebuilt in memory when it does
not match the records, e.g. a database written by an older version), and keeps the
:class:`~newsprobe.factchecks.search.FactCheckIndex` in a module-level cache keyed by the
file's absolute path, modification time and size: a later import (in this process or
another) is seen on the next call, and an unchanged file is never read twice.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from ..errors import StoreError
from .search import FactCheckIndex

#: The tables of a fact-check database (``db.SCHEMA`` creates them).
TABLE = "factchecks"
BM25_TABLE = "factcheck_bm25"

_CACHE: dict[str, tuple[tuple[int, int, int, int], FactCheckIndex]] = {}
_CACHE_LOCK = threading.Lock()
_HINT = "import some with `newsprobe factchecks import`"


def clear_cache() -> None:
    """Forget the cached indexes (the next ``load_index`` reads the file again)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _stamp(path: str) -> tuple[int, int, int, int]:
    st = os.stat(path)
    try:  # committed but not yet checkpointed writes live in the write-ahead log
        wal = os.stat(path + ".wal")
        w = (wal.st_mtime_ns, wal.st_size)
    except OSError:
        w = (0, 0)
    return st.st_mtime_ns, st.st_size, *w


def load_index(path: str) -> FactCheckIndex:
    """The index of the fact-check database at ``path``, read once per process per version of
    the file. Raises StoreError (saying what to do) when the file or its table is missing, or
    it cannot be opened read-only (another process writing it right now, a corrupt file)."""
    key = os.path.abspath(path)
    if not os.path.isfile(key):
        raise StoreError(f"no fact-check database at {path!r}; {_HINT} (or set factcheck_db / --db)")
    stamp = _stamp(key)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    import duckdb

    try:
        con = duckdb.connect(key, read_only=True)
    except duckdb.Error as e:
        raise StoreError(
            f"cannot open the fact-check database {path!r} read-only: {e}. If an import is running, "
            "wait for it to finish"
        ) from e
    try:
        index = _read(con, path)
    finally:
        con.close()
    with _CACHE_LOCK:
        _CACHE[key] = (stamp, index)
    return index


def _read(con: Any, path: str) -> FactCheckIndex:
    from .index import BM25, content_key

    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if TABLE not in tables:
        raise StoreError(f"{path!r} holds no fact-checks table (is it a fact-check database?); {_HINT}")
    rows = con.execute(
        f"SELECT collection, id, claim, verdict, publisher, url, title, embedding, emb_model, record_hash "
        f"FROM {TABLE} ORDER BY collection, id"
    ).fetchall()
    bm25 = None
    if BM25_TABLE in tables and rows:
        stored = con.execute(f"SELECT key, vocab, arrays FROM {BM25_TABLE}").fetchall()
        if len(stored) == 1 and stored[0][0] == content_key((r[0], r[1], r[9]) for r in rows):
            bm25 = BM25.from_bytes(bytes(stored[0][1]), bytes(stored[0][2]))
    return FactCheckIndex([r[:9] for r in rows], bm25=bm25)
