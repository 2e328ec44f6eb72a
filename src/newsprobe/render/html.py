"""One self-contained HTML page for analysed articles: ``render_html`` and ``page``.

``render_html(articles, failures=...)`` is the batch report (``newsprobe analyze -o
report.html``, ``newsprobe show --format html``); ``page(body, docs=...)`` wraps any HTML built
from ``parts`` in a document with the report's CSS and script inlined, so other faces (a corpus
report, a web viewer) show articles the same way.

Why it is built this way:

* **Nothing from the input is markup.** Every string from an article goes through
  ``fmt.escape``; a URL becomes a link only when it is ``http``/``https``; span data travels
  as JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped.
  Hidden bidi and zero-width characters are shown as markers, never interpreted.
* **No network, no foreign code.** A Content-Security-Policy allows no connection at all and
  only the page's own style and script, by their SHA-256 hashes (``csp``); SVG charts use
  attributes, not ``style``.
* **Small.** The text is written once; highlights are drawn by the script from compact span
  data (``data.span_data``), and findings tables are built only when opened, so the page
  stays under about 10 bytes per character of input (tested on the bundled examples).
* **The text stays the text.** Story headings are drawn with CSS, hidden characters by CSS
  markers that hold no text, so the text content of each article block is the article's text
  without its hidden characters, and every span keeps its offsets.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence

from ..article import Article
from ..errors import WireFormatError
from .data import OTHER_TECHNIQUE_COLOUR, SCORED, TECHNIQUE_COLOURS, layer_colour, layer_order, page_data
from .doc import as_doc, has_layer
from .fmt import escape, json_for_script, technique_catalog
from .parts import Context, article_html, charts_html, failures_html, summary_table_html, technique_definitions_html


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of a static file shipped in ``newsprobe/render/static`` (``report.css``, ``report.js``)."""
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def csp(style: str, script: str) -> str:
    """The page's Content-Security-Policy: no network, only this style and this script (by hash)."""
    return (f"default-src 'none'; style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; "
            "base-uri 'none'; form-action 'none'")


def layer_css(order: Sequence[str]) -> str:
    """Per-layer colours and underline depths; the script sets each depth (``--dN``) and the line
    height (``--lh``) from the layers switched on, so the visible underlines stack tightly."""
    rules = []
    for i, name in enumerate(order):
        rules.append(f".l{i}{{--c:{layer_colour(name, order)}}}")
        if name not in ("sentences", "furniture"):
            rules.append(f"mark.l{i}{{text-underline-offset:var(--d{i},3px)}}")
    colours = list(TECHNIQUE_COLOURS) + [OTHER_TECHNIQUE_COLOUR]
    rules.extend(f".tq{i}{{--t:{c}}}" for i, c in enumerate(colours))
    return "\n".join(rules)


def toolbar_html(ctx: Context, docs: Sequence[Mapping[str, Any]]) -> str:
    """The layer switches (for layers some article has) and the minimum-score control."""
    data = page_data(docs, ctx.order, ctx.catalog)
    boxes = []
    for i, (name, on, _) in enumerate(data["layers"]):
        if not any(has_layer(doc, ctx.order[i]) for doc in docs):
            continue
        boxes.append(f'<label><input type="checkbox" data-l="{i}"{" checked" if on else ""}><i class="sw l{i}"></i>{escape(name)}</label>')
    scored = " and ".join(n for n in ctx.order if n in SCORED)
    return (
        '<div class="bar" role="group" aria-label="layers shown">'
        f'<span class="layers">{"".join(boxes)}</span>'
        f'<label class="min" title="hide {scored} scored below this value">min score ({scored}) '
        '<input type="range" id="np-min" min="0" max="1" step="0.05" value="0"> '
        '<input type="number" id="np-min-n" min="0" max="1" step="0.05" value="0" aria-label="minimum score"></label>'
        "</div>"
    )


def page(body: str, *, docs: Sequence[Mapping[str, Any]], title: str = "newsprobe report",
         ctx: Context | None = None) -> str:
    """A complete, self-contained HTML document around ``body`` (built from ``parts``).

    ``docs`` are the articles the body shows (their layers decide the colours and switches).
    """
    from .. import __version__

    ctx = ctx or Context(layer_order(docs), technique_catalog())
    style = asset("report.css") + layer_css(ctx.order)
    script = asset("report.js")
    data = json_for_script(page_data(docs, ctx.order, ctx.catalog))
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp(style, script))}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        toolbar_html(ctx, docs),
        body,
        f"<footer>newsprobe {escape(__version__)} \u00b7 signals with their evidence, not verdicts \u00b7 every highlight "
        "points at character offsets of the text shown; hover or focus (Tab) a highlight for its details.</footer>",
        '<div id="np-tip" role="tooltip" hidden></div>',
        f'<script type="application/json" id="np-page">{data}</script>',
        f"<script>{script}</script>",
        "</body>",
        "</html>",
        "",
    ])


def render_html(
    articles: Iterable[Article | Mapping[str, Any]],
    *,
    title: str = "newsprobe report",
    failures: Sequence[tuple[str, str]] = (),
) -> str:
    """One self-contained HTML page showing ``articles`` and the inputs that ``failures`` lists.

    ``articles`` are ``newsprobe/1`` dicts (``Article.to_dict()``) or ``Article`` objects;
    ``failures`` are ``(source, message)`` pairs. Any subset of layers may be present. A dict
    that breaks the wire format is listed with the failures, saying what is wrong.
    """
    docs: list[dict[str, Any]] = []
    failures = list(failures)
    for n, article in enumerate(articles, start=1):
        try:
            docs.append(as_doc(article))
        except WireFormatError as e:  # one broken dict costs its own place in the report, not the report
            name = article.get("id") if isinstance(article, Mapping) else None
            failures.append((f"article {n}" + (f" ({name})" if name else ""), f"cannot be shown: {e}"))
    ctx = Context(layer_order(docs), technique_catalog())
    chars = sum(len(doc["text"]) for doc in docs)
    words = sum(len(doc["text"].split()) for doc in docs)
    head = (f"<p>{len(docs)} article{'s' if len(docs) != 1 else ''} analysed ({chars:,} characters, {words:,} words); "
            f"{len(failures)} input{'s' if len(failures) != 1 else ''} failed.</p>")
    summary = [head, failures_html(failures)]
    if docs:
        summary.append(summary_table_html(docs, ctx))
    if len(docs) > 1:
        summary.append(charts_html(docs, ctx))
    summary.append(technique_definitions_html(docs, ctx))
    body = ['<section class="summary">' + "\n".join(p for p in summary if p) + "</section>"]
    body.extend(article_html(doc, ctx) for doc in docs)
    return page("\n".join(body), docs=docs, title=title, ctx=ctx)
