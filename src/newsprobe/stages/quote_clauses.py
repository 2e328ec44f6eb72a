"""Where a quoted piece's attribution begins and ends (part of the quotes stage, version 8).

PolNeAR marks a quote that the reporter's own words lead into as one ``mixed`` attribution
of the whole reported clause ('claimed the plan was "a tax" but "nobody will say so."'),
and a quote inside the reporter's sentence ('made him "smart."') with the clause around it.
These helpers read those boundaries from the dependency parse; ``quotes.QuoteFinder`` decides
when to use them. Each reads token ranges from edges, so its cost does not grow with the
sentence.
"""

from __future__ import annotations

from typing import Any

from .quote_cues import ADJACENT_VERBS, LABEL_VERBS, SPEECH_VERBS, TITLE_SMALL, TokenIndex, is_according, is_cue, rights, trim
from .quote_marks import QuoteRegion

#: Dependencies along a list of labels ('a "coward," a "serial liar" and "finished"').
LABEL_LIST_DEPS = frozenset({"appos", "conj", "oprd", "dobj", "attr"})


class ClauseReader:
    """Clause boundaries around the quotes of one article."""

    def __init__(self, text: str, norm: str, idx: TokenIndex) -> None:
        self.text, self.norm, self.idx = text, norm, idx

    def own_letters(self, start: int, end: int) -> int:
        """Letters and digits in ``[start, end)`` outside quotation marks."""
        return sum(ch.isalnum() and not self.idx.in_quote(start + k) for k, ch in enumerate(self.text[start:end]))

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
        return prev.i != cue.i and not is_cue(prev, SPEECH_VERBS | ADJACENT_VERBS) and prev.lower_ not in ("as", "titled", "entitled", "that")

    def enclosing_clause(self, region: QuoteRegion, off: int, cue: Any, start: int, end: int) -> tuple[int, int]:
        """The clause a quoted piece is part of: the subtree of the first verb above it outside
        the quote, kept within its sentence and after a cue that precedes it."""
        idx = self.idx
        k = idx.tok_index(region.start)
        if k >= len(idx.tokens):
            return start, end
        t_off, node = idx.tokens[k]
        for _ in range(12):
            if node.head is node:
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
        deps = ("ccomp", "xcomp", "dobj", "oprd") if cue.lemma_.lower() in LABEL_VERBS else ("ccomp", "xcomp")
        comp = [c for c in rights(cue) if c.dep_ in deps and c.left_edge.i > cue.i]
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
