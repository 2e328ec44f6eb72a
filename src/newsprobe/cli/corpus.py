"""``newsprobe corpus``: corpus runs and the cross-article view (run, status, clusters, report).

The group lives here; ``run`` and ``status`` are below, ``clusters`` in corpus_clusters.py and
``report`` in corpus_report.py, each a few lines over a function of ``newsprobe.corpus``.
"""

from __future__ import annotations

import click

from . import cli


@cli.group()
def corpus() -> None:
    """Analyse a corpus on a laptop or a Dask cluster, then look across it: reposts, quote
    drift, claim clusters, and a corpus report."""
