"""Words written on a thing for the quotes stage: a sign, a shirt or a hat does not speak; the
person the sentence says holds, wears or carries it shows the words, else no one is named
(``speaker_via`` "inscription"; docs/quotes.md, Version 29)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .quote_people import QUANTITY_HEADS, is_plausible_speaker_noun
from .quote_pronouns import Speaker

#: Verbs of holding up or wearing a thing with words on it: its bearer shows the words ("held
#: a sign that read"); not "removed", "found" or "saw".
_BEARING_VERBS = frozenset("hold wear carry hoist wave display sport brandish raise unfurl don lift".split())


class InscriptionResolution:
    """Mixin for ``quote_speakers.SpeakerResolver``: words written on a thing."""

    headline_end: int

    def resolve(self, tok: Any, offset: int) -> Speaker:
        raise NotImplementedError

    def mention_span(self, tok: Any, offset: int) -> tuple[int, int]:
        raise NotImplementedError

    def _inscription(self, thing: Any, offset: int) -> Speaker:
        """Words written on ``thing`` (a sign, a shirt): the person the sentence says holds, wears
        or carries it shows them ("Ana Ruiz held up a sign that read": Ana Ruiz, the mention
        hers); else no speaker, the thing as evidence (``speaker_via`` "inscription")."""
        verb = thing.head
        if thing.dep_ == "dobj" and verb.pos_ == "VERB" and verb.lemma_.lower() in _BEARING_VERBS:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            person_noun = subj is not None and (subj.pos_ == "PROPN" or (subj.pos_ == "NOUN" and is_plausible_speaker_noun(subj) and subj.lemma_.lower() not in QUANTITY_HEADS))
            if subj is not None and person_noun and offset + subj.idx >= self.headline_end:  # not "a third wore a cap"
                found = self.resolve(subj, offset)
                clean = found.name and not any(ch in found.name for ch in '<>="/@')  # not a tweet's markup run into a name
                if clean and found.kind in ("person", "named", "role", "group") and not found.uncertain:
                    return replace(found, via="inscription")
        return Speaker(None, None, *self.mention_span(thing, offset), via="inscription")  # the evidence: "a shirt"
