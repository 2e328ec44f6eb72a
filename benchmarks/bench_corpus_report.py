"""The corpus report on a large store: time of ``corpus_numbers`` and of the HTML, sizes, a screenshot.

The large store is made by copying the articles (with their documents and spans) of a small
store the real pipeline wrote, N times over with new ids, 40 outlets and 180 days, plus
clusters written with SQL (reposts of 2-61 members, quotes with and without drift and word
diffs, claims with fact-check matches). It measures the report, not the pipeline.

    .venv/bin/newsprobe analyze examples/corpus.jsonl examples/*.txt examples/html --store /tmp/seed.duckdb -q
    .venv/bin/python benchmarks/bench_corpus_report.py --seed /tmp/seed.duckdb --articles 100000 --store /tmp/big.duckdb \
        --out /tmp/big-report [--screenshot]

Prints the time of each step, with a baseline (one full scan of the articles' text and
documents in the same process) to compare against, and the report's size per article.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

CLUSTER_SQL = {
    # reposts: cluster k takes articles k*97 .. with 2 + k % 60 members, the first the origin
    "reposts": """
        INSERT INTO clusters SELECT 'reposts', 'r' || k, 'Repost story ' || k, 2 + k % 60,
            json_object('origin', 'a-' || (k * 97), 'level', 'article', 'method', 'minhash'), now()::TIMESTAMP
        FROM range(?) t(k);
        INSERT INTO cluster_members SELECT 'reposts', 'r' || k, j, 'a-' || ((k * 97 + j * 13) % ?), NULL, NULL,
            CASE WHEN j = 0 THEN 'origin' ELSE 'copy' END, CASE WHEN j = 0 THEN NULL ELSE 0.6 + (j % 5) / 12.5 END, NULL,
            json_object('outlet', 'Outlet ' || ((k * 97 + j * 13) % 40))
        FROM range(?) t(k), range(62) u(j) WHERE j < 2 + k % 60;
    """,
    "quotes": """
        INSERT INTO clusters SELECT 'quotes', 'q' || k, 'We will not raise taxes this year, number ' || k, 2 + k % 9,
            json_object('speakers', CASE WHEN k % 4 = 0 THEN ['Ana Ruiz', 'Tom Bell'] ELSE ['Ana Ruiz'] END,
                        'attribution_drift', k % 4 = 0, 'quote_drift', k % 3 = 0), now()::TIMESTAMP
        FROM range(?) t(k);
        INSERT INTO cluster_members SELECT 'quotes', 'q' || k, j, 'a-' || ((k * 31 + j * 7) % ?), 10, 60, 'member', NULL,
            CASE WHEN j > 0 AND k % 3 = 0 THEN 'We will never raise taxes this year' ELSE 'We will not raise taxes this year' END,
            json_object('speaker', CASE WHEN j > 0 AND k % 4 = 0 THEN 'Tom Bell' ELSE 'Ana Ruiz' END,
                        'speaker_canonical', CASE WHEN j > 0 AND k % 4 = 0 THEN 'Tom Bell' ELSE 'Ana Ruiz' END,
                        'diff', CASE WHEN j > 0 AND k % 3 = 0 THEN [['=', 'We will'], ['-', 'not'], ['+', 'never'], ['=', 'raise taxes this year']]
                                     ELSE [['=', 'We will not raise taxes this year']] END)
        FROM range(?) t(k), range(11) u(j) WHERE j < 2 + k % 9;
    """,
    "claims": """
        INSERT INTO clusters SELECT 'claims', 'c' || k, 'Unemployment fell to ' || (k % 10) || ' percent in district ' || k, 2 + k % 30,
            json_object('by_outlet', json_object('Outlet 1', 1), 'by_day', json_object('2024-01-01', 1),
                        'factchecks', CASE WHEN k % 5 = 0 THEN [json_object('verdict', 'false', 'claim', 'Unemployment fell',
                                      'publisher', 'Checkers', 'score', 0.81, 'url', 'https://checkers.example/' || k)] ELSE [] END),
            now()::TIMESTAMP
        FROM range(?) t(k);
        INSERT INTO cluster_members SELECT 'claims', 'c' || k, j, 'a-' || ((k * 53 + j * 11) % ?), 0, 40, 'member', NULL,
            'Unemployment fell to ' || (k % 10) || ' percent', '{}'
        FROM range(?) t(k), range(32) u(j) WHERE j < 2 + k % 30;
    """,
}


def build(seed: str, path: str, n: int, clusters: dict[str, int]) -> None:
    from newsprobe.store import Store

    if os.path.exists(path):
        os.remove(path)
    with Store(path) as store:
        con = store.con
        con.execute(f"ATTACH '{seed}' AS seed (READ_ONLY)")
        k = int(con.execute("SELECT count(*) FROM seed.articles").fetchone()[0])
        con.execute("CREATE TEMP TABLE src AS SELECT row_number() OVER (ORDER BY id) - 1 AS r, * FROM seed.articles")
        con.execute("""INSERT INTO articles SELECT 'a-' || i, title || ' #' || i, url || '?' || i, 'Outlet ' || (i % 40),
                       strftime(DATE '2024-01-01' + CAST(i % 180 AS INTEGER), '%Y-%m-%d'), source, n_chars, text, document, run_id,
                       analyzed_at FROM range(?) t(i) JOIN src ON src.r = i % ?""", [n, k])
        con.execute("""INSERT INTO spans SELECT 'a-' || i, s.layer, s.span_id, s.start_char, s.end_char, s.label, s.score, s.attrs
                       FROM range(?) t(i) JOIN src ON src.r = i % ? JOIN seed.spans s ON s.article_id = src.id""", [n, k])
        for kind, sql in CLUSTER_SQL.items():
            c = clusters[kind]
            a, b = (s for s in sql.split(";") if s.strip())
            con.execute(a, [c])
            con.execute(b, [n, c])
        con.execute("DETACH seed")
        con.execute("CHECKPOINT")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", required=True, help="a store the pipeline wrote (its articles are copied)")
    ap.add_argument("--store", required=True, help="the large store to write (replaced)")
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--reposts", type=int, default=3000)
    ap.add_argument("--quotes", type=int, default=2000)
    ap.add_argument("--claims", type=int, default=2000)
    ap.add_argument("--out", default="corpus-report", help="folder for report.html, report.json (and report.png)")
    ap.add_argument("--reuse", action="store_true", help="use --store as it is (do not rebuild it)")
    ap.add_argument("--screenshot", action="store_true", help="open the HTML in headless Chromium (Playwright) and save report.png")
    args = ap.parse_args()

    from newsprobe.corpus.report import corpus_numbers
    from newsprobe.render.corpus import render_corpus_html
    from newsprobe.store import Store

    t0 = time.perf_counter()
    if not args.reuse:
        build(args.seed, args.store, args.articles, {"reposts": args.reposts, "quotes": args.quotes, "claims": args.claims})
        print(f"built {args.store}: {time.perf_counter() - t0:.1f} s, {os.path.getsize(args.store) / 1e6:.0f} MB")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with Store(args.store, read_only=True) as store:
        n, spans = store.count("articles"), store.count("spans")
        t = time.perf_counter()
        store.query("SELECT sum(length(text)), sum(length(document)) FROM articles").fetchall()
        base = time.perf_counter() - t
        t = time.perf_counter()
        numbers = corpus_numbers(store)
        t_numbers = time.perf_counter() - t
    t = time.perf_counter()
    page = render_corpus_html(numbers)
    t_html = time.perf_counter() - t
    text = json.dumps(numbers, ensure_ascii=False, indent=1, default=str)
    (out / "report.html").write_text(page, encoding="utf-8")
    (out / "report.json").write_text(text, encoding="utf-8")
    size_html, size_json = len(page.encode("utf-8")), len(text.encode("utf-8"))
    print(f"{n:,} articles, {spans:,} spans")
    print(f"baseline (one scan of text and documents): {base:.2f} s")
    print(f"corpus_numbers: {t_numbers:.2f} s ({t_numbers / base:.1f}x the baseline)")
    print(f"render_corpus_html: {t_html:.2f} s")
    print(f"report.html: {size_html:,} bytes ({size_html / n:.1f} bytes per article); report.json: {size_json:,} bytes "
          f"({size_json / n:.1f} per article); articles in the drill-down: {len(numbers['article_index']):,}")
    if args.screenshot:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            tab = browser.new_page(viewport={"width": 1280, "height": 1000})
            errors: list[str] = []
            tab.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
            t = time.perf_counter()
            tab.goto((out / "report.html").resolve().as_uri())
            t_load = time.perf_counter() - t
            svgs = tab.eval_on_selector_all("svg.chart", "es => es.map(e => e.getBoundingClientRect().width * e.getBoundingClientRect().height)")
            tab.screenshot(path=str(out / "report.png"), full_page=False)
            browser.close()
        print(f"chromium: loaded in {t_load:.2f} s, {len(svgs)} charts, {sum(1 for a in svgs if a > 0)} drawn, console errors: {errors[:3]}")
        print(f"screenshot: {out / 'report.png'}")


if __name__ == "__main__":
    main()
