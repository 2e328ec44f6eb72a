"""Entity mentions the small tagger labels as the wrong kind of thing, or that name nothing
(docs/entities.md, version 28; from a review of the entities on 40 English real pages):
software and operating systems as people or places ("Fedora", "Gentoo", "Linux" GPE),
streets as people ("Dresden Drive"), and tokens that are no names at all: degrees after a
name ("MD", "PhD"), "AI" (a place on one page, 21 times), code, e-mail addresses and hex
colours (a handle such as "@name" stays: it names an account). Version 29 (a review of
invented test articles): sports clubs the tagger called people are organisations, a surname
the tagger called a nationality beside the person's full name is that person, and a name cut
at the hyphen of a double-barrelled surname gets the rest of it. Version 39: a person's name
ending in a building's, a line's or a reserve's word is a facility ("[Name] Street Auditorium"),
a name with a square bracket in it ("A]t") or a person's initial alone ("Y.") is no name, and a
software name the tagger called an organisation is a product ("Emacs", "YAML")."""

from __future__ import annotations

import re

from .entity_labels import NAME_PARTICLES, Mention
from .given_names import is_given_name
from .parse import TITLES_BEFORE_NAMES

#: Software and operating systems: a PRODUCT, never a person, place or group ("Python" alone:
#: "Monty Python" is another name).
SOFTWARE = frozenset(
    """Linux Ubuntu Lubuntu Kubuntu Xubuntu Debian Fedora Gentoo Mint CentOS macOS MacOS OSX iOS iPadOS Android
    JavaScript TypeScript Django Flask Emacs PostgreSQL MySQL SQLite MongoDB Firefox Chromium WordPress Drupal Joomla
    Kubernetes Docker Python JSON YAML LLVM Mercurial Vim""".split()
)
#: Labels a software name is never ("Emacs" and "YAML" as organisations on real pages, version 39).
_NOT_SOFTWARE = frozenset("PERSON GPE LOC NORP FAC WORK_OF_ART ORG".split())
#: Software names that also name a company or a newspaper: kept as organisations.
_ALSO_ORGS = frozenset("Mint Docker".split())
#: Last words of a street's name ("Dresden Drive", "Peachtree Road").
STREET_WORDS = frozenset("Road Rd Drive Dr Street St Avenue Ave Boulevard Blvd Lane Ln Highway Hwy Parkway Pkwy Terrace Crescent".split())
#: Last words of a building's, a line's or a reserve's name the tagger read as a person ("[Name]
#: Street Auditorium", "[City] Overground", "[Place] Biosphere Reserve"); none is a common surname.
FACILITY_WORDS = frozenset(
    """Auditorium Stadium Arena Airport Theatre Theater Hotel Station Railway Overground Underground Reserve
    Sanctuary Cathedral Mosque Synagogue Gallery Pavilion Terminal Tunnel Mall""".split()
)
#: Tokens that are no names: degrees and credentials after a person's name, and initialisms of things.
NOT_NAMES = frozenset("MD PhD Ph.D MPH MSc MHS MSCE MBA DDS DMD RN BSc FRCP FACP AI ECG EKG UTC GMT FAQ PDF URL API".split())
#: Labels of names (not numbers, dates or amounts).
NAME_LABELS = frozenset("PERSON ORG GPE NORP LOC FAC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split())
_LETTER = re.compile(r"[^\W\d_]")
_CODE = re.compile(r"\w@\w|^(?=.*\d)[0-9A-Fa-f]{6}$|[{}<>=*\[\]]|[^\W_]_[^\W_]")
#: A person's name never holds a digit or a programming sign ("Quill 3.4", "Quayzen 5 3550Q", "C++").
_THING = re.compile(r"\d|\w[+#]")
#: A footnote's number glued to a name ("Ana Ruiz.3"): no part of a product's name.
_FOOTNOTE = re.compile(r"(?<=[a-z])[.,]\d{1,2}$")
#: Last words of an institution's, a meeting's or a prize's name ("Aldersea Wine Forum", "Brandt
#: Institute"): spaCy reads some as a person, and every later mention of its first word then
#: became that "person" (a grape variety on a real page, 18 times). Not "Hall", "House", "Park",
#: "Church" or "Street": surnames too ("Ana House").
INSTITUTION_WORDS = frozenset(
    """Forum Institute Foundation University College Hospital Clinic Museum Library Council Committee
    Commission Agency Ministry Department Party Society Association Federation Academy Festival
    Conference Summit Award Awards Prize Center Centre Union Coalition Alliance""".split()
)


def fix_kinds(items: list[Mention]) -> list[Mention]:
    """Software names -> PRODUCT; a person or group name ending in a street word -> FAC; a
    person's name with a digit or a programming sign -> PRODUCT ("Quill 3.4", "Quay 3080s");
    one ending in an institution's word -> ORG ("Aldersea Wine Forum"); no names (no letter,
    code or an address, a degree, "AI") left out (version 34)."""
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        words = name.split()
        if label in NAME_LABELS and (not _LETTER.search(name) or _CODE.search(name) or name.rstrip(".") in NOT_NAMES):
            continue  # numbers, dates and amounts keep their digits
        if label == "PERSON" and len(name.rstrip(".")) == 1:
            continue  # an initial alone ("Y." in a list of authors) names no one
        if name in SOFTWARE and label in _NOT_SOFTWARE and not (label == "ORG" and name in _ALSO_ORGS):
            out.append((start, end, "PRODUCT", name, head, was or label))
        elif len(words) >= 2 and (words[-1].rstrip(".") in STREET_WORDS or words[-1] in FACILITY_WORDS) and label in ("PERSON", "NORP"):
            out.append((start, end, "FAC", name, head, was or label))
        elif label in ("PERSON", "NORP") and _THING.search(_FOOTNOTE.sub("", name)):
            out.append((start, end, "PRODUCT", name, head, was or label))
        elif label == "PERSON" and len(words) >= 2 and words[-1] in INSTITUTION_WORDS:
            out.append((start, end, "ORG", name, head, was or label))
        else:
            out.append((start, end, label, name, head, was))
    return out


#: Last words of a sports club's name ("Aldersea Rovers", "Brackwater United"): a club, not a person.
TEAM_WORDS = frozenset("United Rovers Wanderers Rangers Athletic Albion Hotspur FC AFC".split())
#: Nationalities, peoples, faiths and parties the tagger rightly calls NORP, some of them also
#: surnames ("French", "English", "Irish"): such a word stays NORP beside a person's full name.
GROUP_WORDS = frozenset(
    """American Americans British Briton Britons English Scottish Scots Scot Welsh Irish French German Germans
    Dutch Spanish Italian Italians Portuguese Greek Greeks Swiss Swedish Swedes Norwegian Danish Finnish Polish
    Czech Slovak Hungarian Romanian Bulgarian Serbian Croatian Bosnian Albanian Ukrainian Ukrainians Russian
    Russians Belarusian Turkish Turks Kurdish Kurds Armenian Georgian Israeli Israelis Palestinian Palestinians
    Arab Arabs Arabic Iranian Iranians Persian Iraqi Iraqis Syrian Syrians Lebanese Jordanian Saudi Saudis
    Egyptian Egyptians Libyan Moroccan Algerian Tunisian Nigerian Kenyan Ethiopian Somali Sudanese Ghanaian
    African Africans Indian Indians Pakistani Pakistanis Afghan Afghans Bangladeshi Chinese Japanese Korean
    Koreans Vietnamese Thai Filipino Filipinos Indonesian Malaysian Australian Australians Canadian Canadians
    Mexican Mexicans Cuban Cubans Brazilian Argentine Argentinian Chilean Colombian Venezuelan Peruvian
    European Europeans Asian Asians Latino Latinos Latina Latinas Hispanic Hispanics Caribbean Haitian
    Christian Christians Catholic Catholics Protestant Protestants Evangelical Evangelicals Baptist Methodist
    Muslim Muslims Islamic Islamist Islamists Sunni Shia Shiite Jewish Jew Jews Hindu Hindus Sikh Sikhs
    Buddhist Buddhists Mormon Mormons Democrat Democrats Democratic Republican Republicans Conservative
    Conservatives Labour Liberal Liberals Tory Tories Socialist Socialists Communist Communists Green Greens
    Roman Norman Jordan""".split()
)


def relabel_named_kinds(items: list[Mention]) -> list[Mention]:
    """A person name ending in a club word ("Aldersea Rovers", "Rovers" alone) -> ORG; a one-word
    NORP that is the surname of a full PERSON name opening with a common first name
    ("Oyelaran" beside "Sandra Oyelaran") -> PERSON, unless it is a nationality, people, faith
    or party word (``GROUP_WORDS``)."""
    surnames = {
        name.split()[-1] for _, _, label, name, head, _ in items
        if label == "PERSON" and not head and len(name.split()) >= 2 and is_given_name(name.split()[0])
    }
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        words = name.split()
        if label == "PERSON" and words and words[-1] in TEAM_WORDS:
            out.append((start, end, "ORG", name, head, was or label))
        elif label == "NORP" and len(words) == 1 and name in surnames and name not in GROUP_WORDS and name.isalpha():
            out.append((start, end, "PERSON", name, head, was or label))
        else:
            out.append((start, end, label, name, head, was))
    return out


#: Words right before a name that show a business: "Its rival [Name]", "cabin crew at [Name]",
#: "shares in [Name]" (version 47).
_FIRM_BEFORE = re.compile(
    r"(?:\bits (?:rival|competitor|owner|parent|subsidiary|supplier|partner)s?"
    r"|\b(?:workers|staff|employees|crew|pilots|shareholders|investors|customers|executives|shares) (?:at|of|in)) $",
    re.IGNORECASE,
)
#: Words right after a name that show a business: "[Name]'s chief executive", "[Name] shares fell".
_FIRM_AFTER = re.compile(
    r"^(?:['\u2019]s (?:chief executive|shares|share price|profits?|revenues?|employees|workers|customers|shareholders|stores|shops|branches|headquarters)\b"
    r"| shares (?:fell|rose|dropped|jumped|slid|climbed|plunged|soared)\b)"
)


def relabel_firms(text: str, items: list[Mention]) -> list[Mention]:
    """A one-word PERSON name (no common first name) that the text writes at least once where
    only a business fits ("Its rival Brightmart", "cabin crew at Skyward", "[Name]'s chief
    executive") -> ORG, every mention: the small tagger calls unknown one-word names people, and a
    firm's words were a person's ("she" then pointed back to it). So does a one-word GPE where no
    place fits ("shares in Veltrix", "Its rival Veltrix", "Veltrix's chief executive": "the
    company" then had another firm named before it). Version 47."""
    def firm(start: int, end: int, label: str, name: str) -> bool:
        if not (name.isalpha() and name[:1].isupper()) or (label == "PERSON" and is_given_name(name)):
            return False
        if _FIRM_AFTER.match(text, end):
            return True
        before = _FIRM_BEFORE.search(text, max(0, start - 30), start)
        return before is not None and (label == "PERSON" or before.group(0).split()[0].lower() in ("its", "shares"))  # a place may have workers

    firms = {(label, name) for start, end, label, name, _, _ in items if label in ("PERSON", "GPE") and firm(start, end, label, name)}
    if not firms:
        return items
    return [(s, e, "ORG", name, head, was or label) if (label, name) in firms else (s, e, label, name, head, was) for s, e, label, name, head, was in items]


#: The rest of a double-barrelled surname right after a name ("-Thorne" of "Vasquez-Thorne").
_HYPHEN_PART = re.compile(r"-[A-Z][^\W\d_]+(?:['\u2019][^\W\d_]+)?")


def join_hyphenated_names(text: str, items: list[Mention]) -> list[Mention]:
    """A PERSON mention the tagger cut at a hyphen ("Helena Vasquez" of "Helena
    Vasquez-Thorne") takes the rest of the surname; a mention of that rest alone goes away."""
    out: list[Mention] = []
    skip_to = -1
    for start, end, label, name, head, was in sorted(items):
        if start < skip_to:
            continue
        m = _HYPHEN_PART.match(text, end) if label == "PERSON" else None
        if m is not None:
            end, skip_to, name = m.end(), m.end(), name + m.group(0)
        out.append((start, end, label, name, head, was))
    return out


#: Words inside an organisation's name that the tagger ends a mention with ("the Harbour Agency for").
_NAME_JOINERS = frozenset("for and of at &".split())
#: Labels of names that go on after such a word ("School of Nursing at Tarrow General Hospital").
_JOINED_LABELS = frozenset("ORG FAC EVENT WORK_OF_ART LAW".split())


def join_split_names(text: str, items: list[Mention]) -> list[Mention]:
    """A name the tagger cut into two mentions at a word inside it: the first ends with "for",
    "and", "of", "at" or "&" and the second, with the same label, starts with a capital one space
    after it ("the Harbour Agency for" + "Coastal Development's"; "the Island Flood
    Readiness and" + "Recovery Centre"): one mention. Such a word ending a mention
    with no name after it is no part of the name ("Python &" in "Python & environment types")."""
    by_start = {item[0]: item for item in items}
    out: list[Mention] = []
    taken: set[int] = set()
    for item in sorted(items):
        start, end, label, name, head, was = item
        if start in taken:
            continue
        words = text[start:end].split()
        if len(words) >= 2 and words[-1].lower() in _NAME_JOINERS and label in _JOINED_LABELS:
            nxt = by_start.get(end + 1)
            if nxt is not None and nxt[2] == label and text[end] == " " and text[nxt[0]].isupper():
                taken.add(nxt[0])
                item = (start, nxt[1], label, f"{name} {nxt[3]}", head or nxt[4], was)
            else:
                cut = text.rindex(words[-1], start, end)
                while cut > start and text[cut - 1].isspace():
                    cut -= 1
                item = (start, cut, label, name.rsplit(None, 1)[0], head, was)
        out.append(item)
    return out


_TOKEN = re.compile(r"\S+")
#: Lower-case words that belong to a person's name ("Ursula von der Leyen", "Omar bin Saleh", "Ana dos Santos").
_PARTICLES = NAME_PARTICLES | frozenset("y dos das".split())


def _run_in(word: str) -> bool:
    """A lower-case word that is no particle of a name ("sighs", "age")."""
    return word.isalpha() and word.islower() and word not in _PARTICLES


def cut_person_tails(text: str, items: list[Mention]) -> list[Mention]:
    """A PERSON mention ends before a sign between two names ("Ivo Marsh + Ana Ruiz": the
    tagger read a line-up as one person, now two; "Ana Ruiz / Harbour Post": a photo credit) and before
    lower-case words the tagger ran into it ("Tomas sighs", version 34); particles stay
    ("von der Leyen"). The name keeps at least one word, and only words written as the name
    has them are cut."""
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
        keep = len(tokens)
        if label == "PERSON" and len(tokens) >= 2:
            keep = next((k for k, t in enumerate(tokens) if k and not any(c.isalnum() for c in t[2])), keep)
            while keep > 1 and tokens[0][2][:1].isupper() and (_run_in(tokens[keep - 1][2]) or (tokens[keep - 1][2].isdigit() and keep > 2 and _run_in(tokens[keep - 2][2]))):
                keep -= 1  # "Tomas sighs"; "Ivo B. age 8" (a signature's age)
        words = name.split()
        cut = len(tokens) - keep
        if not cut or cut >= len(words) or [t[2] for t in tokens[keep:]] != words[len(words) - cut:]:
            out.append((start, end, label, name, head, was))
            continue
        out.append((start, tokens[keep - 1][1], label, " ".join(words[: len(words) - cut]), head, was))
        rest = tokens[keep + 1 :]
        if tokens[keep][2] == "+" and len(rest) >= 2 and all(t[2][:1].isupper() for t in rest):  # the line-up's second name
            out.append((rest[0][0], rest[-1][1], label, " ".join(t[2] for t in rest), head, was))
    return out


#: Abbreviated ranks and titles written before a name ("Capt. Ana Ruiz"), in lower case.
_RANKS = frozenset(word.rstrip(".").lower() for word in TITLES_BEFORE_NAMES)


def _rank(word: str) -> bool:
    """A rank's or title's abbreviation as written before a name: "Capt", "Capt.", "Dr" (not "SEC")."""
    bare = word.rstrip(".")
    return bare[:1].isupper() and bare[1:].islower() and bare.lower() in _RANKS


def drop_ranks(text: str, items: list[Mention]) -> list[Mention]:
    """A mention that ends in an abbreviated title right before a name ("Navy Cmdr. Ivo Marsh":
    the tagger read "Navy Cmdr" as a person, "Army Capt" as an organisation, "Det." as a place)
    ends before the title ("Army"), or goes when it is a PERSON; a title alone is no entity; the
    name after it is a mention of its own. A PERSON mention starts after the abbreviated titles
    that open it ("Sens. Ana Ruiz", "Lt. Col. Ivo Marsh"; version 35)."""
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        words = [(m.start() - start, m.group()) for m in _TOKEN.finditer(text, start, end)]
        if not words:
            out.append((start, end, label, name, head, was))
            continue
        at, last = words[-1]
        before_name = re.match(r"\s+[A-Z]" if last.endswith(".") else r"\.\s+[A-Z]", text[end : end + 3])
        if not (_rank(last) and (len(words) == 1 or before_name)):
            lead = 0
            while label == "PERSON" and lead < len(words) - 1 and words[lead][1].endswith(".") and _rank(words[lead][1]):
                lead += 1  # "Lt. Col. Ivo Marsh": the name starts after the titles
            out.append((start + words[lead][0], end, label, name, head, was))
            continue
        if len(words) > 1 and label != "PERSON":  # "Army" of "Army Capt."; a person's name never holds the words before a rank
            kept = text[start : start + at].rstrip()
            out.append((start, start + len(kept), label, " ".join(name.split()[:-1]) or kept, head, was))
    return out
