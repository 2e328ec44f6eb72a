"""The FastAPI application: state shared by the API and the viewer, built by ``create_app``;
``serve`` runs it with uvicorn (``newsprobe serve``)."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import NewsprobeError
from ..settings import Settings, load_settings
from .security import Guard, is_loopback, loopback_hosts, new_token
from .state import AppState, app_state, error_response, status_of

__all__ = ["AppState", "app_state", "create_app", "error_response", "serve", "status_of"]

log = logging.getLogger("newsprobe.web")


def create_app(settings: Settings | None = None, *, store: str | None = None, token: str | None = None,
               load_models: bool = True, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The newsprobe web application. ``store``: a store file to browse and to write to when a
    request asks (``store: true``); ``token``: required as ``Authorization: Bearer TOKEN`` (or
    the ``newsprobe_token`` cookie) on every request but /openapi.json when given
    (``newsprobe serve`` sets one whenever the host is not loopback); ``load_models``: build
    the pipeline at start-up (tests may defer it to the first analysis); ``allowed_hosts``:
    ``Host`` header values accepted (``serve`` gives the loopback names on loopback)."""
    from . import api, viewer

    state = AppState(settings or load_settings(), store_path=store, token=token or None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if load_models and state.pipeline is None:
            from starlette.concurrency import run_in_threadpool

            await run_in_threadpool(state.get_pipeline)
        yield
        state.close()

    app = FastAPI(title="newsprobe", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Look inside news articles: every layer with character spans as evidence. "
                              "Signals with evidence, never a verdict.")
    app.state.newsprobe = state
    _add_error_handlers(app)
    app.include_router(api.router)
    app.include_router(viewer.router)
    app.add_middleware(Guard, max_body=state.settings.serve_max_body, timeout=state.settings.serve_timeout,
                       token=state.token, allowed_hosts=allowed_hosts, max_active=max_active(state.settings))
    return app


def max_active(settings: Settings) -> int:
    """Requests the app handles at once (the ``serve_queue`` setting plus 64 for reads); more
    get a JSON 503 with Retry-After."""
    return int(settings.serve_queue) + 64


def _add_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        return error_response(exc.status_code, message, dict(exc.headers or {}))

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        parts = []
        for err in exc.errors()[:5]:  # location and message only: the input is never echoed back
            if err.get("type") == "json_invalid":
                return error_response(422, "the request body is not valid JSON")
            loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
            parts.append(f"{loc}: {err.get('msg', 'invalid')}")
        return error_response(422, "invalid request: " + "; ".join(parts))

    async def ours(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, NewsprobeError)
        return error_response(status_of(exc), str(exc))

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal error; the server's log has the details")

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(NewsprobeError, ours)
    app.add_exception_handler(Exception, unexpected)


def serve(settings: Settings | None = None, *, store: str | None = None, host: str = "127.0.0.1", port: int = 8000,
          token: str | None = None, fetch: bool | None = None, log_level: str = "info",
          announce: Callable[[str], None] = print) -> None:
    """Run the web service with uvicorn until interrupted (``newsprobe serve``).

    Binds to loopback by default. Whenever ``host`` is not loopback an API token is required:
    ``token``, else the ``serve_token`` setting, else a new random one, which is passed to
    ``announce`` (printed) so it can be given to clients. On loopback only requests addressed to
    ``localhost``/``127.0.0.1``/``[::1]`` are answered (no DNS rebinding). ``fetch`` overrides
    the ``fetch_enabled`` setting. One process, one analysis thread (``newsprobe.web.worker``).
    """
    import uvicorn

    settings = settings or load_settings()
    if fetch is not None:
        settings = settings.with_(fetch_enabled=fetch)
    token = token or settings.serve_token or None
    loopback = is_loopback(host)
    if not loopback and not token:
        token = new_token()
        announce(f"API token (clients send `Authorization: Bearer TOKEN`): {token}")
    app = create_app(settings, store=store, token=token, allowed_hosts=loopback_hosts(port) if loopback else None)
    announce(f"newsprobe serves http://{host if ':' not in host else f'[{host}]'}:{port}/ "
             f"(API under /api, OpenAPI at /openapi.json; store: {store or 'none'}; "
             f"URL fetch {'on' if settings.fetch_enabled else 'off'})")
    uvicorn.run(app, host=host, port=port, workers=1, log_level=log_level, server_header=False,
                timeout_keep_alive=5, limit_concurrency=2 * max_active(settings))  # a backstop past ours


def _version() -> str:
    from .. import __version__

    return __version__
