"""The local fact-check database: import, index and search.

Fact-checks live in the store (table ``factchecks``), keyed by ``(collection, id)``: each
record keeps its own id, and re-importing a file into the same collection updates its
records instead of duplicating them. The MiniLM embedding of every claim is computed at
import time and stored with it, so a search only encodes the query.

Retrieval is hybrid and fully offline:

1. lexical BM25 over claim + title (a scipy sparse matrix of precomputed BM25 weights);
2. dense cosine over the stored MiniLM embeddings of the claims (a product over all claims;
   the query is encoded with a tweet signature cut to the name, ``embed_query``);
3. each candidate of the union of both top-50 lists gets the score
   ``score = W_COS * cosine + (1 - W_COS) * bm25 / max_bm25(query)`` (what ``MATCH_THRESHOLD``
   applies to) and the list is ordered by a linear re-ranker over ``rerank_features``
   (cosine, BM25, ranks, rapidfuzz word overlap, shared numbers and names).
   ``W_COS``, ``MATCH_THRESHOLD`` and ``RERANK_WEIGHTS`` were chosen on the 800 CLEF 2020
   train tweets only; see docs/factchecks.md.

The encoder is MiniLM with its top layers fine-tuned on the CLEF 2020 train tweets when
``models/factchecks/encoder.safetensors`` is shipped (``newsprobe.ml.factcheck_model``); its
own re-ranker weights, cosine weight and threshold (``reranker.json``) then replace the
built-in ones above, which belong to the packaged MiniLM. Every stored embedding records the
encoder that made it (column ``emb_model``): embeddings of another encoder are never mixed
in, they are re-encoded (``reembed``, or in memory when a search finds them).

Optionally (when ``models/factchecks/cross.safetensors`` and ``cross.json`` are present; not
shipped, see docs/factchecks.md) a cross-encoder (``newsprobe.ml.factcheck_cross``) re-orders
the re-ranker's first candidates (``search_many(cross_depth=...)``).

The index is built once per process per store file (cached by path).
Readers: ClaimReview JSON / JSON-LD / JSON Lines, CSV and JSON Lines with a field mapping,
and the presets ``liar`` and ``snopes`` for the project's datasets. A bad record never
stops an import: it is reported with its line or index and the good ones are kept.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from .errors import InputError, StoreError
from .store import _now, register_migration

TABLE = "factchecks"
#: The packaged encoder's id (the fine-tuned one's is ``factcheck_model.encoder_id()``).
EMB_MODEL = "all-MiniLM-L6-v2"
#: Weight of the MiniLM cosine in the combined score (the rest is normalised BM25); best on the
#: CLEF 2020 train tweets (``eval/factcheck_map.py --split train --tune``).
W_COS = 0.7
#: Weights of the linear re-ranker over ``rerank_features`` (pairwise logistic regression fitted on
#: the 800 CLEF 2020 *train* tweets only: ``python eval/factcheck_map.py --store S --split train --fit``).
RERANK_WEIGHTS: tuple[float, ...] = (
    4.9174, 4.9174, -0.4553, 0.1371, -0.4359, -0.4542, 3.8726, 2.5305, 0.8076, 0.4027, -0.5608, -0.0094,
)
#: Candidates taken from each retriever before combining.
CANDIDATES = 50
#: Combined score at or above which a match counts as "the same claim" (precision-oriented; chosen
#: on the train tweets: keeps 85% of right first matches, 34% of simulated no-match queries pass).
MATCH_THRESHOLD = 0.65
#: Queries are cut to this many characters (a claim, a tweet or a paragraph is far shorter).
MAX_QUERY_CHARS = 4000

register_migration(
    "0400_factchecks",
    f"""
    CREATE TABLE IF NOT EXISTS {TABLE} (
        collection VARCHAR NOT NULL, id VARCHAR NOT NULL, claim VARCHAR NOT NULL,
        verdict VARCHAR, publisher VARCHAR, url VARCHAR, date VARCHAR, title VARCHAR,
        extra JSON, embedding BLOB, emb_model VARCHAR, text_hash VARCHAR, record_hash VARCHAR, imported_at TIMESTAMP,
        PRIMARY KEY (collection, id)
    );
    """,
)


# --- records -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactCheck:
    """One fact-check: the claim checked and what the checker concluded."""

    id: str
    claim: str
    verdict: str | None = None
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    title: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def search_text(self) -> str:
        """What BM25 and the embedding see: the claim, then the title when there is one."""
        if self.title and self.title.strip() and self.title.strip() != self.claim.strip():
            return f"{self.claim.strip()} {self.title.strip()}"
        return self.claim.strip()

    @property
    def embed_text(self) -> str:
        """What MiniLM encodes: the claim alone (better than claim + title on the CLEF train tweets)."""
        return self.claim.strip()


@dataclass(frozen=True)
class BadRecord:
    """A record that could not be read: where it is (``line`` or ``index``) and why."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


Parsed = FactCheck | BadRecord


@dataclass(frozen=True)
class FieldMap:
    """Which field of an input record holds what. Dotted paths reach into nested objects."""

    id: str = "id"
    claim: str = "claim"
    verdict: str = "verdict"
    publisher: str = "publisher"
    url: str = "url"
    date: str = "date"
    title: str = "title"
    id_required: bool = False  # True when the user named the id field: a missing id is an error


CLAIMREVIEW_FIELDS = FieldMap(
    id="@id", claim="claimReviewed", verdict="reviewRating.alternateName", publisher="author.name",
    url="url", date="datePublished", title="name",
)


def _get(record: Any, path: str) -> Any:
    """``record["a"]["b"]`` for path ``a.b``; a list on the way takes its first element."""
    if not path:
        return None
    cur = record
    if isinstance(cur, Mapping) and path in cur:
        return cur[path]
    for part in path.split("."):
        if isinstance(cur, list):
            cur = cur[0] if cur else None
        if not isinstance(cur, Mapping):
            return None
        cur = cur.get(part)
    if isinstance(cur, list):
        cur = cur[0] if cur else None
    return cur


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Mapping):  # e.g. an author object given where a name was expected
        value = value.get("name") or value.get("@value") or value.get("value")
        if value is None:
            return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).strip()
    return s or None


def _stable_id(claim: str, url: str | None) -> str:
    return "h" + hashlib.sha256(f"{claim}\x00{url or ''}".encode("utf-8", "replace")).hexdigest()[:16]


def record_from_mapping(record: Any, fields: FieldMap, where: str, *, claimreview: bool = False) -> Parsed:
    """A FactCheck from one input object, or a BadRecord saying what is missing.

    With ``claimreview``, a missing id falls back to the review's URL, a missing verdict
    to the numeric rating, and the claimant and claim date go to ``extra``.
    """
    if not isinstance(record, Mapping):
        return BadRecord(where, f"expected an object, got {type(record).__name__}")
    claim = _text(_get(record, fields.claim))
    if not claim:
        return BadRecord(where, f"no claim text in field {fields.claim!r} (choose another with --claim-field)")
    url = _text(_get(record, fields.url))
    rid = _text(_get(record, fields.id))
    if rid is None:
        if fields.id_required:
            return BadRecord(where, f"no id in field {fields.id!r} (choose another with --id-field)")
        rid = url if claimreview and url else _stable_id(claim, url)
    verdict = _text(_get(record, fields.verdict))
    if verdict is None and claimreview:
        verdict = _rating_text(_get(record, "reviewRating"))
    extra: dict[str, Any] = {}
    if claimreview:
        claimant = _text(_get(record, "itemReviewed.author.name")) or _text(_get(record, "itemReviewed.author"))
        if claimant:
            extra["claimant"] = claimant
        appeared = _text(_get(record, "itemReviewed.datePublished"))
        if appeared:
            extra["claim_date"] = appeared
    return FactCheck(
        id=rid, claim=claim, verdict=verdict, publisher=_text(_get(record, fields.publisher)), url=url,
        date=_text(_get(record, fields.date)), title=_text(_get(record, fields.title)), extra=extra,
    )


def _rating_text(rating: Any) -> str | None:
    """A numeric ClaimReview rating without ``alternateName``: "2/5"."""
    if not isinstance(rating, Mapping):
        return None
    value, best = rating.get("ratingValue"), rating.get("bestRating")
    if value is None:
        return None
    return f"{value}/{best}" if best is not None else str(value)


# --- readers ---------------------------------------------------------------------------------


def _open_text(path: str) -> io.TextIOBase:
    try:
        if path.endswith(".gz"):
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", errors="replace", newline="")
        return open(path, encoding="utf-8-sig", errors="replace", newline="")
    except OSError as e:
        raise InputError(f"cannot open it ({e.strerror}); check the path", source=path) from e


def _is_claimreview(obj: Any) -> bool:
    if not isinstance(obj, Mapping):
        return False
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.split("/")[-1].lower() == "claimreview" for k in kinds) or (
        kind is None and "claimReviewed" in obj
    )


def _claimreviews_in(obj: Any, where: str) -> Iterator[tuple[str, Any]]:
    """ClaimReview objects in a JSON value: itself, a list, ``@graph``, or nested (e.g. ``mainEntity``)."""
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _claimreviews_in(item, f"{where}[{i}]")
        return
    if not isinstance(obj, Mapping):
        yield where, obj  # not an object: reported as a bad record
        return
    if _is_claimreview(obj):
        yield where, obj
        return
    found = False
    for key in ("@graph", "mainEntity", "hasPart", "itemListElement", "item", "claimReview", "ClaimReview"):
        sub = obj.get(key)
        if isinstance(sub, (list, Mapping)):
            for w, o in _claimreviews_in(sub, f"{where}.{key}"):
                found = True
                yield w, o
    if not found:
        yield where, obj  # an object that is not a ClaimReview: reported with its place


def read_claimreview(path: str, fields: FieldMap = CLAIMREVIEW_FIELDS) -> Iterator[Parsed]:
    """ClaimReview records from a JSON / JSON-LD file (object, list, ``@graph``) or JSON Lines."""
    with _open_text(path) as f:
        raw = f.read()
    whole: Any = None
    whole_error: json.JSONDecodeError | None = None
    if raw.lstrip()[:1] in ("[", "{"):
        try:
            whole = json.loads(raw)
        except json.JSONDecodeError as e:
            whole_error = e
    if whole is not None:
        for i, (where, obj) in enumerate(_claimreviews_in(whole, "record")):
            yield _claimreview_record(obj, f"{where} (#{i + 1})", fields)
        return
    parsed: list[Parsed] = []
    n_lines = n_bad = 0
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        n_lines += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            n_bad += 1
            parsed.append(BadRecord(f"line {lineno}", f"not valid JSON ({e.msg} at column {e.colno})"))
            continue
        for where, item in _claimreviews_in(obj, f"line {lineno}"):
            parsed.append(_claimreview_record(item, where, fields))
    if whole_error is not None and n_lines > 1 and n_bad == n_lines:
        # one pretty-printed JSON document, broken: say where, once
        err = whole_error
        yield BadRecord(f"line {err.lineno}", f"not valid JSON ({err.msg} at line {err.lineno} column {err.colno}); "
                        "the file is one JSON document, so no record could be read: fix it and import again")
        return
    yield from parsed


def _claimreview_record(obj: Any, where: str, fields: FieldMap) -> Parsed:
    if isinstance(obj, Mapping) and not _is_claimreview(obj):
        return BadRecord(where, "not a ClaimReview (no @type ClaimReview and no claimReviewed)")
    return record_from_mapping(obj, fields, where, claimreview=True)


def read_jsonl(path: str, fields: FieldMap) -> Iterator[Parsed]:
    """One JSON object per line, fields chosen by ``fields``."""
    with _open_text(path) as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield BadRecord(f"line {lineno}", f"not valid JSON ({e.msg} at column {e.colno})")
                continue
            yield record_from_mapping(obj, fields, f"line {lineno}")


def read_csv(path: str, fields: FieldMap) -> Iterator[Parsed]:
    """CSV (or TSV, by extension) with a header row; columns chosen by ``fields``."""
    delimiter = "\t" if path.rstrip(".gz").endswith((".tsv", ".tab")) else ","
    with _open_text(path) as f:
        reader = csv.reader(f, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield BadRecord("line 1", f"unreadable CSV header ({e})")
            return
        header = [h.strip() for h in header]
        needed = [(fields.claim, "--claim-field")] + ([(fields.id, "--id-field")] if fields.id_required else [])
        for name, option in needed:
            if name not in header:
                yield BadRecord("line 1", f"the header has no column {name!r}; columns are {header[:12]} (use {option})")
                return
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                yield BadRecord(f"line {reader.line_num}", f"malformed CSV ({e})")
                continue
            lineno = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                yield BadRecord(f"line {lineno}", f"{len(row)} fields but the header has {len(header)} (a stray delimiter or quote?)")
                continue
            yield record_from_mapping(dict(zip(header, row)), fields, f"line {lineno}")


def detect_format(path: str) -> str:
    """``csv``, ``jsonl`` or ``claimreview`` from the extension (and a peek for JSON)."""
    name = path[:-3] if path.endswith(".gz") else path
    if name.endswith((".csv", ".tsv", ".tab")):
        return "csv"
    with _open_text(path) as f:
        head = f.read(65536)
    return "claimreview" if "claimreview" in head.lower() or "claimReviewed" in head else "jsonl"


def read_file(path: str, fmt: str | None = None, fields: FieldMap | None = None) -> Iterator[Parsed]:
    """Records of ``path`` in format ``fmt`` (detected when None)."""
    fmt = fmt or detect_format(path)
    if fmt == "claimreview":
        return read_claimreview(path, fields or CLAIMREVIEW_FIELDS)
    if fmt == "csv":
        return read_csv(path, fields or FieldMap())
    if fmt == "jsonl":
        return read_jsonl(path, fields or FieldMap())
    raise InputError(f"unknown format {fmt!r}; use claimreview, csv or jsonl", source=path)


# --- presets for the project's datasets ----------------------------------------------------


LIAR_VERDICTS = {
    "pants-fire": "Pants on Fire", "false": "False", "barely-true": "Mostly False",
    "half-true": "Half True", "mostly-true": "Mostly True", "true": "True",
}


def read_liar(path: str) -> Iterator[Parsed]:
    """LIAR statements (PolitiFact) from the project's ``liar.jsonl.gz``."""
    for p in read_jsonl(path, FieldMap(id="statement_id", claim="statement", verdict="label", publisher="", url="", date="", title="", id_required=True)):
        if isinstance(p, FactCheck):
            verdict = LIAR_VERDICTS.get(p.verdict or "", p.verdict)
            p = FactCheck(id=p.id, claim=p.claim, verdict=verdict, publisher="PolitiFact", url=None, date=None, title=None)
        yield p


def read_snopes(path: str) -> Iterator[Parsed]:
    """CLEF 2020 CheckThat! Task 2 verified claims (Snopes), with titles; no verdicts in this data."""
    for p in read_jsonl(path, FieldMap(id="vclaim_id", claim="vclaim", verdict="", publisher="", url="", date="", title="title", id_required=True)):
        if isinstance(p, FactCheck):
            p = FactCheck(id=p.id, claim=p.claim, verdict=None, publisher="Snopes", url=None, date=None, title=p.title)
        yield p


def shared_data_dir() -> Path:
    """The project's datasets: NEWSPROBE_SHARED_DATA, else ``../shared/data`` beside the checkout or the cwd."""
    env = os.environ.get("NEWSPROBE_SHARED_DATA")
    if env:
        return Path(env)
    beside_checkout = Path(__file__).resolve().parents[3] / "shared" / "data"
    if beside_checkout.is_dir():
        return beside_checkout
    return Path.cwd().parent / "shared" / "data"


PRESETS: dict[str, tuple[str, str, Callable[[str], Iterator[Parsed]]]] = {
    # name: (collection, path under shared data, reader)
    "liar": ("liar", "liar/liar.jsonl.gz", read_liar),
    "snopes": ("snopes-clef2020", "clef2020-claim-retrieval/verified_claims.jsonl.gz", read_snopes),
}


def preset(name: str) -> tuple[str, str, Iterator[Parsed]]:
    """``(collection, path, records)`` for a preset dataset; InputError if the data is absent."""
    if name not in PRESETS:
        raise InputError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    collection, rel, reader = PRESETS[name]
    path = shared_data_dir() / rel
    if not path.is_file():
        raise InputError(f"the {name} data is not at {path}; put the project's datasets in ../shared/data or set NEWSPROBE_SHARED_DATA")
    return collection, str(path), reader(str(path))


# --- importing ----------------------------------------------------------------------------


@dataclass
class ImportReport:
    collection: str
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    encoded: int = 0
    failed: list[BadRecord] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def _hash(fc: FactCheck) -> str:
    """Hash of what the embedding sees: a change re-encodes the record."""
    return hashlib.sha256(fc.embed_text.encode("utf-8", "replace")).hexdigest()[:16]


def _record_hash(fc: FactCheck) -> str:
    """Hash of every field: a change counts as an update."""
    fields = [fc.claim, fc.verdict, fc.publisher, fc.url, fc.date, fc.title, json.dumps(dict(fc.extra), sort_keys=True)]
    return hashlib.sha256(json.dumps(fields).encode("utf-8", "replace")).hexdigest()[:16]


def import_records(
    store: Any,
    records: Iterable[Parsed],
    *,
    collection: str,
    embed: bool = True,
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Insert or update ``records`` in ``collection``; bad records are collected, never fatal.

    Embeddings are computed only for new records and records whose text changed.
    """
    from .ml import factcheck_model

    report = ImportReport(collection=collection)
    con = store.con
    enc_id = factcheck_model.encoder_id()
    existing: dict[str, str | None] = {}
    existing_rec: dict[str, str] = {}
    for rid, h, rh, em in con.execute(
        f"SELECT id, text_hash, record_hash, emb_model FROM {TABLE} WHERE collection = ?", [collection]
    ).fetchall():
        # an embedding made by another encoder counts as missing: the record is re-encoded
        existing[rid], existing_rec[rid] = (h if em == enc_id else None), rh
    pending: dict[str, FactCheck] = {}

    def flush() -> None:
        if not pending:
            return
        batch = list(pending.values())
        pending.clear()
        embs: dict[str, bytes] = {}
        if embed:
            changed = [fc for fc in batch if existing.get(fc.id) != _hash(fc)]
            embs.update(_existing_embeddings(con, collection, [fc.id for fc in batch if existing.get(fc.id) == _hash(fc)]))
            changed += [fc for fc in batch if existing.get(fc.id) == _hash(fc) and fc.id not in embs]
            if changed:
                vecs = factcheck_model.encode([fc.embed_text for fc in changed])
                report.encoded += len(changed)
                for fc, v in zip(changed, vecs):
                    embs[fc.id] = np.asarray(v, dtype=np.float32).tobytes()
        rows = []
        now = _now()
        for fc in batch:
            h, rh = _hash(fc), _record_hash(fc)
            if fc.id in existing_rec:
                if existing_rec[fc.id] == rh:
                    report.unchanged += 1
                else:
                    report.updated += 1
            else:
                report.inserted += 1
            existing[fc.id], existing_rec[fc.id] = h, rh
            rows.append(
                (
                    collection, fc.id, fc.claim, fc.verdict, fc.publisher, fc.url, fc.date, fc.title,
                    json.dumps(dict(fc.extra), ensure_ascii=False) if fc.extra else None,
                    embs.get(fc.id), enc_id if embs.get(fc.id) is not None else None, h, rh, now,
                )
            )
        con.execute("BEGIN")
        try:
            con.executemany(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            con.execute("COMMIT")
        except Exception as e:
            con.execute("ROLLBACK")
            raise StoreError(f"could not write fact-checks to {store.path}: {e}") from e
        if progress:
            progress(len(batch))

    for rec in records:
        if isinstance(rec, BadRecord):
            report.failed.append(rec)
            continue
        report.read += 1
        pending[rec.id] = rec  # a repeated id inside one file: the last one wins
        if len(pending) >= batch_size:
            flush()
    flush()
    clear_cache()
    return report


def _existing_embeddings(con: Any, collection: str, ids: Sequence[str]) -> dict[str, bytes]:
    if not ids:
        return {}
    rows = con.execute(
        f"SELECT id, embedding FROM {TABLE} WHERE collection = ? AND id IN (SELECT unnest(?))", [collection, list(ids)]
    ).fetchall()
    return {rid: bytes(e) for rid, e in rows if e is not None}


def stale_embeddings(store: Any) -> int:
    """How many stored records lack an embedding of the current encoder (see ``reembed``)."""
    from .ml import factcheck_model

    return int(store.con.execute(
        f"SELECT count(*) FROM {TABLE} WHERE embedding IS NULL OR emb_model IS DISTINCT FROM ?", [factcheck_model.encoder_id()]
    ).fetchone()[0])


def reembed(store: Any, *, batch_size: int = 512, progress: Callable[[int], None] | None = None) -> int:
    """Re-encode the records whose stored embedding is missing or was made by another encoder.

    Returns how many were encoded; ``progress(n)`` after each batch. Safe to interrupt: each
    batch is committed with the encoder id, so a second run continues where it stopped.
    """
    from .ml import factcheck_model

    enc_id = factcheck_model.encoder_id()
    rows = store.con.execute(
        f"SELECT collection, id, claim FROM {TABLE} WHERE embedding IS NULL OR emb_model IS DISTINCT FROM ? ORDER BY collection, id",
        [enc_id],
    ).fetchall()
    done = 0
    for s in range(0, len(rows), max(1, batch_size)):
        batch = rows[s : s + max(1, batch_size)]
        vecs = factcheck_model.encode([FactCheck(id=r[1], claim=r[2]).embed_text for r in batch])
        store.con.execute("BEGIN")
        try:
            store.con.executemany(
                f"UPDATE {TABLE} SET embedding = ?, emb_model = ?, text_hash = ? WHERE collection = ? AND id = ?",
                [(np.asarray(v, dtype=np.float32).tobytes(), enc_id, _hash(FactCheck(id=r[1], claim=r[2])), r[0], r[1]) for r, v in zip(batch, vecs)],
            )
            store.con.execute("COMMIT")
        except Exception as e:
            store.con.execute("ROLLBACK")
            raise StoreError(f"could not write re-encoded fact-checks to {store.path}: {e}") from e
        done += len(batch)
        if progress:
            progress(len(batch))
    if done:
        clear_cache()
    return done


def stats(store: Any) -> list[dict[str, Any]]:
    """Per collection: records, with embeddings, verdict counts (top 10)."""
    out = []
    for coll, n, n_emb in store.con.execute(
        f"SELECT collection, count(*), count(embedding) FROM {TABLE} GROUP BY collection ORDER BY collection"
    ).fetchall():
        verdicts = store.con.execute(
            f"SELECT coalesce(verdict, '(none)'), count(*) c FROM {TABLE} WHERE collection = ? GROUP BY 1 ORDER BY c DESC LIMIT 10",
            [coll],
        ).fetchall()
        out.append({"collection": coll, "records": n, "embedded": n_emb, "verdicts": dict(verdicts)})
    return out


# --- BM25 -------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
_TAG = re.compile(r"(?<!\w)[@#](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])")
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being am do does did
    have has had it its this that these those there here he she they we you i me my our your his her their them us
    him not no so than then too very can could will would should may might must shall just about into over under
    again further once all any both each few more most other some such only own same s t don now what which who whom
    whose when where why how up down out off rt via amp""".split()
)


def clean_query(text: str) -> str:
    """Drop links and split hashtags and handles into words ("#StopTheBill" -> "Stop The Bill").

    An embedded tweet's signature ("— Name (@handle) May 3, 2020") is kept on purpose: the
    speaker's name often appears in the fact-checked claim (measured on the CLEF 2020 train
    tweets: removing it costs 0.03 MAP@5 with BM25; splitting tags gains 0.03).
    """
    text = _URL.sub(" ", text[:MAX_QUERY_CHARS])
    return _TAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)


#: An embedded tweet's closing signature: "— Jane Roe (@jroe) May 3, 2020".
_SIGNATURE = re.compile(r"[—–-]\s*([^()\n—\s][^()\n—]{0,59}?)\s*\(@\w+\)\s*\w+\s+\d{1,2},\s*\d{4}\s*$")


def embed_query(text: str) -> str:
    """What MiniLM encodes for a query: ``clean_query`` with a tweet signature cut to the name.

    The handle and date of "— Jane Roe (@jroe) May 3, 2020" only add noise to the sentence
    embedding, while the name helps (CLEF 2020 tweets, cosine alone: train MAP@5 0.830 with
    the whole signature, 0.814 without it, 0.831 with the name only; dev 0.807, 0.790, 0.824).
    """
    text = text[:MAX_QUERY_CHARS]
    head, tail = text[:-160], text[-160:]  # a signature is short and last: look only there
    return clean_query(head + _SIGNATURE.sub(lambda m: " " + m.group(1), tail))


def _stem(word: str) -> str:
    """A light English suffix stripper (plurals and possessives) so 'vaccines' meets 'vaccine'."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """BM25 terms: lower-cased words, stop words dropped, lightly stemmed."""
    return [_stem(w) for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOPWORDS]


class BM25:
    """Okapi BM25 with the document weights precomputed into a sparse matrix (terms x docs)."""

    def __init__(self, docs: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        from scipy.sparse import csr_matrix

        self.vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        lengths = np.zeros(len(docs), dtype=np.float32)
        for d, text in enumerate(docs):
            counts: dict[int, int] = {}
            toks = terms(text)
            lengths[d] = len(toks)
            for t in toks:
                j = self.vocab.setdefault(t, len(self.vocab))
                counts[j] = counts.get(j, 0) + 1
            for j, c in counts.items():
                rows.append(j)
                cols.append(d)
                vals.append(c)
        n = len(docs)
        tf = csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(len(self.vocab), max(n, 0)))
        df = np.diff(tf.indptr).astype(np.float32)
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        avg = float(lengths.mean()) if n else 1.0
        tf = tf.tocoo()
        norm = k1 * (1.0 - b + b * lengths[tf.col] / max(avg, 1e-9))
        w = self.idf[tf.row] * tf.data * (k1 + 1.0) / (tf.data + norm)
        self.weights = csr_matrix((w.astype(np.float32), (tf.row, tf.col)), shape=tf.shape)
        self.n_docs = n

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (zeros when no term is known)."""
        ids = [self.vocab[t] for t in set(terms(query)) if t in self.vocab]
        if not ids or not self.n_docs:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self.weights[ids].sum(axis=0)).ravel()


# --- the index and search ---------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    collection: str
    id: str
    claim: str
    verdict: str | None
    publisher: str | None
    url: str | None
    score: float
    cosine: float
    bm25: float
    rank_score: float = 0.0
    #: the cross-encoder's probability that this is the query's claim (None: not scored by it)
    cross: float | None = None
    #: ids of the same fact-check stored again in the collection (``FactCheckIndex.twins``), shown once
    duplicates: tuple[str, ...] = ()

    def to_dict(self, *, full: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "claim": self.claim, "verdict": self.verdict}
        if full:
            out.update(publisher=self.publisher, url=self.url, collection=self.collection)
            if self.duplicates:
                out["duplicates"] = list(self.duplicates)
        out["score"] = round(self.score, 4)
        return out


_QUOTE_MARKS = str.maketrans("", "", "\"'`´“”‘’„‟‚‛«»‹›")


def twin_key(collection: str, claim: str, title: str, verdict: str | None) -> tuple[str, str, str | None]:
    """Records with the same key are one fact-check stored twice: same collection, verdict, and
    claim and title up to quote marks, case and spacing."""
    text = " ".join(f"{claim} || {title}".translate(_QUOTE_MARKS).split()).casefold()
    return collection, text, verdict


def twin_groups(collection: Sequence[str], claims: Sequence[str], titles: Sequence[str],
                verdicts: Sequence[str | None]) -> list[int]:
    """For each record, the index of its group's representative (itself when it has no twin).

    The representative is the first record (in index order) whose claim uses straight double
    quotes, else the first record. In the CLEF 2020 Snopes claims, 181 records are
    another record's twin (mostly one copy with double, one with single quote marks); of the train
    tweets' gold claims that have a twin, 184 of 189 are the record shown (dev: 48 of 48;
    ``eval/factcheck_map.py`` prints both).
    """
    groups: dict[tuple[str, str, str | None], list[int]] = {}
    for i, key in enumerate(map(twin_key, collection, claims, titles, verdicts)):
        groups.setdefault(key, []).append(i)
    rep = list(range(len(claims)))
    for members in groups.values():
        if len(members) > 1:
            chosen = next((i for i in members if '"' in claims[i]), members[0])
            for i in members:
                rep[i] = chosen
    return rep


class FactCheckIndex:
    """All fact-checks of a store in memory: BM25 weights, embeddings and the records."""

    def __init__(self, rows: Sequence[tuple[Any, ...]]) -> None:
        self.collection = [r[0] for r in rows]
        self.ids = [r[1] for r in rows]
        self.claims = [r[2] for r in rows]
        self.verdicts = [r[3] for r in rows]
        self.publishers = [r[4] for r in rows]
        self.urls = [r[5] for r in rows]
        self.titles = [r[6] or "" for r in rows]
        from .ml import factcheck_model

        #: the encoder whose vectors ``emb`` holds; stored vectors of another encoder are ignored
        self.encoder_id = factcheck_model.encoder_id()
        texts = [FactCheck(id="", claim=c, title=t).search_text for c, t in zip(self.claims, self.titles)]
        self.bm25 = BM25(texts)
        emb = np.zeros((len(rows), 384), dtype=np.float32)
        self.has_emb = np.zeros(len(rows), dtype=bool)
        for i, r in enumerate(rows):
            made_by = r[8] if len(r) > 8 else EMB_MODEL
            if r[7] is not None and len(r[7]) == 384 * 4 and made_by == self.encoder_id:
                emb[i] = np.frombuffer(bytes(r[7]), dtype=np.float32)
                self.has_emb[i] = True
        self.emb = emb
        #: records without a usable stored embedding (none, or another encoder's): encoded on first search
        self.stale = int((~self.has_emb).sum())
        #: per record, its twin group's representative (``twin_groups``): a result list shows each fact-check once
        self.rep = twin_groups(self.collection, self.claims, self.titles, self.verdicts)
        self.twins: dict[int, list[int]] = {}
        for i, rep in enumerate(self.rep):
            if rep != i:
                self.twins.setdefault(rep, [rep]).append(i)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_connection(cls, con: Any) -> "FactCheckIndex":
        rows = con.execute(
            f"SELECT collection, id, claim, verdict, publisher, url, title, embedding, emb_model FROM {TABLE} ORDER BY collection, id"
        ).fetchall()
        return cls(rows)

    def ensure_embeddings(self) -> None:
        """Encode, in memory, records stored without an embedding of the current encoder
        (imported with ``embed=False``, or by another encoder: ``reembed`` fixes the store)."""
        missing = np.flatnonzero(~self.has_emb)
        if len(missing):
            from .ml import factcheck_model

            self.emb[missing] = factcheck_model.encode([self.claims[i].strip() for i in missing])
            self.has_emb[missing] = True

    def search_many(
        self,
        queries: Sequence[str],
        top: int = 5,
        *,
        w_cos: float | None = None,
        candidates: int = CANDIDATES,
        query_vectors: np.ndarray | None = None,
        rerank: bool = True,
        cross_depth: int | None = None,
    ) -> list[list[Match]]:
        """The ``top`` matches of each query, best first.

        Order: the linear re-ranker over ``rerank_features`` (or, with ``rerank=False``, the
        combined score), then, when the cross-encoder is shipped (``models/factchecks/cross.*``),
        its first ``cross_depth`` candidates re-ordered by ``linear + weight * cross score``
        (``cross_depth`` None: the shipped depth; 0: no cross-encoder). ``Match.score`` is always
        the combined BM25 + cosine score; ``Match.cross`` the cross-encoder's probability (None
        when it did not score that match); ``Match.rank_score`` is what ordered the list.
        A fact-check stored more than once (``twin_groups``) appears once, at the place of its
        best-placed copy, as its group's representative record; ``Match.duplicates`` lists the
        other copies' ids.
        """
        if not len(self) or not queries:
            return [[] for _ in queries]
        weights, default_w_cos, _ = active_weights()
        w_cos = default_w_cos if w_cos is None else w_cos
        cleaned = [clean_query(q if isinstance(q, str) else "") for q in queries]
        if query_vectors is None:
            from .ml import factcheck_model

            query_vectors = factcheck_model.encode([embed_query(q if isinstance(q, str) else "") for q in queries])
        self.ensure_embeddings()
        cos_all = query_vectors @ self.emb.T  # (queries, docs)
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        for qi, q in enumerate(cleaned):
            bm = self.bm25.scores(q)
            cos = cos_all[qi]
            idx = self.candidates(cos, bm, candidates)
            combined = combine(cos[idx], bm[idx], float(bm.max()), w_cos)
            if rerank and weights:
                feats = rerank_features(q, cos[idx], bm[idx], float(bm.max()), [self.claims[i] for i in idx], [self.titles[i] for i in idx])
                key = feats @ np.asarray(weights, dtype=np.float32)
            else:
                key = combined
            found.append((idx, combined, key, cos, bm))
        cross = _cross_scores(self, queries, found, cross_depth) if rerank and weights else None
        out: list[list[Match]] = []
        for qi, (idx, combined, key, cos, bm) in enumerate(found):
            probs: dict[int, float] = {}
            if cross is not None:
                key, probs = cross[qi]
            matches: list[Match] = []
            shown: set[int] = set()
            for p in np.argsort(-key, kind="stable"):
                p = int(p)
                i = int(idx[p])
                r = self.rep[i]
                if r in shown:
                    continue
                shown.add(r)
                dups = tuple(self.ids[j] for j in self.twins.get(r, ()) if j != r)
                matches.append(
                    Match(
                        collection=self.collection[r], id=self.ids[r], claim=self.claims[r], verdict=self.verdicts[r],
                        publisher=self.publishers[r], url=self.urls[r], score=float(combined[p]),
                        cosine=float(cos[i]), bm25=float(bm[i]), rank_score=float(key[p]), cross=probs.get(p),
                        duplicates=dups,
                    )
                )
                if len(matches) >= top:
                    break
            out.append(matches)
        return out

    def candidates(self, cos: np.ndarray, bm: np.ndarray, k: int = CANDIDATES) -> np.ndarray:
        """Union of the top ``k`` by cosine and the top ``k`` by BM25 (sorted indices)."""
        cand = set(_top_indices(cos, k).tolist())
        if len(bm) and bm.max() > 0:
            cand.update(_top_indices(bm, k).tolist())
        return np.fromiter(sorted(cand), dtype=np.int64, count=len(cand))

    def search(self, query: str, top: int = 5) -> list[Match]:
        return self.search_many([query], top)[0]


def _cross_scores(
    index: "FactCheckIndex",
    queries: Sequence[str],
    found: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
    depth: int | None,
) -> list[tuple[np.ndarray, dict[int, float]]] | None:
    """Per query: the sort key after the cross-encoder re-ordered the first candidates, and the
    cross-encoder's probability per scored candidate position; None when no cross-encoder is
    shipped for the current encoder or ``depth`` is 0. All queries' pairs go through one batched call."""
    from .ml import factcheck_cross as xc

    loaded = xc.load_cross() if depth != 0 else None
    if loaded is None:
        return None
    model, cfg = loaded
    depth = cfg.depth if depth is None else max(0, int(depth))
    tops = [np.argsort(-key, kind="stable")[:depth] for _idx, _comb, key, _cos, _bm in found]
    q_ids = model.model.token_ids([embed_query(q if isinstance(q, str) else "") for q in queries])
    wanted = sorted({int(idx[p]) for (idx, *_rest), top in zip(found, tops) for p in top})
    c_ids = dict(zip(wanted, model.model.token_ids([xc.candidate_text(index.claims[i], index.titles[i]) for i in wanted])))
    pairs = [xc.pair_ids(q_ids[qi], c_ids[int(found[qi][0][p])]) for qi, top in enumerate(tops) for p in top]
    scores = model.score_ids(pairs)
    out: list[tuple[np.ndarray, dict[int, float]]] = []
    at = 0
    for (idx, _comb, key, _cos, _bm), top in zip(found, tops):
        cr = np.zeros(len(key), dtype=np.float32)
        cr[top] = scores[at : at + len(top)]
        at += len(top)
        probs = {int(p): float(1.0 / (1.0 + np.exp(-float(cr[p])))) for p in top}
        out.append((xc.rerank_key(key, cr, cfg.weight, depth), probs))
    return out


_NUMBER = re.compile(r"\d[\d,.]*")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
#: Names of the re-ranker features, in order (see ``rerank_features``).
RERANK_FEATURES = (
    "cosine", "cosine - best cosine", "bm25 / best bm25", "bm25", "log(1 + bm25 rank)", "log(1 + cosine rank)",
    "token_set_ratio(query, claim)", "partial_ratio(query, claim)", "token_set_ratio(query, title)",
    "numbers of the claim in the query", "claim has numbers, none in the query", "capitalised words shared",
)


def rerank_features(
    query: str, cos: np.ndarray, bm: np.ndarray, bm_max: float, claims: Sequence[str], titles: Sequence[str]
) -> np.ndarray:
    """Features of each candidate for the linear re-ranker (rows: candidates; columns: ``RERANK_FEATURES``).

    ``query`` is the cleaned query; ``cos`` and ``bm`` the candidates' cosine and BM25 scores;
    ranks are within the candidates (tied scores share a rank). Word-overlap features use rapidfuzz on lower-cased text.
    """
    from rapidfuzz import fuzz

    n = len(cos)
    out = np.zeros((n, len(RERANK_FEATURES)), dtype=np.float32)
    if not n:
        return out
    # ranks count the candidates scoring strictly higher, so ties share a rank and the
    # candidates' order (index order = id order) cannot leak into the ranking
    rank_bm = np.searchsorted(np.sort(-bm), -bm, side="left").astype(np.float32)
    rank_cos = np.searchsorted(np.sort(-cos), -cos, side="left").astype(np.float32)
    ql = query.lower()
    q_nums = set(_NUMBER.findall(query))
    q_caps = {w.lower() for w in _CAPITALISED.findall(query)}
    out[:, 0] = cos
    out[:, 1] = cos - cos.max()
    out[:, 2] = bm / bm_max if bm_max > 0 else 0.0
    out[:, 3] = bm
    out[:, 4] = np.log1p(rank_bm)
    out[:, 5] = np.log1p(rank_cos)
    for j, (claim, title) in enumerate(zip(claims, titles)):
        c_nums = set(_NUMBER.findall(claim))
        c_caps = {w.lower() for w in _CAPITALISED.findall(claim + " " + title)}
        out[j, 6] = fuzz.token_set_ratio(ql, claim.lower()) / 100.0
        out[j, 7] = fuzz.partial_ratio(ql, claim.lower()) / 100.0
        out[j, 8] = fuzz.token_set_ratio(ql, title.lower()) / 100.0 if title else 0.0
        out[j, 9] = len(q_nums & c_nums) / (len(c_nums) or 1)
        out[j, 10] = float(bool(c_nums) and not (q_nums & c_nums))
        out[j, 11] = len(q_caps & c_caps) / (len(c_caps) or 1)
    return out


def active_weights() -> tuple[tuple[float, ...], float, float]:
    """``(re-ranker weights, cosine weight, match threshold)`` for the current encoder: the
    shipped ``reranker.json`` when it was fitted for that encoder, else the built-in constants."""
    from .ml import factcheck_model

    r = factcheck_model.load_reranker()
    if r is None or len(r.weights) != len(RERANK_FEATURES):
        return RERANK_WEIGHTS, W_COS, MATCH_THRESHOLD
    return r.weights, r.w_cos, r.match_threshold


def combine(cos: np.ndarray, bm: np.ndarray, bm_max: float, w_cos: float | None = None) -> np.ndarray:
    """The combined score: ``w_cos * cosine + (1 - w_cos) * bm25 / max bm25 of the query``
    (``w_cos`` defaults to the current encoder's, see ``active_weights``)."""
    if w_cos is None:
        w_cos = active_weights()[1]
    bm_norm = bm / bm_max if bm_max > 0 else np.zeros_like(bm)
    return w_cos * cos + (1.0 - w_cos) * bm_norm


def _top_indices(values: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(values))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-values, k - 1)[:k]
    return part[np.argsort(-values[part], kind="stable")]


_CACHE: dict[str, FactCheckIndex] = {}
_CACHE_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget the cached indexes (``import_records`` calls this after writing)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def load_index(path: str, *, con: Any = None) -> FactCheckIndex:
    """The index of the store at ``path``, built once per process and then reused.

    Uses the open connection ``con`` when given, else opens the file read-only (or, when this
    process already has it open for writing, through a shared connection that only reads).
    Raises StoreError if the file or the table is missing. Imports in this process refresh
    the cache; another process's import is seen after ``clear_cache`` or a restart.
    """
    key = os.path.abspath(path)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
    if hit is not None:
        return hit
    if con is not None:
        index = _index_from(con, path)
    else:
        if not os.path.isfile(key):
            raise StoreError(f"no store at {path!r}; import fact-checks first with `newsprobe factchecks import`")
        import duckdb

        try:
            own = duckdb.connect(key, read_only=True)
        except duckdb.Error:
            try:  # this process holds the file open for writing: a second connection shares it
                own = duckdb.connect(key)
            except duckdb.Error as e:
                raise StoreError(f"cannot open the store {path!r} to read fact-checks: {e}") from e
        try:
            index = _index_from(own, path)
        finally:
            own.close()
    with _CACHE_LOCK:
        _CACHE[key] = index
    return index


def _index_from(con: Any, path: str) -> FactCheckIndex:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [TABLE]
    ).fetchone()[0]
    if not found:
        raise StoreError(f"the store {path!r} has no fact-checks; import some with `newsprobe factchecks import`")
    return FactCheckIndex.from_connection(con)


def is_match(m: Match) -> bool:
    """Whether a match is close enough to count as the same claim: its cross-encoder probability
    against the shipped cross-encoder threshold when it has one (``cross.json``), else its
    combined score against the re-ranker's threshold (see ``active_weights``)."""
    if m.cross is not None:
        from .ml import factcheck_cross as xc

        cfg = xc.load_config()
        if cfg is not None and cfg.match_threshold is not None:
            return m.cross >= cfg.match_threshold
    return m.score >= active_weights()[2]


__all__ = [
    "BM25", "BadRecord", "FactCheck", "FactCheckIndex", "FieldMap", "ImportReport", "Match", "PRESETS",
    "active_weights", "clean_query", "combine", "embed_query", "rerank_features", "import_records", "load_index", "preset",
    "read_file", "reembed", "stale_embeddings", "stats", "terms",
]
