"""The driver's store sink in a corpus run (``CorpusSink``): the one writer of the store.

Besides analysed articles it keeps ``corpus_inputs`` (what was read, done, failed) up to date,
in the same open of the store, and it decides when the store is let go so that readers
(``corpus status``, the web service) get in. Used by ``newsprobe.corpus.runner``.
"""

from __future__ import annotations

import logging
import os
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

from ..run import Failure, StoreSink
from ..settings import Settings
from ..store import EncodedArticles
from .status import InputRow, mark_failed, mark_inputs, register_inputs

log = logging.getLogger(__name__)

#: Seconds the driver leaves the store closed after holding it ``hold`` seconds: longer than the
#: longest pause between a waiting reader's attempts (``store_connect.connect``: 0.25 s).
READER_GAP = 0.3


class CorpusSink(StoreSink):
    """The driver's ``StoreSink``: besides articles, failures and the run record (as for
    ``newsprobe analyze``), it keeps ``corpus_inputs`` up to date, in the same open of the store.

    The store stays open across batches for up to ``hold`` seconds and is then let go, also
    while the driver waits for workers (``wait_until``), so ``corpus status`` and other
    readers get in within about ``hold`` seconds. Closing the store checkpoints DuckDB's log,
    and a checkpoint costs more the more the open row groups hold (18 -> 150 ms per batch of
    32 full-pipeline articles as a store grows): closed once per batch, it was a third of the
    driver's time with light stages and about half with the full pipeline."""

    def __init__(self, path: str, inputs: Sequence[str], expected: int | None, *, hold: float = 5.0,
                 memory: str = "", **kw: Any) -> None:
        super().__init__(path, **kw)
        self.memory = memory
        #: checkpoints that failed under ``memory`` (each then done without it; see ``_checkpoint``)
        self.memory_failures: list[str] = []
        self.inputs = [os.path.abspath(p) if p != "-" else p for p in inputs]
        self.expected = expected
        self.hold = hold
        self._db: Any = None
        self._since = 0.0
        self._closed_until = 0.0

    @contextmanager
    def _open(self) -> Iterator[Any]:
        if self._db is None:
            gap = self._closed_until - time.monotonic()
            if gap > 0:  # a reader waiting for the file polls every 0.25 s at most: give it that chance
                time.sleep(gap)
            self._db = super()._open()
            if self.memory:  # bounds the checkpoint on close, which otherwise grows with the store
                self._db.con.execute(f"SET memory_limit = '{self.memory}'")
                # no checkpoint at a commit (when the log passes 16MB): only in ``release``, where
                # one that fails under the limit is done again without it
                self._db.con.execute("SET checkpoint_threshold = '1GB'")
            self._since = time.monotonic()
        try:
            yield self._db
        except BaseException:
            self.release()
            raise
        if time.monotonic() - self._since >= self.hold:
            self.release(gap=READER_GAP)

    def release(self, gap: float = 0.0) -> None:
        """Close the store if it is open (readers may then open it); with ``gap``, it is not
        opened again for that many seconds."""
        db, self._db = self._db, None
        if db is not None:
            if self.memory:
                self._checkpoint(db)
            db.close()
            self._closed_until = time.monotonic() + gap

    def _checkpoint(self, db: Any) -> None:
        """Checkpoint under the ``memory`` limit; if DuckDB cannot (its rewrite of the newest rows
        of ``articles`` outgrew the limit: a FATAL error that invalidates the open database, whose
        log still holds every committed batch), open the store again without the limit and
        checkpoint there, and keep the limit off for the rest of the run."""
        import duckdb

        try:
            db.con.execute("CHECKPOINT")
            return
        except duckdb.Error as e:
            log.warning("the store's checkpoint failed under store_write_memory=%s (%s); done again without "
                        "the limit, which stays off for the rest of this run", self.memory, str(e).splitlines()[0][:200])
            self.memory_failures.append(str(e).splitlines()[0][:200])
        db.close()
        self.memory = ""
        with super()._open() as again:
            again.con.execute("CHECKPOINT")

    def wait_until(self, ready: Callable[[], bool], poll: float = 0.02) -> None:
        """Return once ``ready()`` is true or the store has been let go: it stays open while
        it has been open less than ``hold`` seconds (a result due soon is written without a
        close and an open), then it is closed so that readers get in while the driver waits."""
        while self._db is not None and not ready():
            if time.monotonic() - self._since >= self.hold:
                self.release(gap=READER_GAP)
                return
            time.sleep(poll)

    def start(self, command: str, settings: Settings) -> str | None:
        with self._open() as db:
            self.run_id = db.start_run(command, {"stages": settings.stage_names, "batch_size": settings.batch_size,
                                                 "inputs": self.inputs, "expected": self.expected})
        return self.run_id

    def register(self, rows: Sequence[InputRow], failures: Sequence[tuple[str, Failure]]) -> set[str]:
        """Record a batch read by the driver and its unreadable documents; returns the keys
        already stored (to skip)."""
        with self._open() as db:
            done = register_inputs(db, rows, self.run_id)
            for _, f in failures:
                db.record_failure(self.run_id, f.source, f.message, f.line)
            mark_failed(db, [(k, f.message) for k, f in failures], run_id=self.run_id)
        return done

    def write_results(self, rows: EncodedArticles, failures: Sequence[Failure],
                      lost: Sequence[tuple[str, str]] = ()) -> list[Failure]:
        """Store a finished batch: its articles (store rows made by the worker), their stage
        failures, keys of a batch that failed as a whole (``lost``: ``(key, message)``);
        returns articles the store refused."""
        with self._open() as db:
            for f in failures:
                db.record_failure(self.run_id, f.source, f"stage {f.stage}: {f.message}" if f.stage else f.message, f.line)
            refused = db.put_encoded(rows, run_id=self.run_id)
            sources = {r["id"]: r["source"] or r["id"] for r in rows.articles}
            own = [Failure(sources.get(i, i), str(e), None, stage="store", article_id=i) for i, e in refused]
            for f in own:
                db.record_failure(self.run_id, f.source, f"stage store: {f.message}", None)
            bad = {i for i, _ in refused}
            mark_inputs(db, [i for i in rows.ids if i not in bad], "done", run_id=self.run_id)
            mark_failed(db, [(i, f"stage store: {e}") for i, e in refused] + list(lost), run_id=self.run_id)
            for key, message in lost:
                db.record_failure(self.run_id, key, message, None)
        return own


__all__ = ["CorpusSink", "READER_GAP"]
