"""compute_clusters saves each kind; `newsprobe corpus clusters` lists them as text and JSON."""

from __future__ import annotations

import importlib.util
import json
import logging

from click.testing import CliRunner

import newsprobe.corpus
from newsprobe.cli import cli
from newsprobe.corpus.clusters import Cluster, Member, load_clusters, save_clusters
from newsprobe.corpus.compute import cluster_finder, compute_clusters, format_clusters
from newsprobe.settings import Settings
from newsprobe.store import Store

from .test_corpus_reposts import BRIDGE, FERRY, HOSPITAL, _article, _text


def _fill(path: str) -> None:
    post = _text(HOSPITAL) + "\n\n***\n\n" + _text(FERRY)
    start = post.index(FERRY[0])
    with Store(path) as store:
        for a in [
            _article("bridge-1", _text(BRIDGE), published="2024-03-04", url="https://lenne.example/b", outlet="Lenne News"),
            _article("bridge-2", _text(BRIDGE[:6]), published="2024-03-05", url="https://river.example/b"),
            _article("ferry-1", _text(FERRY), published="2024-03-01", url="https://coast.example/f"),
            _article("post", post, published="2024-03-09", url="https://blog.example/p",
                     stories=[(0, start - 7), (start, len(post))]),
        ]:
            store.put_article(a)


def test_compute_clusters_saves_each_kind_and_skips_missing_modules(tmp_path, caplog):
    path = str(tmp_path / "s.duckdb")
    _fill(path)
    with Store(path) as store:
        save_clusters(store, "reposts", [Cluster("reposts", "stale", [Member("x"), Member("y")])])
        with caplog.at_level(logging.WARNING):
            counts = compute_clusters(store, Settings())
        assert counts["reposts"] == 2
        for kind in ("quotes", "claims"):
            assert (kind in counts) == (cluster_finder(kind) is not None)
            if cluster_finder(kind) is None:
                assert f"newsprobe.corpus.{kind} is not installed" in caplog.text
        got = load_clusters(store, "reposts")
    assert "stale" not in {c.cluster_id for c in got}
    origins = {c.evidence["origin"]: c for c in got}
    assert set(origins) == {"bridge-1", "ferry-1"}
    assert origins["ferry-1"].members[1].start is not None  # the post's story, not the whole post


def test_clusters_of_reads_and_recomputes(tmp_path):
    path = str(tmp_path / "s.duckdb")
    _fill(path)
    assert newsprobe.corpus.clusters_of(path, "reposts") == []
    got = newsprobe.corpus.clusters_of(path, "reposts", recompute=True, limit=1)
    assert len(got) == 1 and got[0].size == 2
    assert len(newsprobe.corpus.clusters_of(path, "reposts")) == 2


def test_cli_text_and_json(tmp_path):
    path = str(tmp_path / "s.duckdb")
    _fill(path)
    runner = CliRunner()
    res = runner.invoke(cli, ["corpus", "clusters", "--store", path, "--recompute"])
    assert res.exit_code == 0, res.output
    assert "reposts r" in res.output and "story level" in res.output and "article level" in res.output
    assert "origin   ferry-1" in res.output and "copy     post  100% shared  chars" in res.output
    assert "copy     bridge-2  " in res.output and "% shared  2024-03-05" in res.output
    res = runner.invoke(cli, ["corpus", "clusters", "--store", path, "--kind", "reposts", "--format", "json", "--limit", "5"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert len(data) == 2 and {d["evidence"]["origin"] for d in data} == {"bridge-1", "ferry-1"}
    member = data[0]["members"][1]
    assert set(member) >= {"article_id", "start", "end", "role", "share", "attrs"}
    assert set(member["attrs"]) >= {"published", "outlet", "url", "story_start", "story_end"}
    res = runner.invoke(cli, ["corpus", "clusters", "--store", path, "--kind", "claims"])
    assert res.exit_code == 0 and res.output == "no clusters\n"


def test_cli_missing_store_and_bad_kind(tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["corpus", "clusters", "--store", str(tmp_path / "nope.duckdb")])
    assert res.exit_code == 2 and "newsprobe: error:" in res.output and "Traceback" not in res.output
    res = runner.invoke(cli, ["corpus", "clusters", "--store", str(tmp_path / "x.duckdb"), "--kind", "memes"])
    assert res.exit_code == 2 and "memes" in res.output


def test_format_clusters_hides_control_characters():
    c = Cluster("quotes", "q1", [Member("a\x1b[31m", 3, 9, text="We act\u202e now", attrs={"speaker": "Ana Ruiz"}),
                                 Member("b", 1, 4, text="We act")], label="label")
    text = format_clusters([c])
    assert "\x1b" not in text and "\u202e" not in text and "Ana Ruiz" in text and "chars 3-9" in text
    assert importlib.util.find_spec("newsprobe.corpus.compute") is not None


def test_a_kind_that_fails_costs_no_other_kind_and_says_what_to_do(tmp_path, monkeypatch):
    import duckdb
    import pytest

    from newsprobe.corpus import compute

    path = str(tmp_path / "s.duckdb")
    _fill(path)
    real = compute.cluster_finder

    def failing(kind: str):
        if kind == "reposts":
            def boom(store, settings):
                raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate data of size 128.0 MiB")
            return boom
        return real(kind)

    monkeypatch.setattr(compute, "cluster_finder", failing)
    with Store(path) as store:
        with pytest.raises(compute.ClusterError, match="reposts: OutOfMemoryException.*repost_scratch_memory") as e:
            compute_clusters(store, Settings())
    assert "reposts" not in e.value.counts
    assert all(k in e.value.counts for k in ("quotes", "claims") if real(k) is not None)
    r = CliRunner().invoke(cli, ["corpus", "clusters", "--store", path, "--kind", "reposts", "--recompute"])
    assert r.exit_code == 2 and "Traceback" not in r.output and "repost_scratch_memory" in r.output


def test_scratch_memory_setting_is_checked(tmp_path):
    import pytest

    path = str(tmp_path / "s.duckdb")
    _fill(path)
    with Store(path) as store:
        with pytest.raises(Exception, match="not a size like 512MB"):
            compute_clusters(store, Settings(repost_scratch_memory="lots; DROP TABLE x"), kinds=("reposts",))
