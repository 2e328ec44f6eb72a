"""The viewer's pages as HTML strings: the shell every page shares, home, store browser, errors.

Every value shown goes through ``render.fmt.escape`` (hidden bidi and zero-width characters
become visible markers); no page carries inline script; the only inline style is an article
page's layer colours, allowed by its hash (``csp``). The article view is in ``pages_article``.
"""

from __future__ import annotations

import base64
import os
import hashlib
from dataclasses import dataclass
from typing import Any, Mapping, Sequence
from urllib.parse import urlencode

from ..render.fmt import escape, short

#: The store browser's filters: (query parameter, label, hint).
FILTERS: tuple[tuple[str, str, str], ...] = (
    ("q", "Words", "in the title or text"),
    ("entity", "Entity", "a person, organisation or place"),
    ("speaker", "Speaker", "who is quoted"),
    ("source", "Cited source", "a source the article cites"),
    ("outlet", "Outlet", "the publishing outlet"),
    ("language", "Language", "ISO code, e.g. en"),
    ("date_from", "Published from", "YYYY-MM-DD"),
    ("date_to", "Published to", "YYYY-MM-DD"),
)


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def csp(inline_styles: Sequence[str] = ()) -> str:
    """The Content-Security-Policy of every viewer page: scripts and styles only from this
    server (plus each inline style by its hash), no connections, no frames, forms to itself."""
    styles = " ".join(["'self'", *(sha256(s) for s in inline_styles)])
    return (f"default-src 'none'; script-src 'self'; style-src {styles}; img-src 'self' data:; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


@dataclass(frozen=True)
class Page:
    """A finished page: its HTML and the Content-Security-Policy it needs."""

    html: str
    csp: str
    status: int = 200


def shell(title: str, main: str, *, root: str = "", style: str = "", scripts: Sequence[str] = ("viewer.js",),
          head_extra: str = "", status: int = 200, after_main: str = "") -> Page:
    """The document around ``main``: skip link, navigation, the shared stylesheets, ``scripts``
    from /static (in order, at the end of the body), ``style`` inline (allowed by hash)."""
    from .. import __version__

    css = "".join(f'<link rel="stylesheet" href="{root}/static/{n}">' for n in ("report.css", "viewer.css"))
    css += f'<link rel="icon" href="{root}/static/favicon.svg" type="image/svg+xml">'
    js = "".join(f'<script src="{root}/static/{n}"></script>' for n in scripts)
    html = "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="referrer" content="same-origin">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} \u00b7 newsprobe</title>",
        css,
        f"<style>{style}</style>" if style else "",
        head_extra,
        "</head>",
        '<body class="np-viewer">',
        '<a class="np-skip" href="#main">Skip to content</a>',
        f'<header class="np-nav"><nav aria-label="site"><a class="np-home" href="{root}/">newsprobe</a>'
        f'<a href="{root}/#paste">Paste an article</a><a href="{root}/#upload">Upload a file</a>'
        f'<a href="{root}/#examples">Examples</a><a href="{root}/articles">Stored articles</a></nav></header>',
        f'<main id="main" tabindex="-1">{main}</main>',
        after_main,
        f'<footer>newsprobe {escape(__version__)} \u00b7 signals with their evidence, not verdicts \u00b7 '
        "where the tool is unsure it says so (a speaker marked with ?).</footer>",
        js,
        "</body>",
        "</html>",
        "",
    ])
    return Page(html, csp([style] if style else []), status)


def error_page(title: str, message: str, *, root: str = "", status: int = 400, hint: str = "") -> Page:
    """A friendly page for a request that could not be served: what happened and what to do
    (server paths in ``message`` cut to their last part)."""
    from .state import public_message

    message = public_message(message)
    body = (f"<h1>{escape(title)}</h1>"
            f'<p class="np-error" role="alert">{escape(message)}</p>'
            + (f"<p>{escape(hint)}</p>" if hint else "")
            + f'<p><a href="{root}/">Back to the viewer\'s home page</a> \u00b7 <a href="{root}/articles">stored articles</a></p>')
    return shell(title, body, root=root, status=status)


# --- home --------------------------------------------------------------------------------------


def home_page(*, root: str, examples: Sequence[tuple[str, str]], store: str | None, stored: int | None,
              max_bytes: int, store_note: str = "") -> Page:
    """Paste box, file upload, the bundled examples, and the store browser's link."""
    save = _save_box(store, "save-paste")
    paste = (
        '<section id="paste" aria-labelledby="paste-h"><h2 id="paste-h">Paste an article</h2>'
        f'<form method="post" action="{root}/view" class="np-form">'
        '<label for="np-title">Title <small>(optional; else the first line when it looks like a headline)</small></label>'
        '<input id="np-title" name="title" type="text" maxlength="500" autocomplete="off">'
        '<label for="np-url">Web address <small>(optional; shown as a link only when it is http or https)</small></label>'
        '<input id="np-url" name="url" type="text" inputmode="url" maxlength="2000" autocomplete="off">'
        '<label for="np-text">Text or HTML of the article</label>'
        '<textarea id="np-text" name="text" rows="14" required></textarea>'
        '<fieldset class="np-inline"><legend>Read it as</legend>'
        '<label><input type="radio" name="kind" value="auto" checked> detect</label>'
        '<label><input type="radio" name="kind" value="text"> plain text</label>'
        '<label><input type="radio" name="kind" value="html"> an HTML page</label></fieldset>'
        f"{save}"
        '<button type="submit">Analyse</button>'
        f'<p class="dim">Up to {max_bytes:,} bytes. The text is analysed on this server; nothing is fetched from the web.</p>'
        "</form></section>"
    )
    upload = (
        '<section id="upload" aria-labelledby="upload-h"><h2 id="upload-h">Upload a file</h2>'
        f'<form method="post" action="{root}/upload" enctype="multipart/form-data" class="np-form">'
        '<label for="np-file">A plain-text (.txt) or HTML (.html) file of one article</label>'
        '<input id="np-file" name="file" type="file" accept=".txt,.text,.md,.html,.htm,text/plain,text/html" required>'
        f'{_save_box(store, "save-upload")}'
        '<button type="submit">Analyse the file</button>'
        f'<p class="dim">Up to {max_bytes:,} bytes; the page\'s declared charset is honoured, plain text must be UTF-8. '
        "For corpora (JSON Lines, CSV, WARC) use <code>newsprobe analyze</code> or <code>newsprobe corpus run</code>.</p>"
        "</form></section>"
    )
    if examples:
        items = "".join(f'<li><a href="{root}/examples/{escape(name)}">{escape(short(label, 140))}</a> '
                        f'<small class="dim">{escape(name)}</small></li>' for name, label in examples)
        ex = (f'<section id="examples" aria-labelledby="ex-h"><h2 id="ex-h">Bundled examples</h2>'
              f"<p>Open one to see every layer; each is analysed when first opened (a few seconds), then kept in memory.</p>"
              f'<ul class="np-examples">{items}</ul></section>')
    else:
        ex = ('<section id="examples" aria-labelledby="ex-h"><h2 id="ex-h">Bundled examples</h2>'
              '<p class="dim">No <code>examples/</code> folder was found next to the package or in the current folder; '
              "run <code>newsprobe serve</code> from the project's folder to list them.</p></section>")
    if store:
        count = f"{stored:,} article{'s' if stored != 1 else ''}" if stored is not None else "nothing yet"
        st = (f'<section aria-labelledby="st-h"><h2 id="st-h">Store</h2><p><a href="{root}/articles">Browse and search the store</a> '
              f'(<code>{escape(os.path.basename(store))}</code>: {count}). {escape(store_note)}</p></section>')
    else:
        st = ('<section aria-labelledby="st-h"><h2 id="st-h">Store</h2><p class="dim">No store is configured: pasted '
              "articles are kept in memory only. Start with <code>newsprobe serve --store FILE</code> to save and browse them.</p></section>")
    intro = ("<h1>newsprobe viewer</h1><p>Look inside a news article: the stories it is stitched from, who said what, the "
             "sources it cites and how rating lists judge them, check-worthy claims and existing fact-checks, hedges and "
             "persuasion techniques, each shown on the text as evidence. <b>Signals, never a verdict.</b></p>")
    main = intro + '<div class="np-home-grid">' + paste + "<div>" + upload + ex + st + "</div></div>"
    return shell("viewer", main, root=root)


def _save_box(store: str | None, ident: str) -> str:
    if not store:
        return ""
    return (f'<label class="np-check" for="{ident}"><input id="{ident}" type="checkbox" name="save" value="1"> '
            "save it in the store (so it can be found and linked later)</label>")


# --- store browser -------------------------------------------------------------------------------


def browse_page(*, root: str, filters: Mapping[str, str], techniques: Sequence[tuple[str, str]], result: Mapping[str, Any] | None,
                page: int, per: int, store: str | None, message: str = "") -> Page:
    """The store browser: a search form with every filter, one row per article, pagination."""
    fields = []
    for name, label, hint in FILTERS:
        kind = "date" if name.startswith("date") else "search" if name == "q" else "text"
        fields.append(f'<div><label for="f-{name}">{escape(label)}</label>'
                      f'<input id="f-{name}" name="{name}" type="{kind}" value="{escape(filters.get(name, ""))}" '
                      f'placeholder="{escape(hint)}" maxlength="200"></div>')
    chosen = filters.get("technique", "")
    options = ['<option value="">any</option>'] + [
        f'<option value="{escape(n)}"{" selected" if n == chosen else ""}>{escape(label)}</option>' for n, label in techniques]
    fields.append(f'<div><label for="f-technique">Technique</label><select id="f-technique" name="technique">{"".join(options)}</select></div>')
    form = (f'<form method="get" action="{root}/articles" class="np-search" role="search" aria-label="search the store">'
            f'{"".join(fields)}<div class="np-actions"><button type="submit">Search</button> '
            f'<a href="{root}/articles">clear</a></div></form>')
    head = "<h1>Stored articles</h1>" + (f"<p>Store <code>{escape(os.path.basename(store))}</code></p>" if store else "")
    if message:
        return shell("stored articles", head + f'<p class="np-error" role="status">{escape(message)}</p>' + form, root=root)
    assert result is not None
    total = int(result["total"])
    rows = result["articles"]
    first = (page - 1) * per + 1
    if not rows:
        found = f'<p role="status">No article matches{" these filters" if any(filters.values()) else "; the store is empty"}.</p>'
        return shell("stored articles", head + form + found, root=root)
    found = f'<p role="status">{total:,} {"article matches" if total == 1 else "articles match"}; showing {first:,}\u2013{first + len(rows) - 1:,}.</p>'
    body = []
    for r in rows:
        body.append(
            f'<tr><td><a href="{root}/articles/{escape(r["id"])}">{escape(short(str(r.get("title") or "(untitled)"), 160))}</a>'
            f'<br><small class="dim"><code>{escape(str(r["id"])[:12])}</code></small></td>'
            f'<td>{escape(short(str(r.get("outlet") or ""), 60))}</td><td>{escape(str(r.get("published") or "")[:25])}</td>'
            f'<td>{escape(r.get("language") or "")}</td><td class="num">{int(r.get("n_chars") or 0):,}</td>'
            f'<td>{escape(str(r.get("analyzed_at") or "")[:19])}</td></tr>')
    table = ('<table class="grid np-results"><caption class="np-sr">articles found</caption><thead><tr><th scope="col">title</th>'
             '<th scope="col">outlet</th><th scope="col">published</th><th scope="col">language</th><th scope="col">characters</th>'
             f'<th scope="col">analysed</th></tr></thead><tbody>{"".join(body)}</tbody></table>')
    return shell("stored articles", head + form + found + table + _pager(root, filters, page, per, total), root=root)


def _pager(root: str, filters: Mapping[str, str], page: int, per: int, total: int) -> str:
    pages = max(1, -(-total // per))
    if pages == 1:
        return ""

    def link(p: int, text: str, rel: str) -> str:
        query = urlencode({**{k: v for k, v in filters.items() if v}, "page": p, **({"per": per} if per != 25 else {})})
        return f'<a rel="{rel}" href="{root}/articles?{escape(query)}">{text}</a>'

    parts = []
    if page > 1:
        parts.append(link(page - 1, "\u2190 previous", "prev"))
    parts.append(f"<span>page {page} of {pages}</span>")
    if page < pages:
        parts.append(link(page + 1, "next \u2192", "next"))
    return f'<nav class="np-pager" aria-label="pages">{" ".join(parts)}</nav>'
