"""Whether a quotation speaks of a person by name (part of the quotes stage, version 34): then
that person is not the one talking ("Graham exaggerates ..."), which ``quote_trust`` uses for a
carried speaker and for a he/she's."""

from __future__ import annotations

import re

#: A word of a name ("Pell", "O'Neill", "Vasquez-Thorne").
_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
#: An honorific right before a name, and a comma, "!" or "?" right after it: someone addressed.
_HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s*$")
_ADDRESS_AFTER = re.compile(r"\s*[,!?]")


def names_in(name: str, quoted: str) -> bool:
    """Whether a quotation speaks of the person by name ("Graham exaggerates": Graham is not the
    one talking): a capitalised word of the name, of three letters or more, as a word of it;
    not after an honorific or before a comma, "!" or "?" (others addressing the speaker, quoted
    by them: "they'll say, 'Mr. Pell, you're right'")."""
    words = {w.strip(".") for w in _NAME_WORD.findall(name) if len(w.strip(".")) > 2 and w[:1].isupper()}
    return any(
        not _HONORIFIC_BEFORE.search(quoted[max(0, m.start() - 6) : m.start()]) and not _ADDRESS_AFTER.match(quoted, m.end())
        for w in words
        for m in re.finditer(rf"(?<![\w-]){re.escape(w)}(?![\w-])", quoted)
    )
