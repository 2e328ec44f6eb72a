"""Helpers for the per-article and per-story signals every stage reports.

Convention: a stage writes ``article.signals[<area>] = {..., "by_story": {story_id: {...}}}``
where ``<area>`` is its layer name (``quotes``, ``citations``, ``claims``, ...).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from .article import Article, Span


def story_of(article: Article, offset: int) -> str | None:
    """The id of the story span containing character ``offset`` (None if no stories layer)."""
    for story in article.layer("stories"):
        if story.start <= offset < story.end:
            return story.id
    return None


def group_by_story(article: Article, spans: Iterable[Span]) -> dict[str, list[Span]]:
    """Spans grouped by the story their start falls in (every story id present, maybe empty)."""
    groups: dict[str, list[Span]] = {s.id: [] for s in article.layer("stories")}
    extra: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        sid = story_of(article, span.start)
        (groups[sid] if sid in groups else extra["none"]).append(span)
    groups.update(extra)
    return groups


def word_count(text: str) -> int:
    return len(text.split())
