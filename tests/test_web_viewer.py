"""The browser viewer in-process (FastAPI's TestClient): pages, forms, upload, store browser,
escaping of hostile text, friendly errors, and no file read for anything a form sends.

The pipeline is a small one (no claims, techniques or fact-checks: their models take seconds
to load); the claims panel is checked on an article stored with a hand-made claims layer.
tests/test_web_browser.py drives the same pages in headless Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from newsprobe import Article, Span, load_settings
from newsprobe.store import Store

from .conftest import EXAMPLES

fastapi = pytest.importorskip("fastapi", reason="the web viewer needs fastapi (pinned in requirements.lock)")
from fastapi.testclient import TestClient  # noqa: E402

from newsprobe.web.app import create_app  # noqa: E402

VIEW_STAGES = "parse,furniture,stories,publisher,sentences,entities,quotes,citations,hedges"

CLEAN = ("Harbour board delays ferry contract\n\n"
         "The harbour board delayed the ferry contract on Tuesday. \"We need more time to read the bids,\" said board chair "
         "Lena Okafor, according to the Coastline Courier. Some members may vote against it next month.\n")
HOSTILE = ("Ferry fares <script>window.__pwned = 1</script> rise\n\n"
           "Fares on the island ferry rose on Monday. \"Nobody asked us,\" said commuter Tomas Brandt.\n\n"
           "<script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\"> "
           "<a href=\"javascript:window.__pwned = 3\">read more</a> <b onmouseover=\"window.__pwned = 4\">bold</b>\n\n"
           "Invoice \u202egpj.exe\u202c attached; zero\u200bwidth\u200d characters hide here.\n")
CSP_PARTS = ("default-src 'none'", "script-src 'self'", "img-src 'self' data:", "form-action 'self'",
             "frame-ancestors 'none'", "base-uri 'none'")


@pytest.fixture(scope="module")
def settings():
    return load_settings(stages=VIEW_STAGES, store="")


def _client(settings, store: str | None) -> TestClient:
    app = create_app(settings, store=store, load_models=False)
    app.state.newsprobe.extra["examples_dir"] = str(EXAMPLES)
    return TestClient(app)


@pytest.fixture(scope="module")
def client(settings, tmp_path_factory):
    store = str(tmp_path_factory.mktemp("viewer") / "viewer.duckdb")
    with _client(settings, store) as c:
        yield c


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of the article blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """No markup from the input: scripts only from /static or JSON data, no event handler, no
    javascript: link, no image or frame, no hidden bidi or zero-width character left raw."""
    p = Tags()
    p.feed(page)
    for tag, attrs in p.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for key in ("href", "src", "action", "formaction"):
            assert not (attrs.get(key) or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/") or attrs.get("type") == "application/json", attrs
        assert tag not in ("img", "iframe", "object", "embed", "base", "frame"), (tag, attrs)
        if tag == "link":
            assert attrs.get("rel") in ("stylesheet", "icon") and (attrs.get("href") or "").startswith("/static/"), attrs
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u200b-\u200f]", page)
    bare = re.sub(r"<script[^>]*application/json[^>]*>.*?</script>", "", page, flags=re.S)
    for raw in ("<script>window", "<img", 'onerror="', 'onmouseover="', 'href="javascript'):
        assert raw not in bare, raw
    return p.tags


def assert_csp(response: Any) -> str:
    policy = response.headers["content-security-policy"]
    for part in CSP_PARTS:
        assert part in policy, (part, policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "http" not in policy
    styles = re.findall(r"<style>(.*?)</style>", response.text, flags=re.S)
    for style in styles:  # an inline style is allowed by its hash, nothing else inline
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert not re.search(r"<script(?![^>]*(src=|application/json))", response.text)
    assert response.headers["x-content-type-options"] == "nosniff"
    return policy


def paste(client: TestClient, text: str, **fields: str) -> Any:
    return client.post("/view", data={"text": text, "kind": "text", **fields}, follow_redirects=False)


def analysed(client: TestClient, text: str, **fields: str) -> tuple[str, Any]:
    r = paste(client, text, **fields)
    assert r.status_code == 303, r.text[:500]
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    return r.headers["location"], page


# --- home ------------------------------------------------------------------------------------


def test_home_has_paste_box_upload_examples_and_store(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert_csp(r)
    page = r.text
    assert '<a class="np-skip" href="#main">' in page and '<main id="main"' in page
    assert '<form method="post" action="/view"' in page and '<textarea id="np-text" name="text"' in page
    assert 'action="/upload" enctype="multipart/form-data"' in page and 'type="file"' in page
    assert 'href="/examples/stitched_post.txt"' in page and 'href="/examples/html/council_budget.html"' in page
    assert "The Swamp Is Laughing at You Again" in page  # the example's headline as its label
    assert "/examples/bad/" not in page and "gold" not in page  # the deliberately bad inputs are not offered
    assert 'href="/articles"' in page and 'name="save"' in page


def _labelled(page: str) -> None:
    p = Tags()
    p.feed(page)
    ids = {a.get("for") for t, a in p.tags if t == "label"}
    inputs = [(t, a) for t, a in p.tags if t in ("input", "textarea", "select") and a.get("type") not in ("hidden", "radio")]
    assert inputs
    for tag, attrs in inputs:
        assert attrs.get("id") in ids or attrs.get("aria-label") or attrs.get("type") == "checkbox", (tag, attrs)


def test_every_form_field_has_a_label(client):
    _labelled(client.get("/").text)
    _labelled(client.get("/articles").text)
    home = client.get("/").text
    assert home.count('type="radio"') == 3 and "<legend>Read it as</legend>" in home


def test_home_without_store_or_examples(settings, tmp_path):
    app = create_app(settings, store=None, load_models=False)
    app.state.newsprobe.extra["examples_dir"] = str(tmp_path / "none")
    with TestClient(app) as c:
        page = c.get("/").text
        assert "No store is configured" in page and 'name="save"' not in page
        assert "No <code>examples/</code> folder" in page
        r = c.get("/articles")
        assert r.status_code == 200 and "No store is configured" in r.text
        assert c.get("/articles/abc").status_code == 404


# --- paste -----------------------------------------------------------------------------------


def test_paste_shows_the_article_view(client):
    location, r = analysed(client, CLEAN, title="", url="https://courier.example/ferry")
    assert re.fullmatch(r"/view/[0-9a-f]+", location)
    policy = assert_csp(r)
    assert "style-src 'self' 'sha256-" in policy
    page = r.text
    assert "<h1 id=" in page and "Harbour board delays ferry contract" in page
    assert 'href="/static/report.js"' not in page and '<script src="/static/report.js"></script><script src="/static/viewer.js">' in page
    assert 'class="bar" role="group"' in page and 'data-l="' in page  # the report's layer switches
    assert '<ul class="legend">' in page and 'class="np-spans"' in page and 'id="np-spanmap"' in page
    assert '<span class="np-who">Lena Okafor</span>' in page  # the quotes panel: speaker
    assert 'href="?span=quotes-q1#span-quotes-q1"' in page
    assert "Cited sources (" in page and "Coastline Courier" in page
    assert 'href="https://courier.example/ferry"' in page
    assert "Kept in memory only" in page


def test_paste_rejects_a_url_that_is_not_a_web_address(client):
    r = paste(client, CLEAN, url="javascript:alert(1)")
    assert r.status_code == 422 and "not an http:// or https:// address" in r.text
    assert_csp(r)
    assert_inert(r.text)


def test_paste_of_nothing_gets_a_friendly_page(client):
    r = paste(client, "  \n\n ")
    assert r.status_code == 422 and "no text to analyse" in r.text and "Traceback" not in r.text
    assert_csp(r)


def test_paste_over_the_limit_is_refused(client):
    state = client.app.state.newsprobe
    old = state.settings
    state.settings = old.with_(viewer_max_bytes=200)
    try:
        r = paste(client, "Word " * 100)
        assert r.status_code == 413 and "over the viewer&#x27;s limit of 200 bytes" in r.text
        r = paste(client, "\u00e9" * 1000)  # 2,000 bytes of text, 6,000 as sent: refused while the form is read
        assert r.status_code == 413 and "The form could not be read" in r.text
        r = client.post("/upload", files={"file": ("big.txt", b"Word " * 100, "text/plain")}, follow_redirects=False)
        assert r.status_code == 413 and "big.txt" in r.text
    finally:
        state.settings = old


def test_hostile_paste_renders_as_inert_text(client):
    _, r = analysed(client, HOSTILE, title="<script>window.__pwned = 5</script>Ferry")
    page = r.text
    tags = assert_inert(page)
    assert [t for t, _ in tags].count("script") == 5  # page data, span data, span map, report.js, viewer.js
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;" in page
    assert "&lt;a href=&quot;javascript:window.__pwned = 3&quot;&gt;" in page
    assert "&lt;script&gt;window.__pwned = 5&lt;/script&gt;Ferry" in page  # the title field, escaped too
    assert 'data-c="RLO"' in page and 'data-c="ZWSP"' in page and 'data-c="ZWJ"' in page  # visible markers
    assert "4 invisible or direction-changing characters" in page


# --- upload ----------------------------------------------------------------------------------


def test_upload_text_and_html(client):
    r = client.post("/upload", files={"file": ("ferry.txt", CLEAN.encode(), "text/plain")}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "Harbour board delays ferry contract" in page and "<dt>source</dt><dd>ferry.txt</dd>" in page
    data = (EXAMPLES / "html" / "council_budget.html").read_bytes()
    r = client.post("/upload", files={"file": ("council_budget.html", data, "text/html")}, follow_redirects=False)
    assert r.status_code == 303
    assert "Council Approves Budget With Cuts to Library Hours" in client.get(r.headers["location"]).text


@pytest.mark.parametrize("name, data, status, says", [
    ("photo.png", b"\x89PNG\r\n\x1a\n....", 415, "reads .txt and .html files"),
    ("notes.txt", b"\x00\x01\x02\x03binary\x00" * 50, 422, "binary"),
    ("legacy.txt", "Caf\u00e9 owners met on Monday to talk about rent.".encode("cp1252"), 422, "not valid UTF-8"),
    ("empty.txt", b"   \n", 422, "empty"),
    ("", b"text", 400, "Choose a .txt or .html file"),
])
def test_upload_refuses_bad_files_with_a_message(client, name, data, status, says):
    r = client.post("/upload", files={"file": (name, data, "application/octet-stream")}, follow_redirects=False)
    assert r.status_code == status and says in r.text, r.text[:800]
    assert "Traceback" not in r.text
    assert_csp(r)


# --- nothing a form sends is a path ----------------------------------------------------------


def test_no_file_is_read_when_a_field_names_a_path(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SENTINEL-7f3a the secret text\n\nmore secret text here.", encoding="utf-8")
    _, r = analysed(client, str(secret) + "\n\n" + str(secret), title=str(secret))
    assert "SENTINEL-7f3a" not in r.text and str(secret) in r.text
    r = client.post("/upload", files={"file": (str(secret), CLEAN.encode(), "text/plain")}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "SENTINEL-7f3a" not in page and "<dt>source</dt><dd>secret.txt</dd>" in page  # the name is a label only
    for path in ("/examples/..%2F..%2Fpyproject.toml", "/examples/bad/binary.png", "/examples/" + str(secret),
                 "/examples/%2Fetc%2Fpasswd", "/static/..%2Fpages.py", "/static/pages.py"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "SENTINEL" not in r.text and "[tool" not in r.text and "root:" not in r.text


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path, says", [
    ("/articles/0123456789abcdef", "No such article"),
    ("/view/0123456789abcdef", "No recent article has the id"),
    ("/examples/no_such_example.txt", "There is no bundled example called"),
    ("/articles/%3Cscript%3Ealert(1)%3Cb%3E", "&lt;script&gt;alert(1)&lt;b&gt;"),
])
def test_unknown_ids_get_a_friendly_404(client, path, says):
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert says in r.text and 'href="/"' in r.text
    assert_csp(r)
    assert_inert(r.text)


def test_static_files(client):
    for name, kind in (("report.js", "text/javascript"), ("viewer.js", "text/javascript"), ("report.css", "text/css"), ("viewer.css", "text/css")):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and r.headers["content-type"].startswith(kind) and len(r.text) > 500, name
    assert "_k" in client.get("/static/report.js").text  # viewer.js finds highlights by the report's _k lists


def test_viewer_pages_are_not_in_the_openapi_schema(client):
    paths = client.get("/openapi.json").json().get("paths", {})
    assert not any(p in paths for p in ("/", "/view", "/upload", "/articles", "/articles/{article_id}"))


# --- examples --------------------------------------------------------------------------------


def test_example_is_analysed_on_demand_then_kept(client, monkeypatch):
    from newsprobe.web import viewer

    r = client.get("/examples/wire_reuters_single.txt")
    assert r.status_code == 200 and "Norway&#x27;s wealth fund posts record first-quarter gain" in r.text
    assert "Bundled example examples/wire_reuters_single.txt" in r.text
    r = client.get("/examples/html/hostile_markup.html")
    assert r.status_code == 200
    assert_inert(r.text)

    def again(*args: Any) -> None:
        raise AssertionError("analysed twice")

    monkeypatch.setattr(viewer, "_analyse_example", again)
    assert client.get("/examples/wire_reuters_single.txt").status_code == 200


# --- the store -------------------------------------------------------------------------------


def _claims_article() -> Article:
    text = ("Water rates to rise\n\nWater rates will rise 12 percent in May. The utility lost 3 million dollars last year. "
            "Officials say the pipes are old.\n")
    spans = [Span(text.index("Water rates will"), text.index("May.") + 4, "claim", score=0.61, attrs={"kind": "statistic"}),
             Span(text.index("The utility"), text.index("last year.") + 10, "claim", score=0.93, attrs={
                 "kind": "statistic", "factchecks": [{"claim": "The utility lost money", "verdict": "Mostly true",
                                                      "url": "https://checks.example/utility", "score": 0.8}]})]
    return Article(text, meta={"title": "Water rates to rise", "outlet": "Valley Post", "published": "2026-03-02",
                               "language": "en"}, layers={"claims": spans})


def test_save_then_browse_search_and_deep_link(client):
    r = paste(client, HOSTILE, save="1")
    assert r.status_code == 303 and r.headers["location"].startswith("/articles/")
    hostile_id = r.headers["location"].rsplit("/", 1)[1]
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "Kept in memory" not in page.text
    assert_csp(page)
    assert_inert(page.text)
    r = paste(client, CLEAN, save="1")
    clean_id = r.headers["location"].rsplit("/", 1)[1]

    listing = client.get("/articles")
    assert_inert(listing.text)
    assert f'href="/articles/{hostile_id}"' in listing.text and f'href="/articles/{clean_id}"' in listing.text
    assert "Ferry fares &lt;script&gt;window.__pwned = 1&lt;/script&gt; rise" in listing.text
    found = client.get("/articles", params={"speaker": "okafor"}).text
    assert f'href="/articles/{clean_id}"' in found and f'href="/articles/{hostile_id}"' not in found
    assert 'value="okafor"' in found
    found = client.get("/articles", params={"q": "island ferry", "language": "en"}).text
    assert f'href="/articles/{hostile_id}"' in found and f'href="/articles/{clean_id}"' not in found
    assert "No article matches these filters" in client.get("/articles", params={"technique": "Loaded_Language"}).text
    one = client.get("/articles", params={"per": "1"}).text
    assert 'rel="next" href="/articles?page=2&amp;per=1"' in one and "page 1 of" in one

    r = client.get(f"/articles/{clean_id}", params={"span": "quotes-q1"})
    assert 'id="span-quotes-q1"' in r.text and "We need more time to read the bids" in r.text and "speaker: Lena Okafor" in r.text
    r = client.get(f"/articles/{clean_id[:8]}", params={"span": "<script>x</script>"})  # an id's start is enough
    assert r.status_code == 200 and "has no span <code>&lt;script&gt;x&lt;/script&gt;</code>" in r.text


def test_claims_panel_ranks_claims_with_their_factchecks(client):
    article = _claims_article()
    with Store(client.app.state.newsprobe.store_path) as store:
        store.put_article(article)
    page = client.get(f"/articles/{article.id}").text
    panel = page[page.index('id="p-claims"'):page.index('id="p-cites"')]
    assert "Claims, ranked (2)" in panel
    assert panel.index("0.93") < panel.index("0.61")  # highest score first
    assert "Mostly true" in panel and 'href="https://checks.example/utility"' in panel
    assert "the citations stage did not run" in page
    found = client.get("/articles", params={"outlet": "valley", "date_from": "2026-03-01", "date_to": "2026-03-02"}).text
    assert f'href="/articles/{article.id}"' in found
    assert f'href="/articles/{article.id}"' not in client.get("/articles", params={"date_from": "2026-03-03"}).text


def test_store_that_does_not_exist_yet_says_so(settings, tmp_path):
    with _client(settings, str(tmp_path / "later.duckdb")) as c:
        assert "0 articles" in c.get("/").text and "Nothing is saved yet" in c.get("/").text
        r = c.get("/articles")
        assert r.status_code == 200 and "no store at" in unescape(r.text)


# --- sharing the app's analysis queue and store lock (web/worker.py on the API's side) ----------


from newsprobe.web.worker import QueueFull  # noqa: E402  (the queue's own error)


class FakeQueue:
    """Stands for the app's analysis queue: runs the pipeline on the caller's thread, counts calls."""

    def __init__(self, pipeline: Any, full: bool = False) -> None:
        self.pipeline, self.full, self.calls = pipeline, full, 0

    def submit_article(self, article: Article) -> Any:
        from concurrent.futures import Future

        if self.full:
            raise QueueFull()
        self.calls += 1
        fut: Future[Article] = Future()
        fut.set_result(self.pipeline(article))
        return fut

    def close(self) -> None:
        pass


class FakeStoreLock:
    def __init__(self) -> None:
        self.turns: list[str] = []

    def _turn(self, kind: str) -> Any:
        from contextlib import contextmanager

        @contextmanager
        def turn() -> Any:
            self.turns.append(kind)
            yield

        return turn()

    def reading(self) -> Any:
        return self._turn("read")

    def writing(self) -> Any:
        return self._turn("write")


def test_viewer_uses_the_apps_analysis_queue_and_store_lock(settings, tmp_path):
    from newsprobe import load_pipeline

    with _client(settings, str(tmp_path / "shared.duckdb")) as c:
        state = c.app.state.newsprobe
        state._queue = FakeQueue(load_pipeline(settings))  # the app's queue, replaced by a stand-in
        state.store_lock = FakeStoreLock()
        r = paste(c, CLEAN, save="1")
        assert r.status_code == 303 and state.analysis.calls == 1
        assert c.get(r.headers["location"]).status_code == 200
        assert state.store_lock.turns == ["write", "read"]
        state.analysis.full = True
        r = paste(c, CLEAN + "\nMore.\n")
        assert r.status_code == 503 and "busy" in r.text
