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
* "When the mayor asked the fire chief whether ..., he said no": the person in a role that a
  subordinate clause's subject asks is a candidate of its own (version 65), so the "he" is a
  guess between them with the one asked first (it went to the mayor without doubt); "When
  reporters asked the minister ..., he" is the minister (it had no speaker).
* "[Prosecutor] said that ..., whereas [General] admitted that he knew ... He also said": a
  he/she whose chosen person is the subject of a subordinate clause has the sentence's earlier
  speakers as candidates (version 65, ``answerer``).

It extends ``quote_pronouns.PronounResolution``, whose ``owners`` (filled by
``_person_candidates``) keeps the owner of a role whose mention starts where the owner's does
("[Name]'s deputy"): a rival for a later he/she.
"""

from __future__ import annotations

import bisect
from typing import Any

from .place_names import PLACE_NAMES
from .quote_people import ORG_NOUNS, is_person_role, phrase_as_written
from .quote_pronouns import PronounResolution, StoryIndex

#: A he/she candidate: (offset, name, a main subject or speaker, sentence start).
Cand = tuple[int, str, bool, int]

#: Capitalised subjects that are no one a he/she may mean, whether or not the tagger names them.
_NOT_PEOPLE = ORG_NOUNS | frozenset("god house state city county church".split())
#: The tagger's labels for a surname it did not see as a person ("Nwosu" an ORG). Not GPE: a
#: country the place list lacks ("Israel") is a subject too often.
_MISREAD = frozenset({"", "ORG"})
#: Endings of abstract nouns a sentence's first word capitalises ("Loyalty", "Fairness"): no person's name.
_ABSTRACT_ENDS = ("ness", "tion", "sion", "ment", "ism", "ity", "ship", "hood", "alty", "elty", "dom")
#: Reflexive pronouns right after a name, and the pronoun whose gender they show.
_REFLEXIVE = {"himself": "he", "herself": "she"}
#: Verbs whose object a he/she answering right after may be.
_ASKING = frozenset("ask question press quiz interview".split())


class MainSubjects(PronounResolution):
    """Notes on main-clause subjects, for the pronoun resolution it extends; the resolver that
    mixes this in provides the story index, entities and sentence starts."""

    article: Any

    def note_main_subject(self, tok: Any, pos: int, *, role: bool, main: bool = True) -> list[Cand]:
        """Record what a main clause's subject ``tok`` at ``pos`` tells a later he/she: a he/she
        itself (``pronoun_subjects``); since version 64, a capitalised proper noun that no entity
        covers, or that is a one-word organisation to the tagger, and no country, state or
        role word (``role``), is someone the tagger may not have seen as a person ("Okafor met
        Voss.": only Voss tagged; "Nwosu" an ORG: ``StoryIndex.untagged``); a subject that asks a
        person ("The judge asked the witness ...") makes that person a candidate for the answer
        (``StoryIndex.asked``); a name with "himself" or "herself" right after it ("Voss himself
        declined") shows that person's gender. For any subject of an asking verb (``main`` or
        not), returns the people in a role it asks, as he/she candidates that are no main
        subject (position, phrase, False, sentence start): "When the mayor asked the fire chief"."""
        story = self.story_at(pos)
        roles = self._note_asked(tok, pos, story) if tok.head.lemma_.lower() in _ASKING else []
        if not main:
            return roles
        if tok.lower_ in ("he", "she"):
            self.pronoun_subjects.append((pos, tok.lower_))
            return roles
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ in _REFLEXIVE and tok.pos_ == "PROPN":  # "Voss himself declined": a man
            ent = self.entity_at(pos, pos + len(tok.text))
            self._note_gender(self.name_of(ent) if ent is not None else tok.text, _REFLEXIVE[nxt.lower_])
        if role or tok.tag_ != "NNP" or tok.ent_type_ not in _MISREAD or not tok.text[:1].isupper() or not tok.text[1:].islower() or len(tok.text) < 3:
            return roles
        ent = self.entity_at(pos, pos + len(tok.text))
        if tok.head.tag_ == "VBP" or tok.lower_.endswith(_ABSTRACT_ENDS):  # v65: "States typically decentralize", "Loyalty, he noted, has": no one
            return roles
        if (ent is None or (ent.end - ent.start == len(tok.text) and self.kind_of_name.get(self.name_of(ent)) == "org")) and tok.lower_ not in PLACE_NAMES and tok.lower_ not in _NOT_PEOPLE:
            story.untagged.append((pos, tok.text))
        return roles

    def _note_asked(self, tok: Any, pos: int, story: StoryIndex) -> list[Cand]:
        """Note in ``story.asked`` the people that the subject ``tok`` (at ``pos``) of an asking
        verb asks: a person the tagger names, or one in a role (not "interviewed former
        colleagues"); return those in a role as he/she candidates that are no main subject (the
        tagger's people are candidates already): "When the mayor asked the fire chief ..."."""
        roles: list[Cand] = []
        sub = tok.head.dep_ == "advcl"  # "When the mayor asked ...": the pronoun's own sentence goes on
        for c in tok.head.children:
            if c.dep_ != "dobj" or not (c.ent_type_ == "PERSON" or (c.tag_ == "NN" and not c.ent_type_ and is_person_role(c))):
                continue
            at, end = pos - tok.idx + c.left_edge.idx, pos - tok.idx + c.idx + len(c.text)
            ent = self.entity_at(at, end) if c.ent_type_ == "PERSON" else None
            phrase = self.name_of(ent) if ent is not None else phrase_as_written(self.article.text, at, end, sentence_initial=False)
            if phrase and "," not in phrase:
                story.asked.append((self._sentence_start(pos), phrase, sub))
                roles += [] if ent is not None else [(at, phrase, False, self._sentence_start(at))]
        return roles

    def _subordinate_subject(self, pos: int) -> bool:
        """Whether the mention at ``pos`` is the subject of a subordinate clause's verb ("whereas
        Y admitted", "after Y said"), not of the sentence's own."""
        k = bisect.bisect_right(self.token_starts, pos) - 1
        subj = next((t for _, t in self.tokens[max(0, k) : k + 6] if t.dep_ in ("nsubj", "nsubjpass")), None)
        return subj is not None and subj.head.dep_ in ("advcl", "ccomp")

    def answerer(self, story: StoryIndex, best: Cand, cands: list[Cand], rivals: list[str], lower: str, start: int) -> tuple[Cand, list[str]]:
        """The best guess and rivals for a he/she at ``start`` given who was asked: "The judge
        asked the witness ... '...,' she said" in a later sentence: the one asked is a rival
        (v64); "When the mayor asked the fire chief ..., he said" in the same sentence, asked in a
        subordinate clause: the one asked is the first guess, the asker a rival (v65). A speaker
        chosen as the subject of a subordinate clause has the sentence's earlier speakers as
        rivals (v65)."""
        here = self._sentence_start(start)
        if best[2] and self._subordinate_subject(best[0]):  # v65: "X said that ..., whereas Y admitted that ... He also said": either
            rivals = rivals + [n for pos, n, is_main, sent in cands if is_main and sent == best[3] and pos < best[0] and n not in (best[1], *rivals)]
        asked = [(p, sub) for at, p, sub in story.asked if at == best[3] and p != best[1] and self._gender_ok(lower, p)]
        if best[3] != here:
            return best, rivals + [p for p, _ in asked if p not in rivals]
        answer = next((c for c in reversed(cands) for p, sub in asked if sub and c[1] == p and best[0] < c[0] < start), None)
        if answer is None:
            return best, rivals
        return answer, [best[1]] + [n for n in rivals if n not in (best[1], answer[1])]
