"""Compute every kind of cluster of a store and save them: the last step of ``corpus run`` and
what ``newsprobe corpus clusters --recompute`` does.

``compute_clusters`` runs ``reposts.repost_clusters``, ``quotes.quote_clusters`` and
``claims.claim_clusters`` (each imported only when asked for; a kind whose module this
installation lacks is skipped with a logged note) and replaces the stored clusters of each kind
with ``clusters.save_clusters``. ``clusters_of`` reads them back.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Callable, Iterable

from ..errors import NewsprobeError
from ..settings import Settings
from .clusters import KINDS, Cluster, load_clusters, save_clusters

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)

#: kind -> (module of newsprobe.corpus, function(store, settings) -> list[Cluster])
FINDERS: dict[str, tuple[str, str]] = {
    "reposts": ("reposts", "repost_clusters"),
    "quotes": ("quotes", "quote_clusters"),
    "claims": ("claims", "claim_clusters"),
}


def cluster_finder(kind: str) -> Callable[["Store", Settings], list[Cluster]] | None:
    """The function that computes clusters of ``kind``, or None when its module is not installed."""
    if kind not in FINDERS:
        raise ValueError(f"unknown cluster kind {kind!r}; use one of {', '.join(KINDS)}")
    module, name = FINDERS[kind]
    try:
        mod = importlib.import_module(f"{__package__}.{module}")
    except ModuleNotFoundError as e:
        if e.name != f"{__package__}.{module}":
            raise
        return None
    fn: Callable[["Store", Settings], list[Cluster]] = getattr(mod, name)
    return fn


def compute_clusters(store: "Store", settings: Settings | None = None,
                     kinds: Iterable[str] = ("reposts", "quotes", "claims")) -> dict[str, int]:
    """Compute the clusters of each of ``kinds`` over every article of ``store`` and save them
    (each kind replaced in one transaction); returns how many clusters each kind has. A kind
    whose module is missing is left out of the result (and its stored clusters untouched)."""
    settings = settings or Settings()
    counts: dict[str, int] = {}
    failed: list[str] = []
    for kind in kinds:
        finder = cluster_finder(kind)
        if finder is None:
            log.warning("clusters of kind %r skipped: newsprobe.corpus.%s is not installed", kind, FINDERS[kind][0])
            continue
        try:
            counts[kind] = save_clusters(store, kind, finder(store, settings))
        except (NewsprobeError, ValueError, MemoryError, OSError) as e:  # one kind never costs the others
            failed.append(f"{kind}: {type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}")
        except Exception as e:  # DuckDB's own errors (out of memory, I/O) have no common base we import here
            if type(e).__module__.split(".")[0] not in ("duckdb", "_duckdb"):
                raise
            failed.append(f"{kind}: {type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}")
    if failed:
        raise ClusterError(
            "clusters could not be computed (" + "; ".join(failed) + "); the articles are stored and the other kinds "
            f"saved ({', '.join(f'{k} {n}' for k, n in counts.items()) or 'none'}). Retry one kind with "
            "`newsprobe corpus clusters --store DB --kind KIND --recompute`; for memory errors raise "
            "the repost_scratch_memory setting", counts=counts)
    return counts


class ClusterError(NewsprobeError):
    """Some kinds of clusters could not be computed; ``counts`` has those that were saved."""

    def __init__(self, message: str, *, counts: dict[str, int]) -> None:
        super().__init__(message)
        self.counts = counts


def clusters_of(store_path: str, kind: str, *, limit: int | None = None, min_size: int = 2,
                recompute: bool = False, settings: Settings | None = None) -> list[Cluster]:
    """The clusters of ``kind`` stored in the store at ``store_path``, largest first (at most
    ``limit``). With ``recompute``, compute and save that kind first (the store is opened for
    writing); otherwise the store is opened read-only."""
    from ..store import Store

    settings = settings or Settings()
    if kind not in KINDS:
        raise ValueError(f"unknown cluster kind {kind!r}; use one of {', '.join(KINDS)}")
    if recompute:
        with Store(store_path, wait=settings.store_wait) as store:
            compute_clusters(store, settings, kinds=(kind,))
            return load_clusters(store, kind, min_size=min_size, limit=limit)
    with Store(store_path, read_only=True, wait=settings.store_wait) as store:
        return load_clusters(store, kind, min_size=min_size, limit=limit)


def format_clusters(clusters: list[Cluster]) -> str:
    """Clusters as text for a terminal: per cluster a heading (kind, id, size, level, label),
    then one line per member: role, article id, share, character span, date, outlet and the
    member's text (quotes, claims) shortened. Control and bidi characters are shown, never
    sent to the terminal."""
    from ..textnorm import printable

    if not clusters:
        return "no clusters\n"
    out: list[str] = []
    for c in clusters:
        level = c.evidence.get("level")
        head = f"{c.kind} {c.cluster_id}: {c.size} members" + (f", {level} level" if level else "")
        if c.label:
            head += f" - {_short(c.label, 70)}"
        out.append(printable(head))
        for m in c.members:
            parts = [f"  {m.role:<7}", m.article_id]
            if m.share is not None and m.role != "origin":
                parts.append(f"{m.share:.0%} shared")
            if m.start is not None:
                story = m.attrs.get("story_index")
                parts.append(f"chars {m.start}-{m.end}" + (f" (story {story})" if story is not None else ""))
            for key in ("speaker", "published", "outlet"):
                if m.attrs.get(key):
                    parts.append(str(m.attrs[key]))
            if m.text:
                parts.append(repr(_short(m.text, 80)))
            out.append(printable("  ".join(parts)))
        out.append("")
    return "\n".join(out)


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n - 3] + "..."
