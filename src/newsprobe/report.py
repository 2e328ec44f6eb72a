"""One self-contained HTML report for a batch of analysed articles.

``render_html(articles)`` returns a single HTML document (inline CSS, a small inline script
for switching layers on and off, no external URL loaded) that shows, for each article, its
metadata, its text with every layer highlighted, a legend with colours and counts, tooltips
with each span's label, score and key attributes, per-story dividers, a findings table per
layer, the signals the stages reported and the provenance; plus a summary across articles
and the list of inputs that failed.

Why it is built this way:

* **Overlapping and nested spans.** The text is cut at every span boundary; each piece is
  wrapped in one ``<mark>`` per span covering it, opened and closed around that piece only, so
  the markup always nests properly whatever the spans do (``report_text.render_text``). Each layer draws its underline at its
  own depth (``text-underline-offset``), so nested layers stay visible as stacked lines.
* **Nothing from the input is markup.** Every character of text, titles, attributes and URLs
  goes through ``html.escape``; a URL becomes a link only when it is ``http``/``https``. A
  Content-Security-Policy allows no network access and only the report's own script (by hash).
* **The text stays the text.** Story headings are drawn with CSS (``::before``), so the text
  content of each article block is exactly ``article.text`` (lone surrogates and NUL, which
  cannot be written as UTF-8 HTML, become U+FFFD).
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

from .article import LAYERS, Article, Span
from .report_text import compact as _compact
from .report_text import escape as _e
from .report_text import factcheck_line as _factcheck_line
from .report_text import plain_attrs as _plain_attrs
from .report_text import render_text as _render_text
from .report_text import safe_url
from .report_text import short as _short
from .report_text import story_blocks as _story_blocks
from .report_text import technique_catalog as _technique_catalog

__all__ = ["render_html", "safe_url", "LAYER_COLOURS"]

#: Colour of each known layer (unknown layers get one from ``_SPARE``).
LAYER_COLOURS: dict[str, str] = {
    "stories": "#64748b",
    "sentences": "#94a3b8",
    "entities": "#2563eb",
    "quotes": "#15803d",
    "citations": "#9333ea",
    "claims": "#ea580c",
    "hedges": "#0e7490",
    "techniques": "#dc2626",
}
_SPARE = ("#b45309", "#be185d", "#4d7c0f", "#0369a1", "#7c3aed", "#a16207")

#: Layers shown switched off when the report opens (too many spans to read at once).
_OFF_BY_DEFAULT = frozenset({"sentences"})

#: The attributes worth showing in a tooltip, per layer (others: the first few plain ones).
_MAX_ROWS = 400  # rows of one findings table
_MAX_ITEMS = 60  # items of one list or dict in the signals table
_MAX_DEPTH = 6


def _value_html(value: Any, depth: int = 0) -> str:
    """Generic rendering of a JSON-safe value: nested dicts and lists become nested tables."""
    if depth >= _MAX_DEPTH:
        return _e(_compact(value))
    if isinstance(value, Mapping):
        if not value:
            return '<span class="dim">(empty)</span>'
        rows = [
            f"<tr><th>{_e(k)}</th><td>{_value_html(v, depth + 1)}</td></tr>" for k, v in list(value.items())[:_MAX_ITEMS]
        ]
        if len(value) > _MAX_ITEMS:
            rows.append(f'<tr><td colspan="2" class="dim">{len(value) - _MAX_ITEMS} more not shown</td></tr>')
        return f'<table class="kv">{"".join(rows)}</table>'
    if isinstance(value, (list, tuple)):
        if not value:
            return '<span class="dim">(none)</span>'
        items = list(value)[:_MAX_ITEMS]
        more = f'<li class="dim">{len(value) - _MAX_ITEMS} more not shown</li>' if len(value) > _MAX_ITEMS else ""
        if all(not isinstance(v, (Mapping, list, tuple)) for v in items):
            return _e(", ".join(_compact(v, 120) for v in items)) + (f" (+{len(value) - _MAX_ITEMS} more)" if more else "")
        return "<ol>" + "".join(f"<li>{_value_html(v, depth + 1)}</li>" for v in items) + more + "</ol>"
    return _e(_compact(value, 400))


def _findings_table(article: Article, layer: str, spans: Sequence[Span]) -> str:
    rows = []
    for span in spans[:_MAX_ROWS]:
        attrs = {k: span.attrs[k] for k in _plain_attrs(span)}
        score = "" if span.score is None else f"{span.score:.2f}"
        rows.append(
            f'<tr><td>{_e(span.id)}</td><td class="num">{span.start}\u2013{span.end}</td><td>{_e(span.label)}</td>'
            f'<td class="num">{score}</td><td class="quote">{_e(_short(article.span_text(span), 300))}</td>'
            f"<td>{_e(_compact(attrs, 400)) if attrs else ''}</td></tr>"
        )
    more = f'<p class="dim">{len(spans) - _MAX_ROWS} more spans not listed.</p>' if len(spans) > _MAX_ROWS else ""
    return (
        f'<h4>{_e(layer)} ({len(spans)})</h4><table class="grid"><thead><tr><th>id</th><th>chars</th><th>label</th>'
        f"<th>score</th><th>text</th><th>attributes</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"
    )


def _factchecks_html(article: Article) -> str:
    """Claims with the existing fact-checks matched to them (``attrs.factchecks``), with links."""
    rows = []
    for span in article.layer("claims"):
        matches = span.attrs.get("factchecks")
        if not isinstance(matches, list) or not matches:
            continue
        items = []
        for m in matches[:10]:
            line = _e(_factcheck_line(m))
            url = safe_url(m.get("url")) if isinstance(m, Mapping) else None
            items.append(f'<li>{line} <a href="{_e(url)}" rel="noopener noreferrer nofollow">source</a></li>' if url else f"<li>{line}</li>")
        rows.append(
            f'<tr><td>{_e(span.id)}</td><td class="quote">{_e(_short(article.span_text(span), 300))}</td>'
            f'<td><ol>{"".join(items)}</ol></td></tr>'
        )
    if not rows:
        return ""
    return (
        '<details open><summary>Claims already fact-checked</summary><table class="grid"><thead><tr><th>claim</th>'
        f"<th>text</th><th>matching fact-checks (verdict: claim)</th></tr></thead><tbody>{''.join(rows)}</tbody></table></details>"
    )


def _stories_table(article: Article, sections: Sequence[Span]) -> str:
    if not sections:
        return ""
    rows = []
    for n, s in enumerate(sections, start=1):
        origin = s.attrs.get("origin")
        rows.append(
            f'<tr><td class="num">{n}</td><td><a href="#{_e(article.id)}-{_e(s.id)}">{_e(_short(str(s.attrs.get("title") or "(no headline)"), 140))}</a></td>'
            f'<td>{_e(origin) if origin else "<span class=dim>not stated</span>"}</td>'
            f"<td>{_e(_short(str(s.attrs.get('origin_evidence') or ''), 120))}</td>"
            f'<td class="num">{s.start}\u2013{s.end}</td></tr>'
        )
    return (
        '<table class="grid stories"><thead><tr><th>#</th><th>story</th><th>origin</th><th>evidence</th>'
        f"<th>chars</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


# --- one article --------------------------------------------------------------------------------


def _meta_html(article: Article) -> str:
    meta = article.meta
    rows = []
    for key in ("outlet", "url", "published", "author", "source", "record_id"):
        value = meta.get(key)
        if value in (None, ""):
            continue
        if key == "url":
            url = safe_url(value)
            cell = (
                f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(_short(str(value), 300))}</a>'
                if url
                else f"{_e(_short(str(value), 300))} <span class=dim>(not a web link)</span>"
            )
        else:
            cell = _e(_compact(value, 300))
        rows.append(f"<dt>{_e(key)}</dt><dd>{cell}</dd>")
    words = len(article.text.split())
    rows.append(f"<dt>id</dt><dd><code>{_e(article.id)}</code></dd>")
    rows.append(f"<dt>size</dt><dd>{len(article.text):,} characters, {words:,} words</dd>")
    return f'<dl class="meta">{"".join(rows)}</dl>'


def _count(article: Article, layer: str) -> int:
    """Spans of a layer; for ``stories`` only the stories themselves (not nested social posts)."""
    spans = article.layer(layer)
    return sum(1 for s in spans if s.label == "story") if layer == "stories" else len(spans)


def _legend_html(article: Article, layer_class: Mapping[str, str], catalog: Mapping[str, Mapping[str, str]]) -> str:
    items = []
    for layer, cls in layer_class.items():
        spans = article.layer(layer)
        count = _count(article, layer)
        labels = Counter(s.label for s in spans)
        detail = ", ".join(f"{label} {c}" for label, c in labels.most_common(12)) or "none"
        state = "" if layer in _OFF_BY_DEFAULT else " checked"
        present = "" if article.has_layer(layer) else " absent"
        what = "not produced" if not article.has_layer(layer) else detail
        items.append(
            f'<label class="key{present}" title="{_e(layer)}: {_e(what)}"><input type="checkbox" data-layer="{cls}"{state}>'
            f'<span class="sw {cls}"></span>{_e(layer)} <b>{count}</b></label>'
        )
    legend = f'<div class="legend">{"".join(items)}</div>'
    used = sorted({str(s.attrs.get("technique") or s.label) for s in article.layer("techniques")})
    if used and catalog:
        rows = []
        for name in used:
            entry = catalog.get(name)
            if entry:
                rows.append(
                    f"<dt>{_e(entry.get('short') or name)} <code>{_e(name)}</code></dt><dd>{_e(entry.get('definition', ''))}"
                    + (f' <i>e.g. {_e(entry["example"])}</i>' if entry.get("example") else "")
                    + "</dd>"
                )
            else:
                rows.append(f"<dt><code>{_e(name)}</code></dt><dd class=dim>no definition in the catalog</dd>")
        legend += f'<details class="techdefs"><summary>Techniques found in this article</summary><dl>{"".join(rows)}</dl></details>'
    return legend


def _article_html(article: Article, layer_class: Mapping[str, str], catalog: Mapping[str, Mapping[str, str]]) -> str:
    title = article.meta.get("title") or "(untitled)"
    sections, _ = _story_blocks(article)
    parts = [
        f'<section class="article" id="{_e(article.id)}">',
        f"<h2>{_e(_short(str(title), 300))}</h2>",
        _meta_html(article),
        _legend_html(article, layer_class, catalog),
    ]
    errors = article.provenance.get("errors") or []
    if errors:
        lines = "".join(
            f"<li>{_e(e.get('stage', '?')) if isinstance(e, Mapping) else ''}: {_e(_compact(e.get('error') if isinstance(e, Mapping) else e, 400))}</li>"
            for e in errors[:_MAX_ITEMS]
        )
        parts.append(f'<div class="errors"><b>Stages that failed on this article:</b><ul>{lines}</ul></div>')
    if len(sections) > 1 or any(s.attrs.get("origin") for s in sections):
        parts.append(_stories_table(article, sections))
    parts.append(f'<div class="text">{_render_text(article, layer_class, catalog)}</div>')
    parts.append(_factchecks_html(article))
    finding_layers = [name for name in layer_class if name not in ("sentences",) and article.layer(name)]
    if finding_layers:
        tables = "".join(_findings_table(article, name, article.layer(name)) for name in finding_layers)
        parts.append(f"<details><summary>Findings, layer by layer</summary>{tables}</details>")
    if article.signals:
        parts.append(f'<details open><summary>Signals</summary>{_value_html(article.signals)}</details>')
    if article.provenance:
        prov = {k: v for k, v in article.provenance.items() if k != "errors"}
        if prov:
            parts.append(f"<details><summary>Provenance</summary>{_value_html(prov)}</details>")
    parts.append("</section>")
    return "\n".join(parts)


# --- the page -----------------------------------------------------------------------------------


def _layer_classes(articles: Sequence[Article]) -> dict[str, str]:
    """Every layer to show, in the project's order then by name, with its CSS class."""
    names = list(LAYERS)
    extra = sorted({name for a in articles for name in a.layers} - set(names))
    return {name: f"ly{i}" for i, name in enumerate(names + extra)}


def _css(layer_class: Mapping[str, str], present: set[str]) -> str:
    """Colours, per-layer underline depths (only for layers some article has) and switches."""
    rules = [_BASE_CSS]
    spare = iter(_SPARE * (1 + len(layer_class) // len(_SPARE)))
    depth = 0
    for layer, cls in layer_class.items():
        colour = LAYER_COLOURS.get(layer) or next(spare)
        rules.append(f".sw.{cls}{{background:{colour}}}")
        if layer == "sentences":
            rules.append(f"mark.{cls}.alt1{{background:#eef2f7}} mark.{cls}.alt0{{background:#f8fafc}}")
        else:
            depth += layer in present
            rules.append(
                f"mark.{cls}{{text-decoration:underline solid {colour};text-decoration-thickness:2px;"
                f"text-underline-offset:{1 + 2.5 * depth:g}px;background:{colour}14}}"
                f"mark.pt.{cls}::before{{content:'\\25BE';color:{colour}}}"
            )
        rules.append(f"body.hide-{cls} mark.{cls}{{text-decoration:none;background:none}}")
        rules.append(f"body.hide-{cls} mark.pt.{cls}::before{{content:none}}")
    rules.append(f".text{{line-height:{1.8 + 0.12 * depth:.2f}}}")
    return "\n".join(rules)


_BASE_CSS = """
:root{color-scheme:light}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 1.5rem;color:#1e293b;background:#fff}
h1{font-size:1.5rem;margin:.2rem 0 .8rem} h2{font-size:1.25rem;margin:0 0 .4rem} h4{margin:.8rem 0 .3rem}
.article{border-top:3px solid #334155;margin:2rem 0;padding-top:1rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0 .8rem;font-size:.9rem}
dl.meta dt{color:#64748b} dl.meta dd{margin:0;overflow-wrap:anywhere}
.legend{display:flex;flex-wrap:wrap;gap:.3rem .9rem;margin:.5rem 0;font-size:.9rem}
.key{cursor:pointer;white-space:nowrap} .key.absent{color:#94a3b8} .key input{margin:0 .25rem 0 0;vertical-align:middle}
.sw{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:middle}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font:16px Georgia,"Times New Roman",serif;background:#fcfcfd;border:1px solid #e2e8f0;padding:.8rem 1rem;border-radius:4px}
.story{border-top:2px dashed #94a3b8;margin-top:.6rem}
.story:first-child{border-top:none;margin-top:0}
.story::before{content:attr(data-head);display:block;white-space:normal;font:600 .8rem system-ui,sans-serif;color:#475569;background:#f1f5f9;padding:.15rem .4rem;margin:.2rem 0 .3rem}
mark{background:none;color:inherit;text-decoration-skip-ink:none}
mark.pt::before{font-size:.8em}
table{border-collapse:collapse;font-size:.85rem;margin:.3rem 0}
table.grid th,table.grid td{border:1px solid #e2e8f0;padding:.2rem .4rem;vertical-align:top;text-align:left}
table.grid thead th{background:#f1f5f9}
table.kv th{text-align:left;color:#475569;font-weight:600;padding:.1rem .6rem .1rem 0;vertical-align:top}
table.kv td{padding:.1rem 0;vertical-align:top}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums} td.quote{max-width:28rem}
.dim{color:#94a3b8} .errors{background:#fef2f2;border:1px solid #fecaca;padding:.4rem .8rem;margin:.5rem 0;font-size:.9rem}
details{margin:.6rem 0} summary{cursor:pointer;font-weight:600;color:#334155}
.techdefs dt{font-weight:600;margin-top:.3rem} .techdefs dd{margin:0 0 0 1rem;font-size:.9rem}
.summary table.grid{width:100%} ol{margin:.2rem 0;padding-left:1.4rem}
footer{color:#94a3b8;font-size:.8rem;margin:2rem 0 1rem}
"""

_SCRIPT = """
(function () {
  var boxes = document.querySelectorAll('input[data-layer]');
  function apply(cls, on) {
    document.body.classList.toggle('hide-' + cls, !on);
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].getAttribute('data-layer') === cls) { boxes[i].checked = on; }
    }
  }
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].addEventListener('change', function (ev) {
      apply(ev.target.getAttribute('data-layer'), ev.target.checked);
    });
  }
})();
"""


def _without_source(source: str, message: str) -> str:
    """Error messages usually start with their source already; don't show it twice."""
    return message[len(source) + 1 :].lstrip() if message.startswith(source + ":") else message


def _summary_html(articles: Sequence[Article], layer_class: Mapping[str, str], failures: Sequence[tuple[str, str]]) -> str:
    totals = {name: sum(_count(a, name) for a in articles) for name in layer_class}
    chars = sum(len(a.text) for a in articles)
    words = sum(len(a.text.split()) for a in articles)
    shown = [name for name in layer_class if totals[name] or name in LAYERS]
    head = "".join(f"<th>{_e(name)}</th>" for name in shown)
    rows = []
    for a in articles:
        title = _short(str(a.meta.get("title") or "(untitled)"), 100)
        stage_errors = len(a.provenance.get("errors") or [])
        dash = '<span class="dim">\u2013</span>'
        cells = "".join(f'<td class="num">{_count(a, name) if a.has_layer(name) else dash}</td>' for name in shown)
        rows.append(
            f'<tr><td><a href="#{_e(a.id)}">{_e(title)}</a></td><td>{_e(_short(str(a.meta.get("outlet") or ""), 60))}</td>'
            f'<td class="num">{len(a.text):,}</td>{cells}<td class="num">{stage_errors or ""}</td></tr>'
        )
    total_cells = "".join(f'<td class="num"><b>{totals[name]}</b></td>' for name in shown)
    table = (
        f'<table class="grid"><thead><tr><th>article</th><th>outlet</th><th>chars</th>{head}<th>stage errors</th></tr></thead>'
        f'<tbody>{"".join(rows)}<tr><td><b>all {len(articles)}</b></td><td></td><td class="num"><b>{chars:,}</b></td>'
        f"{total_cells}<td></td></tr></tbody></table>"
    )
    parts = [
        '<section class="summary">',
        f"<p>{len(articles)} article{'s' if len(articles) != 1 else ''} analysed "
        f"({chars:,} characters, {words:,} words); {len(failures)} input{'s' if len(failures) != 1 else ''} failed.</p>",
        table if articles else "",
    ]
    if failures:
        items = "".join(
            f"<li><code>{_e(_short(str(src), 300))}</code>: {_e(_short(_without_source(str(src), str(msg)), 600))}</li>"
            for src, msg in failures
        )
        parts.append(f'<div class="errors"><b>Inputs that could not be analysed</b><ul>{items}</ul></div>')
    parts.append("</section>")
    return "\n".join(parts)


def render_html(
    articles: Sequence[Article] | Iterable[Article],
    *,
    title: str = "newsprobe report",
    failures: Sequence[tuple[str, str]] = (),
) -> str:
    """One self-contained HTML page showing ``articles`` with their layers, and ``failures``.

    ``failures`` lists inputs that could not be analysed as ``(source, message)`` pairs. Any
    subset of layers may be present; an article with no layers shows its text and metadata.
    """
    from . import __version__

    articles = list(articles)
    layer_class = _layer_classes(articles)
    catalog = _technique_catalog()
    script_hash = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
    )
    hidden = " ".join(f"hide-{cls}" for layer, cls in layer_class.items() if layer in _OFF_BY_DEFAULT)
    body = [_summary_html(articles, layer_class, failures)]
    body.extend(_article_html(a, layer_class, catalog) for a in articles)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            f"<style>{_css(layer_class, {n for a in articles for n in a.layers})}</style>",
            "</head>",
            f'<body class="{hidden}">',
            f"<h1>{_e(title)}</h1>",
            *body,
            f"<footer>newsprobe {_e(__version__)} \u00b7 every span points at character offsets of the text shown; "
            "hover a highlight for its details, untick a layer to hide it.</footer>",
            f"<script>{_SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )

