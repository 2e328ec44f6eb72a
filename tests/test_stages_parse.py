"""The parse stage: long texts in paragraph-aligned chunks, handed to spaCy a few at a time."""

from __future__ import annotations

import pytest

from newsprobe.article import Article
from newsprobe.pipeline import Context
from newsprobe.settings import load_settings
from newsprobe.stages import parse as parse_mod
from newsprobe.stages.parse import char_batches, chunk_offsets


def test_char_batches_respect_the_budget_and_the_item_cap() -> None:
    assert char_batches([10, 10, 10], budget=25) == [(0, 2), (2, 3)]
    assert char_batches([30, 5, 5], budget=25) == [(0, 1), (1, 3)]  # a big item is a batch of its own
    assert char_batches([1] * 5, budget=100, most=2) == [(0, 2), (2, 4), (4, 5)]
    assert char_batches([]) == []


def test_chunks_cut_at_paragraphs_and_cover_the_text() -> None:
    text = ("A short paragraph about the harbour. " * 5 + "\n\n") * 20
    chunks = chunk_offsets(text, 600)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(chunks, chunks[1:]))
    assert all(text[a - 2 : a] == "\n\n" for a, _ in chunks[1:])


def test_many_long_chunks_are_parsed_in_several_spacy_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(stages="parse", chunk_chars=400, store="")
    stage = parse_mod.ParseStage(settings)
    calls: list[int] = []
    real = stage.nlp.pipe

    def counting(texts, batch_size=None, **kw):
        texts = list(texts)
        calls.append(sum(len(t) for t in texts))
        return real(texts, batch_size=batch_size, **kw)

    monkeypatch.setattr(stage, "nlp", type("N", (), {"pipe": staticmethod(counting)})())
    monkeypatch.setattr(parse_mod, "PIPE_CHARS", 1000)
    para = "The council in Lyon met on Monday. Maria Ortega chaired the session.\n\n"
    article = Article(para * 60)
    ctx = Context(article=article, settings=settings)
    stage.pipe([(article, ctx)])
    assert len(calls) > 1 and max(calls) <= 1000
    assert [off for off, _ in ctx.docs] == [a for a, _ in chunk_offsets(article.text, 400)]
    assert sum(len(d) for _, d in ctx.docs) > 60 * 10


def test_parse_segments_leave_out_runs_without_whitespace() -> None:
    from newsprobe.stages.parse import parse_segments

    text = "Before the blob. " + "x" * 50 + " After it."
    assert parse_segments(text, 100) == ([(0, len(text))], [])
    blob = "QmFzZTY0" * 40  # 320 characters without whitespace
    text = "Before the blob.\n" + blob + "\nAfter it."
    kept, cut = parse_segments(text, 100)
    assert cut == [(17, 17 + len(blob))]
    assert [text[s:e] for s, e in kept] == ["Before the blob.\n", "\nAfter it."]
    assert parse_segments(blob, 100) == ([], [(0, len(blob))])
    assert parse_segments(blob, 0) == ([(0, len(blob))], [])  # 0: no limit


def test_parse_stage_skips_a_blob_and_keeps_offsets(core_settings) -> None:
    settings = core_settings.with_(max_word_chars=200)
    blob = "aGVsbG8gd29ybGQ=" * 2000  # 32,000 characters, no whitespace: spaCy alone needs minutes
    text = "Mayor Clara Voss opened the bridge on Monday.\n\n" + blob + "\n\nResidents of Ostholm cheered loudly."
    article = Article(text)
    ctx = Context(article=article, settings=settings)
    parse_mod.ParseStage(settings)(article, ctx)
    words = [text[off + t.idx : off + t.idx + len(t.text)] for off, t in ctx.tokens()]
    assert [t.text for _, t in ctx.tokens()] == words  # article offsets still index the text
    assert "Voss" in words and "Ostholm" in words and not any(len(w) > 200 for w in words)
    [note] = article.provenance["notes"]
    assert note["stage"] == "parse" and "32000 characters" in note["note"] and "47-32047" in note["note"]


def test_parse_leaves_out_the_entity_recogniser_for_other_languages(core_settings) -> None:
    stage = parse_mod.ParseStage(core_settings)
    german = Article("Die Stadträtin Johanna Berger sagte am Montag in Leipzig, die Brücke werde den Verkehr entlasten.",
                     meta={"language": "de"})
    english = Article("Councillor Johanna Berger said in Leipzig on Monday that the bridge would ease traffic.",
                      meta={"language": "en"})
    ctx_de, ctx_en = Context(article=german, settings=core_settings), Context(article=english, settings=core_settings)
    before = list(stage.nlp.pipe_names)
    stage.pipe([(german, ctx_de), (english, ctx_en)])
    assert stage.nlp.pipe_names == before  # the recogniser is back for the next batch
    assert [len(list(doc.sents)) for _, doc in ctx_de.docs] == [1]  # sentences still there
    assert all(len(doc.ents) == 0 for _, doc in ctx_de.docs)
    assert any(ent.label_ == "PERSON" for _, doc in ctx_en.docs for ent in doc.ents)


def test_analysis_cut_prefers_a_paragraph_then_a_sentence_break() -> None:
    from newsprobe.stages.parse import analysis_cut

    text = "One sentence here. Another one follows.\n\nA second paragraph starts. " * 40
    assert analysis_cut(text, 0) == (len(text), "")
    assert analysis_cut(text, len(text)) == (len(text), "")
    end, kind = analysis_cut(text, 1000)
    assert kind == "paragraph break" and end <= 1000 and text[end - 2 : end] == "\n\n"
    flat = "The ferry to Harlow Point left late. " * 100
    end, kind = analysis_cut(flat, 1000)
    assert kind == "sentence end" and flat[end - 1] == "." and 900 <= end <= 1000
    blob = "x" * 3000
    assert analysis_cut(blob, 1000) == (1000, "character limit")


LONG_PARAGRAPHS = [
    "Mayor Clara Voss said on Monday that the harbour in Port Elmsworth would reopen in May.",
    "According to Reuters, the transport minister Idris Kale approved the new ferry line.",
    "\u201cWe will probably need more money,\u201d said Janek Holm, the council treasurer.",
    "Officials estimated that 4,200 households in Ostholm were without power after the storm.",
]


def test_a_long_text_is_analysed_up_to_max_analysis_chars(core_settings) -> None:
    from newsprobe import load_pipeline

    paragraphs = [LONG_PARAGRAPHS[i % len(LONG_PARAGRAPHS)] for i in range(120)]
    text = "Harbour news\n\n" + "\n\n".join(paragraphs) + "\n"
    settings = core_settings.with_(
        stages="parse,stories,sentences,entities,quotes,citations,hedges", max_analysis_chars=3000
    )
    article = load_pipeline(settings)(Article(text))
    assert article.text == text  # the text stays whole
    [note] = [n for n in article.provenance.get("notes", []) if n["note"].startswith("long text")]
    end = int(note["note"].split("analysed characters 0-")[1].split(" ")[0])
    assert note["stage"] == "parse" and 2700 <= end <= 3000 and text[end - 2 : end] == "\n\n"
    assert f"{end}-{len(text)} ({len(text) - end} characters) were not analysed" in note["note"]
    for name in ("sentences", "entities", "quotes", "citations", "hedges"):
        spans = article.layer(name)
        assert spans, name  # the analysed part has something in every layer
        assert all(0 <= s.start < s.end <= end for s in spans), name
    assert {"Clara Voss", "Ostholm"} <= {text[s.start : s.end] for s in article.layer("entities")}
    stories = article.layer("stories")  # line-based: still the whole text
    assert stories and max(s.end for s in stories) > end
    assert not article.provenance.get("errors")

    whole = load_pipeline(settings.with_(max_analysis_chars=0))(Article(text))
    assert max(s.end for s in whole.layer("entities")) > end  # 0: no limit
    assert not any(n["note"].startswith("long text") for n in whole.provenance.get("notes", []))


def _sentences(core_settings, text: str) -> list[str]:
    article = Article(text)
    ctx = Context(article=article, settings=core_settings)
    parse_mod.ParseStage(core_settings)(article, ctx)
    return [s.text.strip() for _, doc in ctx.docs for s in doc.sents if s.text.strip()]


def test_a_line_break_ends_a_headline_a_byline_and_a_list_item(core_settings) -> None:
    text = (
        "Ferry fares to rise again in Kelmouth\n"
        "By Ruth Adeyemi\n"
        "Harbour officials said on Tuesday that the winter timetable would cost more.\n"
        "- Tickets go up by a fifth\n"
        "Passengers were not consulted, the union said."
    )
    sents = _sentences(core_settings, text)
    assert sents[0] == "Ferry fares to rise again in Kelmouth"
    assert "By Ruth Adeyemi" in sents
    assert "Harbour officials said on Tuesday that the winter timetable would cost more." in sents
    assert sents[-1] == "Passengers were not consulted, the union said."


def test_a_hard_wrapped_line_stays_one_sentence(core_settings) -> None:
    text = "The harbour board said it would\nreview the winter timetable before the vote."
    assert _sentences(core_settings, text) == [text]


def test_an_abbreviated_rank_is_one_token_and_ends_no_sentence() -> None:
    # version 3: spaCy's English tokenizer cut "Capt." into a word and a stop, and the parser
    # ended the sentence before the name
    nlp = parse_mod.load_spacy(load_settings().spacy_model)
    doc = nlp("The convoy was led by Army Capt. Christian Ortega and Lt. Col. Amir Haddad, who praised Sgt. Ana Ruiz.")
    assert {"Capt.", "Lt.", "Col.", "Sgt."} <= {t.text for t in doc}
    assert len(list(doc.sents)) == 1


def test_an_amount_in_millions_ends_its_sentence(core_settings) -> None:
    # version 4: spaCy keeps "m." as one token, so "... for 12m. Coach [Name] said ..." was one
    # sentence and the coach's words went to the club, the sentence's first subject
    text = "Harwick Rovers signed the winger for 12m. Coach Lena Brandt said the fee was fair."
    assert _sentences(core_settings, text) == ["Harwick Rovers signed the winger for 12m.", "Coach Lena Brandt said the fee was fair."]
    assert len(_sentences(core_settings, "The works cost 3 m. in all, the council said.")) == 1  # no capital after it


def test_a_wire_tag_opening_a_line_ends_before_the_sentence(core_settings) -> None:
    # version 5: "(AP) Officials said ..." was one sentence whose subject took the tag in
    text = "Bridge shut\n\n(AP) Officials said the bridge would close.\n\nHARWICK (Reuters) - The mayor said it was safe."
    sents = _sentences(core_settings, text)
    assert "Officials said the bridge would close." in sents
    assert "The mayor said it was safe." in sents
    assert len(_sentences(core_settings, "The report (AP) said the bridge would close.")) == 1  # not at a line's start


def test_lead_before_a_role_is_read_as_a_modifier() -> None:
    # version 5: "lead" was a verb after a quotation, its object the author, and "said" had no subject
    nlp = parse_mod.load_spacy(load_settings().spacy_model)
    doc = nlp('"The rise is speeding up," lead author Ines Varga said.')
    said = next(t for t in doc if t.text == "said")
    assert any(c.dep_ == "nsubj" and c.text == "Varga" for c in said.children)
    assert doc[8].text == "lead" and doc[8].norm_ == "senior"
