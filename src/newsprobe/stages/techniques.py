"""Persuasion techniques (SemEval-2020 Task 11 labels), span by span, with calibrated scores.

A linear token model over hashed features and MiniLM word-piece states finds candidate
spans, a span re-scorer (``newsprobe.ml.techniques_rescore``) keeps the likely ones, and a
linear span classifier (hashed span features + MiniLM span and sentence states) names the
technique (see ``newsprobe.ml.techniques_model``). When the MiniLM encoder cannot
be loaded, or the ``techniques_dense`` setting is off, the sparse model (hashed features
only; lower scores) runs instead and the article's provenance notes it. Each span's ``score`` is
P(span is a technique span) x P(technique | span), both calibrated on held-out folds.
When the classifier also finds a second or third technique likely (p >= 0.3) on the same
range, one span per technique is emitted and each lists the others in ``attrs.also``.

Degrades gracefully: text that does not look English gets an empty layer and a note in
``article.provenance["notes"]``; very long text is analysed up to a token budget, in windows
of about 200 sentences (the length of the articles the model learnt from), with a note.
Signals: counts by technique, density per 1,000 words, and the same per story.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..article import Article, Span
from ..ml import sentence_states
from ..context import Context
from ..registry import RESOURCE_DOC, stage
from ..settings import Settings
from ..signals import group_by_story, word_count
from .furniture import Covered

#: Tokens analysed per article at most (about 40,000 words); the rest is skipped with a note.
MAX_TOKENS = sentence_states.MAX_TOKENS
#: Longer articles are analysed in windows of about this many sentences: the model was trained on
#: articles of up to 461 sentences (99% under 225), and its article-level features (position,
#: sentence count, repetition) leave their trained range on a book-length text.
WINDOW_SENTENCES = 200


def sentence_windows(sents: list[Any], size: int = WINDOW_SENTENCES) -> list[list[Any]]:
    """The sentences in one piece, or, past 1.5 x ``size``, in nearly equal consecutive windows."""
    n = len(sents)
    if n <= size * 3 // 2:
        return [sents]
    k = -(-n // size)
    bounds = [round(i * n / k) for i in range(k + 1)]
    return [sents[a:b] for a, b in zip(bounds, bounds[1:])]


def _note(article: Article, message: str) -> None:
    article.provenance.setdefault("notes", []).append({"stage": "techniques", "note": message})


def _summary(spans: list[Span], words: int) -> dict[str, Any]:
    counts = Counter(s.label for s in spans)
    per_k = 1000.0 / words if words else 0.0
    return {
        "count": len(spans),
        "counts": dict(sorted(counts.items())),
        "density_per_1000_words": round(len(spans) * per_k, 3),
        "density_by_technique": {k: round(v * per_k, 3) for k, v in sorted(counts.items())},
    }


def technique_signals(article: Article, spans: list[Span]) -> dict[str, Any]:
    """Counts and densities for the article and for each story."""
    out = _summary(spans, word_count(article.text))
    out["words"] = word_count(article.text)
    by_story: dict[str, Any] = {}
    stories = {s.id: s for s in article.layer("stories")}
    for sid, group in group_by_story(article, spans).items():
        st = stories.get(sid)
        words = word_count(article.text[st.start : st.end]) if st else word_count(article.text)
        by_story[sid] = _summary(group, words)
    out["by_story"] = by_story
    return out


class TechniquesStage:
    def __init__(self, settings: Settings) -> None:
        from ..ml.techniques_model import load_model

        self.model = load_model()
        wanted = self.model.dense is not None and sentence_states.setting_on(settings, "techniques_dense")
        # model_note is said on every article: the sparse fallback, or float encoder states
        self.dense, self.model_note = sentence_states.dense_choice(wanted, "sparse fallback model")

    @property
    def variant(self) -> str:
        return f"dense-minilm-L{self.model.dense.layers}" if self.dense and self.model.dense else "sparse"

    def __call__(self, article: Article, ctx: Context) -> None:
        from ..ml.techniques_features import article_sentences, looks_english
        from ..ml.techniques_model import spans_for_article

        text = article.text
        if not text.strip():
            article.with_layer("techniques", [])
            article.signals["techniques"] = technique_signals(article, [])
            return
        if not looks_english(text):
            article.with_layer("techniques", [])
            article.signals["techniques"] = technique_signals(article, [])
            _note(article, "skipped: the text does not look like English (the model is trained on English news)")
            return
        sents, truncated = article_sentences(article, ctx, max_tokens=MAX_TOKENS)
        if truncated:
            _note(article, f"long text: analysed the first {MAX_TOKENS} tokens only")
        windows = sentence_windows(sents, WINDOW_SENTENCES)
        if len(windows) > 1:
            _note(article, f"long text: analysed in {len(windows)} windows of about {len(sents) // len(windows)} sentences "
                           "(the model was trained on articles of up to about 460 sentences)")
        variant = self.variant
        try:
            spans = [s for w in windows for s in spans_for_article(self.model, text, w, dense=self.dense, ctx=ctx)]
        except Exception as e:  # the encoder failed on this text (memory, a broken install): fall back
            if not self.dense:
                raise
            variant = "sparse"
            _note(article, f"MiniLM encoder failed ({type(e).__name__}: {str(e)[:200]}): used the sparse fallback model")
            spans = [s for w in windows for s in spans_for_article(self.model, text, w, dense=False)]
        if self.model_note:
            _note(article, self.model_note)
        in_furniture = Covered(article.layer("furniture"))  # page furniture ("Share this:", captions) carries no technique
        spans = [s for s in spans if not in_furniture(s.start, s.end)]
        article.with_layer("techniques", spans)
        article.signals["techniques"] = technique_signals(article, list(article.layer("techniques")))
        article.signals["techniques"]["model"] = variant


@stage("techniques", version="6", requires=(RESOURCE_DOC, "sentences"), assigns=("techniques",), languages=("en",))
def make_techniques(settings: Settings) -> TechniquesStage:
    """Persuasion-technique spans (14 SemEval-2020 labels) with calibrated scores."""
    return TechniquesStage(settings)
