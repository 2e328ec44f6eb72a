"""Model artifacts stored as gzip-compressed JSON: written byte for byte the same for the same
model (no timestamp in the gzip header), read with errors that say how to rebuild them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from ..errors import ModelError


def write_json_gz(path: Path, data: Any) -> None:
    """``data`` as compact, key-sorted JSON in a gzip file with mtime 0 (reproducible bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw_json = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(raw_json)


def read_json_gz(path: Path, what: str, command: str) -> Any:
    """The JSON in ``path``; a ``ModelError`` naming ``what`` and the ``command`` that rebuilds it
    when the file is missing or unreadable."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError as e:
        raise ModelError(f"{what} {path} is missing; rebuild it with `{command}`") from e
    except (OSError, ValueError) as e:
        raise ModelError(f"{what} {path} is unreadable ({e}); rebuild it with `{command}`") from e


__all__ = ["read_json_gz", "write_json_gz"]
