"""The learned attribution-cue model (quotes stage v9; MiniLM blocks since v10): long-tail cues of reported speech the
word lists miss, what it leaves alone, the artifact, and the trainer on a tiny invented
dataset.

Every sentence here is written for these tests (invented people and places).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprobe.article import Article, Span
from newsprobe.ml import attribution_model as am
from newsprobe.stages.quote_learned import lists_of

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def learned(article: Article) -> list[Span]:
    return [q for q in article.layer("quotes") if q.attrs.get("cue_kind") == "learned"]


def with_cue(article: Article, cue: str) -> Span:
    hits = [q for q in article.layer("quotes") if q.attrs.get("cue") == cue]
    assert len(hits) == 1, [(article.span_text(q), q.attrs.get("cue")) for q in article.layer("quotes")]
    return hits[0]


# --- long-tail cues ------------------------------------------------------------------------


def test_has_been_critical_of_is_an_attribution(run):
    a = run(
        "The harbour board met on Monday to look at the ferry budget.\n\n"
        "Councillor Mara Velden has been critical of the plan to cut evening crossings."
    )
    q = with_cue(a, "critical")
    assert q.label == "indirect" and q.attrs["cue_kind"] == "learned"
    assert a.span_text(q) == "the plan to cut evening crossings"
    assert q.attrs["speaker"] == "Mara Velden"


def test_talked_about_is_an_attribution(run):
    a = run("The harbour board met on Monday.\n\nMayor Tomas Greve talked about the cost of repairing the old pier.")
    q = with_cue(a, "talked")
    assert q.label == "indirect" and q.attrs["cue_kind"] == "learned"
    assert a.span_text(q).startswith("the cost of repairing the old pier")
    assert q.attrs["speaker"] == "Tomas Greve"


def test_a_noun_cue_with_about(run):
    a = run("Voters in Elmsford want a decision.\n\nAnna Kowal has voiced concern about the new parking rules.")
    q = with_cue(a, "concern")
    assert q.attrs["cue_kind"] == "learned"
    assert a.span_text(q) == "the new parking rules"
    assert q.attrs["speaker"] == "Anna Kowal"


def test_an_adjective_cue_with_of(run):
    a = run("Councillor Mara Velden is skeptical of the new toll on the coastal road.")
    q = with_cue(a, "skeptical")
    assert a.span_text(q) == "the new toll on the coastal road"
    assert q.attrs["speaker"] == "Mara Velden"


def test_a_finding_is_the_documents(run):
    # by design (PolNeAR marks findings as attributions): the report is the source
    a = run("The quarterly figures came out on Friday.\n\nThe harbour report shows sales rose in the spring.")
    q = with_cue(a, "shows")
    assert a.span_text(q) == "sales rose in the spring"
    assert q.attrs["speaker"] and "report" in q.attrs["speaker"].lower()


# --- what it leaves alone -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It was a quiet afternoon in Elmsford.\n\nShe walked to the store and bought bread.",
        "The ferry left the harbour at noon and reached the island two hours later.",
        "Mara Velden painted the fence and fixed the gate before lunch.",
    ],
)
def test_actions_are_not_attributions(run, text):
    a = run(text)
    assert [q for q in a.layer("quotes") if q.label not in ("scare", "title")] == []


def test_learned_spans_never_overlap_a_quote_and_direct_quotes_keep_their_speaker(run):
    a = run(
        "The harbour board met on Monday.\n\n"
        '"We cannot keep the evening boats," said Tomas Greve, who has been critical of the budget for months.'
    )
    direct = [q for q in a.layer("quotes") if q.label == "direct"]
    assert len(direct) == 1 and direct[0].attrs["speaker"] == "Tomas Greve"
    for q in learned(a):
        assert q.end <= direct[0].start or q.start >= direct[0].end


def test_the_models_probability_caps_the_confidence(run):
    a = run("The harbour board met on Monday to look at the ferry budget.\n\nVoters in Elmsford are tired of the dispute.")
    for q in learned(a):
        assert 0.0 < q.attrs["confidence"] <= 1.0
        if q.attrs["confidence"] < 0.6:
            assert q.attrs["speaker_uncertain"] is True


# --- the artifact ------------------------------------------------------------------------------


def test_the_shipped_model_loads_and_is_deterministic():
    m1 = am.load_model()
    m2 = am.load_model()
    first = int(m1.meta["data"].removeprefix("PolNeAR train[").split(":")[0])
    assert first >= 100  # train[:100], the untouched evaluation slice, is never fitted on
    assert 0.0 < m1.threshold < 1.0
    feats = ["bias", "k=prep:about", "l=talk", "p=VERB", "s.e=PERSON", "c|w=prep|about"]
    assert m1.probability(feats) == m2.probability(feats)
    assert 0.0 < m1.probability(feats) < 1.0
    path = am.MODEL_DIR / am.ARTIFACT_NAME
    assert path.stat().st_size < 3_000_000
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    assert set(data) == {"format", "weights", "bias", "threshold", "meta"}  # numbers and feature names only


def test_the_shipped_dense_model_holds_numbers_only_and_matches_the_training_formula():
    import numpy as np

    from newsprobe.ml.attribution_dense import ArticleStates, block_vectors, piece_table
    from newsprobe.train.attribution_dense import dense_probabilities

    path = am.MODEL_DIR / am.DENSE_ARTIFACT_NAME
    assert path.stat().st_size < 3_000_000
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    assert set(data) == {"format", "weights", "bias", "threshold", "meta", "dense"}
    assert set(data["dense"]) == {"layers", "blocks", "weights", "offsets", "missing"}
    model = am.load_model(path)
    assert model.dense is not None and model.dense.layers == 3
    # two invented "sentences" of pieces: the runtime's prefix sums give the training formula's logit
    rng = np.random.default_rng(1)
    spans = [(0, 20), (21, 40)]
    states = [(np.array([[0, 4], [5, 9], [10, 19]]), rng.normal(size=(3, 384)).astype(np.float32)),
              (np.array([[0, 3], [4, 18]]), rng.normal(size=(2, 384)).astype(np.float32))]
    runtime = ArticleStates(model.dense, spans, states)
    starts, ends, st = piece_table(spans, states)
    cue, content, subject = (5, 9), (10, 39), (0, 4)
    row = np.concatenate([b if b is not None else np.zeros(384, np.float32) for b in block_vectors(starts, ends, st, cue, content, subject)])
    expected = dense_probabilities(model, [["bias"]], row[None, :])[0]
    assert model.probability(["bias"], runtime.score(cue, content, subject)) == pytest.approx(expected, abs=1e-5)
    # no subject: the block's "missing" weight
    row[2 * 384 : 3 * 384] = 0
    expected = dense_probabilities(model, [["bias"]], row[None, :])[0]
    assert model.probability(["bias"], runtime.score(cue, content, None)) == pytest.approx(expected, abs=1e-5)


def test_without_the_encoder_the_sparse_model_runs_with_a_note(monkeypatch):
    from newsprobe.ml import sentence_states
    from newsprobe.settings import load_settings
    from newsprobe.stages.quote_learned import LearnedCues

    monkeypatch.setattr(sentence_states, "available", lambda: (False, "ModelError: not installed"))
    cues = LearnedCues(load_settings().with_(quotes_dense=True))
    assert cues.dense is False and cues.model is am.shipped_model()
    assert "sparse attribution-cue model" in cues.note


def test_the_dense_cue_model_runs_by_default_and_can_be_turned_off():
    # quotes v61: the retrained dense model is on by default (dev F1 0.691 -> 0.696, precision
    # 0.754 -> 0.775); off, the sparse model runs with no note
    from newsprobe.ml import sentence_states
    from newsprobe.settings import load_settings
    from newsprobe.stages.quote_learned import LearnedCues

    ok, why = sentence_states.available()
    if not ok:
        pytest.skip(f"MiniLM encoder not installed ({why}); bash scripts/setup.sh installs it")
    cues = LearnedCues(load_settings())
    assert cues.dense is True and cues.model is am.shipped_dense_model()
    off = LearnedCues(load_settings().with_(quotes_dense=False))
    assert off.dense is False and off.note == "" and off.model is am.shipped_model()


def test_both_shipped_cue_models_come_from_one_training_run():
    # version 61: both rebuilt from the same readings (train[100:840]); the dense one was
    # version 10's and the sparse one 11b's before
    sparse, dense = am.shipped_model(), am.shipped_dense_model()
    assert sparse is not None and dense is not None
    assert sparse.meta["data"] == dense.meta["data"] == "PolNeAR train[100:840]"
    assert sparse.meta["candidates"] == dense.meta["candidates"]


def test_a_missing_or_foreign_artifact_is_a_clear_error(tmp_path):
    from newsprobe.errors import ModelError

    with pytest.raises(ModelError, match="missing"):
        am.load_model(tmp_path / "none.json.gz")
    bad = tmp_path / "bad.json.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as f:
        json.dump({"format": "something-else/1"}, f)
    with pytest.raises(ModelError, match="format"):
        am.load_model(bad)


def test_hand_lists_become_one_feature_value():
    assert lists_of("say") == "speech"
    assert "evidence" in lists_of("show")
    assert lists_of("talk") == "none"


# --- the trainer -------------------------------------------------------------------------------


def _record(text: str, attributions: list[tuple[str, str, str]]) -> dict:
    def span(part: str) -> list[dict]:
        start = text.index(part)
        return [{"spans": [[start, start + len(part)]], "text": part}]

    anns = [{"id": f"A{k}", "source": span(s), "cue": span(c), "content": span(t)} for k, (s, c, t) in enumerate(attributions)]
    return {"split": "train", "text": text, "title": "", "annotations": {"ann1": anns}}


def _tiny_polnear(path: Path) -> None:
    filler = [{"split": "train", "text": "Nothing here.", "annotations": {}} for _ in range(100)]
    articles = [
        _record(
            "The council met on Tuesday.\n\nMara Velden said the ferry would stop in May. "
            "Tomas Greve talked about the cost of the pier.",
            [("Mara Velden", "said", "the ferry would stop in May"), ("Tomas Greve", "talked about", "the cost of the pier")],
        ),
        _record(
            "Anna Kowal has been critical of the parking plan. She walked to the harbour after the meeting.",
            [("Anna Kowal", "has been critical of", "the parking plan")],
        ),
        _record(
            "The board said the budget was too small. Residents painted the old fence on Sunday.",
            [("The board", "said", "the budget was too small")],
        ),
    ]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for r in filler + articles:
            f.write(json.dumps(r) + "\n")


def test_the_training_command_runs_on_a_tiny_dataset(tmp_path):
    from newsprobe.cli import cli

    data = tmp_path / "polnear.jsonl.gz"
    _tiny_polnear(data)
    out = tmp_path / "model"
    args = ["train", "attribution", "--data", str(data), "--offset", "100", "--min-count", "1", "--no-dense"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    model = am.load_model(out / am.ARTIFACT_NAME)
    assert model.meta["data"] == "PolNeAR train[100:103]"
    assert model.meta["positives"] >= 3
    assert model.dense is None and not (out / am.DENSE_ARTIFACT_NAME).exists()
    again = tmp_path / "again"
    CliRunner().invoke(cli, [*args, "--out", str(again)])
    assert (again / am.ARTIFACT_NAME).read_bytes() == (out / am.ARTIFACT_NAME).read_bytes()  # seeded: same bytes


def test_the_training_command_fits_the_dense_model_too(tmp_path):
    from newsprobe.cli import cli
    from newsprobe.ml import sentence_states

    if not sentence_states.available()[0]:
        pytest.skip("MiniLM encoder not installed")
    data = tmp_path / "polnear.jsonl.gz"
    _tiny_polnear(data)
    args = ["train", "attribution", "--data", str(data), "--offset", "100", "--min-count", "1", "--components", "8"]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    model = am.load_model(tmp_path / "a" / am.DENSE_ARTIFACT_NAME)
    assert model.dense is not None and model.dense.weights.shape == (5, 384)
    assert model.meta["dense"]["components"] == 8
    assert (tmp_path / "a" / am.ARTIFACT_NAME).exists()  # the sparse fallback is written as well
    CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "b")])
    for name in (am.ARTIFACT_NAME, am.DENSE_ARTIFACT_NAME):
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()  # seeded: same bytes


def test_the_trainer_refuses_the_untouched_slice(tmp_path):
    from newsprobe.cli import cli

    data = tmp_path / "polnear.jsonl.gz"
    _tiny_polnear(data)
    result = CliRunner().invoke(cli, ["train", "attribution", "--data", str(data), "--offset", "0", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "train[:100]" in result.output
