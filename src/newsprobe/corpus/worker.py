"""What a Dask worker does in a corpus run: build the pipeline once, then analyse batches.

``PipelinePlugin`` is registered with the cluster by the driver (``newsprobe.corpus.runner``):
each worker builds the pipeline for the run's settings when it starts (and a worker that joins
later does too), so a batch never waits for models to load. ``analyse_batch`` runs one batch
through the library's run loop (``newsprobe.run.run``) and hands back the analysed articles and
the failures; only the driver writes the store.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from typing import Any, Sequence

from distributed import WorkerPlugin

from ..ingest import Document
from ..run import Failure, ListSink, run
from ..settings import Settings
from ..store_rows import EncodedArticles, encode_articles
from .sources import RawPage


@dataclass
class BatchResult:
    """One analysed batch: its articles as store rows (``store_rows.encode_articles``, made here so
    the driver, the one writer, only inserts them), failures (stage failures included), the
    worker's seconds and process id."""

    rows: EncodedArticles = field(default_factory=lambda: EncodedArticles([]))
    failures: list[Failure] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  #: (key, why) of pages found unreadable here
    seconds: float = 0.0
    pid: int = 0


#: The start of the message Dask's worker logs, with a traceback, when a heartbeat finds the
#: scheduler's connection closed: at the end of a run, as the cluster shuts down, it reached the
#: user's terminal now and then (seen twice in 100,000-article runs) though nothing was wrong.
LOST_HEARTBEAT = "Failed to communicate with scheduler during heartbeat"


class _LostHeartbeat(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(LOST_HEARTBEAT):
            # one line at WARNING (the local cluster shows ERROR and up), no traceback; a
            # scheduler that is really gone ends the run with the driver's own message
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


def quiet_lost_heartbeats() -> None:
    """Install (once per process) the filter that turns Dask's lost-heartbeat traceback into a
    warning line (``LOST_HEARTBEAT``)."""
    logger = logging.getLogger("distributed.worker")
    if not any(isinstance(f, _LostHeartbeat) for f in logger.filters):
        logger.addFilter(_LostHeartbeat())


class PipelinePlugin(WorkerPlugin):  # type: ignore[misc]
    """A Dask worker plugin that builds the pipeline for ``settings`` on each worker at setup."""

    name = "newsprobe-pipeline"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def setup(self, worker: Any) -> None:
        from ..api import load_pipeline
        from ..ml.minilm import configure_encoder

        # the run's encoder options (threads: the worker's share of the cores) for this
        # process, before the pipeline loads the encoder; otherwise it would take all the cores
        self._previous = configure_encoder(self.settings)
        quiet_lost_heartbeats()
        load_pipeline(self.settings)

    def teardown(self, worker: Any) -> None:
        from ..ml.minilm import configure_encoder

        # a worker in the caller's own process (an in-process cluster) leaves its options as they were
        configure_encoder(getattr(self, "_previous", None))


def analyse_batch(docs: Sequence[Document | RawPage], settings: Settings) -> BatchResult:
    """Analyse ``docs`` (readable documents whose articles carry their corpus keys as ids, or
    WARC pages still to decode and extract, here) with ``newsprobe.run.run`` and the pipeline
    cached in this process."""
    started = time.perf_counter()
    ready: list[Document] = []
    unreadable: list[tuple[str, str]] = []
    for d in docs:
        if isinstance(d, RawPage):
            doc = d.document()
            if doc.article is None:
                unreadable.append((d.key or d.source, str(getattr(doc.error, "reason", doc.error))))
                continue
            d = doc
        ready.append(d)
    sink = ListSink()
    summary = run(ready, sinks=[sink], settings=settings, command="corpus worker")
    rows = encode_articles(zip(sink.articles, sink.sources))
    return BatchResult(rows, list(summary.failures), unreadable, time.perf_counter() - started, os.getpid())


__all__ = ["BatchResult", "PipelinePlugin", "analyse_batch"]
