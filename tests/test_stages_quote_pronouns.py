"""The quotes stage, version 39: a he or she is never the person its own verb addresses by name
("he told Pruett", "she asked Ruiz", "he said to Ode"; ``quote_pronouns._told``; docs/quotes.md,
Version 39). Every sentence is written for these tests (invented people and places).
"""

from __future__ import annotations

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)


def _direct(article):
    return [q for q in article.layer("quotes") if q.label == "direct"]


def test_he_told_the_host_is_not_the_host(run):
    article = run(
        "Farmers packed the hall in Tarrow on Monday.\n\n"
        "Lorenzo Vale met them after the vote. Dale Pruett asked Vale about the levy.\n\n"
        "\u201cIt will go,\u201d he told Pruett, \u201cbefore the harvest.\u201d"
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "Lorenzo Vale"


def test_she_said_to_the_reporter_is_not_the_reporter(run):
    article = run(
        "The clinic opened its doors on Friday.\n\n"
        "Director Ines Marrow showed the wards. Reporter Clara Dunst asked Marrow about the waiting list.\n\n"
        "\u201cWe will halve it by spring,\u201d she said to Dunst."
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "Ines Marrow"


def test_a_he_who_tells_no_one_by_name_is_still_resolved(run):
    # guard: "told his wife" names no person, so the one man named speaks
    article = run(
        "Farmers packed the hall in Tarrow on Monday.\n\n"
        "Lorenzo Vale met them after the vote.\n\n"
        "\u201cIt will go before the harvest,\u201d he told his wife."
    )
    (q,) = _direct(article)
    assert q.attrs["speaker"] == "Lorenzo Vale"

