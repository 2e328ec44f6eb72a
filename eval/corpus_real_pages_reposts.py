"""Reposts on the real pages: pages of one site must not cluster by their template.

    .venv/bin/python eval/corpus_real_pages_reposts.py                  # 300 pages of repeated sites
    .venv/bin/python eval/corpus_real_pages_reposts.py --sample 0 --stages furniture,stories   # every page

Reads the HTML pages under ``--pages`` (default /work/real-pages/eval and /work/real-pages/cache)
with ``newsprobe.ingest``, keeps pages of sites (``corpus.shingles.site_key``: the URL's host,
else the outlet) that have at least two pages, takes a seeded sample of them (whole sites,
largest first, up to ``--sample`` pages), analyses them with the light stages (default
``parse,furniture,stories``) into a temporary store and runs ``repost_clusters`` twice: as
configured, and with the site-boilerplate rule switched off (``repost_boilerplate_pages`` set
beyond any site's size) as the control. It prints, per run, the clusters whose members are all
on one site and those across sites, with page ids (file names), sites and shares; never page
text. Exit status 1 when a cluster of pages of one site whose shared text is the template
(pages with different texts that cluster only without the rule) appears with the rule on.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

PAGES = ("/work/real-pages/eval", "/work/real-pages/cache")


def read_pages(dirs: list[str]) -> list[tuple[str, Any]]:
    from newsprobe.ingest import read_bytes

    out = []
    for d in dirs:
        for p in sorted(Path(d).glob("*.html")):
            # the project's own reader: declared charsets honoured (some pages are not UTF-8)
            docs = list(read_bytes(p.read_bytes(), source=str(p), kind="html"))
            if docs and docs[0].article is not None:
                out.append((p.stem, docs[0].article))
    return out


def describe(clusters, site_of) -> tuple[list[str], int]:
    lines, same_site = [], 0
    for c in clusters:
        sites = {site_of.get(m.article_id) for m in c.members}
        one = len(sites) == 1
        same_site += one
        shares = ", ".join(f"{m.article_id[:14]} {m.share:.2f}" for m in c.members[1:])
        lines.append(f"  {'SAME SITE ' if one else 'cross-site'} {c.evidence['level']:<7} origin {c.members[0].article_id[:14]} "
                     f"({site_of.get(c.members[0].article_id)}); copies: {shares}")
    return lines, same_site


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", nargs="*", default=list(PAGES))
    ap.add_argument("--sample", type=int, default=300, help="pages to analyse (0: every page of a repeated site)")
    ap.add_argument("--stages", default="parse,furniture,stories")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--raw", action="store_true",
                    help="analyse every visible text of the page (trafilatura.html2txt: navigation, footers and "
                         "sidebars stay) instead of the extracted article: the site templates the rule must handle")
    ap.add_argument("--cache", help="JSON Lines file of the ingested pages: written on the first run, read after "
                                    "(page text: keep it outside the repository)")
    args = ap.parse_args(argv)

    from newsprobe.api import analyze_many
    from newsprobe.article import Article
    from newsprobe.corpus.reposts import repost_clusters
    from newsprobe.corpus.shingles import site_key
    from newsprobe.settings import load_settings
    from newsprobe.store import Store

    t = time.perf_counter()
    if args.cache and os.path.exists(args.cache):
        with open(args.cache, encoding="utf-8") as f:
            pages = [(r["id"], Article(r["text"], meta=r["meta"])) for r in map(json.loads, f)]
    else:
        pages = read_pages(args.pages)
        if args.cache:
            with open(args.cache, "w", encoding="utf-8") as f:
                for pid, a in pages:
                    f.write(json.dumps({"id": pid, "text": a.text, "meta": a.meta}, ensure_ascii=False) + "\n")  # type: ignore[attr-defined]
    by_site: dict[str, list[tuple[str, Article]]] = defaultdict(list)
    for pid, a in pages:
        key = site_key(a.meta.get("url"), a.meta.get("outlet"))  # type: ignore[attr-defined]
        if key:
            by_site[key].append((pid, a))  # type: ignore[arg-type]
    repeated = sorted(((k, v) for k, v in by_site.items() if len(v) >= 2), key=lambda kv: (-len(kv[1]), kv[0]))
    print(f"{len(pages)} pages read in {time.perf_counter() - t:.0f} s; {len(by_site)} sites, "
          f"{len(repeated)} with 2 or more pages ({sum(len(v) for _, v in repeated)} pages)")
    rng = random.Random(args.seed)
    chosen: list[tuple[str, Article]] = []
    for _, group in repeated:
        if args.sample and len(chosen) + len(group) > args.sample:
            group = rng.sample(group, max(0, min(len(group), args.sample - len(chosen))))
            if len(group) < 2:
                continue
        chosen.extend(group)
        if args.sample and len(chosen) >= args.sample:
            break
    site_of = {}
    docs = []
    paths = {p.stem: p for d in args.pages for p in Path(d).glob("*.html")}
    for pid, a in chosen:
        site_of[pid] = site_key(a.meta.get("url"), a.meta.get("outlet"))
        text = a.text
        if args.raw:
            import trafilatura

            text = trafilatura.html2txt(paths[pid].read_text(encoding="utf-8", errors="replace")) or ""
        docs.append(Article(text, id=pid, meta=a.meta))
    n_sites = len({site_of[p] for p in site_of})
    print(f"sample: {len(docs)} pages of {n_sites} sites; stages {args.stages}; "
          f"{'all visible text' if args.raw else 'extracted articles'}, {sum(len(d.text) for d in docs)} characters")
    settings = load_settings(stages=args.stages)
    with tempfile.TemporaryDirectory(prefix="reposts-real-") as tmp:
        t = time.perf_counter()
        with Store(os.path.join(tmp, "s.duckdb")) as store:
            analysed = list(analyze_many(docs, settings=settings))
            store.put_articles([(a, None) for a in analysed])
            print(f"analysed and stored in {time.perf_counter() - t:.0f} s")
            t = time.perf_counter()
            with_rule = repost_clusters(store, settings)
            took = time.perf_counter() - t
            control = repost_clusters(store, settings.with_(repost_boilerplate_pages=10**9))
            loose = repost_clusters(store, settings.with_(repost_boilerplate_pages=10**9, repost_threshold=0.1))
    lines, same = describe(with_rule, site_of)
    print(f"\nwith the site-boilerplate rule ({took:.1f} s): {len(with_rule)} clusters, {same} of them within one site")
    print("\n".join(lines))
    lines_c, same_c = describe(control, site_of)
    print(f"\ncontrol, rule off: {len(control)} clusters, {same_c} of them within one site")
    print("\n".join(lines_c))
    same_loose = [c for c in loose if len({site_of.get(m.article_id) for m in c.members}) == 1]
    top = sorted(((m.share or 0.0), c.members[0].article_id[:14], m.article_id[:14]) for c in same_loose for m in c.members[1:]
                 if (m.share or 0.0) < 0.999)
    print(f"\nhow much same-site pages with different texts share, rule off, threshold 0.1: "
          f"{len(top)} pairs; largest shares: {[round(x[0], 2) for x in top[-5:]]}")
    ruled = {frozenset(m.article_id for m in c.members) for c in with_rule}
    template_only = [c for c in control if len({site_of.get(m.article_id) for m in c.members}) == 1
                     and frozenset(m.article_id for m in c.members) not in ruled]
    leaked = [c for c in with_rule if len({site_of.get(m.article_id) for m in c.members}) == 1
              and any((m.share or 0) < 0.999 for m in c.members[1:])]
    print(f"\nsame-site clusters the rule removed: {len(template_only)}; "
          f"same-site clusters left with the rule whose pages differ: {len(leaked)}")
    return 1 if leaked else 0


if __name__ == "__main__":
    raise SystemExit(main())
