"""Word shingles for finding reposts: what two texts share, in units of k consecutive words.

Text is read as words (``\\w+`` runs of the text straightened by
``textnorm.normalize_for_matching``, compared case-insensitively); words inside the spans to
skip (the ``furniture`` layer: share buttons, related links, bylines) are left out before the
shingles are formed. Each shingle is a 64-bit hash of ``k`` consecutive words (stable across
processes: the words are hashed with CRC-32, the shingle with fixed odd multipliers), kept in
text order with the index of its first word, so a span of the text (a story of a stitched post)
maps to the shingles inside it and a share of words can be measured.

``site_key`` names the site a page belongs to (its web address's host, else its outlet): the
unit over which template text (boilerplate) is counted.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Sequence
from urllib.parse import urlsplit

import numpy as np

from ..textnorm import normalize_for_matching

_WORD = re.compile(r"\w+")
_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
#: Odd 64-bit multipliers, one per word position of a shingle (k is at most their number).
_MULTS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD,
     0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9, 0x27D4EB2F165667C5, 0x85EBCA77C2B2AE63],
    dtype=np.uint64,
)
MAX_K = len(_MULTS)
#: Second-level domains under which a site is three labels deep (news.example.co.uk -> example.co.uk).
_SLD = frozenset("co com net org gov ac edu or ne go gv".split())


def mix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, elementwise over a uint64 array (spreads the bits of a hash)."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def site_key(url: str | None, outlet: str | None) -> str | None:
    """The site a page belongs to: the registrable part of its URL's host (``www.`` and other
    subdomains dropped: ``https://news.example.co.uk/a`` -> ``example.co.uk``), else its outlet
    name in lower case, else None (a page with neither is a site of its own)."""
    if url:
        try:
            host = (urlsplit(url if "//" in url else "//" + url).hostname or "").strip(".").lower()
        except ValueError:
            host = ""
        if host:
            labels = host.split(".")
            if len(labels) >= 3 and labels[-2] in _SLD and len(labels[-1]) == 2:
                return ".".join(labels[-3:])
            return ".".join(labels[-2:])
    if outlet and outlet.strip():
        return "outlet:" + outlet.strip().lower()
    return None


@dataclass(frozen=True)
class Shingles:
    """The shingles of one text, in text order.

    ``word_starts``/``word_ends``: character offsets of the kept words (furniture left out);
    ``hashes[i]``: the shingle of words ``i .. i+k-1``; ``k``: words per shingle. A text of
    fewer than ``k`` words has no shingles.
    """

    word_starts: np.ndarray
    word_ends: np.ndarray
    hashes: np.ndarray
    k: int

    @property
    def n_words(self) -> int:
        return int(len(self.word_starts))

    def between(self, start: int, end: int) -> tuple[int, int]:
        """Index range ``[lo, hi)`` of the shingles lying wholly inside characters ``start..end``."""
        first = int(np.searchsorted(self.word_starts, start, side="left"))
        last = int(np.searchsorted(self.word_starts, end, side="left"))  # words first..last-1 start inside
        hi = max(first, last - self.k + 1)
        return first, hi


def _words(norm: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start and end offsets and CRC-32 codes of the lower-cased words of ``norm``."""
    low = norm.lower()
    if len(low) == len(norm):  # the fast path: lower-casing kept every offset
        ms = list(_WORD.finditer(low))
        words = list(map(re.Match.group, ms))
        try:
            codes = np.fromiter(map(zlib.crc32, map(str.encode, words)), np.uint64, len(words))
        except UnicodeEncodeError:  # a lone surrogate
            codes = np.array([zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in words], dtype=np.uint64)
        return (np.fromiter(map(re.Match.start, ms), np.int64, len(ms)),
                np.fromiter(map(re.Match.end, ms), np.int64, len(ms)), codes)
    ms = list(_WORD.finditer(norm))  # a character whose lower case is longer ("İ"): word by word
    return (np.array([m.start() for m in ms], dtype=np.int64), np.array([m.end() for m in ms], dtype=np.int64),
            np.array([zlib.crc32(m.group().lower().encode("utf-8", "surrogatepass")) for m in ms], dtype=np.uint64))


def shingle(text: str, k: int = 5, skip: Sequence[tuple[int, int]] = ()) -> Shingles:
    """The ``k``-word shingles of ``text``, leaving out words that start inside a ``skip`` span."""
    if not 1 <= k <= MAX_K:
        raise ValueError(f"shingle size must be 1..{MAX_K} words, got {k}")
    ws, we, wh = _words(normalize_for_matching(text))
    if skip and len(ws):
        keep = np.ones(len(ws), dtype=bool)
        for s, e in skip:
            keep[np.searchsorted(ws, s, side="left"):np.searchsorted(ws, e, side="left")] = False
        ws, we, wh = ws[keep], we[keep], wh[keep]
    n = len(wh) - k + 1
    if n <= 0:
        return Shingles(ws, we, np.zeros(0, dtype=np.uint64), k)
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc += wh[j:j + n] * _MULTS[j]
    return Shingles(ws, we, mix64(acc), k)


def covered_words(positions: np.ndarray, n_words: int, k: int) -> np.ndarray:
    """Boolean mask over ``n_words`` words: those inside at least one of the shingles starting at
    ``positions`` (each covers ``k`` words)."""
    delta = np.zeros(n_words + k + 1, dtype=np.int32)
    if len(positions):
        np.add.at(delta, positions, 1)
        np.add.at(delta, positions + k, -1)
    return np.cumsum(delta)[:n_words] > 0


def content_words(kept: np.ndarray, k: int) -> np.ndarray:
    """Boolean mask over the words of a text with ``len(kept)`` shingles: its content, the words
    covered by a kept shingle and by no dropped one (a dropped, boilerplate shingle lies wholly in
    template text, so every word it covers is template)."""
    n = len(kept)
    if n == 0:
        return np.zeros(0, dtype=bool)
    n_words = n + k - 1
    return covered_words(np.flatnonzero(kept), n_words, k) & ~covered_words(np.flatnonzero(~kept), n_words, k)


def word_share(hashes: np.ndarray, kept: np.ndarray, other: np.ndarray, k: int) -> tuple[float, int, int]:
    """How much of a text another text covers, in words.

    ``hashes``: the text's shingles in order (one per start word); ``kept``: which of them count
    (boilerplate shingles do not); ``other``: the other text's shingle hashes (any order). The
    text's words are its content words (``content_words``); the shared ones are those covered by
    a kept shingle that ``other`` also has. Returns ``(shared / words, shared, words)``.
    """
    n = len(hashes)
    if n == 0 or not kept.any():
        return 0.0, 0, 0
    words = content_words(kept, k)
    pos = np.flatnonzero(kept)
    hit = pos[np.isin(hashes[pos], other)]
    shared = covered_words(hit, n + k - 1, k) & words
    total = int(words.sum())
    got = int(shared.sum())
    return (got / total if total else 0.0), got, total
