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
from dataclasses import dataclass, field
from typing import Any, Callable

from ..article import Article
from .entities import clean_name

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "we", "them", "us"}
OTHER_PRONOUNS = {"i", "you", "one", "me", "who", "that", "which", "this", "those", "these", "some", "many", "others", "someone", "somebody", "anyone", "everyone", "nobody", "all"}
ANONYMOUS_HEADS = {"source", "sources", "insider", "insiders", "person", "people", "aide", "aides", "official", "officials", "observer", "observers", "critic", "critics", "expert", "experts", "analyst", "analysts"}
#: Common nouns that name an organisation speaking as one ("police said", "the ministry said").
ORG_NOUNS = set(
    """police government administration campaign committee company court ministry department
    agency office service council commission party army military embassy board firm bank
    union parliament congress senate prosecutor prosecutors spokesman spokeswoman spokesperson""".split()
) - {"spokesman", "spokeswoman", "spokesperson", "prosecutor", "prosecutors"}
_ORG_LABELS = {"ORG", "NORP", "GPE", "FAC", "LOC"}
_TITLE_POS = {"NOUN", "PROPN", "ADJ"}
#: Words that show a person's gender: honorifics before the name and gendered titles
#: ("Mrs. Ortega", "the congresswoman"). Used only to stop he/she landing on the wrong person.
_FEMALE = frozenset("mrs ms miss madam lady dame queen princess congresswoman chairwoman spokeswoman businesswoman actress mother wife daughter sister grandmother widow aunt niece girl woman".split())
_MALE = frozenset("mr sir lord king prince congressman chairman spokesman businessman actor father husband son brother grandfather widower uncle nephew boy man".split())
_TITLE_STOP = {"mr", "mrs", "ms", "dr", "the", "a", "an", "former", "then", "new", "current"}


@dataclass
class Speaker:
    """A resolved speaker: canonical name (None when the text does not say), kind, evidence span."""

    name: str | None
    kind: str | None
    start: int | None
    end: int | None


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


def _kind_of_label(label: str) -> str:
    return "person" if label == "PERSON" else "org" if label in _ORG_LABELS else "other"


class SpeakerResolver:
    """Resolves subjects of reporting verbs to speakers; one per article."""

    def __init__(self, article: Article, tokens: list[tuple[int, Any]], in_quote: Callable[[int], bool] | None = None) -> None:
        """``in_quote(offset)`` says whether an offset lies inside quotation marks: names
        quoted there are not antecedents for the narrative's pronouns."""
        self.article = article
        self.entities = [e for e in article.layer("entities") if e.label in ({"PERSON"} | _ORG_LABELS)]
        self._ent_starts = [e.start for e in self.entities]
        stories = article.layer("stories") or ()
        bounds = [(s.start, s.end) for s in stories] or [(0, len(article.text))]
        self.stories = [StoryIndex(s, e) for s, e in bounds]
        self._story_starts = [s.start for s in self.stories]
        self._fullest_cache: dict[tuple[int, str], str | None] = {}
        #: canonical person name -> "f" or "m" when the text shows it (None when it disagrees)
        self.gender: dict[str, str | None] = {}
        for ent in self.entities:
            if ent.label == "PERSON":
                prev = article.text[max(0, ent.start - 6) : ent.start].strip().rstrip(".").split()
                if prev:
                    self._note_gender(str(ent.attrs.get("canonical") or article.text[ent.start : ent.end]), prev[-1])
        for ent in self.entities:
            if in_quote is not None and in_quote(ent.start):
                continue
            canon = str(ent.attrs.get("canonical") or article.text[ent.start : ent.end])
            self.story_at(ent.start).mentions.append((ent.start, canon, _kind_of_label(ent.label)))
        for story in self.stories:
            story.mention_starts = [m[0] for m in story.mentions]
        self._index_titles(tokens)

    # --- indexes -------------------------------------------------------------------------

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

    def _index_titles(self, tokens: list[tuple[int, Any]]) -> None:
        """Record titles introduced with a person: "Finance Minister Maria Ortega",
        "Maria Ortega, the finance minister", "the minister, Maria Ortega"."""
        for off, tok in tokens:
            if tok.pos_ != "PROPN" or tok.ent_type_ != "PERSON" or tok.dep_ == "compound":
                continue
            start = off + tok.idx
            ent = self.entity_at(start, start + len(tok.text))
            if ent is None or ent.label != "PERSON":
                continue
            person = str(ent.attrs.get("canonical") or "")
            if not person:
                continue
            title_words: list[str] = []
            # compounds left of the name that are not part of the name itself
            for child in tok.lefts:
                if child.dep_ in ("compound", "amod") and child.ent_type_ != "PERSON" and child.pos_ in _TITLE_POS:
                    title_words.extend(t.lemma_.lower() for t in child.subtree if t.pos_ in _TITLE_POS and t.ent_type_ != "PERSON")
            # appositive titles: "Maria Ortega, the finance minister,"
            for child in tok.children:
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    title_words.append(child.lemma_.lower())
                    title_words.extend(c.lemma_.lower() for c in child.lefts if c.dep_ in ("compound", "amod") and c.pos_ in _TITLE_POS)
            # "the minister, Maria Ortega": the name is the appositive of a title noun
            if tok.dep_ == "appos" and tok.head.pos_ == "NOUN":
                head = tok.head
                title_words.append(head.lemma_.lower())
                title_words.extend(c.lemma_.lower() for c in head.lefts if c.dep_ in ("compound", "amod") and c.pos_ in _TITLE_POS)
            words = frozenset(w for w in title_words if w and w not in _TITLE_STOP and w.isalpha())
            if not words:
                continue
            story = self.story_at(start)
            for w in words:
                self._note_gender(person, w)
            for w in words:
                story.titles.setdefault(w, []).append((start, person, words))

    def _note_gender(self, person: str, word: str) -> None:
        w = word.lower()
        g = "f" if w in _FEMALE else "m" if w in _MALE else None
        if g is None:
            return
        if person in self.gender and self.gender[person] != g:
            self.gender[person] = None  # conflicting evidence: ignore
        else:
            self.gender[person] = g

    def _gender_ok(self, lower: str, name: str) -> bool:
        g = self.gender.get(name)
        if g is None:
            return True
        return g == ("m" if lower in ("he", "him") else "f")

    def note_subject(self, offset: int, name: str, kind: str) -> None:
        """Remember a speaker (for pronouns later in the story)."""
        self.story_at(offset).subjects.append((offset, name, kind))

    # --- resolution ----------------------------------------------------------------------

    def mention_span(self, tok: Any, offset: int) -> tuple[int, int]:
        """Character span of a subject mention: the head noun with its left modifiers and
        name parts, without relative clauses or appositions."""
        left = tok
        for child in tok.lefts:
            if child.dep_ in ("compound", "det", "amod", "poss", "nmod", "nummod", "quantmod", "predet", "case"):
                left = child
                break
        start = offset + min(left.left_edge.idx if left is not tok else tok.idx, tok.idx)
        end_tok = tok
        for child in tok.rights:
            if child.dep_ in ("compound", "flat", "case") or (child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "with") and child.i == tok.i + 1):
                end_tok = child.right_edge if child.dep_ == "prep" else child
            else:
                break
        end = offset + end_tok.idx + len(end_tok.text)
        text = self.article.text
        while end > start and text[end - 1] in " ,\n":
            end -= 1
        return start, max(end, start + 1)

    def resolve(self, tok: Any, offset: int) -> Speaker:
        """Resolve the subject token ``tok`` (of a chunk at ``offset``) to a speaker."""
        start, end = self.mention_span(tok, offset)
        text = self.article.text
        lower = tok.lower_
        if tok.pos_ == "PRON" or lower in PERSON_PRONOUNS | GROUP_PRONOUNS | OTHER_PRONOUNS | {"it"}:
            return self._resolve_pronoun(lower, start, end)
        head_start = offset + tok.idx
        ent = self.entity_at(head_start, head_start + len(tok.text))
        if ent is not None:
            name = str(ent.attrs.get("canonical") or text[ent.start : ent.end])
            kind = _kind_of_label(ent.label)
            self.note_subject(start, name, kind)
            return Speaker(name, kind, start, end)
        named = self._named_apposition(tok, offset)
        if named is not None:  # "my neighbor Gary, a retired machinist, said": Gary speaks
            self.note_subject(start, named.name or "", named.kind)
            return named
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "his", "her", "their", "its") for c in tok.lefts) or any(
            c.dep_ == "poss" for c in tok.lefts
        )
        if definite:
            person = self._resolve_title(tok, start)
            if person is not None:
                self.note_subject(start, person, "person")
                return Speaker(person, "person", start, end)
        if tok.pos_ == "PROPN":
            name = clean_name(text[start:end])
            name = self._fullest(name, start) or name
            kind = self._kind_by_name(name, start) or "named"
            self.note_subject(start, name, kind)
            return Speaker(name or None, kind, start, end)
        # a common noun: a group, a role, or anonymous sourcing
        phrase = clean_name(text[start:end]).lower() or lower
        near = range(max(tok.left_edge.i, tok.i - 8), min(tok.right_edge.i, tok.i + 8) + 1)
        if lower in ANONYMOUS_HEADS and not any(tok.doc[k].ent_type_ for k in near if k != tok.i):
            return Speaker(phrase, "anonymous", start, end)
        kind = "org" if lower in ORG_NOUNS else "group" if tok.tag_ in ("NNS", "NNPS") else "role"
        if kind in ("group", "org"):
            self.note_subject(start, phrase, kind)
        return Speaker(phrase, kind, start, end)

    def _named_apposition(self, tok: Any, offset: int) -> Speaker | None:
        """The person named in apposition to a common-noun subject ("her lawyer, John Smith"), if any."""
        if tok.pos_ not in ("NOUN",):
            return None
        for child in tok.rights:
            if child.dep_ != "appos":
                continue
            c_start = offset + child.idx
            ent = self.entity_at(c_start, c_start + len(child.text))
            if ent is not None and ent.label == "PERSON":
                name = str(ent.attrs.get("canonical") or self.article.text[ent.start : ent.end])
                return Speaker(name, "person", ent.start, ent.end)
            return None
        return None

    def _fullest(self, name: str, offset: int) -> str | None:
        story = self.story_at(offset)
        key = (story.start, name)
        if key not in self._fullest_cache:
            self._fullest_cache[key] = self._fullest_uncached(name, story)
        return self._fullest_cache[key]

    def _fullest_uncached(self, name: str, story: StoryIndex) -> str | None:
        words = name.split()
        if not words:
            return None
        best = None
        for _, canon, _ in story.mentions:
            cw = canon.split()
            if len(cw) > len(words) and any(cw[i : i + len(words)] == words for i in range(len(cw) - len(words) + 1)):
                if best is None or len(canon) > len(best):
                    best = canon
        return best

    def _kind_by_name(self, name: str, offset: int) -> str | None:
        for _, canon, kind in self.story_at(offset).mentions:
            if canon == name:
                return kind
        return None

    def _resolve_title(self, tok: Any, offset: int) -> str | None:
        story = self.story_at(offset)
        entries = story.titles.get(tok.lemma_.lower()) or story.titles.get(tok.lower_)
        if not entries:
            return None
        mods = {c.lemma_.lower() for c in tok.lefts if c.dep_ in ("compound", "amod")}
        best: tuple[int, int, str] | None = None
        for pos, person, words in entries:
            if pos > offset:
                break
            score = len(mods & words) - len(mods - words)
            if best is None or (score, pos) >= (best[0], best[1]):
                best = (score, pos, person)
        if best is None:
            return None
        if best[0] < 0 and len({person for _, person, _ in entries}) > 1:
            return None  # several people hold such titles and the modifiers disagree
        return best[2]

    def _resolve_pronoun(self, lower: str, start: int, end: int) -> Speaker:
        story = self.story_at(start)
        if lower in PERSON_PRONOUNS:
            wanted = {"person"}
        elif lower in GROUP_PRONOUNS:
            wanted = {"org", "group"}
        elif lower == "it":
            wanted = {"org"}
        else:
            return Speaker(None, "pronoun-unresolved", start, end)
        gendered = lower in PERSON_PRONOUNS
        for pos, name, kind in reversed(story.subjects[-50:]):
            if pos < start and kind in wanted and (not gendered or self._gender_ok(lower, name)):
                return Speaker(name, kind, start, end)
        if "person" in wanted:
            i = bisect.bisect_left(story.mention_starts, start)
            for j in range(i - 1, max(-1, i - 50), -1):
                if story.mentions[j][2] == "person" and self._gender_ok(lower, story.mentions[j][1]):
                    return Speaker(story.mentions[j][1], "person", start, end)
        return Speaker(None, "pronoun-unresolved", start, end)
