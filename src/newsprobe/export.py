"""Export what a store holds to JSON Lines, CSV, JSON or Parquet, for other tools.

``export(store, what, path, format)`` writes one row per article (``what="articles"``) or per
span: ``"spans"`` (every layer), or one layer with its main attributes as columns:
``"quotes"``, ``"claims"``, ``"citations"``. Each span row carries ``text``, the span's text
sliced in Python from the stored article (``text[start:end]``, code-point offsets; never
re-sliced in SQL, whose strings are 1-based), and ``attrs``, all of its attributes as JSON.
The columns of each kind are fixed (``COLUMNS``), so CSV and Parquet files of different
stores line up. Parquet is written by DuckDB (``COPY ... TO ... (FORMAT parquet)``).

>>> from newsprobe.store import Store
>>> with Store("newsprobe.duckdb", read_only=True) as db:          # doctest: +SKIP
...     export(db, "quotes", "quotes.parquet")
"""

from __future__ import annotations

import csv
import json
import os
from typing import IO, Any, Iterable, Iterator, Sequence

from .article import Article, Span
from .errors import NewsprobeError

WHAT: tuple[str, ...] = ("articles", "spans", "quotes", "claims", "citations")
FORMATS: tuple[str, ...] = ("jsonl", "csv", "json", "parquet")

#: (column, DuckDB type) of each kind of export, in order.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (
        ("id", "VARCHAR"), ("title", "VARCHAR"), ("url", "VARCHAR"), ("outlet", "VARCHAR"), ("published", "VARCHAR"),
        ("language", "VARCHAR"), ("source", "VARCHAR"), ("n_chars", "INTEGER"), ("n_spans", "INTEGER"),
        ("run_id", "VARCHAR"), ("analyzed_at", "VARCHAR"), ("text", "VARCHAR"),
    ),
    "spans": (
        ("article_id", "VARCHAR"), ("layer", "VARCHAR"), ("span_id", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"),
        ("label", "VARCHAR"), ("score", "DOUBLE"), ("text", "VARCHAR"), ("attrs", "VARCHAR"),
    ),
    "quotes": (
        ("article_id", "VARCHAR"), ("span_id", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"), ("label", "VARCHAR"),
        ("text", "VARCHAR"), ("speaker", "VARCHAR"), ("speaker_kind", "VARCHAR"), ("speaker_uncertain", "BOOLEAN"),
        ("cue", "VARCHAR"), ("confidence", "DOUBLE"), ("relayed_by", "VARCHAR"), ("attrs", "VARCHAR"),
    ),
    "claims": (
        ("article_id", "VARCHAR"), ("span_id", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"), ("label", "VARCHAR"),
        ("score", "DOUBLE"), ("text", "VARCHAR"), ("kind", "VARCHAR"), ("rank", "INTEGER"), ("attributed", "BOOLEAN"),
        ("hedged", "BOOLEAN"), ("factcheck_ids", "VARCHAR"), ("attrs", "VARCHAR"),
    ),
    "citations": (
        ("article_id", "VARCHAR"), ("span_id", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"), ("label", "VARCHAR"),
        ("text", "VARCHAR"), ("source", "VARCHAR"), ("kind", "VARCHAR"), ("cue", "VARCHAR"), ("domain", "VARCHAR"),
        ("attrs", "VARCHAR"),
    ),
}
SPAN_COLUMNS: tuple[str, ...] = tuple(c for c, _ in COLUMNS["spans"])
_LAYER_ATTRS: dict[str, tuple[str, ...]] = {
    "quotes": ("speaker", "speaker_kind", "speaker_uncertain", "cue", "confidence"),
    "claims": ("kind", "rank", "attributed", "hedged"),
    "citations": ("source", "kind", "cue", "domain"),
}


def _attrs_json(span: Span) -> str | None:
    return json.dumps(dict(span.attrs), ensure_ascii=False, sort_keys=True) if span.attrs else None


def _typed(value: Any, sql_type: str) -> Any:
    """A value as its column's type, or None (an attribute of an unexpected shape is not guessed at)."""
    if value is None:
        return None
    if sql_type == "BOOLEAN":
        return value if isinstance(value, bool) else None
    if sql_type == "INTEGER":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if sql_type == "DOUBLE":
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def span_rows(article: Article, layers: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
    """One row per span of ``article`` (``layers``: these only), with the span's ``text``."""
    text = article.text
    for layer, spans in article.layers.items():
        if layers is not None and layer not in layers:
            continue
        for s in spans:
            yield {"article_id": article.id, "layer": layer, "span_id": s.id, "start": s.start, "end": s.end,
                   "label": s.label, "score": s.score, "text": text[s.start:s.end], "attrs": _attrs_json(s)}


def layer_rows(article: Article, what: str) -> Iterator[dict[str, Any]]:
    """Rows of one layer (``quotes``, ``claims``, ``citations``) with its main attributes as columns."""
    types = dict(COLUMNS[what])
    from .stages.citation_relays import relayed_by  # (the stages package loads only when quotes are exported)

    # quotes: the cited sources that passed each one on (citations attrs.relays)
    relays = relayed_by((str(c.attrs.get("source")), c.attrs.get("relays")) for c in article.layer("citations")) if what == "quotes" else {}
    for row in span_rows(article, [what]):
        span_attrs = json.loads(row["attrs"]) if row["attrs"] else {}
        out = {c: row.get(c) for c, _ in COLUMNS[what] if c in row}
        for key in _LAYER_ATTRS[what]:
            out[key] = _typed(span_attrs.get(key), types[key])
        if what == "quotes":
            out["relayed_by"] = "; ".join(relays.get(str(row["span_id"]), [])) or None
        if what == "claims":
            ids = [m.get("id") for m in span_attrs.get("factchecks") or [] if isinstance(m, dict) and m.get("id")]
            out["factcheck_ids"] = ",".join(str(i) for i in ids) or None
        yield out


def article_row(article: Article, *, run_id: str | None = None, analyzed_at: Any = None) -> dict[str, Any]:
    meta = article.meta
    return {
        "id": article.id, "title": _typed(meta.get("title"), "VARCHAR"), "url": _typed(meta.get("url"), "VARCHAR"),
        "outlet": _typed(meta.get("outlet"), "VARCHAR"), "published": _typed(meta.get("published"), "VARCHAR"),
        "language": _typed(meta.get("language"), "VARCHAR"), "source": _typed(meta.get("source"), "VARCHAR"),
        "n_chars": len(article.text), "n_spans": sum(len(v) for v in article.layers.values()),
        "run_id": run_id, "analyzed_at": None if analyzed_at is None else str(analyzed_at), "text": article.text,
    }


def rows(store: Any, what: str) -> Iterator[dict[str, Any]]:
    """The rows ``export`` writes, read from an open ``Store`` one chunk of articles at a time."""
    if what not in WHAT:
        raise NewsprobeError(f"cannot export {what!r}; choose one of {', '.join(WHAT)}")
    runs: dict[str, tuple[Any, Any]] = {}
    if what == "articles":
        runs = {r[0]: (r[1], r[2]) for r in store.query("SELECT id, run_id, analyzed_at FROM articles").fetchall()}
    for article in store.iter_articles():
        if what == "articles":
            run_id, at = runs.get(article.id, (None, None))
            yield article_row(article, run_id=run_id, analyzed_at=at)
        elif what == "spans":
            yield from span_rows(article)
        else:
            yield from layer_rows(article, what)


def format_of(path: str, format: str | None = None) -> str:
    """``format``, or the one ``path``'s extension names (``.jsonl``, ``.csv``, ``.json``, ``.parquet``)."""
    if format:
        if format not in FORMATS:
            raise NewsprobeError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
        return format
    ext = os.path.splitext(path)[1].lower()
    found = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".json": "json", ".parquet": "parquet", ".pq": "parquet"}.get(ext)
    if found is None:
        raise NewsprobeError(
            f"cannot tell the export format of {path} from its extension; name it .jsonl, .csv, .json or .parquet, "
            "or pass the format (--format jsonl|csv|json|parquet)"
        )
    return found


def export(store: Any, what: str, path: str, format: str | None = None) -> int:
    """Write ``what`` (one of ``WHAT``) from ``store`` to ``path``; returns the number of rows.

    ``format``: ``jsonl``, ``csv``, ``json`` or ``parquet`` (default: from the extension of
    ``path``; ``-`` writes jsonl/csv/json to stdout). CSV cells hold nested values as JSON and
    None as an empty cell; JSON Lines and Parquet keep nulls.
    """
    fmt = format_of(path, format) if path != "-" else (format or "jsonl")
    if what not in WHAT:
        raise NewsprobeError(f"cannot export {what!r}; choose one of {', '.join(WHAT)}")
    columns = COLUMNS[what]
    data = rows(store, what)
    if fmt == "parquet":
        if path == "-":
            raise NewsprobeError("Parquet cannot go to stdout; give a file name ending in .parquet")
        return _write_parquet(data, columns, path)
    import sys

    try:
        f: IO[str] = sys.stdout if path == "-" else open(path, "w", encoding="utf-8", newline="")
    except OSError as e:
        raise NewsprobeError(f"cannot write {path}: {e.strerror or e}") from e
    try:
        return _write_text(data, [c for c, _ in columns], fmt, f)
    finally:
        if f is not sys.stdout:
            f.close()


def _write_text(data: Iterable[dict[str, Any]], columns: list[str], fmt: str, f: IO[str]) -> int:
    n = 0
    if fmt == "csv":
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in data:
            w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
            n += 1
    elif fmt == "json":
        f.write("[")
        for r in data:
            f.write(("," if n else "") + "\n" + json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False))
            n += 1
        f.write("\n]\n")
    else:
        for r in data:
            f.write(json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False) + "\n")
            n += 1
    return n


def _write_parquet(data: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str]], path: str, chunk: int = 2000) -> int:
    """Rows into an in-memory DuckDB table, then ``COPY ... TO path (FORMAT parquet)``."""
    import duckdb

    cols = ", ".join(f'"{c}" {t}' for c, t in columns)
    struct = ", ".join(f'"{c}" {t}' for c, t in columns)
    names = ", ".join(f'r."{c}"' for c, _ in columns)
    con = duckdb.connect(":memory:")
    n = 0
    try:
        con.execute(f"CREATE TABLE x ({cols})")
        insert = f"INSERT INTO x SELECT {names} FROM (SELECT unnest(?::STRUCT({struct})[]) AS r)"
        batch: list[dict[str, Any]] = []
        for r in data:
            batch.append({c: r.get(c) for c, _ in columns})
            if len(batch) >= chunk:
                con.execute(insert, [batch])
                n += len(batch)
                batch = []
        if batch:
            con.execute(insert, [batch])
            n += len(batch)
        target = os.path.abspath(path).replace("'", "''")
        try:
            con.execute(f"COPY x TO '{target}' (FORMAT parquet)")
        except duckdb.Error as e:
            raise NewsprobeError(f"cannot write {path}: {e}") from e
    finally:
        con.close()
    return n


__all__ = ["COLUMNS", "FORMATS", "SPAN_COLUMNS", "WHAT", "article_row", "export", "format_of", "layer_rows", "rows",
           "span_rows"]
