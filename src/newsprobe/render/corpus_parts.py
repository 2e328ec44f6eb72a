"""The cluster sections of the corpus report and its drill-down to articles.

Each cluster is a ``<details>`` element with an anchor (``#c-...``) that opens to its members;
each member names its article by a link to the article index at the end of the page (``#a-...``),
which gives the title, outlet, date, address, the opening of the text and the command that
shows the whole analysed article. Anchors are hashes of the ids, so no id from the input
reaches an attribute unescaped or a fragment raw. Every value from the store is escaped.
"""

from __future__ import annotations

import hashlib
import shlex
from typing import Any, Mapping, Sequence

from .charts import bar_chart
from .corpus_charts import fill_days, sparkline, timeline_chart
from .fmt import compact, escape, factcheck_line, safe_url, short

REPOST_COLOUR = "#0f766e"
DRIFT_COLOUR = "#b45309"


def anchor(prefix: str, value: Any) -> str:
    """A safe, stable HTML id for an article or cluster id of any shape."""
    return prefix + hashlib.sha1(str(value).encode("utf-8", "surrogatepass")).hexdigest()[:12]


def article_link(article_id: Any, index: Mapping[str, Any]) -> str:
    """The article's id as a link to its entry in the article index (plain when the store lacks it)."""
    shown = escape(short(str(article_id), 40))
    if str(article_id) in index:
        return f'<a href="#{anchor("a-", article_id)}"><code>{shown}</code></a>'
    return f'<code>{shown}</code> <span class="dim">(not in the store)</span>'


def cut_note(shown: int, total: int, what: str) -> str:
    """``"showing 50 of 3,412 clusters"`` (or ``"all 12 clusters"``)."""
    if total <= shown:
        return f"all {total:,} {what}"
    return f"showing {shown:,} of {total:,} {what}"


def cap(text: str) -> str:
    """``text`` with its first letter in capitals (a note that starts a sentence)."""
    return text[:1].upper() + text[1:]


def _share(value: Any) -> str:
    return f"{value:.0%}" if isinstance(value, (int, float)) else "\u2013"


def _members_note(c: Mapping[str, Any]) -> str:
    cut = int(c.get("members_cut") or 0)
    return f'<p class="dim">and {cut:,} more member{"s" if cut != 1 else ""} (see the JSON version, or raise --members)</p>' if cut else ""


def _table(head: Sequence[str], rows: Sequence[str], cls: str = "grid") -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _title_of(aid: Any, index: Mapping[str, Any]) -> str:
    info = index.get(str(aid)) or {}
    return escape(short(str(info.get("title") or "(untitled)"), 120))


def reposts_html(sec: Mapping[str, Any], index: Mapping[str, Any]) -> str:
    """Repost clusters: sizes chart, one expandable entry per cluster with its copies and shares."""
    total = int(sec.get("clusters_total") or 0)
    out = ['<section class="corpus" id="reposts"><h2>Repost clusters</h2>']
    if sec.get("note"):
        out.append(f'<p class="notes">{escape(sec["note"])}</p>')
    clusters = sec.get("clusters") or []
    if not clusters:
        out.append('<p class="dim">No repost clusters in this store (run <code>newsprobe corpus run</code> or '
                   '<code>newsprobe corpus clusters</code> to compute them).</p></section>')
        return "".join(out)
    out.append(f'<p>{total:,} clusters; {int(sec.get("articles_in_clusters") or 0):,} articles belong to one, '
               f'{int(sec.get("copies_total") or 0):,} of them copies of an origin. {cap(cut_note(len(clusters), total, "clusters"))}, '
               "largest first. The origin is the earliest-seen member: the likely source, not a proven one.</p>")
    rows = [(str(c.get("label") or c["cluster_id"]), int(c.get("size") or 0), REPOST_COLOUR) for c in clusters[:15]]
    out.append(f'<div class="charts">{bar_chart(rows, "Largest repost clusters (members)", cut=max(0, total - len(rows)))}</div>')
    for c in clusters:
        members = []
        for m in c.get("members") or []:
            a = m.get("attrs") or {}
            members.append(f'<tr><td>{escape(m.get("role") or "")}</td><td>{article_link(m["article_id"], index)}</td>'
                           f'<td>{_title_of(m["article_id"], index)}</td><td>{escape(m.get("outlet") or a.get("outlet") or "")}</td>'
                           f'<td>{escape(m.get("day") or a.get("published") or "")}</td><td class="num">{_share(m.get("share"))}</td></tr>')
        origin = c.get("origin")
        head = (f'{escape(short(str(c.get("label") or c["cluster_id"]), 120))} <span class="dim">\u00b7 {int(c.get("size") or 0):,} members, '
                f'{int(c.get("outlets") or 0):,} outlets, share of the origin: mean {_share(c.get("share_mean"))}, '
                f'lowest {_share(c.get("share_min"))}</span>')
        out.append(f'<details class="cluster" id="{anchor("c-r", c["cluster_id"])}"><summary>{head}</summary>'
                   f'<p>origin {article_link(origin, index) if origin else "not stated"} \u00b7 method '
                   f'{escape(compact((c.get("evidence") or {}).get("method"), 80))} \u00b7 level '
                   f'{escape(compact((c.get("evidence") or {}).get("level"), 40))}</p>'
                   + _table(["role", "article", "title", "outlet", "date", "share"], members) + _members_note(c) + "</details>")
    out.append("</section>")
    return "".join(out)


def diff_html(diff: Any, fallback: str) -> str:
    """A word diff ``[[op, text], ...]`` (op ``=``, ``+``, ``-``) as text with ``<ins>`` and ``<del>``."""
    if not isinstance(diff, list) or not diff:
        return escape(short(fallback, 400))
    parts = []
    for item in diff[:400]:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            continue
        op, text = str(item[0]), escape(item[1])
        parts.append(f"<ins>{text}</ins>" if op == "+" else f"<del>{text}</del>" if op == "-" else text)
    return " ".join(parts)


UNSURE = ("uncertain", "ambiguous", "none")


def speaker_html(attrs: Mapping[str, Any]) -> str:
    """A member's speaker (canonical name when known); one the quotes stage was unsure of is
    marked "name?" with why, so it is never read as a confident attribution."""
    name = attrs.get("speaker_canonical") or attrs.get("speaker")
    status = attrs.get("speaker_status")
    if not name:
        return '<span class="dim">unattributed</span>'
    if status in UNSURE or attrs.get("speaker_uncertain"):
        return f'{escape(short(str(name), 80))}? <span class="dim">(speaker {escape(status or "uncertain")})</span>'
    return escape(short(str(name), 80))


def quotes_html(sec: Mapping[str, Any], index: Mapping[str, Any]) -> str:
    """Quote clusters, drift cases first: each member's wording as a word diff and its speaker."""
    total = int(sec.get("clusters_total") or 0)
    out = ['<section class="corpus" id="quotes"><h2>Quotes: drift and attribution drift</h2>']
    if sec.get("note"):
        out.append(f'<p class="notes">{escape(sec["note"])}</p>')
    clusters = sec.get("clusters") or []
    if not clusters:
        out.append('<p class="dim">No quote clusters in this store.</p></section>')
        return "".join(out)
    out.append(f'<p>{total:,} quotations appear in more than one article; {int(sec.get("quote_drift_total") or 0):,} are worded '
               f'differently (quote drift), {int(sec.get("attribution_drift_total") or 0):,} are given to different speakers '
               f'(attribution drift). {cap(cut_note(len(clusters), total, "clusters"))}, drift cases first. Each wording is compared '
               'with the earliest one: <ins>added words</ins>, <del>dropped words</del>. A difference is a lead to check, '
               "not proof that anyone misquoted.</p>")
    for c in clusters:
        flags = [f for f, on in (("quote drift", c.get("quote_drift")), ("attribution drift", c.get("attribution_drift"))) if on]
        speakers = " / ".join(escape(short(s, 60)) for s in (c.get("speakers") or [])[:6]) or "speaker not found"
        badge = "".join(f'<span class="flag">{f}</span>' for f in flags)
        head = (f'{badge}\u201c{escape(short(str(c.get("label") or ""), 140))}\u201d <span class="dim">\u00b7 {speakers} \u00b7 '
                f'{int(c.get("size") or 0):,} articles</span>')
        rows = []
        for m in c.get("members") or []:
            a = m.get("attrs") or {}
            rows.append(f'<tr><td>{article_link(m["article_id"], index)}</td><td>{escape(m.get("outlet") or "")}</td>'
                        f'<td>{escape(m.get("day") or "")}</td><td>{speaker_html(a)}</td>'
                        f'<td class="q">{diff_html(a.get("diff"), str(m.get("text") or ""))}</td></tr>')
        conflict = (c.get("evidence") or {}).get("conflict")
        why = (f'<p>credited with confidence to different people: {" / ".join(escape(short(str(p), 60)) for p in conflict[:6])}</p>'
               if isinstance(conflict, list) and conflict else "")
        out.append(f'<details class="cluster" id="{anchor("c-q", c["cluster_id"])}"><summary>{head}</summary>{why}'
                   + _table(["article", "outlet", "date", "speaker", "wording (against the earliest)"], rows)
                   + _members_note(c) + "</details>")
    out.append("</section>")
    return "".join(out)


def _factchecks_list(fcs: Sequence[Any]) -> str:
    if not fcs:
        return '<span class="dim">none matched</span>'
    items = []
    for m in fcs[:5]:
        url = safe_url(m.get("url")) if isinstance(m, Mapping) else None
        link = f' <a href="{escape(url)}" rel="noopener noreferrer nofollow">source</a>' if url else ""
        items.append(f"<li>{escape(factcheck_line(m))}{link}</li>")
    more = f"<li>and {len(fcs) - 5} more</li>" if len(fcs) > 5 else ""
    return f'<ul class="sig">{"".join(items)}{more}</ul>'


def _match(attrs: Mapping[str, Any]) -> str:
    """How a claim member joined its cluster (``match``, with the similarity when given)."""
    how, sim = attrs.get("match"), attrs.get("similarity")
    if not how and sim is None:
        return '<span class="dim">\u2013</span>'
    return escape(str(how or "")) + (f' <span class="dim">({sim:.2f})</span>' if isinstance(sim, (int, float)) else "")


def claims_html(sec: Mapping[str, Any], index: Mapping[str, Any]) -> str:
    """Claim clusters over time: members per day, one sparkline per cluster, fact-check matches."""
    total = int(sec.get("clusters_total") or 0)
    out = ['<section class="corpus" id="claims"><h2>Claim clusters over time</h2>']
    if sec.get("note"):
        out.append(f'<p class="notes">{escape(sec["note"])}</p>')
    clusters = sec.get("clusters") or []
    if not clusters:
        out.append('<p class="dim">No claim clusters in this store.</p></section>')
        return "".join(out)
    out.append(f'<p>{total:,} claims are made in more than one article; {int(sec.get("with_factchecks_total") or 0):,} match '
               f'an existing fact-check. {cap(cut_note(len(clusters), total, "clusters"))}, largest first. A match means a '
               "fact-check addresses a similar claim; read it before drawing a conclusion.</p>")
    by_day = [(str(p["day"]), int(p["members"])) for p in sec.get("by_day") or []]
    out.append(f'<div class="charts">{timeline_chart(fill_days(by_day), "Articles repeating a clustered claim, by day")}</div>')
    days = [d for d, _ in fill_days([(d, 1) for d in sorted({str(p["day"]) for c in clusters for p in c.get("by_day") or []})])]
    rows = []
    for c in clusters:
        points = [(str(p["day"]), int(p["members"])) for p in c.get("by_day") or []]
        first, last = (points[0][0], points[-1][0]) if points else ("\u2013", "\u2013")
        spark = sparkline(points, days, f"claim cluster {c['cluster_id']} by day")
        rows.append(f'<tr><td class="q"><a href="#{anchor("c-c", c["cluster_id"])}">{escape(short(str(c.get("label") or ""), 160))}</a></td>'
                    f'<td class="num">{int(c.get("size") or 0):,}</td><td class="num">{int(c.get("outlets") or 0):,}</td>'
                    f"<td>{escape(first)} \u2013 {escape(last)}</td><td>{spark}</td><td>{_factchecks_list(c.get('factchecks') or [])}</td></tr>")
    out.append(_table(["claim", "articles", "outlets", "first \u2013 last day", "by day", "fact-checks"], rows))
    for c in clusters:
        members = [f'<tr><td>{article_link(m["article_id"], index)}</td><td>{escape(m.get("outlet") or "")}</td>'
                   f'<td>{escape(m.get("day") or "")}</td><td class="q">{escape(short(str(m.get("text") or ""), 400))}</td>'
                   f'<td>{_match(m.get("attrs") or {})}</td></tr>' for m in c.get("members") or []]
        out.append(f'<details class="cluster" id="{anchor("c-c", c["cluster_id"])}"><summary>{escape(short(str(c.get("label") or ""), 140))}'
                   f' <span class="dim">\u00b7 {int(c.get("size") or 0):,} articles</span></summary>'
                   + _table(["article", "outlet", "date", "the claim as worded there", "grouped as"], members) + _members_note(c) + "</details>")
    out.append("</section>")
    return "".join(out)


def article_index_html(index: Mapping[str, Mapping[str, Any]]) -> str:
    """Every article the report names: title, outlet, date, link, opening, and how to see it whole."""
    if not index:
        return ""
    items = []
    for aid, info in sorted(index.items(), key=lambda kv: (str(kv[1].get("published") or ""), kv[0])):
        url = safe_url(info.get("url"))
        link = f' \u00b7 <a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(short(str(info.get("url")), 80))}</a>' if url else ""
        items.append(f'<li id="{anchor("a-", aid)}"><b>{escape(short(str(info.get("title") or "(untitled)"), 160))}</b> '
                     f'<span class="dim">{escape(info.get("outlet") or "")} \u00b7 {escape(info.get("published") or "no date")}</span>{link}'
                     f'<br><span class="snip">{escape(info.get("snippet") or "")}</span>'
                     f'<br><code>newsprobe show {escape(shlex.quote(str(aid)))} --store DB -o article.html</code></li>')
    return (f'<section class="corpus" id="articles"><h2>Articles named above ({len(index):,})</h2>'
            "<p>The whole analysed article, with every highlight: <code>newsprobe show ID --store DB -o ID.html</code> (the store this report was made from).</p>"
            f'<details open><summary>{len(index):,} articles</summary><ol class="arts">{"".join(items)}</ol></details></section>')
