"""The browser viewer: paste box, upload, bundled examples, article view through ``render/``, store browser.

Pages (all server-rendered HTML; the basics work without script):

* ``GET /``: paste box, file upload, the bundled examples, the store's link.
* ``POST /view`` (form: ``text``, ``title``, ``url``, ``kind``, ``save``) and ``POST /upload``
  (multipart: ``file``, ``save``): analyse off the event loop, then redirect to the article:
  ``/articles/ID`` when saved in the store, else ``/view/ID`` (kept in memory, the last 32).
* ``GET /examples/NAME``: a bundled example, analysed when first opened, then kept in memory.
* ``GET /articles``: search the store (``q``, ``entity``, ``speaker``, ``source``, ``technique``,
  ``outlet``, ``language``, ``date_from``, ``date_to``, ``page``, ``per``).
* ``GET /articles/ID`` (an id or its unique start), ``?span=LAYER-ID`` or ``#span-LAYER-ID``
  to point at one span.
* ``GET /static/NAME``: ``viewer.css``, ``viewer.js`` and the report's ``report.css``, ``report.js``.

Every page carries a strict Content-Security-Policy header (``pages.csp``). Nothing a form
sends is ever used as a path: text is analysed as text, an upload's name is only a label, an
example is opened only when its name is in the listing of ``examples/``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..article import Article
from ..errors import InputError, NewsprobeError, StoreError
from ..render.fmt import safe_url
from .state import AppState, app_state
from .worker import QueueFull
from .pages import FILTERS, Page, browse_page, error_page, home_page
from .pages_article import article_page

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

RECENT = 32  # pasted and uploaded articles kept in memory
UPLOAD_EXT = {".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html"}
PER_PAGE = 25
T = TypeVar("T")


@dataclass
class ViewerState:
    """What the viewer keeps in memory: recent unsaved articles and analysed examples."""

    recent: "OrderedDict[str, dict[str, Any]]" = field(default_factory=OrderedDict)
    examples: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def remember(self, doc: dict[str, Any]) -> None:
        with self.lock:
            self.recent[doc["id"]] = doc
            self.recent.move_to_end(doc["id"])
            while len(self.recent) > RECENT:
                self.recent.popitem(last=False)


def viewer_state(state: AppState) -> ViewerState:
    vs = state.extra.get("viewer")
    if not isinstance(vs, ViewerState):
        vs = state.extra.setdefault("viewer", ViewerState())
    return vs  # type: ignore[no-any-return]


def _root(request: Request) -> str:
    return str(request.scope.get("root_path") or "").rstrip("/")


def respond(page: Page) -> HTMLResponse:
    """An HTML response with the page's CSP and the headers every viewer page carries."""
    return HTMLResponse(page.html, status_code=page.status, headers={
        "Content-Security-Policy": page.csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-store",
    })


class Busy(NewsprobeError):
    """Too many analyses wait already (the app's analysis queue is full)."""


def analyse(state: AppState, article: Article) -> Article:
    """Run the app's pipeline on ``article``; called from a worker thread, never the event loop.

    The article joins the app's analysis queue (``state.analysis``: the one analysis thread
    shared with the API, web/worker.py); a full queue raises ``Busy``.
    """
    try:
        out: Article = state.analysis.submit_article(article).result()
    except QueueFull as e:
        raise Busy("the server is busy with other analyses; try again in a moment") from e
    return out


# --- static files ------------------------------------------------------------------------------

_STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}


def _static_text(name: str) -> str | None:
    if name in ("report.css", "report.js"):
        from ..render.html import asset

        return asset(name)
    if name in ("viewer.css", "viewer.js", "favicon.svg"):
        return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")
    return None


@router.get("/static/{name}")
def static(name: str) -> Response:
    text = _static_text(name)
    if text is None:
        return Response("not found", status_code=404, media_type="text/plain")
    return Response(text, media_type=_STATIC_TYPES[PurePosixPath(name).suffix],
                    headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=300"})


# --- examples ----------------------------------------------------------------------------------


def examples_dir(state: AppState) -> Path | None:
    """The bundled ``examples/`` folder: ``state.extra["examples_dir"]`` when set, else the
    current folder's, else the one next to the package (a source checkout)."""
    given = state.extra.get("examples_dir")
    candidates = [Path(given)] if given else [Path.cwd() / "examples", Path(__file__).resolve().parents[3] / "examples"]
    return next((p for p in candidates if p.is_dir()), None)


def list_examples(folder: Path | None) -> dict[str, tuple[Path, str]]:
    """The examples to offer, by name (``stitched_post.txt``, ``html/council_budget.html``):
    plain-text and HTML articles only (not the deliberately bad inputs nor the gold files)."""
    if folder is None:
        return {}
    found: dict[str, tuple[Path, str]] = {}
    for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("html/*.html")):
        if not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        label = path.stem.replace("_", " ")
        if path.suffix == ".txt":
            try:
                with open(path, "rb") as f:
                    first = f.read(400).decode("utf-8", errors="replace").strip().split("\n", 1)[0].strip()
            except OSError:
                continue
            label = first or label
        found[name] = (path, label)
    return found


@router.get("/examples/{name:path}", response_class=HTMLResponse)
async def example(name: str, request: Request, span: str | None = None) -> HTMLResponse:
    state = app_state(request.app)
    listed = list_examples(examples_dir(state))
    if name not in listed:
        return respond(error_page("No such example", f"There is no bundled example called {name!r}.", root=_root(request), status=404,
                                  hint="The home page lists the examples this server has."))
    vs = viewer_state(state)
    doc = vs.examples.get(name)
    if doc is None:
        try:
            doc = await run_in_threadpool(_analyse_example, state, listed[name][0], name)
        except Busy as e:
            return respond(error_page("Busy", str(e), root=_root(request), status=503))
        except NewsprobeError as e:
            return respond(error_page("The example could not be analysed", str(e), root=_root(request), status=422))
        vs.examples[name] = doc
    return respond(article_page(doc, root=_root(request), span=span,
                                notice=f"Bundled example examples/{name}, analysed on this server."))


def _analyse_example(state: AppState, path: Path, name: str) -> dict[str, Any]:
    from ..ingest import read_documents

    docs = list(islice(read_documents([str(path)], settings=state.settings), 1))
    if not docs or docs[0].article is None:
        raise docs[0].error if docs and docs[0].error else InputError("holds no article", source=name)
    article = docs[0].article
    article.meta["source"] = f"examples/{name}"
    return analyse(state, article).to_dict()


# --- home, paste, upload -----------------------------------------------------------------------


@contextmanager
def _store_turn(state: AppState, *, write: bool) -> Iterator[None]:
    """Take turns with every other store access in this process (``state.store_lock``: readers
    share it, a writer holds it alone): DuckDB refuses a writer while a read-only connection is
    open in the same process."""
    with (state.store_lock.writing() if write else state.store_lock.reading()):
        yield


def _with_store(state: AppState, fn: Callable[[Any], T], *, write: bool = False) -> T:
    """Run ``fn(store)`` on the configured store, opened for this call only."""
    from ..store import Store

    assert state.store_path
    with _store_turn(state, write=write):
        store = Store(state.store_path, read_only=not write, wait=min(10.0, state.settings.store_wait))
        try:
            return fn(store)
        finally:
            store.close()


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    state = app_state(request.app)
    stored: int | None = None
    note = ""
    if state.store_path and not os.path.isfile(state.store_path):
        stored, note = 0, "Nothing is saved yet: tick \"save\" when you analyse an article."
    elif state.store_path:
        try:
            stored = await run_in_threadpool(_with_store, state, lambda s: s.count("articles"))
        except StoreError as e:
            note = "It cannot be read yet: " + str(e)
    listed = list_examples(examples_dir(state))
    return respond(home_page(root=_root(request), examples=[(n, label) for n, (_, label) in listed.items()],
                             store=state.store_path, stored=stored, max_bytes=state.settings.viewer_max_bytes, store_note=note))


def _too_large(request: Request, state: AppState) -> HTMLResponse | None:
    limit = state.settings.viewer_max_bytes
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > 9 * limit + 65536:  # form encoding may take up to 9 bytes per character
        return respond(error_page("Too large", f"The request is {int(length):,} bytes; the viewer takes up to {limit:,} bytes of text.",
                                  root=_root(request), status=413, hint=_SPLIT))
    return None


_SPLIT = ("Split it into articles, or analyse it with `newsprobe analyze FILE` (the viewer_max_bytes setting "
          "raises the viewer's limit).")


def _build_article(text: str, kind: str, meta: dict[str, Any]) -> Article:
    from ..ingest import article_from_html, article_from_text, looks_like_html

    if kind == "html" or (kind == "auto" and looks_like_html(text)):
        return article_from_html(text, source="pasted HTML", meta=meta)
    return article_from_text(text, meta=meta, source="pasted text")


def _analyse_and_keep(state: AppState, article: Article, save: bool) -> tuple[dict[str, Any], bool]:
    out = analyse(state, article)
    if save and state.store_path:
        _with_store(state, lambda s: s.put_article(out, source=out.meta.get("source") or "viewer"), write=True)
        return out.to_dict(), True
    return out.to_dict(), False


def _after_analysis(request: Request, state: AppState, doc: dict[str, Any], saved: bool) -> Response:
    if saved:
        return RedirectResponse(f"{_root(request)}/articles/{doc['id']}", status_code=303)
    viewer_state(state).remember(doc)
    return RedirectResponse(f"{_root(request)}/view/{doc['id']}", status_code=303)


async def _run(request: Request, state: AppState, work: Callable[[], tuple[dict[str, Any], bool]]) -> Response:
    try:
        doc, saved = await run_in_threadpool(work)
    except InputError as e:
        return respond(error_page("Nothing to analyse", str(e), root=_root(request), status=422))
    except Busy as e:
        return respond(error_page("Busy", str(e), root=_root(request), status=503))
    except StoreError as e:
        return respond(error_page("Not saved", f"The article was analysed but could not be saved: {e}", root=_root(request), status=503))
    except NewsprobeError as e:
        return respond(error_page("The analysis failed", str(e), root=_root(request), status=422))
    return _after_analysis(request, state, doc, saved)


@router.get("/view")
def view_get(request: Request) -> Response:
    return RedirectResponse(f"{_root(request)}/#paste", status_code=303)


@router.post("/view")
async def view_post(request: Request) -> Response:
    state = app_state(request.app)
    big = _too_large(request, state)
    if big is not None:
        return big
    limit = state.settings.viewer_max_bytes
    try:
        # the field's size is counted as sent: form encoding takes up to 9 bytes per character
        async with request.form(max_files=0, max_fields=20, max_part_size=9 * limit + 1024) as form:
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
    except Exception as e:  # a malformed or oversized form body
        over = "maximum size" in str(e)
        return respond(error_page("Too large" if over else "Bad form", f"The form could not be read: {e}", root=_root(request),
                                  status=413 if over else 400, hint=_SPLIT if over else ""))
    text = fields.get("text", "").replace("\r\n", "\n")  # browsers send a textarea's line breaks as CRLF
    if len(text.encode("utf-8", "surrogatepass")) > limit:
        return respond(error_page("Too large", f"The text is over the viewer's limit of {limit:,} bytes.",
                                  root=_root(request), status=413, hint=_SPLIT))
    kind = fields.get("kind", "auto") if fields.get("kind") in ("auto", "text", "html") else "auto"
    meta = {k: fields[k].strip()[:2000] for k in ("title", "url") if fields.get(k, "").strip()}
    if "url" in meta and safe_url(meta["url"]) is None:
        return respond(error_page("Not a web address", f"The web address {meta['url']!r} is not an http:// or https:// address.",
                                  root=_root(request), status=422, hint="Correct it, or leave the field empty."))
    save = fields.get("save") == "1"
    return await _run(request, state, lambda: _analyse_and_keep(state, _build_article(text, kind, meta), save))


@router.post("/upload")
async def upload(request: Request) -> Response:
    state = app_state(request.app)
    big = _too_large(request, state)
    if big is not None:
        return big
    limit = state.settings.viewer_max_bytes
    root = _root(request)
    try:
        async with request.form(max_files=1, max_fields=10, max_part_size=65536) as form:
            file = form.get("file")
            save = form.get("save") == "1"
            if not isinstance(file, UploadFile) or not file.filename:
                return respond(error_page("No file", "Choose a .txt or .html file to upload.", root=root, status=400))
            name = PurePosixPath(file.filename.replace("\\", "/")).name[:200] or "upload"  # a label, never opened
            kind = UPLOAD_EXT.get(PurePosixPath(name).suffix.lower())
            if kind is None:
                return respond(error_page("Not a text or HTML file", f"{name}: the viewer reads .txt and .html files of one article.",
                                          root=root, status=415, hint="For corpora use `newsprobe analyze` or `newsprobe corpus run`."))
            data = await file.read(limit + 1)
    except Exception as e:  # a malformed multipart body, or too many fields
        return respond(error_page("Bad upload", f"The upload could not be read: {e}", root=root, status=400))
    if len(data) > limit:
        return respond(error_page("Too large", f"{name} is over the viewer's limit of {limit:,} bytes.", root=root, status=413, hint=_SPLIT))

    def work() -> tuple[dict[str, Any], bool]:
        from ..ingest import read_bytes

        docs = list(islice(read_bytes(data, source=name, kind=kind), 1))
        if not docs:
            raise InputError("holds no article", source=name)
        if docs[0].article is None:
            raise docs[0].error or InputError("could not be read", source=name)
        docs[0].article.meta["source"] = name
        return _analyse_and_keep(state, docs[0].article, save)

    return await _run(request, state, work)


@router.get("/view/{article_id}", response_class=HTMLResponse)
def view_recent(article_id: str, request: Request, span: str | None = None) -> HTMLResponse:
    state = app_state(request.app)
    doc = viewer_state(state).recent.get(article_id)
    if doc is None:
        return respond(error_page("Not held any more", f"No recent article has the id {article_id!r}.", root=_root(request), status=404,
                                  hint="The viewer keeps the last 32 unsaved articles in memory while it runs; paste it again, "
                                       "or tick \"save\" to keep it in the store."))
    notice = "Kept in memory only (the last 32 unsaved articles, until the server stops)."
    if state.store_path:
        notice += " Paste it again with \"save\" ticked to keep it in the store."
    return respond(article_page(doc, root=_root(request), span=span, notice=notice))


# --- the store ---------------------------------------------------------------------------------


def _no_store(request: Request) -> HTMLResponse:
    return respond(error_page("No store", "This server has no store configured.", root=_root(request), status=404,
                              hint="Start it with `newsprobe serve --store FILE` to save and browse articles."))


@router.get("/articles", response_class=HTMLResponse)
async def browse(request: Request) -> HTMLResponse:
    from ..render.fmt import technique_catalog
    from ..store_search import ArticleQuery, search_articles

    state = app_state(request.app)
    root = _root(request)
    params = request.query_params
    filters = {name: params.get(name, "").strip()[:200] for name, _, _ in FILTERS}
    filters["technique"] = params.get("technique", "").strip()[:100]
    catalog = technique_catalog()
    techniques = [(n, str(e.get("short") or n)) for n, e in catalog.items()]
    page = _int(params.get("page"), 1, 1, 100_000)
    per = _int(params.get("per"), PER_PAGE, 1, 100)
    if not state.store_path:
        return respond(browse_page(root=root, filters=filters, techniques=techniques, result=None, page=page, per=per, store=None,
                                   message="No store is configured: start the server with `newsprobe serve --store FILE`."))
    query = ArticleQuery(**{k: v for k, v in filters.items() if v}, limit=per, offset=(page - 1) * per)
    try:
        result = await run_in_threadpool(_with_store, state, lambda s: search_articles(s, query))
    except StoreError as e:
        return respond(browse_page(root=root, filters=filters, techniques=techniques, result=None, page=page, per=per,
                                   store=state.store_path, message=str(e)))
    return respond(browse_page(root=root, filters=filters, techniques=techniques, result=result, page=page, per=per, store=state.store_path))


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value or default)))
    except ValueError:
        return default


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def stored_article(article_id: str, request: Request, span: str | None = None) -> HTMLResponse:
    state = app_state(request.app)
    root = _root(request)
    if not state.store_path:
        return _no_store(request)
    if not os.path.isfile(state.store_path):
        return respond(error_page("No such article", f"The store holds no article yet, so none with the id {article_id!r}.",
                                  root=root, status=404, hint="Paste an article with \"save\" ticked to start it."))
    try:
        article = await run_in_threadpool(_with_store, state, lambda s: s.get_article(article_id))
    except StoreError as e:
        return respond(error_page("Cannot show this article", str(e), root=root, status=400))
    if article is None:
        return respond(error_page("No such article", f"The store holds no article with the id {article_id!r}.", root=root, status=404,
                                  hint="Search the stored articles for it."))
    return respond(article_page(article.to_dict(), root=root, span=span))
