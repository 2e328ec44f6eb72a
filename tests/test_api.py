"""The library verbs: analyze_text never reads files, analyze_file reads one article,
iter_file a corpus, analyze_many batches texts like nlp.pipe."""

from __future__ import annotations

import json

import pytest

import newsprobe
from newsprobe import Article
from newsprobe.errors import InputError, NewsprobeError

STORY = "Bridge opens early\n\nKYIV (Reuters) - The new bridge opened on Friday, officials said.\n"


def test_api_analyze_text_never_reads_a_file_that_the_text_names(tmp_path, core_settings):
    secret = tmp_path / "secret.txt"
    secret.write_text("Top secret server file\n\nNobody should read this.", encoding="utf-8")
    article = newsprobe.analyze_text(str(secret), settings=core_settings)
    assert article.text == str(secret)
    assert "secret server" not in article.text


def test_api_analyze_text_with_meta(core_settings):
    a = newsprobe.analyze_text(STORY, meta={"url": "https://example.org/b", "outlet": "Example"}, settings=core_settings)
    assert a.meta["title"] == "Bridge opens early" and a.meta["outlet"] == "Example"
    assert [s.attrs["origin"] for s in a.layer("stories") if s.label == "story"] == ["Reuters"]
    with pytest.raises(InputError, match="no text"):
        newsprobe.analyze_text("   ", settings=core_settings)
    with pytest.raises(TypeError):
        newsprobe.analyze_text(b"bytes", settings=core_settings)  # type: ignore[arg-type]


def test_api_analyze_file_reads_one_article_and_refuses_a_corpus(tmp_path, core_settings):
    one = tmp_path / "one.txt"
    one.write_text(STORY, encoding="utf-8")
    assert newsprobe.analyze_file(str(one), settings=core_settings).meta["title"] == "Bridge opens early"
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": STORY}) + "\n" + json.dumps({"text": "Second one, said the mayor."}) + "\n",
                      encoding="utf-8")
    with pytest.raises(InputError, match="more than one article.*iter_file"):
        newsprobe.analyze_file(str(corpus), settings=core_settings)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        newsprobe.analyze_file(str(tmp_path / "empty.txt"), settings=core_settings)
    with pytest.raises(InputError, match="no such file"):
        newsprobe.analyze_file(str(tmp_path / "missing.txt"), settings=core_settings)


def test_api_iter_file_yields_every_record_and_handles_a_bad_one(tmp_path, core_settings):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": STORY, "id": "a"}) + "\n{broken\n" + json.dumps({"text": "The mayor said no."}) + "\n",
                      encoding="utf-8")
    got = []
    with pytest.raises(InputError, match="c.jsonl:2"):
        for a in newsprobe.iter_file(str(corpus), settings=core_settings):
            got.append(a)
    assert [a.meta.get("record_id") for a in got] == ["a"]  # what came before the bad line
    assert len(list(newsprobe.iter_file(str(corpus), settings=core_settings, on_error="skip"))) == 2
    errors = []
    arts = list(newsprobe.iter_file(str(corpus), settings=core_settings, on_error=errors.append))
    assert len(arts) == 2 and len(errors) == 1 and "not valid JSON" in str(errors[0])


def test_api_analyze_many_accepts_strings_and_articles_in_order(core_settings):
    items = [STORY, Article("Trams stopped in Oslo on Tuesday, the city said."), "", "Ferries run again, the port said."]
    out = list(newsprobe.analyze_many(items, settings=core_settings, batch_size=2))
    assert len(out) == 4
    assert out[0].meta["title"] == "Bridge opens early" and out[1].text.startswith("Trams")
    assert out[2].provenance["errors"][0]["stage"] == "input" and not out[2].layers
    assert out[3].layer("sentences") and "stages" in out[3].provenance


def test_api_analyze_takes_articles_only_and_says_what_to_use(core_settings):
    a = newsprobe.analyze(Article(STORY), settings=core_settings)
    assert a.layer("stories")
    with pytest.raises(NewsprobeError, match=r"analyze_text\(text\).*analyze_file\(path\)"):
        newsprobe.analyze("examples/stitched_post.txt", settings=core_settings)  # type: ignore[arg-type]
