"""The quotes stage, version 56: a quoted label after a labelling verb and its object is the
subject's ('called her "weak"': ``mixed``, not ``scare``; ``quote_labels``); the preposition of
"called for", "voted against", "talked about" is the cue's, not the content's; '[clause], said
[Name], founder of ...' has the name as its speaker when the parse gave "said" two subjects; a
reported clause ends before a second report joined to it ('..., while 22 percent said ...';
'... and questioned how ...'); a Title Case headline's passive ("Harbour Board Accused Of ...")
has no speaker; a title-case utterance closed by a comma before its tag is speech; a tag the
quotation before did not need cues the next one (``quote_tags``); "the Danes state" read as a
noun phrase is a cue; a finite verb the parse hung on a name has that name as subject; a
hyphenated word in the subject keeps a verb beside the quote. docs/quotes.md, Version 56.
Every sentence is written for these tests (invented people, places and numbers).
"""

from __future__ import annotations

from newsprobe.article import Article, Span

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)

LEAD = "The harbour vote is two weeks away.\n\n"


def _only(article: Article, label: str) -> Span:
    [q] = [q for q in article.layer("quotes") if q.label == label]
    return q


def _quotes(article: Article) -> list[tuple[str, str, str, str]]:
    return [(q.label, article.span_text(q), q.attrs.get("cue") or "", q.attrs.get("speaker") or "") for q in article.layer("quotes")]


def test_a_quoted_label_after_its_object_is_the_subject_s(run):
    a = run(LEAD + "For that she drew the mayor's anger, and Mayor Ines Ruiz called her \"weak\" in a late-night post.")
    assert ("mixed", 'her "weak', "called", "Ines Ruiz") in _quotes(a)


def test_a_quoted_label_in_a_relative_clause_is_the_subject_s(run):
    a = run(LEAD + 'The board showed a clip that Judge Amy Tran called "distasteful," and the hearing went on.')
    assert ("mixed", "distasteful", "called", "Amy Tran") in _quotes(a)


def test_a_phrasal_verb_a_name_and_so_called_stay_unspoken(run):  # a guard: passes on version 55 too
    a = run(
        LEAD + 'The board called the "merger" off on Friday. There is also a weekly series called "Quick Take" on the site. '
        'The so-called "experts" left early.'
    )
    assert [(label, text) for label, text, _, _ in _quotes(a)] == [("scare", "merger"), ("title", "Quick Take"), ("scare", "experts")]


def test_the_preposition_after_called_belongs_to_the_cue(run):
    a = run(LEAD + "Harbour Master Lena Voss called for a ban on night fishing near the breakwater.")
    assert ("indirect", "a ban on night fishing near the breakwater", "called", "Lena Voss") in _quotes(a)


def test_said_after_a_clause_takes_the_name_after_it(run):
    a = run(LEAD + 'The closure of the pier signals "the start of a long decline" for the east side, said Rolf Danner, founder of the Fishers Guild.')
    assert {q.attrs["speaker"]: bool(q.attrs.get("speaker_uncertain")) for q in a.layer("quotes") if q.label == "mixed"} == {"Rolf Danner": False}


def test_a_reported_clause_ends_before_a_second_report(run):
    a = run(
        LEAD + "In the harbour survey, 58 percent said they had settled on backing the mayor, while 31 percent said a debate could sway them.\n\n"
        "Tom Beck, a net maker from the quay, said he earns $38,000 in a good season and asked what the new levy would do for him."
    )
    quotes = _quotes(a)
    assert ("indirect", "they had settled on backing the mayor", "said", "58 percent") in quotes
    assert ("indirect", "a debate could sway them", "said", "31 percent") in quotes
    assert ("indirect", "he earns $38,000 in a good season", "said", "Tom Beck") in quotes


def test_one_account_with_a_stance_in_it_stays_whole(run):  # a guard: passes on version 55 too
    a = run(LEAD + "Police say the driver posed a danger and refused to leave the car.")
    assert ("indirect", "the driver posed a danger and refused to leave the car", "say", "police") in _quotes(a)


def test_a_headline_s_passive_has_no_speaker(run):
    a = run(
        "Harbour Board Accused Of Hiding Storm Damage To Shield Director's Post.\n\n"
        "KESTON (Wire) - The Harbour Board hid storm damage from auditors, two officials said on Friday."
    )
    assert not any("Harbour Board" in speaker for _, _, _, speaker in _quotes(a))
    assert ("indirect", "The Harbour Board hid storm damage from auditors", "said", "two officials") in _quotes(a)


def test_a_title_case_utterance_before_its_tag_is_speech(run):
    a = run(LEAD + 'Lang spoke about crime at the pier. "Like Keston. Or Marlow," Lang said. "The numbers are worse there."')
    assert [label for label, _, _, _ in _quotes(a) if label in ("title", "scare")] == []
    q = _only(a, "direct")
    assert q.attrs["speaker"] == "Lang" and a.text[q.start : q.end].startswith("Like Keston. Or Marlow")


def test_a_work_named_before_a_tag_stays_a_title(run):  # a guard: passes on version 55 too
    a = run(LEAD + 'Asked about the film "Green Days," Lang said it was her favourite.')
    assert ("title", "Green Days", "", "") in _quotes(a)


def test_a_tag_the_quotation_before_did_not_need_cues_the_next(run):
    a = run(
        LEAD + "Lang said: \"Nobody gets a prize for the word 'reform.' It is a slogan. It is not a budget.\n\n"
        '"You can rename a leak as often as you like and the boat still sinks. We are watching a sideshow," Lang said. '
        '"Not one of my aides has ever told me a catchword would rescue us."'
    )
    [last] = [q for q in a.layer("quotes") if a.span_text(q).startswith("Not one of my aides")]
    assert last.attrs["speaker"] == "Lang" and last.attrs["cue"] == "said"


def test_a_finite_verb_the_parse_hung_on_a_name_has_that_name_as_subject(run):
    a = run(LEAD + "Councillor Ada Okafor spoke first. Okafor, a Ruiz ally, called the county\u2019s schools \u201cstrong.\u201d")
    assert ("mixed", "the county\u2019s schools \u201cstrong.", "called", "Ada Okafor") in _quotes(a)


def test_a_hyphenated_word_in_the_subject_keeps_the_verb_beside_the_quote(run):
    a = run(LEAD + '"Here is the short version for the mayor: the answer is no," the left-wing candidate riffed on the non-answer, drawing laughs.')
    q = _only(a, "direct")
    assert q.attrs["cue"] == "riffed" and q.attrs["speaker"] == "left-wing candidate"


def test_a_plain_speech_verb_read_as_a_noun_after_a_plural_subject(run):
    a = run(
        LEAD + '"Since spring, the island has led the region in clearing wrecks from the channel," the Danes state in their '
        'annual review, which went to ministers on Monday. "Denmark shares the channel\'s dangers with every port on it."'
    )
    quotes = [q for q in a.layer("quotes") if q.label == "direct"]
    assert quotes and all(q.attrs["speaker"] == "Danes" and q.attrs["cue"] == "state" for q in quotes)


def test_according_to_at_the_end_reports_the_whole_sentence(run):
    a = run(LEAD + "Mayor Ines Ruiz flew home on Friday, sat through the final hour of the budget hearing and said nothing, according to a clerk.")
    [q] = [q for q in a.layer("quotes") if q.attrs.get("cue") == "according to"]
    assert a.span_text(q) == "Mayor Ines Ruiz flew home on Friday, sat through the final hour of the budget hearing and said nothing"


def test_a_tag_with_a_relative_clause_cues_nothing_new(run):  # a guard (a first version cued the next quote with "asked")
    a = run(
        LEAD + '"I heard the glass go first," said a witness who asked not to be named because she works opposite the shop. '
        '"It was over in maybe a minute."'
    )
    assert not any(q.attrs.get("cue") == "asked" and q.label == "direct" for q in a.layer("quotes"))


def test_a_label_with_no_object_of_its_own_stays_a_scare_quote(run):  # a guard: passes on version 55 too
    a = run(LEAD + 'At 41, Calloway is enjoying what the tabloids insist on calling a "comeback", a word she dislikes.')
    assert ("scare", "comeback", "", "") in _quotes(a)
