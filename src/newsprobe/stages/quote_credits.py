"""Who speaks a quote that has no reporting verb beside it (quotes stage v18).

* A sentence right before the quote, in its paragraph, that only says someone spoke or
  agreed ('Port manager Idris Fenwick agreed. "..."', 'Lau said in a statement. "..."')
  introduces the quote: its verb is the cue (``lead_cue``). The verb must have no object
  and no reported clause of its own; a passive or a question is not a lead.
* A quote that is its whole paragraph, followed by a short paragraph that is a dash and a
  name ('"..."' then '- Dana Quill, after the vote') is credited to that name
  (``credit_line``): the layout of fact-check lists and quote boxes; so is one followed by a
  person's name with no dash, alone or before a comma and a few words without a verb ('Dana
  Quill, Harbour Weekly': testimonials and blurbs, ``signature_name``, quotes version 32).
* A quote the reporter's sentence goes on after ('"...," the editorial read', '"...?"
  reacted Tolland') is attributed by that sentence, even when we cannot read it: it never
  carries the speaker of an earlier quote (``sentence_goes_on``).
* '"...?" asked the girl': the parser reads the one who asks as the verb's object
  (``quote_tags.inverted_object``).
* "one of the aides said" is one unnamed person of a group that can speak (``one_of_people``;
  the phrase ends before its relative clause, ``phrase_end``); "one of his aides, Tad Vance,
  said" is Tad Vance (``named_one``).
* A participle the parser hung on a document's recipient or issuer is said by its sender
  or issuer (``quote_senders``).

A lead sentence's speaker is calibrated as a colon's (``quote_calibration.READ_AS``): the
table has not seen the kind yet.
"""

from __future__ import annotations

import re
from typing import Any

from .parse_cache import sentence_bounds
from .quote_cues import ADDRESSED, NAMED_VERBS, SPEECH_VERBS, SUBJECTS, TokenIndex, children, subject_of, usable_subject
from .quote_verb_names import is_verb_form
from .quote_direct import name_after_dash, name_then_verb
from .quote_signatures import signature_name
from .quote_tags import plural_subject_verb
from .quote_worded import thing_read_after, token_after_comma
from .quote_marks import QuoteRegion
from .quote_people import AUTHORED_DOCUMENTS, ISSUING_VERBS, WORDED_THINGS, is_plausible_speaker_noun, issues_document

#: Verbs that, alone in the sentence before a quote, introduce it.
LEAD_VERBS: frozenset[str] = SPEECH_VERBS | frozenset(
    "agree disagree concur demur object elaborate chime weigh echo sum".split()
)
#: The only dependents a lead verb may have: its subject and words of manner, time or place
#: ('agreed', 'said in a statement', 'added on Monday'); an object or a clause is a report of its own.
_LEAD_DEPS = frozenset("nsubj aux auxneg neg advmod prep npadvmod punct prt cc".split())
#: The longest lead sentence, in tokens.
_LEAD_TOKENS = 30
#: The longest credit line, in words.
_CREDIT_WORDS = 14


def lead_cue(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any] | None:
    """The verb of the sentence right before the quote when that sentence only says who
    spoke ('Bystrom agreed.', 'Lau said in a statement.'); else None."""
    p_start = idx.text.rfind("\n", 0, region.open) + 1
    before = norm[p_start : region.open].rstrip()
    if not before or not before.endswith("."):
        return None
    stop = p_start + len(before) - 1
    s_start, _ = idx.sentence_bounds(max(p_start, stop - 1))
    s_start = max(s_start, p_start)
    lo, hi = idx.tok_index(s_start), idx.tok_index(stop)
    if hi - lo > _LEAD_TOKENS or hi <= lo:
        return None
    for k in range(lo, hi):
        off, tok = idx.tokens[k]
        if tok.dep_ != "ROOT" or idx.in_quote(off + tok.idx):
            continue
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in LEAD_VERBS or tok.tag_ == "VBN":
            return None
        kids = children(tok)
        if any(c.dep_ not in _LEAD_DEPS for c in kids):
            return None  # an object, a clause or a passive: 'She asks if you know why': not a lead
        subj = next((c for c in kids if c.dep_ in SUBJECTS), None)
        if subj is None or subj.pos_ not in ("PROPN", "NOUN", "PRON") or not usable_subject(subj, idx, off):
            return None
        between = [tok.doc[i] for i in range(subj.i + 1, tok.i)]
        if subj.pos_ == "PROPN" and any(t.text == "," for t in between) and any(t.pos_ == "PROPN" and not _in_role_phrase(t, subj) for t in between):
            return None  # 'Or maybe Ada Roe, consultant Phil Vance says.': two names, the first one what is said
        return off, tok
    return None


def _in_role_phrase(tok: Any, subj: Any) -> bool:
    """Whether ``tok`` is a name inside a prepositional phrase of the subject's apposition ('Ivo
    Sandberg, the communications director for the Harbour Party, said': the party's name)."""
    node = tok
    for _ in range(6):
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            return any(a.i == subj.i for a in node.ancestors)
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def credit_line(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any] | None:
    """The head of the name in a short dash line right after a quote that is its whole
    paragraph ('"..."', blank line, '- Dana Quill.'); else None."""
    text = idx.text
    p_start = text.rfind("\n", 0, region.open) + 1
    if norm[p_start : region.open].strip():
        return None
    j = region.close
    n = len(norm)
    while j < n and norm[j] in " \t.":
        j += 1
    if j >= n or norm[j] not in "\r\n":
        return None
    while j < n and norm[j] in " \t\r\n":
        j += 1
    if j >= n:
        return None
    line_end = text.find("\n", j)
    line_end = n if line_end < 0 else line_end
    if len(norm[j:line_end].split()) > _CREDIT_WORDS:
        return None
    head = name_after_dash(idx, j, line_end) if norm[j] == "-" else signature_name(idx, j, line_end)
    if head is None:
        return None
    # the name ends the line or is followed by a comma and its description
    off, tok = head
    rest = norm[off + tok.idx + len(tok.text) : line_end].lstrip(" .")
    return head if not rest or rest.startswith(",") else None


#: The most words of a credit between two pieces of one quotation ("Ivo Lund, the chair, said").
_CREDIT_BETWEEN_WORDS = 8


def credit_between(norm: str, regions: list[QuoteRegion], region: QuoteRegion, cue_at: int, clause_end: int) -> bool:
    """Whether a clause the parser ran from this quotation to the end of the next one is no
    more than a quotation in two pieces with its credit between them ('"Never again," Ivo Lund
    said, "will we let it close."', quotes version 36): the cue lies between the pieces, the
    words there are a few and end with a comma, and the clause ends within the second piece.
    ``norm`` has every double quote mark written '"'; ``regions`` in text order."""
    nxt = next((r for r in regions if r.open >= region.close), None)
    if nxt is None or not (region.close <= cue_at < nxt.open) or clause_end > nxt.close:
        return False
    between = norm[region.close : nxt.open].strip()
    return between.endswith(",") and '"' not in between and "\n" not in between and len(between.split()) <= _CREDIT_BETWEEN_WORDS


def sentence_goes_on(idx: TokenIndex, norm: str, region: QuoteRegion) -> bool:
    """Whether the reporter's sentence continues right after the quote ('"...," the editorial
    read', '"...?" reacted Tolland', '"..." Tolland posted'): something there attributes it."""
    if norm[region.start : region.end].rstrip("'\u2019 ").endswith("."):
        return False  # the quoted sentence ended: what follows is the next sentence
    j = region.close
    n = len(norm)
    while j < n and norm[j] in " \t,":
        j += 1
    if j >= n or norm[j] in "\r\n":
        return False
    if norm[j].isupper():
        return name_then_verb(idx, j)  # '"...!" Tolland posted'
    if not norm[j].islower():
        return False
    if norm[region.start : region.end].rstrip("'\u2019 ").endswith(("?", "!")):
        return True  # '"...!" the party's candidate, Dana Pike, tweeted': lower case after a question or a cry goes on
    # a finite verb before any preposition or punctuation: '" for the top bracket.' goes on
    # with the quote's own sentence, 'the editorial read' with its attribution; after a
    # comma, a short clause that ends the sentence is one too, however the tagger read its verb
    comma = norm[region.start : region.end].rstrip().endswith(",") or norm[region.close : j].strip() == ","
    k = idx.tok_index(j)
    for step in range(k, min(len(idx.tokens), k + 8)):
        off, tok = idx.tokens[step]
        if tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBZ", "VBP"):
            return True
        if tok.text in (".", "!", "?") and comma and step > k + 1:
            return True  # '"...," the Gazette's editorial read.'
        if tok.pos_ in ("ADP", "SCONJ", "CCONJ", "PUNCT") or tok.lower_ == "to":
            return False
    return False


def phrase_end(prep: Any) -> Any:
    """The last token of a prepositional phrase without what its object's clause adds ('one
    of three councillors who described ...' ends at 'councillors')."""
    obj = next((c for c in children(prep) if c.dep_ == "pobj"), None)
    if obj is None:
        return prep.right_edge
    last = obj
    for child in obj.rights:
        if child.dep_ in ("relcl", "acl", "appos", "punct"):
            break
        last = child.right_edge
    return last


def loose_conj(prep: Any) -> bool:
    """A prepositional phrase whose object has a second conjunct after a comma and no "and" or
    "or" ('a blog post for [Site], [Country]'s [Institute] predicts'): the parse took the next
    clause's subject into the phrase, which ends at the comma."""
    obj = next((c for c in children(prep) if c.dep_ == "pobj"), None)
    if obj is None or not any(c.dep_ == "conj" and c.doc[c.left_edge.i - 1].text == "," for c in children(obj)):
        return False
    return not any(c.dep_ == "cc" for t in (obj, *obj.conjuncts) for c in children(t))  # "chefs, bakers and charities": on any conjunct


def of_his(tok: Any, prep: Any) -> bool:
    """'quipped Orlov of his role': an "of" phrase about the speaker's own thing, hung on a name
    by the parse, is no part of the name ("the Duke of York" and "the mother of his child" are)."""
    obj = next((c for c in children(prep) if c.dep_ == "pobj"), None)
    return tok.pos_ == "PROPN" and prep.lower_ == "of" and obj is not None and any(
        c.dep_ == "poss" and c.lower_ in ("his", "her", "their", "its") for c in children(obj))


def one_of_people(tok: Any) -> bool:
    """'one of the advisers', 'one of two witnesses': one unnamed person of a group that can
    speak (not 'one of her first moves', not 'one or more of them')."""
    of = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of" and c.i == tok.i + 1), None)
    obj = next((c for c in children(of) if c.dep_ == "pobj"), None) if of is not None else None
    if obj is None or any(t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN") and t.i > obj.i for t in tok.subtree):
        return False  # 'one of the occupants ... and the boat operator admitted': two subjects, or a misparse
    return (obj.pos_ == "PROPN" or is_plausible_speaker_noun(obj)) and not named_one(tok)


def named_one(tok: Any) -> Any | None:
    """The name in apposition to 'one of ...' ('one of his advisers, Tad Vance, said'): that
    person speaks; else None."""
    if tok.lower_ != "one":
        return None
    return next((c for c in tok.subtree if c.dep_ == "appos" and c.pos_ == "PROPN" and c.head.i >= tok.i), None)


def adjacent_name(cue: Any, idx: TokenIndex, off: int) -> Any | None:
    """A fallback speaker when the parser gave no usable subject: the noun or pronoun right
    before or after the cue ("Jordan said", "said Jordan"), else the nearest person or
    organisation name before the cue in its sentence (not one modifying a noun), else a person's
    name the parser made the sentence's root."""
    doc = cue.doc
    neighbours = (cue.i - 1,) if cue.lemma_.lower() in ADDRESSED else (cue.i - 1, cue.i + 1)
    for j in neighbours:
        if not 0 <= j < len(doc):
            continue
        tok, after = doc[j], j == cue.i + 1
        if after and tok.pos_ not in ("PROPN", "NOUN", "PRON"):
            tok = _name_after_modifiers(cue, idx, off) or tok  # '," said retired surgeon Ben Tolland, asked ...'
        elif after and _possessor(tok):
            owned = _name_after_modifiers(cue, idx, off)  # '," exhorted Mayor Pell's deputy': the deputy, not Pell
            if owned is None:
                continue
            tok = owned
        if tok.pos_ in ("PROPN", "NOUN", "PRON") and usable_subject(tok, idx, off):
            k = tok.i
            while after and k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN":  # "said Chuck Jordan": the name's last word
                k += 1
            return doc[k]
    sent_start = sentence_bounds(cue)[0]
    j, lo = cue.i - 1, max(sent_start, cue.i - 12)
    while j >= lo:
        tok = doc[j]
        j -= 1
        if tok.ent_type_ in ("PERSON", "ORG") and not (tok.dep_ == "compound" and tok.head.pos_ == "NOUN") and usable_subject(tok, idx, off):
            if tok.dep_ in ("pobj", "poss", "dobj") and _set_off(tok, cue):
                lo = max(sent_start, cue.i - 20)  # past the phrase set off by commas
                continue  # 'after Vale, asked about the closures under Lund, had said', ', noting Lund's record, said': not Lund
            return tok  # scanning leftwards, the first name token met is the name's last word (not "the Senate committee")
    root = cue.sent.root  # 'Sen. [Name], a Republican on ..., watched ... and told': the parser made the name the root
    return root if root.i < cue.i and root.ent_type_ == "PERSON" and usable_subject(root, idx, off) else None


def _set_off(tok: Any, cue: Any) -> bool:
    """Whether ``tok`` lies in a phrase set off by commas right before ``cue`` (', asked about
    the closures under Lund, had said')."""
    doc = tok.doc
    closing = next((j for j in range(tok.i + 1, cue.i) if doc[j].text == ","), None)
    if closing is None or any(not (t.dep_ in ("aux", "neg", "advmod") or t.is_punct) for t in doc[closing + 1 : cue.i]):
        return False
    return any(doc[j].text == "," for j in range(max(0, tok.i - 12), tok.i))


def _possessor(tok: Any) -> bool:
    """Whether a name (its last word) or noun owns the phrase after it ("Pell's deputy")."""
    doc, k = tok.doc, tok.i
    while k + 1 < min(len(doc), tok.i + 6) and doc[k + 1].pos_ == "PROPN" and doc[k].pos_ == "PROPN":
        k += 1
    return doc[k].dep_ == "poss" or (k + 1 < len(doc) and doc[k + 1].tag_ == "POS")


def _name_after_modifiers(cue: Any, idx: TokenIndex, off: int) -> Any | None:
    """'"...," said retired surgeon Ben Tolland, asked about ...': right after a closing mark,
    a verb followed by a name or a noun that can speak, with its modifiers before it (the
    parser may make it the subject of the next clause, or read a word of the quote as the
    verb's subject). The head of that phrase (the name's last word, or the noun); None when
    it is neither."""
    doc = cue.doc
    if cue.i < 1 or not doc[cue.i - 1].is_quote:
        return None
    k = cue.i + 1  # walk the modifiers to the phrase's head: "a ferry supporter" is a supporter
    while k < len(doc) and k <= cue.i + 6:
        dep, head = doc[k].dep_, doc[k].head
        if dep in ("amod", "compound", "det", "nmod", "poss") and k < head.i <= cue.i + 7:
            k += 1  # "exhorted the mayor's deputy": the deputy speaks, not the mayor
        elif dep == "case" and head.i == k - 1 and head.dep_ == "poss":
            k += 1
        else:
            break
    if k == cue.i + 1 or k >= len(doc) or not usable_subject(doc[k], idx, off):
        return None
    tok = doc[k]
    return tok if tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and is_plausible_speaker_noun(tok)) else None  # "wrote a local landlord"


def _reporting_word(tok: Any) -> bool:
    """A past or present form of a reporting verb, however the tagger read it ("tweeted" as an
    adjective, "read" as a noun); never the bare form, which may be a noun ("a tweet")."""
    lemma = tok.lemma_.lower()
    if lemma not in NAMED_VERBS or not tok.text.islower():
        return False
    return tok.lower_ in ("read", "reads") if lemma == "read" else is_verb_form(tok.text) and tok.lower_ != lemma


def misread_cue(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any, Any] | None:
    """'"...," tweeted planning spokesman Theo Vance.': after a quote that ends with a comma, a
    reporting verb the tagger did not read as a verb, then a name or a noun that can speak
    with its modifiers, and the sentence ends there. Or before the quote, a thing with words on
    it and "reading" or "saying" that the tagger read as a noun ('a campaign hat reading,
    "..."': ``_worded_thing_before``). (offset, verb, speaker token) or None."""
    before = _worded_thing_before(idx, norm, region)
    if before is not None:
        return before
    relative = _relative_cue_after(idx, norm, region)
    if relative is not None:
        return relative
    read = thing_read_after(idx, norm, region)  # '"...," the editorial read.'
    if read is not None:
        return read
    after = token_after_comma(idx, norm, region)
    plural = plural_subject_verb(idx, norm, region, after)  # '"...," the Danes state in the paper' (v56)
    if after is None or plural is not None:
        return plural
    off, verb = after
    if not _reporting_word(verb):
        return None
    subj = _name_after_modifiers(verb, idx, off)
    if subj is None and verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].pos_ == "PROPN":
        subj = verb.doc[verb.i + 1]  # "tweeted Vance."
    if subj is None:
        return None
    doc, last = verb.doc, subj.i
    while last + 1 < len(doc) and doc[last + 1].pos_ == "PROPN":
        last += 1
    follow = doc[last + 1] if last + 1 < len(doc) else None
    if follow is not None and follow.text not in (".", ",", "!") and "\n" not in follow.text:
        return None  # the sentence goes on: not read here
    return off, verb, doc[last]


def _relative_cue_after(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any, Any] | None:
    """'"...!" the party's likely nominee, Dana Pike, tweeted Sunday.': the parser read the
    reporting verb as a clause on the phrase before it ("the nominee who tweeted"), so the
    verb has no subject. Right after a quote that ends with a comma (or a question or cry the
    sentence goes on from, in lower case), a noun phrase, a comma, then a past or present
    reporting verb hung on that phrase's head (or, past the cue window's few words, with that
    phrase as its subject): (offset, verb, head) or None."""
    after = token_after_comma(idx, norm, region, cry=True)
    if after is None:
        return None
    off, first = after
    doc = first.doc
    for tok in doc[first.i : min(first.i + 14, len(doc))]:
        if "\n" in tok.text or tok.is_quote or tok.text in (".", ";", ":"):
            return None
        if tok.lemma_.lower() not in NAMED_VERBS or doc[tok.i - 1].text != ",":
            continue
        # the phrase is the verb's head (read as "the nominee who tweeted") or, with a long
        # phrase beyond the cue window, its subject
        head = tok.head if tok.dep_ == "acl" else next((c for c in children(tok) if c.dep_ == "nsubj"), None)
        if head is None or head.pos_ not in ("NOUN", "PROPN") or head.i > tok.i or head.left_edge.i != first.i:
            continue
        if tok.tag_ in ("VBD", "VBZ") or (tok.tag_ == "VBN" and _names_person(head)):
            return (off, tok, head) if usable_subject(head, idx, off) else None
    return None


#: What may stand between a verb and the quotation it opens: a comma or colon, after at most
#: three words of its object or setting ("telling her,", "told the crowd:", "said in Oslo,").
_OPENER_GAP = re.compile(r"(?:[\w'\u2019-]+\.?\s+){0,2}[\w'\u2019-]+\.?\s*[,:]|[,:]")


def opens_quote(norm: str, verb_end: int, open_at: int) -> bool:
    """Whether the verb ending at ``verb_end`` opens the quotation at ``open_at`` ('X said,
    "..."', 'telling her, "..."'): then it is that quotation's own cue, nearer than a verb
    after the quotation in the next sentence ('"...!" She wrote back that ...')."""
    return _OPENER_GAP.fullmatch(norm[verb_end:open_at].strip()) is not None


def _names_person(head: Any) -> bool:
    """A phrase that is a person's name or has one in apposition ("the nominee, Dana Pike,"):
    a past participle after it is that person's act ("tweeted Sunday"), not a reduced
    relative on a thing ("the message, posted Sunday")."""
    return head.ent_type_ == "PERSON" or any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in head.rights)


def issued_before(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any] | None:
    """'Pike issued a statement, "..."', 'released a statement: "..."': a document someone put
    out, named right before the quote; the issuing verb is the cue (``issuer_of`` then finds
    who put it out). (offset, verb) or None."""
    k = _word_before_quote(idx, norm, region, punctuation=True)
    if k is None:
        return None
    off, noun = idx.tokens[k]
    if not issues_document(noun.head, noun):
        return None
    return None if idx.in_quote(off + noun.head.idx) else (off, noun.head)


def _word_before_quote(idx: TokenIndex, norm: str, region: QuoteRegion, *, punctuation: bool) -> int | None:
    """Index (in ``idx.tokens``) of the word that ends right before the quote's opening mark,
    past a comma or colon (required with ``punctuation``, else optional), in the same parse
    as the token before it; None when there is none. Scans back over white space only: no
    copy of the text before the quote (quadratic in a flood of quotes)."""
    end = _end_before(norm, region.open)
    if end > 0 and norm[end - 1] in ",:":
        end = _end_before(norm, end - 1)
    elif punctuation:
        return None
    k = idx.tok_index(end) - 1
    if k < 1 or idx.tokens[k][0] != idx.tokens[k - 1][0]:
        return None
    off, tok = idx.tokens[k]
    return k if off + tok.idx + len(tok.text) == end else None


def document_lead(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any] | None:
    """'The league issued a statement on Friday.' and then a quote that nothing else
    attributes, opening the next paragraph or right after that sentence in its own paragraph
    (v59): the statement's words, the issuing verb its cue (its subject speaks). That
    sentence must put out a document (``AUTHORED_DOCUMENTS``, ``ISSUING_VERBS``), hold no
    quote and end with a full stop. (offset, verb) or None."""
    text = idx.text
    p_start = text.rfind("\n", 0, region.open) + 1
    if sentence_goes_on(idx, norm, region):
        return None
    inside = bool(norm[p_start : region.open].strip())  # 'The league issued a statement. "..."' in one paragraph
    if not inside and p_start == 0:
        return None
    end = _end_before(norm, region.open if inside else p_start)
    if end == 0 or norm[end - 1] != "." or not (inside or "\n" in norm[end:p_start]):
        return None
    s_start, _ = idx.sentence_bounds(end - 1)
    s_start = max(s_start, text.rfind("\n", 0, end) + 1)
    if any(ch in norm[s_start:end] for ch in "\"\u201c\u201d"):
        return None
    for k in range(idx.tok_index(s_start), idx.tok_index(end)):
        off, tok = idx.tokens[k]
        if tok.dep_ != "ROOT":
            continue
        if not issues_document(tok, next((c for c in children(tok) if c.dep_ == "dobj"), None)):
            return None
        subj = subject_of(tok)
        return (off, tok) if subj is not None and usable_subject(subj, idx, off) else None
    return None


def _end_before(norm: str, pos: int) -> int:
    """The end of the text before ``pos`` without the white space right before it."""
    while pos > 0 and norm[pos - 1].isspace():
        pos -= 1
    return pos


def _worded_thing_before(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any, Any] | None:
    """'wore a campaign hat reading, "..."', 'a banner saying: "..."': the thing speaks, its
    participle the cue. (offset, participle, thing) or None."""
    k = _word_before_quote(idx, norm, region, punctuation=False)
    if k is None:
        return None
    off, verb = idx.tokens[k]
    thing = idx.tokens[k - 1][1]
    if verb.lower_ not in ("reading", "saying") or thing.lemma_.lower() not in WORDED_THINGS:
        return None
    return None if idx.in_quote(off + thing.idx) else (off, verb, thing)
