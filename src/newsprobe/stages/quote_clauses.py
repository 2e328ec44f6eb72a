"""Where a quoted piece's attribution begins and ends (part of the quotes stage, version 8).

PolNeAR marks a quote that the reporter's own words lead into as one ``mixed`` attribution
of the whole reported clause ('claimed the plan was "a tax" but "nobody will say so."'),
and a quote inside the reporter's sentence ('made him "smart."') with the clause around it.
These helpers read those boundaries from the dependency parse; ``quotes.QuoteFinder`` decides
when to use them. Each reads token ranges from edges, so its cost does not grow with the
sentence.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from .quote_cues import AS_LABEL_VERBS, LABEL_VERBS, NAMED_VERBS, SPEECH_VERBS, TITLE_SMALL, TokenIndex, children, is_according, is_cue, range_span, rights, trim
from .quote_marks import QuoteRegion
from .quote_reports import past_cue_preposition
from .quote_second_reports import cut_at_next_report
from .parse_cache import sentence_bounds

#: Dependencies along a list of labels ('a "coward," a "serial liar" and "finished"').
LABEL_LIST_DEPS = frozenset({"appos", "conj", "oprd", "dobj", "attr"})


class ClauseReader:
    """Clause boundaries around the quotes of one article."""

    def __init__(self, text: str, norm: str, idx: TokenIndex) -> None:
        self.text, self.norm, self.idx = text, norm, idx

    def own_letters(self, start: int, end: int) -> int:
        """Letters and digits in ``[start, end)`` outside quotation marks."""
        return sum(ch.isalnum() and not self.idx.in_quote(start + k) for k, ch in enumerate(self.text[start:end]))

    def speaker_after(self, region: QuoteRegion, clause: tuple[int, int], off: int, cue: Any) -> bool:
        """Whether the words the parser hung on a quote's clause after its closing mark are only
        the speaker before a later cue ('"...," another neighbour, Ana Ruiz, told the paper': the
        parser made her an apposition in the quote): the quote ends with a comma and no verb
        lies between the mark and the clause's end (quotes version 41; '"...," and sales began to
        recover, Ruiz said' stays mixed)."""
        return (
            region.close <= clause[1] <= off + cue.idx
            and self.text[region.start : region.end].rstrip().endswith(",")
            and not any(tok.pos_ in ("VERB", "AUX") for _, tok in self.idx.tokens[self.idx.tok_index(region.close) : self.idx.tok_index(clause[1])])
        )

    def quoted_heading(self, region: QuoteRegion, content: str) -> bool:
        """A paragraph that is only a short quoted phrase in title case is a section heading
        ("'Nothing Left to Lose.'" between two parts of a story), not speech."""
        para_start = self.text.rfind("\n", 0, region.open) + 1
        para_end = self.text.find("\n", region.close)
        para_end = len(self.text) if para_end < 0 else para_end
        if self.norm[para_start : region.open].strip() or self.norm[region.close : para_end].strip(" \t.!"):
            return False
        words = [w for w in content.strip(" .!").split() if w[:1].isalpha()]
        if not 2 <= len(words) <= 8 or content.rstrip("\"' ").endswith(("?", ",")):
            return False
        return all(w[0].isupper() or w.lower() in TITLE_SMALL for w in words) and sum(w[0].isupper() for w in words) >= 2

    def embedded(self, region: QuoteRegion, cue: Any) -> bool:
        """Whether the quote sits inside the reporter's sentence, a word of the reporter's
        right before its opening mark ('made him "smart."', 'are like "bombs you cannot use."',
        'because "nobody asked."'), other than its own reporting verb ('said "We won."') or the
        "that" opening the reported clause."""
        s_start, _ = self.idx.sentence_bounds(region.open)
        before = self.norm[s_start : region.open].rstrip()
        if region.paragraphs > 1 or "\n" in self.text[region.open : region.close] or not before or not before[-1].isalnum() or self.own_letters(s_start, region.open) <= 3:
            return False
        k = self.idx.tok_index(region.open) - 1
        if k < 0:
            return False
        _, prev = self.idx.tokens[k]
        return prev.i != cue.i and not is_cue(prev, NAMED_VERBS) and prev.lower_ not in ("as", "titled", "entitled", "that")

    def label_after_as(self, region: QuoteRegion, governing: Callable[[QuoteRegion], tuple[int, Any] | None]) -> tuple[int, Any] | None:
        """The verb whose "as" phrase a whole sentence in quote marks is ('describing water theft
        as "a crime against us all."'): an active labelling verb (``AS_LABEL_VERBS``), whose
        subject then speaks, not the object of "urged" before it; else None ("known as").
        ``governing``: the quotes stage's search up the parse for a reporting or labelling verb."""
        if self.norm[max(0, region.open - 4) : region.open].lower() != " as ":
            return None
        gov = governing(region)
        return gov if gov is not None and gov[1].lemma_.lower() in AS_LABEL_VERBS and gov[1].tag_ != "VBN" else None

    def enclosing_clause(self, region: QuoteRegion, off: int, cue: Any, start: int, end: int) -> tuple[int, int]:
        """The clause a quoted piece is part of: the subtree of the first verb above it outside
        the quote, kept within its sentence and after a cue that precedes it."""
        idx = self.idx
        k = idx.tok_index(region.start)
        if k >= len(idx.tokens):
            return start, end
        t_off, node = idx.tokens[k]
        for _ in range(12):
            if node.head.i == node.i:
                break
            node = node.head
            if not region.open <= t_off + node.idx < region.close and node.pos_ in ("VERB", "AUX"):
                break
        else:
            return start, end
        if region.open <= t_off + node.idx < region.close:
            return start, end
        c_start, c_end = trim(self.text, t_off + node.left_edge.idx, t_off + node.right_edge.idx + len(node.right_edge.text), clause=True)
        s_start, s_end = idx.sentence_bounds(region.open)
        c_start, c_end = max(c_start, s_start), min(c_end, s_end)
        cue_end = off + cue.idx + len(cue.text)
        if cue_end <= region.open and cue_end > c_start and cue.dep_ != "parataxis":  # "X, he added, are like '...'" keeps X
            c_start = cue_end
            while c_start < region.open and not self.text[c_start].isalnum():
                c_start += 1
        comp = next((c for c in cue.rights if c.dep_ == "ccomp" and off + c.left_edge.idx < region.open), None) if node.doc is cue.doc and node.i == cue.i else None
        if comp is not None:  # v65: 'said in a statement that it "...": the reported clause, not all the words after the verb
            k = comp.left_edge.i
            while k < comp.i and (cue.doc[k].lower_ == "that" or cue.doc[k].is_punct):  # "continues that, in ..."
                k += 1
            c_start = max(c_start, off + cue.doc[k].idx)
        return min(c_start, start), max(c_end, end)

    def rest_of_sentence(self, off: int, cue: Any, region: QuoteRegion, end: int) -> tuple[int, int] | None:
        """A quote that the reporter's own words lead into, after its cue in the same
        sentence ('said the council would "fight to the end" and "win."', 'called Vance a
        "liar" and a "coward"'): the attribution is the rest of the sentence after the cue,
        quoted pieces and all (PolNeAR's ``mixed``). None when the quote follows its cue with
        nothing of the reporter's between ('said: "..."'), lies in a later sentence, or another
        reporting verb stands between (that one is the quote's)."""
        idx, doc = self.idx, cue.doc
        cue_at = off + cue.idx
        s_start, s_end = idx.sentence_bounds(cue_at)
        if not s_start <= region.open < s_end or cue_at >= region.open:
            return None
        # the reported words: the verb's clause ("said the council would ..."), or for a
        # labelling verb its object ("called Vance a ..."); never the person addressed or
        # a time ("told Lind on Monday, '...'")
        labelled = cue.lemma_.lower() in AS_LABEL_VERBS and any(c.dep_ == "prep" and c.lower_ == "as" for c in rights(cue))
        deps = ("ccomp", "xcomp", "dobj", "oprd") if cue.lemma_.lower() in LABEL_VERBS or labelled else ("ccomp", "xcomp")
        comp = [c for c in rights(cue) if (c.dep_ in deps or (labelled and c.dep_ == "prep" and c.lower_ == "to")) and c.left_edge.i > cue.i]
        if not comp:
            return None
        k = min(c.left_edge.i for c in comp)
        while k < len(doc) and (doc[k].is_punct or doc[k].is_space or doc[k].lower_ == "that" or (doc[k].dep_ == "prt" and doc[k].head.i == cue.i)):
            k += 1
        if k >= len(doc):
            return None
        c_start = off + doc[k].idx
        if c_start >= region.open or self.own_letters(c_start, region.open) <= 3 or "\n" in self.text[c_start : region.open]:
            return None
        for j in range(idx.tok_index(c_start), idx.tok_index(region.open)):
            o, t = idx.tokens[j]
            if (is_cue(t, SPEECH_VERBS) or is_according(t)) and not idx.in_quote(o + t.idx):
                return None
        c_end = end
        if s_end > region.close:
            para_end = self.text.find("\n", region.close)
            stop = s_end if para_end < 0 else min(s_end, para_end)
            if deps[-1] == "oprd":  # a label ends with its object: 'call them "lone wolves" and ...'
                last = max(c.right_edge for c in comp)
                stop = min(stop, off + last.idx + len(last.text))
            elif cue.dep_ != "ROOT":  # 'despite admitting that ..., the victims "do need ..."': the verb's own clause
                last = cue.right_edge
                stop = min(stop, off + last.idx + len(last.text))
            c_end = max(end, trim(self.text, region.close, stop, clause=True)[1])
        return c_start, c_end


def labels_object(verb: Any, child: Any, quote_at: int) -> bool:
    """Whether a labelling verb's object runs on into the quoted label: the parser often hangs
    the label inside the object ('called half of the members "cowards"': "cowards" under "of"),
    so the path up from the quote reaches the verb through the object, not through the label.
    True when ``child`` is the verb's object, starts after the verb and before the quote
    (``quote_at``: the opening mark's offset in the parse), and its phrase ends with the quote."""
    if child.dep_ != "dobj" or not verb.i < child.i or verb.doc[child.i].idx >= quote_at:
        return False
    last = child.right_edge
    return last.idx >= quote_at and not any(t.pos_ in ("VERB", "AUX") for t in verb.doc[child.i : last.i + 1])


def governs_other_quotes_cue(off: int, cue: Any, quoted: dict[int, tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether the parser hung another quote's cue under this one as its clause ('"Ready?" she
    asked, but the room was quiet, and Ines said yes': "asked" read as what "said" reports).
    ``quoted`` maps the character offset of the cue of each quotation in quote marks that
    comes before its cue to that quotation's span; such a cue counts only when its quotation
    lies outside ``span`` (the content read here): a report inside a report is kept."""
    for c in children(cue):
        if c.dep_ == "ccomp":
            q = quoted.get(off + c.idx)
            if q is not None and (q[1] <= span[0] or q[0] >= span[1]):
                return True
    return False


def colon_next_line(off: int, cue: Any, text: str) -> tuple[int, int] | None:
    """The sentence on the next line after a reporting verb that ends its own sentence with a
    colon ("The mayor wrote:" + line break + "The bridge will reopen ..."): the parse ends a
    sentence at a line break (parse version 2), so the statement is no longer the verb's
    clausal complement. Only a speech verb, with nothing but modifiers between it and the colon."""
    if cue.lemma_.lower() not in SPEECH_VERBS:
        return None
    doc = cue.doc
    k = sentence_bounds(cue)[1] - 1
    while k > cue.i and doc[k].is_space:
        k -= 1
    if k <= cue.i or doc[k].text != ":" or any(t.pos_ in ("VERB", "AUX") for t in doc[cue.i + 1 : k]):
        return None
    j = k + 1
    while j < len(doc) and doc[j].is_space:
        j += 1
    if j >= len(doc) or j == k + 1 or "\n" not in doc[k + 1 : j].text:
        return None
    last = sentence_bounds(doc[j])[1] - 1
    while last > j and doc[last].is_space:
        last -= 1
    return range_span(off, doc, j, last, text)


def cut_trailing_participle(off: int, cue: Any, clause: tuple[int, int], text: str) -> tuple[int, int]:
    """A reported clause ends before a participle phrase after a comma that hangs on the cue
    or on the clause's verb ('said the plan would fail, citing the cost'): that phrase is the
    reporter's (or another attribution), not what was said."""
    doc = cue.doc
    lo, hi = clause
    for t in doc[cue.i + 1 : min(len(doc), cue.i + 120)]:
        pos = off + t.idx
        if pos >= hi:
            break
        if pos <= lo or t.tag_ != "VBG" or t.dep_ not in ("advcl", "xcomp", "conj") or t.i == 0 or doc[t.i - 1].text != ",":
            continue
        if t.head.i == cue.i or (t.head.dep_ == "ccomp" and t.head.head.i == cue.i):
            end = trim(text, lo, off + doc[t.i - 1].idx, clause=True)[1]
            if len(text[lo:end].split()) >= 3:
                return lo, end
    return lo, hi



#: Prepositions that open a phrase of the occasion ('during the debate', 'in a statement').
_SETTING_PREPS = frozenset("during since before after amid following throughout at in on".split())
#: Nouns of an occasion or a channel of speech: 'in a statement', 'at a rally', 'during the
#: debate' hung on the cue say where the words were said, not what.
SETTING_NOUNS = frozenset(
    """statement interview speech remark address debate rally hearing conference briefing forum event meeting
    session appearance tweet post email letter op-ed column memo video broadcast program show podcast call
    visit stop trip town hall testimony ruling filing report release convention summit campaign""".split()
)
#: Adverbs of time ('said earlier', 'has repeatedly called ...').
_TIME_ADVERBS = frozenset("then later earlier again yesterday today tonight recently previously before since repeatedly often once".split())


def _is_time(tok: Any) -> bool:
    return tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in _TIME_ADVERBS


def _is_setting(child: Any) -> bool:
    """A child of the cue that says when, where or on what occasion the words were said, or
    what else the speaker did: never part of what was said."""
    dep = child.dep_
    if dep == "advcl":  # only a clause with a subject of its own: another event ('... as the campaign ...')
        return any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children)
    if dep == "conj":  # a second predicate of the cue's subject ('said ... and left the room')
        return child.pos_ in ("VERB", "AUX")
    if dep in ("npadvmod", "advmod", "tmod"):  # 'Monday', 'earlier'; not 'ahead', 'twice'
        return _is_time(child)
    if dep != "prep":
        return False
    obj = next((g for g in child.children if g.dep_ == "pobj"), None)
    if obj is None:
        return False
    # a phrase of time, or of an occasion: the parser hangs 'a protest at the harbour' on the
    # verb as often as on the noun, so a place alone is not enough
    return obj.ent_type_ in ("DATE", "TIME") or (child.lower_ in _SETTING_PREPS and obj.lemma_.lower() in SETTING_NOUNS)


def cut_cue_adjuncts(doc: Any, cue: Any, first: int, last: int) -> int:
    """The last token of a content once the cue's own trailing adjuncts are cut off: 'criticised
    the board's budget on Friday during the hearing' -> 'the board's budget' (the phrases hang
    on "criticised"); 'shows support falling as the campaign ...' -> 'support falling'. A
    reading of everything right of the cue (the "rest" or "sentence" readings) takes them in;
    PolNeAR's content ends before them (issue 11, version 12). ``first``..``last``: the
    content's token indices."""
    while last > first:
        node = doc[last]
        for _ in range(40):  # up to the cue's child that holds the content's last word
            if node.head.i == node.i or node.head.i == cue.i:
                break
            node = node.head
        if node.head.i != cue.i or node.i == cue.i or node.left_edge.i <= first or node.right_edge.i < last or not _is_setting(node):
            return last
        k = node.left_edge.i - 1
        while k > first and (doc[k].is_punct or doc[k].dep_ == "cc"):
            k -= 1
        last = k
    return last


def cut_second_report(doc: Any, first: int, last: int) -> int:
    """The last token of a content once a second report of the same speaker is cut off: 'said
    the county would sell the pier and promised a new one': "promised" hangs on "sell", inside
    the reported clause, but it is the speaker's next act of speech, with no subject of its own.
    A participle or a "to" infinitive ('asked members to cut costs and to vote ...') is one more
    part of what was said and stays (issue 11, version 12). ``first``..``last``: the content's
    token indices."""
    node = doc[last]
    for _ in range(40):  # up from the last word: a speech verb conjoined to a word of the content
        head = node.head
        if head.i == node.i or not first <= head.i <= last:
            return last
        own = [c.dep_ if c.dep_ != "aux" or c.lower_ != "to" else "to" for c in children(node)]  # a subject, an infinitive's "to"
        if (node.dep_ == "conj" and node.lemma_.lower() in SPEECH_VERBS and node.tag_ != "VBG" and node.right_edge.i >= last
                and node.left_edge.i > first + 2 and not {"nsubj", "nsubjpass", "to"} & set(own)):
            k = node.left_edge.i - 1
            while k > first and (doc[k].is_punct or doc[k].dep_ == "cc"):
                k -= 1
            return k
        node = head
    return last


def coordinated_infinitives(doc: Any, cue: Any, last: int) -> int:
    """The last token of a "to" infinitive content once the bare infinitives coordinated with it
    are taken in: 'wants to double the fleet, widen the road and build a terminal': the parser
    hangs "widen" and "build" on "wants", beside its "to double" (issue 11, version 12).
    ``last``: the content's last token index; the content is the cue's ``xcomp``."""
    comp = next((c for c in cue.children if c.dep_ == "xcomp" and cue.i < c.i <= last <= c.right_edge.i), None)
    if comp is None or not any(a.dep_ == "aux" and a.lower_ == "to" for a in comp.children):
        return last
    end = last
    for c in cue.children:
        if c.i <= end or c.dep_ != "conj":
            continue
        between = doc[end + 1 : c.left_edge.i]
        if c.tag_ != "VB" or c.left_edge.i != c.i or any(not (t.is_punct or t.dep_ == "cc") for t in between):
            break
        if any(g.dep_ in ("nsubj", "nsubjpass", "aux") for g in c.children):
            break
        end = c.right_edge.i
    return end


#: Words that open a non-restrictive relative clause after a comma (', which cost ...').
#: Levels above a content's last token searched for a trailing aside.
_ASIDE_DEPTH = 64
_WH_OPENERS = frozenset("which who whom whose where".split())


def cut_trailing_aside(doc: Any, first: int, last: int, *, appositions: bool = True) -> int:
    """The last token of a content once a trailing aside of the reporter's is cut off: a
    relative clause or an apposition after a comma ('backed the levy, which ...'; 'opposed the
    pact, the deal ...': ``_is_aside``), hanging on a word of the content and running to its
    end: PolNeAR's content ends before it; not an apposition in a whole sentence that a cue after
    it reports ("the buyer was Ada Roe, a former captain who ..., according to two people at the
    sale": that is what they said). ``first``..``last``: the
    content's token indices. Only the tokens whose subtree reaches ``last`` can hold such an
    aside: ``last`` and its ancestors (a projective parse), at most ``_ASIDE_DEPTH`` levels up,
    so a sentence of thousands of quotes costs no more per content than a short one."""
    path, node = [], doc[last]
    for _ in range(_ASIDE_DEPTH):
        if first + 2 <= node.i <= last:
            path.append(node)
        if node.head.i == node.i:
            break
        node = node.head
    for t in sorted(path, key=lambda x: x.i):
        if t.right_edge.i < last or not first < t.head.i <= last:
            continue
        lead = t.left_edge.i
        if lead <= first + 1 or doc[lead - 1].text != ",":
            continue
        if _is_aside(doc, t, lead, appositions):
            k = lead - 2
            while k > first and (doc[k].is_punct or doc[k].is_space):
                k -= 1
            return k
    return last


def _is_aside(doc: Any, t: Any, lead: int, appositions: bool) -> bool:
    """Whether ``t`` (its phrase opening at ``lead``, after a comma) is the reporter's aside: a
    relative clause ('backed the levy, which ...') or, with ``appositions``, an apposition
    ('opposed the pact, the deal the ministry signed last year'). A trailing
    "including ...", a participle or an "as" clause after a comma were tried and left in:
    PolNeAR's content ends before them as often as it takes them in (version 23)."""
    if t.dep_ == "relcl":
        return doc[lead].lower_ in _WH_OPENERS
    return t.dep_ == "appos" and appositions


#: Words that link a reported clause to the reporter's next verb, never the clause's last words.
_TRAILING_LINKS = frozenset({"but", "and", "or", "also", "yet"})


def trim_contents(found: list[Any], idx: TokenIndex, text: str) -> None:
    """Start every reported clause without quote marks, whichever path found it, after a
    preposition of its cue ("called for [a vote]", ``quote_reports.past_cue_preposition``) and
    end it before the cue's trailing adjuncts (``cut_cue_adjuncts``) and a second report of the
    speaker (``cut_second_report``, ``cut_at_next_report``); a "to" infinitive
    takes in the bare infinitives coordinated with it (``coordinated_infinitives``) where no
    other attribution holds them."""
    for f in found:
        if f.label != "indirect" or f.path not in ("indirect", "stance", "noun", "learned"):
            continue
        a, b = idx.tok_index(f.start), idx.tok_index(f.end) - 1
        if not 0 <= a < b < len(idx.tokens) or idx.tokens[a][0] != idx.tokens[b][0]:
            continue  # a content over two parses: left as it is
        off, tok = idx.tokens[a]
        c = idx.tok_index(f.cue_span[0]) if f.cue_span is not None else len(idx.tokens)
        cue = idx.tokens[c][1] if c < len(idx.tokens) and idx.tokens[c][0] == off else None
        if cue is not None and (moved := past_cue_preposition(off, cue, f.start)) != f.start:  # "called for [a vote]" (v56)
            f.start, a = moved, a + 1
            off, tok = idx.tokens[a]
        doc, first, last = tok.doc, tok.i, idx.tokens[b][1].i

        def end_at(k: int) -> int:  # the content's end when its last token is doc[k]
            return trim(text, f.start, off + doc[k].idx + len(doc[k].text), clause=True)[1]

        new_last = cut_cue_adjuncts(doc, cue, first, last) if cue is not None else last
        if cue is None or cue.lower_ != "according":  # "... and said nothing, according to a clerk": the clerk's, whole
            new_last = cut_second_report(doc, first, new_last)
        new_last = cut_trailing_aside(doc, first, new_last, appositions=cue is None or cue.i < first)
        while new_last > first and doc[new_last].lower_ in _TRAILING_LINKS and doc[new_last].dep_ in ("cc", "advmod"):
            new_last -= 1  # "... new laws but also [stressed that]": the link to the next verb is not said
        if new_last < last and f.start < end_at(new_last) < f.end:
            f.end, last = end_at(new_last), new_last
        more = coordinated_infinitives(doc, cue, last) if cue is not None else last
        if more > last and end_at(more) > f.end and not any(g is not f and g.start < end_at(more) and g.end > f.end for g in found):
            f.end, last = end_at(more), more
    cut_at_next_report(found, idx, text)


_BEFORE_OTHER_QUOTE = re.compile(r"(?:,|;|\s[-\u2013\u2014])\s")


def cut_before_quote(idx: TokenIndex, text: str, span: tuple[int, int], taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A reported clause that runs into another quotation's own introduction ('She said that
    experts had backed her plan, to which Ortiz replied: "..."'): the clause up to the last
    comma, semicolon or dash before the first quotation inside it, when the part cut off has a
    verb of its own (the quotation's lead-in) and the part kept has a verb; otherwise None (the clause overlaps a
    quotation it does not introduce)."""
    first = min((s for s, e in taken if s < span[1] and e > span[0]), default=span[0])
    if first <= span[0] or first - span[0] > 2000:
        return None  # (a lead-in is near: bounds work on one huge "sentence")
    cuts = list(_BEFORE_OTHER_QUOTE.finditer(text, span[0], first))
    if not cuts:
        return None
    keep, rest = (span[0], cuts[-1].start()), (cuts[-1].end(), first)
    toks = [(off + tok.idx, tok) for off, tok in idx.tokens[idx.tok_index(keep[0]) : idx.tok_index(first)]]
    if not any(t.pos_ == "VERB" for at, t in toks if at >= rest[0]) or not any(t.pos_ in ("VERB", "AUX") for at, t in toks if at < keep[1]):
        return None
    start, end = trim(text, *keep, clause=True)
    return (start, end) if end - start >= 12 else None


def reports_elsewhere(off: int, cue: Any, start: int, end: int) -> bool:
    """Whether the cue of a short quoted phrase at ``[start, end)`` (at most six words) has a
    clausal complement after it that lies outside the phrase ('Citing "family reasons," her
    spokeswoman told the paper that the mayor will skip the gala'): the phrase hangs on an
    adjunct, and the cue stays free for its own report. (A whole utterance before its cue,
    '"...," she told a crowd that ...', keeps its cue: such a "clause" is mostly a misparse.)"""
    comp = next((c for c in children(cue) if c.dep_ == "ccomp" and c.i > cue.i), None)
    if comp is None or len(cue.doc.text[start - off : end - off].split()) > 6:
        return False
    c_start, c_end = off + comp.left_edge.idx, off + comp.right_edge.idx + len(comp.right_edge.text)
    return c_start >= end or c_end <= start
