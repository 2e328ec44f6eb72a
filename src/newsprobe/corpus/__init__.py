"""Corpus runs: many articles on a laptop or a Dask cluster, and the cross-article view.

Modules: ``sources`` (streamed inputs: directories, JSON Lines, CSV, WARC, gzip), ``runner``
(``corpus run`` on Dask), ``status``, ``synth`` (synthetic corpora with known answers),
``clusters`` (the cluster data model and its store tables), ``reposts``, ``quotes``
(quote and attribution drift), ``claims`` (claim clusters) and ``report``.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    """``clusters_of`` and ``compute_clusters`` (corpus/compute.py), imported on first use."""
    if name in ("clusters_of", "compute_clusters"):
        from . import compute

        return getattr(compute, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
