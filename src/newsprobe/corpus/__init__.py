"""Corpus runs: many articles on a laptop or a Dask cluster, and the cross-article view.

Modules: ``sources`` (streamed inputs: directories, JSON Lines, CSV, WARC, gzip), ``runner``
(``corpus run`` on Dask), ``status``, ``synth`` (synthetic corpora with known answers),
``clusters`` (the cluster data model and its store tables), ``reposts``, ``quotes``
(quote and attribution drift), ``claims`` (claim clusters) and ``report``.
"""
