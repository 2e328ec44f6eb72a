"""The quotes stage on direct quotes (version 11a): which words are one quotation, where a
direct quote's cue is, and who speaks it. Written from the classes of errors on PolNeAR dev
and train[100:300] (docs/quotes.md, Version 11a).

Every article here is written for these tests (invented people and places).
"""

from __future__ import annotations

import pytest

from newsprobe.article import Article, Span

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)


def quotes(article: Article) -> list[Span]:
    return [q for q in article.layer("quotes") if q.label not in ("scare", "title")]


def find(article: Article, fragment: str) -> Span:
    hits = [q for q in quotes(article) if fragment in article.span_text(q)]
    assert hits, f"no quote contains {fragment!r}: {[article.span_text(q) for q in article.layer('quotes')]}"
    return hits[0]


# --- a parse that runs across a paragraph break -----------------------------------------


def test_a_sentence_run_across_a_break_does_not_take_the_cue_of_the_next_quote(run):
    # the previous paragraph has no full stop, so the parser runs it into the quote's
    # sentence and reads it as the clause "said" reports
    a = run(
        "Mara Velden has gone further than the mayor on housing. She often talks about how she pushed the council to build more homes\n\n"
        "''I did early on say we needed to find a way to build homes very early on,'' Ms. Velden said Saturday. "
        "''Because I thought the rents would keep rising.''"
    )
    q = find(a, "I did early on say")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "Mara Velden"
    assert q.attrs["cue"] == "said"
    assert "Because I thought" in a.span_text(q)  # the second piece is a segment of the same quotation
    assert len(q.attrs["segments"]) == 2
    # the words of the paragraph before are not a report of "said"
    assert not any(q.attrs.get("cue") == "said" and "pushed the council" in a.span_text(q) for q in quotes(a))


def test_a_quote_that_opens_its_paragraph_is_direct_whatever_the_paragraph_before(run):
    a = run(
        "The council argued about the budget for three hours and then adjourned without a vote\n\n"
        '"We will try again next week," Tom Ode said after the meeting.'
    )
    q = find(a, "We will try again")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "Tom Ode"


# --- one quotation in pieces, with the speaker's own clause between ----------------------


def test_pieces_with_an_adding_that_clause_between_are_one_quotation(run):
    a = run(
        "The mayor spoke on Monday.\n\n"
        "\u201cI think that speaks volumes,\u201d Anna Lind said, adding that her party would work hard to win over young voters in November. "
        "\u201cI think they are waiting to be asked.\u201d"
    )
    q = find(a, "speaks volumes")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "Anna Lind"
    assert len(q.attrs["segments"]) == 2
    assert "waiting to be asked" in a.span_text(q)
    # her reported clause stays an attribution of its own
    r = [x for x in quotes(a) if x.label == "indirect" and "work hard to win over" in a.span_text(x)]
    assert r and r[0].attrs["speaker"] == "Anna Lind"


def test_another_persons_reported_clause_between_keeps_the_pieces_apart(run):
    a = run(
        "The council met on Monday.\n\n"
        "\u201cThe plan is sound,\u201d Anna Lind said, and her rival Tom Ode said the costs were far too high. "
        "\u201cWe will vote for it anyway.\u201d"
    )
    q = find(a, "plan is sound")
    assert not q.attrs.get("segments")
    assert "vote for it anyway" not in a.span_text(q)


# --- a verb outside the lists right beside a whole quoted sentence -------------------------


def test_a_verb_before_a_comma_and_the_quote_introduces_it(run):
    a = run(
        "The debate in Elmford ran late.\n\n"
        "After the senator criticised her, Anna Lind shot back, \u201cI could have stayed home, but I chose to work.\u201d"
    )
    q = find(a, "chose to work")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "Anna Lind"
    assert q.attrs["cue"] == "shot"


def test_a_subject_and_verb_after_a_comma_ended_quote_attribute_it(run):
    # before version 11a the quote took the speaker of the paragraph before, confidently
    a = run(
        "\u201cWe will never give in,\u201d Tom Ode said at the rally.\n\n"
        "\u201cFrance will always be France,\u201d an angry Maria Ortega retaliated. \u201cIt never gives up.\u201d"
    )
    q = find(a, "France will always be France")
    assert q.attrs["speaker"] == "Maria Ortega"
    assert q.attrs["cue"] == "retaliated"
    assert "never gives up" in a.span_text(q)  # the piece after the attribution is the same quotation


def test_a_quoted_fragment_beside_a_verb_is_not_attributed_by_it(run):
    a = run("The new station opened, \u201cfinally\u201d in the words of many.")
    assert not [q for q in quotes(a) if q.attrs.get("speaker")]


def test_a_listed_cue_still_wins_over_a_verb_beside_the_quote(run):
    a = run(
        "The crowd in Elmford cheered, and Tom Ode said, \u201cThis is the best day of my life.\u201d"
    )
    q = find(a, "best day of my life")
    assert q.attrs["speaker"] == "Tom Ode"
    assert q.attrs["cue"] == "said"


# --- a cue with no subject of its own ----------------------------------------------------


def test_a_participle_cue_hung_on_a_verb_inside_the_quote_takes_the_main_subject(run):
    a = run(
        "The rally was loud.\n\n"
        "Maria Ortega seemed to be ready to joke about the ferry delays in Elmford, telling the crowd, "
        "\u201cSome of us get rather excited about boats, have you spotted it?\u201d"
    )
    q = find(a, "get rather excited")
    assert q.attrs["speaker"] == "Maria Ortega"
    assert q.attrs["cue"] == "telling"


# --- short utterances, colons, and a lead-in with a quote after it -------------------------


def test_a_short_quote_closed_by_a_comma_before_its_verb_is_direct(run):
    a = run("The hearing in Elmford ran late.\n\nAsked about the lawsuits, Tom Ode shrugged. \u201cThey sue,\u201d Ode said.")
    q = find(a, "They sue")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "Tom Ode"


def test_a_short_quote_the_reporters_words_lead_into_stays_mixed(run):
    a = run("Not paying the fee \u201cmakes me smart,\u201d Tom Ode said last week.")
    q = find(a, "makes me smart")
    assert q.label == "mixed"


def test_words_before_a_colon_that_opens_the_quote_are_not_its_content(run):
    a = run(
        "Senator Anna Lind scolded him: \u201cThe scientific community is almost united against you on the three products you praised,\u201d she said."
    )
    q = find(a, "scientific community")
    assert q.label == "direct"
    assert q.attrs["speaker"] == "Anna Lind"
    assert not a.span_text(q).startswith("Senator")


def test_a_mixed_piece_and_the_quote_after_its_cue_are_one_attribution(run):
    a = run(
        "The council met on Monday.\n\n"
        "Sooner or later, \u201cwe will all pay a toll on that road,\u201d Tom Ode said. \u201cIt is only fair.\u201d"
    )
    q = find(a, "pay a toll")
    assert q.label == "mixed"
    assert q.attrs["speaker"] == "Tom Ode"
    assert len(q.attrs["segments"]) == 2
    assert "only fair" in a.span_text(q)
    assert not [x for x in quotes(a) if x is not q and "only fair" in a.span_text(x)]


def test_utterance_then_cue_reads_the_comma_the_cue_and_the_lead_in():
    # the rule itself, on fixed offsets (the parse that makes such a quote "governed" varies)
    from types import SimpleNamespace

    from newsprobe.stages.quote_direct import utterance_then_cue
    from newsprobe.stages.quote_marks import find_quotes

    def check(text: str, verb: str, lemma: str) -> bool:
        region = find_quotes(text, text)[0]
        idx = SimpleNamespace(sentence_bounds=lambda pos: (0, len(text)))
        cue = SimpleNamespace(idx=text.index(verb, region.close), lemma_=lemma, pos_="VERB", dep_="ROOT")
        return utterance_then_cue(idx, text, region, 0, cue)  # type: ignore[arg-type]

    assert check('"They sue," he said.', "said", "say")
    assert check('"They sue", he said.', "said", "say")
    assert not check('Not paying the fee "makes me smart," he said.', "said", "say")  # led in
    assert not check('"A disaster," she called it.', "called", "call")  # a label
    assert not check('"They sue" he said.', "said", "say")  # no comma: not read as a closed utterance


def test_participle_subject_is_the_noun_right_before_the_participle():
    # the rule itself, on a hand-made parse (the small model's attachment of the participle varies)
    from types import SimpleNamespace

    from newsprobe.stages.quote_direct import participle_subject

    idx = SimpleNamespace(in_quote=lambda pos: False)

    def parse(words: list[tuple[str, str, str, str]]) -> list[SimpleNamespace]:
        doc: list[SimpleNamespace] = []
        for i, (text, pos, tag, dep) in enumerate(words):
            doc.append(SimpleNamespace(text=text, lower_=text.lower(), pos_=pos, tag_=tag, dep_=dep, i=i, idx=i * 10, ent_type_="", doc=doc))
        for tok in doc:  # an object hangs on the preposition before it; the rest on themselves
            tok.head = doc[tok.i - 1] if tok.dep_ == "pobj" and tok.i > 0 else tok
        return doc

    # "footage of Ortega saying": Ortega says it, whatever the participle hangs on
    doc = parse([("footage", "NOUN", "NN", "pobj"), ("of", "ADP", "IN", "prep"), ("Ortega", "PROPN", "NNP", "pobj"), ("saying", "VERB", "VBG", "advcl")])
    assert participle_subject(doc[3], idx, 0) is doc[2]  # type: ignore[arg-type]
    # "an email to supporters stating": those it was sent to do not state it
    doc = parse([("email", "NOUN", "NN", "dobj"), ("to", "ADP", "IN", "dative"), ("supporters", "NOUN", "NNS", "pobj"), ("stating", "VERB", "VBG", "acl")])
    assert participle_subject(doc[3], idx, 0) is None  # type: ignore[arg-type]
    # "the bill, saying": a comma between, so no
    doc = parse([("the", "DET", "DT", "det"), ("bill", "NOUN", "NN", "dobj"), (",", "PUNCT", ",", "punct"), ("saying", "VERB", "VBG", "advcl")])
    assert participle_subject(doc[3], idx, 0) is None  # type: ignore[arg-type]
    # "by saying": not a noun
    doc = parse([("by", "ADP", "IN", "prep"), ("saying", "VERB", "VBG", "pcomp")])
    assert participle_subject(doc[1], idx, 0) is None  # type: ignore[arg-type]
    # "said": not a participle
    doc = parse([("Ortega", "PROPN", "NNP", "nsubj"), ("said", "VERB", "VBD", "ROOT")])
    assert participle_subject(doc[1], idx, 0) is None  # type: ignore[arg-type]


def test_has_verb_tells_a_reported_clause_from_a_phrase_of_time():
    from types import SimpleNamespace

    from newsprobe.stages.quote_direct import has_verb

    def index(words: list[tuple[str, str]]) -> SimpleNamespace:
        tokens, starts, at = [], [], 0
        for text, pos in words:
            tokens.append((0, SimpleNamespace(text=text, pos_=pos, idx=at)))
            starts.append(at)
            at += len(text) + 1
        import bisect

        return SimpleNamespace(tokens=tokens, tok_index=lambda pos: bisect.bisect_left(starts, pos))

    time = index([("during", "ADP"), ("the", "DET"), ("debate", "NOUN"), ("last", "ADJ"), ("week", "NOUN")])
    assert not has_verb(time, (0, 30))  # type: ignore[arg-type]
    clause = index([("the", "DET"), ("plan", "NOUN"), ("would", "AUX"), ("fail", "VERB")])
    assert has_verb(clause, (0, 22))  # type: ignore[arg-type]


# --- a short quoted phrase alone on its line --------------------------------------------


def test_a_short_quoted_phrase_alone_on_its_line_is_a_heading_in_sentence_case_too(run):
    a = run(
        "The plant will close in May.\n\n"
        "\u201cIf I were younger, I would go back to school,\u201d Carol Lind said.\n\n"
        "\u2018A really tough decision.\u2019\n\n"
        "The executives met in a hotel on the same night."
    )
    heading = [q for q in a.layer("quotes") if "tough decision" in a.span_text(q)]
    assert heading and heading[0].label == "title"
    assert heading[0].attrs.get("speaker") is None


def test_a_short_quoted_sentence_alone_on_its_line_stays_a_quote(run):
    a = run("The minister was asked about the scandal.\n\n\u201cI resign today.\u201d\n\nThe room fell silent.")
    q = find(a, "I resign today")
    assert q.label == "direct"


# --- "as X put it", "as X pointed out in December" ---------------------------------------


def test_as_someone_put_it_speaks_the_quote_not_it(run):
    a = run(
        "Republicans fear the choice.\n\n"
        "As Tom Ode, a lecturer in planning at Elmford and author of \u201cQuiet Harbours,\u201d put it, "
        "\u201cCouncillors would do well to take a modest plan now rather than wait for a perfect one.\u201d"
    )
    q = find(a, "Councillors would do well")
    assert q.attrs["speaker"] == "Tom Ode"
    assert q.attrs["cue"] == "put it"


def test_a_verb_with_a_phrase_of_time_before_the_quote_introduces_it(run):
    a = run(
        "The convention rules are complicated.\n\n"
        "As the analyst Tom Ode pointed out in December, \u201cIn the week before the vote, the delegates will have many choices.\u201d"
    )
    q = find(a, "delegates will have many choices")
    assert q.attrs["speaker"] == "Tom Ode"


def test_a_thing_beside_the_quote_is_not_read_as_its_speaker(run):
    a = run(
        "The actress posted a photo on Monday.\n\n"
        "An image captioned, \u201cThis is the best day of my whole life,\u201d showed her on a beach."
    )
    q = find(a, "best day of my whole life")
    assert q.attrs.get("speaker") != "image"


def test_a_relative_clause_about_a_noun_is_not_a_cue():
    # the rule itself on a hand-made parse: 'an audience that the organisers put at 2,000'
    from types import SimpleNamespace

    from newsprobe.stages.quote_direct import reports_within

    def verb(child_dep: str, child_word: str) -> SimpleNamespace:
        child = SimpleNamespace(dep_=child_dep, lower_=child_word, i=0)
        v = SimpleNamespace(dep_="relcl", i=1, children=[child])
        v.left_edge = v.right_edge = v  # a short clause: children are read directly
        return v

    assert reports_within(verb("dobj", "that"))  # type: ignore[arg-type]
    # 'Ode, who said': the relative pronoun is the subject, so the verb can be a cue
    assert not reports_within(verb("nsubj", "who"))  # type: ignore[arg-type]


DOCUMENTS = (
    "Dana Whitlow, the state treasurer, did not attend the hearing in Carver on Tuesday.\n\n"
    'Hours later, she issued a statement saying, "The numbers in this audit speak for themselves. '
    'We will cooperate fully."\n\n'
    'The Harbor Council sent a letter urging the governor to "reopen the ferry line before the summer."'
)

#: (text, words of the quote, its speaker, its label or None): version 21's speakers of a quote.
SPOKEN_BY = {
    # the parser reads 'that the campaign estimated' as what the governor told the audience; the
    # quote after the full stop is still the governor's, not the campaign's
    "a clause the parser hangs on an earlier cue": (
        "Tomas Brandt, the former governor, spoke for forty minutes in Dunmore on Saturday.\n\n"
        "''There is a lot of shouting going on, but labels are for jars,'' Mr. Brandt told an audience "
        "that the campaign estimated at 2,000 people at a school gym. ''The job needs judgment, and "
        "there is no doubt in my mind that Ms. Reyes has it.''",
        "The job needs judgment", "Tomas Brandt", None,
    ),
    "a report inside a relative clause before the quote": (
        "That is not enough, said Ilse Varga, an analyst at Marlow Partners, who notes that the "
        "company has promised to trim its costs by a third over the next two years. ''The shares "
        "have gone nowhere,'' Ms. Varga pointed out.",
        "The shares have gone nowhere", "Ilse Varga", "direct",
    ),
    # 'she issued a statement saying, "..."': the one who issued it, not "statement"
    "a statement someone issued": (DOCUMENTS, "speak for themselves", "Dana Whitlow", None),
    "a letter someone sent": (DOCUMENTS, "reopen the ferry line", "Harbor Council", None),
    # the parser may read "placed" as an adjective of "ads" ('hired lawyers and placed newspaper ads
    # calling'): that reading is not handled yet (docs/quotes.md, Version 21)
    "ads someone placed": (
        "The merger fight.\n\nThe Harbor Shippers Alliance had sent letters to members, hired lawyers and placed "
        'full-page newspaper ads calling the merger "a costly mistake."',
        "a costly mistake", "Harbor Shippers Alliance", None,
    ),
    "she never points back to a business named after a man": (
        "As Clara Voss gave her speech, a designer watched from home.\n\n"
        "Voss signed a licensing agreement with Dunmore Apparel in 2012. (Paul Hendry Footwear makes her shoe line.)\n\n"
        'That week, she released a statement saying, "Dunmore has proven itself a trusted partner."',
        "trusted partner", "Clara Voss", None,
    ),
    # a guard of the reply rule below: after a programme's title the voice goes on
    "after a programme title": (
        "Mr. Ode was blunt.\n\n"
        '"It is a fraud," Ode said Sunday on the Channel 4 programme "Morning Hour." '
        '"Listen to him talk about trade. It is a con."',
        "Listen to him talk", "Ode", None,
    ),
}


@pytest.mark.parametrize("case", sorted(SPOKEN_BY))
def test_the_quote_is_spoken_by_the_right_one(run, case):
    text, words, speaker, label = SPOKEN_BY[case]
    q = find(run(text), words)
    assert q.attrs.get("speaker") == speaker
    if label is not None:
        assert q.label == label


def test_a_report_someone_passes_on_still_speaks_for_itself(run):
    # the party only sent the article round; its words are the article's
    a = run(
        "The Lakeside Party, in its weekly digest, emailed a news article reporting that "
        '"the mayor is losing patience with the council."'
    )
    q = find(a, "losing patience")
    assert q.attrs.get("speaker") != "Lakeside Party"


def test_a_reply_laid_out_on_the_same_line_is_not_more_of_the_same_voice(run):
    # a game guide's dialogue table, flattened: the player's answer sits right after the
    # character's line, with nothing between the two quotations
    a = run(
        "Nora meets you at the pier and asks if you would like to join the rowing club. "
        '"I\'d love to!" (+10 points.) She replies, "Wonderful! Let me fetch the oars."  "Not today." '
        '(No effect.) She replies, "Oh. Maybe next week, then."'
    )
    assert find(a, "Wonderful!").attrs.get("speaker") == "Nora"
    reply = find(a, "Not today")
    assert reply.attrs.get("speaker") is None
    assert "Wonderful" not in a.span_text(reply) and not reply.attrs.get("segments")
    assert find(a, "Maybe next week").attrs.get("speaker") == "Nora"


def test_a_quotation_that_addresses_its_speaker_by_name_is_a_doubt(run):
    a = run(
        "Nora meets you at the pier and asks if you were watching the race. "
        '"I was. You rowed well today, Nora." (+50 points.) Nora thanks you.\n\n'
        '"Thank you, Senator Vance," said Maria Lind, who chairs the panel.'
    )
    q = find(a, "You rowed well today")
    assert q.attrs.get("speaker") != "Nora" or q.attrs.get("speaker_uncertain") is True
    # addressing someone else is no doubt about the speaker
    q = find(a, "Thank you, Senator Vance")
    assert q.attrs.get("speaker") == "Maria Lind" and not q.attrs.get("speaker_uncertain")


# --- a quote with no cue names the attribution it continues (version 22) ------------------


def test_a_carried_quote_names_the_quote_whose_speaker_it_takes(run):
    a = run(
        "The harbour board voted on Tuesday to close the east pier.\n\n"
        "\u201cWe waited three winters for a repair that never came,\u201d said Ilse Maranta, who chairs the board.\n\n"
        "\u201cThe pier is not safe for anyone now, and we will not pretend otherwise.\u201d\n\n"
        "Fishermen who use the pier asked for a delay."
    )
    first, carried = find(a, "three winters"), find(a, "not safe for anyone")
    assert carried.attrs["cue_kind"] == "carried"
    assert carried.attrs["speaker"] == "Ilse Maranta"
    assert carried.attrs["carried_from"] == [first.start, first.end]
    assert "carried_from" not in first.attrs  # a quote with its own cue carries nothing


def test_a_carried_quote_points_at_the_whole_quotation_in_pieces(run):
    a = run(
        "\u201cThe ferry runs late,\u201d said Tomas Reyle, the port manager, \u201cand the buses leave without it.\u201d\n\n"
        "\u201cNobody planned the two timetables together.\u201d"
    )
    head, carried = find(a, "ferry runs late"), find(a, "Nobody planned")
    assert head.attrs.get("segments") and len(head.attrs["segments"]) == 2
    assert carried.attrs["carried_from"] == [head.start, head.end]


def test_the_polnear_eval_joins_a_carried_quote_to_its_attribution():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
    import polnear

    cued = Span(10, 60, "direct", attrs={"speaker": "Ilse Maranta", "speaker_start": 70, "speaker_end": 82})
    carried = Span(100, 160, "direct", attrs={"speaker": "Ilse Maranta", "speaker_start": 70, "speaker_end": 82, "carried_from": [10, 60]})
    reported = Span(200, 240, "indirect", attrs={"speaker": "Tomas Reyle", "speaker_start": 190, "speaker_end": 199})
    after_reported = Span(260, 300, "direct", attrs={"speaker": "Tomas Reyle", "speaker_start": 190, "speaker_end": 199, "carried_from": [200, 240]})
    joined = polnear.spans_to_attributions([cued, carried, reported, after_reported])
    assert [(p.content, p.label) for p in joined] == [([(10, 60), (100, 160)], "direct"), ([(200, 240), (260, 300)], "mixed")]
    gold = polnear.Attribution([(10, 60), (100, 160)], [(70, 82)], [], "direct", None, "Ilse Maranta")
    assert polnear.match_one_to_one(joined, [gold]) == [(0, 0)]
    apart = polnear.spans_to_attributions([cued, carried, reported, after_reported], join_carried=False)
    assert [p.content for p in apart] == [[(10, 60)], [(100, 160)], [(200, 240)], [(260, 300)]]
    assert len(polnear.match_one_to_one(apart, [gold])) == 1  # one piece at most: the other counts as a false attribution


def test_the_polnear_eval_counts_only_quote_marks_attached_to_a_gold_span():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
    import polnear

    def label(text: str, part: str) -> str:
        start = text.index(part)
        return polnear.gold_label(text, [(start, start + len(part))])

    after_a_quote = '"We will not move the depot," she said.\n\nThe depot employs 300 people, the union says.'
    assert label(after_a_quote, "The depot employs 300 people") == "indirect"  # the mark before closes her quote
    before_a_quote = 'Ode said the ferry would run. \u201cIt will,\u201d he said.'
    assert label(before_a_quote, "the ferry would run") == "indirect"  # the mark after opens the next one
    attached = 'Ode said \u201cthe ferry will run\u201d on Sunday.'
    assert label(attached, "the ferry will run") == "direct"
    assert label(attached, "\u201cthe ferry will run\u201d") == "direct"
    assert label('Ode said the ferry "will run" on Sunday.', 'the ferry "will run"') == "mixed"
    apostrophes = "''The ferry will run,'' Ode said. Ode said the ferry ''will run'' on Sunday."
    assert label(apostrophes, "The ferry will run,") == "direct"  # two apostrophes are a quote mark
    assert label(apostrophes, "the ferry ''will run''") == "mixed"
    assert label("Ode's ferry will run, the board's clerk said.", "Ode's ferry will run") == "indirect"


def test_the_polnear_eval_scores_each_publisher_apart(capsys):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
    import polnear

    right = polnear.Attribution([(10, 60)], [(70, 82)], [], "direct", "Ilse Maranta", "", 0.9)
    gold = polnear.Attribution([(10, 60)], [(70, 82)], [], "direct", None, "Ilse Maranta")
    wrong = polnear.Attribution([(10, 60)], [(90, 99)], [], "direct", "Tomas Reyle", "", 0.9)
    out = polnear.by_publisher([([right], [gold]), ([wrong], [gold]), ([right], [gold])], [{"publisher": "a"}, {"publisher": "b"}, {"publisher": "a"}])
    assert out["a"]["articles"] == 2 and out["a"]["direct_with_speaker_name"]["p"] == 1.0
    assert out["b"]["direct_with_speaker_name"]["p"] == 0.0
    assert "    a " in capsys.readouterr().out


def test_the_polnear_miss_summary_counts_where_attributions_are_lost():
    import io
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
    import polnear  # noqa: F401  (polnear_errors imports it by name)
    from polnear_errors import miss_summary

    text = "Ode said the ferry would run on Sunday. The board seemed unsure about the timetable for winter."
    said = polnear.Attribution([(9, 38)], [(0, 3)], [(4, 8)], "indirect", None, "Ode")
    seemed = polnear.Attribution([(50, 95)], [], [(50, 56)], "indirect", None, "")
    shorter = polnear.Attribution([(9, 18)], [(0, 3)], [(4, 8)], "indirect", "Ode", "", 0.9)  # "the ferry": too short to match
    unnamed = polnear.Attribution([(40, 49)], [], [], "direct", None, "", 0.4)
    article = Article(text, layers={"quotes": [Span(9, 18, "indirect", attrs={"cue_kind": "indirect", "speaker_via": "entity"}),
                                               Span(40, 49, "direct", attrs={"cue_kind": "none", "speaker_via": "none"})]})
    out = io.StringIO()
    result = miss_summary([([shorter, unnamed], [said, seemed])], [{"text": text}], [article], out=out, min_kind=1)
    assert result["unmatched"] == {"indirect: shorter": 1, "indirect: nothing": 1}
    assert result["cue_missed"] == {"said": 1, "seemed": 1}
    assert result["kinds"] == {"indirect / entity": [1, 0], "none / none": [1, 0]}
    assert "Ode" not in out.getvalue() and "ferry" not in out.getvalue()  # counts and cue words only


def test_the_polnear_direct_recall_by_length_splits_short_quotations():
    import io
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
    import polnear  # noqa: F401  (polnear_errors imports it by name)
    from polnear_errors import direct_by_length

    text = '"We will open the dock in May," Ode said. She called it a "fresh start." Vale called it "folly."'
    long_gold = polnear.Attribution([(1, 30)], [(32, 35)], [(36, 40)], "direct", None, "Ode")
    short_gold = polnear.Attribution([(60, 72)], [(42, 45)], [(46, 52)], "direct", None, "She")
    other_short = polnear.Attribution([(88, 94)], [(75, 79)], [(80, 86)], "direct", None, "Vale")
    ours = polnear.Attribution([(1, 30)], [(32, 35)], [(36, 40)], "direct", "Ode", "", 0.98)
    out = io.StringIO()
    found = direct_by_length([([ours], [long_gold, short_gold, other_short])], [{"text": text}], out=out)
    assert found == {"short": [0, 2], "long": [1, 1]}
    assert "dock" not in out.getvalue()  # counts only


def test_carried_from_is_dropped_with_the_quote_it_names():
    from newsprobe.stages.quote_post import keep_carried_sources

    cued = Span(0, 10, "direct", attrs={"speaker": "Ilse Maranta"})
    carried = Span(20, 30, "direct", attrs={"speaker": "Ilse Maranta", "carried_from": [0, 10]})
    assert keep_carried_sources([cued, carried])[1].attrs["carried_from"] == [0, 10]
    (alone,) = keep_carried_sources([carried])  # the cued quote was page furniture, dropped
    assert "carried_from" not in alone.attrs and alone.attrs["speaker"] == "Ilse Maranta"


# --- a relative "who" speaks for the noun it hangs on (version 22) ----------------------


@pytest.mark.parametrize("text,fragment,speaker,uncertain", [
    ("Any ruling will rest with Judge Ines Arlow, who told the committee last week: \u201cThe file stays sealed until the appeal ends.\u201d",
     "file stays sealed", "Ines Arlow", False),
    ("The pledge came from Brede Olafsen, who declared at the meeting, \u201cWe will fund the clinic this year.\u201d",
     "fund the clinic", "Brede Olafsen", False),
])
def test_a_relative_who_speaks_for_the_name_it_hangs_on(run, text, fragment, speaker, uncertain):
    q = find(run(text), fragment)
    assert q.attrs["speaker"] == speaker
    assert bool(q.attrs["speaker_uncertain"]) is uncertain
    assert run(text).text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "who"  # the text's own mention


@pytest.mark.parametrize("text,fragment", [
    # an aide to someone, who said: the aide or the one named? the parse cannot tell
    ("The council heard from an aide to Mayor Ines Arlow, who said, \u201cThe budget is final.\u201d", "budget is final"),
    # a list of epithets for someone the sentence does not name here
    ("Voters know him as a loud heckler, prankster and showman who has promised \u201cto shut the old mill for good.\u201d", "shut the old mill"),
])
def test_a_relative_who_on_a_common_noun_or_a_nested_name_names_no_one(run, text, fragment):
    q = find(run(text), fragment)
    assert q.attrs["speaker"] not in ("Ines Arlow", "showman", "loud heckler") and q.attrs["speaker_uncertain"]


def test_a_place_before_a_title_is_no_first_name(run):
    # "Georgia" is a first name too, but here it is where the businessman comes from: he stays a
    # he, and the spokesman's "she" (the text's own word) is nobody it can name
    a = run(
        "Georgia businessman Bruce Alden backed the plan on Monday. Campaign spokesman Hope Harlen "
        "confirmed the news. \u201cThey are not affiliated with us,\u201d she said."
    )
    assert find(a, "not affiliated").attrs["speaker"] != "Bruce Alden"


@pytest.mark.parametrize("text,fragment,not_speaker", [
    # one of several names joined by "and": the parse hangs "who" on one of them
    ("Guests included Tomas Reyle, Ilse Maranta and Brede Olafsen, who joked of the hall, \u201cI have not seen it yet.\u201d",
     "not seen it yet", "Tomas Reyle"),
    # "a Councillor who said": a description of someone, not a name
    ("The motion came from Edda Vance, a Councillor who said \u201cthe budget is a fiction.\u201d", "budget is a fiction", "Councillor"),
    # "who had used those very words when asked": the relative clause reports nothing of its own
    ("The mayor spoke on Monday. When the mayor used the phrase, \u201cWe are not there yet,\u201d she was copying Ines Arlow, "
     "who had used those very words when asked in spring about the plan.", "not there yet", "Ines Arlow"),
])
def test_a_relative_who_after_a_list_or_a_description_is_no_name(run, text, fragment, not_speaker):
    assert find(run(text), fragment).attrs["speaker"] != not_speaker


def test_a_dateline_the_tagger_runs_into_a_name_is_no_part_of_the_speaker(run):
    a = run("HARBORVIEW - Donald Hale accepted the nomination on Thursday. \u201cWe will win,\u201d Hale said. "
            "He added, \u201cThe work starts now.\u201d")
    assert [q.attrs.get("speaker") for q in quotes(a)] == ["Donald Hale", "Donald Hale"]


def test_a_possessor_is_no_subject_a_later_he_points_back_to(run):
    # "vouched for Hale's plan": the sheriff is the sentence's subject, Hale only owns the plan
    a = run(
        "The mayor, Donald Hale, spoke first. Earlier, county sheriff Joe Marlow, one of the loudest voices on the issue, "
        "vouched for Hale\u2019s plan to build a sea wall along the bay.\n\nHe said, \u201cDonald Hale will build the wall.\u201d"
    )
    assert find(a, "will build the wall").attrs["speaker"] == "Joe Marlow"
