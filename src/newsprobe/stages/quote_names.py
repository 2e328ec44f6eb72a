"""Short names and the fuller names a story gives them (part of the quotes stage): "Hale" ->
"Jordan Hale", "Microsoft" -> "Microsoft Corp", never "Kelp" (a language) -> "Kelp Summit" (a conference); two people a
surname may stand for. Mixed into ``quote_speakers.SpeakerResolver``."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Any, Callable

from .entities import HONORIFICS, clean_name, leads_into
from .given_names import is_given_name
from .quote_verb_names import person_name
from .quote_people import NAMED_BY_NOUN, RELATIVE_NOUNS, cased_name, gender_of_word, is_person_noun, is_person_role, without_descriptor
from .quote_pronouns import PRONOUN_PARAGRAPHS, Speaker, StoryIndex
from .quote_titles import is_role_word

#: "of" or "at" right before an organisation's name, after a word (a person's: "[Name] of [Firm]").
_EMPLOYER = re.compile(r"\w (?:of|at) $")
#: Words after a short name that keep it the same organisation ("Microsoft" -> "Microsoft Corp").
_NAME_SUFFIXES = frozenset("corp corporation inc co company ltd llc plc group ag sa se nv gmbh holdings".split())


#: Last words of a heading that the tagger runs into a person's name ("Dan Calder Interview").
_HEADING_WORDS = frozenset("interview podcast exclusive live video update show special profile speech statement photos gallery review".split())


def without_heading_word(name: str) -> str:
    """A person's name without a heading's last word run into it: "Dan Calder Interview" ->
    "Dan Calder" (three words or more; a two-word name stays as it is)."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) >= 3 and words[-1].lower() in _HEADING_WORDS else name


def entity_name(text: str, ent: Any, cased_people: list[str], title_line_end: int) -> str:
    """An entity's name as a speaker: its canonical form, in the text's own casing, and never a
    name that only the headline writes ("Ben Carson Defends"). ``cased_people``: the body's full
    names of people (``quote_people.full_names``); ``title_line_end``: where the headline ends."""
    mention = text[ent.start : ent.end]
    raw = person_name(ent, mention) if ent.label == "PERSON" else str(ent.attrs.get("canonical") or mention)  # not "Stated Vale"
    canon = without_descriptor(cased_name(raw, mention))
    if ent.label == "PERSON" and canon and not mention.rstrip().endswith(canon.split()[-1]):
        canon = without_heading_word(canon)  # "Dan Calder Interview", a heading run into the name
    if ent.label == "PERSON" and canon and not any(ch.isupper() for ch in canon):  # "vance": the person named elsewhere
        canon = next((n for n in cased_people if n.lower().endswith(" " + canon.lower())), canon)
    if title_line_end and canon != clean_name(mention) and text.find(canon, title_line_end) < 0:
        return clean_name(mention) or canon
    return canon


#: An adjective after a role noun before its holder's name ("the councillor responsible, Ana Ruiz,"):
#: the parser makes the adjective the root, and the name no apposition of the role.
_POSTPOSITIVE = re.compile(r"\s+(?:responsible|concerned|involved|in charge)\s*,\s*")
#: A title right before a name ("Mr.", "Dr.", "Sen."): the name is that person's, not the subject's.
_HONORIFIC_WORD = re.compile(rf"(?i:{HONORIFICS}|lord|lady)\.?")


#: A relative's introduction in apposition right before a name ("his wife, [Name]"; not "and her
#: brother [Name]", two people named together).
_KIN_BEFORE = re.compile(rf"\b(?:his|her|their|[A-Z][\w'\u2019-]*(?:'s|\u2019s))\s+(?:{'|'.join(sorted(RELATIVE_NOUNS))}),\s+$")
#: Verbs of a relative clause that give a person's name with "as" ("who gave her name as", "who
#: identified herself as").
_NAMING_VERBS = frozenset("give identify introduce".split())


class NameResolution:
    """Fuller names within a story; the resolver that mixes this in provides the story index,
    the kinds of names and two caches."""

    kind_of_name: dict[str, str]
    _fullest_cache: dict[tuple[int, str], str | None]
    _fuller_cache: dict[tuple[int, str], list[str]]
    in_quote: Callable[[int], bool]

    def story_at(self, offset: int) -> StoryIndex:
        raise NotImplementedError

    def entity_at(self, start: int, end: int) -> Any:
        raise NotImplementedError

    def name_of(self, ent: Any) -> str:
        raise NotImplementedError

    def _sentence_start(self, pos: int) -> int:
        raise NotImplementedError

    def _paragraph_start(self, pos: int, back: int) -> int:
        raise NotImplementedError

    def note_subject(self, offset: int, name: str, kind: str) -> None:
        raise NotImplementedError

    def _surname_of(self, word: str, offset: int) -> bool:
        """Whether ``word`` is the last word of a person's full name the story gives."""
        story = self.story_at(offset)
        return any(self.kind_of_name.get(c) == "person" and c.split()[-1] == word for c in self._fuller(word, story))

    def _fullest(self, name: str, offset: int) -> str | None:
        story = self.story_at(offset)
        key = (story.start, name)
        if key not in self._fullest_cache:
            self._fullest_cache[key] = self._fullest_uncached(name, story)
        return self._fullest_cache[key]

    def _fullest_uncached(self, name: str, story: StoryIndex) -> str | None:
        fuller = self._fuller(name, story)
        return fuller[0] if fuller else None

    def _fuller(self, name: str, story: StoryIndex) -> list[str]:
        """The story's longer names that hold ``name``'s words, longest first."""
        words = name.split()
        found: set[str] = set()
        alone = any(canon == name and kind != "person" for _, canon, kind in story.mentions)
        for _, canon, kind in story.mentions:
            if alone and kind != "person":
                continue  # "Python", a name of its own here, is no "Fixing Python" (a heading)
            cw = canon.split()
            if words and len(cw) > len(words) and any(cw[i : i + len(words)] == words for i in range(len(cw) - len(words) + 1)):
                head = cw[-len(words) :] == words and leads_into(cw[-len(words) - 1])  # "the Authority"; not "Tarrow" of "Bank of Tarrow"
                if kind == "person" or head or all(w.strip(".,").lower() in _NAME_SUFFIXES for w in cw[len(words) :]):
                    found.add(without_heading_word(canon) if kind == "person" else canon)  # not "Kelp" -> "Kelp Summit": only a person's name, a head or a firm's suffix
        return sorted(found, key=lambda c: (-len(c), c))

    def principal(self, rivals: tuple[str, ...]) -> str | None:
        """Of people who share a surname, the one no mention introduces as someone's relative
        ("his wife, Jane Sanders": the family member) when all others are so introduced; else None.
        A bare surname then means that one, as news writes it (version 65)."""
        cache: dict[tuple[str, ...], str | None] = self.__dict__.setdefault("_principals", {})  # per article
        if rivals not in cache:
            text: str = self.article.text  # type: ignore[attr-defined]
            kin = {r for r in rivals for m in re.finditer(re.escape(r), text) if _KIN_BEFORE.search(text, max(0, m.start() - 40), m.start())}
            rest = [r for r in rivals if r not in kin]
            cache[rivals] = rest[0] if kin and len(rest) == 1 else None
        return cache[rivals]

    def rival_names(self, name: str, short: str, offset: int) -> tuple[str, ...]:
        """Two different people the short form may stand for ("Hale": "Jordan Hale", "Sam
        Hale"): all of them, else ()."""
        story = self.story_at(offset)
        key = (story.start, short)
        if key not in self._fuller_cache:
            self._fuller_cache[key] = self._fuller(short, story)
        fuller = self._fuller_cache[key]
        firsts = {c.split()[0] for c in fuller}
        return tuple(fuller[:3]) if name in fuller and len(firsts) > 1 else ()

    def resolve_company(self, start: int, end: int, noun: str | None = None) -> Speaker | None:
        """ "the company said" -> the organisation the story named last in this paragraph or the one
        before; "the court said" (``noun``) -> the organisation named before whose name holds
        the noun ("4th District Court of Appeal"); uncertain when two different ones fit. A
        person's employer ("[Name] of [Firm]") is no candidate for "the company" (v67)."""
        story = self.story_at(start)
        text: str = self.article.text  # type: ignore[attr-defined]
        lo = self._paragraph_start(start, PRONOUN_PARAGRAPHS) if noun is None else story.start
        i = bisect.bisect_left(story.mention_starts, start)
        names: list[str] = []
        for pos, name, kind in reversed(story.mentions[max(0, i - 60) : i]):
            if pos < lo:
                break
            ent = self.entity_at(pos, pos + 1)
            words = name.lower().split()  # "the company" is no court, ministry or hospital
            if kind != "org" or ent is None or ent.label != "ORG" or name in names or not (noun in words if noun else not NAMED_BY_NOUN.intersection(words)):
                continue
            if noun is None and (m := _EMPLOYER.search(text, max(0, ent.start - 40), ent.start)) and (p := self.entity_at(m.start(), m.start() + 1)) is not None and p.label == "PERSON":
                continue  # "Analyst [Name] of [Firm]": the analyst's firm, not the one the story is about (v67)
            names.append(name)
        if not names:
            return None
        self.note_subject(start, names[0], "org")
        return Speaker(names[0], "org", start, end, via="description", uncertain=len(names) > 1, candidates=tuple(names[:3]) if len(names) > 1 else ())

    def other_company_before(self, tok: Any, offset: int, org: Speaker) -> Speaker:
        """``org`` (what "the company" resolved to), made uncertain when the sentence's own
        subject before it is another capitalised name the entities did not label as a person
        or place ("Corvex has a desktop in stock, and the company told ...": the last
        organisation named may be another item's, when "Corvex" is no entity)."""
        words = set(org.name.lower().split()) if org.name else set()
        for t in tok.sent:
            if t.i >= tok.i:
                break
            if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ != "PROPN" or t.lower_.rstrip(".") in words or not t.text[:1].isupper():
                continue
            if self.in_quote(offset + t.idx):
                continue  # a name in the quotation is no subject of the reporter's sentence
            ent = self.entity_at(offset + t.idx, offset + t.idx + len(t.text))
            if ent is not None and (ent.label in ("PERSON", "GPE", "LOC", "NORP", "FAC") or self.name_of(ent) == org.name):
                continue
            name = self.name_of(ent) if ent is not None else t.text
            return replace(org, uncertain=True, candidates=(org.name or "", name))
        return org

    def _kind_by_name(self, name: str, offset: int) -> str | None:
        for _, canon, kind in self.story_at(offset).mentions:
            if canon == name:
                return kind
        return None

    def _named_apposition(self, tok: Any, offset: int) -> Speaker | None:
        """The person named in apposition to a common-noun subject ("her lawyer, John Smith"), or
        to a capitalised role ("HFA Chief Executive, Padrig Colley, said"), if any."""
        nominal = tok.tag_ in ("VBN", "JJ") and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.lefts)  # "the accused, [Name]," (v64)
        if tok.pos_ != "NOUN" and not (tok.pos_ == "PROPN" and is_role_word(tok)) and not nominal:
            return None
        text = self.article.text  # type: ignore[attr-defined]
        if (named := self._name_before_role(tok, offset)) is not None:
            return named
        after = _POSTPOSITIVE.match(text, offset + tok.idx + len(tok.text))
        if after is not None and (is_role_word(tok) or is_person_role(tok)):  # "the councillor responsible, Ana Ruiz, told"
            ent = self.entity_at(after.end(), after.end() + 1)
            if ent is not None and ent.label == "PERSON" and ent.start == after.end() and text[ent.end : ent.end + 1] == ",":
                return Speaker(self.name_of(ent), "person", ent.start, ent.end, via="apposition")
        for child in tok.rights:  # "One woman, who gave her name only as Margaret,"; "a resident named Ines" (version 39)
            named_so = child.lower_ == "named" and child.i == tok.i + 1  # "a woman named", not "a play called" nor "lawmaker called"
            if child.dep_ in ("relcl", "acl") and (child.lemma_.lower() in _NAMING_VERBS or named_so) and is_person_noun(tok):
                for g in child.subtree:
                    if g.pos_ == "PROPN" and (g.head.lower_ == "as" or (named_so and g.head.i == child.i and g.dep_ in ("oprd", "dobj", "attr"))):
                        ent = self.entity_at(offset + g.idx, offset + g.idx + len(g.text))
                        if ent is not None and ent.label == "PERSON":
                            return Speaker(self.name_of(ent), "person", ent.start, ent.end, via="apposition")
        second = [c for c in tok.head.children if nominal and c.dep_ == "nsubj" and c.i > tok.i and c.left_edge.i == tok.i + 2 and tok.doc[tok.i + 1].text == ","]
        for child in _rights_of_word(tok) + [c for c in second if c.pos_ == "PROPN"]:  # "her co-author, [Name],": the apposition hangs on "author"; "the accused, [Name], 41," a second subject (v64)
            if child.dep_ == "prep" and child.lower_ == "of" and is_role_word(tok):  # "Chief Executive of the Zone Authority, Gary Scott,"
                org = next((g for g in child.rights if g.dep_ == "pobj" and g.pos_ == "PROPN"), None)
                child = next((g for g in org.rights if g.dep_ == "appos" and g.left_edge.i > 0 and tok.doc[g.left_edge.i - 1].text == ","), child) if org is not None else child
            if (child.dep_ != "appos" and child not in second) or tok.doc[child.i - 1].text == "(":  # "Officer (Acting)"
                continue
            c_start = offset + child.idx
            ent = self.entity_at(c_start, c_start + len(child.text))
            if ent is None and child.pos_ == "NOUN":  # "His critic, the ferry operator Lena Marsh,": her name is the role's own apposition (v64)
                name = next((g for g in child.rights if g.dep_ == "appos" and g.pos_ == "PROPN" and g.left_edge.i == child.i + 1), None)
                ent = self.entity_at(offset + name.idx, offset + name.idx + len(name.text)) if name is not None else None
            if ent is not None and ent.label == "PERSON":
                return Speaker(self.name_of(ent), "person", ent.start, ent.end, via="apposition")
            if ent is None and (untagged := untagged_full_name(child, offset)) is not None and (is_role_word(tok) or is_person_role(tok)):
                return Speaker(untagged[0], "person", untagged[1], untagged[2], via="apposition")  # "The vice-president, Ana Ruiz," untagged (v64)
            if ent is not None and ent.label == "ORG" and child.pos_ == "PROPN" and tok.tag_ == "NN" and tok.doc[child.left_edge.i - 1].text == "," and not (is_person_role(tok) or is_person_noun(tok) or is_role_word(tok) or gender_of_word(tok.lower_)):
                return Speaker(self.name_of(ent), "org", ent.start, ent.end, via="apposition")  # "A rival bidder, Orion Holdings, said" (v64)
            if ent is not None and ent.label == "ORG" and child.pos_ == "PROPN" and tok.tag_ == "NN" and is_person_role(tok) and len(ent.attrs.get("canonical", "").split()) >= 2:
                # "Ireland's marine minister, [First Last-Name], said": a person's role holds a person, whatever the tagger says
                return Speaker(self.name_of(ent), "person", ent.start, ent.end, via="apposition")
            return None
        # "President and Chief Executive of Harbour Foods Dana Quill said": the name closes the
        # subject, run on from the organisation's name (not "the lawyer for Dana Quill")
        last = tok.right_edge
        if last.i <= tok.i or tok.tag_ == "NNS" or not (is_role_word(tok) or is_person_role(tok)):
            return None  # "supporters of Democrat Dana Quill": many people, not her
        ent = self.entity_at(offset + last.idx, offset + last.idx + len(last.text))
        if ent is None or ent.label != "PERSON" or ent.end != offset + last.idx + len(last.text) or ent.start <= offset + tok.idx:
            return None
        before = [t for t in tok.subtree if offset + t.idx + len(t.text) <= ent.start]
        if not before or before[-1].pos_ != "PROPN" or not before[-1].text[:1].isupper() or any(t.text in ",;(" for t in tok.subtree):
            return None
        if is_role_word(before[-1]) or _HONORIFIC_WORD.fullmatch(before[-1].text):
            return None  # "a spokesman for Mr. Ode", "an adviser to President Vale": someone else's title
        return Speaker(self.name_of(ent), "person", ent.start, ent.end, via="apposition")

    def _name_before_role(self, tok: Any, offset: int) -> Speaker | None:
        """'Ines Dalca, the spokeswoman for the board said in a statement': a person's name that
        opens the sentence, then a comma and the role phrase that is the subject of the
        sentence's main verb (the parser, missing the apposition's closing comma, hangs the name
        elsewhere): she speaks. Not 'Dalca, the spokeswoman said, has no plan' (the name is the
        subject of its own verb there), nor "his lawyer" (someone else's role)."""
        if tok.dep_ != "nsubj" or tok.head.dep_ != "ROOT" or not (is_role_word(tok) or is_person_role(tok)):
            return None
        first = tok.left_edge
        if first.i < 2 or tok.doc[first.i - 1].text != "," or first.dep_ == "poss":
            return None
        name_end = tok.doc[first.i - 2]
        if name_end.dep_ in ("nsubj", "nsubjpass") or name_end.pos_ != "PROPN":
            return None
        comma = offset + tok.doc[first.i - 1].idx
        ent = self.entity_at(comma - 1, comma)
        if ent is None or ent.label != "PERSON" or ent.end != comma or ent.start != self._sentence_start(ent.start):
            return None
        return Speaker(self.name_of(ent), "person", ent.start, ent.end, via="apposition")


def _rights_of_word(tok: Any) -> list[Any]:
    """The right children of ``tok`` and, when it opens a hyphenated word the tokenizer split
    ("co-author": "co", "-", "author"), of that word's last part."""
    doc, k = tok.doc, tok.i
    while k + 2 < len(doc) and doc[k + 1].text == "-" and not doc[k].whitespace_ and not doc[k + 1].whitespace_ and doc[k + 2].pos_ == "NOUN":
        k += 2
    return list(tok.rights) if k == tok.i else [c for c in tok.rights if c.i > k] + list(doc[k].rights)


def untagged_full_name(tok: Any, offset: int) -> tuple[str, int, int] | None:
    """A proper-noun apposition no entity covers that reads as a person's full name (a known
    first name, then one or two capitalised words: "Ana Ruiz"): (name, start, end), else None."""
    words = [t for t in tok.subtree if t.i >= tok.left_edge.i]
    if not 2 <= len(words) <= 3 or words[-1].i != tok.i or any(t.pos_ != "PROPN" or not t.text[:1].isupper() or not t.text[1:].islower() for t in words):
        return None
    if not is_given_name(words[0].text):
        return None
    start, end = offset + words[0].idx, offset + tok.idx + len(tok.text)
    return tok.doc.text[words[0].idx : tok.idx + len(tok.text)], start, end
