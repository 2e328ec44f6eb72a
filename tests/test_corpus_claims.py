"""Claim clusters across articles: repeated and paraphrased claims grouped with counts by outlet and
day and their fact-checks; changed figures, opposite directions and unrelated claims kept apart.
Every sentence is our own."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from newsprobe.article import Article, Span
from newsprobe.corpus.claims import (
    anchored,
    claim_clusters,
    compatible,
    content_edit,
    figures,
    figures_agree,
    minor_difference,
    names_agree,
    negated,
    paraphrase,
    paraphrase_pairs,
)
from newsprobe.corpus.worddiff import keys
from newsprobe.store import Store

SCHOOLS = "The Riverton council closed twelve primary schools last year."
FC = {"id": "fc-77", "claim": "Riverton closed 12 schools in one year", "verdict": "mostly true",
      "publisher": "Check Desk", "url": "https://check.example/77", "collection": "ours", "score": 0.91}

ARTICLES: list[tuple[str, str, str, list[str]]] = [
    ("a1", "Harbor Daily", "2024-03-01", [SCHOOLS, "The river reached its highest level in fifty years on Sunday."]),
    ("a2", "Coast Herald", "2024-03-01", ["The Riverton council closed twelve primary schools last year.",
                                          "Rents in Marlow have doubled since 2015."]),
    ("a3", "Valley Post", "2024-03-02", ["The Riverton council has closed twelve primary schools last year, it said.",
                                         "Police made 63 arrests during the weekend protests."]),
    ("a4", "Bay Times", "2024-03-04", ["Last year Riverton's council shut down twelve of its primary schools.",
                                       "Police made no arrests during the weekend protests."]),
    ("a5", "Island Voice", "2024-03-05", ["The Riverton council closed fourteen primary schools last year.",
                                          "House prices in Marlow have doubled since 2015."]),
    ("a6", "Shore News", "2024-03-05", ["The Riverton council opened twelve primary schools last year.",
                                        "The lake reached its lowest level in fifty years on Sunday."]),
]


def _article(aid: str, outlet: str, published: str, sentences: list[str]) -> Article:
    text = " ".join(sentences)
    spans = []
    for k, s in enumerate(sentences):
        start = text.index(s)
        attrs: dict[str, Any] = {"kind": "statistic", "factchecks": [FC] if (aid == "a2" and k == 0) else []}
        spans.append(Span(start, start + len(s), "claim", 0.9, f"c{k + 1}", attrs))
    return Article(text, id=aid, meta={"outlet": outlet, "published": published, "url": f"https://{aid}.example/"},
                   layers={"claims": spans})


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with Store(str(tmp_path_factory.mktemp("claims") / "c.duckdb")) as s:
        for a in ARTICLES:
            s.put_article(_article(*a))
        yield s


def _with(clusters: Any, words: str) -> Any:
    return [c for c in clusters if any(words in (m.text or "") for m in c.members)]


def test_repeated_and_paraphrased_claims_group_with_counts_and_factchecks(store: Store) -> None:
    clusters = claim_clusters(store)
    (schools,) = _with(clusters, "twelve primary schools")
    assert [m.article_id for m in schools.members] == ["a1", "a2", "a3", "a4"]
    assert [m.attrs["match"] for m in schools.members] == ["same", "same", "near", "paraphrase"]
    assert schools.members[3].attrs["similarity"] >= 0.85
    ev = schools.evidence
    assert ev["by_outlet"] == {"Bay Times": 1, "Coast Herald": 1, "Harbor Daily": 1, "Valley Post": 1}
    assert ev["by_day"] == {"2024-03-01": 2, "2024-03-02": 1, "2024-03-04": 1}
    assert [f["id"] for f in ev["factchecks"]] == ["fc-77"] and ev["factchecks"][0]["verdict"] == "mostly true"
    assert ev["factchecks"][0]["members"] == 1 and ev["method"] == "minhash+minilm"
    assert ev["first"] == {"article_id": "a1", "published": "2024-03-01", "outlet": "Harbor Daily"}
    assert schools.members[0].attrs["outlet"] == "Harbor Daily" and schools.members[0].attrs["day"] == "2024-03-01"


def test_changed_figures_opposites_and_unrelated_claims_stay_apart(store: Store) -> None:
    clusters = claim_clusters(store)
    assert not _with(clusters, "fourteen")  # another figure
    assert not _with(clusters, "opened twelve")  # the opposite
    assert not _with(clusters, "arrests")  # 63 arrests vs no arrests
    assert not _with(clusters, "lowest level") and not _with(clusters, "highest level")
    assert not _with(clusters, "Rents in Marlow")  # rents vs house prices: another subject
    assert len(clusters) == 1


def test_without_the_encoder_only_near_identical_claims_group(store: Store) -> None:
    from newsprobe.settings import load_settings

    clusters = claim_clusters(store, load_settings(claim_paraphrase=False))
    (schools,) = clusters
    assert [m.article_id for m in schools.members] == ["a1", "a2", "a3"] and schools.evidence["method"] == "minhash"


def test_an_encoder_that_fails_leaves_near_identical_clusters(store: Store) -> None:
    def broken(texts: Any) -> np.ndarray:
        raise RuntimeError("no weights here")

    (schools,) = claim_clusters(store, encoder=broken)
    assert schools.size == 3 and schools.evidence["method"] == "minhash"


def test_guards() -> None:
    assert figures(keys("twelve schools, 4,000 pupils")) == {"12", "4000"}
    assert not compatible(keys("Prices rose by 5 percent."), keys("Prices fell by 5 percent."))
    assert not compatible(keys("The bill passed."), keys("The bill did not pass."))
    assert compatible(keys("The council closed 12 schools."), keys("Twelve schools were shut by the council."))
    assert minor_difference(keys("The council has closed 12 schools."), keys("The council closed 12 schools, it said."))
    assert not minor_difference(keys("310 new measles cases"), keys("310 new flu cases"))


def test_paraphrase_pairs_exact_and_hashed_agree() -> None:
    import newsprobe.corpus.claims as claims

    rng = np.random.default_rng(3)
    base = rng.standard_normal((40, 384)).astype(np.float32)
    near = base + 0.05 * rng.standard_normal((40, 384)).astype(np.float32)
    vecs = np.concatenate([base, near])
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    exact = {(i, j) for i, j, _ in paraphrase_pairs(vecs, 0.9)}
    assert exact == {(i, i + 40) for i in range(40)}
    old = claims.EXACT_MAX
    claims.EXACT_MAX = 10
    try:
        hashed = {(i, j) for i, j, _ in paraphrase_pairs(vecs, 0.9)}
    finally:
        claims.EXACT_MAX = old
    assert hashed == exact


def test_empty_store(tmp_path: Any) -> None:
    with Store(str(tmp_path / "e.duckdb")) as s:
        assert claim_clusters(s) == []


# --- the rules that join reworded claims and keep different ones apart -----------------------

FARES = "Bus fares in Penhallow went up 12 percent in 2021, the largest rise in 15 years."
FARES_BOARD = "According to the transport board, Penhallow bus fares increased by 12 percent in 2021."
FC_A = {"id": "fc-a", "claim": "Penhallow bus fares rose 12% in 2021", "verdict": "true", "publisher": "Fact Desk",
        "url": "https://facts.example/a", "collection": "ours", "score": 0.8}
FC_B = {"id": "fc-b", "claim": "Bus fares rose by twelve percent", "verdict": "half true", "publisher": "Check Unit",
        "url": "https://checks.example/b", "collection": "ours", "score": 0.7}


def test_figures_agree_when_one_claim_adds_a_detail() -> None:
    assert figures_agree(figures(keys(FARES)), figures(keys(FARES_BOARD)))  # {12, 2021, 15} and {12, 2021}
    assert compatible(keys(FARES), keys(FARES_BOARD))
    assert not figures_agree(figures(keys("fares rose 12 percent in 2021")), figures(keys("fares rose 12 percent in 2023")))
    # only a year in common: a claim without its figure is not the claim with it
    assert not figures_agree(figures(keys("In 2023 the Harlow council closed schools.")),
                             figures(keys("In 2023 the Harlow council closed 14 schools.")))
    assert not figures_agree(frozenset(), figures(keys("The council closed 14 schools.")))
    # "1,850" homes is a count, not a year
    assert figures_agree(figures(keys("Tenwick added 1,850 homes in 2023, the most since 2001.")),
                         figures(keys("Tenwick added 1,850 homes in 2023.")))
    assert figures(keys("for a decade, a dozen times")) == {"10", "12"}


def test_negation_idioms_are_not_negations() -> None:
    assert not negated(keys("In 2019 burglaries in Millbrook fell by 23 percent, a drop not seen for 12 years."))
    assert not negated(keys("Not only did fares rise, they rose faster than wages."))
    assert negated(keys("Burglaries in Millbrook did not fall in 2019."))
    assert negated(keys("The factory will never reopen."))
    assert compatible(keys("In 2019, burglaries in Millbrook fell by 23 percent, a drop not seen for 12 years."),
                      keys("Burglaries in Millbrook declined 23 percent in 2019."))


def test_names_must_not_conflict() -> None:
    assert not names_agree("Bus fares in Penhallow went up 12 percent.", "Bus fares in Trelowen went up 12 percent.")
    assert not names_agree("Unemployment in Castlereagh rose in March.", "Unemployment in Castlereagh rose in June.")
    assert not names_agree("The grant went to Mayor Quinlan last year.", "The grant went to Governor Ashby last year.")
    # one naming more is a detail added; possessives and the opening word are read as the same name
    assert names_agree("Average rents in Dunmore rose by 9.5 percent in 2024.",
                       "Dunmore tenants saw rents go up 9.5 percent, more than anywhere else in Kellen Province.")
    assert names_agree("The Riverton council closed twelve schools.", "Riverton's council shut twelve schools.")
    # weekdays and words after a full stop or a quotation mark are not names
    assert names_agree("The clinic closed on Monday. Officials said so.", "The clinic closed on Tuesday, officials said.")


def test_an_edited_content_word_is_a_different_claim() -> None:
    assert content_edit(keys("Wheat yields in the Oster valley dropped 18 percent in 2022."),
                        keys("Barley yields in the Oster valley dropped 18 percent in 2022."))
    assert content_edit(keys("The health ministry recorded 310 new measles cases."),
                        keys("The health ministry recorded 310 new flu cases."))
    # words of the same direction, figures written two ways and word order are not content edits
    assert not content_edit(keys("Wheat yields in the Oster valley fell 18 percent in 2022."),
                            keys("Wheat yields in the Oster valley dropped 18 percent in 2022."))
    assert not content_edit(keys("The council closed twelve schools last year."), keys("The council closed 12 schools last year."))
    assert not content_edit(keys("Rents in Marlow have doubled since 2015."), keys("Since 2015 rents in Marlow have doubled."))


def test_anchored_pairs_take_the_lower_cosine() -> None:
    a, b = FARES, FARES_BOARD
    assert anchored(keys(a), keys(b), a, b)  # 12 and 2021 shared, Penhallow named by both, reworded
    assert paraphrase(keys(a), keys(b), a, b, 0.78) and not paraphrase(keys(a), keys(b), a, b, 0.70)
    # no shared name, or only years shared, or an edit: the full cosine is needed
    c, d = "Fares went up 12 percent in 2021, the transport board said.", "The board says fares rose 12 percent over 2021."
    assert not anchored(keys(c), keys(d), c, d) and not paraphrase(keys(c), keys(d), c, d, 0.80)
    e, f = "In 2021 Penhallow opened a school.", "Penhallow's new school opened its doors in 2021."
    assert not anchored(keys(e), keys(f), e, f)
    g, h = "Rents in Marlow have doubled since 2015.", "House prices in Marlow have doubled since 2015."
    assert not anchored(keys(g), keys(h), g, h) and not paraphrase(keys(g), keys(h), g, h, 0.84)
    # an edited content word is refused whatever the cosine
    i, j = "Graduation rates at Lindell High reached 91 percent in 2023.", "Attendance at Lindell High reached 91 percent in 2023."
    assert not paraphrase(keys(i), keys(j), i, j, 0.99)
    k, m = "The Kelby water board raised prices by 7 percent in 2021.", "In 2021 the Kelby water board cut prices by 7 percent."
    assert not paraphrase(keys(k), keys(m), k, m, 0.99)  # raised / cut: opposites


def _store_of(path: Any, articles: list[tuple[str, str | None, str | None, list[tuple[str, list[dict[str, Any]]]]]]) -> Store:
    store = Store(str(path))
    for aid, outlet, published, claims in articles:
        text = " ".join(c for c, _ in claims)
        spans = []
        for k, (c, fcs) in enumerate(claims):
            start = text.index(c)
            spans.append(Span(start, start + len(c), "claim", 0.9, f"c{k}", {"kind": "statistic", "factchecks": fcs}))
        meta: dict[str, Any] = {"url": f"https://{aid}.example/"}
        if outlet:
            meta["outlet"] = outlet
        if published:
            meta["published"] = published
        store.put_article(Article(text, id=aid, meta=meta, layers={"claims": spans}))
    return store


def test_counts_by_outlet_and_day_and_factchecks_on_a_small_corpus(tmp_path: Any) -> None:
    fc_a_better = {**FC_A, "score": 0.9}
    with _store_of(tmp_path / "f.duckdb", [
        ("b1", "Harbor Daily", "2024-05-02T08:00:00", [(FARES, [FC_A])]),
        ("b2", "Harbor Daily", "2024-05-02T17:30:00", [(FARES, [fc_a_better, FC_B])]),
        ("b3", "Valley Post", "Fri, 03 May 2024 09:00:00 +0000", [(FARES_BOARD, [])]),
        ("b4", None, None, [(FARES, [FC_B])]),
        ("b5", "Coast Herald", "2024-05-04", [("Bus fares in Trelowen went up 12 percent in 2021.", [])]),
        ("b6", "Coast Herald", "2024-05-04", [("Bus fares in Penhallow went up 12 percent in 2023.", [])]),
    ]) as store:
        (fares,) = claim_clusters(store)
    assert [m.article_id for m in fares.members] == ["b1", "b2", "b3", "b4"]  # by time, unknown date last
    assert [m.attrs["match"] for m in fares.members] == ["same", "same", "paraphrase", "same"]
    ev = fares.evidence
    assert ev["by_outlet"] == {"Harbor Daily": 2, "Valley Post": 1, "unknown": 1}
    assert ev["by_day"] == {"2024-05-02": 2, "2024-05-03": 1, "unknown": 1}
    assert [(f["id"], f["members"], f["score"]) for f in ev["factchecks"]] == [("fc-a", 2, 0.9), ("fc-b", 2, 0.7)]
    assert ev["factchecks"][0]["verdict"] == "true" and ev["factchecks"][1]["publisher"] == "Check Unit"
    assert ev["articles"] == 4 and ev["outlets"] == 2 and ev["wordings"] == 2
    assert ev["first"] == {"article_id": "b1", "published": "2024-05-02T08:00:00", "outlet": "Harbor Daily"}
    assert fares.members[2].attrs["day"] == "2024-05-03" and fares.members[3].attrs["day"] is None


def test_a_chain_through_a_shorter_claim_never_joins_conflicting_figures(tmp_path: Any) -> None:
    def same_vector(texts: Any) -> np.ndarray:  # every pair at cosine 1: only the guards decide
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0

    with _store_of(tmp_path / "chain.duckdb", [
        ("d1", "Harbor Daily", "2024-06-01", [("School absences in Yarrowby grew by 39.3 percent in 2019, a rise not seen for 8 years.", [])]),
        ("d2", "Valley Post", "2024-06-02", [("Figures show school absences in Yarrowby increased by 39.3 percent over 2019.", [])]),
        ("d3", "Bay Times", "2024-06-03", [("School absences in Yarrowby grew by 39.3 percent in 2019, the most in 30 years.", [])]),
    ]) as store:
        clusters = claim_clusters(store, encoder=same_vector)
    assert len(clusters) == 1
    texts = " ".join(m.text or "" for m in clusters[0].members)
    assert "Figures show" in texts and not ("8 years" in texts and "30 years" in texts)


def test_figure_blocks_find_anchored_pairs_above_the_exact_limit() -> None:
    from newsprobe.corpus.claims import figure_pairs

    rng = np.random.default_rng(5)
    vecs = rng.standard_normal((6, 64)).astype(np.float32)
    vecs[1] = vecs[0] + 0.6 * rng.standard_normal(64).astype(np.float32)  # cosine about 0.85
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    sets = [frozenset({"4.1", "2019"}), frozenset({"4.1", "2019", "21"}), frozenset({"2019", "2020"}),
            frozenset({"2019", "2020"}), frozenset({"7"}), frozenset({"4.1", "2018"})]
    pairs = figure_pairs(sets, vecs, 0.5)
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]  # rows 2 and 3 share years only, 5 another year
    assert abs(pairs[0][2] - float(vecs[0] @ vecs[1])) < 1e-6


def test_above_the_exact_limit_anchored_paraphrases_still_join(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsprobe.corpus.claims as claims

    monkeypatch.setattr(claims, "EXACT_MAX", 1)  # hashing and figure blocks propose the pairs
    with _store_of(tmp_path / "big.duckdb", [("e1", "Harbor Daily", "2024-05-02", [(FARES, [])]),
                                              ("e2", "Valley Post", "2024-05-03", [(FARES_BOARD, [])])]) as store:
        (cluster,) = claim_clusters(store)
    assert [m.attrs["match"] for m in cluster.members] == ["same", "paraphrase"]
    assert 0.75 <= cluster.members[1].attrs["similarity"] < 0.99


def test_a_chain_through_an_unnamed_claim_never_joins_two_places(tmp_path: Any) -> None:
    def same_vector(texts: Any) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0

    with _store_of(tmp_path / "places.duckdb", [
        ("p1", "Harbor Daily", "2024-06-01", [("Bus fares in Penhallow went up 12 percent in 2021.", [])]),
        ("p2", "Valley Post", "2024-06-02", [("Bus fares went up by 12 percent during 2021, the board said.", [])]),
        ("p3", "Bay Times", "2024-06-03", [("In 2021 bus fares in Trelowen went up 12 percent.", [])]),
    ]) as store:
        clusters = claim_clusters(store, encoder=same_vector)
    assert len(clusters) == 1
    texts = " ".join(m.text or "" for m in clusters[0].members)
    assert "the board said" in texts and not ("Penhallow" in texts and "Trelowen" in texts)


def test_one_phrase_replaced_in_the_same_frame_is_an_edit_but_not_who_says_it() -> None:
    a = "The depot was closed after a gas leak in the workshop left drivers without work for days."
    b = "The depot was closed after a strike by cleaners left drivers without work for days."
    assert content_edit(keys(a), keys(b)) and not paraphrase(keys(a), keys(b), a, b, 0.95)
    c = "Critics say the budget does little to help small dairy farms in the hills."
    d = "Several councillors say the budget does little to help small dairy farms in the hills."
    assert not content_edit(keys(c), keys(d)) and paraphrase(keys(c), keys(d), c, d, 0.92)
    # ... unless a pronoun refers back to who says it: then they are part of the claim
    g, h = "Some patients said they had not been asked before the vote.", "Some nurses said they had not been asked before the vote."
    assert content_edit(keys(g), keys(h))
    i, j = "Backers of the toll road say it will ease congestion in the valley.", "Backers of the rail link say it will ease congestion in the valley."
    assert content_edit(keys(i), keys(j))
    # a reworded sentence changes more than one phrase: not an edit
    e = "Engineers found cracks in the pillars of the old viaduct during the spring survey."
    f = "During the spring survey, engineers found cracks in the viaduct's old pillars."
    assert not content_edit(keys(e), keys(f))


def test_may_is_a_month_when_it_is_capitalised_inside_a_sentence() -> None:
    assert not names_agree("Local shops said trade had fallen since June.", "Traders said trade had fallen since May.")
    assert names_agree("Prices may fall in June, traders said.", "Traders said prices may fall in June.")


def test_a_weekday_that_is_part_of_the_claim_must_agree() -> None:
    from newsprobe.corpus.claim_guards import event_days

    assert event_days(keys("Engineers will inspect the bridge on Thursday.")) == {"thursday"}
    assert event_days(keys("The council said on Monday it would close 12 schools.")) == frozenset()
    assert not compatible(keys("Engineers will inspect the bridge on Thursday, weeks later than planned."),
                          keys("Engineers will inspect the bridge on Wednesday, weeks later than planned."))
    # the day of the report, or a day only one of them gives, is not a different claim
    assert compatible(keys("The council said on Monday it would close 12 schools."),
                      keys("The council said on Tuesday it would close 12 schools."))
    assert compatible(keys("Engineers will inspect the bridge on Thursday."), keys("Engineers will inspect the bridge."))


@pytest.mark.slow
def test_end_to_end_counts_and_factchecks_agree_with_the_stored_claims(tmp_path: Any) -> None:
    """Our articles through the real pipeline (claims and factchecks stages, a fact-check
    database of our own), then claim clusters: each cluster's counts by outlet and day and its
    fact-checks are what the stored claim spans say."""
    import json
    from collections import Counter

    from click.testing import CliRunner

    from newsprobe import factchecks as fc
    from newsprobe.cli import cli
    from newsprobe.corpus.spangroups import day_of
    from newsprobe.ingest import article_from_text
    from newsprobe.run import StoreSink, run
    from newsprobe.settings import load_settings

    records = [
        {"id": "fc-fares", "claim": "Bus fares in Penhallow rose 12 percent in 2021.", "verdict": "True", "publisher": "Fact Desk"},
        {"id": "fc-clinic", "claim": "The Aldridge clinic treated 4,200 patients in 2020.", "verdict": "Mostly True", "publisher": "Check Unit"},
        {"id": "fc-birds", "claim": "Wind farms off the Kelby coast kill thousands of seabirds every year.", "verdict": "False", "publisher": "Check Unit"},
    ]
    (tmp_path / "fc.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    db = str(tmp_path / "fc.duckdb")
    assert CliRunner().invoke(cli, ["factchecks", "import", str(tmp_path / "fc.jsonl"), "--format", "jsonl", "--db", db]).exit_code == 0
    fc.clear_cache()
    docs = [
        ("n1", "Harbor Daily", "2024-05-02T08:00:00", f"{FARES} The transport board blamed the price of diesel. Commuters on the coastal route said buses were often late."),
        ("n2", "Harbor Daily", "2024-05-02T18:00:00", f"Councillors met on Thursday evening to discuss the budget. {FARES} The meeting ended without a vote."),
        ("n3", "Valley Post", "2024-05-03T09:15:00", f"{FARES_BOARD} The Aldridge clinic treated 4,200 patients in 2020, more than any other clinic in Norwood County. Both figures were published in the county's annual report."),
        ("n4", "Bay Times", "2024-05-04T11:00:00", "In 2020 the Aldridge clinic saw 4,200 patients. Its director, Ines Hallworth, has asked the county for two more nurses."),
        ("n5", "Coast Herald", "2024-05-04T12:00:00", "Bus fares in Trelowen went up 12 percent in 2021. Passengers there have started a petition against the rise."),
    ]
    articles = []
    for aid, outlet, published, text in docs:
        a = article_from_text(text, meta={"outlet": outlet, "published": published, "url": f"https://{aid}.example/"}, source=aid)
        articles.append(Article(a.text, id=aid, meta=a.meta, provenance=a.provenance))
    settings = load_settings(stages="parse,furniture,stories,sentences,entities,quotes,citations,hedges,claims,factchecks", factcheck_db=db)
    store_path = str(tmp_path / "s.duckdb")
    assert run(articles, sinks=[StoreSink(store_path)], settings=settings, command="test").n_ok == 5
    with Store(store_path) as store:
        stored = {}
        for aid, start, attrs, outlet, published in store.query(
            "SELECT s.article_id, s.start_char, s.attrs, a.outlet, a.published FROM spans s JOIN articles a ON a.id = s.article_id "
            "WHERE s.layer = 'claims'").fetchall():
            attrs = json.loads(attrs) if isinstance(attrs, str) else attrs
            stored[(aid, start)] = (outlet, published, [f["id"] for f in attrs.get("factchecks") or []])
        clusters = claim_clusters(store, settings)
    assert clusters
    for c in clusters:
        rows = [stored[(m.article_id, m.start)] for m in c.members]
        assert c.evidence["by_outlet"] == dict(Counter(r[0] or "unknown" for r in rows))
        assert c.evidence["by_day"] == dict(Counter(day_of(r[1]) or "unknown" for r in rows))
        assert {f["id"]: f["members"] for f in c.evidence["factchecks"]} == dict(Counter(i for r in rows for i in r[2]))
    fares = [c for c in clusters if {"n1", "n2"} <= {m.article_id for m in c.members}]
    assert len(fares) == 1 and "n5" not in {m.article_id for m in fares[0].members}  # another town
    assert fares[0].evidence["by_outlet"]["Harbor Daily"] == 2 and fares[0].evidence["by_day"]["2024-05-02"] == 2
