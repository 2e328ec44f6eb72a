"""Analysed articles as rows of the store's ``articles`` and ``spans`` tables.

Made where the articles were analysed (a corpus worker, or ``Store.put_articles`` itself), so
that the store's one writer only inserts them. No DuckDB here: a worker that encodes rows never
opens the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from .article import Article

#: The columns of ``EncodedArticles.spans``, in the order of the ``spans`` table.
SPAN_COLUMNS = ("article_id", "layer", "span_id", "start_char", "end_char", "label", "score", "attrs")


@dataclass
class EncodedArticles:
    """A batch of analysed articles as store rows, made where they were analysed (a corpus
    worker), so that the store's one writer only inserts them (``Store.put_encoded``).
    ``articles``: one dict per article with the ``articles`` columns but ``run_id`` and
    ``analyzed_at`` (the writer sets those); ``spans``: the ``spans`` columns as arrays
    (``SPAN_COLUMNS``; offsets int64, the rest objects, None for NULL), which pickle compactly
    and which DuckDB inserts without a Python loop."""

    articles: list[dict[str, Any]]
    spans: dict[str, np.ndarray] = field(default_factory=lambda: span_columns([]))

    @property
    def ids(self) -> list[str]:
        return [r["id"] for r in self.articles]

    def __len__(self) -> int:
        return len(self.articles)


def encode_articles(items: Iterable[tuple[Article, str | None]]) -> EncodedArticles:
    """Store rows for ``(article, source)`` pairs; the same article twice: the last one wins."""
    latest: dict[str, tuple[Article, str | None]] = {}
    for article, source in items:
        latest[article.id] = (article, source)
    arts, spans = [], []
    for article, source in latest.values():
        meta = article.meta
        arts.append({
            "id": article.id, "title": _str(meta.get("title")), "url": _str(meta.get("url")),
            "outlet": _str(meta.get("outlet")), "published": _str(meta.get("published")), "source": source,
            "n_chars": len(article.text), "text": article.text,
            "document": _document(article),
        })
        spans.extend(_span_rows(article, with_id=True))
    return EncodedArticles(arts, span_columns(spans))


def span_columns(rows: Sequence[Mapping[str, Any]]) -> dict[str, np.ndarray]:
    """``spans`` rows (dicts with the ``SPAN_COLUMNS`` keys) as one array per column."""
    return {c: np.array([r[c] for r in rows], dtype=np.int64 if c in ("start_char", "end_char") else object)
            for c in SPAN_COLUMNS}


def _span_rows(article: Article, *, with_id: bool) -> list[dict[str, Any]]:
    rows = []
    for layer, spans in article.layers.items():
        for s in spans:
            row = {"layer": layer, "span_id": s.id, "start_char": s.start, "end_char": s.end, "label": s.label,
                   "score": s.score, "attrs": json.dumps(dict(s.attrs), ensure_ascii=False) if s.attrs else None}
            rows.append({"article_id": article.id, **row} if with_id else row)
    return rows


def _document(article: Article) -> str:
    """The ``document`` column: the article's wire format without what other columns hold (the
    text is ``text``; each layer is listed, empty, its spans are rows of ``spans``). A driver
    checkpoint rewrites the newest rows of ``articles``, and memory for it grows with their
    width: the whole article there (text and layers twice) made it fail (docs/corpus.md)."""
    doc = article.to_dict()
    del doc["text"]
    doc["layers"] = {name: [] for name in doc["layers"]}
    return json.dumps(doc, ensure_ascii=False)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


__all__ = ["SPAN_COLUMNS", "EncodedArticles", "encode_articles", "span_columns"]
