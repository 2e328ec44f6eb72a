"""The pipeline that runs the registered stages (``newsprobe.registry``) over articles.

A stage is registered under a name with the layers (or resources) it ``requires``, the
layers it ``assigns`` and the ``languages`` it is written for. ``Pipeline`` checks before running anything that every requirement is
assigned by an earlier stage, so a misordered configuration fails at once with a message
instead of producing silently empty layers.

Stages are pure: no I/O, no printing. Each gets the article and a per-article ``Context``
(scratch space that is never serialised: the spaCy parse, sentence offsets, normalised
text). A stage that raises on one article is recorded in ``article.provenance["errors"]``
and the remaining stages still run where their requirements are met; the other articles of
the batch are never affected.

Three guards keep one document from costing more than itself:

- language: a stage written for other languages is skipped for the article (and so are the
  stages that need its layers), with a note in ``article.provenance["notes"]``;
- time: ``doc_time_budget`` seconds per document, checked between stages (and by stages that
  call ``Context.check_time``); a document over it skips its remaining stages, recorded as
  an error in ``provenance["errors"]``;
- a stage that raises fails only that article's layers.

``stage`` and ``registered_stages`` are re-exported here for the stage modules.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Protocol, Sequence

from .article import Article
from .errors import NewsprobeError, PipelineError
from .context import Context, TimeBudgetExceeded, _clock, add_note
from .registry import RESOURCE_DOC, StageFn, StageSpec, registered, stage
from .settings import Settings
from .textnorm import normalize_for_matching

log = logging.getLogger(__name__)

def registered_stages() -> dict[str, StageSpec]:
    """Every registered stage by name; importing ``newsprobe.stages`` registers the built-in ones
    (here, not in the registry, so that the stage modules and the registry import no cycle)."""
    from . import stages  # noqa: F401  (importing registers the built-in stages)

    return registered()


class BatchStage(Protocol):
    """Optional: a stage that can process many articles at once (the spaCy parse does)."""

    def pipe(self, items: Sequence[tuple[Article, Context]]) -> None: ...


class Pipeline:
    """An ordered list of stages, checked for unmet requirements when built."""

    def __init__(self, names: Sequence[str], settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        available = registered_stages()
        unknown = [n for n in names if n not in available]
        if unknown:
            raise PipelineError(
                f"unknown stage(s) {', '.join(unknown)}; available: {', '.join(sorted(available))}"
            )
        self.specs: list[StageSpec] = [available[n] for n in names]
        self._check_order()
        #: stages whose layers come (directly or through another layer) from the parse: their
        #: spans past a long text's cut (``max_analysis_chars``) are dropped, even where a stage
        #: scans ``article.text`` itself (quote marks), so every layer covers the same part
        derived: set[str] = {RESOURCE_DOC}
        self._from_parse: set[str] = set()
        for spec in self.specs:
            if derived & set(spec.requires):
                derived.update(spec.assigns)
                self._from_parse.add(spec.name)
        self._fns: list[StageFn] = [spec.factory(self.settings) for spec in self.specs]
        #: seconds spent in each stage since the pipeline was built (for benchmarks)
        self.timings: dict[str, float] = {spec.name: 0.0 for spec in self.specs}

    def _check_order(self) -> None:
        provided: set[str] = set()
        for spec in self.specs:
            missing = [r for r in spec.requires if r not in provided]
            if missing:
                raise PipelineError(
                    f"stage {spec.name!r} needs {', '.join(missing)}, which no earlier stage assigns; "
                    f"put the stage that assigns it before {spec.name!r} (see `newsprobe stages`)"
                )
            provided.update(spec.assigns)

    def describe(self) -> list[dict[str, Any]]:
        return [
            {"name": s.name, "version": s.version, "requires": list(s.requires), "assigns": list(s.assigns),
             "languages": list(s.languages), "doc": s.doc}
            for s in self.specs
        ]

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.specs]

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article], *, batch_size: int | None = None) -> Iterator[Article]:
        """Analyse articles in batches; yields each article with its layers added, in order."""
        size = batch_size or self.settings.batch_size
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> list[Article]:
        items = [(a, Context(article=a, settings=self.settings)) for a in batch]
        from .language import DEFERRED_KEY

        needed = any(spec.languages for spec in self.specs)
        for a, c in items:
            if needed or DEFERRED_KEY in a.meta:  # a detection left for later (a corpus run's driver) is always done
                t0 = _clock()
                ensure_language(a)
                c.spent += _clock() - t0
        state = [_ArticleState() for _ in items]
        for k, (spec, fn) in enumerate(zip(self.specs, self._fns)):
            t0 = time.perf_counter()
            self._run_stage(spec, fn, items, state, remaining=self.names[k:])
            self.timings[spec.name] += time.perf_counter() - t0
        return [a for a, _ in items]

    def _gate(self, spec: StageSpec, article: Article, ctx: Context, st: "_ArticleState", remaining: list[str]) -> bool:
        """Whether ``spec`` runs on this article; records why not (error or note) when it does not."""
        if st.stopped:
            st.failed.update(spec.assigns)
            return False
        if ctx.out_of_time():
            st.stopped = True
            st.failed.update(spec.assigns)
            _record_error(article, spec, _budget_message(ctx, remaining))
            return False
        needs = set(spec.requires)
        if needs & st.failed:
            st.failed.update(spec.assigns)
            _record_error(article, spec, "skipped: a stage it needs failed")
            return False
        language = article.meta.get("language")
        if not spec.reads(language):
            st.absent.update(spec.assigns)
            add_note(article, spec.name, f"skipped: written for {_names(spec.languages)} text; this text is "
                     f"{_names([language])} ({_evidence(article)})")
            return False
        if needs & st.absent:
            st.absent.update(spec.assigns)
            add_note(article, spec.name, f"skipped: needs {', '.join(sorted(needs & st.absent))}, which was skipped "
                     f"for {_names([language])} text")
            return False
        return True

    def _run_stage(
        self, spec: StageSpec, fn: StageFn, items: list[tuple[Article, Context]], state: list["_ArticleState"],
        *, remaining: list[str],
    ) -> None:
        runnable = [(i, a, c) for i, (a, c) in enumerate(items) if self._gate(spec, a, c, state[i], remaining)]
        if not runnable:
            return
        pipe = getattr(fn, "pipe", None)
        if pipe is not None:
            t0 = _clock()
            try:
                pipe([(a, c) for _, a, c in runnable])
            except Exception:  # fall back to one at a time so one bad article costs only itself
                log.debug("batch stage %s failed; retrying articles one by one", spec.name, exc_info=True)
                _share_time(runnable, _clock() - t0)
            else:
                _share_time(runnable, _clock() - t0)
                for _, a, c in runnable:
                    self._done(a, c, spec)
                return
        for i, a, c in runnable:
            c._stage_started = _clock()
            try:
                if pipe is not None:
                    pipe([(a, c)])
                else:
                    fn(a, c)
                self._done(a, c, spec)
            except TimeBudgetExceeded:
                state[i].stopped = True
                state[i].failed.update(spec.assigns)
                _record_error(a, spec, _budget_message(c, remaining))
            except Exception as e:  # a bug or a pathological input: keep the article, note it
                state[i].failed.update(spec.assigns)
                _record_error(a, spec, f"{type(e).__name__}: {e}")
                log.warning("stage %s failed on article %s: %s", spec.name, a.id, e)
                log.debug("%s", traceback.format_exc())
            finally:
                c.spent += _clock() - c._stage_started
                c._stage_started = None

    def _done(self, article: Article, ctx: Context, spec: StageSpec) -> None:
        """Record that ``spec`` ran; keep its layers within the analysed part of a long text."""
        _mark(article, spec)
        end = ctx.analysis_end
        if end is None or spec.name not in self._from_parse:
            return
        for name in spec.assigns:
            spans = article.layer(name)
            if name != RESOURCE_DOC and any(sp.start >= end for sp in spans):
                article.with_layer(name, [sp for sp in spans if sp.start < end])


@dataclass
class _ArticleState:
    """What the pipeline knows of one article in a batch: layers that failed or were skipped."""

    failed: set[str] = field(default_factory=set)  # assigned by a stage that failed: dependents fail too
    absent: set[str] = field(default_factory=set)  # skipped for the language: dependents are skipped (a note)
    stopped: bool = False  # over the time budget: every later stage is skipped


_LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian", "sv": "Swedish", "da": "Danish",
    "no": "Norwegian", "fi": "Finnish", "cs": "Czech", "hu": "Hungarian", "tr": "Turkish", "el": "Greek",
    "ar": "Arabic", "he": "Hebrew", "fa": "Persian", "zh": "Chinese", "ja": "Japanese", "ko": "Korean",
}


def _names(codes: Iterable[str | None]) -> str:
    """``["en"]`` -> ``"English ('en')"``; codes without a name stay codes."""
    return " or ".join(f"{_LANGUAGE_NAMES[c]} ({c!r})" if c in _LANGUAGE_NAMES else repr(c) for c in codes)


def _evidence(article: Article) -> str:
    how = {"text": "detected", "hint": "declared by the page"}.get(str(article.meta.get("language_evidence")), "given")
    conf = article.meta.get("language_confidence")
    return f"{how}, confidence {conf:.2f}" if isinstance(conf, (int, float)) else how


def _share_time(runnable: list[tuple[int, Article, Context]], seconds: float) -> None:
    """A batch stage's time, shared among its articles in proportion to their length."""
    total = sum(len(a.text) for _, a, _ in runnable) or 1
    for _, a, c in runnable:
        c.spent += seconds * len(a.text) / total


def _budget_message(ctx: Context, remaining: list[str]) -> str:
    return (
        f"time budget spent: {ctx.elapsed():.1f} CPU s used, doc_time_budget is {ctx.settings.doc_time_budget:g} s; "
        f"stages not run: {', '.join(remaining)}. Split the document or raise NEWSPROBE_DOC_TIME_BUDGET"
    )


def ensure_language(article: Article) -> None:
    """Fill ``meta["language"]`` (and its confidence) when ingest did not (an ``Article`` built in code)."""
    from .language import DEFERRED_KEY, detect_language, language_meta, normalize_hint

    if DEFERRED_KEY in article.meta:  # read under ``deferred_detection``: detect now, as ingest would have
        hint = article.meta.pop(DEFERRED_KEY)
        article.meta.update(language_meta(article.text, hint if isinstance(hint, str) else None))
        return
    if "language" in article.meta:
        given = article.meta["language"]
        if given is not None and normalize_hint(given) != given:  # "en-US" -> "en"; junk -> None
            article.meta["language"] = normalize_hint(given)
        return

    guess = detect_language(article.text)
    article.meta.update(guess.as_meta())
    if guess.language is None and guess.best_guess:
        add_note(article, "language", f"language not recognised (best guess {guess.best_guess!r}, "
                 f"probability {guess.best_confidence or 0:.2f}); every stage ran")



def _mark(article: Article, spec: StageSpec) -> None:
    stages = article.provenance.setdefault("stages", {})
    stages[spec.name] = spec.version


def _record_error(article: Article, spec: StageSpec, message: str) -> None:
    errors = article.provenance.setdefault("errors", [])
    errors.append({"stage": spec.name, "error": message[:500]})


__all__ = [
    "RESOURCE_DOC", "Context", "Pipeline", "StageSpec", "TimeBudgetExceeded", "add_note", "ensure_language",
    "registered_stages", "stage",
]
