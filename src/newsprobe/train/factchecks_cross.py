"""Training the fact-check cross-encoder on the CLEF 2020 train tweets (``newsprobe train factchecks --cross``).

Steps (train tweets only; the dev tweets are never read):

1. candidates: each tweet's ``CANDIDATES_PER_TWEET`` best candidates under the *out-of-fold*
   linear re-ranker (what the shipped system would put first), plus its gold claims when they
   fell outside; the pairs' states after the frozen layers are computed once and cached;
2. out-of-fold cross scores: ``folds`` runs, each trained on the other folds' tweets and
   scoring the held-out tweets' pairs;
3. the weight of the cross score in the key (``linear + weight * cross``) and the re-ranked depth
   are chosen on those out-of-fold scores (MAP@5 over all train tweets); a threshold on the cross
   probability is computed for the record only (it separated no-match queries worse than the
   combined score, so none is shipped);
4. one run on all train tweets gives the shipped ``cross.safetensors``; ``cross.json`` records
   the choices and the bi-encoder they belong to.

Runs are cached in ``cache_dir`` (keyed by the configuration, the candidate pairs and the
start weights), so a re-run only redoes what changed. Torch is imported inside the functions.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable

import numpy as np

from ..errors import ModelError
from .factchecks_data import Clef, average_precision

Log = Callable[[str], None]
#: candidates per train tweet whose pairs the cross-encoder trains on (gold claims added if outside)
CANDIDATES_PER_TWEET = 20
WEIGHT_GRID = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
DEPTH_GRID = (5, 10, 20)
#: share of right first matches the match threshold keeps (as for the combined score)
KEEP = 0.85

Data = dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


def build_groups(data: Data, linear: dict[int, np.ndarray], tweets: list[int], k: int = CANDIDATES_PER_TWEET
                 ) -> tuple[list[tuple[int, int]], dict[int, tuple[list[int], list[int], list[int]]]]:
    """``pairs`` (tweet, claim index) and per tweet ``(candidate positions, gold pair rows, wrong pair rows)``.

    Candidate positions index the tweet's candidate list in ``data`` (the top ``k`` by ``linear``,
    then any gold candidate outside them); pair rows index ``pairs``."""
    pairs: list[tuple[int, int]] = []
    groups: dict[int, tuple[list[int], list[int], list[int]]] = {}
    for q in tweets:
        idx, _feats, gold, _parts = data[q]
        top = [int(i) for i in np.argsort(-linear[q], kind="stable")[:k]]
        sel = top + [int(i) for i in np.flatnonzero(gold) if int(i) not in top]
        base = len(pairs)
        groups[q] = (sel, [base + j for j, i in enumerate(sel) if gold[i]], [base + j for j, i in enumerate(sel) if not gold[i]])
        pairs.extend((q, int(idx[i])) for i in sel)
    return pairs, groups


def pair_token_ids(clef: Clef, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """The cross-encoder's input ids of each (tweet, claim) pair, as ``CrossEncoder.score`` builds them."""
    from .. import factchecks as fc
    from ..ml.factcheck_cross import candidate_text, pair_ids
    from ..ml.minilm import load_model

    model = load_model()
    tweets = sorted({q for q, _ in pairs})
    claims = sorted({c for _, c in pairs})
    q_ids = dict(zip(tweets, model.token_ids([fc.embed_query(clef.tweets[q]) for q in tweets])))
    c_ids = dict(zip(claims, model.token_ids([candidate_text(clef.claims[c], clef.titles[c]) for c in claims])))
    return [pair_ids(q_ids[q], c_ids[c]) for q, c in pairs]


def _key(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:10]


def _file_hash(path: Path | None) -> str:
    if path is None:
        return "packaged"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def map_with_cross(clef: Clef, data: Data, linear: dict[int, np.ndarray], cross: dict[int, np.ndarray],
                   tweets: list[int], weight: float, depth: int) -> float:
    """MAP@5 when each tweet's candidates are ordered by ``factcheck_cross.rerank_key``."""
    from ..ml.factcheck_cross import rerank_key

    aps = []
    for q in tweets:
        idx = data[q][0]
        order = np.argsort(-rerank_key(linear[q], cross[q], weight, depth), kind="stable")[:5]
        aps.append(average_precision([clef.claim_ids[idx[i]] for i in order], clef.gold[q]))
    return float(np.mean(aps)) if aps else 0.0


def cross_threshold(data: Data, linear: dict[int, np.ndarray], cross: dict[int, np.ndarray], tweets: list[int],
                    weight: float, depth: int, keep: float = KEEP) -> tuple[float, float]:
    """A threshold on ``sigmoid(cross score)`` of the first match that keeps ``keep`` of right first
    matches, and the share of simulated no-match tweets (gold candidates removed) whose first match passes."""
    from ..ml.factcheck_cross import rerank_key

    hits, misses = [], []
    for q in tweets:
        gold = data[q][2]
        key = rerank_key(linear[q], cross[q], weight, depth)
        first = int(np.argmax(key))
        if gold[first]:
            hits.append(float(cross[q][first]))
        if (~gold).any():
            rest = np.flatnonzero(~gold)
            key_rest = rerank_key(linear[q][rest], cross[q][rest], weight, depth)
            misses.append(float(cross[q][rest[int(np.argmax(key_rest))]]))
    sig = lambda x: 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))  # noqa: E731
    t = float(np.floor(np.quantile(sig(hits), 1 - keep) * 100) / 100) if hits else 0.5
    return t, float(np.mean(sig(misses) >= t)) if misses else 0.0


def train_cross_all(clef: Clef, data: Data, linear: dict[int, np.ndarray], out_dir: Path, cache_dir: Path,
                    config: Any, *, folds: int = 2, log: Log = lambda m: None) -> dict[str, object]:
    """Steps 1-4 of the module docstring; returns the train-CV metrics (written to ``metrics.json`` by the caller)."""
    try:
        import torch

        from . import factchecks_torch as ft
        from .factchecks_cross_torch import train_cross
    except ModuleNotFoundError as e:
        raise ModelError("training the cross-encoder needs torch: pip install -r requirements-train.txt") from e
    from safetensors.numpy import load_file, save_file

    from ..ml import factcheck_model
    from ..ml.factcheck_cross import CROSS_CONFIG, CROSS_FILE, CrossConfig
    from .factchecks_data import folds_of

    torch.set_num_threads(1)
    train = sorted(data)
    pairs, groups = build_groups(data, linear, train)
    pairs_key = _key(pairs)
    states_path = cache_dir / f"cross-states-f{config.frozen}-{pairs_key}.pt"
    if states_path.exists():
        states = torch.load(states_path)
    else:
        log(f"cross-encoder: {len(pairs)} pairs through the frozen layers (once; cached)")
        frozen = ft.Frozen(ft.packaged_weights(), config.frozen)
        states = [s.half() for s in frozen.states(pair_token_ids(clef, pairs), batch_size=64)]
        torch.save(states, states_path)
    weights = ft.packaged_weights()
    start = factcheck_model.encoder_path(out_dir) if config.init == "encoder" else None
    if start is not None:
        weights = {**weights, **{k: v.astype(np.float32) for k, v in load_file(str(start)).items()}}
    base_key = [asdict(config), pairs_key, _file_hash(start)]

    def groups_of(tweets: list[int]) -> list[tuple[list[int], list[int]]]:
        return [(groups[q][1], groups[q][2]) for q in tweets]

    cross: dict[int, np.ndarray] = {}
    for k, held in enumerate(folds_of(train, folds, config.seed)):
        held_set = set(held)
        fit = [q for q in train if q not in held_set]
        path = cache_dir / f"cross-fold{k}of{folds}-{_key(base_key, fit)}.npz"
        if path.exists():
            log(f"cross fold {k + 1}/{folds}: cached ({path.name})")
            scores = np.load(path)["scores"]
        else:
            log(f"cross fold {k + 1}/{folds}: training on {len(fit)} tweets")
            model = train_cross(weights, states, groups_of(fit), config, log)
            rows = [r for q in held for r in groups[q][1] + groups[q][2]]
            scores = np.full(len(pairs), np.nan, dtype=np.float32)
            scores[rows] = model.score([states[r] for r in rows])
            np.savez(path, scores=scores)
        for q in held:
            sel, gold_rows, wrong_rows = groups[q]
            full = np.zeros(len(linear[q]), dtype=np.float32)
            base = min(gold_rows + wrong_rows)
            full[sel] = scores[base : base + len(sel)]
            cross[q] = full
    metrics: dict[str, object] = {"config": asdict(config), "pairs": len(pairs),
                                  "oof_linear_map5": round(map_with_cross(clef, data, linear, cross, train, 0.0, 0), 4)}
    grid = {(w, d): map_with_cross(clef, data, linear, cross, train, w, d) for w in WEIGHT_GRID for d in DEPTH_GRID}
    metrics["oof_map5_by_weight_depth"] = {f"{w}@{d}": round(m, 4) for (w, d), m in grid.items()}
    metrics["oof_cross_alone_map5_at_depth"] = {str(d): round(map_with_cross(clef, data, linear, cross, train, 1e6, d), 4) for d in DEPTH_GRID}
    weight, depth = max(grid, key=lambda wd: (round(grid[wd], 4), -wd[1], -abs(wd[0] - 1.0)))
    metrics["weight"], metrics["depth"] = weight, depth
    metrics["oof_map5"] = round(grid[(weight, depth)], 4)
    # the cross probability as a match threshold, for the record: trained listwise, its scale is only
    # comparable within a query, and on the train tweets it let more no-match queries through than the
    # combined score at the same share of right first matches kept; so cross.json keeps no threshold
    # and ``factchecks.is_match`` stays on the combined score
    threshold, passes = cross_threshold(data, linear, cross, train, weight, depth)
    metrics["cross_threshold_keep_0.85"], metrics["cross_threshold_no_match_pass_rate"] = threshold, round(passes, 4)
    log(f"cross: out-of-fold MAP@5 {metrics['oof_map5']} (linear {metrics['oof_linear_map5']}) at weight {weight}, depth {depth}")

    path = cache_dir / f"cross-all-{_key(base_key, train)}.safetensors"
    if path.exists():
        log(f"cross on all train tweets: cached ({path.name})")
    else:
        log(f"cross on all {len(train)} train tweets")
        save_file(train_cross(weights, states, groups_of(train), config, log).export(), str(path))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / CROSS_FILE).write_bytes(path.read_bytes())
    cfg = CrossConfig(encoder=factcheck_model.encoder_id(out_dir), pooling=config.pooling, weight=weight, depth=depth,
                      match_threshold=None)
    (out_dir / CROSS_CONFIG).write_text(json.dumps(cfg.to_json(), indent=1) + "\n", encoding="utf-8")
    return metrics
