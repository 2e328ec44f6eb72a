"""Readings of the broad attribution paths that are noise, left out of the quotes layer: the
attribution-cue model's (``cue_kind`` "learned", ``quote_learned``; it learned PolNeAR's broad
notion of attribution from political news, and outside reported speech its guesses are noise)
and the stance rules' ("If you prefer a firmer icing": the page talking to its reader)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..article import Span

#: A learned quote below this confidence, with an uncertain lower-case speaker, is dropped.
WEAK_LEARNED = 0.3
#: Second-person subjects: a learned or stance reading of "you can read ...", "if you want to
#: ..." is the page addressing its reader, not an attribution.
SECOND_PERSON = frozenset({"you", "ye", "y'all", "y\u2019all", "yourself", "yourselves"})
#: The rule paths (``cue_kind``) whose confident speakers show that an article reports speech.
RULE_PATHS = frozenset({"cue", "governed", "carried", "transcript", "colon", "indirect", "noun"})


def named_person(attrs: Mapping[str, Any]) -> bool:
    """Whether a quote's speaker is a person the text names (an entity mention or a name)."""
    return attrs.get("speaker_kind") == "person" and attrs.get("speaker_via") in ("entity", "name")


def opening_title(text: str, stories: Iterable[Span]) -> tuple[int, int] | None:
    """Where the first story's title line is, when the text opens with it (a blog post's own
    title, "Why we stopped believing the forecasts"), else None."""
    first = next(iter(stories), None)
    title = str(first.attrs.get("title") or "").strip() if first is not None else ""
    at = len(text) - len(text.lstrip())
    return (at, at + len(title)) if title and first is not None and first.start <= at and text.startswith(title, at) else None


def drop_noise(spans: list[Span], text: str = "", stories: Iterable[Span] = ()) -> list[Span]:
    """Leave out the learned and stance attributions that are mostly noise (quotes version 31
    added the second and third, version 61 the last):

    * the cue model's reading below ``WEAK_LEARNED`` with an uncertain speaker written in lower
      case ("the method needs ...", "loops are handy for ..." on a how-to page);
    * a learned or stance reading whose subject is "you" ("Further down you will find the recipe",
      "Would you like to join us?", "If you want darker leaves"): the page talking to its reader;
    * every learned reading with an uncertain speaker in an article where the rules find no one
      speaking with a confident speaker (a recipe, a product page, a manual: "The vine can
      reach a height", "This video shows the scan"), unless that speaker is a person the text
      names (then only the model's probability is in doubt: "Ana Kowal has voiced concern
      about ..."). The model learned PolNeAR's broad notion of attribution from political news;
      outside reported speech its guesses are noise;
    * a learned or stance reading with an uncertain speaker cued in the title line the text
      opens with ("Why I stopped trusting the county budget": the writer's "trusting ..."); one
      with a confident speaker stays ("Senator X endorses Y" as a headline is X's stance).

    docs/quotes.md "Version 31" and "Version 61" have what each costs and gains."""
    title = opening_title(text, stories) if text else None
    reports_speech = any(
        s.attrs.get("cue_kind") in RULE_PATHS and s.attrs.get("speaker") and not s.attrs.get("speaker_uncertain") for s in spans
    )

    def weak(s: Span) -> bool:
        a = s.attrs
        ss, se = a.get("speaker_start"), a.get("speaker_end")
        if a.get("cue_kind") not in ("learned", "stance"):
            return False
        if text and isinstance(ss, int) and isinstance(se, int) and text[ss:se].strip().lower() in SECOND_PERSON:
            return True
        cue = a.get("cue_start")
        if title and isinstance(cue, int) and title[0] <= cue < title[1] and a.get("speaker_uncertain"):
            return True
        if a.get("cue_kind") != "learned":
            return False
        if a.get("speaker_uncertain") and not reports_speech and not named_person(a):
            return True
        speaker = str(a.get("speaker") or "")
        return float(a.get("confidence") or 0) < WEAK_LEARNED and bool(a.get("speaker_uncertain")) and speaker == speaker.lower() != ""
    return [s for s in spans if not weak(s)]
