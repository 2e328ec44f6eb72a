"""Speaker resolution for the quotes stage: turn the subject of a reporting verb into a
canonical speaker, within one story.

A mention resolves, in this order: to a named entity it overlaps (its ``attrs.canonical``);
to the fullest entity name of the story that contains its words ("Ortega" -> "Maria
Ortega"); a definite title ("the minister", "the French President") to the person the story
introduced with that title ("Finance Minister Maria Ortega", "Maria Ortega, the finance
minister"); he/she to the latest person who spoke or was a subject before it; they/we to
the latest organisation or group that spoke. Plain common nouns ("police", "officials")
speak as groups; anonymous sourcing ("a source", "people familiar with") is marked so.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import replace
from typing import Any, Callable

from ..article import Article
from .entities import clean_name
from .entity_labels import name_after_title
from .modal_names import name_read_as_modal
from .quote_bound import bound_subject, objects_not_self, utterance_owner
from .quote_cues import ACT_VERBS, BELIEF_VERBS, EVIDENCE_VERBS, SPEECH_VERBS, STANCE_VERBS
from .quote_verb_names import is_verb_form, without_leading_verb, without_role_words
from .quote_pronouns import PRONOUN_PARAGRAPHS, Speaker, StoryIndex, pronouns_for
from .quote_names import NameResolution, entity_name
from .quote_inscriptions import InscriptionResolution
from .quote_documents import DocumentResolution
from .quote_aliases import AliasResolution
from .quote_credits import loose_conj, named_one, of_his, one_of_people, phrase_end
from .quote_main_subjects import MainSubjects
from .quote_titles import TitleResolution, is_role_word
from .quote_subjects import note_people_together
from .quote_document_sources import names_source, published_in
from .quote_people import (
    ANONYMOUS_HEADS, COMPANY_NOUNS, GROUP_PRONOUNS, NAMED_BY_NOUN, ORG_NOUNS, OTHER_PRONOUNS, OUTLET_NOUNS, PERSON_ONLY_ROLES, PERSON_PRONOUNS, QUANTITY_HEADS,
    after_dash, full_names, gender_of_word, headline_end, is_fragment, is_person_role, one_person, is_plausible_speaker_noun,
    INSCRIBED_THINGS, ORG_LABELS, SAYING_TEXTS, capitalised_inside, kind_of_label, relative_antecedent, relative_text, role_before_name, names_a_text, names_documents, phrase_as_written, pronoun_gender, recased, word_end, written_as_words, written_capitalised,
)

#: Verbs whose relative "who" clause reports ("A B, who told Congress: ..."), not "who used the words".
_RELATIVE_CUES = SPEECH_VERBS | BELIEF_VERBS | EVIDENCE_VERBS | ACT_VERBS | STANCE_VERBS
#: ... and of a relative "that" on a text or a sign ("a banner that read").
_TEXT_CUES = SPEECH_VERBS | frozenset({"read"})
_NOT_SPEAKERS = frozenset({"PRODUCT", "EVENT", "LAW", "LANGUAGE"})  # entity labels that never speak: a product, an event, a law
_PLACES = frozenset({"LOC", "FAC"})  # a place never speaks, but the tagger calls some people places ("Ines Prado"): a doubt
_NOT_NOUNS = frozenset({"VERB", "AUX", "ADV", "ADP", "SCONJ", "CCONJ", "PART", "INTJ", "SYM", "PUNCT"})  # no lower-case speaker
_DETERMINERS = frozenset("the a an this that these those".split())
_COMMON_BODIES = frozenset("management leadership police staff".split())  # no name when they open a sentence ("Congress" is one)
#: Indefinite pronouns that are speakers as written, never pointers to an antecedent.
_INDEFINITE = {"someone": "anonymous", "one": "anonymous", "somebody": "anonymous", "others": "group", "many": "group", "some": "group"}
#: A quote mark glued to punctuation in a speaker's span ("Vale said:\u201cWe", one token): never a name (v65).
_GLUED_MARK = re.compile("[,.:;!?][\"\u201c\u201d\u201e]")
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}")  # a time of day as a live blog writes it before an entry: "12:22", "9.05"


class SpeakerResolver(MainSubjects, TitleResolution, NameResolution, InscriptionResolution, DocumentResolution, AliasResolution):
    """Resolves subjects of reporting verbs to speakers; one per article."""

    def __init__(self, article: Article, tokens: list[tuple[int, Any]], in_quote: Callable[[int], bool] | None = None, token_starts: list[int] | None = None) -> None:
        """``in_quote(offset)`` says whether an offset lies inside quotation marks: names
        quoted there are not antecedents for the narrative's pronouns."""
        self.article = article
        text = article.text
        self.in_quote = in_quote or (lambda _pos: False)
        self.tokens, self.token_starts = tokens, token_starts if token_starts is not None else [off + t.idx for off, t in tokens]
        title = article.meta.get("title") if article.meta else None
        self.headline_end = headline_end(text, title)
        self._title_line_end = self.headline_end or headline_end(text, title, with_stop=True)
        #: the headline and the title, lower case, single-spaced (``_repeats_headline``)
        self._headlines = [" ".join(h.lower().split()) for h in (text[: self.headline_end], str(title or "")) if h.strip()]
        self.entities = [e for e in article.layer("entities") if e.label == "PERSON" or e.label in ORG_LABELS]
        self._things = {k for e in article.layer("entities") if e.label in _NOT_SPEAKERS for k in range(e.start, e.end)}  # "Python" the tagger called a person
        #: names only products, events, laws have here: an untagged mention of one speaks no more than a tagged one (version 42)
        self._thing_names = {clean_name(text[e.start : e.end]) for e in article.layer("entities") if e.label in _NOT_SPEAKERS} - {clean_name(text[e.start : e.end]) for e in self.entities}
        self._ent_starts = [e.start for e in self.entities]
        self._names: dict[tuple[int, int], str] = {}  # (start, end) of an entity -> ``name_of`` it
        #: full names of people the body gives ("Peter Vance"), longest first: whose surname a
        #: page may write in lower case ("vance's first wife") or open a sentence with
        self._cased_people = full_names(
            c for e in self.entities
            if e.label == "PERSON" and e.start >= self.headline_end and (c := str(e.attrs.get("canonical") or "")) == clean_name(text[e.start : e.end])
        )
        stories = article.layer("stories") or ()
        bounds = [(s.start, s.end) for s in stories] or [(0, len(text))]
        self.stories = [StoryIndex(s, e) for s, e in bounds]
        self._story_starts = [s.start for s in self.stories]
        self._fullest_cache: dict[tuple[int, str], str | None] = {}
        #: role phrases left unlinked while people were named before them -> those candidates
        self.doubted_roles: dict[str, tuple[str, ...]] = {}
        self._fuller_cache: dict[tuple[int, str], list[str]] = {}
        self._para_starts = [0] + [m + 1 for m in _newlines(text)]
        self.pronoun_subjects, self.owners = [], {}  # he/she subjects; owners of roles (``PronounResolution``)
        self.pronoun_chain: list[tuple[int, str, str]] = []  # (offset, he/she, person) resolved so far (``_chained``)
        #: every word the page writes in lower case (``_starts_with_name``)
        self._lower_words = frozenset(re.findall(r"\b[a-z][a-z'-]*\b", text))
        #: every capitalised word written inside a sentence (``written_capitalised``), and those
        #: not part of a longer name ("Python 3", not the "Health" of "the Health Ministry"):
        #: found once per article (linear)
        self._inside_sentences, self._capitalised_inside = capitalised_inside(text)
        #: (offset, word, pronouns that may stand for it, is a main-clause subject) of subjects
        #: that are no person: rivals of a they/we/it speaker (``pronouns_for``)
        self.group_subjects: list[tuple[int, str, frozenset[str], bool]] = []
        #: (offset, phrase) of singular main-clause subjects in text order, the phrase only for a text
        #: that says things ("The auditors' memo was blunt."): what '"...," it reads' points to
        self.text_subjects: list[tuple[int, str]] = []
        #: offsets of person names that are the subject of some clause, in text order
        self.person_subject_at: list[int] = []
        self.not_pronoun: dict[int, frozenset[str]] = {}  # person entity start -> the he/she it cannot be
        #: canonical person name -> "f" or "m" when the text shows it (None when it disagrees)
        self.gender: dict[str, str | None] = {}
        #: canonical name -> "person" or "org", the kind most of its mentions carry: one entity, one kind
        votes: dict[str, Counter[str]] = {}
        for ent in self.entities:
            canon = self.name_of(ent)
            votes.setdefault(canon, Counter())[kind_of_label(ent.label)] += 1
            if ent.label == "PERSON":
                before = text[max(0, ent.start - 6) : ent.start]
                prev = before.strip().rstrip(".").split()
                # an honorific or title right before the name ("Mrs."), not the sentence's last word before it
                if prev and "\n" not in before and pronoun_gender(prev[-1].lower()) is None:
                    self._note_gender(canon, prev[-1])
                if len(canon.split()) >= 2:
                    self._note_gender(canon, canon.split()[0], weak=True)
        self.kind_of_name = {name: v.most_common(1)[0][0] for name, v in votes.items()}
        for off, tok in tokens:  # "Vale, the former shipyard CEO, ...": a role only a person holds
            if tok.dep_ == "appos" and tok.head.pos_ == "PROPN" and tok.lemma_.lower() in PERSON_ONLY_ROLES:
                at = off + tok.head.idx
                ent = self.entity_at(at, at + len(tok.head.text))
                if ent is not None and ent.label == "ORG":
                    self.kind_of_name[self.name_of(ent)] = "person"
        bylines = [(f.start, f.end) for f in article.layer("furniture") if f.label == "byline"]  # the writer is no one a "she" points to
        for ent in self.entities:
            if self.in_quote(ent.start) or ent.start < self.headline_end or (ent.label != "PERSON" and names_a_text(ent.attrs.get("canonical") or "")) or any(b <= ent.start < e for b, e in bylines):
                continue  # "the Volcker Rule" is no one "they" can point back to
            canon = self.name_of(ent)
            kind = self.kind_of_name.get(canon, kind_of_label(ent.label))
            self.story_at(ent.start).mentions.append((ent.start, canon, kind))
        for story in self.stories:
            story.mention_starts = [m[0] for m in story.mentions]
        self._index_titles(tokens)  # first: a role subject ("the minister smiled") is its holder
        self._index_people(tokens)
        note_people_together(self, tokens)  # 'Ruiz and Ode studied ...': who a later "they" may be (v57)

    def name_of(self, ent: Any) -> str:
        """An entity's name as a speaker (``quote_names.entity_name``), worked out once per entity."""
        key = (ent.start, ent.end)
        if key not in self._names:
            self._names[key] = entity_name(self.article.text, ent, self._cased_people, self._title_line_end)
        return self._names[key]

    def _index_people(self, tokens: list[tuple[int, Any]]) -> None:
        """Who a he/she can point back to: every person the narrative names, and people in a
        role that are the subject of a sentence ("The defence lawyer objected.")."""
        text = self.article.text
        subject_at: set[int] = set()
        roles: list[tuple[int, str, bool, int]] = []
        for off, tok in tokens:
            if tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            pos = off + tok.idx
            if pos < self.headline_end or self.in_quote(pos):
                continue
            main = tok.head.dep_ in ("ROOT", "conj") or tok.head.head.i == tok.head.i
            sent_start = self._sentence_start(pos)
            roles += self.note_main_subject(tok, pos, role=is_role_word(tok), main=main)  # a he/she; "Okafor met Voss." with Okafor untagged; "X asked Y" (v64, v65)
            fits = pronouns_for(tok, e.label if (e := self.entity_at(pos, pos + len(tok.text))) is not None else None)
            if fits:  # "Democrats didn't nominate ...; they backed"; "The platform called for ... It called"
                self.group_subjects.append((pos, tok.text, fits, main))
            if main and tok.tag_ in ("NN", "NNP"):  # a name in between, even a person's, leaves "it" open
                t_start, t_end = self.mention_span(tok, off) if tok.pos_ == "NOUN" and tok.lemma_.lower() in SAYING_TEXTS else (pos, pos)  # not "The Post"
                said_by = phrase_as_written(text, t_start, t_end, sentence_initial=t_start == sent_start, proper_first=self._starts_with_name(tok, off, t_start)) if t_end > t_start else ""
                self.text_subjects.append((pos, said_by))
            other = self.entity_at(pos, pos + len(tok.text)) if tok.ent_type_ != "PERSON" else None  # the name's usual kind counts; a surname the tagger missed
            if tok.ent_type_ == "PERSON" or (other is not None and self.kind_of_name.get(self.name_of(other)) == "person"):
                self.person_subject_at.append(pos)
                if (others := objects_not_self(tok)) and (ent := self.entity_at(pos, pos + len(tok.text))) is not None:
                    self.not_pronoun[ent.start] = others
                if main:
                    subject_at.add(pos)
            elif one_person(tok, role=is_role_word(tok) and tok.pos_ == "NOUN") and tok.ent_type_ == "" and tok.tag_ != "NNS":  # "customers" is no he/she; "the coroner" is, "[Patty] Judge" no role (v64)
                start, end = self.mention_span(tok, off)
                named = self._named_apposition(tok, off)  # "The captain's daughter, Mira Solberg, ...": she is Mira Solberg
                holder = self._resolve_title(tok, pos) if named is None and any(c.lower_ == "the" for c in tok.lefts) else None
                holder = holder if holder and (" " in holder or (self.kind_of_name.get(holder) == "person" and not holder.isupper())) else None  # "Meghan, Duchess of X" (v63)
                phrase = named.name if named is not None else holder or phrase_as_written(text, start, end, sentence_initial=start == sent_start, proper_first=self._starts_with_name(tok, off, start))
                if phrase and "," not in phrase:  # not "[role] for [Org], [Name]": the name is a mention of its own (v64)
                    roles.append((start, phrase, main, sent_start))
                    g = gender_of_word(tok.lower_)
                    if g:
                        self.gender.setdefault(phrase, g)
        for story in self.stories:
            people = []
            for start, canon, kind in story.mentions:
                if kind != "person":
                    continue
                ent = self.entity_at(start, start + 1)
                main = ent is not None and any(ent.start <= p < ent.end for p in subject_at)
                people.append((start, canon, main, self._sentence_start(start)))
            story.people = people
        for item in roles:
            story = self.story_at(item[0])
            bisect.insort(story.people, item)

    def _sentence_start(self, pos: int) -> int:
        """Start of the sentence holding ``pos`` (from the sentences layer, else the paragraph)."""
        starts = getattr(self, "_sent_starts", None)
        if starts is None:
            starts = self._sent_starts = [s.start for s in self.article.layer("sentences")] or self._para_starts
        i = bisect.bisect_right(starts, pos) - 1
        return starts[i] if i >= 0 else 0

    def _paragraph_start(self, pos: int, back: int) -> int:
        """Start of the paragraph ``back`` non-empty paragraphs before the one holding ``pos``."""
        text = self.article.text
        i = bisect.bisect_right(self._para_starts, pos) - 1
        while back > 0 and i > 0:
            i -= 1
            p = self._para_starts[i]
            nxt = self._para_starts[i + 1] if i + 1 < len(self._para_starts) else len(text)
            if text[p:nxt].strip():
                back -= 1
        return self._para_starts[max(0, i)]

    def story_at(self, offset: int) -> StoryIndex:
        i = max(0, bisect.bisect_right(self._story_starts, offset) - 1)
        return self.stories[i]

    def entity_at(self, start: int, end: int):
        """The PERSON/ORG-like entity overlapping ``[start, end)`` that ends last before ``end``."""
        i = bisect.bisect_left(self._ent_starts, end)
        best = None
        for j in range(i - 1, max(-1, i - 6), -1):
            ent = self.entities[j]
            if ent.end > start and ent.start < end:
                if best is None or ent.end - ent.start > best.end - best.start:
                    best = ent
        return best

    def _note_gender(self, person: str, word: str, *, weak: bool = False) -> None:
        """Record the gender a word shows (an honorific, a gendered title; with ``weak``, a
        first name, which never overrides stronger evidence)."""
        g = gender_of_word(word)
        if g is None:
            return
        if person in self.gender and self.gender[person] != g:
            if not weak:
                self.gender[person] = None  # conflicting evidence: ignore
        elif person not in self.gender or not weak:
            self.gender[person] = g

    def note_subject(self, offset: int, name: str, kind: str) -> None:
        """Remember a speaker (for pronouns later in the story; not a law, "the Volcker Rule")."""
        if kind != "person" and names_a_text(name) or kind == "group" and names_documents(name):  # "Steven Law" speaks; "they" are no polls
            return
        bisect.insort(self.story_at(offset).subjects, (offset, name, kind), key=lambda s: s[0])  # after any at the same offset

    # --- resolution ----------------------------------------------------------------------

    def mention_span(self, tok: Any, offset: int) -> tuple[int, int]:
        """Character span of a subject mention: the head with its left modifiers and name parts, no relative clause."""
        left = tok
        for child in tok.lefts:  # never a live blog's time before an entry ("12:22 [Name]:") nor a wire's tag ("(AP) Officials", v67)
            if child.dep_ in ("compound", "det", "amod", "poss", "nmod", "nummod", "quantmod", "predet", "case") and not _CLOCK.fullmatch(child.text) and ")" not in tok.doc[child.i : tok.i].text:
                left = child
                break
        start = offset + min(left.left_edge.idx if left is not tok else tok.idx, tok.idx)
        end_tok = tok
        for child in tok.rights:
            if child.dep_ in ("compound", "flat", "case") or (child.dep_ == "prep" and child.i == tok.i + 1 and (child.lower_ in ("for", "of", "at", "with") or names_source(tok, child)) and not of_his(tok, child)):
                end_tok = (phrase_end(child) if tok.lower_ == "one" or names_source(tok, child) or loose_conj(child) else child.right_edge) if child.dep_ == "prep" else child
            else:  # "a paper published in the Journal of X"
                end_tok = phrase_end(published) if (published := published_in(tok, child)) is not None else end_tok
                break
        end = offset + end_tok.idx + len(end_tok.text)
        text = self.article.text
        while end > start and text[end - 1] in " ,\n":
            end -= 1
        return start, max(end, start + 1)

    def _repeats_headline(self, start: int, end: int) -> bool:
        """Whether a long subject phrase opens with four words of the headline, repeated as the first
        paragraph starts ("Harbour Plan Splits Council members said ..."); not "Mayor Jane Roe"."""
        words = self.article.text[start:end].lower().split()
        return len(words) >= 5 and any(" ".join(words[:4]) in h for h in self._headlines)

    def resolve(self, tok: Any, offset: int) -> Speaker:
        """Resolve the subject token ``tok`` (of a chunk at ``offset``) to a speaker."""
        if (owner := utterance_owner(tok)) is not None:  # "Her reply was short:": hers (v66)
            tok = owner
        bound = named_one(tok) or bound_subject(tok)  # also 'one of his aides, Tad Vance,': Tad Vance
        if bound is not None:  # "Vance said she ..., arguing", "Dreyer stated his intention": Vance, Dreyer
            found = self.resolve(bound, offset)
            if found.name and (tok.lower_ == "one" or self._gender_ok("he" if tok.lower_ == "his" else tok.lower_, found.name)):
                if tok.dep_ == "poss":  # the text's mention stays "his": "his decision" is his
                    start, end = self.mention_span(tok, offset)
                    return replace(found, start=start, end=end)
                return found
        reports = tok.text == "who" and tok.head.lemma_.lower() in _RELATIVE_CUES
        rel = relative_antecedent(tok) if reports and offset + tok.idx >= self.headline_end else None
        if rel is not None:  # "Mike Lee, who declared": Lee speaks; the text's mention stays "who"
            found = self.resolve(rel, offset)
            if found.name and found.name[:1].isupper() and found.kind != "org":  # "Podesta, who said": not the firm
                return replace(found, start=offset + tok.idx, end=offset + tok.idx + len(tok))
        thing = relative_text(tok) if tok.head.lemma_.lower() in _TEXT_CUES and offset + tok.idx >= self.headline_end else None
        if thing is not None and thing.lemma_.lower() in INSCRIBED_THINGS:  # "a shirt that read": written, not said
            return self._inscription(thing, offset)
        if thing is not None:  # "a memo that read": the memo; the text's mention stays "that"
            t_start, t_end = self.mention_span(thing, offset)
            phrase = phrase_as_written(self.article.text, t_start, t_end, sentence_initial=t_start == self._sentence_start(t_start), proper_first=self._starts_with_name(thing, offset, t_start))
            if phrase:
                return Speaker(phrase, "role", offset + tok.idx, offset + tok.idx + len(tok), via="noun")
        start, end = self.mention_span(tok, offset)
        text = self.article.text
        lower = tok.lower_
        if lower in _INDEFINITE and (lower != "one" or one_of_people(tok)):  # "one of the aides"; "someone at the meeting said", "others said": that is all the text says
            at = max(start, offset + tok.idx)  # from the pronoun on: "some", not "aggressive - some"
            phrase = phrase_as_written(text, at, end, sentence_initial=at == self._sentence_start(at))
            relative = any(w in ("whom", "which", "them", "those") for w in phrase.lower().split())  # "many of whom": who?
            return Speaker(phrase or lower, _INDEFINITE[lower], start, end, via="indefinite", uncertain=relative)
        if tok.pos_ == "PRON" or lower in PERSON_PRONOUNS | GROUP_PRONOUNS | OTHER_PRONOUNS | {"it"}:
            found = self._pronoun_subject(tok, start, end, _TEXT_CUES | _RELATIVE_CUES)
            doubt = self.doubted_roles.get(found.name or "")
            if doubt and not found.uncertain:  # "the mayor said ... he added": the mayor is still unnamed
                return replace(found, uncertain=True, candidates=doubt)
            return found
        head_start = offset + tok.idx
        ent = self.entity_at(head_start, head_start + len(tok.text))  # the entities stage may have relabelled the tagger's product
        if ((tok.ent_type_ in _NOT_SPEAKERS or head_start in self._things) and (ent is None or ent.label in _NOT_SPEAKERS) and not role_before_name(tok)) or "\n" in text[start:end] or _GLUED_MARK.search(text, start, end) or self._repeats_headline(start, end) or (ent is None and name_read_as_modal(tok)):
            return self._body_name(start, end) or Speaker(None, None, start, end, via="rejected")  # a product, event, law; a headline run-in; a "Will" no one's (v63)
        doubtful = tok.ent_type_ == "WORK_OF_ART"  # the small model's label for some companies too
        # "Our Skiff 3090 review calls it ...": the noun the name modifies, hung on it as an apposition with no comma
        doubtful = doubtful or any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.left_edge.i == tok.i + 1 for c in tok.rights)
        if ent is not None and ent.label in _PLACES:  # a street, a building: the tagger's place, or a misread person
            return Speaker(self.name_of(ent), "named", start, end, via="place", uncertain=True)
        if ent is not None and ent.label in ORG_LABELS and (holder := self.holder_after_brackets(ent)) is not None:
            return holder  # "the Authority (RHA) Director Ana Ruiz": she speaks
        if ent is not None:
            name = self.alias_of(self.name_of(ent)) if ent.label == "PERSON" else self.name_of(ent)  # "Oma": who the story called so
            kind = self.kind_of_name.get(name, kind_of_label(ent.label))
            if tok.dep_ != "poss":  # "Vale's plan to ...": a possessor is no subject a later he or she points back to
                self.note_subject(start, name, kind)
            rivals = tuple(str(c) for c in ent.attrs.get("candidates") or ()) if ent.attrs.get("ambiguous") else ()
            if rivals and self._named_near(rivals, start) is not None:  # a surname two people share, only one named just before: as written
                return Speaker(name, kind, start, end, via="entity")
            if rivals and (lead := self.principal(rivals)) is not None:  # "Sanders" beside "his wife, Jane Sanders": the other one (v65)
                return Speaker(lead, kind, start, end, via="entity")
            return Speaker(name, kind, start, end, via="entity", uncertain=bool(rivals), candidates=rivals)
        named = self._named_apposition(tok, offset)
        if named is not None:  # "my neighbor Gary, a retired machinist, said": Gary speaks
            self.note_subject(start, named.name or "", named.kind or "person")
            return named
        definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "his", "her", "their", "its")) for c in tok.lefts)
        if definite:
            person = self._resolve_title(tok, start)
            if person is not None:
                self.note_subject(start, person, "person")
                return Speaker(person, "person", start, end, via="title")
            if tok.tag_ == "NN" and (tok.lemma_.lower() in COMPANY_NOUNS or tok.lemma_.lower() in NAMED_BY_NOUN):
                if (org := self.resolve_company(start, end, None if tok.lemma_.lower() in COMPANY_NOUNS else tok.lemma_.lower())) is not None:
                    return self.other_company_before(tok, offset, org)
        sentence_initial = start == self._sentence_start(start)
        role_word = is_role_word(tok)  # "the Minister said": a role, not a name
        if role_word and tok.text[:1].isupper() and not any(True for _ in tok.lefts) and self._surname_of(tok.text, start):
            role_word = False  # "Tomas Major ... Major said": the surname of a person the story names, not the rank
        if tok.pos_ == "PROPN" and any(ch.isupper() for ch in tok.text) and not role_word and not (lower in _COMMON_BODIES and sentence_initial and self._title_line_end <= start == head_start):  # "Management said" (v66)
            short = name_after_title(without_role_words(without_leading_verb(clean_name(text[start:end]))))  # not "Added Dorian Vale", "Union Treasurer Ana Ruiz", "registered dietitian Ana Ruiz" (v62)
            if tok.ent_type_ in _NOT_SPEAKERS:  # "his friend Amadou Kane": the name, not the role before it
                k = tok.i
                while k > 0 and tok.doc[k - 1].pos_ == "PROPN":
                    k -= 1
                short = clean_name(text[offset + tok.doc[k].idx : end]) or short
            name = self._fullest(short, start) or self.alias_of(short)
            rivals = self.rival_names(name, short, start)
            name, rivals = (one, ()) if rivals and (one := self._named_near(rivals, start)) is not None else (name, rivals)
            name, rivals = (lead, ()) if rivals and (lead := self.principal(rivals)) is not None else (name, rivals)  # not "his wife, [First] [Surname]" (v65)
            kind = self.kind_of_name.get(name) or self._kind_by_name(name, start) or "named"
            if start < self.headline_end or len(name.split()) > 5 or (ent is None and head_start not in self._things and name in self._thing_names):
                return self._body_name(start, end) or Speaker(None, None, start, end, via="rejected")  # a headline, not a name; a product
            self.note_subject(start, name, kind)
            return Speaker(name or None, kind, start, end, via="name", uncertain=doubtful or bool(rivals), candidates=rivals)
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in INSCRIBED_THINGS:  # "a placard reading": words nobody is named saying
            return self._inscription(tok, offset)
        # a common noun: a group, a role, or anonymous sourcing, as the text writes it
        quantity = tok.lemma_.lower() in QUANTITY_HEADS
        if quantity:
            start = offset + tok.left_edge.idx if tok.left_edge.i >= tok.i - 6 else start
        start, end = after_dash(text, start, offset + tok.idx), word_end(text, end)  # "No - several people"; "his co-owner"
        proper_first = self._starts_with_name(tok, offset, start)
        if lower in OUTLET_NOUNS:  # "the Harbor Press news agency": the agency is Harbor Press
            if (named := self._named_outlet(tok, offset)) is not None:
                return named
        if (owned := self._document_owner(tok, offset, start, end)) is not None:
            return owned  # "the memo says": who the story said wrote it
        phrase = phrase_as_written(text, start, end, sentence_initial=sentence_initial, keep_determiner=quantity, proper_first=proper_first) or lower
        cased = phrase if text[start:end].split()[0].lower() in _DETERMINERS else recased(phrase, self._cased_people)  # "vance's wife"
        surname_of = next((n for n in self._cased_people if n.split()[-1] == cased), None) if " " not in cased else None
        if " " not in cased and (cased != phrase or surname_of is not None):  # "vance" alone: the person the story names
            full = surname_of or cased
            return Speaker(full, "person", start, end, via="name", uncertain=text[start:end].islower())  # "vance": a guess
        phrase = cased
        if (tok.pos_ in _NOT_NOUNS or tok.tag_.startswith("VB")) and not any(ch.isupper() for ch in phrase):
            return Speaker(None, None, start, end, via="rejected")  # "speaking", "rejects": a misparse, not a speaker
        age = tok.lower_ == "old" and phrase.lower().endswith("-old")  # "the 61-year-old": a person, not a date
        if (tok.ent_type_ in ("TIME", "DATE") and not age) or not any(ch.isalpha() for ch in phrase) or not any(ch.isalpha() for ch in tok.text):
            return Speaker(None, None, start, end, via="rejected")  # "12:15 p.m." is not a speaker
        if not any(ch.isupper() for ch in phrase) and not written_as_words(phrase):
            return Speaker(None, None, start, end, via="rejected")  # "data=172", "0x4000000": code, not a speaker
        near = range(max(tok.left_edge.i, tok.i - 8), min(tok.right_edge.i, tok.i + 8) + 1)
        if lower in ANONYMOUS_HEADS and not any(tok.doc[k].ent_type_ for k in near if k != tok.i):
            return Speaker(phrase, "anonymous", start, end, via="anonymous")
        kind = "org" if lower in ORG_NOUNS else "group" if tok.tag_ in ("NNS", "NNPS") or quantity else "role"
        if kind in ("group", "org") or is_person_role(tok) or role_word or one_person(tok) or (age and definite):  # "the 24-year-old" (v66)
            self.note_subject(start, phrase, kind)  # not "What grandfather wouldn't love that?"
            self._note_gender(phrase, lower)  # "said the woman": a later "she", never a "he"
        # "the second time", "thousands of jobs": a noun that cannot speak is a doubtful speaker
        doubtful = not quantity and not role_word and not (age and definite) and not is_plausible_speaker_noun(tok) or "@" in phrase or (lower in _COMMON_BODIES and start < self._title_line_end)
        bare = not any(True for _ in tok.lefts) and (tok.tag_ in ("NN", "JJ", "JJR", "JJS") or lower.endswith("ing"))
        # "Article 9 affirms:": a reporting verb the tagger read as a plural noun, with no article of its own
        bare = bare or (is_verb_form(tok.text) and not any(c.dep_ in ("det", "poss", "amod") for c in tok.lefts))
        if doubtful and bare and " " not in phrase and not any(ch.isupper() for ch in phrase):
            return Speaker(None, None, start, end, via="rejected")  # "speaking", "latest": a lone fragment, no article
        if is_fragment(tok, text, start, phrase, doubtful):
            return Speaker(None, None, start, end, via="rejected")  # "--disable" of an option, "lemme", "no proof"
        if kind == "role" and not doubtful:
            if (unlinked := self.role_doubt(tok, phrase, start, end)) is not None:
                return unlinked  # "the director said", people named before: which?
        return self.unnamed_role(Speaker(phrase, kind, start, end, via="noun", uncertain=doubtful), tok)

    def _named_near(self, candidates: tuple[str, ...], start: int) -> str | None:
        """The one candidate the story names in full in this paragraph or the one before
        ``start`` (None when none or several are)."""
        story = self.story_at(start)
        lo = self._paragraph_start(start, PRONOUN_PARAGRAPHS)
        k = bisect.bisect_left(story.mention_starts, start)
        seen = {name for pos, name, _ in story.mentions[max(0, k - 60) : k] if pos >= lo and name in candidates}
        return seen.pop() if len(seen) == 1 else None

    def _named_outlet(self, tok: Any, offset: int) -> Speaker | None:
        """The organisation named before a descriptor noun, without a possessive ("the Coastline
        Herald newspaper" -> "Coastline Herald"; not "Vega's company")."""
        lefts = [t for t in tok.lefts if t.dep_ in ("compound", "nmod", "amod")]
        if not lefts or any(t.dep_ == "poss" or t.tag_ == "POS" for t in tok.subtree):
            return None
        first = offset + lefts[0].idx
        ent = self.entity_at(first, first + len(lefts[0].text))
        if ent is None or ent.label not in ("ORG", "PERSON", "WORK_OF_ART") or ent.end > offset + tok.idx:
            return None
        name = self.name_of(ent)
        self.note_subject(ent.start, name, "org")
        return Speaker(name, "org", ent.start, ent.end, via="outlet")

    def _starts_with_name(self, tok: Any, offset: int, start: int) -> bool:
        """Whether the mention's first word is a proper noun ("Peter Vance's campaign", a bare plural noun of
        a singular verb: "Wines believes", v63) or a name the page capitalises inside sentences too."""
        if tok.tag_ == "NNS" and tok.dep_ == "nsubj" and tok.head.tag_ == "VBZ" and offset + tok.idx == start and not any(True for _ in tok.lefts):
            return not is_plausible_speaker_noun(tok)  # not "Analysts believes"
        text = self.article.text
        ent = self.entity_at(start, start + 1)
        if ent is not None and ent.start == start and written_capitalised(text, ent.start, self._inside_sentences):
            return True
        first = text[start : start + 40].split(" ", 1)[0]
        if first in self._capitalised_inside and first.lower() not in self._lower_words:
            return True  # "Python developers": the page writes "Python" so inside sentences and never in lower case
        for t in tok.lefts:
            if offset + t.idx >= start:
                return t.pos_ == "PROPN" or (t.dep_ == "poss" and t.left_edge.pos_ == "PROPN")
        return False


def _newlines(text: str) -> list[int]:
    out, i = [], text.find("\n")
    while i >= 0:
        out.append(i)
        i = text.find("\n", i + 1)
    return out
