"""The numbers of a corpus report, computed in the store with SQL aggregates.

``corpus_numbers(store, top=50)`` returns one JSON-serialisable dict: article counts by outlet,
day and language; technique use by outlet (counts and rates per 1,000 words); the most-cited
sources with their ratings; the largest repost clusters; quote clusters with quote drift and
attribution drift first (with each member's word diff); claim clusters over time with their
fact-check matches; and totals. It is the JSON version of the corpus report
(``newsprobe corpus report -o report.json``) and what ``newsprobe.render.corpus`` draws.

Nothing here reads an article's ``document`` into Python: every count is a DuckDB aggregate,
and only the rows shown (top-N lists, capped member lists) cross into Python, so a store of
100k+ articles costs a few queries, not a pass over every article. Every list that was cut
says so (``*_total`` next to the list). docs/corpus-report.md lists the keys.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from ..store import Store

FORMAT = "newsprobe-corpus-report/1"
NO_OUTLET = "(no outlet)"
NO_LANGUAGE = "(not detected)"
DEFAULT_TOP = 50
DEFAULT_MEMBERS = 12  # members listed per cluster (the rest are counted)
MAX_DAYS = 400  # days listed in "by day" lists (the latest ones)
MAX_OUTLETS_HEATMAP = 30
SNIPPET = 240  # characters of an article's opening shown in the drill-down
EXAMPLES = 3  # example articles listed per technique and per source

_DAY = r"NULLIF(regexp_extract(published, '^\s*(\d{4}-\d{2}-\d{2})', 1), '')"
_WORDS = r"length(regexp_replace(regexp_replace(text, '\S+', 'x', 'g'), '\s+', '', 'g'))"  # runs of non-space, like str.split()


def _rows(store: "Store", sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cur = store.query(sql, list(args))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _one(store: "Store", sql: str, args: Sequence[Any] = ()) -> Any:
    row = store.query(sql, list(args)).fetchone()
    return row[0] if row else None


def _json(value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _obj(value: Any) -> dict[str, Any]:
    """A JSON object column as a dict (anything else, e.g. a list written by mistake, kept under ``value``)."""
    parsed = _json(value)
    if parsed is None:
        return {}
    return parsed if isinstance(parsed, dict) else {"value": parsed}


def _tables(store: "Store") -> set[str]:
    return {r[0] for r in store.query("SELECT table_name FROM information_schema.tables").fetchall()}


def corpus_numbers(store: "Store", *, top: int = DEFAULT_TOP, members: int = DEFAULT_MEMBERS) -> dict[str, Any]:
    """Every number of the corpus report, from SQL aggregates over ``store`` (docs/corpus-report.md).

    ``top``: how many outlets, sources and clusters of each kind are listed (the totals count
    all); ``members``: how many members of each listed cluster are listed. The result is
    JSON-serialisable; an empty store gives zeros and empty lists, not an error.
    """
    top = max(1, int(top))
    members = max(1, int(members))
    has_clusters = {"clusters", "cluster_members"} <= _tables(store)
    store.query("SET enable_progress_bar = false")  # DuckDB would draw one on the terminal during the long scans
    store.query(f"CREATE OR REPLACE TEMP VIEW np_art AS SELECT id, title, url, coalesce(nullif(trim(outlet), ''), '{NO_OUTLET}') "
                f"AS outlet, published, {_DAY} AS day, n_chars FROM articles")
    numbers: dict[str, Any] = {
        "format": FORMAT,
        "store": store.path,
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "limits": {"top": top, "members": members, "days": MAX_DAYS, "outlets_in_heatmap": MAX_OUTLETS_HEATMAP},
    }
    words = _words_by_outlet(store)
    numbers["articles"] = _articles(store, top, words)
    numbers["techniques"] = _techniques(store, words)
    numbers["sources"] = _sources(store, top)
    if has_clusters:
        numbers["reposts"] = _reposts(store, top, members)
        numbers["quotes"] = _quotes(store, top, members)
        numbers["claims"] = _claims(store, top, members)
    else:
        note = "this store has no cluster tables (an older newsprobe wrote it): run `newsprobe migrate --store FILE`, then `newsprobe corpus run`"
        for kind in ("reposts", "quotes", "claims"):
            numbers[kind] = {"clusters_total": 0, "clusters": [], "note": note}
    numbers["totals"] = _totals(store, words, numbers, has_clusters)
    numbers["article_index"] = _article_index(store, numbers)
    return numbers


def _words_by_outlet(store: "Store") -> dict[str, int]:
    rows = store.query(f"SELECT coalesce(nullif(trim(outlet), ''), '{NO_OUTLET}'), sum({_WORDS}) FROM articles GROUP BY 1").fetchall()
    return {str(o): int(w or 0) for o, w in rows}


def _articles(store: "Store", top: int, words: dict[str, int]) -> dict[str, Any]:
    by_outlet = _rows(store, "SELECT outlet, count(*) AS articles, sum(n_chars) AS chars FROM np_art GROUP BY 1 "
                             "ORDER BY articles DESC, outlet LIMIT ?", [top])
    for row in by_outlet:
        row["words"] = words.get(row["outlet"], 0)
        row["chars"] = int(row["chars"] or 0)
    days_total = int(_one(store, "SELECT count(DISTINCT day) FROM np_art") or 0)
    by_day = _rows(store, "SELECT day, count(*) AS articles FROM np_art WHERE day IS NOT NULL GROUP BY 1 ORDER BY day DESC LIMIT ?",
                   [MAX_DAYS])
    by_day.reverse()
    by_language = _rows(store, "SELECT coalesce(json_extract_string(document, '$.meta.language'), ?) AS language, "
                               "count(*) AS articles FROM articles GROUP BY 1 ORDER BY articles DESC, language", [NO_LANGUAGE])
    return {
        "by_outlet": by_outlet,
        "outlets_total": int(_one(store, "SELECT count(DISTINCT outlet) FROM np_art") or 0),
        "by_day": by_day,
        "days_total": days_total,
        "undated": int(_one(store, "SELECT count(*) FROM np_art WHERE day IS NULL") or 0),
        "first_day": _one(store, "SELECT min(day) FROM np_art"),
        "last_day": _one(store, "SELECT max(day) FROM np_art"),
        "by_language": by_language,
    }


def _techniques(store: "Store", words: dict[str, int]) -> dict[str, Any]:
    labels = _rows(store, "SELECT label AS technique, count(*) AS spans, count(DISTINCT article_id) AS articles FROM spans "
                          "WHERE layer = 'techniques' GROUP BY 1 ORDER BY spans DESC, technique")
    cells = store.query("SELECT a.outlet, s.label, count(*) FROM spans s JOIN np_art a ON a.id = s.article_id "
                        "WHERE s.layer = 'techniques' GROUP BY 1, 2").fetchall()
    examples: dict[str, list[str]] = {}
    for label, aid in store.query(  # the articles with most spans of each technique, for the drill-down
            "SELECT label, article_id FROM (SELECT label, article_id, row_number() OVER (PARTITION BY label ORDER BY count(*) DESC, "
            "article_id) AS rn FROM spans WHERE layer = 'techniques' GROUP BY 1, 2) WHERE rn <= ? ORDER BY label, rn", [EXAMPLES]).fetchall():
        examples.setdefault(str(label), []).append(str(aid))
    for r in labels:
        r["examples"] = examples.get(r["technique"], [])
    per: dict[str, dict[str, int]] = {}
    for outlet, label, n in cells:
        per.setdefault(str(outlet), {})[str(label)] = int(n)
    outlets = sorted(per, key=lambda o: (-sum(per[o].values()), o))
    shown = outlets[:MAX_OUTLETS_HEATMAP]
    by_outlet = []
    for outlet in shown:
        w = words.get(outlet, 0)
        counts = per[outlet]
        by_outlet.append({
            "outlet": outlet, "words": w, "spans": sum(counts.values()), "counts": counts,
            "per_1000_words": {k: round(1000 * v / w, 3) if w else None for k, v in counts.items()},
        })
    return {"labels": labels, "by_outlet": by_outlet, "outlets_total": len(outlets),
            "total_spans": sum(r["spans"] for r in labels)}


def _sources(store: "Store", top: int) -> dict[str, Any]:
    # one pass over the citation spans, each attrs parsed once, kept in a temporary table for the four aggregates
    store.query("CREATE OR REPLACE TEMP TABLE np_cit AS SELECT article_id, outlet, coalesce(f[1], '(unnamed)') AS source, "
                "coalesce(f[2], label) AS kind, f[3] AS domain, CASE WHEN f[4] IN ('null', '[]', '{}') THEN NULL ELSE f[4] END AS rating "
                "FROM (SELECT s.article_id, a.outlet, s.label, json_extract_string(s.attrs, ['$.source', '$.kind', '$.domain', '$.rating']) AS f "
                "FROM spans s JOIN np_art a ON a.id = s.article_id WHERE s.layer = 'citations')")
    by_kind = {str(k): int(n) for k, n in store.query("SELECT kind, count(*) FROM np_cit GROUP BY 1 ORDER BY 2 DESC").fetchall()}
    total = sum(by_kind.values())
    rows = _rows(store, "SELECT source, kind, any_value(domain) AS domain, "
                        "any_value(rating) FILTER (WHERE rating IS NOT NULL) AS rating, "
                        "count(*) AS citations, count(DISTINCT article_id) AS articles, count(DISTINCT outlet) AS outlets "
                        "FROM np_cit WHERE kind <> 'vague' GROUP BY source, kind ORDER BY citations DESC, source LIMIT ?", [top])
    for r in rows:
        r["rating"] = _json(r["rating"])
    distinct = int(_one(store, "SELECT count(*) FROM (SELECT DISTINCT source, kind FROM np_cit WHERE kind <> 'vague')") or 0)
    rated = int(_one(store, "SELECT count(*) FROM np_cit WHERE rating IS NOT NULL") or 0)
    examples: dict[tuple[str, str], list[str]] = {}
    for source, kind, aid in store.query(  # the first articles citing each listed source, for the drill-down
            "SELECT source, kind, article_id FROM (SELECT source, kind, article_id, row_number() OVER (PARTITION BY source, kind "
            "ORDER BY article_id) AS rn FROM (SELECT DISTINCT source, kind, article_id FROM np_cit WHERE list_contains(?, source))) "
            "WHERE rn <= ? ORDER BY source, kind, rn", [[r["source"] for r in rows], EXAMPLES]).fetchall():
        examples.setdefault((str(source), str(kind)), []).append(str(aid))
    for r in rows:
        r["examples"] = examples.get((r["source"], r["kind"]), [])
    store.query("DROP TABLE IF EXISTS np_cit")
    vague = by_kind.get("vague", 0)
    return {"top": rows, "named_sources_total": distinct, "citations_total": total, "by_kind": by_kind,
            "vague": vague, "vague_share": round(vague / total, 4) if total else None, "rated_citations": rated}


def _cluster_heads(store: "Store", kind: str, top: int, order: str = "size DESC, cluster_id") -> list[dict[str, Any]]:
    rows = _rows(store, f"SELECT cluster_id, label, size, evidence FROM clusters WHERE kind = ? ORDER BY {order} LIMIT ?", [kind, top])
    for r in rows:
        r["evidence"] = _obj(r["evidence"])
    return rows


def _attach_members(store: "Store", kind: str, heads: list[dict[str, Any]], members: int) -> None:
    """Each head gets its first ``members`` members (with the article's outlet and day) and ``members_cut``."""
    if not heads:
        return
    ids = [h["cluster_id"] for h in heads]
    rows = _rows(store, "SELECT m.cluster_id, m.position, m.article_id, m.start_char AS start, m.end_char AS \"end\", m.role, m.share, "
                        "m.text, m.attrs, a.outlet, a.day, a.id IS NOT NULL AS in_store FROM cluster_members m LEFT JOIN np_art a ON a.id = m.article_id "
                        "WHERE m.kind = ? AND list_contains(?, m.cluster_id) AND m.position < ? ORDER BY m.cluster_id, m.position",
                 [kind, ids, members])
    by_id: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for r in rows:
        cid = r.pop("cluster_id")
        r.pop("position")
        r["attrs"] = _obj(r["attrs"])
        by_id[cid].append(r)
    stats = {str(c): (int(n), int(o)) for c, n, o in store.query(
        "SELECT m.cluster_id, count(*), count(DISTINCT coalesce(a.outlet, json_extract_string(m.attrs, '$.outlet'))) "
        "FROM cluster_members m LEFT JOIN np_art a ON a.id = m.article_id WHERE m.kind = ? AND list_contains(?, m.cluster_id) "
        "GROUP BY 1", [kind, ids]).fetchall()}
    for h in heads:
        h["members"] = by_id[h["cluster_id"]]
        n, outlets = stats.get(h["cluster_id"], (0, 0))
        h["members_total"] = n
        h["members_cut"] = max(0, n - len(h["members"]))
        h["outlets"] = outlets


def _kind_total(store: "Store", kind: str, where: str = "") -> int:
    return int(_one(store, f"SELECT count(*) FROM clusters WHERE kind = ? {where}", [kind]) or 0)


def _reposts(store: "Store", top: int, members: int) -> dict[str, Any]:
    heads = _cluster_heads(store, "reposts", top)
    _attach_members(store, "reposts", heads, members)
    for h in heads:
        h["origin"] = (str(h["evidence"]["origin"]) if h["evidence"].get("origin") else None) or next((m["article_id"] for m in h["members"] if m["role"] == "origin"), None)
        h["copies"] = max(0, h["members_total"] - 1)
        shares = [m["share"] for m in h["members"] if m["share"] is not None and m["role"] != "origin"]
        h["share_min"] = min(shares) if shares else None
        h["share_mean"] = round(sum(shares) / len(shares), 4) if shares else None
    sizes = _rows(store, "SELECT size, count(*) AS clusters FROM clusters WHERE kind = 'reposts' GROUP BY 1 ORDER BY size")
    return {
        "clusters_total": _kind_total(store, "reposts"),
        "articles_in_clusters": int(_one(store, "SELECT count(DISTINCT article_id) FROM cluster_members WHERE kind = 'reposts'") or 0),
        "copies_total": int(_one(store, "SELECT count(*) FROM cluster_members WHERE kind = 'reposts' AND role <> 'origin'") or 0),
        "size_histogram": sizes,
        "clusters": heads,
    }


# a flag counts only when it is JSON true (the same test in SQL and in Python: _flag)
_QDRIFT = "coalesce(json_extract_string(evidence, '$.quote_drift') = 'true', false)"
_ADRIFT = "coalesce(json_extract_string(evidence, '$.attribution_drift') = 'true', false)"


def _flag(value: Any) -> bool:
    return value is True or value == "true"


def _quotes(store: "Store", top: int, members: int) -> dict[str, Any]:
    order = f"({_QDRIFT} OR {_ADRIFT}) DESC, size DESC, cluster_id"
    heads = _cluster_heads(store, "quotes", top, order)
    _attach_members(store, "quotes", heads, members)
    for h in heads:
        ev = h["evidence"]
        h["quote_drift"] = _flag(ev.get("quote_drift"))
        h["attribution_drift"] = _flag(ev.get("attribution_drift"))
        speakers = ev.get("speakers") or []
        h["speakers"] = [str(s) for s in speakers] if isinstance(speakers, list) else [str(speakers)]
    return {
        "clusters_total": _kind_total(store, "quotes"),
        "quote_drift_total": _kind_total(store, "quotes", f"AND {_QDRIFT}"),
        "attribution_drift_total": _kind_total(store, "quotes", f"AND {_ADRIFT}"),
        "drift_total": _kind_total(store, "quotes", f"AND ({_QDRIFT} OR {_ADRIFT})"),
        "clusters": heads,
    }


def _claims(store: "Store", top: int, members: int) -> dict[str, Any]:
    heads = _cluster_heads(store, "claims", top)
    _attach_members(store, "claims", heads, members)
    ids = [h["cluster_id"] for h in heads]
    per_day: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if ids:
        for cid, day, n in store.query(
                "SELECT m.cluster_id, a.day, count(*) FROM cluster_members m JOIN np_art a ON a.id = m.article_id "
                "WHERE m.kind = 'claims' AND list_contains(?, m.cluster_id) AND a.day IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
                [ids]).fetchall():
            per_day[cid].append({"day": day, "members": int(n)})
    for h in heads:
        h["by_day"] = per_day[h["cluster_id"]]
        fcs = h["evidence"].get("factchecks") or []
        h["factchecks"] = fcs if isinstance(fcs, list) else [fcs]
    by_day = _rows(store, "SELECT a.day, count(*) AS members, count(DISTINCT m.cluster_id) AS clusters FROM cluster_members m "
                          "JOIN np_art a ON a.id = m.article_id WHERE m.kind = 'claims' AND a.day IS NOT NULL "
                          "GROUP BY 1 ORDER BY 1 DESC LIMIT ?", [MAX_DAYS])
    by_day.reverse()
    with_fc = _kind_total(store, "claims", "AND json_array_length(coalesce(json_extract(evidence, '$.factchecks'), '[]')) > 0")
    return {"clusters_total": _kind_total(store, "claims"), "with_factchecks_total": with_fc, "by_day": by_day, "clusters": heads}


def _totals(store: "Store", words: dict[str, int], numbers: dict[str, Any], has_clusters: bool) -> dict[str, Any]:
    art = store.query("SELECT count(*), coalesce(sum(n_chars), 0) FROM articles").fetchone()
    spans = {str(k): int(n) for k, n in store.query("SELECT layer, count(*) FROM spans GROUP BY 1 ORDER BY 1").fetchall()}
    clusters = {k: numbers[k]["clusters_total"] for k in ("reposts", "quotes", "claims")}
    return {
        "articles": int(art[0]), "chars": int(art[1]), "words": sum(words.values()),
        "outlets": numbers["articles"]["outlets_total"], "days": numbers["articles"]["days_total"],
        "languages": len(numbers["articles"]["by_language"]), "spans": spans, "clusters": clusters,
        "runs": int(_one(store, "SELECT count(*) FROM runs") or 0),
        "failures": int(_one(store, "SELECT count(*) FROM failures") or 0),
        "clusters_computed_at": str(_one(store, "SELECT max(computed_at) FROM clusters")) if has_clusters and any(clusters.values()) else None,
    }


def _article_index(store: "Store", numbers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Title, outlet, date, url and the opening of every article the report names (examples, cluster members)."""
    ids: list[str] = [a for r in numbers["techniques"]["labels"] for a in r["examples"]]
    ids.extend(a for r in numbers["sources"]["top"] for a in r["examples"])
    for kind in ("reposts", "quotes", "claims"):
        for c in numbers[kind]["clusters"]:
            ids.extend(m["article_id"] for m in c["members"])
            if c.get("origin"):
                ids.append(c["origin"])
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    rows = _rows(store, f"SELECT a.id, a.title, a.outlet, a.published, a.url, left(b.text, {SNIPPET * 2}) AS opening "
                        "FROM np_art a JOIN articles b ON b.id = a.id WHERE list_contains(?, a.id)", [ids])
    out = {}
    for r in rows:
        opening = " ".join(str(r.pop("opening") or "").split())
        r["snippet"] = opening if len(opening) <= SNIPPET else opening[: SNIPPET - 1] + "\u2026"
        out[str(r.pop("id"))] = r
    return out


REPORT_FORMATS = ("html", "json")


def corpus_report(store: "Store", *, fmt: str = "html", top: int = DEFAULT_TOP, members: int = DEFAULT_MEMBERS) -> str:
    """The corpus report of ``store`` as text: ``html`` (one self-contained page,
    ``newsprobe.render.corpus.render_corpus_html``) or ``json`` (``corpus_numbers``, indented)."""
    if fmt not in REPORT_FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(REPORT_FORMATS)}")
    numbers = corpus_numbers(store, top=top, members=members)
    if fmt == "json":
        return json.dumps(numbers, ensure_ascii=False, indent=1, default=str) + "\n"
    from ..render.corpus import render_corpus_html

    return render_corpus_html(numbers)
