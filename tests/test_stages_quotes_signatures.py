"""The quotes stage, version 32: a quote that is its whole paragraph, signed on the next line by
a person's name with no dash ('Dana Quill, Harbour Weekly'), is that person's
(``quote_signatures.signature_name``; docs/quotes.md, Version 32).

Every article here is written for these tests (invented people, products and places).
"""

from __future__ import annotations

from .test_stages_quotes import find, run  # noqa: F401  (the same module-scoped pipeline fixture)

BLURBS = (
    "Tidewater Ledger: the accounting app for small harbours\n\n"
    "Trusted by harbour masters from Maine to Oregon.\n\n"
    "\u201cThe first bookkeeping tool that understands mooring fees. I set it up in an afternoon "
    "and never looked back.\u201d\n\n"
    "Margaret Ellison, Coastal Trade Review\n\n"
    "\u201cIt replaced three spreadsheets and a shoebox of receipts in our office.\u201d\n\n"
    "Tobias Wrenfield\n\n"
    "Try it free for thirty days."
)


def test_a_signed_testimonial_is_its_signers(run):
    a = run(BLURBS)
    first = find(a, "understands mooring fees")
    assert first.attrs["speaker"] == "Margaret Ellison", first.attrs  # version 31: no speaker
    assert first.attrs["speaker_uncertain"] is False
    assert find(a, "a shoebox of receipts").attrs["speaker"] == "Tobias Wrenfield"


def test_a_sentence_under_the_quote_is_not_a_signature(run):
    a = run(
        "Harbour fees to rise in spring\n\n"
        "\u201cWe cannot keep the docks open on the old rates.\u201d\n\n"
        "Margaret Ellison, the board's treasurer, said the increase would be small.\n\n"
        "The board votes on Thursday."
    )
    assert find(a, "keep the docks open").attrs.get("cue_kind") != "dash"


def test_a_place_under_the_quote_is_not_a_signature(run):
    a = run(
        "Notes from the harbour\n\n"
        "\u201cThe tide waits for no one, and neither does the fee collector.\u201d\n\n"
        "Harbour Street Market\n\n"
        "Stalls open at seven every Saturday."
    )
    q = find(a, "The tide waits")
    assert q.attrs.get("cue_kind") != "dash" and q.attrs.get("speaker") is None
