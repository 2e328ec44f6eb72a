"""The FastAPI application: state shared by the API and the viewer, built by ``create_app``."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, AsyncIterator

from fastapi import FastAPI

from ..settings import Settings, load_settings


@dataclass
class AppState:
    """What every request handler may use: the settings, the store path (or None), the loaded
    pipeline (built once at start-up) and the API token (None on loopback)."""

    settings: Settings
    store_path: str | None = None
    token: str | None = None
    pipeline: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def create_app(settings: Settings | None = None, *, store: str | None = None, token: str | None = None,
               load_models: bool = True) -> FastAPI:
    """The newsprobe web application. ``store``: a store file to browse and to write to when a
    request asks (``store: true``); ``token``: required as ``Authorization: Bearer TOKEN`` on
    every API request when given (``newsprobe serve`` sets one whenever the host is not
    loopback); ``load_models``: build the pipeline at start-up (tests may defer it)."""
    from . import api, viewer

    state = AppState(settings or load_settings(), store_path=store, token=token)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if load_models and state.pipeline is None:
            from ..api import load_pipeline

            state.pipeline = load_pipeline(state.settings)
        yield

    app = FastAPI(title="newsprobe", version=_version(), lifespan=lifespan,
                  description="Look inside news articles: every layer with character spans as evidence.")
    app.state.newsprobe = state
    app.include_router(api.router)
    app.include_router(viewer.router)
    return app


def app_state(app: FastAPI) -> AppState:
    state: AppState = app.state.newsprobe
    return state


def _version() -> str:
    from .. import __version__

    return __version__
