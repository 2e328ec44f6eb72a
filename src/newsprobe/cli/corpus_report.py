"""``newsprobe corpus report``: a thin command over ``newsprobe.corpus.report.corpus_report``."""

from __future__ import annotations

import sys

import click

from ..corpus.report import DEFAULT_MEMBERS, DEFAULT_TOP, REPORT_FORMATS, corpus_report
from ..settings import load_settings
from ..textnorm import printable
from .corpus import corpus
from .output import output_format


def _warn(message: str) -> None:
    click.echo(printable(f"newsprobe: {message}"), err=True)


@corpus.command("report")
@click.option("--store", type=click.Path(dir_okay=False), help="DuckDB store file (default: the `store` setting).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write (.html or .json; - or nothing: stdout).")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), help="html or json (default: from -o's extension, else html).")
@click.option("--top", type=click.IntRange(1, 10_000), default=DEFAULT_TOP, show_default=True,
              help="How many outlets, sources and clusters of each kind to list (totals count all).")
@click.option("--members", type=click.IntRange(1, 10_000), default=DEFAULT_MEMBERS, show_default=True,
              help="How many members of each listed cluster to list.")
def report(store: str | None, output: str | None, fmt: str | None, top: int, members: int) -> None:
    """The corpus report: technique use by outlet, most-cited sources with their ratings, repost
    clusters, quote and attribution drift, claim clusters over time, with a drill-down to the
    articles; HTML, or the same numbers as JSON (docs/corpus-report.md). Reads the store
    read-only."""
    from ..store import Store

    fmt = output_format(output, fmt, REPORT_FORMATS, default="html")
    settings = load_settings(store=store)
    with Store(settings.store, read_only=True, wait=settings.store_wait, on_wait=_warn) as db:
        text = corpus_report(db, fmt=fmt, top=top, members=members)
    if not output or output == "-":
        sys.stdout.write(text)
        return
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)
    _warn(f"wrote the corpus report ({fmt}, {len(text.encode('utf-8')):,} bytes) to {output}")
