"""The verbs every face (CLI, web, corpus runner) calls: load a pipeline, analyse articles."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Iterable, Iterator

from .article import Article
from .ingest import Document, read_documents
from .pipeline import Pipeline
from .settings import Settings, load_settings


@lru_cache(maxsize=8)
def _cached_pipeline(settings: Settings) -> Pipeline:
    return Pipeline(settings.stage_names, settings)


def load_pipeline(settings: Settings | None = None, *, stages: Iterable[str] | None = None) -> Pipeline:
    """The pipeline for ``settings`` (cached per process: models load once)."""
    settings = settings or load_settings()
    if stages is not None:
        settings = settings.with_(stages=",".join(stages))
    return _cached_pipeline(settings)


def analyze(text_or_path: str | Article, *, settings: Settings | None = None, meta: dict | None = None) -> Article:
    """Analyse one article: an ``Article``, a path to a text/HTML file, or the text itself.

    Raises ``InputError`` for input that cannot be read (empty, binary, ...).
    """
    pipeline = load_pipeline(settings)
    if isinstance(text_or_path, Article):
        return pipeline(text_or_path)
    if "\n" not in text_or_path and len(text_or_path) < 4096 and os.path.isfile(text_or_path):
        docs = [d for d in read_documents([text_or_path], settings=pipeline.settings)]
        for d in docs:
            if d.error:
                raise d.error
        return pipeline(docs[0].article)  # type: ignore[arg-type]
    from .ingest import article_from_text

    return pipeline(article_from_text(text_or_path, meta=meta))


def analyze_many(articles: Iterable[Article], *, settings: Settings | None = None) -> Iterator[Article]:
    """Analyse many articles in batches; yields them in input order."""
    return load_pipeline(settings).pipe(articles)


__all__ = ["Document", "analyze", "analyze_many", "load_pipeline"]
