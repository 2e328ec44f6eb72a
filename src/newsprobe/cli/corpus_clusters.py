"""``newsprobe corpus clusters``: the stored reposts, quote and claim clusters of a store."""

from __future__ import annotations

import json

import click

from ..corpus.clusters import KINDS
from ..settings import load_settings
from .corpus import corpus
from .output import write_output


@corpus.command("clusters")
@click.option("--store", type=click.Path(dir_okay=False), help="DuckDB store file (default: the `store` setting).")
@click.option("--kind", type=click.Choice(KINDS), default="reposts", show_default=True, help="Which clusters.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="text for a terminal, json: the list of Cluster.to_dict.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many clusters (largest first).")
@click.option("--recompute", is_flag=True, help="Compute this kind over the store's articles and save it first.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def clusters(store: str | None, kind: str, fmt: str, limit: int | None, recompute: bool, output: str | None) -> None:
    """List clusters with their members (article ids, spans, shares) and evidence."""
    from ..corpus.compute import clusters_of, format_clusters

    settings = load_settings(store=store)
    found = clusters_of(settings.store, kind, limit=limit, recompute=recompute, settings=settings)
    if fmt == "json":
        write_output(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=2, default=str) + "\n", output)
    else:
        write_output(format_clusters(found), output)
