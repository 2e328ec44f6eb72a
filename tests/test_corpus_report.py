"""The corpus report: its numbers from a small store built here, the HTML from them, the CLI.

The store holds articles we wrote, analysed with newsprobe's core stages; techniques and
citations are added by hand (so every expected count is known), and clusters are saved with
``save_clusters``. One article is hostile: script tags, bidi characters and quotes in its
title and outlet.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner

from newsprobe import Article, Span
from newsprobe.cli import cli
from newsprobe.corpus.clusters import Cluster, Member, save_clusters
from newsprobe.corpus.report import FORMAT, NO_OUTLET, corpus_numbers, corpus_report
from newsprobe.render.corpus import render_corpus_html
from newsprobe.store import Store

HOSTILE_OUTLET = 'Evil "Daily" <script>alert(1)</script>'
HOSTILE_TITLE = "Invoice \u202egpj.exe\u202c <img src=x onerror=alert(2)> \"quoted\" 'single'"
RATING = [{"list": "test-list", "meaning": "generally reliable", "source": "our own test list", "date": "2026"}]

ARTICLES = [  # (id, outlet, published, title, text)
    ("a1", "Harbor Gazette", "2025-05-01", "Council approves harbor dredging",
     "The Port Avel council voted 5-2 on Tuesday to dredge the north harbor. Mayor Lena Voss said the work "
     "would start in June. The Harbor Gazette reported that the cost is 4 million euros. Critics called it a disaster."),
    ("a2", "Harbor Gazette", "2025-05-02T08:00:00Z", "Dredging to start in June",
     "Dredging of the north harbor will start in June, the council said. The Harbor Gazette reported the vote on Tuesday."),
    ("a3", "Valley Post", "2025-05-02", "Harbor plan passes",
     "Some experts say the harbor plan is a shameful waste. The council passed it anyway on Tuesday."),
    ("a4", HOSTILE_OUTLET, "yesterday", HOSTILE_TITLE,
     "Mara Quill wrote that the invoice was fake. <script>alert(3)</script> Nobody else confirmed it."),
    ("a5", None, "2025-05-03", "A note without an outlet", "A short note about the weather in Port Avel."),
]

TECHNIQUES = {"a1": [("a disaster", "Loaded_Language"), ("Critics called it", "Doubt")],
              "a3": [("shameful waste", "Loaded_Language"), ("Some experts say", "Loaded_Language")]}
CITATIONS = {  # article -> [(phrase, source, kind, domain, rating)]
    "a1": [("Mayor Lena Voss", "Lena Voss", "person", None, None),
           ("The Harbor Gazette", "Harbor Gazette", "outlet", "harborgazette.example", RATING)],
    "a2": [("the council", "Port Avel council", "organisation", None, None),
           ("The Harbor Gazette", "Harbor Gazette", "outlet", "harborgazette.example", RATING)],
    "a3": [("Some experts", "Some experts", "vague", None, None)],
    "a4": [("Mara Quill", HOSTILE_OUTLET, "person", None, None)],
}


def _span(text: str, phrase: str, label: str, **attrs: Any) -> Span:
    i = text.index(phrase)
    return Span(i, i + len(phrase), label, score=0.9, attrs=attrs)


def build_store(path: str, pipeline: Any) -> list[Article]:
    """Write the test corpus and its clusters to a new store at ``path``; returns the articles."""
    articles = []
    for aid, outlet, published, title, text in ARTICLES:
        meta = {"title": title, "published": published, "url": f"https://news.example/{aid}"}
        if outlet:
            meta["outlet"] = outlet
        art = pipeline(Article(text, id=aid, meta=meta))
        art.with_layer("techniques", [_span(text, p, label) for p, label in TECHNIQUES.get(aid, [])])
        art.with_layer("citations", [_span(text, p, kind, source=src, kind=kind, domain=dom, rating=rat)
                                     for p, src, kind, dom, rat in CITATIONS.get(aid, [])])
        articles.append(art)
    with Store(path) as store:
        for art in articles:
            store.put_article(art, source="test")
        save_clusters(store, "reposts", [
            Cluster("reposts", "r1", [Member("a1", role="origin"), Member("a2", role="copy", share=0.9),
                                      Member("a3", role="copy", share=0.7)],
                    label="Council approves harbor dredging", evidence={"origin": "a1", "level": "article", "method": "minhash"}),
            Cluster("reposts", "r2", [Member("a4", role="origin"), Member("missing-id", role="copy", share=0.5)],
                    label=HOSTILE_TITLE, evidence={"origin": "a4", "level": "story", "method": "minhash"}),
        ])
        save_clusters(store, "quotes", [
            Cluster("quotes", "q-plain", [Member("a1", 0, 10, text="the work would start in June", attrs={"speaker": "Lena Voss"}),
                                          Member("a2", 0, 10, text="the work would start in June", attrs={"speaker": "Lena Voss"}),
                                          Member("a3", 0, 10, text="the work would start in June", attrs={"speaker": "Lena Voss"})],
                    label="the work would start in June", evidence={"speakers": ["Lena Voss"], "quote_drift": False, "attribution_drift": False}),
            Cluster("quotes", "q-drift", [
                Member("a1", 0, 10, text="we will not sell the harbor", attrs={"speaker": "Lena Voss", "speaker_canonical": "Lena Voss",
                                                                               "diff": [["=", "we will not sell the harbor"]]}),
                Member("a3", 0, 10, text="we will not sell the harbor", attrs={
                    "speaker": "the mayor", "speaker_status": "uncertain", "diff": [["=", "we will not sell the harbor"]]}),
                Member("a4", 0, 10, text="we will sell the harbor <b>", attrs={
                    "speaker": "Mara Quill", "speaker_canonical": "Mara Quill",
                    "diff": [["=", "we will"], ["-", "not"], ["=", "sell the harbor"], ["+", "<b>"]]})],
                label="we will not sell the harbor", evidence={"speakers": ["Lena Voss", "Mara Quill"], "quote_drift": True,
                                                               "attribution_drift": True, "conflict": ["Lena Voss", "Mara Quill"]}),
        ])
        save_clusters(store, "claims", [
            Cluster("claims", "c1", [Member("a1", 0, 20, text="the cost is 4 million euros"),
                                     Member("a2", 0, 20, text="it costs 4 million euros", attrs={"match": "paraphrase", "similarity": 0.8712}),
                                     Member("a3", 0, 20, text="4 million euros")],
                    label="the cost is 4 million euros",
                    evidence={"by_outlet": {}, "by_day": {}, "factchecks": [
                        {"verdict": "mostly false", "claim": "The dredging costs 4 million", "publisher": "Check Desk",
                         "score": 0.83, "url": "javascript:alert(4)"}]}),
            Cluster("claims", "c2", [Member("a1", 0, 5, text="voted 5-2"), Member("a5", 0, 5, text="voted 5-2")],
                    label="voted 5-2", evidence={"factchecks": []}),
        ])
    return articles


@pytest.fixture(scope="module")
def corpus_store(core_pipeline, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("corpus") / "corpus.duckdb")
    articles = build_store(path, core_pipeline)
    with Store(path, read_only=True) as store:
        numbers = corpus_numbers(store)
    return path, articles, numbers


def _words(outlet: str | None) -> int:
    return sum(len(text.split()) for _, o, _, _, text in ARTICLES if o == outlet)


def test_article_counts_by_outlet_day_and_language(corpus_store):
    _, articles, n = corpus_store
    assert n["format"] == FORMAT and n["totals"]["articles"] == 5
    by_outlet = {r["outlet"]: r for r in n["articles"]["by_outlet"]}
    assert {o: r["articles"] for o, r in by_outlet.items()} == {"Harbor Gazette": 2, "Valley Post": 1, HOSTILE_OUTLET: 1, NO_OUTLET: 1}
    assert by_outlet["Harbor Gazette"]["words"] == _words("Harbor Gazette")
    assert by_outlet["Harbor Gazette"]["chars"] == sum(len(a.text) for a in articles[:2])
    assert n["articles"]["by_day"] == [{"day": "2025-05-01", "articles": 1}, {"day": "2025-05-02", "articles": 2},
                                       {"day": "2025-05-03", "articles": 1}]
    assert n["articles"]["undated"] == 1 and n["articles"]["days_total"] == 3  # days with a date
    assert sum(r["articles"] for r in n["articles"]["by_language"]) == 5
    assert n["totals"]["words"] == sum(len(t.split()) for *_, t in ARTICLES)
    assert n["totals"]["spans"]["techniques"] == 4 and n["totals"]["spans"]["citations"] == 6


def test_technique_use_by_outlet_counts_and_rates(corpus_store):
    _, _, n = corpus_store
    tech = n["techniques"]
    assert {r["technique"]: (r["spans"], r["articles"]) for r in tech["labels"]} == {"Loaded_Language": (3, 2), "Doubt": (1, 1)}
    rows = {r["outlet"]: r for r in tech["by_outlet"]}
    assert set(rows) == {"Harbor Gazette", "Valley Post"}
    gazette = rows["Harbor Gazette"]
    assert gazette["counts"] == {"Loaded_Language": 1, "Doubt": 1}
    loaded = next(r for r in tech["labels"] if r["technique"] == "Loaded_Language")
    assert loaded["examples"] == ["a3", "a1"]  # most spans of it first: the drill-down
    assert gazette["per_1000_words"]["Doubt"] == round(1000 / _words("Harbor Gazette"), 3)
    assert rows["Valley Post"]["per_1000_words"]["Loaded_Language"] == round(2000 / _words("Valley Post"), 3)


def test_most_cited_sources_with_ratings(corpus_store):
    _, _, n = corpus_store
    src = n["sources"]
    top = src["top"][0]
    assert (top["source"], top["kind"], top["citations"], top["articles"], top["outlets"]) == ("Harbor Gazette", "outlet", 2, 2, 1)
    assert top["domain"] == "harborgazette.example" and top["rating"] == RATING and top["examples"] == ["a1", "a2"]
    assert all(r["kind"] != "vague" for r in src["top"])
    assert src["citations_total"] == 6 and src["vague"] == 1 and src["vague_share"] == round(1 / 6, 4)
    assert src["rated_citations"] == 2 and src["named_sources_total"] == 4
    assert src["by_kind"] == {"outlet": 2, "person": 2, "organisation": 1, "vague": 1}


def test_clusters_reposts_quote_drift_and_claims_over_time(corpus_store):
    _, _, n = corpus_store
    rp = n["reposts"]
    assert rp["clusters_total"] == 2 and rp["articles_in_clusters"] == 5 and rp["copies_total"] == 3
    r1 = rp["clusters"][0]
    assert (r1["cluster_id"], r1["origin"], r1["copies"], r1["outlets"], r1["share_min"], r1["share_mean"]) == ("r1", "a1", 2, 2, 0.7, 0.8)
    assert [m["article_id"] for m in r1["members"]] == ["a1", "a2", "a3"]
    assert [m["in_store"] for m in rp["clusters"][1]["members"]] == [True, False]
    q = n["quotes"]
    assert (q["clusters_total"], q["quote_drift_total"], q["attribution_drift_total"], q["drift_total"]) == (2, 1, 1, 1)
    assert q["clusters"][0]["cluster_id"] == "q-drift"  # drift cases first, though smaller
    assert q["clusters"][0]["members"][2]["attrs"]["diff"][1] == ["-", "not"]
    assert q["clusters"][0]["speakers"] == ["Lena Voss", "Mara Quill"]
    c = n["claims"]
    assert c["clusters_total"] == 2 and c["with_factchecks_total"] == 1
    assert c["clusters"][0]["by_day"] == [{"day": "2025-05-01", "members": 1}, {"day": "2025-05-02", "members": 2}]
    assert c["clusters"][0]["factchecks"][0]["verdict"] == "mostly false"
    assert c["by_day"] == [{"day": "2025-05-01", "members": 2, "clusters": 2}, {"day": "2025-05-02", "members": 2, "clusters": 1},
                           {"day": "2025-05-03", "members": 1, "clusters": 1}]
    assert set(n["article_index"]) == {"a1", "a2", "a3", "a4", "a5"}  # "missing-id" is not in the store
    assert n["article_index"]["a1"]["snippet"].startswith("The Port Avel council voted")


def test_limits_cut_lists_and_say_so(corpus_store):
    path, _, _ = corpus_store
    with Store(path, read_only=True) as store:
        n = corpus_numbers(store, top=1, members=1)
    assert len(n["articles"]["by_outlet"]) == 1 and n["articles"]["outlets_total"] == 4
    assert len(n["reposts"]["clusters"]) == 1 and n["reposts"]["clusters_total"] == 2
    r1 = n["reposts"]["clusters"][0]
    assert len(r1["members"]) == 1 and r1["members_cut"] == 2 and r1["members_total"] == 3
    page = render_corpus_html(n)
    assert "Showing 1 of 2 clusters" in page and "and 2 more members" in page
    assert "showing 1 of 4 outlets" in page


def test_json_is_serialisable_and_html_agrees_on_counts(corpus_store):
    _, _, n = corpus_store
    again = json.loads(json.dumps(n))
    page = render_corpus_html(n)
    assert render_corpus_html(again) == page  # a saved JSON report renders the same page
    assert f"<b>{n['totals']['articles']}</b> articles" in page
    for row in n["articles"]["by_outlet"]:  # the outlet table repeats each count
        name = re.escape(row["outlet"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))
        assert re.search(rf"<tr><td>{name}</td><td class=\"num\">{row['articles']}</td>", page), row["outlet"]
    details = re.findall(r'<details class="cluster" id="c-([rqc])', page)
    assert details.count("r") == len(n["reposts"]["clusters"]) and details.count("q") == len(n["quotes"]["clusters"])
    assert details.count("c") == len(n["claims"]["clusters"])
    assert f"{n['quotes']['quote_drift_total']} are worded differently" in page
    assert page.count("<svg") >= 7


def test_hostile_text_is_escaped(corpus_store):
    _, _, n = corpus_store
    page = render_corpus_html(n)
    assert "<script" not in page and "<img" not in page and "onerror=alert" not in page.replace("onerror=alert(2)&gt;", "")
    assert "\u202e" not in page and "\u202c" not in page  # bidi controls shown as markers, never acting
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "\u27e8RLO\u27e9" in page
    assert "&lt;b&gt;</ins>" in page and "<del>not</del>" in page  # the word diff, its text escaped
    assert "the mayor? <span class=\"dim\">(speaker uncertain)</span>" in page  # never shown as a confident speaker
    assert "credited with confidence to different people: Lena Voss / Mara Quill" in page
    assert 'paraphrase <span class="dim">(0.87)</span>' in page
    assert 'href="javascript:' not in page  # an unsafe fact-check URL is not a link
    assert "<code>newsprobe show a1 --store DB -o article.html</code>" in page
    for href in re.findall(r'href="#([^"]+)"', page):  # every drill-down link has its target
        assert f'id="{href}"' in page, href
    assert "script-src &#x27;none&#x27;" in page


def test_empty_store_gives_a_clear_page(tmp_path):
    path = str(tmp_path / "empty.duckdb")
    Store(path).close()
    with Store(path, read_only=True) as store:
        n = corpus_numbers(store)
    assert n["totals"]["articles"] == 0 and n["reposts"]["clusters"] == [] and n["article_index"] == {}
    assert n["sources"]["vague_share"] is None and n["techniques"]["labels"] == []
    page = render_corpus_html(n)
    assert "This store holds no articles yet" in page and "newsprobe corpus run" in page
    json.dumps(n)


def test_cli_writes_html_and_json(corpus_store, tmp_path):
    path, _, n = corpus_store
    runner = CliRunner()
    out_json, out_html = tmp_path / "r.json", tmp_path / "r.html"
    res = runner.invoke(cli, ["corpus", "report", "--store", path, "-o", str(out_json)])
    assert res.exit_code == 0, res.output
    got = json.loads(out_json.read_text(encoding="utf-8"))
    assert {k: v for k, v in got.items() if k != "generated_at"} == {k: v for k, v in n.items() if k != "generated_at"}
    res = runner.invoke(cli, ["corpus", "report", "--store", path, "-o", str(out_html), "--top", "1"])
    assert res.exit_code == 0 and "Showing 1 of 2 clusters" in out_html.read_text(encoding="utf-8")
    res = runner.invoke(cli, ["corpus", "report", "--store", path, "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.output)["totals"]["articles"] == 5
    res = runner.invoke(cli, ["corpus", "report", "--store", str(tmp_path / "none.duckdb"), "-o", str(out_html)])
    assert res.exit_code == 2 and "no store at" in res.output and "Traceback" not in res.output
    res = runner.invoke(cli, ["corpus", "report", "--store", path, "-o", str(tmp_path / "r.txt")])
    assert res.exit_code == 2 and "--format (html|json)" in res.output


def test_corpus_report_function_refuses_an_unknown_format(corpus_store):
    path, _, _ = corpus_store
    with Store(path, read_only=True) as store:
        with pytest.raises(ValueError, match="use one of html, json"):
            corpus_report(store, fmt="pdf")
        assert corpus_report(store, fmt="json").startswith("{")


def test_store_without_cluster_tables_says_how_to_upgrade(tmp_path):
    path = str(tmp_path / "old.duckdb")
    with Store(path) as store:  # a store as an older newsprobe left it: no cluster tables
        store.con.execute("DROP TABLE cluster_members")
        store.con.execute("DROP TABLE clusters")
    with Store(path, read_only=True) as store:
        n = corpus_numbers(store)
    assert n["reposts"]["clusters"] == [] and "newsprobe migrate" in n["quotes"]["note"]
    assert n["totals"]["clusters"] == {"reposts": 0, "quotes": 0, "claims": 0}


def test_malformed_cluster_evidence_does_not_break_the_report(tmp_path, core_pipeline):
    """Evidence and attrs of unexpected shapes (a later or buggy writer) are shown as they are, never a traceback."""
    path = str(tmp_path / "odd.duckdb")
    build_store(path, core_pipeline)
    with Store(path) as store:
        save_clusters(store, "quotes", [Cluster("quotes", "odd", [Member("a1", text="x", attrs={"diff": "not a list", "speaker": 7}),
                                                                  Member("a2", text=None)],
                                                label=None, evidence={"speakers": "Lena Voss", "quote_drift": "yes", "conflict": "A"})])
        save_clusters(store, "claims", [Cluster("claims", "odd", [Member("a1"), Member("a9")], evidence={"factchecks": {"verdict": 1}})])
        store.con.execute("UPDATE clusters SET evidence = '[1, 2]' WHERE kind = 'reposts' AND cluster_id = 'r1'")
        store.con.execute("UPDATE cluster_members SET attrs = '\"text\"' WHERE kind = 'reposts' AND cluster_id = 'r1'")
    with Store(path, read_only=True) as store:
        n = corpus_numbers(store)
    assert n["quotes"]["clusters"][0]["speakers"] == ["Lena Voss"] and n["quotes"]["quote_drift_total"] == 0
    r1 = next(c for c in n["reposts"]["clusters"] if c["cluster_id"] == "r1")
    assert r1["evidence"] == {"value": [1, 2]} and r1["origin"] == "a1" and r1["members"][0]["attrs"] == {"value": "text"}
    page = render_corpus_html(json.loads(json.dumps(n)))
    assert "<td class=\"q\">x</td>" in page and "a9</code> <span class=\"dim\">(not in the store)" in page  # a bad diff: the wording as is
