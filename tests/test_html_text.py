"""html_text: trafilatura's main text, with source lines wrapped inside a paragraph joined."""

from __future__ import annotations

import pytest

from newsprobe.html_text import goes_on, main_text
from newsprobe.ingest import article_from_html

FILLER = (
    "<p>The harbour board met on Tuesday evening to discuss the dredging budget for next year, "
    "and the meeting ran late into the night.</p>\n"
    "<p>Several residents spoke during the public comment period about noise from the night "
    "shift at the container terminal.</p>\n"
)


def page(body: str) -> str:
    return f"<html><head><title>Harbour notes</title></head><body><article>{FILLER}{body}</article></body></html>"


# trafilatura keeps a paragraph's source line breaks when the paragraph holds inline code
WRAPPED = page(
    "<p>When the board finally voted, the chair said the plan would go to a\n"
    '<a href="/x">second reading</a>\n'
    "in March, and that the port had set aside money for\n"
    "<code>two</code> new survey boats before\n"
    "June of next year.</p>\n"
)


def test_wrapped_source_lines_inside_a_paragraph_become_one_line():
    art = article_from_html(WRAPPED)
    line = next(p for p in art.text.split("\n\n") if p.startswith("When the board"))
    assert line == (
        "When the board finally voted, the chair said the plan would go to a second reading in March, "
        "and that the port had set aside money for two new survey boats before June of next year."
    )


def test_a_sentence_is_no_longer_cut_at_the_source_line_breaks():
    art = article_from_html(WRAPPED)
    assert "\n\nsecond reading" not in art.text
    assert "\n\nin March" not in art.text
    notes = [n["note"] for n in art.provenance.get("notes", []) if n["stage"] == "ingest"]
    assert any("4 line breaks inside paragraphs joined" in n for n in notes)


def test_line_breaks_in_a_code_block_stay():
    html = page("<pre>make build\nmake install\nmake check</pre>\n<p>That is all it takes to build it from source.</p>")
    text = article_from_html(html).text
    assert "make build\n\nmake install" in text


def test_br_line_breaks_stay():
    html = page("<p>Harbour Office<br>\nQuay Street 4<br>\nOpen on weekdays</p>")
    text = article_from_html(html).text
    assert "Harbour Office\n\nQuay Street 4\n\nOpen on weekdays" in text


def test_a_break_before_a_capitalised_line_after_a_heading_like_line_stays():
    html = page("<p>Dredging costs rise\nThe board expects a <code>higher</code> bill for the work.</p>")
    text = article_from_html(html).text
    assert "Dredging costs rise\n\nThe board expects" in text


def test_page_without_wrapped_lines_is_unchanged_from_trafilatura():
    import trafilatura

    html = page("<p>The chair thanked the residents and closed the meeting.</p>")
    plain = trafilatura.extract(html, favor_precision=True, include_comments=False, include_tables=False)
    got = main_text(html)
    assert got is not None
    assert got.text == plain
    assert got.title == "Harbour notes"


@pytest.mark.parametrize(
    "before, after, joined",
    [
        ("the plan would go to a", "second reading", True),  # lower case goes on
        ("money set aside until", "June next year", True),  # a word that cannot end a sentence
        ("Dover, Calais,", "Ostend and Zeebrugge", True),  # a comma
        ("the report was published", ", the chair said", True),  # punctuation that continues
        ("Dredging costs rise", "The board expects", False),  # a heading-like line, then a capital
        ("The meeting closed.", "Residents left", False),  # a sentence ended
        ("Quantity", "250", False),  # a number on its own line (a table or a recipe)
        ("", "anything", True),  # at a block's edge the break is trimmed anyway
    ],
)
def test_goes_on(before, after, joined):
    assert goes_on(before, after) is joined


def test_a_deeply_nested_tree_is_walked_without_recursion():
    from lxml import etree

    from newsprobe.html_text import unwrap_lines

    root = etree.Element("body")
    node = root
    for _ in range(5000):  # deeper than Python's recursion limit
        node = etree.SubElement(node, "hi")
    node.text = "the plan would go to a\nsecond reading"
    assert unwrap_lines(root) == 1
    assert node.text == "the plan would go to a second reading"


def test_a_break_at_a_paragraphs_edge_is_not_counted_as_joined():
    # trimmed away either way: the ingest note counts only the joins a reader sees
    html = page("<p>\nThe chair thanked the residents and <code>closed</code> the meeting\n</p>")
    art = article_from_html(html)
    assert not [n for n in art.provenance.get("notes", []) if n["stage"] == "ingest"]
