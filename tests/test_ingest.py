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


# --- encodings, charsets, gzip, language ------------------------------------------------------

GERMAN = ("Die Stadträtin Johanna Berger sagte am Montag, die neue Brücke über den Kanal werde den Verkehr "
          "in der Innenstadt deutlich entlasten. Kritiker bemängeln, dass die Radwege zu schmal seien.")
FRENCH = ("Le maire de Villeneuve, Étienne Roche, a déclaré mardi que le nouveau pont réduirait la circulation "
          "dans le centre-ville. Les habitants regrettent de ne pas avoir été consultés.")


def _html(body: str, head: str = "", lang: str = "") -> str:
    return (f"<!doctype html><html{lang}><head>{head}<title>Bridge opens</title></head><body><article>"
            f"<h1>Bridge opens</h1><p>{body}</p><p>{body}</p></article></body></html>")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16", "cp1252", "utf-8"])
def test_ingest_encoding_applies_to_every_input_kind(tmp_path, encoding):
    text = "Café owner Zoë Brandt said the rent had doubled."
    files = {
        "a.txt": f"Rent doubles\n\n{text}\n",
        "b.jsonl": json.dumps({"text": text}, ensure_ascii=False) + "\n",
        "c.csv": f'text,title\n"{text}",Rent\n',
        "d.html": _html(text),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content.encode(encoding))
    docs = _docs([str(tmp_path)], encoding=encoding)
    assert [d.error for d in docs] == [None] * 4
    assert all("Zoë Brandt" in d.article.text for d in docs)


def test_ingest_utf16_without_encoding_is_refused_with_a_hint(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes((json.dumps({"text": "Trams stopped in Oslo today."}) + "\n").encode("utf-16-le"))
    [doc] = _docs([str(p)])
    assert not doc.ok and ("--encoding" in str(doc.error) or "binary" in str(doc.error))


@pytest.mark.parametrize(
    "head",
    ['<meta charset="windows-1252">', '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'],
)
def test_ingest_html_charset_declaration_is_honoured(tmp_path, head):
    p = tmp_path / "page.html"
    p.write_bytes(_html("Café owner Zoë Brandt said the rent had doubled since the spring, her lawyer said.", head).encode("cp1252"))
    [doc] = _docs([str(p)])
    assert doc.ok and "Zoë Brandt" in doc.article.text
    assert "notes" not in doc.article.provenance  # declared and right: nothing to say


def test_ingest_html_wrong_or_missing_charset_falls_back_with_a_note(tmp_path):
    body = "Müller und Söhne äußerten sich über die Größe der Brücke und über die Straße. " * 4
    undeclared = tmp_path / "undeclared.html"
    undeclared.write_bytes(_html(body).encode("cp1252"))
    [doc] = _docs([str(undeclared)])
    assert doc.ok and "Söhne" in doc.article.text and "Größe" in doc.article.text
    [note] = doc.article.provenance["notes"]
    assert note["stage"] == "ingest" and "charset-normalizer" in note["note"]
    # a template that says latin-1 over a UTF-8 body: UTF-8 wins, and the note says so
    mislabelled = tmp_path / "mislabelled.html"
    mislabelled.write_bytes(_html(body, '<meta charset="iso-8859-1">').encode("utf-8"))
    [doc] = _docs([str(mislabelled)])
    assert "Söhne" in doc.article.text and "valid UTF-8" in doc.article.provenance["notes"][0]["note"]


def test_ingest_gzip_corpora_are_streamed(tmp_path):
    import gzip

    lines = [json.dumps({"id": f"r{i}", "text": f"Record {i}: the ferry to Ostholm ran late on Monday."}) for i in range(50)]
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(lines[:25]) + "\n{broken\n" + "\n".join(lines[25:]) + "\n")
    with gzip.open(tmp_path / "d.csv.gz", "wt", encoding="utf-8", newline="") as f:
        f.write('text,id\n"The ferry ran late, the captain said.",x1\n')
    with gzip.open(tmp_path / "e.txt.gz", "wb") as f:
        f.write(b"Ferry late\n\nThe ferry to Ostholm ran late on Monday.")
    with gzip.open(tmp_path / "f.html.gz", "wb") as f:
        f.write(_html("The ferry to Ostholm ran late on Monday, the harbour master said.").encode("utf-8"))
    docs = _docs([str(tmp_path)])
    assert len(docs) == 51 + 1 + 1 + 1
    bad = [d for d in docs if not d.ok]
    assert [d.source.rsplit("/", 1)[-1] for d in bad] == ["c.jsonl.gz:26"]
    assert docs[0].article.meta["record_id"] == "r0" and docs[50].article.meta["record_id"] == "r49"
    by_name = {d.source.rsplit("/", 1)[-1]: d for d in docs}
    assert "captain" in by_name["d.csv.gz:2"].article.text
    assert by_name["e.txt.gz"].article.meta["title"] == "Ferry late"
    assert "harbour master" in by_name["f.html.gz"].article.text


def test_ingest_streamed_jsonl_bounds_one_record_not_the_file(tmp_path):
    p = tmp_path / "c.jsonl"
    small = json.dumps({"text": "The ferry ran late on Monday."})
    p.write_text(small + "\n" + json.dumps({"text": "x " * 5000}) + "\n" + small + "\n", encoding="utf-8")
    docs = list(read_documents([str(p)], settings=load_settings(max_input_bytes=2000)))
    assert [d.ok for d in docs] == [True, False, True]
    assert "c.jsonl:2" in str(docs[1].error) and "limit" in str(docs[1].error)


def test_ingest_sets_language_from_text_and_page_hints(tmp_path):
    (tmp_path / "de.html").write_text(_html(GERMAN, lang=' lang="en"'), encoding="utf-8")  # template says en
    (tmp_path / "fr.txt").write_text("Nouveau pont\n\n" + FRENCH, encoding="utf-8")
    (tmp_path / "short.html").write_text(
        _html("Ja. Nein. Vielleicht morgen, sagt Anna. Oder auch nicht, sagt Ben.", head='<meta property="og:locale" content="de_DE">'),
        encoding="utf-8")
    docs = {d.source.rsplit("/", 1)[-1]: d.article for d in _docs([str(tmp_path)])}
    assert docs["de.html"].meta["language"] == "de" and docs["de.html"].meta["language_evidence"] == "text"
    assert docs["fr.txt"].meta["language"] == "fr"
    assert docs["short.html"].meta["language"] == "de"


def test_html_language_hint_reads_lang_og_locale_and_content_language():
    from newsprobe.ingest import html_language_hint
    from newsprobe.language import normalize_hint

    assert html_language_hint('<html class="x" lang="de-CH"><head>') == "de-CH"
    assert html_language_hint('<html><head><meta content="pt_BR" property="og:locale">') == "pt_BR"
    assert html_language_hint("<html><head><meta http-equiv='Content-Language' content='pl'>") == "pl"
    assert html_language_hint("<html><head><title>x</title>") is None
    assert [normalize_hint(h) for h in ("de-CH", "pt_BR", "EN", "de, en", "", "english", None)] == \
        ["de", "pt", "en", "de", None, None, None]


def test_language_short_text_falls_back_to_the_hint_or_none():
    from newsprobe.language import detect_language

    assert detect_language("Ja, sagt Anna.", "de").language == "de"
    guess = detect_language("OK 42", None)
    assert guess.language is None and guess.as_meta()["language_confidence"] is None
    assert detect_language("1234 5678", "fr").language == "fr"  # nothing to detect: the declaration
    long_german = detect_language(GERMAN * 3, "en")  # a confident detector overrules a template's hint
    assert long_german.language == "de" and long_german.evidence == "text"


def test_ingest_stdin_gzip_and_html_charset():
    import gzip

    data = gzip.compress(b"Ferry late\n\nThe ferry to Ostholm ran late on Monday.")
    [doc] = list(read_documents(["-"], settings=load_settings(), stdin=io.BytesIO(data)))
    assert doc.ok and doc.article.meta["title"] == "Ferry late"
    page = _html("Café owner Zoë Brandt said the rent had doubled since spring.", '<meta charset="cp1252">')
    [doc] = list(read_documents(["-"], settings=load_settings(), stdin=io.BytesIO(page.encode("cp1252"))))
    assert doc.ok and "Zoë" in doc.article.text
    [doc] = list(read_documents(["-"], settings=load_settings(), encoding="no-such-codec", stdin=io.BytesIO(b"x")))
    assert not doc.ok and "unknown encoding" in str(doc.error)


def test_ingest_html_utf8_with_a_stray_byte_stays_utf8(tmp_path):
    body = "Müller und Söhne äußerten sich über die Größe der Brücke und über die Straße."
    data = _html(body, '<meta charset="utf-8">').encode("utf-8").replace("Größe".encode(), b"Gr\xf6\xdfe")
    p = tmp_path / "stray.html"
    p.write_bytes(data)
    [doc] = _docs([str(p)])
    assert "Müller und Söhne" in doc.article.text and "Gr\ufffd\ufffde" in doc.article.text
    assert "not valid UTF-8" in doc.article.provenance["notes"][0]["note"]
