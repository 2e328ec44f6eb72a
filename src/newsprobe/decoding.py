"""Bytes to text, and files to byte streams (gzip included), for ``newsprobe.ingest``.

Order of evidence for the encoding: a byte-order mark, then ``--encoding`` when given, then
(HTML only) the page's declaration (``<meta charset>``, ``http-equiv="Content-Type"``), then
strict UTF-8, then (HTML only) UTF-8 with stray bytes replaced when the page is UTF-8 but for
a few bytes, then charset-normalizer's guess; a note records either. Plain text,
JSON Lines and CSV that are not UTF-8 get a message asking for ``--encoding`` instead of a
guess: a wrong guess would silently change names and quotes.
"""

from __future__ import annotations

import codecs
import gzip
import re
from dataclasses import dataclass
from typing import IO, Protocol

from .errors import InputError

GZIP_MAGIC = b"\x1f\x8b"

_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"PK\x03\x04": "a ZIP archive (or .docx)",
          GZIP_MAGIC: "gzip-compressed data", b"GIF8": "a GIF image"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding used, and a note when the encoding was a guess or overruled."""

    text: str
    encoding: str
    note: str | None = None


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, else None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes, encoding: str | None = None) -> bool:
    """NUL bytes, or many control characters, in the first 8 KiB (UTF-16/32 text excepted)."""
    head = data[:8192]
    if not head:
        return False
    wide = bom_encoding(head) in ("utf-16", "utf-32") or (encoding or "").lower().replace("_", "-").startswith(("utf-16", "utf-32", "utf16", "utf32"))
    if wide:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head) > 0.05


def check_encoding(encoding: str | None, *, source: str) -> str | None:
    """``encoding`` as a Python codec name; an ``InputError`` when Python does not know it."""
    if encoding is None:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError as e:
        raise InputError(f"unknown encoding {encoding!r} (try utf-8, cp1252, latin-1, utf-16)", source=source) from e


def _refuse_non_text(data: bytes, *, source: str, encoding: str | None) -> None:
    if not data.strip():
        raise InputError("the file is empty (no text to analyse)", source=source)
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"this is {what}, not text or HTML; extract its text first", source=source)
    if looks_binary(data, encoding):
        raise InputError("looks like binary data, not text or HTML; pass a text, HTML, JSONL or CSV file", source=source)


def _strict(data: bytes, encoding: str, *, source: str) -> str:
    bom = bom_encoding(data)
    if bom is not None:
        name = "utf-8-sig" if bom == "utf-8" else bom
        try:
            return data.decode(name)
        except UnicodeDecodeError as e:
            raise InputError(f"has a {bom.upper()} byte-order mark but is not valid {bom.upper()} ({e.reason})", source=source) from e
    try:
        return data.decode(encoding, errors="strict")
    except UnicodeDecodeError as e:
        raise InputError(
            f"is not valid {'UTF-8' if encoding == 'utf-8' else encoding} (byte {e.start}: {data[e.start:e.start + 1]!r}); "
            "re-save it as UTF-8 or pass --encoding (for example --encoding cp1252)",
            source=source,
        ) from e


def decode(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """Bytes to text: a BOM wins, then ``encoding`` if given, then strict UTF-8."""
    encoding = check_encoding(encoding, source=source)
    _refuse_non_text(data, source=source, encoding=encoding)
    return _strict(data, encoding or "utf-8", source=source)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
#: WHATWG's encoding standard: these labels mean windows-1252 in HTML.
_HTML_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254"}


def declared_charset(data: bytes) -> str | None:
    """The codec an HTML page declares in its first 4 KiB (``<meta charset>`` or
    ``http-equiv="Content-Type"``), or None when it declares none Python knows."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name.startswith(("utf-16", "utf-32")):  # a page that could declare it in ASCII is not UTF-16
        return "utf-8"
    return _HTML_ALIASES.get(name, name)


def decode_html(data: bytes, *, source: str, encoding: str | None = None) -> Decoded:
    """An HTML page's bytes to text: BOM, then ``encoding``, then the page's declaration, then
    UTF-8, then charset-normalizer's guess (with a note saying so)."""
    encoding = check_encoding(encoding, source=source)
    _refuse_non_text(data, source=source, encoding=encoding)
    bom = bom_encoding(data)
    if bom is not None or encoding is not None:
        return Decoded(_strict(data, encoding or "utf-8", source=source), bom or encoding or "utf-8")
    declared = declared_charset(data)
    if declared is not None and declared != "utf-8":
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            pass
        else:
            if data.isascii() or not _valid_utf8(data):
                return Decoded(text, declared)
            # a single-byte declaration over bytes that are valid UTF-8 with multi-byte
            # sequences: the template declares one thing, the text is the other
            return Decoded(data.decode("utf-8"), "utf-8", f"the page declares {declared} but is valid UTF-8; read as UTF-8")
    if _valid_utf8(data):
        return Decoded(data.decode("utf-8"), "utf-8")
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return Decoded(mostly[0], "utf-8", f"{mostly[1]} byte sequence(s) not valid UTF-8 in a page that is otherwise "
                       "UTF-8; each shown as U+FFFD")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or not best.encoding:
        raise InputError(
            "is not valid UTF-8 and its encoding could not be recognised; pass --encoding (for example --encoding cp1252)",
            source=source,
        )
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError as e:
        raise InputError(f"is not valid UTF-8 nor {best.encoding}; pass --encoding", source=source) from e
    said = f"declares {declared} but is not valid {declared}" if declared else "declares no charset and is not UTF-8"
    return Decoded(text, best.encoding, f"the page {said}; read as {best.encoding} (charset-normalizer's guess)")


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """``(text, bad)`` when ``data`` is UTF-8 but for a few stray bytes (``bad`` sequences
    replaced by U+FFFD; at least 4 valid non-ASCII characters for each), else None. Re-reading
    such a page in a guessed legacy encoding would garble every other accented letter."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    good = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    return (text, bad) if bad > 0 and good >= 4 * bad else None


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def strip_gz(path: str) -> str:
    """``corpus.jsonl.gz`` -> ``corpus.jsonl``; other paths unchanged."""
    return path[:-3] if path.lower().endswith(".gz") else path


def open_binary(path: str) -> IO[bytes]:
    """A binary stream of the file's content, decompressed when it is gzip (by name or by magic)."""
    f = open(path, "rb")
    if path.lower().endswith(".gz") or f.peek(2)[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=f, mode="rb")  # type: ignore[return-value]
    return f


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def read_limited(stream: Readable, limit: int, *, source: str) -> bytes:
    """At most ``limit`` bytes of ``stream`` (decompressed); an ``InputError`` when there is more."""
    try:
        data = stream.read(limit + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise InputError(f"cannot read it ({e}); is the gzip file complete?", source=source) from e
    if len(data) > limit:
        raise InputError(
            f"is over the {limit / 1e6:.0f} MB limit (uncompressed); split it into articles "
            "(JSONL, one per line) or raise the limit with NEWSPROBE_MAX_INPUT_BYTES",
            source=source,
        )
    return data
