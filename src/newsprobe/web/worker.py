"""Where the service's CPU work and store access run, off the event loop.

``AnalysisQueue``: **one** thread runs the pipeline (spaCy and ONNX Runtime already use the
cores; more threads would only contend), fed by a queue of at most ``max_waiting`` jobs (the
``serve_queue`` setting); a job beyond that is refused at once with ``QueueFull`` (the API
answers 503 with ``Retry-After``) instead of piling up threads or memory. Articles that wait
together are analysed together, in one ``Pipeline.pipe`` batch (as spaCy's ``nlp.pipe``), which
is what keeps the server's throughput near the in-process pipeline's under many clients; a
batch that raises is retried one article at a time, so one bad article never costs the others.
A job whose request gave up (timed out) before it started is skipped.

``StoreLock``: readers share it, the one writer holds it alone. DuckDB refuses, inside one
process, a connection for writing while a read-only one is open (docs/store.md), so reads of the
store (per request, read-only) and writes (``store: true``, one short-lived writer at a time)
take turns in the process; other processes are handled by ``Store``'s waiting.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from ..article import Article


class QueueFull(Exception):
    """Too many analyses wait already; try again in a moment."""


_STOP = object()


class AnalysisQueue:
    """A single analysis thread with a bounded queue (see the module)."""

    def __init__(self, get_pipeline: Callable[[], Any], *, max_waiting: int, batch_size: int = 32) -> None:
        self._get_pipeline = get_pipeline
        self.max_waiting = max(1, int(max_waiting))
        self.batch_size = max(1, int(batch_size))
        self._queue: queue.Queue[Any] = queue.Queue()
        self._lock = threading.Lock()
        self._waiting = 0
        self._thread = threading.Thread(target=self._run, name="newsprobe-analysis", daemon=True)
        self._thread.start()

    @property
    def waiting(self) -> int:
        """Jobs queued or running."""
        return self._waiting

    def _admit(self) -> None:
        with self._lock:
            if self._waiting >= self.max_waiting:
                raise QueueFull()
            self._waiting += 1

    def _done(self, n: int = 1) -> None:
        with self._lock:
            self._waiting -= n

    def submit_article(self, article: Article | Callable[[], Article]) -> "Future[Article]":
        """Analyse ``article`` on the analysis thread; raises QueueFull when the queue is full.
        A callable is called there first to make the article (HTML extraction, language
        detection: CPU work that then takes its turn too); what it raises goes to the future."""
        self._admit()
        fut: Future[Article] = Future()
        self._queue.put(("article", article, fut))
        return fut

    def submit_call(self, fn: Callable[[], Any]) -> "Future[Any]":
        """Run ``fn()`` on the analysis thread (other CPU-heavy work, e.g. a fact-check search)."""
        self._admit()
        fut: Future[Any] = Future()
        self._queue.put(("call", fn, fut))
        return fut

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if item[0] == "call":
                self._call(item[1], item[2])
                continue
            batch = [item]
            pending_call = None
            while len(batch) < self.batch_size:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP or more[0] == "call":
                    pending_call = more
                    break
                batch.append(more)
            self._analyse(batch)
            if pending_call is _STOP:
                return
            if pending_call is not None:
                self._call(pending_call[1], pending_call[2])

    def _call(self, fn: Callable[[], Any], fut: "Future[Any]") -> None:
        try:
            if not fut.set_running_or_notify_cancel():
                return
            try:
                fut.set_result(fn())
            except BaseException as e:  # handed to the request, which answers with a message
                fut.set_exception(e)
        finally:
            self._done()

    def _analyse(self, batch: list[tuple[str, Any, "Future[Article]"]]) -> None:
        live: list[tuple[Article, Future[Article]]] = []
        for _, item, fut in batch:
            if not fut.set_running_or_notify_cancel():
                continue
            if callable(item):
                try:
                    item = item()
                except BaseException as e:  # an input error: handed to its own request only
                    fut.set_exception(e)
                    continue
            live.append((item, fut))
        try:
            if not live:
                return
            try:
                pipeline = self._get_pipeline()
                results = list(pipeline.pipe([a for a, _ in live]))
            except Exception as e:
                if len(live) == 1:
                    live[0][1].set_exception(e)
                    return
                for article, fut in live:  # one bad article must not cost the others
                    try:
                        fut.set_result(next(iter(self._get_pipeline().pipe([article]))))
                    except Exception as e1:
                        fut.set_exception(e1)
                return
            for (_, fut), result in zip(live, results):
                fut.set_result(result)
        finally:
            self._done(len(batch))


class StoreLock:
    """Many readers or one writer at a time, inside this process."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._readers:
                self._cond.wait()
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()
