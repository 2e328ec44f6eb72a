"""A person's name signing a quote on the line below it, with no dash (quotes version 32).

Testimonials, blurbs and pull quotes print the quotation as its own paragraph and the person
on the next line: '"..."', blank line, 'Dana Quill, Harbour Weekly'. ``quote_credits.credit_line``
reads the dashed form ('- Dana Quill') with ``quote_direct.name_after_dash`` and this form with
``signature_name``.
"""

from __future__ import annotations

from typing import Any

from .quote_cues import TokenIndex
from .quote_marks import QuoteRegion

#: The most words after the name ('Ada Roe, Harbour Weekly': two).
SIGNATURE_WORDS = 5


def signature_name(idx: TokenIndex, start: int, end: int, max_words: int = SIGNATURE_WORDS) -> tuple[int, Any] | None:
    """The last token of a person's name that opens a short line with no dash, the layout of
    testimonials and blurbs ('Ada Roe, Harbour Weekly' under a quote that is its whole
    paragraph): a name of at least two words the tagger reads as a person, then the end of
    the line or a comma and at most ``max_words`` words without a verb; else None."""
    if len(idx.text[start:end].split()) > max_words + 4:
        return None
    k = idx.tok_index(start)
    name: list[tuple[int, Any]] = []
    for step in range(k, min(len(idx.tokens), k + 6)):
        off, tok = idx.tokens[step]
        if off + tok.idx >= end or tok.ent_type_ != "PERSON" or (not name and tok.ent_iob_ != "B"):
            break
        if name and tok.ent_iob_ == "B":
            break  # a second name
        name.append((off, tok))
    words = [t for _, t in name if t.pos_ == "PROPN" and t.text[:1].isupper()]
    if len(words) < 2 or name[-1][1] is not words[-1]:
        return None
    off, last = name[-1]
    rest_at = off + last.idx + len(last.text)
    rest = idx.text[rest_at:end].strip()
    if rest and (not rest.startswith(",") or len(rest.split()) > max_words):
        return None
    for step in range(idx.tok_index(rest_at), len(idx.tokens)):
        o, t = idx.tokens[step]
        if o + t.idx >= end:
            break
        if t.pos_ in ("VERB", "AUX"):
            return None  # 'Ada Roe, the mayor, said ...' is a sentence, not a signature
    return name[-1]


#: The most words of the description after a name that credits a quote inside a paragraph.
INLINE_WORDS = 12


def inline_signature(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any] | None:
    """'"...," Ana Ruiz, director of the harbour branch.': a quote closed by a comma, then a
    person's name and at most ``INLINE_WORDS`` words of description with no verb, ending the
    sentence: the name signs the quote as a credit does, its "said" left out (quotes version
    59). ``norm`` is the text with every double quote mark written '"'."""
    inner = norm[region.start : region.end].rstrip()
    j, n = region.close + 1, len(norm)
    while j < n and norm[j] in " \t":
        j += 1
    if not inner.endswith(","):
        if j >= n or norm[j] != ",":
            return None
        j += 1
        while j < n and norm[j] in " \t":
            j += 1
    if j >= n or not norm[j].isupper():
        return None
    end = j
    limit = min(n, j + 200)
    while end < limit and norm[end] not in "\n\"" and not (norm[end] == "." and (end + 1 >= n or norm[end + 1].isspace())):
        end += 1
    k = end + 1
    while k < n and norm[k] in " \t":
        k += 1
    if end >= limit or norm[end] != "." or (k < n and not (norm[k].isupper() or norm[k] in '"\n')):
        return None  # 'Page B2, May 4:' goes on: no sentence ends there
    return signature_name(idx, j, end, INLINE_WORDS)
