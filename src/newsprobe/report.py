"""Kept for existing imports: the HTML report now lives in ``newsprobe.render``."""

from __future__ import annotations

from .render import LAYER_COLOURS, render_html, safe_url

__all__ = ["render_html", "safe_url", "LAYER_COLOURS"]
