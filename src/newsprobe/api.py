"""The library's verbs: analyse a text, a file, or many texts. Nothing here guesses.

``analyze_text`` takes text and never reads a file, whatever the text looks like (a service
can pass a request's text safely); ``analyze_file`` reads exactly one article from a path;
``iter_file`` yields every article of a corpus file; ``analyze_many`` is the batch verb, like
spaCy's ``nlp.pipe``. ``newsprobe.run.run`` adds sinks (store, JSON Lines), skip-existing and
failure records on top of these for the CLI, the corpus runner and the web service.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Literal, Mapping

from .article import Article
from .errors import InputError, NewsprobeError
from .ingest import Document, article_from_text, read_documents
from .pipeline import Pipeline
from .settings import Settings, load_settings

log = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def _cached_pipeline(settings: Settings) -> Pipeline:
    return Pipeline(settings.stage_names, settings)


def load_pipeline(settings: Settings | None = None, *, stages: Iterable[str] | None = None) -> Pipeline:
    """The pipeline for ``settings`` (cached per process: models load once)."""
    settings = settings or load_settings()
    if stages is not None:
        settings = settings.with_(stages=",".join(stages))
    return _cached_pipeline(settings)


def analyze_text(text: str, meta: Mapping[str, Any] | None = None, settings: Settings | None = None) -> Article:
    """Analyse ``text`` (the article itself, never a path). ``meta``: title, url, outlet, published...

    The first line becomes the title when it looks like one and ``meta`` gives none. Raises
    ``InputError`` for empty text.
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze_text takes the text as str, got {type(text).__name__}")
    return load_pipeline(settings)(article_from_text(text, meta=meta))


def iter_file(
    path: str,
    *,
    settings: Settings | None = None,
    kind: str | None = None,
    encoding: str | None = None,
    field_map: Mapping[str, str] | None = None,
    on_error: Literal["raise", "skip"] | Callable[[InputError], None] = "raise",
) -> Iterator[Article]:
    """Analyse every article of a file or directory (text, HTML, JSON Lines, CSV, JSON), in order.

    A record that cannot be read raises its ``InputError`` (naming the file and line) when
    ``on_error="raise"``, after the articles before it were yielded; ``"skip"`` logs a warning
    and goes on; a callable receives the error and the iteration goes on.
    """
    pipeline = load_pipeline(settings)
    size = max(1, pipeline.settings.batch_size)
    batch: list[Article] = []
    for d in read_documents([path], settings=pipeline.settings, kind=kind, encoding=encoding, field_map=field_map):
        if d.article is not None:
            batch.append(d.article)
            if len(batch) >= size:
                yield from pipeline.pipe(batch)
                batch = []
            continue
        assert d.error is not None
        if on_error == "raise":
            yield from pipeline.pipe(batch)  # the articles before the bad record come out first
            raise d.error
        if on_error == "skip":
            log.warning("skipped %s", d.error)
        else:
            on_error(d.error)  # type: ignore[operator]
    if batch:
        yield from pipeline.pipe(batch)


def analyze_file(
    path: str,
    *,
    settings: Settings | None = None,
    kind: str | None = None,
    encoding: str | None = None,
    field_map: Mapping[str, str] | None = None,
) -> Article:
    """Analyse the one article in the file at ``path`` (text or HTML, or a corpus of one record).

    Raises ``InputError`` when the file cannot be read, and when it holds several articles
    (a JSON Lines or CSV corpus, a directory): use ``iter_file`` or ``analyze_many`` for those.
    """
    settings = settings or load_settings()
    docs: list[Document] = []
    for d in read_documents([path], settings=settings, kind=kind, encoding=encoding, field_map=field_map):
        docs.append(d)
        if len(docs) > 1:
            raise InputError(
                "holds more than one article; use newsprobe.iter_file(path) to analyse each of them "
                "(or newsprobe.analyze_many for texts you read yourself)",
                source=path,
            )
    if not docs:
        raise InputError("holds no article", source=path)
    if docs[0].error is not None:
        raise docs[0].error
    return load_pipeline(settings)(docs[0].article)  # type: ignore[arg-type]


def analyze_many(
    items: Iterable[str | Article],
    *,
    settings: Settings | None = None,
    batch_size: int | None = None,
) -> Iterator[Article]:
    """Analyse texts (``str``) and ``Article``s in batches; yields one article per item, in order.

    Like spaCy's ``nlp.pipe``: strings are texts, never paths. A string with no text is not
    raised on (it would cost the rest of the batch): its article comes back unanalysed, with
    ``provenance["errors"] = [{"stage": "input", "error": ...}]``.
    """

    pipeline = load_pipeline(settings)
    size = max(1, batch_size or pipeline.settings.batch_size)
    batch: list[tuple[Article, bool]] = []
    for item in items:
        if isinstance(item, Article):
            batch.append((item, True))
        elif isinstance(item, str):
            try:
                batch.append((article_from_text(item), True))
            except InputError as e:
                batch.append((Article(item, provenance={"errors": [{"stage": "input", "error": e.reason}]}), False))
        else:
            raise TypeError(f"analyze_many takes str or Article items, got {type(item).__name__}")
        if len(batch) >= size:
            yield from _pipe_readable(pipeline, batch)
            batch = []
    if batch:
        yield from _pipe_readable(pipeline, batch)


def _pipe_readable(pipeline: Pipeline, batch: list[tuple[Article, bool]]) -> Iterator[Article]:
    good = [a for a, ok in batch if ok]
    done = iter(pipeline.pipe(good, batch_size=len(good))) if good else iter(())
    for a, ok in batch:
        yield next(done) if ok else a


def describe_stages(settings: Settings | None = None) -> list[dict[str, Any]]:
    """The configured stages (the ``stages`` setting), in order, each as ``{name, version,
    requires, assigns, languages, doc}`` (``languages`` empty: any language); unknown names are left out (``load_pipeline`` reports them)."""
    from .pipeline import registered_stages

    settings = settings or load_settings()
    specs = registered_stages()
    return [{"name": spec.name, "version": spec.version, "requires": list(spec.requires),
             "assigns": list(spec.assigns), "languages": list(spec.languages), "doc": spec.doc}
            for spec in (specs.get(n) for n in settings.stage_names) if spec is not None]


def analyze(article: Article, *, settings: Settings | None = None) -> Article:
    """Analyse an ``Article`` you built (``Article(text, meta=...)``).

    For text use ``analyze_text``, for a file ``analyze_file`` (one article) or ``iter_file``
    (a corpus): ``analyze`` no longer guesses whether a string is a path or a text.
    """
    if not isinstance(article, Article):
        raise NewsprobeError(
            f"newsprobe.analyze takes an Article, got {type(article).__name__}; use newsprobe.analyze_text(text) "
            "for text, newsprobe.analyze_file(path) for a file, newsprobe.iter_file(path) for a corpus"
        )
    return load_pipeline(settings)(article)


__all__ = ["Document", "analyze", "describe_stages", "analyze_file", "analyze_many", "analyze_text", "iter_file", "load_pipeline"]
