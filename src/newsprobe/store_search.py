"""Search the store: articles by entity, speaker, cited source, technique, outlet, language,
date and words of the title or text. Used by the web service and the viewer's store browser.

Every filter is a parameterised SQL condition (no value is ever pasted into SQL); text filters
match case-insensitively on substrings. Dates compare the ``published`` field as given
(ISO dates sort correctly; other formats are compared as text).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store import Store

MAX_LIMIT = 500


@dataclass
class ArticleQuery:
    """Filters for ``search_articles``; ``None`` means no filter."""

    q: str | None = None            # words in the title or text
    entity: str | None = None       # an entity's canonical name
    entity_label: str | None = None  # an entity's type (PERSON, ORG, ...), alone or with ``entity``
    speaker: str | None = None      # a quote's speaker
    source: str | None = None       # a cited source (citations layer)
    technique: str | None = None    # a technique label, e.g. Loaded_Language
    outlet: str | None = None
    language: str | None = None     # ISO 639-1 code
    date_from: str | None = None    # published >= this
    date_to: str | None = None      # published <= this (a date alone includes that whole day)
    limit: int = 50
    offset: int = 0


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").lower() + "%"


def search_articles(store: "Store", query: ArticleQuery | None = None, **filters: Any) -> dict[str, Any]:
    """Articles matching every given filter, newest first: ``{"total": n, "articles": [rows]}``
    where rows are ``Store.list_articles`` rows plus ``language`` (``analyzed_at`` as ISO text).
    ``filters`` set fields of ``ArticleQuery`` (``search_articles(store, speaker="Okafor")``);
    the query given is not changed. Raises ValueError for an unknown filter or a bad value."""
    qy = replace(query) if query is not None else ArticleQuery()
    for k, v in filters.items():
        if k not in {f.name for f in fields(ArticleQuery)}:
            raise ValueError(f"unknown search filter {k!r}; use one of {', '.join(f.name for f in fields(ArticleQuery))}")
        setattr(qy, k, v)
    for f in fields(ArticleQuery):
        value = getattr(qy, f.name)
        if f.name in ("limit", "offset"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{f.name} must be a whole number >= 0, got {value!r}")
        elif value is not None and not isinstance(value, str):
            raise ValueError(f"the {f.name} filter takes a string, got {type(value).__name__}")
        elif isinstance(value, str) and not value.strip():
            setattr(qy, f.name, None)  # an empty filter is no filter
    where: list[str] = []
    args: list[Any] = []

    def span_filter(layer: str, cond: str, *vals: Any) -> None:
        where.append(f"a.id IN (SELECT article_id FROM spans WHERE layer = ? AND ({cond}))")
        args.extend([layer, *vals])

    if qy.q:
        where.append("(lower(coalesce(a.title, '')) LIKE ? ESCAPE '\\' OR lower(a.text) LIKE ? ESCAPE '\\')")
        args.extend([_like(qy.q), _like(qy.q)])
    if qy.entity or qy.entity_label:
        conds, vals = ["TRUE"], []
        if qy.entity:
            conds.append("lower(coalesce(json_extract_string(attrs, '$.canonical'), '')) LIKE ? ESCAPE '\\'")
            vals.append(_like(qy.entity))
        if qy.entity_label:
            conds.append("upper(label) = ?")
            vals.append(qy.entity_label.upper())
        span_filter("entities", " AND ".join(conds), *vals)
    if qy.speaker:
        span_filter("quotes", "lower(coalesce(json_extract_string(attrs, '$.speaker'), '')) LIKE ? ESCAPE '\\'", _like(qy.speaker))
    if qy.source:
        span_filter("citations", "lower(coalesce(json_extract_string(attrs, '$.source'), '')) LIKE ? ESCAPE '\\'", _like(qy.source))
    if qy.technique:
        span_filter("techniques", "lower(label) = ?", qy.technique.lower())
    if qy.outlet:
        where.append("lower(coalesce(a.outlet, '')) LIKE ? ESCAPE '\\'")
        args.append(_like(qy.outlet))
    if qy.language:
        where.append("json_extract_string(a.document, '$.meta.language') = ?")
        args.append(qy.language.lower())
    if qy.date_from:
        where.append("a.published >= ?")
        args.append(qy.date_from)
    if qy.date_to:
        where.append("a.published <= ?")
        args.append(qy.date_to + ("\uffff" if len(qy.date_to) == 10 else ""))
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    limit = max(0, min(int(qy.limit), MAX_LIMIT))
    total = store.query(f"SELECT count(*) FROM articles a{cond}", args).fetchone()[0]
    cur = store.query(
        "SELECT a.id, a.title, a.url, a.outlet, a.published, a.n_chars, a.source, a.run_id, a.analyzed_at, "
        f"json_extract_string(a.document, '$.meta.language') AS language FROM articles a{cond} "
        "ORDER BY a.analyzed_at DESC, a.id LIMIT ? OFFSET ?",
        [*args, limit, max(0, int(qy.offset))],
    )
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    for row in rows:
        if row.get("analyzed_at") is not None:
            row["analyzed_at"] = row["analyzed_at"].isoformat()
    return {"total": int(total), "articles": rows}


def _counts(store: "Store", sql: str) -> list[dict[str, Any]]:
    return [{"name": r[0], "n": int(r[1])} for r in store.query(sql).fetchall()]


def store_stats(store: "Store") -> dict[str, Any]:
    """What the store holds: counts of articles, spans, runs and failures; spans per layer;
    articles per language and per outlet (top 20); clusters per kind (empty when no corpus run
    computed any); the first and last ``published`` value (as given, compared as text)."""
    from .errors import StoreError

    def one(sql: str) -> Any:
        return store.query(sql).fetchone()

    try:
        clusters = _counts(store, "SELECT kind, count(*) FROM clusters GROUP BY kind ORDER BY kind")
    except StoreError:  # a store from before clusters existed, opened read-only
        clusters = []
    first, last = one("SELECT min(published), max(published) FROM articles WHERE published IS NOT NULL AND published <> ''")
    return {
        "articles": int(one("SELECT count(*) FROM articles")[0]),
        "spans": int(one("SELECT count(*) FROM spans")[0]),
        "runs": int(one("SELECT count(*) FROM runs")[0]),
        "failures": int(one("SELECT count(*) FROM failures")[0]),
        "layers": _counts(store, "SELECT layer, count(*) AS n FROM spans GROUP BY layer ORDER BY n DESC, layer"),
        "languages": _counts(store, "SELECT json_extract_string(document, '$.meta.language') AS l, count(*) AS n "
                                    "FROM articles GROUP BY l ORDER BY n DESC, l"),
        "outlets": _counts(store, "SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL "
                                  "GROUP BY outlet ORDER BY n DESC, outlet LIMIT 20"),
        "clusters": clusters,
        "published_from": first,
        "published_to": last,
    }
