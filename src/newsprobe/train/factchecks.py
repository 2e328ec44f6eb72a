"""Training the fact-check matcher: the fine-tuned encoder and the re-ranker.

``newsprobe train factchecks`` runs ``train_all``:

1. fine-tune the top layers of MiniLM on the CLEF 2020 *train* tweet -> claim pairs
   (``factchecks_torch.fine_tune``; torch needed, ``pip install -r requirements-train.txt``),
   ``folds`` times on part of the train tweets (out-of-fold vectors for the re-ranker) and
   once on all of them (the shipped ``encoder.safetensors``);
2. fit the pairwise re-ranker on the out-of-fold features of the train tweets, report its
   cross-validated MAP@5 over the train tweets, and write ``reranker.json``.

The dev tweets are never used here. Intermediate vectors are cached under ``cache_dir``
(keyed by the configuration) so that a second run only refits what changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from ..errors import ModelError
from .factchecks_data import Clef, folds_of, map_at_5

Log = Callable[[str], None]


def hard_negatives(clef: Clef, query_vecs: np.ndarray, claim_vecs: np.ndarray, bm25: np.ndarray, tweet: int, k: int = 20) -> list[int]:
    """The ``k`` best-scoring wrong claims of a tweet under the base retriever (0.7 cosine + 0.3 BM25/max)."""
    row = bm25[tweet]
    comb = 0.7 * (claim_vecs @ query_vecs[tweet]) + 0.3 * row / max(float(row.max()), 1e-9)
    gold = set(clef.gold_index(tweet))
    top = np.argsort(-comb, kind="stable")[: k + len(gold)]
    return [int(i) for i in top if int(i) not in gold][:k]


def config_key(config: object, extra: str = "") -> str:
    return hashlib.sha256((json.dumps(asdict(config), sort_keys=True) + extra).encode()).hexdigest()[:10]  # type: ignore[call-overload]


def train_encoder(
    clef: Clef, fit_tweets: list[int], config: object, cache_dir: Path, log: Log, bm25: np.ndarray
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Fine-tune on ``fit_tweets``; return (float16 override tensors, all tweets' vectors, all claims' vectors).

    Vectors are computed with the float16-rounded weights, as the numpy encoder will see them.
    """
    try:
        import torch

        from . import factchecks_torch as ft
    except ModuleNotFoundError as e:
        raise ModelError("training the fact-check encoder needs torch: pip install -r requirements-train.txt") from e
    from .. import factchecks as fc
    from ..ml.minilm import load_model

    torch.set_num_threads(1)
    cache_dir.mkdir(parents=True, exist_ok=True)
    weights = ft.packaged_weights()
    states_path = cache_dir / f"states_f{config.frozen}.pt"  # type: ignore[attr-defined]
    if states_path.exists():
        query_states, claim_states = torch.load(states_path)
    else:
        log("encoding the tweets and claims through the frozen layers (once; cached)")
        model = load_model()
        frozen = ft.Frozen(weights, config.frozen)  # type: ignore[attr-defined]
        query_states = frozen.states(model.token_ids([fc.embed_query(t) for t in clef.tweets]))
        claim_states = frozen.states(model.token_ids(clef.claims))
        torch.save((query_states, claim_states), states_path)
    base = ft.Top(weights, config.frozen)  # type: ignore[attr-defined]
    base_q, base_c = base.encode(query_states), base.encode(claim_states)
    pairs = [(q, g) for q in fit_tweets for g in clef.gold_index(q)]
    hard = [hard_negatives(clef, base_q, base_c, bm25, q) for q, _ in pairs]
    log(f"fine-tuning on {len(fit_tweets)} tweets ({len(pairs)} pairs)")
    top = ft.fine_tune(weights, query_states, claim_states, pairs, hard, config, log=log)  # type: ignore[arg-type]
    tensors = top.export()
    # re-load the float16 tensors so the vectors are what inference will compute
    rounded = {**weights, **{k: v.astype(np.float32) for k, v in tensors.items()}}
    shipped = ft.Top(rounded, config.frozen)  # type: ignore[attr-defined]
    return tensors, shipped.encode(query_states), shipped.encode(claim_states)


def cached_encoder_run(
    clef: Clef, fit_tweets: list[int], config: object, cache_dir: Path, log: Log, bm25: np.ndarray, name: str
) -> tuple[Path, np.ndarray, np.ndarray]:
    """``train_encoder`` with its outputs cached as ``<name>-<key>.{safetensors,npz}``."""
    from safetensors.numpy import load_file, save_file

    key = config_key(config, ",".join(map(str, fit_tweets)))
    vec_path, ten_path = cache_dir / f"{name}-{key}.npz", cache_dir / f"{name}-{key}.safetensors"
    if vec_path.exists() and ten_path.exists():
        log(f"{name}: cached ({vec_path.name})")
        z = np.load(vec_path)
        return ten_path, z["q"], z["c"]
    tensors, q, c = train_encoder(clef, fit_tweets, config, cache_dir, log, bm25)
    save_file(tensors, str(ten_path))
    np.savez(vec_path, q=q, c=c)
    _ = load_file  # the file round-trips through safetensors
    return ten_path, q, c


def evaluate_vectors(clef: Clef, tweets: list[int], q: np.ndarray, c: np.ndarray) -> float:
    return map_at_5(q[tweets] @ c.T, clef.claim_ids, [clef.gold[i] for i in tweets])


# --- the re-ranker -------------------------------------------------------------------------------


def candidate_features(
    clef: Clef, tweets: list[int], query_vecs: np.ndarray, claim_vecs: list[np.ndarray], bm25: np.ndarray
) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per tweet: ``(candidate indices, rerank features, is-gold, combined-score parts (cos, bm/max))``.

    ``claim_vecs[j]`` are the claim vectors of the encoder that produced ``query_vecs[tweets[j]]``
    (out-of-fold encoders differ per fold). Candidates and features are those of
    ``FactCheckIndex.search_many``.
    """
    from .. import factchecks as fc

    out = {}
    for j, q in enumerate(tweets):
        cos = claim_vecs[j] @ query_vecs[q]
        bm = bm25[q]
        cand = set(fc._top_indices(cos, fc.CANDIDATES).tolist())
        if bm.max() > 0:
            cand.update(fc._top_indices(bm, fc.CANDIDATES).tolist())
        idx = np.fromiter(sorted(cand), dtype=np.int64, count=len(cand))
        cq = fc.clean_query(clef.tweets[q])
        feats = fc.rerank_features(cq, cos[idx], bm[idx], float(bm.max()), [clef.claims[i] for i in idx], [clef.titles[i] for i in idx])
        gold = np.array([clef.claim_ids[i] in clef.gold[q] for i in idx])
        bm_norm = bm[idx] / bm.max() if bm.max() > 0 else np.zeros(len(idx), dtype=np.float32)
        out[q] = (idx, feats, gold, np.stack([cos[idx], bm_norm], 1))
    return out


def fit_pairwise(data: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]], tweets: list[int], w_cos: float, seed: int = 0) -> np.ndarray:
    """Re-ranker weights for the tweets' candidates (see ``pairwise_weights``)."""
    groups = []
    for q in tweets:
        _idx, feats, gold, parts = data[q]
        groups.append((feats, gold, w_cos * parts[:, 0] + (1 - w_cos) * parts[:, 1]))
    return pairwise_weights(groups, seed)


def pairwise_weights(groups: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]], seed: int = 0) -> np.ndarray:
    """Pairwise logistic regression (no intercept) over the re-rank features.

    ``groups``: per query, its candidates' features, which are gold (bool) and their combined
    score. Pairs: each gold candidate against the query's 20 hardest wrong candidates by the
    combined score and 10 random ones (seeded), both orders; features are scaled by their mean
    absolute pair difference while fitting, so C=1 regularises them alike.
    """
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(seed)
    diffs = []
    for feats, gold, comb in groups:
        if not gold.any() or gold.all():
            continue
        neg = np.flatnonzero(~gold)
        chosen = np.union1d(neg[np.argsort(-comb[neg], kind="stable")[:20]], rng.choice(neg, min(10, len(neg)), replace=False))
        for p in np.flatnonzero(gold):
            diffs.append(feats[p] - feats[chosen])
    d = np.concatenate(diffs)
    scale = np.abs(d).mean(axis=0) + 1e-6
    x = np.concatenate([d / scale, -d / scale])
    y = np.concatenate([np.ones(len(d)), np.zeros(len(d))])
    return LogisticRegression(C=1.0, max_iter=5000, fit_intercept=False).fit(x, y).coef_[0] / scale


def map_of(clef: Clef, data: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]], tweets: list[int], key: Callable) -> float:
    """MAP@5 when each tweet's candidates are ordered by ``key(feats, parts)``."""
    from .factchecks_data import average_precision

    aps = []
    for q in tweets:
        idx, feats, gold, parts = data[q]
        order = np.argsort(-key(feats, parts), kind="stable")[:5]
        aps.append(average_precision([clef.claim_ids[idx[i]] for i in order], clef.gold[q]))
    return float(np.mean(aps)) if aps else 0.0


def choose_threshold(data: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]], tweets: list[int], w_cos: float, keep: float = 0.85) -> tuple[float, float]:
    """The combined-score threshold that keeps ``keep`` of right first matches (rounded down to 0.01),
    and the share of simulated no-match tweets (gold removed) whose best candidate still passes."""
    hits, misses = [], []
    for q in tweets:
        idx, feats, gold, parts = data[q]
        comb = w_cos * parts[:, 0] + (1 - w_cos) * parts[:, 1]
        if gold[int(np.argmax(comb))]:
            hits.append(float(comb.max()))
        if (~gold).any():
            rest = parts[~gold]
            bm_rest = rest[:, 1] / rest[:, 1].max() if rest[:, 1].max() > 0 else rest[:, 1]
            misses.append(float((w_cos * rest[:, 0] + (1 - w_cos) * bm_rest).max()))
    t = float(np.floor(np.quantile(hits, 1 - keep) * 100) / 100) if hits else 0.65
    return t, float(np.mean(np.asarray(misses) >= t)) if misses else 0.0


# --- the whole training run ----------------------------------------------------------------------

W_COS_GRID = (0.5, 0.6, 0.7, 0.8, 0.9)


def bm25_matrix(clef: Clef) -> np.ndarray:
    """BM25 scores ``(tweets, claims)`` as ``FactCheckIndex`` computes them (claim + title)."""
    from .. import factchecks as fc

    bm = fc.BM25([fc.FactCheck(id="", claim=c, title=t).search_text for c, t in zip(clef.claims, clef.titles)])
    return np.stack([bm.scores(fc.clean_query(t)) for t in clef.tweets]).astype(np.float32)


def train_all(
    clef: Clef, out_dir: Path, cache_dir: Path, config: object, *, folds: int = 2, log: Log = lambda m: None, cross: object = None
) -> dict[str, object]:
    """Fine-tune (``folds`` out-of-fold runs + one on all train tweets), fit the re-ranker on the
    out-of-fold features, write ``encoder.safetensors``, ``reranker.json`` and ``metrics.json``
    to ``out_dir`` and return the train-CV metrics. Only the train tweets are used. With ``cross``
    (a ``factchecks_cross_torch.CrossTrainConfig``) the cross-encoder is trained too
    (``factchecks_cross.train_cross_all``: ``cross.safetensors``, ``cross.json``)."""
    import shutil

    from .. import factchecks as fc
    from ..ml import factcheck_model

    try:
        import torch  # noqa: F401
    except ModuleNotFoundError as e:
        raise ModelError("training the fact-check encoder needs torch: pip install -r requirements-train.txt") from e
    cache_dir.mkdir(parents=True, exist_ok=True)
    train = clef.split("train")
    bm_path = cache_dir / "bm25.npy"
    if bm_path.exists():
        bm25 = np.load(bm_path)
    else:
        log("BM25 scores of every tweet (cached)")
        bm25 = bm25_matrix(clef)
        np.save(bm_path, bm25)
    parts = folds_of(train, folds, config.seed)  # type: ignore[attr-defined]
    oof_q = np.zeros((len(clef.tweets), 384), dtype=np.float32)
    claim_of: dict[int, np.ndarray] = {}
    for k, held in enumerate(parts):
        fit = [q for q in train if q not in set(held)]
        _, q, c = cached_encoder_run(clef, fit, config, cache_dir, log, bm25, f"fold{k}of{folds}")
        oof_q[held] = q[held]
        for t in held:
            claim_of[t] = c
        log(f"fold {k + 1}/{folds}: held-out cosine MAP@5 {evaluate_vectors(clef, held, q, c):.4f}")
    enc_path, _, _ = cached_encoder_run(clef, train, config, cache_dir, log, bm25, "all")

    log("re-rank features of the train tweets (out-of-fold encoders)")
    data = candidate_features(clef, train, oof_q, [claim_of[t] for t in train], bm25)
    metrics: dict[str, object] = {"config": asdict(config), "folds": folds, "train_tweets": len(train)}  # type: ignore[call-overload]
    metrics["oof_cosine_map5"] = round(map_of(clef, data, train, lambda f, p: p[:, 0]), 4)
    metrics["oof_bm25_map5"] = round(map_of(clef, data, train, lambda f, p: p[:, 1]), 4)
    by_w = {w: map_of(clef, data, train, lambda f, p, w=w: w * p[:, 0] + (1 - w) * p[:, 1]) for w in W_COS_GRID}
    w_cos = max(by_w, key=lambda w: (round(by_w[w], 4), -abs(w - 0.7)))
    metrics["oof_combined_map5"] = {str(w): round(m, 4) for w, m in by_w.items()}
    metrics["w_cos"] = w_cos
    cv = []
    oof_linear: dict[int, np.ndarray] = {}  # each train tweet's candidates scored by a re-ranker fitted without it
    for held in folds_of(train, 5, config.seed):  # type: ignore[attr-defined]
        fit = [q for q in train if q not in set(held)]
        weights = fit_pairwise(data, fit, w_cos)
        cv.append(map_of(clef, data, held, lambda f, p, w=weights: f @ w))
        for t in held:
            oof_linear[t] = data[t][1] @ weights
    metrics["reranked_cv_map5"] = round(float(np.mean(cv)), 4)
    metrics["reranked_cv_folds"] = [round(x, 4) for x in cv]
    weights = fit_pairwise(data, train, w_cos)
    threshold, passes = choose_threshold(data, train, w_cos)
    metrics["match_threshold"] = threshold
    metrics["no_match_pass_rate"] = round(passes, 4)

    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(enc_path, out_dir / factcheck_model.ENCODER_FILE)
    enc_id = factcheck_model.encoder_id(out_dir)
    rr = factcheck_model.Reranker(
        encoder=enc_id, weights=tuple(float(w) for w in weights), w_cos=w_cos, match_threshold=threshold,
        features=tuple(fc.RERANK_FEATURES),
    )
    (out_dir / factcheck_model.RERANKER_FILE).write_text(json.dumps(rr.to_json(), indent=1) + "\n", encoding="utf-8")
    metrics["encoder"] = enc_id
    if cross is not None:
        from .factchecks_cross import train_cross_all

        log("cross-encoder: out-of-fold runs, then one on all train tweets")
        metrics["cross"] = train_cross_all(clef, data, oof_linear, out_dir, cache_dir, cross, folds=folds, log=log)
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    return metrics
