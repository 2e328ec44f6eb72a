"""Stage ``factchecks``: attach existing fact-checks to the article's claims.

For every span of the ``claims`` layer, the fact-check database (setting ``factcheck_db``: its
own DuckDB file, by default ``factchecks.duckdb`` beside the store) is searched with the claim's
text (BM25 + MiniLM, see ``newsprobe.factchecks.search``)
and the claims layer is re-written with ``attrs.factchecks``: the matches scoring at least
``MATCH_THRESHOLD`` (at most ``factcheck_top`` of them), each ``{id, claim, verdict,
publisher, url, collection, score}`` (and ``duplicates``, the ids of other copies of the same
fact-check, when it is stored more than once). A claim without a close fact-check gets an empty list.

The database is opened read-only and loaded once per process (``newsprobe.factchecks.load``:
cached by path, modification time and size); the stage never opens the article store, so any
number of worker processes can run it while the store is written. When the database file or
its fact-check table is missing or empty, the stage changes nothing and says so in
``article.provenance["factchecks"]``. A cross-encoder, when one was trained into the model folder
(not shipped), re-orders the first candidates (setting ``factcheck_cross_depth``: -1 its
trained depth, 0 off). It adds to ``article.signals["claims"]`` the number
of claims with a matching fact-check and the count of their verdicts (overall and
``by_story``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..article import Article
from ..errors import NewsprobeError
from ..context import Context
from ..registry import stage
from ..settings import Settings
from ..signals import story_of


def _load(path: str) -> tuple[Any, str | None]:
    """``(index, None)`` or ``(None, why not)``; never raises for a missing or empty database."""
    from ..factchecks.load import load_index

    try:
        index = load_index(path)
    except NewsprobeError as e:
        return None, str(e)
    except Exception as e:  # a corrupt or locked file: note it, analyse on
        return None, f"cannot read fact-checks from {path!r}: {type(e).__name__}: {e}"
    if not len(index):
        return None, f"the fact-check database {path!r} holds no fact-checks; import some with `newsprobe factchecks import`"
    return index, None


def _verdict_key(verdict: str | None) -> str:
    return verdict if verdict else "(no verdict)"


def make_runner(settings: Settings):
    db_path = settings.factcheck_db_path
    top = max(1, int(settings.factcheck_top))
    depth = int(settings.factcheck_cross_depth)
    cross_depth = None if depth < 0 else depth

    def run(article: Article, ctx: Context) -> None:
        from ..factchecks.search import is_match

        claims = article.layer("claims")
        if not claims:
            article.provenance["factchecks"] = {"status": "no claims to match"}
            return
        index, why = _load(db_path)
        if index is None:
            article.provenance["factchecks"] = {"status": "skipped", "reason": why}
            return
        results = index.search_many([article.span_text(s) for s in claims], top=top, cross_depth=cross_depth)
        new_spans = []
        matched = 0
        verdicts: Counter[str] = Counter()
        by_story: dict[str, dict[str, Any]] = {}
        for span, matches in zip(claims, results):
            kept = [m for m in matches if is_match(m)]
            attrs = dict(span.attrs)
            attrs["factchecks"] = [m.to_dict() for m in kept]
            new_spans.append(span.replace(attrs=attrs))
            sid = story_of(article, span.start) or "none"
            story = by_story.setdefault(sid, {"with_factcheck": 0, "factcheck_verdicts": {}})
            if kept:
                matched += 1
                v = _verdict_key(kept[0].verdict)
                verdicts[v] += 1
                story["with_factcheck"] += 1
                story["factcheck_verdicts"][v] = story["factcheck_verdicts"].get(v, 0) + 1
        article.with_layer("claims", new_spans)
        sig = article.signals.setdefault("claims", {})
        sig["with_factcheck"] = matched
        sig["factcheck_verdicts"] = dict(verdicts.most_common())
        stories = sig.setdefault("by_story", {})
        for sid, values in by_story.items():
            if isinstance(stories.get(sid), dict):
                stories[sid].update(values)
            else:
                stories[sid] = values
        article.provenance["factchecks"] = {"status": "matched", "database": db_path, "records": len(index)}

    return run


@stage("factchecks", version="1", requires=("claims",), assigns=("claims",))
def make_factchecks(settings: Settings):
    """Existing fact-checks (BM25 + MiniLM) attached to each claim as attrs.factchecks."""
    return make_runner(settings)
