"""The REST API, in-process (FastAPI's TestClient / httpx's ASGITransport; no socket is opened).

The real pipeline (without the MiniLM stages, for speed) analyses texts we wrote; the queue,
timeout and batching tests use a stand-in pipeline whose timing the test controls."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
from fastapi.testclient import TestClient

from newsprobe.article import Article
from newsprobe.settings import load_settings
from newsprobe.web import app_state, create_app

STAGES = "parse,furniture,stories,publisher,sentences,entities,quotes,citations,hedges"
TEXT = ("Ferry timetable cut for the winter\n\n"
        "Harbour master Ingrid Solberg said on Monday that the night ferry \"cannot run with one crew\". "
        "The operator, Fjordlink, confirmed the change in a statement.\n\n"
        "Commuters may face longer waits, according to the regional transport board.")
PAGE = ("<!doctype html><html lang='en'><head><title>Library opens a seed bank</title></head><body>"
        "<nav>Home | News | Sport</nav><article><h1>Library opens a seed bank</h1>"
        + "".join(f"<p>The central library in Marlow now lends seeds for the {n} season. Librarian Ada Brennan said "
                  f"gardeners return a share of the harvest, and the shelves fill again each autumn.</p>"
                  for n in ("spring", "summer", "autumn", "winter"))
        + "</article><footer>Contact us</footer></body></html>")


@pytest.fixture(scope="module")
def settings():
    return load_settings(stages=STAGES, store="")


@pytest.fixture(scope="module")
def client(settings, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("web") / "store.duckdb")
    with TestClient(create_app(settings, store=path)) as c:
        yield c


def test_models_load_once_at_start_up(client, settings):
    state = app_state(client.app)
    assert state.pipeline is not None  # loaded by the lifespan, before any request
    assert client.get("/api/health").json()["models_loaded"] is True
    pipeline = state.pipeline
    client.post("/api/analyze", json={"text": "A short note on tides, by Ivo Marsh."})
    assert state.pipeline is pipeline
    with TestClient(create_app(settings, load_models=False)) as lazy:
        assert app_state(lazy.app).pipeline is None and lazy.get("/api/health").json()["models_loaded"] is False


def test_analyze_text_answers_the_wire_format_with_security_headers(client):
    r = client.post("/api/analyze", json={"text": TEXT, "meta": {"outlet": "Fjord Post"}})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-newsprobe-stored"] == "false"
    doc = r.json()
    assert doc["schema"] == "newsprobe/1" and doc["text"] == TEXT
    assert doc["meta"]["outlet"] == "Fjord Post" and doc["meta"]["language"] == "en"
    assert {"entities", "quotes", "citations", "hedges"} <= set(doc["layers"])
    Article.from_dict(doc)  # reads back


def test_analyze_html_extracts_the_main_text(client):
    r = client.post("/api/analyze", json={"html": PAGE})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert "seed bank" in doc["text"] and "Contact us" not in doc["text"] and "<p>" not in doc["text"]


def test_store_true_then_list_search_fetch_and_stats(client):
    r = client.post("/api/analyze", json={"text": TEXT, "store": True,
                                          "meta": {"outlet": "Fjord Post", "published": "2026-11-30"}})
    assert r.status_code == 200 and r.headers["x-newsprobe-stored"] == "true"
    aid = r.json()["id"]
    listed = client.get("/api/articles").json()
    assert listed["total"] >= 1 and aid in [a["id"] for a in listed["articles"]]
    assert [a["id"] for a in client.get("/api/articles", params={"outlet": "fjord", "language": "en",
                                                                 "date_from": "2026-11-30"}).json()["articles"]] == [aid]
    assert client.get("/api/articles", params={"outlet": "nowhere"}).json()["total"] == 0
    assert client.get("/api/articles", params={"entity_label": "PERSON"}).json()["total"] >= 1
    got = client.get(f"/api/articles/{aid}")
    assert got.status_code == 200 and got.json()["text"] == TEXT
    assert client.get(f"/api/articles/{aid[:6]}").json()["id"] == aid
    missing = client.get("/api/articles/ffffffffffffffff")
    assert missing.status_code == 404 and missing.json()["error"]
    stats = client.get("/api/stats").json()
    assert stats["articles"] >= 1 and {"name": "en", "n": stats["articles"]} in stats["languages"]


def test_clusters_of_a_corpus_run(client):
    from newsprobe.corpus.clusters import Cluster, Member, save_clusters
    from newsprobe.store import Store

    state = app_state(client.app)
    with state.store_lock.writing(), Store(state.store_path) as store:
        save_clusters(store, "quotes", [Cluster("quotes", "q1", [Member("a1", 0, 10, text="one crew"),
                                                                 Member("a2", 5, 15, text="one crew only")],
                                                label="one crew", evidence={"speakers": ["Ingrid Solberg"]})])
    r = client.get("/api/clusters/quotes").json()
    assert r["kind"] == "quotes" and [c["cluster_id"] for c in r["clusters"]] == ["q1"]
    assert r["clusters"][0]["members"][1]["text"] == "one crew only"
    assert client.get("/api/clusters/reposts").json()["clusters"] == []
    assert client.get("/api/clusters/verdicts").status_code == 422
    assert {"name": "quotes", "n": 1} in client.get("/api/stats").json()["clusters"]


@pytest.mark.parametrize("body, status, words", [
    ({}, 422, "exactly one of text, html or url"),
    ({"text": "a", "html": "<p>b</p>"}, 422, "exactly one"),
    ({"text": "   \n "}, 422, "no text to analyse"),
    ({"html": "<html><body><nav>menu</nav></body></html>"}, 422, "no article text"),
    ({"text": "x", "colour": "red"}, 422, "colour"),
    ({"text": 42}, 422, "text"),
    ({"url": "https://example.org/a"}, 403, "does not fetch URLs"),
])
def test_bad_requests_get_a_json_message(client, body, status, words):
    r = client.post("/api/analyze", json=body)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    assert words in r.json()["error"] and r.json()["status"] == status
    assert "Traceback" not in r.text and 'File "' not in r.text


def test_without_a_store_reads_and_store_true_say_what_to_do(settings):
    with TestClient(create_app(settings, load_models=False)) as c:
        r = c.get("/api/articles")
        assert r.status_code == 503 and "--store" in r.json()["error"]
        r = c.post("/api/analyze", json={"text": TEXT, "store": True})
        assert r.status_code == 400 and "no store" in r.json()["error"]


def test_unknown_paths_and_methods_are_json(client):
    assert client.get("/api/nothing").json() == {"error": "Not Found", "status": 404}
    r = client.get("/api/analyze")
    assert r.status_code == 405 and r.json()["status"] == 405
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    spec = client.get("/openapi.json").json()
    assert {"/api/analyze", "/api/articles", "/api/stats", "/api/clusters/{kind}", "/api/factchecks/search"} <= set(spec["paths"])


def test_factcheck_search(client, monkeypatch, tmp_path):
    from newsprobe import factchecks as fc

    path = str(tmp_path / "fc.duckdb")
    with fc.FactCheckDB(path) as db:
        fc.import_records(db, [fc.FactCheck(id="f1", claim="The night ferry needs two crews to run.", verdict="True"),
                               fc.FactCheck(id="f2", claim="The library lends seeds to gardeners.", verdict="True")],
                          collection="t", embed=False)
    state = app_state(client.app)
    monkeypatch.setattr(state, "settings", state.settings.with_(factcheck_db=path))
    r = client.get("/api/factchecks/search", params={"q": "ferry crews at night", "top": 1})
    assert r.status_code == 200, r.text
    assert [m["id"] for m in r.json()["matches"]] == ["f1"]
    monkeypatch.setattr(state, "settings", state.settings.with_(factcheck_db=str(tmp_path / "none.duckdb")))
    r = client.get("/api/factchecks/search", params={"q": "ferry"})
    assert r.status_code == 503 and str(tmp_path) not in r.text  # no server path in the message


# --- the analysis thread: queue bound, timeout, batching, isolation ------------------------------


class SlowPipeline:
    """Stand-in pipeline: waits for ``gate``, records batch sizes, fails on texts with 'POISON'."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.batches: list[int] = []

    def pipe(self, articles):
        articles = list(articles)
        self.gate.wait(30)
        self.batches.append(len(articles))
        if any("POISON" in a.text for a in articles):
            raise RuntimeError("stage exploded")
        return [Article(a.text, meta=a.meta) for a in articles]


def _fake_app(settings, **changes):
    app = create_app(settings.with_(**changes), load_models=False)
    fake = SlowPipeline()
    app_state(app).pipeline = fake
    return app, fake


async def _post_all(app, texts, release=None, when_done=0, queued=0):
    """Post every text at once; set ``release`` once ``when_done`` requests have answered and
    ``queued`` analyses wait (so the test does not depend on timing)."""
    transport = httpx.ASGITransport(app=app)
    state = app_state(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
        tasks = [asyncio.create_task(c.post("/api/analyze", json={"text": t})) for t in texts]
        if release is not None:
            for _ in range(600):
                waiting = state._queue.waiting if state._queue else 0
                if sum(t.done() for t in tasks) >= when_done and waiting >= queued:
                    break
                await asyncio.sleep(0.05)
            release.set()
        return await asyncio.gather(*tasks)


def test_a_full_queue_answers_503_with_retry_after(settings):
    app, fake = _fake_app(settings, serve_queue=2)
    responses = asyncio.run(_post_all(app, [f"Text number {i} about tides." for i in range(5)], release=fake.gate,
                                      when_done=3))
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 200, 503, 503, 503], codes
    busy = next(r for r in responses if r.status_code == 503)
    assert busy.headers["retry-after"] == "2" and "busy" in busy.json()["error"]
    app_state(app).close()


def test_waiting_articles_are_analysed_together_and_in_order(settings):
    app, fake = _fake_app(settings, serve_queue=64)
    texts = [f"Report {i}: the harbour crane moved {i} containers." for i in range(12)]
    responses = asyncio.run(_post_all(app, texts, release=fake.gate, queued=12))
    assert [r.json()["text"] for r in responses] == texts
    assert sum(fake.batches) == 12 and max(fake.batches) > 1
    app_state(app).close()


def test_one_failing_article_does_not_cost_the_others(settings):
    app, fake = _fake_app(settings)
    texts = ["Calm report one.", "POISON report.", "Calm report three."]
    responses = asyncio.run(_post_all(app, texts, release=fake.gate, queued=3))
    assert [r.status_code for r in responses] == [200, 500, 200]
    assert responses[1].json()["error"] == "the analysis of this article failed; the server's log has the details"
    app_state(app).close()


def test_a_slow_analysis_times_out_with_504_and_is_not_run_later(settings):
    app, fake = _fake_app(settings, serve_timeout=0.5)
    first, second = asyncio.run(_post_all(app, ["Blocked text one.", "Queued text two."]))
    assert first.status_code == 504 and "serve_timeout" in first.json()["error"]
    assert second.status_code == 504
    fake.gate.set()
    state = app_state(app)
    state.close()  # the thread drains: the blocked batch ends, the cancelled one is skipped
    assert fake.batches == [1] or fake.batches == [2]
    assert state._queue is None


# --- the token and the Host rule -----------------------------------------------------------------


def test_token_is_required_when_set(settings):
    with TestClient(create_app(settings, token="s3cret-token", load_models=False)) as c:
        r = c.get("/api/health")
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and "token" in r.json()["error"]
        assert c.get("/api/health", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/health", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        assert c.get("/api/health", cookies={"newsprobe_token": "s3cret-token"}).status_code == 200
        assert c.get("/openapi.json").status_code == 200  # the description is public
        assert c.post("/api/analyze", json={"text": "x"}).status_code == 401


def test_serve_generates_a_token_off_loopback_and_checks_host_on_loopback(settings, monkeypatch):
    import uvicorn

    from newsprobe.web import serve

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append((app, kw)))
    said: list[str] = []
    serve(settings, announce=said.append)
    assert started[-1][1]["host"] == "127.0.0.1" and app_state(started[-1][0]).token is None  # loopback by default
    serve(settings, host="0.0.0.0", port=8765, announce=said.append)
    app, kw = started[-1]
    token = app_state(app).token
    assert token and len(token) >= 24 and any(token in line for line in said)
    assert kw["host"] == "0.0.0.0" and kw["workers"] == 1
    serve(settings, host="127.0.0.1", port=8765, announce=said.append)
    app, kw = started[-1]
    assert app_state(app).token is None
    with TestClient(app, base_url="http://127.0.0.1:8765") as c:
        assert c.get("/api/health").status_code == 200
        r = c.get("/api/health", headers={"Host": "attacker.example:8765"})
        assert r.status_code == 400 and "host name" in r.json()["error"]
    serve(settings, host="127.0.0.1", port=8765, token="given", announce=said.append)
    assert app_state(started[-1][0]).token == "given"


def test_cli_serve_calls_the_library_function(monkeypatch):
    from click.testing import CliRunner

    import newsprobe.web as web
    from newsprobe.cli import cli

    calls = []
    monkeypatch.setattr(web, "serve", lambda settings, **kw: calls.append(kw))
    result = CliRunner().invoke(cli, ["serve", "--port", "8123", "--fetch"])
    assert result.exit_code == 0, result.output
    assert calls[0]["port"] == 8123 and calls[0]["host"] == "127.0.0.1" and calls[0]["fetch"] is True
