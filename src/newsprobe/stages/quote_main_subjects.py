"""What a main clause's subject tells a later he/she, beyond the people the tagger names
(quotes stage, version 64): a mixin of ``quote_speakers.SpeakerResolver``, read by
``quote_pronouns._resolve_person_pronoun``.

* "Okafor thanked Voss. '...,' she said." with only "Voss" tagged a person: the pronoun went to
  Voss, the only person in view, without doubt. A capitalised proper-noun subject that no entity
  covers (``StoryIndex.untagged``) is now a candidate when the chosen person's gender is unknown.
* "The judge asked the witness whether she was sure. 'Absolutely,' she said." went to the judge:
  the person a subject asks (``StoryIndex.asked``) may be the one who answers, so a he/she in a
  later sentence is a guess between them.
* "[Name] himself declined to comment": the reflexive shows that person's gender.

It extends ``quote_pronouns.PronounResolution``, whose ``owners`` (filled by
``_person_candidates``) keeps the owner of a role whose mention starts where the owner's does
("[Name]'s deputy"): a rival for a later he/she.
"""

from __future__ import annotations

from typing import Any

from .place_names import PLACE_NAMES
from .quote_people import ORG_NOUNS, is_person_role, phrase_as_written
from .quote_pronouns import PronounResolution

#: Capitalised subjects that are no one a he/she may mean, whether or not the tagger names them.
_NOT_PEOPLE = ORG_NOUNS | frozenset("god house state city county church".split())
#: The tagger's labels for a surname it did not see as a person ("Nwosu" an ORG). Not GPE: a
#: country the place list lacks ("Israel") is a subject too often.
_MISREAD = frozenset({"", "ORG"})
#: Reflexive pronouns right after a name, and the pronoun whose gender they show.
_REFLEXIVE = {"himself": "he", "herself": "she"}
#: Verbs whose object a he/she answering right after may be.
_ASKING = frozenset("ask question press quiz interview".split())


class MainSubjects(PronounResolution):
    """Notes on main-clause subjects, for the pronoun resolution it extends; the resolver that
    mixes this in provides the story index, entities and sentence starts."""

    article: Any

    def note_main_subject(self, tok: Any, pos: int, *, role: bool) -> None:
        """Record what a main clause's subject ``tok`` at ``pos`` tells a later he/she: a he/she
        itself (``pronoun_subjects``); since version 64, a capitalised proper noun that no entity
        covers, or that is a one-word organisation to the tagger, and no country, state or
        role word (``role``), is someone the tagger may not have seen as a person ("Okafor met
        Voss.": only Voss tagged; "Nwosu" an ORG: ``StoryIndex.untagged``); a subject that asks a
        person ("The judge asked the witness ...") makes that person a candidate for the answer
        (``StoryIndex.asked``); a name with "himself" or "herself" right after it ("Voss himself
        declined") shows that person's gender."""
        if tok.lower_ in ("he", "she"):
            self.pronoun_subjects.append((pos, tok.lower_))
            return
        story = self.story_at(pos)
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ in _REFLEXIVE and tok.pos_ == "PROPN":  # "Voss himself declined": a man
            ent = self.entity_at(pos, pos + len(tok.text))
            self._note_gender(self.name_of(ent) if ent is not None else tok.text, _REFLEXIVE[nxt.lower_])
        if tok.head.lemma_.lower() in _ASKING:
            for c in tok.head.children:
                if c.dep_ == "dobj" and (c.ent_type_ == "PERSON" or (c.tag_ == "NN" and is_person_role(c))):  # not "interviewed former colleagues"
                    at, end = pos - tok.idx + c.left_edge.idx, pos - tok.idx + c.idx + len(c.text)
                    ent = self.entity_at(at, end) if c.ent_type_ == "PERSON" else None
                    phrase = self.name_of(ent) if ent is not None else phrase_as_written(self.article.text, at, end, sentence_initial=False)
                    story.asked.append((self._sentence_start(pos), phrase))
        if role or tok.tag_ != "NNP" or tok.ent_type_ not in _MISREAD or not tok.text[:1].isupper() or not tok.text[1:].islower() or len(tok.text) < 3:
            return
        ent = self.entity_at(pos, pos + len(tok.text))
        if (ent is None or (ent.end - ent.start == len(tok.text) and self.kind_of_name.get(self.name_of(ent)) == "org")) and tok.lower_ not in PLACE_NAMES and tok.lower_ not in _NOT_PEOPLE:
            story.untagged.append((pos, tok.text))
