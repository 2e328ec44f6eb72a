"""The quotes stage, version 60: who speaks when the parser joins clauses wrongly. A noun
phrase right after "and" (or "since", which the parser may read as a preposition) is the
subject of the verb after it ("... and several others have said"), not the first clause's; a
name right before a closing "said" speaks; a chant a crowd takes up in a clause of its own is
not the words of the reporting verb before it; a participle after a list of other people, or
after a "where" clause whose subject is people, may be theirs (uncertain); a participle after
a dash that hangs on a noun's "that" clause is the main subject's; words someone was urged or
is wanted to say are not theirs (``negated``); what someone is slammed "for saying" is theirs.
docs/quotes.md, Version 60.
Every sentence is written for these tests (invented people, parties and places).
"""

from __future__ import annotations

import pytest

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)

LEAD = "The town council met late into the evening on Thursday.\n\n"


def _quotes(article: Article) -> list[tuple[str, str, str | None, bool]]:
    return [(q.label, article.span_text(q), q.attrs.get("speaker"), bool(q.attrs.get("speaker_uncertain"))) for q in article.layer("quotes")]


def _speaker_of(article: Article, words: str) -> tuple[str | None, bool]:
    found = [(speaker, uncertain) for _, text, speaker, uncertain in _quotes(article) if words in text]
    assert len(found) == 1, _quotes(article)
    return found[0]


def test_others_after_and_speak_for_themselves(run):
    a = run(LEAD + "Most council members said they would skip the hearing and several others have said they are still undecided.")
    assert _speaker_of(a, "still undecided") == ("others", False)
    assert [text for _, text, _, _ in _quotes(a) if "skip" in text] == ["they would skip the hearing"]


def test_a_name_after_and_with_an_aside_is_the_subject_of_its_verb(run):
    a = run(LEAD + "Councillor Brandt backed the levy and Councillor Osei, as she did last spring, rejected the proposal.")
    assert _speaker_of(a, "the proposal") == ("Councillor Osei", False)


def test_a_name_after_since_and_an_aside_is_the_subject_of_its_verb(run):
    a = run(LEAD + "Councillor Brandt has been attacking the harbour master since Osei, at the Monday meeting, cited insulting remarks Brandt had made about her staff.")
    assert _speaker_of(a, "insulting remarks") == ("Osei", False)


def test_a_name_right_before_a_closing_said_speaks(run):
    a = run(LEAD + "Her loyalty has moved from Petra Lind to Omar Castell to, lately, Dana Wirth, Kemal Arslan said at the rally.")
    assert _speaker_of(a, "Her loyalty") == ("Kemal Arslan", False)


def test_a_chant_a_crowd_takes_up_is_not_the_words_of_the_verb_before_it(run):
    a = run(LEAD + 'Jeers broke out when Castell mentioned the former mayor, and for a moment the whole hall noisily took up the bitter chant "Send him home!"')
    assert not any("Send him" in text and speaker == "Castell" for _, text, speaker, _ in _quotes(a))


def test_a_chant_the_cue_reports_stays_a_quote_of_the_chanters(run):
    """Guard: passes on version 59 too."""
    a = run(LEAD + 'After Castell spoke, the crowd chanted "Out with him!"')
    assert _speaker_of(a, "Out with him") == ("crowd", False)


@pytest.mark.parametrize(
    "sentence, words",
    [
        ("Mayor Ruth Hale and her deputy stay upbeat despite a few early backers of the levy, such as councillor Tom Reddick and Ann Lowe, lately arguing the levy must be redrafted.", "redrafted"),
        ("The two party leaders stay upbeat despite a handful of early supporters, such as Tom Reddick and Ann Lowe, lately arguing the levy must be redrafted.", "redrafted"),
        ('Castell spoke a block away from the depot, where roughly 40 drivers had gathered at dawn, chanting "fair pay, safe roads" until the police arrived.', "fair pay"),
    ],
)
def test_a_participle_after_other_people_is_an_uncertain_speaker(run, sentence, words):
    _, uncertain = _speaker_of(run(LEAD + sentence), words)
    assert uncertain


def test_a_dash_participle_on_a_nouns_that_clause_is_the_main_subjects(run):
    a = run(LEAD + "Party secretary Lena Dahl rejected Omar Castell's complaints that the Wirth campaign is breaking the spending rules "
            "\u2014 saying the Castell campaign had turned down the same offer.")
    assert _speaker_of(a, "turned down") == ("Lena Dahl", False)


@pytest.mark.parametrize(
    "sentence, words, speaker",
    [
        ('Small wonder Castell said, and I quote, "Nobody reads the small print."', "small print", "Castell"),
        ('The chair said the fund had been overspent and the auditors would need to "start from scratch" next year.', "start from scratch", "chair"),
        ("Osei dismissed Brandt as a weak negotiator, arguing that the port deal had cost the town two ferries.", "two ferries", "Osei"),
        ('Castell criticised Lind\'s chief of staff, who is under investigation for expenses fraud, calling his conduct "a disgrace."', "a disgrace", "Castell"),
        ('Dahl thanked the staff at the depot, where she had worked for a decade, saying, "This place made me."', "made me", "Lena Dahl"),
        ("The mayor said the budget was balanced and added that no library would close.", "no library", "mayor"),
    ],
)
def test_guard_speakers_the_new_rules_leave_alone(run, sentence, words, speaker):
    """Guards: each passes on version 59 too."""
    a = run(LEAD + ("Party secretary Lena Dahl toured the depot. " if "Dahl thanked" in sentence else "") + sentence)
    assert _speaker_of(a, words) == (speaker, False)


@pytest.mark.parametrize(
    "sentence, negated",
    [
        ("Councillor Osei urged the harbour master to admit that the dredging plan had failed.", "urged"),
        ("Councillor Osei wants the harbour master to concede that the dredging plan had failed.", "wants"),
        ("Councillor Osei forced the harbour master to admit that the dredging plan had failed.", None),
    ],
)
def test_words_asked_for_are_not_the_askeds_words(run, sentence, negated):
    """An admission someone was urged to make or is wanted to make is not made: the report
    carries ``negated`` (the last case, a forced admission that was made, is a guard)."""
    a = run(LEAD + sentence)
    inner = [q for q in a.layer("quotes") if a.span_text(q) == "the dredging plan had failed"]
    assert len(inner) == 1 and inner[0].attrs.get("speaker") == "harbour master"
    assert inner[0].attrs.get("negated") == negated


@pytest.mark.parametrize(
    "sentence, words, speaker",
    [
        ("Councillor Osei slammed the port director for saying that the quay was safe.", "the quay was safe", "port director"),
        ('Councillor Osei mocked Brandt for saying, "The quay is perfectly safe."', "perfectly safe", "Brandt"),
        ("The ethics panel gave Brandt two formal warnings for claiming that he owned no shares in the dredging firm.", "he owned no shares", "Brandt"),
        ("Councillor Osei apologised for saying that the quay was safe.", "the quay was safe", "Councillor Osei"),
        ('Councillor Osei blasted the weekly paper for being "lazy and late."', "lazy and late", "Councillor Osei"),
    ],
)
def test_what_someone_is_judged_for_saying_is_their_own_report(run, sentence, words, speaker):
    """'slammed X for saying that ...': X said it, not the one who slammed X. The last two
    (no object; a quoted judgement) are guards."""
    a = run(LEAD + sentence)
    assert speaker in [s for _, text, s, _ in _quotes(a) if words in text], _quotes(a)


def test_what_someone_is_accused_of_saying_has_an_uncertain_speaker(run):
    """'accused X of claiming that ...' is the accuser's account of a claim X may never have
    made: neither is sure. A whole quotation after it stays the accuser's (guard)."""
    a = run(LEAD + "Councillor Osei accused the port director of claiming that the quay was safe.")
    assert [u for _, text, _, u in _quotes(a) if text == "the quay was safe"] == [True]
    b = run(LEAD + 'Councillor Osei accused Brandt of arguing "the town should simply sell the quay to the highest bidder."')
    assert _speaker_of(b, "highest bidder") == ("Councillor Osei", False)
