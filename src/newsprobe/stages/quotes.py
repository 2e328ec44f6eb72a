"""Quotes and their speakers: direct, indirect (reported speech), mixed and scare quotes.

Rule-based over the shared spaCy parse, so that attribution costs little next to parsing:

1. Quotation marks are paired in one linear pass (``quote_marks``): straight and curly,
   double and single, nested, running over paragraphs; unbalanced marks are dropped.
2. Each quoted region looks for its cue: a reporting verb ("said", "told", "added",
   "according to") outside any quote, nearest first, in the sentences the quote touches (or
   the sentence before it when that ends with a colon). The cue's subject is the speaker.
   Without a cue, a name after a dash ('"..." - Jane Doe') or before a colon speaks, else
   the quote inherits the speaker of the attribution just before it in the paragraph.
   Interview transcripts ("PENCE: ...") speak for the person the article names.
   A short quoted phrase that no reporting verb governs is a ``scare`` quote: never a speaker.
   A quote embedded in a reported clause ("said the plan was 'a mess'") makes the clause
   ``mixed``.
3. Every other reporting verb with a clausal complement ("the senator said the bill would
   fail", "according to police, ...", "as Reuters put it, ...") yields an ``indirect``
   quote; so do belief and finding verbs with a "that" clause and a few speech acts with an
   object ("urged Congress to act"), with lower confidence.
4. Speakers resolve within the story (``quote_speakers``): entity canonical names, titles,
   pronouns, organisations and groups.

Each span is the quoted content; ``attrs`` hold ``speaker`` (canonical name or None),
``speaker_start``/``speaker_end`` (the mention used as evidence), ``speaker_kind``, ``cue``,
``cue_start``/``cue_end`` and ``confidence`` (also the span's ``score``). The citations stage
reads these attrs: keep them stable.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..article import Article, Span
from ..pipeline import RESOURCE_DOC, Context, stage
from ..settings import Settings
from ..signals import group_by_story
from .quote_marks import QuoteRegion, find_quotes
from .quote_speakers import Speaker, SpeakerResolver

#: Lemmas of verbs that report speech or writing.
SPEECH_VERBS: frozenset[str] = frozenset(
    """say tell add state claim argue assert announce explain warn insist note report write
    declare acknowledge admit confirm deny suggest reply respond answer recall predict promise
    vow testify complain concede contend maintain observe remark reveal urge tweet post allege
    charge stress emphasize emphasise conclude caution disclose indicate quip joke shout
    continue ask tell explain counter retort pledge boast lament mention recount announce
    threaten brag concur opine speculate affirm reiterate repeat estimate forecast yell scream
    exclaim chant whisper mutter murmur plead demand""".split()
)
#: Lemmas of verbs that attribute a belief or stance (reported, with lower confidence).
BELIEF_VERBS: frozenset[str] = frozenset("believe think feel fear hope expect worry doubt know".split())
#: Lemmas of verbs that report findings ("a poll found that ...", "the data show that ...").
EVIDENCE_VERBS: frozenset[str] = frozenset("show find suggest indicate reveal conclude estimate learn".split())
#: Speech acts whose content is a noun phrase or an infinitive ("called on Congress to act",
#: "urged voters to ...", "questioned the figures", "denied the report").
ACT_VERBS: frozenset[str] = frozenset(
    """urge question cite deny criticize criticise accuse praise condemn denounce blast slam
    mock attack dismiss reject defend applaud demand propose""".split()
)
#: Stances, plans and decisions whose content is an infinitive or an object ("wants to build
#: a wall", "endorsed Clinton", "refused to comment"). Reported, with low confidence, and
#: only when the verb has a subject; never cues for direct quotes.
STANCE_VERBS: frozenset[str] = frozenset(
    """want plan seek refuse decline decide agree endorse oppose support back favor favour prefer
    intend describe express echo apologize apologise blame welcome tout advocate dispute
    downplay reaffirm""".split()
)
#: Nouns that carry an attribution when someone owns them ("Trump's decision to run",
#: "her claim that ...", "the call by unions for ..."): content is the clause or object after
#: them, speaker the possessor or the "by" agent.
CUE_NOUNS: frozenset[str] = frozenset(
    """claim view belief argument assertion statement decision refusal plan promise pledge demand
    support opposition proposal warning suggestion insistence accusation allegation vow threat
    call intention desire wish hope fear announcement endorsement criticism""".split()
)
#: Verbs that introduce a direct quote only when right next to it ('"...," he mocks.',
#: '"...," the sign reads.').
ADJACENT_VERBS: frozenset[str] = ACT_VERBS | frozenset(
    "read quip laugh sigh snap scoff gush muse tweet post chant sing cry exclaim wonder marvel text email"
    " beam boom thunder bark gripe grumble rant roar gasp fume shoot fire lecture".split()
)
#: Verbs that label something with a quoted phrase ("called the plan 'a disaster'").
LABEL_VERBS: frozenset[str] = frozenset("call describe dub label term brand deride hail".split())

#: A quote inside a reporting verb's subject, or inside an adverbial clause opened by one of
#: these words, is not what the verb reports ("while the 'experts' argued, officials admitted ...").
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
_SUBORDINATORS = frozenset({"while", "as", "when", "whenever", "although", "though", "because", "since", "after",
                            "before", "if", "unless", "whereas", "until", "once"})
#: "so-called" right before the opening mark makes a quoted phrase a scare quote.
_SO_CALLED = re.compile(r"\bso[- ]called\s*$", re.IGNORECASE)
#: A quote with fewer words than this, not ending a sentence, is a phrase (scare or mixed).
PHRASE_MAX_WORDS = 5
#: Tokens searched on either side of a quote for its cue (bounds work on hostile input).
CUE_WINDOW_TOKENS = 40
#: "PENCE: Well, ..." at the start of a paragraph (interview transcripts).
_TRANSCRIPT = re.compile(r"[ \t\"'\u201c]*([A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,2})[ \t]*:[ \t]+(?=\S)")
_SUBJECT_DEPS = ("nsubj", "csubj", "nsubjpass")
#: Lower-case words allowed inside a title ("Meet the Press", "Flip the Script with Liz Plank").
_TITLE_SMALL = frozenset("a an and at by for from in of on or the to with vs".split())
#: Words just before a quoted title: 'told NBC's "Meet the Press."', 'the film "..."'.
_TITLE_LEADS = re.compile(
    r"(?:'s|\bs'|\b(?:on|in|of|titled|entitled|named|show|program|programme|series|film|movie|book|song|album|novel|documentary|play|podcast|column|essay|hashtag|slogan|banner|sign|cap|hat|shirt))\s*$",
    re.IGNORECASE,
)
_TRIM = " \t\n\r,;:"


@dataclass
class _Found:
    """An attribution found, before its speaker is resolved."""

    start: int
    end: int
    label: str
    confidence: float
    cue_span: tuple[int, int] | None = None
    subject: tuple[int, Any] | None = None  # (chunk offset, subject token)
    inherit_from: int | None = None  # index of an earlier attribution whose speaker this one shares
    pending: tuple[int, int] | None = None  # (opening mark, earliest offset) of a quote with no cue
    speaker: Speaker | None = None


class _Index:
    """Token and quote lookups by character offset for one article."""

    def __init__(self, article: Article, ctx: Context, regions: list[QuoteRegion]) -> None:
        self.text = article.text
        self.tokens: list[tuple[int, Any]] = list(ctx.tokens())
        self.tok_starts = [off + tok.idx for off, tok in self.tokens]
        self.regions = regions
        self.reg_opens = [r.open for r in regions]
        sents = article.layer("sentences")
        self.sent_starts = [s.start for s in sents]
        self.sent_ends = [s.end for s in sents]

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.reg_opens, pos) - 1
        return i >= 0 and self.regions[i].open <= pos < self.regions[i].close

    def tok_index(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect.bisect_left(self.tok_starts, pos)

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        if i < 0:
            return (0, self.sent_ends[0] if self.sent_ends else len(self.text))
        return self.sent_starts[i], self.sent_ends[i]


def _edges_span(off: int, parts: list[Any], text: str, min_tokens: int = 2) -> tuple[int, int] | None:
    """Character span from the first to the last token under ``parts`` (dependency
    children), read from their edges so that a huge sentence costs O(1) per cue."""
    if not parts:
        return None
    first = min(p.left_edge for p in parts)
    last = max(p.right_edge for p in parts)
    if last.i - first.i + 1 < min_tokens:
        return None
    start, end = _trim(text, off + first.idx, off + last.idx + len(last.text), clause=True)
    return (start, end) if end > start else None


def _looks_like_title(content: str, before: str) -> bool:
    """A short quoted phrase in title case right after "on", "'s", "the film" and the like
    ('told NBC's "Meet the Press."') names a show, book or song; it is not speech."""
    words = content.strip(" .,!?;:").split()
    if not 1 <= len(words) <= 10 or not _TITLE_LEADS.search(before):
        return False
    alpha = [w for w in words if w[:1].isalpha()]
    if not alpha or not alpha[0][0].isupper():
        return False
    caps = sum(1 for w in alpha if w[0].isupper())
    return all(w[0].isupper() or w.lower() in _TITLE_SMALL for w in alpha) and (caps >= 2 or len(alpha) == 1)


def _is_cue(tok: Any, verbs: frozenset[str]) -> bool:
    """A verb of ``verbs`` used as a verb ("said"), not as a modifier ("continued support")."""
    return tok.lemma_.lower() in verbs and tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound")


def _ccomp_children(tok: Any) -> list[Any]:
    """The direct children of the cue's clausal complement."""
    return [c for child in tok.children if child.dep_ == "ccomp" for c in child.children]


def _is_put_it(tok: Any) -> bool:
    """ "as Reuters put it" """
    return tok.lemma_.lower() == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)


def _is_according(tok: Any) -> bool:
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to"


def _cue_span(off: int, tok: Any) -> tuple[int, int]:
    """The cue's characters: the verb, plus "to" after "according", or a particle ("point out")."""
    start, end = off + tok.idx, off + tok.idx + len(tok.text)
    for child in tok.rights:
        if (child.dep_ == "prt" or (tok.lower_ == "according" and child.lower_ == "to") or (child.lower_ == "it" and child.dep_ == "dobj")) and child.i == tok.i + 1:
            end = off + child.idx + len(child.text)
    return start, end


def _subject_of(tok: Any) -> Any | None:
    """The grammatical subject of a reporting verb (climbing through "and said", "adding")."""
    if tok.lower_ == "according":
        for child in tok.children:
            if child.lower_ == "to":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
        return None
    node = tok
    for _ in range(3):
        for child in node.children:
            if child.dep_ in _SUBJECT_DEPS:
                return None if child.dep_ == "nsubjpass" else child
        if node.dep_ in ("conj", "xcomp", "advcl") and node.head is not node:
            node = node.head
        else:
            break
    return None


#: Verbs whose next word is the person addressed ("told Smith", "asking Trump"), not the speaker.
_ADDRESSED = frozenset("tell ask urge warn inform remind assure advise accuse".split())
_NOT_SPEAKER_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY"}


def _usable_subject(tok: Any | None, idx: "_Index", off: int) -> bool:
    """A subject that can be a speaker: not inside a quote, not a date or number."""
    if tok is None or idx.in_quote(off + tok.idx):
        return False
    # "said Thursday" is a date, "the 46-year-old" is a person
    return not (tok.ent_type_ in _NOT_SPEAKER_ENTS and tok.pos_ in ("PROPN", "NUM"))


def _adjacent_name(cue: Any, idx: "_Index", off: int) -> Any | None:
    """A fallback speaker when the parser gave no usable subject: the noun or pronoun right
    before or after the cue ("Jordan said", "said Jordan"), else the nearest person or
    organisation name before the cue in its sentence."""
    doc = cue.doc
    neighbours = (cue.i - 1,) if cue.lemma_.lower() in _ADDRESSED else (cue.i - 1, cue.i + 1)
    for j in neighbours:
        if 0 <= j < len(doc):
            tok = doc[j]
            if tok.pos_ in ("PROPN", "NOUN", "PRON") and _usable_subject(tok, idx, off):
                if j == cue.i + 1:  # "said Chuck Jordan": take the last word of the name
                    while j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN":
                        j += 1
                    tok = doc[j]
                return tok
    sent_start = cue.sent.start
    for j in range(cue.i - 1, max(sent_start, cue.i - 12) - 1, -1):
        tok = doc[j]
        if tok.ent_type_ in ("PERSON", "ORG") and _usable_subject(tok, idx, off):
            return tok  # scanning leftwards, the first name token met is the name's last word
    return None


def _trim(text: str, start: int, end: int, *, clause: bool = False) -> tuple[int, int]:
    """Strip spaces and clause punctuation; for a reported clause also a leading "that"
    and the sentence's final full stop."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if clause:
        if text[start : start + 5].lower() == "that " and end - start > 5:
            start += 5
        while end > start and text[end - 1] in _TRIM + ".":
            end -= 1
    return start, end


def _complement(off: int, cue: Any, text: str) -> tuple[int, int] | None:
    """The reported content a cue governs: its clausal complement, the clause it interrupts
    ("The plan, he said, is dead"), or the clause "according to X" is attached to."""
    if cue.lower_ == "according":
        head = cue.head
        if head is cue:
            return None
        own = list(cue.subtree)
        before = [t for t in head.subtree if t.i < own[0].i]
        after = [t for t in head.subtree if t.i > own[-1].i and not t.is_punct or t.i > own[-1].i + 1]
        rest = before if len(before) >= len(after) else after
        if len(rest) < 3:
            return None
        return _trim(text, off + rest[0].idx, off + rest[-1].idx + len(rest[-1].text), clause=True)
    for child in cue.children:
        if child.dep_ == "ccomp":
            toks = [t for t in child.subtree if not (t.dep_ == "mark" and t.head is child and t.i == child.left_edge.i)]
            if len(toks) < 3:
                return None
            return _trim(text, off + toks[0].idx, off + toks[-1].idx + len(toks[-1].text), clause=True)
    if cue.lemma_.lower() in STANCE_VERBS and cue.lemma_.lower() not in SPEECH_VERBS:
        parts = [
            c
            for c in cue.rights
            if c.dep_ in ("dobj", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("for", "to", "on", "against") and c.i == cue.i + 1)
        ]
        return _edges_span(off, parts, text)
    if cue.lemma_.lower() in ACT_VERBS or (cue.lemma_.lower() == "call" and any(c.dep_ == "prep" and c.lower_ in ("on", "for") for c in cue.children)):
        toks = [t for c in cue.rights if c.dep_ in ("dobj", "xcomp", "prep", "ccomp", "oprd") for t in c.subtree]
        if len(toks) >= 2:
            toks.sort(key=lambda t: t.i)
            return _trim(text, off + toks[0].idx, off + toks[-1].idx + len(toks[-1].text), clause=True)
        return None
    as_clause = cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    if (cue.dep_ == "parataxis" or as_clause) and cue.head is not cue:
        head = cue.head
        own = list(cue.subtree)
        toks = list(head.subtree)
        if own[-1].i >= toks[-1].i - 1:  # "..., the senator said." at the end: cut it off
            toks = [t for t in toks if t.i < own[0].i]
        elif own[0].i <= toks[0].i:  # "As Reuters put it, ..." at the start: skip it
            toks = [t for t in toks if t.i > own[-1].i]
        if len(toks) < 3:
            return None
        return _trim(text, off + toks[0].idx, off + toks[-1].idx + len(toks[-1].text), clause=True)
    return None


class QuoteFinder:
    """Finds the attributions of one article (see the module docstring)."""

    def __init__(self, article: Article, ctx: Context) -> None:
        self.article = article
        self.text = article.text
        self.norm = ctx.normalized_text
        regions = find_quotes(self.text, self.norm)
        self.idx = _Index(article, ctx, regions)
        self.used_cues: set[tuple[int, int]] = set()
        self.found: list[_Found] = []

    # --- direct, mixed and scare quotes -----------------------------------------------

    def _nearest_cue(self, region: QuoteRegion) -> tuple[int, Any] | None:
        """The reporting verb nearest the quote, outside quotes, in the sentences it touches;
        a few words more on either side when the quote does not sit at a sentence boundary
        (the sentence splitter often cuts at a closing mark: '"..." Trump said.')."""
        idx = self.idx
        s_start, _ = idx.sentence_bounds(region.open)
        _, s_end = idx.sentence_bounds(max(region.open, region.close - 1))
        lo_q, hi_q = idx.tok_index(region.open), idx.tok_index(region.close)
        lo = max(idx.tok_index(s_start), lo_q - CUE_WINDOW_TOKENS)
        hi = min(idx.tok_index(s_end), hi_q + CUE_WINDOW_TOKENS)
        para_start = self.text.rfind("\n", 0, region.open) + 1
        para_end = self.text.find("\n", region.close)
        para_end = len(self.text) if para_end < 0 else para_end
        before = self.norm[para_start : region.open].rstrip()
        if before and before[-1] not in ".!?":
            lo = min(lo, max(idx.tok_index(para_start), lo_q - 8))
        if self.norm[region.close : para_end].strip():
            hi = max(hi, min(idx.tok_index(para_end), hi_q + 8))
        best: tuple[int, tuple[int, Any]] | None = None
        for k in list(range(lo, lo_q)) + list(range(hi_q, hi)):
            off, tok = idx.tokens[k]
            pos = off + tok.idx
            adjacent = (k >= hi_q and k - hi_q <= 3) or (k < lo_q and lo_q - k <= 2)
            if not (_is_cue(tok, SPEECH_VERBS) or _is_according(tok) or (adjacent and _is_cue(tok, ADJACENT_VERBS))):
                continue
            if idx.in_quote(pos):
                continue
            clause = _complement(off, tok, self.text)
            if clause is not None and (clause[1] <= region.open or clause[0] >= region.close):
                if not (idx.in_quote(clause[0]) or idx.in_quote(clause[1] - 1)):
                    continue  # it reports something unquoted ("He said the plan would fail.")
            dist = region.open - pos if pos < region.open else pos - region.close
            if best is None or dist < best[0]:
                best = (dist, (off, tok))
        if best is not None:
            return best[1]
        # "She said:" ending the sentence (or paragraph) just before the quote
        before = self.norm[max(0, region.open - 3) : region.open].rstrip()
        if before.endswith(":"):
            colon = region.open - (len(self.norm[max(0, region.open - 3) : region.open]) - len(before)) - 1
            p_start, _ = idx.sentence_bounds(max(0, colon))
            for k in range(idx.tok_index(colon) - 1, max(idx.tok_index(p_start), idx.tok_index(colon) - CUE_WINDOW_TOKENS) - 1, -1):
                off, tok = idx.tokens[k]
                if _is_cue(tok, SPEECH_VERBS) and not idx.in_quote(off + tok.idx):
                    return off, tok
        return None

    def _colon_speaker(self, region: QuoteRegion) -> tuple[int, Any] | None:
        """'Jane Doe, an economist: "..."' or 'The report concluded:' with no speech verb:
        the name right before the colon, else the subject of the clause before it."""
        idx = self.idx
        j = region.open - 1
        while j >= 0 and self.norm[j] in " \t\n":
            j -= 1
        if j < 0 or self.norm[j] != ":":
            return None
        k = idx.tok_index(j) - 1
        if k < 0:
            return None
        off, tok = idx.tokens[k]
        if tok.pos_ == "PROPN" and not idx.in_quote(off + tok.idx):
            return off, tok
        root = tok
        for _ in range(12):
            if root.head is root or root.pos_ in ("VERB", "AUX"):
                break
            root = root.head
        subj = _subject_of(root) if root.pos_ in ("VERB", "AUX") else None
        if subj is not None and _usable_subject(subj, idx, off):
            return off, subj
        if root.pos_ not in ("VERB", "AUX") and tok.pos_ == "NOUN" and not idx.in_quote(off + tok.idx):
            return off, tok  # a verbless heading: "From the report:"
        return None

    def _dash_speaker(self, region: QuoteRegion) -> tuple[int, Any] | None:
        """A name after a dash that follows the quote ('"..." - Jane Doe'): its head token."""
        idx = self.idx
        j = region.close
        n = len(self.norm)
        while j < n and self.norm[j] in " ,":
            j += 1
        if j >= n or self.norm[j] != "-":
            return None
        k = idx.tok_index(j + 1)
        head = None
        for step in range(k, min(len(idx.tokens), k + 5)):
            off, tok = idx.tokens[step]
            if tok.pos_ == "PROPN":
                head = (off, tok)
            elif head is not None or not tok.is_space:
                break
        return head

    def _governing_cue(self, region: QuoteRegion) -> tuple[int, Any] | None:
        """A reporting or labelling verb that is an ancestor of the quote's first word."""
        idx = self.idx
        k = idx.tok_index(region.start)
        if k >= len(idx.tokens) or idx.tok_starts[k] >= region.end:
            return None
        off, tok = idx.tokens[k]
        node = tok
        for _ in range(12):
            if node.head is node:
                break
            child, node = node, node.head
            pos = off + node.idx
            if region.open <= pos < region.close:
                continue
            if _is_cue(node, SPEECH_VERBS | BELIEF_VERBS):
                # a quote inside the verb's subject or an adverbial clause is not what it reports:
                # "while the 'experts' were busy, officials admitted ..."
                if child.dep_ in _SUBJECTS or (
                    child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _SUBORDINATORS for m in child.children)
                ):
                    return None
                return off, node
            if _is_cue(node, LABEL_VERBS):
                # "called the plan 'a disaster'": the phrase must be the label itself, and
                # "so-called" marks a scare quote, not speech
                so_called = node.i > 0 and node.doc[node.i - 1].text in ("-", "so") and node.text.lower() == "called"
                if not so_called and child.dep_ in ("oprd", "dobj", "attr", "ccomp", "xcomp") and region.open <= off + child.idx < region.close:
                    return off, node
                return None
        return None

    def _add_direct(self, region: QuoteRegion) -> None:
        idx = self.idx
        start, end = _trim(self.text, region.start, region.end)
        if end <= start:
            return
        content = self.text[start:end]
        if _looks_like_title(content, self.norm[max(0, region.open - 20) : region.open]):
            self.found.append(_Found(start, end, "scare", 0.6))  # a title is not speech
            return
        words = len(content.split())
        sentence_like = words >= PHRASE_MAX_WORDS or content.rstrip("\"' ").endswith(("." ,"!", "?"))
        if not sentence_like and _SO_CALLED.search(self.norm[max(0, region.open - 12) : region.open]):
            self.found.append(_Found(start, end, "scare", 0.7))  # "the so-called 'experts'"
            return
        gov = None if sentence_like else self._governing_cue(region)
        if not sentence_like and gov is None:
            self.found.append(_Found(start, end, "scare", 0.6))
            return
        if gov is not None:
            off, cue = gov
            clause = _complement(off, cue, self.text)
            label, c_start, c_end = "mixed", start, end
            if clause is not None and clause[0] <= region.open and region.close <= clause[1] + 1:
                outside = self.text[clause[0] : region.open] + self.text[region.close : clause[1]]
                if any(ch.isalnum() for ch in outside):
                    c_start, c_end = clause
                else:
                    label = "direct"
            elif cue.lemma_.lower() in LABEL_VERBS:
                label = "mixed"
            self._emit_cued(c_start, c_end, label, 0.75, off, cue)
            return
        cue = self._nearest_cue(region)
        if cue is None:
            named = self._dash_speaker(region) or self._colon_speaker(region)
            if named is not None:
                self.found.append(_Found(start, end, "direct", 0.8, subject=named))
                return
            gov = self._governing_cue(region)  # "calling him 'a ... man who ...'"
            if gov is not None and gov[1].lemma_.lower() in LABEL_VERBS:
                self._emit_cued(start, end, "direct", 0.75, gov[0], gov[1])
                return
            self._add_uncued(start, end, region)
            return
        off, tok = cue
        clause = _complement(off, tok, self.text)
        label, c_start, c_end = "direct", start, end
        if clause is not None and clause[0] < region.open and region.close <= clause[1] + 1:
            lead = self.text[clause[0] : region.open]
            if sum(ch.isalnum() for ch in lead) > 3:
                label, c_start, c_end = "mixed", clause[0], max(clause[1], end)
        self._emit_cued(c_start, c_end, label, 0.9, off, tok)

    def _emit_cued(self, start: int, end: int, label: str, confidence: float, off: int, cue: Any) -> None:
        self.used_cues.add((off, cue.i))
        subj = _subject_of(cue)
        if not _usable_subject(subj, self.idx, off):
            subj = _adjacent_name(cue, self.idx, off)  # no subject, or a misparse
        self.found.append(
            _Found(start, end, label, confidence, cue_span=_cue_span(off, cue), subject=(off, subj) if subj is not None else None)
        )

    def _add_uncued(self, start: int, end: int, region: QuoteRegion) -> None:
        """A full quote without a cue: it will share the speaker of the nearest attribution
        before it in its paragraph (or in the paragraph before, when the quote opens a
        paragraph); see ``_resolve_uncued``. Else it stays unattributed."""
        para_start = self.text.rfind("\n", 0, region.open) + 1
        opens_paragraph = not self.norm[para_start : region.open].strip()
        limit = para_start
        if opens_paragraph and para_start > 0:
            p = para_start - 1
            while p > 0 and self.text[p - 1] in "\n\r \t":
                p -= 1
            limit = self.text.rfind("\n", 0, p) + 1
        self.found.append(_Found(start, end, "direct", 0.4, pending=(region.open, limit)))

    def _resolve_uncued(self) -> None:
        order = sorted(range(len(self.found)), key=lambda i: self.found[i].start)
        ends: list[tuple[int, int]] = []  # (end, index) of attributions that have a speaker source
        for i in order:
            f = self.found[i]
            if f.pending is not None:
                open_at, limit = f.pending
                best = None
                for end, j in reversed(ends[-6:]):
                    prev = self.found[j]
                    if end <= open_at and min(prev.start, prev.cue_span[0] if prev.cue_span else prev.start) >= limit - 1:
                        best = j
                        break
                if best is not None:
                    f.inherit_from = best
                    f.confidence = 0.7 if self.found[best].label != "indirect" else 0.6
            reported_speech = f.label != "indirect" or f.confidence >= 0.75  # not a stance or finding
            if f.label != "scare" and reported_speech and (f.subject is not None or f.speaker is not None or f.inherit_from is not None):
                bisect.insort(ends, (f.end, i))

    # --- transcripts ---------------------------------------------------------------------

    def _add_transcripts(self) -> None:
        """Paragraphs of an interview transcript ("PENCE: Well, ..."): the rest of the
        paragraph is the speaker's words. The name must be a person the article names
        ("PENCE" for "Mike Pence"), so that "Note:" or "Update:" never speak."""
        people: dict[str, str] = {}
        for ent in self.article.layer("entities"):
            if ent.label == "PERSON":
                canon = str(ent.attrs.get("canonical") or "")
                for word in canon.split():
                    if len(word) >= 3:
                        people.setdefault(word.upper(), canon)
        if not people:
            return
        taken = sorted((f.start, f.end) for f in self.found)
        starts = [t[0] for t in taken]
        pos = 0
        text = self.text
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            m = _TRANSCRIPT.match(text, pos, end)
            if m is not None:
                name = m.group(1)
                canon = people.get(name.split()[-1].upper().rstrip("."))
                if canon is not None and (name.isupper() or canon.endswith(name)):
                    c_start, c_end = _trim(text, m.end(), end)
                    j = bisect.bisect_left(starts, c_end)
                    free = not (j > 0 and taken[j - 1][1] > c_start)
                    if free and len(text[c_start:c_end].split()) >= 3:
                        colon = text.rfind(":", m.start(1), m.end())
                        speaker = Speaker(canon, "person", m.start(1), m.end(1))
                        self.found.append(_Found(c_start, c_end, "direct", 0.8, cue_span=(colon, colon + 1), speaker=speaker))
            pos = end + 1

    # --- indirect ------------------------------------------------------------------------

    def _add_indirect(self) -> None:
        idx = self.idx
        taken = sorted((f.start, f.end) for f in self.found if f.label != "scare")
        taken_starts = [t[0] for t in taken]
        for off, tok in idx.tokens:
            lemma = tok.lemma_.lower()
            if lemma in SPEECH_VERBS or lemma in BELIEF_VERBS or lemma in EVIDENCE_VERBS or lemma in ACT_VERBS or lemma in STANCE_VERBS or lemma == "call":
                if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
                    continue
            elif not (_is_according(tok) or _is_put_it(tok)):
                continue
            if (off, tok.i) in self.used_cues or idx.in_quote(off + tok.idx):
                continue
            clause = _complement(off, tok, self.text)
            if clause is None:
                continue
            c_start, c_end = clause
            j = bisect.bisect_left(taken_starts, c_end)
            if j > 0 and taken[j - 1][1] > c_start:
                continue  # overlaps a quote already attributed
            subj = _subject_of(tok)
            if lemma in EVIDENCE_VERBS and lemma not in SPEECH_VERBS and not any(c.dep_ == "mark" and c.lower_ == "that" for c in _ccomp_children(tok)):
                continue  # "shows" without "that" is too often not a report
            if (lemma in ACT_VERBS or lemma in STANCE_VERBS or lemma == "call") and subj is None:
                continue
            confidence = 0.55 if lemma in BELIEF_VERBS or lemma in EVIDENCE_VERBS or lemma in ACT_VERBS or lemma in STANCE_VERBS or lemma == "call" else 0.75 if subj is not None else 0.5
            self.used_cues.add((off, tok.i))
            self.found.append(
                _Found(c_start, c_end, "indirect", confidence, cue_span=_cue_span(off, tok), subject=(off, subj) if subj is not None else None)
            )

    def _add_noun_cues(self) -> None:
        """Attributions carried by a noun with an owner: "Trump's decision to run", "her claim
        that ...", "the call by unions for a strike"."""
        idx = self.idx
        taken = sorted((f.start, f.end) for f in self.found if f.label != "scare")
        taken_starts = [t[0] for t in taken]
        for off, tok in idx.tokens:
            if tok.pos_ != "NOUN" or tok.lemma_.lower() not in CUE_NOUNS or idx.in_quote(off + tok.idx):
                continue
            owner = next((c for c in tok.lefts if c.dep_ == "poss"), None)
            if owner is None:
                by = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "by"), None)
                owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
            if owner is None or owner.pos_ not in ("PROPN", "PRON", "NOUN") or owner.lower_ in ("its", "their", "our", "my", "your"):
                continue
            parts = [
                c
                for c in tok.rights
                if c.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to") for m in c.children)
                or (c.dep_ == "prep" and c.lower_ in ("for", "of", "to", "against") and c.i == tok.i + 1)
            ]
            span = _edges_span(off, parts, self.text, min_tokens=3)
            if span is None:
                continue
            c_start, c_end = span
            j = bisect.bisect_left(taken_starts, c_end)
            if j > 0 and taken[j - 1][1] > c_start:
                continue
            self.found.append(_Found(c_start, c_end, "indirect", 0.5, cue_span=_cue_span(off, tok), subject=(off, owner)))

    # --- speakers and output -------------------------------------------------------------

    def run(self) -> list[Span]:
        self._add_transcripts()
        spoken = [(f.start, f.end) for f in self.found]
        for region in self.idx.regions:
            k = bisect.bisect_left(spoken, (region.close,))
            if k > 0 and spoken[k - 1][1] > region.open:
                continue  # inside a transcript paragraph: already the speaker's words
            self._add_direct(region)
        self._add_indirect()
        self._add_noun_cues()
        self._resolve_uncued()
        resolver = SpeakerResolver(self.article, self.idx.tokens, self.idx.in_quote)
        order = sorted(range(len(self.found)), key=lambda i: self.found[i].cue_span[0] if self.found[i].cue_span else self.found[i].start)
        for i in order:
            f = self.found[i]
            if f.speaker is not None and f.speaker.name and f.speaker.start is not None:
                resolver.note_subject(f.speaker.start, f.speaker.name, f.speaker.kind or "person")
            elif f.subject is not None:
                off, tok = f.subject
                f.speaker = resolver.resolve(tok, off)
        for f in self.found:  # in text order, so chains of uncued quotes inherit correctly
            src, hops = f, 0
            while src.inherit_from is not None and hops < 20:
                src, hops = self.found[src.inherit_from], hops + 1
            if src is not f:
                f.speaker = src.speaker
        spans: list[Span] = []
        seen: set[tuple[int, int, str]] = set()
        for f in self.found:
            key = (f.start, f.end, f.label)
            if key in seen or f.end <= f.start:
                continue
            seen.add(key)
            spans.append(self._to_span(f))
        return spans

    def _to_span(self, f: _Found) -> Span:
        sp = f.speaker
        cue_text = self.text[f.cue_span[0] : f.cue_span[1]] if f.cue_span else None
        confidence = f.confidence
        if sp is not None and sp.name is None:
            confidence = min(confidence, 0.5)
        attrs = {
            "speaker": sp.name if sp else None,
            "speaker_start": sp.start if sp else None,
            "speaker_end": sp.end if sp else None,
            "speaker_kind": sp.kind if sp else None,
            "cue": cue_text if f.cue_span else None,
            "cue_start": f.cue_span[0] if f.cue_span else None,
            "cue_end": f.cue_span[1] if f.cue_span else None,
            "confidence": round(confidence, 3),
        }
        if f.label == "scare":
            attrs.update(speaker=None, speaker_start=None, speaker_end=None, speaker_kind=None, cue=None, cue_start=None, cue_end=None)
        return Span(f.start, f.end, f.label, score=confidence, attrs=attrs)


def quote_signals(article: Article, spans: list[Span]) -> dict[str, Any]:
    """Counts per label and speaker, for the article and for each story."""

    def summary(group: list[Span]) -> dict[str, Any]:
        by_label = Counter(s.label for s in group)
        by_speaker = Counter(str(s.attrs["speaker"]) for s in group if s.attrs.get("speaker"))
        return {
            "count": len(group),
            "by_label": dict(sorted(by_label.items())),
            "by_speaker": dict(by_speaker.most_common()),
            "unattributed": sum(1 for s in group if s.label != "scare" and not s.attrs.get("speaker")),
        }

    out = summary(spans)
    out["by_story"] = {sid: summary(group) for sid, group in group_by_story(article, spans).items()}
    return out


def _quotes(article: Article, ctx: Context) -> None:
    spans = QuoteFinder(article, ctx).run()
    article.with_layer("quotes", spans)
    article.signals["quotes"] = quote_signals(article, list(article.layer("quotes")))


@stage("quotes", version="3", requires=(RESOURCE_DOC, "stories", "sentences", "entities"), assigns=("quotes",), languages=("en",))
def make_quotes(settings: Settings):
    """Direct, indirect, mixed and scare quotes with resolved speakers and cues."""
    return _quotes
