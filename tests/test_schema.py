"""The JSON Schema of newsprobe/1 (src/newsprobe/schema/) and newsprobe.schema.validate.

Every ``Article.to_dict`` of the whole suite is validated by tests/conftest.py; here: the
bundled examples through the default pipeline and the CLI's JSONL, the gold files, what the
schema accepts, what it rejects and how it says so.
"""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from newsprobe.article import LAYERS, Article, Span
from newsprobe.errors import WireFormatError
from newsprobe.schema import SCHEMA_FILE, problems, schema, validate

from . import conftest
from .conftest import EXAMPLES, ROOT

TEXT = "Mayor Dana Whitfield said the bridge would reopen in May. \u201cWe are on schedule,\u201d she added."


def _article() -> dict:
    """A small valid article with quotes, claims and hedges that point at each other."""
    article = Article(TEXT, meta={"title": "Bridge", "language": "en", "language_confidence": 0.98})
    article.with_layer("sentences", [Span(0, 57, "sentence"), Span(58, len(TEXT), "sentence")])
    article.with_layer("quotes", [
        Span(26, 56, "indirect", score=0.75, id="q1", attrs={
            "speaker": "Dana Whitfield", "speaker_start": 6, "speaker_end": 20, "speaker_kind": "person",
            "cue": "said", "cue_start": 21, "cue_end": 25, "confidence": 0.75}),
        Span(59, 78, "direct", score=0.9, id="q2", attrs={
            "speaker": "Dana Whitfield", "speaker_start": 80, "speaker_end": 83, "cue": "added",
            "cue_start": 84, "cue_end": 89, "confidence": 0.9, "speaker_uncertain": False,
            "segments": [[59, 65], [66, 78]]}),
    ])
    article.with_layer("hedges", [Span(37, 42, "speculation", score=0.8, id="h1",
                                       attrs={"cue": "would", "scope_start": 43, "scope_end": 56, "source": "model"})])
    article.with_layer("claims", [Span(0, 57, "claim", score=0.7, id="c1", attrs={
        "kind": "prediction", "kinds": ["prediction"], "rank": 1, "quote_id": "q1", "attributed": True,
        "hedged": True, "hedge_ids": ["h1"], "citation_ids": []})])
    article.signals["quotes"] = {"count": 2, "unattributed": 0, "by_label": {"direct": 1, "indirect": 1},
                                 "by_speaker": {"Dana Whitfield": 2}, "by_story": {}}
    article.provenance["stages"] = {"quotes": "3"}
    return article.to_dict()


# --- the schema itself ---------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12_and_packaged():
    import jsonschema

    data = schema()
    jsonschema.Draft202012Validator.check_schema(data)
    assert data["properties"]["schema"] == {"const": "newsprobe/1", "description": data["properties"]["schema"]["description"]}
    packaged = ROOT / "src" / "newsprobe" / "schema" / SCHEMA_FILE
    assert json.loads(packaged.read_text(encoding="utf-8")) == data
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schema/*.json"' in pyproject, "the schema file must be package data"


def test_schema_is_published_in_the_docs():
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert f"src/newsprobe/schema/{SCHEMA_FILE}" in doc
    assert "newsprobe.schema" in doc and "validate" in doc
    assert "schema.md" in (ROOT / "docs" / "format.md").read_text(encoding="utf-8")


def test_schema_vocabularies_match_the_code():
    from newsprobe.stages.citations import KINDS as CITATION_KINDS
    from newsprobe.stages.claims import KINDS as CLAIM_KINDS
    from newsprobe.techniques_catalog import TECHNIQUES

    defs = schema()["$defs"]
    assert set(LAYERS) <= set(defs["layers"]["properties"]), "every core layer has typed spans"

    def labels(layer: str) -> list[str]:
        return defs[f"{layer}_span"]["allOf"][1]["properties"]["label"]["enum"]

    def attr(layer: str, name: str) -> dict:
        return defs[f"{layer}_span"]["allOf"][1]["properties"]["attrs"]["properties"][name]

    assert labels("techniques") == list(TECHNIQUES)
    assert attr("techniques", "also")["items"]["enum"] == list(TECHNIQUES)
    assert labels("citations") == list(CITATION_KINDS) == attr("citations", "kind")["enum"]
    assert attr("claims", "kind")["enum"] == list(CLAIM_KINDS)
    assert {"direct", "indirect", "mixed", "scare", "title"} == set(labels("quotes"))


def test_schema_furniture_labels_match_the_stage():
    furniture = pytest.importorskip("newsprobe.stages.furniture", reason="the furniture stage is not in this tree yet")
    defs = schema()["$defs"]
    assert defs["furniture_span"]["allOf"][1]["properties"]["label"]["enum"] == list(furniture.LABELS)


# --- what it accepts -----------------------------------------------------------------------------


def test_a_valid_article_passes_and_round_trips():
    data = _article()
    assert problems(data) == []
    validate(data)
    validate(Article.from_dict(json.loads(json.dumps(data))))  # an Article is accepted too


def test_open_where_layers_carry_free_attrs():
    data = _article()
    data["layers"]["my_layer"] = [{"id": "m1", "start": 0, "end": 5, "label": "anything", "attrs": {"x": [1, {"y": None}]}}]
    data["layers"]["quotes"][0]["attrs"]["experimental"] = {"any": "thing"}
    data["layers"]["furniture"] = [{"id": "f1", "start": 84, "end": 89, "label": "share"}]
    data["layers"]["quotes"].append({"id": "q3", "start": 61, "end": 63, "label": "title", "score": None,
                                     "attrs": {"speaker": None, "speaker_uncertain": True, "speaker_candidates": ["A", "B"]}})
    data["layers"]["quotes"].sort(key=lambda s: (s["start"], -s["end"]))
    data["meta"]["language_evidence"] = "text"
    data["meta"]["custom"] = 3
    data["signals"]["publisher"] = {"name": "The Valley Ledger", "domain": "valleyledger.example", "evidence": "og:site_name",
                                    "ratings": [{"list": "wikipedia-perennial", "meaning": "generally reliable", "wp_label": 1}]}
    data["signals"]["new_area"] = {"count": 1}
    data["provenance"]["notes"] = [{"stage": "techniques", "note": "skipped: not English"}]
    data["provenance"]["gold"] = "hand-made"
    assert problems(data) == []


def test_gold_files_are_valid():
    for path in sorted((EXAMPLES / "gold").glob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert problems(json.loads(line)) == [], f"{path.name}:{lineno}"


# --- what it rejects, and how it says so ---------------------------------------------------------

BAD = [
    (lambda d: d.update(schema="newsprobe/2"), "schema: 'newsprobe/1' was expected"),
    (lambda d: d.pop("text"), "'text' is a required property"),
    (lambda d: d.update(extra=1), "Additional properties are not allowed ('extra' was unexpected)"),
    (lambda d: d["meta"].pop("url"), "meta: 'url' is a required property"),
    (lambda d: d["meta"].update(language="English"), "meta.language: 'English' does not match"),
    (lambda d: d["layers"]["quotes"][0].update(start=-1), "layers.quotes[0].start: -1 is less than the minimum of 0"),
    (lambda d: d["layers"]["quotes"][0].update(start="25"), "layers.quotes[0].start: '25' is not of type 'integer'"),
    (lambda d: d["layers"]["quotes"][0].update(start=2.5), "layers.quotes[0].start: 2.5 is not of type 'integer'"),
    (lambda d: d["layers"]["quotes"][0].update(score="high"), "layers.quotes[0].score: 'high' is not of type"),
    (lambda d: d["layers"]["quotes"][0].update(label="rumour"), "layers.quotes[0].label: 'rumour' is not one of"),
    (lambda d: d["layers"]["quotes"][0].update(colour="red"), "'colour' was unexpected"),
    (lambda d: d["layers"]["quotes"][0].pop("id"), "layers.quotes[0]: 'id' is a required property"),
    (lambda d: d["layers"]["quotes"][0]["attrs"].update(speaker_start="six"), "layers.quotes[0].attrs.speaker_start: 'six' is not of type"),
    (lambda d: d["layers"]["quotes"][1]["attrs"].update(segments=[[59, 65, 70]]), "layers.quotes[1].attrs.segments[0]"),
    (lambda d: d["layers"]["claims"][0]["attrs"].update(hedged="yes"), "layers.claims[0].attrs.hedged: 'yes' is not of type 'boolean'"),
    (lambda d: d["layers"]["hedges"][0]["attrs"].update(source="guess"), "layers.hedges[0].attrs.source: 'guess' is not one of"),
    (lambda d: d["signals"]["quotes"].update(count=-2), "signals.quotes.count: -2 is less than the minimum of 0"),
    (lambda d: d["provenance"].update(errors=[{"stage": "quotes"}]), "provenance.errors[0]: 'error' is a required property"),
    # beyond JSON Schema: the text and the other spans
    (lambda d: d["layers"]["quotes"][1].update(end=500), "layers.quotes[1]: [59, 500) runs past the end of the text (90 characters)"),
    (lambda d: d["layers"]["quotes"][0].update(end=20), "layers.quotes[0]: end 20 is before start 26"),
    (lambda d: d["layers"]["quotes"][0]["attrs"].update(cue_end=200), "layers.quotes[0].attrs.cue_start/cue_end: [21, 200) runs past the end"),
    (lambda d: d["layers"]["hedges"][0]["attrs"].update(scope_end=10), "layers.hedges[0].attrs.scope_start/scope_end: end 10 is before start 43"),
    (lambda d: d["layers"]["quotes"][1].update(id="q1"), "layers.quotes[1]: id 'q1' is used twice in layer 'quotes'"),
    (lambda d: d["layers"]["quotes"].reverse(), "layers.quotes[1]: spans are out of order"),
    (lambda d: d["layers"]["quotes"][1]["attrs"].update(segments=[[59, 65], [50, 78]]), "layers.quotes[1].attrs.segments[1]: [50, 78) must lie inside the span"),
    (lambda d: d["layers"]["quotes"][1]["attrs"].update(carried_from=[26, 50]), "layers.quotes[1].attrs.carried_from: [26, 50) is not an earlier span of layer 'quotes'"),
    (lambda d: d["layers"]["quotes"][0]["attrs"].update(carried_from=[59, 78]), "layers.quotes[0].attrs.carried_from: [59, 78) is not an earlier span"),
    (lambda d: d["layers"]["claims"][0]["attrs"].update(quote_id="q9"), "layers.claims[0].attrs.quote_id: 'q9' is not the id of a span in layer 'quotes'"),
    (lambda d: d["layers"]["claims"][0]["attrs"].update(hedge_ids=["h1", "h7"]), "layers.claims[0].attrs.hedge_ids: 'h7' is not the id"),
]


@pytest.mark.parametrize("change,message", BAD, ids=[m[:40] for _, m in BAD])
def test_invalid_articles_are_rejected_with_where_and_what(change, message):
    data = _article()
    change(data)
    found = problems(data)
    assert any(message in p for p in found), found
    with pytest.raises(WireFormatError) as e:
        validate(data)
    assert message in str(e.value)
    assert "is not valid newsprobe/1" in str(e.value) and "docs/schema.md" in str(e.value)


def test_a_reference_into_an_absent_layer_is_not_a_problem():
    """An export may leave layers out; ids into them are not dangling."""
    data = _article()
    del data["layers"]["quotes"], data["layers"]["hedges"]
    assert problems(data) == []


def test_many_problems_are_counted_and_the_first_listed():
    data = _article()
    for span in data["layers"]["sentences"]:
        span["start"] = span["end"] = "x"
    data["meta"] = {"title": 1, "url": 2, "outlet": 3, "published": 4, "language": "xx-yy", "language_confidence": 7}
    with pytest.raises(WireFormatError) as e:
        validate(data)
    message = str(e.value)
    assert "10 problems" in message and "and 0 more" not in message
    assert message.count("\n  ") == 10


def test_not_an_object_at_all():
    with pytest.raises(WireFormatError, match=r"\(the article\): \[\] is not of type 'object'"):
        validate([])


# --- the conftest hook ---------------------------------------------------------------------------


def test_the_suite_hook_records_an_invalid_output():
    article = Article("Short text here.")
    article.with_layer("quotes", [Span(0, 5, "direct", attrs={"speaker_start": "nope"})])
    before = len(conftest._INVALID_OUTPUTS)
    article.to_dict()  # wrapped by conftest: recorded, not raised
    recorded = conftest._INVALID_OUTPUTS[before:]
    del conftest._INVALID_OUTPUTS[before:]  # this test's bad output is deliberate
    assert len(recorded) == 1 and "layers.quotes[0].attrs.speaker_start" in recorded[0]


@pytest.mark.allow_invalid_output("checks the marker itself")
def test_a_test_marked_allow_invalid_output_may_serialise_off_format_articles():
    article = Article("Short text here.", layers={"techniques": [Span(0, 5, "Made_Up")]})
    assert article.to_dict()["layers"]["techniques"][0]["label"] == "Made_Up"  # recorded, then let through


# --- real outputs: the bundled examples through the default pipeline, as CLI JSONL ---------------


@pytest.fixture(scope="module")
def examples_jsonl(tmp_path_factory):
    from newsprobe.cli import cli

    tmp = tmp_path_factory.mktemp("schema")
    store = str(tmp / "s.duckdb")
    r = CliRunner().invoke(cli, ["factchecks", "import", str(EXAMPLES / "factchecks.jsonl"), "--format", "jsonl", "--store", store])
    assert r.exit_code == 0, r.output
    inputs = sorted(EXAMPLES.glob("*.txt")) + sorted((EXAMPLES / "html").glob("*.html")) + [EXAMPLES / "corpus.jsonl"]
    out = tmp / "out.jsonl"
    r = CliRunner().invoke(cli, ["analyze", *map(str, inputs), "--store", store, "--format", "jsonl", "-o", str(out), "--quiet"])
    assert r.exit_code == 0, r.output
    return [line for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.slow
def test_every_bundled_example_analysed_by_the_cli_is_valid(examples_jsonl):
    docs = [json.loads(line) for line in examples_jsonl]
    assert len(docs) >= 20
    for doc in docs:
        assert problems(doc) == [], doc["meta"].get("source")
    # the outputs exercise the schema: every core layer, and fact-check matches on claims
    seen = {name for doc in docs for name, spans in doc["layers"].items() if spans}
    assert set(LAYERS) <= seen
    assert any(c["attrs"].get("factchecks") for doc in docs for c in doc["layers"].get("claims", []))


@pytest.mark.slow
def test_a_corrupted_example_output_is_caught(examples_jsonl):
    doc = json.loads(examples_jsonl[0])
    bad = copy.deepcopy(doc)
    bad["layers"]["sentences"][-1]["end"] = len(bad["text"]) + 1
    assert any("runs past the end of the text" in p for p in problems(bad))


# --- python -m newsprobe.schema -------------------------------------------------------------------


def test_command_line_checks_jsonl_files(tmp_path, capsys):
    from newsprobe.schema.__main__ import main

    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(_article()) + "\n" + json.dumps(_article()) + "\n", encoding="utf-8")
    assert main([str(good)]) == 0
    assert "2 article(s), all valid" in capsys.readouterr().out

    bad_doc = _article()
    bad_doc["layers"]["quotes"][0]["start"] = -3
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(_article()) + "\n" + json.dumps(bad_doc) + "\n{not json\n", encoding="utf-8")
    assert main([str(bad), str(tmp_path / "missing.jsonl")]) == 1
    captured = capsys.readouterr()
    assert f"{bad}:2: layers.quotes[0].start: -3 is less than the minimum of 0" in captured.out
    assert f"{bad}:3: not valid JSON" in captured.out
    assert "missing.jsonl: cannot read it" in captured.err
    assert "2 of 3 article(s) are not valid newsprobe/1 (see docs/schema.md); 1 file(s) could not be read" in captured.err


def test_command_line_reads_one_pretty_printed_article(tmp_path, capsys):
    from newsprobe.schema.__main__ import main

    one = tmp_path / "one.json"
    one.write_text(json.dumps(_article(), indent=2), encoding="utf-8")
    assert main([str(one)]) == 0
    assert "1 article(s), all valid" in capsys.readouterr().out
