"""Opening the store's DuckDB file while other processes may hold it.

DuckDB lets one process write a file, or many read it, never both at once; a process that
opens a file another holds gets a lock error at once. ``connect`` retries with backoff,
says once that it waits, and gives up after ``store_wait`` seconds with a message. See
docs/store.md.
"""

from __future__ import annotations

import logging
import os
import re
import time
from typing import Any, Callable

from .errors import StoreError

log = logging.getLogger("newsprobe.store")


_WAIT_NOTIFIER: Callable[[str], None] | None = None


def _default_wait() -> float:
    from .settings import load_settings

    return float(load_settings().store_wait)


def _holder(message: str) -> str:
    """``PID 1234`` from DuckDB's lock message, or a plain description."""
    m = re.search(r"\(PID (\d+)\)", message)
    return f"process {m.group(1)}" if m else "another process"


def connect(
    path: str,
    *,
    read_only: bool = False,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Any:
    """A DuckDB connection to ``path``; while another process holds the file, retry with backoff.

    DuckDB lets one process write a file, or many processes read it, never both at once. A
    reader that finds a writer (or a writer that finds readers) waits up to ``wait`` seconds
    (default: the ``store_wait`` setting), calling ``on_wait`` once with a message such as
    ``waiting for the writer of out.duckdb (process 1234) to finish...``, then raises
    ``StoreError``. Writers release the file between batches (``newsprobe.run``), so a reader
    normally gets in within a fraction of a second.
    """
    import duckdb

    if read_only and not os.path.isfile(path):
        raise StoreError(f"no store at {path}; run `newsprobe analyze ...` first or pass --store")
    wait = _default_wait() if wait is None else max(0.0, float(wait))
    deadline = time.monotonic() + wait
    delay = 0.02
    told = False
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.ConnectionException as e:
            if read_only and "different configuration" in str(e):
                # this process already has the file open for writing: share that database (reads only)
                return duckdb.connect(path)
            raise StoreError(f"cannot open the store {path!r}: {e}") from e
        except duckdb.IOException as e:
            text = str(e)
            if "lock" not in text.lower():
                raise StoreError(f"cannot open the store {path!r}: {e}. Check the path, or pass --store with another file") from e
            holder = _holder(text)
            what = "readers" if (not read_only and "read-only mode" in text) else "the writer"
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreError(
                    f"the store {path} is still in use by {what} ({holder}) after waiting {wait:g} s; "
                    "try again when it has finished, or wait longer with the store_wait setting "
                    "(NEWSPROBE_STORE_WAIT=seconds)"
                ) from e
            if not told:
                message = f"waiting for {what} of {path} ({holder}) to finish..."
                log.info("%s", message)
                if on_wait is not None:
                    on_wait(message)
                elif _WAIT_NOTIFIER is not None:
                    _WAIT_NOTIFIER(message)
                told = True
            time.sleep(min(delay, max(left, 0.001)))
            delay = min(delay * 1.6, 0.25)
        except duckdb.Error as e:
            raise StoreError(f"cannot open the store {path!r}: {e}. Check the path, or pass --store with another file") from e



def set_wait_notifier(fn: Callable[[str], None] | None) -> None:
    """Where "waiting for the writer..." messages go when a ``Store`` is opened without
    ``on_wait`` (the CLI prints them on stderr; the default is the ``newsprobe.store`` logger only)."""
    global _WAIT_NOTIFIER
    _WAIT_NOTIFIER = fn
