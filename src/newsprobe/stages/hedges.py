"""The ``hedges`` layer: speculation, uncertainty and weasel-attribution cues with their scope.

Three sources of cues, merged so that no two spans overlap (longer rule matches win):

1. the trained token classifier (``newsprobe.ml.hedges_model``: SFU Review + BioScope cues)
   followed by news filters: the month "May", "might" the noun, "appeared on stage",
   "I suggest you ...", negated ability ("could not", "cannot") and the corpus cues that in
   news are conditionals or obligations ("if", "or", "would", "should", ...) are dropped;
2. phrase rules for news hedges the corpora lack ("reportedly", "allegedly", "it is just a
   guess", "it is hard not to suspect", "it is unclear whether", "could not be confirmed");
3. weasel attributions found in the dependency tree: a saying/believing verb whose subject is
   a vague group ("some say", "many believe", "critics claim", "experts warn") or an
   impersonal passive ("it is widely believed").

Each span's ``attrs``: ``cue`` (normalised cue), ``scope_start``/``scope_end`` (what the cue
hedges: a verb's complement clause, otherwise from the cue to the end of the clause it
modifies, within the sentence) and ``source`` (model or rule).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from ..article import Article, Span
from ..ml.hedges_model import NEWS_EXCLUDED, HedgeModel, load_model, sent_bounds
from ..context import Context
from ..registry import RESOURCE_DOC, stage
from ..settings import Settings
from ..signals import group_by_story, word_count

LABELS: tuple[str, ...] = ("speculation", "uncertainty", "weasel")

_UNCERTAIN_WORDS = frozenset(
    {"whether", "unclear", "uncertain", "unknown", "unsure", "doubt", "doubtful", "questionable", "uncertainty",
     "unconfirmed", "unverified"}
)
_NEGATED_CERTAINTY = re.compile(r"^(?:not|n't) (?:yet )?(?:sure|clear|known|certain|confirmed)")
_NEG = frozenset({"not", "n't", "never", "\x92t"})
_ABILITY_MODALS = frozenset({"can", "could", "ca"})
_MODALS = frozenset({"may", "might", "could", "can", "would", "should", "must", "shall", "will"})
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "acomp", "attr", "oprd"})
_SKIP_RIGHT = frozenset({"conj", "cc", "punct", "parataxis"})
#: A scope never runs more than this many tokens past its cue (bounds work on run-on text).
MAX_SCOPE_TOKENS = 80

_W = r"(?:it is|it's|it was|it remains|it remained|it still is)"
_PHRASES: tuple[tuple[str, str, str], ...] = (
    # (label, regex, scope): scope "after" = from the cue to the end of the sentence
    ("speculation", r"(?:(?:it is|it's|this is|that is|it was) )?(?:just |only |merely |purely )?(?:a|my|our) (?:wild |educated )?guess(?:,? but)?", "after"),
    ("speculation", r"(?:it is |it's )?hard not to (?:suspect|think|wonder|conclude|believe|assume)", "clause"),
    ("speculation", r"reportedly|allegedly|purportedly|supposedly|reputedly|ostensibly|conceivably|presumably", "clause"),
    ("speculation", r"(?:is|are|was|were) (?:widely |also )?(?:rumou?red|alleged|said|understood) to", "clause"),
    ("speculation", r"(?:it is|it's|it was|it seems) (?:quite |very |entirely |at least )?(?:possible|conceivable|plausible|likely) that", "after"),
    ("speculation", r"chances are|in all likelihood|in all probability|odds are", "after"),
    ("speculation", r"(?:cannot|can't|can not|could not|couldn't) (?:be )?rule[ds]? out", "after"),
    ("uncertainty", _W + r" (?:still |also |not yet |yet )?(?:unclear|uncertain|not clear|not known|unknown|far from clear|not yet clear|an open question)(?: (?:whether|if|how|why|what|when|who|where|which))?", "after"),
    ("uncertainty", r"(?:remains|remained|is still) (?:unclear|uncertain|to be seen|unknown)", "after"),
    ("uncertainty", r"(?:it is|it's|it was) (?:hard|difficult|too early|too soon|impossible) to (?:say|tell|know|predict|judge)", "after"),
    ("uncertainty", r"(?:no one|nobody) (?:yet )?(?:knows|can say|can tell)", "after"),
    ("uncertainty", r"(?:could not|couldn't|cannot|can't|was unable to|were unable to|has not been able to|have not been able to) (?:be )?(?:independently )?(?:confirm|verify|verified|confirmed)", "sentence"),
    # opinion writing: the writer's own guesses and wonderings
    ("speculation", r"(?:(?:this|that|it) is |it's |that's )?(?:pure|mere|just|only|sheer|wild|idle|rank) speculation(?: on my part)?(?:,? but)?", "after_or_previous"),
    ("speculation", r"(?:i|we)(?:['\u2019]d| would| will)? (?:wager|bet|venture|hazard a guess)(?: that)?", "clause"),
    ("speculation", r"maybe|perhaps", "clause"),
    ("uncertainty", r"(?:not|\w+n['\u2019]t) (?:exactly |quite |entirely |really |totally |completely |so |too )?sure(?: (?:whether|if|why|how|what|who|when|where))?", "after_or_previous"),
    ("uncertainty", r"(?:i|we) (?:still |really |just |honestly )?(?:do not|don['\u2019]t|did not|didn['\u2019]t) (?:yet |really )?know (?:yet )?(?:whether|if|why|how|what|who|when|where)", "after"),
    ("uncertainty", r"i (?:still |sometimes |often |just )?wonder(?: (?:whether|if|why|how|what|who))?", "after"),
    ("speculation", r"if i (?:had|were) to (?:guess|bet|wager)|my (?:best |educated |honest )?guess is(?: that)?|i(?:'d| would) guess(?: that)?", "after"),
    ("speculation", r"seemingly|arguably", "clause"),
    ("speculation", r"one (?:can|could|might|may|would) (?:only |easily |be forgiven for thinking )?(?:think|assume|imagine|suppose|suspect|argue|expect|conclude)(?: that)?", "after"),
    ("uncertainty", r"(?:one|you|we) (?:can|could|might|may) only wonder(?: (?:whether|if|why|how|what|who))?|(?:you|we|one) (?:have|has|had) to wonder(?: (?:whether|if|why|how|what|who))?|(?:it |this |that )?makes (?:you|one|me|us) wonder(?: (?:whether|if|why|how|what|who))?", "after"),
    ("uncertainty", r"(?:is|it's|remains|was|will be) (?:anyone's|anybody's) guess|your guess is as good as mine", "around"),
    ("weasel", r"(?:some|many|others) (?:would|might|could) (?:say|argue|suggest|claim)", "after"),
    ("weasel", r"there are (?:those|some|many|people) who (?:say|believe|argue|think|claim|feel|suggest)", "after"),
    ("weasel", r"(?:it is|it's|it has been|it was|it had been) (?:widely |often |commonly |generally |long |sometimes )?(?:said|believed|claimed|rumou?red|thought|argued|suggested|alleged|assumed)(?: that)?", "after"),
    ("weasel", r"(?:people|everyone|everybody) (?:are|is) (?:saying|talking)", "after"),
    ("weasel", r"(?:(?:everybody|everyone) knows|we all know)(?: that)?", "after"),
    ("weasel", r"widely (?:believed|regarded|considered|thought|held|seen as|viewed as)", "after"),
)
_PHRASE_RES = tuple((label, re.compile(r"(?<![\w'])(?:" + rx + r")(?![\w'])", re.IGNORECASE), scope) for label, rx, scope in _PHRASES)

_SAY_VERBS = frozenset(
    {"say", "believe", "claim", "argue", "think", "feel", "suggest", "contend", "insist", "allege", "fear", "worry",
     "warn", "maintain", "assert", "speculate", "agree", "complain", "charge", "note", "suspect", "predict", "tell",
     "point", "reckon", "wonder", "question", "accuse"}
)
_VAGUE_PRONOUNS = frozenset({"some", "many", "most", "others", "several", "few", "somebody", "someone", "they"})
_VAGUE_NOUNS = frozenset(
    {"critics", "experts", "observers", "analysts", "people", "sources", "commentators", "skeptics", "sceptics",
     "opponents", "supporters", "pundits", "insiders", "detractors", "scientists", "researchers", "studies",
     "reports", "rumors", "rumours", "economists", "historians", "officials", "voices", "folks", "residents",
     "activists", "advocates", "observers", "conservatives", "liberals", "fans", "users"}
)
_VAGUE_DETS = frozenset({"some", "many", "most", "several", "few", "certain", "various", "numerous", "countless", "other"})
_SPECIFIC_DETS = frozenset({"the", "these", "those", "his", "her", "their", "our", "its", "my", "your", "both", "two", "three"})


@dataclass
class _Cue:
    start: int  # article offsets
    end: int
    label: str
    cue: str
    score: float
    source: str
    priority: int
    scope_start: int
    scope_end: int


@lru_cache(maxsize=1)
def _model() -> HedgeModel:
    return load_model()


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("\x92", "'").replace("\u2019", "'").split())


def _label_for(cue: str) -> str:
    words = set(cue.split())
    if words & _UNCERTAIN_WORDS or _NEGATED_CERTAINTY.match(cue):
        return "uncertainty"
    return "speculation"


# --- scope ------------------------------------------------------------------------------


def _trim(doc: Any, lo: int, hi: int) -> tuple[int, int]:
    """Token range ``[lo, hi)`` without punctuation at either end."""
    while hi > lo + 1 and doc[hi - 1].is_punct:
        hi -= 1
    while lo < hi - 1 and doc[lo].is_punct:
        lo += 1
    return lo, hi


def _governor(tokens: Any) -> Any:
    """The cue token whose head lies outside the cue, lifted from auxiliaries/modifiers to the verb."""
    root = tokens[-1]
    for tok in tokens:
        if not (tokens[0].i <= tok.head.i <= tokens[-1].i) or tok.head.i == tok.i:
            root = tok
            break
    if root.dep_ in ("aux", "auxpass", "advmod", "neg", "mark", "npadvmod", "acomp", "amod", "det", "cc", "preconj"):
        return root.head
    return root


def _token_scope(doc: Any, s: int, e: int) -> tuple[int, int]:
    """Token range hedged by the cue ``doc[s:e]`` (sentence-bounded)."""
    sent_start, sent_end = sent_bounds(doc)[s]
    cue = doc[s:e]
    gov = _governor(cue)
    comps = [c for c in gov.children if c.dep_ in _COMPLEMENT_DEPS and not (s <= c.i < e)]
    if gov.lemma_.lower() in _SAY_VERBS | {"suggest", "indicate", "appear", "seem", "imply", "expect", "guess",
                                           "assume", "suppose", "hope", "doubt", "speculate", "propose"} and comps:
        lo = min(c.left_edge.i for c in comps)
        hi = max(c.right_edge.i for c in comps) + 1
        if lo >= e or hi <= s:  # complement on one side of the cue: just the complement
            lo, hi = max(lo, sent_start, s - MAX_SCOPE_TOKENS), min(hi, sent_end, e + MAX_SCOPE_TOKENS)
            if hi > lo:
                return _trim(doc, lo, hi)
    hi = max(e, gov.i + 1)
    for child in gov.rights:
        if child.dep_ in _SKIP_RIGHT or child.i > e + MAX_SCOPE_TOKENS:
            break
        hi = max(hi, child.right_edge.i + 1)
    hi = min(hi, sent_end, e + MAX_SCOPE_TOKENS)
    lo = e if hi > e else s
    return _trim(doc, lo, max(hi, lo + 1))


def _char_range(doc: Any, offset: int, lo: int, hi: int) -> tuple[int, int]:
    return offset + doc[lo].idx, offset + doc[hi - 1].idx + len(doc[hi - 1].text)


# --- cue sources ------------------------------------------------------------------------


def _keep_model_cue(doc: Any, s: int, e: int, cue: str) -> bool:
    """News filters over the corpus-trained model's cues (documented in docs/hedges.md)."""
    first = doc[s]
    if cue in NEWS_EXCLUDED or cue.split(" ")[0] in NEWS_EXCLUDED or _norm(first.text) in NEWS_EXCLUDED:
        return False  # also "wouldn't" (spaCy splits it as would + n't)
    low = first.lower_
    lemma = first.lemma_.lower()
    if low in _MODALS and first.tag_ != "MD":  # "May" the month, "with all his might"
        return False
    if low in _ABILITY_MODALS:
        nxt = doc[s + 1] if s + 1 < len(doc) else None
        if (nxt is not None and nxt.lower_ in _NEG) or any(c.dep_ == "neg" for c in first.head.children):
            return False  # negated ability: "police could not say", "it cannot fly"
    if lemma == "appear":
        epistemic = any(c.dep_ in _COMPLEMENT_DEPS for c in first.children) or any(
            c.dep_ == "expl" or (c.dep_ == "nsubj" and c.lower_ == "it") for c in first.children
        )
        nxt = doc[s + 1].lower_ if s + 1 < len(doc) else ""
        if not epistemic and nxt not in ("to", "that", "as", "like"):
            return False  # "appeared on stage", "appeared in court"
    if lemma == "suggest":
        subj = [c for c in first.children if c.dep_ == "nsubj"]
        directive = subj and subj[0].lower_ in ("i", "we") and any(
            t.lower_ in ("you", "readers", "everyone") for t in doc[first.i + 1 : min(first.i + 4, len(doc))]
        )
        if directive:  # "I suggest you read it": advice, not a hedge
            return False
    if first.pos_ == "PROPN" or first.ent_type_ in ("DATE", "PERSON", "ORG", "WORK_OF_ART"):
        return False
    if low in ("may", "might", "could") and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "you" for c in first.head.children):
        return False  # "you may resize the chart", "you could also add salt": advice or permission to the reader
    if lemma in ("hope", "sure"):
        return False  # a wish ("we hope to"); "sure" without a negation is certainty ("not sure" is a phrase rule)
    if lemma == "possible" and s > 0 and (doc[s - 1].tag_ == "JJS" or (s > 1 and doc[s - 2].lower_ in ("most", "least"))):
        return False  # "the best possible", "the most generous possible": a superlative, not doubt
    if lemma == "think" and any(c.dep_ == "prep" and c.lower_ in ("of", "about") for c in first.children) and not any(
            c.dep_ == "ccomp" for c in first.children):
        return False  # "makes me think of summer": reminds, no belief
    if low == "whether" and doc[s + 1 : s + 3].text.lower() == "or not" and first.head.dep_ == "advcl":
        return False  # "whether or not it rains, ...": regardless
    return not any(_obligation(t) for t in doc[s:e])


def _obligation(tok: Any) -> bool:
    """ "are (not) supposed to wear", "was supposed to open": a rule or a plan, not a hedge;
    "is supposed to be the best" (said to be) stays one."""
    if tok.lemma_.lower() != "suppose" or tok.tag_ != "VBN" or not any(c.dep_ == "auxpass" for c in tok.children):
        return False
    comp = next((c for c in tok.children if c.dep_ == "xcomp"), None)
    return comp is not None and comp.lemma_.lower() != "be"


#: Words that a negation before them turns into a hedge ("not sure", "n't clear").
_CERTAINTY_WORDS = frozenset({"sure", "clear", "certain", "known", "confirmed", "convinced"})


def _negation_cue(doc: Any, s: int, e: int) -> int | None:
    """For a model cue that is only a negation ("not", "n't"): the end to read it to when a
    certainty word follows ("not sure": uncertainty), else None (a negation alone is no
    hedge: "they couldn't ignore it", seen so on real pages)."""
    if e - s != 1 or _norm(doc[s].text) not in _NEG:
        return e
    nxt = doc[e] if e < len(doc) else None
    return e + 1 if nxt is not None and nxt.lower_ in _CERTAINTY_WORDS else None


def _model_cues(model: HedgeModel, doc: Any, offset: int) -> list[_Cue]:
    out = []
    for s, e0, score in model.cues(doc):
        e = _negation_cue(doc, s, e0)
        if e is None:
            continue
        cue = " ".join(t.lemma_.lower() if t.pos_ in ("VERB", "AUX") and t.tag_ != "MD" else _norm(t.text)
                       for t in doc[s:e])
        if not _keep_model_cue(doc, s, e, _norm(doc[s:e].text)):
            continue
        lo, hi = _token_scope(doc, s, e)
        a, b = _char_range(doc, offset, s, e)
        ss, se = _char_range(doc, offset, lo, hi)
        out.append(_Cue(a, b, _label_for(cue), cue, score, "model", 1, ss, se))
    return out


def _phrase_cues(doc: Any, offset: int, text: str) -> list[_Cue]:
    out = []
    for label, rx, scope in _PHRASE_RES:
        for m in rx.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            s, e = span.start, span.end
            sent_start, sent_end = sent_bounds(doc)[s]
            sent_end = max(e, min(sent_end, e + MAX_SCOPE_TOKENS))
            if scope == "after_or_previous" and not any(not t.is_punct for t in doc[e:sent_end]) and sent_start > 0:
                # "The mayor will resign. That is pure speculation.": the sentence before
                prev_start = sent_bounds(doc)[sent_start - 1][0]
                lo, hi = _trim(doc, max(prev_start, sent_start - MAX_SCOPE_TOKENS), sent_start)
            elif scope == "around" and s > sent_start and any(not t.is_punct for t in doc[sent_start:s]):
                lo, hi = _trim(doc, max(sent_start, s - MAX_SCOPE_TOKENS), s)  # "Whether X is anyone's guess"
            elif scope in ("after", "after_or_previous", "around"):
                lo, hi = _trim(doc, e, sent_end) if e < sent_end else (s, e)
            elif scope == "sentence":
                lo, hi = _trim(doc, max(sent_start, s - MAX_SCOPE_TOKENS), sent_end)
            else:
                lo, hi = _token_scope(doc, s, e)
            ss, se = _char_range(doc, offset, lo, hi)
            out.append(_Cue(offset + m.start(), offset + m.end(), label, _norm(m.group(0)), 1.0, "rule",
                            3 if label == "weasel" else 2, ss, se))
    return out


def _vague_subject(subj: Any) -> bool:
    low = subj.lower_
    if subj.right_edge.i - subj.left_edge.i > 30:
        return False  # a long subject phrase is specific enough (and bounds the work)
    if any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "PERSON", "GPE", "NORP") for t in subj.subtree):
        return False  # "experts at Harvard say", "Democratic critics": attributed
    if low in ("everyone", "everybody") and subj.pos_ == "PRON":
        # "everyone I talk to says": a relative clause does not make it a source ("everyone at the meeting" does)
        return not any(c.dep_ == "prep" for c in subj.children)
    if any(c.dep_ == "appos" or c.dep_ == "relcl" and c.lower_ != "who" for c in subj.children):
        return False
    dets = {c.lower_ for c in subj.children if c.dep_ in ("det", "amod", "nummod", "poss", "quantmod")}
    if dets & _SPECIFIC_DETS:
        return False
    if low in _VAGUE_PRONOUNS and subj.pos_ in ("PRON", "DET", "ADJ", "NOUN") and low != "they":
        return True
    if low in _VAGUE_NOUNS:
        return low in ("critics", "experts", "observers", "analysts", "sources", "pundits", "insiders", "skeptics",
                       "sceptics", "detractors", "commentators", "studies", "reports", "rumors", "rumours") or bool(dets & _VAGUE_DETS)
    return False


def _weasel_cues(doc: Any, offset: int) -> list[_Cue]:
    out = []
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in _SAY_VERBS:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or not _vague_subject(subj):
            continue
        lo_tok = subj if subj.i < tok.i else tok
        hi_tok = tok if subj.i < tok.i else subj
        left = subj.left_edge if subj.i < tok.i and tok.i - subj.left_edge.i <= 4 else lo_tok
        a, b = offset + left.idx, offset + hi_tok.idx + len(hi_tok.text)
        cue = " ".join([subj.lower_, tok.lemma_.lower()])
        lo, hi = _token_scope(doc, tok.i, tok.i + 1)
        if lo == tok.i:  # no complement: the rest of the sentence
            end = min(sent_bounds(doc)[tok.i][1], tok.i + 1 + MAX_SCOPE_TOKENS)
            lo, hi = _trim(doc, tok.i + 1, end) if tok.i + 1 < end else (tok.i, tok.i + 1)
        ss, se = _char_range(doc, offset, lo, hi)
        out.append(_Cue(a, b, "weasel", cue, 1.0, "rule", 3, ss, se))
    return out


def _merge(cues: Iterable[_Cue]) -> list[_Cue]:
    """Greedy: higher priority, then longer cues first; drop anything overlapping a kept cue."""
    kept: list[_Cue] = []
    starts: list[int] = []  # sorted starts of kept (non-overlapping) cues, for bisection
    for c in sorted(cues, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        i = bisect.bisect_left(starts, c.start)
        if i < len(starts) and starts[i] < c.end:
            continue  # the next kept cue starts inside c
        if i > 0 and kept[i - 1].end > c.start:
            continue  # the previous kept cue runs into c
        starts.insert(i, c.start)
        kept.insert(i, c)
    return kept


def find_cues(doc: Any, offset: int, text: str, model: HedgeModel) -> list[_Cue]:
    """All hedge cues of one parsed chunk; ``text`` is that chunk's normalised text."""
    return _merge([*_model_cues(model, doc, offset), *_phrase_cues(doc, offset, text), *_weasel_cues(doc, offset)])


# --- stage ------------------------------------------------------------------------------


def _summary(spans: list[Span], sentences: Iterable[Span], text: str) -> dict[str, Any]:
    sents = list(sentences)
    words = sum(word_count(text[s.start : s.end]) for s in sents) if sents else word_count(text)
    starts = sorted(h.start for h in spans)
    hedged = sum(1 for s in sents if bisect.bisect_left(starts, s.start) < bisect.bisect_left(starts, s.end))
    return {
        "count": len(spans),
        "by_label": {label: sum(1 for s in spans if s.label == label) for label in LABELS},
        "per_1000_words": round(1000 * len(spans) / words, 3) if words else 0.0,
        "hedged_sentence_share": round(hedged / len(sents), 4) if sents else 0.0,
        "sentences": len(sents),
        "words": words,
    }


class HedgeStage:
    def __init__(self, model: HedgeModel) -> None:
        self.model = model

    def __call__(self, article: Article, ctx: Context) -> None:
        norm = ctx.normalized_text
        spans: list[Span] = []
        for offset, doc in ctx.docs:
            for c in find_cues(doc, offset, norm[offset : offset + len(doc.text)], self.model):
                spans.append(Span(c.start, c.end, c.label, score=round(c.score, 4), attrs={
                    "cue": c.cue, "scope_start": c.scope_start, "scope_end": c.scope_end, "source": c.source,
                }))
        article.with_layer("hedges", spans)
        spans = list(article.layer("hedges"))
        sentences = article.layer("sentences")
        signal = _summary(spans, sentences, article.text)
        by_story: dict[str, Any] = {}
        if article.layer("stories"):
            sent_groups = group_by_story(article, sentences)
            for sid, group in group_by_story(article, spans).items():
                story = article.get_span("stories", sid)
                story_text = article.text[story.start : story.end] if story else ""
                by_story[sid] = _summary(group, sent_groups.get(sid, []), story_text)
        signal["by_story"] = by_story
        article.signals["hedges"] = signal


@stage("hedges", version="6", requires=(RESOURCE_DOC, "sentences"), assigns=("hedges",), languages=("en",))
def make_hedges(settings: Settings) -> HedgeStage:
    """Speculation, uncertainty and weasel cues with their scope (trained cue model + news rules)."""
    return HedgeStage(_model())
