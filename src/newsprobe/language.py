"""Which language an article is written in: ``meta["language"]`` and ``meta["language_confidence"]``.

The detector is py3langid (a maintained fork of langid.py: a naive Bayes model over byte
n-grams, 97 languages, shipped inside the package, so it works offline). The page's own
declaration (``<html lang>``, ``og:locale``, ``Content-Language``, or a corpus record's
``language`` field) is a hint: it decides only when the text is too short or too mixed for a
confident answer, and only when the detector does not rule it out. Pages often declare the
language of their template rather than of the article, so a confident detector wins.

``meta["language"]`` is an ISO 639-1 code or ``None`` (not recognised);
``meta["language_evidence"]`` says where it came from: ``"text"`` (the detector) or
``"hint"`` (the declaration).
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Iterator

#: The detector's probability for its best language at or above which the text decides.
MIN_CONFIDENCE = 0.8
#: With a declared language: the detector's probability for it at or above which it is kept.
MIN_HINT_SUPPORT = 0.05
#: Characters of the text the detector reads: the start and a piece of the middle.
SAMPLE_CHARS = 5000

_LOCK = threading.Lock()
_IDENTIFIER: Any = None


@dataclass(frozen=True)
class LanguageGuess:
    """The outcome of ``detect_language``; ``language`` is ``None`` when not recognised."""

    language: str | None
    confidence: float | None
    evidence: str | None  # "text", "hint" or None
    best_guess: str | None = None  # the detector's top language, even when not confident
    best_confidence: float | None = None

    def as_meta(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "language_confidence": None if self.confidence is None else round(self.confidence, 3),
            "language_evidence": self.evidence,
        }


def _identifier() -> Any:
    global _IDENTIFIER
    with _LOCK:
        if _IDENTIFIER is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _IDENTIFIER


_HINT = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")


def normalize_hint(value: Any) -> str | None:
    """``"en-US"``, ``"de_DE"``, ``"fr"``, ``"de, en"`` -> the ISO 639-1 code of the first; else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    m = _HINT.match(value.split(",")[0])
    if not m:
        return None
    code = m.group(1).lower()
    return code if len(code) == 2 else None


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    head = text[: SAMPLE_CHARS * 3 // 5]
    mid = len(text) // 2
    return head + "\n" + text[mid : mid + SAMPLE_CHARS * 2 // 5]


def detect_language(text: str, hint: str | None = None) -> LanguageGuess:
    """The language of ``text``: the detector when confident, else the hint when the detector
    does not rule it out, else ``None``. ``hint`` may be any declaration (``"en-GB"``)."""
    hint = normalize_hint(hint)
    sample = _sample(text)
    if not any(ch.isalpha() for ch in sample):
        return LanguageGuess(hint, None, "hint" if hint else None)
    ranked = _identifier().rank(sample)
    best, p_best = ranked[0]
    p_best = float(p_best)
    if p_best >= MIN_CONFIDENCE and len(best) == 2:
        return LanguageGuess(best, p_best, "text", best, p_best)
    if hint is not None:
        p_hint = next((float(p) for code, p in ranked if code == hint), 0.0)
        if p_hint >= MIN_HINT_SUPPORT:
            return LanguageGuess(hint, p_hint, "hint", best, p_best)
    return LanguageGuess(None, None, None, best, p_best)


#: Set by ``deferred_detection``: ``language_meta`` then only keeps the hint.
_DEFER: ContextVar[bool] = ContextVar("newsprobe_defer_language", default=False)
#: The ``meta`` key holding a deferred detection's hint (None: no hint); the pipeline replaces
#: it with the ``language`` keys before any stage runs (``pipeline.ensure_language``).
DEFERRED_KEY = "language_hint"


@contextmanager
def deferred_detection() -> Iterator[None]:
    """Within this block (this thread or task), ingest does not detect languages: articles
    carry ``meta["language_hint"]`` and the pipeline detects when it runs, with the same hint
    and the same result. A corpus run's driver reads its inputs this way, so the workers do
    the detection."""
    token = _DEFER.set(True)
    try:
        yield
    finally:
        _DEFER.reset(token)


def language_meta(text: str, hint: str | None = None) -> dict[str, Any]:
    """``detect_language`` as the ``meta`` keys an article carries (within
    ``deferred_detection``: only ``{"language_hint": hint}``)."""
    if _DEFER.get():
        return {DEFERRED_KEY: hint}
    return detect_language(text, hint).as_meta()


__all__ = ["DEFERRED_KEY", "LanguageGuess", "MIN_CONFIDENCE", "deferred_detection", "detect_language", "language_meta",
           "normalize_hint"]
