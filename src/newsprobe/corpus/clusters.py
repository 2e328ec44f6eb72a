"""Clusters across a corpus: reposts, quotations and claims, as data.

A ``Cluster`` groups articles (``kind="reposts"``) or spans of articles (``"quotes"``,
``"claims"``); each ``Member`` names an article by the id it has in the store (the input's own
id for corpus runs), with the span's offsets where the cluster is about a span. ``evidence``
says why the members belong together and what differs (kind-specific; docs/corpus.md).

Clusters live in two store tables, ``clusters`` and ``cluster_members`` (docs/store.md);
``save_clusters`` replaces every cluster of one kind in one transaction, so a reader sees the
old set or the new one, never half of each.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable, Literal

if TYPE_CHECKING:
    from ..store import Store

ClusterKind = Literal["reposts", "quotes", "claims"]
KINDS: tuple[str, ...] = ("reposts", "quotes", "claims")


@dataclass
class Member:
    """One member of a cluster.

    ``role``: ``origin`` (the earliest-seen article of a repost cluster, the likely source),
    ``copy`` (a repost of it) or ``member`` (quotes and claims). ``share``: for reposts, the
    share of this member's text that it shares with the origin (0..1). ``text``: the member's
    quotation or claim as it reads in that article. ``attrs``: kind-specific details (speaker
    and canonical speaker, word diff against the cluster's first wording, outlet, published,
    story index, ...).
    """

    article_id: str
    start: int | None = None
    end: int | None = None
    role: str = "member"
    share: float | None = None
    text: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Cluster:
    """A group of articles or spans that belong together, with the evidence for it."""

    kind: str
    cluster_id: str
    members: list[Member]
    label: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.members)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "cluster_id": self.cluster_id,
            "label": self.label,
            "size": self.size,
            "evidence": self.evidence,
            "members": [m.to_dict() for m in self.members],
        }


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown cluster kind {kind!r}; use one of {', '.join(KINDS)}")


#: Clusters written per insert by ``save_clusters`` (their rows are built a chunk at a time).
SAVE_CHUNK = 2000
_CLUSTER_COLUMNS = ("kind", "cluster_id", "label", "size", "evidence", "computed_at")
_MEMBER_COLUMNS = ("kind", "cluster_id", "position", "article_id", "start_char", "end_char", "role", "share", "text",
                   "attrs")


def save_clusters(store: "Store", kind: str, clusters: Iterable[Cluster]) -> int:
    """Replace every stored cluster of ``kind`` with ``clusters`` in one transaction; returns
    how many were written. ``clusters`` may be a generator: it is written a chunk at a time
    (as column arrays DuckDB scans in place), never held whole."""
    _check_kind(kind)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con = store.con
    store._writable()
    written = 0
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM cluster_members WHERE kind = ?", [kind])
        con.execute("DELETE FROM clusters WHERE kind = ?", [kind])
        chunk: list[Cluster] = []
        for c in clusters:
            if c.kind != kind:
                raise ValueError(f"cluster {c.cluster_id} has kind {c.kind!r}, expected {kind!r}")
            chunk.append(c)
            if len(chunk) >= SAVE_CHUNK:
                written += _insert_chunk(con, kind, chunk, now)
                chunk = []
        written += _insert_chunk(con, kind, chunk, now)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return written


def _insert_chunk(con: Any, kind: str, chunk: list[Cluster], now: datetime) -> int:
    """Insert ``chunk`` (its ``clusters`` and ``cluster_members`` rows) inside the caller's
    transaction; returns how many clusters."""
    if not chunk:
        return 0
    heads: dict[str, list[Any]] = {name: [] for name in _CLUSTER_COLUMNS}
    rows: dict[str, list[Any]] = {name: [] for name in _MEMBER_COLUMNS}
    for c in chunk:
        head: tuple[Any, ...] = (kind, c.cluster_id, c.label, c.size,
                                 json.dumps(c.evidence, ensure_ascii=False, default=str), now)
        for name, value in zip(_CLUSTER_COLUMNS, head):
            heads[name].append(value)
        for i, m in enumerate(c.members):
            row: tuple[Any, ...] = (kind, c.cluster_id, i, m.article_id, m.start, m.end, m.role, m.share, m.text,
                                    json.dumps(m.attrs, ensure_ascii=False, default=str))
            for name, value in zip(_MEMBER_COLUMNS, row):
                rows[name].append(value)
    for table, cols in (("clusters", heads), ("cluster_members", rows)):
        if not cols["kind"]:
            continue
        con.register("_newsprobe_new_rows", {name: _column(values) for name, values in cols.items()})
        try:
            con.execute(f"INSERT INTO {table} SELECT {', '.join(_cast(n) for n in cols)} FROM _newsprobe_new_rows")
        finally:
            con.unregister("_newsprobe_new_rows")
    return len(chunk)


_TYPES = {"size": "INTEGER", "position": "INTEGER", "start_char": "INTEGER", "end_char": "INTEGER",
          "share": "DOUBLE", "computed_at": "TIMESTAMP", "evidence": "JSON", "attrs": "JSON"}


def _cast(name: str) -> str:
    return f"CAST({name} AS {_TYPES.get(name, 'VARCHAR')})"


def _column(values: list[Any]) -> Any:
    import numpy as np

    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def load_clusters(store: "Store", kind: str, *, min_size: int = 2, limit: int | None = None) -> list[Cluster]:
    """The stored clusters of ``kind`` with at least ``min_size`` members, largest first."""
    _check_kind(kind)
    sql = "SELECT cluster_id, label, evidence FROM clusters WHERE kind = ? AND size >= ? ORDER BY size DESC, cluster_id"
    args: list[Any] = [kind, min_size]
    if limit is not None:
        sql += " LIMIT ?"
        args.append(int(limit))
    heads = store.query(sql, args).fetchall()
    if not heads:
        return []
    ids = [h[0] for h in heads]
    members: dict[str, list[Member]] = {i: [] for i in ids}
    rows = store.query(
        "SELECT cluster_id, article_id, start_char, end_char, role, share, text, attrs FROM cluster_members "
        "WHERE kind = ? AND list_contains(?, cluster_id) ORDER BY cluster_id, position",
        [kind, ids],
    ).fetchall()
    for cid, aid, start, end, role, share, text, attrs in rows:
        members[cid].append(Member(aid, start, end, role, share, text, json.loads(attrs) if attrs else {}))
    return [Cluster(kind, cid, members[cid], label, json.loads(ev) if ev else {}) for cid, label, ev in heads]
