"""The same check-worthy claim across a corpus: where and when it appeared, and its fact-checks.

``claim_clusters(store, settings)`` reads the ``claims`` layer a chunk of articles at a time
(``spangroups.iter_spans``) and groups claims in two steps (docs/corpus-drift.md):

1. **near-identical** wordings: MinHash and edge-word blocks propose pairs
   (``spangroups.near_groups``); a pair joins when its word-level similarity (2 x common words in
   order / total words) is at least ``claim_match_ratio`` and the words only one of them has are
   minor ones (``MINOR_WORDS``: articles, auxiliaries, "said", weekdays): "310 measles cases" and
   "310 flu cases" differ in a content word (and the paraphrase step refuses such an edit too);
2. **paraphrases** (setting ``claim_paraphrase``): one wording per group is encoded with the
   packaged MiniLM sentence encoder (``newsprobe.ml.minilm``; never downloaded) and pairs with a
   cosine of at least ``claim_paraphrase_cosine`` join, or of at least ``claim_anchored_cosine``
   when they are ``anchored`` (two shared figures, one not a year, a shared name, reworded
   rather than edited). Up to ``EXACT_MAX`` wordings every pair is compared; above,
   random-hyperplane hashing and figure blocks propose the pairs. Pairs join closest first, and
   never so that one cluster holds figures or names that disagree.

The guards live in ``corpus.claim_guards``. Both steps refuse a pair whose figures disagree (``figures_agree``: "12" vs "14", "in 2021" vs
"in 2023"; one claim may add a figure, "the biggest rise in 21 years"; number words count as
figures), where one is negated and the other is not (``negated``: "a rise not seen for 26
years" is no negation), that give the claimed event different weekdays (``event_days``), or
whose differing words include a pair of opposites ("rose"/"fell", "approved"/"rejected"). The paraphrase step also refuses a pair that names different places,
people or months (``names_agree``) or is one wording with a content word edited
(``content_edit``: "wheat" / "barley yields ... dropped 18 percent").

A cluster is two or more claims from two or more articles. Evidence: ``by_outlet`` and
``by_day`` (counts of members), ``factchecks`` (the members' ``attrs.factchecks``, one entry per
fact-check with the number of members it matched), ``articles``, ``wordings``, ``first``,
``method``. Member attrs: ``outlet``, ``published``, ``day``, ``score`` (the claim model's),
``kind``, ``match`` (``same``, ``near`` or ``paraphrase``: how it joined the first member's
wording) and ``similarity`` (word-level similarity or cosine to the first member's wording).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

from .claim_guards import (
    MINOR_WORDS,
    YEAR,
    anchored,
    compatible,
    content_edit,
    figures,
    figures_agree,
    minor_difference,
    names_agree,
    negated,
    paraphrase,
    text_words,
    word_similarity,
)
from .clusters import Cluster, Member
from .spangroups import UnionFind, day_of, iter_spans, near_groups, time_key
from .worddiff import keys

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store

log = logging.getLogger(__name__)

MIN_WORDS = 4
MAX_CLAIM_CHARS = 1000
#: Up to this many wordings, every pair's cosine is computed; above, hyperplane hashing blocks.
EXACT_MAX = 6000
#: Wordings encoded at most (float16, 768 bytes each); above, the paraphrase step is skipped.
PARAPHRASE_MAX = 300_000
HASH_BITS = 14
HASH_TABLES = 32

@dataclass
class _Claim:
    article_id: str
    start: int
    end: int
    text: str
    wording: int
    outlet: str | None
    published: str | None
    score: float | None
    kind: str | None
    factchecks: list[dict[str, Any]]


def _setting(settings: Any, name: str, default: Any) -> Any:
    return getattr(settings, name, default) if settings is not None else default


def read_claims(store: "Store") -> tuple[list[_Claim], list[tuple[str, ...]], list[str]]:
    """Every claim of the store, the distinct wordings (word keys) and a text for each wording."""
    index: dict[tuple[str, ...], int] = {}
    wordings: list[tuple[str, ...]] = []
    texts: list[str] = []
    claims: list[_Claim] = []
    for row in iter_spans(store, "claims", ("claim",)):
        text = row.text.strip()[:MAX_CLAIM_CHARS]
        ks = tuple(keys(text))
        if len(ks) < MIN_WORDS:
            continue
        w = index.get(ks)
        if w is None:
            w = index[ks] = len(wordings)
            wordings.append(ks)
            texts.append(text)
        fcs = [_factcheck(f) for f in row.attrs.get("factchecks") or [] if isinstance(f, dict)]
        kind = row.attrs.get("kind")
        claims.append(_Claim(row.article_id, row.start, row.end, text, w, row.outlet, row.published, row.score,
                             str(kind) if kind else None, fcs))
    return claims, wordings, texts


def _factcheck(f: dict[str, Any]) -> dict[str, Any]:
    return {k: f.get(k) for k in ("id", "claim", "verdict", "publisher", "url", "score") if k in f}


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length MiniLM sentence vectors of ``texts`` (the packaged all-MiniLM-L6-v2)."""
    from ..ml.minilm import load_model

    return np.asarray(load_model().encode(list(texts)), dtype=np.float32)


def paraphrase_pairs(vectors: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, cosine)``, ``i < j``, of unit vectors with cosine >= ``threshold``: every pair
    up to ``EXACT_MAX`` rows, else the pairs random-hyperplane hashing brings together."""
    n = len(vectors)
    out: dict[tuple[int, int], float] = {}
    if n < 2:
        return []
    if n <= EXACT_MAX:
        for s in range(0, n, 1024):
            block = vectors[s:s + 1024] @ vectors.T
            for r, c in zip(*np.nonzero(block >= threshold)):
                i, j = s + int(r), int(c)
                if i < j:
                    out[(i, j)] = float(block[r, c])
        return [(i, j, v) for (i, j), v in sorted(out.items())]
    rng = np.random.default_rng(7)
    weights = (1 << np.arange(HASH_BITS)).astype(np.int64)
    for _ in range(HASH_TABLES):
        planes = rng.standard_normal((vectors.shape[1], HASH_BITS)).astype(np.float32)
        codes = ((vectors @ planes) > 0).astype(np.int64) @ weights
        order = np.argsort(codes, kind="stable")
        sc = codes[order]
        breaks = np.flatnonzero(sc[1:] != sc[:-1]) + 1
        for members in np.split(order, breaks):
            if len(members) < 2:
                continue
            members = np.sort(members)[:2000]
            sims = vectors[members] @ vectors[members].T
            for r, c in zip(*np.nonzero(np.triu(sims, 1) >= threshold)):
                out[(int(members[r]), int(members[c]))] = float(sims[r, c])
    return [(i, j, v) for (i, j), v in sorted(out.items())]


def figure_pairs(figure_sets: Sequence[frozenset[str]], vectors: np.ndarray, threshold: float,
                 cap: int = 2000) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, cosine)``, ``i < j``, with cosine >= ``threshold`` among rows that state the
    same two figures, one of them not a year (the pairs ``anchored`` can accept): above
    ``EXACT_MAX`` rows hyperplane hashing finds pairs of cosine 0.75 only about half the time,
    this block finds them all. A block of more than ``cap`` rows keeps its first ``cap``."""
    blocks: dict[tuple[str, str], list[int]] = {}
    for i, fs in enumerate(figure_sets):
        for f, g in itertools.combinations(sorted(fs)[:8], 2):
            if not (YEAR.match(f) and YEAR.match(g)):
                blocks.setdefault((f, g), []).append(i)
    out: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        if len(members) < 2:
            continue
        rows = np.asarray(members[:cap])
        sims = vectors[rows] @ vectors[rows].T
        for r, c in zip(*np.nonzero(np.triu(sims, 1) >= threshold)):
            out[(int(rows[r]), int(rows[c]))] = float(sims[r, c])
    return [(i, j, v) for (i, j), v in sorted(out.items())]


def claim_clusters(store: "Store", settings: "Settings | None" = None,
                   encoder: Callable[[Sequence[str]], np.ndarray] | None = None) -> list[Cluster]:
    """Clusters (kind ``claims``) of the same claim in two or more articles; see the module doc.
    ``encoder``: texts -> unit vectors (default: the packaged MiniLM)."""
    ratio_min = float(_setting(settings, "claim_match_ratio", 0.8))
    cos_min = float(_setting(settings, "claim_paraphrase_cosine", 0.85))
    anchored_min = min(cos_min, float(_setting(settings, "claim_anchored_cosine", 0.75)))
    use_encoder = _on(_setting(settings, "claim_paraphrase", True))
    claims, wordings, texts = read_claims(store)
    uf = UnionFind(len(wordings))

    def accept(i: int, j: int) -> bool:
        a, b = wordings[i], wordings[j]
        return word_similarity(a, b) >= ratio_min and minor_difference(a, b) and compatible(a, b)

    for g in near_groups(wordings, accept):
        for w in g[1:]:
            uf.union(g[0], w)
    near_root = [uf.find(i) for i in range(len(wordings))]
    method = "minhash"
    rep_vec: dict[int, np.ndarray] = {}
    if use_encoder and len(wordings) > 1:
        reps = sorted(set(near_root))
        if len(reps) > PARAPHRASE_MAX:
            log.warning("claim clusters: %d distinct claims, over %d: paraphrases not sought", len(reps), PARAPHRASE_MAX)
        else:
            try:
                vectors = (encoder or encode)([texts[r] for r in reps])
            except Exception as e:  # the encoder cannot load: near-identical claims still group
                log.warning("claim clusters: MiniLM unavailable (%s); paraphrases not sought", e)
            else:
                method = "minhash+minilm"
                _join_paraphrases(uf, reps, vectors, wordings, texts, cos_min, anchored_min, ratio_min)
                rep_vec = {r: vectors[k] for k, r in enumerate(reps)}
    by_root: dict[int, list[_Claim]] = {}
    for c in claims:
        by_root.setdefault(uf.find(c.wording), []).append(c)
    out = []
    for members in by_root.values():
        if len({c.article_id for c in members}) > 1:
            vec = rep_vec if method == "minhash+minilm" else None
            out.append(_cluster(members, wordings, near_root, vec, method))
    out.sort(key=lambda c: (-c.size, c.cluster_id))
    log.info("claim clusters: %d from %d claims (%d wordings)", len(out), len(claims), len(wordings))
    return out


def _join_paraphrases(uf: UnionFind, reps: list[int], vectors: np.ndarray, wordings: list[tuple[str, ...]],
                      texts: list[str], cos_min: float, anchored_min: float, ratio_min: float) -> None:
    """Join paraphrased wordings, the closest pairs first: a pair joins when its cosine reaches
    ``cos_min`` (``anchored_min`` when ``anchored``), the guards pass (``compatible``,
    ``names_agree``) and the figures and names of the two groups so far still agree (a claim
    joined through a third one never brings "in 21 years" and "in 30 years", or "Penhallow" and
    "Trelowen", together)."""
    figs = {r: figures(wordings[r]) for r in reps}
    seen: dict[int, tuple[frozenset[str], frozenset[str]]] = {}  # group root -> (its words, its names), once needed
    pairs = paraphrase_pairs(vectors, anchored_min)
    if len(reps) > EXACT_MAX and anchored_min < cos_min:
        pairs = list({(i, j): (i, j, c) for i, j, c in pairs + figure_pairs([figs[r] for r in reps], vectors, anchored_min)}.values())
    for i, j, cos in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        a, b = reps[i], reps[j]
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or not paraphrase(wordings[a], wordings[b], texts[a], texts[b], cos, cos_min, anchored_min, ratio_min):
            continue
        fa, fb = figs[ra], figs[rb]
        if not figures_agree(fa, fb):
            continue
        wa, na = seen.get(ra) or text_words(texts[ra])
        wb, nb = seen.get(rb) or text_words(texts[rb])
        if na - wb and nb - wa:
            continue
        uf.union(ra, rb)
        root = uf.find(ra)
        figs[root] = fa | fb
        seen[root] = (wa | wb, na | nb)


def _on(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in {"0", "false", "no", "off"}
    return bool(value)


def _cluster(cs: list[_Claim], wordings: list[tuple[str, ...]], near_root: list[int],
             vectors: dict[int, np.ndarray] | None, method: str) -> Cluster:
    cs = sorted(cs, key=lambda c: (time_key(c.published), c.article_id, c.start))
    first = cs[0]
    by_outlet: dict[str, int] = {}
    by_day: dict[str, int] = {}
    fcs: dict[str, dict[str, Any]] = {}
    members = []
    for c in cs:
        day = day_of(c.published)
        by_outlet[c.outlet or "unknown"] = by_outlet.get(c.outlet or "unknown", 0) + 1
        by_day[day or "unknown"] = by_day.get(day or "unknown", 0) + 1
        for f in c.factchecks:
            fid = str(f.get("id") or f.get("claim"))
            entry = fcs.setdefault(fid, {**f, "members": 0})
            entry["members"] += 1
            if isinstance(f.get("score"), (int, float)) and f["score"] > (entry.get("score") or 0):
                entry["score"] = f["score"]
        if c.wording == first.wording:
            match, sim = "same", 1.0
        elif near_root[c.wording] == near_root[first.wording]:
            match, sim = "near", word_similarity(wordings[first.wording], wordings[c.wording])
        else:
            match = "paraphrase"
            sim = 0.0
            if vectors is not None:
                va, vb = vectors.get(near_root[first.wording]), vectors.get(near_root[c.wording])
                if va is not None and vb is not None:
                    sim = float(va @ vb)
        members.append(Member(c.article_id, c.start, c.end, "member", None, c.text, {
            "outlet": c.outlet, "published": c.published, "day": day, "score": c.score, "kind": c.kind,
            "match": match, "similarity": round(sim, 4),
        }))
    evidence: dict[str, Any] = {
        "by_outlet": dict(sorted(by_outlet.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_day": dict(sorted(by_day.items())),
        "factchecks": sorted(fcs.values(), key=lambda f: (-f["members"], -(f.get("score") or 0), str(f.get("id")))),
        "articles": len({c.article_id for c in cs}),
        "outlets": len({c.outlet for c in cs if c.outlet}),
        "wordings": len({c.wording for c in cs}),
        "first": {"article_id": first.article_id, "published": first.published, "outlet": first.outlet},
        "method": method,
    }
    digest = hashlib.sha1("|".join(sorted(f"{c.article_id}:{c.start}" for c in cs)).encode()).hexdigest()[:12]
    return Cluster("claims", "c" + digest, members, first.text[:200], evidence)


__all__ = ["MINOR_WORDS", "anchored", "claim_clusters", "compatible", "content_edit", "encode", "figure_pairs", "figures", "figures_agree", "minor_difference",
           "names_agree", "negated", "paraphrase", "paraphrase_pairs", "read_claims", "word_similarity"]
