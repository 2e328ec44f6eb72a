"""The fact-check database: its own DuckDB file, written by ``newsprobe factchecks`` only.

It lives apart from the article store (setting ``factcheck_db``; see docs/settings.md for where
it is by default), so the ``factchecks`` stage can open it read-only from any number of worker
processes while the store is being written. Table ``factchecks`` is keyed by
``(collection, id)``: each record keeps its own id, and re-importing a file into the same
collection updates its records instead of duplicating them. The MiniLM embedding of every
claim is computed at import time and stored with the id of the encoder that made it
(``emb_model``): embeddings of another encoder are never mixed in, they are re-encoded
(:func:`reembed`, or in memory when a search finds them). After every write the BM25 index is
stored too (table ``factcheck_bm25``, keyed by ``index.content_key`` of the records), so
readers load it instead of rebuilding it.

Readers go through :mod:`newsprobe.factchecks.load` (read-only, cached per process).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from ..errors import StoreError
from .index import BM25, content_key
from .load import BM25_TABLE, TABLE
from .records import BadRecord, FactCheck, Parsed, record_hash, text_hash

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    collection VARCHAR NOT NULL, id VARCHAR NOT NULL, claim VARCHAR NOT NULL,
    verdict VARCHAR, publisher VARCHAR, url VARCHAR, date VARCHAR, title VARCHAR,
    extra JSON, embedding BLOB, emb_model VARCHAR, text_hash VARCHAR, record_hash VARCHAR, imported_at TIMESTAMP,
    PRIMARY KEY (collection, id)
);
CREATE TABLE IF NOT EXISTS {BM25_TABLE} (
    key VARCHAR NOT NULL, vocab BLOB NOT NULL, arrays BLOB NOT NULL, built_at TIMESTAMP
);
"""


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class FactCheckDB:
    """The fact-check database file at ``path``, opened for writing (created when absent).

    Use as a context manager or call ``close``. Only one process may hold it open for writing;
    the ``factchecks`` stage never does."""

    def __init__(self, path: str) -> None:
        import duckdb

        self.path = path
        try:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            self.con = duckdb.connect(path)
            self.con.execute(SCHEMA)
        except (OSError, duckdb.Error) as e:
            raise StoreError(
                f"cannot open the fact-check database {path!r} for writing: {e}. Check the path, or pass --db with "
                "another file (another process may hold it open)"
            ) from e

    def __enter__(self) -> "FactCheckDB":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.con.close()
        except Exception:
            pass

    def refresh_index(self) -> bool:
        """Store the BM25 index of the current records unless the stored one already matches them;
        True when it was (re)built."""
        rows = self.con.execute(
            f"SELECT collection, id, record_hash, claim, title FROM {TABLE} ORDER BY collection, id"
        ).fetchall()
        key = content_key((r[0], r[1], r[2]) for r in rows)
        stored = self.con.execute(f"SELECT key FROM {BM25_TABLE}").fetchall()
        if [r[0] for r in stored] == [key]:
            return False
        bm25 = BM25([FactCheck(id="", claim=r[3], title=r[4]).search_text for r in rows])
        vocab, arrays = bm25.to_bytes()
        self.con.execute("BEGIN")
        try:
            self.con.execute(f"DELETE FROM {BM25_TABLE}")
            self.con.execute(f"INSERT INTO {BM25_TABLE} VALUES (?, ?, ?, ?)", [key, vocab, arrays, _now()])
            self.con.execute("COMMIT")
        except Exception as e:
            self.con.execute("ROLLBACK")
            raise StoreError(f"could not write the BM25 index to {self.path}: {e}") from e
        return True

    def copy_from_store(self, store_path: str) -> int:
        """Copy the fact-checks of an article store made before the database was split off
        (its table ``factchecks``) into this database; returns how many rows were copied.
        Rows already here with the same ``(collection, id)`` are replaced."""
        import duckdb

        if not os.path.isfile(store_path):
            raise StoreError(f"no store at {store_path!r}; check the path")
        try:
            self.con.execute(f"ATTACH '{_sql_string(os.path.abspath(store_path))}' AS old_store (READ_ONLY)")
        except duckdb.Error as e:
            raise StoreError(f"cannot open {store_path!r} to copy its fact-checks: {e}") from e
        try:
            found = _scalar(
                self.con, "SELECT count(*) FROM information_schema.tables WHERE table_catalog = 'old_store' AND table_name = ?", [TABLE]
            )
            if not found:
                raise StoreError(f"{store_path!r} has no fact-checks table; nothing to copy")
            n = _scalar(self.con, f"SELECT count(*) FROM old_store.{TABLE}")
            self.con.execute(f"INSERT OR REPLACE INTO {TABLE} SELECT * FROM old_store.{TABLE}")
        finally:
            self.con.execute("DETACH old_store")
        self.refresh_index()
        return int(n)


def _scalar(con: Any, sql: str, params: Sequence[Any] = ()) -> Any:
    """The first column of the first row of ``sql`` (a count, say)."""
    row = con.execute(sql, list(params)).fetchone()
    return row[0] if row is not None else None


def _sql_string(s: str) -> str:
    return s.replace("'", "''")


# --- importing ----------------------------------------------------------------------------


@dataclass
class ImportReport:
    collection: str
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    encoded: int = 0
    failed: list[BadRecord] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

def import_records(
    db: FactCheckDB,
    records: Iterable[Parsed],
    *,
    collection: str,
    embed: bool = True,
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Insert or update ``records`` in ``collection``; bad records are collected, never fatal.

    Embeddings are computed only for new records and records whose text changed.
    """
    from ..ml import factcheck_model

    report = ImportReport(collection=collection)
    con = db.con
    enc_id = factcheck_model.encoder_id()
    existing: dict[str, str | None] = {}
    existing_rec: dict[str, str] = {}
    for rid, h, rh, em in con.execute(
        f"SELECT id, text_hash, record_hash, emb_model FROM {TABLE} WHERE collection = ?", [collection]
    ).fetchall():
        # an embedding made by another encoder counts as missing: the record is re-encoded
        existing[rid], existing_rec[rid] = (h if em == enc_id else None), rh
    pending: dict[str, FactCheck] = {}

    def flush() -> None:
        if not pending:
            return
        batch = list(pending.values())
        pending.clear()
        embs: dict[str, bytes] = {}
        if embed:
            changed = [fc for fc in batch if existing.get(fc.id) != text_hash(fc)]
            embs.update(_existing_embeddings(con, collection, [fc.id for fc in batch if existing.get(fc.id) == text_hash(fc)]))
            changed += [fc for fc in batch if existing.get(fc.id) == text_hash(fc) and fc.id not in embs]
            if changed:
                vecs = factcheck_model.encode([fc.embed_text for fc in changed])
                report.encoded += len(changed)
                for fc, v in zip(changed, vecs):
                    embs[fc.id] = np.asarray(v, dtype=np.float32).tobytes()
        rows = []
        now = _now()
        for fc in batch:
            h, rh = text_hash(fc), record_hash(fc)
            if fc.id in existing_rec:
                if existing_rec[fc.id] == rh:
                    report.unchanged += 1
                else:
                    report.updated += 1
            else:
                report.inserted += 1
            existing[fc.id], existing_rec[fc.id] = h, rh
            rows.append(
                (
                    collection, fc.id, fc.claim, fc.verdict, fc.publisher, fc.url, fc.date, fc.title,
                    json.dumps(dict(fc.extra), ensure_ascii=False) if fc.extra else None,
                    embs.get(fc.id), enc_id if embs.get(fc.id) is not None else None, h, rh, now,
                )
            )
        con.execute("BEGIN")
        try:
            con.executemany(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            con.execute("COMMIT")
        except Exception as e:
            con.execute("ROLLBACK")
            raise StoreError(f"could not write fact-checks to {db.path}: {e}") from e
        if progress:
            progress(len(batch))

    for rec in records:
        if isinstance(rec, BadRecord):
            report.failed.append(rec)
            continue
        report.read += 1
        pending[rec.id] = rec  # a repeated id inside one file: the last one wins
        if len(pending) >= batch_size:
            flush()
    flush()
    db.refresh_index()
    return report


def _existing_embeddings(con: Any, collection: str, ids: Sequence[str]) -> dict[str, bytes]:
    if not ids:
        return {}
    rows = con.execute(
        f"SELECT id, embedding FROM {TABLE} WHERE collection = ? AND id IN (SELECT unnest(?))", [collection, list(ids)]
    ).fetchall()
    return {rid: bytes(e) for rid, e in rows if e is not None}


def stale_embeddings(db: FactCheckDB) -> int:
    """How many stored records lack an embedding of the current encoder (see ``reembed``)."""
    from ..ml import factcheck_model

    return int(_scalar(
        db.con, f"SELECT count(*) FROM {TABLE} WHERE embedding IS NULL OR emb_model IS DISTINCT FROM ?", [factcheck_model.encoder_id()]
    ))


def reembed(db: FactCheckDB, *, batch_size: int = 512, progress: Callable[[int], None] | None = None) -> int:
    """Re-encode the records whose stored embedding is missing or was made by another encoder.

    Returns how many were encoded; ``progress(n)`` after each batch. Safe to interrupt: each
    batch is committed with the encoder id, so a second run continues where it stopped.
    """
    from ..ml import factcheck_model

    enc_id = factcheck_model.encoder_id()
    rows = db.con.execute(
        f"SELECT collection, id, claim FROM {TABLE} WHERE embedding IS NULL OR emb_model IS DISTINCT FROM ? ORDER BY collection, id",
        [enc_id],
    ).fetchall()
    done = 0
    for s in range(0, len(rows), max(1, batch_size)):
        batch = rows[s : s + max(1, batch_size)]
        vecs = factcheck_model.encode([FactCheck(id=r[1], claim=r[2]).embed_text for r in batch])
        db.con.execute("BEGIN")
        try:
            db.con.executemany(
                f"UPDATE {TABLE} SET embedding = ?, emb_model = ?, text_hash = ? WHERE collection = ? AND id = ?",
                [(np.asarray(v, dtype=np.float32).tobytes(), enc_id, text_hash(FactCheck(id=r[1], claim=r[2])), r[0], r[1]) for r, v in zip(batch, vecs)],
            )
            db.con.execute("COMMIT")
        except Exception as e:
            db.con.execute("ROLLBACK")
            raise StoreError(f"could not write re-encoded fact-checks to {db.path}: {e}") from e
        done += len(batch)
        if progress:
            progress(len(batch))
    return done


def stats(db: FactCheckDB) -> list[dict[str, Any]]:
    """Per collection: records, with embeddings, verdict counts (top 10)."""
    out = []
    for coll, n, n_emb in db.con.execute(
        f"SELECT collection, count(*), count(embedding) FROM {TABLE} GROUP BY collection ORDER BY collection"
    ).fetchall():
        verdicts = db.con.execute(
            f"SELECT coalesce(verdict, '(none)'), count(*) c FROM {TABLE} WHERE collection = ? GROUP BY 1 ORDER BY c DESC LIMIT 10",
            [coll],
        ).fetchall()
        out.append({"collection": coll, "records": n, "embedded": n_emb, "verdicts": dict(verdicts)})
    return out

