"""``newsprobe corpus``: corpus runs and the cross-article view (run, status, clusters, report).

The group lives here; ``run`` and ``status`` are below, ``clusters`` in corpus_clusters.py and
``report`` in corpus_report.py, each a few lines over a function of ``newsprobe.corpus``.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Callable, Iterator

import click

from . import cli


@cli.group()
def corpus() -> None:
    """Analyse a corpus on a laptop or a Dask cluster, then look across it: reposts, quote
    drift, claim clusters, and a corpus report."""


@contextmanager
def progress_bar(quiet: bool) -> Iterator[Callable[[int, int | None, float], None] | None]:
    """A rich progress bar on stderr (documents read, articles/s, ETA when the total is known),
    or nothing when ``quiet`` or stderr is not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    with Progress(TextColumn("corpus run"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("run", total=None, rate="")

        def update(done: int, total: int | None, rate: float) -> None:
            bar.update(task, completed=done, total=total, rate=f"{rate:.1f} articles/s")

        yield update


@corpus.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--store", type=click.Path(dir_okay=False), help="DuckDB store file (default: the `store` setting).")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes of the local cluster (default: the usable cores).")
@click.option("--scheduler", help="Address of a running Dask scheduler (e.g. tcp://10.0.0.5:8786) instead of a local cluster.")
@click.option("--stages", help="Comma-separated stages (e.g. parse,furniture,stories; default: all).")
@click.option("--batch-size", type=click.IntRange(min=1), help="Documents per task (default: the `batch_size` setting).")
@click.option("--clusters/--no-clusters", default=True, show_default=True, help="Compute reposts, quote and claim clusters at the end.")
@click.option("--count/--no-count", default=True, show_default=True, help="Count the records first, for a total and an ETA.")
@click.option("--encoding", help="Encoding of text files when not UTF-8 (e.g. cp1252).")
@click.option("--text-field", default="text", show_default=True, help="Record field holding the article text (JSONL/CSV).")
@click.option("--id-field", default="id", show_default=True, help="Record field holding the article's own id (JSONL/CSV).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def corpus_run(inputs: tuple[str, ...], store: str | None, workers: int | None, scheduler: str | None,
               stages: str | None, batch_size: int | None, clusters: bool, count: bool, encoding: str | None,
               text_field: str, id_field: str, quiet: bool) -> None:
    """Analyse a corpus (files, directories; JSON Lines, CSV, WARC, text, HTML; gzip too) into
    the store on Dask. Run it again after a crash to resume; see `newsprobe corpus status`."""
    from ..corpus.runner import run_corpus, summary_text
    from ..settings import load_settings
    from ..textnorm import printable

    settings = load_settings(store=store)
    with progress_bar(quiet) as progress:
        summary = run_corpus(list(inputs), settings.store, settings=settings, workers=workers, scheduler=scheduler,
                             stages=stages, batch_size=batch_size, clusters=clusters, count=count, encoding=encoding,
                             field_map={"text": text_field, "id": id_field}, progress=progress,
                             on_failure=lambda f: click.echo(printable(f"newsprobe: {f}"), err=True))
    click.echo(summary_text(summary), err=True)
    clusters_failed = (summary.clusters_note or "").startswith("clusters could not")
    sys.exit(1 if summary.input_failures or summary.batch_failures or clusters_failed else 0)


@corpus.command("status")
@click.option("--store", type=click.Path(dir_okay=False), help="DuckDB store file (default: the `store` setting).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def corpus_status_command(store: str | None, fmt: str) -> None:
    """Done, failed and pending documents of the corpus runs in the store (also after a crash)."""
    from ..corpus.status import corpus_status, format_status
    from ..settings import load_settings

    status = corpus_status(load_settings(store=store).store)
    click.echo(json.dumps(status.to_dict(), indent=2, default=str) if fmt == "json" else format_status(status))
