"""The whole pipeline over real web pages: crashes, failures, languages, seconds per page, memory.

    .venv/bin/python benchmarks/bench_real_pages.py [--pages DIR | --tar FILE] [--lang en | --lang=-en]
        [--limit N] [--skip N] [--every K] [--stages ...] [--json summary.json]

Reads the HTML pages of ``../shared/data/real-pages/pages.tar.gz`` (streamed from the archive,
never unpacked) or of ``--pages DIR``, each as ``newsprobe analyze`` would (``read_bytes``:
declared charsets, language detection) and runs the pipeline on it, one page at a time.

Counts: pages read, input errors (no article text, undecodable: a message, not a crash),
crashes (an exception that escaped ingest or the pipeline: the goal is 0), stage errors
(``provenance.errors``), pages per detected language, notes per stage; seconds per page
(ingest + analysis: mean, median, max and the slowest pages) and the process's peak memory.
``--lang en`` analyses only the pages detected as English, ``--lang=-en`` all others;
``--every K`` takes every K-th page (a sample). The pages are third-party content: nothing of
their text is printed or written, only names and numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tarfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEFAULT_TAR = ROOT.parent / "shared" / "data" / "real-pages" / "pages.tar.gz"


def pages_from_tar(path: Path) -> Iterator[tuple[str, bytes]]:
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            if member.isfile() and member.name.lower().endswith((".html", ".htm")):
                f = tar.extractfile(member)
                if f is not None:
                    yield member.name, f.read()


def pages_from_dir(path: Path) -> Iterator[tuple[str, bytes]]:
    for p in sorted(path.rglob("*")):
        if p.is_file() and p.suffix.lower() in (".html", ".htm"):
            yield str(p.relative_to(path)), p.read_bytes()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=Path, help="a directory of HTML pages (default: the shared archive)")
    ap.add_argument("--tar", type=Path, default=DEFAULT_TAR, help="a tar.gz of HTML pages")
    ap.add_argument("--lang", help="only pages detected as this language (en), or not (-en)")
    ap.add_argument("--limit", type=int, help="stop after analysing this many pages")
    ap.add_argument("--skip", type=int, default=0, help="leave out the first N pages that pass --lang (to continue a run)")
    ap.add_argument("--every", type=int, default=1, help="take every K-th page (a sample)")
    ap.add_argument("--stages", help="comma-separated stages (default: the whole default pipeline; 'none': ingest only)")
    ap.add_argument("--json", type=Path, help="write the summary here")
    args = ap.parse_args()

    from machine import describe
    from newsprobe import Pipeline, load_settings
    from newsprobe.ingest import read_bytes

    source = args.pages or args.tar
    if not source.exists():
        sys.exit(f"no pages at {source}; pass --pages DIR or --tar FILE (the shared data is in ../shared/data)")
    pages = pages_from_dir(args.pages) if args.pages else pages_from_tar(args.tar)
    stages = "" if args.stages == "none" else args.stages
    settings = load_settings(store="", **({"stages": stages} if stages is not None else {}))
    t_load = time.perf_counter()
    pipeline = Pipeline(settings.stage_names, settings)
    from newsprobe.language import detect_language

    detect_language("The detector's model loads once per process.")  # not counted against the first page
    load_s = time.perf_counter() - t_load
    print(describe())
    print(f"pages: {source}; stages: {','.join(pipeline.names)}; pipeline built in {load_s:.1f} s", flush=True)

    skipped = 0
    seen = analysed = input_errors = crashes = stage_errors = 0
    langs: Counter[str] = Counter()
    notes: Counter[str] = Counter()
    evidence: Counter[str] = Counter()
    errors_by_stage: Counter[str] = Counter()
    seconds: list[tuple[float, str]] = []
    crashed: list[dict[str, str]] = []
    for n, (name, data) in enumerate(pages):
        if n % args.every:
            continue
        seen += 1
        t0 = time.perf_counter()
        try:
            docs = list(read_bytes(data, source=name, kind="html"))
        except Exception as e:  # a crash: ingest must turn every bad input into an InputError
            crashes += 1
            crashed.append({"page": name, "where": "ingest", "error": f"{type(e).__name__}: {e}"[:300]})
            traceback.print_exc()
            continue
        doc = docs[0]
        if not doc.ok:
            input_errors += 1
            continue
        article = doc.article
        lang = article.meta.get("language") or "unknown"
        if args.lang and ((args.lang.startswith("-") and lang == args.lang[1:]) or
                          (not args.lang.startswith("-") and lang != args.lang)):
            continue
        if skipped < args.skip:
            skipped += 1
            continue
        try:
            article = pipeline(article)
        except Exception as e:  # the pipeline must record stage failures, never raise
            crashes += 1
            crashed.append({"page": name, "where": "pipeline", "error": f"{type(e).__name__}: {e}"[:300]})
            traceback.print_exc()
            continue
        seconds.append((time.perf_counter() - t0, name))
        analysed += 1
        langs[lang] += 1
        evidence[str(article.meta.get("language_evidence"))] += 1
        for note in article.provenance.get("notes", []):
            notes[note["stage"]] += 1
        for err in article.provenance.get("errors", []):
            stage_errors += 1
            errors_by_stage[err["stage"]] += 1
            print(f"stage error on {name}: {err['stage']}: {err['error'][:200]}", flush=True)
        if analysed % 25 == 0:
            print(f"... {analysed} pages analysed, {crashes} crashes, "
                  f"{statistics.mean(s for s, _ in seconds):.2f} s/page", flush=True)
        if args.limit and analysed >= args.limit:
            break

    times = sorted((s for s, _ in seconds), reverse=True)
    summary = {
        "source": str(source),
        "lang_filter": args.lang,
        "every": args.every,
        "skip": args.skip,
        "limit": args.limit,
        "stages": pipeline.names,
        "pages_seen": seen,
        "pages_analysed": analysed,
        "input_errors": input_errors,
        "crashes": crashes,
        "crashed": crashed,
        "stage_errors": stage_errors,
        "stage_errors_by_stage": dict(errors_by_stage),
        "languages": dict(langs.most_common()),
        "notes_by_stage": dict(notes.most_common()),
        "language_evidence": dict(evidence.most_common()),
        "seconds_per_page": {
            "mean": round(statistics.mean(times), 3) if times else None,
            "median": round(statistics.median(times), 3) if times else None,
            "max": round(times[0], 3) if times else None,
        },
        "slowest": [{"page": name, "seconds": round(s, 2)} for s, name in sorted(seconds, reverse=True)[:5]],
        "peak_memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "stage_seconds": {k: round(v, 1) for k, v in pipeline.timings.items()},
    }
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if args.json:
        os.makedirs(args.json.parent, exist_ok=True) if str(args.json.parent) else None
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
