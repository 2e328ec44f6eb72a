"""A speech tag between two quotations that the first one did not need: 'Lang said: "... It is
not a budget.' and a paragraph '"... We are watching a sideshow," Lang said. "Not one of my
aides ..."'. The first quotation runs over two paragraphs and has its speaker from "Lang said:";
the tag after its last piece ("Lang said.") is then nobody's cue, and the quotation after it
had no speaker. When the words between two quotations are only such a tag, a cue no quote has
used, the next quotation takes it (quotes version 56). Where the first quotation did use it
('"X," she said. "Y."'), the pieces are joined later (``quote_post.merge_segments``).

A tag's speaker after its verb ('"...?" asked the girl', '"...," added the board's finance
lead'): the parser reads that noun phrase as the verb's object (``inverted_object``).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .quote_cues import ADDRESSED, SPEECH_VERBS, SUBJECTS, TokenIndex, children, usable_subject
from .quote_marks import QuoteRegion

#: The tag: a comma or nothing, a few words with the verb, a full stop; no other sentence.
_TAG = re.compile(r"\s*,?\s*[^.!?\"\u201c\u201d\n]{3,80}\.\s*")
_SUBJECTS = ("nsubj",)
#: Closing quotation marks as the parser tokenises them.
_CLOSING = frozenset({'"', "'", "''", "\u201d", "\u2019"})
#: Verbs of a tag after a quotation whose one object is the quotation: a noun phrase right
#: after them is who speaks ('"...," added the board's finance lead'), read as an object by the parser.
_TAG_VERBS = frozenset("add explain write note continue reply respond insist recall observe remark declare admit concede joke quip exclaim shout whisper complain".split())
_INVERTED_VERBS = ADDRESSED | _TAG_VERBS  # built once: inverted_object asks for every speakerless cue


def unused_tag(idx: TokenIndex, norm: str, region: QuoteRegion, used: set[tuple[int, int]]) -> tuple[int, Any] | None:
    """``(offset, verb)`` of a speech tag no quote used, alone between the quotation before
    ``region`` and ``region`` ('," Lang said. "'), with a subject of its own; else None."""
    k = bisect.bisect_left(idx.reg_opens, region.open) - 1
    if k < 0:
        return None
    prev = idx.regions[k]
    if not norm[prev.start : prev.end].rstrip().endswith(",") or not _TAG.fullmatch(norm, prev.close, region.open):
        return None
    verbs = [(off, tok) for off, tok in (idx.tokens[j] for j in range(idx.tok_index(prev.close), idx.tok_index(region.open))) if tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ == "VERB"]
    if len(verbs) != 1 or (verbs[0][0], verbs[0][1].i) in used:
        return None  # the tag the quotation before used ('," said a witness who asked not to be named. "'), or two verbs
    off, tok = verbs[0]
    subj = next((c for c in children(tok) if c.dep_ in _SUBJECTS and prev.close <= off + c.idx < region.open), None)
    ok = subj is not None and subj.pos_ in ("PROPN", "PRON", "NOUN") and subj.lower_ not in ("who", "which", "that")
    return (off, tok) if ok else None


#: Plain present forms of speech verbs that a tagger reads as the last noun of a plural subject
#: ('," the Danes state in the paper'): the subject is plural, so the verb has no "-s".
_PLAIN_FORMS = frozenset("state write note argue claim say add warn insist contend conclude explain".split())


def plural_subject_verb(idx: TokenIndex, norm: str, region: QuoteRegion, first: tuple[int, Any] | None) -> tuple[int, Any, Any] | None:
    """'"...," the Danes state in the white paper, ...': after a quote closed by a comma
    (``first``: the token after it), "the" and a plural name or noun, then a plain speech verb
    the tagger read as a noun, then a preposition or the sentence's end. (offset, verb,
    subject) or None (quotes version 56)."""
    if first is None:
        return None
    off, tok = first
    doc = tok.doc
    i = tok.i + (1 if tok.lower_ == "the" else 0)
    if i + 2 >= len(doc) or doc[i].tag_ not in ("NNPS", "NNS") or doc[i + 1].lower_ not in _PLAIN_FORMS or doc[i + 1].pos_ == "VERB":
        return None
    after = doc[i + 2]
    if not (after.pos_ == "ADP" or after.text in (".", ",")) or "\n" in norm[off + doc[i].idx : off + after.idx]:
        return None
    return off, doc[i + 1], doc[i]


def inverted_object(cue: Any, idx: TokenIndex, off: int) -> Any | None:
    """'"...?" asked the girl': after a quote the one who asks comes after the verb, and the
    parser reads her as its object. The object right after a verb of the ``ADDRESSED`` or
    ``_TAG_VERBS`` kind that follows a closing mark (within three words, or a phrase that starts
    right after the verb: v57), when the verb has no subject; else None."""
    if cue.lemma_.lower() not in _INVERTED_VERBS or cue.i == 0 or cue.doc[cue.i - 1].text not in _CLOSING:
        return None
    kids = children(cue)
    if any(c.dep_ in SUBJECTS for c in kids):
        return None
    for child in kids:
        if child.dep_ == "dobj" and cue.i < child.i and (child.i <= cue.i + 3 or child.left_edge.i == cue.i + 1) and child.pos_ in ("NOUN", "PROPN") and usable_subject(child, idx, off):
            return child  # '," added the board's finance lead, ...' (v57: verbs of a tag, a longer phrase)
    return None
