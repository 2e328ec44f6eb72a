"""Names the tagger did not read as names. A surname alone: "Okafor thanked the harbour
crews" after "Councillor Dara Okafor" named in full. The small tagger misses one-word surnames
in some sentences, so the person was not there for a later "she" (which then had no one) or
for a speaker's canonical name. docs/entities.md, version 27.

A token is such a mention when it is a proper noun (tag ``NNP``; at the start of a sentence,
any capitalised word the tagger read as an adjective, noun or verb: version 33; anywhere, a
capitalised word it read as a common noun: "12:22 [Surname]:" in a live blog, tagged a plural
noun, version 47) outside every entity (the
tagger's WORK_OF_ART aside, its label for '..." Haddad says': version 31) and no
word of a longer proper name ("Rice University"; a title with a full stop before it may
stand: "Sen. Okafor"), and its text is the last word (or that word without a joined Arabic
article: "Haddad" of "Omar al-Haddad", version 31) of exactly one full PERSON name of the
article's body (two words or more; a headline's "Speedy Python" does not count) and that name
opens with a capital and with a common first name or a word the text never writes in lower
case (the tagger's "Never Trump" beside "Donald Trump" makes two names, and its "macOS
Catalina" is none), no mention of the word alone carries another label (the tagger's "Bolger"
a facility four times: the name keeps the labels it has), the text never writes that word in
lower case as a plain word ("Rice" beside "rice"), and it is no common first name. It becomes a PERSON mention of the surname (the name resolution then gives
it the full name as its canonical form).
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Callable

from .entity_labels import HONORIFICS, NAME_PARTICLES, NOT_A_PERSON_WORDS, Mention
from .entity_roles import ROLE_WORDS
from .given_names import bare_surname, is_given_name


def add_missed_surnames(
    items: list[Mention], docs: list[tuple[int, Any]], words: frozenset[str], skip: Callable[[int, int], bool]
) -> list[Mention]:
    """``items`` with a PERSON mention for each surname token the tagger left out (module
    docstring); ``skip(start, end)``: where no mention is added (headline lines, page furniture)."""
    owners: dict[str, set[str]] = {}
    for _, _, label, name, head, *_ in items:
        parts = name.split()
        if label == "PERSON" and not head and len(parts) >= 2 and parts[-1][:1].isupper():  # not a headline's "Speedy Python"
            owners.setdefault(parts[-1], set()).add(name)
            if bare_surname(parts[-1]) != parts[-1]:
                owners.setdefault(bare_surname(parts[-1]), set()).add(name)  # "Haddad" after "Omar al-Haddad"
    other_kinds = {name for _, _, label, name, *_ in items if label != "PERSON"}  # "Bolger" a FAC elsewhere: left as it is
    surnames = {
        w for w, names in owners.items()
        if len(names) == 1 and _opens_a_name(next(iter(names)), words)  # one full name, and a name: not "Never Trump"
        and w.isalpha() and not is_given_name(w) and w.lower() not in words and w not in other_kinds
    }
    if not surnames:
        return items
    spans = sorted((s, e) for s, e, *_ in items)
    starts = [s for s, _ in spans]
    added: list[Mention] = []
    for offset, doc in docs:
        for tok in doc:
            # the tagger's WORK_OF_ART for a surname after a closing quote mark ('..." Haddad says') is dropped later
            if tok.text not in surnames or not _read_as_name(tok) or tok.ent_type_ not in ("", "WORK_OF_ART") or _in_longer_name(tok):
                continue
            start = offset + tok.idx
            end = start + len(tok.text)
            if skip(start, end):
                continue
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and spans[i][1] > start:
                continue  # inside a mention kept from the tagger (another label, a longer name)
            if i + 1 < len(spans) and spans[i + 1][0] < end:
                continue
            added.append((start, end, "PERSON", tok.text, False, None))
    return sorted(items + added) if added else items


def _read_as_name(tok: Any) -> bool:
    """Tagged a proper noun, a capitalised word the tagger misread at the start of a sentence
    ("Calloway obliges, then sits back down": an adjective there; version 33), or a capitalised
    word it read as a common noun anywhere (version 47)."""
    if tok.tag_ in ("NN", "NNS") and tok.text[:1].isupper() and not tok.text.isupper():
        return True  # "12:22 [Surname]: '...'": a plural noun to the tagger (v47)
    return tok.tag_ == "NNP" or (tok.is_sent_start is True and tok.text[:1].isupper() and tok.pos_ in ("ADJ", "NOUN", "VERB"))


def _in_longer_name(tok: Any) -> bool:
    """The token is a word of a longer proper name ("Rice University", "Lake Okafor"); a title
    with a full stop before it ("Sen. Okafor") does not count."""
    doc = tok.doc
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    before = doc[tok.i - 1] if tok.i > 0 else None
    return (after is not None and after.tag_ in ("NNP", "NNPS")) or (
        before is not None and before.tag_ in ("NNP", "NNPS") and not before.text.endswith(".")
    )


def _opens_a_name(name: str, words: frozenset[str]) -> bool:
    """A full name's first word is a name's: a capital, and a common first name or a word the
    text never writes in lower case (the tagger's "Never Trump", "macOS Catalina" are not)."""
    first = name.split()[0]
    return first[:1].isupper() and (is_given_name(first) or first.lower() not in words)


_HONORIFIC = re.compile(HONORIFICS)  # "President [Surname]" is no first name and a surname (v47)
#: Verbs of saying whose subject, a first name and a capitalised word, is a person named once (v46).
_SAYING = frozenset("say tell add write ask explain insist warn argue claim reply recall".split())
#: Last words of places and buildings named after a person ("Hollin Bridge", "Grace Park"): no full name.
_PLACE_HEADS = frozenset(
    """bridge street road lane avenue park square hall house church chapel school college university hospital station
    river lake bay hill mount mountain island county city town village centre center market farm field fields wood woods
    court gardens green way drive place tower port harbour harbor valley creek beach airport stadium arena museum library
    gallery theatre theater club united rovers athletic""".split()
)


def add_missed_full_names(
    items: list[Mention], docs: list[tuple[int, Any]], words: frozenset[str], skip: Callable[[int, int], bool]
) -> list[Mention]:
    """``items`` with a PERSON mention for each full name the tagger left out ("Ruby Calloway
    arrives at the cafe ..." opening a paragraph, untagged): two proper nouns outside every
    entity and every longer proper name, the first a common first name, the second a word the
    text never writes in lower case and writes alone, capitalised, at least once more (the same
    person named again by surname: "Calloway is enjoying ..."); never on a headline line or page
    furniture (``skip``). Entities version 30; since version 44 also a name named once, right
    after a role word ("Defence lawyer Ana Ruiz", "Coach Ana Ruiz": ``ROLE_WORDS``), and
    since version 46 one named once as the subject of a verb of saying ("Ana Ruiz said"). Since
    version 47 the first word need not be a listed first name when the tagger labelled the
    second a PERSON on its own elsewhere ("[Rare first name] Firth, who has died aged 97," and
    "Firth once told ...") and no full name of the story ends with it ("Team [Surname]" beside
    "[First] [Surname]"): a capitalised word the text never writes in lower case, no title, no
    stop word, no "-ing" word ("Chasing [Surname]")."""
    full = {name.split()[-1] for _, _, label, name, *_ in items if label == "PERSON" and " " in name}
    known = {name for _, _, label, name, *_ in items if label == "PERSON" and " " not in name} - full  # not "Team [Surname]" beside "[First] [Surname]"
    alone: dict[str, int] = {}  # capitalised words written with no proper noun before them
    for _, doc in docs:
        prev = None
        for tok in doc:
            if tok.is_title and tok.is_alpha and (prev is None or prev.tag_ not in ("NNP", "NNPS")):
                alone[tok.text] = alone.get(tok.text, 0) + 1
            prev = tok
    spans = sorted((s, e) for s, e, *_ in items)
    starts = [s for s, _ in spans]
    added: list[Mention] = []
    for offset, doc in docs:
        toks = list(doc)
        for k, (tok, last) in enumerate(zip(toks, toks[1:])):
            if tok.tag_ != "NNP" or last.tag_ != "NNP" or tok.ent_type_ or last.ent_type_:
                continue
            if not is_given_name(tok.text) and not (last.text in known and tok.is_title and tok.is_alpha and tok.lower_ not in words and tok.lower_ not in ROLE_WORDS and not _HONORIFIC.fullmatch(tok.lower_)
                                             and not tok.is_stop and not (len(tok.text) > 5 and tok.lower_.endswith("ing"))):  # not "First [Surname]", "Chasing [Surname]"
                continue  # v47: an unlisted first name before a surname the tagger knows as a person
            before = toks[k - 1] if k > 0 else None
            role = before is not None and before.lower_ in ROLE_WORDS  # "Defence lawyer Ana Ruiz", "Coach Ana Ruiz": once is enough (v44)
            role = role or (last.dep_ == "nsubj" and last.head.lemma_.lower() in _SAYING)  # "Ian Cole said" (v46)
            if not (last.is_title and last.is_alpha and len(last.text) > 2) or last.text.lower() in words or not (alone.get(last.text) or role) or last.lower_ in _PLACE_HEADS:
                continue
            after = toks[k + 2] if k + 2 < len(toks) else None
            if (before is not None and before.tag_ in ("NNP", "NNPS") and not role) or (after is not None and after.tag_ in ("NNP", "NNPS", "POS") and after.text not in ("'s", "\u2019s")):
                continue  # a word of a longer proper name ("Grace Hopper Prize")
            start, end = offset + tok.idx, offset + last.idx + len(last.text)
            i = bisect.bisect_right(starts, start) - 1
            if skip(start, end) or (i >= 0 and spans[i][1] > start) or (i + 1 < len(spans) and spans[i + 1][0] < end):
                continue
            added.append((start, end, "PERSON", f"{tok.text} {last.text}", False, None))
    return sorted(items + added) if added else items


#: Role nouns a person's name may follow in commas ("Their leader, [Name], said"; v45).
_APPOSED_ROLES = ROLE_WORDS | frozenset(
    "leader head boss president mayor senator governor official aide adviser advisor candidate partner friend negotiator campaigner commander".split()
)
#: Last words of organisations' names: "its owner, Atlas Group," is no person (v45): the entities'
#: list of such words (``NOT_A_PERSON_WORDS``) and a few an association or a newspaper has.
_ORG_ENDS = frozenset(w.lower().rstrip(".") for w in NOT_A_PERSON_WORDS) | frozenset("association authority investments news press sports union".split())
#: Roles an organisation may hold ("its owner, [Firm],"): a whole name the tagger tagged as something else stays so.
_HELD_BY_ORGS = frozenset("owner partner founder leader head candidate".split())


def add_apposed_people(items: list[Mention], docs: list[tuple[int, Any]], skip: Callable[[int, int], bool]) -> list[Mention]:
    """``items`` with a PERSON for each name of two to four words (capitalised but for a particle:
    "de", "van der") set off by commas (or a comma and the sentence's end) right after a role
    noun or "one" ("The city's transport chief, [First] [Last], admitted ...", "said one,
    [First] [Last]."): the tagger misses such names when the first name is uncommon and calls
    the surname an ORG, so the role, not the name, spoke, and the bare surname later spoke as
    an organisation. Mentions inside the name (the tagger's ORG surname) give way to it,
    and a whole name the tagger called an organisation or place becomes a person, but not after a
    role an organisation may hold ("its owner, [Name],"); an organisation's name ("its owner,
    Atlas Group,"), headline lines and page furniture (``skip``) are left alone. Entities
    version 45."""
    added: list[tuple[int, int, str, bool]] = []
    for offset, doc in docs:
        for tok in doc:
            role = tok.head
            if tok.dep_ != "appos" or tok.tag_ != "NNP" or not (role.pos_ == "NOUN" and role.lower_ in _APPOSED_ROLES or role.lower_ == "one") or role.i > tok.i:
                continue
            k = tok.i
            while k > role.i + 2 and doc[k - 1].tag_ == "NNP" and doc[k - 1].head.i == tok.i:
                k -= 1
            words = doc[k : tok.i + 1]
            after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if not 2 <= len(words) <= 4 or doc[k - 1].text != "," or k - 2 != role.i or (after is not None and after.text not in (",", ".")):
                continue
            if any(not (w.is_title and w.is_alpha) and not (0 < j < len(words) - 1 and w.text in NAME_PARTICLES) for j, w in enumerate(words)) or tok.lower_ in _ORG_ENDS or tok.lower_ in _PLACE_HEADS:
                continue
            start, end = offset + words[0].idx, offset + tok.idx + len(tok.text)
            if not skip(start, end):
                added.append((start, end, " ".join(w.text for w in words), role.lower_ in _HELD_BY_ORGS))
    if not added:
        return items
    whole = {(m[0], m[1]): m for m in items}
    added = [a for a in added if not (a[3] and (a[0], a[1]) in whole)]  # "its owner, [Name]" the tagger tagged whole: as it is
    out = [m for m in items if not any(s <= m[0] and m[1] <= e and m[2] != "PERSON" for s, e, _, _ in added)]
    for s, e, name, _ in added:
        if not any(m[0] < e and s < m[1] for m in out):
            was = whole[(s, e)][2] if (s, e) in whole else None  # the tagger's ORG "[First] [Last]": relabelled
            out.append((s, e, "PERSON", whole[(s, e)][3] if was else name, False, was))
    return sorted(out)
