"""Score newsprobe's quotes and speakers on real English web pages against a hand-checked gold.

    .venv/bin/python eval/real_pages_quotes.py                 # gold pages + every English page
    .venv/bin/python eval/real_pages_quotes.py --no-scan       # gold pages only
    .venv/bin/python eval/real_pages_quotes.py --json out.json # also writes the numbers
    .venv/bin/python eval/real_pages_quotes.py --pages /work/real-pages --limit-pages 2

The gold (``eval/gold/real_pages_speakers.jsonl``, see docs/real-pages.md) holds, per page id
("eval/abc.html", relative to the unpacked ``pages.tar.gz``), the character span of each
quotation in the text that ``newsprobe.ingest`` extracts, its label (``direct``, ``indirect``,
or ``not_quote`` for titles, scare quotes and nicknames in quote marks), the true speaker (the
fullest name the page gives, or a role phrase such as "a police spokesman"; null when the page
names none), the speaker's kind (person/org/other), ``unsure`` and the sha1 of the quoted text,
so that a change in the ingested text shows up as "text changed" instead of wrong numbers.
No page text is stored.

Matching is one-to-one, greedy by overlap: a predicted quote matches a gold span when their
intersection covers at least half of each (``intersection / max(len) >= 0.5``).

A speaker is right when (after lower-casing, straightening apostrophes and dropping a leading
"the"/"a"/"an"): the names are equal; or, for a person, one name's words (titles and honorifics
dropped) run inside the other's ("Ortega" / "Maria Ortega", "Supt Peters" / "Audley Peters");
or, for a role phrase, our phrase is the gold phrase's head and the gold phrase goes on with a
post-modifier ("dispatcher" / "a dispatcher on the police scanner"). Gold rows marked
``unsure`` are left out of the speaker numbers.

Over every English page of the set (``article.meta["language"]`` when ingest provides it, else
a function-word test) it also counts: quotes whose span crosses a paragraph break (a line break
inside the span, unless every line after the first opens with a quote mark, the convention of
a quotation running over paragraphs); quotes in quote marks (not ``indirect``) that look like
titles ("Title Case", a few words: every word capitalised but articles, short prepositions
and conjunctions; one word closed by its own "!" or "?" is an exclamation, not a title) yet
have a speaker; and speakers with no upper-case letter
("lower-case fragment speakers", which include honest role phrases such as "officials": the
breakdown by speaker kind tells them apart).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable, Iterator

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold" / "real_pages_speakers.jsonl"
PAGES_TAR = ROOT.parent / "shared" / "data" / "real-pages" / "pages.tar.gz"
QUOTE_STAGES = "parse,stories,sentences,entities,quotes"
GOLD_FIELDS = ("page", "start", "end", "label", "speaker", "speaker_kind", "unsure", "sha1")
GOLD_LABELS = ("direct", "indirect", "not_quote")
GOLD_KINDS = ("person", "org", "other", "not_quote")

_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_TITLES = frozenset(
    """mr mrs ms miss dr prof sen senator rep representative gov governor gen col capt lt sgt rev sir
    dame supt superintendent supervisor president vice-president mayor congressman congresswoman
    judge minister chief detective officer sheriff commissioner chairman chairwoman director
    his her honour honor qc""".split()
)
_POSTMODIFIER = frozenset("who whose which that on at in of from for with during by".split())
_OPENING_QUOTES = "\"\u201c\u201e\u00ab'\u2018\u201a"
_COMMON = frozenset(
    """the and of to in is that for it was on with as he she said by at from his her they have be
    this are an not but""".split()
)


# -- gold --------------------------------------------------------------------------------------


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    """The gold rows; raises ``ValueError`` naming the line of a malformed row."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            problem = gold_row_problem(row)
            if problem:
                raise ValueError(f"{path}:{n}: {problem}")
            rows.append(row)
    return rows


def gold_row_problem(row: dict[str, Any]) -> str | None:
    """What is wrong with one gold row (None when it is well formed)."""
    if sorted(row) != sorted(GOLD_FIELDS):
        return f"fields must be exactly {', '.join(GOLD_FIELDS)}"
    if not isinstance(row["page"], str) or not re.fullmatch(r"(?:eval|cache)/[^/]+\.html?", row["page"]):
        return "page must be eval/NAME.html or cache/NAME.html"
    if not (isinstance(row["start"], int) and isinstance(row["end"], int) and 0 <= row["start"] < row["end"]):
        return "start/end must be integers with 0 <= start < end"
    if row["label"] not in GOLD_LABELS or row["speaker_kind"] not in GOLD_KINDS:
        return f"label must be one of {GOLD_LABELS}, speaker_kind one of {GOLD_KINDS}"
    if (row["label"] == "not_quote") != (row["speaker_kind"] == "not_quote"):
        return "not_quote rows (and only they) have speaker_kind not_quote"
    if row["label"] == "not_quote" and row["speaker"] is not None:
        return "a not_quote row has no speaker"
    if row["speaker"] is not None and (not isinstance(row["speaker"], str) or not row["speaker"].strip()):
        return "speaker must be a non-empty string or null"
    if not isinstance(row["unsure"], bool):
        return "unsure must be true or false"
    if not (isinstance(row["sha1"], str) and re.fullmatch(r"[0-9a-f]{40}", row["sha1"])):
        return "sha1 must be 40 hex digits"
    return None


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# -- speakers ----------------------------------------------------------------------------------


def _norm(name: str) -> str:
    name = name.replace("\u2019", "'").replace("\u2018", "'").lower()
    name = re.sub(r"\s+", " ", name).strip(" .,;:")
    return _ARTICLE.sub("", name)


def _name_words(name: str) -> list[str]:
    words = [w.strip(".,") for w in _norm(name).split()]
    return [w for w in words if w and w not in _TITLES]


def _inside(needle: list[str], hay: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


def same_speaker(pred: str | None, gold: str | None, kind: str) -> bool:
    """Whether our speaker ``pred`` names the gold speaker (rules in the module docstring)."""
    if pred is None or gold is None:
        return pred is None and gold is None
    p, g = _norm(pred), _norm(gold)
    if p == g:
        return True
    if kind == "person" and gold[:1].isupper():
        pw, gw = _name_words(pred), _name_words(gold)
        return _inside(pw, gw) or _inside(gw, pw)
    if not gold[:1].isupper():  # a role phrase: ours may be its head
        pw, gw = p.split(), g.split()
        return len(gw) > len(pw) and gw[: len(pw)] == pw and gw[len(pw)] in _POSTMODIFIER
    return False


def error_category(pred: str | None, gold: str | None, others: set[str], kind: str) -> str:
    """A coarse reason for a wrong speaker, for the error table."""
    if pred is None:
        return "no speaker"
    if gold is None:
        return "speaker where the page names none"
    if any(same_speaker(pred, o, kind) for o in others if o != gold):
        return "another speaker of the article"
    if not any(c.isupper() for c in pred) and gold[:1].isupper():
        return "lower-case phrase for a named speaker"
    if pred[:1].isupper() and not gold[:1].isupper():
        return "a name for an unnamed speaker"
    return "other name"


# -- pages -------------------------------------------------------------------------------------


def looks_english(text: str) -> bool:
    """Function-word test for pages whose ingest gives no language."""
    words = re.findall(r"[a-z]+", text.lower())
    return len(words) >= 150 and sum(w in _COMMON for w in words) / len(words) > 0.15


def is_english(article: Any) -> bool:
    lang = article.meta.get("language")
    return lang == "en" if lang else looks_english(article.text)


def crosses_paragraph(text: str, start: int, end: int) -> bool:
    """A line break inside the span that is not a quotation running on to a new paragraph."""
    inner = text[start:end].strip()
    if "\n" not in inner:
        return False
    following = [ln.strip() for ln in inner.split("\n")[1:] if ln.strip()]
    return not following or not all(ln[0] in _OPENING_QUOTES for ln in following)


#: The only words Title Case leaves in lower case: articles, short prepositions and
#: conjunctions ("Gone with the Wind"). A lower-case verb or pronoun ("Three is plenty", "I know",
#: "When I was 40 I ran") makes the words a sentence in sentence case, not a title.
_TITLE_MINOR_WORDS = frozenset("a an the and but or nor for so yet as at by in of off on per to up via vs vs. with from into onto over than".split())


def looks_like_title(quoted: str) -> bool:
    """A few words in Title Case without a sentence inside ("The Crown", "Once Upon A Time"):
    every word capitalised (or a number) but articles, short prepositions and conjunctions.
    One word closed by its own "!" or "?" inside the marks ('he answers, "Never!"') is an
    exclamation or a question, not a title (a title such as "Oklahoma!" is missed)."""
    core = quoted.strip(" \"'\u201c\u201d\u2018\u2019")
    words = re.findall(r"[^\W\d_][\w'\u2019&-]*|\d+", core.strip(" .,!?"))
    if not 1 <= len(words) <= 8 or re.search(r"[.!?;:]\s", quoted):
        return False
    if len(words) == 1 and core.rstrip(" ,").endswith(("!", "?")):
        return False
    return all(w[0].isupper() or w[0].isdigit() or (i > 0 and w.lower() in _TITLE_MINOR_WORDS) for i, w in enumerate(words))


def extract_pages(tar_path: Path, into: str, pages: Iterable[str] | None = None) -> str:
    """Unpack ``pages.tar.gz`` (or only the page ids ``pages``) into ``into``; returns ``into``."""
    with tarfile.open(tar_path) as tar:
        if pages is None:
            tar.extractall(into, filter="data")
        else:
            wanted = set(pages)
            tar.extractall(into, members=[m for m in tar.getmembers() if m.name in wanted], filter="data")
    return into


def read_page(pages_dir: str, page: str) -> Any:
    from newsprobe.ingest import read_documents

    docs = list(read_documents([os.path.join(pages_dir, page)]))
    if not docs or docs[0].article is None:
        raise ValueError(f"{page}: ingest gave no article ({docs[0].error if docs else 'nothing read'})")
    return docs[0].article


def all_pages(pages_dir: str) -> list[str]:
    return sorted(
        f"{sub}/{name}"
        for sub in ("eval", "cache")
        if os.path.isdir(os.path.join(pages_dir, sub))
        for name in os.listdir(os.path.join(pages_dir, sub))
        if name.endswith((".html", ".htm"))
    )


# -- scoring -----------------------------------------------------------------------------------


def segment_units(quotes: Iterable[Any]) -> list[Any]:
    """The units matched against the gold: each segment of a quotation in pieces
    (``attrs.segments``, `"X," he said, "Y."`) on its own, carrying the quote's attrs, since the
    gold records each quoted piece as a span; other quotes whole."""
    units: list[Any] = []
    for q in quotes:
        segments = q.attrs.get("segments") or []
        if len(segments) > 1:
            units.extend(q.replace(start=a, end=b) for a, b in segments)
        else:
            units.append(q)
    return units


def match(preds: list[Any], golds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs whose overlap covers half of each."""
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            inter = min(p.end, g["end"]) - max(p.start, g["start"])
            if inter > 0:
                ratio = inter / max(p.end - p.start, g["end"] - g["start"])
                if ratio >= 0.5:
                    pairs.append((ratio, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in sorted(pairs, key=lambda t: -t[0]):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _share(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def score_gold(gold: list[dict[str, Any]], analysed: dict[str, Any]) -> dict[str, Any]:
    """Numbers on the gold pages; ``analysed`` maps page id -> analysed Article (or an error string)."""
    by_page: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in gold:
        by_page[row["page"]].append(row)
    c: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    doubted: list[dict[str, Any]] = []  # right speakers we marked uncertain: what the doubt costs
    categories: Counter[str] = Counter()
    skipped: dict[str, str] = {}
    for page, rows in sorted(by_page.items()):
        art = analysed.get(page)
        if art is None:
            continue
        if isinstance(art, str):
            skipped[page] = art
            continue
        changed = [r for r in rows if sha1(art.text[r["start"] : r["end"]]) != r["sha1"]]
        if changed:
            skipped[page] = f"text changed: {len(changed)} of {len(rows)} gold spans no longer hold the gold text"
            continue
        preds = segment_units(art.layer("quotes"))
        names = {r["speaker"] for r in rows if r["speaker"]}
        c["pages"] += 1
        c["predicted"] += len(art.layer("quotes"))
        pairs = match(preds, rows)
        matched_gold = {j for _, j in pairs}
        for r in rows:
            c["gold_quotes" if r["label"] != "not_quote" else "gold_not_quotes"] += 1
        for i, j in pairs:
            p, g = preds[i], rows[j]
            speaker = p.attrs.get("speaker")
            uncertain = bool(p.attrs.get("speaker_uncertain"))
            if g["label"] == "not_quote":
                c["not_quote_matched"] += 1
                c["not_quote_with_speaker"] += speaker is not None
                continue
            c["matched"] += 1
            if g["unsure"]:
                c["matched_unsure_gold"] += 1
                continue
            right = same_speaker(speaker, g["speaker"], g["speaker_kind"])
            c["scored"] += 1
            c["uncertain"] += uncertain
            c["right_all"] += right
            if speaker is not None and not uncertain:
                c["confident"] += 1
                c["right_confident"] += right
            elif right:
                doubted.append({"page": page, "start": g["start"], "end": g["end"], "gold": g["speaker"], "ours": speaker,
                                "via": p.attrs.get("speaker_via")})
            if not right:
                cat = error_category(speaker, g["speaker"], names, g["speaker_kind"])
                categories[cat] += 1
                errors.append(
                    {"page": page, "start": g["start"], "end": g["end"], "label": g["label"], "gold": g["speaker"],
                     "ours": speaker, "ours_kind": p.attrs.get("speaker_kind"), "uncertain": uncertain, "why": cat}
                )
        c["gold_quotes_missed"] += sum(1 for j, r in enumerate(rows) if r["label"] != "not_quote" and j not in matched_gold)
        c["predicted_unmatched"] += len(preds) - len(pairs)
    return {
        "counts": dict(c),
        "quotes_found": _share(c["matched"], c["gold_quotes"]),
        "right_speaker_confident": _share(c["right_confident"], c["confident"]),
        "right_speaker_all_matched": _share(c["right_all"], c["scored"]),
        "share_uncertain": _share(c["uncertain"], c["scored"]),
        "not_quote_with_speaker": f"{c['not_quote_with_speaker']} of {c['gold_not_quotes']}",
        "error_categories": dict(categories.most_common()),
        "errors": errors,
        "right_but_uncertain": doubted,
        "pages_skipped": skipped,
    }


def scan_english(articles: Iterable[tuple[str, Any]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Paragraph-crossing quotes, titles with a speaker, lower-case speakers over English pages."""
    real_multi = {(r["page"], r["start"]) for r in gold if r["label"] != "not_quote"}
    gold_spans = defaultdict(list)
    for r in gold:
        gold_spans[r["page"]].append(r)
    c: Counter[str] = Counter()
    lower_kinds: Counter[str] = Counter()
    lower_names: Counter[str] = Counter()
    examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for page, art in articles:
        c["pages"] += 1
        text = art.text
        golds = gold_spans.get(page, [])
        for q in art.layer("quotes"):
            c["quotes"] += 1
            speaker = q.attrs.get("speaker")
            c["with_speaker"] += speaker is not None
            where = {"page": page, "start": q.start, "end": q.end, "label": q.label, "speaker": speaker}
            if crosses_paragraph(text, q.start, q.end):
                real = any(
                    (page, g["start"]) in real_multi and "\n" in text[g["start"] : g["end"]]
                    and min(q.end, g["end"]) - max(q.start, g["start"]) > 0
                    for g in golds
                )
                if not real:
                    c["crossing_paragraph"] += 1
                    examples["crossing_paragraph"].append(where)
            if speaker is not None and q.label != "indirect" and looks_like_title(text[q.start : q.end]):
                c["title_with_speaker"] += 1
                examples["title_with_speaker"].append(where)
            if speaker is not None and not any(ch.isupper() for ch in str(speaker)):
                c["lower_case_speaker"] += 1
                lower_kinds[str(q.attrs.get("speaker_kind"))] += 1
                lower_names[f"{speaker} ({q.attrs.get('speaker_kind')})"] += 1
    return {
        "counts": dict(c),
        "lower_case_speaker_by_kind": dict(lower_kinds.most_common()),
        "lower_case_speakers": dict(lower_names.most_common()),
        "examples": {k: v[:200] for k, v in examples.items()},
    }


# -- running -----------------------------------------------------------------------------------


def analyse(pages_dir: str, pages: list[str], stages: str | None) -> Iterator[tuple[str, Any]]:
    """(page id, analysed Article or an error message) for each page, in order."""
    from newsprobe.api import load_pipeline
    from newsprobe.settings import load_settings

    settings = load_settings(store="", **({"stages": stages} if stages else {}))
    pipeline = load_pipeline(settings)
    for page in pages:
        try:
            yield page, pipeline(read_page(pages_dir, page))
        except Exception as e:  # one bad page must not cost the others
            yield page, f"{type(e).__name__}: {e}"


HALVES = ("analysis", "check")


def half_pages(gold: list[dict[str, Any]], half: str | None) -> list[str]:
    """The gold page ids in sorted order; ``analysis`` is the first half, ``check`` the rest.

    Error analysis and rule-making look only at the analysis half, so that the check half
    tells whether a change generalises instead of fitting the gold.
    """
    pages = sorted({r["page"] for r in gold})
    if half is None:
        return pages
    if half not in HALVES:
        raise ValueError(f"unknown half {half!r}; use one of {', '.join(HALVES)}")
    cut = (len(pages) + 1) // 2
    return pages[:cut] if half == "analysis" else pages[cut:]


def run(
    pages_dir: str, gold: list[dict[str, Any]], *, stages: str | None, scan: bool, limit: int | None, half: str | None = None
) -> dict[str, Any]:
    gold_pages = half_pages(gold, half)[: limit or None]
    gold = [r for r in gold if r["page"] in gold_pages]
    analysed = dict(analyse(pages_dir, gold_pages, stages))
    result: dict[str, Any] = {"stages": stages or "default", "half": half or "all", "gold": score_gold(gold, analysed)}
    if scan:
        from newsprobe.ingest import read_documents

        english = [p for p in gold_pages if not isinstance(analysed[p], str) and is_english(analysed[p])]
        for page in all_pages(pages_dir)[: limit or None]:
            if page in analysed:
                continue
            docs = list(read_documents([os.path.join(pages_dir, page)]))
            if docs and docs[0].article is not None and is_english(docs[0].article):
                english.append(page)
        fresh = dict(analyse(pages_dir, [p for p in english if p not in analysed], stages))
        analysed.update(fresh)
        ok = [(p, analysed[p]) for p in english if not isinstance(analysed[p], str)]
        result["english"] = scan_english(ok, gold)
        result["english"]["failed_pages"] = {p: analysed[p] for p in english if isinstance(analysed[p], str)}
    return result


def print_report(result: dict[str, Any], out: Any = sys.stdout) -> None:
    g = result["gold"]
    c = g["counts"]
    w = out.write
    w(f"stages: {result['stages']}  gold pages: {result.get('half', 'all')}\n")
    w(f"gold pages scored: {c.get('pages', 0)}  gold quotes: {c.get('gold_quotes', 0)}  "
      f"not-quote strings: {c.get('gold_not_quotes', 0)}  our quotes on them: {c.get('predicted', 0)}\n")
    w(f"quotes matched (>= 50% overlap, one-to-one): {c.get('matched', 0)} of {c.get('gold_quotes', 0)} "
      f"({g['quotes_found']}); ours unmatched: {c.get('predicted_unmatched', 0)}\n")
    w(f"right speaker, our confident speakers: {c.get('right_confident', 0)} of {c.get('confident', 0)} "
      f"= {g['right_speaker_confident']}   (goal >= 0.92)\n")
    w(f"right speaker, all matched quotes:     {c.get('right_all', 0)} of {c.get('scored', 0)} "
      f"= {g['right_speaker_all_matched']}   (gold 'unsure' left out: {c.get('matched_unsure_gold', 0)})\n")
    w(f"marked speaker_uncertain: {c.get('uncertain', 0)} of {c.get('scored', 0)} = {g['share_uncertain']}\n")
    w(f"not_quote strings given a speaker: {g['not_quote_with_speaker']} "
      f"(matched by one of our quotes: {c.get('not_quote_matched', 0)})\n")
    if g["pages_skipped"]:
        w("pages skipped:\n" + "".join(f"  {p}: {why}\n" for p, why in g["pages_skipped"].items()))
    w("wrong speakers by category: " + json.dumps(g["error_categories"]) + "\n")
    for e in g["errors"]:
        w(f"  {e['page']} {e['start']}-{e['end']} {e['label']}: gold {e['gold']!r}, ours {e['ours']!r}"
          f" ({e['ours_kind']}{', uncertain' if e['uncertain'] else ''}) [{e['why']}]\n")
    if "english" in result:
        e = result["english"]
        ec = e["counts"]
        w(f"\nEnglish pages: {ec.get('pages', 0)}  quotes: {ec.get('quotes', 0)}  with a speaker: {ec.get('with_speaker', 0)}\n")
        w(f"quotes crossing a paragraph break: {ec.get('crossing_paragraph', 0)}\n")
        w(f"title-like quotes with a speaker: {ec.get('title_with_speaker', 0)}\n")
        w(f"lower-case speakers: {ec.get('lower_case_speaker', 0)}  by kind: {json.dumps(e['lower_case_speaker_by_kind'])}\n")
        if e["failed_pages"]:
            w(f"pages that failed: {len(e['failed_pages'])}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD, help="gold JSONL (default: %(default)s)")
    ap.add_argument("--pages", help="folder holding eval/ and cache/ (default: unpack ../shared/data/real-pages/pages.tar.gz)")
    ap.add_argument("--stages", help="comma-separated stages (default: the default pipeline)")
    ap.add_argument("--no-scan", action="store_true", help="score the gold pages only, skip the English-page counts")
    ap.add_argument("--limit-pages", type=int, help="only the first N gold pages (and N pages of the scan)")
    ap.add_argument("--half", choices=HALVES, help="only the first (analysis) or second (check) half of the gold pages, sorted by id")
    ap.add_argument("--json", metavar="PATH", help="also write the numbers as JSON ('-' for stdout only)")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    gold = load_gold(args.gold)
    with tempfile.TemporaryDirectory(prefix="newsprobe-real-pages-") as tmp:
        pages_dir = args.pages
        if pages_dir is None:
            if not PAGES_TAR.exists():
                print(f"error: {PAGES_TAR} not found; pass --pages DIR (a folder with eval/ and cache/)", file=sys.stderr)
                return 2
            pages_dir = extract_pages(PAGES_TAR, tmp)
        result = run(pages_dir, gold, stages=args.stages, scan=not args.no_scan, limit=args.limit_pages, half=args.half)
    if args.json == "-":
        json.dump(result, sys.stdout, indent=1)
        print()
    else:
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump(result, f, indent=1)
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
