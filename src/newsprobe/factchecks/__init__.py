"""The local fact-check database: records, import, index and search.

Submodules (each importable on its own; this package imports them only when a name is used):

- :mod:`~newsprobe.factchecks.records`: ``FactCheck``, ``BadRecord``, readers of ClaimReview
  JSON / JSON-LD / JSON Lines, CSV and JSON Lines with a ``FieldMap``, the LIAR and Snopes presets;
- :mod:`~newsprobe.factchecks.db`: the database in its own DuckDB file (setting ``factcheck_db``):
  ``FactCheckDB``, ``import_records``, ``reembed``, ``stats``; the only module that writes;
- :mod:`~newsprobe.factchecks.index`: query cleaning, BM25 terms and the BM25 index (stored in
  the database, keyed by the records' content hash);
- :mod:`~newsprobe.factchecks.search`: ``FactCheckIndex`` (hybrid retrieval, re-ranking,
  cross-encoder, twins), ``Match``, ``is_match``;
- :mod:`~newsprobe.factchecks.load`: ``load_index``, the read-only, per-process cached path the
  ``factchecks`` stage uses.

``from newsprobe import factchecks as fc; fc.load_index(path).search("...")`` works as before.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "records": (
        "BadRecord", "CLAIMREVIEW_FIELDS", "FactCheck", "FieldMap", "LIAR_VERDICTS", "PRESETS", "Parsed", "detect_format",
        "preset", "read_claimreview", "read_csv", "read_file", "read_jsonl", "read_liar", "read_snopes",
        "record_from_mapping", "record_hash", "shared_data_dir", "text_hash",
    ),
    "db": ("FactCheckDB", "ImportReport", "import_records", "reembed", "stale_embeddings", "stats"),
    "index": ("BM25", "MAX_QUERY_CHARS", "STOPWORDS", "clean_query", "content_key", "embed_query", "terms"),
    "search": (
        "CANDIDATES", "EMB_MODEL", "FactCheckIndex", "MATCH_THRESHOLD", "Match", "RERANK_FEATURES", "RERANK_WEIGHTS",
        "W_COS", "active_weights", "combine", "is_match", "rerank_features", "twin_groups", "twin_key", "_top_indices",
    ),
    "load": ("BM25_TABLE", "TABLE", "clear_cache", "load_index"),
}
_MODULE_OF = {name: mod for mod, names in _WHERE.items() for name in names}

__all__ = sorted(n for n in _MODULE_OF if not n.startswith("_"))


def __getattr__(name: str) -> Any:
    mod = _MODULE_OF.get(name)
    if mod is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{mod}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MODULE_OF))
