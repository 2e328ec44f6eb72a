"""Kept for existing imports: the terminal summary now lives in ``newsprobe.render.text``."""

from __future__ import annotations

from .render.text import summarize

__all__ = ["summarize"]
