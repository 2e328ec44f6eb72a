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
