"""Titles and role phrases for the quotes stage's speakers.

``TitleResolution`` is a mixin of ``quote_speakers.SpeakerResolver``. It records the titles a
story gives its people and resolves a definite role phrase to the person who holds it:

* "Finance Minister Maria Ortega", "Sen. Maria Ortega" (abbreviated titles are read in
  full: "Sen." is "senator", "Supt." "superintendent"), "Maria Ortega, the finance
  minister", "the minister, Maria Ortega", "Maria Ortega is the director of the trust",
  "Maria Ortega, who is the director" all make "the minister" / "the senator" / "the
  director" Maria Ortega;
* a capitalised role word ("the Minister said") is a role, never a name;
* a definite role phrase that no title links to a person ("the director said") while the
  story names people before it stays the role phrase as written, but **uncertain**, with
  those people as ``candidates``: the text probably means one of them and the tool cannot
  say which. A role phrase with an owner ("her lawyer") or an indefinite one ("a
  spokesperson for the ministry") introduces someone unnamed and keeps its confidence.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .quote_verb_names import person_name
from .quote_people import PERSON_ROLES, gender_of_word, is_person_role
from .given_names import is_given_name
from .quote_pronouns import Speaker, StoryIndex

TITLE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
TITLE_STOP = frozenset({"mr", "mrs", "ms", "the", "a", "an", "current"})  # "former", "new", "then" kept since v63 (_TERM_WORDS)
#: Abbreviated titles before a name, read as the role word a later mention uses.
TITLE_ABBREVIATIONS = {
    "sen": "senator", "rep": "representative", "gov": "governor", "lt": "lieutenant", "det": "detective",
    "sgt": "sergeant", "supt": "superintendent", "insp": "inspector", "cmdr": "commander", "capt": "captain",
    "gen": "general", "col": "colonel", "maj": "major", "prof": "professor", "dr": "doctor", "pres": "president",
    "atty": "attorney", "dep": "deputy", "cpl": "corporal", "ofc": "officer", "cllr": "councillor",
    "coun": "councillor", "rev": "reverend", "comm": "commissioner", "adm": "admiral", "amb": "ambassador",
    "sec": "secretary", "secy": "secretary", "treas": "treasurer", "chmn": "chairman", "asst": "assistant",
}
#: Role nouns a title may hold besides ``quote_people.PERSON_ROLES``.
MORE_ROLES = frozenset(
    """superintendent deputy councillor councilor councilman councilwoman commander chancellor premier
    principal dean pastor priest bishop reverend rabbi imam coroner constable trooper ranger firefighter
    paramedic administrator coordinator supervisor investigator auditor assemblyman assemblywoman
    alderman marshal lieutenant corporal major admiral representative detective
    master headmaster headmistress headteacher skipper referee umpire surgeon physician pharmacist midwife
    caretaker warden chef mechanic engineer architect accountant banker broker clerk""".split()  # v66: "the harbour master"
)

#: Words that set a role's holder in time: "the former minister" is not the minister named before.
_TERM_WORDS = frozenset("former ex previous outgoing incoming new interim acting future late then erstwhile".split())
#: A title with one of these is another role than the bare one: "the president" is not the vice president.
_RANKED = _TERM_WORDS | frozenset("vice deputy assistant associate lieutenant under co shadow".split())
#: Words that make a title another office than the bare word: "the president" is never the one
#: introduced only as "Vice President [Name]", "the mayor" never "former mayor [Name]", "the
#: chancellor" never "Shadow chancellor [Name]" (v67; "acting", "new", "interim" may be the same one).
_OTHER_OFFICE = _RANKED - frozenset("co outgoing incoming new interim acting future then".split())
#: Party words, one name per side: "the Democratic leader" is not "Republican leader [Name]".
_PARTIES = {
    "democratic": "democratic", "democrat": "democratic", "republican": "republican", "gop": "republican",
    "labour": "labour", "labor": "labour", "conservative": "conservative", "tory": "conservative", "liberal": "liberal",
}
#: Role words a headline may put before a name it credits ("Says Quay Trust Founder Ana Ruiz").
_ROLE_WORDS = PERSON_ROLES | MORE_ROLES
#: An organisation's abbreviation in brackets right after its name: "(RHA) ".
_BRACKETED = re.compile(r"[ \t]*\([A-Z][A-Za-z&.]{1,9}\)[ \t]+")

#: Abbreviated titles right before a name, however the tokenizer split them ("Supt. Leon Haddad").
_ABBREVIATIONS_BEFORE = re.compile(r"((?:\b[A-Z][a-z]{1,4}\.\s+)+)$")


def title_word(tok: Any) -> str:
    """A title token as the role word ("Sen." -> "senator", "Ministers" -> "minister")."""
    word = tok.lemma_.lower().rstrip(".")
    return TITLE_ABBREVIATIONS.get(word, word)


def is_role_word(tok: Any) -> bool:
    """A role noun, also when written with a capital ("the Minister") and tagged a proper noun."""
    word = title_word(tok)
    return (word in PERSON_ROLES or word in MORE_ROLES) and tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ in ("", "ORG", "NORP")


class TitleResolution:
    """Titles -> people; the resolver that mixes this in provides the story index, entities
    and genders."""

    gender: dict[str, str | None]
    article: Any
    doubted_roles: dict[str, tuple[str, ...]]
    headline_end: int
    entities: list[Any]
    _ent_starts: list[int]

    def story_at(self, offset: int) -> StoryIndex:
        raise NotImplementedError

    def name_of(self, ent: Any) -> str:
        raise NotImplementedError

    def entity_at(self, start: int, end: int) -> Any:
        raise NotImplementedError

    def _note_gender(self, person: str, word: str, *, weak: bool = False) -> None:
        raise NotImplementedError

    def _index_titles(self, tokens: list[tuple[int, Any]]) -> None:
        """Record titles introduced with a person: "Finance Minister Maria Ortega", "Sen. Maria
        Ortega", "Maria Ortega, the finance minister", "the minister, Maria Ortega", "Maria
        Ortega is the director", "Maria Ortega, who is the director"."""
        for off, tok in tokens:
            if tok.pos_ != "PROPN" or tok.ent_type_ not in ("PERSON", "ORG") or tok.dep_ == "compound":
                continue  # the tagger's ORG "Nurse [Name]" is a person once the entities stage says so (v63)
            start = off + tok.idx
            ent = self.entity_at(start, start + len(tok.text))
            if ent is None or ent.label != "PERSON":
                continue
            person = person_name(ent)
            if not person:
                continue
            title_words: list[str] = []
            # compounds left of the name that are not part of the name itself, also those the parser
            # hung on a word of the name ("Foreign Minister Helena Sarmento Vaz": on "Sarmento")
            named = lambda t: t.ent_type_ == "PERSON" or ent.start <= off + t.idx < ent.end  # noqa: E731  (a word of the name)
            inner = [g for t in tok.lefts if t.dep_ == "compound" and named(t) for g in t.lefts]
            for child in [*tok.lefts, *inner]:
                if child.dep_ in ("compound", "amod") and not named(child) and child.pos_ in TITLE_POS:
                    title_words.extend(title_word(t) for t in child.subtree if t.pos_ in TITLE_POS and t.ent_type_ != "PERSON")
                elif child.dep_ == "compound" and title_word(child) in TITLE_ABBREVIATIONS.values() and child.text.endswith("."):
                    title_words.append(title_word(child))  # "Sen. Maria Ortega": the tagger put "Sen." in the name
            before = _ABBREVIATIONS_BEFORE.search(self.article.text, max(0, ent.start - 24), ent.start)
            if before is not None:  # "Det. Sgt. Paul Brennan"
                title_words.extend(TITLE_ABBREVIATIONS.get(a.lower(), "") for a in re.findall(r"([A-Za-z]+)\.", before.group(1)))
            # appositive titles: "Maria Ortega, the finance minister,"
            for child in _appositives(tok) or _title_of_after(tok):
                if child.pos_ == "NOUN" or (child.pos_ == "PROPN" and is_role_word(child)):  # "Lena Kovac, Minister of Finance,"
                    title_words.extend(_title_phrase(child))
            for child in tok.children:
                if child.dep_ == "relcl" and child.lemma_ == "be":  # "Maria Ortega, who is the director"
                    title_words.extend(w for attr in child.children if attr.dep_ == "attr" and attr.pos_ == "NOUN" for w in _title_phrase(attr))
            # "the minister, Maria Ortega": the name is the appositive of a title noun
            if tok.dep_ == "appos" and (tok.head.pos_ == "NOUN" or (tok.head.pos_ == "PROPN" and is_role_word(tok.head))):
                title_words.extend(_title_phrase(tok.head))
            # "Maria Ortega is the director of the trust"
            if tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
                title_words.extend(w for attr in tok.head.children if attr.dep_ == "attr" and attr.pos_ == "NOUN" for w in _title_phrase(attr))
            words = frozenset(w for w in title_words if w and w not in TITLE_STOP and w.isalpha())
            if not words:
                continue
            story = self.story_at(start)
            for w in words:
                if not is_given_name(w):  # "Georgia businessman Lee Vale": a place, not her first name
                    self._note_gender(person, w)
            for w in words:
                story.titles.setdefault(w, []).append((start, person, words))

    def _resolve_title(self, tok: Any, offset: int) -> str | None:
        """The person the story introduced, before ``offset``, with the title ``tok`` names;
        None when none did, or when several did and the modifiers disagree."""
        if not (is_role_word(tok) or is_person_role(tok)):
            return None  # "the project decided": a modifier of someone's title ("project lead") is no title
        if tok.tag_ == "NNS":
            return None  # "the two delegates", "his supporters": more than the one person introduced so
        story = self.story_at(offset)
        entries = story.titles.get(title_word(tok)) or story.titles.get(tok.lower_)
        if not entries:
            return None
        mods = {title_word(c) for c in tok.lefts if c.dep_ in ("compound", "amod")}
        best: tuple[int, int, str] | None = None
        best_words: frozenset[str] = frozenset()
        scores: dict[str, int] = {}
        for pos, person, words in entries:
            if pos > offset:
                break
            if (words & _OTHER_OFFICE) - mods:
                continue  # v67
            # "the president" is not the one introduced as "former President [Name]" or "Vice President [Name]" (v63)
            score = len(mods & words) - len(mods - words) - len((words & _RANKED) - mods)
            scores[person] = max(score, scores.get(person, score))
            if best is None or (score, pos) >= (best[0], best[1]):
                best, best_words = (score, pos, person), words
        if best is None or sum(1 for v in scores.values() if v == best[0]) > 1:
            return None  # none; or two people hold the title alike ("the president" after two presidents met, v63)
        if best[0] < 0 and len({person for _, person, _ in entries}) > 1:
            return None  # several people hold such titles and the modifiers disagree
        sides, held = {_PARTIES[m] for m in mods if m in _PARTIES}, {_PARTIES[w] for w in best_words if w in _PARTIES}
        if (sides and held and not sides & held) or (mods & _TERM_WORDS) - best_words:
            return None  # "the Democratic leader", "the former minister" after "Republican leader [Name]", "Minister [Name]" (v63)
        portfolio = {title_word(c) for c in tok.lefts if c.dep_ == "compound" and c.tag_ in ("NN", "NNS")}
        if portfolio - best_words and best_words - mods - {title_word(tok), tok.lower_}:
            return None  # both name a portfolio, and not the same: "the marine minister" after "the fisheries minister, A B"
        return best[2]

    def role_doubt(self, tok: Any, phrase: str, start: int, end: int) -> Speaker | None:
        """"the director said" with no title linking it to a person, while the story names
        people before it: the role phrase stays the speaker, marked uncertain, with the people
        named last (gender permitting; never an all-capitals word such as a station's call sign
        in a dateline) as candidates. None for a role with an owner ("her
        lawyer"), an indefinite role ("a spokesperson") or a story that names nobody."""
        if not is_role_word(tok) or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.lefts):
            return None
        if any(c.dep_ == "poss" for c in tok.children):
            return None
        story = self.story_at(start)
        wanted = gender_of_word(title_word(tok))
        names: list[str] = []
        k = bisect.bisect_left(story.mention_starts, start)
        for _, name, kind in reversed(story.mentions[max(0, k - 80) : k]):
            if kind != "person" or name in names or name.isupper() or name.lower() in TITLE_ABBREVIATIONS or (wanted and self.gender.get(name) not in (None, wanted)):
                continue
            names.append(name)
            if len(names) == 2:
                break
        if not names:
            return None
        self.doubted_roles[phrase] = (phrase, *names)  # a he/she pointing back to it inherits the doubt
        return Speaker(phrase, "role", start, end, via="title", uncertain=True, candidates=(phrase, *names))


    def headline_title(self, tok: Any, start: int) -> str | None:
        """The person a headline's role phrase stands for ("Port Authority Chair says ..."): the
        one person the story's body gives that title with the same modifiers, named after the
        headline. None outside a headline, or when no one or several people fit. A modifier may
        stand in the words right before the body's title ("RHA Director" in the headline; "the
        Regional Harbour Authority (RHA) Director Ana Ruiz", whose title phrase the bracket
        cuts short)."""
        if start >= self.headline_end or not is_role_word(tok):
            return None
        mods = {title_word(c) for c in tok.lefts if c.dep_ in ("compound", "amod")}
        people = {
            person for pos, person, words in self.story_at(start).titles.get(title_word(tok), ())
            if pos >= self.headline_end and mods <= words | set(re.findall(r"\w+", self.article.text[max(0, pos - 60) : pos].lower()))
        }
        return people.pop() if len(people) == 1 else None

    def _body_name(self, start: int, end: int) -> Speaker | None:
        """A headline's speaker phrase, read to the end of the headline, that ends in a role word
        and the full name of a person the body names ('Says Quay Trust Founder Ana Ruiz';
        'According to Tide to Shore Founder Ana Ruiz', where the parser ends the phrase at
        "Tide"): that person; else None (the phrase is rejected). Not 'According to Aides of
        Ana Ruiz': the aides speak."""
        if start >= self.headline_end:
            return None
        phrase = " " + " ".join(self.article.text[start : self.headline_end].split()).rstrip(".,;:!?")
        names = {str(e.attrs.get("canonical") or "") for e in self.entities if e.label == "PERSON" and e.start >= self.headline_end}
        body = max((n for n in names if " " in n and phrase.endswith(" " + n)), key=len, default=None)
        role = phrase[: len(phrase) - len(body or "")].split()[-1:] if body else []
        return Speaker(body, "person", start, end, via="name") if body and role and role[0].lower() in _ROLE_WORDS else None

    def holder_after_brackets(self, ent: Any) -> Speaker | None:
        """'warns the Regional Harbour Authority (RHA) Director Ana Ruiz': the person whose title
        follows the organisation's abbreviation in brackets speaks, not the organisation (the
        parser hangs her on the body's name, or on the abbreviation); None otherwise."""
        text = self.article.text
        m = _BRACKETED.match(text, ent.end)
        if m is None:
            return None
        k = bisect.bisect_left(self._ent_starts, m.end())
        for person in self.entities[k : k + 3]:
            if person.start > m.end() + 40:
                break
            words = text[m.end() : person.start].split() or text[person.start : person.end].split()[:1]
            if person.label == "PERSON" and words and all(w[:1].isupper() for w in words) and words[-1].lower().split("-")[0] in _ROLE_WORDS:
                return Speaker(self.name_of(person), "person", person.start, person.end, via="entity")
        return None


def _appositives(tok: Any) -> list[Any]:
    """The appositives of a name: its own, but not one written after a name joined to it
    ("Harry and Meghan, Duchess of Sussex": the parser hangs the title on "Harry"), which
    belongs to that last name instead."""
    def own(t: Any) -> list[Any]:
        conj_at = [c.i for c in t.children if c.dep_ == "conj"]
        return [c for c in t.children if (c.dep_ == "appos" and not any(t.i < j < c.i for j in conj_at)) or _title_joined(t, c)]

    out = own(tok)
    if tok.dep_ == "conj" and tok.head.i < tok.i:
        later = [c.i for c in tok.head.children if c.dep_ == "conj" and c.i > tok.i]
        out += [c for c in tok.head.children if c.dep_ == "appos" and c.i > tok.i and not any(j < c.i for j in later)]
    return out


def _title_of_after(name: Any) -> list[Any]:
    """ "Clara, Duchess of Wexmoor, left": a capitalised role word with an "of" right after the
    name and a comma, which the parse did not hang on the name (version 55)."""
    doc = name.doc
    if name.i + 3 >= len(doc) or doc[name.i + 1].text != "," or doc[name.i + 3].lower_ != "of":
        return []
    title = doc[name.i + 2]
    return [title] if title.pos_ == "PROPN" and title.text[:1].isupper() and is_role_word(title) else []


def _title_joined(name: Any, child: Any) -> bool:
    """ "Meghan, Duchess of Sussex's interview": before a possessive the parser joins the title to
    the name as a second item ("conj"), not an appositive. A capitalised role word right after
    the name's comma, with no name of its own, is that title ("Ortega, Governor Diaz" is not)."""
    doc = name.doc
    return (
        child.dep_ == "conj"
        and child.i == name.i + 2
        and doc[name.i + 1].text == ","
        and child.pos_ == "PROPN"
        and child.ent_type_ != "PERSON"
        and is_role_word(child)
        and not (child.i + 1 < len(doc) and doc[child.i + 1].ent_type_ == "PERSON")
    )


def _title_phrase(noun: Any) -> list[str]:
    """A title noun with its compound and adjective modifiers ("finance minister")."""
    return [title_word(noun)] + [title_word(c) for c in noun.lefts if c.dep_ in ("compound", "amod") and c.pos_ in TITLE_POS]
