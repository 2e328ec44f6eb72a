"""The bundled examples: every good file reads, every bad file fails with a helpful message,
titles are found, and the story gold files match the texts they describe.

The gold files under examples/gold/ are built by ``build_story_gold`` below from the headline
and marker strings, never by hand. Regenerate them after editing an example with:

    .venv/bin/python tests/test_examples.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLD = EXAMPLES / "gold"

# headline of each good example, as ingest should find it
EXPECTED_TITLES: dict[str, str] = {
    "crime_pharmacy_robbery.txt": "Police Arrest Two in String of Pharmacy Robberies",
    "economy_inflation.txt": "Inflation Cools to 3.1% as Rate Cut Bets Grow",
    "health_measles.txt": "Measles Cases Double as Vaccination Rates Slip in Schools",
    "leaked_emails_contract.txt": "Leaked Emails Show Contractor Was Warned About Bridge Cracks",
    "misinformation_viral_claims.txt": "Viral Posts Recycle Old Health Myths as Flu Season Peaks",
    "non_english_es.txt": "El Ayuntamiento de Valdemora aprueba un plan para reabrir la estación de tren",
    "opinion_city_hall.txt": "City Hall's \"Safety Plan\" Is a Disgrace — Stop It Now",
    "politics_water_bill.txt": "State Senate Passes Groundwater Bill After Late-Night Deal",
    "science_coastal_study.txt": "Study Suggests Atlantic Coast Marshes May Be Drowning Faster Than Expected",
    "stitched_post.txt": "The Swamp Is Laughing at You Again",
    "stitched_roundup.txt": "What the Mainstream Media Won't Put on Its Front Page",
    "tech_data_breach.txt": "Hospital Billing Firm Says Hackers Stole Data of 2.3 Million Patients",
    "unicode_heavy.txt": "Café Owners in São Paulo and İzmir Share Tips on Surviving Rent Rises",
    "wire_reuters_single.txt": "Norway's wealth fund posts record first-quarter gain on tech rally",
    "html/council_budget.html": "Council Approves Budget With Cuts to Library Hours",
    "html/hospital_strike.html": "Nurses at Two Hospitals Vote to Strike Over Staffing",
    "html/hostile_markup.html": 'Web Developers Warn About "><img src=x onerror=alert(1)> Injection Bugs',
}

# what each bad file must say (a fragment of the message)
EXPECTED_BAD: dict[str, str] = {
    "empty.txt": "empty",
    "binary.png": "PNG",
    "binary_junk.dat": "binary",
    "cp1252.txt": "--encoding",
    "no_article.html": "no article text",
    "one_bad_line.jsonl": "not valid JSON",
}

# --- story gold -------------------------------------------------------------------------------
# Each story: (headline, origin, marker text). The first story starts at offset 0 under the
# post's own headline. A story runs from its headline to the last non-blank character before
# the next story's headline. Social posts: (first line of the post, signature line, handle).

STORY_SPECS: dict[str, dict[str, Any]] = {
    "stitched_post.txt": {
        "stories": [
            ("The Swamp Is Laughing at You Again", None, None),
            ("Senate panel delays vote on rural broadband bill", "Reuters", "WASHINGTON (Reuters) -"),
            ("Arizona county to recount 40,000 mail ballots after scanner error", "Associated Press", "PHOENIX (AP) —"),
        ],
        "social_posts": [
            (
                "The recount of 40,000 mail ballots starts Monday",
                "— Linda Haskell (@RecorderHaskell) March 3, 2019",
                "@RecorderHaskell",
                "Linda Haskell",
                "March 3, 2019",
            )
        ],
    },
    "stitched_roundup.txt": {
        "stories": [
            ("What the Mainstream Media Won't Put on Its Front Page", None, None),
            ("Dutch port workers strike over automated cranes", "The Guardian", "via The Guardian"),
            ("Drought cuts Kenya's tea output by a fifth", "Al Jazeera", "Courtesy of Al Jazeera"),
            ("Small towns lose their last bank branches", "The Plainview Courier", "Originally published at The Plainview Courier"),
        ],
        "social_posts": [],
    },
    "wire_reuters_single.txt": {
        "stories": [("Norway's wealth fund posts record first-quarter gain on tech rally", "Reuters", "OSLO (Reuters) -")],
        "social_posts": [],
    },
    "politics_water_bill.txt": {
        "stories": [("State Senate Passes Groundwater Bill After Late-Night Deal", None, None)],
        "social_posts": [],
    },
}


def _find_once(text: str, needle: str, start: int = 0) -> int:
    pos = text.find(needle, start)
    if pos < 0 or text.find(needle, pos + 1) >= 0:
        raise AssertionError(f"{needle!r} must occur exactly once after offset {start}")
    return pos


def build_story_gold(name: str) -> dict[str, Any]:
    """The gold article (wire format newsprobe/1) with the ``stories`` layer of one example."""
    from newsprobe import Article, Span
    from newsprobe.ingest import guess_title

    text = (EXAMPLES / name).read_text(encoding="utf-8")
    spec = STORY_SPECS[name]
    starts = [0] + [_find_once(text, f"\n{title}\n") + 1 for title, _, _ in spec["stories"][1:]]
    spans = []
    for n, (title, origin, marker) in enumerate(spec["stories"]):
        start = starts[n]
        end = len(text[: starts[n + 1]].rstrip()) if n + 1 < len(starts) else len(text.rstrip())
        assert text[start:].startswith(title)
        attrs: dict[str, Any] = {"index": n, "title": title, "origin": origin, "origin_evidence": marker}
        if marker is not None:
            m = _find_once(text, marker)
            assert start <= m < end, f"marker {marker!r} lies outside its story"
            attrs.update(origin_start=m, origin_end=m + len(marker))
        spans.append(Span(start, end, "story", id=f"s{n + 1}", attrs=attrs))
    for k, (first, signature, handle, author, date) in enumerate(spec["social_posts"]):
        sig = _find_once(text, signature)
        body = text.rfind("\n", 0, sig - 1) + 1
        assert text[body:].startswith(first)
        spans.append(
            Span(
                body,
                sig + len(signature),
                "social_post",
                id=f"p{k + 1}",
                attrs={"title": None, "origin": handle, "author": author, "date": date,
                       "origin_evidence": signature, "origin_start": sig, "origin_end": sig + len(signature)},
            )
        )
    article = Article(text, meta={"title": guess_title(text)}, layers={"stories": spans},
                      provenance={"gold": f"examples/{name}; built by tests/test_examples.py from headline and marker strings"})
    return article.to_dict()


GOLD_FILES: dict[str, list[str]] = {
    "stitched_post.stories.jsonl": ["stitched_post.txt"],
    "stories.jsonl": ["stitched_roundup.txt", "wire_reuters_single.txt", "politics_water_bill.txt"],
}


def write_gold() -> None:
    GOLD.mkdir(exist_ok=True)
    for fname, names in GOLD_FILES.items():
        lines = [json.dumps(build_story_gold(n), ensure_ascii=False) for n in names]
        (GOLD / fname).write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- tests ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docs():
    from newsprobe.ingest import read_documents

    good = sorted(str(p) for p in EXAMPLES.glob("*.txt")) + sorted(str(p) for p in (EXAMPLES / "html").glob("*.html"))
    good.append(str(EXAMPLES / "corpus.jsonl"))
    return list(read_documents(good))


def _rel(source: str) -> str:
    return Path(source.split(":")[0]).resolve().relative_to(EXAMPLES).as_posix()


def test_examples_every_good_file_reads_without_error(docs):
    errors = [(d.source, str(d.error)) for d in docs if d.error]
    assert errors == []
    assert len([d for d in docs if d.source.endswith((".txt", ".html"))]) >= 14 + 3


def test_examples_titles_are_found(docs):
    found = {_rel(d.source): d.article.meta["title"] for d in docs if d.article and not d.source.startswith(str(EXAMPLES / "corpus"))}
    for name, title in EXPECTED_TITLES.items():
        assert found.get(name) == title, name
    assert set(found) == set(EXPECTED_TITLES), "a new example needs an expected title here"


def test_examples_html_metadata_and_boilerplate(docs):
    by = {_rel(d.source): d.article for d in docs if d.article and d.source.endswith(".html")}
    budget = by["html/council_budget.html"]
    assert budget.meta["outlet"] == "The Millbrook Herald"
    assert budget.meta["published"] == "2024-06-12"
    assert budget.meta["author"] == "Jenna Okoro"
    assert budget.meta["url"].startswith("https://www.millbrookherald.example/")
    strike = by["html/hospital_strike.html"]
    for article in (budget, strike):
        for boiler in ("Subscribe", "Related stories", "Recommended for you", "Comments", "Privacy policy", "cookies", "Share on"):
            assert boiler not in article.text, boiler
    hostile = by["html/hostile_markup.html"]
    assert "<script>alert(\"pwned\")</script>" in hostile.text  # escaped in the page, literal text here
    assert "must never appear" not in hostile.text and "tracker.example" not in hostile.text
    assert not str(hostile.meta.get("url") or "").startswith("javascript:")


def test_examples_corpus_records_and_repost(docs):
    recs = [d.article for d in docs if d.source.startswith(str(EXAMPLES / "corpus.jsonl"))]
    assert len(recs) >= 5
    by_id = {a.meta["record_id"]: a for a in recs}
    assert by_id["fv-001"].meta["title"] == "Fairview board votes to close Lincoln Elementary"
    assert by_id["fv-001"].meta["outlet"] == "Fairview Tribune" and by_id["fv-001"].meta["published"] == "2024-03-11"
    assert by_id["st-551"].meta["url"] is None  # an empty url field is no url
    original, repost = by_id["fv-001"].text, by_id["cv-101"].text
    assert original != repost and by_id["fv-001"].id != by_id["cv-101"].id
    from difflib import SequenceMatcher

    assert SequenceMatcher(None, original, repost).ratio() > 0.9  # a repost with small edits


def test_examples_every_bad_file_gives_a_helpful_input_error():
    from newsprobe.errors import InputError
    from newsprobe.ingest import read_documents

    bad = sorted((EXAMPLES / "bad").iterdir())
    assert {p.name for p in bad} == set(EXPECTED_BAD)
    for path in bad:
        docs = list(read_documents([str(path)]))
        errors = [d.error for d in docs if d.error is not None]
        assert errors, f"{path.name} was read without an error"
        for e in errors:
            assert isinstance(e, InputError)
            assert path.name in str(e) and EXPECTED_BAD[path.name] in str(e), str(e)
            assert "\n" not in str(e)
    # the JSONL with one broken line: the error names line 2, the other lines still read
    docs = list(read_documents([str(EXAMPLES / "bad" / "one_bad_line.jsonl")]))
    assert [d.ok for d in docs] == [True, False, True]
    assert "one_bad_line.jsonl:2" in str(docs[1].error)


def test_examples_50_mb_text_is_refused_with_advice(tmp_path):
    from newsprobe.ingest import read_documents

    big = tmp_path / "huge.txt"
    line = (EXAMPLES / "politics_water_bill.txt").read_bytes()
    with open(big, "wb") as f:
        for _ in range(50_000_000 // len(line) + 1):
            f.write(line)
    assert big.stat().st_size >= 50_000_000
    [doc] = list(read_documents([str(big)]))
    assert not doc.ok and "huge.txt" in str(doc.error) and "split" in str(doc.error)


def test_examples_directory_mixing_good_and_bad_files_reads_all(tmp_path):
    import shutil

    from newsprobe.ingest import read_documents

    mixed = tmp_path / "mixed"
    shutil.copytree(EXAMPLES / "bad", mixed)
    shutil.copy(EXAMPLES / "health_measles.txt", mixed / "health_measles.txt")
    docs = list(read_documents([str(mixed)]))
    assert sum(d.ok for d in docs) == 3  # the article and two good JSONL lines
    assert sum(not d.ok for d in docs) == len(EXPECTED_BAD)  # one error per bad file, none dropped
    assert any(d.ok and d.article.meta["title"].startswith("Measles") for d in docs)


def test_examples_cp1252_reads_with_encoding_option():
    from newsprobe.ingest import read_documents

    [doc] = list(read_documents([str(EXAMPLES / "bad" / "cp1252.txt")], encoding="cp1252"))
    assert doc.ok and "\u201cno comment\u201d" in doc.article.text


def test_examples_folder_is_small_and_has_a_readme():
    total = sum(p.stat().st_size for p in EXAMPLES.rglob("*") if p.is_file())
    assert total < 200_000, total
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for p in EXAMPLES.rglob("*"):
        if p.is_file() and p.name != "README.md":
            assert p.relative_to(EXAMPLES).as_posix() in readme, f"examples/README.md does not list {p.name}"


@pytest.mark.parametrize("fname", sorted(GOLD_FILES))
def test_examples_story_gold_is_up_to_date(fname):
    lines = (GOLD / fname).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [build_story_gold(n) for n in GOLD_FILES[fname]], (
        "regenerate with: .venv/bin/python tests/test_examples.py"
    )


def test_examples_stitched_gold_shape():
    from newsprobe import Article

    gold = Article.from_json((GOLD / "stitched_post.stories.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert gold.to_dict()["schema"] == "newsprobe/1"
    stories = [s for s in gold.layer("stories") if s.label == "story"]
    assert [s.attrs["origin"] for s in stories] == [None, "Reuters", "Associated Press"]
    assert [gold.span_text(s).split("\n")[0] for s in stories] == [s.attrs["title"] for s in stories]
    assert stories[0].start == 0 and stories[-1].end == len(gold.text.rstrip())
    for a, b in zip(stories, stories[1:]):
        assert a.end < b.start and gold.text[a.end : b.start].strip() == ""
    for s in stories[1:]:
        assert gold.text[s.attrs["origin_start"] : s.attrs["origin_end"]] == s.attrs["origin_evidence"]
    [post] = [s for s in gold.layer("stories") if s.label == "social_post"]
    assert stories[2].contains(post) and gold.span_text(post).endswith("(@RecorderHaskell) March 3, 2019")


def test_examples_stitched_post_text_matches_the_file():
    gold = json.loads((GOLD / "stitched_post.stories.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert gold["text"] == (EXAMPLES / "stitched_post.txt").read_text(encoding="utf-8")


if __name__ == "__main__":  # regenerate the gold files
    sys.path.insert(0, str(ROOT / "src"))
    write_gold()
    print("wrote", ", ".join(str(GOLD / f) for f in GOLD_FILES))
