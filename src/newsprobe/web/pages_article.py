"""The viewer's article page: the report's article view (``render``) with side panels and span links.

The text, highlights, layer switches, minimum score, legend, charts, signals and findings are
the HTML report's own parts (``newsprobe.render``), driven by the report's script
(``/static/report.js``); this module lays them out beside three panels (quotes with speaker and
doubt, claims ranked by score with their fact-checks, cited sources with outlet ratings) and
adds links to single spans: ``?span=LAYER-ID`` (shown above the text without any script) and
``#span-LAYER-ID`` (``/static/viewer.js`` switches the layer on and focuses the highlight).
"""

from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import quote

from ..render import doc as d
from ..render.data import page_data, span_details
from ..render.fmt import escape, factcheck_line, json_for_script, rating_lines, safe_url, short, technique_catalog
from ..render.html import layer_css, toolbar_html
from ..render.data import layer_order
from ..render.parts import (
    Context,
    article_body_html,
    charts_html,
    factchecks_html,
    legend_html,
    meta_html,
    provenance_html,
    signals_html,
    stories_table_html,
    technique_definitions_html,
    text_html,
)
from .pages import Page, shell

PANEL_ITEMS = 40  # entries of one side panel


def span_ref(layer: str, span_id: str) -> str:
    """The name of a span in links: ``quotes-q3``."""
    return f"{layer}-{span_id}"


def find_span(doc: Mapping[str, Any], ref: str) -> tuple[str, Mapping[str, Any]] | None:
    """The ``(layer, span)`` a ``LAYER-ID`` reference names, or None."""
    for name in sorted((doc.get("layers") or {}), key=len, reverse=True):
        if ref.startswith(name + "-"):
            wanted = ref[len(name) + 1:]
            for span in d.layer(doc, name):
                if span.get("id") == wanted:
                    return name, span
    return None


def _link(layer: str, span: Mapping[str, Any], text: str = "show in text") -> str:
    ref = quote(span_ref(layer, str(span.get("id") or "")), safe="")
    return f'<a class="np-go" data-span="{escape(ref)}" href="?span={escape(ref)}#span-{escape(ref)}">{escape(text)}</a>'


def _panel(ident: str, title: str, items: list[str], total: int, empty: str) -> str:
    more = f'<p class="dim">(and {total - len(items)} more: open "Findings, layer by layer")</p>' if total > len(items) else ""
    body = f'<ol class="np-list">{"".join(items)}</ol>{more}' if items else f'<p class="dim">{escape(empty)}</p>'
    return f'<section class="np-panel" aria-labelledby="{ident}"><h2 id="{ident}">{escape(title)}</h2>{body}</section>'


def quotes_panel(doc: Mapping[str, Any]) -> str:
    """Each quotation with its speaker; an uncertain speaker is marked ``?`` with the candidates."""
    quotes = [q for q in d.layer(doc, "quotes") if q["label"] not in ("title", "scare")]
    items = []
    for q in quotes[:PANEL_ITEMS]:
        speaker, uncertain, candidates = d.speaker_of(q)
        who = escape(short(d.speaker_label(q), 60))
        doubt = ""
        if uncertain:
            doubt = ('<br><small class="np-doubt">speaker uncertain'
                     + (f"; candidates: {escape(short(', '.join(candidates[:5]), 200))}" if candidates else "") + "</small>")
        cls = "np-who doubt" if uncertain else "np-who" if speaker else "np-who none"
        items.append(f'<li><span class="{cls}">{who}</span> <q>{escape(short(d.span_text(doc, q), 200))}</q>{doubt} {_link("quotes", q)}</li>')
    if not d.has_layer(doc, "quotes"):
        return _panel("p-quotes", "Quotes", [], 0, "the quotes stage did not run on this article")
    return _panel("p-quotes", f"Quotes ({len(quotes)})", items, len(quotes), "no quotation found")


def claims_panel(doc: Mapping[str, Any]) -> str:
    """Check-worthy claims, highest score first, each with the fact-checks matched to it."""
    claims = sorted(d.layer(doc, "claims"), key=lambda s: (-(s.get("score") or 0.0), s["start"]))
    items = []
    for c in claims[:PANEL_ITEMS]:
        a = d.attrs(c)
        score = f'<b class="np-score">{float(c["score"]):.2f}</b> ' if c.get("score") is not None else ""
        kind = f' <small class="dim">{escape(short(str(a.get("kind")), 40))}</small>' if a.get("kind") else ""
        fcs = []
        for m in (a.get("factchecks") or [])[:3] if isinstance(a.get("factchecks"), list) else []:
            url = safe_url(m.get("url")) if isinstance(m, Mapping) else None
            link = f' <a href="{escape(url)}" rel="noopener noreferrer nofollow">source</a>' if url else ""
            fcs.append(f"<li>{escape(short(factcheck_line(m), 200))}{link}</li>")
        checked = f'<ul class="np-fc" aria-label="matching fact-checks">{"".join(fcs)}</ul>' if fcs else ""
        items.append(f"<li>{score}{escape(short(d.span_text(doc, c), 220))}{kind} {_link('claims', c)}{checked}</li>")
    if not d.has_layer(doc, "claims"):
        return _panel("p-claims", "Claims", [], 0, "the claims stage did not run on this article")
    return _panel("p-claims", f"Claims, ranked ({len(claims)})", items, len(claims), "no check-worthy claim found")


def citations_panel(doc: Mapping[str, Any]) -> str:
    """Cited sources with their kind and, for outlets, each rating list's verdict."""
    cites = d.layer(doc, "citations")
    items = []
    for c in cites[:PANEL_ITEMS]:
        a = d.attrs(c)
        name = str(a.get("source") or d.span_text(doc, c))
        kind = str(a.get("kind") or c["label"])
        ratings = rating_lines(a.get("rating"))
        rated = ("".join(f"<li>{escape(n)}: <b>{escape(v)}</b></li>" for n, v, _ in ratings[:4]))
        rated = f'<ul class="ratings">{rated}</ul>' if rated else ""
        items.append(f'<li>{escape(short(name, 120))} <small class="dim">{escape(kind)}</small> {_link("citations", c)}{rated}</li>')
    if not d.has_layer(doc, "citations"):
        return _panel("p-cites", "Cited sources", [], 0, "the citations stage did not run on this article")
    return _panel("p-cites", f"Cited sources ({len(cites)})", items, len(cites), "no cited source found")


def linked_span_html(doc: Mapping[str, Any], ref: str, ctx: Context) -> str:
    """The span a ``?span=`` link names, shown above the text (works without script)."""
    found = find_span(doc, ref)
    if found is None:
        return (f'<div class="np-linked notes" role="status">This article has no span <code>{escape(short(ref, 120))}</code>; '
                "the link may come from another analysis of it.</div>")
    layer, span = found
    note, badge, _ = span_details(layer, span, doc, ctx.catalog)
    score = f" \u00b7 score {float(span['score']):.2f}" if span.get("score") is not None else ""
    text = text_html(doc["text"][span["start"]:span["end"]][:2000])
    return (f'<div class="np-linked" id="span-{escape(span_ref(layer, str(span.get("id"))))}" role="region" aria-label="linked span">'
            f"<b>Linked span</b>: {escape(layer)} \u00b7 {escape(span['label'])}{score} \u00b7 characters {span['start']}\u2013{span['end']}"
            f'<blockquote class="np-span-text">{text}</blockquote>'
            + (f"<p>{escape(note)}</p>" if note else "") + (f"<p>shown as <b>{escape(badge)}</b></p>" if badge and badge not in note else "")
            + "</div>")


def span_map(doc: Mapping[str, Any], ctx: Context) -> dict[str, Any]:
    """Every span's link name with its layer index and offsets, for ``viewer.js``:
    ``{"for": "x-ID", "spans": [[layer, id, start, end, layer_index], ...]}`` (no sentences)."""
    rows: list[list[Any]] = []
    for name, spans in (doc.get("layers") or {}).items():
        if name == "sentences" or name not in ctx.order:
            continue
        rows.extend([name, str(s.get("id") or ""), s["start"], s["end"], ctx.order.index(name)] for s in spans)
    return {"for": f"x-{doc['id']}", "spans": rows}


def article_page(doc: Mapping[str, Any], *, root: str, span: str | None = None, notice: str = "",
                 status: int = 200) -> Page:
    """One article: switches, text with highlights, legend and charts, side panels, span links."""
    docs = [doc]
    ctx = Context(layer_order(docs), technique_catalog())
    art = escape(doc["id"])
    main = [
        f'<div class="np-notice" role="status">{escape(notice)}</div>' if notice else "",
        f'<section class="article" id="{art}" aria-labelledby="h-{art}">',
        f'<h1 id="h-{art}">{escape(short(d.title(doc), 300))}</h1>',
        meta_html(doc),
        legend_html(doc, ctx),
        stories_table_html(doc),
        linked_span_html(doc, span, ctx) if span else "",
        '<p class="np-help dim">Tab or hover a highlight for its details; press Escape to close them. '
        'The link to the highlight in focus appears here: <span id="np-selected" aria-live="polite"></span></p>',
        article_body_html(doc, ctx),
        (f'<details class="findings" data-for="x-{art}"><summary>Findings, layer by layer</summary></details>'
         if any(spans for name, spans in (doc.get("layers") or {}).items() if name != "sentences") else ""),
        "</section>",
    ]
    side = [
        quotes_panel(doc),
        claims_panel(doc),
        citations_panel(doc),
        f'<section class="np-panel" aria-label="charts">{charts_html(doc, ctx)}</section>' if charts_html(doc, ctx) else "",
        factchecks_html(doc),
        technique_definitions_html(docs, ctx),
        signals_html(doc),
        provenance_html(doc),
    ]
    body = (toolbar_html(ctx, docs)
            + '<div class="np-view"><div class="np-main">' + "\n".join(p for p in main if p) + "</div>"
            + '<aside class="np-side" aria-label="signals">' + "\n".join(p for p in side if p) + "</aside></div>")
    data = (f'<div id="np-tip" role="tooltip" hidden></div>'
            f'<script type="application/json" id="np-page">{json_for_script(page_data(docs, ctx.order, ctx.catalog))}</script>'
            f'<script type="application/json" id="np-spanmap">{json_for_script(span_map(doc, ctx))}</script>')
    return shell(d.title(doc), body, root=root, style=layer_css(ctx.order), scripts=("report.js", "viewer.js"),
                 after_main=data, status=status)
