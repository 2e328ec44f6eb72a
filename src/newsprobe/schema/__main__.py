"""Check files of newsprobe/1 articles: ``python -m newsprobe.schema OUT.jsonl [MORE ...]``.

Reads JSON Lines (one article a line) or one JSON article per file (``-`` reads stdin), prints
``FILE:LINE: where: what`` for every problem and exits 1 when there was one, else prints how
many articles were checked.
"""

from __future__ import annotations

import json
import sys
from typing import Iterator, TextIO

from . import problems


def _records(name: str, stream: TextIO) -> Iterator[tuple[str, object]]:
    text = stream.read()
    stripped = text.lstrip()
    if stripped.startswith("{") and "\n{" not in stripped:
        try:  # one (maybe pretty-printed) JSON article
            yield f"{name}:1", json.loads(text)
            return
        except json.JSONDecodeError:
            pass
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield f"{name}:{lineno}", json.loads(line)
            except json.JSONDecodeError as e:
                yield f"{name}:{lineno}", e


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if args else 2
    n_articles = n_bad = n_unreadable = 0
    for name in args:
        try:
            stream = sys.stdin if name == "-" else open(name, encoding="utf-8")
        except OSError as e:
            print(f"{name}: cannot read it ({e.strerror})", file=sys.stderr)
            n_unreadable += 1
            continue
        with stream:
            for where, data in _records(name, stream):
                n_articles += 1
                found = [f"not valid JSON ({data.msg} at column {data.colno})"] if isinstance(data, json.JSONDecodeError) else problems(data)
                for problem in found:
                    print(f"{where}: {problem}")
                n_bad += bool(found)
    if n_bad or n_unreadable:
        unread = f"; {n_unreadable} file(s) could not be read" if n_unreadable else ""
        print(f"{n_bad} of {n_articles} article(s) are not valid newsprobe/1 (see docs/schema.md){unread}", file=sys.stderr)
        return 1
    print(f"{n_articles} article(s), all valid newsprobe/1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
