"""The stage registry: which stages exist, what each requires, assigns, and which languages it reads.

A stage registers a factory under a name::

    @stage("quotes", version="1", requires=("doc",), assigns=("quotes",), languages=("en",))
    def make_quotes(settings): ...

``languages`` is the tuple of ISO 639-1 codes the stage's rules or model were written for
(empty: any language). The ``Pipeline`` skips a stage for an article whose
``meta["language"]`` is another language and says so in ``article.provenance["notes"]``;
an article whose language is unknown (``None``) runs every stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

from .settings import Settings

if TYPE_CHECKING:  # pragma: no cover - only for type checkers
    from .article import Article
    from .context import Context

#: Resources (not layers) a stage can require; provided by the ``parse`` stage.
RESOURCE_DOC = "doc"


class StageFn(Protocol):
    def __call__(self, article: "Article", ctx: "Context") -> None: ...


@dataclass(frozen=True)
class StageSpec:
    """A registered stage: a factory that builds the callable from settings."""

    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    factory: Callable[[Settings], StageFn]
    doc: str = ""
    languages: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        return f"{self.name}@{self.version}"

    def reads(self, language: str | None) -> bool:
        """Whether the stage runs on text of ``language`` (unknown language: it runs)."""
        return not self.languages or language is None or language in self.languages


_REGISTRY: dict[str, StageSpec] = {}


def stage(
    name: str,
    *,
    version: str,
    requires: Sequence[str] = (),
    assigns: Sequence[str] = (),
    languages: Sequence[str] = (),
) -> Callable[[Callable[[Settings], StageFn]], Callable[[Settings], StageFn]]:
    """Register a stage factory: ``@stage("quotes", version="1", requires=("doc",), assigns=("quotes",))``.

    ``languages``: ISO 639-1 codes the stage is written for (default: every language).
    """
    langs = tuple(languages)
    bad = [code for code in langs if not (len(code) == 2 and code.isalpha() and code.islower())]
    if bad:
        raise ValueError(f"stage {name!r}: languages must be ISO 639-1 codes like 'en', not {bad!r}")

    def register(factory: Callable[[Settings], StageFn]) -> Callable[[Settings], StageFn]:
        _REGISTRY[name] = StageSpec(
            name=name,
            version=version,
            requires=tuple(requires),
            assigns=tuple(assigns),
            factory=factory,
            doc=(factory.__doc__ or "").strip().split("\n")[0],
            languages=langs,
        )
        return factory

    return register


def registered() -> dict[str, StageSpec]:
    """The stages registered so far, by name. ``newsprobe.pipeline.registered_stages`` also
    imports the built-in stages first; use that one unless you registered your own."""
    return dict(_REGISTRY)


__all__ = ["RESOURCE_DOC", "StageFn", "StageSpec", "registered", "stage"]
