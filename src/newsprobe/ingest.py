"""Read articles from plain text, HTML, JSON Lines, CSV, JSON, directories and stdin.

``read_documents`` yields one ``Document`` per article found: either an ``Article`` ready to
analyse, or an ``InputError`` that names the file (and line) and says what to do. A bad file
or record never stops the rest of the batch, and nothing is dropped silently.

The text is kept exactly as decoded: offsets index it. Normalisation for matching happens
elsewhere (``textnorm``) and never shifts offsets.
"""

from __future__ import annotations

import codecs
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
from .errors import InputError, RecordError, WireFormatError
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


# --- decoding ---------------------------------------------------------------------------


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters, in the first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE)):
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head) > 0.05


_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"PK\x03\x04": "a ZIP archive (or .docx)",
          b"\x1f\x8b": "gzip-compressed data", b"GIF8": "a GIF image"}


def decode(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """Bytes to text: a BOM wins, then ``encoding`` if given, then strict UTF-8."""
    if not data.strip():
        raise InputError("the file is empty (no text to analyse)", source=source)
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"this is {what}, not text or HTML; extract its text first", source=source)
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(f"has a UTF-16 mark but is not valid UTF-16 ({e.reason})", source=source) from e
    if looks_binary(data):
        raise InputError("looks like binary data, not text or HTML; pass a text, HTML, JSONL or CSV file", source=source)
    try:
        return data.decode(encoding or "utf-8", errors="strict")
    except UnicodeDecodeError as e:
        raise InputError(
            f"is not valid {encoding or 'UTF-8'} (byte {e.start}: {data[e.start:e.start + 1]!r}); "
            "re-save it as UTF-8 or pass --encoding (for example --encoding cp1252)",
            source=source,
        ) from e
    except LookupError as e:
        raise InputError(f"unknown encoding {encoding!r}", source=source) from e


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


def article_from_text(text: str, *, meta: Mapping[str, Any] | None = None, source: str | None = None) -> Article:
    if not text.strip():
        raise InputError("no text to analyse (empty after decoding)", source=source)
    m = dict(meta or {})
    if not m.get("title"):
        m["title"] = guess_title(text)
    return Article(text, meta=m)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(html|body|article|p|div|head)[\s>]", head)
    )


def article_from_html(html: str, *, source: str | None = None, meta: Mapping[str, Any] | None = None) -> Article:
    """Main text and metadata of an HTML page (trafilatura; no comments, no navigation)."""
    import trafilatura

    try:
        out = trafilatura.extract(
            html,
            output_format="json",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            deduplicate=False,
        )
    except Exception as e:  # trafilatura raises a variety of parser errors on broken markup
        raise InputError(f"could not parse the HTML ({type(e).__name__}: {e})", source=source) from e
    if not out:
        raise InputError(
            "no article text found in this HTML (an index page, a page built by JavaScript, or a paywall?)",
            source=source,
        )
    data = json.loads(out)
    # one blank line between paragraphs, as in plain-text articles (the segmenters rely on it)
    text = "\n\n".join(line.strip() for line in (data.get("text") or "").split("\n") if line.strip())
    if len(text.split()) < MIN_HTML_WORDS:
        raise InputError(
            f"no article text found in this HTML (only {len(text.split())} words outside navigation and boilerplate)",
            source=source,
        )
    title = data.get("title")
    if title and not text.startswith(title):
        # keep the headline in the analysed text, so stories and title spans can point at it
        text = f"{title}\n\n{text}"
    m = {
        "title": title,
        "url": data.get("source") or data.get("url"),
        "outlet": data.get("sitename") or data.get("source-hostname") or data.get("hostname"),
        "site_name": data.get("sitename") or data.get("source-hostname"),  # og:site_name (trafilatura's JSON calls it source-hostname)
        "published": data.get("date"),
        "author": data.get("author"),
    }
    m.update({k: v for k, v in (meta or {}).items() if v})
    return Article(text, meta=m)


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
    rid = rec.get(get["id"])
    if rid not in (None, ""):
        meta["record_id"] = str(rid)
    if text.lstrip()[:1] == "<" and looks_like_html(text):
        return article_from_html(text, source=f"{source}:{line}", meta=meta)
    return article_from_text(text, meta=meta, source=f"{source}:{line}")


def read_jsonl(stream: IO[str], *, source: str, field_map: Mapping[str, str]) -> Iterator[Document]:
    for n, line in enumerate(stream, start=1):
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


def read_csv(stream: IO[str], *, source: str, field_map: Mapping[str, str], delimiter: str = ",") -> Iterator[Document]:
    csv.field_size_limit(1 << 30)
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
    text: str, *, source: str, kind: str | None = None, field_map: Mapping[str, str] | None = None
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
            yield Document(source, article=article_from_html(text, source=source))
        else:
            yield Document(source, article=article_from_text(text, source=source))
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


def read_documents(
    paths: Iterable[str],
    *,
    settings: Settings | None = None,
    field_map: Mapping[str, str] | None = None,
    encoding: str | None = None,
    kind: str | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Document]:
    """Every article (or error) from files, directories and ``-`` (stdin), in order."""
    settings = settings or load_settings()
    limit = settings.max_input_bytes
    for path in iter_paths(paths):
        source = "<stdin>" if path == "-" else path
        try:
            if path == "-":
                stream = stdin or sys.stdin.buffer
                data = stream.read(limit + 1)
            else:
                if not os.path.exists(path):
                    raise InputError("no such file or directory", source=source)
                size = os.path.getsize(path)
                if size > limit:
                    raise InputError(
                        f"is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit; split it into articles "
                        "(JSONL, one per line) or raise the limit with NEWSPROBE_MAX_INPUT_BYTES",
                        source=source,
                    )
                with open(path, "rb") as f:
                    data = f.read()
            if len(data) > limit:
                raise InputError(f"is over the {limit / 1e6:.0f} MB limit; split it into articles", source=source)
            text = decode(data, source=source, encoding=encoding)
        except InputError as e:
            yield Document(source, error=e)
            continue
        except OSError as e:
            yield Document(source, error=InputError(f"cannot read it ({e.strerror or e})", source=source))
            continue
        for doc in read_text_source(text, source=source, kind=kind, field_map=field_map):
            if doc.article is not None and doc.article.meta.get("source") is None:
                doc.article.meta["source"] = doc.source
            yield doc
