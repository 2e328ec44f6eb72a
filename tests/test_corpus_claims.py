"""Claim clusters across articles: repeated and paraphrased claims grouped with counts by outlet and
day and their fact-checks; changed figures, opposite directions and unrelated claims kept apart.
Every sentence is our own."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from newsprobe.article import Article, Span
from newsprobe.corpus.claims import claim_clusters, compatible, figures, minor_difference, paraphrase_pairs
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
