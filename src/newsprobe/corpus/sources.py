"""Streamed corpus inputs: directories, JSON Lines, CSV, WARC (gzip too), one record at a time.

``iter_corpus(paths)`` yields one ``Document`` per record, as ``newsprobe.ingest.read_documents``
does (it reads everything but WARC), with the id a corpus run gives the article set on it
(``corpus_key``): the input's own id (the JSON Lines/CSV ``id`` field, the WARC-Record-ID),
else its URL, else its content id plus its position in the input (``<content id>@<file>:<line>``),
so two identical texts from two places are two articles. A document that cannot be read keeps
its position as its key (``@<file>:<line>``) and its error.

Nothing here holds a corpus in memory: files are read one record at a time (a WARC record's
payload up to the ``max_input_bytes`` setting).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from dataclasses import dataclass
from typing import IO, Any, Iterable, Iterator, Mapping

from ..decoding import decode_html, open_binary, read_limited, strip_gz
from ..errors import InputError
from ..ingest import CSV_EXT, JSON_EXT, JSONL_EXT, Document, article_from_html, iter_paths, read_documents
from ..settings import Settings, load_settings

WARC_EXT = (".warc", ".warc.gz")


def is_warc(path: str) -> bool:
    """A WARC file by name (``.warc`` or ``.warc.gz``)."""
    return path.lower().endswith(WARC_EXT)


def _is_html_response(record: object) -> bool:
    if getattr(record, "rec_type", None) != "response":
        return False
    headers = getattr(record, "http_headers", None)
    if headers is None:
        return False
    ctype = (headers.get_header("Content-Type") or "").lower()
    status = str(headers.get_statuscode() or "")
    return ("text/html" in ctype or "application/xhtml" in ctype) and status.startswith("2")


@dataclass
class RawPage:
    """An HTML response read from a WARC file but not yet decoded or extracted. A corpus run's
    driver ships these, so that the expensive part of ingest (charset detection, main-text
    extraction, language detection) runs on the workers, not in the one driver
    (``RawPage.document`` there)."""

    source: str
    line: int
    meta: dict[str, str | None]
    data: bytes
    key: str | None = None  #: the corpus key, set by ``iter_corpus``; becomes the article's id

    ok = True  # readable so far (the worker may still find it is not)
    article = None
    error = None

    def document(self) -> Document:
        """Decode and extract the page: a ``Document`` with the article (id: ``key``) or the error."""
        try:
            decoded = decode_html(self.data, source=self.source)
            article = article_from_html(decoded.text, source=self.source, meta=dict(self.meta),
                                        notes=[decoded.note] if decoded.note else [])
        except InputError as e:
            return Document(self.source, error=e, line=self.line)
        article.meta["source"] = self.source
        if self.key:
            article.id = self.key
        return Document(self.source, article=article, line=self.line)


def read_warc(path: str, *, source: str | None = None, settings: Settings | None = None,
              extract: bool = True) -> Iterator[Document | RawPage]:
    """One document per HTML response record of a WARC (or WARC.gz) file, streamed.

    Other records (requests, metadata, images, redirects) are passed over. The record's
    ``WARC-Target-URI`` becomes ``meta["url"]``, its ``WARC-Date`` ``meta["warc_date"]`` (the
    crawl time, not the publication date: ``published`` stays what the page says) and its
    ``WARC-Record-ID`` ``meta["record_id"]``. A record that cannot be read is an error for
    that record only; a file that is not a WARC at all is one error. ``extract=False`` yields
    each readable record as a ``RawPage`` (payload read, nothing decoded) instead.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    settings = settings or load_settings()
    source = source or path
    n = 0
    try:
        with open(path, "rb") as f:
            for n, record in enumerate(ArchiveIterator(f), start=1):
                if not _is_html_response(record):
                    continue
                src = f"{source}#{n}"
                meta = {
                    "url": record.rec_headers.get_header("WARC-Target-URI"),
                    "warc_date": record.rec_headers.get_header("WARC-Date"),
                    "record_id": record.rec_headers.get_header("WARC-Record-ID"),
                }
                try:
                    data = read_limited(record.content_stream(), settings.max_input_bytes, source=src)
                except InputError as e:
                    yield Document(src, error=e, line=n)
                    continue
                page = RawPage(src, n, meta, data)
                yield page if not extract else page.document()
    except ArchiveLoadFailed as e:
        where = f"after record {n}" if n else "at its start"
        yield Document(source, error=InputError(
            f"is not a readable WARC file {where} ({str(e).strip()[:200]}); check the file", source=source))
    except (OSError, EOFError, ValueError) as e:
        yield Document(source, error=InputError(
            f"cannot read it after record {n} ({e}); is the file complete?", source=source))


def _position(rel: str, doc: Document | RawPage) -> str:
    if doc.line is None:
        return rel
    sep = "#" if is_warc(rel) or doc.source.endswith(f"#{doc.line}") else ":"
    return f"{rel}{sep}{doc.line}"


def corpus_key(doc: Document | RawPage, rel: str) -> str:
    """The article id a corpus run gives ``doc`` (``rel``: the file's name relative to the input
    given, e.g. ``corpus.jsonl`` or ``feeds/a.warc.gz``): the record's own id, else its URL, else
    ``<content id>@<position>``; ``@<position>`` for a document that could not be read."""
    if isinstance(doc, RawPage):
        meta: Mapping[str, Any] = doc.meta
    elif doc.article is None:
        return f"@{_position(rel, doc)}"
    else:
        meta = doc.article.meta
    for key in ("record_id", "url"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    if isinstance(doc, RawPage):  # a WARC record without an id or a URL: its payload's hash
        return f"{hashlib.blake2b(doc.data, digest_size=8).hexdigest()}@{_position(rel, doc)}"
    assert doc.article is not None
    return f"{doc.article.id}@{_position(rel, doc)}"


def _relative_names(paths: Iterable[str]) -> Iterator[tuple[str, str]]:
    """``(path, name)`` for every file: a directory's files named from the directory given
    down (``corpus/2024/a.jsonl``), a file by its own name, so keys survive moving the corpus."""
    for given in paths:
        if given != "-" and os.path.isdir(given):
            base = os.path.basename(os.path.normpath(given))
            for path in iter_paths([given]):
                yield path, os.path.join(base, os.path.relpath(path, given)).replace(os.sep, "/")
        else:
            yield given, "<stdin>" if given == "-" else os.path.basename(given)


def iter_corpus(
    paths: Iterable[str],
    *,
    settings: Settings | None = None,
    field_map: Mapping[str, str] | None = None,
    encoding: str | None = None,
    defer_pages: bool = False,
) -> Iterator[tuple[str, Document | RawPage]]:
    """``(key, document)`` for every record of ``paths`` (files and directories), streamed, in
    input order; ``key`` is the record's corpus key (``corpus_key``), also set as the article's
    id. A document that could not be read has ``error`` set (and its position as its key).
    ``defer_pages``: WARC records come as ``RawPage`` (decoded and extracted later, by whoever
    calls ``RawPage.document``: a corpus run's workers)."""
    settings = settings or load_settings()
    for path, rel in _relative_names(paths):
        if is_warc(path):
            docs: Iterator[Document | RawPage] = read_warc(path, settings=settings, extract=not defer_pages)
        else:
            docs = read_documents([path], settings=settings, field_map=field_map, encoding=encoding)
        for doc in docs:
            key = corpus_key(doc, rel)
            if isinstance(doc, RawPage):
                doc.key = key
            elif doc.article is not None:
                doc.article.id = key
            yield key, doc


# --- a cheap count, for the ETA -------------------------------------------------------------


def _count_lines(stream: IO[bytes]) -> int:
    return sum(1 for line in stream if line.strip())


def _count_one(path: str) -> int:
    name = strip_gz(path).lower()
    ext = os.path.splitext(name)[1]
    if is_warc(path):
        from warcio.archiveiterator import ArchiveIterator

        with open(path, "rb") as f:
            return sum(1 for r in ArchiveIterator(f) if _is_html_response(r))
    with open_binary(path) as raw:
        if ext in JSONL_EXT:
            return _count_lines(raw)
        if ext in CSV_EXT:
            text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
            csv.field_size_limit(1 << 30)
            return max(0, sum(1 for _ in csv.reader(text, delimiter="\t" if ext == ".tsv" else ",")) - 1)
        if ext in JSON_EXT:
            data = json.loads(raw.read(1 << 26) or b"null")
            return len(data) if isinstance(data, list) else 1
    return 1


def count_records(paths: Iterable[str]) -> int:
    """About how many records ``paths`` hold (non-blank JSON Lines lines, CSV rows, HTML
    responses of WARC files, one per other file), reading the files once without parsing
    articles; a file that cannot be counted counts as one."""
    total = 0
    for path, _ in _relative_names(paths):
        try:
            total += _count_one(path)
        except Exception:  # a bad file is reported by the run itself; here it is one record
            total += 1
    return total


__all__ = ["WARC_EXT", "RawPage", "corpus_key", "count_records", "is_warc", "iter_corpus", "read_warc"]
