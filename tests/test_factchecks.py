"""Fact-check database: readers, import (update not duplicate), BM25, search, CLI and the stage."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from newsprobe import factchecks as fc
from newsprobe.article import Article, Span
from newsprobe.cli import cli
from newsprobe.pipeline import Context
from newsprobe.settings import Settings
from newsprobe.stages.factchecks import make_runner

DATA = Path(__file__).resolve().parent / "data"
CLAIMREVIEW = DATA / "factchecks_claimreview.jsonld"
CSV = DATA / "factchecks_sample.csv"
JSONL = DATA / "factchecks_records.jsonl"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "factchecks.jsonl"

CSV_FIELDS = ["--id-field", "ref", "--claim-field", "statement", "--verdict-field", "rating",
              "--publisher-field", "checker", "--url-field", "link", "--date-field", "checked_on"]
JSONL_FIELDS = ["--id-field", "key", "--claim-field", "text", "--verdict-field", "label", "--publisher-field", "source.name"]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> str:
    """A fact-check database with the three fixture files imported through the CLI."""
    path = str(tmp_path_factory.mktemp("fc") / "fc.duckdb")
    runner = CliRunner()
    for args in (
        ["factchecks", "import", str(CLAIMREVIEW), "--db", path],
        ["factchecks", "import", str(CSV), "--format", "csv", "--db", path, *CSV_FIELDS],
        ["factchecks", "import", str(JSONL), "--format", "jsonl", "--db", path, *JSONL_FIELDS],
    ):
        runner.invoke(cli, args)
    fc.clear_cache()
    return path


def _rows(path: str) -> dict[tuple[str, str], dict]:
    with fc.FactCheckDB(path) as db:
        cur = db.con.execute("SELECT collection, id, claim, verdict, publisher, url, date, extra, embedding FROM factchecks")
        cols = [d[0] for d in cur.description]
        return {(r[0], r[1]): dict(zip(cols, r)) for r in cur.fetchall()}


# --- readers -----------------------------------------------------------------------------


def test_claimreview_fields_graph_and_nested():
    recs = list(fc.read_claimreview(str(CLAIMREVIEW)))
    good = [r for r in recs if isinstance(r, fc.FactCheck)]
    bad = [r for r in recs if isinstance(r, fc.BadRecord)]
    assert len(good) == 3 and len(bad) == 1
    first = good[0]
    assert first.id == "https://checks.example.org/reviews/101"
    assert first.verdict == "Mostly False"
    assert first.publisher == "Example Checks"
    assert first.date == "2024-03-02"
    assert first.extra == {"claimant": "Councillor Dana Brook", "claim_date": "2024-02-27"}
    # no @id: the review url is the id; no alternateName: the numeric rating is the verdict
    assert good[1].id == "https://checks.example.org/reviews/102"
    assert good[1].verdict == "1/5"
    assert good[1].publisher == "Example Checks"  # author given as a list
    assert good[2].id == "https://other.example.net/fc/7"  # found under mainEntity
    assert "record.@graph[2]" in bad[0].where and "claim" in bad[0].message


def test_claimreview_single_object_list_and_lines(tmp_path):
    one = {"@type": "ClaimReview", "claimReviewed": "Bananas are berries.", "url": "https://x.example/1",
           "reviewRating": {"alternateName": "True"}}
    (tmp_path / "one.json").write_text(json.dumps(one))
    (tmp_path / "many.json").write_text(json.dumps([one, dict(one, url="https://x.example/2")]))
    (tmp_path / "lines.jsonl").write_text(json.dumps(one) + "\n{broken\n" + json.dumps(dict(one, url="https://x.example/3")) + "\n")
    assert [r.id for r in fc.read_claimreview(str(tmp_path / "one.json"))] == ["https://x.example/1"]
    assert len(list(fc.read_claimreview(str(tmp_path / "many.json")))) == 2
    lines = list(fc.read_claimreview(str(tmp_path / "lines.jsonl")))
    assert [type(r).__name__ for r in lines] == ["FactCheck", "BadRecord", "FactCheck"]
    assert lines[1].where == "line 2"
    assert fc.detect_format(str(tmp_path / "lines.jsonl")) == "claimreview"


def test_csv_mapping_and_bad_rows_named():
    fields = fc.FieldMap(id="ref", claim="statement", verdict="rating", publisher="checker", url="link", date="checked_on", id_required=True)
    recs = list(fc.read_csv(str(CSV), fields))
    good = {r.id: r for r in recs if isinstance(r, fc.FactCheck)}
    bad = [r for r in recs if isinstance(r, fc.BadRecord)]
    assert set(good) == {"c-1", "c-2", "c-5"}
    assert good["c-1"].claim == "Electric buses now make up half of the city's fleet."
    assert good["c-5"].publisher == "Desk Two" and good["c-5"].date == "2023-07-01"
    assert [b.where for b in bad] == ["line 4", "line 5"]
    assert "statement" in bad[0].message and "7 fields" in bad[1].message


def test_csv_without_the_claim_column_says_which_option():
    recs = list(fc.read_csv(str(CSV), fc.FieldMap()))
    assert len(recs) == 1 and isinstance(recs[0], fc.BadRecord) and "--claim-field" in recs[0].message


def test_missing_id_gets_a_stable_hash_unless_required():
    rec = {"claim": "Snow fell in July."}
    a = fc.record_from_mapping(rec, fc.FieldMap(), "x")
    b = fc.record_from_mapping(dict(rec), fc.FieldMap(), "y")
    assert isinstance(a, fc.FactCheck) and a.id == b.id and a.id.startswith("h")
    assert isinstance(fc.record_from_mapping(rec, fc.FieldMap(id_required=True), "z"), fc.BadRecord)


# --- import through the CLI ----------------------------------------------------------------


def test_cli_import_reports_bad_records_keeps_good_and_exits_nonzero(tmp_path):
    path = str(tmp_path / "s.duckdb")
    res = CliRunner().invoke(cli, ["factchecks", "import", str(CSV), "--db", path, *CSV_FIELDS])
    assert res.exit_code == 1
    assert "line 4" in res.output and "line 5" in res.output
    assert "3 records read" in res.output and "2 failed" in res.output
    rows = _rows(path)
    assert {k[1] for k in rows} == {"c-1", "c-2", "c-5"}
    assert all(r["collection"] == "factchecks_sample" for r in rows.values())
    assert all(len(r["embedding"]) == 384 * 4 for r in rows.values())


def test_reimport_updates_not_duplicates(tmp_path):
    src = tmp_path / "checks.jsonl"
    src.write_text(
        json.dumps({"id": "a", "claim": "The lake froze over in April.", "verdict": "False"}) + "\n"
        + json.dumps({"id": "b", "claim": "The mayor owns three restaurants.", "verdict": "True"}) + "\n"
    )
    path = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    assert runner.invoke(cli, ["factchecks", "import", str(src), "--db", path]).exit_code == 0
    src.write_text(
        json.dumps({"id": "a", "claim": "The lake froze over in April.", "verdict": "Mostly False"}) + "\n"
        + json.dumps({"id": "b", "claim": "The mayor owns four restaurants.", "verdict": "True"}) + "\n"
    )
    res = runner.invoke(cli, ["factchecks", "import", str(src), "--db", path])
    assert res.exit_code == 0, res.output
    assert "0 new, 2 updated" in res.output and "1 embedded" in res.output  # only the changed text is re-encoded
    rows = _rows(path)
    assert len(rows) == 2
    assert rows[("checks", "a")]["verdict"] == "Mostly False"
    assert rows[("checks", "b")]["claim"] == "The mayor owns four restaurants."


def test_import_needs_file_or_preset(tmp_path):
    res = CliRunner().invoke(cli, ["factchecks", "import", "--db", str(tmp_path / "s.duckdb")])
    assert res.exit_code != 0 and "--preset" in res.output


# --- BM25 and search --------------------------------------------------------------------------


def test_terms_and_bm25_ranking():
    assert fc.terms("The Vaccines aren't in the cities") == ["vaccine", "aren't", "city"]
    bm = fc.BM25(["vaccines cause autism", "the city council met", "vaccine mandates in the city"])
    s = bm.scores("autism vaccine")
    assert s.argmax() == 0 and s[1] == 0.0
    assert bm.scores("zzz unknown").sum() == 0.0
    assert fc.BM25([]).scores("anything").shape == (0,)


def test_clean_query_drops_links_and_splits_tags():
    q = fc.clean_query("Big news #CityBudget2024 pic.twitter.com/abc https://t.co/x @JaneRoe — Jane Roe (@jroe) May 3, 2020")
    assert "twitter" not in q and "http" not in q and "@" not in q and "#" not in q
    assert fc.terms(q)[:5] == ["big", "new", "city", "budget", "2024"]
    assert "jane" in fc.terms(q) and "roe" in fc.terms(q)


def test_search_finds_the_paraphrased_claim(db_path):
    index = fc.load_index(db_path)
    assert len(index) == 3 + 3 + 3
    assert fc.load_index(db_path) is index  # cached per process
    hits = index.search("Was the harbour bridge really over 2 billion dollars?", 3)
    assert hits[0].id == "https://checks.example.org/reviews/101" and hits[0].verdict == "Mostly False"
    assert hits[0].score > hits[1].score
    hits = index.search("do cats or wind turbines kill more birds", 1)
    assert hits[0].id == "j-2" and hits[0].publisher == "Park Watch"
    assert fc.is_match(hits[0])


def test_unrelated_query_is_not_a_match(db_path):
    hits = fc.load_index(db_path).search("The orchestra played Beethoven's fifth symphony last night.", 3)
    assert hits and not any(fc.is_match(m) for m in hits)


def test_hostile_queries_do_not_crash(db_path):
    index = fc.load_index(db_path)
    queries = ["", "“" * 1000, "word " * 10000, "\ud800\x00", "Пожар в городе уничтожил мост.", "!!!"]
    results = index.search_many(queries, 2)
    assert len(results) == len(queries)
    assert all(np.isfinite(m.score) for r in results for m in r)


def test_cli_search_text_and_jsonl(db_path, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["factchecks", "search", "seawater cures colds", "--db", db_path])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].startswith("1. ") and "reviews/102" in res.output.splitlines()[0]
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "q1", "text": "railway tickets cost twice as much as in 2019"}) + "\n"
        + "not json\n"
        + json.dumps({"id": 7, "text": "how many schools did the district close"}) + "\n"
    )
    res = runner.invoke(cli, ["factchecks", "search", "--input", str(queries), "--top", "2", "--format", "jsonl", "--db", db_path])
    assert res.exit_code == 1  # one bad line
    lines = [json.loads(l) for l in res.output.splitlines() if l.startswith("{")]
    assert [l["id"] for l in lines] == ["q1", 7]
    assert lines[0]["matches"][0]["id"] == "j-4"
    assert set(lines[0]["matches"][0]) == {"id", "claim", "verdict", "score"}
    assert len(lines[1]["matches"]) == 2 and lines[1]["matches"][0]["id"] == "c-2"


def test_cli_stats(db_path):
    res = CliRunner().invoke(cli, ["factchecks", "stats", "--db", db_path])
    assert res.exit_code == 0 and "factchecks_sample: 3 records (3 embedded)" in res.output


# --- the stage --------------------------------------------------------------------------------


def _article_with_claims() -> Article:
    text = ("Officials said the harbour bridge cost more than two billion dollars. "
            "The weather was pleasant on Sunday.")
    first_end = text.index(".") + 1
    art = Article(text)
    art.with_layer("stories", [Span(0, len(text), "story", id="s1")])
    art.with_layer("claims", [Span(0, first_end, "claim", score=0.9, attrs={"kind": "statistic"}),
                              Span(first_end + 1, len(text), "claim", score=0.6, attrs={"kind": "event"})])
    art.signals["claims"] = {"count": 2, "by_story": {"s1": {"count": 2}}}
    return art


def test_stage_attaches_matches_and_signals(db_path):
    settings = Settings(factcheck_db=db_path, factcheck_top=2)
    art = _article_with_claims()
    make_runner(settings)(art, Context(article=art, settings=settings))
    first, second = art.layer("claims")
    assert first.attrs["kind"] == "statistic"  # the claims stage's attrs are kept
    assert first.attrs["factchecks"][0]["id"] == "https://checks.example.org/reviews/101"
    assert set(first.attrs["factchecks"][0]) == {"id", "claim", "verdict", "publisher", "url", "collection", "score"}
    assert second.attrs["factchecks"] == []
    sig = art.signals["claims"]
    assert sig["count"] == 2 and sig["with_factcheck"] == 1
    assert sig["factcheck_verdicts"] == {"Mostly False": 1}
    assert sig["by_story"]["s1"] == {"count": 2, "with_factcheck": 1, "factcheck_verdicts": {"Mostly False": 1}}
    assert art.provenance["factchecks"]["status"] == "matched"
    Article.from_json(art.to_json())  # still valid wire format


def test_stage_without_database_changes_nothing(tmp_path):
    settings = Settings(store=str(tmp_path / "store.duckdb"), factcheck_db=str(tmp_path / "absent.duckdb"))
    art = _article_with_claims()
    before = art.layer("claims")
    make_runner(settings)(art, Context(article=art, settings=settings))
    assert art.layer("claims") == before
    assert art.provenance["factchecks"]["status"] == "skipped"
    assert "import" in art.provenance["factchecks"]["reason"]
    assert not (tmp_path / "absent.duckdb").exists()
    assert not (tmp_path / "store.duckdb").exists()  # the stage never touches the article store


def test_stage_with_empty_table_notes_it(tmp_path):
    path = str(tmp_path / "empty.duckdb")
    fc.FactCheckDB(path).close()  # an empty fact-check table
    fc.clear_cache()
    settings = Settings(factcheck_db=path)
    art = _article_with_claims()
    make_runner(settings)(art, Context(article=art, settings=settings))
    assert art.provenance["factchecks"]["status"] == "skipped"
    assert "no fact-checks" in art.provenance["factchecks"]["reason"]


# --- the project's datasets ------------------------------------------------------------------


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/data (the project's datasets)")
def test_presets_read_every_record_without_errors():
    coll, _, records = fc.preset("liar")
    recs = list(records)
    assert coll == "liar" and len(recs) == 12836 and all(isinstance(r, fc.FactCheck) for r in recs)
    assert {r.verdict for r in recs} == set(fc.LIAR_VERDICTS.values())
    coll, _, records = fc.preset("snopes")
    recs = list(records)
    assert coll == "snopes-clef2020" and len(recs) == 10375 and all(isinstance(r, fc.FactCheck) for r in recs)
    assert len({r.id for r in recs}) == 10375


def test_broken_pretty_printed_claimreview_is_one_clear_error(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{\n  "@type": "ClaimReview",\n  "claimReviewed": "Cats can fly."\n  "url": "https://x.example/9"\n}\n')
    recs = list(fc.read_claimreview(str(bad)))
    assert len(recs) == 1 and isinstance(recs[0], fc.BadRecord)
    assert recs[0].where == "line 4" and "fix it" in recs[0].message
    res = CliRunner().invoke(cli, ["factchecks", "import", str(bad), "--format", "claimreview", "--db", str(tmp_path / "s.duckdb")])
    assert res.exit_code == 1 and "line 4" in res.output and "0 records read" in res.output


def test_no_embed_import_still_searches(tmp_path):
    src = tmp_path / "plain.jsonl"
    src.write_text(
        json.dumps({"id": "p1", "claim": "The river flooded the old town twice in 2021."}) + "\n"
        + json.dumps({"id": "p2", "claim": "The library lends out garden tools."}) + "\n"
    )
    path = str(tmp_path / "s.duckdb")
    res = CliRunner().invoke(cli, ["factchecks", "import", str(src), "--no-embed", "--db", path])
    assert res.exit_code == 0 and "0 embedded" in res.output
    assert all(r["embedding"] is None for r in _rows(path).values())
    hits = fc.load_index(path).search("can I borrow gardening tools from the library", 2)
    assert hits[0].id == "p2" and hits[0].cosine > 0.3


def test_embed_query_keeps_only_the_signature_name():
    q = fc.embed_query("The bridge cost twice the budget #CityHall — Jane Roe (@jroe) May 3, 2020")
    assert "Jane Roe" in q and "jroe" not in q and "2020" not in q and "City Hall" in q
    plain = "The bridge cost twice the budget - or so they say (@mayor) in May 3, 2020 remarks"
    assert "mayor" in fc.embed_query(plain)  # not at the end: not a signature
    for hostile in ["- " + " " * 4000, "—" * 5000, "(@a) " * 900, ""]:
        assert isinstance(fc.embed_query(hostile), str)


def test_rerank_features_and_weights_agree():
    feats = fc.rerank_features(
        "Jane Roe says the bridge cost 2 billion",
        np.array([0.8, 0.3], dtype=np.float32), np.array([5.0, 0.0], dtype=np.float32), 5.0,
        ["Jane Roe said the bridge cost 2 billion dollars.", "Cats sleep all day."], ["Bridge cost", ""],
    )
    assert feats.shape == (2, len(fc.RERANK_FEATURES)) == (2, len(fc.RERANK_WEIGHTS))
    assert np.isfinite(feats).all() and feats[0, 1] == 0.0 and feats[1, 1] < 0
    assert feats[0, 9] == 1.0 and feats[0, 10] == 0.0  # the number 2 is shared
    weights = np.asarray(fc.RERANK_WEIGHTS, dtype=np.float32)
    assert feats[0] @ weights > feats[1] @ weights
    assert fc.rerank_features("x", np.zeros(0), np.zeros(0), 0.0, [], []).shape == (0, len(fc.RERANK_FEATURES))


def test_search_without_rerank_orders_by_score(db_path):
    hits = fc.load_index(db_path).search_many(["Was the harbour bridge really over 2 billion dollars?"], 3, rerank=False)[0]
    assert [m.score for m in hits] == sorted((m.score for m in hits), reverse=True)


def test_cli_reembed_fills_missing_embeddings_and_search_warns_until_then(tmp_path):
    path = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    res = runner.invoke(cli, ["factchecks", "import", str(EXAMPLES), "--db", path, "--no-embed"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["factchecks", "search", "the flu shot gives you the flu", "--db", path, "--top", "1"])
    assert res.exit_code == 0 and "lack an embedding of the current encoder" in res.stderr
    assert "np-demo-003" in res.stdout
    res = runner.invoke(cli, ["factchecks", "reembed", "--db", path])
    assert res.exit_code == 0 and "re-embedded 7 fact-checks" in res.stderr
    res = runner.invoke(cli, ["factchecks", "reembed", "--db", path])
    assert "all fact-checks are embedded" in res.stderr
    res = runner.invoke(cli, ["factchecks", "search", "the flu shot gives you the flu", "--db", path, "--top", "1"])
    assert "lack an embedding" not in res.stderr and "np-demo-003" in res.stdout


def test_twin_groups_join_records_that_differ_only_in_quote_marks():
    collection = ["snopes", "snopes", "snopes", "liar", "snopes"]
    claims = [
        "The mayor said: 'We will never close the harbour.'",
        "The mayor said: \u201cWe will never close the harbour.\u201d",
        'The mayor said: "We will  never close the harbour."',
        'The mayor said: "We will never close the harbour."',  # another collection: another fact-check
        "The mayor said we will never close the harbour.",  # other words (no colon): not a twin
    ]
    titles = ["Harbour pledge"] * 5
    verdicts = [None, None, None, "false", None]
    rep = fc.twin_groups(collection, claims, titles, verdicts)
    # the record with straight double quotes represents its group
    assert rep == [2, 2, 2, 3, 4]
    assert fc.twin_key("c", "A 'b' c", "T", None) == fc.twin_key("c", "a \u201cB\u201d  c", "t", None)
    assert fc.twin_key("c", "A b c", "T", None) != fc.twin_key("c", "A b c", "T", "false")


def test_search_shows_a_fact_check_stored_twice_once(tmp_path):
    src = tmp_path / "twins.jsonl"
    rows = [
        {"id": "t1", "claim": "The governor said: 'Every ferry will run on batteries by 2030.'", "title": "Ferry pledge"},
        {"id": "t2", "claim": 'The governor said: "Every ferry will run on batteries by 2030."', "title": "Ferry pledge"},
        {"id": "t3", "claim": "The ferry company doubled its fares last spring.", "title": "Ferry fares"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    path = str(tmp_path / "s.duckdb")
    assert CliRunner().invoke(cli, ["factchecks", "import", str(src), "--db", path]).exit_code == 0
    hits = fc.load_index(path).search("governor: every ferry will run on batteries by 2030", 3)
    assert [h.id for h in hits] == ["t2", "t3"]
    assert hits[0].duplicates == ("t1",) and hits[0].to_dict()["duplicates"] == ["t1"]
    assert "duplicates" not in hits[1].to_dict() and "duplicates" not in hits[0].to_dict(full=False)
