"""Which verb a coordinated reporting verb is joined to, when the parser may have it wrong.

In 'He said the harbour board would need to draft tougher rules but also warned that ...'
the parser joins "warned" to "draft", inside the clause that "said" reports, so the subject of
"warned" would be "the harbour board". In 'Dalia Ferro said Ines Moro approached her and said
...' the join is right: Ines Moro approached and said. ``joined_at_reporters_level`` tells the
two apart from the form of the sentence.

When the parser gives a verb two subjects, ``nearer_subject`` says which one speaks; when it
gives a joined verb none though one stands right after the "and" ('Many lawmakers said they
would stay away and others have said ...'), ``subject_after_and`` finds it (version 60).
``joined_clause_between`` tells a quotation that hangs on another clause with a subject of its
own from one the reporting verb before it introduces, and ``noun_clause_aside`` a participle
after a dash that the parser hung on a noun's "that" clause (version 60).
"""

from __future__ import annotations

from typing import Any

from .parse_cache import children
from .quote_people import PERSON_ROLES

#: Subjects that say nothing by themselves ("it was too early ... but added").
_EMPTY_SUBJECTS = frozenset({"it", "there", "this", "that"})


def joined_at_reporters_level(verb: Any, inner: Any) -> bool:
    """Whether ``verb`` (a conjunct of ``inner``, the head of a reported clause) belongs with
    the reporting verb instead: the two verbs differ in form ("would need to draft ... but
    also warned"), a comma comes before the conjunction ("was not in trouble, and urged"),
    or the reported clause's subject says nothing by itself ("it was too early ... but
    added")."""
    if verb.tag_ != inner.tag_:
        return True
    doc = verb.doc
    links = [c for c in list(inner.children) + list(verb.children) if c.dep_ == "cc" and inner.i < c.i < verb.i]
    if any(c.i > 0 and doc[c.i - 1].text == "," for c in links):
        return True
    subject = next((c for c in inner.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    return subject is not None and subject.lower_ in _EMPTY_SUBJECTS


_DASHES = ("\u2014", "\u2013")
#: Words that join two clauses before a subject of the second, or open a clause the parser
#: read as a preposition ("since Vale, at the debate, cited ...").
_JOINERS = frozenset({"and", "but", "while", "whereas", "yet", "since", "because", "after", "before", "when", "until", "although", "though", "once"})
#: Tags of the words of a noun phrase before its head ("the two former aides", "Senator").
_PHRASE_TAGS = frozenset({"DT", "PDT", "JJ", "JJR", "JJS", "CD", "NN", "NNS", "NNP", "NNPS", "PRP$", "POS"})


def subject_after_and(verb: Any) -> Any | None:
    """The head of the noun phrase between a joining word and ``verb``, a finite verb the
    parser joined to an earlier verb and left with no subject of its own ('the rest would stay
    away and others have said', 'supported it and Senator Vale, as she has before, opposed',
    'has attacked him since Vale, at the debate, cited'), else None: that phrase is the verb's
    subject, not the subject of the verb it was joined to. An aside between commas that opens
    with a preposition, a subordinator or an adverb is passed over."""
    doc = verb.doc
    kids = list(children(verb))
    if verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in kids):
        return None
    auxes = [c for c in kids if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    if verb.tag_ not in ("VBD", "VBZ", "VBP") and not (verb.tag_ in ("VBN", "VBG") and auxes):
        return None  # "and saying", "and praised by": no finite verb, no subject to look for
    i = min([c.i for c in auxes] + [verb.i]) - 1
    while i > verb.head.i and doc[i].dep_ in ("neg", "advmod") and doc[i].head.i == verb.i:
        i -= 1
    if doc[i].text == ",":  # ', as she has before,'
        j = i - 1
        while j > verb.head.i and doc[j].text != "," and i - j < 16:
            j -= 1
        if doc[j].text != "," or j == i - 1 or doc[j + 1].pos_ not in ("SCONJ", "ADP", "ADV"):
            return None  # an aside opens with "as", "in", "once": ', Senator Ann Hill, told' is the name's apposition
        i = j - 1
    head = doc[i]
    if head.pos_ not in ("NOUN", "PROPN", "PRON") or head.tag_ in ("PRP$", "WP", "WDT") or head.lower_ in ("it", "this", "that"):
        return None
    start = i
    while start - 1 > verb.head.i and doc[start - 1].tag_ in _PHRASE_TAGS:
        start -= 1
    return head if doc[start - 1].lower_ in _JOINERS else None


def nearer_subject(verb: Any, first: Any) -> Any:
    """The subject of ``verb`` that speaks when the parser gave it two, ``first`` being the
    first: the one right before the verb after a dateline and a dash ('HALIFAX, March 3 (UPI)
    — Okoro told'), after a comma in a parenthetical ('Voters, Ortega suggested, do not ...'),
    or a person's name after a comma and a singular role ('One pastor backing the plan, Dara
    Welsh of Hope Chapel, said'); a name the parser hung on the dateline as its apposition
    ('DUNMORE — Rep. Tilda Marsh on Friday slammed'); the one right before a verb that ends the
    sentence after a comma ('... for people with odd hobbies to meet, she said.'), or a name
    there with nothing reported after the verb. Else ``first``."""
    doc = verb.doc

    def dateline_before(later: Any) -> bool:
        return (first.is_upper or first.ent_type_ in ("GPE", "LOC")) and first.left_edge.i == first.sent.start and any(
            t.text in _DASHES or (t.text in ("-", "--") and t.whitespace_) for t in doc[first.i : later.i]
        )

    for later in verb.children:
        if later.dep_ not in ("nsubj", "csubj") or not first.i < later.i < verb.i:
            continue
        role = first.tag_ == "NN" or (first.tag_ == "NNP" and first.lower_ in PERSON_ROLES)  # 'Managing Director of X, Ana Ruiz says'
        named_role = role and later.ent_type_ == "PERSON" and any(t.text == "," for t in doc[first.i : later.i])
        # '... to reach others, she said.'; '... to Lind to, now, Vale, Okafor said during a rally.'
        tail = later.i == verb.i - 1 and later.left_edge.i > first.i and doc[later.left_edge.i - 1].text == "," and (verb.right_edge.i - verb.i <= 3 or later.pos_ == "PROPN" and not any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > verb.i for c in children(verb)))
        if dateline_before(later) or verb.dep_ == "parataxis" or named_role or tail:
            return later
    # 'DUNMORE — Rep. Tilda Marsh on Friday slammed': the name hung on the dateline
    named = next((c for c in first.children if c.dep_ == "appos" and c.ent_type_ in ("PERSON", "ORG") and c.i < verb.i), None)
    return named if named is not None and dateline_before(named) else first


def joined_clause_between(cue: Any, idx: Any, region: Any) -> Any | None:
    """The verb of a clause with a subject of its own that the quotation ``region`` (a
    QuoteRegion of ``idx``, a TokenIndex) hangs on, when that clause is no report of ``cue``,
    a reporting verb before the quotation: joined to another clause ('when Vale mentioned the
    governor, and the crowd chanted "Out!"': the crowd's chant, not Vale's words) or to the cue
    when the cue reports no clause; else None. A clause ``cue`` reports ('Vale said the crowd
    chanted "Out!"') is its, and so is one joined to a cue that reports a clause."""
    k = idx.tok_index(region.start)
    if k >= len(idx.tokens) or idx.tok_starts[k] >= region.end or idx.tokens[k][1].doc is not cue.doc:
        return None
    node, off = idx.tokens[k][1], idx.tokens[k][0]
    for _ in range(12):  # the first verb outside the quotation that the quotation hangs on
        if node.head.i == node.i:
            return None
        node = node.head
        if node.i == cue.i or (node.pos_ in ("VERB", "AUX") and not region.open <= off + node.idx < region.close):
            break
    verb = node
    if verb.i == cue.i or verb.i < cue.i or verb.lemma_ == "be" or idx.in_quote(off + verb.idx) or not any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WP", "WDT") for c in children(verb)):
        return None  # no clause of its own; a quotation that is what something "was" ('his motto was, "..."')
    if cue.dep_ != "advcl" and verb.left_edge.i <= cue.i <= verb.right_edge.i:
        return None  # 'a loan she says has cost the town "..."': inside the clause
    above, hops = verb, 0
    while hops < 12 and cue.dep_ != "advcl":  # 'Farmers, he said, can "..."', 'According to X, Y had called it "..."': a tag or a source of the clause or of one above it
        if cue.head.i == above.i:
            return None
        if above.head.i == above.i:
            break
        above, hops = above.head, hops + 1
    for _ in range(12):  # is it a clause the cue reports?
        if node.head.i == node.i:
            return verb
        child, node = node, node.head
        if node.i == cue.i:  # joined to it: theirs, unless the cue reports a clause ('said X has been "...," and Y would need to "..."')
            return verb if child.dep_ == "conj" and not any(c.dep_ == "ccomp" for c in children(cue)) else None
    return None


def noun_clause_aside(participle: Any, head: Any) -> bool:
    """Whether ``participle`` (an -ing verb after a comma or a dash) hangs on ``head``, the
    clause a noun's "that" opens: 'dismissed the claims that the campaign broke the rules —
    saying her own had not': the one who dismissed says it, not the noun clause's subject."""
    doc = participle.doc
    return (
        participle.dep_ == "advcl" and participle.tag_ == "VBG" and participle.i > 0 and doc[participle.i - 1].text in (",", "-", "--", *_DASHES)
        and head.dep_ == "acl" and head.head.pos_ == "NOUN" and any(c.dep_ == "mark" and c.lower_ == "that" for c in children(head))
    )
