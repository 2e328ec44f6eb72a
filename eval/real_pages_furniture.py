"""Furniture, stories and publisher on the real pages: counts per page, nothing stored.

    .venv/bin/python eval/real_pages_furniture.py                       # English pages
    .venv/bin/python eval/real_pages_furniture.py --lang de --show      # German, with every span
    .venv/bin/python eval/real_pages_furniture.py --cache /tmp/pages.jsonl   # ingest once, reuse
    .venv/bin/python eval/real_pages_furniture.py --pipeline 25   # claims/techniques with and without furniture

Reads the HTML pages under ``--pages`` (default /work/real-pages/eval and /work/real-pages/cache)
with ``newsprobe.ingest``, keeps those a stop-word count calls English (or German), and runs the
furniture, stories and publisher code on each: furniture spans by label, stories per page (with
and without furniture), pages with a story origin, publishers the registry knows. The page text
never enters the repository; ``--cache`` writes the ingested texts where you say.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

EN = frozenset("the and of to in is that for with was on as by said are from this it be have has at".split())
DE = frozenset("der die das und ist nicht mit von den dem ein eine zu auf für im sich auch".split())
PAGES = ("/work/real-pages/eval", "/work/real-pages/cache")


def language(text: str) -> str:
    words = re.findall(r"[a-zäöüß]+", text.lower())
    en = sum(w in EN for w in words)
    de = sum(w in DE for w in words)
    return "en" if en > 2 * de and en >= 20 else ("de" if de > en else "other")


def read_pages(dirs: list[str], cache: Path | None) -> list[dict]:
    if cache is not None and cache.exists():
        return [json.loads(line) for line in cache.open(encoding="utf-8") if line.strip()]
    from newsprobe.errors import NewsprobeError
    from newsprobe.ingest import article_from_html

    rows = []
    for d in dirs:
        for p in sorted(Path(d).glob("*.html")):
            try:
                a = article_from_html(p.read_text(encoding="utf-8", errors="replace"), source=str(p))
            except NewsprobeError:
                continue
            rows.append({"id": p.stem, "text": a.text, "meta": a.meta})
    if cache is not None:
        with cache.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", nargs="*", default=list(PAGES))
    ap.add_argument("--lang", default="en", choices=("en", "de", "other"))
    ap.add_argument("--cache", type=Path, default=None, help="JSON Lines of ingested pages (written when absent)")
    ap.add_argument("--show", action="store_true", help="print every furniture span and every split page")
    ap.add_argument("--pipeline", type=int, default=0, metavar="N",
                    help="also run the default stages (without factchecks) on the N pages with most furniture, "
                         "with and without the furniture stage, and count claims, techniques and quotes")
    args = ap.parse_args(argv)

    from newsprobe.outlets import get_registry
    from newsprobe.stages.furniture import find_furniture
    from newsprobe.stages.publisher import find_publisher
    from newsprobe.stages.stories import segment

    registry = get_registry("")
    rows = [r for r in read_pages(args.pages, args.cache) if language(r["text"]) == args.lang]
    labels: Counter[str] = Counter()
    per_page: Counter[int] = Counter()
    plain_per_page: Counter[int] = Counter()
    with_furniture = with_origin = 0
    publishers: Counter[str] = Counter()
    chars = total = 0
    for r in rows:
        text = r["text"]
        furniture = find_furniture(text)
        labels.update(s.label for s in furniture)
        with_furniture += bool(furniture)
        chars += sum(s.end - s.start for s in furniture)
        total += len(text)
        stories = [s for s in segment(text, title=r["meta"].get("title"), furniture=furniture, registry=registry) if s.label == "story"]
        plain = [s for s in segment(text, title=r["meta"].get("title"), registry=registry) if s.label == "story"]
        per_page[len(stories)] += 1
        plain_per_page[len(plain)] += 1
        with_origin += any(s.attrs.get("origin") for s in stories)
        meta = dict(r["meta"])
        meta.setdefault("site_name", meta.get("outlet"))
        pub = find_publisher(meta, registry)
        publishers["none" if pub is None else f"{'registry' if pub['in_registry'] else 'named only'} via {pub['evidence']}"] += 1
        if args.show:
            for s in furniture:
                print(f"{r['id'][:30]:30} {s.label:10} {s.attrs['rule']:16} {text[s.start:s.end][:100]!r}")
            if len(stories) > 1:
                print(f"{r['id'][:30]:30} stories: {[(s.attrs['title'], s.attrs['origin']) for s in stories]}")
    out = {
        "pages": len(rows),
        "pages_with_furniture": with_furniture,
        "furniture_spans": sum(labels.values()),
        "furniture_by_label": dict(labels.most_common()),
        "furniture_char_share": round(chars / total, 4) if total else 0.0,
        "stories_per_page": dict(sorted(per_page.items())),
        "stories_per_page_without_furniture": dict(sorted(plain_per_page.items())),
        "pages_with_a_story_origin": with_origin,
        "publisher": dict(publishers.most_common()),
    }
    if args.pipeline:
        out["pipeline"] = pipeline_counts(rows, args.pipeline)
    print(json.dumps(out, indent=1))
    return 0


def pipeline_counts(rows: list[dict], n: int) -> dict:
    """Claims, techniques and quotes on the ``n`` pages with most furniture, with and without
    the furniture stage (and what of them lies inside furniture)."""
    from newsprobe.article import Article
    from newsprobe.pipeline import Pipeline
    from newsprobe.settings import DEFAULT_STAGES, Settings
    from newsprobe.stages.furniture import find_furniture, inside

    chosen = sorted(rows, key=lambda r: -len(find_furniture(r["text"])))[:n]
    with_f = [s for s in DEFAULT_STAGES if s != "factchecks"]
    runs = {"without_furniture": [s for s in with_f if s != "furniture"], "with_furniture": with_f}
    out: dict = {"pages": len(chosen)}
    for tag, names in runs.items():
        pipe = Pipeline(names, Settings(stages=",".join(names)))
        meta = [{k: r["meta"].get(k) for k in ("title", "url", "outlet", "site_name")} for r in chosen]
        counts: Counter[str] = Counter()
        for r, a in zip(chosen, pipe.pipe([Article(r["text"], meta=m) for r, m in zip(chosen, meta)], batch_size=4)):
            furniture = find_furniture(a.text)
            for layer in ("claims", "techniques", "quotes"):
                spans = a.layer(layer)
                counts[layer] += len(spans)
                counts[f"{layer}_inside_furniture"] += sum(1 for s in spans if inside(furniture, s.start, s.end))
            counts["stories"] += sum(1 for s in a.layer("stories") if s.label == "story")
            counts["errors"] += len(a.provenance.get("errors") or [])
        out[tag] = dict(counts)
    return out


if __name__ == "__main__":
    sys.exit(main())
