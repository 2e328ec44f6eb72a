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


# --- language and time guards ----------------------------------------------------------------

@stage("test_en_only", version="1", requires=("words",), assigns=("en_marks",), languages=("en",))
def _make_en_only(settings):
    def run(article, ctx):
        article.with_layer("en_marks", [s for s in article.layer("words") if s.length > 3])

    return run


@stage("test_after_en", version="1", requires=("en_marks",), assigns=("after_en",))
def _make_after_en(settings):
    def run(article, ctx):
        article.with_layer("after_en", [])

    return run


GERMAN = ("Die Stadträtin Johanna Berger sagte am Montag, die neue Brücke über den Kanal werde den "
          "Verkehr in der Innenstadt deutlich entlasten. Kritiker bemängeln jedoch, dass die Radwege zu "
          "schmal seien und die Anwohner kaum gehört worden seien.")
SPANISH = ("La alcaldesa Lucía Ferrer afirmó el martes que el nuevo puente reducirá el tráfico en el centro "
           "de la ciudad. Los vecinos, sin embargo, se quejan de que nadie les consultó antes de las obras.")
RUSSIAN = ("Мэр города Ольга Северова заявила во вторник, что новый мост разгрузит движение в центре. "
           "Жители жалуются, что с ними никто не советовался перед началом строительства.")
ENGLISH = ("Councillor Johanna Berger said on Monday that the new bridge over the canal would ease traffic "
           "in the city centre. Critics say the cycle lanes are too narrow.")


def test_pipeline_skips_english_only_stages_for_other_languages_with_a_note():
    p = Pipeline(["test_words", "test_en_only", "test_after_en"])
    out = list(p.pipe([Article(GERMAN), Article(ENGLISH), Article(SPANISH), Article(RUSSIAN)]))
    de, en, es, ru = out
    assert [a.meta["language"] for a in out] == ["de", "en", "es", "ru"]
    assert all(a.meta["language_confidence"] >= 0.8 for a in out)
    assert en.has_layer("en_marks") and en.has_layer("after_en") and "notes" not in en.provenance
    for a in (de, es, ru):
        assert a.has_layer("words")  # language-neutral stages still run
        assert not a.has_layer("en_marks") and not a.has_layer("after_en")
        assert "errors" not in a.provenance  # a skip is not a failure
        notes = {n["stage"]: n["note"] for n in a.provenance["notes"]}
        assert "written for English ('en') text" in notes["test_en_only"] and repr(a.meta["language"]) in notes["test_en_only"]
        assert "detected, confidence" in notes["test_en_only"]
        assert "needs en_marks" in notes["test_after_en"]


def test_pipeline_language_given_by_ingest_wins_and_unknown_runs_everything():
    p = Pipeline(["test_words", "test_en_only"])
    given = p(Article(GERMAN, meta={"language": "en", "language_confidence": None}))
    assert given.has_layer("en_marks")  # the caller said English: no second guess
    unknown = p(Article("12 34 56 78", meta={}))
    assert unknown.meta["language"] is None and unknown.has_layer("en_marks")


def test_registry_checks_language_codes_and_describes_them():
    from newsprobe.pipeline import registered_stages

    with pytest.raises(ValueError, match="ISO 639-1"):
        stage("test_bad_lang", version="1", languages=("english",))
    assert registered_stages()["test_en_only"].languages == ("en",)
    assert Pipeline(["test_words", "test_en_only"]).describe()[1]["languages"] == ["en"]
    from newsprobe.pipeline import stage as stage_reexported
    from newsprobe.registry import registered

    assert stage_reexported is stage and registered()["test_en_only"] is registered_stages()["test_en_only"]


SLOW = {"seconds": 0.0}


def _burn(seconds):
    """Use ``seconds`` of this thread's CPU (the budget's clock; sleeping would not count)."""
    import time

    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


@stage("test_slow", version="1", requires=("words",), assigns=("slow",))
def _make_slow(settings):
    def run(article, ctx):
        if "SLOW" in article.text:
            _burn(SLOW["seconds"])
        article.with_layer("slow", [])

    return run


@stage("test_cooperative", version="1", assigns=("coop",))
def _make_coop(settings):
    def run(article, ctx):
        while "LOOP" in article.text:  # a stage with a long loop checks the budget itself
            ctx.check_time()
            _burn(0.01)
        article.with_layer("coop", [])

    return run


def test_time_budget_ends_a_runaway_document_not_the_batch():
    SLOW["seconds"] = 0.3
    settings = load_settings(doc_time_budget=0.1)
    p = Pipeline(["test_words", "test_slow", "test_needs_words", "test_after_long"], settings)
    ok1, slow, ok2 = p.pipe([Article("a fine article"), Article("a SLOW article"), Article("another fine one")])
    for a in (ok1, ok2):
        assert a.has_layer("flag") and "errors" not in a.provenance
    assert slow.has_layer("slow")  # the stage that overran finishes; nothing after it runs
    assert not slow.has_layer("long_words") and not slow.has_layer("flag")
    [err] = slow.provenance["errors"]
    assert err["stage"] == "test_needs_words"
    assert "time budget" in err["error"] and "test_needs_words, test_after_long" in err["error"]
    assert "NEWSPROBE_DOC_TIME_BUDGET" in err["error"]


def test_time_budget_zero_means_none_and_stages_can_check_it():
    SLOW["seconds"] = 0.05
    p = Pipeline(["test_words", "test_slow", "test_needs_words"], load_settings(doc_time_budget=0))
    a = p(Article("a SLOW article"))
    assert a.has_layer("long_words") and "errors" not in a.provenance
    p = Pipeline(["test_cooperative", "test_words"], load_settings(doc_time_budget=0.2))
    looping, fine = p.pipe([Article("LOOP forever"), Article("fine")])
    assert fine.has_layer("coop") and fine.has_layer("words")
    assert not looping.has_layer("coop") and not looping.has_layer("words")
    [err] = looping.provenance["errors"]
    assert err["stage"] == "test_cooperative" and "time budget" in err["error"]


def test_core_pipeline_gives_no_english_entities_for_german_text(core_pipeline):
    # the English model would tag capitalised German nouns ("Brücke", "Radwege") as names
    a = core_pipeline(Article("Neue Brücke eröffnet\n\n" + GERMAN))
    assert a.meta["language"] == "de"
    assert a.has_layer("sentences") and len(a.layer("sentences")) >= 2
    assert not a.has_layer("entities") and "errors" not in a.provenance
    assert [n["stage"] for n in a.provenance["notes"]] == ["entities"]
    en = core_pipeline(Article("Bridge opens\n\n" + ENGLISH))
    assert en.meta["language"] == "en" and any(s.label == "PERSON" for s in en.layer("entities"))
