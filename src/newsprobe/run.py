"""The one run loop: documents in, analysed articles and failures out to sinks.

``run`` is what ``newsprobe analyze`` calls, and what the corpus runner and the web service
call too::

    from newsprobe.ingest import read_documents
    from newsprobe.run import JsonlSink, StoreSink, run

    summary = run(read_documents(["corpus.jsonl"]), sinks=[StoreSink("out.duckdb"), JsonlSink("out.jsonl")])
    print(summary.n_ok, summary.words, summary.layers, summary.failures[:3])

Documents are analysed in batches of the ``batch_size`` setting. Each batch goes to every sink
as soon as the pipeline has finished it (so a crash keeps every finished batch), and a
``StoreSink`` opens the store only to write a batch, so readers in other processes get in
between batches (docs/store.md). A document that cannot be read, and each stage that failed
on an article (``article.provenance["errors"]``), become a ``Failure``: reported to the sinks
and to ``on_failure``, never stopping the rest of the run.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Iterable, Iterator, Protocol, Sequence

from .article import Article
from .ingest import Document
from .settings import Settings, load_settings


@dataclass(frozen=True)
class Failure:
    """A document that could not be read (``stage`` None) or a stage that failed on an article."""

    source: str
    message: str
    line: int | None = None
    stage: str | None = None
    article_id: str | None = None

    def __str__(self) -> str:
        known = self.line is None or self.source.endswith((f":{self.line}", f"#{self.line}"))
        where = self.source if known else f"{self.source}:{self.line}"
        what = f"stage {self.stage} failed: {self.message}" if self.stage else self.message
        return f"{where}: {what}"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "stage": self.stage, "article_id": self.article_id,
                "message": self.message}


@dataclass
class RunSummary:
    """What a run did: counts, words, spans per layer, failures, the store's run id."""

    run_id: str | None = None
    n_ok: int = 0
    n_skipped: int = 0
    n_input_failures: int = 0
    n_stage_failures: int = 0
    words: int = 0
    layers: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    completed: bool = False  # False while running, and after a crash or an interrupt

    @property
    def ok(self) -> bool:
        """No input and no stage failed."""
        return not self.n_input_failures and not self.n_stage_failures

    def add(self, article: Article) -> None:
        self.n_ok += 1
        self.words += len(article.text.split())
        for name, spans in article.layers.items():
            self.layers[name] = self.layers.get(name, 0) + len(spans)

    def to_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "n_ok": self.n_ok, "n_skipped": self.n_skipped,
                "n_input_failures": self.n_input_failures, "n_stage_failures": self.n_stage_failures, "completed": self.completed,
                "words": self.words, "layers": dict(self.layers), "seconds": round(self.seconds, 3),
                "failures": [f.to_dict() for f in self.failures]}


class Sink(Protocol):
    """Where a run's results go. ``write_batch`` gets each finished batch at once, with the
    failures found in it, and may return failures of its own (an article it could not store);
    ``start`` may return a run id (the store's)."""

    def start(self, command: str, settings: Settings) -> str | None: ...

    def existing(self, ids: Sequence[str]) -> set[str]: ...

    def write_batch(self, items: Sequence[tuple[Article, str]], failures: Sequence[Failure]) -> Sequence[Failure] | None: ...

    def finish(self, summary: RunSummary) -> None: ...


class BaseSink:
    """A sink that does nothing; subclasses override what they need."""

    def start(self, command: str, settings: Settings) -> str | None:
        return None

    def existing(self, ids: Sequence[str]) -> set[str]:
        return set()

    def write_batch(self, items: Sequence[tuple[Article, str]], failures: Sequence[Failure]) -> Sequence[Failure] | None:
        return None

    def finish(self, summary: RunSummary) -> None:
        return None


class StoreSink(BaseSink):
    """Write articles, failures and the run record to a DuckDB store, one open per batch.

    The file is opened (waiting up to ``wait`` seconds for readers, see ``store.connect``),
    the batch is written (in one transaction) and the file is closed
    again, so readers in other processes can open it while the next batch is analysed.
    """

    def __init__(self, path: str, *, wait: float | None = None, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.wait = wait
        self.on_wait = on_wait
        self.run_id: str | None = None

    def _open(self) -> Any:
        from .store import Store

        return Store(self.path, wait=self.wait, on_wait=self.on_wait)

    def start(self, command: str, settings: Settings) -> str | None:
        with self._open() as db:
            self.run_id = db.start_run(command, {"stages": settings.stage_names})
        return self.run_id

    def existing(self, ids: Sequence[str]) -> set[str]:
        with self._open() as db:
            return db.existing_ids(ids)

    def write_batch(self, items: Sequence[tuple[Article, str]], failures: Sequence[Failure]) -> list[Failure]:
        if not items and not failures:
            return []
        sources = {a.id: src for a, src in items}
        with self._open() as db:
            for f in failures:
                message = f"stage {f.stage}: {f.message}" if f.stage else f.message
                db.record_failure(self.run_id, f.source, message, f.line)
            own = [Failure(sources.get(a.id, a.id), str(e), None, stage="store", article_id=a.id)
                   for a, e in db.put_articles(items, run_id=self.run_id)]
            for f in own:
                db.record_failure(self.run_id, f.source, f"stage store: {f.message}", None)
        return own

    def finish(self, summary: RunSummary) -> None:
        if self.run_id is None or not summary.completed:  # a crashed run keeps finished_at null
            return
        with self._open() as db:
            db.finish_run(self.run_id, n_ok=summary.n_ok, n_failed=summary.n_input_failures)


class _StreamSink(BaseSink):
    def __init__(self, target: str | IO[str] | None) -> None:
        self._own = isinstance(target, str)
        self._target = target
        self.stream: IO[str] | None = None

    def start(self, command: str, settings: Settings) -> str | None:
        if isinstance(self._target, str):
            from .errors import NewsprobeError

            try:
                self.stream = open(self._target, "w", encoding="utf-8")
            except OSError as e:
                raise NewsprobeError(f"cannot write {self._target}: {e.strerror or e}") from e
        else:
            self.stream = self._target or sys.stdout
        return None

    def finish(self, summary: RunSummary) -> None:
        if self.stream is not None:
            self.stream.flush()
            if self._own:
                self.stream.close()


class JsonlSink(_StreamSink):
    """One newsprobe/1 JSON line per article, flushed after each batch (a path, a stream, or stdout)."""

    def write_batch(self, items: Sequence[tuple[Article, str]], failures: Sequence[Failure]) -> None:
        assert self.stream is not None
        for article, _ in items:
            self.stream.write(article.to_json() + "\n")
        self.stream.flush()


class TextSink(_StreamSink):
    """Each article rendered by ``render(article, source)`` (e.g. the terminal summary),
    separated by blank lines, flushed after each batch."""

    def __init__(self, target: str | IO[str] | None, render: Callable[[Article, str], str]) -> None:
        super().__init__(target)
        self.render = render
        self._first = True

    def write_batch(self, items: Sequence[tuple[Article, str]], failures: Sequence[Failure]) -> None:
        assert self.stream is not None
        for article, source in items:
            self.stream.write(("" if self._first else "\n") + self.render(article, source) + "\n")
            self._first = False
        self.stream.flush()


class ListSink(BaseSink):
    """Keep the analysed articles (and their sources) in memory, for outputs written at the end."""

    def __init__(self) -> None:
        self.articles: list[Article] = []
        self.sources: list[str] = []
        self.failures: list[Failure] = []

    def write_batch(self, items: Sequence[tuple[Article, str]], failures: Sequence[Failure]) -> None:
        for article, source in items:
            self.articles.append(article)
            self.sources.append(source)
        self.failures.extend(failures)


def _as_document(item: Document | Article | str, n: int) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, Article):
        return Document(str(item.meta.get("source") or item.id), article=item)
    if isinstance(item, str):
        from .errors import InputError
        from .ingest import article_from_text

        try:
            return Document(f"<text {n}>", article=article_from_text(item))
        except InputError as e:
            return Document(f"<text {n}>", error=e)
    raise TypeError(f"run() takes Documents, Articles or strings, got {type(item).__name__}")


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for d in items:
        batch.append(d)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(
    documents: Iterable[Document | Article | str],
    *,
    sinks: BaseSink | Sink | Sequence[BaseSink | Sink] | None = None,
    settings: Settings | None = None,
    command: str = "run",
    skip_existing: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    on_skip: Callable[[int], None] | None = None,
) -> RunSummary:
    """Analyse ``documents`` and send each finished batch to ``sinks``; returns a ``RunSummary``.

    ``documents``: ``Document``s from ``newsprobe.ingest.read_documents``, ``Article``s or
    strings (the text), consumed lazily. ``skip_existing`` asks the sinks (the store) which
    article ids they already hold and skips those (``on_skip(n)`` per batch). ``progress(done,
    total)`` is called after each document (``total`` is None for an iterator of unknown
    length); ``on_failure`` once per failure, as it happens.
    """
    from .api import load_pipeline

    started = time.perf_counter()
    settings = settings or load_settings()
    if sinks is None:
        sink_list: list[Any] = []
    elif isinstance(sinks, (list, tuple)):
        sink_list = list(sinks)
    else:
        sink_list = [sinks]
    total = len(documents) if hasattr(documents, "__len__") else None  # type: ignore[arg-type]
    pipeline = load_pipeline(settings)
    summary = RunSummary()
    for sink in sink_list:
        run_id = sink.start(command, settings)
        summary.run_id = summary.run_id or run_id
    done = 0
    docs = (_as_document(item, n) for n, item in enumerate(documents, start=1))
    try:
        for batch in _batches(docs, max(1, settings.batch_size)):
            failures: list[Failure] = []
            good: list[Document] = []
            for d in batch:
                if d.ok:
                    good.append(d)
                else:
                    reason = getattr(d.error, "reason", str(d.error))
                    failures.append(Failure(d.source, reason, d.line))
                    summary.n_input_failures += 1
            if skip_existing and good:
                ids = [d.article.id for d in good]  # type: ignore[union-attr]
                have: set[str] = set()
                for sink in sink_list:
                    have |= sink.existing(ids)
                if have:
                    before = len(good)
                    good = [d for d in good if d.article.id not in have]  # type: ignore[union-attr]
                    summary.n_skipped += before - len(good)
                    if on_skip is not None:
                        on_skip(before - len(good))
            items: list[tuple[Article, str]] = []
            for d, article in zip(good, pipeline.pipe([d.article for d in good])):  # type: ignore[misc]
                for err in article.provenance.get("errors", []):
                    failures.append(Failure(d.source, str(err.get("error")), d.line, stage=str(err.get("stage")),
                                            article_id=article.id))
                    summary.n_stage_failures += 1
                summary.add(article)
                items.append((article, d.source))
            for sink in sink_list:
                failures.extend(sink.write_batch(items, list(failures)) or [])
            for f in failures:
                summary.failures.append(f)
                if f.stage == "store":
                    summary.n_stage_failures += 1
                if on_failure is not None:
                    on_failure(f)
            if progress is not None:
                for _ in batch:
                    done += 1
                    progress(done, total)
        summary.completed = True
    finally:
        summary.seconds = time.perf_counter() - started
        for sink in sink_list:
            sink.finish(summary)
    return summary


def summary_line(summary: RunSummary) -> str:
    """The one-line account ``newsprobe analyze`` prints: articles, words, spans per layer, failures."""
    parts = [f"analysed {summary.n_ok} article(s), {summary.words} words"]
    shown = {k: n for k, n in summary.layers.items() if k != "sentences"}
    if shown:
        parts.append(", ".join(f"{n} {k}" for k, n in shown.items()))
    if summary.n_skipped:
        parts.append(f"{summary.n_skipped} already stored, skipped")
    if summary.n_input_failures:
        parts.append(f"{summary.n_input_failures} input(s) failed")
    if summary.n_stage_failures:
        parts.append(f"{summary.n_stage_failures} stage failure(s)")
    return "; ".join(parts)


__all__ = ["BaseSink", "Failure", "JsonlSink", "ListSink", "RunSummary", "Sink", "StoreSink", "TextSink", "run",
           "summary_line"]
