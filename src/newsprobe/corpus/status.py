"""What a corpus run has done: the ``corpus_inputs`` table and ``corpus_status``.

The driver of ``newsprobe corpus run`` records every input document it reads in
``corpus_inputs`` (its key, the input it came from, its position), a batch at a time, before
the batch goes to the workers, and marks it ``done`` or ``failed`` when the batch comes back.
So after a crash, ``corpus_status`` can say what is done (the key is in ``articles``), what
failed (with the error) and what is pending (read but not finished, plus, for an interrupted
run whose inputs were counted first, the records not read yet). See docs/corpus.md.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

from ..store import Store, register_migration

register_migration(
    "0003_corpus_inputs",
    """
    CREATE TABLE IF NOT EXISTS corpus_inputs (
        key VARCHAR PRIMARY KEY, input VARCHAR, source VARCHAR, line INTEGER, state VARCHAR,
        message VARCHAR, run_id VARCHAR, updated_at TIMESTAMP
    );
    """,
)

#: The states of a ``corpus_inputs`` row.
STATES = ("pending", "done", "failed")
#: The command name corpus runs record in ``runs.command`` (followed by the inputs).
RUN_COMMAND = "corpus run"

_REGISTER = """
INSERT INTO corpus_inputs
SELECT r.key, r.input, r.source, r.line, 'pending', NULL, r.run_id, r.updated_at
FROM (SELECT unnest(?::STRUCT(key VARCHAR, input VARCHAR, source VARCHAR, line INTEGER, run_id VARCHAR,
                              updated_at TIMESTAMP)[]) AS r)
ON CONFLICT DO NOTHING
"""


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class InputRow:
    """One input document as the driver read it."""

    key: str
    input: str
    source: str
    line: int | None


def register_inputs(db: Store, rows: Sequence[InputRow], run_id: str | None) -> set[str]:
    """Record ``rows`` (those not recorded yet) as pending; returns the keys already done
    (stored in ``articles``), which the run skips. One batch, a few statements."""
    if not rows:
        return set()
    now = _now()
    unique = {r.key: r for r in rows}
    db.con.execute(_REGISTER, [[{"key": r.key, "input": r.input, "source": r.source, "line": r.line,
                                 "run_id": run_id, "updated_at": now} for r in unique.values()]])
    done = db.existing_ids(list(unique))
    if done:
        mark_inputs(db, done, "done", run_id=None)
    return done


def mark_inputs(db: Store, keys: Iterable[str], state: str, *, run_id: str | None, message: str | None = None) -> None:
    """Set the state (``done`` or ``failed``, with ``message``) of ``keys``."""
    if state not in STATES:
        raise ValueError(f"unknown input state {state!r}; use one of {', '.join(STATES)}")
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return
    db.con.execute(
        "UPDATE corpus_inputs SET state = ?, message = ?, run_id = coalesce(?, run_id), updated_at = ? "
        "WHERE key IN (SELECT unnest(?::VARCHAR[]))",
        [state, message, run_id, _now(), wanted],
    )


def mark_failed(db: Store, failed: Sequence[tuple[str, str]], *, run_id: str | None) -> None:
    """Mark each ``(key, message)`` failed."""
    if failed:
        db.con.execute(
            "UPDATE corpus_inputs SET state = 'failed', message = r.message, run_id = coalesce(?, corpus_inputs.run_id), "
            "updated_at = ? FROM (SELECT unnest(?::STRUCT(key VARCHAR, message VARCHAR)[]) AS r) AS t "
            "WHERE corpus_inputs.key = t.r.key",
            [run_id, _now(), [{"key": k, "message": m} for k, m in failed]],
        )


@dataclass
class CorpusStatus:
    """Counts of a store's corpus inputs: ``done`` (in ``articles``), ``failed`` (with an error,
    not stored), ``pending`` (read but not finished, plus ``unread``: records of an interrupted
    run's counted inputs it never reached; None when that is unknown)."""

    done: int = 0
    failed: int = 0
    pending: int = 0
    registered: int = 0
    unread: int | None = 0
    last_run: dict[str, Any] | None = None
    failures: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _last_run(db: Store) -> dict[str, Any] | None:
    row = db.query(
        "SELECT run_id, started_at, finished_at, command, settings, n_ok, n_failed FROM runs "
        "WHERE command LIKE ? ORDER BY started_at DESC LIMIT 1", [RUN_COMMAND + "%"],
    ).fetchone()
    if row is None:
        return None
    settings = json.loads(row[4] or "{}")
    return {"run_id": row[0], "started_at": str(row[1]), "finished_at": None if row[2] is None else str(row[2]),
            "command": row[3], "n_ok": row[5], "n_failed": row[6], "inputs": settings.get("inputs", []),
            "expected": settings.get("expected")}


def corpus_status(store: str, *, failures: int = 10) -> CorpusStatus:
    """Done, failed and pending documents of the corpus runs recorded in ``store`` (opened
    read-only, so it works during a run between its writes and after a crash), with the first
    ``failures`` failed documents and their errors."""
    with Store(store, read_only=True) as db:
        tables = {r[0] for r in db.query("SELECT table_name FROM information_schema.tables").fetchall()}
        status = CorpusStatus()
        if "corpus_inputs" not in tables:
            status.last_run = _last_run(db)
            return status
        row = db.query(
            "SELECT count(*), count(a.id), count(*) FILTER (WHERE a.id IS NULL AND c.state = 'failed') "
            "FROM corpus_inputs c LEFT JOIN articles a ON a.id = c.key"
        ).fetchone()
        status.registered, status.done, status.failed = int(row[0]), int(row[1]), int(row[2])
        status.pending = status.registered - status.done - status.failed
        last = _last_run(db)
        status.last_run = last
        if last is not None and last["finished_at"] is None:
            if last.get("expected") is None:
                status.unread = None
            else:
                seen = db.query("SELECT count(*) FROM corpus_inputs WHERE input IN (SELECT unnest(?::VARCHAR[]))",
                                [list(last["inputs"])]).fetchone()[0]
                status.unread = max(0, int(last["expected"]) - int(seen))
                status.pending += status.unread
        cur = db.query(
            "SELECT c.key, c.source, c.line, c.message FROM corpus_inputs c LEFT JOIN articles a ON a.id = c.key "
            "WHERE a.id IS NULL AND c.state = 'failed' ORDER BY c.updated_at, c.key LIMIT ?", [failures],
        )
        status.failures = [dict(zip(("key", "source", "line", "message"), r)) for r in cur.fetchall()]
    return status


def format_status(status: CorpusStatus) -> str:
    """The text ``newsprobe corpus status`` prints."""
    lines = [f"done     {status.done:>10,}", f"failed   {status.failed:>10,}", f"pending  {status.pending:>10,}"]
    if status.unread is None:
        lines.append("(the last run was interrupted before the end, and its inputs were not counted: "
                     "records it never read are not in pending)")
    elif status.unread:
        lines.append(f"(of the pending, {status.unread:,} were never read by the interrupted last run)")
    if status.last_run:
        state = "finished" if status.last_run["finished_at"] else "not finished (running, or interrupted)"
        lines.append(f"last run {status.last_run['run_id']} started {status.last_run['started_at']}: {state}")
    if status.pending and status.last_run and not status.last_run["finished_at"]:
        lines.append("run the same `newsprobe corpus run` command again to finish it")
    for f in status.failures:
        lines.append(f"  failed {f['source']}: {f['message']}")
    return "\n".join(lines)


__all__ = ["CorpusStatus", "InputRow", "RUN_COMMAND", "STATES", "corpus_status", "format_status", "mark_failed",
           "mark_inputs", "register_inputs"]
