"""Fact-check records and their readers.

A :class:`FactCheck` is one checked claim and what the checker concluded. Readers turn files
into records: ClaimReview JSON / JSON-LD / JSON Lines (:func:`read_claimreview`), CSV/TSV
(:func:`read_csv`) and JSON Lines (:func:`read_jsonl`) with a :class:`FieldMap`, and the
presets ``liar`` and ``snopes`` for the project's datasets (:func:`preset`). A bad record never
stops a reader: it comes out as a :class:`BadRecord` saying where it is and why, and the good
ones are kept. Readers touch no database.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from ..errors import InputError

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
    """The project's datasets: the setting ``shared_data`` (env NEWSPROBE_SHARED_DATA), else
    ``../shared/data`` beside the checkout, else beside the current directory."""
    from ..settings import load_settings

    given = load_settings().shared_data
    if given:
        return Path(given)
    beside_checkout = Path(__file__).resolve().parents[4] / "shared" / "data"
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



def text_hash(fc: FactCheck) -> str:
    """Hash of what the embedding sees: a change re-encodes the record."""
    return hashlib.sha256(fc.embed_text.encode("utf-8", "replace")).hexdigest()[:16]


def record_hash(fc: FactCheck) -> str:
    """Hash of every field: a change counts as an update (and invalidates the stored BM25 index)."""
    values = [fc.claim, fc.verdict, fc.publisher, fc.url, fc.date, fc.title, json.dumps(dict(fc.extra), sort_keys=True)]
    return hashlib.sha256(json.dumps(values).encode("utf-8", "replace")).hexdigest()[:16]
