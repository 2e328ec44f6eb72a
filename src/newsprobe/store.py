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
import logging
import os
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from .article import Article
from .errors import StoreError
from .store_connect import connect, set_wait_notifier
from .store_rows import SPAN_COLUMNS, EncodedArticles, encode_articles, span_columns

log = logging.getLogger(__name__)


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


register_migration(
    "0002_corpus_clusters",
    """
    CREATE TABLE IF NOT EXISTS clusters (
        kind VARCHAR, cluster_id VARCHAR, label VARCHAR, size INTEGER, evidence JSON, computed_at TIMESTAMP,
        PRIMARY KEY (kind, cluster_id)
    );
    CREATE TABLE IF NOT EXISTS cluster_members (
        kind VARCHAR, cluster_id VARCHAR, position INTEGER, article_id VARCHAR, start_char INTEGER, end_char INTEGER,
        role VARCHAR, share DOUBLE, text VARCHAR, attrs JSON
    );
    """,
)

_INSERT_ARTICLES = """
INSERT INTO articles
SELECT r.id, r.title, r.url, r.outlet, r.published, r.source, r.n_chars, r.text, r.document, r.run_id, r.analyzed_at
FROM (SELECT unnest(?::STRUCT(id VARCHAR, title VARCHAR, url VARCHAR, outlet VARCHAR, published VARCHAR, source VARCHAR,
                              n_chars INTEGER, text VARCHAR, document VARCHAR, run_id VARCHAR, analyzed_at TIMESTAMP)[]) AS r)
"""

_NEW_SPANS = "_newsprobe_new_spans"
_INSERT_SPAN_COLUMNS = f"""
INSERT INTO spans
SELECT CAST(article_id AS VARCHAR), CAST(layer AS VARCHAR), CAST(span_id AS VARCHAR), CAST(start_char AS INTEGER),
       CAST(end_char AS INTEGER), CAST(label AS VARCHAR), CAST(score AS DOUBLE), CAST(attrs AS VARCHAR)
FROM {_NEW_SPANS}
"""


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


#: The core tables and their columns (docs/store.md describes each; a test checks it does).
CORE_TABLES: tuple[str, ...] = ("runs", "articles", "spans", "failures", "schema_migrations", "clusters", "cluster_members")


class Store:
    """A DuckDB file holding analysed articles. Use as a context manager or call ``close``.

    ``Store(path)`` opens for writing and applies pending migrations. ``Store(path,
    read_only=True)`` opens for reading: no migrations, no writes, and other readers may
    open the file at the same time. Either waits (``wait`` seconds, default the
    ``store_wait`` setting) while another process holds the file; see ``connect`` and
    docs/store.md. A server gives each thread its own cursor: ``store.for_thread()``.
    """

    def __init__(
        self,
        path: str,
        *,
        read_only: bool = False,
        wait: float | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._local = threading.local()
        self._children: list[Store] = []
        if not read_only:
            try:
                os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            except OSError as e:
                raise StoreError(f"cannot open the store {path!r}: {e}. Check the path, or pass --store with another file") from e
        self.con = connect(path, read_only=read_only, wait=wait, on_wait=on_wait)
        if read_only:
            self._check_readable()
        else:
            self.migrate()

    @classmethod
    def _view(cls, parent: "Store") -> "Store":
        view = cls.__new__(cls)
        view.path = parent.path
        view.read_only = parent.read_only
        view._local = threading.local()
        view._children = []
        view.con = parent.con.cursor()
        return view

    # --- lifecycle ---------------------------------------------------------------------
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for child in self._children:
            child.close()
        self._children.clear()
        try:
            self.con.close()
        except Exception:
            pass

    def cursor(self) -> "Store":
        """A new ``Store`` over the same open database with its own DuckDB cursor: give one to
        each thread (a DuckDB connection must not be used by two threads at once)."""
        view = Store._view(self)
        self._children.append(view)
        return view

    def for_thread(self) -> "Store":
        """This thread's own cursor of the store (created on first use, closed with the store)."""
        view = getattr(self._local, "view", None)
        if view is None:
            view = self.cursor()
            self._local.view = view
        return view

    def _check_readable(self) -> None:
        try:
            tables = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        except Exception as e:  # pragma: no cover - a corrupt file
            self.close()
            raise StoreError(f"cannot read the store {self.path}: {e}") from e
        if "schema_migrations" not in tables:
            self.close()
            raise StoreError(
                f"{self.path} is not a newsprobe store (no schema_migrations table); "
                "analyse something into it with `newsprobe analyze ... --store FILE`, or check the path"
            )

    def pending_migrations(self) -> list[str]:
        """Registered migrations this file has not applied (an older newsprobe wrote it)."""
        done = {r[0] for r in self.con.execute("SELECT name FROM schema_migrations").fetchall()}
        return [m.name for m in MIGRATIONS if m.name not in done]

    def query(self, sql: str, args: Sequence[Any] | None = None) -> Any:
        """Run ``sql`` and return the DuckDB cursor; a missing table or column (an older
        schema, opened read-only) becomes a ``StoreError`` that says how to upgrade."""
        import duckdb

        try:
            return self.con.execute(sql, list(args or []))
        except (duckdb.CatalogException, duckdb.BinderException) as e:
            pending = self.pending_migrations() if self.read_only else []
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            if pending:
                raise StoreError(
                    f"the store {self.path} has an older schema ({first}; migrations not applied: {', '.join(pending)}); "
                    f"upgrade it with `newsprobe migrate --store {self.path}` (when nothing else writes it)"
                ) from e
            raise StoreError(f"cannot read the store {self.path}: {first}") from e

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only; open it with Store(path) to write")

    def migrate(self) -> list[str]:
        """Apply pending migrations; returns the names applied now."""
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only; open it with Store(path) to migrate it")
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
        return [r[0] for r in self.query("SELECT name FROM schema_migrations ORDER BY applied_at, name").fetchall()]

    # --- runs ---------------------------------------------------------------------------
    def start_run(self, command: str, settings: dict[str, Any] | None = None) -> str:
        self._writable()
        from . import __version__

        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs (run_id, started_at, command, settings, newsprobe_version) VALUES (?, ?, ?, ?, ?)",
            [run_id, _now(), command, json.dumps(settings or {}, default=str), __version__],
        )
        return run_id

    def finish_run(self, run_id: str, *, n_ok: int, n_failed: int) -> None:
        self._writable()
        self.con.execute(
            "UPDATE runs SET finished_at = ?, n_ok = ?, n_failed = ? WHERE run_id = ?", [_now(), n_ok, n_failed, run_id]
        )

    def record_failure(self, run_id: str | None, source: str, message: str, line: int | None = None) -> None:
        self._writable()
        self.con.execute("INSERT INTO failures VALUES (?, ?, ?, ?, ?)", [run_id, source, line, message, _now()])

    # --- articles -----------------------------------------------------------------------
    def put_article(self, article: Article, *, run_id: str | None = None, source: str | None = None) -> None:
        """Insert or replace an article and all of its spans, atomically; ``StoreError`` if it
        cannot be stored."""
        for _, error in self.put_encoded(encode_articles([(article, source)]), run_id=run_id):
            raise error

    def put_articles(
        self, items: Sequence[tuple[Article, str | None]], *, run_id: str | None = None
    ) -> list[tuple[Article, StoreError]]:
        """Insert or replace many ``(article, source)`` pairs in one transaction (a run's batch).

        Several times faster than ``put_article`` one by one (one commit, four statements).
        If the batch cannot be written as a whole, each article is tried alone, so one bad
        article costs only itself. Returns the articles that could not be stored, with why.
        """
        by_id = {article.id: article for article, _ in items}
        return [(by_id[i], e) for i, e in self.put_encoded(encode_articles(items), run_id=run_id)]

    def put_encoded(self, rows: "EncodedArticles", *, run_id: str | None = None) -> list[tuple[str, StoreError]]:
        """``put_articles`` for rows already made by ``encode_articles`` (a corpus worker makes
        them, so the one writer only inserts). Returns ``(id, error)`` for articles that could
        not be stored; the others are stored."""
        self._writable()
        if not rows.articles:
            return []
        now = _now()
        arts = [{**r, "run_id": run_id, "analyzed_at": now} for r in rows.articles]
        if self._insert(arts, rows.spans):
            return []
        log.debug("batch write failed; writing articles one by one", exc_info=True)
        owner = rows.spans["article_id"]
        failed: list[tuple[str, StoreError]] = []
        for art in arts:
            try:
                self._insert([art], {c: v[owner == art["id"]] for c, v in rows.spans.items()}, raise_error=True)
            except StoreError as e:
                failed.append((art["id"], e))
        return failed

    def _insert(self, arts: list[dict[str, Any]], spans: Mapping[str, np.ndarray], *, raise_error: bool = False) -> bool:
        """Replace ``arts`` and their spans (``SPAN_COLUMNS`` arrays) in one transaction; False
        (rolled back) if it fails, or a ``StoreError`` saying why when ``raise_error``."""
        ids = [a["id"] for a in arts]
        self.con.execute("BEGIN")
        try:
            # spans are deleted only for articles stored before: a DELETE scans every row of
            # ``spans``, which in a corpus run would cost time and memory growing with the store
            old = [r[0] for r in self.con.execute(
                "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()]
            if old:
                self.con.execute("DELETE FROM spans WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [old])
                self.con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [old])
            self.con.execute(_INSERT_ARTICLES, [arts])
            if len(spans["article_id"]):
                # DuckDB scans the arrays in place: a tenth of the time of a list of row structs
                self.con.register(_NEW_SPANS, dict(spans))
                try:
                    self.con.execute(_INSERT_SPAN_COLUMNS)
                finally:
                    self.con.unregister(_NEW_SPANS)
            self.con.execute("COMMIT")
            return True
        except Exception as e:
            self.con.execute("ROLLBACK")
            if raise_error:
                raise StoreError(f"could not store article {', '.join(ids)[:200]}: {e}") from e
            return False

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with this id, or with an id starting with it (unique prefix)."""
        rows = self.query(
            "SELECT id, text, document FROM articles WHERE id = ? OR starts_with(id, ?) LIMIT 2", [article_id, article_id]
        ).fetchall()
        if not rows:
            return None
        if len(rows) > 1:
            raise StoreError(f"{article_id!r} matches several articles; give more characters of the id")
        return next(self._articles(rows))

    def has_article(self, article_id: str) -> bool:
        return bool(self.query("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone())

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` the store already holds (one query)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        rows = self.query("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]).fetchall()
        return {r[0] for r in rows}

    def list_articles(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Rows of the ``articles`` table without text and document, newest first."""
        cur = self.query(
            "SELECT id, title, url, outlet, published, n_chars, source, run_id, analyzed_at FROM articles "
            "ORDER BY analyzed_at DESC, id LIMIT ? OFFSET ?",
            [limit, offset],
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def iter_articles(self, *, chunk: int = 200) -> Iterator[Article]:
        """Every stored article, by id, read ``chunk`` at a time (memory stays bounded)."""
        for ids in _chunks(self.article_ids(), chunk):
            rows = self.query(
                "SELECT id, text, document FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id", [ids]
            ).fetchall()
            yield from self._articles(rows)

    def _articles(self, rows: Sequence[tuple[str, str, str]]) -> Iterator[Article]:
        """Articles from ``(id, text, document)`` rows: a stored document holds neither the text
        (column ``text``) nor its spans (table ``spans``, one query for all ``rows``); a
        document written before that (with its text) is read as it is."""
        docs = [(i, text, json.loads(doc)) for i, text, doc in rows]
        narrow = [i for i, _, doc in docs if "text" not in doc]
        spans: dict[str, dict[str, list[dict[str, Any]]]] = {i: {} for i in narrow}
        if narrow:
            for i, layer, span_id, start, end, label, score, attrs in self.query(
                "SELECT article_id, layer, span_id, start_char, end_char, label, score, attrs FROM spans "
                "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [narrow]
            ).fetchall():
                span = {"id": span_id, "start": start, "end": end, "label": label, "score": score}
                if attrs is not None:
                    span["attrs"] = json.loads(attrs)
                spans[i].setdefault(layer, []).append(span)
        for i, text, doc in docs:
            if "text" not in doc:
                held = spans[i]
                doc = {**doc, "text": text, "layers": {name: held.get(name, []) for name in doc.get("layers") or {}}}
            yield Article.from_dict(doc)

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.query("SELECT id FROM articles ORDER BY id").fetchall()]

    def count(self, table: str) -> int:
        if table not in {"articles", "spans", "runs", "failures"}:
            raise StoreError(f"unknown table {table!r}")
        return int(self.query(f"SELECT count(*) FROM {table}").fetchone()[0])

    def failures(self, run_id: str | None = None) -> list[dict[str, Any]]:
        q = "SELECT run_id, source, line, message FROM failures"
        args: list[Any] = []
        if run_id:
            q += " WHERE run_id = ?"
            args.append(run_id)
        cur = self.query(q + " ORDER BY failed_at", args)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """Recent runs, newest first (``finished_at`` is null for a run that is going on or crashed)."""
        cur = self.query(
            "SELECT run_id, started_at, finished_at, command, n_ok, n_failed, newsprobe_version FROM runs "
            "ORDER BY started_at DESC LIMIT ?",
            [limit],
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def put_many(self, articles: Iterable[Article], *, run_id: str | None = None) -> int:
        n = 0
        for a in articles:
            self.put_article(a, run_id=run_id)
            n += 1
        return n


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), max(1, size)):
        yield list(items[i:i + size])



__all__ = ["CORE_TABLES", "EncodedArticles", "MIGRATIONS", "Migration", "SPAN_COLUMNS", "Store", "connect", "encode_articles",
           "register_migration", "set_wait_notifier"]
