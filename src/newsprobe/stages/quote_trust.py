"""Doubt where a speaker is a guess (part of the quotes stage).

Rules that need the whole article, run after every speaker is resolved:

* a quotation with no cue of its own carries the speaker of the quotation before it, but not
  to a quotation that names that person ("Graham exaggerates ..." after Graham's words: no
  speaker), and not across a change of speaker: when another person is named between the two, or another
  quotation with another speaker sits between them, the carried speaker is only a best guess,
  marked ``uncertain`` with the rivals as ``candidates``;
* a he or she resolved to a person the quotation itself speaks of by name is another
  candidate (uncertain), or no one;
* a place (a town, a country, a building: GPE/LOC/FAC, here or elsewhere in the article) given words in the first person singular
  ("I ...", "my ...") is a misreading of who spoke ("... the man in Riverton said"): uncertain;
* figures (polls, estimates, data) report findings, never words: a quotation in quote marks
  given to such a common noun ("... ," polls show) is a misreading of who spoke: uncertain;
* a name run together with a page's buttons ("Ana VrellFlagShareLikeReply") is no name as
  written: uncertain;
* a line break between a reporting verb and its reported clause ("Police say" closing a
  headline, the story's first paragraph after it) is a parse across lines, not a report: the
  indirect quote is dropped, unless a colon introduces the next line; a line break between
  the verb and its subject ("Cat Shield" in a heading, "Every owner knows" below) makes the
  speaker uncertain;
* a headline's verb of stance or action ("Woman attacks inspector with stone", "Family seeks
  funds to treat ...", "Minister apologizes to officials") reports no words: telegraphic
  headlines mislead the parser, so a stance or learned cue in the headline line gives no
  quote (the body tells it again; "..., experts warn" and "X says ..." stay).

Users judge the tool by its first wrong speaker; where these rules fire, the quote says so
instead of naming somebody with confidence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..article import Article, Span
from ..language import detect_language
from .parse_cache import token_at
from .quote_cues import SPEECH_VERBS, children, is_cue
from .quote_named import names_in
from .quote_post import Found
from .quote_speakers import Speaker
from .quote_works import title_cased

#: Most names kept in ``speaker_candidates``.
MAX_CANDIDATES = 3
#: Words of a person speaking for themselves alone.
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself)\b|\bI['\u2019](?:m|ve|d|ll)\b")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")


def _words(name: str) -> set[str]:
    return {w.lower().strip(".") for w in _WORD.findall(name) if len(w) > 1}


def same_person(a: str, b: str) -> bool:
    """Whether two names may be one person: one's words all occur in the other's ("Warren",
    "Elizabeth Warren"; "Sen. Warren", "Elizabeth Warren" share the surname)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return wa <= wb or wb <= wa or bool(_name_words(a) & _name_words(b))


def _name_words(name: str) -> set[str]:
    """The capitalised words of a name: "health care workers" and "Health Ministry" share none."""
    return {w.lower().strip(".") for w in _WORD.findall(name) if len(w) > 1 and w[:1].isupper()}


def doubt_named_speakers(found: list[Found], text: str) -> None:
    """A he/she's speaker the quotation itself speaks of by name ('"Patrice and I have argued
    for years," he said' given to Patrice): the next candidate the quotation does not name
    (a rival, else another compatible person before the pronoun, the latest speaker or subject
    first: version 36), uncertain, else an unresolved pronoun (no name; the pronoun stays its
    evidence)."""
    for f in found:
        sp = f.speaker
        if sp is None or not sp.name or sp.kind != "person" or not sp.via.startswith("pronoun") or f.label not in ("direct", "mixed"):
            continue
        quoted = text[f.region[0] : f.region[1]] if f.region else text[f.start : f.end]  # a mixed quote's marks, not the reporter's words
        if names_in(sp.name, quoted):
            others = [c for c in (sp.candidates or sp.others) if not same_person(c, sp.name) and not names_in(c, quoted)]
            unresolved = Speaker(None, "pronoun-unresolved", sp.start, sp.end, via=sp.via, uncertain=True)  # the "he" stays the evidence
            f.speaker = replace(sp, name=others[0], uncertain=True, candidates=tuple(others)) if others else unresolved


def person_names(article: Article) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of every PERSON entity, in layer order."""
    out = []
    for e in article.layer("entities"):
        if e.label == "PERSON":
            out.append((e.start, e.end, str(e.attrs.get("canonical") or article.span_text(e))))
    return out


def _rivals(
    speaker: Speaker,
    lo: int,
    hi: int,
    people: Sequence[tuple[int, int, str]],
    found: Sequence[Found],
    order: Sequence[int],
    starts: Sequence[int],
) -> list[str]:
    """Other people named, or other speakers quoted, in ``[lo, hi)`` (``people`` sorted by
    start; ``order`` the indices of ``found`` sorted by start, ``starts`` their starts)."""
    name = speaker.name or ""
    rivals: list[str] = []
    k = bisect.bisect_left(people, (lo,))
    while k < len(people) and people[k][0] < hi:
        start, end, person = people[k]
        k += 1
        if end <= hi and not same_person(person, name) and person not in rivals:
            rivals.append(person)
    k = bisect.bisect_left(starts, lo)
    while k < len(order) and starts[k] < hi:
        other = found[order[k]]
        k += 1
        sp = other.speaker
        if sp is None or not sp.name or other.label in ("scare", "title") or other.end > hi:
            continue
        if not same_person(sp.name, name) and sp.name not in rivals:
            rivals.append(sp.name)
    return rivals


def carry_speakers(found: list[Found], article: Article) -> None:
    """Give each quotation with no cue (``inherit_from`` set) the speaker of the quotation it
    follows, in text order, marked uncertain when the speaker may have changed in between
    (and when the one it follows is uncertain itself)."""
    people = sorted(person_names(article))
    order = sorted(range(len(found)), key=lambda k: found[k].start)
    starts = [found[k].start for k in order]
    for i in order:
        f = found[i]
        if f.inherit_from is None:
            continue
        prev = found[f.inherit_from]
        f.carried_from = prev
        sp = prev.speaker
        if sp is None or not sp.name:
            f.speaker = sp
            continue
        if sp.kind == "person" and names_in(sp.name, article.text[f.start : f.end]):
            f.speaker = None  # '"Graham exaggerates. ..."' after Graham's own quote: someone else answers him
            continue
        if title_cased(article.text[f.start : f.end]) and len(article.text[f.start : f.end].split()) <= 8:
            f.speaker = None  # '"Harbour Lights Forever"' with no cue of its own: more likely a title or a name (version 39)
            continue
        lo = max(prev.end, prev.cue_span[1] if prev.cue_span else 0, sp.end or 0)
        hi = f.region[0] if f.region else f.start
        rivals = _rivals(sp, lo, hi, people, found, order, starts) if hi > lo else []
        if rivals:
            names = (sp.name, *rivals)[:MAX_CANDIDATES]
            f.speaker = replace(sp, uncertain=True, candidates=tuple(dict.fromkeys(names)))
        else:
            f.speaker = sp


def doubt_places(found: list[Found], article: Article) -> None:
    """A town, a country or a building never says "I": a speaker that is a place here, or that
    the article tags as a place elsewhere ("Brookhaven"), becomes uncertain for such words."""
    places = [e for e in article.layer("entities") if e.label in _PLACE_LABELS]
    if not places:
        return
    text = article.text
    place_names = {str(e.attrs.get("canonical") or article.span_text(e)) for e in places}
    for f in found:
        sp = f.speaker
        if sp is None or not sp.name or sp.uncertain or sp.start is None or sp.end is None or f.label in ("scare", "title"):
            continue
        if sp.name not in place_names and not any(_overlaps(e, sp.start, sp.end) and article.span_text(e) in sp.name for e in places):
            continue  # neither a place here nor a name the article gives a place elsewhere ("Idaho dairy executive A B": A B)
        if _FIRST_PERSON.search(text[f.start : f.end]):
            f.speaker = replace(sp, uncertain=True)


#: Characters read on either side of a quote and its speaker for ``doubt_foreign_lead_ins``.
_LEAD_CHARS = 300
#: English words of which any English lead-in to a quote of six words or more holds one.
_ENGLISH_LINKS = frozenset("the a an and of to in on at for with by from said says told added he she they it is was that this".split())


def doubt_foreign_lead_ins(found: list[Found], text: str) -> None:
    """A speaker read from a paragraph that is not English (a German page's "Hier etwas
    O-Ton:" before an English statement): the English parser's reading of it is a guess, so
    the speaker becomes uncertain. Not English: six words or more around the quote in the
    speaker's paragraph, none of a few English function words, and the language detector
    sure (0.95) of another language. Only ``_LEAD_CHARS`` on either side are read, so a
    paragraph of megabytes costs no more per quote than a short one."""
    for f in found:
        sp = f.speaker
        if sp is None or not sp.name or sp.uncertain or sp.start is None:
            continue
        lo, hi = max(0, min(sp.start, f.start) - _LEAD_CHARS), min(len(text), max(sp.start, f.end) + _LEAD_CHARS)
        a = text.rfind("\n", lo, sp.start) + 1 or lo
        b = text.find("\n", sp.start, hi)
        b = hi if b < 0 else b
        lead = text[a : f.start] + " " + text[f.end : b] if a <= f.start <= b else text[a:b]
        words = re.findall(r"[^\W\d_]+", lead.lower())
        if len(words) < 6 or _ENGLISH_LINKS.intersection(words):
            continue
        guess = detect_language(lead)
        if guess.language not in (None, "en") and (guess.confidence or 0.0) >= 0.95:
            f.speaker = replace(sp, uncertain=True)


def _overlaps(span: Span, start: int, end: int) -> bool:
    return span.start < end and span.end > start


#: Head nouns of figures: they show or find, but never say a sentence in quote marks.
FIGURE_NOUNS = frozenset(
    "poll polls polling data figure figures number numbers estimate estimates forecast forecasts projection projections"
    " census statistic statistics average averages tally count model models result results".split()
)


def doubt_figures(found: list[Found]) -> None:
    """A direct or mixed quotation whose speaker is a common noun for figures ("polls",
    "estimates of turnout") becomes uncertain: a figure does not speak words."""
    for f in found:
        sp = f.speaker
        if f.label not in ("direct", "mixed") or sp is None or not sp.name or sp.uncertain or sp.via != "noun":
            continue
        words = sp.name.split(" of ")[0].split()  # "estimates of turnout": the head is "estimates"
        if words and words[-1].lower() in FIGURE_NOUNS:
            f.speaker = replace(sp, uncertain=True)


#: Words that open a subordinate clause ("when the council ended its meeting").
_SUBORDINATE = frozenset("when whenever while as after before because since until once if though although".split())


def in_other_report(subj: Any) -> bool:
    """Whether ``subj`` (no pronoun: "Ruiz said he left" is Ruiz) is the subject of a clause a verb of
    saying reports that has a subject of its own ("an aide said Vance will need ...", not "Vance said Vance")."""
    verb = subj.head
    if subj.dep_ != "nsubj" or subj.pos_ == "PRON" or verb.dep_ != "ccomp" or not is_cue(verb.head, SPEECH_VERBS):
        return False
    if verb.head.i > subj.i or "\n" in subj.doc[verb.head.i : subj.i].text:  # before it, in its paragraph
        return False
    outer = next((c for c in children(verb.head) if c.dep_ in ("nsubj", "nsubjpass")), None)
    return outer is not None and outer.lower_ != subj.lower_


def _reported_subject(subj: Any, off: int, cue_at: int) -> bool:
    """Whether ``subj`` is the subject of a clause another verb of saying reports (``in_other_report``)
    and the participle cue at ``cue_at`` hangs inside it ('an aide said Vance will need to pick a
    camp, saying, "..."': the aide's words, or Vance's?)."""
    verb = subj.head
    if not in_other_report(subj) or is_cue(verb, SPEECH_VERBS):
        return False  # "X added, saying": X's
    node = token_at(subj.doc, cue_at - off)
    if node is None or node.tag_ != "VBG" or not verb.left_edge.i <= node.i <= verb.right_edge.i:
        return False
    for _ in range(4):
        if node.dep_ not in ("advcl", "xcomp", "conj"):
            return False
        node = node.head
        if node.i == verb.i:
            return True
    return False


def doubt_shared_participles(found: list[Found]) -> None:
    """'He left when the council ended its meeting, remarking, "..."': a participle cue hung on
    a subordinate clause that has its own subject may belong to that subject or to the main
    clause's (the parser picks one; the grammar does not): the speaker becomes uncertain. So
    does one hung inside the clause another verb of saying reports ('a strategist said Vance
    will need to pick a camp, saying, "..."'), which the climb to a subject took as Vance's."""
    for f in found:
        sp = f.speaker
        if sp is None or sp.uncertain or f.subject is None or f.cue_span is None or f.path != "cue":
            continue
        off, subj = f.subject
        verb = subj.head
        if _reported_subject(subj, off, f.cue_span[0]):
            f.speaker = replace(sp, uncertain=True, candidates=sp.candidates or ((sp.name,) if sp.name else ()))
            continue
        if subj.dep_ != "nsubj" or verb.dep_ != "advcl" or verb.head.i == verb.i:
            continue
        kids = children(verb)
        if not any(c.dep_ in ("mark", "advmod") and c.lower_ in _SUBORDINATE and c.i < subj.i for c in kids):
            continue
        if not any(c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > verb.i and off + c.idx == f.cue_span[0] for c in kids):
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.i != subj.i for c in children(verb.head)):
            f.speaker = replace(sp, uncertain=True, candidates=sp.candidates or ((sp.name,) if sp.name else ()))


#: A lower-case letter followed by a capital inside a word ("McDonald" once, "RealClearPolitics"
#: twice); three or more are words of a page run together ("VrellFlagShareLike").
_CASE_TURN = re.compile(r"[a-z][A-Z]")


def doubt_run_together(found: list[Found]) -> None:
    """A speaker whose name holds a word with three or more turns from lower case to a capital
    is text of a page run together with a name: uncertain."""
    for f in found:
        sp = f.speaker
        if sp is not None and sp.name and not sp.uncertain and any(len(_CASE_TURN.findall(w)) >= 3 for w in sp.name.split()):
            f.speaker = replace(sp, uncertain=True)


def _crosses_line(text: str, a: int, b: int) -> bool:
    lo, hi = (a, b) if a <= b else (b, a)
    return "\n" in text[lo:hi]


def headline_lines(article: Article, headline_end: int = 0) -> list[tuple[int, int]]:
    """The article's headline (text before ``headline_end``) and the headline line of each later
    story (a story pasted into a stitched post under its own title: "Panel delays vote on ...")."""
    lines = [(0, headline_end)] if headline_end else []
    text = article.text
    for s in list(article.layer("stories") or ())[1:]:  # the first story's headline is the article's
        title = str(s.attrs.get("title") or "").strip()
        at = s.start + len(text[s.start : s.end]) - len(text[s.start : s.end].lstrip())
        if title and text.startswith(title, at):
            lines.append((at, at + len(title)))
    return lines


#: Past participles of reporting verbs that do not end in "-ed" ("Drivers Told to ...").
_IRREGULAR_PARTICIPLES = frozenset("told said shown given taught sent".split())


def _headline_passive(text: str, c_start: int, c_end: int) -> bool:
    """A past participle capitalised in a heading line with no auxiliary ("Users Urged to Remain
    Calm", "Mayor Accused of ..."): headline passive, whose subject is who was urged, not who spoke."""
    word = text[c_start:c_end]
    participle = word.lower().endswith("ed") or word.lower() in _IRREGULAR_PARTICIPLES
    if not (word[:1].isupper() and participle and _title_case_line(text, c_start)) or _opens_sentence(text, c_start):
        return False
    line_start, line_end = _short_line(text, c_start) or (c_start, c_start)  # a heading's line is short
    before = text[line_start:c_start].split()
    ends_stop = text[line_start:line_end].rstrip().endswith(".")
    return not ends_stop and bool(before) and before[-1].lower() not in ("has", "have", "had", "was", "were", "is", "are")


def doubt_line_breaks(found: list[Found], text: str, headlines: Sequence[tuple[int, int]] = ()) -> list[Found]:
    """Drop an indirect quote whose reporting verb sits on another line than what it reports
    (a headline's "Police say" and the first paragraph below it), unless the verb's line ends
    with a colon, and one cued by a verb of stance or action in a headline (``headlines``:
    see ``headline_lines``); make a speaker uncertain when the verb's subject sits on another
    line."""
    kept: list[Found] = []
    for f in found:
        if f.label == "indirect" and f.cue_span is not None:
            c_start, c_end = f.cue_span
            if f.path in ("stance", "learned") and any(lo <= c_start < hi for lo, hi in headlines):
                continue
            if _headline_passive(text, c_start, c_end):
                continue
            if c_end <= f.start and _crosses_line(text, c_end, f.start) and ":" not in text[c_end : f.start]:
                continue
            if c_start >= f.end and _crosses_line(text, f.end, c_start):
                continue
        sp = f.speaker
        if f.cue_span is not None and f.subject is not None and sp is not None and sp.name and not sp.uncertain:
            off, tok = f.subject
            if _crosses_line(text, off + tok.idx, f.cue_span[0]):
                f.speaker = replace(sp, uncertain=True)
        kept.append(f)
    return kept


#: A question about what someone says: a wh-word or "do/does/did" opening the sentence.
_QUESTION_OPENING = re.compile(r"[\s\d.)\-\u2022*\"'\u201c\u2018]*(?:why|what|how|who|whom|which|do|does|did|don't|doesn't|didn't)\b", re.I)


#: The end of a sentence; the longest sentence read as a question (bounds the work per cue).
_SENTENCE_END = re.compile(r"[.?!\n]")
QUESTION_MAX_CHARS = 2000


def _asks(text: str, cue: int) -> bool:
    """Whether the sentence holding offset ``cue`` is a question ("What did the lighthouse
    say to the tugboat?"): it opens with a wh-word or "do/does/did" and ends in a question mark
    (within ``QUESTION_MAX_CHARS`` on either side of the cue)."""
    lo = max(0, cue - QUESTION_MAX_CHARS)
    opening = max(text.rfind(c, lo, cue) for c in (". ", "? ", "! ", "\n"))
    if opening < 0 and lo > 0:
        return False  # no sentence start within reach: no riddle is this long
    end = _SENTENCE_END.search(text, cue, cue + QUESTION_MAX_CHARS)
    return end is not None and end.group() == "?" and _QUESTION_OPENING.match(text, opening + 1) is not None


def drop_questions(found: list[Found], text: str) -> list[Found]:
    """Drop an indirect quote given to a common noun whose reporting verb sits in a question
    ("Why did the lighthouse say no?", "What did the kettle tell the pot?"): such a question
    asks what was said, it reports nothing (riddles, FAQs). A pronoun or a name asked about
    ("Did she know what it meant?") stays: news annotates those."""
    return [
        f for f in found
        if not (f.label == "indirect" and f.cue_span and f.speaker and f.speaker.via == "noun" and _asks(text, f.cue_span[0]))
    ]


def _opens_sentence(text: str, at: int) -> bool:
    """Whether only sentence-ending punctuation, quote marks or a line break lie before ``at``."""
    i = at - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n\"'\u201c\u201d\u2018\u2019([-\u2013\u2014"


#: Longest line read as a heading (longer ones are prose; bounds the work on one-line texts).
HEADING_MAX_CHARS = 300


def _short_line(text: str, at: int) -> tuple[int, int] | None:
    """Start and end of the line holding ``at``; None when it is longer than a heading can be."""
    start = text.rfind("\n", max(0, at - HEADING_MAX_CHARS), at) + 1
    end = text.find("\n", at, at + HEADING_MAX_CHARS)
    if (start == 0 and at > HEADING_MAX_CHARS) or end < 0 and len(text) - at > HEADING_MAX_CHARS:
        return None
    return start, len(text) if end < 0 else end


def _title_case_line(text: str, at: int) -> bool:
    """Whether most words of the line holding ``at`` start with a capital (a heading)."""
    line = _short_line(text, at)
    words = [w for w in text[line[0] : line[1]].split() if w[:1].isalpha()] if line else []
    return bool(words) and sum(w[:1].isupper() for w in words) > 0.6 * len(words)


def drop_capitalised_cues(found: list[Found], text: str) -> list[Found]:
    """Drop an indirect attribution whose cue is written with a capital inside a sentence of
    prose: a word of a title ("TV shows: Cheers, Look Who's Talking and more"), not a reporting
    verb. Headings in Title Case ("Obama Says ...") are left to the headline rules; direct
    quotes keep their cues."""
    def capitalised(f: Found) -> bool:
        if f.label != "indirect" or f.cue_span is None:
            return False
        word = text[f.cue_span[0] : f.cue_span[1]]
        at = f.cue_span[0]
        return word[:1].isupper() and not word.isupper() and not _opens_sentence(text, at) and not _title_case_line(text, at)
    return [f for f in found if not capitalised(f)]


#: Reporting verbs of an answer.
_REPLIES = frozenset("replied replies reply answered answers answer responded responds respond retorted retorts".split())


def doubt_self_replies(found: list[Found], article: Article) -> None:
    """A he/she "replied" right after a question in quote marks goes to the person asked, not
    to the one who asked ('a reporter asked the judge, "...?" / "...," she replied'): where the
    pronoun resolved to the asker, the speaker is only a best guess, marked uncertain, with the
    person named between the question's cue and its opening mark (the one asked) as the other
    candidate."""
    text = article.text
    people = sorted(person_names(article))
    order = sorted((f for f in found if f.label in ("direct", "mixed") and f.speaker is not None), key=lambda f: f.start)
    for prev, f in zip(order, order[1:]):
        sp, asker = f.speaker, prev.speaker
        if sp is None or asker is None or sp.via != "pronoun" or sp.uncertain or f.cue_span is None or not sp.name:
            continue
        if text[f.cue_span[0] : f.cue_span[1]].lower() not in _REPLIES or sp.name != asker.name:
            continue
        if text[prev.start : prev.end].rstrip(" \"'\u201d\u2019").endswith("?") and f.start - prev.end < 400:
            asked = _named_between(people, prev.cue_span[1], prev.start) if prev.cue_span is not None else None
            rivals = (sp.name, asked) if asked is not None and not same_person(asked, sp.name) else ()
            f.speaker = replace(sp, uncertain=True, candidates=rivals)


def _named_between(people: Sequence[tuple[int, int, str]], lo: int, hi: int) -> str | None:
    """The one person named in ``[lo, hi)`` (None when none or several are)."""
    k = bisect.bisect_left(people, (lo,))
    names = {name for start, end, name in people[k : k + 4] if end <= hi}
    return names.pop() if len(names) == 1 else None


#: Titles that may stand before a name someone is addressed by ("Thank you, Senator Vance.").
_ADDRESS_TITLES = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov)\.?|Senator|Governor|Mayor|Minister|Councillor|Councilor|Judge|Professor)"


def doubt_addressed_speakers(found: list[Found], article: Article) -> None:
    """A quotation that addresses its speaker by name ('"You rowed well today, Nora."',
    '"Thank you, Senator Vance."') is someone else's: the speaker the quote was given is
    only a guess, marked uncertain. Dialogue laid out without cues (a game guide's tables)
    carries a character's name onto the player's lines this way."""
    text = article.text
    for f in found:
        sp = f.speaker
        if f.label not in ("direct", "mixed") or sp is None or not sp.name or sp.uncertain or sp.kind not in ("person", None):
            continue
        words = {w for w in re.findall(r"[A-Z][\w'\u2019-]+", sp.name) if len(w) > 2}
        if not words:
            continue
        names = "|".join(re.escape(w) for w in sorted(words))
        vocative = re.compile(rf"(?:^|,\s+|\b(?:[Tt]hank you|[Hh]ello|[Hh]i|[Dd]ear|[Ll]isten|[Oo]h|[Yy]es|[Nn]o),?\s+)(?:{_ADDRESS_TITLES}\s+)?(?:{names})(?=\s*[,.!?]|$)")
        segments = f.segments or [(f.start, f.end)]
        if any(vocative.search(text[a:b].strip(" \"'\u201c\u201d\u2018\u2019")) for a, b in segments):
            f.speaker = replace(sp, uncertain=True, candidates=sp.candidates or (sp.name,))
