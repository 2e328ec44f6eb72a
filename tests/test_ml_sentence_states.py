"""Sentence states shared by the claims and techniques stages: cached per article, encoded once,
the same whichever stage asks first. Articles here are written for these tests."""

from __future__ import annotations

import numpy as np
import pytest

from newsprobe.article import Article
from newsprobe.ml import sentence_states as ss
from newsprobe.pipeline import Context, Pipeline
from newsprobe.settings import Settings

ENCODER_OK, ENCODER_WHY = ss.available()
needs_encoder = pytest.mark.skipif(not ENCODER_OK, reason=f"MiniLM encoder not installed: {ENCODER_WHY}")

TEXT = (
    "Harbour board sells the old ferry terminal\n\n"
    "The harbour board sold the old ferry terminal for $18 million on Friday, twice its valuation. "
    "Critics called the sale a disgraceful giveaway to the board's friends. "
    "A spokesman said the money would repair the breakwater before winter. "
    "Nobody believes that any more."
)


def _fake_piece_states(calls: list[list[str]]):
    def fake(texts, layers=6, batch_size=64):
        calls.append(list(texts))
        return [(np.zeros((1, 2), np.int32), np.full((1, ss.DIM), float(len(t)), np.float32)) for t in texts]

    return fake


def test_shared_states_encode_each_span_once_per_article(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(ss, "piece_states", _fake_piece_states(calls))
    text = "One two three. Four five six. Seven."
    ctx = Context(article=Article(text), settings=Settings())
    spans = [(0, 14), (15, 29), (30, 36)]
    first = ss.shared_states(ctx, text, spans, 3)
    again = ss.shared_states(ctx, text, spans[1:], 3)
    assert calls == [["One two three.", "Four five six.", "Seven."]]
    assert np.array_equal(again[0][1], first[1][1]) and np.array_equal(again[1][1], first[2][1])
    assert first[0][1].dtype == np.float32  # kept as float16, handed out as float32
    ss.shared_states(ctx, text, [(0, 3), (0, 14)], 3)  # one new span: encoded alone
    assert calls[-1] == ["One"]
    ss.shared_states(ctx, text, [(0, 14)], 6)  # another depth is another cache
    assert calls[-1] == ["One two three."]
    ss.shared_states(None, text, spans, 3)  # no context: no cache
    assert len(calls[-1]) == 3


def test_mean_states_of_reads_the_cache_and_does_not_keep_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(ss, "piece_states", _fake_piece_states(calls))
    text = "One two three. Four five six. Seven."
    ctx = Context(article=Article(text), settings=Settings())
    ss.shared_states(ctx, text, [(0, 14)], 3)
    means = ss.mean_states_of(ctx, text, [(0, 14), (15, 29), (30, 36)], 3, chunk=1)
    assert calls == [["One two three."], ["Four five six."], ["Seven."]]  # the cached one is not encoded again
    assert np.allclose(means[:, 0], [14, 14, 6])  # the fake state of a text is its length
    assert set(ctx.extras[ss.CACHE_KEY][3]) == {(0, 14)}, "sentences encoded apart are not cached"


def test_mean_states_gives_zero_rows_for_empty_texts() -> None:
    states = [(np.zeros((2, 2), np.int32), np.ones((2, ss.DIM), np.float32)), (np.zeros((0, 2), np.int32), np.zeros((0, ss.DIM), np.float32))]
    m = ss.mean_states(states)
    assert m.shape == (2, ss.DIM) and np.allclose(m[0], 1.0) and not m[1].any()


def _run(stages: str) -> tuple[Article, list[list[str]]]:
    settings = Settings(stages=stages, store="")
    pipe = Pipeline(settings.stage_names, settings)
    calls: list[list[str]] = []
    real = ss.piece_states

    def counting(texts, layers=6, batch_size=64):
        calls.append(list(texts))
        return real(texts, layers=layers, batch_size=batch_size)

    ss.piece_states = counting  # type: ignore[assignment]
    try:
        return pipe(Article(TEXT)), calls
    finally:
        ss.piece_states = real  # type: ignore[assignment]


@needs_encoder
def test_claims_and_techniques_encode_the_article_once() -> None:
    both, calls = _run("parse,stories,sentences,entities,quotes,citations,hedges,claims,techniques")
    assert not both.provenance.get("errors")
    assert both.signals["claims"]["model"].startswith("dense") and both.signals["techniques"]["model"].startswith("dense")
    assert len(calls) == 1, "the second stage must reuse the first one's states"
    assert len(calls[0]) == len(both.layer("sentences"))


@needs_encoder
def test_results_do_not_depend_on_which_stage_encodes_first() -> None:
    both, _ = _run("parse,stories,sentences,entities,quotes,citations,hedges,claims,techniques")
    alone, calls = _run("parse,sentences,techniques")
    assert len(calls) == 1
    key = lambda a: [(s.start, s.end, s.label, s.score) for s in a.layer("techniques")]  # noqa: E731
    assert key(both) == key(alone)
    claims_alone, _ = _run("parse,stories,sentences,entities,quotes,citations,hedges,claims")
    assert [(s.start, s.score) for s in claims_alone.layer("claims")] == [(s.start, s.score) for s in both.layer("claims")]
