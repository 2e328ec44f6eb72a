"""The per-article scratch space that stages share (``Context``) and the time budget's clock.

Stages import ``Context`` from here and ``stage`` from ``newsprobe.registry``; neither module
imports the stages or the pipeline, so the stage modules sit below the pipeline without a cycle.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Iterator

from .article import Article
from .errors import NewsprobeError
from .settings import Settings
from .textnorm import normalize_for_matching

#: The clock of the time budget: CPU seconds of the thread running the pipeline. Unlike wall
#: time it does not run on while other programs have the CPU, so a busy machine does not fail
#: documents, and the same input meets the budget (or not) the same way on every run.
_clock = time.thread_time


class TimeBudgetExceeded(NewsprobeError):
    """Raised by ``Context.check_time`` inside a stage whose document has spent its time budget."""


@dataclass
class Context:
    """Per-article scratch shared by stages; never serialised.

    ``docs`` holds the spaCy parse as ``(offset, Doc)`` chunks: a long article is parsed in
    paragraph-aligned chunks, and ``offset`` maps a chunk's character offsets back to the
    article (``offset + token.idx``). Most articles are one chunk at offset 0; runs without
    whitespace longer than ``max_word_chars`` are left out, so chunks may leave gaps.

    ``spent`` is the analysis time this article has used so far (CPU seconds of the pipeline's
    thread); a stage with a long loop may call ``check_time()`` to end early when the document
    is over its budget.

    ``analysis_end`` is set by the parse of a text longer than ``max_analysis_chars``: the
    linguistic layers cover ``[0, analysis_end)`` only; a stage that scans ``article.text``
    itself stops there too (``analysed_text_end``).
    """

    article: Article
    settings: Settings
    docs: list[tuple[int, Any]] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    spent: float = 0.0
    analysis_end: int | None = None
    _norm: str | None = None
    _stage_started: float | None = None

    @property
    def normalized_text(self) -> str:
        """The text with curly quotes, dashes and odd spaces straightened (same offsets)."""
        if self._norm is None:
            self._norm = normalize_for_matching(self.article.text)
        return self._norm

    @property
    def analysed_text_end(self) -> int:
        """Where the linguistic analysis of the article ends (the text's length unless cut)."""
        n = len(self.article.text)
        return n if self.analysis_end is None else min(n, self.analysis_end)

    def tokens(self) -> Iterator[tuple[int, Any]]:
        """Every spaCy token with its article offset: ``(offset_of_chunk, token)``."""
        for offset, doc in self.docs:
            for tok in doc:
                yield offset, tok

    def sents(self) -> Iterator[tuple[int, Any]]:
        """Every spaCy sentence with the article offset of its chunk."""
        for offset, doc in self.docs:
            for sent in doc.sents:
                yield offset, sent

    def note(self, stage: str, note: str) -> None:
        """Add ``{"stage", "note"}`` to ``article.provenance["notes"]`` (input cut, stage skipped...)."""
        add_note(self.article, stage, note)

    def elapsed(self) -> float:
        """Seconds this article has used, the running stage included."""
        running = _clock() - self._stage_started if self._stage_started is not None else 0.0
        return self.spent + running

    def out_of_time(self) -> bool:
        budget = self.settings.doc_time_budget
        return bool(budget and budget > 0 and self.elapsed() > budget)

    def check_time(self) -> None:
        """Raise ``TimeBudgetExceeded`` when the document is over ``doc_time_budget``."""
        if self.out_of_time():
            raise TimeBudgetExceeded(
                f"over the time budget of {self.settings.doc_time_budget:g} s ({self.elapsed():.1f} s used)"
            )

def add_note(article: Article, stage: str, note: str) -> None:
    """Append ``{"stage", "note"}`` to ``article.provenance["notes"]``."""
    notes = article.provenance.setdefault("notes", [])
    notes.append({"stage": stage, "note": note[:500]})


__all__ = ["Context", "TimeBudgetExceeded", "add_note"]
