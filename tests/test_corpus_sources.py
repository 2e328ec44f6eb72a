"""Streamed corpus inputs: WARC and WARC.gz, gzip JSON Lines and CSV, directories, bad files,
and the corpus keys (the input's own id, else its URL, else content id plus position)."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest

from newsprobe.corpus.sources import corpus_key, count_records, is_warc, iter_corpus, read_warc

PAGE = """<!doctype html><html lang="en"><head><title>Harbour ferry returns after storm repairs</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour ferry returns after storm repairs</h1>
<p>The harbour ferry between Kessling and the island of Orrin resumed service on Monday after six weeks
of repairs to its landing stage, which was damaged in the October storm.</p>
<p>"We have rebuilt the pier with stronger piles, and the timetable is back to normal," said Mara Lindqvist,
who manages the ferry company. Passengers had used a replacement boat from the fishing port.</p>
<p>The council said the repairs cost about 400,000 euros, most of it covered by insurance.</p>
</article><footer>Copyright Kessling Courier</footer></body></html>"""


def _write_warc(path, *, gzip_it: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip_it)
        req = writer.create_warc_record("https://courier.example/ferry", "request",
                                        payload=io.BytesIO(b"GET /ferry HTTP/1.1\r\n\r\n"))
        writer.write_record(req)
        for url, body in (("https://courier.example/ferry", PAGE),
                          ("https://mirror.example/ferry-copy", PAGE)):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                                          http_headers=headers))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://courier.example/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)),
                                                      http_headers=img))
        nav = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://courier.example/menu", "response",
                                                      payload=io.BytesIO(b"<html><body><a href='/'>Home</a></body></html>"),
                                                      http_headers=nav))


@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_only_with_url_date_and_record_id(tmp_path, name, gz):
    path = tmp_path / name
    _write_warc(path, gzip_it=gz)
    docs = list(read_warc(str(path)))
    # two article pages, one navigation-only page (an error for that record); no request, no image
    assert [d.ok for d in docs] == [True, True, False]
    first, second = docs[0].article, docs[1].article
    assert first.meta["url"] == "https://courier.example/ferry"
    assert second.meta["url"] == "https://mirror.example/ferry-copy"
    assert first.meta["warc_date"] and first.meta["record_id"].startswith("<urn:uuid:")
    assert "Mara Lindqvist" in first.text and "Copyright" not in first.text
    assert "no article text" in docs[2].error.reason
    assert count_records([str(path)]) == 3
    keys = [k for k, _ in iter_corpus([str(path)])]
    # identical pages from two sites are two articles: each keeps its own WARC-Record-ID
    assert keys[0] == first.meta["record_id"] and len(set(keys)) == 3
    assert keys[2] == f"@{name}#{docs[2].line}"


def test_not_a_warc_is_one_error_not_a_traceback(tmp_path):
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00garbage" * 20)
    docs = list(read_warc(str(bad)))
    assert len(docs) == 1 and not docs[0].ok
    assert is_warc("a/b.WARC.GZ") and not is_warc("a.jsonl.gz")


def _records():
    return [
        {"id": "r1", "text": "The library in Fenwick will stay open on Sundays from March, the town said on Friday.",
         "url": "https://a.example/lib"},
        {"text": "Two sites published this same sentence about the new tram line opening in Dellmore next year."},
        {"text": "Two sites published this same sentence about the new tram line opening in Dellmore next year."},
        {"text": "Officials in Dellmore said the tram depot would employ forty people.", "url": "https://b.example/tram"},
    ]


def test_gzip_jsonl_and_csv_stream_with_keys(tmp_path):
    jl = tmp_path / "news.jsonl.gz"
    with gzip.open(jl, "wt", encoding="utf-8") as f:
        for r in _records():
            f.write(json.dumps(r) + "\n")
    cs = tmp_path / "news.csv.gz"
    with gzip.open(cs, "wt", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "text", "url"])
        w.writeheader()
        for r in _records():
            w.writerow(r)
    for path, sep in ((jl, ":"), (cs, ":")):
        items = list(iter_corpus([str(path)]))
        keys = [k for k, _ in items]
        assert all(d.ok for _, d in items)
        assert keys[0] == "r1"                       # the record's own id
        assert keys[3] == "https://b.example/tram"   # else its URL
        # identical texts without id or URL: two articles, content id plus position
        assert keys[1] != keys[2] and keys[1].split("@")[0] == keys[2].split("@")[0]
        assert keys[1].endswith(f"@{path.name}{sep}{items[1][1].line}")
        assert [d.article.id for _, d in items] == keys
        assert count_records([str(path)]) == 4


def test_directory_keys_are_relative_to_the_directory_given(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "day1").mkdir(parents=True)
    (corpus / "day1" / "a.txt").write_text("Harbour works\n\nThe harbour works in Kessling will finish in May, "
                                           "the port authority said.", encoding="utf-8")
    (corpus / "day1" / "b.jsonl").write_text(json.dumps({"text": "A school in Orrin got a new roof this summer."}) + "\n",
                                             encoding="utf-8")
    keys = [k for k, _ in iter_corpus([str(corpus)])]
    assert keys[0].endswith("@corpus/day1/a.txt") and keys[1].endswith("@corpus/day1/b.jsonl:1")
    moved = tmp_path / "elsewhere"
    corpus.rename(moved)
    # the keys name the directory given, so a renamed parent path keeps them
    assert [k.split("@")[1] for k, _ in iter_corpus([str(moved)])] == ["elsewhere/day1/a.txt", "elsewhere/day1/b.jsonl:1"]


def test_bad_inputs_are_errors_with_positions_and_the_rest_is_read(tmp_path):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "mixed.jsonl").write_text(
        json.dumps({"text": "The bakery on Mill Street reopened after a fire in June, its owner said."}) + "\n"
        + "{not json\n"
        + json.dumps({"text": "Farmers near Orrin expect a late harvest after the wet spring."}) + "\n",
        encoding="utf-8")
    items = list(iter_corpus([str(tmp_path)]))
    by_key = {k: d for k, d in items}
    assert not by_key[f"@{tmp_path.name}/blob.bin"].ok
    assert not by_key[f"@{tmp_path.name}/mixed.jsonl:2"].ok
    assert sum(d.ok for _, d in items) == 2
    assert corpus_key(by_key[f"@{tmp_path.name}/mixed.jsonl:2"], "x.jsonl") == "@x.jsonl:2"
