"""Named entities from the spaCy parse, each with ``attrs.canonical``: the fullest name the
article uses for the same entity ("Ortega" -> "Maria Ortega", "AP" -> "Associated Press").

Canonical names stay within one spaCy label and one referent: a surname becomes the fullest
PERSON name, never the ORG, FAC or WORK_OF_ART that contains it ("Smith" never becomes
"Smith Tower Hotel"), a NORP never becomes an ORG ("German" never becomes "German
Bundestag"), and a name that two different referents share ("Lee" beside "Tim Lee" and
"Han Lee") stays as written with ``attrs.ambiguous`` and ``attrs.candidates``.

Text the tagger reads badly is read again on a cleaned view with the same character offsets:
lines holding zero-width or bidi control characters (removed in the view, so that
"Mar\\u200bia Ortega" is one PERSON whose span covers the invisible character), and headline
lines in ALL CAPS or Title Case (re-cased in the view from how the article's body writes each
word). Mentions found only in headline lines never serve as the canonical name of others.
A name in lower case takes the article's capitalised spelling, or title case; a lower-case
single word with no capitalised spelling in the article is not kept as a name. A single-word
ORG that is the first or last name of a PERSON in the article ("Hasib" beside "Usman Hasib")
is relabelled PERSON (``attrs.label_was``), and so is an ORG or PRODUCT of two or three
words that opens with a common first name and holds no organisation word ("Carly Vance"
read as a company made every later "Vance" one); a dateline in capitals run into a name
("CITY - Carly Vance") is cut off. One name keeps one label within an article: where
the tagger reads the same name as two kinds ("Dalmere" a PERSON here and a GPE there), every
mention takes the label most of its body mentions carry (ties: the first body mention's;
a one-word name with no full name holding it needs more than half for PERSON), the others keeping
theirs in ``attrs.label_was``. An ORG that runs on into its holder's name ("the Ministry of
Finance Maria Okafor") is split into the office and the person. A title before a person's
name ("Supervisor Maria Okafor", "Deputy Chief Maria Okafor") and an epithet before a name the
article also writes alone ("Crooked Maria Okafor") are no part of the name; a list of one-word
names read as one ("Zotac, Asus and Gigabyte") is one mention per name; a two- or three-word
name that opens with a common first name is PERSON when one body mention says so. A country
or US state the tagger calls a person, an organisation or a nationality is a place
(``place_names``), a social platform it calls a person is an organisation; a list bullet or
number is no part of a name; names inside page furniture other than bylines and captions
(share prompts, newsletter and subscription lines, related links) are the page's, not the
article's, and are left out. The page's own outlet (the publisher stage's name, when that
stage ran first) is an ORG wherever the text names it, and a one-word "person" listed among
companies or products is one of them (``entity_outlets``, version 36). A name written after a
person's title is a person (``entity_titles``), a surname the tagger called a product beside the
full name is the person (``entity_products``), and no name keeps a bracket open
(``entity_names.clean_name``), version 41. A capitalised "Will" or "May" the tagger read as a
modal is a name (``entity_modal_names``), and a person's title opening an ORG mention is cut
off the person's name (``drop_leading_titles``), version 42. The label rules live in ``entity_labels``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Any, Callable, Iterable

from ..article import Article, Span
from ..context import Context
from ..registry import RESOURCE_DOC, stage
from ..settings import Settings
from .entity_kinds import cut_person_tails, drop_ranks, fix_kinds, join_hyphenated_names, join_split_names, relabel_firms, relabel_named_kinds
from .entity_common_words import drop_capitalised_words, drop_common_word_people, drop_headline_words, drop_leading_gerunds, plain_words
from .entity_labels import HONORIFICS, NAME_PARTICLES, SMALL_WORDS, Mention, contains_words, drop_datelines, drop_epithets, drop_leading_titles, join_name_particles, one_label_per_name, relabel_company_names, relabel_given_names, relabel_places, relabel_platforms, relabel_surname_places, relabel_surnames, shrink_headline_mentions, split_name_lists, split_office_holder
from .entity_outlets import mark_outlet, relabel_listed_things
from .entity_surnames import add_apposed_people, add_missed_full_names, add_missed_surnames
from .entity_names import INVISIBLE, clean_name
from .entity_products import relabel_product_surnames
from .entity_titles import relabel_titled_people
from .entity_modal_names import add_modal_names
from .entity_ages import add_aged_people
from .given_names import bare_surname
from .furniture import Covered

#: Labels that name something (their lower-case mentions are suspect); dates, numbers etc. are not.
NAME_LABELS = frozenset("PERSON ORG NORP GPE LOC FAC EVENT WORK_OF_ART PRODUCT LAW LANGUAGE".split())
#: Names listed in ``attrs.candidates`` of an ambiguous mention at most.
MAX_CANDIDATES = 10
#: Characters read again on a cleaned view per article at most (beyond it, the parse stands).
REREAD_CHARS = 10_000
#: Characters of body text sampled for how the article writes each word.
CASE_SAMPLE_CHARS = 200_000
#: Components the re-reading needs no output of.
_NOT_NEEDED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
_COMPANY_SUFFIXES = frozenset("corp corporation inc co ltd llc plc group ag sa gmbh".split())
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", name) if w[0].isupper())


def _subsequence(haystack: list[str], needle: list[str]) -> bool:
    it = iter(haystack)
    return all(any(w == h for h in it) for w in needle)


#: One word with a capital inside it ("TideCorp", "PayQuay"): a brand's own name.
_CAMEL_CASE = re.compile(r"[A-Z][a-z]+[A-Z][A-Za-z]*")


def _words(name: str, person: bool) -> list[str]:
    """A name's words for matching; for a person an Arabic article joined to a word is left
    out ("Omar al-Haddad" holds "Haddad" and "al-Haddad", version 31)."""
    return [_person_word(w) for w in name.split()] if person else name.split()


def _person_word(word: str) -> str:
    """A person's name word for matching: a particle in either case ("De Vries" is "de Vries", v45)."""
    return word.lower() if word.lower() in NAME_PARTICLES else bare_surname(word)


def leads_into(word: str) -> bool:
    """Whether a name's word can come right before another part of the same thing's name:
    capitalised ("Health" of "Regional Health Authority"), not "of", "for", "with" nor a
    possessive ("Bank of Tarrow", "Quill's Python": no "Tarrow", no "Python")."""
    return word[:1].isupper() and not word.endswith(("'s", "\u2019s"))


def _inside_name(owords: list[str], words: list[str]) -> bool:
    """Whether an organisation's (or place's, work's) name holds ``words`` at its start or
    after a word that ``leads_into`` them (version 34)."""
    n = len(words)
    return any(owords[i : i + n] == words and (i == 0 or leads_into(owords[i - 1])) for i in range(len(owords) - n + 1))


def resolve_names(
    mentions: Iterable[tuple[str, str]], *, unreliable: Iterable[tuple[str, str]] = ()
) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """Map each ``(kind, name)`` to ``(canonical, candidates)``.

    The canonical name is the one longest name of the same kind that contains the mention as
    whole words (for persons also with words left out: "Michael Bloomberg" in "Michael R.
    Bloomberg"), or whose capital initials spell it (acronyms of organisations). When two or
    more such names that do not contain each other fit ("Lee": "Tim Lee", "Han Lee"), the
    mention keeps its own name and ``candidates`` lists them (``MAX_CANDIDATES`` at most).

    ``unreliable`` mentions (found only in headline lines, where the tagger often swallows the
    next word: "Ben Carson Defends") never serve as the canonical name of others, and resolve
    to the longest reliable name they contain when there is one.
    """
    by_kind: dict[str, set[str]] = {}
    first: dict[tuple[str, str], int] = {}
    for i, (kind, name) in enumerate(mentions):
        if name:
            by_kind.setdefault(kind, set()).add(name)
            first.setdefault((kind, name), i)
    weak = set(unreliable)
    result: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for kind, names in by_kind.items():
        person = kind.lower() in ("person",)
        trusted = [n for n in names if (kind, n) not in weak] or sorted(names)
        ordered = sorted(trusted, key=lambda n: (-len(n.split()), -len(n), n))
        # names by word, in ``ordered`` order: a name can only hold names that share its words
        by_word: dict[str, list[str]] = {}
        for n in ordered:
            for w in dict.fromkeys(_words(n, person)):
                by_word.setdefault(w, []).append(n)

        def pool(words: list[str]) -> list[str]:
            words = [_person_word(w) for w in words] if person else words
            return min((by_word.get(w, []) for w in words), key=len) if words else []

        def holds(other: str, words: list[str], name: str | None = None) -> bool:
            owords = _words(other, person)
            words = [_person_word(w) for w in words] if person else words
            if len(owords) <= len(words):
                return False
            # a one-word brand in camel case ("TideCorp") is its own name, not "the TideCorp Store"
            if name is not None and not person and (first[(kind, other)] > first[(kind, name)] or (len(words) == 1 and _CAMEL_CASE.fullmatch(words[0]))):
                # a short name before the long one is its own thing ("House" ... "House Freedom
                # Caucus"), unless the long one only adds a company suffix ("Microsoft Corp")
                return owords[:-1] == words and owords[-1].rstrip(".").lower() in _COMPANY_SUFFIXES
            if not person:  # "Congress" is not "the Library of Congress", nor "Python" "Quill's Python" (version 34)
                return _inside_name(owords, words)
            return contains_words(owords, words) or (len(words) > 1 and _subsequence(owords, words))

        # the fullest names: those no longer trusted name holds
        maximal_set = {n for n in ordered if not any(holds(o, n.split()) for o in pool(n.split()) if o != n)}
        for name in names:
            best = name
            if (kind, name) in weak:
                near = {o for w in name.split() for o in by_word.get(w, ())}
                inside = [o for o in ordered if o in near and o != name and contains_words(name.split(), o.split())]
                if inside:
                    best = inside[0]
            if person:
                fits = [m for m in pool(best.split()) if m != best and m in maximal_set and holds(m, best.split())]
            else:
                held = [o for o in pool(best.split()) if o != best and holds(o, best.split(), name)]
                fits = [m for m in held if not any(holds(o, m.split(), m) for o in held if o != m)]
            candidates: list[str] = []
            if len(fits) == 1:
                best = fits[0]
            elif len(fits) > 1:
                candidates = sorted(fits)[:MAX_CANDIDATES]
            elif kind.lower() == "org" and len(best.split()) > 1 and best.split()[-1].isupper():
                # "California ISO" -> "California Independent System Operator"
                head, acro = best.split()[:-1], best.split()[-1]
                spelled = [o for o in ordered if o.split()[: len(head)] == head and first[(kind, o)] < first[(kind, name)]
                           and _acronym(" ".join(o.split()[len(head) :])) == acro]
                if len(spelled) == 1:
                    best = spelled[0]
            elif kind.lower() == "org" and len(best.split()) == 1 and best.isupper() and len(best) >= 2:
                spelled = [o for o in ordered if o != best and _acronym(o) == best and first[(kind, o)] < first[(kind, name)]]
                if len(spelled) == 1:
                    best = spelled[0]
                elif len(spelled) > 1:
                    candidates = sorted(spelled)
            result[(kind, name)] = (best, candidates)
    return result


def canonical_names(
    mentions: Iterable[tuple[str, str]], *, unreliable: Iterable[tuple[str, str]] = ()
) -> dict[tuple[str, str], str]:
    """Map each ``(kind, name)`` to its canonical name (see ``resolve_names``)."""
    return {k: v[0] for k, v in resolve_names(mentions, unreliable=unreliable).items()}


# -- headline and invisible-character lines ----------------------------------------------------


def _line_at(text: str, start: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return text[line_start : line_end if line_end != -1 else len(text)]


def _title_case_line(text: str, start: int) -> bool:
    """Whether the line around ``start`` is headline-cased (most longer words capitalised)."""
    return _headline(_line_at(text, start))


def _headline(line: str, first: bool = False) -> bool:
    """Title Case or ALL CAPS: most longer words capitalised and no sentence end; the text's
    first line may end with a full stop when nearly all its longer words are capitalised
    ("Port Authority Accused Of Hiding Storm Damage.", version 40)."""
    line = INVISIBLE.sub("", line)
    stop = line.rstrip().endswith((".", ".\"", ".\u201d", ":"))
    if stop and (not first or line.rstrip().endswith(":")):
        return False  # a sentence, not a headline
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", line) if len(w) > 3]
    if stop:
        return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.85 * len(words)
    if len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.7:
        return True
    letters = [c for c in line if c.isalpha()]
    return len(re.findall(r"[A-Za-z]{2,}", line)) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _short_title_case(line: str) -> bool:
    """Every word of four letters or more capitalised (a two-word "Speedy Python" too)."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", line) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


class BodyCase:
    """How the article's non-headline text writes each word (mid-sentence), for re-casing."""

    def __init__(self, text: str, headline_spans: list[tuple[int, int]]) -> None:
        self.lower: Counter[str] = Counter()
        self.capital: Counter[str] = Counter()
        self.acronyms: set[str] = set()
        pos, left = 0, CASE_SAMPLE_CHARS
        for a, b in headline_spans + [(len(text), len(text))]:
            if left <= 0:
                break
            chunk = text[pos : min(a, pos + left)]
            self._count(chunk)
            left -= len(chunk)
            pos = b

    def _count(self, body: str) -> None:
        for m in _WORD.finditer(body):
            w = m.group()
            before = body[max(0, m.start() - 8) : m.start()].rstrip(" \t\"'\u201c\u2018(")
            if w.isupper() and len(w) > 1:
                self.acronyms.add(w)
            elif w.islower():
                self.lower[w] += 1
            elif before and before[-1] not in ".!?:\n":
                self.capital[w.lower()] += 1

    def recase(self, line: str) -> str:
        """``line`` with each word cased as the body writes it (same length, same offsets)."""
        out = list(line)
        first = True
        for m in _WORD.finditer(line):
            w = m.group()
            lw = w.lower()
            if w in self.acronyms:
                new = w
            elif self.capital[lw] > self.lower[lw] or (not self.lower[lw] and lw not in SMALL_WORDS):
                new = w[0].upper() + w[1:].lower() if w.isupper() else w
            else:
                new = lw
            if first:
                new = new[0].upper() + new[1:]
                first = False
            if len(new) == len(w):
                out[m.start() : m.end()] = new
        return "".join(out)


def _visible_view(segment: str) -> tuple[str, list[int]]:
    """``segment`` without invisible characters, and each kept character's index in it."""
    keep = [i for i, ch in enumerate(segment) if not INVISIBLE.match(ch)]
    return "".join(segment[i] for i in keep), keep


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def reread_lines(
    text: str, nlp: Any, headlines: list[tuple[int, int]], budget: int = REREAD_CHARS
) -> tuple[list[tuple[int, int, str, bool]], list[tuple[int, int]]]:
    """Entities of the ``headlines`` lines and of the lines holding invisible characters, read
    on a cleaned view: ``([(start, end, label, headline)], [(line_start, line_end) read again])``."""
    invisible: list[tuple[int, int]] = []
    line_end = -1
    for m in INVISIBLE.finditer(text):
        if m.start() < line_end:
            continue  # this line is in already
        start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.start())
        line_end = len(text) if line_end == -1 else line_end
        invisible.append((start, line_end))
        if len(invisible) > 1000:
            break
    chosen = sorted(set(headlines) | set(invisible))
    if not chosen:
        return [], []
    taken, used = [], 0
    for a, b in chosen:
        if used + (b - a) > budget:
            continue
        taken.append((a, b))
        used += b - a
    heads = set(headlines)
    case = BodyCase(text, headlines) if heads & set(taken) else None
    views = []
    for a, b in taken:
        view, keep = _visible_view(text[a:b])
        if case is not None and (a, b) in heads:
            view = case.recase(view)
        views.append((a, view, keep, (a, b) in heads))
    found: list[tuple[int, int, str, bool]] = []
    with nlp.select_pipes(disable=[p for p in _NOT_NEEDED if p in nlp.pipe_names]):
        docs = list(nlp.pipe(v for _, v, _, _ in views))
    for (a, _, keep, head), doc in zip(views, docs):
        for ent in doc.ents:
            found.append((a + keep[ent.start_char], a + keep[ent.end_char - 1] + 1, ent.label_, head))
    return found, taken


# -- the stage -----------------------------------------------------------------------------


#: Furniture whose names belong to the article (its byline's author, a caption's people);
#: names in other furniture (share prompts, newsletters, related links) are the page's.
_CONTENT_FURNITURE = frozenset({"byline", "caption"})
#: A list's number run into the name after it ("3.Charlotte Jones", "12) Tomas Brandt").
_LIST_NUMBER = re.compile(r"\d{1,3}[.)]\s*(?=[A-Z][a-z])")
#: List bullets the tagger takes into a name at the start of a line ("• Embiid").
_BULLETS = "\u2022\u00b7\u25aa\u25ba\u2023\u25e6\u25cf*"
_TRAILING_MARKS = "-|\u2013\u2014"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and (text[end - 1].isspace() or INVISIBLE.match(text[end - 1])
                           or (text[end - 1] in _TRAILING_MARKS and text[end - 2 : end - 1].isspace())):
        end -= 1  # "Dana Quill -" before a page's name: the dash is the title's, not the name's
    while start < end and (text[start].isspace() or INVISIBLE.match(text[start]) or text[start] in _BULLETS):
        start += 1
    numbered = _LIST_NUMBER.match(text, start, end)  # "3.Charlotte Jones": a list's number run into the name
    if numbered:
        start = numbered.end()
    return start, end


def _fix_case(label: str, name: str, cased: dict[tuple[str, str], str]) -> tuple[str | None, bool]:
    """``(name, unreliable)`` for a lower-case or ALL CAPS mention; None drops it."""
    if label not in NAME_LABELS or not any(c.isalpha() for c in name):
        return name, False
    if name == name.lower():
        known = cased.get((label, name.casefold()))
        if known:
            return known, False
        return (name.title(), True) if len(name.split()) > 1 else (None, True)
    if name == name.upper() and (len(name.split()) > 1 or len(name) > 5):
        known = cased.get((label, name.casefold()))
        if known or len(name.split()) > 1 or label in ("PERSON", "GPE", "LOC", "NORP", "FAC"):
            return known or name.title(), True
        return name, False  # one capitalised word of an organisation or a work: a brand's own spelling
    return name, False


def find_entities(article: Article, docs: list[tuple[int, Any]], nlp: Callable[[], Any] | None = None) -> list[Span]:
    """The ``entities`` spans of ``article`` from its parse ``docs``; ``nlp`` (a function that
    returns the spaCy pipeline) re-reads headline lines and lines with invisible characters."""
    text = article.text
    found: list[tuple[int, int, str, bool]] = []
    for offset, doc in docs:
        for ent in doc.ents:
            found.append((offset + ent.start_char, offset + ent.end_char, ent.label_, False))
    line_spans = [(a, b) for a, b in _lines(text) if b > a]
    title = " ".join(str(article.meta.get("title") or "").split()).lower()
    # Title Case lines, and a first line in Title Case too short for that test when it repeats
    # the article's title ("Speedy Python")
    headlines = [(a, b) for k, (a, b) in enumerate(line_spans) if _headline(text[a:b], k == 0) or (k == 0 and title and _short_title_case(text[a:b]) and " ".join(text[a:b].split()).lower() == title)]
    heads = {a for a, _ in headlines}
    line_starts = [a for a, _ in line_spans]

    def in_headline(at: int) -> bool:
        """Whether offset ``at`` (inside a non-empty line) lies on a headline line."""
        k = bisect.bisect_right(line_starts, at) - 1
        return k >= 0 and line_spans[k][0] in heads

    if nlp is not None and (headlines or INVISIBLE.search(text)):
        again, reread = reread_lines(text, nlp(), headlines)
        if reread:
            starts = [a for a, _ in reread]

            def in_reread(s: int, e: int) -> bool:
                i = bisect.bisect_right(starts, e - 1) - 1
                return i >= 0 and reread[i][1] > s

            found = [f for f in found if not in_reread(f[0], f[1])] + again
    raw: list[tuple[int, int, str, str, bool]] = []
    chrome = Covered(s for s in article.layer("furniture") if s.label not in _CONTENT_FURNITURE)
    for start, end, label, head in sorted(found):
        start, end = _trim(text, start, end)
        if label == "PERSON":  # "Walker's Greensboro-area": the name ends at the possessive
            cut = re.search(r"['\u2019]s\s", text[start:end])
            if cut and cut.start() > 0:
                end = start + cut.start()
        if end <= start or chrome(start, end):  # "Subscribe now to ...": the page's, not the story's
            continue
        head = head or in_headline(start)
        raw.append((start, end, label, clean_name(text[start:end]), head))
    # capitalised spellings of each (label, name), from reliable lines first
    cased: dict[tuple[str, str], str] = {}
    for _, _, label, name, head in sorted(raw, key=lambda r: r[4]):
        if name != name.lower() and name != name.upper():
            cased.setdefault((label, name.casefold()), name)
    fixed: list[Mention] = []
    for start, end, label, name, head in raw:
        new, weak = _fix_case(label, name, cased)
        if new is not None:
            fixed.append((start, end, label, new, head or weak, None))
    words = plain_words(text)  # the text's lower-case words, read once for both drops below
    fixed = join_split_names(text, fixed)  # "the Harbour Agency for" + "Coastal Development"
    fixed = shrink_headline_mentions(text, relabel_surname_places(text, relabel_surnames(relabel_platforms(relabel_places(relabel_given_names(relabel_titled_people(text, relabel_company_names(split_office_holder(text, join_hyphenated_names(text, join_name_particles(text, split_name_lists(text, drop_epithets(text, drop_leading_titles(text, drop_capitalised_words(text, cut_person_tails(text, drop_ranks(text, drop_datelines(text, fixed))), words)))))))))))))))
    fixed = drop_headline_words(text, fixed, words, line_spans[0][1] if line_spans else 0)  # "Readers: Fixing ferries | Recount costs"
    fixed = relabel_firms(text, relabel_listed_things(text, relabel_named_kinds(fix_kinds(drop_common_word_people(text, drop_leading_gerunds(text, fixed), words)))))
    outlet = article.signals.get("publisher")
    if isinstance(outlet, dict) and isinstance(outlet.get("name"), str):  # the page's own outlet (version 36)
        fixed = mark_outlet(text, fixed, outlet["name"], words, chrome, in_headline)
    body_only = lambda s, e: chrome(s, e) or in_headline(s)  # noqa: E731  (no headline line, no furniture)
    # a full name the tagger missed makes its surname's mentions read as an organisation the person's (version 32); "Okafor, 48," (43)
    fixed = add_missed_surnames(relabel_product_surnames(relabel_surnames(add_apposed_people(add_missed_full_names(add_aged_people(text, one_label_per_name(fixed), docs, body_only), docs, words, body_only), docs, body_only)), words), docs, words, body_only)
    fixed = add_modal_names(fixed, docs, body_only)  # '"...," Will wrote' (version 42)
    keys = [(label, name) for _, _, label, name, _, _ in fixed]
    weak_keys = {k for k, f in zip(keys, fixed) if f[4]} - {k for k, f in zip(keys, fixed) if not f[4]}
    names = resolve_names(keys, unreliable=weak_keys)
    spans = []
    for (start, end, label, name, head, was), key in zip(fixed, keys):
        canon, candidates = names.get(key, (name, []))
        attrs: dict[str, Any] = {"canonical": canon or name}
        if candidates:
            attrs["ambiguous"] = True
            attrs["candidates"] = candidates
        if was:
            attrs["label_was"] = was
        spans.append(Span(start, end, label, attrs=attrs))
    return spans


def _entities_stage(settings: Settings):
    def nlp() -> Any:
        from .parse import load_spacy

        return load_spacy(settings.spacy_model)

    def run(article: Article, ctx: Context) -> None:
        end = ctx.analysed_text_end  # headline lines past a long text's cut are not analysed either
        article.with_layer("entities", [e for e in find_entities(article, ctx.docs, nlp) if e.start < end])

    return run


@stage("entities", version="47", requires=(RESOURCE_DOC,), assigns=("entities",), languages=("en",))
def make_entities(settings: Settings):
    """Named entities (spaCy OntoNotes labels) with the article's fullest name for each."""
    return _entities_stage(settings)
