"""The REST API under ``/api`` (OpenAPI at ``/openapi.json``)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api")
