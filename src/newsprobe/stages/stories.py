"""Story segmentation (placeholder: one story per article; replaced by the rule segmenter)."""

from __future__ import annotations

from ..article import Article, Span
from ..pipeline import Context, stage
from ..settings import Settings


def _stories(article: Article, ctx: Context) -> None:
    article.with_layer("stories", [Span(0, len(article.text), "story", attrs={"title": article.meta.get("title"), "origin": None})])


@stage("stories", version="0", assigns=("stories",))
def make_stories(settings: Settings):
    """Split a stitched post into its stories."""
    return _stories
