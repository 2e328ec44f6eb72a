"""Shared machinery of the quote and claim clusters: read spans with their text from the store a
chunk of articles at a time, and group near-identical wordings without comparing every pair.

Reading: ``iter_spans`` asks the store for the ids of articles holding spans of one layer, then
per chunk of ``chunk`` articles reads those spans and the articles' texts, slices each span in
Python (offsets are code points; SQL never slices) and lets the text go: a corpus of 100,000
articles is never in memory at once, only the spans' own words.

Grouping (``near_groups``): wordings are compared as lists of word keys (``worddiff.keys``).
Identical keys are one wording. Candidate pairs of different wordings come from two blocks:

* MinHash over character 5-grams of the normalised wording, 80 permutations read as 20 bands of
  4 (locality-sensitive hashing; two wordings whose 5-gram sets have Jaccard similarity 0.6 meet
  in some band with probability 0.94, at 0.3 with probability 0.15);
* the first and the last ``EDGE_WORDS`` words (exact), which catch a quotation shortened by a
  dropped clause at either end, or in the middle.

Every candidate pair is then checked by ``accept`` (each kind has its own test); accepted pairs
join groups (union-find). A band bucket larger than ``BUCKET_CAP`` compares each wording only with
the ``BUCKET_CAP`` before it (sorted), so a flood of near-copies costs linear time.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

import numpy as np

if TYPE_CHECKING:
    from ..store import Store

#: Permutations, bands and rows per band of the MinHash index.
NUM_PERM = 80
BANDS = 20
ROWS = 4
SHINGLE = 5
EDGE_WORDS = 6
BUCKET_CAP = 64
# multiply-shift hashing: (a * x + b) mod 2**64, top 32 bits (a odd): no division, numpy wraps
_rng = np.random.default_rng(20240611)
_A = _rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64)
_SHIFT = np.uint64(32)
_POW = np.array([257 ** k for k in range(SHINGLE)], dtype=np.uint64)


@dataclass
class SpanRow:
    """One span read from the store, with its text and its article's outlet and date."""

    article_id: str
    span_id: str
    start: int
    end: int
    label: str
    score: float | None
    attrs: dict[str, Any]
    text: str
    outlet: str | None = None
    published: str | None = None
    entities: list[tuple[int, int, str, str]] = field(default_factory=list)


Slicer = Callable[[str, int, int, dict[str, Any]], str]


def plain_slice(text: str, start: int, end: int, attrs: dict[str, Any]) -> str:
    return text[start:end]


def iter_spans(
    store: "Store",
    layer: str,
    labels: Sequence[str],
    *,
    chunk: int = 1000,
    slicer: Slicer = plain_slice,
    entity_labels: Sequence[str] = (),
) -> Iterator[SpanRow]:
    """Every span of ``layer`` with one of ``labels``, article by article (ordered by article id,
    then offset). ``entity_labels``: also attach each article's entities of those labels as
    ``(start, end, label, canonical)``."""
    ids = [r[0] for r in store.query(
        "SELECT DISTINCT article_id FROM spans WHERE layer = ? AND list_contains(?, label) ORDER BY article_id",
        [layer, list(labels)],
    ).fetchall()]
    for i in range(0, len(ids), max(1, chunk)):
        part = ids[i:i + chunk]
        arts = {r[0]: (r[1], r[2], r[3]) for r in store.query(
            "SELECT id, outlet, published, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [part]
        ).fetchall()}
        ents: dict[str, list[tuple[int, int, str, str]]] = {}
        if entity_labels:
            for aid, s, e, lab, attrs in store.query(
                "SELECT article_id, start_char, end_char, label, attrs FROM spans WHERE layer = 'entities' "
                "AND list_contains(?, label) AND article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, start_char",
                [list(entity_labels), part],
            ).fetchall():
                canon = _json(attrs).get("canonical")
                ents.setdefault(aid, []).append((int(s), int(e), str(lab), str(canon) if canon else ""))
        rows = store.query(
            "SELECT article_id, span_id, start_char, end_char, label, score, attrs FROM spans WHERE layer = ? "
            "AND list_contains(?, label) AND article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, start_char, span_id",
            [layer, list(labels), part],
        ).fetchall()
        for aid, sid, s, e, lab, score, attrs in rows:
            art = arts.get(aid)
            if art is None or art[2] is None:
                continue
            outlet, published, text = art
            a = _json(attrs)
            s, e = int(s), int(e)
            if not 0 <= s < e <= len(text):
                continue
            yield SpanRow(aid, str(sid), s, e, str(lab), score, a, slicer(text, s, e, a), outlet, published,
                          ents.get(aid, []))
        del arts, ents, rows


def _json(value: Any) -> dict[str, Any]:
    if not value:
        return {}
    if isinstance(value, dict):
        return value
    try:
        out = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return out if isinstance(out, dict) else {}


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def day_of(published: str | None) -> str | None:
    """The ``YYYY-MM-DD`` day of a publication date as sources give it (ISO 8601, RFC 2822, or
    ``YYYY/MM/DD``); None when it cannot be read."""
    if not published:
        return None
    text = str(published).strip()
    m = _ISO.search(text.replace("/", "-"))
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        return None


def time_key(published: str | None) -> str:
    """A sort key putting readable dates in order and unknown dates last."""
    day = day_of(published)
    if day is None:
        return "9999-99-99"
    text = str(published)
    m = re.search(r"T?(\d{2}:\d{2}(?::\d{2})?)", text[10:]) if _ISO.match(text) else None
    return day + ("T" + m.group(1) if m else "")


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        p = self.parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        if ri > rj:
            ri, rj = rj, ri
        self.parent[rj] = ri
        return True

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out


def _shingles(normalised: str) -> np.ndarray:
    data = np.frombuffer((" " + normalised + " ").encode("utf-8", "replace"), dtype=np.uint8).astype(np.uint64)
    if len(data) < SHINGLE:
        data = np.concatenate([data, np.zeros(SHINGLE - len(data), dtype=np.uint64)])
    n = len(data) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        h = h + data[k:k + n] * _POW[k]
    return h % np.uint64(4294967296)


def signature(normalised: str) -> np.ndarray:
    """MinHash signature (``NUM_PERM`` values) of the character 5-grams of a normalised wording."""
    return signatures([normalised])[0]


def signatures(texts: Sequence[str], chunk: int = 128) -> np.ndarray:
    """MinHash signatures ``(len(texts), NUM_PERM)`` of normalised wordings, ``chunk`` at a time
    (one matrix product and one ``minimum.reduceat`` per chunk)."""
    out = np.zeros((len(texts), NUM_PERM), dtype=np.uint32)
    for s in range(0, len(texts), chunk):
        parts = [_shingles(t) for t in texts[s:s + chunk]]
        offsets = np.cumsum([0] + [len(p) for p in parts[:-1]])
        h = np.concatenate(parts)
        values = (_A[None, :] * h[:, None] + _B[None, :]) >> _SHIFT
        out[s:s + len(parts)] = np.minimum.reduceat(values, offsets, axis=0).astype(np.uint32)
    return out


def candidate_pairs(wordings: Sequence[Sequence[str]]) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of wordings worth checking (may repeat a pair)."""
    n = len(wordings)
    if n < 2:
        return
    sigs = signatures([" ".join(w) for w in wordings])
    for b in range(BANDS):
        band = sigs[:, b * ROWS:(b + 1) * ROWS].astype(np.uint64)
        keys = band[:, 0]
        for r in range(1, ROWS):
            keys = keys * np.uint64(4294967311) + band[:, r]
        yield from _runs(np.argsort(keys, kind="stable"), keys)
    for edge in (0, 1):
        buckets: dict[tuple[str, ...], list[int]] = {}
        for i, w in enumerate(wordings):
            if len(w) >= EDGE_WORDS + 2:
                key = tuple(w[:EDGE_WORDS] if edge == 0 else w[-EDGE_WORDS:])
                buckets.setdefault(key, []).append(i)
        for members in buckets.values():
            yield from _bucket_pairs(members)


def _runs(order: np.ndarray, keys: np.ndarray) -> Iterator[tuple[int, int]]:
    sk = keys[order]
    if len(sk) < 2:
        return
    breaks = np.flatnonzero(sk[1:] != sk[:-1]) + 1
    starts = np.concatenate([[0], breaks])
    ends = np.concatenate([breaks, [len(sk)]])
    for s, e in zip(starts.tolist(), ends.tolist()):
        if e - s > 1:
            yield from _bucket_pairs(sorted(order[s:e].tolist()))


def _bucket_pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    for a in range(len(members)):
        for b in range(max(0, a - BUCKET_CAP), a):
            yield members[b], members[a]


def near_groups(wordings: Sequence[Sequence[str]], accept: Callable[[int, int], bool]) -> list[list[int]]:
    """Groups (lists of indices, each sorted, two or more long) of wordings joined by accepted
    candidate pairs; see the module doc."""
    uf = UnionFind(len(wordings))
    rejected: set[tuple[int, int]] = set()
    for i, j in candidate_pairs(wordings):
        if uf.find(i) == uf.find(j) or (i, j) in rejected:
            continue
        if accept(i, j):
            uf.union(i, j)
        else:
            rejected.add((i, j))
    return [sorted(g) for g in uf.groups().values() if len(g) > 1]


__all__ = ["SpanRow", "UnionFind", "candidate_pairs", "day_of", "iter_spans", "near_groups", "signature", "signatures", "time_key"]
