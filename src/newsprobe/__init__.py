"""newsprobe: look inside a news article, with every finding tied to character spans.

>>> import newsprobe
>>> article = newsprobe.analyze_text("Storm hits coast\n\nLONDON (Reuters) - A storm hit the coast on Sunday.")
>>> article = newsprobe.analyze_file("examples/stitched_post.txt")   # one article; iter_file for a corpus
>>> [article.span_text(s) for s in article.layer("quotes")]
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

from .article import LAYERS, SCHEMA, Article, Span
from .errors import NewsprobeError
from .pipeline import Pipeline
from .registry import stage
from .settings import Settings, load_settings
from .api import analyze, analyze_file, analyze_many, analyze_text, iter_file, load_pipeline

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Article",
    "LAYERS",
    "NewsprobeError",
    "Pipeline",
    "SCHEMA",
    "Settings",
    "Span",
    "__version__",
    "analyze",
    "analyze_file",
    "analyze_many",
    "analyze_text",
    "iter_file",
    "load_pipeline",
    "load_settings",
    "stage",
]
