"""The reported clause a cue governs (part of the quotes stage): its clausal complement, the
clause it interrupts ("The plan, he said, is dead"), the clause before a final "..., police
said.", or the clause "according to X" is attached to. Moved out of ``quote_cues`` in
version 35.

Reads token ranges from dependency edges (spaCy's parses are projective), so the cost is
constant per cue however long the sentence (the few word checks read at most
``_SCAN_TOKENS`` tokens).
"""

from __future__ import annotations

from typing import Any

from .parse_cache import sentence_bounds
from .quote_coordination import subject_after_and
from .quote_cues import ACT_VERBS, ADDRESSED, SPEECH_VERBS, STANCE_VERBS, SUBORDINATORS, according_appositive, children, edges_span, is_cue, lefts, range_span, rights, stranded_name
from .quote_people import ORG_NOUNS, is_person_noun


#: Tokens read back from a cue where a rule must look at words, not edges (bounds work on one
#: huge unpunctuated "sentence").
_SCAN_TOKENS = 80


def _has_verb(tok: Any, most: int = 60) -> bool:
    """Whether ``tok``'s phrase (at most ``most`` tokens) holds a verb: a garbled parse's clause."""
    first, last = tok.left_edge.i, tok.right_edge.i
    return last - first < most and any(t.pos_ in ("VERB", "AUX") for t in tok.doc[first : last + 1])


def complement(off: int, cue: Any, text: str) -> tuple[int, int] | None:
    """The reported content a cue governs: its clausal complement, the clause it interrupts
    ("The plan, he said, is dead"), or the clause "according to X" is attached to.

    Reads token ranges from dependency edges (spaCy's parses are projective), so the cost is
    constant per cue however long the sentence."""
    doc = cue.doc
    if cue.lower_ == "according":
        head = cue.head
        if head.i == cue.i or according_appositive(head) is not None:
            return None  # the verb reports what its misparsed subject said, not "according to" (v59)
        own_l, own_r = cue.left_edge.i, cue.right_edge.i
        h_l, h_r = head.left_edge.i, head.right_edge.i
        if head.i < own_l and own_r + 2 < len(doc) and doc[own_l - 1].text == "," and doc[own_r + 2].head.i == head.i and doc[own_r + 2].dep_ in ("dobj", "attr", "acomp", "xcomp", "ccomp"):
            return range_span(off, doc, h_l, h_r, text)  # "The port earns, according to one audit, $9 million a year": the clause around it
        own_subject_after = any(c.dep_ in ("nsubj", "nsubjpass") and c.i > own_r for c in children(head))
        if own_l >= 3 and doc[own_l - 1].text == "," and not doc[own_l - 2].is_quote and (head.i < own_l or not own_subject_after):  # "[clause], according to X."
            first = _clause_top(head).left_edge.i if head.i < own_l else max(sentence_bounds(cue)[0], own_l - _SCAN_TOKENS)  # hung on a later verb: "..., according to sources who spoke but were not"
            if head.i < own_l or any(t.dep_ in ("nsubj", "nsubjpass") and first <= t.head.i < own_l - 1 for t in doc[first : own_l - 1]):
                return range_span(off, doc, first, own_l - 1, text)
        if head.i > own_r and any(c.dep_ in ("nsubj", "nsubjpass") and c.i < own_l for c in children(head)):
            return range_span(off, doc, h_l, h_r, text)  # "The man, according to police, fled": the whole clause around it
        n_before = max(0, own_l - h_l)
        after_first = own_r + 1
        if after_first <= h_r and doc[after_first].is_punct:
            after_first += 1
        n_after = max(0, h_r - after_first + 1)
        if n_before >= n_after:
            return range_span(off, doc, h_l, own_l - 1, text)
        return range_span(off, doc, after_first, h_r, text)
    comps = [c for c in children(cue) if c.dep_ == "ccomp"]
    if len(comps) > 1 and cue.i < comps[-1].left_edge.i <= cue.i + 2 and not any(t.is_quote for t in cue.doc[max(0, comps[0].left_edge.i - 1) : comps[0].left_edge.i + 1]) and (
        any(c.dep_ == "nsubj" and comps[0].i < c.i < cue.i for c in lefts(cue)) or stranded_name(cue) is not None
    ):
        # "- indeed, she says it "toughens" her": not the clause before the dash
        comps = comps[-1:]
    for child in comps:
        if child.i < cue.i and is_cue(child, SPEECH_VERBS) and any(c.dep_ == "nsubj" for c in lefts(child)) and any(c.dep_ == "ccomp" for c in rights(child)):
            return None  # 'Pence said X but added, "...," Pence said': the first "said" is a cue of its own, not what the last reports
        if child.dep_ == "ccomp" and cue.lemma_.lower() == "call" and child.tag_ in ("VBG", "VBN"):
            return None  # "called the sheriff's office asking questions", "a PAC called X is ramping up": no label
        if child.i < cue.i and cue.dep_ == "ROOT" and _reports_own_object(cue, common=True) and not any(t.is_quote for t in doc[max(0, child.left_edge.i - 1) : child.right_edge.i + 3]):
            continue  # "The plan was welcomed and in her remarks, Dr Okoro suggested a summit": the summit, not the welcome (v67)
        if child.dep_ == "ccomp":  # from its first word: "that" goes later (``trim``), "whether" stays
            # "factors that earlier studies suggested might have predicted ...": the relative "that"
            # is the clause's subject, so its first word comes before the cue; what is reported starts after it
            first = cue.i + 1 if child.left_edge.i <= cue.i < child.i else child.left_edge.i
            last = child.right_edge.i
            for joined in (c for c in children(cue) if c.dep_ == "conj" and c.i > last):
                if is_cue(joined, SPEECH_VERBS) and (own := subject_after_and(joined)) is not None and first < own.left_edge.i <= last:
                    last = own.left_edge.i - 2  # '... would stay away and others have said': not "and others" (v60)
            return range_span(off, doc, first, last, text)
    lemma = cue.lemma_.lower()
    if lemma in STANCE_VERBS and lemma not in SPEECH_VERBS:
        parts = [
            c
            for c in rights(cue)
            if c.dep_ in ("dobj", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("for", "to", "on", "against") and c.i == cue.i + 1)
        ]
        single = len(parts) == 1 and parts[0].dep_ == "dobj" and parts[0].pos_ == "PROPN"  # "endorsed Brandt" (v55)
        return edges_span(off, _with_infinitive(cue, parts), text, min_tokens=1 if single else 2)
    if lemma in ACT_VERBS or (lemma == "call" and any(c.dep_ == "prep" and c.lower_ in ("on", "for") and c.i == cue.i + 1 for c in children(cue))):  # "called for a strike", not "called the mayor on Monday"
        parts = _with_infinitive(cue, [c for c in rights(cue) if c.dep_ in ("dobj", "xcomp", "prep", "ccomp", "oprd")])
        if sum(c.right_edge.i - c.left_edge.i + 1 for c in parts) < 2:
            return None
        return edges_span(off, parts, text, min_tokens=1)
    # "as Reuters reported, ..." reports the clause it hangs from; "as users reported login
    # failures" (an object of its own) is a time clause that reports its object, not the sentence
    as_clause = cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in children(cue)) and not _reports_own_object(cue)
    if as_clause and _compared(cue.head):
        return None  # "not as many as the developers promised": a comparison, not what they said (v67)
    # "..., Minister A B said" as a second verb, or "..., she said." as an adverbial of the main
    # verb: its own subject, after a comma, ending the clause, no "and", nothing of its own to report
    bare_adverbial = cue.dep_ == "advcl" and not any(c.dep_ in ("ccomp", "xcomp", "dobj") or c.dep_ == "mark" and c.i >= cue.i - 3 for c in children(cue))
    tail = (
        (cue.dep_ == "conj" or bare_adverbial) and cue.head.i < cue.i and cue.right_edge.i >= cue.head.right_edge.i - 1
        and doc[cue.left_edge.i - 1].text == "," and not any(c.dep_ == "cc" for c in children(cue.head)) and any(c.dep_ == "nsubj" for c in children(cue))
    )
    if (cue.dep_ == "parataxis" or as_clause or tail) and cue.head.i != cue.i:
        head = cue.head
        own_l, own_r = cue.left_edge.i, cue.right_edge.i
        first, last = head.left_edge.i, head.right_edge.i
        end = last  # the clause's last word: the full stop and a paragraph break after it hang from the head too
        while end > own_r and (doc[end].is_punct or doc[end].is_space):
            end -= 1
        if own_r >= end:  # "..., the senator said." at the end: cut it off
            last = own_l - 1
        elif own_l <= first:  # "As Reuters put it, ..." at the start: skip it
            first = own_r + 1
        return range_span(off, doc, first, last, text)
    return (clause_before(off, cue, text) or clause_before_tag(off, cue, text)) if lemma in SPEECH_VERBS else None


#: Words that open a clause of time, cause or condition, or join it to one before: "When the
#: ferry sank, she said." reports nothing.
_OPENERS = SUBORDINATORS | frozenset({"and", "but", "or", "so"})


def clause_before_tag(off: int, cue: Any, text: str) -> tuple[int, int] | None:
    """'[clause], she said.' where the parser hung the tag verb on the clause's verb and read part
    of the clause as the tag's own ("made it possible for fans with odd, if harmless, tastes to
    meet, she said": "fans" a second subject of "said"; version 58): the tag's last subject
    stands right after a comma and the verb ends the sentence; what is reported runs from the
    sentence's start to that comma, when it holds a verb and does not open with a subordinator."""
    doc = cue.doc
    subjects = [c for c in lefts(cue) if c.dep_ in ("nsubj", "nsubjpass")]
    if cue.head.i >= cue.i or not subjects:
        return None
    subj = subjects[-1]
    if not (subj.pos_ in ("PRON", "PROPN") or is_person_noun(subj) or subj.lemma_.lower() in ORG_NOUNS):
        return None  # "their smiles said a lot"
    s0, s1 = sentence_bounds(cue)
    comma = subj.left_edge.i - 1
    if comma <= s0 + 2 or comma - s0 > 2 * _SCAN_TOKENS or doc[comma].text != "," or any(t.pos_ not in ("ADV", "AUX", "PART") for t in doc[subj.right_edge.i + 1 : cue.i]):
        return None
    if any(c.i > cue.i and not (c.dep_ in ("punct", "advmod", "prep") or c.dep_ == "npadvmod" and c.ent_type_ in ("DATE", "TIME")) for c in children(cue)) or s1 - cue.i > 6:
        return None  # the verb and a few words end the sentence ("she said on Tuesday.")
    if any(not (t.is_punct or t.is_space) and not cue.is_ancestor(t) for t in doc[cue.i + 1 : s1]):
        return None  # "..., they say moooo!" with the last word hung elsewhere
    first = s0
    while first < comma and (doc[first].is_punct or doc[first].is_space):
        first += 1
    words = doc[first:comma]
    if doc[first].lower_ in _OPENERS or not any(t.pos_ in ("VERB", "AUX") for t in words) or any(t.is_quote for t in words):
        return None
    return range_span(off, doc, first, comma - 1, text, min_tokens=4)


def _clause_top(head: Any) -> Any:
    """The clause an "according to" at its end reports, climbed from the verb it hangs on through
    conjuncts and adverbial clauses: "She flew home, sat through the hearing and said nothing,
    according to a clerk" reports the whole sentence, not "said nothing" (version 56); a
    relative clause stays ("the gap, which stood at 26, according to the count")."""
    for _ in range(8):
        if head.dep_ not in ("conj", "advcl") or head.head.i >= head.i:
            break
        head = head.head
    return head


def _with_infinitive(cue: Any, parts: list[Any]) -> list[Any]:
    """"called for the two firms to be given a hearing", "pushed for the city to buy it": the
    parse hangs the "to" infinitive on the cue, not on the "for" phrase it completes."""
    if not parts or parts[-1].dep_ != "prep" or parts[-1].lower_ not in ("for", "on"):
        return parts
    return parts + [c for c in rights(cue) if c.dep_ in ("advcl", "xcomp") and c.left_edge.i == parts[-1].right_edge.i + 1 and c.left_edge.lower_ == "to"]


#: Prepositions that belong to the cue before them ("called for", "voted against", "talked about").
CUE_PREPOSITIONS = frozenset({"for", "on", "against", "about", "of"})


def past_cue_preposition(off: int, cue: Any, start: int) -> int:
    """``start`` moved past a preposition of the cue that a content span starts with: "called
    for [a vote]", "voted against [the bill]": PolNeAR marks the preposition as part of the cue
    (version 56; done last, in ``quote_clauses.trim_contents``, so that the learned cues' model
    reads the spans it was trained on)."""
    nxt = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    if nxt is None or off + nxt.idx != start or nxt.lower_ not in CUE_PREPOSITIONS or nxt.i + 1 >= len(nxt.doc):
        return start
    return off + nxt.doc[nxt.i + 1].idx


def _reports_own_object(cue: Any, common: bool = False) -> bool:
    """An "as" clause whose verb has a clause or a noun object of its own ("as users reported
    login failures"); "as Reuters put it" and "as she told reporters" report the sentence. With
    ``common``, the object must be a common noun after the verb, no person or named body
    ("suggested a wider summit", not "wrote [Name]": version 67)."""
    for c in children(cue):
        if c.dep_ in ("ccomp", "xcomp") and c.i > cue.i:
            return True
        if c.dep_ == "dobj" and c.pos_ != "PRON" and cue.lemma_.lower() not in ADDRESSED:  # "told reporters": the addressee
            if not common or (c.i > cue.i and c.pos_ == "NOUN" and not c.ent_type_ and not is_person_noun(c)):
                return True
    return False


def _compared(head: Any) -> bool:
    """The word an "as" clause hangs on is the second term of a comparison ("as many as",
    "as soon as", "as quickly as"): an adjective or adverb with an "as" of its own before it."""
    return head.pos_ in ("ADJ", "ADV", "NUM", "DET", "PRON") and any(c.lower_ == "as" and c.i < head.i for c in children(head))


#: What may follow a telephoned person ("called the mayor twice on Monday, asking ...").
_CALL_ADJUNCTS = frozenset({"advmod", "npadvmod", "prep", "punct", "cc", "conj", "advcl"})


def telephone_call(tok: Any, kids: list[Any]) -> bool:
    """ "called the mayor twice", "called the county office asking questions": a telephone call
    to a person or an organisation, nothing after it but adjuncts; not a label ("called the
    plan a disaster", "called her son her hero", "called it "reckless""), "called for" or "on"."""
    objs = [c for c in kids if c.dep_ == "dobj"] or [  # "called [the office asking ...]" parsed as a clause
        g for c in kids if c.dep_ in ("ccomp", "oprd") and c.tag_ == "VBG" for g in c.children if g.dep_ == "nsubj" and g.i < c.i
    ]
    if tok.lemma_.lower() != "call" or tok.pos_ != "VERB" or len(objs) != 1:
        return False
    obj = objs[0]
    if not (obj.lower_ in ("him", "her", "them", "me", "us", "you") or obj.ent_type_ in ("PERSON", "ORG") or is_person_noun(obj) or obj.lemma_.lower() in ORG_NOUNS):
        return False
    if any(c.dep_ == "appos" and tok.doc[c.left_edge.i - 1].text != "," for c in obj.children):
        return False  # "her son her hero": a label the parse hung on the object
    if any(t.is_quote for t in tok.doc[tok.i + 1 : tok.right_edge.i + 1]):
        return False
    return all(c.i <= obj.i or c.dep_ in _CALL_ADJUNCTS or c.tag_ == "VBG" for c in kids) and not any(
        c.dep_ in ("prep", "prt") and c.lower_ in ("for", "on") and c.i == tok.i + 1 for c in kids
    )


def clause_before(off: int, cue: Any, text: str) -> tuple[int, int] | None:
    """'[clause], police said.' parsed with the clause as an adverbial or loose child of the
    verb (no ccomp): the clause before the comma, when the verb ends the sentence."""
    subj = next((c for c in lefts(cue) if c.dep_ in ("nsubj", "nsubjpass")), None)
    if cue.head.i != cue.i or subj is None or subj.left_edge.i < 2 or cue.doc[subj.left_edge.i - 1].text != ",":
        return None
    if any(c.dep_ not in ("punct", "npadvmod", "advmod", "prep") for c in rights(cue)) or sentence_bounds(cue)[1] - cue.i > 6:
        return None  # the verb and a few words end the sentence ("police said on Tuesday.")
    clauses = [c for c in lefts(cue) if c.dep_ in ("advcl", "parataxis", "ccomp", "dep") and c.right_edge.i < subj.left_edge.i - 1
               and (any(k.dep_ in ("nsubj", "nsubjpass", "expl") for k in children(c)) or c.dep_ == "dep" and _has_verb(c))]  # a clause with its own subject
    first, last = min((c.left_edge.i for c in clauses), default=0), subj.left_edge.i - 2
    if not clauses or all(any(k.dep_ == "mark" or k.tag_ == "WRB" and k.i < c.i for k in children(c)) for c in clauses) and "," not in [t.text for t in cue.doc[max(first, last - _SCAN_TOKENS) : last]]:
        return None  # "As the crowd cheered, she said." reports nothing
    return range_span(off, cue.doc, first, last, text)


#: Verbs that put a question ("asked Pruitt what he thought ...", "wondered whether she knew ...").
QUESTION_VERBS = frozenset("ask wonder question inquire query".split())
#: Words that open an indirect question.
_QUESTION_OPENERS = frozenset("what whether if how why who whom which when where".split())
#: Tokens read back from the cue for that opener (not the whole stretch from "asked" in an endless sentence).
_QUESTION_SCAN = 40


def asked_about(cue: Any) -> bool:
    """Whether the cue is the verb of an indirect question ("Reporters asked the governor what he
    thought the levy would cost", "When asked whether she believed the count was right, ..."):
    what it governs was asked of its subject, who said nothing of the kind. Not a condition
    ("asked people to clap if they agreed": the parse hangs that on "asked" as an adverbial)."""
    head = cue.head
    if head.i == cue.i or head.i > cue.i or cue.dep_ not in ("ccomp", "dobj", "dep") or head.lemma_.lower() not in QUESTION_VERBS:
        return False
    return any(t.lower_ in _QUESTION_OPENERS and (t.tag_ in ("WP", "WP$", "WRB", "WDT") or t.dep_ == "mark") for t in cue.doc[max(head.i + 1, cue.i - _QUESTION_SCAN) : cue.i])
