"""The quotes stage, version 25: a headline's speaker phrase read through the body's people
("..., Says Quay Trust Founder Mara Lindqvist"; "..., CRHA Director warns" when the body says
"Caribbean Regional Health Agency (CRHA) Director Marisol T. Okafor"), and a verb of saying
joined to a short scare-quoted fragment of the reporter's sentence ('branding the audit
"wholly inaccurate" and insisting: "..."') found on real pages (docs/quotes.md, Version 25).

Every article here is written for these tests (invented people, places and bodies).
"""

from __future__ import annotations

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)
from .test_stages_quotes_direct import find


def test_a_headline_speaker_phrase_ending_in_a_name_of_the_body_is_that_person(run):
    a = run(
        "Harbour Tolls Will Rise Again Next Year, Says Quay Trust Founder Mara Lindqvist\n\n"
        "The harbour trust will raise its tolls for the third year running, its founder said on Monday.\n\n"
        'Mara Lindqvist, who set up the Quay Trust in 2009, said the money would go to dredging. '
        '"We cannot keep the channel open on goodwill," she said.\n'
    )
    q = find(a, "Harbour Tolls Will Rise")
    assert q.attrs["speaker"] == "Mara Lindqvist"


def test_a_headline_phrase_naming_nobody_of_the_body_stays_rejected(run):
    a = run(
        "Harbour Tolls Will Rise Again Next Year, Says Quay Trust Board\n\n"
        "The harbour trust will raise its tolls for the third year running, its board said on Monday.\n\n"
        'Mara Lindqvist, who set up the Quay Trust in 2009, said the money would go to dredging.\n'
    )
    q = find(a, "Harbour Tolls Will Rise")
    assert q.attrs.get("speaker") in (None, "Quay Trust Board", "Quay Trust")
    assert q.attrs.get("speaker") != "Mara Lindqvist"


def test_a_headline_role_is_the_person_the_body_titles_after_an_abbreviation_in_brackets(run):
    a = run(
        "Another Flu Wave Will Hit the Islands, Says CRHA Director\n\n"
        "The islands cannot ignore the risk of another flu wave, warns Caribbean Regional Health Agency "
        "(CRHA) Director Marisol T. Okafor as she urged clinics to stock antivirals.\n\n"
        "The CRHA Director also asked ministries to keep testing sites open.\n"
    )
    assert find(a, "Another Flu Wave Will Hit").attrs["speaker"] == "Marisol T. Okafor"
    # the person titled after the agency's abbreviation speaks, not the agency
    assert find(a, "cannot ignore the risk").attrs["speaker"] == "Marisol T. Okafor"


def test_a_headline_role_with_another_modifier_than_the_body_gives_stays_the_role(run):
    a = run(
        "Another Flu Wave Will Hit the Islands, Says Port Director\n\n"
        "Posted: Monday, March 3, 2025.\n\n"
        "The islands cannot ignore the risk of another flu wave, warns Caribbean Regional Health Agency "
        "(CRHA) Director Marisol T. Okafor as she urged clinics to stock antivirals.\n"
    )
    assert find(a, "Another Flu Wave Will Hit").attrs.get("speaker") != "Marisol T. Okafor"


def test_a_verb_joined_to_a_scare_quoted_fragment_takes_the_subject_of_the_clause(run):
    a = run(
        "Tenants say the repairs were never done.\n\n"
        "But last night, the Board came out fighting by branding the audit 'wholly inaccurate' and insisting: "
        "'Every repair was logged and signed off – we will not accept lectures from people who never visited the estate.'\n"
    )
    q = find(a, "Every repair was logged")
    assert q.attrs["speaker"] == "Board"
    assert q.attrs["cue"] == "insisting"
    # version 56: the label after "branding the audit" is the Board's (mixed), no longer a scare quote
    [label] = [q for q in a.layer("quotes") if a.span_text(q).endswith("wholly inaccurate")]
    assert (label.label, a.span_text(label), label.attrs["speaker"]) == ("mixed", "the audit 'wholly inaccurate", "Board")


def test_a_headline_source_after_according_to_is_read_to_the_end_of_the_headline(run):
    body = (
        "Wig makers have long ignored women who lose their hair to chemotherapy.\n\n"
        "When Odile Marchetti opened her first salon in 2015, she did not expect to spend her evenings "
        'fitting wigs for patients. "Nobody had made one that looked like my hair," she said.\n'
    )
    a = run("Patients Deserve Better Wigs, According to Tide to Shore Founder Odile Marchetti\n\n" + body)
    assert find(a, "Patients Deserve Better Wigs").attrs["speaker"] == "Odile Marchetti"
    b = run("Patients Deserve Better Wigs, According to Aides of Odile Marchetti\n\n" + body)
    assert [q.attrs.get("speaker") for q in b.layer("quotes") if "Patients Deserve" in b.span_text(q)] != ["Odile Marchetti"]


def test_an_organisation_before_its_abbreviation_and_a_titled_person_gives_way_to_the_person(run):
    a = run(
        "The old quay cannot take cruise ships much longer, warns the Harbour Ports Authority (HPA) "
        "Director-General Joaquim Ferreira-Lund.\n\n"
        "The Harbour Ports Authority (HPA) said in a statement that the quay would close in June.\n"
    )
    assert find(a, "The old quay cannot take").attrs["speaker"] == "Joaquim Ferreira-Lund"
    assert find(a, "the quay would close in June").attrs["speaker"] == "Harbour Ports Authority"
