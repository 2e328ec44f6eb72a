"""Hostile inputs against the web service; each test fails if its protection breaks.
docs/web.md lists the same inputs with their outcomes. No test touches the real network: name
resolution is replaced (``fetch.resolve``) and "remote" servers are stand-ins
(``fetch.open_connection``), except one real server on 127.0.0.1 that must never be reached."""

from __future__ import annotations

import asyncio
import http.server
import json
import threading

import pytest
from fastapi.testclient import TestClient

from newsprobe.settings import load_settings
from newsprobe.web import app_state, create_app
from newsprobe.web import fetch as fetch_mod
from newsprobe.web.security import Guard

STAGES = "parse,furniture,stories,publisher,sentences,entities,quotes,citations,hedges"
PAGE = ("<html lang='en'><head><title>Tram line extended</title></head><body><article><h1>Tram line extended</h1>"
        + "".join(f"<p>The city council of Avonbridge approved a {n} tram stop on Tuesday, and transport officer "
                  f"Wen Castellanos said construction starts after the summer holidays.</p>" for n in ("first", "second", "third"))
        + "</article></body></html>").encode()


@pytest.fixture(scope="module")
def settings():
    return load_settings(stages=STAGES, store="", fetch_enabled=True, serve_max_body=2_000_000)


@pytest.fixture(scope="module")
def client(settings):
    with TestClient(create_app(settings)) as c:
        yield c


def analyze(client, **body):
    return client.post("/api/analyze", json=body)


# --- XSS and markup ------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(document.cookie)>",
    "\"><svg/onload=alert(1)>",
    "javascript:alert(1)",
    "</script><script>fetch('//evil.example')</script>",
])
def test_xss_payloads_in_text_come_back_as_escaped_json_only(client, payload):
    text = f"Council notes\n\nThe clerk, Odile Marchetti, pasted this into the minutes: {payload} and left."
    r = analyze(client, text=text, meta={"title": payload})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert b"<" not in r.content and b">" not in r.content  # escaped as \u003c, \u003e
    assert r.json()["text"] == text and r.json()["meta"]["title"] == payload


def test_markup_in_urls_and_paths_is_not_reflected(client):
    r = client.get("/api/<script>alert(1)</script>")
    assert r.status_code == 404 and b"<script" not in r.content
    r = client.get("/api/articles/<img src=x onerror=alert(1)>")
    assert r.status_code in (404, 503) and b"<img" not in r.content
    r = analyze(client, url="javascript:<script>alert(1)</script>")
    assert r.status_code == 400 and b"<script" not in r.content


# --- Unicode tricks ------------------------------------------------------------------------------


@pytest.mark.parametrize("trick", ["\u202e", "\u2066\u202b", "\u200b\u200d\ufeff", "\u0000", "e\u0301\u0301\u0301"])
def test_bidi_zero_width_and_control_characters_keep_the_text_exact(client, trick):
    text = f"Minister Ruth Abernathy{trick} said the budget \"is balanced{trick}\" on Friday.\n\nCritics disagree."
    r = analyze(client, text=text)
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["text"] == text
    for spans in doc["layers"].values():
        assert all(0 <= s["start"] <= s["end"] <= len(text) for s in spans)


def test_lone_surrogates_are_refused_with_a_message(client):
    body = b'{"text": "A harbour report \\ud800 with a broken escape."}'
    r = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422 and "surrogate" in r.json()["error"]


def test_a_megabyte_without_whitespace_is_analysed_not_hung(client):
    text = "Opening line of a pasted blob.\n\n" + "Zm9v" * 250_000
    r = analyze(client, text=text)
    assert r.status_code == 200 and len(r.json()["text"]) == len(text)


# --- bodies: size, shape, type --------------------------------------------------------------------


def test_a_25_mb_body_is_refused_before_it_is_read(client):
    big = b'{"text": "' + b"a" * (25 * 1024 * 1024) + b'"}'
    r = client.post("/api/analyze", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "serve_max_body" in r.json()["error"]


def test_a_chunked_body_over_the_limit_is_cut_off(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(40):
            yield b"b" * 100_000
        yield b'"}'

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_a_body_that_never_finishes_times_out():
    async def app(scope, receive, send):  # pragma: no cover - never reached
        raise AssertionError("the app was called")

    sent = []

    async def receive():
        await asyncio.sleep(5)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/analyze",
             "headers": [(b"content-type", b"application/json"), (b"host", b"127.0.0.1")]}
    asyncio.run(Guard(app, max_body=1000, timeout=0.2)(scope, receive, send))
    assert sent[0]["status"] == 408


def test_past_the_limit_of_requests_at_once_a_json_503_with_retry_after():
    release = asyncio.Event()
    answered: list[int] = []

    async def app(scope, receive, send):  # a slow request that holds its place until released
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def main() -> list[list[dict]]:
        guard = Guard(app, max_body=1000, timeout=1.0, max_active=2)
        scope = {"type": "http", "method": "GET", "path": "/api/stats", "headers": [(b"host", b"127.0.0.1")]}

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        logs: list[list[dict]] = [[], [], []]

        def sender(i):
            async def send(message):
                logs[i].append(message)
                if message["type"] == "http.response.start":
                    answered.append(message["status"])
            return send

        slow = [asyncio.create_task(guard(scope, receive, sender(i))) for i in range(2)]
        await asyncio.sleep(0.05)
        await guard(scope, receive, sender(2))  # the third at once: refused without waiting
        release.set()
        await asyncio.gather(*slow)
        assert guard.active == 0
        return logs

    logs = asyncio.run(main())
    start = logs[2][0]
    assert start["status"] == 503 and (b"retry-after", b"5") in start["headers"]
    assert (b"content-type", b"application/json") in start["headers"]
    assert json.loads(logs[2][1]["body"])["status"] == 503
    assert sorted(answered) == [200, 200, 503]


@pytest.mark.parametrize("body, status", [
    (b"{not json", 422),
    (b'{"text": "unterminated', 422),
    (b"[1, 2, 3]", 422),
    (b'"just a string"', 422),
    (b"null", 422),
    (b'{"text": NaN}', 422),
    (b"\xff\xfe\x00garbage", 422),
    (b"[" * 100_000 + b"]" * 100_000, 400),  # nesting deeper than the parser's recursion
    (b"", 422),
])
def test_malformed_json_gets_a_4xx_message(client, body, status):
    r = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    assert r.json()["error"] and "Traceback" not in r.text


@pytest.mark.parametrize("ctype", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
def test_non_json_posts_are_refused(client, ctype):
    headers = {"content-type": ctype} if ctype else {}
    r = client.post("/api/analyze", content=b'{"text": "A short text."}', headers=headers)
    assert r.status_code == 415


def test_cross_site_posts_are_refused(client):
    r = client.post("/api/analyze", json={"text": "A short text."}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
    same = client.post("/api/analyze", json={"text": "A short text about ferries."}, headers={"Origin": "http://testserver"})
    assert same.status_code == 200


def test_query_values_out_of_range_are_422(client):
    assert client.get("/api/articles", params={"limit": 10**12}).status_code == 422
    assert client.get("/api/articles", params={"offset": -1}).status_code == 422
    assert client.get("/api/factchecks/search", params={"q": "x" * 5000}).status_code == 422


# --- path-like strings are text --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/etc/passwd", "../../../../etc/passwd", "file:///etc/passwd",
                                  "C:\\Windows\\win.ini", "~/.ssh/id_rsa", "/proc/self/environ"])
def test_path_like_strings_are_analysed_as_text(client, path):
    r = analyze(client, text=path, meta={"url": path, "title": path})
    assert r.status_code == 200, r.text
    assert r.json()["text"] == path
    assert b"root:" not in r.content and b"PATH=" not in r.content
    r = analyze(client, html=path)
    assert r.status_code == 422 and b"root:" not in r.content  # not a page, and not opened


def test_path_traversal_in_article_ids_reads_nothing(client, tmp_path):
    r = client.get("/api/articles/../../../../etc/passwd")
    assert r.status_code in (404, 503) and b"root:" not in r.content


# --- SSRF: the URL fetch -----------------------------------------------------------------------------


class FakeResponse:
    def __init__(self, status=200, headers=None, body=PAGE):
        self.status = status
        self._headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        self._body = body

    def getheader(self, name, default=None):
        return self._headers.get(name, default)

    def read1(self, n):
        chunk, self._body = self._body[:n], self._body[n:]
        return chunk


class FakeRemote:
    """Stand-in for the internet: host name -> response; records every connection made."""

    def __init__(self, answers):
        self.answers = answers
        self.connections: list[tuple[str, str, int]] = []

    def open(self, scheme, host, ip, port, timeout):
        remote = self

        class Conn:
            sock = None

            def request(self, method, target, headers):
                remote.connections.append((host, ip, port))
                self.resp = remote.answers[host]() if callable(remote.answers[host]) else remote.answers[host]

            def getresponse(self):
                return self.resp

            def close(self):
                pass

        return Conn()


@pytest.fixture()
def internet(monkeypatch):
    dns = {"news.example": ["93.184.216.34"], "internal.example": ["10.20.30.40"],
           "mixed.example": ["93.184.216.34", "192.168.0.10"], "meta.example": ["169.254.169.254"],
           "v6local.example": ["fd00:ec2::254"], "mapped.example": ["::ffff:127.0.0.1"]}
    calls: list[str] = []

    def resolve(host, port):
        calls.append(host)
        if host not in dns:
            raise fetch_mod.FetchError(f"cannot resolve {host!r}", status=502)
        return dns[host]

    monkeypatch.setattr(fetch_mod, "resolve", resolve)
    remote = FakeRemote({"news.example": FakeResponse()})
    monkeypatch.setattr(fetch_mod, "open_connection", remote.open)
    remote.dns = dns
    remote.lookups = calls
    return remote


def test_fetch_of_a_public_page_works(client, internet):
    r = analyze(client, url="https://news.example/tram")
    assert r.status_code == 200, r.text
    assert "Avonbridge" in r.json()["text"] and r.json()["meta"]["url"] == "https://news.example/tram"
    assert internet.connections == [("news.example", "93.184.216.34", 443)]


@pytest.mark.parametrize("url, status", [
    ("file:///etc/passwd", 400),
    ("ftp://news.example/x", 400),
    ("gopher://127.0.0.1:25/", 400),
    ("http://user:pw@news.example/", 400),
    ("http://127.0.0.1/", 403),
    ("http://127.1/", 403),
    ("http://2130706433/", 403),  # 127.0.0.1 as one number
    ("http://0.0.0.0/", 403),
    ("http://[::1]/", 403),
    ("http://[::ffff:127.0.0.1]/", 403),
    ("http://10.0.0.8/", 403),
    ("http://172.16.5.4/", 403),
    ("http://192.168.1.1/", 403),
    ("http://100.64.0.1/", 403),
    ("http://169.254.169.254/latest/meta-data/", 403),
    ("http://[fd00:ec2::254]/", 403),
    ("http://internal.example/", 403),
    ("http://mixed.example/", 403),
    ("http://meta.example/", 403),
    ("http://v6local.example/", 403),
    ("http://mapped.example/", 403),
    ("http://news.example:99999/", 400),
])
def test_fetch_refuses_non_public_targets_before_connecting(client, internet, monkeypatch, url, status):
    monkeypatch.setattr(fetch_mod, "resolve", _real_numeric_or(fetch_mod.resolve))
    r = analyze(client, url=url)
    assert r.status_code == status, r.text
    assert internet.connections == []


def _real_numeric_or(fake):
    """Numeric forms like 2130706433 or 127.1 go to the system resolver (no network for those)."""
    import socket

    def resolve(host, port):
        if host.replace(".", "").replace("x", "").isalnum() and host[0].isdigit():
            return [i[4][0] for i in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
        return fake(host, port)

    return resolve


@pytest.mark.parametrize("location", ["http://127.0.0.1:8000/admin", "http://internal.example/", "http://[::1]/",
                                      "http://169.254.169.254/", "file:///etc/passwd"])
def test_redirects_are_checked_before_following(client, internet, location):
    internet.answers["news.example"] = FakeResponse(302, {"Location": location}, b"")
    r = analyze(client, url="http://news.example/a")
    assert r.status_code in (400, 403), r.text
    assert internet.connections == [("news.example", "93.184.216.34", 80)]  # only the first hop


def test_dns_rebinding_cannot_swap_the_checked_address(client, internet, monkeypatch):
    answers = iter([["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]])
    monkeypatch.setattr(fetch_mod, "resolve", lambda host, port: next(answers))
    r = analyze(client, url="http://news.example/tram")
    assert r.status_code == 200
    assert internet.connections == [("news.example", "93.184.216.34", 80)]  # connected to the checked IP


@pytest.mark.parametrize("response, status, words", [
    (FakeResponse(headers={"Content-Type": "application/pdf"}), 415, "not an HTML page"),
    (FakeResponse(headers={"Content-Type": "image/svg+xml"}), 415, "not an HTML page"),
    (FakeResponse(headers={"Content-Length": str(10**9)}), 413, "fetch_max_bytes"),
    (FakeResponse(body=b"<html><body>" + b"<p>word " * 2_000_000), 413, "fetch_max_bytes"),
    (FakeResponse(headers={"Content-Encoding": "gzip"}), 502, "compressed"),
    (FakeResponse(status=500), 502, "HTTP 500"),
])
def test_fetch_limits(client, internet, response, status, words):
    internet.answers["news.example"] = response
    r = analyze(client, url="http://news.example/x")
    assert r.status_code == status and words in r.json()["error"], r.text


def test_redirect_loops_stop(client, internet):
    internet.answers["news.example"] = lambda: FakeResponse(301, {"Location": "/again"}, b"")
    r = analyze(client, url="http://news.example/x")
    assert r.status_code == 502 and "redirects" in r.json()["error"]
    assert len(internet.connections) == fetch_mod.MAX_REDIRECTS + 1


def test_a_real_loopback_server_is_never_reached(client):
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # pragma: no cover - must not happen
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *a):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        for url in (f"http://127.0.0.1:{port}/", f"http://localhost:{port}/", f"http://[::ffff:7f00:1]:{port}/"):
            r = analyze(client, url=url)
            assert r.status_code == 403, (url, r.text)
    finally:
        server.shutdown()
    assert hits == []


def test_is_public():
    assert fetch_mod.is_public("93.184.216.34") and fetch_mod.is_public("2606:4700::1111")
    for ip in ("127.0.0.1", "10.1.1.1", "169.254.169.254", "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1",
               "2002:7f00:1::", "224.0.0.1", "0.0.0.0", "255.255.255.255", "not an ip", "100.100.100.200"):
        assert not fetch_mod.is_public(ip), ip


def test_fetch_is_off_unless_enabled():
    settings = load_settings(stages=STAGES, store="")
    assert settings.fetch_enabled is False
    with TestClient(create_app(settings, load_models=False)) as c:
        r = c.post("/api/analyze", json={"url": "http://news.example/"})
        assert r.status_code == 403 and "fetch" in r.json()["error"]


def test_error_bodies_never_carry_a_traceback(client, monkeypatch):
    state = app_state(client.app)
    monkeypatch.setattr(state, "read_store", lambda: (_ for _ in ()).throw(RuntimeError("secret /srv/x")))
    with TestClient(client.app, raise_server_exceptions=False) as c:
        r = c.get("/api/stats")
    assert r.status_code == 500
    assert json.loads(r.content) == {"error": "internal error; the server's log has the details", "status": 500}


def test_error_messages_never_show_the_servers_paths():
    from newsprobe.web.state import error_response, public_message

    msg = "could not open the store /srv/data/newsprobe/week-48.duckdb: IO Error: /srv/data/newsprobe/week-48.duckdb.wal"
    assert public_message(msg) == "could not open the store week-48.duckdb: IO Error: week-48.duckdb.wal"
    kept = "could not fetch https://example.org/news/2026/story.html: timeout; see ./relative/x or ~/y"
    assert public_message(kept) == kept
    body = json.loads(error_response(503, "store /tmp/a/b.duckdb is locked").body)
    assert body == {"error": "store b.duckdb is locked", "status": 503}
