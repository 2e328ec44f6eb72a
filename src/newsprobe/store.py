"""The DuckDB store: articles, their spans, runs and failures.

An article's id is a hash of its content (``article.content_id``), so storing the same input
again replaces the earlier analysis instead of adding a duplicate. Schema changes are named
migrations recorded in ``schema_migrations``; modules that need tables of their own (the
fact-check database, for one) add migrations with ``register_migration``.

Offsets are never re-sliced in SQL (SQL strings are 1-based): read the article back with
``get_article`` and slice in Python.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator

from .article import Article
from .errors import StoreError


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[Any], None]


MIGRATIONS: list[Migration] = []


def register_migration(name: str, sql_or_fn: str | Callable[[Any], None]) -> None:
    """Add a named migration (SQL text or ``fn(connection)``); applied once, in registration order."""
    if any(m.name == name for m in MIGRATIONS):
        return
    if isinstance(sql_or_fn, str):
        sql = sql_or_fn

        def apply(con: Any) -> None:
            con.execute(sql)

        MIGRATIONS.append(Migration(name, apply))
    else:
        MIGRATIONS.append(Migration(name, sql_or_fn))


register_migration(
    "0001_core_tables",
    """
    CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
        command VARCHAR, settings JSON, newsprobe_version VARCHAR,
        n_ok INTEGER DEFAULT 0, n_failed INTEGER DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS articles (
        id VARCHAR PRIMARY KEY, title VARCHAR, url VARCHAR, outlet VARCHAR, published VARCHAR,
        source VARCHAR, n_chars INTEGER, text VARCHAR, document JSON,
        run_id VARCHAR, analyzed_at TIMESTAMP
    );
    CREATE TABLE IF NOT EXISTS spans (
        article_id VARCHAR, layer VARCHAR, span_id VARCHAR, start_char INTEGER, end_char INTEGER,
        label VARCHAR, score DOUBLE, attrs JSON,
        PRIMARY KEY (article_id, layer, span_id)
    );
    CREATE TABLE IF NOT EXISTS failures (
        run_id VARCHAR, source VARCHAR, line INTEGER, message VARCHAR, failed_at TIMESTAMP
    );
    """,
)


_INSERT_SPANS = """
INSERT INTO spans
SELECT ?, r.layer, r.span_id, r.start_char, r.end_char, r.label, r.score, r.attrs
FROM (SELECT unnest(?::STRUCT(layer VARCHAR, span_id VARCHAR, start_char INTEGER, end_char INTEGER,
                              label VARCHAR, score DOUBLE, attrs VARCHAR)[]) AS r)
"""


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Store:
    """A DuckDB file holding analysed articles. Use as a context manager or call ``close``."""

    def __init__(self, path: str) -> None:
        import duckdb

        self.path = path
        parent = os.path.dirname(os.path.abspath(path))
        try:
            os.makedirs(parent, exist_ok=True)
            self.con = duckdb.connect(path)
        except (OSError, duckdb.Error) as e:
            raise StoreError(f"cannot open the store {path!r}: {e}. Check the path, or pass --store with another file") from e
        self.migrate()

    # --- lifecycle ---------------------------------------------------------------------
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.con.close()
        except Exception:
            pass

    def migrate(self) -> list[str]:
        """Apply pending migrations; returns the names applied now."""
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
        done = {r[0] for r in self.con.execute("SELECT name FROM schema_migrations").fetchall()}
        applied = []
        for m in MIGRATIONS:
            if m.name in done:
                continue
            self.con.execute("BEGIN")
            try:
                m.apply(self.con)
                self.con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [m.name, _now()])
                self.con.execute("COMMIT")
            except Exception as e:
                self.con.execute("ROLLBACK")
                raise StoreError(f"migration {m.name} failed on {self.path}: {e}") from e
            applied.append(m.name)
        return applied

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT name FROM schema_migrations ORDER BY applied_at, name").fetchall()]

    # --- runs ---------------------------------------------------------------------------
    def start_run(self, command: str, settings: dict[str, Any] | None = None) -> str:
        from . import __version__

        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs (run_id, started_at, command, settings, newsprobe_version) VALUES (?, ?, ?, ?, ?)",
            [run_id, _now(), command, json.dumps(settings or {}, default=str), __version__],
        )
        return run_id

    def finish_run(self, run_id: str, *, n_ok: int, n_failed: int) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, n_ok = ?, n_failed = ? WHERE run_id = ?", [_now(), n_ok, n_failed, run_id]
        )

    def record_failure(self, run_id: str | None, source: str, message: str, line: int | None = None) -> None:
        self.con.execute("INSERT INTO failures VALUES (?, ?, ?, ?, ?)", [run_id, source, line, message, _now()])

    # --- articles -----------------------------------------------------------------------
    def put_article(self, article: Article, *, run_id: str | None = None, source: str | None = None) -> None:
        """Insert or replace an article and all of its spans, atomically."""
        doc = article.to_dict()
        meta = article.meta
        rows = [
            {
                "layer": layer, "span_id": s.id, "start_char": s.start, "end_char": s.end, "label": s.label,
                "score": s.score, "attrs": json.dumps(dict(s.attrs), ensure_ascii=False) if s.attrs else None,
            }
            for layer, spans in article.layers.items()
            for s in spans
        ]
        self.con.execute("BEGIN")
        try:
            self.con.execute("DELETE FROM spans WHERE article_id = ?", [article.id])
            self.con.execute("DELETE FROM articles WHERE id = ?", [article.id])
            self.con.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    article.id, _str(meta.get("title")), _str(meta.get("url")), _str(meta.get("outlet")),
                    _str(meta.get("published")), source, len(article.text), article.text,
                    json.dumps(doc, ensure_ascii=False), run_id, _now(),
                ],
            )
            if rows:  # one statement for all spans: executemany costs milliseconds per row in DuckDB
                self.con.execute(_INSERT_SPANS, [article.id, rows])
            self.con.execute("COMMIT")
        except Exception as e:
            self.con.execute("ROLLBACK")
            raise StoreError(f"could not store article {article.id}: {e}") from e

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with this id, or with an id starting with it (unique prefix)."""
        rows = self.con.execute(
            "SELECT document FROM articles WHERE id = ? OR id LIKE ? LIMIT 2", [article_id, article_id + "%"]
        ).fetchall()
        if not rows:
            return None
        if len(rows) > 1:
            raise StoreError(f"{article_id!r} matches several articles; give more characters of the id")
        return Article.from_dict(json.loads(rows[0][0]))

    def has_article(self, article_id: str) -> bool:
        return bool(self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone())

    def list_articles(self, limit: int = 100) -> list[dict[str, Any]]:
        cur = self.con.execute(
            "SELECT id, title, outlet, n_chars, source, analyzed_at FROM articles ORDER BY analyzed_at DESC LIMIT ?", [limit]
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def iter_articles(self) -> Iterator[Article]:
        for (doc,) in self.con.execute("SELECT document FROM articles ORDER BY id").fetchall():
            yield Article.from_dict(json.loads(doc))

    def count(self, table: str) -> int:
        if table not in {"articles", "spans", "runs", "failures"}:
            raise StoreError(f"unknown table {table!r}")
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])

    def failures(self, run_id: str | None = None) -> list[dict[str, Any]]:
        q = "SELECT run_id, source, line, message FROM failures"
        args: list[Any] = []
        if run_id:
            q += " WHERE run_id = ?"
            args.append(run_id)
        cur = self.con.execute(q + " ORDER BY failed_at", args)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def put_many(self, articles: Iterable[Article], *, run_id: str | None = None) -> int:
        n = 0
        for a in articles:
            self.put_article(a, run_id=run_id)
            n += 1
        return n


def _str(value: Any) -> str | None:
    return None if value is None else str(value)
