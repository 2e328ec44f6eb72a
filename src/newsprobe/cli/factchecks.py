"""``newsprobe factchecks``: import fact-checks into the fact-check database, search them, show counts.

Every command takes ``--db`` (default: the ``factcheck_db`` setting, i.e. ``factchecks.duckdb``
beside the store). ``--store S`` is kept, hidden, for old scripts: it means "the default
database beside the store S"."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterator

import click

from . import cli
from ..errors import InputError
from ..settings import Settings, load_settings

DB_HELP = "Fact-check database file (default: the `factcheck_db` setting: factchecks.duckdb beside the store)."
STORE_HELP = "Old spelling: use the fact-check database beside this store file."


def db_options(f: Any) -> Any:
    """``--db`` and the hidden alias ``--store``."""
    f = click.option("--store", type=click.Path(dir_okay=False), hidden=True, help=STORE_HELP)(f)
    return click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)(f)


def db_path(db: str | None, store: str | None) -> str:
    """The database a command works on: ``--db``, else the one beside ``--store``, else the setting."""
    if db and store:
        raise click.UsageError("give --db or --store, not both")
    if store:
        return Settings(store=store).factcheck_db_path
    return load_settings(factcheck_db=db).factcheck_db_path


@cli.group()
def factchecks() -> None:
    """A local database of fact-checks: import (ClaimReview, CSV, JSONL, presets) and search."""


def _open(path: str):
    from ..factchecks.db import FactCheckDB

    return FactCheckDB(path)


def _print_report(report: Any, source: str, max_errors: int = 20) -> None:
    for bad in report.failed[:max_errors]:
        click.echo(f"newsprobe: {source}: {bad}", err=True)
    if len(report.failed) > max_errors:
        click.echo(f"newsprobe: ... and {len(report.failed) - max_errors} more bad records", err=True)
    click.echo(
        f"{source}: {report.read} records read into collection {report.collection!r}: "
        f"{report.inserted} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.encoded} embedded; {len(report.failed)} failed",
        err=True,
    )


def _run_import(path: str, collection: str, source: str, records: Iterator[Any], embed: bool) -> None:
    from ..factchecks.db import import_records

    with _open(path) as db:
        report = import_records(db, records, collection=collection, embed=embed)
    _print_report(report, source)
    click.echo(f"fact-check database: {path}", err=True)
    if not report.ok:
        sys.exit(1)


@factchecks.command("import")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["claimreview", "csv", "jsonl"]), help="Input format (default: from the extension and content).")
@click.option("--preset", type=click.Choice(["liar", "snopes"]), help="Load a project dataset from ../shared/data instead of FILE.")
@click.option("--collection", help="Collection the records go to (default: the file name without extension). Re-importing into the same collection updates records.")
@click.option("--id-field", help="Field holding each record's own id (default: id; ClaimReview: @id, else url).")
@click.option("--claim-field", help="Field holding the claim text (default: claim; ClaimReview: claimReviewed).")
@click.option("--verdict-field", help="Field holding the verdict (default: verdict; ClaimReview: reviewRating.alternateName).")
@click.option("--publisher-field", help="Field holding the fact-checker's name (default: publisher; ClaimReview: author.name).")
@click.option("--url-field", help="Field holding the fact-check's URL (default: url).")
@click.option("--date-field", help="Field holding the review date (default: date; ClaimReview: datePublished).")
@click.option("--title-field", help="Field holding a title or headline (default: title).")
@click.option("--no-embed", is_flag=True, help="Skip the MiniLM embeddings (faster import; searches then encode the claims once per process).")
@db_options
def import_(file: str | None, fmt: str | None, preset: str | None, collection: str | None, id_field: str | None,
            claim_field: str | None, verdict_field: str | None, publisher_field: str | None, url_field: str | None,
            date_field: str | None, title_field: str | None, no_embed: bool, db: str | None, store: str | None) -> None:
    """Import fact-checks from FILE (ClaimReview JSON/JSON-LD/JSONL, CSV, JSONL) or a --preset.

    Bad records are reported with their line or index; the good ones are kept. The exit code
    is 1 when any record failed. Field options take dotted paths into nested JSON (a.b.c).
    """
    from .. import factchecks as fc

    target = db_path(db, store)
    if preset:
        if file:
            raise click.UsageError("give FILE or --preset, not both")
        coll, path, records = fc.preset(preset)
        _run_import(target, collection or coll, path, records, not no_embed)
        return
    if not file:
        raise click.UsageError("give a FILE to import, or --preset liar|snopes")
    if not Path(file).is_file():
        raise InputError("no such file; check the path", source=file)
    fmt = fmt or fc.detect_format(file)
    given = {"id": id_field, "claim": claim_field, "verdict": verdict_field, "publisher": publisher_field,
             "url": url_field, "date": date_field, "title": title_field}
    base = fc.CLAIMREVIEW_FIELDS if fmt == "claimreview" else fc.FieldMap()
    fields = fc.FieldMap(**{k: (v or getattr(base, k)) for k, v in given.items()}, id_required=bool(id_field))
    records = fc.read_file(file, fmt, fields)
    name = Path(file).name
    for ext in (".gz", ".jsonl", ".json", ".jsonld", ".csv", ".tsv", ".ndjson"):
        name = name[: -len(ext)] if name.endswith(ext) else name
    _run_import(target, collection or name, file, records, not no_embed)


def _preset_command(name: str, preset: str, doc: str) -> None:
    """Register ``factchecks NAME``: load one project dataset with a single command."""

    @factchecks.command(name, help=doc)
    @db_options
    @click.option("--no-embed", is_flag=True, help="Skip the MiniLM embeddings.")
    def command(db: str | None, store: str | None, no_embed: bool) -> None:
        from .. import factchecks as fc

        target = db_path(db, store)
        coll, path, records = fc.preset(preset)
        _run_import(target, coll, path, records, not no_embed)


_preset_command("import-liar", "liar", "Load the LIAR PolitiFact statements (12,836, with verdicts) from ../shared/data.")
_preset_command("import-snopes", "snopes", "Load the CLEF 2020 Snopes verified claims (10,375, no verdicts) from ../shared/data.")


def _read_queries(path: str) -> Iterator[tuple[Any, str | None, str | None]]:
    """``(id, text, error)`` per JSONL record; stdin for '-'."""
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")
    try:
        for lineno, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                yield None, None, f"{path}:{lineno}: not valid JSON ({e.msg})"
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                yield None, None, f"{path}:{lineno}: a record needs a string field 'text'"
                continue
            yield rec.get("id", lineno), rec["text"], None
    finally:
        if stream is not sys.stdin:
            stream.close()


@factchecks.command("search")
@click.argument("text", required=False)
@click.option("--input", "input_path", type=click.Path(dir_okay=False, allow_dash=True), help="JSON Lines of {id, text} queries ('-' for stdin).")
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 100), help="Matches per query.")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), help="Output format (default: text for TEXT, jsonl for --input).")
@db_options
def search(text: str | None, input_path: str | None, top: int, fmt: str | None, db: str | None, store: str | None) -> None:
    """Fact-checks matching TEXT, or each record of --input (one JSON line per record)."""
    from ..factchecks.load import load_index

    if bool(text) == bool(input_path):
        raise click.UsageError("give TEXT or --input FILE.jsonl (not both)")
    index = load_index(db_path(db, store))  # read-only
    if index.stale:
        click.echo(f"newsprobe: {index.stale} fact-checks lack an embedding of the current encoder; encoding them now "
                   "(once per process; store them with `newsprobe factchecks reembed`)", err=True)
    if text:
        matches = index.search(text, top)
        if (fmt or "text") == "jsonl":
            click.echo(json.dumps({"id": None, "matches": [m.to_dict(full=False) for m in matches]}, ensure_ascii=False))
            return
        if not matches:
            click.echo("no fact-checks in the database; import some with `newsprobe factchecks import`", err=True)
        for rank, m in enumerate(matches, 1):
            verdict = f" [{m.verdict}]" if m.verdict else ""
            click.echo(f"{rank}. {m.score:.3f} {m.collection}:{m.id}{verdict} {m.claim}")
            if m.url:
                click.echo(f"   {m.url}")
        return
    failed = 0
    batch: list[tuple[Any, str]] = []

    def flush() -> None:
        results = index.search_many([t for _, t in batch], top)
        for (rid, _), matches in zip(batch, results):
            if (fmt or "jsonl") == "jsonl":
                click.echo(json.dumps({"id": rid, "matches": [m.to_dict(full=False) for m in matches]}, ensure_ascii=False))
            else:
                click.echo(f"{rid}: " + "; ".join(f"{m.id} ({m.score:.3f})" for m in matches))
        batch.clear()

    for rid, qtext, error in _read_queries(input_path or "-"):
        if error:
            failed += 1
            click.echo(f"newsprobe: {error}", err=True)
            continue
        batch.append((rid, qtext or ""))
        if len(batch) >= 64:
            flush()
    if batch:
        flush()
    if failed:
        sys.exit(1)


@factchecks.command("reembed")
@db_options
def reembed_(db: str | None, store: str | None) -> None:
    """Re-encode stored fact-checks whose embedding is missing or was made by another encoder."""
    from ..factchecks.db import reembed, stale_embeddings
    from ..ml.factcheck_model import encoder_id

    with _open(db_path(db, store)) as fdb:
        total = stale_embeddings(fdb)
        if not total:
            click.echo(f"all fact-checks are embedded by {encoder_id()}", err=True)
            return
        click.echo(f"re-embedding {total} fact-checks with {encoder_id()} (minutes for 10,000 on 2 cores) ...", err=True)
        done = [0]

        def progress(n: int) -> None:
            done[0] += n
            click.echo(f"  {done[0]}/{total}", err=True)

        reembed(fdb, progress=progress)
    click.echo(f"re-embedded {done[0]} fact-checks", err=True)


@factchecks.command("stats")
@db_options
def stats_(db: str | None, store: str | None) -> None:
    """Fact-checks per collection, with their most common verdicts."""
    from ..factchecks.db import stats

    path = db_path(db, store)
    if not Path(path).is_file():
        click.echo(f"no fact-check database at {path}; import some with `newsprobe factchecks import`")
        return
    with _open(path) as fdb:
        rows = stats(fdb)
    if not rows:
        click.echo(f"no fact-checks in {path}; import some with `newsprobe factchecks import`")
    for r in rows:
        verdicts = ", ".join(f"{k} {v}" for k, v in r["verdicts"].items())
        click.echo(f"{r['collection']}: {r['records']} records ({r['embedded']} embedded); verdicts: {verdicts}")


@factchecks.command("copy-from-store")
@click.argument("old_store", type=click.Path(dir_okay=False, exists=True))
@db_options
def copy_from_store(old_store: str, db: str | None, store: str | None) -> None:
    """Copy the fact-checks kept in an article store by older versions into the fact-check database."""
    target = db_path(db, store)
    with _open(target) as fdb:
        n = fdb.copy_from_store(old_store)
    click.echo(f"copied {n} fact-checks from {old_store} into {target}", err=True)
