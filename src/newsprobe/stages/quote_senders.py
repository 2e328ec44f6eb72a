"""Who says the words of a participle the parser hung on the wrong noun (quotes stage).

* 'sent an email to supporters stating, "..."': the sender speaks, not the recipients the
  parser hung the participle on (``sender_of``); 'X told the paper they were against the
  plan for landlords saying, "..."': the one who told, not the people the plan is for
  (``_teller_above``, quotes version 38).
* 'she issued a statement saying, "..."': the one who issued it, not "statement"
  (``issuer_of``).
* 'The ad ends with footage of Vale saying during the debate, "..."': the parser makes the
  quotation the report of "ends"; the participle right before it is its cue
  (``nearer_participle``, quotes version 38).
* 'Vale did little to settle it, treating the jab as praise -- "..." -- and, when
  questioned, asserting, "..."': the parser made a verb inside the first quotation the
  sentence's root; the participle's speaker is the subject of the reporter's clause before it
  (``subject_before_quote``, quotes version 38).
* 'The issue came up after Mr. Vale, asked about the closures, had said, "..."': the parser
  reads "after" as a preposition and "had said" as a second verb of the main clause; Vale
  speaks (``subordinate_subject``, quotes version 38).
"""

from __future__ import annotations

from typing import Any

from .quote_cues import SPEECH_VERBS, SUBJECTS, SUBORDINATORS, TokenIndex, children, subject_of, usable_subject
from .quote_people import AUTHORED_DOCUMENTS, ISSUING_VERBS, relative_that

#: Verbs of putting out a document, for a participle on it: also "added a caption that reads"
#: (not in ``ISSUING_VERBS``, which other rules read as a lead sentence's verb).
_PUTTING_OUT = ISSUING_VERBS | {"add"}


def sender_of(cue: Any, subj: Any | None, idx: TokenIndex, off: int) -> Any | None:
    """'sent an email to supporters stating, "..."': a participle the parser hung on the
    recipient is said by the sender (the subject of the sending verb); else None."""
    if subj is None or cue.dep_ != "acl" or subj.i not in (cue.head.i, cue.i - 1) or subj.dep_ != "pobj":
        return None
    prep = subj.head
    if prep.lower_ not in ("to", "for") or prep.head.i == prep.i:
        return None
    verb = prep.head
    if verb.pos_ in ("NOUN", "PROPN"):
        return _teller_above(verb, idx, off)
    sender = next((c for c in children(verb) if c.dep_ in SUBJECTS), None)
    return sender if sender is not None and sender.dep_ != "nsubjpass" and usable_subject(sender, idx, off) else None


def _teller_above(noun: Any, idx: TokenIndex, off: int) -> Any | None:
    """'X told the paper they were against the rules for landlords saying, "..."': the parser
    hung the participle on the people a thing is for, deep in a phrase of nouns; when that
    phrase sits in a clause a speech verb reports, the participle is that verb's subject's;
    else None."""
    node = noun
    for _ in range(10):
        if node.dep_ == "ROOT" and node.lemma_.lower() not in SPEECH_VERBS:
            return None
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in SPEECH_VERBS:
            teller = next((c for c in children(node) if c.dep_ in SUBJECTS), None)
            return teller if teller is not None and teller.dep_ != "nsubjpass" and usable_subject(teller, idx, off) else None
        if node.pos_ in ("VERB", "AUX", "ADJ") and node.dep_ not in ("ccomp", "acomp", "xcomp"):
            return None  # a clause of its own ('who voted for the plan'), not the one reported
        if node.pos_ not in ("VERB", "AUX", "ADJ", "NOUN", "PROPN") and node.dep_ != "prep":
            return None
        node = node.head
    return None


def issuer_of(cue: Any, subj: Any | None, idx: TokenIndex, off: int) -> Any | None:
    """'she issued a statement saying, "..."', 'the council sent a letter urging ...': a
    participle on a document that someone put out is said by that someone, the subject of
    the issuing verb; else None. A report or an article stays the speaker: its words are not
    its sender's ('emailed a news article reporting that ...'). Also through a relative
    "that" ('released a video that said, "..."': who released it)."""
    if subj is not None and relative_that(subj) and cue.dep_ == "relcl" and subj.head.i == cue.i:
        subj = cue.head
    elif subj is None or cue.tag_ != "VBG" or not (cue.head.i == subj.i or cue.i == subj.i + 1):
        return None
    if subj.lemma_.lower() not in AUTHORED_DOCUMENTS or any(c.dep_ == "prep" and c.lower_ in ("from", "by") for c in children(subj)):
        return None  # 'published a note from his accountant that says': the accountant's words, not his
    if subj.lemma_.lower() == "caption" and subj.dep_ == "pobj" and subj.head.lower_ == "with":
        subj = subj.head.head  # 'posted the photo with a caption that said': who posted it
        if subj.pos_ in ("VERB", "AUX"):
            subj = next((c for c in children(subj) if c.dep_ == "dobj"), subj)
    if subj.dep_ != "dobj":
        return None
    verb = subj.head
    if verb.lemma_.lower() not in _PUTTING_OUT:
        return None
    issuer = subject_of(verb)  # also through "hired lawyers and placed ads"
    return issuer if issuer is not None and usable_subject(issuer, idx, off) else None


def subordinate_subject(cue: Any, idx: TokenIndex, off: int) -> Any | None:
    """'after Mr. Vale, asked about the closures, had said, "..."': a cue with an auxiliary of its
    own and no subject, hung on the main verb, after a conjunction the parser read as a
    preposition whose object is a person's name: that person; else None. Never for a cue with
    a subject, nor without the auxiliary ('spoke after Vale and said': the main subject says)."""
    if cue.dep_ not in ("conj", "parataxis", "advcl") or any(c.dep_ in SUBJECTS for c in children(cue)):
        return None
    if not any(c.dep_ == "aux" and c.i < cue.i for c in children(cue)) or cue.head.i >= cue.i:
        return None
    for prep in children(cue.head):
        if prep.dep_ == "prep" and prep.lower_ in SUBORDINATORS and prep.i < cue.i:
            name = next((c for c in children(prep) if c.dep_ == "pobj"), None)
            if name is not None and name.ent_type_ == "PERSON" and usable_subject(name, idx, off):
                return name
    return None


def nearer_participle(verb: Any, first: Any, norm: str, open_at: int, off: int, used: set[tuple[int, int]]) -> Any:
    """The cue of a quotation the parser made the report of ``verb`` ('The spot concludes with
    footage of Vale saying during the debate, "..."'): a participle of saying between the verb
    and the quotation's first word ``first`` whose phrase runs up to the quotation (only a comma
    or a colon between) is the nearer cue, and ``verb`` goes into ``used`` (it reports nothing of
    its own here); else ``verb``."""
    if first.i <= verb.i or first.doc is not verb.doc:
        return verb
    for tok in verb.doc[verb.i + 1 : first.i]:
        if tok.tag_ != "VBG" or tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ != "VERB":
            continue
        edge = tok.right_edge
        gap = norm[off + edge.idx + len(edge.text) : open_at].strip() if edge.i < first.i else None
        if gap in (",", ":"):
            used.add((off, verb.i))
            return tok
    return verb


def subject_before_quote(root: Any, cue: Any, idx: TokenIndex, off: int) -> Any | None:
    """The subject of the reporter's own clause before the quotation that holds the sentence's
    ``root`` (a verb inside quote marks): the nearest verb outside quotes, hung on the root
    before the cue, with a subject of its own; else None."""
    best = None
    for child in children(root):
        if child.i >= cue.i or child.pos_ not in ("VERB", "AUX") or child.dep_ not in ("ccomp", "advcl", "parataxis", "conj") or idx.in_quote(off + child.idx):
            continue
        subj = next((c for c in children(child) if c.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ in ("PROPN", "NOUN", "PRON") and usable_subject(subj, idx, off) and (best is None or child.i > best.head.i):
            best = subj
    return best
