"""Names a story gives a person besides their own (part of the quotes stage, version 37):
"Everyone in the family called her Oma", "Ana Ruiz, known to the crews as Skipper". A later
'"...," Oma said' is then that person's quote under the name the story gave first, not a
second person called Oma. Mixed into ``quote_speakers.SpeakerResolver``.

Only a capitalised name counts (not "called him a liar"), never a date ("called her Friday"),
and the person must be certain: for "called her X" exactly one person who fits the pronoun
named in its paragraph or the one before; for ", known as X" the person named right before the
comma.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .quote_pronouns import PRONOUN_PARAGRAPHS, StoryIndex

_NAME = r"[\"'\u201c\u2018]?(?P<alias>[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2})"
#: "called her Oma", "nicknamed him Skipper"
_CALLED = re.compile(r"\b(?:called|calls|call|nicknamed|dubbed)\s+(?P<pronoun>her|him)\s+" + _NAME)
#: "Ana Ruiz, known to the crews as Skipper", ", nicknamed Skipper"
_KNOWN = re.compile(r",\s+(?:(?:also|better|widely)\s+)?(?:known(?:\s+to(?:\s+\w+){1,3})?\s+as|nicknamed|dubbed)\s+" + _NAME)
_DATES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today tonight yesterday tomorrow""".split()
)


class AliasResolution:
    """``alias_of``: the person a name the story gave stands for; the resolver that mixes this
    in provides the story index, paragraph starts, genders and entities."""

    article: Any
    _aliases: dict[str, str] | None = None

    def story_at(self, offset: int) -> StoryIndex:
        raise NotImplementedError

    def _paragraph_start(self, pos: int, back: int) -> int:
        raise NotImplementedError

    def _gender_ok(self, lower: str, name: str) -> bool:
        raise NotImplementedError

    def entity_at(self, start: int, end: int) -> Any:
        raise NotImplementedError

    def name_of(self, ent: Any) -> str:
        raise NotImplementedError

    def alias_of(self, name: str) -> str:
        """The person ``name`` is another name for (module docstring), else ``name``."""
        if self._aliases is None:
            self._aliases = self._find_aliases()
        return self._aliases.get(name, name)

    def _find_aliases(self) -> dict[str, str]:
        text: str = self.article.text
        found: dict[str, set[str]] = {}
        for m in _CALLED.finditer(text):
            pronoun = "she" if m.group("pronoun") == "her" else "he"
            story = self.story_at(m.start())
            lo = self._paragraph_start(m.start(), PRONOUN_PARAGRAPHS)
            a, b = bisect.bisect_left(story.people, (lo,)), bisect.bisect_left(story.people, (m.start(),))
            fits = {p[1] for p in story.people[a:b] if self._gender_ok(pronoun, p[1])}
            if len(fits) == 1:
                self._keep(found, m, next(iter(fits)))
        for m in _KNOWN.finditer(text):
            ent = self.entity_at(m.start() - 1, m.start())
            if ent is not None and ent.label == "PERSON" and ent.end == m.start():
                self._keep(found, m, self.name_of(ent))
        return {alias: next(iter(people)) for alias, people in found.items() if len(people) == 1}

    def _keep(self, found: dict[str, set[str]], m: re.Match[str], person: str) -> None:
        alias = m.group("alias").rstrip(".")
        ent = self.entity_at(m.start("alias"), m.end("alias"))
        if alias.lower() in _DATES or (ent is not None and ent.label in ("DATE", "TIME")) or alias == person or alias in person.split():
            return
        found.setdefault(alias, set()).add(person)
