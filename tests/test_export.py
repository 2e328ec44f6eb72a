"""newsprobe export: articles and spans (with their text) to JSON Lines, CSV, JSON, Parquet."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from newsprobe import Article, Span
from newsprobe.cli import cli
from newsprobe.errors import NewsprobeError
from newsprobe.export import COLUMNS, export, span_rows
from newsprobe.store import Store

# emoji and accents before the spans: code-point offsets differ from UTF-8 and UTF-16 ones
TEXT = '🚨 Café news: "We will reopen the bridge," said Mayor Léa Brunet, according to Reuters. Prices rose 4%.'


def _article() -> Article:
    q0, q1 = TEXT.index('"'), TEXT.index(',"') + 2
    c0 = TEXT.index("according to Reuters")
    m0 = TEXT.index("Prices")
    return (Article(TEXT, meta={"title": "Café news", "url": "https://example.org/cafe", "language": "en"})
            .with_layer("quotes", [Span(q0, q1, "direct", id="q1", attrs={
                "speaker": "Léa Brunet", "speaker_kind": "person", "speaker_uncertain": False, "cue": "said",
                "confidence": 0.91})])
            .with_layer("citations", [Span(c0, c0 + 20, "outlet", id="c1", attrs={
                "source": "Reuters", "kind": "outlet", "cue": "according to", "domain": "reuters.com", "relays": ["q1"]})])
            .with_layer("claims", [Span(m0, len(TEXT), "claim", score=0.8, id="k1", attrs={
                "kind": "statistic", "rank": 1, "attributed": False, "hedged": False,
                "factchecks": [{"id": "fc-9", "claim": "Prices rose", "score": 0.7}]})]))


@pytest.fixture()
def store(tmp_path):
    path = str(tmp_path / "s.duckdb")
    with Store(path) as db:
        db.put_article(_article(), source="cafe.txt")
        db.put_article(Article("A second article, with no spans at all."), source="b.txt")
    return path


def test_export_span_rows_slice_text_in_python():
    a = _article()
    rows = {r["span_id"]: r for r in span_rows(a)}
    assert rows["q1"]["text"] == '"We will reopen the bridge,"'
    assert rows["c1"]["text"] == "according to Reuters"
    assert rows["k1"]["text"] == "Prices rose 4%."


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json", "parquet"])
def test_export_round_trip(store, tmp_path, fmt):
    import duckdb

    def read_back(path):
        if fmt == "jsonl":
            return [json.loads(l) for l in open(path, encoding="utf-8")]
        if fmt == "json":
            return json.load(open(path, encoding="utf-8"))
        if fmt == "csv":
            return list(csv.DictReader(open(path, encoding="utf-8", newline="")))
        cur = duckdb.connect().execute(f"SELECT * FROM read_parquet('{path}')")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    with Store(store, read_only=True) as db:
        counts = {}
        for what in ("articles", "spans", "quotes", "claims", "citations"):
            out = str(tmp_path / f"{what}.{fmt}")
            counts[what] = export(db, what, out)
            back = read_back(out)
            assert len(back) == counts[what]
            assert list(back[0].keys()) == [c for c, _ in COLUMNS[what]]
            if what == "articles":
                cafe = next(r for r in back if r["title"] == "Café news")
                assert cafe["text"] == TEXT and str(cafe["n_chars"]) == str(len(TEXT)) and cafe["language"] == "en"
            if what == "quotes":
                (q,) = back
                assert q["text"] == '"We will reopen the bridge,"' and q["speaker"] == "Léa Brunet"
                assert str(q["speaker_uncertain"]) in ("False", "false")
                assert q["relayed_by"] == "Reuters"  # the quote is Brunet's, passed on by Reuters
            if what == "claims":
                (c,) = back
                assert c["text"] == "Prices rose 4%." and c["factcheck_ids"] == "fc-9" and str(c["rank"]) == "1"
            if what == "spans":
                texts = {r["span_id"]: r["text"] for r in back}
                assert texts["c1"] == "according to Reuters"
                attrs = json.loads(next(r for r in back if r["span_id"] == "c1")["attrs"])
                assert attrs["domain"] == "reuters.com"
    assert counts == {"articles": 2, "spans": 3, "quotes": 1, "claims": 1, "citations": 1}


def test_export_refuses_unknown_format_and_what(store, tmp_path):
    with Store(store, read_only=True) as db:
        with pytest.raises(NewsprobeError, match=r"\.jsonl, \.csv, \.json or \.parquet"):
            export(db, "spans", str(tmp_path / "x.xlsx"))
        with pytest.raises(NewsprobeError, match="cannot export 'tokens'"):
            export(db, "tokens", str(tmp_path / "x.jsonl"))


def test_export_cli(store, tmp_path):
    out = tmp_path / "q.parquet"
    r = CliRunner().invoke(cli, ["export", "quotes", "-o", str(out), "--store", store])
    assert r.exit_code == 0, r.output
    assert "wrote 1 quotes row(s)" in r.stderr and out.exists()
    r = CliRunner().invoke(cli, ["export", "spans", "-o", "-", "--format", "csv", "--store", store])
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("article_id,layer,span_id")
    r = CliRunner().invoke(cli, ["export", "spans", "-o", str(tmp_path / "x.dat"), "--store", store])
    assert r.exit_code == 2 and "cannot tell the export format" in r.stderr


def test_read_commands_take_format_and_infer_it_from_the_output_name(store, tmp_path):
    aid = _article().id
    out = tmp_path / "one.json"
    r = CliRunner().invoke(cli, ["show", aid[:8], "--store", store, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert json.loads(out.read_text(encoding="utf-8"))[0]["id"] == aid  # -o x.json writes JSON, not text
    r = CliRunner().invoke(cli, ["show", aid[:8], "--store", store, "--format", "csv"])
    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert {x["text"] for x in rows} >= {"according to Reuters"}
    r = CliRunner().invoke(cli, ["articles", "--store", store, "--format", "json"])
    assert {x["source"] for x in json.loads(r.stdout)} == {"cafe.txt", "b.txt"}
    r = CliRunner().invoke(cli, ["articles", "--store", store, "-o", str(tmp_path / "a.csv")])
    assert r.exit_code == 0 and (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("id,title,url")
    r = CliRunner().invoke(cli, ["stages", "--format", "csv"], env={"NEWSPROBE_STAGES": "parse,stories"})
    assert r.stdout.splitlines()[0] == "name,version,requires,assigns,languages,doc" and r.stdout.splitlines()[1].startswith("parse,")
    for args in (["articles", "--store", store, "-o", str(tmp_path / "a.xyz")],
                 ["show", aid[:8], "--store", store, "-o", str(tmp_path / "noext")],
                 ["stages", "-o", str(tmp_path / "s.html")]):
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 2 and "cannot tell which format" in r.stderr and "--format" in r.stderr, args
