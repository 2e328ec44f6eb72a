"""Training the hedge-cue classifier (``newsprobe train hedges``): corpora, labels, fit, cross-validation.

The corpora are SFU Review and BioScope speculation cues plus the Islam 2020 hedge lexicon
(``../shared/data/hedge-cues-bioscope-sfu``); the model and its features live in
:mod:`newsprobe.ml.hedges_model`, which never imports this module.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..errors import ModelError
from ..ml.hedges_model import CLASSES, NEWS_EXCLUDED, HedgeModel, _low, token_features


# --- data -------------------------------------------------------------------------------


@dataclass
class Sentence:
    """One annotated corpus sentence (speculation cues only) with its document group."""

    corpus: str
    group: str
    text: str
    cues: list[tuple[int, int]]
    scopes: list[tuple[int, int, int, int]] = field(default_factory=list)  # cue start, cue end, scope start, end


def load_corpora(data_dir: Path) -> list[Sentence]:
    """SFU Review and BioScope sentences with their speculation cues (and cue scopes)."""
    files = {
        "sfu": data_dir / "sfu_review_negation_speculation.jsonl.gz",
        "bioscope": data_dir / "bioscope.jsonl.gz",
    }
    out: list[Sentence] = []
    for corpus, path in files.items():
        if not path.exists():
            raise ModelError(f"training data {path} is missing; pass --data pointing at ../shared/data/hedge-cues-bioscope-sfu")
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                group = f"{corpus}:{r.get('review_id') or r.get('doc_id')}"
                spec = [c for c in r["cues"] if c["type"] == "speculation"]
                cues = sorted({(c["start"], c["end"]) for c in spec})
                by_id = {s["scope_id"]: s for s in r["scopes"]}
                by_cue = {s.get("cue_id"): s for s in r["scopes"] if s.get("cue_id")}
                scopes = []
                for c in spec:
                    s = by_id.get(c.get("scope_id")) or by_cue.get(c.get("cue_id"))
                    if s:
                        scopes.append((c["start"], c["end"], s["start"], s["end"]))
                out.append(Sentence(corpus, group, r["text"], cues, scopes))
    return out


def load_lexicon(data_dir: Path) -> frozenset[str]:
    path = data_dir / "hedge_lexicon_islam2020.jsonl.gz"
    if not path.exists():
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return frozenset(json.loads(l)["term"].lower() for l in f if '"hedge"' in l)


def bio_labels(doc: Any, cues: Sequence[tuple[int, int]]) -> list[str]:
    """B/I/O per token: a token is in a cue when their character ranges overlap."""
    labels = ["O"] * len(doc)
    for start, end in cues:
        first = True
        for tok in doc:
            if tok.idx < end and start < tok.idx + len(tok.text):
                labels[tok.i] = "B" if first else "I"
                first = False
    return labels


def parse_all(nlp: Any, sentences: Sequence[Sentence]) -> list[Any]:
    with nlp.select_pipes(disable=[p for p in ("ner",) if p in nlp.pipe_names]):
        return list(nlp.pipe((s.text for s in sentences), batch_size=256))


# --- training ---------------------------------------------------------------------------


def build_vocab(docs: Sequence[Any], labels: Sequence[list[str]], lexicon: frozenset[str], min_count: int = 2,
                min_rate: float = 0.005) -> frozenset[str]:
    """Words seen inside cues at least ``min_count`` times and in a cue at least ``min_rate``
    of their occurrences, plus single-word lexicon hedges."""
    in_cue: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for doc, labs in zip(docs, labels):
        for tok, lab in zip(doc, labs):
            low = _low(tok)
            seen[low] += 1
            if lab != "O":
                in_cue[low] += 1
    vocab = {w for w, n in in_cue.items() if n >= min_count and n / seen[w] >= min_rate}
    vocab |= {t for t in lexicon if " " not in t}
    return frozenset(vocab)


def fit(docs: Sequence[Any], labels: Sequence[list[str]], lexicon: frozenset[str], *, seed: int = 0,
        c: float = 0.3) -> HedgeModel:
    """Fit the candidate vocabulary and the logistic regression on parsed, labelled sentences."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vocab = build_vocab(docs, labels, lexicon)
    probe = HedgeModel(vocab, lexicon, {})
    X: list[dict[str, int]] = []
    y: list[int] = []
    for doc, labs in zip(docs, labels):
        for tok in doc:
            if probe.is_candidate(tok):
                X.append({f: 1 for f in token_features(tok, lexicon)})
                y.append(CLASSES.index(labs[tok.i]))
    vec = DictVectorizer()
    Xm = vec.fit_transform(X)
    clf = LogisticRegression(C=c, max_iter=2000, random_state=seed, fit_intercept=False)
    clf.fit(Xm, y)
    coef = clf.coef_
    present = list(clf.classes_)
    weights: dict[str, list[float]] = {}
    for j, name in enumerate(vec.feature_names_):
        row = [0.0, 0.0, 0.0]
        for k, cls in enumerate(present):
            row[cls] = round(float(coef[k, j]), 4) if coef.shape[0] > 1 else 0.0
        if coef.shape[0] == 1:  # binary fallback (only O and one other class seen)
            row[present[1]] = round(float(coef[0, j]), 4)
        if any(abs(v) >= 1e-4 for v in row):
            weights[name] = row
    return HedgeModel(vocab, lexicon, weights, meta={"candidates": len(y), "features": len(weights), "seed": seed, "C": c})


def fold_of(groups: Iterable[str], k: int, seed: int) -> dict[str, int]:
    """Assign each document group to one of ``k`` folds (seeded shuffle, per corpus)."""
    by_corpus: dict[str, list[str]] = {}
    for g in sorted(set(groups)):
        by_corpus.setdefault(g.split(":", 1)[0], []).append(g)
    out: dict[str, int] = {}
    for corpus, gs in sorted(by_corpus.items()):
        rng = random.Random(f"{seed}:{corpus}")
        rng.shuffle(gs)
        for i, g in enumerate(gs):
            out[g] = i % k
    return out


def predicted_char_spans(model: HedgeModel, doc: Any) -> list[tuple[int, int]]:
    return [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e, _ in model.cues(doc)]


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def _cue_text(text: str, span: tuple[int, int]) -> str:
    return " ".join(text[span[0]:span[1]].lower().replace("\x92", "'").split())


def _excluded(text: str, span: tuple[int, int]) -> bool:
    cue = _cue_text(text, span)
    return cue in NEWS_EXCLUDED or cue.split(" ")[0] in NEWS_EXCLUDED


def cross_validate(nlp: Any, sentences: Sequence[Sentence], lexicon: frozenset[str], *, k: int = 5, seed: int = 0,
                   c: float = 0.3, docs: Sequence[Any] | None = None) -> dict[str, Any]:
    """Cue-level exact-match P/R/F1 over ``k`` document-grouped folds, per corpus and combined.

    ``all_cues`` counts every speculation cue the corpora annotate; ``news_cues`` drops the
    cues in ``NEWS_EXCLUDED`` from both gold and prediction (what the news stage keeps).
    """
    docs = list(docs) if docs is not None else parse_all(nlp, sentences)
    labels = [bio_labels(d, s.cues) for d, s in zip(docs, sentences)]
    folds = fold_of((s.group for s in sentences), k, seed)
    counts: dict[tuple[str, str], list[int]] = {}
    for fold in range(k):
        train_idx = [i for i, s in enumerate(sentences) if folds[s.group] != fold]
        test_idx = [i for i, s in enumerate(sentences) if folds[s.group] == fold]
        model = fit([docs[i] for i in train_idx], [labels[i] for i in train_idx], lexicon, seed=seed, c=c)
        for i in test_idx:
            s = sentences[i]
            pred = set(predicted_char_spans(model, docs[i]))
            gold = set(s.cues)
            for view, keep in (("all_cues", lambda sp: True), ("news_cues", lambda sp: not _excluded(s.text, sp))):
                p = {sp for sp in pred if keep(sp)}
                g = {sp for sp in gold if keep(sp)}
                for corpus in (s.corpus, "combined"):
                    row = counts.setdefault((view, corpus), [0, 0, 0])
                    row[0] += len(p & g)
                    row[1] += len(p - g)
                    row[2] += len(g - p)
    result: dict[str, Any] = {"folds": k, "seed": seed, "C": c}
    for (view, corpus), (tp, fp, fn) in sorted(counts.items()):
        result.setdefault(view, {})[corpus] = prf(tp, fp, fn)
    return result


def iter_sentences_with_docs(nlp: Any, sentences: Sequence[Sentence]) -> Iterator[tuple[Sentence, Any]]:
    yield from zip(sentences, parse_all(nlp, sentences))
