"""The web service: a REST API (``api``) and a browser viewer (``viewer``) over the same core.

``create_app`` (in ``app``) builds the FastAPI application; ``serve`` (``newsprobe serve``)
runs it with uvicorn. The pipeline is loaded once at start-up and analysis runs off the event
loop, on one analysis thread (``worker``). docs/web.md describes the service.
"""

from __future__ import annotations

from .app import AppState, app_state, create_app, serve

__all__ = ["AppState", "app_state", "create_app", "serve"]
