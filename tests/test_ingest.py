import io
import json

import pytest

from newsprobe import load_settings
from newsprobe.errors import InputError
from newsprobe.ingest import decode, guess_title, read_documents

HTML = """<!doctype html><html><head><title>Port audit widens | The Harbor Ledger</title>
<meta property="og:site_name" content="The Harbor Ledger">
<meta name="author" content="Lena Fischer"><meta property="article:published_time" content="2024-05-02">
</head><body><nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
<article><h1>Port audit widens</h1>
<p>Auditors in Port Elmsworth widened their review of harbour contracts on Thursday, officials said.</p>
<p>The review now covers eleven contracts signed between 2019 and 2023, according to a statement.</p>
<p>"We will publish everything we find," the auditor general, Tom Reyes, told reporters.</p>
</article>
<aside class="related"><h3>Related stories</h3><a href="/x">Ten best beaches this summer</a></aside>
<section id="comments"><h3>Comments</h3><p>Great article, totally agree with the auditors here!!!</p></section>
<footer>Copyright The Harbor Ledger. All rights reserved.</footer></body></html>"""


def _docs(paths, **kw):
    return list(read_documents(paths, settings=load_settings(), **kw))


def test_ingest_plain_text_title_and_exact_text(tmp_path):
    p = tmp_path / "a.txt"
    text = "Council backs new bridge\n\nThe city council voted 7-2 on Monday.\r\nWork starts in May.\n"
    p.write_bytes(text.encode("utf-8"))
    [doc] = _docs([str(p)])
    assert doc.article.text == text  # kept exactly as given, \r\n included
    assert doc.article.meta["title"] == "Council backs new bridge"


def test_ingest_guess_title_rejects_sentences():
    assert guess_title("The council voted on Monday, officials said.\n\nMore.") is None
    assert guess_title("Just one line") is None
    assert guess_title("Is the bridge worth it?\n\nText.") == "Is the bridge worth it?"


def test_ingest_html_drops_boilerplate_and_comments(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    [doc] = _docs([str(p)])
    a = doc.article
    assert "eleven contracts" in a.text and "Tom Reyes" in a.text
    for junk in ("Home", "Related stories", "beaches", "Great article", "All rights reserved"):
        assert junk not in a.text
    assert a.meta["title"].startswith("Port audit widens")
    assert a.meta["outlet"] == "The Harbor Ledger"
    assert a.meta["published"] == "2024-05-02"
    assert a.meta["author"] == "Lena Fischer"


def test_ingest_jsonl_and_csv_with_field_mapping_and_bad_records(tmp_path):
    jl = tmp_path / "c.jsonl"
    jl.write_text(
        json.dumps({"body": "Rain fell in Lyon on Monday, officials said.", "headline": "Rain", "key": "r1"}) + "\n"
        + "{not json\n"
        + json.dumps({"headline": "no body"}) + "\n"
        + json.dumps({"body": "Snow fell in Oslo.", "key": 7}) + "\n",
        encoding="utf-8",
    )
    docs = _docs([str(jl)], field_map={"text": "body", "title": "headline", "id": "key"})
    assert [d.ok for d in docs] == [True, False, False, True]
    assert docs[0].article.meta["title"] == "Rain" and docs[0].article.meta["record_id"] == "r1"
    assert "c.jsonl:2" in str(docs[1].error) and "not valid JSON" in str(docs[1].error)
    assert "c.jsonl:3" in str(docs[2].error) and "--text-field" in str(docs[2].error)
    csvp = tmp_path / "c.csv"
    csvp.write_text('text,title,outlet\n"Prices rose 3%, the bank said.",Prices,Daily\n"",Empty,X\n', encoding="utf-8")
    docs = _docs([str(csvp)])
    assert docs[0].ok and docs[0].article.meta["outlet"] == "Daily"
    assert not docs[1].ok and "c.csv:3" in str(docs[1].error)


@pytest.mark.parametrize(
    "data, needle",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00junk", "PNG"),
        (b"%PDF-1.7 stuff", "PDF"),
        (b"abc\x00\x01\x02\x03def" * 20, "binary"),
        (b"Caf\xe9 society", "--encoding"),
    ],
)
def test_ingest_bad_bytes_give_a_helpful_message(data, needle):
    with pytest.raises(InputError, match=needle.replace("-", r"\-")):
        decode(data, source="x")


def test_ingest_bom_and_explicit_encoding():
    assert decode("\ufeffHello".encode("utf-8"), source="x") == "Hello"
    assert decode("Hello".encode("utf-16"), source="x") == "Hello"
    assert decode(b"Caf\xe9", source="x", encoding="cp1252") == "Café"


def test_ingest_directory_with_bad_files_keeps_going(tmp_path):
    (tmp_path / "good.txt").write_text("Bridge opens\n\nThe new bridge opened on Friday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.txt").write_bytes(b"Caf\xe9")
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    (tmp_path / ".hidden").write_text("ignored", encoding="utf-8")
    docs = _docs([str(tmp_path)])
    assert len(docs) == 4
    assert sum(d.ok for d in docs) == 1
    by_name = {d.source.rsplit("/", 1)[-1]: d for d in docs}
    assert by_name["good.txt"].ok
    assert "no article" in str(by_name["nav.html"].error)


def test_ingest_size_limit_and_stdin(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 3000)
    [doc] = list(read_documents([str(big)], settings=load_settings(max_input_bytes=10_000)))
    assert not doc.ok and "limit" in str(doc.error) and "split" in str(doc.error)
    [doc] = list(read_documents(["-"], settings=load_settings(), stdin=io.BytesIO(b"Tram strike\n\nTrams stopped.")))
    assert doc.ok and doc.source == "<stdin>" and doc.article.meta["title"] == "Tram strike"


def test_ingest_missing_file():
    [doc] = _docs(["/no/such/file.txt"])
    assert not doc.ok and "no such file" in str(doc.error)
