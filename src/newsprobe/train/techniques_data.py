"""The PTC training data for the techniques model: articles parsed by the project's own
stages, token labels, hashed features and MiniLM inputs (used by :mod:`newsprobe.train.techniques`).

``prepare`` runs the ``parse`` and ``sentences`` stages on each PTC train article, so training
sees exactly what the ``techniques`` stage sees; ``dense_inputs`` encodes every sentence once
(MiniLM states after ``layers`` layers), optionally cached as float16 under ``cache_dir``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from ..article import Article
from ..errors import InputError
from ..settings import Settings
from ..ml.techniques_features import (
    N_FEATURES_SI,
    N_FEATURES_TC,
    Sent,
    article_sentences,
    lemma_counts,
    span_features,
    token_features,
)
from ..ml.techniques_model import hasher

log = logging.getLogger(__name__)

DATASET = "ptc-semeval2020-task11"
DATA_FILE = "ptc_articles.jsonl.gz"
MAX_TOKENS = 50_000


@dataclass
class Prepared:
    """One parsed training article with its gold spans."""

    aid: str
    text: str
    sents: list[Sent]
    techniques: list[tuple[int, int, str]]
    propaganda: list[tuple[int, int]]


def load_rows(data_dir: Path, split: str = "train") -> list[dict[str, Any]]:
    path = data_dir / DATASET / DATA_FILE
    if not path.exists():
        raise InputError(f"{path} not found; point --data at the project's shared data folder (../shared/data)")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [r for r in rows if r.get("split") == split]


def data_fingerprint(data_dir: Path) -> str:
    h = hashlib.sha256((data_dir / DATASET / DATA_FILE).read_bytes())
    return h.hexdigest()[:16]


def prepare(rows: Sequence[dict[str, Any]], settings: Settings) -> list[Prepared]:
    """Parse articles with the project's parse + sentences stages and attach gold spans."""
    from ..pipeline import Context, registered_stages

    stages = registered_stages()
    parse = stages["parse"].factory(settings)
    sentences = stages["sentences"].factory(settings)
    out: list[Prepared] = []
    for i in range(0, len(rows), 16):
        batch = rows[i : i + 16]
        items = [(a, Context(article=a, settings=settings)) for a in (Article(r["text"]) for r in batch)]
        parse.pipe(items)  # type: ignore[attr-defined]
        for r, (a, ctx) in zip(batch, items):
            sentences(a, ctx)
            sents, _ = article_sentences(a, ctx, max_tokens=MAX_TOKENS)
            tech = [(s["start"], s["end"], s["technique"]) for s in r["technique_spans"] or []]
            prop = [(s["start"], s["end"]) for s in r["propaganda_spans"] or []]
            out.append(Prepared(str(r["article_id"]), r["text"], sents, tech, prop))
    return out


def token_labels(p: Prepared) -> np.ndarray:
    """1 for tokens overlapping a gold propaganda span."""
    ys: list[int] = []
    spans = sorted(p.propaganda)
    for s in p.sents:
        for t in s.toks:
            ys.append(int(any(a < t.end and t.start < b for a, b in spans)))
    return np.array(ys, dtype=np.int8)


def _tc_instances(p: Prepared) -> tuple[list[list[tuple[str, float]]], list[str], list[tuple[int, int]]]:
    low = p.text.lower()
    counts = lemma_counts(p.sents)
    feats, labels, ivs = [], [], []
    for s, e, lab in p.techniques:
        feats.append(span_features(p.text, s, e, p.sents, lower_text=low, counts=counts))
        labels.append(lab)
        ivs.append((s, e))
    return feats, labels, ivs


class _Featurized:
    """Hashed features of every article, computed once and sliced per fold."""

    def __init__(self, data: Sequence[Prepared]) -> None:
        si_h, tc_h = hasher(N_FEATURES_SI), hasher(N_FEATURES_TC)
        self.si_X = [si_h.transform(token_features(p.sents, p.text)) if p.sents else None for p in data]
        self.si_y = [token_labels(p) for p in data]
        self.tc_X, self.tc_y, self.tc_iv = [], [], []
        for p in data:
            f, y, iv = _tc_instances(p)
            self.tc_X.append(tc_h.transform(f) if f else None)
            self.tc_y.append(y)
            self.tc_iv.append(iv)

    def stack(self, which: str, idx: Sequence[int]) -> tuple[Any, np.ndarray]:
        import scipy.sparse as sp

        Xs = getattr(self, f"{which}_X")
        ys = getattr(self, f"{which}_y")
        keep = [i for i in idx if Xs[i] is not None]
        X = sp.vstack([Xs[i] for i in keep]).tocsr()
        y = np.concatenate([np.asarray(ys[i]) for i in keep])
        return X, y


@dataclass
class DenseData:
    """MiniLM inputs per article: token states ``(n_tokens, 384)`` and gold-span vectors ``(n_spans, 768)``."""

    layers: int
    tok: list[np.ndarray]
    span: list[np.ndarray]
    sent: list[np.ndarray]  # (n_sents, 384) mean word-piece state of each sentence


def _token_key(data: Sequence[Prepared], layers: int) -> str:
    h = hashlib.sha256(f"L{layers}".encode())
    for p in data:
        h.update(p.aid.encode())
        for s in p.sents:
            h.update(np.array([(t.start, t.end) for t in s.toks], dtype=np.int64).tobytes())
    return h.hexdigest()[:16]


def dense_inputs(
    data: Sequence[Prepared], layers: int, *, cache_dir: Path | None = None, progress: Callable[[str], None] | None = None
) -> DenseData:
    """Encode every sentence once with MiniLM (first ``layers`` layers) and pool to tokens.

    States are kept as float16 (in memory and in the optional ``cache_dir``, keyed by the
    tokenisation), so a cached and a fresh run see the same numbers.
    """
    from ..ml.techniques_dense import sentence_token_vectors, span_vectors

    say = progress or (lambda _m: None)
    path = cache_dir / f"ptc_train_minilm_L{layers}_{_token_key(data, layers)}.npz" if cache_dir else None
    if path is not None and path.exists():
        say(f"MiniLM states from cache {path}")
        with np.load(path, allow_pickle=False) as z:
            tok_all, sent_all = z["tok"], z["sent"]
    else:
        toks, sentv = [], []
        for k, p in enumerate(data):
            if k % 50 == 0:
                say(f"MiniLM states (layer {layers}): article {k + 1}/{len(data)}")
            t, sv = sentence_token_vectors(p.text, p.sents, layers=layers)
            toks.append(t.astype(np.float16))
            sentv.append(sv.astype(np.float16))
        tok_all = np.concatenate(toks) if toks else np.zeros((0, 384), np.float16)
        sent_all = np.concatenate(sentv) if sentv else np.zeros((0, 384), np.float16)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(path, tok=tok_all, sent=sent_all)
    tok_list, span_list, sent_list = [], [], []
    t0 = s0 = 0
    for p in data:
        nt = sum(len(s.toks) for s in p.sents)
        tk = tok_all[t0 : t0 + nt].astype(np.float32)
        sv = sent_all[s0 : s0 + len(p.sents)].astype(np.float32)
        t0 += nt
        s0 += len(p.sents)
        tok_list.append(tk)
        sent_list.append(sv)
        span_list.append(span_vectors(p.sents, tk, sv, [(s, e) for s, e, _ in p.techniques]))
    return DenseData(layers, tok_list, span_list, sent_list)
