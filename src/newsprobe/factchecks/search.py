"""Searching the fact-checks: hybrid retrieval, re-ranking and twins.

Retrieval is fully offline:

1. lexical BM25 over claim + title (:class:`~newsprobe.factchecks.index.BM25`);
2. dense cosine over the stored MiniLM embeddings of the claims (a product over all claims;
   the query is encoded with a tweet signature cut to the name, ``embed_query``);
3. each candidate of the union of both top-50 lists gets the score
   ``score = W_COS * cosine + (1 - W_COS) * bm25 / max_bm25(query)`` (what ``MATCH_THRESHOLD``
   applies to) and the list is ordered by a linear re-ranker over ``rerank_features``
   (cosine, BM25, ranks, rapidfuzz word overlap, shared numbers and names).
   ``W_COS``, ``MATCH_THRESHOLD`` and ``RERANK_WEIGHTS`` were chosen on the 800 CLEF 2020
   train tweets only; see docs/factchecks.md.

The encoder is MiniLM with its top layers fine-tuned on the CLEF 2020 train tweets when
``models/factchecks/encoder.safetensors`` is shipped (``newsprobe.ml.factcheck_model``); its
own re-ranker weights, cosine weight and threshold (``reranker.json``) then replace the
built-in ones above, which belong to the packaged MiniLM. Optionally (when
``models/factchecks/cross.safetensors`` and ``cross.json`` are present; not shipped) a
cross-encoder (``newsprobe.ml.factcheck_cross``) re-orders the re-ranker's first candidates.

A fact-check stored twice (same claim up to quote marks, see :func:`twin_groups`) is shown once.
This module reads no database: :mod:`newsprobe.factchecks.load` builds a
:class:`FactCheckIndex` from one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from .index import BM25, clean_query, embed_query
from .records import FactCheck

#: The packaged encoder's id (the fine-tuned one's is ``factcheck_model.encoder_id()``).
EMB_MODEL = "all-MiniLM-L6-v2"
#: Weight of the MiniLM cosine in the combined score (the rest is normalised BM25); best on the
#: CLEF 2020 train tweets (``eval/factcheck_map.py --split train --tune``).
W_COS = 0.7
#: Weights of the linear re-ranker over ``rerank_features`` (pairwise logistic regression fitted on
#: the 800 CLEF 2020 *train* tweets only: ``python eval/factcheck_map.py --db S --split train --fit``).
RERANK_WEIGHTS: tuple[float, ...] = (
    4.9174, 4.9174, -0.4553, 0.1371, -0.4359, -0.4542, 3.8726, 2.5305, 0.8076, 0.4027, -0.5608, -0.0094,
)
#: Candidates taken from each retriever before combining.
CANDIDATES = 50
#: Combined score at or above which a match counts as "the same claim" (precision-oriented; chosen
#: on the train tweets: keeps 85% of right first matches, 34% of simulated no-match queries pass).
MATCH_THRESHOLD = 0.65


@dataclass(frozen=True)
class Match:
    collection: str
    id: str
    claim: str
    verdict: str | None
    publisher: str | None
    url: str | None
    score: float
    cosine: float
    bm25: float
    rank_score: float = 0.0
    #: the cross-encoder's probability that this is the query's claim (None: not scored by it)
    cross: float | None = None
    #: ids of the same fact-check stored again in the collection (``FactCheckIndex.twins``), shown once
    duplicates: tuple[str, ...] = ()

    def to_dict(self, *, full: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "claim": self.claim, "verdict": self.verdict}
        if full:
            out.update(publisher=self.publisher, url=self.url, collection=self.collection)
            if self.duplicates:
                out["duplicates"] = list(self.duplicates)
        out["score"] = round(self.score, 4)
        return out


_QUOTE_MARKS = str.maketrans("", "", "\"'`´“”‘’„‟‚‛«»‹›")


def twin_key(collection: str, claim: str, title: str, verdict: str | None) -> tuple[str, str, str | None]:
    """Records with the same key are one fact-check stored twice: same collection, verdict, and
    claim and title up to quote marks, case and spacing."""
    text = " ".join(f"{claim} || {title}".translate(_QUOTE_MARKS).split()).casefold()
    return collection, text, verdict


def twin_groups(collection: Sequence[str], claims: Sequence[str], titles: Sequence[str],
                verdicts: Sequence[str | None]) -> list[int]:
    """For each record, the index of its group's representative (itself when it has no twin).

    The representative is the first record (in index order) whose claim uses straight double
    quotes, else the first record. In the CLEF 2020 Snopes claims, 181 records are
    another record's twin (mostly one copy with double, one with single quote marks); of the train
    tweets' gold claims that have a twin, 184 of 189 are the record shown (dev: 48 of 48;
    ``eval/factcheck_map.py`` prints both).
    """
    groups: dict[tuple[str, str, str | None], list[int]] = {}
    for i, key in enumerate(map(twin_key, collection, claims, titles, verdicts)):
        groups.setdefault(key, []).append(i)
    rep = list(range(len(claims)))
    for members in groups.values():
        if len(members) > 1:
            chosen = next((i for i in members if '"' in claims[i]), members[0])
            for i in members:
                rep[i] = chosen
    return rep


class FactCheckIndex:
    """All fact-checks of a database in memory: BM25 weights, embeddings and the records.

    ``rows``: ``(collection, id, claim, verdict, publisher, url, title, embedding, emb_model)``
    in index order; ``bm25``: a stored index built from exactly these records (None: build it)."""

    def __init__(self, rows: Sequence[tuple[Any, ...]], bm25: BM25 | None = None) -> None:
        self.collection = [r[0] for r in rows]
        self.ids = [r[1] for r in rows]
        self.claims = [r[2] for r in rows]
        self.verdicts = [r[3] for r in rows]
        self.publishers = [r[4] for r in rows]
        self.urls = [r[5] for r in rows]
        self.titles = [r[6] or "" for r in rows]
        from ..ml import factcheck_model

        #: the encoder whose vectors ``emb`` holds; stored vectors of another encoder are ignored
        self.encoder_id = factcheck_model.encoder_id()
        if bm25 is None or bm25.n_docs != len(rows):
            bm25 = BM25([FactCheck(id="", claim=c, title=t).search_text for c, t in zip(self.claims, self.titles)])
        self.bm25 = bm25
        emb = np.zeros((len(rows), 384), dtype=np.float32)
        self.has_emb = np.zeros(len(rows), dtype=bool)
        for i, r in enumerate(rows):
            made_by = r[8] if len(r) > 8 else EMB_MODEL
            if r[7] is not None and len(r[7]) == 384 * 4 and made_by == self.encoder_id:
                emb[i] = np.frombuffer(bytes(r[7]), dtype=np.float32)
                self.has_emb[i] = True
        self.emb = emb
        #: records without a usable stored embedding (none, or another encoder's): encoded on first search
        self.stale = int((~self.has_emb).sum())
        #: per record, its twin group's representative (``twin_groups``): a result list shows each fact-check once
        self.rep = twin_groups(self.collection, self.claims, self.titles, self.verdicts)
        self.twins: dict[int, list[int]] = {}
        for i, rep in enumerate(self.rep):
            if rep != i:
                self.twins.setdefault(rep, [rep]).append(i)

    def __len__(self) -> int:
        return len(self.ids)

    def ensure_embeddings(self) -> None:
        """Encode, in memory, records stored without an embedding of the current encoder
        (imported with ``embed=False``, or by another encoder: ``reembed`` fixes the store)."""
        missing = np.flatnonzero(~self.has_emb)
        if len(missing):
            from ..ml import factcheck_model

            self.emb[missing] = factcheck_model.encode([self.claims[i].strip() for i in missing])
            self.has_emb[missing] = True

    def search_many(
        self,
        queries: Sequence[str],
        top: int = 5,
        *,
        w_cos: float | None = None,
        candidates: int = CANDIDATES,
        query_vectors: np.ndarray | None = None,
        rerank: bool = True,
        cross_depth: int | None = None,
    ) -> list[list[Match]]:
        """The ``top`` matches of each query, best first.

        Order: the linear re-ranker over ``rerank_features`` (or, with ``rerank=False``, the
        combined score), then, when the cross-encoder is shipped (``models/factchecks/cross.*``),
        its first ``cross_depth`` candidates re-ordered by ``linear + weight * cross score``
        (``cross_depth`` None: the shipped depth; 0: no cross-encoder). ``Match.score`` is always
        the combined BM25 + cosine score; ``Match.cross`` the cross-encoder's probability (None
        when it did not score that match); ``Match.rank_score`` is what ordered the list.
        A fact-check stored more than once (``twin_groups``) appears once, at the place of its
        best-placed copy, as its group's representative record; ``Match.duplicates`` lists the
        other copies' ids.
        """
        if not len(self) or not queries:
            return [[] for _ in queries]
        weights, default_w_cos, _ = active_weights()
        w_cos = default_w_cos if w_cos is None else w_cos
        cleaned = [clean_query(q if isinstance(q, str) else "") for q in queries]
        if query_vectors is None:
            from ..ml import factcheck_model

            query_vectors = factcheck_model.encode([embed_query(q if isinstance(q, str) else "") for q in queries])
        self.ensure_embeddings()
        cos_all = query_vectors @ self.emb.T  # (queries, docs)
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        for qi, q in enumerate(cleaned):
            bm = self.bm25.scores(q)
            cos = cos_all[qi]
            idx = self.candidates(cos, bm, candidates)
            combined = combine(cos[idx], bm[idx], float(bm.max()), w_cos)
            if rerank and weights:
                feats = rerank_features(q, cos[idx], bm[idx], float(bm.max()), [self.claims[i] for i in idx], [self.titles[i] for i in idx])
                key = feats @ np.asarray(weights, dtype=np.float32)
            else:
                key = combined
            found.append((idx, combined, key, cos, bm))
        cross = _cross_scores(self, queries, found, cross_depth) if rerank and weights else None
        out: list[list[Match]] = []
        for qi, (idx, combined, key, cos, bm) in enumerate(found):
            probs: dict[int, float] = {}
            if cross is not None:
                key, probs = cross[qi]
            matches: list[Match] = []
            shown: set[int] = set()
            for p in np.argsort(-key, kind="stable"):
                p = int(p)
                i = int(idx[p])
                r = self.rep[i]
                if r in shown:
                    continue
                shown.add(r)
                dups = tuple(self.ids[j] for j in self.twins.get(r, ()) if j != r)
                matches.append(
                    Match(
                        collection=self.collection[r], id=self.ids[r], claim=self.claims[r], verdict=self.verdicts[r],
                        publisher=self.publishers[r], url=self.urls[r], score=float(combined[p]),
                        cosine=float(cos[i]), bm25=float(bm[i]), rank_score=float(key[p]), cross=probs.get(p),
                        duplicates=dups,
                    )
                )
                if len(matches) >= top:
                    break
            out.append(matches)
        return out

    def candidates(self, cos: np.ndarray, bm: np.ndarray, k: int = CANDIDATES) -> np.ndarray:
        """Union of the top ``k`` by cosine and the top ``k`` by BM25 (sorted indices)."""
        cand = set(_top_indices(cos, k).tolist())
        if len(bm) and bm.max() > 0:
            cand.update(_top_indices(bm, k).tolist())
        return np.fromiter(sorted(cand), dtype=np.int64, count=len(cand))

    def search(self, query: str, top: int = 5) -> list[Match]:
        return self.search_many([query], top)[0]


def _cross_scores(
    index: "FactCheckIndex",
    queries: Sequence[str],
    found: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
    depth: int | None,
) -> list[tuple[np.ndarray, dict[int, float]]] | None:
    """Per query: the sort key after the cross-encoder re-ordered the first candidates, and the
    cross-encoder's probability per scored candidate position; None when no cross-encoder is
    shipped for the current encoder or ``depth`` is 0. All queries' pairs go through one batched call."""
    from ..ml import factcheck_cross as xc

    loaded = xc.load_cross() if depth != 0 else None
    if loaded is None:
        return None
    model, cfg = loaded
    depth = cfg.depth if depth is None else max(0, int(depth))
    tops = [np.argsort(-key, kind="stable")[:depth] for _idx, _comb, key, _cos, _bm in found]
    q_ids = model.model.token_ids([embed_query(q if isinstance(q, str) else "") for q in queries])
    wanted = sorted({int(idx[p]) for (idx, *_rest), top in zip(found, tops) for p in top})
    c_ids = dict(zip(wanted, model.model.token_ids([xc.candidate_text(index.claims[i], index.titles[i]) for i in wanted])))
    pairs = [xc.pair_ids(q_ids[qi], c_ids[int(found[qi][0][p])]) for qi, top in enumerate(tops) for p in top]
    scores = model.score_ids(pairs)
    out: list[tuple[np.ndarray, dict[int, float]]] = []
    at = 0
    for (idx, _comb, key, _cos, _bm), top in zip(found, tops):
        cr = np.zeros(len(key), dtype=np.float32)
        cr[top] = scores[at : at + len(top)]
        at += len(top)
        probs = {int(p): float(1.0 / (1.0 + np.exp(-float(cr[p])))) for p in top}
        out.append((xc.rerank_key(key, cr, cfg.weight, depth), probs))
    return out


_NUMBER = re.compile(r"\d[\d,.]*")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
#: Names of the re-ranker features, in order (see ``rerank_features``).
RERANK_FEATURES = (
    "cosine", "cosine - best cosine", "bm25 / best bm25", "bm25", "log(1 + bm25 rank)", "log(1 + cosine rank)",
    "token_set_ratio(query, claim)", "partial_ratio(query, claim)", "token_set_ratio(query, title)",
    "numbers of the claim in the query", "claim has numbers, none in the query", "capitalised words shared",
)


def rerank_features(
    query: str, cos: np.ndarray, bm: np.ndarray, bm_max: float, claims: Sequence[str], titles: Sequence[str]
) -> np.ndarray:
    """Features of each candidate for the linear re-ranker (rows: candidates; columns: ``RERANK_FEATURES``).

    ``query`` is the cleaned query; ``cos`` and ``bm`` the candidates' cosine and BM25 scores;
    ranks are within the candidates (tied scores share a rank). Word-overlap features use rapidfuzz on lower-cased text.
    """
    from rapidfuzz import fuzz

    n = len(cos)
    out = np.zeros((n, len(RERANK_FEATURES)), dtype=np.float32)
    if not n:
        return out
    # ranks count the candidates scoring strictly higher, so ties share a rank and the
    # candidates' order (index order = id order) cannot leak into the ranking
    rank_bm = np.searchsorted(np.sort(-bm), -bm, side="left").astype(np.float32)
    rank_cos = np.searchsorted(np.sort(-cos), -cos, side="left").astype(np.float32)
    ql = query.lower()
    q_nums = set(_NUMBER.findall(query))
    q_caps = {w.lower() for w in _CAPITALISED.findall(query)}
    out[:, 0] = cos
    out[:, 1] = cos - cos.max()
    out[:, 2] = bm / bm_max if bm_max > 0 else 0.0
    out[:, 3] = bm
    out[:, 4] = np.log1p(rank_bm)
    out[:, 5] = np.log1p(rank_cos)
    for j, (claim, title) in enumerate(zip(claims, titles)):
        c_nums = set(_NUMBER.findall(claim))
        c_caps = {w.lower() for w in _CAPITALISED.findall(claim + " " + title)}
        out[j, 6] = fuzz.token_set_ratio(ql, claim.lower()) / 100.0
        out[j, 7] = fuzz.partial_ratio(ql, claim.lower()) / 100.0
        out[j, 8] = fuzz.token_set_ratio(ql, title.lower()) / 100.0 if title else 0.0
        out[j, 9] = len(q_nums & c_nums) / (len(c_nums) or 1)
        out[j, 10] = float(bool(c_nums) and not (q_nums & c_nums))
        out[j, 11] = len(q_caps & c_caps) / (len(c_caps) or 1)
    return out


def active_weights() -> tuple[tuple[float, ...], float, float]:
    """``(re-ranker weights, cosine weight, match threshold)`` for the current encoder: the
    shipped ``reranker.json`` when it was fitted for that encoder, else the built-in constants."""
    from ..ml import factcheck_model

    r = factcheck_model.load_reranker()
    if r is None or len(r.weights) != len(RERANK_FEATURES):
        return RERANK_WEIGHTS, W_COS, MATCH_THRESHOLD
    return r.weights, r.w_cos, r.match_threshold


def combine(cos: np.ndarray, bm: np.ndarray, bm_max: float, w_cos: float | None = None) -> np.ndarray:
    """The combined score: ``w_cos * cosine + (1 - w_cos) * bm25 / max bm25 of the query``
    (``w_cos`` defaults to the current encoder's, see ``active_weights``)."""
    if w_cos is None:
        w_cos = active_weights()[1]
    bm_norm = bm / bm_max if bm_max > 0 else np.zeros_like(bm)
    return w_cos * cos + (1.0 - w_cos) * bm_norm


def _top_indices(values: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(values))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-values, k - 1)[:k]
    return part[np.argsort(-values[part], kind="stable")]




def is_match(m: Match) -> bool:
    """Whether a match is close enough to count as the same claim: its cross-encoder probability
    against the shipped cross-encoder threshold when it has one (``cross.json``), else its
    combined score against the re-ranker's threshold (see ``active_weights``)."""
    if m.cross is not None:
        from ..ml import factcheck_cross as xc

        cfg = xc.load_config()
        if cfg is not None and cfg.match_threshold is not None:
            return m.cross >= cfg.match_threshold
    return m.score >= active_weights()[2]
