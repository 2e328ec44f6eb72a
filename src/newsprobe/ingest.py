"""Read articles from plain text, HTML, JSON Lines, CSV, JSON, directories and stdin.

``read_documents`` yields one ``Document`` per article found: either an ``Article`` ready to
analyse, or an ``InputError`` that names the file (and line) and says what to do. A bad file
or record never stops the rest of the batch, and nothing is dropped silently.

The text is kept exactly as decoded: offsets index it. Normalisation for matching happens
elsewhere (``textnorm``) and never shifts offsets.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import sys
from dataclasses import dataclass
from typing import IO, Any, Iterable, Iterator, Mapping

from .article import Article
from .decoding import bom_encoding, check_encoding, decode, decode_html, looks_binary, open_binary, read_limited, strip_gz
from .errors import InputError, RecordError, WireFormatError
from .html_text import main_text
from .language import language_meta
from .settings import Settings, load_settings
from .textnorm import replace_lone_surrogates

log = logging.getLogger(__name__)

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv", ".tsv"}
JSON_EXT = {".json"}
MIN_HTML_WORDS = 8  # fewer words than this after extraction is navigation, not an article
RECORD_FIELDS = ("text", "title", "id", "url", "outlet", "published")


@dataclass
class Document:
    """One input unit: an article to analyse, or the error that kept it from being read."""

    source: str
    article: Article | None = None
    error: InputError | None = None
    line: int | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None


# --- single articles ----------------------------------------------------------------------

_TITLE_END = re.compile(r"[.,;:]$")


def guess_title(text: str) -> str | None:
    """The first non-empty line, when it looks like a headline: short, no closing period,
    and followed by more text."""
    lines = text.lstrip().split("\n", 1)
    if len(lines) < 2 or not lines[1].strip():
        return None
    first = lines[0].strip()
    words = first.split()
    if not words or len(words) > 25 or len(first) > 200:
        return None
    if _TITLE_END.search(first) and not first.endswith("..."):
        return None
    if first[0] in "\"'\u201c\u2018-\u2014" and len(words) > 12:
        return None
    return first


def article_from_text(
    text: str, *, meta: Mapping[str, Any] | None = None, source: str | None = None, notes: Iterable[str] = ()
) -> Article:
    """An article from plain text: the title guessed from the first line, the language detected
    (``meta["language"]`` given by the caller is the hint)."""
    if not text.strip():
        raise InputError("no text to analyse (empty after decoding)", source=source)
    m = dict(meta or {})
    if not m.get("title"):
        m["title"] = guess_title(text)
    m.update(language_meta(text, m.get("language")))
    return Article(text, meta=m, provenance=_ingest_notes(notes))


def _ingest_notes(notes: Iterable[str]) -> dict[str, Any]:
    listed = [{"stage": "ingest", "note": n} for n in notes if n]
    return {"notes": listed} if listed else {}


_HTML_LANG = re.compile(r"""<html\b[^>]*?\s(?:xml:)?lang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)""", re.I)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def html_language_hint(html: str) -> str | None:
    """The language a page declares: ``<html lang>``, else ``og:locale``, else
    ``http-equiv="Content-Language"`` (as written, e.g. ``"de-DE"``), else None."""
    head = html[:50_000]
    m = _HTML_LANG.search(head)
    if m:
        return m.group(1)
    found: dict[str, str] = {}
    for tag in _META_TAG.finditer(head):
        attrs = {k.lower(): (v1 or v2 or v3) for k, v1, v2, v3 in _ATTR.findall(tag.group())}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("http-equiv") or "").lower()
        if key in ("og:locale", "content-language", "language", "dc.language") and attrs.get("content"):
            found.setdefault(key, attrs["content"])
    for key in ("og:locale", "content-language", "dc.language", "language"):
        if key in found:
            return found[key]
    return None


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(html|body|article|p|div|head)[\s>]", head)
    )


def article_from_html(
    html: str, *, source: str | None = None, meta: Mapping[str, Any] | None = None, notes: Iterable[str] = ()
) -> Article:
    """Main text and metadata of an HTML page (trafilatura; no comments, no navigation; source
    lines wrapped inside a paragraph joined, see ``html_text``); the language detected, with
    the page's declaration (``html_language_hint``) as the hint."""
    try:
        page = main_text(html)
    except Exception as e:  # trafilatura raises a variety of parser errors on broken markup
        raise InputError(f"could not parse the HTML ({type(e).__name__}: {e})", source=source) from e
    if page is None:
        raise InputError(
            "no article text found in this HTML (an index page, a page built by JavaScript, or a paywall?)",
            source=source,
        )
    # one blank line between paragraphs, as in plain-text articles (the segmenters rely on it)
    text = "\n\n".join(line.strip() for line in page.text.split("\n") if line.strip())
    if len(text.split()) < MIN_HTML_WORDS:
        raise InputError(
            f"no article text found in this HTML (only {len(text.split())} words outside navigation and boilerplate)",
            source=source,
        )
    title = page.title
    if title and not text.startswith(title):
        # keep the headline in the analysed text, so stories and title spans can point at it
        text = f"{title}\n\n{text}"
    m = {
        "title": title,
        "url": page.url,
        "outlet": page.sitename or page.hostname,
        "site_name": page.sitename,  # og:site_name
        "published": page.date,
        "author": page.author,
    }
    given = {k: v for k, v in (meta or {}).items() if v}
    m.update(given)
    m.update(language_meta(text, given.get("language") or html_language_hint(html)))
    if page.joined:
        notes = [*notes, f"{page.joined} line break{'' if page.joined == 1 else 's'} inside paragraphs joined (the page's source lines are hard-wrapped)"]
    return Article(text, meta=m, provenance=_ingest_notes(notes))


# --- corpora --------------------------------------------------------------------------------


def _record_article(rec: Mapping[str, Any], *, field_map: Mapping[str, str], source: str, line: int) -> Article:
    if not isinstance(rec, Mapping):
        raise RecordError(f"expected a JSON object, got {type(rec).__name__}", source=source, line=line)
    if rec.get("schema", "").startswith("newsprobe/") if isinstance(rec.get("schema"), str) else False:
        try:
            return Article.from_dict(rec)
        except WireFormatError as e:
            raise RecordError(str(e), source=source, line=line) from e
    get = {f: field_map.get(f, f) for f in RECORD_FIELDS}
    text = rec.get(get["text"])
    if isinstance(text, str):
        text = replace_lone_surrogates(text)
    if not isinstance(text, str) or not text.strip():
        hint = f"; map another field with --text-field" if get["text"] not in rec else ""
        raise RecordError(f"no text in field {get['text']!r}{hint}", source=source, line=line)
    meta: dict[str, Any] = {}
    for f in ("title", "url", "outlet", "published"):
        v = rec.get(get[f])
        meta[f] = None if v in (None, "") else str(v)
    for key in ("language", "lang"):  # a record's own language field is the detector's hint
        if isinstance(rec.get(key), str) and rec[key]:
            meta["language"] = rec[key]
            break
    rid = rec.get(get["id"])
    if rid not in (None, ""):
        meta["record_id"] = str(rid)
    if text.lstrip()[:1] == "<" and looks_like_html(text):
        return article_from_html(text, source=f"{source}:{line}", meta=meta)
    return article_from_text(text, meta=meta, source=f"{source}:{line}")


def _limited_lines(stream: IO[str], limit: int | None) -> Iterator[tuple[int, str | None]]:
    """``(line_number, line)``; ``line`` is None for a line over ``limit`` characters, which is
    skipped in pieces so that it is never held in memory whole."""
    n = 0
    while True:
        line = stream.readline(limit + 1) if limit else stream.readline()
        if not line:
            return
        n += 1
        if limit and len(line) > limit and not line.endswith("\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith("\n"):
                    break
            yield n, None
            continue
        yield n, line


def read_jsonl(
    stream: IO[str], *, source: str, field_map: Mapping[str, str], max_record_chars: int | None = None
) -> Iterator[Document]:
    """One document per line; a line over ``max_record_chars`` (or not JSON) is an error for that line only."""
    for n, line in _limited_lines(stream, max_record_chars):
        if line is None:
            err = RecordError(
                f"this record is over the {max_record_chars:,} character limit; split it or raise NEWSPROBE_MAX_INPUT_BYTES",
                source=source, line=n,
            )
            yield Document(f"{source}:{n}", error=err, line=n)
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as e:
            err = RecordError(f"not valid JSON ({e.msg}, column {e.colno}); fix or remove this line", source=source, line=n)
            yield Document(f"{source}:{n}", error=err, line=n)
            continue
        try:
            yield Document(f"{source}:{n}", article=_record_article(rec, field_map=field_map, source=source, line=n), line=n)
        except InputError as e:
            yield Document(f"{source}:{n}", error=e, line=n)


def read_csv(
    stream: IO[str], *, source: str, field_map: Mapping[str, str], delimiter: str = ",", max_field_chars: int | None = None
) -> Iterator[Document]:
    """One document per row (a header row names the fields); a malformed row is an error for that row only."""
    csv.field_size_limit(max_field_chars or (1 << 30))
    reader = csv.DictReader(stream, delimiter=delimiter)
    text_field = field_map.get("text", "text")
    if reader.fieldnames is None or text_field not in reader.fieldnames:
        cols = ", ".join(reader.fieldnames or [])
        err = InputError(f"no {text_field!r} column (columns: {cols}); map one with --text-field", source=source)
        yield Document(source, error=err)
        return
    n = 1
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            n = reader.line_num
            yield Document(f"{source}:{n}", error=RecordError(f"malformed CSV ({e})", source=source, line=n), line=n)
            continue
        n = reader.line_num
        if None in rec:  # more cells than headers
            rec.pop(None)
        try:
            yield Document(f"{source}:{n}", article=_record_article(rec, field_map=field_map, source=source, line=n), line=n)
        except InputError as e:
            yield Document(f"{source}:{n}", error=e, line=n)


def _kind_of(path: str, text: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext in HTML_EXT:
        return "html"
    if ext in JSONL_EXT:
        return "jsonl"
    if ext in CSV_EXT:
        return "tsv" if ext == ".tsv" else "csv"
    if ext in JSON_EXT:
        return "json"
    if ext in TEXT_EXT:
        return "text"
    head = text.lstrip()[:1]
    if head == "{" and text.lstrip().split("\n", 1)[0].rstrip().endswith("}"):
        return "jsonl"
    if head in "{[":
        return "json"
    if looks_like_html(text):
        return "html"
    return "text"


def read_text_source(
    text: str, *, source: str, kind: str | None = None, field_map: Mapping[str, str] | None = None,
    notes: Iterable[str] = (),
) -> Iterator[Document]:
    """Documents from already-decoded content (a file's text, or stdin)."""
    fmap = dict(field_map or {})
    kind = kind or _kind_of(source, text)
    try:
        if kind == "jsonl":
            yield from read_jsonl(io.StringIO(text), source=source, field_map=fmap)
        elif kind in ("csv", "tsv"):
            yield from read_csv(io.StringIO(text, newline=""), source=source, field_map=fmap, delimiter="\t" if kind == "tsv" else ",")
        elif kind == "json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as e:
                raise InputError(f"not valid JSON ({e.msg}, line {e.lineno}); check the file", source=source) from e
            records = data if isinstance(data, list) else [data]
            for n, rec in enumerate(records, start=1):
                try:
                    yield Document(f"{source}#{n}", article=_record_article(rec, field_map=fmap, source=source, line=n), line=n)
                except InputError as e:
                    yield Document(f"{source}#{n}", error=e, line=n)
        elif kind == "html":
            yield Document(source, article=article_from_html(text, source=source, notes=notes))
        else:
            yield Document(source, article=article_from_text(text, source=source, notes=notes))
    except InputError as e:
        yield Document(source, error=e)


def iter_paths(paths: Iterable[str]) -> Iterator[str]:
    """Expand directories (recursively, sorted, hidden files skipped); keep ``-`` for stdin."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        else:
            yield path


STREAMED_KINDS = ("jsonl", "csv", "tsv")


def _kind_of_file(path: str, kind: str | None, encoding: str | None) -> str:
    """The input kind of a file: ``kind`` when given, else from its name (``.gz`` looked
    through), else from its first 64 KiB (decompressed)."""
    if kind:
        return kind
    name = strip_gz(path)
    if os.path.splitext(name)[1].lower() in TEXT_EXT | HTML_EXT | JSONL_EXT | CSV_EXT | JSON_EXT:
        return _kind_of(name, "")
    with open_binary(path) as f:
        head = f.read(1 << 16)
    enc = bom_encoding(head) or encoding or "utf-8"
    return _kind_of(name, head.decode("utf-8-sig" if enc == "utf-8" else enc, errors="ignore"))


def _read_stream(path: str, source: str, kind: str, field_map: Mapping[str, str], encoding: str | None, limit: int) -> Iterator[Document]:
    """JSON Lines and CSV, streamed from the file (gzip too): memory bounded by one record."""
    raw = open_binary(path)
    try:
        head = raw.peek(8192)[:8192]  # type: ignore[attr-defined]
        if looks_binary(head, encoding):
            raise InputError(f"looks like binary data, not {kind.upper()}; pass a JSON Lines or CSV file", source=source)
        enc = bom_encoding(head)
        enc = "utf-8-sig" if enc == "utf-8" else enc or encoding or "utf-8"
        stream = io.TextIOWrapper(raw, encoding=enc, errors="strict", newline="" if kind != "jsonl" else None)
        if kind == "jsonl":
            docs = read_jsonl(stream, source=source, field_map=field_map, max_record_chars=limit)
        else:
            docs = read_csv(stream, source=source, field_map=field_map, delimiter="\t" if kind == "tsv" else ",",
                            max_field_chars=limit)
        last = 0
        try:
            for doc in docs:
                last = doc.line or last
                yield doc
        except UnicodeDecodeError as e:
            raise InputError(
                f"is not valid {enc} after line {last} ({e.reason}); re-save it as UTF-8 or pass --encoding "
                "(for example --encoding cp1252)", source=source,
            ) from e
        except (EOFError, OSError) as e:
            raise InputError(f"cannot read it after line {last} ({e}); is the gzip file complete?", source=source) from e
    finally:
        raw.close()


def _read_whole(path: str, source: str, kind: str, field_map: Mapping[str, str], encoding: str | None, limit: int) -> Iterator[Document]:
    """Text, HTML and JSON files (gzip too): read whole, up to ``limit`` bytes."""
    if path.lower().endswith(".gz") or kind == "html":
        with open_binary(path) as f:
            data = read_limited(f, limit, source=source)
    else:
        size = os.path.getsize(path)
        if size > limit:
            raise InputError(
                f"is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit; split it into articles "
                "(JSONL, one per line) or raise the limit with NEWSPROBE_MAX_INPUT_BYTES",
                source=source,
            )
        with open(path, "rb") as f:
            data = f.read()
    yield from read_bytes(data, source=source, kind=kind, field_map=field_map, encoding=encoding)


def read_bytes(
    data: bytes, *, source: str, kind: str | None = None, field_map: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Iterator[Document]:
    """Documents from one input's bytes (HTML decoded by its declared charset, see ``decoding``)."""
    check_encoding(encoding, source=source)
    if kind == "html" or (kind is None and looks_like_html(data[:4096].decode("latin-1"))
                          and not bom_encoding(data) and not encoding):
        decoded = decode_html(data, source=source, encoding=encoding)
        yield from read_text_source(decoded.text, source=source, kind="html", field_map=field_map,
                                    notes=[decoded.note] if decoded.note else [])
        return
    text = decode(data, source=source, encoding=encoding)
    yield from read_text_source(text, source=source, kind=kind, field_map=field_map)


def read_documents(
    paths: Iterable[str],
    *,
    settings: Settings | None = None,
    field_map: Mapping[str, str] | None = None,
    encoding: str | None = None,
    kind: str | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Document]:
    """Every article (or error) from files, directories and ``-`` (stdin), in order.

    ``encoding`` applies to every kind of input (a byte-order mark still wins); ``.gz`` files
    are decompressed as they are read. JSON Lines and CSV are streamed, so a corpus may be any
    size: ``max_input_bytes`` then bounds one record; other files are read whole up to it.
    """
    settings = settings or load_settings()
    limit = settings.max_input_bytes
    fmap = dict(field_map or {})
    for path in iter_paths(paths):
        source = "<stdin>" if path == "-" else path
        try:
            check_encoding(encoding, source=source)
            if path == "-":
                data = read_limited(stdin or sys.stdin.buffer, limit, source=source)
                if data[:2] == b"\x1f\x8b":
                    import gzip

                    data = read_limited(gzip.GzipFile(fileobj=io.BytesIO(data)), limit, source=source)
                docs: Iterator[Document] = read_bytes(data, source=source, kind=kind, field_map=fmap, encoding=encoding)
            else:
                if not os.path.exists(path):
                    raise InputError("no such file or directory", source=source)
                k = _kind_of_file(path, kind, encoding)
                reader = _read_stream if k in STREAMED_KINDS else _read_whole
                docs = reader(path, source, k, fmap, encoding, limit)
            for doc in docs:
                if doc.article is not None and doc.article.meta.get("source") is None:
                    doc.article.meta["source"] = doc.source
                yield doc
        except InputError as e:
            yield Document(source, error=e)
        except OSError as e:
            yield Document(source, error=InputError(f"cannot read it ({e.strerror or e})", source=source))
