"""Output formats of the read commands: ``--format``, or the extension of ``-o``.

Every command that writes results takes ``--format`` and ``--output/-o``; without
``--format`` the format comes from the output file's extension, and an extension the command
cannot write is refused with a message naming the ones it can.
"""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Any, Iterable, Sequence

import click

from ..errors import NewsprobeError

EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".html": "html", ".htm": "html", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet",
}


def output_format(output: str | None, given: str | None, allowed: Sequence[str], default: str = "text") -> str:
    """``given``, else the format of ``output``'s extension, else ``default``; refuses an
    extension that names no format this command writes."""
    if given:
        return given
    if not output or output == "-":
        return default
    ext = os.path.splitext(output)[1].lower()
    fmt = EXTENSIONS.get(ext)
    names = ", ".join(sorted({e for e, f in EXTENSIONS.items() if f in allowed}))
    if fmt is None or fmt not in allowed:
        why = f"no extension" if not ext else f"the extension {ext!r}"
        raise NewsprobeError(
            f"cannot tell which format to write to {output} from {why}; name the file with one of {names}, "
            f"or pass --format ({'|'.join(allowed)})"
        )
    return fmt


def write_output(content: str, output: str | None) -> None:
    """Write ``content`` to the file ``output``, or to stdout when it is None or ``-``."""
    if output and output != "-":
        try:
            with open(output, "w", encoding="utf-8", newline="") as f:
                f.write(content)
        except OSError as e:
            raise NewsprobeError(f"cannot write {output}: {e.strerror or e}") from e
    else:
        click.echo(content, nl=False)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def rows_to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV with a header; nested values as JSON text, None as an empty cell."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def rows_to_json(rows: Iterable[dict[str, Any]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n"


def rows_to_jsonl(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
