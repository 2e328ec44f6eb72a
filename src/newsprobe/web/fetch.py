"""Fetching one web page for the service, safely (off unless the ``fetch_enabled`` setting is on).

Rules (docs/web.md, "URL fetch"):

- ``http`` and ``https`` only; no user name or password in the address;
- the host name is resolved once per hop and **every** address it resolves to must be public
  (``ipaddress``'s ``is_global``, IPv4-mapped IPv6 unwrapped; loopback, private, link-local,
  carrier-grade NAT, multicast, reserved and cloud metadata addresses are refused); the
  connection goes to the checked address itself (the TLS certificate is still checked against
  the host name), so a DNS answer that changes between the check and the connection (DNS
  rebinding) cannot send the request elsewhere;
- redirects are followed by hand, at most ``MAX_REDIRECTS``, each new address checked the
  same way before anything is sent to it;
- at most ``fetch_max_bytes`` bytes (``Content-Length`` checked first, then while reading) and
  ``fetch_timeout`` seconds for the whole fetch, redirects included; no compression (no
  decompression bombs); only ``text/html`` and ``application/xhtml+xml`` answers.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import InputError

MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Addresses refused even if a future Python called them global (cloud metadata services).
METADATA = frozenset({"169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"})


class FetchError(InputError):
    """A URL that may not or could not be fetched; ``status`` is the HTTP status the service answers."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Fetched:
    url: str            # the address asked for
    final_url: str      # after redirects
    html: bytes
    content_type: str


def is_public(ip: str) -> bool:
    """Whether ``ip`` is a public unicast address a server may connect to on a user's behalf."""
    try:
        addr: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address):
        inner = addr.ipv4_mapped or addr.sixtofour or (addr.teredo[1] if addr.teredo else None)
        if inner is not None and not is_public(str(inner)):
            return False
    if str(addr) in METADATA:
        return False
    return bool(addr.is_global) and not (addr.is_multicast or addr.is_reserved or addr.is_loopback
                                         or addr.is_link_local or addr.is_private or addr.is_unspecified)


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace this function; no other lookup is made)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(f"cannot resolve the host name {host!r} ({e})", status=502) from e
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to ``ip`` that names ``host`` in its Host header."""

    def __init__(self, host: str, ip: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self.ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to ``ip``, the certificate checked against ``host``."""

    def __init__(self, host: str, ip: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self.ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def open_connection(scheme: str, host: str, ip: str, port: int, timeout: float) -> http.client.HTTPConnection:
    """A connection to the checked address ``ip`` (tests replace this function)."""
    cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    return cls(host, ip, port, timeout)


def check_url(url: str) -> tuple[str, str, int, str, str]:
    """``(scheme, host, port, target, ip)`` for a URL that may be fetched; raises FetchError."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as e:
        raise FetchError(f"not a valid URL ({e})") from e
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {scheme or 'a URL without a scheme'!r}")
    if parts.username or parts.password:
        raise FetchError("URLs with a user name or password are not fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError("the URL has no host name")
    port = port or (443 if scheme == "https" else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = resolve(host, port)
    if not addresses:
        raise FetchError(f"the host name {host!r} resolves to no address", status=502)
    bad = [a for a in addresses if not is_public(a)]
    if bad:
        raise FetchError(f"{host!r} resolves to a non-public address ({bad[0]}); only public addresses are fetched",
                         status=403)
    return scheme, host, port, target, addresses[0]


def fetch_html(url: str, *, max_bytes: int, timeout: float, user_agent: str = "newsprobe") -> Fetched:
    """The HTML page at ``url`` (see the module's rules); raises FetchError saying why not."""
    deadline = time.monotonic() + timeout
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, target, ip = check_url(current)
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"the fetch took longer than {timeout:g} s", status=504)
        conn = open_connection(scheme, host, ip, port, left)
        try:
            try:
                conn.request("GET", target, headers={"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml",
                                                     "Accept-Encoding": "identity"})
                resp = conn.getresponse()
            except (OSError, http.client.HTTPException) as e:
                raise FetchError(f"could not fetch {current}: {type(e).__name__}: {e}", status=502) from e
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                if not location:
                    raise FetchError(f"{current} redirects without a Location", status=502)
                current = urljoin(current, location)
                continue
            if resp.status != 200:
                raise FetchError(f"{current} answered HTTP {resp.status}", status=502)
            ctype = (resp.getheader("Content-Type") or "").split(";")[0].strip().lower()
            if ctype not in HTML_TYPES:
                raise FetchError(f"{current} is not an HTML page (Content-Type {ctype or 'missing'!r})", status=415)
            if (resp.getheader("Content-Encoding") or "identity").lower() != "identity":
                raise FetchError(f"{current} sent a compressed body although none was asked for", status=502)
            body = _read_limited(resp, conn, max_bytes, deadline, timeout, current)
            return Fetched(url, current, body, ctype)
        finally:
            conn.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}", status=502)


def _read_limited(resp: Any, conn: http.client.HTTPConnection, max_bytes: int, deadline: float, timeout: float,
                  url: str) -> bytes:
    length = resp.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"{url} is larger than {max_bytes} bytes (the fetch_max_bytes setting)", status=413)
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"the fetch took longer than {timeout:g} s", status=504)
        if conn.sock is not None:
            conn.sock.settimeout(left)
        try:
            chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
        except (OSError, http.client.HTTPException) as e:
            raise FetchError(f"reading {url} failed: {type(e).__name__}: {e}", status=502) from e
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url} is larger than {max_bytes} bytes (the fetch_max_bytes setting)", status=413)
        chunks.append(chunk)
