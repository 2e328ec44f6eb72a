"""Where a direct quote's attribution is when the word lists do not say, and when a short quote is a whole
utterance (quotes stage v11a).

* A reported clause is read within the quote's paragraph: the parser sometimes runs a sentence across a
  paragraph break, and the paragraph before is not what the verb reports.
* A verb right beside a whole quoted sentence introduces it, whatever the verb: 'Lind shot back, "..."',
  '"...," an angry Ortega retaliated.' The quote must be a sentence (not a fragment), and only a comma
  or colon (and the verb's particle, adverb or a phrase of time: "back", "in December") may stand
  between the verb and an opening mark; after a quote that ends with a comma, the clause right after it
  must be the verb with its subject and nothing else before the verb.
* A cue with no subject of its own (a participle or a conjoined verb: 'seemed ready to joke, telling the
  crowd', 'leaned in and boomed') takes the subject of the verb it hangs on, climbing through more
  levels than ``quote_cues.subject_of`` does.
* A cue whose "reported clause" outside the quote has no verb ('saying during the debate last week,
  "..."') still introduces the quote.
* A participle cue right after a noun ('footage of Ortega saying, "..."') is that noun's.
* A paragraph that is only a short quoted phrase with no finite verb is a heading (``title``).
* A verb in a relative clause whose relative pronoun is its object ('an audience that the organisers put') is no cue.
* A short quote closed by a comma with its verb after it ('"They sue," he said.') is whole: ``direct``, not ``mixed``.

Version 11c adds: a quote a verb introduces with a comma or colon and that closes with its own comma or
stop is a whole utterance (``introduced_whole``); an uncued quote right after a word of the reporter's
sentence is no one's words (``embedded_in_prose``); "Here's X:" presents a speaker (``presented``, read by
``colon_speaker``, which moved here from ``quotes.py`` with ``dash_speaker``); 'the 61-year-old asked'
(``adjective_subject``); 'a student can be heard asking' (``_PERCEIVED`` in ``climbed_subject``); a dash
read as a subject (``other_subject``). Version 26: a verb beside the quote whose subject is "what"
('apologized for what happened: "..."') gives way to the verb its clause hangs on.
"""

from __future__ import annotations

from typing import Any

from .quote_cues import ADDRESSED, LABEL_VERBS, PHRASE_MAX_WORDS, SUBJECTS, TokenIndex, children, is_cue, subject_of, usable_subject, wh_clause
from .quote_marks import QuoteRegion, short_fragment
from .quote_people import is_plausible_speaker_noun
from .quote_senders import subject_before_quote
from .parse_cache import sentence_bounds

#: Dependencies a verb's subject is read through when climbing (never a reported clause: the
#: subject of "said" is not the speaker of a verb inside what was said).
_CLIMB_DEPS = frozenset("conj xcomp advcl acomp pcomp prep dep".split())
#: Verbs of perceiving whose passive subject is the one perceived doing the cue ('can be
#: heard asking', 'was seen telling', 'was caught saying').
_PERCEIVED = frozenset("hear overhear see catch film record show spot".split())
#: Tokens that may stand between a verb and the opening mark of the quote it introduces.
_BETWEEN = frozenset({",", ":"})
#: Verbs that never introduce a quote beside them ('it was, "..."', 'there is: "..."').
_NOT_INTRODUCING = frozenset("be have do become seem".split())


def paragraph_bounds(text: str, region: QuoteRegion) -> tuple[int, int]:
    """The paragraph(s) a quoted region lies in: from the start of the paragraph it opens in
    to the end of the paragraph it closes in."""
    start = text.rfind("\n", 0, region.open) + 1
    end = text.find("\n", region.close)
    return start, len(text) if end < 0 else end


def in_paragraph(text: str, clause: tuple[int, int] | None, region: QuoteRegion) -> tuple[int, int] | None:
    """A reported clause cut to the quote's paragraphs (None when nothing is left)."""
    if clause is None:
        return None
    p_start, p_end = paragraph_bounds(text, region)
    start, end = max(clause[0], p_start), min(clause[1], p_end)
    return (start, end) if start < end else None


def has_verb(idx: TokenIndex, span: tuple[int, int], window: int = 60) -> bool:
    """Whether a verb stands in ``span`` (its first ``window`` tokens): a reported clause, not a
    phrase of time or place ("saying during the debate last week, '...'" reports the quote)."""
    k, hi = idx.tok_index(span[0]), idx.tok_index(span[1])
    return any(idx.tokens[j][1].pos_ in ("VERB", "AUX") for j in range(k, min(hi, k + window)))


#: Tags of a finite verb: a quoted phrase with one is a sentence someone said, not a heading.
_FINITE = frozenset("VBD VBP VBZ MD VB".split())


def short_heading(idx: TokenIndex, norm: str, region: QuoteRegion) -> bool:
    """A paragraph that is only a short quoted phrase with no finite verb ("'A tough
    decision.'" between two parts of a story) is a section heading, in sentence case too
    (``quote_clauses.quoted_heading`` reads title-case ones): it is nobody's words here."""
    p_start, p_end = paragraph_bounds(idx.text, region)
    if norm[p_start : region.open].strip() or norm[region.close : p_end].strip(" \t.!"):
        return False
    words = norm[region.start : region.end].strip(" .!").split()
    if not 2 <= len(words) <= 4:
        return False
    k, hi = idx.tok_index(region.start), idx.tok_index(region.end)
    return not any(idx.tokens[j][1].tag_ in _FINITE for j in range(k, hi))


def sentence_like(text: str, region: QuoteRegion) -> bool:
    """A quoted sentence, not a fragment: five words or more, or ending as a sentence ends."""
    content = text[region.start : region.end].strip()
    return len(content.split()) >= PHRASE_MAX_WORDS or content.rstrip("\"' ,").endswith((".", "!", "?"))


def utterance_then_cue(idx: TokenIndex, norm: str, region: QuoteRegion, off: int, cue: Any) -> bool:
    """A quote closed by a comma (inside or right after its marks) with its reporting verb
    after it and none of the reporter's words leading into it: '"They sue," he said.' It is a
    whole utterance, however short ('direct'); 'Not paying taxes "makes me smart," he said'
    and a labelling verb's quoted label ('"a disaster," she called it') stay fragments."""
    inner = norm[region.start : region.end].rstrip()
    after = norm[region.close : region.close + 2].lstrip()
    before = norm[idx.sentence_bounds(region.open)[0] : region.open].rstrip()
    led_in = bool(before) and before[-1].isalnum()
    return (inner.endswith(",") or after.startswith(",")) and off + cue.idx >= region.close and not led_in and not is_cue(cue, LABEL_VERBS)


def _speaking_verb(tok: Any) -> bool:
    """A verb that can introduce what someone says: not a modifier, and not a bare past
    participle ("an image captioned"), which is passive; "has replied" is fine."""
    if tok.pos_ != "VERB" or tok.dep_ in ("amod", "compound", "relcl", "acl") or tok.lemma_.lower() in _NOT_INTRODUCING:
        return False
    return tok.tag_ != "VBN" or any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in children(tok))


def verb_beside(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any] | None:
    """A verb outside the word lists that introduces the quote from right beside it (see the
    module docstring), with a subject that can speak; else None."""
    p_start, p_end = paragraph_bounds(idx.text, region)
    lo_q, hi_q = idx.tok_index(region.open), idx.tok_index(region.close)
    # before: VERB [its particle, adverb or phrase of time] , | : <opening mark>
    k = lo_q - 1
    while k >= 0 and idx.tokens[k][1].is_space:
        k -= 1
    if k >= 0 and idx.tokens[k][1].text in _BETWEEN:
        off, last = idx.tokens[k - 1] if k >= 1 else idx.tokens[k]
        verb = _verb_ending_at(last)
        if verb is not None and off + verb.idx >= p_start and _speaking_verb(verb) and not idx.in_quote(off + verb.idx):
            subj = climbed_subject(verb, idx, off)
            if subj is not None and subj.tag_ in ("WP", "WDT"):  # "apologized for what happened:": who apologized
                verb = verb.head.head if verb.head.pos_ == "ADP" else verb.head  # through "for"
                subj = climbed_subject(verb, idx, off) if verb.pos_ == "VERB" and verb.i < subj.i else None
            if subj is not None and subj.i < verb.i and _can_speak(subj):
                return off, verb
    # after: <quote ending with a comma> [,] subject VERB, or VERB subject
    inner = norm[region.start : region.end].rstrip()
    after = norm[region.close : region.close + 2].lstrip()
    # after a question or exclamation the sentence goes on only in lower case or with a name
    # ('"...?" reacted Tolland', '"...!" Tolland posted'); a capitalised common word starts the next
    asked = inner.rstrip("'\u2019 ").endswith(("?", "!")) and bool(after) and (after[0].islower() or name_then_verb(idx, region.close))
    if not (inner.endswith(",") or after.startswith(",") or asked):
        return None
    k = hi_q
    while k < len(idx.tokens) and (idx.tokens[k][1].is_space or idx.tokens[k][1].text == ","):
        k += 1
    first = k
    for k in range(first, min(len(idx.tokens), first + 8)):
        off, tok = idx.tokens[k]
        pos = off + tok.idx
        if pos >= p_end or idx.in_quote(pos) or tok.is_punct and not (tok.text == "-" and not tok.whitespace_ and not tok.nbor(-1).whitespace_):  # "vice-presidential" (v56)
            return None
        if tok.pos_ in ("VERB", "AUX"):
            if not _speaking_verb(tok):
                return None
            subj = climbed_subject(tok, idx, off) or _subject_outside(tok, idx, off)
            if subj is None or not _can_speak(subj):
                return None
            between = [idx.tokens[j][1] for j in range(first, k)]
            # only the verb's subject (with its words) before it, or the subject right after it
            if between and not all(_under(t, subj) for t in between):
                return None
            if not between and subj.i < tok.i:
                return None
            return off, tok
    return None


def _subject_outside(verb: Any, idx: TokenIndex, off: int) -> Any | None:
    """The verb's nominal subject outside the quote ('"...?" reacted Tolland', '"...?" she
    recalled', where the parser also made a clause of the quote a subject)."""
    for child in children(verb):
        if child.dep_ in SUBJECTS and child.pos_ in ("PROPN", "NOUN", "PRON") and usable_subject(child, idx, off):
            return child
    return None


def name_then_verb(idx: TokenIndex, pos: int) -> bool:
    """Whether a name and then a finite verb follow ``pos`` ('Tolland posted')."""
    k = idx.tok_index(pos)
    while k < len(idx.tokens) and (idx.tokens[k][1].is_space or idx.tokens[k][1].is_punct):
        k += 1
    first = k
    while k < len(idx.tokens) and k - first < 4 and idx.tokens[k][1].pos_ == "PROPN":
        k += 1
    return first < k < len(idx.tokens) and idx.tokens[k][1].pos_ == "VERB" and idx.tokens[k][1].tag_ in ("VBD", "VBZ", "VBP")


def _can_speak(subj: Any) -> bool:
    """A name, a pronoun, or a common noun that can speak ("the actress", "his friends"; not
    "an image"): a verb outside the lists needs a speaker to be read as speech."""
    return subj.pos_ in ("PROPN", "PRON") or is_plausible_speaker_noun(subj)


def _verb_ending_at(last: Any) -> Any | None:
    """The verb whose phrase ends with ``last``: ``last`` itself, or a verb a few words before
    it whose subtree runs to ``last`` with no other verb between ('shot back', 'pointed out
    in December', 'replied curtly')."""
    if last.pos_ == "VERB":
        return last
    node = last
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ == "VERB":
            break
    else:
        return None
    if node.i >= last.i or last.i - node.i > 5 or node.right_edge.i < last.i:
        return None
    between = [last.doc[j] for j in range(node.i + 1, last.i + 1)]
    if any(t.pos_ in ("VERB", "AUX") or t.dep_ in ("dobj", "ccomp", "xcomp") for t in between):
        return None  # an object or a clause of its own: the verb reports that, not the quote
    return node


def _under(tok: Any, head: Any) -> bool:
    """Whether ``tok`` is ``head`` or inside its subtree (a few levels up, within its sentence)."""
    node = tok
    for _ in range(6):
        if node.i == head.i:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def climbed_subject(cue: Any, idx: TokenIndex, off: int) -> Any | None:
    """The subject of the cue, or of the verb it hangs on through participles, conjuncts,
    complements and prepositions ('seemed to be ready to joke, telling the crowd': the one
    who seemed); when the parser hung the cue on a verb inside the quote, the subject of the
    sentence's main verb before the cue. A passive subject is not the speaker."""
    node, came = cue, cue
    for _ in range(7):
        if node is not cue and node.head.i != node.i and wh_clause(node):
            node = node.head  # '- where the Panthers played the Vikings - while chanting': not who chants
            continue
        for child in children(node):
            if child.dep_ in SUBJECTS:
                # 'a student can be heard asking': the one heard is the one who asks; 'Vale was
                # joined by Ode and joked': the passive subject is the subject of the joined verb too
                if child.dep_ == "nsubjpass" and node is not cue and (node.lemma_.lower() in _PERCEIVED or came.dep_ == "conj"):
                    return child if usable_subject(child, idx, off) and child.pos_ in ("PROPN", "NOUN", "PRON") else None
                if child.dep_ == "nsubjpass" or child.dep_ == "csubj":
                    return None
                return child if usable_subject(child, idx, off) and child.pos_ in ("PROPN", "NOUN", "PRON") else None
        # 'is shown lecturing:' the parser can read the -ing form as the object of the perceiving verb
        perceived = node.dep_ == "dobj" and node.tag_ == "VBG" and node.head.lemma_.lower() in _PERCEIVED
        if (node.dep_ not in _CLIMB_DEPS and not perceived) or node.head.i == node.i:
            return None
        if idx.in_quote(off + node.head.idx):
            # the parser hung the cue on a verb in the quote: the main clause; in a scare fragment ('branding it "all wrong" and insisting'), the verb holding it
            outside = (a for a in node.head.ancestors if a.pos_ in ("VERB", "AUX") and not idx.in_quote(off + a.idx))
            root = next(outside, cue.sent.root) if short_fragment(idx.text, idx.regions, idx.reg_opens, off + node.head.idx) else cue.sent.root
            if root.i >= cue.i or idx.in_quote(off + root.idx) or root.i == node.i:
                return subject_before_quote(root, cue, idx, off) if idx.in_quote(off + root.idx) and root.i < cue.i else None  # '-- "..." -- and asserting'
            node = came = root
            continue
        came, node = node, node.head
    return None


def participle_subject(cue: Any, idx: TokenIndex, off: int) -> Any | None:
    """The noun right before a participle cue, with no comma between ('footage of Ana Ruiz
    saying', 'a video shows a woman asking'): the one who says it, whatever the parser
    hung the participle on (it often hangs it on the main verb, whose subject is "the ad")."""
    if cue.tag_ != "VBG" or cue.i == 0:
        return None
    prev = cue.doc[cue.i - 1]
    if prev.pos_ not in ("PROPN", "NOUN") or not usable_subject(prev, idx, off) or prev.dep_ in ("compound", "amod"):
        return None
    if prev.dep_ == "pobj" and prev.head.lower_ in ("to", "for"):
        return None  # 'an email to supporters stating': those it was sent to do not state it
    return prev


def adjective_subject(cue: Any, idx: TokenIndex, off: int) -> Any | None:
    """An adjective used as a noun right before a finite cue ('the 61-year-old asked'): the
    parser makes the phrase the root of the sentence and hangs the verb on it as a clause
    (tagged a participle, too); with no other main verb, the adjective with its determiner
    is the one who speaks."""
    if cue.i == 0 or cue.dep_ not in ("acl", "relcl") or cue.tag_ not in ("VBD", "VBZ", "VBP", "VBN"):
        return None
    head = cue.head
    if head.i != cue.i - 1 or head.pos_ != "ADJ" or head.dep_ != "ROOT" or not any(c.dep_ == "det" for c in children(head)):
        return None
    return head if usable_subject(head, idx, off) else None


def name_before(cue: Any, idx: TokenIndex, off: int) -> Any | None:
    """The nearest person or organisation name before the cue in its sentence ("As Ana Ruiz,
    the author of a book on the subject, put it": the parser may make "it" the subject)."""
    for j in range(cue.i - 1, max(sentence_bounds(cue)[0], cue.i - 30) - 1, -1):
        tok = cue.doc[j]
        if tok.ent_type_ in ("PERSON", "ORG") and usable_subject(tok, idx, off):
            return tok
    return None

def reports_within(tok: Any) -> bool:
    """Whether a candidate cue is a relative clause about a noun, its relative pronoun being
    its object ('an audience that the organisers put at 2,000'): it says something about the
    noun, not who speaks a quote beside it."""
    return any(c.dep_ == "dobj" and c.lower_ in ("that", "which", "whom") for c in children(tok))


def reported_by_other(tok: Any, verbs: frozenset[str], idx: TokenIndex, off: int, region: QuoteRegion, *, before: bool = False) -> bool:
    """Whether a candidate cue after a quote sits inside the clause of another verb written
    before it, after the quote and outside quotes: a reporting verb's clause or a that-clause
    ('"..." Vance assured them that the ministry had added a levy': "added" is what Vance
    said, not the verb that speaks the quote before the sentence). With ``before``, the
    same for a candidate in the sentence before a quote that opens a sentence of its own
    ('the mayor told an audience that the organisers put at 2,000. "..."': the parser reads
    "put" as what the mayor told; the organisers do not speak the quote)."""
    node = tok
    for _ in range(6):
        head = node.head
        if head.i == node.i:
            return False
        at = off + head.idx
        side_ok = at < region.open if before else at >= region.close
        if node.dep_ in ("ccomp", "relcl", "acl") and head.i < node.i and side_ok and not idx.in_quote(at):
            # a reporting verb's clause, or any clause opened by "that" (the parser may hang it on a noun)
            if (node.dep_ == "ccomp" and is_cue(head, verbs)) or any(c.dep_ == "mark" and c.lower_ == "that" for c in children(node)):
                return True
        node = head
    return False


def presented(tok: Any) -> Any | None:
    """The one a presentational "here is" brings in before a colon ('Here's Lena Maric in
    March:', 'Here is the mayor:'): the name or noun the "is" has as subject or attribute."""
    if tok.lemma_.lower() != "be" and tok.lower_ not in ("'s", "\u2019s", "is"):
        return None
    kids = children(tok)
    if not any(c.lower_ == "here" for c in kids):
        return None
    return next((c for c in kids if c.dep_ in ("nsubj", "attr") and c.pos_ in ("PROPN", "NOUN")), None)


def introduced_whole(norm: str, region: QuoteRegion, cue_at: int) -> bool:
    """Whether a verb before the quote introduces it as a whole utterance: a comma or colon
    right before the opening mark (''wrote to her readers, "..."''), and the quote closed
    by its own comma or stop inside the marks ('"...,"'). The words after it ('and shared a
    link', 'when asked whether') are then the reporter's narration, not part of what was
    said, even when the parser runs the verb's clause on into them."""
    before = norm[cue_at : region.open].rstrip()
    if not before.endswith((",", ":")):
        return False
    inside = norm[region.start : region.end].rstrip(" \"'")
    return inside.endswith((",", ".", "!", "?"))


def runs_on_in_prose(norm: str, region: QuoteRegion) -> bool:
    """Whether a quote is a piece inside the reporter's sentence rather than a whole
    utterance: it opens in lower case, closes on a word (no comma or stop inside the marks)
    and the reporter's sentence runs on after it in lower case ('the panel said, "all point
    the same way" that the rule holds'; 'told the board that "we pay our debts" and that
    ...'). Such a quote is a fragment of a reported clause: mixed, not direct."""
    inside = norm[region.start : region.end].strip(" \"'")
    if not inside or not inside[0].islower() or not inside[-1].isalnum():
        return False
    after = norm[region.close : region.close + 3].lstrip(" ")
    return bool(after) and after[0].islower()


def embedded_in_prose(norm: str, region: QuoteRegion, regions: list[QuoteRegion]) -> bool:
    """Whether a quote with no cue is a piece of the reporter's own sentence: a word, not a
    comma, colon or dash, stands right before the opening mark ('is in fact a "quiet
    snub."', 'with "more nerve than usual."'). Such a piece is a term
    or a scare quote; it does not go on the words of whoever spoke last. Not a second piece
    a few words after another quote in the same sentence ('claimed the plan was "a tax" but
    "nobody will admit it."'): that one goes on the first piece's attribution."""
    p_start = norm.rfind("\n", 0, region.open) + 1
    before = norm[p_start : region.open].rstrip()
    if not before or not before[-1].isalnum():
        return False
    last = before.split()[-1]
    if len(last) > 1 and last.isupper():
        return False  # 'A HEADING IN CAPITALS "...": a run-in heading, then the quote
    for r in regions:
        gap = norm[r.close : region.open]
        if r.close <= region.open and len(gap) <= 80 and not any(ch in gap for ch in ".!?:;\n"):
            return False
    return True


def other_subject(subj: Any) -> Any | None:
    """When the tagger made a dash or other mark a subject ('read out the list ― Brent boasted':
    "―" a noun, "public" its adjective), the verb's other subject written in words, if any."""
    return next(
        (c for c in children(subj.head) if c.dep_ in SUBJECTS and c is not subj and any(ch.isalnum() for ch in c.text)), None
    )


def colon_speaker(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any] | None:
    """'Jane Doe, an economist: "..."' or 'The report concluded:' with no speech verb:
    the name right before the colon, else the subject of the clause before it."""
    j = region.open - 1
    while j >= 0 and norm[j] in " \t\n":
        j -= 1
    if j < 0 or norm[j] != ":":
        return None
    k = idx.tok_index(j) - 1
    if k < 0:
        return None
    off, tok = idx.tokens[k]
    # "celebrated the attack on Twitter:": a medium or place after "on/in/at" is not who spoke
    medium = tok.dep_ == "pobj" and tok.head.lower_ in ("on", "in", "at") and tok.i - tok.head.i <= 4
    # "gave her verdict to the weekly Harbor Tidings:", "told CNN:": who was told, not who spoke
    told = tok.head if tok.dep_ == "appos" else tok  # "the weekly newspaper Harbor Tidings"
    medium = medium or (told.dep_ == "pobj" and told.head.lower_ in ("to", "with") and told.head.head.lower_ != "according" and tok.i - told.head.i <= 6)
    medium = medium or (told.dep_ in ("dobj", "dative") and told.head.lemma_.lower() in ADDRESSED)
    if tok.pos_ == "PROPN" and not medium and not idx.in_quote(off + tok.idx):
        return off, tok
    root = tok
    for _ in range(12):
        if root.head.i == root.i or root.pos_ in ("VERB", "AUX") or idx.in_quote(off + root.head.idx):
            break  # the parser may hang the words before the colon on a verb inside the quote
        root = root.head
    here = presented(root)  # "Here's Lena Maric in March:"
    if here is not None and usable_subject(here, idx, off):
        return off, here
    subj = subject_of(root) if root.pos_ in ("VERB", "AUX") else None
    if subj is not None and subj.tag_ in ("WP", "WDT") and root.head.i != root.i and root.head.pos_ in ("VERB", "AUX"):
        subj = subject_of(root.head)  # "Brandt spelled out what had gone wrong ... to the paper:": who spelled it out
    if subj is not None and usable_subject(subj, idx, off):
        return off, subj
    if root.pos_ not in ("VERB", "AUX") and tok.pos_ == "NOUN" and not idx.in_quote(off + tok.idx):
        return off, tok  # a verbless heading: "From the report:"
    return None

def dash_speaker(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any] | None:
    """A name after a dash that follows the quote ('"..." - Jane Doe'): its head token."""
    j = region.close
    n = len(norm)
    while j < n and norm[j] in " ,":
        j += 1
    if j >= n or norm[j] != "-":
        return None
    return name_after_dash(idx, j, n) or _aside_speaker(idx, norm, region)


def _aside_speaker(idx: TokenIndex, norm: str, region: QuoteRegion) -> tuple[int, Any] | None:
    """'As Vance stepped back from the lectern - "...!" - the crowd cheered': a quotation set off
    by dashes (no verb of saying near it) is the person's named right before the first dash, or
    the person's who is the subject of the clause that ends there."""
    c = region.open - 1
    while c >= 0 and norm[c] in "- ":  # back over the spaces, the dash and the spaces before it (a walk, not a copy)
        c -= 1
    if "-" not in norm[c + 1 : region.open] or (k := idx.tok_index(c + 1) - 1) < 0:
        return None
    off, tok = idx.tokens[k]
    if idx.in_quote(off + tok.idx) or "\n" in norm[off + tok.idx : region.open]:
        return None
    verb = tok
    for _ in range(3):  # "stepped back from the lectern -": up to the verb
        verb = verb if verb.pos_ in ("VERB", "AUX") else verb.head
    subj = tok if tok.ent_type_ == "PERSON" else subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
    ok = subj is not None and (subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she")) and usable_subject(subj, idx, off)
    return (off, subj) if ok else None


#: Dash characters a credit line can start with.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def name_after_dash(idx: TokenIndex, dash: int, end: int) -> tuple[int, Any] | None:
    """The last token of the proper name right after the dash at ``dash`` (before ``end``):
    '- Jane Doe', '-President Vale' (a dash the tokenizer left on the word)."""
    head = None
    k = idx.tok_index(dash + 1)  # the token after the dash, or the word the dash is glued to
    for step in range(k, min(len(idx.tokens), k + 8)):
        off, tok = idx.tokens[step]
        if off + tok.idx >= end:
            break
        if head is None and (tok.is_space or not tok.text.strip(_DASHES)):
            continue  # the dash itself
        if tok.pos_ == "PROPN" and tok.text.lstrip(_DASHES)[:1].isupper():
            head = (off, tok)
            continue
        break
    return head


def names_only_the_speaker(norm: str, off: int, tok: Any, start: int, region: QuoteRegion) -> bool:
    """Whether the words from ``start`` to the quote are only the speaker, right after an
    inverted cue that follows another quotation ('"X," said Ode, the chair, "Y."': the parser
    made Ode the subject of Y's clause): no verb among them, a comma before the mark. ``norm``
    is the text with every double quote mark written '"'."""
    cue_at = off + tok.idx
    if not (cue_at < start < region.open and norm[:cue_at].rstrip().endswith('"')):
        return False
    if not norm[start : region.open].rstrip().endswith(","):
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in tok.doc if start <= off + t.idx < region.open)
