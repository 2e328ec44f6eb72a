"""Learned attribution cues: reported speech the hand lists miss ("has been critical of the
plan", "talked about taxes", "her disdain for the press", "seems to favour").

Every token of the parse that could head a cue (a verb, noun or adjective outside quote
marks) is read in a few ways (``candidates``): its clausal complement (the same reading as the
rule path, ``quote_reports.complement``), its ``xcomp``, the object of a preposition hanging on
it ("about", "of", "for", ...), its direct object, or a "that"/"to" clause after a noun; since
version 11b also the rest of the sentence after it, the sentence before it, a passive's subject
and the noun a participle qualifies (``_shape_readings``; those two with the "by" agent as the
source), and each reading carries features that compare it with the token's others. The
model of :mod:`newsprobe.ml.attribution_model` scores each reading; per token the best one
above the model's threshold is kept, and only where no quote found by the rules overlaps it.
The source is the cue's subject (for an adjective or a noun: the subject of the verb it
hangs on, or its owner; since version 62, where the parse gives none, the noun a participle
qualifies or the owner of a gerund's phrase: ``quote_reading_subjects``), so the usual speaker
resolution, pronoun handling, calibration and doubt apply; the model's probability caps the
quote's confidence (``quote_post.to_span``). Since version 62 no reading (and no rule's
indirect span) whose content is only a date or a time is kept, nor a verb of speaking's "to"
reading: that is whom the words were for ("apologized to [the staff]").

The stage can run the model with MiniLM blocks (``ml.attribution_dense``, version 10; setting
``quotes_dense``, on by default since version 61): the word-piece states of the cue, the content
and the subject, from the same per-article sentence states the claims and techniques stages
use, so the default pipeline computes them once. With the setting off the sparse model runs;
when the encoder is not installed it runs too and every article carries a note (``LearnedCues``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Iterator

from ..ml.attribution_dense import ArticleStates
from ..ml.attribution_model import AttributionModel, candidate_features, shipped_dense_model, shipped_model
from .parse_cache import sentence_bounds, token_at
from .quote_cues import (
    ACT_VERBS, BELIEF_VERBS, CUE_NOUNS, EVIDENCE_VERBS, LABEL_VERBS, SPEECH_VERBS, STANCE_VERBS, TokenIndex, children,
    according_appositive, cue_span, is_according, is_put_it, quoted_as, trim, usable_subject,
)
from .quote_reports import asked_about, complement, telephone_call
from .quote_clauses import cut_trailing_participle, governs_other_quotes_cue
from .quote_no_report import addressee, only_a_time, to_whom
from .quote_post import Found, cues_after_quotations
from .quote_reading_subjects import learned_subject, usable_holder

#: Prepositions whose object can be what is attributed ("talked about", "critical of").
PREP_WORDS = frozenset("about of for on against over with to toward towards regarding from at in".split())
#: Parts of speech that can head a cue.
CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
#: Longest content (tokens) a candidate may have; longer readings are misparses.
MAX_TOKENS = 120
#: A rule's indirect span takes the model's best reading of its cue when that scores this much more.
REPLACE_MARGIN = 0.1
#: A learned reading scoring at least ``DISPLACE_MIN``, and ``DISPLACE_MARGIN`` more than the
#: model gives a rule span of another cue that it overlaps, takes that span's place (version 11b).
DISPLACE_MARGIN = 0.1
DISPLACE_MIN = 0.3
#: The rule paths whose spans can give way so ("according to" and "put it" never do).
DISPLACE_PATHS = frozenset({"indirect", "stance", "noun"})
#: A rule's stance or noun span is dropped when the model gives its reading and every other less than this.
DROP_BELOW = 0.2


@dataclass
class Candidate:
    """One reading of a token as a cue: its content span, how it was read, its subject."""

    off: int
    tok: Any
    kind: str
    start: int
    end: int
    n_tokens: int
    subject: Any | None
    head: Any | None = None  # the token the content hangs from (the clause's verb, the object)
    #: features that compare this reading with the token's other readings (``peer_features``)
    peers: tuple[str, ...] = ()


def lists_of(lemma: str) -> str:
    """The hand lists a lemma is on, as one feature value ("speech+evidence", "none")."""
    names = [
        name
        for name, words in (
            ("speech", SPEECH_VERBS), ("belief", BELIEF_VERBS), ("evidence", EVIDENCE_VERBS), ("act", ACT_VERBS),
            ("stance", STANCE_VERBS), ("noun", CUE_NOUNS), ("label", LABEL_VERBS),
        )
        if lemma in words
    ]
    return "+".join(names) or "none"


def _edges(off: int, first: Any, last: Any, text: str) -> tuple[int, int]:
    return trim(text, off + first.idx, off + last.idx + len(last.text), clause=True)


Reading = tuple[str, int, int, int, Any]


def _readings(off: int, tok: Any, text: str) -> Iterator[Reading]:
    """(kind, start, end, tokens, head) for each way of reading ``tok``'s content off the parse."""
    kids = children(tok)
    if telephone_call(tok, kids) or asked_about(tok):  # v55: "asked him what he thought [X]"
        return
    clause = complement(off, tok, text)
    if clause is not None:
        ccomp = next((c for c in kids if c.dep_ == "ccomp"), None)
        kind = "ccomp" if ccomp is not None else "clause"
        yield kind, clause[0], clause[1], max(1, len(text[clause[0] : clause[1]].split())), ccomp if ccomp is not None else tok.head
    for c in kids:
        if c.i < tok.i:
            continue
        dep = c.dep_
        if dep in ("xcomp", "dobj", "ccomp") or (tok.pos_ == "NOUN" and dep in ("acl", "relcl")):
            if dep == "ccomp" and clause is not None:
                continue
            first, last = c.left_edge, c.right_edge
            if dep == "ccomp" and first.dep_ == "mark" and first.i < last.i:
                first = tok.doc[first.i + 1]
            start, end = _edges(off, first, last, text)
            yield dep, start, end, last.i - first.i + 1, c
        elif dep == "prep" and c.lower_ in PREP_WORDS:
            obj = next((g for g in children(c) if g.dep_ in ("pobj", "pcomp")), None)
            if obj is None:
                continue
            first, last = obj.left_edge, obj.right_edge
            start, end = _edges(off, first, last, text)
            yield f"prep:{c.lower_}", start, end, last.i - first.i + 1, obj


def _more_readings(off: int, tok: Any, text: str, base: list[Reading]) -> Iterator[Reading]:
    """More readings: everything the token governs to its right ('described himself as a
    moderate': the object and the "as" phrase), and each reading cut before a trailing
    adverbial or relative clause, conjunct or apposition of its own head ('supports the
    plan, which ...' -> 'the plan')."""
    right = [c for c in children(tok) if c.i > tok.i and not c.is_punct and c.dep_ not in ("cc", "conj", "advcl", "punct")]
    if len(right) >= 2:
        first, last = right[0].left_edge, right[-1].right_edge
        start, end = _edges(off, first, last, text)
        yield "rest", start, end, last.i - first.i + 1, right[0]
    doc = tok.doc
    for kind, start, end, _, head in base:
        if head is None or not start <= off + head.idx < end:
            continue
        cut = next((c for c in children(head) if c.i > head.i and c.dep_ in _CUT_DEPS), None)
        if cut is None or cut.left_edge.i <= head.i:
            continue
        last = doc[cut.left_edge.i - 1]
        while last.i > head.i and (last.is_punct or last.dep_ == "cc"):
            last = doc[last.i - 1]
        new_end = trim(text, start, off + last.idx + len(last.text), clause=True)[1]
        if start < new_end < end:
            yield f"{kind}-cut", start, new_end, max(1, len(text[start:new_end].split())), head


#: Children of a content's head before which a shorter reading ends.
_CUT_DEPS = frozenset({"advcl", "conj", "cc", "relcl", "acl", "appos"})
#: Words between a cue and the start of its "rest of the sentence" reading ("said that ...",
#: "wondered whether ...": the content starts after them). Not prepositions: "opened on Friday
#: in the bay" is no content, and the object of "about", "of", ... has its own reading.
_LEAD_WORDS = frozenset("that whether if how why".split())
_LEAD_DEPS = frozenset({"mark", "advmod"})


def _agent(tok: Any) -> Any | None:
    """The "by" agent of a passive or participle ("deemed insufficient by Democrats")."""
    for c in children(tok):
        if c.dep_ == "agent" and c.i > tok.i:
            return next((g for g in children(c) if g.dep_ == "pobj"), None)
    oprd = next((c for c in children(tok) if c.dep_ in ("oprd", "acomp") and c.i > tok.i), None)
    return _agent(oprd) if oprd is not None and oprd.pos_ != "VERB" else None


#: Reading kinds whose source is the cue's "by" agent, not its subject.
AGENT_KINDS = frozenset({"passive", "participle"})


def _shape_readings(off: int, tok: Any, text: str) -> Iterator[Reading]:
    """Readings of shapes the dependency edges above miss (version 11b):

    - ``sentence``: the rest of the sentence after the cue (after a particle or a lead word:
      "that", "whether", "how", ...), where PolNeAR's content runs past the clause the
      parse hangs on the cue ('thinks the plan worked, but that more is needed');
    - ``before``: the sentence up to the cue's subject, for a cue after its content
      without quote marks ('The plan is dead, the mayor said');
    - ``passive``: a passive verb's subject, the source its "by" agent ('The plan was
      criticised by the union');
    - ``participle``: the noun phrase a participle qualifies ('the bill, opposed by the
      union'), the source its "by" agent."""
    doc = tok.doc
    first_i, last_i = sentence_bounds(tok)
    last_i -= 1
    while last_i > tok.i and (doc[last_i].is_punct or doc[last_i].is_space):
        last_i -= 1
    j = tok.i + 1
    while j <= last_i and (doc[j].dep_ in ("prt", "punct") or (doc[j].lower_ in _LEAD_WORDS and doc[j].dep_ in _LEAD_DEPS)):
        j += 1
    if j <= last_i and last_i - j + 1 <= MAX_TOKENS and doc[j].dep_ != "agent":
        start, end = _edges(off, doc[j], doc[last_i], text)
        yield "sentence", start, end, last_i - j + 1, doc[j] if doc[j].head.i == tok.i else doc[j].head
    kids = children(tok)
    if tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("ROOT", "parataxis") and tok.i - first_i >= 3:
        subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
        stop = subj.left_edge.i if subj is not None and subj.i < tok.i else tok.i
        k = stop - 1
        while k >= first_i and (doc[k].is_punct or doc[k].dep_ in ("aux", "auxpass", "neg", "advmod")) and doc[k].head.i in (tok.i, k):
            k -= 1
        if k > first_i and (k + 1 < stop and doc[k + 1].is_punct) and k - first_i + 1 <= MAX_TOKENS:
            start, end = _edges(off, doc[first_i], doc[k], text)
            yield "before", start, end, k - first_i + 1, doc[k].head if doc[k].head.i <= k else doc[k]
    if tok.pos_ == "VERB":
        subj = next((c for c in kids if c.dep_ in ("nsubjpass", "csubjpass") and c.i < tok.i), None)
        if subj is not None:
            if not any(quoted_as(g, tok) for c in kids for g in (c, *children(c))):  # "The mayor was quoted as saying": the mayor speaks (v66)
                start, end = _edges(off, subj.left_edge, subj.right_edge, text)
                yield "passive", start, end, subj.right_edge.i - subj.left_edge.i + 1, subj
        elif tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
            noun = tok.head
            lo = noun.left_edge
            hi = noun if tok.i > noun.i else noun.right_edge
            if hi.i >= tok.i:
                hi = doc[tok.i - 1] if tok.i > lo.i else noun
            start, end = _edges(off, lo, hi, text)
            yield "participle", start, end, hi.i - lo.i + 1, noun


def _noun_read_as_verb(tok: Any) -> bool:
    """A finite verb on no hand list right before a modal is a plural noun the tagger misread
    ("Without pruning, Rosa Glauca stems will sprawl across the path": no one "stems"); a
    listed verb, or one in a relative clause, has a gapped clause ("a levy that she thinks
    would raise ...")."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (tok.tag_ in ("VBZ", "VBP", "VBD") and nxt is not None and nxt.tag_ == "MD" and tok.dep_ not in ("relcl", "acl")
            and lists_of(tok.lemma_.lower()) == "none")  # "a step the council hopes will ...": a gapped relative clause


def candidates(idx: TokenIndex, text: str, shapes: bool = True) -> Iterator[Candidate]:
    """Every cue reading of every token that could head a cue, outside quote marks
    (``shapes``: also the version 11b readings of ``_shape_readings``)."""
    opens = idx.reg_opens
    for off, tok in idx.tokens:
        if tok.pos_ not in CUE_POS or idx.in_quote(off + tok.idx) or _noun_read_as_verb(tok):
            continue
        subj: Any | None = None
        got_subject = False
        readings = list(_readings(off, tok, text))
        if readings:
            readings += list(_more_readings(off, tok, text, readings))
        if shapes and (readings or tok.pos_ == "VERB"):
            readings += list(_shape_readings(off, tok, text))
        spans_seen: set[tuple[int, int]] = set()
        own: list[Candidate] = []
        for kind, start, end, n, head in readings:
            if (start, end) in spans_seen:
                continue
            spans_seen.add((start, end))
            if end - start < 2 or n > MAX_TOKENS:
                continue
            k = bisect.bisect_left(opens, start)
            if (k < len(opens) and opens[k] < end) or idx.in_quote(start) or idx.in_quote(end - 1):
                continue  # quote marks inside: the rules' (direct or mixed) business
            if kind in AGENT_KINDS:
                agent = _agent(tok)
                own.append(Candidate(off, tok, kind, start, end, n, agent if agent is not None and usable_subject(agent, idx, off) else None, head))
                continue
            if not got_subject:
                subj = learned_subject(tok)
                if subj is not None and not usable_subject(subj, idx, off):
                    subj = None
                got_subject = True
            own.append(Candidate(off, tok, kind, start, end, n, subj, head))
        if own:
            last = tok.doc[sentence_bounds(tok)[1] - 1]
            peer_features(own, text, off + last.idx + len(last.text))
            yield from own


def peer_features(own: list[Candidate], text: str, sent_end: int) -> None:
    """Set the features that compare one token's readings: how many there are, this one's
    rank by length (0: the longest), whether it is the shortest, and whether it runs to the
    end of the sentence (``sent_end``) while another does not (version 11b)."""
    while sent_end > 0 and text[sent_end - 1] in " \t\n\r.,;:!?\"'\u201d\u2019)":
        sent_end -= 1
    by_length = sorted({c.end - c.start for c in own}, reverse=True)
    n = min(len(own), 5)
    ends = [c.end >= sent_end for c in own]
    mixed = len(set(ends)) > 1
    for c, at_end in zip(own, ends):
        rank = by_length.index(c.end - c.start)
        r = "0" if rank == 0 else "1" if rank == 1 else "2+"
        short = rank == len(by_length) - 1
        c.peers = (f"nr={n}", f"rk|k={r}|{c.kind}", f"short|k={short}|{c.kind}", f"end|k={at_end}|{mixed}|{c.kind}",
                   f"rk|nr={r}|{n}")


def features(c: Candidate, text: str) -> list[str]:
    """The model's features of one candidate (``text``: the article's)."""
    first = text[c.start : min(c.end, c.start + 40)].split(None, 1)
    before = c.start < c.off + c.tok.idx
    return candidate_features(c.tok, c.kind, c.n_tokens, c.subject, lists_of(c.tok.lemma_.lower()), c.head,
                              first[0].lower() if first else "", before) + list(c.peers)




def dense_score(states: ArticleStates | None, c: Candidate) -> float:
    """The MiniLM blocks' part of a candidate's logit (0 without states)."""
    if states is None:
        return 0.0
    subj = None
    if c.subject is not None:
        at = c.off + c.subject.idx
        subj = (at, at + len(c.subject.text))
    at = c.off + c.tok.idx
    return states.score((at, at + len(c.tok.text)), (c.start, c.end), subj)


def probability(model: AttributionModel, feats: list[str], c: Candidate, states: ArticleStates | None = None,
                sparse: AttributionModel | None = None) -> float:
    """A candidate's probability: the model's; with ``states`` (the dense model's MiniLM pieces)
    the lower of the dense and the ``sparse`` model's, so a cue is taken only where both
    accept it (the dense model alone reads actions such as "painted the fence" as
    PolNeAR's "painted him as ..."; see docs/quotes.md, Version 10)."""
    if states is None:
        return model.probability(feats)
    p = model.probability(feats, dense_score(states, c))
    return p if sparse is None else min(p, sparse.probability(feats))


def _light_verb(c: Candidate, best: dict[tuple[int, int], tuple[float, Candidate]]) -> bool:
    """A verb's object that is itself a cue the model takes, with its content inside the
    verb's ("voiced concern about the rules", "raised questions about the deal"): the noun
    is the cue and its own reading the content (version 11b)."""
    if c.head is None or c.head.pos_ != "NOUN" or c.kind not in ("dobj", "rest") or c.head.head.i != c.tok.i:
        return False
    other = best.get((c.off, c.head.i))
    return other is not None and c.start <= other[1].start and other[1].end <= c.end


def _reports(c: Candidate, f: Found) -> bool:
    """Whether reading ``c`` holds rule span ``f``'s report made by a relative clause on one of its
    own nouns or on its cue ("shared a memo ... that says [X]", "a note [...] that says [X]": the
    memo or the note says X, not whoever shared it; v61): then ``c`` never displaces ``f``. A
    clause's own report ("said [the examples] failed to note [X]") does not count."""
    if f.cue_span is None or not c.start <= f.cue_span[0] < c.end:
        return False
    cue = token_at(c.tok.doc, f.cue_span[0] - c.off)
    return cue is not None and cue.dep_ == "relcl" and (cue.head.i == c.tok.i or c.start <= c.off + cue.head.idx < c.end)


def add_learned(found: list[Found], used_cues: set[tuple[int, int]], idx: TokenIndex, text: str,
                model: AttributionModel | None = None, states: ArticleStates | None = None,
                sparse: AttributionModel | None = None) -> None:
    """Re-read the rules' indirect attributions and add the model's own.

    A rule's indirect span whose cue the model reads better another way (a shorter or longer
    clause, an object with its "as" phrase) takes that reading when it scores at least
    ``REPLACE_MARGIN`` more (never "according to" or "put it"; a trailing ", citing ..." is cut
    as the rules cut it); a stance or noun span whose every reading scores below
    ``DROP_BELOW`` is dropped (speech verbs always stay). Then the model's readings of other
    tokens above its threshold are added (best first, one per cue token) where no quote found
    so far overlaps them, or where the only quotes they overlap are rule spans the model reads
    much worse (``DISPLACE_MIN``, ``DISPLACE_MARGIN``): those give way. With ``states`` (the article's MiniLM pieces scored by a model with
    dense blocks) the model adds their part to each candidate's logit, and a candidate's
    probability is the lower of that and the ``sparse`` model's (``probability``). First, a rule's
    indirect span that is only a date or a time goes (``only_a_time``, version 62); a rule's span
    that is still a verb of speaking's "to" phrase after the model's re-reading goes too
    (``to_whom``, version 63)."""
    found[:] = [f for f in found if f.label != "indirect" or not only_a_time(idx, f.start, f.end)]  # a stance "on [Sunday]" (v62)
    model = model or shipped_model()
    if model is None:
        found[:] = [f for f in found if f.label != "indirect" or not to_whom(idx, f)]
        return
    rule_at = {f.cue_span[0]: f for f in found if f.label == "indirect" and f.path in ("indirect", "stance", "noun") and f.cue_span}
    quoted = cues_after_quotations(found)
    rule_best: dict[int, tuple[float, Candidate]] = {}
    rule_own: dict[int, tuple[int, float]] = {}  # cue -> (overlap with the rule's span, p)
    best: dict[tuple[int, int], tuple[float, Candidate]] = {}
    for c in candidates(idx, text):
        key = (c.off, c.tok.i)
        if governs_other_quotes_cue(c.off, c.tok, quoted, (c.start, c.end)) or (is_according(c.tok) and according_appositive(c.tok.head) is not None):
            continue  # another quote's cue; "according to" whose apposition is the next verb's subject (v59)
        if only_a_time(idx, c.start, c.end) or addressee(c):
            continue  # "apologized on [Sunday]", "apologized to [the staff]": no report (v62)
        if key in used_cues:
            f = rule_at.get(c.off + c.tok.idx)
            if f is None:
                continue
            p = probability(model, features(c, text), c, states, sparse)
            at = f.cue_span[0] if f.cue_span else -1
            if at not in rule_best or p > rule_best[at][0]:
                rule_best[at] = (p, c)
            ov = min(f.end, c.end) - max(f.start, c.start) - abs((f.end - f.start) - (c.end - c.start))
            if at not in rule_own or ov > rule_own[at][0]:
                rule_own[at] = (ov, p)
            continue
        p = probability(model, features(c, text), c, states, sparse)
        if p >= model.threshold and (key not in best or p > best[key][0]):
            best[key] = (p, c)
    drop: set[int] = set()
    rule_p: dict[tuple[int, int], tuple[float, Found]] = {}  # a rule span -> the model's probability of it, the span
    for at, (p, c) in rule_best.items():
        f = rule_at[at]
        own = rule_own[at][1]
        if f.path != "indirect" and own < DROP_BELOW and p < DROP_BELOW:
            drop.add(id(f))  # a stance or noun cue the model does not believe; speech verbs stay
            continue
        if p >= model.threshold and p - own >= REPLACE_MARGIN and not is_according(c.tok) and not is_put_it(c.tok):
            start, end = cut_trailing_participle(c.off, c.tok, (c.start, c.end), text)
            if (start, end) != (f.start, f.end) and end > start:
                f.start, f.end = start, end
                own = p
        if not is_according(c.tok) and not is_put_it(c.tok) and f.path in DISPLACE_PATHS:
            rule_p[(f.start, f.end)] = (own, f)
    # a rule's "[to passengers]" the model did not read another way: whom, not what (v63)
    found[:] = [f for f in found if id(f) not in drop and (f.label != "indirect" or not to_whom(idx, f))]
    taken = sorted((f.start, f.end) for f in found if f.label not in ("scare", "title"))
    for p, c in sorted(best.values(), key=lambda pc: (-pc[0], pc[1].start)):
        if _light_verb(c, best):
            continue  # "voiced concern about X": the noun's own reading is taken instead
        j = bisect.bisect_left(taken, (c.end,))
        over = [taken[k] for k in range(j - 1, max(-1, j - 9), -1) if taken[k][1] > c.start]
        if over and not (p >= DISPLACE_MIN and all(t in rule_p and p - rule_p[t][0] >= DISPLACE_MARGIN and not _reports(c, rule_p[t][1]) for t in over)):
            continue  # overlaps a quote already found
        if over:  # only rule spans the model reads much worse than this one: they give way (version 11b)
            gone = {id(rule_p.pop(t)[1]) for t in over}
            found[:] = [f for f in found if id(f) not in gone]
            taken = [t for t in taken if t not in over]
        cue_at = cue_span(c.off, c.tok)
        if c.start <= cue_at[0] < c.end:
            continue  # the cue inside its own content: a misreading
        bisect.insort(taken, (c.start, c.end))
        used_cues.add((c.off, c.tok.i))
        holder = c.subject if c.subject is not None or c.kind in AGENT_KINDS else usable_holder(c.tok, idx, c.off)  # v62
        subject = (c.off, holder) if holder is not None else None
        found.append(Found(c.start, c.end, "indirect", round(p, 3), cue_span=cue_at, subject=subject, path="learned"))


class LearnedCues:
    """The cue model the quotes stage runs, chosen once per pipeline: the one with MiniLM blocks
    when its artifact is there and the encoder loads (the states are the claims and techniques
    stages' own, computed once per article; a cue is taken where it and the sparse model both
    accept it), else the sparse model, with a note saying why."""

    def __init__(self, settings: Any) -> None:
        from ..ml import sentence_states

        dense_model = shipped_dense_model()
        wanted = dense_model is not None and sentence_states.setting_on(settings, "quotes_dense")
        self.dense, self.note = sentence_states.dense_choice(wanted, "sparse attribution-cue model")
        self.model = dense_model if self.dense else shipped_model()

    def for_article(self, article: Any, ctx: Any) -> tuple[AttributionModel | None, ArticleStates | None, str]:
        """The model, the article's scored MiniLM pieces (None: sparse) and the note to add."""
        if not self.dense or self.model is None or self.model.dense is None:
            return self.model, None, self.note
        from ..ml import sentence_states

        try:
            spans = sentence_states.article_sentence_spans(article, ctx)
            states = sentence_states.shared_states(ctx, article.text, spans, self.model.dense.layers)
            return self.model, ArticleStates(self.model.dense, spans, states), self.note
        except Exception as e:  # the encoder failed on this text (memory, a broken install): the sparse model
            return shipped_model(), None, f"MiniLM encoder failed ({type(e).__name__}: {str(e)[:200]}): used the sparse attribution-cue model"


def add_learned_cues(learned: LearnedCues | None, found: list[Found], used_cues: set[tuple[int, int]], idx: TokenIndex,
                     article: Any, ctx: Any) -> None:
    """``add_learned`` with the model ``learned`` chose for this article (None: the sparse model),
    noting in the article's provenance when the sparse fallback ran."""
    model, states, note = learned.for_article(article, ctx) if learned is not None else (None, None, "")
    if note:
        article.provenance.setdefault("notes", []).append({"stage": "quotes", "note": note})
    add_learned(found, used_cues, idx, article.text, model, states, shipped_model() if states is not None else None)
