"""Scratch structures of the reposts step (corpus/reposts.py): per-unit integers in compact
arrays, and fixed-width rows of uint64 in a file read back with ``pread``, so that memory does
not grow with what the corpus puts on disk; the memory limits of the step's DuckDB databases;
dates of ``published`` values."""

from __future__ import annotations

import logging
import os
import re
from array import array
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from ..settings import Settings

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger("newsprobe.corpus.reposts")

#: The order key of a missing date: after every real one.
NEVER = int(np.iinfo(np.int64).max)
EPOCH = datetime(1970, 1, 1)


def micros(dt: datetime | None) -> int:
    """A datetime as microseconds since 1970 (UTC; naive means UTC), ``NEVER`` for None."""
    if dt is None:
        return NEVER
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    delta = dt - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class Units:
    """Per-unit integers (a unit is an article, or one story of a stitched post), in arrays."""

    def __init__(self) -> None:
        self.art = array("i")
        self.lo = array("i")  # shingle index range inside the article's shingles
        self.hi = array("i")
        self.start = array("i")  # character span of a story unit; -1 for a whole article
        self.end = array("i")
        self.story = array("i")  # story index, -1 for a whole article

    def add(self, art: int, lo: int, hi: int, start: int, end: int, story: int) -> None:
        self.art.append(art)
        self.lo.append(lo)
        self.hi.append(hi)
        self.start.append(start)
        self.end.append(end)
        self.story.append(story)

    def __len__(self) -> int:
        return len(self.art)


class RowFile:
    """Fixed-width rows of uint64 in a file, appended in order and read back with ``pread``.

    Never through a memory map: a mapped page counts as the process's memory while the map is
    open, and the kernel maps up to 16 cached neighbours of every page a read faults in, so a
    gather of a few thousand scattered rows maps most of the file (a 100,000-article corpus's
    signatures are about 300 MB)."""

    def __init__(self, path: str, width: int) -> None:
        self.f = open(path, "w+b")
        self.width = width
        self.size = 8 * width

    def append(self, rows: np.ndarray) -> None:
        self.f.write(np.ascontiguousarray(rows, dtype=np.uint64).tobytes())

    def block(self, lo: int, hi: int) -> np.ndarray:
        """Rows ``lo .. hi-1``."""
        self.f.flush()
        data = os.pread(self.f.fileno(), (hi - lo) * self.size, lo * self.size)
        return np.frombuffer(data, dtype=np.uint64).reshape(-1, self.width)

    def rows(self, which: np.ndarray) -> np.ndarray:
        """The rows numbered ``which`` (a copy, in that order): each distinct row read once,
        runs of consecutive rows in one ``pread``."""
        self.f.flush()
        which = np.asarray(which, dtype=np.int64)
        if not len(which):
            return np.empty((0, self.width), dtype=np.uint64)
        uniq, inverse = np.unique(which, return_inverse=True)
        got = np.empty((len(uniq), self.width), dtype=np.uint64)
        cuts = (np.flatnonzero(np.diff(uniq) != 1) + 1).tolist()
        fd = self.f.fileno()
        for a, b in zip([0, *cuts], [*cuts, len(uniq)]):
            data = os.pread(fd, (b - a) * self.size, int(uniq[a]) * self.size)
            if len(data) != (b - a) * self.size:
                raise IndexError(f"rows {int(uniq[a])}..{int(uniq[b - 1])} are past the end of {self.f.name}")
            got[a:b] = np.frombuffer(data, dtype=np.uint64).reshape(-1, self.width)
        return got[inverse.reshape(-1)]

    def close(self) -> None:
        self.f.close()


# --- memory limits and dates (used by corpus/reposts.py) ---------------------------------------

#: Memory the scratch DuckDB database may use before it spills to its directory (when the
#: ``repost_scratch_memory`` setting is empty).
SCRATCH_MEMORY = "128MB"


def scratch_memory(settings: Settings) -> str:
    """The ``repost_scratch_memory`` setting, checked: a DuckDB size such as 256MB."""
    return duckdb_size(str(settings.repost_scratch_memory or SCRATCH_MEMORY), "repost_scratch_memory")


def duckdb_size(value: str, name: str) -> str:
    """``value`` (the setting ``name``) checked as a DuckDB memory size such as 512MB or 2GB."""
    memory = value.strip()
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", memory, flags=re.I):
        raise ValueError(f"{name} = {memory!r} is not a size like 512MB or 2GB")
    return memory


@contextmanager
def store_memory(store: "Store", limit: str) -> Iterator[None]:
    """While the articles are read, the store's DuckDB keeps at most ``limit`` of them cached
    (its default is most of the machine's memory, so reading every text of a large store would
    keep them all); the setting is put back afterwards."""
    import duckdb

    row = store.query("SELECT current_setting('memory_limit')").fetchone()
    before = str(row[0]) if row else ""
    try:
        store.query(f"SET memory_limit = '{limit}'")
    except duckdb.Error as e:  # more than that is in use (another reader of this store): read as it is
        log.info("reposts: the store's memory limit stays %s (%s)", before, e)
        before = ""
    try:
        yield
    finally:
        if before:  # the default exactly (the shown value is rounded), else as shown
            store.query("RESET memory_limit")
            now = store.query("SELECT current_setting('memory_limit')").fetchone()
            if not now or str(now[0]) != before:
                store.query(f"SET memory_limit = '{before}'")


def parse_published(value: Any) -> datetime | None:
    """A ``published`` value as a naive UTC datetime, or None when it is missing or unreadable
    (ISO 8601 first, then the common written forms dateutil reads)."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            from dateutil import parser as du  # type: ignore[import-untyped]

            dt = du.parse(text, fuzzy=False)
        except (ImportError, ValueError, OverflowError, TypeError):
            return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt
