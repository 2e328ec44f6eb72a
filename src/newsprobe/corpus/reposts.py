"""Reposts and near-duplicates across a corpus: which articles (or stories of stitched posts)
copy which, the likely origin of each group, and how much of each copy it shares.

``repost_clusters(store, settings)`` reads the analysed articles of a store and returns one
``Cluster`` (kind ``reposts``) per origin with its copies. The method (docs/corpus-reposts.md):

1. **Shingles.** Each article becomes ``repost_shingle_words``-word shingles of its text, with
   the words of its ``furniture`` spans left out (corpus/shingles.py). A post the ``stories``
   stage split into two or more stories also gives one unit per story, so a story copied into a
   stitched post matches the article it was copied from.
2. **Boilerplate.** Per site (the URL's host, else the outlet), a shingle found on at least
   ``repost_boilerplate_pages`` pages of the site with different texts, and no more than rarely
   elsewhere (at least ``repost_boilerplate_share`` of the pages that have it are on that
   site), is template text (header, footer, navigation, sidebar): it is dropped from that
   site's pages before hashing and before measuring shares, so two pages never look alike
   because they share a template.
3. **Candidates.** A MinHash signature per unit (``minhash_perms``), cut into LSH bands of
   ``minhash_band_rows`` values (corpus/minhash.py); band keys go into a scratch DuckDB table
   and candidate pairs are the units of different articles that share a key
   (corpus/candidates.py: a bucket of more than ``repost_lsh_bucket_cap`` units is refined by
   the next bands' keys, and one still that large is capped: its units are linked to its
   earliest ones only, so the pairs grow linearly with the corpus). Pairs whose estimated
   containment (the share of one unit inside the other, from the signatures and set sizes) is
   well below the threshold are dropped. Units with identical shingle sets are hashed once.
4. **Verification and origin.** Units are taken in order of ``published`` (then when the
   store analysed them, then id); each takes as its copies the later, not yet placed units
   linked to it whose words are covered by its shingles for at least ``repost_threshold`` of
   their text (exact, not estimated: ``Member.share``). The earliest member is the origin.

Memory is bounded: shingles and signatures live in files of a scratch directory (read back
with ``pread``, never mapped), counts and candidate pairs in a scratch DuckDB database
(``repost_scratch_memory``) that spills to disk; Python keeps a few numbers per article and
unit in arrays, and the kept pairs as two integer arrays.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from array import array
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from ..settings import Settings
from .candidates import CandidateStats, candidate_pairs
from .clusters import Cluster, Member
from .minhash import MinHasher, band_keys, containment_from_jaccard, jaccard_estimate
from .scratchfiles import (NEVER, SCRATCH_MEMORY, RowFile, Units, micros, parse_published, scratch_memory,  # noqa: F401
                           store_memory)
from .shingles import content_words, shingle, site_key, word_share

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)

#: Articles read from the store at a time.
CHUNK = 500
#: Clusters whose members' titles, urls and dates are read from the store at a time.
META_CHUNK = 5000
#: Candidate pairs whose signatures are compared at once (2 x 4,096 x 256 x 8 bytes: 16 MB).
PAIR_CHUNK = 4096
#: Units whose signatures are written, or read back for their band keys, at a time.
SIG_BLOCK = 2048
#: Candidate pairs are kept when their estimated containment is at least the threshold minus
#: this (the signature's estimate is noisy; the exact check decides).
ESTIMATE_MARGIN = 0.2
METHOD = "minhash-lsh"


def repost_clusters(store: "Store", settings: Settings | None = None) -> list[Cluster]:
    """Repost clusters of every article in ``store``: one per origin with its copies, largest
    first. See the module docstring and docs/corpus-reposts.md for the method and evidence."""
    settings = settings or Settings()
    with tempfile.TemporaryDirectory(prefix="newsprobe-reposts-") as scratch, \
            store_memory(store, scratch_memory(settings)):
        return _RepostRun(store, settings, scratch).run()


class _RepostRun:
    def __init__(self, store: "Store", settings: Settings, scratch: str) -> None:
        import duckdb

        self.store = store
        self.k = int(settings.repost_shingle_words)
        self.threshold = float(settings.repost_threshold)
        self.min_words = int(settings.repost_min_words)
        self.perms = int(settings.minhash_perms)
        self.rows = int(settings.minhash_band_rows)
        self.bp_pages = max(2, int(settings.repost_boilerplate_pages))
        self.bp_share = float(settings.repost_boilerplate_share)
        self.bp_fraction = float(settings.repost_boilerplate_fraction)
        self.cap = int(settings.repost_lsh_bucket_cap)
        self.levels = int(settings.repost_lsh_levels)
        self.link = int(settings.repost_lsh_link)
        self.scratch = scratch
        self.db = duckdb.connect(os.path.join(scratch, "scratch.duckdb"))
        self.db.execute(f"SET memory_limit = '{scratch_memory(settings)}'")
        self.db.execute("SET threads = 1")  # one thread's hash tables: joins spill instead of failing
        self.db.execute(f"SET temp_directory = '{os.path.join(scratch, 'spill')}'")
        self.db.execute("SET preserve_insertion_order = false")
        self.ids: list[str] = []
        self.sites: dict[str, int] = {}
        self.site_of = array("i")
        self.art_off = array("q")  # where an article's shingles start in the shingle file
        self.art_fp = array("Q")  # fingerprint of an article's distinct shingles (0: none)
        self.art_date = array("q")  # order keys: published, then analysed, in microseconds
        self.art_analyzed = array("q")
        self.units = Units()
        self.shingles: Any = None
        self.sig: RowFile | None = None
        self.stats = CandidateStats()

    # --- pass 1: shingles to a file, per-site document frequencies to the scratch db ---------
    def _articles(self) -> Iterator[tuple[str, str, str | None, str | None, Any, Any,
                                          list[tuple[int, int]], list[tuple[int, int]]]]:
        """Every article with its furniture and story spans, in the table's physical order
        (ranges of ``rowid``: each query reads only its own rows, however large the store)."""
        row = self.store.query("SELECT max(rowid) FROM articles").fetchone()
        last = -1 if not row or row[0] is None else int(row[0])
        got = self.store.query(
            "SELECT a.rowid AS r, s.layer = 'furniture' AS furn, s.start_char AS s, s.end_char AS e FROM spans s "
            "JOIN articles a ON a.id = s.article_id "
            "WHERE s.layer = 'furniture' OR (s.layer = 'stories' AND s.label = 'story')"
        ).fetchnumpy()
        sp_row = np.asarray(got["r"], dtype=np.int64)
        by = np.lexsort((np.asarray(got["s"], dtype=np.int64), sp_row))
        sp_row, sp_furn = sp_row[by], np.asarray(got["furn"], dtype=bool)[by]
        sp_s, sp_e = np.asarray(got["s"], dtype=np.int64)[by], np.asarray(got["e"], dtype=np.int64)[by]
        del got
        for lo in range(0, last + 1, CHUNK):
            rows = self.store.query(
                "SELECT rowid, id, text, url, outlet, published, analyzed_at FROM articles "
                "WHERE rowid >= ? AND rowid < ? ORDER BY rowid", [lo, lo + CHUNK]
            ).fetchall()
            for rid, aid, text, url, outlet, published, analyzed in rows:
                i, j = np.searchsorted(sp_row, [rid, rid + 1])
                furn = [(int(a), int(b)) for a, b, f in zip(sp_s[i:j], sp_e[i:j], sp_furn[i:j]) if f]
                stories = [(int(a), int(b)) for a, b, f in zip(sp_s[i:j], sp_e[i:j], sp_furn[i:j]) if not f]
                yield aid, text or "", url, outlet, published, analyzed, furn, stories

    def pass_shingles(self) -> None:
        self.db.execute("CREATE TABLE sh (site INTEGER, art INTEGER, h UBIGINT)")
        buf_site: list[np.ndarray] = []
        buf_art: list[np.ndarray] = []
        buf_h: list[np.ndarray] = []
        pos = buffered = 0
        with open(os.path.join(self.scratch, "shingles.u64"), "wb") as f:
            for aid, text, url, outlet, published, analyzed, furn, stories in self._articles():
                art = len(self.ids)
                self.ids.append(aid)
                key = site_key(url, outlet)
                site = -1 if key is None else self.sites.setdefault(key, len(self.sites))
                self.site_of.append(site)
                self.art_date.append(micros(parse_published(published)))
                self.art_analyzed.append(micros(analyzed) if isinstance(analyzed, datetime) else NEVER)
                sh = shingle(text, self.k, furn)
                f.write(sh.hashes.tobytes())
                self.art_off.append(pos)
                pos += len(sh.hashes)
                self.units.add(art, 0, len(sh.hashes), -1, -1, -1)
                if len(stories) >= 2:
                    for idx, (s, e) in enumerate(stories):
                        lo, hi = sh.between(s, e)
                        if hi - lo > 0 and (lo, hi) != (0, len(sh.hashes)):
                            self.units.add(art, lo, hi, s, e, idx)
                uniq = np.unique(sh.hashes)
                fp = 0 if len(uniq) == 0 else 1 + int.from_bytes(
                    hashlib.blake2b(uniq.tobytes(), digest_size=8).digest(), "little") % (2**64 - 1)
                self.art_fp.append(fp)
                if not fp:
                    continue
                buf_site.append(np.full(len(uniq), site, dtype=np.int32))
                buf_art.append(np.full(len(uniq), art, dtype=np.int32))
                buf_h.append(uniq)
                buffered += len(uniq)
                if buffered > 1_000_000:
                    self._flush("sh", {"site": np.concatenate(buf_site), "art": np.concatenate(buf_art), "h": np.concatenate(buf_h)})
                    buf_site, buf_art, buf_h, buffered = [], [], [], 0
        if buf_h:
            self._flush("sh", {"site": np.concatenate(buf_site), "art": np.concatenate(buf_art), "h": np.concatenate(buf_h)})
        # read back a unit at a time (not memory-mapped: mapped pages would count as the process's memory)
        self.shingles = open(os.path.join(self.scratch, "shingles.u64"), "rb")
        self._unit_order()

    def _unit_order(self) -> None:
        """``unit_rank``: each unit's place in the verification order (published, then analysed,
        then article id (articles are read in the table's order); a story before its whole post, stories in text order)."""
        n_art = len(self.ids)
        date = np.frombuffer(self.art_date, dtype=np.int64) if n_art else np.zeros(0, np.int64)
        analyzed = np.frombuffer(self.art_analyzed, dtype=np.int64) if n_art else np.zeros(0, np.int64)
        by_id = np.empty(n_art, dtype=np.int64)
        by_id[sorted(range(n_art), key=self.ids.__getitem__)] = np.arange(n_art)
        art_pos = np.empty(n_art, dtype=np.int64)
        art_pos[np.lexsort((by_id, analyzed, date))] = np.arange(n_art)
        n = len(self.units)
        art = np.frombuffer(self.units.art, dtype=np.int32) if n else np.zeros(0, np.int32)
        story = np.frombuffer(self.units.story, dtype=np.int32) if n else np.zeros(0, np.int32)
        lo = np.frombuffer(self.units.lo, dtype=np.int32) if n else np.zeros(0, np.int32)
        self.unit_rank = np.empty(n, dtype=np.int64)
        self.unit_rank[np.lexsort((lo, story < 0, art_pos[art]))] = np.arange(n)

    def _flush(self, table: str, data: dict[str, np.ndarray]) -> None:
        self.db.register("_buf", data)
        self.db.execute(f"INSERT INTO {table} SELECT * FROM _buf")
        self.db.unregister("_buf")

    def _flush_new(self, table: str, data: dict[str, np.ndarray]) -> None:
        self.db.register("_buf", data)
        self.db.execute(f"CREATE TABLE {table} AS SELECT * FROM _buf")
        self.db.unregister("_buf")

    def pass_boilerplate(self) -> None:
        """Per site, the shingles that are template text (see the module docstring). Pages of
        one site with identical shingles count once (the first of them)."""
        site = np.frombuffer(self.site_of, dtype=np.int32).astype(np.int64)
        fp = np.frombuffer(self.art_fp, dtype=np.uint64)
        live = np.flatnonzero(fp != 0)
        order = live[np.lexsort((live, fp[live], site[live]))]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (fp[order][1:] != fp[order][:-1]) | (site[order][1:] != site[order][:-1])
        self._flush_new("dup", {"art": order[~first].astype(np.int32)})
        sites, pages = np.unique(site[order[first]], return_counts=True)
        need = {int(s): max(self.bp_pages, int(np.ceil(self.bp_fraction * n))) for s, n in zip(sites, pages) if s >= 0}
        self._flush_new("need", {"site": np.array(list(need), dtype=np.int32), "n": np.array(list(need.values()), dtype=np.int64)})
        self.db.execute(
            "CREATE TABLE boiler AS WITH u AS (SELECT site, h FROM sh ANTI JOIN dup USING (art)), "
            "s AS (SELECT site, h, count(*) AS n FROM u WHERE site >= 0 GROUP BY site, h "
            "HAVING count(*) >= ?), t AS (SELECT h, count(*) AS n FROM u WHERE h IN (SELECT h FROM s) GROUP BY h) "
            "SELECT s.site, s.h FROM s JOIN t USING (h) JOIN need USING (site) WHERE s.n >= ? * t.n AND s.n >= need.n "
            "ORDER BY s.site, s.h",
            [self.bp_pages, self.bp_share],
        )
        self.db.execute("DROP TABLE sh")
        self.db.execute("DROP TABLE dup")
        got = self.db.execute("SELECT site, h FROM boiler ORDER BY site, h").fetchnumpy()
        self.bp_site = np.asarray(got["site"], dtype=np.int64)
        self.bp_h = np.asarray(got["h"], dtype=np.uint64)
        self.bp_count = {int(s): int(n) for s, n in zip(*np.unique(self.bp_site, return_counts=True))}

    def kept(self, art: int, hashes: np.ndarray) -> np.ndarray:
        """Which of an article's shingles are not its site's boilerplate."""
        site = self.site_of[art]
        if site < 0 or site not in self.bp_count:
            return np.ones(len(hashes), dtype=bool)
        lo = int(np.searchsorted(self.bp_site, site, side="left"))
        hi = int(np.searchsorted(self.bp_site, site, side="right"))
        arr = self.bp_h[lo:hi]
        idx = np.minimum(np.searchsorted(arr, hashes), len(arr) - 1)
        return np.asarray(arr[idx] != hashes)

    def unit_shingles(self, unit: int) -> tuple[np.ndarray, np.ndarray]:
        """A unit's shingles in text order and which of them count (not boilerplate)."""
        art = self.units.art[unit]
        off = self.art_off[art]
        lo, hi = self.units.lo[unit], self.units.hi[unit]
        if hi <= lo:
            h = np.zeros(0, dtype=np.uint64)
        else:
            self.shingles.seek(8 * (off + lo))
            h = np.fromfile(self.shingles, dtype=np.uint64, count=hi - lo)
        return h, self.kept(art, h)

    # --- pass 2: signatures and band keys ---------------------------------------------------
    def pass_signatures(self) -> None:
        n_units = len(self.units)
        self.n_set = np.zeros(n_units, dtype=np.int64)
        fps = np.zeros(n_units, dtype=np.uint64)
        self.sig = RowFile(os.path.join(self.scratch, "sig.u64"), self.perms)
        hasher = MinHasher(self.perms, seed=1)
        block = np.full((SIG_BLOCK, self.perms), np.iinfo(np.uint64).max, dtype=np.uint64)
        for unit in range(n_units):
            row = unit % SIG_BLOCK
            block[row] = np.iinfo(np.uint64).max
            h, kept = self.unit_shingles(unit)
            if kept.any() and int(content_words(kept, self.k).sum()) >= self.min_words:
                uniq = np.unique(h[kept])
                self.n_set[unit] = len(uniq)
                fps[unit] = int.from_bytes(hashlib.blake2b(uniq.tobytes(), digest_size=8).digest(), "little")
                block[row] = hasher.signature(uniq)
            if row == SIG_BLOCK - 1 or unit == n_units - 1:
                self.sig.append(block[:row + 1])
        # units with the same shingles as an earlier unit are linked to it, not hashed into bands
        self.rep = np.arange(n_units, dtype=np.int64)
        live = np.flatnonzero(self.n_set > 0)
        order = live[np.lexsort((live, fps[live]))]
        if len(order):
            f = fps[order]
            first = np.ones(len(order), dtype=bool)
            first[1:] = f[1:] != f[:-1]
            self.rep[order] = order[first][np.cumsum(first) - 1]
        self.db.execute("CREATE TABLE bands (unit INTEGER, art INTEGER, rank INTEGER, band SMALLINT, key UBIGINT)")
        arts = np.frombuffer(self.units.art, dtype=np.int32) if n_units else np.zeros(0, np.int32)
        for lo in range(0, n_units, SIG_BLOCK):
            hi = min(n_units, lo + SIG_BLOCK)
            units = np.arange(lo, hi)
            units = units[(self.n_set[lo:hi] > 0) & (self.rep[lo:hi] == units)]
            if not len(units):
                continue
            keys = band_keys(self.sig.block(lo, hi)[units - lo], self.rows)
            nb = keys.shape[1]
            self._flush("bands", {
                "unit": np.repeat(units.astype(np.int32), nb), "art": np.repeat(arts[units], nb),
                "rank": np.repeat(self.unit_rank[units].astype(np.int32), nb),
                "band": np.tile(np.arange(nb, dtype=np.int16), len(units)), "key": keys.reshape(-1),
            })
        self.n_bands = self.perms // max(1, self.rows)

    # --- candidates: shared band keys, filtered by estimated containment ----------------------
    def candidate_edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The candidate pairs kept after the estimate: ``(u, v, capped)`` arrays."""
        self.stats = candidate_pairs(self.db, bands=self.n_bands, cap=self.cap, levels=self.levels, link=self.link)
        assert self.sig is not None
        us: list[np.ndarray] = []
        vs: list[np.ndarray] = []
        cs: list[np.ndarray] = []
        floor = self.threshold - ESTIMATE_MARGIN
        for lo, hi in self._pair_ranges():
            got = self.db.execute("SELECT u, v, capped FROM cand WHERE u >= ? AND u < ?", [lo, hi]).fetchnumpy()
            u = np.asarray(got["u"], dtype=np.int64)
            v = np.asarray(got["v"], dtype=np.int64)
            c = np.asarray(got["capped"], dtype=bool)
            for a in range(0, len(u), PAIR_CHUNK):  # signatures of a bounded number of pairs at a time
                uu, vv = u[a:a + PAIR_CHUNK], v[a:a + PAIR_CHUNK]
                rows = self.sig.rows(np.concatenate([uu, vv]))
                j = jaccard_estimate(rows[:len(uu)], rows[len(uu):])
                est = np.maximum(containment_from_jaccard(j, self.n_set[uu], self.n_set[vv]),
                                 containment_from_jaccard(j, self.n_set[vv], self.n_set[uu]))
                ok = est >= floor
                us.append(uu[ok])
                vs.append(vv[ok])
                cs.append(c[a:a + PAIR_CHUNK][ok])
        self.db.execute("DROP TABLE cand")
        if not us:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool)
        return np.concatenate(us), np.concatenate(vs), np.concatenate(cs)

    def _pair_ranges(self, most: int = 500_000) -> Iterator[tuple[int, int]]:
        """Ranges of ``u`` holding at most about ``most`` candidate pairs each (so the pairs
        fetched at once stay few, however many there are)."""
        got = self.db.execute("SELECT u // 256 AS b, count(*) AS n FROM cand GROUP BY b ORDER BY b").fetchall()
        lo, n = 0, 0
        for b, c in got:
            if n and n + c > most:
                yield lo, int(b) * 256
                lo, n = int(b) * 256, 0
            n += int(c)
        if n:
            yield lo, len(self.units) + 1

    # --- verification, origins and clusters --------------------------------------------------
    def run(self) -> list[Cluster]:
        try:
            return self._run()
        finally:
            if self.shingles is not None:
                self.shingles.close()
            if self.sig is not None:
                self.sig.close()
            self.db.close()

    def _run(self) -> list[Cluster]:
        self.pass_shingles()
        if not self.ids:
            return []
        self.pass_boilerplate()
        self.pass_signatures()
        return self.verify(*self.candidate_edges())

    def verify(self, u: np.ndarray, v: np.ndarray, capped: np.ndarray) -> list[Cluster]:
        """Clusters from the kept candidate pairs ``u``-``v`` (``capped``: linked only through
        capped buckets): origins in order, copies checked exactly (the module docstring)."""
        n = len(self.units)
        log.info("reposts: %d articles, %d units, %d candidate pairs, %d kept after the estimate",
                 len(self.ids), n, self.stats.pairs, len(u))
        # links as compressed rows: the neighbours of unit x are nb[ptr[x]:ptr[x + 1]]
        src = np.concatenate([u, v])
        by = np.argsort(src, kind="stable")
        nb = np.concatenate([v, u])[by]
        nb_capped = np.concatenate([capped, capped])[by]
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(src, minlength=n), out=ptr[1:])
        # units with identical shingles: the members of rep r are dups[gptr[r]:gptr[r + 1]]
        dup_units = np.flatnonzero(self.rep != np.arange(n))
        dups = dup_units[np.argsort(self.rep[dup_units], kind="stable")]
        gptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.rep[dup_units], minlength=n), out=gptr[1:])

        def group(x: int) -> list[int]:
            return [x, *dups[gptr[x]:gptr[x + 1]].tolist()] if gptr[x + 1] > gptr[x] else [x]

        involved = np.unique(np.concatenate([src, dup_units, self.rep[dup_units]]))
        if not len(involved):
            return []
        order = involved[np.argsort(self.unit_rank[involved], kind="stable")].tolist()
        placed = np.zeros(n, dtype=bool)
        found: list[tuple[int, int, list[tuple[float, int, int, int]], int]] = []
        for origin in order:  # a placed copy can still be the origin of its own later copies
            base = group(int(self.rep[origin]))
            if len(base) == 1:
                base = [origin]
            via_capped: dict[int, bool] = {x: False for x in base}  # reached only through capped buckets
            for g in base:
                for y, cap in zip(nb[ptr[g]:ptr[g + 1]].tolist(), nb_capped[ptr[g]:ptr[g + 1]].tolist()):
                    for x in group(y):
                        via_capped[x] = via_capped.get(x, True) and bool(cap)
            rank0 = self.unit_rank[origin]
            oart = self.units.art[origin]
            near = [x for x in via_capped if self.unit_rank[x] > rank0 and not placed[x] and self.units.art[x] != oart]
            if not near:
                continue
            oh, ok = self.unit_shingles(origin)
            oset = np.unique(oh[ok])
            best: dict[int, tuple[float, int, int, int]] = {}  # article -> (share, shared, words, unit)
            for x in near:
                h, kept = self.unit_shingles(x)
                share, shared, words = word_share(h, kept, oset, self.k)
                if share < self.threshold:
                    continue
                art = self.units.art[x]
                prev = best.get(art)
                if prev is None or (share, self.units.story[x]) > (prev[0], self.units.story[prev[3]]):
                    best[art] = (share, shared, words, x)
            if not best:
                continue
            placed[origin] = True
            placed[[c[3] for c in best.values()]] = True
            ow = int(content_words(ok, self.k).sum())
            copies = sorted(best.values(), key=lambda c: self.unit_rank[c[3]])
            found.append((origin, ow, copies, sum(1 for c in copies if via_capped[c[3]])))
        clusters: list[Cluster] = []
        for i in range(0, len(found), META_CHUNK):  # the members' titles, urls and dates, a few queries in all
            part = found[i:i + META_CHUNK]
            meta = self._meta({self.units.art[x] for o, _, copies, _ in part for x in [o, *(c[3] for c in copies)]})
            clusters += [self._cluster(o, ow, copies, n_capped, meta) for o, ow, copies, n_capped in part]
        clusters.sort(key=lambda c: (-c.size, c.cluster_id))
        return clusters

    def _meta(self, arts: set[int]) -> dict[int, dict[str, Any]]:
        """Title, url, outlet, published (and story titles) of ``arts``: one query for them all
        (a hash join over the table, not a scan per article)."""
        by_id = {self.ids[a]: a for a in arts}
        ids = sorted(by_id)
        rows = self.store.query(
            "SELECT id, title, url, outlet, published FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchall()
        titles = dict(self.store.query(
            "SELECT article_id || ':' || start_char, json_extract_string(attrs, '$.title') FROM spans "
            "WHERE layer = 'stories' AND label = 'story' AND article_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchall())
        return {by_id[aid]: {"title": title, "url": url, "outlet": outlet, "published": published, "story_titles": titles}
                for aid, title, url, outlet, published in rows}

    def _member(self, unit: int, role: str, share: float, shared: int, words: int, meta: dict[int, dict[str, Any]]) -> Member:
        art = self.units.art[unit]
        m = meta.get(art, {})
        story = self.units.story[unit] >= 0
        start, end = (self.units.start[unit], self.units.end[unit]) if story else (None, None)
        title = m.get("story_titles", {}).get(f"{self.ids[art]}:{start}") if story else None
        attrs = {"published": m.get("published"), "outlet": m.get("outlet"), "url": m.get("url"),
                 "title": title or m.get("title"), "story_start": start, "story_end": end,
                 "story_index": self.units.story[unit] if story else None, "shared_words": shared, "words": words}
        return Member(self.ids[art], start, end, role, round(share, 4), None, attrs)

    def _cluster(self, origin: int, origin_words: int, copies: list[tuple[float, int, int, int]], n_capped: int,
                 meta: dict[int, dict[str, Any]]) -> Cluster:
        members = [self._member(origin, "origin", 1.0, origin_words, origin_words, meta)]
        members += [self._member(x, "copy", share, shared, words, meta) for share, shared, words, x in copies]
        head = members[0]
        level = "story" if any(m.start is not None for m in members) else "article"
        key = json.dumps([head.article_id, head.start, head.end])
        cid = "r" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
        site = self.site_of[self.units.art[origin]]
        evidence = {
            "origin": head.article_id, "level": level, "method": METHOD,
            "origin_start": head.start, "origin_end": head.end,
            "threshold": self.threshold, "shingle_words": self.k, "minhash_perms": self.perms,
            "band_rows": self.rows, "origin_boilerplate_shingles": self.bp_count.get(site, 0),
            "capped_copies": n_capped,
            "lsh_buckets": {"refined": list(self.stats.refined), "capped": self.stats.capped, "cap": self.cap},
        }
        return Cluster("reposts", cid, members, label=head.attrs.get("title"), evidence=evidence)
