"""``newsprobe corpus run``: a corpus through the pipeline on a Dask cluster, resumable.

The driver (this module) streams the inputs (``sources.iter_corpus``), records each batch's
documents in ``corpus_inputs`` (skipping those already stored), submits the batch to a worker
(``worker.analyse_batch``: the library run loop over the pipeline the worker built once) and
writes what comes back to the store. At most ``in_flight`` batches are out at any time, so the
driver's and the workers' memory stays flat however big the corpus is; the driver never holds
all ids or all results. Only the driver writes the store, one short open per batch, so
``newsprobe corpus status`` can read it between writes.

A run killed at any moment and started again with the same inputs resumes: finished articles
are skipped (looked up a batch at a time), an article written twice replaces itself (its id is
its corpus key), so nothing is lost and nothing is doubled. A document that cannot be read, a
stage that fails and a batch whose worker died are recorded as failures; the run goes on.

    from newsprobe.corpus.runner import run_corpus
    summary = run_corpus(["corpus.jsonl.gz", "crawl.warc.gz"], "corpus.duckdb", workers=4)
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from ..errors import NewsprobeError
from ..ingest import Document
from ..run import Failure
from ..settings import Settings, load_settings
from ..store import EncodedArticles
from .scratchfiles import duckdb_size
from .sources import RawPage, count_records, iter_corpus
from .sink import CorpusSink
from .status import RUN_COMMAND, InputRow

log = logging.getLogger(__name__)

#: ``progress(processed, total_or_None, articles_per_second)``
Progress = Callable[[int, "int | None", float], None]


@dataclass
class CorpusRunSummary:
    """What a corpus run did: documents read, analysed, skipped (already stored), failed."""

    run_id: str | None = None
    read: int = 0
    analysed: int = 0
    skipped: int = 0
    input_failures: int = 0
    stage_failures: int = 0
    batch_failures: int = 0
    expected: int | None = None
    workers: int = 0
    seconds: float = 0.0
    worker_seconds: float = 0.0
    clusters: dict[str, int] | None = None
    clusters_note: str | None = None
    #: why the driver's memory limit on the store (``store_write_memory``) was lifted, if it was
    store_memory_note: str | None = None
    completed: bool = False
    failures: list[Failure] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Articles analysed per second of wall time."""
        return self.analysed / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["failures"] = [f.to_dict() for f in self.failures[:100]]
        out["rate"] = round(self.rate, 2)
        return out


def _usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


#: Entries of Dask's developer logs (``distributed.admin.low-level-log-length``, default 1,000)
#: in corpus runs. Each entry of a batched stream's log is a message as sent, and a message to a
#: worker holds a whole batch of articles: with the default, the driver of a 100,000-article run
#: grew by about 12 KB per article until the logs were full (``benchmarks/peak_rss.py --trace``).
LOW_LEVEL_LOG = 10


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: to the scheduler at ``scheduler`` when given, else to a local
    cluster of ``workers`` processes (one thread each, the usable cores by default) listening on
    127.0.0.1 only (Dask's HTTP endpoints too, on free ports). Closed (and the local cluster shut down) on exit."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - pinned in requirements.lock
        raise NewsprobeError("corpus runs need dask and distributed: pip install dask distributed") from e
    # Dask keeps the last 1,000 messages of every batched stream for debugging, task arguments
    # (whole batches of articles) included: hundreds of MB in the driver, which holds the
    # scheduler of a local cluster (see LOW_LEVEL_LOG). Applies to the streams opened meanwhile.
    with dask.config.set({"distributed.admin.low-level-log-length": LOW_LEVEL_LOG}):
        with _client(Client, LocalCluster, workers, scheduler) as client:
            yield client


@contextmanager
def _client(Client: Any, LocalCluster: Any, workers: int | None, scheduler: str | None) -> Iterator[Any]:
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as e:
            raise NewsprobeError(f"cannot reach the Dask scheduler at {scheduler} ({e}); start one with "
                                 "`dask scheduler` and workers with `dask worker ADDRESS`, or leave out --scheduler") from e
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    n = workers or _usable_cores()
    # Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_=65536, which turns off glibc's
    # adaptive mmap threshold: every large numpy/spaCy buffer is then mapped and unmapped anew,
    # and the analysis ran 12-16% slower than in one process (benchmarks/bench_corpus.py
    # speedup). Our workers keep glibc's defaults; their memory stays flat without it.
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address="127.0.0.1:0", worker_dashboard_address="127.0.0.1:0",
                               silence_logs=logging.ERROR,
                               env={"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _worker_settings(settings: Settings, n_workers: int) -> Settings:
    """One worker per core: each worker's encoder gets its share of the cores, not all of them."""
    if settings.encoder_threads == 0:
        return settings.with_(encoder_threads=max(1, _usable_cores() // max(1, n_workers)))
    return settings


def batch_size_for(remaining: int | None, size: int, threads: int) -> int:
    """Guided scheduling: full batches of ``size`` while plenty is left, then smaller ones
    (about a ``2 * threads``-th of what is left, at least 4), so the workers finish together
    instead of one waiting on the last full batch of another. ``remaining`` None (not
    counted): always ``size``."""
    if remaining is None:
        return size
    return max(1, min(size, max(4, remaining // (2 * max(1, threads)))))


def _batches(docs: Iterable[tuple[str, Document | RawPage]],
             size: int | Callable[[int], int]) -> Iterator[list[tuple[str, Document | RawPage]]]:
    """Batches of ``size`` documents; ``size`` may be a function of the documents read so far."""
    batch: list[tuple[str, Document | RawPage]] = []
    read = 0
    want = size(0) if callable(size) else size
    for item in docs:
        batch.append(item)
        read += 1
        if len(batch) >= want:
            yield batch
            batch = []
            want = size(read) if callable(size) else size
    if batch:
        yield batch


_POSITION = re.compile(r"[:#]\d+$")


def _input_of(source: str, inputs: Sequence[str]) -> str:
    """The input given on the command line that ``source`` came from (absolute path)."""
    path = os.path.abspath(_POSITION.sub("", source))
    for given in inputs:
        if path == given or path.startswith(given.rstrip(os.sep) + os.sep):
            return given
    return path


def compute_clusters_if_available(store: str, settings: Settings) -> tuple[dict[str, int] | None, str | None]:
    """``newsprobe.corpus.compute.compute_clusters`` over the store, when that module exists;
    ``(counts, None)`` or ``(None, why not)``."""
    try:
        compute = importlib.import_module("newsprobe.corpus.compute")
    except ModuleNotFoundError as e:
        if e.name != "newsprobe.corpus.compute":
            raise
        return None, "clusters skipped: newsprobe.corpus.compute is not installed in this version"
    from ..store import Store

    with Store(store) as db:
        try:
            counts = compute.compute_clusters(db, settings)
        except compute.ClusterError as e:
            return dict(e.counts), str(e)
    return dict(counts), None


def run_corpus(
    inputs: Sequence[str],
    store: str,
    *,
    settings: Settings | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    stages: str | None = None,
    batch_size: int | None = None,
    in_flight: int | None = None,
    count: bool = True,
    clusters: bool = True,
    field_map: Mapping[str, str] | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    client: Any = None,
) -> CorpusRunSummary:
    """Analyse every document of ``inputs`` (files, directories; JSON Lines, CSV, WARC, text,
    HTML; gzip too) into the DuckDB ``store`` on Dask, resuming where an earlier run stopped.

    ``workers``: processes of the local cluster (default: the usable cores); ``scheduler``: the
    address of an existing Dask scheduler instead (its workers need newsprobe installed);
    ``client``: an existing ``distributed.Client`` instead of either. ``stages`` (e.g.
    ``"parse,furniture,stories"``) and ``batch_size`` override the settings; ``in_flight``
    bounds the batches out at once (default: two per worker thread). ``count`` first counts the
    records (a quick pass) so progress has a total and an ETA. ``clusters`` computes the
    clusters (reposts, quotes, claims) at the end. ``progress(processed, total, rate)`` after
    each batch; ``on_failure`` for each failure as it is recorded.
    """
    started = time.perf_counter()
    settings = (settings or load_settings()).with_(stages=stages, batch_size=batch_size, store=store)
    if not inputs:
        raise NewsprobeError("no inputs: give files or directories (JSON Lines, CSV, WARC, text or HTML)")
    _check_stages(settings)
    expected = count_records(inputs) if count else None
    summary = CorpusRunSummary(expected=expected)
    try:
        memory = duckdb_size(settings.store_write_memory, "store_write_memory") if settings.store_write_memory else ""
    except ValueError as e:
        raise NewsprobeError(f"{e}: fix it in newsprobe.toml or NEWSPROBE_STORE_WRITE_MEMORY (empty: no limit)") from e
    sink = CorpusSink(store, inputs, expected, hold=settings.store_hold, memory=memory)
    summary.run_id = sink.start(f"{RUN_COMMAND} {' '.join(inputs)}", settings)
    sink.release()  # not held while the cluster starts
    with (_given(client) if client is not None else dask_client(workers, scheduler)) as cl:
        n_threads = sum(cl.nthreads().values()) or 1
        summary.workers = len(cl.nthreads())
        local = client is None and not scheduler  # our own cluster on this machine: share its cores out
        wsettings = _worker_settings(settings, summary.workers or 1) if local else settings
        cl.register_plugin(_plugin(wsettings), name="newsprobe-pipeline")
        limit = in_flight or 2 * n_threads
        try:
            _drive(cl, sink, inputs, settings, wsettings, limit, summary, started, field_map, encoding, progress, on_failure)
        finally:
            sink.release()
    summary.completed = True
    summary.seconds = time.perf_counter() - started
    with sink._open() as db:
        db.finish_run(summary.run_id or "", n_ok=summary.analysed, n_failed=summary.input_failures + summary.batch_failures)
    sink.release()
    if sink.memory_failures:
        summary.store_memory_note = (
            f"note: the store's checkpoint needed more than store_write_memory={memory} ({sink.memory_failures[0]}); "
            "it was done without the limit, which stayed off for the rest of the run")
    if clusters:
        summary.clusters, summary.clusters_note = compute_clusters_if_available(store, settings)
    summary.seconds = time.perf_counter() - started
    return summary


def _check_stages(settings: Settings) -> None:
    """Unknown stage names fail here, in the driver, before any worker starts."""
    from ..errors import PipelineError
    from ..pipeline import registered_stages

    known = registered_stages()
    unknown = [s for s in settings.stage_names if s not in known]
    if unknown:
        raise PipelineError(f"unknown stage(s) {', '.join(unknown)}; available: {', '.join(sorted(known))}")


@contextmanager
def _given(client: Any) -> Iterator[Any]:
    yield client


def _plugin(settings: Settings) -> Any:
    from .worker import PipelinePlugin

    return PipelinePlugin(settings)


def _drive(cl: Any, sink: CorpusSink, inputs: Sequence[str], settings: Settings, wsettings: Settings, limit: int,
           summary: CorpusRunSummary, started: float, field_map: Mapping[str, str] | None, encoding: str | None,
           progress: Progress | None, on_failure: Callable[[Failure], None] | None) -> None:
    """The driver loop: read a batch, register it, submit it; collect finished batches while
    ``limit`` are out."""
    from distributed import as_completed

    from .worker import analyse_batch

    given = sink.inputs
    futures = as_completed()
    out: dict[Any, list[str]] = {}  # future -> its keys (bounded by ``limit``)

    def note(f: Failure) -> None:
        if len(summary.failures) < 1000:  # the store has them all; the summary keeps the first
            summary.failures.append(f)
        if on_failure is not None:
            on_failure(f)

    def report() -> None:
        if progress is not None:
            elapsed = time.perf_counter() - started
            progress(summary.read, summary.expected, summary.analysed / elapsed if elapsed else 0.0)

    def collect(fut: Any) -> None:
        keys = out.pop(fut)
        try:
            result = fut.result()
        except Exception as e:  # a worker died or the batch raised: its documents fail, the run goes on
            message = f"the batch failed on its worker ({type(e).__name__}: {str(e)[:300]}); run again to retry"
            sink.write_results(EncodedArticles([]), [], [(k, message) for k in keys])
            summary.batch_failures += len(keys)
            for k in keys:
                note(Failure(k, message))
        else:
            own = sink.write_results(result.rows, result.failures, result.unreadable)
            summary.analysed += len(result.rows) - len(own)
            summary.input_failures += len(result.unreadable)
            for key, message in result.unreadable:
                note(Failure(key, message))
            summary.worker_seconds += result.seconds
            for f in list(result.failures) + own:
                summary.stage_failures += 1
                note(f)
        fut.release()
        report()

    full = max(1, settings.batch_size)
    threads = sum(cl.nthreads().values()) or 1

    def size(read: int) -> int:
        return batch_size_for(None if summary.expected is None else max(0, summary.expected - read), full, threads)

    for batch in _batches(_deferred(iter_corpus(inputs, settings=settings, field_map=field_map, encoding=encoding,
                                                defer_pages=True)), size):
        summary.read += len(batch)
        rows = [InputRow(key, _input_of(d.source, given), d.source, d.line) for key, d in batch]
        bad = [(key, Failure(d.source, str(getattr(d.error, "reason", d.error)), d.line)) for key, d in batch if not d.ok]
        done = sink.register(rows, bad)
        for _, f in bad:
            summary.input_failures += 1
            note(f)
        todo = [(key, d) for key, d in batch if d.ok and key not in done]
        summary.skipped += sum(1 for key, d in batch if d.ok and key in done)
        if todo:
            fut = cl.submit(analyse_batch, [d for _, d in todo], wsettings, pure=False)
            out[fut] = [key for key, _ in todo]
            futures.add(fut)
        else:
            report()
        while len(out) >= limit:
            sink.wait_until(futures.has_ready)  # nothing to write yet: readers get in after ``hold`` seconds
            collect(next(futures))
    while out:
        sink.wait_until(futures.has_ready)
        collect(next(futures))
    sink.release()


def _deferred(items: Iterator[tuple[str, Document | RawPage]]) -> Iterator[tuple[str, Document | RawPage]]:
    """``items`` read with language detection left to the workers' pipelines
    (``language.deferred_detection``: the driver only keeps each record's hint)."""
    from ..language import deferred_detection

    while True:
        with deferred_detection():  # around each step: the generator runs in its caller's context
            item = next(items, None)
        if item is None:
            return
        yield item


def summary_text(summary: CorpusRunSummary) -> str:
    """The lines ``newsprobe corpus run`` prints at the end."""
    parts = [f"read {summary.read:,} document(s) with {summary.workers} worker(s) in {summary.seconds:.1f}s: "
             f"analysed {summary.analysed:,} ({summary.rate:.1f}/s)"]
    if summary.skipped:
        parts.append(f"{summary.skipped:,} already stored, skipped")
    if summary.input_failures:
        parts.append(f"{summary.input_failures:,} could not be read")
    if summary.batch_failures:
        parts.append(f"{summary.batch_failures:,} lost with a failed batch (run again to retry)")
    if summary.stage_failures:
        parts.append(f"{summary.stage_failures:,} stage failure(s)")
    lines = ["; ".join(parts)]
    if summary.clusters is not None:
        lines.append("clusters: " + ", ".join(f"{n:,} {kind}" for kind, n in summary.clusters.items()))
    if summary.clusters_note:
        lines.append(summary.clusters_note)
    if summary.store_memory_note:
        lines.append(summary.store_memory_note)
    return "\n".join(lines)


__all__ = ["CorpusRunSummary", "CorpusSink", "batch_size_for", "compute_clusters_if_available", "dask_client", "run_corpus",
           "summary_text"]
