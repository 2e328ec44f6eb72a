"""Scratch structures of the reposts step (corpus/reposts.py): per-unit integers in compact
arrays, and fixed-width rows of uint64 in a file read back with ``pread``, so that memory does
not grow with what the corpus puts on disk."""

from __future__ import annotations

import mmap
import os
from array import array
from datetime import datetime, timezone

import numpy as np

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
    """Fixed-width rows of uint64 in a file, appended in order and read back with ``pread`` or
    a short-lived memory map (a map kept open would count every page it ever touched as the
    process's memory)."""

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
        """The rows numbered ``which`` (a copy). The file is mapped for the gather and unmapped
        right after, so the pages it touched leave the process's memory with it."""
        self.f.flush()
        out = np.empty((len(which), self.width), dtype=np.uint64)
        if not len(which):
            return out
        with mmap.mmap(self.f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            table = np.frombuffer(mm, dtype=np.uint64).reshape(-1, self.width)
            np.take(table, which, axis=0, out=out)
            del table
        return out

    def close(self) -> None:
        self.f.close()
