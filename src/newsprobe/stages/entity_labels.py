"""How the entities stage settles the label of each mention: an office joined to its holder
("the Ministry of Finance Maria Okafor") split in two, a one-word ORG that is a person's first
or last name made PERSON, a headline mention cut down to the name the body uses, a title or an
epithet before a person's name left out of it, a list of names read as one name split, and one
label per name within an article."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from .entity_roles import ROLE_WORDS
from .given_names import bare_surname, is_given_name
from .parse import TITLES_BEFORE_NAMES
from .place_names import PLACE_NAMES

#: Titles before a name ("Mr.", "Senator", "Mayor"), as a regular-expression alternation.
HONORIFICS = (
    r"mr|mrs|ms|miss|dr|prof|sen|senator|rep|gov|governor|gen|col|capt|lt|sgt|rev|sir|dame|supt|"
    r"superintendent|congressman|congresswoman|president|mayor|judge|justice|honourable|honorable|taoiseach|t[a\u00e1]naiste|"
    # the parse stage's abbreviated titles, some of them words too ("Det", "Comm", "Fr"): only with their stop (version 35)
    + "|".join(re.escape(word.lower()) for word in sorted(TITLES_BEFORE_NAMES))
)


SMALL_WORDS = frozenset("a an the of in on at to for and or but by with from as is are was be vs via".split())
#: A mention while the stage works on it: start, end, label, name, from a headline line, old label.
Mention = tuple[int, int, str, str, bool, str | None]


def contains_words(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def shrink_headline_mentions(text: str, items: list[Mention]) -> list[Mention]:
    """A headline mention that holds a name the body uses ("Ben Carson Defends" holding "Ben
    Carson") is cut down to that name, so that a headline word never joins an entity."""
    trusted: dict[str, list[str]] = {}
    for _, _, label, name, head, _ in items:
        if not head:
            trusted.setdefault(label, []).append(name)
    out = []
    for start, end, label, name, head, was in items:
        if head and name not in trusted.get(label, ()):
            inside = sorted((t for t in trusted.get(label, ()) if contains_words(name.split(), t.split())), key=len)
            m = re.search(r"(?<!\w)" + re.escape(inside[-1]) + r"(?!\w)", text[start:end]) if inside else None
            if m:
                start, end, name = start + m.start(), start + m.end(), inside[-1]
        out.append((start, end, label, name, head, was))
    return out


#: A dateline the tagger ran into the name after it: "CLEVELAND - Ana Ruiz", "KYIV — Ana Ruiz".
_DATELINE = re.compile(r"^[A-Z][A-Z.']+(?:[ ,]+[A-Z][A-Z.']+)*,?\s+[-\u2013\u2014]+\s+(?=\S)")


def drop_datelines(text: str, items: list[Mention]) -> list[Mention]:
    """A mention that opens with a dateline in capitals and a dash ("CLEVELAND - Ana Ruiz")
    keeps only what follows the dash: the city is no part of the name (every later "Ruiz"
    took "CLEVELAND - Ana Ruiz" as its full name)."""
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        m = _DATELINE.match(text[start:end])
        if m is None or start + m.end() >= end:
            out.append((start, end, label, name, head, was))
            continue
        rest = start + m.end()
        out.append((rest, end, label, " ".join(text[rest:end].split()), head, was))
    return out




def _title_word(word: str) -> bool:
    """A capitalised role word, also joined by hyphens ("Secretary-Treasurer", "Vice-Chair"), or a
    role a sentence opens with ("Organiser [First] [Last] said": version 47)."""
    return word[:1].isupper() and all(part.lower() in ROLE_WORDS for part in word.rstrip(".").split("-"))


def _a_name(words: list[str]) -> bool:
    """Two to four capitalised words, the first a common first name ("Ana Ruiz", "Ana M. Ruiz")."""
    return 2 <= len(words) <= 4 and is_given_name(words[0]) and all(w[:1].isupper() for w in words)


def name_after_title(name: str) -> str:
    """The person's name after the last title word of a name phrase ("Harbour Dock Workers
    Treasurer Ana Ruiz": Ana Ruiz) when ``_a_name`` holds for it; else the phrase."""
    words = name.split()
    k = next((k for k in range(len(words) - 3, -1, -1) if _title_word(words[k])), None)
    return " ".join(words[k + 1 :]) if k is not None and _a_name(words[k + 1 :]) else name


def drop_leading_titles(text: str, items: list[Mention]) -> list[Mention]:
    """A PERSON (or ORG: v42) mention that opens with role words written as a title ("Treasurer Ana Ruiz",
    "Deputy Chief Ana Ruiz") starts at the name: the role is no part of it (every later "Ruiz"
    took "Treasurer Ana Ruiz" as the full name). Only when two to four capitalised words follow,
    the first a common first name; "Chief Keef" or "Captain Marvel" stay whole."""
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        words = name.split()
        k = 0
        while label in ("PERSON", "ORG") and k < len(words) - 2 and _title_word(words[k]):  # the tagger's ORG "Nurse [Name]" (v42)
            k += 1
        rest = words[k:]
        m = None
        if k and _a_name(rest) and (label == "PERSON" or not any(w in NOT_A_PERSON_WORDS for w in rest)):
            m = re.search(r"(?<!\w)" + re.escape(rest[0]) + r"(?!\w)", text[start:end])
        if m is None:
            out.append((start, end, label, name, head, was))
            continue
        out.append((start + m.start(), end, "PERSON", " ".join(rest), head, was if label == "PERSON" else was or label))
    return out


_WORD = re.compile(r"\w[\w'\u2019-]*")


def _written_alone(text: str) -> Callable[[str, list[str]], bool]:
    """A test of whether ``text`` writes a name (its words) somewhere without a given word
    right before it. The text's words are indexed by pairs once (linear), so that an article
    of thousands of names costs no scan of the text per name."""
    words = [m.group() for m in _WORD.finditer(text)]
    pairs: dict[tuple[str, str], list[int]] = {}
    for n in range(len(words) - 1):
        pairs.setdefault((words[n], words[n + 1]), []).append(n)

    def alone(before: str, name: list[str]) -> bool:
        name = [w.rstrip(".") for w in name]
        for n in pairs.get((name[0], name[1]), ()):
            if words[n : n + len(name)] == name and (n == 0 or words[n - 1] != before):
                return True
        return False

    return alone


def drop_epithets(text: str, items: list[Mention]) -> list[Mention]:
    """A PERSON mention that is a word or two before a full name the article also writes on its
    own ("Crooked Ana Ruiz", and "Ana Ruiz" elsewhere) starts at that name: a nickname or
    epithet is no part of anyone's name, and the longest spelling would otherwise become the
    canonical name of every later "Ruiz". Not when a word before is a first name or an initial
    ("J. Ana Ruiz"), and not when the article never writes the name alone ("Norbert Leo Butz"
    every time)."""
    out: list[Mention] = []
    alone: Callable[[str, list[str]], bool] | None = None
    seen: dict[tuple[str, str], bool] = {}
    for start, end, label, name, head, was in items:
        words = name.split()
        m, rest = None, words
        for k in (1, 2) if label == "PERSON" else ():
            rest = words[k:]
            if not _a_name(rest) or any(is_given_name(w) or w.endswith(".") or len(w) < 3 for w in words[:k]):
                continue
            key = (words[k - 1], " ".join(rest))
            if key not in seen:
                alone = alone or _written_alone(text)
                seen[key] = alone(key[0], rest)
            if seen[key]:
                m = re.compile(r"(?<!\w)" + re.escape(key[1]) + r"(?!\w)").search(text, start, end)
                break
        if m is None:
            out.append((start, end, label, name, head, was))
            continue
        out.append((m.start(), end, label, " ".join(rest), head, was))
    return out


#: What joins the names of a list read as one name: a comma (and "and"), or "and"; never "&" ("Lord & Taylor").
_LIST_JOIN = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
#: One capitalised name word ("Zotac", "MySQL", "USB-C").
_ONE_NAME = re.compile(r"[A-Z][\w.+-]*")


def split_name_lists(text: str, items: list[Mention]) -> list[Mention]:
    """An ORG, PRODUCT or GPE mention that is a list of one-word names ("Zotac, Asus and
    Gigabyte", "Facebook, Instagram") becomes one mention per name: the tagger joined a list,
    and the list was then one organisation. Not after "of" ("the Ministry of Industry, Trade and
    Commerce"), not with a company word ("Quay Global, Inc."), and only with a comma in it."""
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        written = text[start:end]
        parts, at = [], 0
        if label in ("ORG", "PRODUCT", "GPE") and "," in written and not text[max(0, start - 4) : start].lower().endswith("of "):
            for sep in _LIST_JOIN.finditer(written):
                parts.append((at, sep.start()))
                at = sep.end()
            parts.append((at, len(written)))
        words = [written[a:b] for a, b in parts]
        if len(parts) < 2 or not all(_ONE_NAME.fullmatch(w) and w not in COMPANY_WORDS and w.rstrip(".") not in COMPANY_WORDS for w in words):
            out.append((start, end, label, name, head, was))
            continue
        out.extend((start + a, start + b, label, w, head, was) for (a, b), w in zip(parts, words))
    return out


def split_office_holder(text: str, items: list[Mention]) -> list[Mention]:
    """An ORG mention that runs on into a person's name ("the Ministry of Finance Maria
    Okafor": the tagger joins an office and its holder) becomes the office (ORG) and the
    person (PERSON). The name must open with a common first name, come after the office's
    "of" phrase and be two or three capitalised words."""
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        words = name.split()
        cut = None
        if label == "ORG" and "of" in words[:-3]:
            of = words.index("of")
            for i in range(len(words) - 3, len(words) - 1):
                if i > of + 1 and words[i][:1].isupper() and words[i].lower() not in SMALL_WORDS and is_given_name(words[i]) and words[i].isalpha():
                    if all(w[:1].isupper() and w.lower() not in SMALL_WORDS for w in words[i:]):
                        cut = i
                        break
        m = re.search(r"(?<!\w)" + re.escape(words[cut]) + r"\s", text[start:end]) if cut is not None else None
        if cut is None or m is None:
            out.append((start, end, label, name, head, was))
            continue
        at = start + m.start()
        o_end = at
        while o_end > start and text[o_end - 1].isspace():
            o_end -= 1
        out.append((start, o_end, "ORG", " ".join(words[:cut]), head, was))
        out.append((at, end, "PERSON", " ".join(words[cut:]), head, was or "ORG"))
    return out


#: Lower-case words inside family names ("Ursula von der Leyen", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset("von van der den de da di du del della des la le ter ten zu bin ibn al".split())
_NEXT_NAME_WORD = re.compile(r" ((?:(?:%s) )*[A-Z][\w'\u2019-]*)" % "|".join(sorted(NAME_PARTICLES)))
_GIVEN_BEFORE = re.compile(r"([A-Z][a-z]+) $")


def join_name_particles(text: str, items: list[Mention]) -> list[Mention]:
    """A PERSON mention that ends on a name particle ("Klaus von", the tagger's cut) takes the
    words right after it up to a capitalised one ("der Heyde"), and a mention of those words
    goes away: it was the rest of the name, not a place. One that opens on a particle ("van der
    Berg") takes a common first name right before it ("Annika")."""
    out: list[Mention] = []
    skip_to = -1
    for start, end, label, name, head, was in sorted(items):
        if start < skip_to:
            continue
        words = name.split()
        before = _GIVEN_BEFORE.search(text, max(0, start - 30), start) if label == "PERSON" and words[0] in NAME_PARTICLES else None
        if before is not None:  # "Annika" (a common first name, or read as NORP / ORG / GPE) "van der Berg"
            misread = bool(out) and out[-1][:2] == (before.start(), start - 1) and out[-1][2] in ("NORP", "ORG", "GPE")
            if misread or is_given_name(before.group(1)):
                while out and out[-1][1] > before.start():
                    out.pop()
                start, name = before.start(), f"{before.group(1)} {name}"
        nxt = _NEXT_NAME_WORD.match(text, end) if label == "PERSON" and len(words) > 1 and words[-1].lower() in NAME_PARTICLES else None
        if nxt is not None:
            written = " ".join(text[start : nxt.end()].split())  # "von der Leyen" as written, not "Von Der"
            end, skip_to = nxt.end(), nxt.end()
            name = written if written.lower() == f"{name} {nxt.group(1)}".lower() else f"{name} {nxt.group(1)}"
        out.append((start, end, label, name, head, was))
    return out


def person_name_words(items: list[Mention]) -> set[str]:
    """The first and last words of the full (two words or more) PERSON names that no headline
    alone gives: "Vane" and "Ilsa" for "Ilsa Vane"."""
    return {w for _, _, label, name, head, _ in items if label == "PERSON" and not head and " " in name
            for w in (name.split()[0], name.split()[-1], bare_surname(name.split()[-1]))}


def relabel_surnames(items: list[Mention]) -> list[Mention]:
    """A one-word ORG (or the tagger's WORK_OF_ART, as for a surname after a closing quote mark:
    '..." Haddad says', version 31) that is the first or last name of a reliable PERSON becomes
    PERSON, unless a longer ORG of the article holds the word ("Ford" beside "Ford Motor", "Harwick"
    beside "Bank of Harwick"; since version 44 not as the last of two capitalised words run
    together: the tagger's "the Washington Post Trump" had kept thirteen "Trump" ORGs)."""
    person_words = person_name_words(items)
    particled = {" ".join(w[1:]).lower() for _, _, label, name, _, _ in items if label == "PERSON" and len(w := name.split()) >= 3 and w[1] in NAME_PARTICLES}
    orgs = [name.split() for _, _, label, name, _, _ in items if label == "ORG" and len(name.split()) > 1 and _written_as_a_name(name)]
    org_words = {w for words in orgs for w in (words if words[-2] in _NAME_GLUE else words[:-1])}  # "Washington Post [Surname]": not the surname (v44)
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        if label in ("ORG", "WORK_OF_ART") and ((" " not in name and not name.isupper() and name in person_words and name not in org_words) or name.lower() in particled):
            out.append((start, end, "PERSON", name, head, label))  # also "De Vries" of "Jan de Vries" (v45)
        else:
            out.append((start, end, label, name, head, was))
    return out


#: Words before a place name ("in Brandt", "from Kent"): such a mention stays a place.
_PLACE_PREPOSITIONS = frozenset("in at from to of near into across outside inside around through toward towards via".split())


def relabel_surname_places(text: str, items: list[Mention]) -> list[Mention]:
    """A one-word place mention (GPE, LOC) that is the first or last name of a reliable PERSON
    becomes PERSON ("Brandt, who boasts ..." read as a place beside "Tomas Brandt"), unless it is
    a country or US state (``place_names``) or follows a preposition of place ("in Kent"). Only
    the last word of a full name counts, and only of a name that opens with a common first name
    or with a word the article never gives alone as a place or organisation: "Charlotte" of the
    tagger's "Charlotte Mayor A B" or "Orlando" of "Orlando Sentinel" stay places. A name that
    opens with no common first name must also name the person at least half as often as its last
    word stands alone as a place ("Linux" six times beside one "Kali Linux" the tagger called a
    person stays what it is), and no word of a longer name of another kind counts ("Linux" of
    "Docker Desktop for Linux")."""
    places = {name for _, _, label, name, _, _ in items if label in ("GPE", "LOC", "ORG", "NORP", "FAC") and " " not in name}
    # a word inside a longer name of another kind ("Docker Desktop for Linux") names a thing
    in_names = {w.strip(",") for _, _, label, name, _, _ in items if label != "PERSON" and " " in name for w in name.split()}
    person_words: set[str] = set()
    first_named: set[str] = set()
    for _, _, label, name, head, _ in items:
        words = name.split()
        if (label == "PERSON" and not head and len(words) >= 2 and words[0].isalpha() and words[-1] not in in_names
                and (is_given_name(words[0]) or words[0] not in places)):
            person_words.update((words[-1], bare_surname(words[-1])))  # "Haddad" of "Omar al-Haddad"
            if is_given_name(words[0]):
                first_named.update((words[-1], bare_surname(words[-1])))
    out: list[Mention] = []

    def candidate(start: int, label: str, name: str) -> bool:
        before = text[max(0, start - 12) : start].split()
        return (label in ("GPE", "LOC") and " " not in name and not name.isupper() and name in person_words
                and name.lower() not in PLACE_NAMES and not (before and before[-1].lower() in _PLACE_PREPOSITIONS))

    wanted = Counter(name for start, _, label, name, _, _ in items if candidate(start, label, name))
    people = Counter(bare_surname(name.split()[-1]) for _, _, label, name, _, _ in items if label == "PERSON" and bare_surname(name.split()[-1]) in wanted)
    for start, end, label, name, head, was in items:
        if candidate(start, label, name) and (name in first_named or people[name] * 2 >= wanted[name]):
            out.append((start, end, "PERSON", name, head, was or label))
        else:
            out.append((start, end, label, name, head, was))
    return out


#: Small words a name may hold in lower case ("Bank of America", "Procter & Gamble").
_NAME_GLUE = frozenset("of the and for & de du la le von van der".split())


def _written_as_a_name(name: str) -> bool:
    """Whether every word of a name is capitalised or small glue ("Ford Motor", "Bank of
    America"); not a run of prose the tagger swept in ("Vance its Tree of Life")."""
    return all(w[:1].isupper() or w[:1].isdigit() or w in _NAME_GLUE for w in name.split())


#: Last words that make a name a business, not a person ("Paul Hendry Footwear", "Dunmore
#: Apparel", "Halvorsen Holdings"): spaCy often reads a founder's name with its trade as a PERSON.
COMPANY_WORDS = frozenset(
    """Footwear Apparel Fashions Clothing Group Inc Inc. Corp Corp. Corporation LLC Ltd Ltd. Co. PLC
    Holdings Industries Technologies Pharmaceuticals Foods Motors Airlines Airways Entertainment
    Enterprises Brands Partners Associates Ventures Capital Systems Solutions Studios Labs
    Laboratories Media Communications Networks Hotels Resorts Realty Properties Insurance Bancorp
    Foundation Publishing Productions Records Company Builders Construction Logistics Freight Shipping
    Marine Mining Energy Steel Chemicals Petroleum Telecom Pharma Electronics Software Farms""".split()
)


#: A business word glued to the end of one capitalised word ("FoodCorp", "HarbourBank", "QuayLabs").
_GLUED_COMPANY = re.compile(r"^[A-Z][a-z]+(?:Corp|Group|Bank|Labs|Holdings|Industries|Systems|Media|Foods|Motors|Airlines|Capital)$")


def relabel_company_names(items: list[Mention]) -> list[Mention]:
    """A PERSON name of two or more words that ends in a business word (``COMPANY_WORDS``)
    becomes ORG: "she" never points back to "Paul Hendry Footwear". So does a PRODUCT or
    WORK_OF_ART name ending in one, or one word with a business word glued on ("FoodCorp
    claims ...": spaCy reads it as a product, and a product never speaks)."""
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        words = name.split()
        business = bool(words) and (words[-1] in COMPANY_WORDS and len(words) > 1 or bool(_GLUED_COMPANY.match(words[-1])))
        if label in ("PERSON", "PRODUCT", "WORK_OF_ART") and business:
            out.append((start, end, "ORG", name, head, was or label))
        else:
            out.append((start, end, label, name, head, was))
    return out


#: Words that keep a name an organisation, a place or a thing even after a common first name
#: ("Henry Ford Hospital", "Grace Church", "Victoria Station", "Jack Daniels Distillery").
NOT_A_PERSON_WORDS = COMPANY_WORDS | frozenset(
    """Hospital Church College University School Institute Center Centre Station Street Avenue Road
    Bridge Park Hall House Museum Library Stadium Arena Airport Prize Award Fund Trust Society
    Club Party Council Committee Commission Agency Bureau Department Ministry Office Project Act
    Bank Store Stores Restaurant Cafe Bar Brewery Distillery Hotel Theatre Theater Show""".split()
)


#: Words of place names that open with a first name ("Virginia Beach", "Elizabeth City").
_PLACE_WORDS = frozenset(
    """Beach City County Falls Springs Valley Heights Hills Island Islands Lake Bay Harbor Harbour Port
    Point Village Town Township Creek River Forest Mountains Gardens Square Plaza Coast Shores""".split()
)


def relabel_given_names(items: list[Mention]) -> list[Mention]:
    """An ORG or PRODUCT of two or three words that opens with a common first name ("Carly
    Vance", "Ivo J. Marsh") and holds no organisation word becomes PERSON: the small model
    reads some politicians' and executives' names as companies, and every later "Vance" then
    followed it."""
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        words = name.split()
        if (
            label in ("ORG", "PRODUCT")
            and 2 <= len(words) <= 3
            and is_given_name(words[0])
            and all(w[:1].isupper() and w.replace(".", "").replace("-", "").replace("'", "").isalpha() for w in words)
            and not any(w in NOT_A_PERSON_WORDS for w in words)
        ):
            out.append((start, end, "PERSON", name, head, was or label))
        else:
            out.append((start, end, label, name, head, was))
    return out


#: Social platforms, as news writes them (the citations stage reads "wrote on X" with these).
PLATFORMS = (
    "Twitter", "X", "Facebook", "Instagram", "Telegram", "TikTok", "YouTube", "Truth Social", "LinkedIn",
    "Weibo", "WeChat", "Threads", "Bluesky", "Reddit", "Substack", "Mastodon", "Snapchat", "VKontakte", "VK",
    "Gab", "Parler", "Rumble", "WhatsApp",
)
#: Platform names that are no common word ("X", "VK", "Gab", "Threads", "Rumble" are left to the tagger).
_PLATFORM_NAMES = frozenset(p for p in PLATFORMS if len(p) > 3 and p not in ("Threads", "Rumble"))


def relabel_platforms(items: list[Mention]) -> list[Mention]:
    """A social platform's name ("Twitter", "Instagram", "Reddit") the tagger read as a person,
    a place or a nationality is an organisation."""
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        if label in ("PERSON", "GPE", "LOC", "NORP") and name in _PLATFORM_NAMES:
            out.append((start, end, "ORG", name, head, was or label))
        else:
            out.append((start, end, label, name, head, was))
    return out


_NOT_PLACE_LABELS = frozenset("PERSON ORG NORP EVENT PRODUCT WORK_OF_ART FAC".split())


def relabel_places(items: list[Mention]) -> list[Mention]:
    """A mention that is the whole name of a country or a US state ("Antigua", "Slovakia",
    "the Netherlands") and that the tagger read as a person, an organisation, a nationality
    ("Barbados" NORP), an event, a product, a work or a building becomes GPE, unless it is the
    first or last word of a person's full name in the same article ("Kenya" beside "Kenya
    Adams")."""
    person_words = person_name_words(items)
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        key = name.lower().removeprefix("the ")
        if label in _NOT_PLACE_LABELS and key in PLACE_NAMES and name not in person_words:
            out.append((start, end, "GPE", name, head, was or label))
        else:
            out.append((start, end, label, name, head, was))
    return out


#: Labels of names that one article gives one kind; LAW and LANGUAGE name other things
#: ("Turkish" the language beside "Turkish" the people), dates and numbers are not names.
_ONE_KIND_LABELS = frozenset("PERSON ORG NORP GPE LOC FAC EVENT WORK_OF_ART PRODUCT".split())


def one_label_per_name(items: list[Mention]) -> list[Mention]:
    """Every mention of a name takes one label: the one most of its body mentions carry (all
    mentions when only headlines name it), ties going to the first of those mentions. A
    one-word name that is no full PERSON name's first or last word here ("Vane" beside "Ilsa
    Vane" is) becomes PERSON only when more than half of its votes say so: spaCy reads many
    brands as people. A name of two or three words that opens with a common first name and
    holds no place or organisation word is PERSON when one vote says so ("Ana Bond": the small
    model reads some such names as places)."""
    by_name: dict[str, list[Mention]] = {}
    for m in items:
        if m[2] in _ONE_KIND_LABELS:
            by_name.setdefault(m[3], []).append(m)
    person_words = person_name_words(items)
    winner: dict[str, str] = {}
    for name, mentions in by_name.items():
        if len({m[2] for m in mentions}) < 2:
            continue
        voters = sorted([m for m in mentions if not m[4]] or mentions, key=lambda m: m[0])
        if " " not in name and name not in person_words and 2 * sum(m[2] == "PERSON" for m in voters) <= len(voters):
            voters = [m for m in voters if m[2] != "PERSON"] or voters  # "Zotac", "Python": no one's first or last name here
        words = name.split()
        if 2 <= len(words) <= 3 and is_given_name(words[0]) and any(m[2] == "PERSON" for m in voters) and not any(w in NOT_A_PERSON_WORDS or w in _PLACE_WORDS for w in words):
            winner[name] = "PERSON"  # "Ana Bond" read as a place twice and as a person once: the first name says person
            continue
        count = Counter(m[2] for m in voters)
        top = max(count.values())
        winner[name] = next(m[2] for m in voters if count[m[2]] == top)
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        new = winner.get(name)
        if new and label != new and label in _ONE_KIND_LABELS:
            out.append((start, end, new, name, head, was or label))
        else:
            out.append((start, end, label, name, head, was))
    return out
