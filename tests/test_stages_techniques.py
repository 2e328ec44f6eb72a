"""The techniques stage: labels, calibrated scores, signals, graceful degradation."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsprobe.article import Article
from newsprobe.errors import ModelError
from newsprobe.ml.techniques_features import Sent, Tok, english_ratio, looks_english
from newsprobe.ml.techniques_model import MODEL_DIR, Decoding, TechniquesModel, load_model
from newsprobe.pipeline import Pipeline
from newsprobe.settings import Settings
from newsprobe.stages import techniques as stage_mod
from newsprobe.techniques_catalog import CATALOG, TECHNIQUES, catalog_json

SEMEVAL_NAMES = {
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation",
    "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans",
    "Thought-terminating_Cliches", "Whataboutism,Straw_Men,Red_Herring",
}

PERSUASIVE = (
    "Council Rams Through Shameful Tax Grab\n\n"
    "The corrupt council rammed through its outrageous tax grab in a shameful midnight vote. "
    "These clueless bureaucrats are destroying our town, and every true patriot knows it. "
    "Either we stop them now or we lose everything we love. "
    "Can we really trust people who have lied to us again and again? "
    "Hands off our homes! Hands off our homes! "
    "The mayor said the budget was balanced, but nobody believes a word she says."
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(["parse", "stories", "sentences", "techniques"], Settings(stages="parse,stories,sentences,techniques"))


def test_catalog_has_the_fourteen_semeval_names() -> None:
    assert set(CATALOG) == SEMEVAL_NAMES
    assert len(TECHNIQUES) == 14
    for name, entry in CATALOG.items():
        assert entry["name"] == name
        assert entry["short"] and len(entry["definition"]) > 60 and entry["example"]
    assert json.loads(json.dumps(catalog_json()))[0]["name"] == TECHNIQUES[0]


def test_model_labels_match_catalog() -> None:
    model = load_model()
    assert model.labels == list(TECHNIQUES)
    assert model.si_coef.ndim == 1 and model.tc_coef.shape[0] == 14
    assert 0.0 < model.decoding.threshold < 1.0 and model.temperature > 0
    assert not model.is_dense  # the top-level model is the sparse fallback


def test_committed_model_has_a_dense_variant() -> None:
    dense = load_model().dense
    assert dense is not None and dense.is_dense and dense.layers >= 1
    assert dense.si_dense is not None and dense.si_dense.shape == (384,)
    assert dense.tc_dense is not None and dense.tc_dense.shape == (14, 768)
    assert 0.0 < dense.decoding.threshold < 1.0 and dense.temperature > 0


def test_stage_uses_the_dense_model_when_the_encoder_loads(pipeline: Pipeline) -> None:
    from newsprobe.ml.techniques_dense import available

    if not available()[0]:
        pytest.skip("MiniLM encoder not installed")
    art = pipeline(Article(PERSUASIVE))
    assert art.signals["techniques"]["model"].startswith("dense-minilm-L")
    assert not [n for n in art.provenance.get("notes", []) if n["stage"] == "techniques"]


def test_stage_falls_back_to_the_sparse_model_without_the_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprobe.ml import sentence_states

    monkeypatch.setattr(sentence_states, "available", lambda: (False, "ModelError: not installed"))
    pipe = Pipeline(["parse", "sentences", "techniques"], Settings(stages="parse,sentences,techniques"))
    art = pipe(Article(PERSUASIVE))
    assert "errors" not in art.provenance
    assert art.signals["techniques"]["model"] == "sparse"
    assert art.layer("techniques"), "the sparse model still finds spans"
    notes = [n["note"] for n in art.provenance.get("notes", []) if n["stage"] == "techniques"]
    assert any("sparse fallback" in n and "not installed" in n for n in notes)


def test_setting_off_runs_the_sparse_model_without_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprobe.settings import load_settings

    monkeypatch.setenv("NEWSPROBE_TECHNIQUES_DENSE", "0")
    settings = load_settings(stages="parse,sentences,techniques")
    assert settings.techniques_dense is False
    art = Pipeline(["parse", "sentences", "techniques"], settings)(Article(PERSUASIVE))
    assert art.signals["techniques"]["model"] == "sparse" and art.layer("techniques")
    assert not [n for n in art.provenance.get("notes", []) if n["stage"] == "techniques"]


def test_stage_falls_back_when_the_encoder_fails_on_a_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprobe.ml import techniques_dense

    if not techniques_dense.available()[0]:
        pytest.skip("MiniLM encoder not installed")

    def broken(*_a: object, **_k: object) -> None:
        raise MemoryError("out of memory")

    monkeypatch.setattr(techniques_dense, "sentence_token_vectors", broken)
    pipe = Pipeline(["parse", "sentences", "techniques"], Settings(stages="parse,sentences,techniques"))
    art = pipe(Article(PERSUASIVE))
    assert "errors" not in art.provenance and art.signals["techniques"]["model"] == "sparse"
    notes = [n["note"] for n in art.provenance.get("notes", []) if n["stage"] == "techniques"]
    assert any("MemoryError" in n for n in notes)


def test_persuasive_text_gets_labelled_spans(pipeline: Pipeline) -> None:
    art = pipeline(Article(PERSUASIVE))
    spans = art.layer("techniques")
    assert spans, "a text full of loaded language should yield some spans"
    for s in spans:
        assert s.label in CATALOG
        assert s.score is not None and 0.0 <= s.score <= 1.0
        assert 0 <= s.start < s.end <= len(PERSUASIVE)
        assert art.span_text(s).strip() == art.span_text(s)
        for other in s.attrs.get("also", []):
            assert other in CATALOG and other != s.label
    labels = {s.label for s in spans}
    assert labels & {"Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans", "Flag-Waving", "Doubt"}
    sig = art.signals["techniques"]
    assert sig["count"] == len(spans)
    assert sum(sig["counts"].values()) == len(spans)
    assert sig["density_per_1000_words"] == pytest.approx(len(spans) * 1000 / len(PERSUASIVE.split()), abs=1e-3)
    assert set(sig["by_story"]) == {s.id for s in art.layer("stories")} or "none" in sig["by_story"]
    assert sum(v["count"] for v in sig["by_story"].values()) == len(spans)
    Article.from_json(art.to_json())  # the layer survives the wire format


def test_neutral_text_scores_lower_than_persuasive(pipeline: Pipeline) -> None:
    neutral = (
        "The council met on Tuesday to discuss the budget. Members reviewed the figures for the "
        "library and the parks department. The meeting lasted two hours and the next one is in May."
    )
    a = pipeline(Article(neutral)).layer("techniques")
    b = pipeline(Article(PERSUASIVE)).layer("techniques")
    assert sum(s.score or 0 for s in a) < sum(s.score or 0 for s in b)


def test_non_english_is_skipped_with_a_note(pipeline: Pipeline) -> None:
    text = (
        "El consejo municipal aprobó ayer el presupuesto para el próximo año después de una larga "
        "sesión en la que los concejales discutieron los gastos de las bibliotecas y los parques."
    )
    assert not looks_english(text)
    art = pipeline(Article(text))
    assert art.layer("techniques") == ()
    notes = art.provenance.get("notes", [])
    assert any(n["stage"] == "techniques" and "English" in n["note"] for n in notes)
    assert art.signals.get("techniques", {"count": 0})["count"] == 0  # the pipeline skips it: no layer, no signals


def test_english_check() -> None:
    ratio, n = english_ratio("The cat sat on the mat and it was happy with the world.")
    assert n == 13 and ratio > 0.3
    assert looks_english("Short.")  # too short to judge: analysed


@pytest.mark.parametrize(
    "text",
    [
        "\u201c" * 1000,
        '"' * 1000 + " and then",
        "He said: \u201c" + "word " * 10000 + "\u201d",
        "\u202e\u0000\ufeff Zalgo t\u0337\u0335ext \U0001f600 \u00a0 \u2028",
        "   \n\n  ",
        "Что это было? Никто не знает. " * 20,
    ],
)
def test_hostile_input_does_not_crash(pipeline: Pipeline, text: str) -> None:
    art = pipeline(Article(text))
    assert "errors" not in art.provenance, art.provenance
    assert art.has_layer("techniques") or art.meta.get("language") not in (None, "en")  # other languages: skipped
    for s in art.layer("techniques"):
        assert s.end <= len(text)


def test_long_text_is_capped_with_a_note(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stage_mod, "MAX_TOKENS", 30)
    art = pipeline(Article(PERSUASIVE))
    notes = [n["note"] for n in art.provenance.get("notes", []) if n["stage"] == "techniques"]
    assert any("first 30 tokens" in n for n in notes)
    assert all(s.start < 200 for s in art.layer("techniques"))


def test_sentence_windows_split_only_long_articles() -> None:
    assert stage_mod.sentence_windows(list(range(300)), 200) == [list(range(300))]
    windows = stage_mod.sentence_windows(list(range(1001)), 200)
    assert [len(w) for w in windows] == [167, 167, 166, 167, 167, 167]
    assert [x for w in windows for x in w] == list(range(1001))


def test_a_book_length_text_is_analysed_in_windows_with_a_note(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stage_mod, "WINDOW_SENTENCES", 4)
    text = "\n\n".join([PERSUASIVE] * 4)
    art = pipeline(Article(text))
    notes = [n["note"] for n in art.provenance.get("notes", []) if n["stage"] == "techniques"]
    assert any("windows of about" in n for n in notes), notes
    third = len(text) * 2 // 3
    assert any(s.start > third for s in art.layer("techniques")), "the last windows find spans too"


def _toks(words: list[str], start: int = 0) -> tuple[str, list[Tok]]:
    text, toks, pos = "", [], start
    for w in words:
        toks.append(Tok(pos, pos + len(w), w.lower(), w.lower(), "PUNCT" if w in ".,!" else "NOUN", "dep", "x", "x"))
        text += w + " "
        pos += len(w) + 1
    return text, toks


def _seven_token_case() -> tuple[str, TechniquesModel, list[Sent]]:
    """"a b c d e f ." as one sentence, and a model whose decoding each test sets."""
    text, toks = _toks(["a", "b", "c", "d", "e", "f", "."])
    model = TechniquesModel(
        labels=list(TECHNIQUES), si_coef=np.zeros(4, np.float32), si_intercept=0.0,
        tc_coef=np.zeros((14, 4), np.float32), tc_intercept=np.zeros(14, np.float32),
    )
    return text, model, [Sent(0, len(text) - 1, tuple(toks))]


def test_decode_runs_gaps_and_punctuation() -> None:
    text, model, sents = _seven_token_case()
    probs = np.array([0.9, 0.1, 0.8, 0.1, 0.1, 0.9, 0.9])
    model.decoding = Decoding(threshold=0.5, gap=0, min_tokens=1)
    assert [(s, e) for s, e, _ in model.runs(sents, probs, text)] == [(0, 1), (4, 5), (10, 11)]
    model.decoding = Decoding(threshold=0.5, gap=1, min_tokens=1)
    runs = model.runs(sents, probs, text)
    assert [(s, e) for s, e, _ in runs] == [(0, 5), (10, 11)]  # "a b c" bridged; trailing "." trimmed
    assert runs[0][2] == pytest.approx(np.mean([0.9, 0.1, 0.8]))
    model.decoding = Decoding(threshold=0.5, gap=0, min_tokens=2)
    assert model.runs(sents, probs, text) == []
    model.platt = (2.0, -1.0)
    conf = model.decode(sents, np.array([0.5] * 7), text)[0][2]
    assert conf == pytest.approx(1 / (1 + np.exp(-(2.0 * 0.5 - 1.0))))


def test_decode_seed_keeps_only_runs_with_a_confident_token() -> None:
    text, model, sents = _seven_token_case()
    probs = np.array([0.3, 0.7, 0.3, 0.1, 0.3, 0.35, 0.1])
    model.decoding = Decoding(threshold=0.25, gap=0, min_tokens=1, seed=0.6)
    # "a b c" holds a token at 0.7 and keeps its low-probability edges; "e f" peaks at 0.35: dropped
    assert [(s, e) for s, e, _ in model.runs(sents, probs, text)] == [(0, 5)]
    withmax = model.runs_with_max(sents, probs, text)
    assert [(s, e, round(mx, 2)) for s, e, _, mx in withmax] == [(0, 5, 0.7), (8, 11, 0.35)]
    model.decoding = Decoding(threshold=0.25, gap=0, min_tokens=1, seed=0.0)
    assert len(model.runs(sents, probs, text)) == 2


def test_missing_model_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="newsprobe train techniques"):
        TechniquesModel.load(tmp_path)


def test_model_round_trips(tmp_path: Path) -> None:
    model = load_model()
    model.save(tmp_path)
    again = TechniquesModel.load(tmp_path)
    assert again.labels == model.labels and again.decoding == model.decoding
    assert np.allclose(again.si_coef, model.si_coef) and again.temperature == model.temperature
    assert (MODEL_DIR / "MODEL_CARD.md").exists()


def test_stage_notes_float_states_when_int8_onnx_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprobe.ml import techniques_dense

    if not techniques_dense.available()[0]:
        pytest.skip("MiniLM encoder not installed")
    assert techniques_dense.encoder_note() is None or "numpy" in techniques_dense.encoder_note()
    from newsprobe.ml import sentence_states

    monkeypatch.setattr(sentence_states, "encoder_note", lambda: "MiniLM runs on numpy with float weights")
    art = Pipeline(["parse", "sentences", "techniques"], Settings(stages="parse,sentences,techniques"))(Article(PERSUASIVE))
    assert art.signals["techniques"]["model"].startswith("dense-minilm-L")
    notes = [n["note"] for n in art.provenance.get("notes", []) if n["stage"] == "techniques"]
    assert any("float weights" in n for n in notes)
