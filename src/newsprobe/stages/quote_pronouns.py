"""Pronoun resolution for the quotes stage's speakers, and the records it shares with
``quote_speakers``: a resolved ``Speaker`` and a story's ``StoryIndex``.

``PronounResolution`` is a mixin of ``quote_speakers.SpeakerResolver``: he/she goes to the most
salient compatible person (gender, person vs role, never a name inside a quotation), they/we
to the latest organisation or group that spoke, and an "it" of a speech verb also to an
organisation that was a main subject before (version 58); "it read" only to a text; two
fitting people make the speaker a best guess marked uncertain.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from .entity_kinds import GROUP_WORDS
from .quote_bound import pronoun_of
from .quote_cues import ADDRESSED, SPEECH_VERBS
from .quote_people import GROUP_PRONOUNS, ORG_NOUNS, PERSON_PRONOUNS, SAYING_TEXTS, is_person_role, is_plausible_speaker_noun, issues_document, pronoun_gender

#: A transcript line's speaker label ("LANE:", "Mr. Oslin:"): an "I" after it is that speaker's.
_SPEAKER_LABEL = re.compile(r"\s*[\"']?[A-Z][\w.' -]{0,40}:")

#: Singular nouns for several people ("the pair insisted"): no he or she.
_COLLECTIVE = frozenset("pair couple duo trio family crowd group team jury audience staff public community side".split())
#: Paragraphs before the pronoun's own in which an antecedent counts as salient.
PRONOUN_PARAGRAPHS = 1


@dataclass
class Speaker:
    """A resolved speaker: canonical name (None when the text does not say), kind, evidence span."""

    name: str | None
    kind: str | None
    start: int | None
    end: int | None
    #: how the name was found: entity, name, apposition, title, description, pronoun, noun,
    #: anonymous, indefinite ("someone", "others"), dash, colon, transcript, outlet ("the X news agency": X), place (an entity tagged LOC/FAC: always uncertain), rejected
    via: str = "noun"
    #: True when two candidates fit (``candidates`` names them) or the antecedent is far away
    uncertain: bool = False
    candidates: tuple[str, ...] = ()
    #: for a he/she: the other compatible people before it, most salient first (never shown;
    #: ``quote_trust.doubt_named_speakers`` falls back on them)
    others: tuple[str, ...] = ()


@dataclass
class StoryIndex:
    """What one story tells us about the people and organisations in it."""

    start: int
    end: int
    #: (offset, canonical, kind) of every entity mention, in text order
    mentions: list[tuple[int, str, str]] = field(default_factory=list)
    #: title word (lower-case lemma, e.g. "minister") -> [(offset, person, title words)]
    titles: dict[str, list[tuple[int, str, frozenset[str]]]] = field(default_factory=dict)
    #: (offset, name, kind) of resolved speakers and named subjects, in text order
    subjects: list[tuple[int, str, str]] = field(default_factory=list)
    mention_starts: list[int] = field(default_factory=list)
    #: people a he/she may point back to: (offset, name, is_main_subject, sentence start), in
    #: text order; person entities and person-role subjects outside quotes
    people: list[tuple[int, str, bool, int]] = field(default_factory=list)
    #: (offset, phrase) of speakers in a role no word list knows ("the council's engineer said")
    unknown: list[tuple[int, str]] = field(default_factory=list)
    #: (offset, name) of capitalised main-clause subjects no person entity covers ("Okafor met
    #: Voss." with "Okafor" untagged or a one-word ORG): someone a he/she may mean, though the
    #: tagger did not see a person (``quote_main_subjects``)
    untagged: list[tuple[int, str]] = field(default_factory=list)
    #: (sentence start, person asked, in a subordinate clause) of clauses that ask someone ("The
    #: judge asked the witness ...", "When the mayor asked the chief ..."): who answers a he/she
    asked: list[tuple[int, str, bool]] = field(default_factory=list)


class PronounResolution:
    """he/she/they/it -> a ``Speaker``; the resolver that mixes this in provides the story
    index, the paragraph and sentence starts, and the genders the text shows."""

    kind_of_name: dict[str, str]
    gender: dict[str, str | None]
    not_pronoun: dict[int, frozenset[str]]
    group_subjects: list[tuple[int, str, frozenset[str], bool]]
    pronoun_subjects: list[tuple[int, str]]  # (offset, "he"/"she") of main-clause pronoun subjects, in text order
    owners: dict[int, str]  # a role's offset -> its owner named at the same place ("[Name]'s deputy": either, v64)
    tokens: list[tuple[int, Any]]
    token_starts: list[int]
    in_quote: Any
    issuer_before: Callable[[int, int, int, str], "tuple[int, Speaker] | None"]  # ``quote_documents`` (v66)

    def story_at(self, offset: int) -> StoryIndex:
        raise NotImplementedError

    def _paragraph_start(self, pos: int, back: int) -> int:
        raise NotImplementedError

    def entity_at(self, start: int, end: int) -> Any:
        raise NotImplementedError

    def name_of(self, ent: Any) -> str:
        raise NotImplementedError

    def _sentence_start(self, pos: int) -> int:
        raise NotImplementedError

    def _gender_ok(self, lower: str, name: str) -> bool:
        g = self.gender.get(name)
        return g is None or g == pronoun_gender(lower)

    def _note_gender(self, person: str, word: str, *, weak: bool = False) -> None:
        raise NotImplementedError

    def answerer(self, story: StoryIndex, best: tuple[int, str, bool, int], cands: list[tuple[int, str, bool, int]], rivals: list[str], lower: str, start: int) -> tuple[tuple[int, str, bool, int], list[str]]:
        raise NotImplementedError

    def _pronoun_subject(self, tok: Any, start: int, end: int, reporting: frozenset[str]) -> Speaker:
        """A pronoun subject ``tok`` of a cue as a speaker. "it" may stand for a text only as the main
        clause's subject of a verb in ``reporting`` ("it said", "it goes on to"; not "it was ... -
        Vale told"); a he/she resolved to a person without doubt is remembered (``_chained``)."""
        lower, head = pronoun_of(tok), tok.head  # "His reply was short:": a "he" (v66)
        says = head.lemma_.lower() in reporting | {"go"} and (head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT"))
        told = self._told(head, start - tok.idx) if lower in ("he", "she") else ()
        verb = head.lemma_.lower() if says and lower == "it" else ""
        found = self._resolve_pronoun(lower, start, end, main=says, told=told, text_only=verb == "read", spoke=verb in SPEECH_VERBS)
        if found.name and lower in ("he", "she") and found.kind == "person" and not found.uncertain:
            bisect.insort(self.pronoun_chain, (start, lower, found.name))  # type: ignore[attr-defined]
        return found

    def _told(self, verb: Any, offset: int) -> tuple[str, ...]:
        """The people the pronoun's own verb of telling addresses by name ("he told Pruett", "she
        asked Ruiz", "he said to Ode"): never that pronoun's person (version 39). Not the object
        of any verb ("he sees Marrow as ..."): where the tagger missed the real antecedent, that
        only made the next guess look certain."""
        out = []
        lemma = verb.lemma_.lower()
        for c in verb.children:
            to = c.dep_ == "prep" and c.lower_ == "to" and lemma in SPEECH_VERBS
            told = c.dep_ in ("dobj", "dative", "iobj") and lemma in ADDRESSED
            obj = c if told else next((g for g in c.children if g.dep_ == "pobj"), None) if to else None
            if obj is not None and obj.pos_ == "PROPN":
                ent = self.entity_at(offset + obj.idx, offset + obj.idx + len(obj.text))
                if ent is not None and ent.label == "PERSON":
                    out.append(self.name_of(ent))
        return tuple(out)

    def _resolve_pronoun(self, lower: str, start: int, end: int, *, main: bool = False, told: tuple[str, ...] = (), text_only: bool = False, spoke: bool = False) -> Speaker:
        if lower in ("i", "me"):
            return self._resolve_first_person(start, end)
        if lower in ("we", "us"):
            writers = self._resolve_first_person(start, end)  # "We are thrilled that ..." in the narrative: the writers
            if writers.name:
                return replace(writers, name="the authors", kind="group")
        if lower in PERSON_PRONOUNS:
            return self._resolve_person_pronoun(lower, start, end, told)
        story = self.story_at(start)
        if lower in GROUP_PRONOUNS:
            wanted = {"org", "group", "people"}
        elif lower == "it":
            wanted = {"org"}
        else:
            return Speaker(None, "pronoun-unresolved", start, end, via="pronoun")
        lo = self._paragraph_start(start, PRONOUN_PARAGRAPHS)
        text_at, text_name = self._text_before(start, lo) if lower == "it" and main else (-1, "")  # not 'a verse where it states'
        k = bisect.bisect_left(story.subjects, (start,))
        subjects = story.subjects[max(0, k - 50) : k]
        if spoke:  # '"...," it said': and the organisations that were subjects before they spoke (v58)
            subjects = sorted(subjects + self._org_subjects(story, start), key=lambda s: s[0])
        issuer = self.issuer_before(start, end, lo, lower) if (spoke or main and lower == "they") and not text_only else None  # "The office released a statement." (v66)
        for pos, name, kind in reversed(subjects if not text_only else []):  # '"...," it read': a text, never an organisation (v58)
            if pos < text_at or (issuer is not None and pos < issuer[0]):
                break  # '"...," it reads' after "The email was sent at noon.": the email, not a company before it
            doubt = False
            if kind == "people":  # people named together in the narrative: only a "they" right after them (v57)
                view = self._people_in_view(pos, start, lower)
                if view is None:
                    continue
                doubt = view
            if kind in wanted:
                other = self._group_subject_before(name, pos, start, lower)
                if other is None and lower == "it":  # "The ministry announced ..., and Kestrel Lines confirmed it.": which?
                    sent = self._sentence_start(pos)
                    other = next((n for p, n, kd in subjects if kd == "org" and n != name and sent <= p < pos), None)
                return Speaker(
                    name, "group" if kind == "people" else kind, start, end, via="pronoun", uncertain=pos < lo or other is not None or doubt,
                    candidates=(name, other) if other is not None else (),
                )
        if issuer is not None:
            return issuer[1]
        if text_only and not text_name:  # "A coalition sent a letter urging ...": the letter
            text_name = self._issued_text(start, lo)
        if text_name:
            return Speaker(text_name, "role", start, end, via="pronoun")
        return Speaker(None, "pronoun-unresolved", start, end, via="pronoun")

    def _issued_text(self, start: int, lo: int) -> str:
        """The text a main clause from ``lo`` on put out as its object ("A coalition sent a
        letter ..."), or a part of a text that is a main clause's subject ("The memo's last
        paragraph drew ..."), the latest before ``start``, that a '"...," it read' stands for;
        else ""."""
        a, b = bisect.bisect_left(self.token_starts, lo), bisect.bisect_left(self.token_starts, start)
        for off, tok in reversed(self.tokens[max(a, b - 200) : b]):
            verb = tok.head
            if verb.dep_ not in ("ROOT", "conj") or self.in_quote(off + tok.idx):
                continue
            if issues_document(verb, tok):
                return tok.lower_
            owner = next((c for c in tok.children if c.dep_ == "poss" and c.lemma_.lower() in SAYING_TEXTS), None) if tok.dep_ == "nsubj" else None
            if owner is not None:
                return owner.lower_
        return ""

    def _org_subjects(self, story: StoryIndex, start: int) -> list[tuple[int, str, str]]:
        """(offset, name, "org") of the organisations the tagger names as a main clause's subject
        outside quotes in the story before ``start`` ("Kestrel Lines announced the closure."):
        an "it" may stand for one that has not spoken yet. Not a name the page uses for a
        person ("On his website, Vance has ...": the tagger's organisation "Vance")."""
        k = bisect.bisect_left(self.group_subjects, (start,))
        known: dict[int, set[str]] | None = getattr(self, "_story_people", None)  # once per story, not per quote
        if known is None:
            known = {}
            self._story_people = known
        if story.start not in known:
            known[story.start] = {w for _, canon, kind in story.mentions if kind == "person" for w in canon.split()}
        people = known[story.start]
        out = []
        for pos, word, fits, main in self.group_subjects[max(0, k - 40) : k]:
            if main and pos >= story.start and "it" in fits and (ent := self.entity_at(pos, pos + len(word))) is not None and ent.label == "ORG":
                name = self.name_of(ent)
                if self.kind_of_name.get(name) != "person" and not set(name.split()) <= people:
                    out.append((ent.start, name, "org"))
        return out

    def _people_in_view(self, pos: int, start: int, lower: str) -> bool | None:
        """Whether people named together at ``pos`` may be who a "they" at ``start`` is: None
        when not (a paragraph between, or another subject a "they" may be: not another "they",
        'Lopez and Ode studied fares. They found ...'); True when a plural noun outside quotes
        that may speak stands between ("the governors": doubt; not "ferry fares"), else False."""
        if pos < self._paragraph_start(start, 1):
            return None
        k = bisect.bisect_right(self.group_subjects, (pos, "\uffff"))
        if any(p < start and lower in fits and word.lower() not in GROUP_PRONOUNS for p, word, fits, _ in self.group_subjects[k : k + 40]):
            return None
        a, b = bisect.bisect_right(self.token_starts, pos), bisect.bisect_left(self.token_starts, start)
        return any(t.tag_ in ("NNS", "NNPS") and is_plausible_speaker_noun(t, by_suffix=False) and not self.in_quote(off + t.idx) for off, t in self.tokens[max(a, b - 80) : b])

    def _text_before(self, start: int, lo: int) -> tuple[int, str]:
        """(offset, phrase) of a text that a reporting "it" at ``start`` points back to: the
        latest singular main-clause subject (no pronoun) before it, from ``lo`` on and in its
        story, when that subject is a text ("The auditors' memo was blunt. '...,' it
        stated"); else (-1, ""). Anything else in between ("Westbrook said") leaves
        "it" to the organisations."""
        texts: list[tuple[int, str]] = self.text_subjects  # type: ignore[attr-defined]
        k = bisect.bisect_left(texts, (start,))
        if k == 0:
            return -1, ""
        pos, phrase = texts[k - 1]
        if pos < lo or pos < self.story_at(start).start or not phrase:  # subjects outside quotes only (``_index_people``)
            return -1, ""
        return pos, phrase

    def _group_subject_before(self, name: str, spoke_at: int, start: int, lower: str) -> str | None:
        """Another subject the pronoun may stand for, after the speaker ``name`` spoke: any in
        the pronoun's own sentence ("Democrats didn't nominate ...; they backed"), a main-clause
        one in the sentence before ("The platform called for ... It called for"). A rival: the
        speaker stays a best guess, marked uncertain."""
        groups = self.group_subjects
        sent = self._sentence_start(start)
        before = self._sentence_start(sent - 1) if sent > 0 else sent
        k = bisect.bisect_left(groups, (start,))
        for pos, word, fits, main in reversed(groups[max(0, k - 8) : k]):
            if pos <= spoke_at or pos < before:
                break
            if lower in fits and (main or pos >= sent) and word.lower() not in name.lower():
                return word
        return None

    def _resolve_first_person(self, start: int, end: int) -> Speaker:
        """"I" in the reporter's own words is the writer of the piece ("I laughed and said, ..."):
        "the author", marked uncertain (the text does not say who wrote it). Not inside quote
        marks, even a mark left open in its paragraph (someone else's "I"), nor on a transcript
        line ("LANE: I said ...")."""
        text: str = self.article.text  # type: ignore[attr-defined]
        line = text[text.rfind("\n", 0, start) + 1 : start]
        open_mark = sum(line.count(m) for m in '"\u201c\u201d') % 2 == 1  # a quote mark left open: someone's words
        if self.in_quote(start) or open_mark or _SPEAKER_LABEL.match(line):  # type: ignore[attr-defined]
            return Speaker(None, "pronoun-unresolved", start, end, via="pronoun")
        return Speaker("the author", "person", start, end, via="pronoun", uncertain=True)

    def _resolve_person_pronoun(self, lower: str, start: int, end: int, told: tuple[str, ...] = ()) -> Speaker:
        """he/she: the most salient compatible person before the pronoun, in its paragraph or
        the one before. Salient: the latest person who spoke or is a main-clause subject
        (the latest person named, when none is). Compatible: the gender the text shows
        (honorifics, gendered titles and role words, common first names, earlier pronouns),
        and a person or a person in a role, never a name inside a quotation or the headline.
        When a different compatible person was named after that one, in another sentence or
        as a subject, two candidates fit: the speaker is a best guess marked ``uncertain``."""
        story = self.story_at(start)
        far = False
        cands = [c for c in self._person_candidates(story, lower, self._paragraph_start(start, PRONOUN_PARAGRAPHS), start) if c[1] not in told]
        if not cands:
            far = True
            cands = [c for c in self._person_candidates(story, lower, self._paragraph_start(start, 4), start) if c[1] not in told]
        if not cands:
            return self._chained(lower, start, end)
        main = [c for c in cands if c[2]]
        best = main[-1] if main else cands[-1]
        if not main and not far and self._pronoun_beside(best, lower, start):
            far = True
        rivals = []
        for pos, name, is_main, sent in cands:
            if name != best[1] and name not in rivals and (pos > best[0] and (is_main or sent != best[3]) or not main or far):
                rivals.append(name)
        if rivals and not main and not far and self._subject_before(best, cands, start):
            rivals = []  # "Soon after Ms. Orwell was elected, she said": the subject of the clause before it
        if rivals and not far and self._chain_goes_on(best, cands, lower, start):
            rivals = []  # "... she said X. She also said Y.": the same she, no one else named between
        if pronoun_gender(lower) and self.gender.get(best[1]) is None and best[3] == self._sentence_start(start):
            # "When Winfrey asked ..., he declined": a name of unknown gender in the pronoun's own
            # sentence against an earlier speaker the text shows to be a "he": both may be meant
            rivals += [n for _, n, is_main, _ in main if is_main and n != best[1] and n not in rivals and self.gender.get(n) == pronoun_gender(lower)]
        if pronoun_gender(lower):  # "Reyes, who ..., said ... '...,' he said" with Reyes tagged an organisation
            rivals += [n for n in self._orgs_spoke_after(story, best[0], start) if n not in rivals]
        lo = self._paragraph_start(start, PRONOUN_PARAGRAPHS)  # "The council's engineer said ...": he, or the one before?
        rivals += [p for at, p in story.unknown if best[0] < at < start and at >= lo and p not in rivals and self._gender_ok(lower, p)]
        known, here, unknown = {w for _, n, _, _ in cands for w in n.split()}, self._sentence_start(start), self.gender.get(best[1]) is None  # "Reynolds says" untagged, beside "[First] Reynolds": no one new
        # v64: "Okafor thanked Voss. '...,' she said" (Okafor untagged; Voss's gender unknown); v65: "Moreno rejects that." after a man spoke
        rivals += [p for at, p in story.untagged if lo <= at < start and (at > best[0] or (not main and unknown)) and p not in rivals and p not in known]
        rivals += [n for _, n, _, sent in cands if unknown and sent == here and n != best[1] and n not in rivals and self.gender.get(n) == pronoun_gender(lower)]  # "[Chris] Brandt called Ruth Vale a liar after she ..."
        rivals += [o for o in [self.owners.get(best[0])] if o and o not in rivals and self._gender_ok(lower, o)]  # "[Name]'s deputy said ... he" (v64)
        best, rivals = self.answerer(story, best, cands, rivals, lower, start)  # "The judge asked the witness ... she said" (v64); "When X asked Y ..., he" (v65)
        shared = self._shared_surname(best[1])
        if shared is not None:
            fits = shared.get(pronoun_gender(lower) or "", [])
            if len(fits) == 1:  # "Marsh ... she said" beside Susan and Tom Marsh: Susan Marsh
                best = (best[0], fits[0], best[2], best[3])
                rivals = [n for n in rivals if n != fits[0]]
            else:
                far = True  # "Clinton" beside two Clinton men (or no woman) for a "he" ("she"): a guess
        ent = self.entity_at(best[0], best[0] + 1)
        if self.gender.get(best[1]) is None and ent is not None and lower in self.not_pronoun.get(ent.start, ()):
            far = True  # "Vance emailed her ..., telling her ... She replied": she is not Vance
            rivals += [n for _, n, _, _ in cands if n != best[1] and n not in rivals]
        kind = k if (k := self.kind_of_name.get(best[1], "person")) in ("person", "role") else "person"
        if not rivals and not far and pronoun_gender(lower) and shared is None:  # a shared surname keeps no gender
            self._note_gender(best[1], lower, weak=True)
        ranked = [n for _, n, is_main, _ in reversed(cands) if is_main] + [n for _, n, is_main, _ in reversed(cands) if not is_main]
        return Speaker(
            best[1], kind if best[1] in self.kind_of_name else ("role" if best[1][:1].islower() else "person"), start, end,
            via="pronoun", uncertain=bool(rivals) or far, candidates=tuple([best[1]] + rivals[:2]) if rivals else (),
            others=tuple(dict.fromkeys(n for n in ranked if n != best[1]))[:3],
        )

    def unnamed_role(self, speaker: Speaker, tok: Any) -> Speaker:
        """``speaker``, recorded when it is a doubtful singular noun that is the subject of a verb
        of speaking ("The council's engineer said ..."), a role no word list knows: a later
        he/she that goes to someone named before it is then a guess (version 63)."""
        if speaker.uncertain and speaker.kind == "role" and speaker.name and speaker.start is not None and tok.tag_ == "NN" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_VERBS and tok.lemma_.lower() not in _COLLECTIVE:
            self.story_at(speaker.start).unknown.append((speaker.start, speaker.name))
        return speaker

    def _shared_surname(self, name: str) -> dict[str, list[str]] | None:
        """For a surname alone that full names of both genders share here ("Clinton" beside
        "Hillary Clinton" and "Bill Clinton"): those full names by gender ("f", "m"); None for
        any other name. A he/she then means the one full name of its gender, and neither
        pronoun tells the surname's own gender (no note is kept)."""
        shared: dict[str, dict[str, list[str]]] | None = getattr(self, "_shared_surnames", None)
        if shared is None:
            by_last: dict[str, dict[str, list[str]]] = {}
            for full, g in list(self.gender.items()):
                if g and len(full.split()) >= 2 and full[:1].isupper():
                    by_last.setdefault(full.split()[-1], {}).setdefault(g, []).append(full)
            shared = self._shared_surnames = {w: c for w, c in by_last.items() if len(c) > 1}
        return shared.get(name)

    def _chained(self, lower: str, start: int, end: int) -> Speaker:
        """A he/she with no person named within four paragraphs (a caption and a photo credit
        between: 'X said ...', '"...," he said.', 'However, he noted ...', '"...," he
        warned.'): the person the same pronoun last stood for without doubt, in those paragraphs
        and the same story, as a best guess marked uncertain; else unresolved."""
        chain: list[tuple[int, str, str]] = self.pronoun_chain  # type: ignore[attr-defined]
        lo = max(self._paragraph_start(start, 4), self.story_at(start).start)
        k = bisect.bisect_left(chain, (start,))
        if k > 0 and chain[k - 1][0] >= lo and chain[k - 1][1] == lower:
            return Speaker(chain[k - 1][2], "person", start, end, via="pronoun", uncertain=True)
        return Speaker(None, "pronoun-unresolved", start, end, via="pronoun")

    def _subject_before(self, best: tuple[int, str, bool, int], cands: list[tuple[int, str, bool, int]], start: int) -> bool:
        """Whether ``best`` is the subject of a clause before the pronoun in the pronoun's own
        sentence ("Soon after Ms. Orwell was elected, she said"), the only compatible person
        that sentence names, and no he or she is that sentence's subject before the pronoun: no
        main subject before it, but no earlier person is as salient."""
        if best[3] != self._sentence_start(start) or any(s == best[3] and n != best[1] for _, n, _, s in cands):
            return False
        pronouns = self.pronoun_subjects
        k = bisect.bisect_left(pronouns, (best[3],))
        if k < len(pronouns) and pronouns[k][0] < start:
            return False  # "He agreed that Mirek may lose, but he said": the sentence's he came first
        return self._a_subject(best)

    def _a_subject(self, person: tuple[int, str, bool, int]) -> bool:
        """Whether the mention of ``person`` is some clause's subject."""
        ent = self.entity_at(person[0], person[0] + 1)
        if ent is None:
            return False
        subjects: list[int] = self.person_subject_at  # type: ignore[attr-defined]
        k = bisect.bisect_left(subjects, ent.start)
        return k < len(subjects) and subjects[k] < ent.end

    def _chain_goes_on(self, best: tuple[int, str, bool, int], cands: list[tuple[int, str, bool, int]], lower: str, start: int) -> bool:
        """Whether the same he/she, earlier in the pronoun's paragraph, stood for ``best`` without
        doubt and no other compatible person is named between them."""
        chain: list[tuple[int, str, str]] = self.pronoun_chain  # type: ignore[attr-defined]
        k = bisect.bisect_left(chain, (start,))
        if k == 0 or chain[k - 1][1] != lower or chain[k - 1][2] != best[1] or chain[k - 1][0] < self._paragraph_start(start, 0):
            return False
        return not any(pos > chain[k - 1][0] and name != best[1] for pos, name, _, _ in cands)

    def _pronoun_beside(self, best: tuple[int, str, bool, int], lower: str, start: int) -> bool:
        """Whether the person ``best`` is named, as no clause's subject, in a sentence whose
        main subject is the same he/she ("during her interview with Banks she spoke"): that
        he/she is someone else, so a later one may well be too."""
        ent = self.entity_at(best[0], best[0] + 1)
        if ent is None or self._a_subject(best):
            return False
        pronouns = self.pronoun_subjects
        k = bisect.bisect_left(pronouns, (ent.end,))
        return any(
            word == lower and pos < start and self._sentence_start(pos) == best[3]
            for pos, word in pronouns[k : k + 3]
        )

    def _orgs_spoke_after(self, story: StoryIndex, after: int, start: int) -> list[str]:
        """Names of one or two words that spoke as organisations after ``after`` and before ``start`` in
        the pronoun's own paragraph: the tagger reads some people as organisations ("Callum Reyes"), so
        a he or she after one may be that person; since v65 also an organisation in words ("The
        employers' federation rejected it. '...,' he said": its spokesperson?). Not acronyms, web
        addresses ("Factcheck.org") or parties and peoples ("Republicans": ``GROUP_WORDS``)."""
        lo = max(after + 1, self._paragraph_start(start, 0))
        a, b = bisect.bisect_left(story.subjects, (lo,)), bisect.bisect_left(story.subjects, (start,))
        return [
            name for _, name, kind in story.subjects[a:b]
            if kind == "org" and len(name.split()) <= 2 and ((name[:1].isupper() and not name.isupper() and "." not in name and name not in GROUP_WORDS) or (name.split()[-1] in ORG_NOUNS and name.split()[0] not in _OWNERS))
        ]

    def _person_candidates(self, story: StoryIndex, lower: str, lo: int, start: int) -> list[tuple[int, str, bool, int]]:
        """People before ``start`` and from ``lo`` on, compatible with the pronoun, in text order;
        speakers noted during resolution count as main subjects."""
        a, b = bisect.bisect_left(story.people, (lo,)), bisect.bisect_left(story.people, (start,))
        out = [p for p in story.people[max(a, b - 60) : b] if self._gender_ok(lower, p[1])]
        a, b = bisect.bisect_left(story.subjects, (lo,)), bisect.bisect_left(story.subjects, (start,))
        spoke = [
            (pos, name, True, self._sentence_start(pos))
            for pos, name, kind in story.subjects[max(a, b - 60) : b]
            if kind in ("person", "role", "named") and self._gender_ok(lower, name)
        ]
        merged = sorted(out + spoke)
        # a speaker noted at the same offset as a mention replaces it, name and all: "Vale's aide,
        # Ana Ruiz, said" is Ruiz's, whichever of the two names sorts first
        spoke_at = {p[0]: p[1] for p in spoke}
        spoken = {w for p in spoke for w in [p[1], *p[1].split()]}  # an owner who spoke before stays the first guess ("[Name]'s grandfather bought ..., he said")
        dedup: list[tuple[int, str, bool, int]] = []
        for item in merged:
            if dedup and dedup[-1][0] == item[0]:  # "Okafor's deputy said": the deputy (the subject) or Okafor (v64)
                name, owner = (item[1], dedup[-1][1]) if item[2] and not dedup[-1][2] and dedup[-1][1] not in spoken else (dedup[-1][1], item[1])
                if item[0] not in spoke_at and owner != name and ("'s " in name + owner or "\u2019s " in name + owner):  # not "[Name]'s manager, [Holder],"
                    self.owners[item[0]] = owner
                dedup[-1] = (item[0], spoke_at.get(item[0], name), dedup[-1][2] or item[2], item[3])
            else:
                dedup.append(item)
        return dedup


_THEY = frozenset(GROUP_PRONOUNS)
_OWNERS = frozenset("his her its their our my your".split())  # "his party": the pronoun's own person's
_IT = frozenset({"it"})


def pronouns_for(tok: Any, label: str | None = None) -> frozenset[str]:
    """Which pronouns may later stand for a subject that is no person: they/we for plural
    nouns, nationalities and "those", it for a singular noun, both for an organisation.
    ``label``: the entities layer's label for the token, when it has one (the tagger's token
    label may be the PERSON the layer made an ORG: "Coastline Freight", version 64)."""
    ent = tok.ent_type_ if label is None else label
    if ent == "ORG":
        return _THEY | _IT
    if ent == "NORP" or tok.lower_ in ("those", "these") or (tok.tag_ in ("NNS", "NNPS") and tok.pos_ in ("NOUN", "PROPN")):
        return _THEY
    if tok.tag_ in ("NN", "NNP") and tok.pos_ in ("NOUN", "PROPN") and not ent and not is_person_role(tok):
        return _IT
    return frozenset()
