"""Search the store: articles by entity, speaker, cited source, technique, outlet, language,
date and words of the title or text. Used by the web service and the viewer's store browser.

Every filter is a parameterised SQL condition (no value is ever pasted into SQL); text filters
match case-insensitively on substrings. Dates compare the ``published`` field as given
(ISO dates sort correctly; other formats are compared as text).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store import Store

MAX_LIMIT = 500


@dataclass
class ArticleQuery:
    """Filters for ``search_articles``; ``None`` means no filter."""

    q: str | None = None            # words in the title or text
    entity: str | None = None       # an entity's text or canonical name
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
    where rows are ``Store.list_articles`` rows plus ``language``."""
    qy = query or ArticleQuery()
    for k, v in filters.items():
        if k not in {f.name for f in fields(ArticleQuery)}:
            raise ValueError(f"unknown search filter {k!r}")
        setattr(qy, k, v)
    where: list[str] = []
    args: list[Any] = []

    def span_filter(layer: str, cond: str, *vals: Any) -> None:
        where.append(f"a.id IN (SELECT article_id FROM spans WHERE layer = ? AND ({cond}))")
        args.extend([layer, *vals])

    if qy.q:
        where.append("(lower(coalesce(a.title, '')) LIKE ? ESCAPE '\\' OR lower(a.text) LIKE ? ESCAPE '\\')")
        args.extend([_like(qy.q), _like(qy.q)])
    if qy.entity:
        span_filter("entities", "lower(coalesce(json_extract_string(attrs, '$.canonical'), '')) LIKE ? ESCAPE '\\'", _like(qy.entity))
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
    return {"total": int(total), "articles": [dict(zip(cols, r)) for r in cur.fetchall()]}
