"""Who a subject names when it is more than one word's worth: speakers who speak together,
and a document whose owner the text names.

Together: "Maria Okafor and Jens Lindqvist said", "as Okafor and Lindqvist explained". The
parser makes the second name a conjunct ("conj") of the first, the subject; resolving the
subject alone credits the words to one of the two, confidently. ``subject_speaker`` resolves
every conjunct joined by "and" and names them all ("Maria Okafor and Jens
Lindqvist"), or keeps the first speaker marked uncertain when a conjunct cannot be named or
"or" joins them ("Okafor or Lindqvist said": one of the two, but which?).

Owned documents: "Its statement said", "the company's release added", "her letter says": the
speaker is the owner ("Northwind Pharmaceuticals"), resolved like any "it", "the company" or "her";
``owned_document`` keeps the phrase when the owner cannot be named confidently.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .quote_people import ISSUING_VERBS, is_document_noun, is_plausible_speaker_noun, without_dangling
from .quote_pronouns import Speaker
from .quote_titles import is_role_word

#: Words that join speakers who speak together ("or", "nor": one of them, not both).
_AND = frozenset({"and", "&"})
#: Document nouns that are bodies of people too: "Trump's campaign said" is the campaign.
_NOT_OWNED = frozenset({"campaign", "campaigns"})
#: Entity labels of names that cannot speak: a work, an event, a product, a law, a place, a number.
_NO_SPEAKER_ENTS = frozenset("WORK_OF_ART EVENT PRODUCT LAW FAC LOC LANGUAGE DATE TIME MONEY PERCENT QUANTITY CARDINAL ORDINAL".split())
#: Possessive pronouns as the subject pronoun that names the same owner.
_AS_SUBJECT = {"its": "it", "their": "they", "his": "he", "her": "she", "our": "we"}
#: A joined name is at most this many tokens after the one before it.
_NEAR = 12
#: At most this many speakers are named together ("A, B, C and D said").
_MOST = 4


def conjuncts(tok: Any) -> tuple[list[Any], bool]:
    """The names joined to ``tok`` ("Okafor and Lindqvist", "Okafor, Lindqvist and Berg"), in
    text order, and whether "and" joins them all (not "or" / "nor": one of them, but which?)."""
    out: list[Any] = []
    node = tok
    while len(out) < _MOST:
        nxt = next((c for c in node.rights if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")), None)
        if nxt is None and node is tok:  # "Bennett, Hughes and Walsh": the parser's appositive opens a list
            nxt = next((c for c in node.rights if c.dep_ == "appos" and c.pos_ == "PROPN" and c.left_edge.i == tok.i + 2 and any(g.dep_ == "conj" and g.pos_ == "PROPN" for g in c.rights)), None)
        if nxt is None or nxt.i - node.i > _NEAR:
            break  # a conjunct far away is no name in a list (and the scan below stays short)
        out.append(nxt)
        node = nxt
    if out and tok.i < tok.head.i <= out[-1].i:
        return [], False  # "Trump on Friday endorsed Ryan, McCain and Ayotte": joined after the verb, a misparse
    between = [t.lower_ for t in tok.doc[tok.i : out[-1].i] if t.dep_ == "cc"] if out else []
    if not between:
        return [], False  # "Jaya Rao, MD, MHS, Deputy Editor": degrees and titles, no second person
    return out, all(w in _AND for w in between)


def _no_second_speaker(c: Any) -> bool:
    """A conjunct that is no speaker: a thing ("his remarks"), a party adjective ("Republican
    staffer"), or a "name" with a possessive ("his Islamophobic remarks", misparsed)."""
    if c.pos_ == "NOUN":
        return is_document_noun(c) or not is_plausible_speaker_noun(c)
    if c.ent_type_ in _NO_SPEAKER_ENTS or (c.ent_type_ == "NORP" and c.tag_ == "NNP"):
        return True  # "Theodore Roosevelt and the Birth of ...": a title's words
    return any(g.dep_ == "poss" and g.pos_ == "PRON" for g in c.lefts)


def _author(tok: Any) -> Any | None:
    """The subject of a relative clause that says who made the document ("according to a speech
    Mrs. Varga delivered", "a statement the ministry issued"); else None."""
    clause = next((c for c in tok.rights if c.dep_ == "relcl" and c.lemma_.lower() in ISSUING_VERBS), None)
    if clause is None:
        return None
    return next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i and c.lower_ not in ("that", "which", "who")), None)


def owned_document(resolver: Any, tok: Any, offset: int) -> Speaker | None:
    """The owner of a document subject ("its statement", "the company's release", "a speech
    Mrs. Varga delivered"), when the resolver names it confidently; the mention stays the
    whole phrase. None otherwise."""
    if not is_document_noun(tok) or tok.lower_ in _NOT_OWNED:
        return None
    owner = next((c for c in tok.lefts if c.dep_ == "poss"), None) or _author(tok)
    if owner is None or owner.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
        return None  # "Wednesday's poll" is no one's
    if owner.pos_ == "PRON":  # "its statement": whom "it" would name
        lower = _AS_SUBJECT.get(owner.lower_)
        if lower is None:
            return None
        at = offset + owner.idx
        found: Speaker = resolver._resolve_pronoun(lower, at, at + len(owner.text))
    else:
        found = resolver.resolve(owner, offset)
    if not found.name or found.uncertain or not any(ch.isupper() for ch in found.name):  # "the company's release": whose?
        return None
    start, end = resolver.mention_span(tok, offset)
    return replace(found, start=start, end=end)


def headline_role(resolver: Any, tok: Any, offset: int) -> Speaker | None:
    """A headline's role phrase ("Port Authority Chair says ...") as the person the body gives
    that title ("Port Authority Chair Maria Okafor says ..."), when exactly one person fits."""
    person = resolver.headline_title(tok, offset + tok.idx)
    if person is None:
        return None
    start, end = resolver.mention_span(tok, offset)
    return Speaker(person, "person", start, end, via="title")


def titled_owner(resolver: Any, tok: Any, offset: int) -> Speaker | None:
    """ "The Chairwoman of Norland's Central Bank says": the parse reads the capitalised title as
    the owner of the organisation ("[The Chairwoman of Norland]'s Central Bank"), which became the
    speaker; the one who speaks is the chairwoman, a role phrase up to the organisation's name."""
    role = next((c for c in tok.lefts if c.dep_ == "poss"), None)
    if role is None or not is_role_word(role) or not any(c.dep_ == "det" and c.lower_ == "the" for c in role.lefts):
        return None
    if not any(c.dep_ == "prep" and c.lower_ == "of" for c in role.children):
        return None
    start, end = offset + role.idx, offset + tok.idx + len(tok.text)
    return Speaker(resolver.article.text[start:end], "role", start, end, via="noun")


def _own_end(tok: Any, speaker: Speaker, offset: int) -> int:
    """Where a conjunct's mention ends in the joined phrase: its resolved name's end when that
    name is the conjunct itself, else the conjunct's own word (a pronoun)."""
    if speaker.start is not None and speaker.end is not None and speaker.start >= offset + tok.left_edge.idx:
        return speaker.end
    return offset + tok.idx + len(tok.text)


def joined_names(names: list[str]) -> str:
    """Names as the text would join them: "A and B", "A, B and C"."""
    return " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]


def subject_speaker(resolver: Any, tok: Any, offset: int) -> Speaker:
    """``resolver.resolve`` for the subject ``tok``, naming a document's owner and every speaker
    joined to it by "and". A conjunct the resolver cannot name confidently leaves the first
    speaker uncertain: the words are not that one person's alone."""
    first: Speaker = owned_document(resolver, tok, offset) or headline_role(resolver, tok, offset) or titled_owner(resolver, tok, offset) or resolver.resolve(tok, offset)
    joined, both = conjuncts(tok)
    if first.via == "apposition" and first.start is not None and first.end is not None:
        # "his rivals, Sens. Ana Ruiz of Utah and Tom Vale of Ohio, urged": the list opens with the first speaker
        joined = [c for c in joined if not first.start <= offset + c.idx < first.end]
    if not joined or not first.name or first.start is None:
        return first
    if first.end is not None and any(offset + c.idx < first.end for c in joined):
        return first  # "President and Chief Financial Officer of X Rhona Pettigrew": one person's titles
    if any(_no_second_speaker(c) for c in joined):
        return first  # "Trump and his remarks loomed large", "Bell, director ... and Republican staffer": no second speaker
    others = [resolver.resolve(c, offset) for c in joined]
    unnamed = [c for c, o in zip(joined, others) if o.name is None or o.uncertain or o.end is None]
    if first.uncertain or (all(c.pos_ == "NOUN" for c in unnamed) and both and unnamed):
        return first  # "the Times and the Gannett chain filed": as before, the first
    if not both or unnamed:  # "Okafor or Lindqvist said"; a second name the story does not resolve
        return replace(first, uncertain=True, candidates=first.candidates or (first.name,))
    names = [first.name] + [without_dangling(o.name) for o in others if o.name and o.name != first.name]
    if len(names) == 1:
        return first
    name = joined_names(names)
    # the evidence is the joined phrase as written ("she and two other bakers"), not from a
    # pronoun's antecedent sentences earlier up to the last conjunct
    start = first.start if first.start >= offset + tok.left_edge.idx else offset + tok.idx
    end = max(_own_end(c, o, offset) for c, o in zip(joined, others))
    joint = replace(first, name=name, kind="group", start=start, end=max(end, first.end if first.start == start and first.end else end))
    resolver.note_subject(joint.start, name, "group")
    return joint


def note_people_together(resolver: Any, tokens: list[tuple[int, Any]]) -> None:
    """People named together as a sentence's subject in the narrative ("Ana Ruiz and Tom Ode
    studied the fares", "Two economists, Ana Ruiz and Tom Ode, studied ..."): a "they" after
    them may be the two of them, as for speakers joined by "and" (``subject_speaker``; v57)."""
    def person(off: int, t: Any) -> Any:
        ent = resolver.entity_at(off + t.idx, off + t.idx + len(t.text))
        return ent if ent is not None and ent.label == "PERSON" else None

    for off, tok in tokens:
        if tok.dep_ != "nsubj" or tok.head.dep_ not in ("ROOT", "conj") or tok.pos_ not in ("PROPN", "NOUN"):
            continue
        first = tok if tok.pos_ == "PROPN" else next((c for c in tok.rights if c.dep_ == "appos" and c.pos_ == "PROPN"), None) if tok.tag_ == "NNS" else None
        pos = off + tok.idx
        if first is None or pos < resolver.headline_end or resolver.in_quote(pos):
            continue
        joined, both = conjuncts(first)
        if not joined or not both:
            continue
        ents = [person(off, t) for t in [first] + joined]
        names = list(dict.fromkeys(resolver.name_of(e) for e in ents if e is not None))
        if len(names) == len(ents) >= 2:
            resolver.note_subject(pos, joined_names(names), "people")
