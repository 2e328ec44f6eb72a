"""Quote clusters across articles: the same words grouped, drifted wordings diffed, the same words
credited to two people flagged, an uncertain speaker never a conflict. Every text is our own."""

from __future__ import annotations

from typing import Any

import pytest

from newsprobe.article import Article, Span
from newsprobe.corpus.clusters import Cluster, load_clusters, save_clusters
from newsprobe.corpus.quotes import name_key, people, quote_clusters, strip_titles
from newsprobe.store import Store

BRIDGE = "We owe the people of this city a bridge that will stand for a hundred years, and we will not rush it"
FERRY = "The ferry service has carried more passengers this spring than in any year since it opened"

ANALYSED = [
    ("Harbor Daily", "2024-05-02", "https://harbor.example/1",
     "Riverton council delays the bridge vote\n\nThe Riverton council postponed its vote on the new harbour bridge "
     f"on Tuesday.\n\nMayor Elena Vasquez defended the delay. \"{BRIDGE},\" Vasquez said at a press conference.\n\n"
     "Councillor Tom Becker disagreed. \"Every month of delay costs the taxpayers another two million dollars,\" "
     "Becker told reporters.\n\n\"Our harbour needs a second crossing before the summer crowds arrive,\" Vasquez added."),
    ("Coast Herald", "2024-05-03", "https://coast.example/2",
     "Bridge vote postponed again\n\nThe vote on the harbour bridge was pushed back once more.\n\n"
     f"\"{BRIDGE},\" said Elena Vasquez, the mayor of Riverton.\n\nThe council will meet again in June."),
    ("Valley Post", "2024-05-04", "https://valley.example/3",
     "Bridge delay angers councillor\n\nCouncillor Tom Becker said the council had waited long enough.\n\n"
     "\"We owe the people of this city a bridge that will stand for a hundred years, and we will not rush it,\" "
     "Becker said on Wednesday.\n\nEngineers are expected to report next month."),
    ("Bay Times", "2024-05-05", "https://bay.example/4",
     "Ferry numbers climb\n\nHarbour Transit chief Nadia Okafor spoke at the annual meeting.\n\n"
     f"\"{FERRY},\" Okafor said.\n\nThe company plans two new routes."),
    ("Island Voice", "2024-05-06", "https://island.example/5",
     "Ferry boom\n\nNadia Okafor, who runs Harbour Transit, was upbeat.\n\n"
     "\"The ferry service has carried more people this spring than in any year since it opened,\" Okafor said.\n\n"
     "Fares will not rise this year."),
    ("Shore News", "2024-05-07", "https://shore.example/6",
     "Transit chief hails record\n\nNadia Okafor of Harbour Transit gave the figures on Monday.\n\n"
     "\"The ferry service has carried more passengers this spring,\" Okafor said.\n\nThe board will meet in July."),
]


@pytest.fixture(scope="module")
def analysed_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from newsprobe.api import analyze_text
    from newsprobe.settings import load_settings

    settings = load_settings(stages="parse,stories,sentences,entities,quotes")
    path = tmp_path_factory.mktemp("quotes") / "q.duckdb"
    with Store(str(path)) as store:
        for outlet, published, url, text in ANALYSED:
            store.put_article(analyze_text(text, {"outlet": outlet, "published": published, "url": url}, settings=settings))
        yield store


def _with(clusters: list[Cluster], words: str) -> list[Cluster]:
    return [c for c in clusters if any(words in (m.text or "") for m in c.members)]


def test_same_words_in_three_articles_and_credited_to_two_people(analysed_store: Store) -> None:
    clusters = quote_clusters(analysed_store)
    (bridge,) = _with(clusters, "a bridge that will stand")
    assert bridge.size == 3 and len({m.article_id for m in bridge.members}) == 3
    assert [m.attrs["published"] for m in bridge.members] == ["2024-05-02", "2024-05-03", "2024-05-04"]
    # the Valley Post credits Becker with the mayor's words: attribution drift, both named with confidence
    assert bridge.evidence["attribution_drift"] is True
    assert sorted(bridge.evidence["conflict"]) == ["Elena Vasquez", "Tom Becker"]
    assert bridge.evidence["speakers"] == ["Elena Vasquez", "Tom Becker"]  # the first credited leads a tie
    assert [m.attrs["attribution_drift"] for m in bridge.members] == [False, False, True]
    assert bridge.evidence["quote_drift"] is False
    assert [m.attrs["diff"] for m in bridge.members][1] == [["=", BRIDGE]]
    # "Vasquez" in the first article is read as the entities layer's "Elena Vasquez", title stripped
    assert bridge.members[0].attrs["speaker_canonical"] == "Elena Vasquez"


def test_drifted_wordings_are_one_cluster_with_a_word_diff(analysed_store: Store) -> None:
    clusters = quote_clusters(analysed_store)
    (ferry,) = _with(clusters, "ferry service")
    assert ferry.size == 3
    assert ferry.evidence["quote_drift"] is True and ferry.evidence["attribution_drift"] is False
    assert ferry.evidence["speakers"] == ["Nadia Okafor"] and ferry.evidence["wordings"] == 3
    first, changed_word, dropped = ferry.members
    assert first.attrs["diff"] == [["=", FERRY]]
    assert [m.attrs["quote_drift"] for m in ferry.members] == [False, True, True]
    assert not any(m.attrs["attribution_drift"] for m in ferry.members)
    assert ["-", "passengers"] in changed_word.attrs["diff"] and ["+", "people"] in changed_word.attrs["diff"]
    assert dropped.attrs["diff"][-1] == ["-", "than in any year since it opened"]


def test_different_quotes_by_one_person_are_not_grouped(analysed_store: Store) -> None:
    clusters = quote_clusters(analysed_store)
    assert not _with(clusters, "second crossing")  # said once
    assert not _with(clusters, "two million dollars")
    for c in clusters:
        assert len({m.article_id for m in c.members}) >= 2


def test_clusters_save_and_load(analysed_store: Store) -> None:
    clusters = quote_clusters(analysed_store)
    assert save_clusters(analysed_store, "quotes", clusters) == len(clusters) == 2
    loaded = load_clusters(analysed_store, "quotes")
    assert {c.cluster_id for c in loaded} == {c.cluster_id for c in clusters}
    assert quote_clusters(analysed_store)[0].cluster_id == clusters[0].cluster_id  # stable ids


# --- hand-made spans: exact control over speakers and their doubt -----------------------------

LINE = "Nobody in this town should have to choose between heating and eating this winter"


def _article(aid: str, published: str, text: str, quote: str, attrs: dict[str, Any], label: str = "direct",
             entities: list[Span] | None = None) -> Article:
    start = text.index(quote)
    span = Span(start, start + len(quote), label, attrs.get("confidence"), "q1", attrs)
    meta = {"outlet": f"Outlet {aid}", "published": published, "url": f"https://{aid}.example/"}
    return Article(text, id=aid, meta=meta, layers={"quotes": [span], "entities": entities or []})


def _person(name: str, **extra: Any) -> dict[str, Any]:
    return {"speaker": name, "speaker_kind": "person", "speaker_uncertain": False, "confidence": 0.95, **extra}


def _store(tmp_path: Any, articles: list[Article]) -> Store:
    store = Store(str(tmp_path / "h.duckdb"))
    for a in articles:
        store.put_article(a)
    return store


def test_uncertain_or_unnamed_speaker_is_not_a_conflict(tmp_path: Any) -> None:
    arts = [
        _article("a1", "2024-01-10", f"\"{LINE},\" said Priya Natarajan.", LINE, _person("Priya Natarajan")),
        _article("a2", "2024-01-11", f"\"{LINE},\" he said.", LINE,
                 {"speaker": "Jonas Weber", "speaker_kind": "person", "speaker_uncertain": True, "confidence": 0.41,
                  "speaker_candidates": ["Jonas Weber", "Priya Natarajan"]}),
        _article("a3", "2024-01-12", f"\"{LINE},\" a spokesman said.", LINE,
                 {"speaker": "a spokesman", "speaker_kind": "role", "speaker_uncertain": False, "confidence": 0.8}),
        _article("a4", "2024-01-13", f"\"{LINE}.\"", LINE, {"speaker": None, "speaker_uncertain": True, "confidence": 0.3}),
    ]
    with _store(tmp_path, arts) as store:
        (c,) = quote_clusters(store)
    assert c.size == 4 and c.evidence["attribution_drift"] is False
    assert c.evidence["speakers"] == ["Priya Natarajan"]
    assert [u["article_id"] for u in c.evidence["uncertain"]] == ["a2", "a4"]
    assert c.evidence["uncertain"][0]["candidates"] == ["Jonas Weber", "Priya Natarajan"]
    assert c.evidence["other_speakers"] == {"a spokesman": 1}
    assert [m.attrs["speaker_status"] for m in c.members] == ["confident", "uncertain", "not-person", "none"]


def test_surname_and_titles_join_the_full_name_but_an_ambiguous_surname_does_not(tmp_path: Any) -> None:
    arts = [
        _article("a1", "2024-02-01", f"\"{LINE},\" said Senator Maria Ortega.", LINE, _person("Senator Maria Ortega")),
        _article("a2", "2024-02-02", f"Maria Ortega spoke. \"{LINE},\" Ortega said.", LINE,
                 _person("Ortega")),
        _article("a3", "2024-02-03", f"\"{LINE},\" said M. Ortega.", LINE, _person("M. Ortega")),
    ]
    with _store(tmp_path, arts) as store:
        (c,) = quote_clusters(store)
    assert c.evidence["attribution_drift"] is False and c.evidence["speakers"] == ["Maria Ortega"]
    assert {m.attrs["speaker_canonical"] for m in c.members} == {"Maria Ortega"}
    # a surname two people of the cluster hold is ambiguous: neither a conflict nor a vote
    arts.append(_article("a4", "2024-02-04", f"\"{LINE},\" said Luis Ortega.", LINE, _person("Luis Ortega")))
    with _store(tmp_path / "x", arts) as store:
        (c,) = quote_clusters(store)
    assert c.evidence["attribution_drift"] is True and sorted(c.evidence["conflict"]) == ["Luis Ortega", "Maria Ortega"]
    statuses = {m.article_id: m.attrs["speaker_status"] for m in c.members}
    assert statuses["a2"] == "ambiguous" and statuses["a3"] == "confident"  # "M." fits Maria only
    assert c.members[2].attrs["speaker_canonical"] == "Maria Ortega"


def test_entity_canonical_names_the_speaker(tmp_path: Any) -> None:
    text = f"Maria Ortega chairs the board. \"{LINE},\" Ortega said."
    sp = text.rindex("Ortega")
    ents = [Span(0, 12, "PERSON", None, "e1", {"canonical": "Maria Ortega"}),
            Span(sp, sp + 6, "PERSON", None, "e2", {"canonical": "Maria Ortega"})]
    arts = [
        _article("a1", "2024-03-01", text, LINE, _person("Ortega", speaker_start=sp, speaker_end=sp + 6), entities=ents),
        _article("a2", "2024-03-02", f"\"{LINE},\" said Dr Maria Ortega.", LINE, _person("Dr Maria Ortega")),
    ]
    with _store(tmp_path, arts) as store:
        (c,) = quote_clusters(store)
    assert [m.attrs["speaker_canonical"] for m in c.members] == ["Maria Ortega", "Maria Ortega"]


def test_short_quotes_group_only_with_the_same_speaker(tmp_path: Any) -> None:
    arts = [
        _article("a1", "2024-04-01", "It is \"a total fantasy,\" said Ann Cole.", "a total fantasy", _person("Ann Cole")),
        _article("a2", "2024-04-02", "It is \"a total fantasy,\" said Ann Cole.", "a total fantasy", _person("Ann Cole")),
        _article("a3", "2024-04-03", "It is \"a total fantasy,\" said Bo Lund.", "a total fantasy", _person("Bo Lund")),
    ]
    with _store(tmp_path, arts) as store:
        (c,) = quote_clusters(store)
    assert [m.article_id for m in c.members] == ["a1", "a2"] and c.evidence["attribution_drift"] is False


def test_segments_and_mixed_fragments_are_compared_by_their_quoted_words(tmp_path: Any) -> None:
    one, two = "Nobody in this town should have to choose", "between heating and eating this winter"
    t1 = f"\"{one},\" she said, \"{two}.\""
    s1, s2 = t1.index(one), t1.index(two)
    seg = _person("Priya Natarajan", segments=[[s1, s1 + len(one)], [s2, s2 + len(two)]])
    a1 = Article(t1, id="a1", meta={"published": "2024-05-01"},
                 layers={"quotes": [Span(s1, s2 + len(two), "direct", 0.95, "q1", seg)]})
    t2 = f"Natarajan said families were being told \"{LINE}\" by landlords."
    mixed = t2[t2.index("families"):t2.index(" by landlords")]
    a2 = _article("a2", "2024-05-02", t2, mixed, _person("Priya Natarajan"), label="mixed")
    with _store(tmp_path, [a1, a2]) as store:
        (c,) = quote_clusters(store)
    assert c.members[0].text == f"{one} {two}"
    assert c.members[1].text == LINE and c.evidence["quote_drift"] is False


def test_names() -> None:
    assert strip_titles("Finance Minister Maria Ortega") == "Maria Ortega"
    assert strip_titles("Senator Ortega") == "Ortega"
    assert name_key("Dr. José Ortega Jr.") == ("jose", "ortega")
    got = people([("ortega",), ("maria", "ortega"), ("luis", "ortega"), ("m", "ortega")])
    assert got[("ortega",)] is None and got[("m", "ortega")] == ("maria", "ortega")


def test_empty_store_gives_no_clusters(tmp_path: Any) -> None:
    with Store(str(tmp_path / "e.duckdb")) as store:
        assert quote_clusters(store) == []


def test_hostile_wordings_neither_fail_nor_group(tmp_path: Any) -> None:
    odd = "\u202e\u200b!!! ... ???"  # bidi override, zero-width space, punctuation only: no words
    long = "x" * 50_000  # one huge run without whitespace
    arts = [
        _article("a1", "2024-06-01", f"\"{odd}\" said Ann Cole.", odd, _person("Ann Cole")),
        _article("a2", "2024-06-02", f"\"{odd}\" said Bo Lund.", odd, _person("Bo Lund")),
        _article("a3", "not a date", f"\"{long}\" said Ann Cole.", long, _person("Ann Cole")),
        _article("a4", "", f"\"{long}\" said Bo Lund.", long, _person("Bo Lund")),
    ]
    with _store(tmp_path, arts) as store:
        clusters = quote_clusters(store)
    assert clusters == []  # no words, or one word (too short to group across two people)


def test_a_pronoun_never_contradicts_a_name_but_a_doubted_name_the_corpus_knows_does(tmp_path: Any) -> None:
    pronoun = _person("Jonas Weber", speaker_via="pronoun")
    doubted = {"speaker": "Jonas Weber", "speaker_kind": "named", "speaker_via": "name-doubtful",
               "speaker_uncertain": True, "confidence": 0.55}
    other = "Our ferries will run on time from the first of June or I will resign my post"
    arts = [
        _article("a1", "2024-07-01", f"\"{LINE},\" said Priya Natarajan.", LINE, _person("Priya Natarajan")),
        _article("a2", "2024-07-02", f"\"{LINE},\" he said.", LINE, pronoun),
    ]
    with _store(tmp_path, arts) as store:
        (c,) = quote_clusters(store)
    assert c.evidence["attribution_drift"] is False
    assert c.evidence["uncertain"][0]["why"] == "pronoun"
    # a name spaCy did not tag: uncertain alone; credited with confidence elsewhere, it counts
    arts[1] = _article("a2", "2024-07-02", f"\"{LINE},\" Jonas Weber said.", LINE, doubted)
    with _store(tmp_path / "b", arts) as store:
        (c,) = quote_clusters(store)
    assert c.evidence["attribution_drift"] is False and c.members[1].attrs["speaker_status"] == "uncertain"
    arts.append(_article("a3", "2024-07-03", f"\"{other},\" said Jonas Weber.", other, _person("Jonas Weber")))
    with _store(tmp_path / "c", arts) as store:
        (c,) = quote_clusters(store)
    assert c.evidence["attribution_drift"] is True
    assert c.members[1].attrs["speaker_note"] == "name confirmed by the corpus"


def test_a_negated_attribution_is_not_a_member(tmp_path: Any) -> None:
    # quotes v33: 'Bo Lund never said families were being told "..."' is not Lund's wording
    t1 = f"\"{LINE},\" said Ann Cole."
    t3 = f"Bo Lund never said families were being told \"{LINE}\" by landlords."
    mixed = t3[t3.index("families"):t3.index(" by landlords")]
    arts = [
        _article("a1", "2024-06-01", t1, LINE, _person("Ann Cole")),
        _article("a2", "2024-06-02", t1, LINE, _person("Ann Cole")),
        _article("a3", "2024-06-03", t3, mixed, _person("Bo Lund", negated="never"), label="mixed"),
    ]
    with _store(tmp_path, arts) as store:
        (c,) = quote_clusters(store)
    assert [m.article_id for m in c.members] == ["a1", "a2"] and c.evidence["attribution_drift"] is False
