"""Candidate readings of the attribution-cue model (quotes stage, version 11b): the shapes the
dependency edges of version 9 missed (the rest of the sentence, the content before the cue,
a passive's subject with its "by" agent as the source, the noun a participle qualifies) and
the features that compare one token's readings.

Every sentence here is written for these tests (invented people and places).
"""

from __future__ import annotations

from typing import Any

import pytest

from newsprobe.api import load_pipeline
from newsprobe.article import Article
from newsprobe.context import Context
from newsprobe.settings import load_settings
from newsprobe.stages.quote_cues import TokenIndex
from newsprobe.stages.quote_learned import Candidate, candidates, features
from newsprobe.stages.quote_marks import find_quotes


@pytest.fixture(scope="module")
def pipeline() -> Any:
    return load_pipeline(load_settings(stages="parse,stories,sentences,entities,quotes"))


def _index(pipeline: Any, text: str) -> TokenIndex:
    """The quotes stage's token index of ``text``: every stage before quotes run, quotes not."""
    got: list[tuple[Article, Context]] = []
    fn = pipeline._fns[-1]
    pipeline._fns[-1] = lambda article, ctx: got.append((article, ctx))
    try:
        pipeline(Article(text))
    finally:
        pipeline._fns[-1] = fn
    article, ctx = got[0]
    return TokenIndex(article, ctx, find_quotes(article.text, ctx.normalized_text))


@pytest.fixture(scope="module")
def readings(pipeline: Any) -> Any:
    """text -> its candidates (cue word, kind, content, subject word), read off the parse the
    quotes stage gets (the stages before it)."""

    def read(text: str, shapes: bool = True) -> list[tuple[Candidate, str, str, str | None]]:
        idx = _index(pipeline, text)
        return [
            (c, c.tok.text, idx.text[c.start : c.end], c.subject.text if c.subject is not None else None)
            for c in candidates(idx, idx.text, shapes=shapes)
        ]

    return read


def kinds_of(got: list[tuple[Candidate, str, str, str | None]], cue: str) -> dict[str, tuple[str, str | None]]:
    return {c.kind: (content, subject) for c, word, content, subject in got if word == cue}


def test_the_rest_of_the_sentence_is_a_reading(readings):
    got = kinds_of(readings("Tomas Greve thinks the toll worked, but that more buses are needed."), "thinks")
    assert got["ccomp"] == ("the toll worked", "Greve")
    assert got["sentence"] == ("the toll worked, but that more buses are needed", "Greve")


def test_the_rest_of_the_sentence_starts_after_whether_or_a_particle_not_a_preposition(readings):
    got = kinds_of(readings("Anna Kowal wondered whether the coastal road would open in May."), "wondered")
    assert got["sentence"][0] == "the coastal road would open in May"
    got = kinds_of(readings("The harbour pilots lined up to greet the new ferry captain."), "lined")
    assert got["sentence"][0] == "to greet the new ferry captain"
    # not after a preposition: "on Friday in Kestrel Bay" is when and where, not what
    got = kinds_of(readings("The Boreal Music Festival opened on Friday in Kestrel Bay."), "opened")
    assert not got.get("sentence", ("",))[0].startswith("Friday")


def test_a_passive_subject_is_the_content_and_the_agent_the_source(readings):
    got = kinds_of(readings("The plan to close the ferry was criticised by the harbour union."), "criticised")
    assert got["passive"] == ("The plan to close the ferry", "union")
    assert "sentence" not in got  # "by the harbour union" is the source, not the content


def test_a_participle_qualifies_the_content_and_its_agent_is_the_source(readings):
    got = kinds_of(readings("The ferry bill, opposed by Councillor Mara Velden, failed in the spring."), "opposed")
    assert got["participle"] == ("The ferry bill", "Velden")


def test_the_content_before_the_cue(readings):
    got = kinds_of(readings("After the storm, the pier is unsafe for walkers, the harbour master said."), "said")
    contents = {content for content, _ in got.values()}
    assert any(content.endswith("the pier is unsafe for walkers") for content in contents)


def test_without_shapes_the_version_9_readings_only(readings):
    text = "The plan to close the ferry was criticised by the harbour union."
    old = {(c.tok.i, c.kind) for c, *_ in readings(text, shapes=False)}
    new = {(c.tok.i, c.kind) for c, *_ in readings(text)}
    assert old < new and {k for _, k in new - old} <= {"sentence", "before", "passive", "participle"}


def test_readings_of_one_token_are_compared(readings):
    got = [(c, content) for c, word, content, _ in readings("Tomas Greve thinks the toll worked, but that more buses are needed.") if word == "thinks"]
    assert len(got) >= 2
    for c, content in got:
        assert f"nr={min(len(got), 5)}" in c.peers
        longest = len(content) == max(len(x) for _, x in got)
        assert (f"rk|k=0|{c.kind}" in c.peers) == longest
        feats = features(c, "Tomas Greve thinks the toll worked, but that more buses are needed.")
        assert set(c.peers) <= set(feats)


def test_a_rule_span_the_model_reads_much_worse_gives_way(readings, pipeline):
    """A rule span ("the toll", here given the cue "worked") overlaps a learned reading of
    another cue that scores far higher: the learned reading takes its place. A model stub that
    believes only "think" read to the end of the sentence stands in for the shipped one."""
    from newsprobe.ml.attribution_model import AttributionModel
    from newsprobe.stages.quote_learned import add_learned
    from newsprobe.stages.quote_post import Found

    text = "Tomas Greve thinks the toll worked, but that more buses are needed."
    worked = next(c for c, word, *_ in readings(text) if word == "worked")
    model = AttributionModel({"k=sentence": 3.0, "l=think": 3.0}, bias=-6.0, threshold=0.25)
    at, cue = text.index("the toll"), text.index("worked")
    rule = Found(at, at + len("the toll"), "indirect", 0.5, cue_span=(cue, cue + len("worked")), path="indirect")
    found = [rule]
    add_learned(found, {(worked.off, worked.tok.i)}, _index(pipeline, text), text, model)
    assert rule not in found
    assert [text[f.start : f.end] for f in found if f.path == "learned"] == ["the toll worked, but that more buses are needed"]
    # "according to" never gives way
    text = "According to Tomas Greve, the toll worked, but more buses are needed."
    according = next(c for c, word, *_ in readings(text) if word == "According")
    at = text.index("the toll")
    rule = Found(at, len(text) - 1, "indirect", 0.5, cue_span=(0, len("According to")), path="indirect")
    found = [rule]
    add_learned(found, {(according.off, according.tok.i)}, _index(pipeline, text), text, AttributionModel({"k=sentence": 6.0}, bias=-6.0, threshold=0.25))
    assert found == [rule]
