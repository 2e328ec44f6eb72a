"""The quotes stage, version 51: an "as" clause ("..., as the council announced on Monday.")
reports the clause it hangs from, also when a paragraph follows (the full stop and the break
hang from the clause too); an "as" clause with an object of its own ("as customers reported
payment errors") is a time clause and reports its object only; a joined subject with a pronoun
("she and two other bakers") is shown as written, not from the pronoun's antecedent onwards;
"called" someone is a telephone call, not a report, unless it labels ("called the plan a
disaster") or asks ("called for", "called on"). Version 52: a relative clause's report starts
after its cue ("factors that earlier studies suggested might have ..."). Version 53: "quipped
[Name] of his role" names [Name]. docs/quotes.md, Versions 51 to 53. Every sentence is written
for these tests (invented people and places).
"""

from __future__ import annotations

from newsprobe.article import Article

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)

LEAD = "The harbour talks went on all night.\n\n"


def _reported(article: Article) -> list[tuple[str, str, str]]:
    return [(article.span_text(q), q.attrs.get("cue", ""), q.attrs.get("speaker") or "") for q in article.layer("quotes") if q.label == "indirect"]


def test_an_as_clause_before_a_paragraph_break_is_not_part_of_what_it_reports(run):
    a = run(LEAD + "The ferry bridge will close for a month, as the council announced on Monday.\n\nTraffic will use the old road.")
    assert ("The ferry bridge will close for a month", "announced", "council") in _reported(a)


def test_an_as_clause_with_its_own_object_does_not_report_the_sentence(run):
    a = run(LEAD + "The outage caused hundreds of complaints as customers reported payment errors, missing orders and sudden logouts.\n\nThe bank apologised.")
    contents = [c for c, _, _ in _reported(a)]
    assert not any("caused hundreds of complaints" in c for c in contents)


def test_a_joined_subject_with_a_pronoun_is_shown_as_written(run):
    a = run(
        LEAD + "Marta Quill, who runs the bakery on Dock Street, said she and two other bakers feared that the council "
        "would approve the plan without a hearing."
    )
    [q] = [q for q in a.layer("quotes") if q.attrs.get("cue") == "feared"]
    assert q.attrs["speaker"] == "Marta Quill and two other bakers"
    assert a.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "she and two other bakers"


def test_calling_someone_on_the_telephone_reports_nothing(run):
    a = run(
        LEAD + "Reporters called the mayor twice on Monday.\n\n"
        "The Gazette called the county health office asking questions. The office said a review had begun."
    )
    assert [c for c, cue, _ in _reported(a) if cue == "called"] == []
    assert ("a review had begun", "said", "office") in _reported(a)


def test_calling_for_or_on_is_still_a_report(run):  # a guard: passes on version 50 too
    a = run(LEAD + "The union called for a strike on Monday. The mayor called on the council to delay the vote.")
    contents = [c for c, cue, _ in _reported(a) if cue == "called"]
    assert contents == ["a strike", "the council to delay the vote"]  # version 56: "for" and "on" are the cue's


def test_a_relative_clause_s_report_starts_after_its_cue(run):
    # quotes v52: the relative "that" is the subject of the reported clause, so the clause's first
    # word came before "suggested" and the content held its own speaker and cue
    a = run(
        LEAD + "We compared the factors that earlier studies suggested might have predicted how well a crew would work together."
    )
    [q] = [q for q in a.layer("quotes") if q.attrs.get("cue") == "suggested"]
    assert a.span_text(q) == "might have predicted how well a crew would work together"


def test_an_of_phrase_about_the_speaker_s_own_thing_is_no_part_of_the_name(run):
    # quotes v53: '"...," quipped [Name] of his role.' - the parse hangs "of his role" on the name,
    # which became the speaker "[Name] of his role"
    a = run(LEAD + '"It was a hard part," quipped Orlov of his role.\n\nThe Duke of Ravensmoor said the castle would open.')
    q = next(q for q in a.layer("quotes") if q.label == "direct")
    assert q.attrs["speaker"] == "Orlov" and a.text[q.attrs["speaker_start"] : q.attrs["speaker_end"]] == "Orlov"
    [r] = [r for r in a.layer("quotes") if r.label == "indirect"]
    assert r.attrs["speaker"] == "Duke of Ravensmoor"  # a guard: an "of" in a title stays
