"""store_search: every filter, their combination, escaping, paging, bad values, and store_stats.

The store holds three articles we wrote, with layers made by hand (no pipeline needed)."""

from __future__ import annotations

import pytest

from newsprobe.article import Article, Span
from newsprobe.store import Store
from newsprobe.store_search import ArticleQuery, search_articles, store_stats

HARBOUR = ("Harbour works delayed again\n\nPort director Amara Lindqvist said the new quay \"will not open before "
           "autumn\". The Coastal Ledger reported that costs rose by a third.")
SCHOOL = ("School meals get cheaper\n\nCouncillor Tomas Reyes said prices fall in March. Everyone knows this is "
          "the only honest plan, a disaster averted.")
WIND = ("Windpark 100% genehmigt\n\nDie Ministerin Petra Hallmann sagte, der Park_Nord werde 2027 fertig.")


def _span(text: str, part: str, label: str, **attrs) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), label, attrs=attrs)


def _articles() -> list[Article]:
    a = Article(HARBOUR, meta={"title": "Harbour works delayed again", "outlet": "Coastal Ledger",
                                "published": "2026-02-10T08:00:00", "language": "en"})
    a.with_layer("entities", [_span(HARBOUR, "Amara Lindqvist", "PERSON", canonical="Amara Lindqvist"),
                              _span(HARBOUR, "Coastal Ledger", "ORG", canonical="Coastal Ledger")])
    a.with_layer("quotes", [_span(HARBOUR, "\"will not open before autumn\"", "direct", speaker="Amara Lindqvist")])
    a.with_layer("citations", [_span(HARBOUR, "The Coastal Ledger reported", "media", source="Coastal Ledger")])
    b = Article(SCHOOL, meta={"title": "School meals get cheaper", "outlet": "Town Crier",
                              "published": "2026-03-05", "language": "en"})
    b.with_layer("entities", [_span(SCHOOL, "Tomas Reyes", "PERSON", canonical="Tomas Reyes")])
    b.with_layer("quotes", [_span(SCHOOL, "prices fall in March", "indirect", speaker="Tomas Reyes")])
    b.with_layer("techniques", [_span(SCHOOL, "Everyone knows this is the only honest plan", "Bandwagon"),
                                _span(SCHOOL, "a disaster averted", "Loaded_Language")])
    c = Article(WIND, meta={"title": "Windpark 100% genehmigt", "outlet": "Nord_Kurier",
                            "published": "2026-03-06", "language": "de"})
    c.with_layer("entities", [_span(WIND, "Petra Hallmann", "PER", canonical="Petra Hallmann")])
    return [a, b, c]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("search") / "s.duckdb")
    with Store(path) as writer:
        for art in _articles():
            writer.put_article(art, source="test")
    with Store(path, read_only=True) as reader:
        yield reader


def titles(result: dict) -> set[str]:
    return {row["title"] for row in result["articles"]}


@pytest.mark.parametrize("filters, expected", [
    ({}, {"Harbour works delayed again", "School meals get cheaper", "Windpark 100% genehmigt"}),
    ({"q": "QUAY"}, {"Harbour works delayed again"}),
    ({"entity": "lindqvist"}, {"Harbour works delayed again"}),
    ({"entity_label": "person"}, {"Harbour works delayed again", "School meals get cheaper"}),
    ({"entity": "reyes", "entity_label": "ORG"}, set()),
    ({"speaker": "Reyes"}, {"School meals get cheaper"}),
    ({"source": "coastal"}, {"Harbour works delayed again"}),
    ({"technique": "loaded_language"}, {"School meals get cheaper"}),
    ({"technique": "Loaded"}, set()),  # a technique is named exactly
    ({"outlet": "crier"}, {"School meals get cheaper"}),
    ({"language": "DE"}, {"Windpark 100% genehmigt"}),
    ({"date_from": "2026-03-01"}, {"School meals get cheaper", "Windpark 100% genehmigt"}),
    ({"date_to": "2026-02-10"}, {"Harbour works delayed again"}),  # a date includes its whole day
    ({"date_from": "2026-03-05", "date_to": "2026-03-05"}, {"School meals get cheaper"}),
    ({"language": "en", "speaker": "lindqvist", "outlet": "ledger"}, {"Harbour works delayed again"}),
    ({"language": "en", "speaker": "reyes", "outlet": "ledger"}, set()),
])
def test_each_filter_and_their_combination(store, filters, expected):
    result = search_articles(store, ArticleQuery(**filters))
    assert titles(result) == expected
    assert result["total"] == len(expected)


def test_like_wildcards_in_values_are_literal(store):
    assert titles(search_articles(store, q="100%")) == {"Windpark 100% genehmigt"}
    assert titles(search_articles(store, q="%")) == {"Windpark 100% genehmigt"}
    assert titles(search_articles(store, outlet="_")) == {"Windpark 100% genehmigt"}  # Nord_Kurier only
    assert titles(search_articles(store, q="Park_Nord")) == {"Windpark 100% genehmigt"}
    assert titles(search_articles(store, q="Park_Nor_")) == set()


def test_sql_in_a_value_is_a_value(store):
    for evil in ("' OR 1=1 --", "x'); DROP TABLE articles; --", "\\", "\x00"):
        assert search_articles(store, q=evil)["total"] == 0
        assert search_articles(store, speaker=evil)["total"] == 0
    assert search_articles(store)["total"] == 3


def test_paging_and_the_limit_cap(store):
    everything = search_articles(store, limit=10)["articles"]
    first = search_articles(store, limit=2)["articles"]
    rest = search_articles(store, limit=2, offset=2)["articles"]
    assert [r["id"] for r in first + rest] == [r["id"] for r in everything]
    assert search_articles(store, limit=0) == {"total": 3, "articles": []}
    assert len(search_articles(store, limit=10_000)["articles"]) == 3  # capped at MAX_LIMIT, not refused
    row = everything[0]
    assert isinstance(row["analyzed_at"], str) and row["language"] in ("en", "de") and "text" not in row


def test_empty_filters_are_no_filter_and_the_query_is_not_changed(store):
    query = ArticleQuery(q="  ", speaker="")
    assert search_articles(store, query)["total"] == 3
    assert search_articles(store, query, speaker="reyes")["total"] == 1
    assert query.speaker == "" and query.q == "  "


@pytest.mark.parametrize("filters, message", [
    ({"nonsense": "x"}, "unknown search filter"),
    ({"limit": -1}, "limit must be"),
    ({"offset": "3"}, "offset must be"),
    ({"limit": True}, "limit must be"),
    ({"speaker": 42}, "takes a string"),
])
def test_bad_filters_say_what_is_wrong(store, filters, message):
    with pytest.raises(ValueError, match=message):
        search_articles(store, **filters)


def test_store_stats(store):
    s = store_stats(store)
    assert s["articles"] == 3
    assert s["spans"] == 9
    assert {c["name"]: c["n"] for c in s["layers"]} == {"entities": 4, "quotes": 2, "citations": 1, "techniques": 2}
    assert {c["name"]: c["n"] for c in s["languages"]} == {"en": 2, "de": 1}
    assert {c["name"] for c in s["outlets"]} == {"Coastal Ledger", "Town Crier", "Nord_Kurier"}
    assert s["clusters"] == []
    assert (s["published_from"], s["published_to"]) == ("2026-02-10T08:00:00", "2026-03-06")
