import pytest

from newsprobe import Article, Pipeline, Span, load_settings
from newsprobe.errors import PipelineError
from newsprobe.pipeline import stage


@stage("test_words", version="1", assigns=("words",))
def _make_words(settings):
    def run(article, ctx):
        import re

        article.with_layer("words", [Span(m.start(), m.end(), "word") for m in re.finditer(r"\w+", article.text)])

    return run


@stage("test_needs_words", version="1", requires=("words",), assigns=("long_words",))
def _make_long(settings):
    def run(article, ctx):
        if "BOOM" in article.text:
            raise ValueError("simulated bug")
        article.with_layer("long_words", [s for s in article.layer("words") if s.length > 5])

    return run


@stage("test_after_long", version="1", requires=("long_words",), assigns=("flag",))
def _make_after(settings):
    def run(article, ctx):
        article.with_layer("flag", [])

    return run


def test_pipeline_checks_requirements_before_running():
    with pytest.raises(PipelineError, match="needs words"):
        Pipeline(["test_needs_words"], load_settings(stages="test_needs_words"))
    with pytest.raises(PipelineError, match="unknown stage"):
        Pipeline(["no_such_stage"])


def test_pipeline_runs_stages_in_order_and_records_provenance():
    p = Pipeline(["test_words", "test_needs_words"])
    a = p(Article("Several elaborate words"))
    assert [a.span_text(s) for s in a.layer("long_words")] == ["Several", "elaborate"]
    assert a.provenance["stages"] == {"test_words": "1", "test_needs_words": "1"}
    assert [d["name"] for d in p.describe()] == ["test_words", "test_needs_words"]


def test_pipeline_stage_failure_costs_only_that_article():
    p = Pipeline(["test_words", "test_needs_words", "test_after_long"])
    out = list(p.pipe([Article("fine article text"), Article("BOOM goes this one"), Article("another fine one")]))
    assert len(out) == 3
    assert out[0].has_layer("flag") and out[2].has_layer("flag")
    bad = out[1]
    assert bad.has_layer("words") and not bad.has_layer("long_words")
    stages_failed = [e["stage"] for e in bad.provenance["errors"]]
    assert stages_failed == ["test_needs_words", "test_after_long"]
    assert "simulated bug" in bad.provenance["errors"][0]["error"]


def test_pipeline_default_stage_order_is_consistent():
    from newsprobe.pipeline import registered_stages
    from newsprobe.settings import DEFAULT_STAGES

    specs = registered_stages()
    provided: set[str] = set()
    for name in DEFAULT_STAGES:
        if name not in specs:
            continue
        assert set(specs[name].requires) <= provided, name
        provided |= set(specs[name].assigns)


def test_pipeline_core_stages_on_text(core_pipeline):
    a = core_pipeline(Article("Finance Minister Maria Ortega spoke in Lyon on Monday. Later, Ortega left.\nNew line here"))
    sents = [a.span_text(s) for s in a.layer("sentences")]
    assert sents[-1] == "New line here"
    ents = {a.span_text(s): s.attrs["canonical"] for s in a.layer("entities")}
    assert ents["Ortega"] == "Maria Ortega"
    assert ents["Maria Ortega"] == "Maria Ortega"


def test_pipeline_long_text_is_parsed_in_chunks_with_correct_offsets():
    from newsprobe import load_pipeline

    settings = load_settings(stages="parse,sentences,entities", chunk_chars=400)
    para = "The council in Lyon met on Monday. Maria Ortega chaired the session.\n\n"
    text = para * 30
    a = load_pipeline(settings)(Article(text))
    names = [a.span_text(s) for s in a.layer("entities") if s.label == "PERSON"]
    assert names and all(n == "Maria Ortega" for n in names)
    assert len(a.layer("sentences")) == 60
