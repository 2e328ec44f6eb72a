"""The corpus report: one self-contained HTML page from ``newsprobe.corpus.report.corpus_numbers``.

``render_corpus_html(numbers)`` draws what the numbers hold: articles by outlet, day and
language; technique use by outlet as a heatmap of rates per 1,000 words; the most-cited sources
with their ratings; repost clusters; quote and attribution drift with word diffs; claim clusters
over time with fact-check matches; and a drill-down from every cluster to its articles
(``corpus_parts``). It reads only the dict (a saved JSON report renders the same), never the store.

Like the article report (``html.page``): every value from the input is escaped, charts are SVG
with attribute colours, and a Content-Security-Policy allows no network and only the page's
own style by its hash. The page needs no script: drill-downs are ``<details>`` elements. Its
size is bounded by the limits in the numbers (top-N lists, capped members), not by the corpus.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any, Mapping

from .charts import NAMED_COLOUR, VAGUE_COLOUR, bar_chart
from .corpus_charts import fill_days, heatmap_chart, timeline_chart
from .corpus_parts import article_index_html, article_link, cap, claims_html, cut_note, quotes_html, reposts_html
from .data import technique_colour
from .fmt import escape, fmt_number, rating_lines, short, technique_catalog
from .html import asset

RATED_COLOUR = "#be123c"


def corpus_csp(style: str) -> str:
    """No network, no script, only this style (by its SHA-256 hash)."""
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'sha256-{digest}'; script-src 'none'; base-uri 'none'; form-action 'none'"


def _n(value: Any) -> str:
    return f"{int(value or 0):,}"


def overview_html(numbers: Mapping[str, Any]) -> str:
    """The totals, the sections, and what the lists leave out."""
    t = numbers.get("totals") or {}
    arts = numbers.get("articles") or {}
    clusters = t.get("clusters") or {}
    limits = numbers.get("limits") or {}
    span_counts = t.get("spans") or {}
    layers = ", ".join(f"{escape(k)} {_n(v)}" for k, v in sorted(span_counts.items())) or "none"
    days = f"{escape(arts.get('first_day') or '')} to {escape(arts.get('last_day') or '')}" if arts.get("first_day") else "no dates"
    nav = " \u00b7 ".join(f'<a href="#{k}">{v}</a>' for k, v in (
        ("outlets", "articles"), ("techniques", "techniques"), ("sources", "sources"), ("reposts", "reposts"),
        ("quotes", "quote drift"), ("claims", "claims over time"), ("articles", "article index")))
    return (
        '<section class="corpus summary" id="overview">'
        f'<p><b>{_n(t.get("articles"))}</b> articles ({_n(t.get("words"))} words, {_n(t.get("chars"))} characters) from '
        f'{_n(t.get("outlets"))} outlets, {days} ({_n(arts.get("undated"))} without a readable date), '
        f'{_n(t.get("languages"))} languages; {_n(t.get("runs"))} runs, {_n(t.get("failures"))} failures recorded.</p>'
        f'<p>Clusters: {_n(clusters.get("reposts"))} repost, {_n(clusters.get("quotes"))} quote, {_n(clusters.get("claims"))} claim'
        + (f' <span class="dim">(computed {escape(t.get("clusters_computed_at"))})</span>' if t.get("clusters_computed_at") else "")
        + f'. Spans by layer: {layers}.</p>'
        f'<p class="dim">Lists show the top {_n(limits.get("top"))} and {_n(limits.get("members"))} members per cluster; '
        "each says what it left out. The JSON version (<code>-o report.json</code>) holds the same numbers. "
        f"Signals with their evidence, not verdicts.</p><nav>{nav}</nav></section>"
    )


def articles_html(numbers: Mapping[str, Any]) -> str:
    """Articles by outlet, by day and by language."""
    arts = numbers.get("articles") or {}
    outlets = arts.get("by_outlet") or []
    rows = [(str(r["outlet"]), int(r["articles"]), NAMED_COLOUR) for r in outlets[:15]]
    charts = [bar_chart(rows, "Articles by outlet", cut=max(0, int(arts.get("outlets_total") or 0) - len(rows)))]
    days = [(str(r["day"]), int(r["articles"])) for r in arts.get("by_day") or []]
    dropped = int(arts.get("days_total") or 0) - len(days)
    charts.append(timeline_chart(fill_days(days), "Articles by day", note=f"the latest {len(days)} days shown of {len(days) + max(0, dropped)}"
                                 if dropped > 0 else ""))
    langs = arts.get("by_language") or []
    charts.append(bar_chart([(str(r["language"]), int(r["articles"]), "#475569") for r in langs[:10]], "Articles by language",
                            cut=max(0, len(langs) - 10)))
    table = "".join(f'<tr><td>{escape(short(str(r["outlet"]), 80))}</td><td class="num">{_n(r["articles"])}</td>'
                    f'<td class="num">{_n(r.get("words"))}</td><td class="num">{_n(r.get("chars"))}</td></tr>' for r in outlets)
    return ('<section class="corpus" id="outlets"><h2>Articles</h2>'
            f'<div class="charts">{"".join(c for c in charts if c)}</div>'
            f'<details><summary>Outlets ({cut_note(len(outlets), int(arts.get("outlets_total") or 0), "outlets")}, most articles first)</summary>'
            '<table class="grid"><thead><tr><th>outlet</th><th>articles</th><th>words</th><th>characters</th></tr></thead>'
            f"<tbody>{table}</tbody></table></details></section>")


def _examples(ids: Any, index: Mapping[str, Any]) -> str:
    return " ".join(article_link(a, index) for a in (ids or [])) or '<span class="dim">\u2013</span>'


def techniques_html(numbers: Mapping[str, Any], catalog: Mapping[str, Mapping[str, str]]) -> str:
    """Technique use: overall counts and a heatmap of spans per 1,000 words by outlet."""
    tech = numbers.get("techniques") or {}
    labels = tech.get("labels") or []
    out = ['<section class="corpus" id="techniques"><h2>Persuasion techniques by outlet</h2>']
    if not labels:
        out.append('<p class="dim">No technique spans in this store (the techniques stage did not run, or found none).</p></section>')
        return "".join(out)

    def name(label: str) -> str:
        return (catalog.get(label) or {}).get("short") or label.replace("_", " ")

    rows = [(name(str(r["technique"])), int(r["spans"]), technique_colour(str(r["technique"]), catalog)) for r in labels[:16]]
    by_outlet = tech.get("by_outlet") or []
    cols = [(str(r["technique"]), name(str(r["technique"]))) for r in labels[:16]]
    values = [[(r.get("per_1000_words") or {}).get(k) for k, _ in cols] for r in by_outlet]
    counts = [[int((r.get("counts") or {}).get(k, 0)) for k, _ in cols] for r in by_outlet]
    heat = heatmap_chart([str(r["outlet"]) for r in by_outlet], cols, values, "Technique spans per 1,000 words",
                         counts=counts, unit=" per 1,000 words")
    out.append(f'<p>{_n(tech.get("total_spans"))} technique spans. The heatmap: '
               f'{cut_note(len(by_outlet), int(tech.get("outlets_total") or 0), "outlets with techniques")} '
               "(most spans first); a darker cell is a higher rate. Rates compare outlets of different size; a technique "
               "span is a signal a model found, each with its score in the article view.</p>")
    out.append(f'<div class="charts">{bar_chart(rows, "Technique spans", cut=max(0, len(labels) - len(rows)))}{heat}</div>')
    body = "".join(f'<tr><td>{escape(short(str(r["outlet"]), 60))}</td><td class="num">{_n(r.get("words"))}</td>'
                   + "".join(f'<td class="num">{int((r.get("counts") or {}).get(k, 0))}</td>' for k, _ in cols) + "</tr>"
                   for r in by_outlet)
    head = "".join(f"<th>{escape(short(n, 24))}</th>" for _, n in cols)
    index = numbers.get("article_index") or {}
    ex = "".join(f'<tr><td>{escape(name(str(r["technique"])))}</td><td class="num">{_n(r["spans"])}</td><td class="num">{_n(r["articles"])}</td>'
                 f'<td>{_examples(r.get("examples"), index)}</td></tr>' for r in labels)
    out.append('<details><summary>Techniques and the articles with most of each</summary><table class="grid"><thead><tr><th>technique</th>'
               f"<th>spans</th><th>articles</th><th>articles with most</th></tr></thead><tbody>{ex}</tbody></table></details>")
    out.append(f'<details><summary>Counts by outlet</summary><div class="wide"><table class="grid"><thead><tr><th>outlet</th>'
               f"<th>words</th>{head}</tr></thead><tbody>{body}</tbody></table></div></details></section>")
    return "".join(out)


def _ratings_cell(rating: Any) -> str:
    lines = rating_lines(rating)
    if not lines:
        return '<span class="dim">no rating list covers it</span>'
    items = "".join(f"<li>{escape(n)}: <b>{escape(v)}</b>" + (f' <span class="dim">({escape(short(w, 80))})</span>' if w else "")
                    + "</li>" for n, v, w in lines[:6])
    return f'<ul class="ratings">{items}</ul>'


def sources_html(numbers: Mapping[str, Any]) -> str:
    """The most-cited named sources with their kind, domain and ratings; the share of vague attribution."""
    src = numbers.get("sources") or {}
    top = src.get("top") or []
    out = ['<section class="corpus" id="sources"><h2>Most-cited sources</h2>']
    if not src.get("citations_total"):
        out.append('<p class="dim">No cited sources in this store (the citations stage did not run, or found none).</p></section>')
        return "".join(out)
    share = src.get("vague_share")
    pct = fmt_number(round(100 * share, 1)) if share is not None else "\u2013"
    out.append(f'<p>{_n(src.get("citations_total"))} citations of {_n(src.get("named_sources_total"))} named sources; '
               f'{_n(src.get("vague"))} vague ("officials said": {pct}% of all); '
               f'{_n(src.get("rated_citations"))} cite an outlet a rating list covers. '
               f'{cap(cut_note(len(top), int(src.get("named_sources_total") or 0), "named sources"))}, most cited first. '
               "A rating is the list's own verdict, shown with the list's name.</p>")
    rows = [(f'{r["source"]} ({r["kind"]})', int(r["citations"]), RATED_COLOUR if rating_lines(r.get("rating")) else NAMED_COLOUR)
            for r in top[:15]]
    kinds = src.get("by_kind") or {}
    kind_rows = [(str(k), int(v), VAGUE_COLOUR if k == "vague" else NAMED_COLOUR) for k, v in kinds.items()]
    out.append(f'<div class="charts">{bar_chart(rows, "Most-cited sources", cut=max(0, len(top) - len(rows)), note="red: a rating list covers it")}'
               f'{bar_chart(kind_rows, "Citations by kind")}</div>')
    body = "".join(f'<tr><td>{escape(short(str(r["source"]), 80))}</td><td>{escape(r["kind"])}</td><td>{escape(r.get("domain") or "")}</td>'
                   f'<td class="num">{_n(r["citations"])}</td><td class="num">{_n(r["articles"])}</td><td class="num">{_n(r["outlets"])}</td>'
                   f'<td>{_ratings_cell(r.get("rating"))}</td><td>{_examples(r.get("examples"), numbers.get("article_index") or {})}</td></tr>'
                   for r in top)
    out.append('<details open><summary>Sources and their ratings</summary><table class="grid"><thead><tr><th>source</th><th>kind</th>'
               '<th>domain</th><th>citations</th><th>articles</th><th>outlets</th><th>ratings</th><th>cited in</th></tr></thead>'
               f"<tbody>{body}</tbody></table></details></section>")
    return "".join(out)


def render_corpus_html(numbers: Mapping[str, Any], *, title: str = "newsprobe corpus report") -> str:
    """One self-contained HTML page showing ``numbers`` (``corpus_numbers``' dict, or its JSON read back)."""
    from .. import __version__

    totals = numbers.get("totals") or {}
    index = numbers.get("article_index") or {}
    if not totals.get("articles"):
        body = ('<section class="corpus"><p class="notes">This store holds no articles yet. Analyse a corpus into it '
                "(<code>newsprobe corpus run FILES --store DB</code> or <code>newsprobe analyze FILES --store DB</code>), "
                "then make the report again.</p></section>")
    else:
        body = "\n".join([
            overview_html(numbers), articles_html(numbers), techniques_html(numbers, technique_catalog()), sources_html(numbers),
            reposts_html(numbers.get("reposts") or {}, index), quotes_html(numbers.get("quotes") or {}, index),
            claims_html(numbers.get("claims") or {}, index), article_index_html(index),
        ])
    style = asset("report.css") + asset("corpus.css")
    store = numbers.get("store")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(corpus_csp(style))}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>", f"<style>{style}</style>", "</head>", '<body class="corpus-report">',
        f"<h1>{escape(title)}</h1>",
        f'<p class="dim">store {escape(store or "")} \u00b7 made {escape(numbers.get("generated_at") or "")}</p>' if store else "",
        body,
        f"<footer>newsprobe {escape(__version__)} \u00b7 signals with their evidence, not verdicts \u00b7 every cluster opens to "
        "its articles; every article id leads to its entry and the command that shows it whole.</footer>",
        "</body>", "</html>", "",
    ])
