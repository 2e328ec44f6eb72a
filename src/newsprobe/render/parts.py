"""The pieces of an HTML report, each a documented function over wire-format dicts.

A face that shows articles (the batch report, ``newsprobe show --format html``, a corpus
report, a web viewer) builds its page from these and wraps it with ``html.page``, which
inlines the CSS and script they rely on. All return HTML strings; every value taken from an
article is escaped (``fmt.escape``), hidden characters are shown as markers.

* ``article_html(doc, ctx)``: one article, with everything below.
* ``meta_html``: title, outlet, url, date, language, publisher, size; notes and errors.
* ``legend_html``: the article's layers with colour and count, and its techniques by colour.
* ``article_body_html``: the text with story dividers and hidden-character markers, plus the
  span data (``data.span_data``) the script turns into highlights.
* ``signals_html``: what the stages reported, cited outlets and their ratings.
* ``summary_table_html``: one sortable row per article with its counts.
* ``charts_html``: techniques by count, named vs vague sources, quotes per speaker.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from . import doc as d
from .charts import sources_chart, speakers_chart, techniques_chart
from .data import SCORED, span_data, technique_index
from .fmt import compact, escape, factcheck_line, json_for_script, more, rating_lines, safe_url, short
from .invisible import RUNS as INVISIBLE_RUNS
from .invisible import count_invisible, describe, marker

_MAX_ITEMS = 12  # items of one list or dict in the signals panel


@dataclass
class Context:
    """What every part needs to know about the page: its layer order and the technique catalog."""

    order: list[str]
    catalog: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def cls(self, layer: str) -> str:
        """The CSS class of a layer (``l0``, ``l1``, ...)."""
        return f"l{self.order.index(layer)}"


def text_html(text: str) -> str:
    """``text`` escaped, each hidden character replaced by a visible marker element.

    The marker (``<span class="inv" data-c="RLO" title="U+202E ...">``) draws ``⟨RLO⟩`` with
    CSS and holds no text, so the character never acts on the display and the text content
    of the block is the article text without its hidden characters. A run of one character
    is one marker (``⟨ZWSP×500⟩``, ``data-n="500"``: the characters it stands for).
    """
    out = []
    pos = 0
    for m in INVISIBLE_RUNS.finditer(text):
        out.append(escape(text[pos : m.start()]))
        run = m.group()
        name = describe(run[0])[1]
        if len(run) > 1:
            name = f"{len(run)} \u00d7 {name}"
        n = f' data-n="{len(run)}"' if len(run) > 1 else ""
        out.append(f'<span class="inv" data-c="{escape(marker(run))}"{n} title="{escape(name)}"></span>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _story_head(n: int, span: Mapping[str, Any]) -> str:
    a = d.attrs(span)
    head = f"Story {n}"
    if a.get("title"):
        head += f" \u00b7 {short(str(a['title']), 120)}"
    head += f" \u00b7 origin: {short(str(a['origin']), 80)}" if a.get("origin") else " \u00b7 origin not stated"
    return head


def article_body_html(doc: Mapping[str, Any], ctx: Context) -> str:
    """The article text (story sections with dividers) and its span data for the script."""
    text = doc["text"]
    art = escape(doc["id"])
    out = [f'<div class="text" id="x-{art}">']
    pos = 0
    for n, sec in enumerate(d.story_sections(doc), start=1):
        if sec["start"] > pos:
            out.append(text_html(text[pos : sec["start"]]))
        out.append(f'<div class="story" id="{art}-{escape(sec["id"])}" data-head="{escape(_story_head(n, sec))}">')
        out.append(text_html(text[sec["start"] : sec["end"]]))
        out.append("</div>")
        pos = sec["end"]
    out.append(text_html(text[pos:]))
    out.append("</div>")
    data = span_data(doc, ctx.order, ctx.catalog)
    out.append(f'<script type="application/json" class="np-spans" data-for="x-{art}">{json_for_script(data)}</script>')
    return "".join(out)


def _publisher_html(pub: Any) -> str:
    if not isinstance(pub, Mapping) or not pub.get("name"):
        return ""
    head = escape(short(str(pub["name"]), 120))
    extra = ", ".join(escape(short(str(pub[k]), 80)) for k in ("domain",) if pub.get(k))
    if pub.get("evidence"):
        extra += (", " if extra else "") + f"found by {escape(short(str(pub['evidence']), 40))}"
    return head + (f" ({extra})" if extra else "") + _ratings_html(pub.get("ratings"))


def _ratings_html(ratings: Any) -> str:
    lines = rating_lines(ratings)
    if not lines:
        return ' <span class="dim">no rating list covers it</span>'
    items = "".join(
        f"<li>{escape(name)}: <b>{escape(verdict)}</b>" + (f' <span class="dim">({escape(short(where, 160))})</span>' if where else "") + "</li>"
        for name, verdict, where in lines
    )
    return f'<ul class="ratings">{items}</ul>'


def meta_html(doc: Mapping[str, Any]) -> str:
    """The article's header: title, metadata, language, publisher, size, hidden characters, notes."""
    meta = doc.get("meta") or {}
    rows = []
    for key in ("outlet", "url", "published", "author", "source", "record_id"):
        value = meta.get(key)
        if value in (None, ""):
            continue
        if key == "url":
            url = safe_url(value)
            cell = (f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(short(str(value), 300))}</a>' if url
                    else f'{escape(short(str(value), 300))} <span class="dim">(not a web link)</span>')
        else:
            cell = escape(compact(value, 300))
        rows.append(f"<dt>{key}</dt><dd>{cell}</dd>")
    lang = d.language(doc)
    rows.append(f'<dt>language</dt><dd{" class=dim" if lang == "not detected" else ""}>{escape(lang)}</dd>')
    publisher = _publisher_html((doc.get("signals") or {}).get("publisher"))
    if publisher:
        rows.append(f"<dt>publisher</dt><dd>{publisher}</dd>")
    text = doc["text"]
    rows.append(f"<dt>size</dt><dd>{len(text):,} characters, {len(text.split()):,} words \u00b7 id <code>{escape(doc['id'])}</code></dd>")
    hidden = count_invisible(text)
    if hidden:
        listed = ", ".join(f"{k} \u00d7{n}" for k, n in sorted(hidden.items()))
        rows.append(f'<dt>hidden</dt><dd class="warn">{sum(hidden.values())} invisible or direction-changing characters '
                    f'({escape(listed)}), shown as \u27e8markers\u27e9</dd>')
    return f'<dl class="meta">{"".join(rows)}</dl>' + notes_html(doc)


def notes_html(doc: Mapping[str, Any]) -> str:
    """Provenance notes (skipped stages, cut input) and the stages that failed."""
    out = []
    notes = d.notes(doc)
    if notes:
        items = "".join(f"<li>{f'<b>{escape(stage)}</b>: ' if stage else ''}{escape(short(note, 400))}</li>" for stage, note in notes[:40])
        out.append(f'<div class="notes"><b>Notes</b><ul>{items}{_more_li(len(notes) - 40)}</ul></div>')
    errors = d.errors(doc)
    if errors:
        items = "".join(f"<li><b>{escape(stage)}</b>: {escape(short(err, 400))}</li>" for stage, err in errors[:40])
        out.append(f'<div class="errors"><b>Stages that failed on this article</b><ul>{items}{_more_li(len(errors) - 40)}</ul></div>')
    return "".join(out)


def _more_li(n: int) -> str:
    return f'<li class="dim">(and {n} more)</li>' if n > 0 else ""


def legend_html(doc: Mapping[str, Any], ctx: Context) -> str:
    """The article's layers (colour, count, labels) and its techniques, each in its colour."""
    items = []
    for name in ctx.order:
        if not d.has_layer(doc, name):
            if name in ("furniture",) or name not in ctx.order[:8]:
                continue
            items.append(f'<li class="absent" title="not produced for this article"><i class="sw {ctx.cls(name)}"></i>{escape(name)} \u2013</li>')
            continue
        spans = d.layer(doc, name)
        labels = Counter(s["label"] for s in spans)
        top = labels.most_common(6)
        detail = ", ".join(f"{escape(short(str(label), 30))} {n}" for label, n in top) + more(len(labels) - len(top))
        extra = ""
        if name in SCORED and any(s.get("score") is not None for s in spans):
            extra = f' <span class="below" data-l="{ctx.order.index(name)}"></span>'
        items.append(f'<li><i class="sw {ctx.cls(name)}"></i>{escape(name)} <b>{d.count(doc, name)}</b>'
                     f'{f" <small>{detail}</small>" if spans and name not in ("sentences", "techniques") else ""}{extra}</li>')
    out = f'<ul class="legend">{"".join(items)}</ul>'
    techniques = Counter(str(s["label"]) for s in d.layer(doc, "techniques"))
    if techniques:
        chips = "".join(
            f'<li><i class="sw tt tq{technique_index(name, ctx.catalog)}"></i>'
            f'{escape((ctx.catalog.get(name) or {}).get("short") or name.replace("_", " "))} <b>{n}</b></li>'
            for name, n in techniques.most_common()
        )
        out += f'<ul class="legend tech" aria-label="techniques">{chips}</ul>'
    return out


def stories_table_html(doc: Mapping[str, Any]) -> str:
    """The article's stories (headline, stated origin and its evidence), when there is more than one or an origin."""
    sections = d.story_sections(doc)
    if not (len(sections) > 1 or any(d.attrs(s).get("origin") for s in sections)):
        return ""
    rows = []
    for n, s in enumerate(sections, start=1):
        a = d.attrs(s)
        origin = escape(a["origin"]) if a.get("origin") else '<span class="dim">not stated</span>'
        rows.append(f'<tr><td class="num">{n}</td><td><a href="#{escape(doc["id"])}-{escape(s["id"])}">'
                    f'{escape(short(str(a.get("title") or "(no headline)"), 140))}</a></td><td>{origin}</td>'
                    f'<td>{escape(short(str(a.get("origin_evidence") or ""), 120))}</td></tr>')
    return ('<table class="grid"><thead><tr><th>#</th><th>story</th><th>origin</th><th>evidence</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def factchecks_html(doc: Mapping[str, Any]) -> str:
    """Claims with the existing fact-checks matched to them (``attrs.factchecks``), with links."""
    rows = []
    for span in d.layer(doc, "claims"):
        matches = d.attrs(span).get("factchecks")
        if not isinstance(matches, list) or not matches:
            continue
        items = []
        for m in matches[:10]:
            line = escape(factcheck_line(m))
            url = safe_url(m.get("url")) if isinstance(m, Mapping) else None
            items.append(f'<li>{line} <a href="{escape(url)}" rel="noopener noreferrer nofollow">source</a></li>' if url else f"<li>{line}</li>")
        rows.append(f'<tr><td class="q">{escape(short(d.span_text(doc, span), 300))}</td><td><ol>{"".join(items)}{_more_li(len(matches) - 10)}</ol></td></tr>')
    if not rows:
        return ""
    return ('<details open><summary>Claims already fact-checked</summary><table class="grid"><thead><tr><th>claim</th>'
            f'<th>matching fact-checks (verdict: claim)</th></tr></thead><tbody>{"".join(rows)}</tbody></table></details>')


# --- signals -----------------------------------------------------------------------------------


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _signal_value(value: Any, depth: int = 0) -> str:
    """A signal value on one line (nested mappings as ``k v, ...``; lists cut with "(and N more)")."""
    if _scalar(value):
        return escape(compact(value, 160))
    if isinstance(value, Mapping):
        items = [(k, v) for k, v in value.items() if v not in (None, [], {})]
        if depth >= 2:
            if all(_scalar(v) for _, v in items):
                inner = ", ".join(f"{short(str(k), 40)} {compact(v, 60)}" for k, v in items[:_MAX_ITEMS])
                return escape(f"({inner}{more(len(items) - _MAX_ITEMS)})")
            return escape(compact(dict(items), 200))
        shown = ", ".join(f"{escape(short(str(k), 40))} {_signal_value(v, depth + 1)}" for k, v in items[:_MAX_ITEMS])
        return shown + escape(more(len(items) - _MAX_ITEMS)) if shown else '<span class="dim">none</span>'
    if isinstance(value, (list, tuple)):
        if not value:
            return '<span class="dim">none</span>'
        shown = "; ".join(_signal_value(v, depth + 1) for v in list(value)[:_MAX_ITEMS])
        return shown + escape(more(len(value) - _MAX_ITEMS))
    return escape(compact(value))


def _without(value: Any, key: str) -> Any:
    return {k: v for k, v in value.items() if k != key} if isinstance(value, Mapping) else value


def _outlets_html(outlets: Any) -> str:
    if not isinstance(outlets, list) or not outlets:
        return '<span class="dim">none</span>'
    items = []
    for o in outlets[:_MAX_ITEMS]:
        if not isinstance(o, Mapping):
            continue
        name = escape(short(str(o.get("source") or o.get("name") or "?"), 80))
        dom = f' <span class="dim">{escape(o["domain"])}</span>' if o.get("domain") else ""
        count = f" \u00d7{o['count']}" if isinstance(o.get("count"), int) and o["count"] > 1 else ""
        items.append(f"<li>{name}{dom}{count}{_ratings_html(o.get('rating') or o.get('ratings'))}</li>")
    return f'<ul class="outlets">{"".join(items)}{_more_li(len(outlets) - _MAX_ITEMS)}</ul>'


def signals_html(doc: Mapping[str, Any]) -> str:
    """What the stages reported about the article, one line per signal.

    Cited outlets are listed with each rating list's verdict and its source (never merged
    into one score); a per-story breakdown is shown only when the article has several
    stories. The publisher is in the header (``meta_html``).
    """
    signals = doc.get("signals") or {}
    blocks = []
    for stage, value in signals.items():
        if stage == "publisher":
            continue
        if not isinstance(value, Mapping):
            blocks.append(f"<dt>{escape(stage)}</dt><dd>{_signal_value(value)}</dd>")
            continue
        rows = []
        for key, v in value.items():
            if key == "by_story" and isinstance(v, Mapping) and len(v) <= 1:
                continue
            if stage == "citations" and key == "outlets":
                rows.append(f"<li>cited outlets: {_outlets_html(v)}</li>")
            elif key == "by_story" and isinstance(v, Mapping):
                # per story without the cited outlets: they are listed, with their ratings, above
                inner = "".join(f"<li>{escape(short(str(k), 40))}: {_signal_value(_without(sv, 'outlets'), 1)}</li>"
                                for k, sv in list(v.items())[:_MAX_ITEMS])
                rows.append(f"<li>by story:<ul>{inner}{_more_li(len(v) - _MAX_ITEMS)}</ul></li>")
            else:
                rows.append(f"<li>{escape(key)}: {_signal_value(v)}</li>")
        blocks.append(f'<dt>{escape(stage)}</dt><dd><ul class="sig">{"".join(rows)}</ul></dd>')
    if not blocks:
        return ""
    return f'<details class="signals"><summary>Signals</summary><dl>{"".join(blocks)}</dl></details>'


def provenance_html(doc: Mapping[str, Any]) -> str:
    """Stage versions and any other provenance (notes and errors are in the header)."""
    prov = {k: v for k, v in (doc.get("provenance") or {}).items() if k not in ("errors", "notes")}
    if not prov:
        return ""
    rows = []
    for key, value in prov.items():
        if key == "stages" and isinstance(value, Mapping):
            rows.append("<li>stages: " + escape(", ".join(f"{k} v{v}" for k, v in value.items())) + "</li>")
        else:
            rows.append(f"<li>{escape(key)}: {_signal_value(value)}</li>")
    return f'<details><summary>Provenance</summary><ul class="sig">{"".join(rows)}</ul></details>'


def charts_html(docs: Mapping[str, Any] | Sequence[Mapping[str, Any]], ctx: Context) -> str:
    """Techniques by count, named vs vague sources and quotes per speaker, for one article or many."""
    charts = [c for c in (speakers_chart(docs), sources_chart(docs), techniques_chart(docs, ctx.catalog)) if c]
    return f'<div class="charts">{"".join(charts)}</div>' if charts else ""


def article_html(doc: Mapping[str, Any], ctx: Context) -> str:
    """One article: header, legend, stories, text with highlights, charts, findings, signals."""
    art = escape(doc["id"])
    parts = [
        f'<section class="article" id="{art}">',
        f"<h2>{escape(short(d.title(doc), 300))}</h2>",
        meta_html(doc),
        legend_html(doc, ctx),
        stories_table_html(doc),
        article_body_html(doc, ctx),
        charts_html(doc, ctx),
        factchecks_html(doc),
        # filled by the script from the span data when opened: the text is not repeated per layer
        (f'<details class="findings" data-for="x-{art}"><summary>Findings, layer by layer</summary></details>'
         if any(spans for name, spans in (doc.get("layers") or {}).items() if name != "sentences") else ""),
        signals_html(doc),
        provenance_html(doc),
        "</section>",
    ]
    return "\n".join(p for p in parts if p)


# --- across articles ----------------------------------------------------------------------------


def summary_table_html(docs: Sequence[Mapping[str, Any]], ctx: Context) -> str:
    """One row per article (title, outlet, language, size, spans per layer, notes, errors) and totals.

    Click a column header to sort by it (the script does; without it the table is in input order).
    """
    shown = [name for name in ctx.order if name in ctx.order[:8] or any(d.has_layer(doc, name) for doc in docs)]
    head = "".join(f'<th><button type="button">{escape(name)}</button></th>' for name in shown)
    rows = []
    for doc in docs:
        cells = "".join(f'<td class="num">{d.count(doc, name)}</td>' if d.has_layer(doc, name) else '<td class="num dim">\u2013</td>'
                        for name in shown)
        doubt = sum(1 for q in d.layer(doc, "quotes") if d.speaker_of(q)[1])
        meta = doc.get("meta") or {}
        rows.append(
            f'<tr><td><a href="#{escape(doc["id"])}">{escape(short(d.title(doc), 90))}</a></td>'
            f'<td>{escape(short(str(meta.get("outlet") or ""), 40))}</td><td>{escape(meta.get("language") or "")}</td>'
            f'<td class="num">{len(doc["text"])}</td>{cells}<td class="num">{doubt or ""}</td>'
            f'<td class="num">{len(d.notes(doc)) or ""}</td><td class="num">{len(d.errors(doc)) or ""}</td></tr>'
        )
    totals = "".join(f'<td class="num">{sum(d.count(doc, name) for doc in docs)}</td>' for name in shown)
    chars = sum(len(doc["text"]) for doc in docs)
    return (
        '<table class="grid sortable"><thead><tr><th><button type="button">article</button></th><th><button type="button">outlet</button></th>'
        f'<th><button type="button">lang</button></th><th><button type="button">chars</button></th>{head}'
        '<th><button type="button" title="quotes whose speaker is uncertain">speaker?</button></th>'
        '<th><button type="button">notes</button></th><th><button type="button">errors</button></th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody><tfoot><tr><td>all {len(docs)}</td><td></td><td></td><td class="num">{chars}</td>{totals}'
        "<td></td><td></td><td></td></tr></tfoot></table>"
    )


def _without_source(source: str, message: str) -> str:
    """Error messages usually start with their source already; don't show it twice."""
    return message[len(source) + 1 :].lstrip() if message.startswith(source + ":") else message


def failures_html(failures: Sequence[tuple[str, str]]) -> str:
    """The inputs that could not be analysed, each with its source and message."""
    if not failures:
        return ""
    items = "".join(f"<li><code>{escape(short(str(src), 300))}</code>: {escape(short(_without_source(str(src), str(msg)), 600))}</li>"
                    for src, msg in failures)
    return f'<div class="errors"><b>Inputs that could not be analysed</b><ul>{items}</ul></div>'


def technique_definitions_html(docs: Sequence[Mapping[str, Any]], ctx: Context) -> str:
    """Definitions (and an invented example) of the techniques found anywhere on the page."""
    used = sorted({str(s["label"]) for doc in docs for s in d.layer(doc, "techniques")})
    if not used:
        return ""
    rows = []
    for name in used:
        entry = ctx.catalog.get(name)
        swatch = f'<i class="sw tt tq{technique_index(name, ctx.catalog)}"></i>'
        if entry:
            rows.append(f"<dt>{swatch}{escape(entry.get('short') or name)} <code>{escape(name)}</code></dt><dd>{escape(entry.get('definition', ''))}"
                        + (f" <i>e.g. {escape(entry['example'])}</i>" if entry.get("example") else "") + "</dd>")
        else:
            rows.append(f'<dt>{swatch}<code>{escape(name)}</code></dt><dd class="dim">no definition in the catalog</dd>')
    return f'<details class="techdefs"><summary>Techniques found, with definitions</summary><dl>{"".join(rows)}</dl></details>'
