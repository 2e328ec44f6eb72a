"""``newsprobe export`` and ``newsprobe migrate``: thin commands over ``newsprobe.export`` and the store."""

from __future__ import annotations

import click

from . import cli
from ..export import FORMATS, WHAT, export as export_rows, format_of
from ..settings import load_settings
from ..textnorm import printable


def _warn(message: str) -> None:
    click.echo(printable(f"newsprobe: {message}"), err=True)


@cli.command("export")
@click.argument("what", type=click.Choice(WHAT))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write (- for stdout); its extension gives the format unless --format is given.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="jsonl, csv, json or parquet (default: from -o's extension).")
@click.option("--store", type=click.Path(dir_okay=False), help="DuckDB store file (default: the `store` setting).")
def export(what: str, output: str, fmt: str | None, store: str | None) -> None:
    """Export articles, spans (with their text), quotes, claims or citations from the store.

    One row per article or span; span rows carry the span's text and all attributes as JSON
    (docs/store.md lists the columns). Reads the store read-only, so it works while another
    process writes it.
    """
    from ..store import Store

    if output != "-":
        format_of(output, fmt)  # refuse an unknown extension before opening anything
    settings = load_settings(store=store)
    with Store(settings.store, read_only=True, wait=settings.store_wait, on_wait=_warn) as db:
        n = export_rows(db, what, output, fmt)
    if output != "-":
        _warn(f"wrote {n} {what} row(s) to {output}")


@cli.command("migrate")
@click.option("--store", type=click.Path(dir_okay=False), help="DuckDB store file (default: the `store` setting).")
def migrate(store: str | None) -> None:
    """Bring a store written by an older newsprobe up to the current schema."""
    from ..store import Store

    settings = load_settings(store=store)
    with Store(settings.store, wait=settings.store_wait, on_wait=_warn) as db:
        applied = db.migrate()
    _warn(f"{settings.store}: applied {', '.join(applied)}" if applied else f"{settings.store} is up to date")
