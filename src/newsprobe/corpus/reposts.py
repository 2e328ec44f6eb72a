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
   and candidate pairs are the units that share a key (``GROUP BY``), never pairs within one
   article. Pairs whose estimated containment (the share of one unit inside the other,
   from the signatures and set sizes) is well below the threshold are dropped. Units with
   identical shingle sets are hashed once.
4. **Verification and origin.** Units are taken in order of ``published`` (then when the
   store analysed them, then id); each takes as its copies the later, not yet placed units
   linked to it whose words are covered by its shingles for at least ``repost_threshold`` of
   their text (exact, not estimated: ``Member.share``). The earliest member is the origin.

Memory is bounded: shingles and signatures live in files of a scratch directory, counts and
candidate pairs in a scratch DuckDB database (``SCRATCH_MEMORY``) that spills to disk.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from ..settings import Settings
from .clusters import Cluster, Member
from .minhash import MinHasher, band_keys, containment_from_jaccard, jaccard_estimate
from .shingles import content_words, shingle, site_key, word_share

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)

#: Articles read from the store at a time.
CHUNK = 500
#: Candidate pairs are kept when their estimated containment is at least the threshold minus
#: this (the signature's estimate is noisy; the exact check decides).
#: Candidate pairs whose signatures are compared at once (2 x 256 x 8 bytes each: about 50 MB).
PAIR_CHUNK = 50_000
ESTIMATE_MARGIN = 0.2
#: Memory the scratch DuckDB database may use before it spills to its directory.
SCRATCH_MEMORY = "1GB"
METHOD = "minhash-lsh"


@dataclass
class _Units:
    """Per-unit arrays (a unit is an article, or one story of a stitched post)."""

    art: list[int]
    lo: list[int]  # shingle index range inside the article's shingles
    hi: list[int]
    start: list[int]  # character span of a story unit; -1 for a whole article
    end: list[int]
    story: list[int]  # story index, -1 for a whole article


def repost_clusters(store: "Store", settings: Settings | None = None) -> list[Cluster]:
    """Repost clusters of every article in ``store``: one per origin with its copies, largest
    first. See the module docstring and docs/corpus-reposts.md for the method and evidence."""
    settings = settings or Settings()
    with tempfile.TemporaryDirectory(prefix="newsprobe-reposts-") as scratch:
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
        self.site_pages: dict[int, int] = {}
        self.scratch = scratch
        self.db = duckdb.connect(os.path.join(scratch, "scratch.duckdb"))
        memory = str(settings.repost_scratch_memory or SCRATCH_MEMORY)
        if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", memory, flags=re.I):
            raise ValueError(f"repost_scratch_memory = {memory!r} is not a size like 512MB or 2GB")
        self.db.execute(f"SET memory_limit = '{memory}'")
        self.db.execute("SET threads = 1")  # one thread's hash tables: the self-join spills instead of failing
        self.db.execute(f"SET temp_directory = '{os.path.join(scratch, 'spill')}'")
        self.db.execute("SET preserve_insertion_order = false")
        self.ids: list[str] = []
        self.site_of: list[int] = []
        self.sites: dict[str, int] = {}
        self.art_off: list[int] = []
        self.art_len: list[int] = []
        self.units = _Units([], [], [], [], [], [])

    # --- pass 1: shingles to a file, per-site document frequencies to the scratch db ---------
    def _articles(self, ids: list[str]) -> Iterator[tuple[str, str, str | None, str | None, list[tuple[int, int]], list[tuple[int, int]]]]:
        for i in range(0, len(ids), CHUNK):
            part = ids[i:i + CHUNK]
            rows = self.store.query(
                "SELECT id, text, url, outlet FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id", [part]
            ).fetchall()
            spans = self.store.query(
                "SELECT article_id, layer, start_char, end_char FROM spans WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
                "AND (layer = 'furniture' OR (layer = 'stories' AND label = 'story')) ORDER BY article_id, start_char",
                [part],
            ).fetchall()
            furn: dict[str, list[tuple[int, int]]] = {}
            stories: dict[str, list[tuple[int, int]]] = {}
            for aid, layer, s, e in spans:
                (furn if layer == "furniture" else stories).setdefault(aid, []).append((int(s), int(e)))
            for aid, text, url, outlet in rows:
                yield aid, text or "", url, outlet, furn.get(aid, []), stories.get(aid, [])

    def pass_shingles(self) -> None:
        ids = [r[0] for r in self.store.query("SELECT id FROM articles ORDER BY id").fetchall()]
        self.db.execute("CREATE TABLE sh (site INTEGER, h UBIGINT)")
        seen: set[tuple[int, bytes]] = set()
        buf_site: list[np.ndarray] = []
        buf_h: list[np.ndarray] = []
        pos = buffered = 0
        with open(os.path.join(self.scratch, "shingles.u64"), "wb") as f:
            for aid, text, url, outlet, furn, stories in self._articles(ids):
                art = len(self.ids)
                self.ids.append(aid)
                key = site_key(url, outlet)
                site = -1 if key is None else self.sites.setdefault(key, len(self.sites))
                self.site_of.append(site)
                sh = shingle(text, self.k, furn)
                f.write(sh.hashes.tobytes())
                self.art_off.append(pos)
                self.art_len.append(len(sh.hashes))
                pos += len(sh.hashes)
                self._add_unit(art, 0, len(sh.hashes), -1, -1, -1)
                if len(stories) >= 2:
                    for idx, (s, e) in enumerate(stories):
                        lo, hi = sh.between(s, e)
                        if hi - lo > 0 and (lo, hi) != (0, len(sh.hashes)):
                            self._add_unit(art, lo, hi, s, e, idx)
                uniq = np.unique(sh.hashes)
                fp = hashlib.blake2b(uniq.tobytes(), digest_size=16).digest()
                if len(uniq) == 0 or (site, fp) in seen:  # an exact duplicate counts once per site
                    continue
                seen.add((site, fp))
                self.site_pages[site] = self.site_pages.get(site, 0) + 1
                buf_site.append(np.full(len(uniq), site, dtype=np.int32))
                buf_h.append(uniq)
                buffered += len(uniq)
                if buffered > 2_000_000:
                    self._flush("sh", {"site": np.concatenate(buf_site), "h": np.concatenate(buf_h)})
                    buf_site, buf_h, buffered = [], [], 0
        if buf_h:
            self._flush("sh", {"site": np.concatenate(buf_site), "h": np.concatenate(buf_h)})
        # read back a unit at a time (not memory-mapped: mapped pages would count as the process's memory)
        self.shingles = open(os.path.join(self.scratch, "shingles.u64"), "rb")

    def _add_unit(self, art: int, lo: int, hi: int, start: int, end: int, story: int) -> None:
        u = self.units
        u.art.append(art)
        u.lo.append(lo)
        u.hi.append(hi)
        u.start.append(start)
        u.end.append(end)
        u.story.append(story)

    def _flush(self, table: str, data: dict[str, np.ndarray]) -> None:
        self.db.register("_buf", data)
        self.db.execute(f"INSERT INTO {table} SELECT * FROM _buf")
        self.db.unregister("_buf")

    def _flush_new(self, table: str, data: dict[str, np.ndarray]) -> None:
        self.db.register("_buf", data)
        self.db.execute(f"CREATE TABLE {table} AS SELECT * FROM _buf")
        self.db.unregister("_buf")

    def pass_boilerplate(self) -> None:
        """Per site, the shingles that are template text (see the module docstring)."""
        need = {site: max(self.bp_pages, int(np.ceil(self.bp_fraction * n))) for site, n in self.site_pages.items() if site >= 0}
        self._flush_new("need", {"site": np.array(list(need), dtype=np.int32), "n": np.array(list(need.values()), dtype=np.int64)})
        self.db.execute(
            "CREATE TABLE boiler AS WITH s AS (SELECT site, h, count(*) AS n FROM sh WHERE site >= 0 GROUP BY site, h "
            "HAVING count(*) >= ?), t AS (SELECT h, count(*) AS n FROM sh WHERE h IN (SELECT h FROM s) GROUP BY h) "
            "SELECT s.site, s.h FROM s JOIN t USING (h) JOIN need USING (site) WHERE s.n >= ? * t.n AND s.n >= need.n "
            "ORDER BY s.site, s.h",
            [self.bp_pages, self.bp_share],
        )
        self.db.execute("DROP TABLE sh")
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
        n_units = len(self.units.art)
        self.n_set = np.zeros(n_units, dtype=np.int64)
        self.rep = np.arange(n_units, dtype=np.int64)
        self.sig = np.lib.format.open_memmap(os.path.join(self.scratch, "sig.npy"), mode="w+", dtype=np.uint64,
                                             shape=(max(n_units, 1), self.perms))
        hasher = MinHasher(self.perms, seed=1)
        self.db.execute("CREATE TABLE bands (unit INTEGER, art INTEGER, band SMALLINT, key UBIGINT)")
        first_of: dict[bytes, int] = {}
        batch: list[int] = []
        for unit in range(n_units):
            h, kept = self.unit_shingles(unit)
            if not kept.any() or int(content_words(kept, self.k).sum()) < self.min_words:
                continue
            uniq = np.unique(h[kept])
            self.n_set[unit] = len(uniq)
            fp = hashlib.blake2b(uniq.tobytes(), digest_size=16).digest()
            if fp in first_of:  # the same shingles as an earlier unit: hashed once, linked to it
                self.rep[unit] = first_of[fp]
                continue
            first_of[fp] = unit
            self.sig[unit] = hasher.signature(uniq)
            batch.append(unit)
            if len(batch) >= 5000:
                self._flush_bands(batch)
                batch = []
        if batch:
            self._flush_bands(batch)
        self.sig.flush()

    def _flush_bands(self, batch: list[int]) -> None:
        units = np.array(batch, dtype=np.int64)
        keys = band_keys(self.sig[units], self.rows)
        nb = keys.shape[1]
        arts = np.array([self.units.art[u] for u in batch], dtype=np.int32)
        self._flush("bands", {
            "unit": np.repeat(units.astype(np.int32), nb), "art": np.repeat(arts, nb),
            "band": np.tile(np.arange(nb, dtype=np.int16), len(batch)), "key": keys.reshape(-1),
        })

    # --- candidates: shared band keys, filtered by estimated containment ----------------------
    def candidate_edges(self) -> tuple[np.ndarray, np.ndarray]:
        self.db.execute(
            "CREATE TABLE cand AS WITH b AS (SELECT band, key FROM bands GROUP BY band, key HAVING count(DISTINCT art) > 1), "
            "m AS (SELECT bands.* FROM bands SEMI JOIN b USING (band, key)) "
            "SELECT DISTINCT x.unit AS u, y.unit AS v FROM m x JOIN m y ON x.band = y.band AND x.key = y.key "
            "AND x.unit < y.unit AND x.art <> y.art"
        )
        self.db.execute("DROP TABLE bands")
        row = self.db.execute("SELECT count(*) FROM cand").fetchone()
        self.n_candidates = int(row[0]) if row else 0
        log.info("reposts: %d candidate pairs from shared band keys", self.n_candidates)
        us: list[np.ndarray] = []
        vs: list[np.ndarray] = []
        step = 20_000
        floor = self.threshold - ESTIMATE_MARGIN
        for lo in range(0, len(self.units.art), step):
            got = self.db.execute("SELECT u, v FROM cand WHERE u >= ? AND u < ?", [lo, lo + step]).fetchnumpy()
            u = np.asarray(got["u"], dtype=np.int64)
            v = np.asarray(got["v"], dtype=np.int64)
            if not len(u):
                continue
            for a in range(0, len(u), PAIR_CHUNK):  # signatures of a bounded number of pairs at a time
                uu, vv = u[a:a + PAIR_CHUNK], v[a:a + PAIR_CHUNK]
                j = jaccard_estimate(self.sig[uu], self.sig[vv])
                c = np.maximum(containment_from_jaccard(j, self.n_set[uu], self.n_set[vv]),
                               containment_from_jaccard(j, self.n_set[vv], self.n_set[uu]))
                ok = c >= floor
                us.append(uu[ok])
                vs.append(vv[ok])
        self.db.execute("DROP TABLE cand")
        if not us:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(us), np.concatenate(vs)

    # --- verification, origins and clusters --------------------------------------------------
    def run(self) -> list[Cluster]:
        try:
            return self._run()
        finally:
            if getattr(self, "shingles", None) is not None:
                self.shingles.close()
            self.db.close()

    def _run(self) -> list[Cluster]:
        self.pass_shingles()
        if not self.ids:
            return []
        self.pass_boilerplate()
        self.pass_signatures()
        u, v = self.candidate_edges()
        groups: dict[int, list[int]] = {}
        for unit in np.flatnonzero(self.rep != np.arange(len(self.rep))):
            groups.setdefault(int(self.rep[unit]), [int(self.rep[unit])]).append(int(unit))
        links: dict[int, set[int]] = {}
        for a, b in zip(u.tolist(), v.tolist()):
            links.setdefault(a, set()).add(b)
            links.setdefault(b, set()).add(a)
        involved = set(links) | {m for g in groups.values() for m in g}
        log.info("reposts: %d articles, %d units, %d candidate pairs, %d kept after the estimate",
                 len(self.ids), len(self.rep), self.n_candidates, len(u))
        if not involved:
            return []
        meta = self._meta({self.units.art[x] for x in involved})
        order = sorted(involved, key=lambda x: self._order_key(x, meta))
        rank = {x: i for i, x in enumerate(order)}
        placed: set[int] = set()
        clusters: list[Cluster] = []
        for origin in order:
            near: set[int] = set(groups.get(int(self.rep[origin]), ()))
            for g in list(near) or [origin]:
                for nb in links.get(g, ()):
                    near.update(groups.get(nb, [nb]))
            near = {x for x in near if rank.get(x, -1) > rank[origin] and x not in placed
                    and self.units.art[x] != self.units.art[origin]}
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
                cand = (share, shared, words, x)
                if prev is None or (share, self.units.story[x]) > (prev[0], self.units.story[prev[3]]):
                    best[art] = cand
            if not best:
                continue
            placed.add(origin)
            placed.update(c[3] for c in best.values())
            ow = int(content_words(ok, self.k).sum())
            copies = sorted(best.values(), key=lambda c: rank[c[3]])
            clusters.append(self._cluster(origin, ow, copies, meta))
        clusters.sort(key=lambda c: (-c.size, c.cluster_id))
        return clusters

    def _meta(self, arts: set[int]) -> dict[int, dict[str, Any]]:
        by_id = {self.ids[a]: a for a in arts}
        out: dict[int, dict[str, Any]] = {}
        ids = sorted(by_id)
        for i in range(0, len(ids), CHUNK):
            part = ids[i:i + CHUNK]
            rows = self.store.query(
                "SELECT id, title, url, outlet, published, analyzed_at FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [part]
            ).fetchall()
            titles = dict(self.store.query(
                "SELECT article_id || ':' || start_char, json_extract_string(attrs, '$.title') FROM spans "
                "WHERE layer = 'stories' AND label = 'story' AND article_id IN (SELECT unnest(?::VARCHAR[]))", [part]
            ).fetchall())
            for aid, title, url, outlet, published, analyzed in rows:
                out[by_id[aid]] = {"title": title, "url": url, "outlet": outlet, "published": published,
                                   "date": parse_published(published), "analyzed_at": analyzed, "story_titles": titles}
        return out

    def _order_key(self, unit: int, meta: dict[int, dict[str, Any]]) -> tuple[Any, ...]:
        art = self.units.art[unit]
        m = meta.get(art, {})
        date = m.get("date")
        analyzed = m.get("analyzed_at") or datetime.max
        return (date is None, date or datetime.max, analyzed, self.ids[art], self.units.story[unit] < 0, self.units.lo[unit])

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

    def _cluster(self, origin: int, origin_words: int, copies: list[tuple[float, int, int, int]],
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
        }
        return Cluster("reposts", cid, members, label=head.attrs.get("title"), evidence=evidence)


def parse_published(value: Any) -> datetime | None:
    """A ``published`` value as a naive UTC datetime, or None when it is missing or unreadable
    (ISO 8601 first, then the common written forms dateutil reads)."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            from dateutil import parser as du  # type: ignore[import-untyped]

            dt = du.parse(text, fuzzy=False)
        except (ImportError, ValueError, OverflowError, TypeError):
            return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt
