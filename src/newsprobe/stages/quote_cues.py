"""Cue words and parse helpers for the quotes stage: which verbs report speech, where a
cue's subject and reported clause are, and offset lookups over one article's tokens.

Everything here reads spaCy's dependency edges (``left_edge``/``right_edge``) rather than
walking subtrees, so that one huge unpunctuated "sentence" costs O(1) per cue.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..article import Article
from ..context import Context
from .quote_coordination import joined_at_reporters_level, nearer_subject, noun_clause_aside, subject_after_and
from .modal_names import modal_subject
from .quote_marks import QuoteRegion
from .quote_objects import judged_object
from .parse_cache import children, sentence_bounds
from .quote_people import is_plausible_speaker_noun

#: Lemmas of verbs that report speech or writing.
SPEECH_VERBS: frozenset[str] = frozenset(
    """say tell add state claim argue assert announce explain warn insist note report write declare acknowledge admit
    confirm deny suggest reply respond answer recall predict promise vow testify complain concede contend maintain
    observe remark reveal urge tweet post allege charge stress emphasize emphasise conclude caution disclose indicate
    quip joke shout continue ask counter retort pledge boast lament mention recount threaten brag concur opine
    speculate affirm reiterate repeat estimate forecast yell scream exclaim chant whisper mutter murmur plead demand scrawl scribble""".split()
)
#: Lemmas of verbs that attribute a belief or stance (reported, with lower confidence).
BELIEF_VERBS: frozenset[str] = frozenset("believe think feel fear hope expect worry doubt know".split())
#: Lemmas of verbs that report findings ("a poll found that ...", "the data show that ...").
EVIDENCE_VERBS: frozenset[str] = frozenset("show find suggest indicate reveal conclude estimate learn".split())
#: Speech acts whose content is a noun phrase or an infinitive ("called on Congress to act",
#: "urged voters to ...", "questioned the figures", "denied the report").
ACT_VERBS: frozenset[str] = frozenset(
    """urge question cite deny criticize criticise accuse praise condemn denounce blast slam mock attack dismiss
    reject defend applaud demand propose""".split()
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
    " beam boom thunder bark gripe grumble rant roar gasp fume shoot fire lecture exhort implore interject scold"
    " comment assure proclaim crow riff chide tease needle rail".split()
)
NAMED_VERBS = SPEECH_VERBS | ADJACENT_VERBS


#: Verbs that label something with a quoted phrase ("called the plan 'a disaster'").
LABEL_VERBS: frozenset[str] = frozenset("call describe dub label term brand deride hail".split())
#: Verbs that label their object with an "as" phrase ('described the mayor as a "con artist"').
AS_LABEL_VERBS: frozenset[str] = LABEL_VERBS | frozenset(
    "refer characterize characterise portray depict paint cast praise criticize criticise denounce dismiss mock slam blast tout".split()
)

#: A quote inside a reporting verb's subject, or inside an adverbial clause opened by one of
#: these words, is not what the verb reports ("while the 'experts' argued, officials admitted ...").
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
SUBORDINATORS = frozenset({"while", "as", "when", "whenever", "although", "though", "because", "since", "after",
                            "before", "if", "unless", "whereas", "until", "once"})
#: Words that set off a label, not speech, right before a quote: "the so-called", and (v67) a name
#: no one is said to give: "known to fans as", "better known as", "referred to as".
SO_CALLED = re.compile(r"\bso[- ]called\s*$|\b(?:known(?:\s+to(?:\s+\w+){1,3})?|referred\s+to)\s+as\s*$", re.IGNORECASE)
#: A quote with fewer words than this, not ending a sentence, is a phrase (scare or mixed).
PHRASE_MAX_WORDS = 5
#: Tokens searched on either side of a quote for its cue (bounds work on hostile input).
CUE_WINDOW_TOKENS = 40
#: "PENCE: Well, ..." at the start of a paragraph (interview transcripts).
TRANSCRIPT = re.compile(r"[ \t\"'\u201c]*([A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,2})[ \t]*:[ \t]+(?=\S)")
_SUBJECT_DEPS = ("nsubj", "csubj", "nsubjpass")
#: Lower-case words allowed inside a title ("Breakfast with the Mayor", "Tales of the Quay").
TITLE_SMALL = frozenset("a an and at by for from in of on or the to with vs".split())
_TRIM = " \t\n\r,;:"


class TokenIndex:
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
        return self.quote_at(pos) is not None

    def quote_at(self, pos: int) -> QuoteRegion | None:
        """The quotation that opened last before ``pos``, when ``pos`` lies inside it."""
        i = bisect.bisect_right(self.reg_opens, pos) - 1
        return self.regions[i] if i >= 0 and self.regions[i].open <= pos < self.regions[i].close else None

    def tok_index(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect.bisect_left(self.tok_starts, pos)

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        if i < 0:
            return (0, self.sent_ends[0] if self.sent_ends else len(self.text))
        return self.sent_starts[i], self.sent_ends[i]


def rights(tok: Any) -> list[Any]:
    return [c for c in children(tok) if c.i > tok.i]


def lefts(tok: Any) -> list[Any]:
    return [c for c in children(tok) if c.i < tok.i]


def edges_span(off: int, parts: list[Any], text: str, min_tokens: int = 2) -> tuple[int, int] | None:
    """Character span from the first to the last token under ``parts`` (dependency
    children), read from their edges so that a huge sentence costs O(1) per cue."""
    if not parts:
        return None
    first = min(p.left_edge for p in parts)
    last = max(p.right_edge for p in parts)
    if last.i - first.i + 1 < min_tokens:
        return None
    start, end = trim(text, off + first.idx, off + last.idx + len(last.text), clause=True)
    return (start, end) if end > start else None


def goes_on(tok: Any) -> bool:
    """ "continue" with a verb after it ("levels continue to climb", "the ferries continue to
    sail"): something goes on; nobody says anything ("..., he continued" still reports)."""
    return tok.lemma_.lower() == "continue" and any(c.dep_ == "xcomp" for c in tok.children)


def is_cue(tok: Any, verbs: frozenset[str]) -> bool:
    """A verb of ``verbs`` used as a verb ("said"), not as a modifier ("continued support"),
    nor "continue" with a verb after it (``goes_on``)."""
    return tok.lemma_.lower() in verbs and tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound") and not goes_on(tok)


def ccomp_children(tok: Any) -> list[Any]:
    """The direct children of the cue's clausal complement."""
    return [c for child in children(tok) if child.dep_ == "ccomp" for c in children(child)]


def object_read_as_clause(tok: Any) -> bool:
    """Whether the clause the parser gave a "write" cue is the verb's object misread (quotes
    version 32): "wrote a patch to the tool that ... will force ..." (the object made the subject
    of a later verb: the clause opens with "a"/"an"), or a finite clause with no subject of its
    own while "wrote" has an object ("wrote a patch to the ledger that ... will stop the
    import"). A clause opened by "that" is always one. (The second test for every cue also
    removed right readings whose subject the parser had made the cue's object, as in "said the
    harbour fees would rise" read as said + object + clause: measured on PolNeAR, kept to "write".)"""
    if tok.lemma_.lower() != "write":
        return False
    comp = next((c for c in children(tok) if c.dep_ == "ccomp"), None)
    if comp is None or any(c.dep_ == "mark" and c.lower_ == "that" for c in children(comp)):
        return False
    if comp.left_edge.lower_ in ("a", "an"):
        return True
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl") for c in children(comp)):
        return False
    finite = comp.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ == "MD" for c in children(comp))
    return finite and any(c.dep_ == "dobj" for c in children(tok))


def is_put_it(tok: Any) -> bool:
    """ "as Reuters put it" """
    return tok.lemma_.lower() == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in children(tok))


def is_according(tok: Any) -> bool:
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to"


def according_appositive(verb: Any) -> Any | None:
    """The subject of a reporting ``verb`` with none of its own that the parser read as an apposition in
    its "according to" ('According to a post for RiverWatch, the Hydrology Office predicts that', v59)."""
    if verb.pos_ != "VERB" or not ((lemma := verb.lemma_.lower()) in SPEECH_VERBS or lemma in EVIDENCE_VERBS or lemma in BELIEF_VERBS) or any(c.dep_ in ("nsubj", "nsubjpass") for c in children(verb)):
        return None  # three lookups, no union built per call: subject_of asks this of every cue
    acc = next((c for c in children(verb) if c.dep_ == "prep" and is_according(c)), None)
    return None if acc is None else next((t for t in acc.subtree if t.dep_ == "appos" and t.pos_ in ("PROPN", "NOUN") and t.right_edge.i == verb.i - 1), None)


def cue_span(off: int, tok: Any) -> tuple[int, int]:
    """The cue's characters: the verb, plus "to" after "according", or a particle ("point out")."""
    start, end = off + tok.idx, off + tok.idx + len(tok.text)
    for child in rights(tok):
        if (child.dep_ == "prt" or (tok.lower_ == "according" and child.lower_ == "to") or (child.lower_ == "it" and child.dep_ == "dobj")) and child.i == tok.i + 1:
            end = off + child.idx + len(child.text)
    return start, end


def wh_clause(verb: Any) -> bool:
    """Whether a verb heads an aside opened by "where" or "when" right after a noun or a
    dash or comma ('the stadium - where the Panthers played -'): a clause about a place or
    a time, whose subject is not the one a participle hung on it speaks for. Not a clause
    that opens the sentence ("Where the mayor once claimed that ...")."""
    for c in children(verb):
        if c.dep_ == "advmod" and c.lower_ in ("where", "when") and c.i < verb.i and c.i > sentence_bounds(c)[0]:
            prev = c.doc[c.i - 1]
            return prev.pos_ in ("NOUN", "PROPN") or prev.text in ("-", "\u2013", "\u2014", ",", "(")
    return False


def _inverted_first(verb: Any, kids: list[Any]) -> list[Any]:
    """``kids`` with an inverted subject first: '[clause], said Ada Brandt, ...' parsed with
    two subjects, the clause's noun before the comma and the name after "said" (v56); a
    name before the comma stays the subject; "No wonder [Name] said" is never one (v59)."""
    kids = [c for c in kids if not (c.lower_ == "wonder" and c.i < verb.i and any(d.lower_ == "no" for d in c.children))]
    late = [c for c in kids if c.dep_ == "nsubj" and c.i > verb.i]
    if len(late) >= 2 and late[0].pos_ == "NOUN" and late[1].ent_type_ == "PERSON" and _named_after(late[0], late[1]):
        return [late[1]] + [c for c in kids if c is not late[1]]  # '," said the board's chair, Ada Brandt.' (v57)
    if verb.lemma_.lower() != "say" or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return kids  # "..., remembers Mr. Bush": an object the parse made a subject
    after = [c for c in kids if c.dep_ == "nsubj" and c.i > verb.i and c.left_edge.i == verb.i + 1]
    if not after or not any(c.dep_ in _SUBJECT_DEPS and c.i < verb.i and c.pos_ != "PROPN" for c in kids):
        return kids
    return after + [c for c in kids if c is not after[0]]


def _named_after(role: Any, name: Any) -> bool:
    """'the board's chair, Ada Brandt': the name follows the role phrase after one comma (the
    parse made both subjects of the verb, not a role and its apposition)."""
    end = role.right_edge.i
    return end + 2 == name.left_edge.i and role.doc[end + 1].text == ","


def subject_of(tok: Any) -> Any | None:
    """The grammatical subject of a reporting verb (climbing through "and said", "adding")."""
    if (appos := according_appositive(tok)) is not None:
        return appos  # 'According to a post for X, the Hydrology Office predicts': the office (v59)
    if tok.lower_ == "according":
        to = next((c for c in children(tok) if c.lower_ == "to"), None)
        return next((g for g in children(to) if g.dep_ == "pobj"), None) if to is not None else None
    if (name := modal_subject(tok)) is not None:
        return name  # '"...," Will wrote': a columnist the tagger read as a modal (v63)
    if tok.tag_ == "VBN" and tok.dep_ == "ROOT" and tok.text[:1].isupper() and tok.i > sentence_bounds(tok)[0] and not any(c.dep_ in ("aux", "auxpass") for c in children(tok)):
        return None  # a Title Case headline's passive ("Port Authority Accused Of ..."): the subject is accused (v56)
    if tok.dep_ == "acl" and tok.tag_ in ("VBD", "VBZ") and tok.head.dep_ == "ROOT" and tok.head.pos_ in ("PROPN", "NOUN") and tok.head.i < tok.i and tok.doc[tok.i - 1].text == "," and any(c.dep_ == "appos" for c in children(tok.head)):
        return tok.head  # "Okafor, a Lang ally, called ..." parsed as a noun phrase: the name and its apposition are the subject (v56)
    node, aside = tok, False  # aside: climbed from a participle after a comma ("..., describing")
    for _ in range(3):
        if node is not tok and wh_clause(node):
            return None  # '- where the Panthers played the Vikings - while chanting': not who chants
        for child in _inverted_first(node, children(node)):
            if child.dep_ in _SUBJECT_DEPS:
                if node is not tok and child.lower_ == "it" and tok.tag_ == "VBG" and is_cue(tok, SPEECH_VERBS) and (teller := _teller_of_clause(node)) is not None:
                    return teller  # 'X insisted it was "premature" to back her while adding, "..."': X adds, not "it"
                child = nearer_subject(node, child)  # 'HALIFAX (UPI) — Okoro told': not the dateline
                if child.dep_ == "nsubjpass" and quoted_as(tok, node):
                    return child  # "The mayor was quoted as saying ...": the one quoted says it (v66)
                return None if child.dep_ == "nsubjpass" and not (has_said(node) and (child.lower_ in ("he", "she") or child.ent_type_ == "PERSON")) else child
            if child.dep_ == "agent" and node is tok and tok.lemma_.lower() not in _NAMING:  # "as confirmed by the minister"
                return next((g for g in children(child) if g.dep_ == "pobj"), None)  # "asked by a reporter if ...": the reporter asked
        head = node.head
        if node.dep_ == "xcomp" and head.pos_ == "ADJ":  # "the mayor was quick to", "it is hard to"
            owners = (head, head.head) if head.dep_ == "acomp" else (head,)
            if all(c.lower_ == "it" for n in owners for c in children(n) if c.dep_ in ("nsubj", "expl")):
                return None  # "(it is) even harder to predict how ...": nobody in particular predicts
        if node.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
            # "forced Vance to admit": Vance speaks, not whoever forced him
            obj = next((c for c in children(head) if c.dep_ == "dobj"), None)
            if obj is not None and not (aside and any(c.dep_ == "nsubj" and (c.ent_type_ in ("PERSON", "ORG") or c.lower_ in ("he", "she", "it", "they")) for c in children(head))):
                return obj  # but "It urged residents to report leaks, describing ...": the one who urged describes
        if addressee_participle(node):
            return None  # "Asked whether ..., Ortiz said": Ortiz was asked, by someone the text does not name
        if _reporters_participle(node):
            node = head.head  # "analysts said factors have grown, citing ...": the analysts cite
        elif node.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
            if (judged := judged_object(node)) is not None:
                return judged  # "slammed the mayor for saying that ...": the mayor says it (v60)
            node = head.head  # "sang to Lind before asking her": the singer asks
        elif node.dep_ == "conj" and head.dep_ == "ccomp" and is_cue(node, SPEECH_VERBS) and is_cue(head.head, SPEECH_VERBS) and not is_cue(head, SPEECH_VERBS) and joined_at_reporters_level(node, head):
            node = head.head  # "said the board would act but also warned that": the one who said, not the board
        elif node.dep_ == "conj" and node.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
            if (node := _verb_above(head)) is None or node.tag_ != "VBG":  # "by mentioning plans for a fence along the border and adding": the parser joined "adding" to "border"
                break
        elif node.dep_ == "conj" and (own := subject_after_and(node)) is not None:
            return own  # "... and others have said": theirs, not the first clause's subject
        elif node.dep_ in ("conj", "xcomp", "advcl") and head.i != node.i:
            aside = aside or (node.dep_ == "advcl" and node.tag_ == "VBG" and node.i > 0 and node.doc[node.i - 1].text == ",")
            node = (_verb_above(head.head) or head) if noun_clause_aside(node, head) else head  # '... the claims that X broke the rules — saying': not X (v60)
        else:
            break
    return stranded_name(tok) if tok.head.i == tok.i else None


def _teller_of_clause(node: Any) -> Any | None:
    """The subject of the speech verb whose reported clause holds ``node`` (through at most one
    more clause: 'insisted it was premature to back ...'), else None."""
    for _ in range(2):
        if node.dep_ == "ccomp" and is_cue(node.head, SPEECH_VERBS):
            return subj if (subj := next((c for c in children(node.head) if c.dep_ == "nsubj"), None)) is not None and subj.lower_ != "it" else None
        if node.dep_ not in ("xcomp", "ccomp") or node.head.i == node.i:
            return None
        node = node.head
    return None


def stranded_name(tok: Any) -> Any | None:
    """ "As part of his plea, Ana Lutz, 44, said ...": the parser hung the name on the noun
    before it as an apposition and left the verb with no subject; the person named just
    before the verb's comma (through an age or a role in apposition)."""
    doc = tok.doc
    if tok.i < 2 or doc[tok.i - 1].text != "," or any(c.dep_ in _SUBJECT_DEPS for c in children(tok)):
        return None
    t = doc[tok.i - 2]
    while t.dep_ == "appos" and t.ent_type_ != "PERSON" and t.head.i < t.i:
        t = t.head
    if t.dep_ == "appos" and t.pos_ == "PROPN" and t.ent_type_ == "PERSON" and t.head.i < t.i:
        return t
    # "One guest, who asked not to be named as the dinner was private, said": the subject
    # hung on the relative clause's verb, read as a clause of "said" before it
    comp = next((c for c in lefts(tok) if c.dep_ == "ccomp"), None)
    subj = next((c for c in lefts(comp) if c.dep_ == "nsubj"), None) if comp is not None else None
    if subj is not None and subj.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "relcl" for c in children(subj)) and any(c.dep_ == "ccomp" and c.i > tok.i for c in children(tok)):
        return subj
    return None


#: Passives whose subject is the speaker of a participle after them: "was quoted as saying",
#: "was heard saying", "was recorded telling".
_QUOTED_AS = frozenset("quote cite report hear overhear record film catch".split())
_SAYING = frozenset("say tell call describe claim warn ask admit insist complain boast joke urge promise threaten shout add".split())


def quoted_as(cue: Any, verb: Any) -> bool:
    """"[Subject] was quoted as saying ...", "was heard telling ...": ``cue`` is a speech
    participle under the passive ``verb`` (directly or through "as")."""
    if cue.tag_ != "VBG" or verb.lemma_.lower() not in _QUOTED_AS or cue.lemma_.lower() not in _SAYING or cue.doc[cue.i - 1].text == ",":
        return False  # not "Complaints were recorded ..., indicating that": the complaints indicate
    head = cue.head
    if cue.dep_ == "pcomp" and head.lower_ == "as":
        head = head.head
    return head.i == verb.i and any(c.dep_ == "auxpass" for c in children(verb))


def has_said(verb: Any) -> bool:
    """"she's said": the tagger read the "has" of a past participle as a passive "is" (the
    caller checks that a person is the subject: "it's written" is a passive)."""
    aux = [c for c in children(verb) if c.dep_ == "auxpass"]
    return len(aux) == 1 and aux[0].lower_ in ("'s", "\u2019s") and verb.tag_ in ("VBN", "VBD") and verb.lemma_.lower() in SPEECH_VERBS


def _verb_above(tok: Any) -> Any | None:
    """The nearest verb among ``tok``'s heads, within a few steps."""
    for _ in range(6):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def plain_between(subj: Any, tok: Any) -> bool:
    """``subj`` comes before ``tok`` in one paragraph, with no quotation mark between them
    (a parse that runs across a paragraph or a quote is no evidence of binding)."""
    if subj.i >= tok.i or tok.i - subj.i > 40:
        return False
    return not any("\n" in t.text or t.is_quote or t.text in ("``", "''") for t in tok.doc[subj.i + 1 : tok.i])


def _reporters_participle(node: Any) -> bool:
    """A participle cue ("citing", "arguing") hung on a reported clause whose own subject
    cannot speak ("analysts said geopolitical factors have grown, citing ..."): the parser's
    attachment is a misreading; the participle belongs to the reporter."""
    head = node.head
    if node.dep_ != "advcl" or node.tag_ != "VBG" or head.i == node.i:
        return False
    outer = head.head
    if head.dep_ != "ccomp" or outer is head or outer.lemma_.lower() not in SPEECH_VERBS | BELIEF_VERBS:
        return False
    reporter = next((c for c in children(outer) if c.dep_ == "nsubj"), None)
    if reporter is None or not plain_between(reporter, node):
        return False  # the reporter comes first, in the same paragraph
    inner = next((c for c in children(head) if c.dep_ in _SUBJECT_DEPS), None)
    return inner is None or (inner.pos_ == "NOUN" and not inner.ent_type_ and not is_plausible_speaker_noun(inner, by_suffix=False))


#: Verbs whose object does what the clause after it says ("forced Vance to admit", "asked
#: her to explain", "pressed him to confirm").
OBJECT_CONTROL = frozenset("force ask urge persuade press pressure push compel prompt invite encourage require order challenge get lead".split())
#: Verbs whose next word is the person addressed ("told Smith", "asking Trump"), not the speaker.
ADDRESSED = frozenset("tell ask urge warn inform remind assure advise accuse".split())


def addressee_participle(tok: Any) -> bool:
    """"Asked whether ..., Ortiz said", "When told that ...": a past participle of ``ADDRESSED``
    with no subject of its own; the main clause's subject was asked (quotes version 31)."""
    return tok.dep_ == "advcl" and tok.tag_ in ("VBN", "VBD") and tok.lemma_.lower() in ADDRESSED and not any(c.dep_ in _SUBJECT_DEPS for c in children(tok))
_NOT_SPEAKER_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY"}
_NAMING = frozenset("recall call name dub term label brand nickname".split())  # "recalled by the Reich": dismissed, not quoted


def usable_subject(tok: Any | None, idx: "TokenIndex", off: int) -> bool:
    """A subject that can be a speaker: not inside a quote, not a date or number."""
    if tok is None or idx.in_quote(off + tok.idx):
        return False
    # "said Thursday" is a date, "the 46-year-old" is a person, so are "one of the officials" and "said one, [Name]" (v66)
    return not (tok.ent_type_ in _NOT_SPEAKER_ENTS and tok.pos_ in ("PROPN", "NUM") and not (tok.lower_ == "one" and any(c.lower_ == "of" or c.dep_ == "appos" for c in tok.children)))


def trim(text: str, start: int, end: int, *, clause: bool = False) -> tuple[int, int]:
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


def range_span(off: int, doc: Any, first: int, last: int, text: str, min_tokens: int = 3) -> tuple[int, int] | None:
    """Character span of tokens ``first..last`` (inclusive), trimmed as a reported clause."""
    if last - first + 1 < min_tokens:
        return None
    a, b = doc[first], doc[last]
    return trim(text, off + a.idx, off + b.idx + len(b.text), clause=True)


#: A reporting verb followed by the opening of a quotation: it introduces that one.
INTRODUCES_QUOTE = re.compile(r"(?:\s+(?:back|out|up|in|on|again|then))?\s*[,:]\s*[\"'\u201c\u2018]")
