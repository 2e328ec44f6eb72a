"""State shared by the API and the viewer (``AppState``, ``app_state``) and the one error shape.

Routers import this module, never ``app`` (which imports the routers)."""

from __future__ import annotations

import json
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from fastapi import FastAPI
from fastapi.responses import Response

from ..errors import InputError, ModelError, NewsprobeError, StoreError, WireFormatError
from ..settings import Settings
from .worker import AnalysisQueue, StoreLock

if TYPE_CHECKING:
    from ..store import Store


@dataclass
class AppState:
    """What every request handler may use: the settings, the store path (or None), the loaded
    pipeline (built once at start-up) and the API token (None on loopback)."""

    settings: Settings
    store_path: str | None = None
    token: str | None = None
    pipeline: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    store_lock: StoreLock = field(default_factory=StoreLock)
    _queue: AnalysisQueue | None = None
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def get_pipeline(self) -> Any:
        """The pipeline, loaded on first use when start-up did not load it."""
        if self.pipeline is None:
            from ..api import load_pipeline

            self.pipeline = load_pipeline(self.settings)
        return self.pipeline

    @property
    def analysis(self) -> AnalysisQueue:
        """The one analysis thread and its bounded queue (``newsprobe.web.worker``)."""
        with self._guard:
            if self._queue is None:
                self._queue = AnalysisQueue(self.get_pipeline, max_waiting=self.settings.serve_queue,
                                            batch_size=self.settings.batch_size)
            return self._queue

    def close(self) -> None:
        with self._guard:
            if self._queue is not None:
                self._queue.close()
                self._queue = None

    @contextmanager
    def read_store(self) -> Iterator["Store"]:
        """The store opened read-only for one request (StoreError when there is none yet).
        Runs in a worker thread, never on the event loop."""
        from ..store import Store

        if not self.store_path:
            raise StoreError("this server has no store; start it with `newsprobe serve --store FILE`")
        if not os.path.isfile(self.store_path):
            raise StoreError("the store holds nothing yet; analyse with \"store\": true or `newsprobe analyze --store`")
        with self.store_lock.reading():
            store = Store(self.store_path, read_only=True, wait=min(self.settings.store_wait, self.settings.serve_timeout))
            try:
                yield store
            finally:
                store.close()

    def write_article(self, article: Any) -> None:
        """Store one analysed article (a short-lived writer; one at a time in this process)."""
        from ..store import Store

        if not self.store_path:
            raise StoreError("this server has no store to write to; start it with `newsprobe serve --store FILE`")
        with self.store_lock.writing():
            with Store(self.store_path, wait=min(self.settings.store_wait, self.settings.serve_timeout)) as store:
                store.put_article(article, source="api")


def app_state(app: FastAPI) -> AppState:
    state: AppState = app.state.newsprobe
    return state


#: ``<``, ``>`` and ``&`` written as JSON escapes: the same JSON, but no byte of an answer can
#: start markup, whatever a browser sniffs (the headers already say JSON, nosniff, CSP none).
_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_response(text: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON answer from JSON text, with markup characters escaped."""
    return Response(text.translate(_MARKUP), status_code=status, media_type="application/json", headers=headers)


_SERVER_PATH = re.compile(r"(?<![\w.:/~-])/(?:[\w.~-]+/)+([\w.~-]+)")


def public_message(message: str) -> str:
    """``message`` with the server's file-system paths cut to their last part (``/srv/x/y.duckdb``
    -> ``y.duckdb``): a remote user learns what failed, not how the server's disk is laid out.
    URLs are left whole."""
    return _SERVER_PATH.sub(r"\1", message)


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The one error shape: ``{"error": message, "status": status}`` (server paths cut, see
    ``public_message``)."""
    return json_response(json.dumps({"error": public_message(message), "status": status}, ensure_ascii=False),
                         status, headers)


def status_of(e: NewsprobeError) -> int:
    """The HTTP status for an error newsprobe raised on purpose."""
    status = getattr(e, "status", None)
    if isinstance(status, int):
        return status
    if isinstance(e, (InputError, WireFormatError)):
        return 422
    if isinstance(e, (StoreError, ModelError)):
        return 503
    return 500
