"""The quotes stage, version 28 (entities 15): more common first names carry a gender
(`given_names`: "Corey", "Marc", "Travis", "Megyn", "Tulsi", ...), so a "she" is no longer given
to a man whose first name the lists lacked (PolNeAR train[400:840]: 'she responded ... by
saying' went to a man named two paragraphs before, uncertain). docs/quotes.md, Version 28.

Every article here is written for these tests (invented people, places and bodies).
"""

from __future__ import annotations

from .test_stages_quotes import run  # noqa: F401  (the same module-scoped pipeline fixture)
from .test_stages_quotes_direct import find


def test_she_is_not_a_man_whose_first_name_shows_his_gender(run):
    a = run(
        "Ferry office adds crossings\n\n"
        "Corey Brandt runs the ferry office in Dalmere and has done so for ten years.\n\n"
        '"We will add a night crossing in May," she said.\n'
    )
    assert find(a, "We will add a night crossing").attrs.get("speaker") != "Corey Brandt"  # was Corey Brandt at 0.75


def test_he_still_finds_him(run):
    a = run(
        "Ferry office adds crossings\n\n"
        "Corey Brandt runs the ferry office in Dalmere and has done so for ten years.\n\n"
        '"We will add a night crossing in May," he said.\n'
    )
    assert find(a, "We will add a night crossing").attrs["speaker"] == "Corey Brandt"
