"""A thing with words on it as a quotation's cue after the quote, where the tagger lost the verb
(part of the quotes stage; docs/quotes.md, Version 39).

'"The council should resign," the editorial read.': the small tagger often reads "read" after
a text or a thing with words on it as a noun ("the editorial read" as one noun phrase, "the
note read" as a noun with a noun subject), so no cue is found and the quotation was a `scare`
quote or a quotation with no speaker. Here the thing reads: a text is its own speaker as with
"the memo said" (the evidence is the noun), a sign or a banner shows words nobody is named
saying (``quote_inscriptions``). ``token_after_comma`` is the first word after a quote that ends
with a comma, which ``quote_credits``' readings of a misread cue start from too."""

from __future__ import annotations

from typing import Any

from .quote_cues import TokenIndex
from .quote_marks import QuoteRegion
from .quote_people import WORDED_THINGS

#: Words that may open the phrase naming the thing ("the editorial", "her note", "one sign").
_OPENERS = frozenset("the a an his her its their our my your one this that each another".split())
#: Parts of speech of the words between the opener and the thing ("the handwritten note").
_MODIFIERS = frozenset({"ADJ", "NOUN", "PROPN", "VERB"})
#: Most tokens from the closing mark to "read".
_WINDOW = 6


def token_after_comma(idx: TokenIndex, norm: str, region: QuoteRegion, *, cry: bool = False) -> tuple[int, Any] | None:
    """(offset, token) of the first word after a quote that ends with a comma ('"...," the note
    read'; the comma inside or after the closing mark), or with ``cry`` also after a question or
    a cry that the sentence goes on from in lower case ('"...!" the nominee tweeted'); else None."""
    inner = norm[region.start : region.end].rstrip()
    j = region.close
    while j < len(norm) and norm[j] in " ,":
        j += 1
    if j >= len(norm) or not (inner.endswith(",") or "," in norm[region.close : j] or (cry and inner.endswith(("!", "?")) and norm[j].islower())):
        return None
    k = idx.tok_index(j)
    return idx.tokens[k] if k < len(idx.tokens) else None


def thing_read_after(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any, Any] | None:
    """'"...," the editorial read.': right after a quote that ends with a comma, a phrase whose
    last word is a text or a thing with words on it (``WORDED_THINGS``, lower case), then "read"
    or "reads" however the tagger read it, and the sentence ends there. (offset, "read", thing)
    or None."""
    after = token_after_comma(idx, norm, region)
    if after is None:
        return None
    off, first = after
    doc = first.doc
    if first.lower_ not in _OPENERS or not first.text.islower():
        return None
    for i in range(first.i + 1, min(first.i + _WINDOW, len(doc))):
        tok = doc[i]
        if tok.lower_ in ("read", "reads") and tok.text.islower():
            thing = doc[i - 1]
            if i - 1 == first.i or thing.lemma_.lower() not in WORDED_THINGS or not thing.text.islower():
                return None
            after = doc[i + 1] if i + 1 < len(doc) else None
            if after is not None and after.text not in (".", "!") and "\n" not in after.text:
                return None  # "the sign read aloud by ...": the sentence goes on
            return off, tok, thing
        if "\n" in tok.text or (tok.pos_ not in _MODIFIERS and tok.dep_ != "case"):  # "the paper's editorial"
            return None
    return None
