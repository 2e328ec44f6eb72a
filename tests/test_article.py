import json

import pytest

from newsprobe import SCHEMA, Article, Span
from newsprobe.errors import InvalidSpanError, WireFormatError


def test_article_span_validates_offsets_against_text():
    a = Article("Rain in Lyon.")
    with pytest.raises(InvalidSpanError, match="runs past the end"):
        a.with_layer("entities", [Span(8, 40, "GPE")])
    with pytest.raises(InvalidSpanError, match="half-open"):
        Span(5, 3, "X")
    with pytest.raises(InvalidSpanError, match="non-empty"):
        Span(0, 1, "")


def test_article_span_attrs_must_be_json_safe_and_are_copied():
    attrs = {"speaker": "Maria Ortega", "nested": {"n": [1, 2]}}
    s = Span(0, 4, "direct", attrs=attrs)
    attrs["nested"]["n"].append(3)
    assert s.attrs["nested"]["n"] == [1, 2]
    with pytest.raises(InvalidSpanError, match="JSON-safe"):
        Span(0, 1, "x", attrs={"bad": object()})
    with pytest.raises(InvalidSpanError, match="finite"):
        Span(0, 1, "x", score=float("nan"))


def test_article_layers_sorted_and_ids_assigned():
    text = "Maria Ortega met Tom Reyes in Lyon."
    a = Article(text).with_layer("entities", [Span(30, 34, "GPE"), Span(0, 12, "PERSON"), Span(17, 26, "PERSON")])
    spans = a.layer("entities")
    assert [a.span_text(s) for s in spans] == ["Maria Ortega", "Tom Reyes", "Lyon"]
    assert len({s.id for s in spans}) == 3 and all(s.id for s in spans)
    assert a.get_span("entities", spans[1].id) == spans[1]
    assert [s.label for s in a.spans_in("entities", 10, 20)] == ["PERSON", "PERSON"]


def test_article_overlapping_spans_and_several_labels_on_one_range():
    a = Article("a loaded phrase here").with_layer(
        "techniques", [Span(2, 15, "Loaded_Language"), Span(2, 15, "Exaggeration,Minimisation"), Span(0, 8, "Doubt")]
    )
    assert len(a.layer("techniques")) == 3


def test_article_wire_format_round_trip_keeps_unicode_offsets():
    text = "“Nous gagnerons,” dit‑elle 🇫🇷 — Ortega."
    a = Article(text, meta={"title": "Test", "url": "https://example.org/a"})
    start = text.index("Ortega")
    a.with_layer("entities", [Span(start, start + 6, "PERSON", score=0.9, attrs={"canonical": "Maria Ortega"})])
    a.signals["x"] = {"n": 1}
    d = json.loads(a.to_json())
    assert d["schema"] == SCHEMA and set(d) == {"schema", "id", "meta", "text", "layers", "signals", "provenance"}
    assert set(d["meta"]) >= {"title", "url", "outlet", "published"}
    b = Article.from_dict(d)
    assert b == a
    assert b.span_text(b.layer("entities")[0]) == "Ortega"


def test_article_id_is_content_hash():
    assert Article("same text").id == Article("same text").id
    assert Article("same text").id != Article("other text").id
    assert Article("same", meta={"url": "u1"}).id != Article("same", meta={"url": "u2"}).id


def test_article_from_dict_rejects_bad_wire_data():
    with pytest.raises(WireFormatError, match="schema"):
        Article.from_dict({"schema": "other/9", "text": "x"})
    with pytest.raises(WireFormatError, match="text"):
        Article.from_dict({"schema": SCHEMA})
    with pytest.raises(WireFormatError, match="missing the field"):
        Article.from_dict({"text": "abc", "layers": {"x": [{"start": 0, "label": "A"}]}})
    with pytest.raises(WireFormatError, match="not valid JSON"):
        Article.from_json("{oops")
