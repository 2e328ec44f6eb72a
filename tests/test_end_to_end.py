"""The whole default pipeline on the bundled examples: every layer, the store, the report."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsprobe.cli import cli
from newsprobe.settings import DEFAULT_STAGES

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def stitched(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    store = str(tmp / "s.duckdb")
    fcdb = str(tmp / "factchecks.duckdb")  # the default fact-check database: beside the store
    r = CliRunner().invoke(cli, ["factchecks", "import", str(EXAMPLES / "factchecks.jsonl"), "--format", "jsonl", "--db", fcdb])
    assert r.exit_code == 0, r.output
    out = tmp / "out.jsonl"
    r = CliRunner().invoke(
        cli,
        ["analyze", str(EXAMPLES / "stitched_post.txt"), str(EXAMPLES / "misinformation_viral_claims.txt"),
         "--store", store, "-o", str(out)],
    )
    assert r.exit_code == 0, r.output
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return docs, store, tmp


def test_end_to_end_every_layer_and_no_stage_errors(stitched):
    docs, _, _ = stitched
    post = docs[0]
    assert post["provenance"].get("errors", []) == []
    assert list(post["provenance"]["stages"]) == list(DEFAULT_STAGES)
    layers = post["layers"]
    for name in ("stories", "sentences", "entities", "quotes", "citations", "claims", "hedges", "techniques"):
        assert layers.get(name), f"layer {name} is empty on the stitched post"
    stories = [s for s in layers["stories"] if s["label"] == "story"]
    assert [s["attrs"]["origin"] for s in stories] == [None, "Reuters", "Associated Press"]
    text = post["text"]
    speakers = {q["attrs"].get("speaker") for q in layers["quotes"]}
    assert "Karen Whitlock" in speakers and "Linda Haskell" in speakers
    assert any(text[h["start"]:h["end"]].startswith("It is just a guess") for h in layers["hedges"])
    assert any(c["attrs"]["source"] == "Reuters" for c in layers["citations"])
    for area in ("stories", "quotes", "citations", "claims", "hedges", "techniques"):
        assert area in post["signals"], area


def test_end_to_end_claims_find_bundled_factchecks(stitched):
    docs, _, _ = stitched
    myths = docs[1]
    matched = [c for c in myths["layers"]["claims"] if c["attrs"].get("factchecks")]
    ids = {m["id"] for c in matched for m in c["attrs"]["factchecks"]}
    assert "np-demo-001" in ids  # the 5G claim
    assert myths["signals"]["claims"].get("with_factcheck", 0) >= 1


def test_end_to_end_store_and_html_report(stitched):
    docs, store, tmp = stitched
    from newsprobe.store import Store

    with Store(store) as db:
        assert db.count("articles") == 2
        n_spans = db.con.execute("SELECT count(*) FROM spans WHERE article_id = ?", [docs[0]["id"]]).fetchone()[0]
        assert n_spans == sum(len(v) for v in docs[0]["layers"].values())
    html_path = tmp / "r.html"
    r = CliRunner().invoke(cli, ["show", docs[0]["id"], "--store", store, "--format", "html", "-o", str(html_path)])
    assert r.exit_code == 0, r.output
    page = html_path.read_text(encoding="utf-8")
    for layer in ("stories", "quotes", "citations", "claims", "hedges", "techniques"):
        assert layer in page
    assert "<script>alert" not in page
