"""Showing analysed articles: the HTML report and the terminal summary, from wire-format dicts.

Every renderer here reads ``newsprobe/1`` dicts (``Article.to_dict()``; an ``Article`` is
accepted and converted), never the pipeline's live objects, so a stored or downloaded JSON
article renders exactly like a fresh one. Nothing here imports a stage, the store or the CLI.

* ``render_html(articles, failures=...)``: one self-contained HTML page (``html``).
* ``page(body, docs=...)`` and the parts in ``parts`` (article body with highlights, legend,
  signals panel, summary table, charts): for other faces that show articles the same way.
* ``summarize(article, source=...)``: the plain-text summary for terminals (``text``).
* ``reveal_invisible(text)``: hidden bidi and zero-width characters as visible markers.

The page's CSS and script are package data (``static/report.css``, ``static/report.js``),
inlined at render time. docs/report.md describes what the reader sees.
"""

from __future__ import annotations

from .charts import bar_chart, sources_chart, speakers_chart, techniques_chart
from .data import LAYER_COLOURS
from .doc import as_doc, as_docs
from .fmt import safe_url
from .html import page, render_html
from .invisible import reveal_invisible
from .parts import (
    Context,
    article_body_html,
    article_html,
    charts_html,
    legend_html,
    meta_html,
    signals_html,
    summary_table_html,
)
from .text import summarize

__all__ = [
    "LAYER_COLOURS",
    "Context",
    "article_body_html",
    "article_html",
    "as_doc",
    "as_docs",
    "bar_chart",
    "charts_html",
    "legend_html",
    "meta_html",
    "page",
    "render_html",
    "reveal_invisible",
    "safe_url",
    "signals_html",
    "sources_chart",
    "speakers_chart",
    "summarize",
    "summary_table_html",
    "techniques_chart",
]
