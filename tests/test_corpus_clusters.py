"""The cluster data model round-trips through the store, one kind replaced at a time."""

from __future__ import annotations

import pytest

from newsprobe.corpus.clusters import Cluster, Member, load_clusters, save_clusters
from newsprobe.store import Store


def _cluster(cid: str, n: int, kind: str = "reposts") -> Cluster:
    members = [Member(f"a{i}", role="origin" if i == 0 else "copy", share=1.0 - i / 10) for i in range(n)]
    return Cluster(kind, cid, members, label=f"cluster {cid}", evidence={"origin": "a0"})


def test_save_and_load_round_trip(tmp_path):
    with Store(str(tmp_path / "s.duckdb")) as store:
        assert save_clusters(store, "reposts", [_cluster("r1", 3), _cluster("r2", 2)]) == 2
        q = Cluster("quotes", "q1", [Member("a1", 10, 40, text="We will act.", attrs={"speaker": "Ana Ruiz"}),
                                     Member("a2", 5, 35, text="We shall act.", attrs={"speaker": "Ana Ruiz"})])
        save_clusters(store, "quotes", [q])
        got = load_clusters(store, "reposts")
        assert [c.cluster_id for c in got] == ["r1", "r2"]
        assert [m.article_id for m in got[0].members] == ["a0", "a1", "a2"]
        assert got[0].members[0].role == "origin" and got[0].evidence == {"origin": "a0"}
        (gq,) = load_clusters(store, "quotes")
        assert gq.members[1].start == 5 and gq.members[1].attrs["speaker"] == "Ana Ruiz"
        # replacing one kind leaves the other alone
        save_clusters(store, "reposts", [_cluster("r9", 2)])
        assert [c.cluster_id for c in load_clusters(store, "reposts")] == ["r9"]
        assert len(load_clusters(store, "quotes")) == 1
        assert load_clusters(store, "reposts", min_size=3) == []


def test_kind_is_checked(tmp_path):
    with Store(str(tmp_path / "s.duckdb")) as store:
        with pytest.raises(ValueError, match="unknown cluster kind"):
            save_clusters(store, "memes", [])
        with pytest.raises(ValueError, match="expected 'claims'"):
            save_clusters(store, "claims", [_cluster("r1", 2)])


def test_a_stream_of_clusters_is_written_in_chunks_and_a_failure_keeps_the_old_set(tmp_path, monkeypatch):
    import newsprobe.corpus.clusters as clusters_module

    monkeypatch.setattr(clusters_module, "SAVE_CHUNK", 2)
    with Store(str(tmp_path / "s.duckdb")) as store:
        story = Cluster("reposts", "r5", [Member("a0", role="origin"), Member("b1", 120, 480, role="copy", share=0.75)])
        made = (c for c in [_cluster("r1", 3), _cluster("r2", 2), story, _cluster("r4", 4), _cluster("r3", 2)])
        assert save_clusters(store, "reposts", made) == 5
        got = {c.cluster_id: c for c in load_clusters(store, "reposts")}
        assert sorted(got) == ["r1", "r2", "r3", "r4", "r5"]
        assert [c.cluster_id for c in load_clusters(store, "reposts")][:1] == ["r4"]  # largest first
        origin, copy = got["r5"].members
        assert (origin.start, origin.end, origin.share) == (None, None, None)
        assert (copy.start, copy.end, copy.share, copy.role) == (120, 480, 0.75, "copy")

        def broken():
            yield _cluster("x1", 2)
            yield _cluster("x2", 2)
            yield _cluster("x3", 2)
            raise RuntimeError("the finder failed half way")

        with pytest.raises(RuntimeError, match="half way"):
            save_clusters(store, "reposts", broken())
        assert sorted(c.cluster_id for c in load_clusters(store, "reposts")) == ["r1", "r2", "r3", "r4", "r5"]
