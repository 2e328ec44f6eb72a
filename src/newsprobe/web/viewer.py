"""The browser viewer: paste box, upload, article view through ``render/``, store browser."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
