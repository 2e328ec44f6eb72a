"""Stages and the pipeline that runs them.

A stage is registered under a name with the layers (or resources) it ``requires`` and the
layers it ``assigns``. ``Pipeline`` checks before running anything that every requirement is
assigned by an earlier stage, so a misordered configuration fails at once with a message
instead of producing silently empty layers.

Stages are pure: no I/O, no printing. Each gets the article and a per-article ``Context``
(scratch space that is never serialised: the spaCy parse, sentence offsets, normalised
text). A stage that raises on one article is recorded in ``article.provenance["errors"]``
and the remaining stages still run where their requirements are met; the other articles of
the batch are never affected.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence

from .article import Article
from .errors import PipelineError
from .settings import Settings
from .textnorm import normalize_for_matching

log = logging.getLogger(__name__)

#: Resources (not layers) a stage can require; provided by the ``parse`` stage.
RESOURCE_DOC = "doc"


@dataclass
class Context:
    """Per-article scratch shared by stages; never serialised.

    ``docs`` holds the spaCy parse as ``(offset, Doc)`` chunks: a long article is parsed in
    paragraph-aligned chunks, and ``offset`` maps a chunk's character offsets back to the
    article (``offset + token.idx``). Most articles are one chunk at offset 0.
    """

    article: Article
    settings: Settings
    docs: list[tuple[int, Any]] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    _norm: str | None = None

    @property
    def normalized_text(self) -> str:
        """The text with curly quotes, dashes and odd spaces straightened (same offsets)."""
        if self._norm is None:
            self._norm = normalize_for_matching(self.article.text)
        return self._norm

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


class StageFn(Protocol):
    def __call__(self, article: Article, ctx: Context) -> None: ...


@dataclass(frozen=True)
class StageSpec:
    """A registered stage: a factory that builds the callable from settings."""

    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    factory: Callable[[Settings], StageFn]
    doc: str = ""

    @property
    def qualified(self) -> str:
        return f"{self.name}@{self.version}"


_REGISTRY: dict[str, StageSpec] = {}


def stage(
    name: str,
    *,
    version: str,
    requires: Sequence[str] = (),
    assigns: Sequence[str] = (),
) -> Callable[[Callable[[Settings], StageFn]], Callable[[Settings], StageFn]]:
    """Register a stage factory: ``@stage("quotes", version="1", requires=("doc",), assigns=("quotes",))``."""

    def register(factory: Callable[[Settings], StageFn]) -> Callable[[Settings], StageFn]:
        _REGISTRY[name] = StageSpec(
            name=name,
            version=version,
            requires=tuple(requires),
            assigns=tuple(assigns),
            factory=factory,
            doc=(factory.__doc__ or "").strip().split("\n")[0],
        )
        return factory

    return register


def registered_stages() -> dict[str, StageSpec]:
    from . import stages  # noqa: F401  (importing registers the built-in stages)

    return dict(_REGISTRY)


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
            {"name": s.name, "version": s.version, "requires": list(s.requires), "assigns": list(s.assigns), "doc": s.doc}
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
        failed: dict[int, set[str]] = {i: set() for i in range(len(items))}
        for spec, fn in zip(self.specs, self._fns):
            t0 = time.perf_counter()
            self._run_stage(spec, fn, items, failed)
            self.timings[spec.name] += time.perf_counter() - t0
        return [a for a, _ in items]

    def _run_stage(
        self, spec: StageSpec, fn: StageFn, items: list[tuple[Article, Context]], failed: dict[int, set[str]]
    ) -> None:
        needs = set(spec.requires)
        runnable: list[tuple[int, Article, Context]] = []
        for i, (a, c) in enumerate(items):
            if needs & failed[i]:
                failed[i].update(spec.assigns)
                _record_error(a, spec, "skipped: a stage it needs failed")
            else:
                runnable.append((i, a, c))
        pipe = getattr(fn, "pipe", None)
        if pipe is not None:
            try:
                pipe([(a, c) for _, a, c in runnable])
                for _, a, _ in runnable:
                    _mark(a, spec)
                return
            except Exception:  # fall back to one at a time so one bad article costs only itself
                log.debug("batch stage %s failed; retrying articles one by one", spec.name, exc_info=True)
        for i, a, c in runnable:
            try:
                if pipe is not None:
                    pipe([(a, c)])
                else:
                    fn(a, c)
                _mark(a, spec)
            except Exception as e:  # a bug or a pathological input: keep the article, note it
                failed[i].update(spec.assigns)
                _record_error(a, spec, f"{type(e).__name__}: {e}")
                log.warning("stage %s failed on article %s: %s", spec.name, a.id, e)
                log.debug("%s", traceback.format_exc())


def _mark(article: Article, spec: StageSpec) -> None:
    stages = article.provenance.setdefault("stages", {})
    stages[spec.name] = spec.version


def _record_error(article: Article, spec: StageSpec, message: str) -> None:
    errors = article.provenance.setdefault("errors", [])
    errors.append({"stage": spec.name, "error": message[:500]})
