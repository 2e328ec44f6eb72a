"""A surname the tagger read as a product (entities version 41): '"...," said Quillby.' beside
"Mara Quillby" named in full, the small tagger's PRODUCT, so the quote had no speaker (a
product never speaks) and the person lost every mention of her surname.

A one-word PRODUCT mention becomes PERSON when it is the last word of a full PERSON name of the
article's body (two words or more, not from a headline) and neither it nor that name is
software ("Linux" beside the tagger's person "Fedora Linux", ``entity_kinds.SOFTWARE``), the
first word of that name is no plain lower-case word of the text ("Common Name" in a manual
that writes "common"), and no longer organisation name of the article holds the word.
``entity_labels.relabel_surnames`` does the same for the tagger's ORG and WORK_OF_ART.
"""

from __future__ import annotations

from .entity_kinds import SOFTWARE
from .entity_labels import Mention


def relabel_product_surnames(items: list[Mention], words: frozenset[str]) -> list[Mention]:
    """``items`` with each one-word PRODUCT that is a person's surname relabelled PERSON (module
    docstring); ``words``: the text's plain lower-case words (``entity_common_words.plain_words``)."""
    surnames = {
        n.split()[-1] for _, _, label, n, head, _ in items
        if label == "PERSON" and not head and len(n.split()) >= 2 and n.split()[0][:1].isupper()
        and n.split()[0].lower() not in words and not any(w in SOFTWARE for w in n.split())
    }
    org_words = {w for _, _, label, n, _, _ in items if label == "ORG" and len(n.split()) > 1 for w in n.split()}
    return [
        (start, end, "PERSON", name, head, was or label)
        if label == "PRODUCT" and " " not in name and name in surnames and name not in SOFTWARE and name not in org_words and not name.isupper()
        else (start, end, label, name, head, was)
        for start, end, label, name, head, was in items
    ]
