"""The citations stage, version 6: a reporter's credit line ("Maria Okafor reports." on its own
line) cites no one; a role the parser made a second subject beside the person's name gives
one citation, the person the quotes stage names, not a second one for the role. docs/sources.md.

Every article here is written for these tests (invented people, firms and places).
"""

from __future__ import annotations

from newsprobe.api import analyze_text


def _sources(text: str) -> list[tuple[str, str]]:
    a = analyze_text(text)
    return [(c.label, str(c.attrs.get("source"))) for c in a.layer("citations")]


def test_a_credit_line_cites_no_one():
    found = _sources("Harbour trade\n\nExports of yams rose again last year, the trade office said.\n\nMaria Okafor reports.\n\n"
                     "According to the trade office, peppers sold best.")
    assert not any(src == "Maria Okafor" for _, src in found), found


def test_a_reporter_who_reports_something_is_cited():
    found = _sources("Harbour trade\n\nMaria Okafor reported that exports of yams rose again last year.")
    assert ("person", "Maria Okafor") in found, found


def test_a_role_beside_the_name_is_one_citation():
    found = _sources("Trade news\n\nMeanwhile, Managing Director of Harbour Foods Limited, Sandra Whitley says "
                     "the biggest exports last year were yams and peppers.")
    people = [src for label, src in found if label == "person"]
    assert people == ["Sandra Whitley"], found
