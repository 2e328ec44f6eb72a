"""The service's protections, as ASGI middleware and small functions.

- ``Guard`` (one pure ASGI middleware, outermost): refuses request bodies over
  ``serve_max_body`` bytes (413, from ``Content-Length`` before reading, else while reading),
  a body that takes longer than ``serve_timeout`` to arrive (408), a ``Host`` header outside
  ``allowed_hosts`` (400; ``serve`` sets it on loopback so a DNS-rebinding page cannot talk to
  the local server), a missing or wrong API token when one is set (401), a request with a body
  whose ``Origin`` is another site (403) or, to a JSON endpoint, that is not JSON (415: an HTML
  form on another site cannot post to the API), and adds the security
  headers to every response (``Content-Security-Policy: default-src 'none'; frame-ancestors
  'none'`` unless the response sets its own, ``X-Content-Type-Options: nosniff``, ...).
- ``is_loopback`` and ``new_token`` for ``serve``'s token rule.

The token is accepted as ``Authorization: Bearer TOKEN`` or as the cookie ``newsprobe_token``
(for the viewer in a browser); it is compared in constant time.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import secrets
from typing import Any, Awaitable, Callable, Iterable, MutableMapping

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_COOKIE = "newsprobe_token"
#: Paths anyone may read without the token (the API's own description).
OPEN_PATHS = frozenset({"/openapi.json"})
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
#: API endpoints whose body must be JSON (no form posts from other sites); a new POST endpoint
#: of the API belongs here.
JSON_POSTS = frozenset({"/api/analyze"})
API_CSP = b"default-src 'none'; frame-ancestors 'none'"


def same_origin(origin: str, host: str) -> bool:
    """Whether an ``Origin`` header names the host the request was sent to."""
    rest = origin.partition("://")[2]
    return bool(rest) and rest.rstrip("/").lower() == host.lower()


def is_json(content_type: str | None) -> bool:
    """``application/json`` or ``application/*+json``, with or without parameters."""
    media = (content_type or "").split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def is_loopback(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ``::1``: addresses no other machine can reach."""
    h = host.strip().strip("[]").lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    """A fresh random API token (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def loopback_hosts(port: int | None = None) -> list[str]:
    """``Host`` header values a loopback server accepts (with and without the port)."""
    names = ["localhost", "127.0.0.1", "[::1]"]
    return names + ([f"{n}:{port}" for n in names] if port else [])


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers") or ():
        if k.lower() == name:
            return bytes(v).decode("latin-1")
    return None


def token_ok(scope: Scope, token: str | None) -> bool:
    """Whether the request carries ``token`` (always true when no token is set)."""
    if not token:
        return True
    given = ""
    auth = _header(scope, b"authorization") or ""
    if auth[:7].lower() == "bearer ":
        given = auth[7:].strip()
    else:
        for part in (_header(scope, b"cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == TOKEN_COOKIE:
                given = value.strip()
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


async def send_error(send: Send, status: int, message: str, headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    """A JSON error response ``{"error": message, "status": status}`` with the security headers."""
    body = json.dumps({"error": message, "status": status}).encode("utf-8")
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"content-security-policy", API_CSP), *SECURITY_HEADERS, *headers]
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """The outermost middleware: requests at once, body limit and timeout, Host check, token,
    security headers."""

    def __init__(self, app: ASGIApp, *, max_body: int, timeout: float, token: str | None = None,
                 allowed_hosts: Iterable[str] | None = None, max_active: int | None = None) -> None:
        self.app = app
        #: requests handled at once; past it a JSON 503 with Retry-After (uvicorn's own limit,
        #: further out, answers in plain text)
        self.max_active = max_active or None
        self.active = 0
        self.max_body = max_body
        self.timeout = timeout
        self.token = token or None
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.max_active is not None and self.active >= self.max_active:
            await send_error(send, 503, f"the server is busy ({self.active} requests at once, the serve_queue "
                                        "setting plus 64); try again in a few seconds", [(b"retry-after", b"5")])
            return
        self.active += 1
        try:
            await self._guarded(scope, receive, send)
        finally:
            self.active -= 1

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allowed_hosts is not None and (_header(scope, b"host") or "").lower() not in self.allowed_hosts:
            await send_error(send, 400, "this server answers only requests addressed to its own host name")
            return
        if scope.get("path") not in OPEN_PATHS and not token_ok(scope, self.token):
            await send_error(send, 401, "this server needs its API token: send `Authorization: Bearer TOKEN` "
                                        "(the token `newsprobe serve` printed or was given)",
                             [(b"www-authenticate", b"Bearer")])
            return
        method = scope.get("method", "GET")
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            origin = _header(scope, b"origin")
            if origin is not None and not same_origin(origin, _header(scope, b"host") or ""):
                await send_error(send, 403, "cross-site requests are refused (the Origin is another site)")
                return
            if scope.get("path") in JSON_POSTS and not is_json(_header(scope, b"content-type")):
                await send_error(send, 415, "send the request body as JSON (Content-Type: application/json)")
                return
        length = _header(scope, b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                await send_error(send, 400, "the Content-Length header is not a number")
                return
            if too_big:
                await send_error(send, 413, f"the request body is over the limit of {self.max_body} bytes "
                                            "(the serve_max_body setting); send a shorter text")
                return
        body, error = await self._read_body(receive)
        if error is not None:
            await send_error(send, *error)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {bytes(k).lower() for k, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", API_CSP))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, replay, guarded_send)

    async def _read_body(self, receive: Receive) -> tuple[bytes, tuple[int, str] | None]:
        """The whole body (at most ``max_body`` bytes, within ``timeout`` seconds), or an error."""
        chunks: list[bytes] = []
        size = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.001, deadline - loop.time()))
            except asyncio.TimeoutError:
                return b"", (408, f"the request body did not arrive within {self.timeout:g} s (the serve_timeout setting)")
            if message["type"] != "http.request":  # the client went away
                return b"", (400, "the client disconnected before sending the whole body")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return b"", (413, f"the request body is over the limit of {self.max_body} bytes "
                                  "(the serve_max_body setting); send a shorter text")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks), None
