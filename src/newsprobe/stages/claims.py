"""Check-worthy claims: every sentence scored; those at or above the model's threshold kept.

Scoring uses the project's trained model (``ml/claims_model.py``, ``newsprobe train
claims``) over features of the sentence's tokens in the shared spaCy parse, so the stage
costs little beyond the parse. Rules then drop what is never a claim, whatever the score:
questions, lead-ins that end with a colon ("Here is the full video:"), short boilerplate
("Let me be clear.", "Read more"), first-person opinion frames without a figure
("I think this is wrong") and fragments under four words.

Each kept span (label ``claim``, ``score`` = model probability) carries ``attrs``:

* ``kind``: ``quote-claim`` when the sentence sits in a quote, else the first that applies of
  ``statistic`` (a figure or quantity), ``causal``, ``comparison``, ``prediction``, ``event``;
  ``kinds`` lists every one that applies;
* ``rank``: 1 = the most check-worthy claim of the article;
* ``quote_id`` (the quote it sits in, or None), ``attributed`` (a named citation or a quote
  with a speaker covers it), ``hedged`` (a hedges span overlaps it), ``hedge_ids``,
  ``citation_ids``.

The model's dense variant (the default) also reads each sentence's MiniLM state, shared with
the techniques stage (``ml/sentence_states.py``: each sentence is encoded once per article);
when the encoder cannot load or fails, or the ``claims_dense`` setting is off, the sparse
variant (hashed features only) scores instead, with a note in provenance when it was not asked
for. ``signals["claims"]["model"]`` says which ran.

The quotes, citations and hedges layers are read if present and treated as empty if not.
Signals: ``article.signals["claims"]``: ``count``, ``hedged``, ``unattributed``,
``attributed_share``, ``in_quotes``, ``by_kind`` (a claim counts under each of its kinds),
``sentences`` (how many were considered) and the same per story under ``by_story``.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Sequence

from ..article import Article, Span
from ..ml import sentence_states
from ..ml.claims_features import sentence_features
from ..ml.claims_model import ClaimsModel, load_model
from ..context import Context
from ..registry import RESOURCE_DOC, stage
from ..settings import Settings
from ..signals import group_by_story
from .furniture import Covered

KINDS: tuple[str, ...] = ("quote-claim", "statistic", "causal", "comparison", "prediction", "event")

#: Sentences starting like this are boilerplate when short.
_BOILERPLATE = re.compile(
    r"^\W*(let me (be|say) (clear|honest|frank|this)|let me (start|begin|finish)|here (is|are|'s)|watch|click|read (more|the full|on)|"
    r"sign up|subscribe|follow (us|me)|share (this|on)|related( stories| articles)?\b|advertisement|copyright|all rights reserved|"
    r"photo|image|getty images|thank you|thanks|good (morning|evening|afternoon|night)|ladies and gentlemen|"
    r"(please )?(see|scroll|listen)|this (story|article) (has been|was) updated|editor'?s note)",
    re.IGNORECASE,
)
_OPINION_FRAME = re.compile(
    r"^\W*(i|we) (personally |really |strongly |just |do |don't |do not )?(think|believe|feel|hope|wish|guess|suppose|want|would like|love|hate)\b"
    r"|^\W*in (my|our) (view|opinion)\b|^\W*(frankly|honestly|personally),? ",
    re.IGNORECASE,
)
_CLOSERS = "\"'”’»)] \t"
_CAUSAL = re.compile(
    r"\b(because|due to|as a result|result(ed|s)? in|led to|leads? to|caus(e|es|ed|ing)|thanks to|owing to|blam(e|ed|es) (for|on)|"
    r"responsible for|trigger(ed|s)?|driven by|so that|therefore|consequently)\b",
    re.IGNORECASE,
)
_PREDICT = re.compile(
    r"\b(will|won't|shall|going to|expected to|projected to|forecasts?|predicts?|predicted|on track to|set to|likely to|by (19|20)\d\d)\b",
    re.IGNORECASE,
)
_QUANT_ENTS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY"})


def _tokens_by_sentence(ctx: Context, sentences: Sequence[Span]) -> list[list[Any]]:
    """The parse's tokens falling inside each sentence span (by article offset)."""
    starts = [s.start for s in sentences]
    out: list[list[Any]] = [[] for _ in sentences]
    for offset, tok in ctx.tokens():
        pos = offset + tok.idx
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and pos < sentences[i].end:
            out[i].append(tok)
    return out


_FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})


def _has_predicate(tokens: Sequence[Any]) -> bool:
    """Whether the sentence states something: a finite verb, or a verb form that is the root
    or has a subject of its own ("Five hundred jobs lost after the merger", "Prices rising")."""
    return any(
        t.tag_ in _FINITE_TAGS
        or (t.tag_ in ("VB", "VBN", "VBG") and (t.dep_ == "ROOT" or any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)))
        for t in tokens
    )


def exclusion(text: str, tokens: Sequence[Any], headline: bool = False) -> str | None:
    """Why this sentence is never a claim (question, lead-in, boilerplate, opinion, fragment, a
    sentence without a verb), or None."""
    stripped = text.rstrip(_CLOSERS)
    words = [t for t in tokens if not (t.is_punct or t.is_space)] if tokens else text.split()
    if len(words) < 4:
        return "fragment"
    if stripped.endswith("?"):
        return "question"
    if stripped.endswith(":"):
        return "lead-in"
    if _BOILERPLATE.match(text) and len(words) <= 10:
        return "boilerplate"
    if tokens and not headline and not _has_predicate(tokens):
        return "no-verb"  # an ingredient, a list item, a reference's title: no statement (a headline may be one)
    has_figure = any(getattr(t, "like_num", False) or t.ent_type_ in _QUANT_ENTS for t in tokens)
    if _OPINION_FRAME.match(text) and not has_figure:
        return "opinion"
    return None


def claim_kinds(text: str, tokens: Sequence[Any], in_quote: bool) -> list[str]:
    """Every kind that applies, most specific first (``event`` when nothing else does)."""
    kinds: list[str] = ["quote-claim"] if in_quote else []
    if any(t.ent_type_ in _QUANT_ENTS for t in tokens) or any(t.like_num and t.ent_type_ != "DATE" for t in tokens) or "%" in text:
        kinds.append("statistic")
    if _CAUSAL.search(text):
        kinds.append("causal")
    if any(t.tag_ in {"JJR", "RBR", "JJS", "RBS"} or t.lower_ in {"than", "compared"} for t in tokens):
        kinds.append("comparison")
    if _PREDICT.search(text):
        kinds.append("prediction")
    if len(kinds) == (1 if in_quote else 0):
        kinds.append("event")
    return kinds


class _ByStart:
    """Spans of one layer indexed by start, so that the spans overlapping a sentence are found
    by bisection (one scan of every quote per claim was quadratic on long texts)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)  # stable: the layer's order among equal starts
        self.starts = [s.start for s in self.spans]
        self.longest = max((s.end - s.start for s in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The spans with ``s.start < end and start < s.end``, in the layer's order."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [s for s in self.spans[lo:hi] if s.start < end and start < s.end]


def _best_quote(quotes: _ByStart, start: int, end: int) -> Span | None:
    """The quote covering at least 40% of the sentence (the largest overlap), ignoring scare quotes."""
    best, best_overlap = None, 0
    for q in quotes.overlapping(start, end):
        if q.label in ("scare", "title"):
            continue
        overlap = min(q.end, end) - max(q.start, start)
        if overlap > best_overlap:
            best, best_overlap = q, overlap
    if best is not None and best_overlap >= 0.4 * (end - start):
        return best
    return None


def candidate_states(article: Article, ctx: Context, spans: Sequence[tuple[int, int]], layers: int) -> Any:
    """Mean MiniLM states ``(len(spans), 384)`` of the candidate sentences, shared with the
    techniques stage: the article's sentences are encoded as one list (``article_sentence_spans``),
    the same whichever stage asks first."""
    sentence_states.ensure_states(ctx, article.text, sentence_states.article_sentence_spans(article, ctx), layers)
    # sentences past the token budget are encoded apart, without caching their states
    return sentence_states.mean_states_of(ctx, article.text, spans, layers)


_SPACES = re.compile(r"\s*")


def _headline_lines(article: Article) -> list[Span]:
    """The first line of the text and of each story: a headline there is a claim without a
    verb ("Ferry levy defeated in council") and Title Case leaves the tagger few verbs."""
    text = article.text
    lines = set()
    for a in {0} | {s.start for s in article.layer("stories")}:
        a = _SPACES.match(text, a).end()  # type: ignore[union-attr]
        b = text.find("\n", a)
        lines.add((a, len(text) if b < 0 else b))
    return [Span(a, b, "headline") for a, b in sorted(lines) if b > a]


def find_claims(article: Article, ctx: Context, model: ClaimsModel) -> tuple[list[Span], int]:
    """The claim spans of the article and the number of sentences scored (``model``: a sparse
    model, or a dense one, whose sentence states are computed or taken from ``ctx``)."""
    sentences = list(article.layer("sentences"))
    if not sentences:
        sentences = [Span(off + s.start_char, off + s.end_char, "sentence") for off, s in ctx.sents() if s.text.strip()]
    if not sentences:
        return [], 0
    tokens = _tokens_by_sentence(ctx, sentences)
    text = ctx.normalized_text
    candidates: list[tuple[Span, list[Any]]] = []
    in_furniture = Covered(article.layer("furniture"))  # page furniture ("Share this:", captions) is never a claim
    in_headline = Covered(_headline_lines(article))
    for sent, toks in zip(sentences, tokens):
        if exclusion(text[sent.start : sent.end], toks, in_headline(sent.start, sent.end)) is None and not in_furniture(sent.start, sent.end):
            candidates.append((sent, toks))
    if not candidates:
        return [], len(sentences)
    states = None
    if model.is_dense:
        states = candidate_states(article, ctx, [(sent.start, sent.end) for sent, _ in candidates], model.layers)
    scores = model.score_features([sentence_features(toks) for _, toks in candidates], states)
    quotes = _ByStart(article.layer("quotes"))
    citations = _ByStart(article.layer("citations"))
    hedges = _ByStart(article.layer("hedges"))
    kept: list[tuple[float, Span, list[Any]]] = [
        (float(p), sent, toks) for p, (sent, toks) in zip(scores, candidates) if p >= model.threshold
    ]
    order = sorted(range(len(kept)), key=lambda i: (-kept[i][0], kept[i][1].start))
    rank = {i: r + 1 for r, i in enumerate(order)}
    spans: list[Span] = []
    for i, (p, sent, toks) in enumerate(kept):
        quote = _best_quote(quotes, sent.start, sent.end)
        cites = citations.overlapping(sent.start, sent.end)
        named = [c for c in cites if c.label != "vague"]
        hedge_hits = hedges.overlapping(sent.start, sent.end)
        kinds = claim_kinds(text[sent.start : sent.end], toks, quote is not None)
        attributed = bool(named) or (quote is not None and bool(quote.attrs.get("speaker")))
        spans.append(
            Span(
                sent.start,
                sent.end,
                "claim",
                score=round(p, 4),
                attrs={
                    "kind": kinds[0],
                    "kinds": kinds,
                    "rank": rank[i],
                    "quote_id": quote.id if quote is not None else None,
                    "attributed": attributed,
                    "hedged": bool(hedge_hits),
                    "hedge_ids": [h.id for h in hedge_hits],
                    "citation_ids": [c.id for c in cites],
                },
            )
        )
    return spans, len(sentences)


def _summary(spans: Sequence[Span]) -> dict[str, Any]:
    n = len(spans)
    attributed = sum(1 for s in spans if s.attrs.get("attributed"))
    by_kind: dict[str, int] = {}
    for s in spans:  # a claim counts under each of its kinds
        for kind in s.attrs.get("kinds") or [s.attrs.get("kind")]:
            by_kind[str(kind)] = by_kind.get(str(kind), 0) + 1
    return {
        "count": n,
        "hedged": sum(1 for s in spans if s.attrs.get("hedged")),
        "unattributed": n - attributed,
        "attributed_share": round(attributed / n, 4) if n else 0.0,
        "in_quotes": sum(1 for s in spans if s.attrs.get("quote_id")),
        "by_kind": by_kind,
    }


def claim_signals(article: Article, spans: Sequence[Span], sentences_scored: int) -> dict[str, Any]:
    """Article-level counts plus the same per story (``by_story``)."""
    sig = _summary(spans)
    sig["sentences"] = sentences_scored
    sig["by_story"] = {sid: _summary(group) for sid, group in group_by_story(article, spans).items()}
    return sig


def _note(article: Article, message: str) -> None:
    article.provenance.setdefault("notes", []).append({"stage": "claims", "note": message})


class ClaimsStage:
    """Scores sentences with the loaded model; the model loads once, when the stage is built.

    Uses the model's dense variant when it has one, the ``claims_dense`` setting is on and the
    MiniLM encoder loads; else the sparse variant (with a note when the encoder is missing)."""

    def __init__(self, settings: Settings, model: ClaimsModel | None = None) -> None:
        self.settings = settings
        self.model = model or load_model()
        wanted = self.model.dense is not None and sentence_states.setting_on(settings, "claims_dense")
        # model_note is said on every article: the sparse fallback, or float encoder states
        self.dense, self.model_note = sentence_states.dense_choice(wanted, "sparse claims model")

    @property
    def variant(self) -> str:
        return f"dense-minilm-L{self.model.dense.layers}" if self.dense and self.model.dense else "sparse"

    def __call__(self, article: Article, ctx: Context) -> None:
        variant = self.variant
        chosen = self.model.dense if self.dense and self.model.dense is not None else self.model
        try:
            spans, scored = find_claims(article, ctx, chosen)
        except Exception as e:  # the encoder failed on this text (memory, a broken install): fall back
            if chosen is self.model:
                raise
            variant = "sparse"
            _note(article, f"MiniLM encoder failed ({type(e).__name__}: {str(e)[:200]}): used the sparse claims model")
            spans, scored = find_claims(article, ctx, self.model)
        if self.model_note:
            _note(article, self.model_note)
        article.with_layer("claims", spans)
        article.signals["claims"] = claim_signals(article, article.layer("claims"), scored)
        article.signals["claims"]["model"] = variant


@stage("claims", version="3", requires=(RESOURCE_DOC, "sentences", "quotes", "citations", "hedges"), assigns=("claims",), languages=("en",))
def make_claims(settings: Settings) -> ClaimsStage:
    """Check-worthy claims (trained scorer over the parse) with kind, rank, quote link, attribution and hedging."""
    return ClaimsStage(settings)
