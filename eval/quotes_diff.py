"""What a change to the quotes stage moves, prediction by prediction (output stays outside the
repository: the listings quote the texts).

Dump the quotes of one checkout, then of another, and compare::

    .venv/bin/python eval/quotes_diff.py dump --polnear dev --cache /tmp/pc-dev --out /tmp/new-dev.json
    .venv/bin/python eval/quotes_diff.py dump --checkout /path/to/old/checkout --polnear dev \
        --cache /tmp/pc-dev --out /tmp/old-dev.json
    .venv/bin/python eval/quotes_diff.py compare /tmp/old-dev.json /tmp/new-dev.json

``--checkout DIR`` runs DIR's ``src/`` and ``eval/polnear.py`` (a ``git worktree`` of the commit
before a change) instead of this checkout's.

``--polnear SPLIT[:OFFSET:LIMIT]`` reads a PolNeAR slice through ``eval/polnear.py`` (its parse
cache); ``--pages DIR`` runs the default pipeline over the English real pages under ``DIR``.
``compare`` counts quotes gone, new and changed in speaker, confidence or doubt, and prints one
line per difference with a little context. ``dump --layer entities`` dumps the entities instead
(label and canonical name), for the same comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

Row = list[Any]
#: PolNeAR beside this checkout (an old checkout's own default may point elsewhere).
POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear-attribution" / "polnear.jsonl.gz"


def _rows(name: str, article: Any, layer: str = "quotes") -> list[Row]:
    text = article.text
    if layer == "entities":  # the same row shape: the canonical name where a quote has its speaker
        return [[name, e.start, e.end, e.label, e.attrs.get("canonical"), None, None, text[max(0, e.start - 120) : e.start], text[e.start : e.end]]
                for e in article.layer("entities")]
    return [
        [name, q.start, q.end, q.label, q.attrs.get("speaker"), q.attrs.get("confidence"), q.attrs.get("speaker_uncertain"),
         text[max(0, q.start - 120) : q.start], text[q.start : q.start + 80]]
        for q in article.layer("quotes")
    ]


def dump_polnear(spec: str, cache: str | None, layer: str = "quotes") -> list[Row]:
    import polnear

    split, _, rest = spec.partition(":")
    offset, _, limit = rest.partition(":")
    records = polnear.load_split(POLNEAR, split)[int(offset or 0) :]
    records = records[: int(limit)] if limit else records
    articles, _ = polnear.predict(records, cache=Path(cache) if cache else None)
    return [row for i, art in enumerate(articles) for row in _rows(f"{split}:{int(offset or 0) + i}", art, layer)]


def dump_pages(folder: str, layer: str = "quotes") -> list[Row]:
    from newsprobe.api import analyze_file

    rows: list[Row] = []
    for path in sorted(Path(folder).glob("*/*.html")):
        try:
            article = analyze_file(str(path))
        except Exception:  # a page the pipeline refuses is no quote
            continue
        if article.meta.get("language") == "en":
            rows += _rows(path.name, article, layer)
    return rows


def compare(old: list[Row], new: list[Row]) -> dict[str, int]:
    """Print the differences between two dumps; return their counts."""
    a = {tuple(r[:4]): r for r in old}
    b = {tuple(r[:4]): r for r in new}
    counts = {"quotes_before": len(a), "quotes_after": len(b), "gone": 0, "new": 0, "changed": 0}
    for key in sorted(set(a) | set(b), key=lambda k: (str(k[0]), k[1], k[2], k[3])):
        x, y = a.get(key), b.get(key)
        if x is not None and y is not None and x[4:7] == y[4:7]:
            continue
        kind = "gone" if y is None else "new" if x is None else "changed"
        counts[kind] += 1
        r = y or x
        assert r is not None
        print(f"{kind:8} {r[0]} {(x or [None] * 7)[4:7]} -> {(y or [None] * 7)[4:7]} | {r[7][-80:]!r} << {r[8]!r}")
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--polnear", help="SPLIT[:OFFSET:LIMIT], e.g. train:100:200")
    d.add_argument("--cache", help="eval/polnear.py's parse cache directory")
    d.add_argument("--pages", help="the unpacked real pages (eval/ and cache/)")
    d.add_argument("--checkout", default=str(Path(__file__).resolve().parents[1]), help="the checkout whose code runs")
    d.add_argument("--out", required=True)
    d.add_argument("--layer", choices=("quotes", "entities"), default="quotes", help="what to dump (entities: label and canonical name)")
    c = sub.add_parser("compare")
    c.add_argument("old")
    c.add_argument("new")
    args = ap.parse_args()
    if args.cmd == "dump":
        if bool(args.polnear) == bool(args.pages):
            ap.error("give one of --polnear and --pages")
        sys.path[:0] = [str(Path(args.checkout) / "eval"), str(Path(args.checkout) / "src")]
        rows = dump_polnear(args.polnear, args.cache, args.layer) if args.polnear else dump_pages(args.pages, args.layer)
        Path(args.out).write_text(json.dumps(rows), encoding="utf-8")
        print(f"{len(rows)} {args.layer} -> {args.out}")
    else:
        load = lambda p: json.loads(Path(p).read_text(encoding="utf-8"))  # noqa: E731
        print(json.dumps(compare(load(args.old), load(args.new))))


if __name__ == "__main__":
    main()
