"""Which real pages get a different text from ``newsprobe.html_text`` than from trafilatura's
own output (the line-break repair of docs/guards.md), and whether any hand-checked gold page
is among them (its offsets would no longer index the text).

    .venv/bin/python eval/html_text_check.py --pages /work/real-pages
    .venv/bin/python eval/html_text_check.py            # unpacks ../shared/data/real-pages

Prints page ids and counts only (no page text). The "before" text is what ``ingest`` built up
to quotes version 31: trafilatura's JSON text, blank lines dropped, paragraphs joined by a
blank line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

from real_pages_quotes import GOLD, PAGES_TAR, all_pages, extract_pages  # noqa: E402

from newsprobe.decoding import decode_html  # noqa: E402
from newsprobe.html_text import main_text  # noqa: E402
from newsprobe.language import detect_language  # noqa: E402


def paragraphs(text: str) -> str:
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def trafilatura_text(html: str) -> str | None:
    import trafilatura

    out = trafilatura.extract(
        html,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    return None if not out else paragraphs(json.loads(out).get("text") or "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", help="the unpacked pages (eval/ and cache/); default: unpack ../shared's tarball")
    args = ap.parse_args(argv)
    gold_pages = set()
    for g in sorted(GOLD.parent.glob("real_pages_speakers*.jsonl")):
        gold_pages |= {json.loads(line)["page"] for line in g.open(encoding="utf-8") if line.strip()}
    seen = changed = english = 0
    changed_gold: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        pages_dir = args.pages or extract_pages(PAGES_TAR, tmp)
        for page_id in all_pages(pages_dir):
            raw = Path(pages_dir, page_id).read_bytes()
            try:
                html = decode_html(raw, source=page_id).text
                before = trafilatura_text(html)
                page = main_text(html)
            except Exception as e:  # a page trafilatura cannot read is not this check's concern
                print(f"  {page_id}: not read ({type(e).__name__})")
                continue
            seen += 1
            after = None if page is None else paragraphs(page.text)
            if before == after:
                continue
            changed += 1
            lang = detect_language(after or "").language
            english += lang == "en"
            if page_id in gold_pages:
                changed_gold.append(page_id)
            print(f"  {page_id}  ({lang or '?'})")
    print(f"pages read: {seen}; text changed by the line-break repair: {changed} ({english} English)")
    print(f"gold pages with a changed text: {len(changed_gold)} {changed_gold}")
    return 1 if changed_gold else 0


if __name__ == "__main__":
    raise SystemExit(main())
