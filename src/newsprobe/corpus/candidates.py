"""Candidate pairs from LSH band keys, bounded however formulaic the corpus (adaptive LSH).

The reposts step (corpus/reposts.py) puts one row per unit and band into a scratch DuckDB
table ``bands(unit, art, rank, band, key)``. Two units of different articles that share a
``(band, key)`` bucket are a candidate pair. A plain self-join of the buckets costs ``m**2``
pairs for a bucket of ``m`` units, and formulaic text (the same stock phrases in thousands of
unrelated articles) makes buckets whose size grows with the corpus: the join then grows with
the square of the corpus. Here:

1. a bucket of at most ``cap`` rows gives all its pairs (at most ``cap**2 / 2``);
2. a bucket of more than ``cap`` rows is **refined**: its key is combined with each member's
   key of the next band (``band + level``, wrapping around), so the members that also agree on
   that band stay together and the rest fall apart; this repeats up to ``levels`` times (an
   unrelated pair agrees on a band with probability ``J**rows``: a stock phrase rarely covers
   two bands; a copy agrees on most of them);
3. a bucket still larger than ``cap`` after the last level is (nearly) the same text many
   times: it is **capped**: each member is paired with the bucket's ``link`` earliest members
   (by ``rank``, the order the verification uses), so the origin is linked to every copy, and
   the bucket costs ``link * m`` pairs instead of ``m**2 / 2``.

So the pairs are at most ``cap / 2 + link`` per row of ``bands``: linear in the corpus. The
pairs go to a table ``cand(u, v, capped)`` (``u < v``, distinct; ``capped``: found only in
capped buckets). Everything is SQL over tables that spill to disk; nothing is held in Python.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class CandidateStats:
    """What the candidate step did: shared buckets (two or more rows) at level 0, buckets
    refined at each level, buckets capped after the last, the rows in capped buckets, and the
    distinct candidate pairs."""

    shared_buckets: int = 0
    refined: list[int] = field(default_factory=list)
    capped: int = 0
    capped_rows: int = 0
    pairs: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"shared_buckets": self.shared_buckets, "refined": list(self.refined), "capped": self.capped,
                "capped_rows": self.capped_rows, "pairs": self.pairs}


def _count(db: Any, sql: str) -> int:
    row = db.execute(sql).fetchone()
    return int(row[0] or 0) if row else 0


def candidate_pairs(db: Any, *, bands: int, cap: int, levels: int, link: int) -> CandidateStats:
    """Fill ``cand(u, v, capped)`` from ``bands(unit, art, rank, band, key)`` in the DuckDB
    connection ``db`` (the method is in the module docstring); ``bands`` is dropped. ``bands``
    is the number of bands per unit, ``cap`` the largest bucket joined pair by pair (at least
    2), ``levels`` how many times an oversized bucket is refined, ``link`` how many of a capped
    bucket's earliest members each member is paired with (at least 1)."""
    cap, levels, link = max(2, int(cap)), max(0, int(levels)), max(1, int(link))
    stats = CandidateStats()
    db.execute("CREATE TABLE pairs (u INTEGER, v INTEGER, capped BOOLEAN)")
    # level 0: the rows of shared buckets, with their bucket's size
    db.execute(
        "CREATE TABLE lvl AS WITH b AS (SELECT band, key, count(*) AS n FROM bands GROUP BY band, key HAVING count(*) > 1) "
        "SELECT x.unit, x.art, x.rank, x.band, x.key, b.n FROM bands x JOIN b USING (band, key)"
    )
    stats.shared_buckets = _count(db, "SELECT count(*) FROM (SELECT DISTINCT band, key FROM lvl)")
    for level in range(1, levels + 2):
        _join_small(db, cap)
        big = _count(db, f"SELECT count(*) FROM (SELECT DISTINCT band, key FROM lvl WHERE n > {cap})")
        if not big:
            break
        if level > levels:  # still too large: (nearly) the same text many times
            stats.capped = big
            stats.capped_rows = _count(db, f"SELECT count(*) FROM lvl WHERE n > {cap}")
            _join_capped(db, cap, link)
            break
        stats.refined.append(big)
        # the oversized buckets' rows, keyed by their key and their unit's key of the next band
        db.execute(
            f"CREATE TABLE nxt AS WITH r AS (SELECT x.unit, x.art, x.rank, x.band, hash(x.key, y.key) AS key "
            f"FROM lvl x JOIN bands y ON y.unit = x.unit AND y.band = (x.band + {level}) % {bands} WHERE x.n > {cap}), "
            f"b AS (SELECT band, key, count(*) AS n FROM r GROUP BY band, key HAVING count(*) > 1) "
            f"SELECT r.unit, r.art, r.rank, r.band, r.key, b.n FROM r JOIN b USING (band, key)"
        )
        db.execute("DROP TABLE lvl")
        db.execute("ALTER TABLE nxt RENAME TO lvl")
    db.execute("DROP TABLE lvl")
    db.execute("DROP TABLE bands")
    db.execute("CREATE TABLE cand AS SELECT u, v, bool_and(capped) AS capped FROM pairs GROUP BY u, v")
    db.execute("DROP TABLE pairs")
    stats.pairs = _count(db, "SELECT count(*) FROM cand")
    log.info("reposts: candidate pairs %d from %d shared buckets; refined per level %s; capped %d buckets (%d rows)",
             stats.pairs, stats.shared_buckets, stats.refined, stats.capped, stats.capped_rows)
    return stats


def _join_small(db: Any, cap: int) -> None:
    """Every pair of different articles inside the buckets of at most ``cap`` rows."""
    db.execute(
        f"INSERT INTO pairs WITH s AS (SELECT unit, art, band, key FROM lvl WHERE n <= {cap}) "
        "SELECT x.unit, y.unit, false FROM s x JOIN s y ON x.band = y.band AND x.key = y.key "
        "AND x.unit < y.unit AND x.art <> y.art"
    )


def _join_capped(db: Any, cap: int, link: int) -> None:
    """Each member of a bucket of more than ``cap`` rows with the bucket's ``link`` earliest."""
    db.execute(
        f"INSERT INTO pairs WITH s AS (SELECT unit, art, band, key, "
        f"row_number() OVER (PARTITION BY band, key ORDER BY rank, unit) AS pos FROM lvl WHERE n > {cap}) "
        f"SELECT least(x.unit, y.unit), greatest(x.unit, y.unit), true FROM s x JOIN s y "
        f"ON x.band = y.band AND x.key = y.key AND x.pos <= {link} AND y.pos > x.pos AND x.art <> y.art"
    )
