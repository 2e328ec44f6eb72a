"""The REST API under ``/api`` (OpenAPI at ``/openapi.json``; docs/web.md lists the endpoints).

Analysis runs on the one analysis thread (``AppState.analysis``), store reads in FastAPI's
worker threads (plain ``def`` endpoints), never on the event loop. Every error is
``{"error": message, "status": code}``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..article import Article
from ..errors import InputError, NewsprobeError, StoreError
from ..ingest import article_from_html, article_from_text
from ..store_search import MAX_LIMIT, ArticleQuery, search_articles, store_stats
from .state import AppState, app_state, error_response, json_response
from .models import (AnalyzeRequest, ArticleList, ArticleOut, ClusterList, ErrorOut, FactCheckResults, Health,
                     Stats)
from .worker import QueueFull

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": why}
    for code, why in [(400, "bad request"), (401, "API token missing or wrong"),
                      (403, "not allowed here (URL fetch off, a non-public address, a cross-site request)"),
                      (404, "not found"), (408, "the body arrived too slowly"), (413, "body too large"),
                      (415, "not JSON, or a fetched page that is not HTML"), (422, "invalid input"),
                      (500, "an unexpected failure (a message, never a trace)"),
                      (502, "a fetched site failed"), (503, "busy (Retry-After) or store unavailable"),
                      (504, "timed out")]
}
RETRY_AFTER = "2"
log = logging.getLogger("newsprobe.web")

router = APIRouter(prefix="/api", responses=ERRORS)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    import json

    return json_response(json.dumps(data, ensure_ascii=False, default=str, allow_nan=False), status, headers)


@router.get("/health", response_model=Health, summary="Is the server up, are the models loaded")
def health(request: Request) -> Health:
    from .. import __version__

    state = app_state(request.app)
    return Health(status="ok", version=__version__, models_loaded=state.pipeline is not None,
                  store=bool(state.store_path), fetch_enabled=state.settings.fetch_enabled,
                  queued=state._queue.waiting if state._queue else 0)


@router.post("/analyze", response_class=Response, summary="Analyse a text, an HTML page or (when enabled) a URL",
             responses={200: {"model": ArticleOut, "description": "the article in the newsprobe/1 wire format"}})
async def analyze(body: AnalyzeRequest, request: Request) -> Response:
    """Analyse exactly one of ``text``, ``html`` or ``url``; the answer is the article in the
    ``newsprobe/1`` wire format (docs/format.md). ``store: true`` also writes it to the server's
    store (header ``X-Newsprobe-Stored: true``). A busy server answers 503 with Retry-After."""
    state = app_state(request.app)
    started = time.monotonic()
    given = [k for k in ("text", "html", "url") if getattr(body, k) is not None]
    if len(given) != 1:
        return error_response(422, "give exactly one of text, html or url")
    if body.store and not state.store_path:
        return error_response(400, "this server has no store; leave out \"store\" or start it with --store FILE")
    meta = body.meta.model_dump(exclude_none=True) if body.meta else {}
    _check_unicode(body, meta)
    page = await run_in_threadpool(_fetch, state, body.url) if body.url is not None else None
    try:
        fut = state.analysis.submit_article(lambda: _ingest(body, meta, page))
    except QueueFull:
        return error_response(503, f"the server is busy ({state.analysis.max_waiting} analyses waiting); "
                                   f"try again in {RETRY_AFTER} s", {"Retry-After": RETRY_AFTER})
    left = state.settings.serve_timeout - (time.monotonic() - started)
    try:
        result: Article = await asyncio.wait_for(asyncio.wrap_future(fut), timeout=max(left, 0.001))
    except asyncio.TimeoutError:
        fut.cancel()
        return error_response(504, f"the analysis did not finish within {state.settings.serve_timeout:g} s "
                                   "(the serve_timeout setting); send a shorter text or try later")
    except NewsprobeError:
        raise  # an input the pipeline cannot read (from _ingest): a 4xx with its message
    except Exception:
        log.exception("analysis failed")
        return error_response(500, "the analysis of this article failed; the server's log has the details")
    if body.store:
        await run_in_threadpool(state.write_article, result)
    return json_response(result.to_json(), headers={"X-Newsprobe-Stored": "true" if body.store else "false"})


def _check_unicode(body: AnalyzeRequest, meta: dict[str, Any]) -> None:
    for name, value in [("text", body.text), ("html", body.html), ("url", body.url), *meta.items()]:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError(f"{name} holds a lone surrogate (an unpaired \\ud800-\\udfff escape); "
                                 "send valid Unicode") from None


def _fetch(state: AppState, url: str) -> Any:
    """The page at ``url`` (in a worker thread: network I/O), when this server fetches URLs."""
    if not state.settings.fetch_enabled:
        raise _Forbidden("this server does not fetch URLs (fetch_enabled is off); send the page as html, "
                         "or start the server with --fetch")
    from .. import __version__
    from .fetch import fetch_html

    return fetch_html(url, max_bytes=state.settings.fetch_max_bytes, timeout=state.settings.fetch_timeout,
                      user_agent=f"newsprobe/{__version__}")


def _ingest(body: AnalyzeRequest, meta: dict[str, Any], page: Any) -> Article:
    """The article to analyse; runs on the analysis thread (HTML extraction and language
    detection are CPU work and take their turn like the analysis)."""
    if page is not None:
        from ..decoding import decode_html

        meta.setdefault("url", page.final_url)
        html = decode_html(page.html, source=page.final_url).text
        return article_from_html(html, meta=meta, source=page.final_url)
    if body.html is not None:
        return article_from_html(body.html, meta=meta)
    assert body.text is not None
    return article_from_text(body.text, meta=meta)


class _Forbidden(NewsprobeError):
    """A request for something this server is set not to do."""

    status = 403


@router.get("/articles", response_model=ArticleList, summary="List and search stored articles")
def articles(
    request: Request,
    q: str | None = Query(None, max_length=500, description="words in the title or text"),
    entity: str | None = Query(None, max_length=500, description="an entity's name (canonical form)"),
    entity_label: str | None = Query(None, max_length=50, description="with entity: its type, e.g. PERSON, ORG"),
    speaker: str | None = Query(None, max_length=500, description="a quote's speaker"),
    source: str | None = Query(None, max_length=500, description="a cited source"),
    technique: str | None = Query(None, max_length=100, description="a persuasion technique, e.g. Loaded_Language"),
    outlet: str | None = Query(None, max_length=500),
    language: str | None = Query(None, max_length=20, description="ISO 639-1 code"),
    date_from: str | None = Query(None, max_length=40, description="published on or after (ISO date)"),
    date_to: str | None = Query(None, max_length=40, description="published on or before (ISO date; a date includes its day)"),
    limit: int = Query(50, ge=0, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> Any:
    """Stored articles matching every filter given (none: all), newest first."""
    query = ArticleQuery(q=q, entity=entity, entity_label=entity_label, speaker=speaker, source=source,
                         technique=technique, outlet=outlet, language=language, date_from=date_from,
                         date_to=date_to, limit=limit, offset=offset)
    with app_state(request.app).read_store() as store:
        found = search_articles(store, query)
    return _json({"total": found["total"], "limit": limit, "offset": offset, "articles": found["articles"]})


@router.get("/articles/{article_id:path}", response_class=Response, summary="One stored article",
            responses={200: {"model": ArticleOut, "description": "the article in the newsprobe/1 wire format"}})
def article(request: Request, article_id: str = Path(..., min_length=4, max_length=2000,
                                                      description="the article's id, or a unique prefix of it")) -> Response:
    """The stored article with this id (or the only one whose id starts with it)."""
    with app_state(request.app).read_store() as store:
        ids = [r[0] for r in store.query("SELECT id FROM articles WHERE id = ? OR starts_with(id, ?) "
                                         "ORDER BY id <> ? LIMIT 2", [article_id, article_id, article_id]).fetchall()]
        if not ids:
            return error_response(404, "no stored article has this id")
        if len(ids) > 1 and ids[0] != article_id:
            return error_response(400, "several stored articles start with this id; give more of it")
        found = store.get_article(ids[0])
    assert found is not None
    return json_response(found.to_json())


@router.get("/stats", response_model=Stats, summary="What the store holds")
def stats(request: Request) -> Any:
    """Counts of articles, spans per layer, languages, outlets (top 20), clusters per kind,
    and the range of publication dates."""
    with app_state(request.app).read_store() as store:
        return _json(store_stats(store))


@router.get("/clusters/{kind}", response_model=ClusterList, summary="Clusters of the last corpus run")
def clusters(request: Request, kind: Literal["reposts", "quotes", "claims"],
             min_size: int = Query(2, ge=1, le=1_000_000), limit: int = Query(50, ge=1, le=MAX_LIMIT)) -> Any:
    """Reposts, quotation or claim clusters computed by `newsprobe corpus run` (largest first);
    an empty list when none were computed."""
    from ..corpus.clusters import load_clusters

    with app_state(request.app).read_store() as store:
        found = load_clusters(store, kind, min_size=min_size, limit=limit)
    return _json({"kind": kind, "clusters": [c.to_dict() for c in found]})


@router.get("/factchecks/search", response_model=FactCheckResults, summary="Fact-checks like a claim")
async def factchecks_search(request: Request, q: str = Query(..., min_length=1, max_length=2000),
                            top: int = Query(5, ge=1, le=100)) -> Any:
    """Fact-checks in the server's fact-check database most like ``q`` (a score per match;
    a similar fact-check is a lead, not a verdict on the text)."""
    from ..factchecks.load import load_index

    state = app_state(request.app)

    def search() -> list[dict[str, Any]]:
        try:
            index = load_index(state.settings.factcheck_db_path)
        except StoreError as e:  # the message names a server path: keep it in the log
            log.warning("fact-check search: %s", e)
            raise StoreError("this server's fact-check database is missing or unreadable; import fact-checks "
                             "with `newsprobe factchecks import` (the server's log says more)") from None
        return [m.to_dict(full=True) for m in index.search(q, top)]

    try:
        fut = state.analysis.submit_call(search)
    except QueueFull:
        return error_response(503, "the server is busy; try again shortly", {"Retry-After": RETRY_AFTER})
    try:
        matches = await asyncio.wait_for(asyncio.wrap_future(fut), timeout=state.settings.serve_timeout)
    except asyncio.TimeoutError:
        fut.cancel()
        return error_response(504, "the search did not finish in time; try again later")
    return _json({"query": q, "matches": matches})
