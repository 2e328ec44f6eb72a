"""Word lists and small helpers the speaker resolver uses: which words show a gender, which
common nouns name a person speaking in a role ("the defence lawyer", "a spokesperson for the
employers"), which name an organisation, and how a speaker's name is written (the text's own
casing, never a lower-cased canonical form, never a headline).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

from .entities import clean_name
from .given_names import FEMALE_NAMES, MALE_NAMES

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "we", "them", "us"})
OTHER_PRONOUNS = frozenset(
    "i you one me who that which this those these some many others someone somebody anyone everyone nobody all".split()
)
ANONYMOUS_HEADS = frozenset(
    "source sources insider insiders person people aide aides official officials observer observers critic critics expert experts analyst analysts".split()
)
#: Common nouns that name an organisation speaking as one ("police said", "the ministry said").
ORG_NOUNS = frozenset(
    """police government administration campaign committee company court ministry department
    agency office service council commission party army military embassy board firm bank
    union parliament congress senate federation association management leadership regulator watchdog""".split()
)
#: Organisation nouns that, with "the", point back to an organisation whose name holds them
#: ("the court said" after "the 4th District Court of Appeal"; not "the company", see below).
NAMED_BY_NOUN = frozenset(
    """court ministry department agency office council commission committee board union
    parliament senate hospital university school college institute tribunal foundation trust
    authority association federation cooperative coalition alliance society league institution""".split()
)
#: Descriptor nouns after an organisation's name ("the Harbor Press news agency"): the
#: organisation named is the speaker.
OUTLET_NOUNS = frozenset("agency newspaper paper broadcaster network channel magazine daily tabloid outlet station website".split())
#: Organisation nouns that, with "the", point back to a company the story named ("the company said").
COMPANY_NOUNS = frozenset("company firm bank corporation business retailer manufacturer maker airline startup carrier insurer lender automaker conglomerate".split())
#: Common nouns for a person speaking in a role. With "he"/"she" these are antecedents too:
#: "A spokesperson for the employers rejected it. 'It is fair,' he said."
PERSON_ROLES = frozenset(
    """lawyer attorney prosecutor counsel solicitor barrister judge juror witness defendant plaintiff
    spokesman spokeswoman spokesperson minister president chairman chairwoman chair director chief
    leader secretary senator governor mayor officer detective commissioner sheriff inspector
    manager executive founder owner partner economist analyst scientist researcher professor
    doctor nurse teacher student worker employee resident neighbour neighbor mother father wife
    husband son daughter brother sister friend colleague aide adviser advisor official candidate
    representative congressman congresswoman lawmaker legislator negotiator organiser organizer
    activist campaigner reporter journalist editor author writer historian expert consultant
    ambassador diplomat general colonel captain sergeant coach player captain pilot driver farmer
    owner landlord tenant victim survivor customer voter member head boss ceo treasurer
    queen king prince princess duke duchess countess earl baroness baron monarch user commenter
    blogger follower supporter viewer reader listener caller fan protester demonstrator critic
    opponent donor delegate staffer volunteer deputy introducer moderator""".split()
)
#: Roles that only a person holds (not "member", "partner", "owner", "leader": a group can be one).
PERSON_ONLY_ROLES = PERSON_ROLES - frozenset(
    "member partner owner leader head representative victim survivor customer tenant landlord player expert consultant "
    "chief official candidate executive general founder chair".split()
)
_ROLE_SUFFIXES = ("ist", "ian", "man", "woman", "person")
#: Things that speak for someone in news: documents, statements, data ("the report said",
#: "a letter stated", "the data show").
DOCUMENT_NOUNS = frozenset(
    """report statement study survey poll data letter affidavit complaint filing document memo
    analysis research review audit ruling order lawsuit indictment website site post tweet ad
    advertisement video release announcement email message note transcript record records
    figures numbers estimate estimates forecast guidance policy rule rules law bill plan
    proposal article paper newspaper editorial column book speech campaign census model count tally
    explanation explanations remarks comments testimony""".split()
)


def is_document_noun(tok: Any) -> bool:
    """Whether a noun is one of ``DOCUMENT_NOUNS``, by its lemma or as written ("data" has the lemma "datum")."""
    return tok.lemma_.lower() in DOCUMENT_NOUNS or tok.lower_ in DOCUMENT_NOUNS


#: Texts that say things in the news ("the memo states", "the editorial read"): a main-clause
#: subject among them is what a later "it" of a reporting verb can point back to.
SAYING_TEXTS = frozenset(
    """report statement study survey poll letter affidavit complaint filing document memo ruling
    lawsuit indictment website post tweet ad advertisement video release announcement email e-mail
    message note transcript article newspaper editorial column book speech""".split()
)
#: Documents whose words are those of whoever puts them out ("issued a statement saying", "a
#: speech Bennett delivered"), and the verbs of putting one out or making it.
AUTHORED_DOCUMENTS = frozenset("statement email e-mail letter release memo message note ad advertisement tweet post announcement speech video caption".split())
ISSUING_VERBS = frozenset(
    "issue release send put post publish circulate distribute file sign deliver give write prepare draft pen author air run place tweet offer make".split()
)


def issues_document(verb: Any, document: Any | None, documents: frozenset[str] = AUTHORED_DOCUMENTS) -> bool:
    """Whether ``verb`` puts out ``document``, its object ("issued a statement", "sent a letter"), one of ``documents``."""
    return (
        document is not None and document.dep_ == "dobj" and document.head.i == verb.i
        and verb.lemma_.lower() in ISSUING_VERBS and document.lemma_.lower() in documents
    )


#: Last words of the names of laws and agreements ("Volcker Rule", "Patriot Act", "Paris Agreement").
_TEXT_NAME_ENDS = frozenset("rule rules act law bill amendment treaty accord accords agreement directive regulation doctrine".split())


def names_a_text(name: str) -> bool:
    """Whether a name (not a person's: "Steven Law") is the name of a law or agreement: never
    an antecedent of a pronoun ("they said" after "the Volcker Rule sought to ...")."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in _TEXT_NAME_ENDS


def names_documents(name: str) -> bool:
    """Whether a group's name is one of texts or figures ("recent polls", "the surveys", "city
    data"): a poll's finding names them as its source, but a later "they" means people."""
    words = name.lower().split()
    last = words[-1] if words else ""
    return last in DOCUMENT_NOUNS or last.endswith("s") and last[:-1] in DOCUMENT_NOUNS


#: Plural nouns for groups of people that have no role suffix ("voters", "feds", "residents").
_PEOPLE_PLURALS = frozenset(
    "people authorities feds staff public crowd family families community members lawmakers democrats republicans residents voters citizens parents children students workers victims protesters locals fans".split()
)
#: Nouns for one person by sex or age, no role ("the woman"): antecedents of a he or she.
PERSON_NOUNS = frozenset("woman man girl boy teenager grandmother grandfather widow widower aunt uncle mom dad".split())
#: Nouns for a person's relatives ("his wife, [Name]": a family member; ``quote_names.principal``).
RELATIVE_NOUNS = frozenset(
    """mother father son daughter wife husband sister brother sibling aunt uncle cousin grandmother grandfather
    grandson granddaughter niece nephew stepfather stepmother stepson stepdaughter widow widower""".split()
)
#: Nouns for one person that name no role ("the man", "a neighbour").
_PERSON_NOUNS = PERSON_NOUNS | RELATIVE_NOUNS | frozenset(
    """person individual neighbor neighbour witness friend relative fiance fiancee partner attendee participant
    guest caller patient passenger tenant customer volunteer colleague classmate""".split()
)
_PEOPLE_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "men", "person", "people")
#: Things and stuff whose names end like people's ("waters", "rivers", "numbers"): no group.
_THINGS_LIKE_PEOPLE = frozenset(
    """water weather power matter number border river center centre corner chapter winter summer fiber fibre timber
    rubber silver copper sugar butter powder layer filter tower shower error factor sector vector motor colour color
    floor door mirror meter metre liter litre paper letter order monster cancer fever answer
    element segment component moment comment event content extent percent talent payment document treatment""".split()
)


def is_plausible_speaker_noun(tok: Any, *, by_suffix: bool = True) -> bool:
    """Whether a common noun can speak: a person in a role, a group of people, an
    organisation, anonymous sourcing, or a document or statement. "the second time",
    "thousands of jobs" or "the death toll" cannot. With ``by_suffix`` False, a plural is not
    taken for people by its ending alone ("voters" yes by the list, "factors" no)."""
    lemma = tok.lemma_.lower()
    lower = tok.lower_
    if is_person_role(tok) or is_document_noun(tok) or lemma in ORG_NOUNS or lower in ANONYMOUS_HEADS:
        return True
    if lower in _PEOPLE_PLURALS or lemma in _PEOPLE_PLURALS or lemma in _PERSON_NOUNS:
        return True
    return by_suffix and tok.tag_ in ("NNS", "NNPS") and lemma.endswith(_PEOPLE_SUFFIXES) and lemma not in _THINGS_LIKE_PEOPLE
#: Words that show a person's gender: honorifics before the name and gendered titles.
FEMALE_WORDS = frozenset(
    "mrs ms miss madam lady dame queen princess duchess countess baroness congresswoman chairwoman spokeswoman businesswoman actress mother wife daughter sister grandmother widow aunt niece girl woman she her".split()
)
MALE_WORDS = frozenset(
    "mr sir lord king prince duke earl baron congressman chairman spokesman businessman actor father husband son brother grandfather widower uncle nephew boy man he him".split()
)
#: Characters of code, markup and settings, never of a noun phrase ("data=172", "|x|").
_CODE_CHARS = re.compile(r"[=|{}<>_\\/\[\]#*~^]")
#: A word run together from letters and digits without a hyphen ("0x4000000", "lib2"); a
#: hyphen keeps "15-year-old" a word.
_RUN_TOGETHER = re.compile(r"^(?=[^-]*\d)(?=[^-]*[^\W\d_])[^\W_]+$")


def written_as_words(phrase: str) -> bool:
    """Whether a lower-case speaker phrase is written in words, as a role or group is ("the
    15-year-old driver", "some researchers"), not in the characters of code or settings
    ("data=172", "0x4000000", "|x| x.downcase"): those are fragments of a page, not speakers."""
    if _CODE_CHARS.search(phrase):
        return False
    return not any(_RUN_TOGETHER.match(w.strip(".,;:'\u2019()")) for w in phrase.split())


def is_person_role(tok: Any) -> bool:
    """A common noun naming a person in a role ("lawyer", "spokesperson", "economist")."""
    return tok.pos_ == "NOUN" and is_role_lemma(tok.lemma_.lower())


def is_role_lemma(lemma: str) -> bool:
    """Whether the lower-case noun ``lemma`` names a person in a role (``is_person_role``)."""
    return lemma in PERSON_ROLES or lemma.endswith(_ROLE_SUFFIXES) and len(lemma) > 5


def is_person_noun(tok: Any) -> bool:
    """A person in a role (``is_person_role``) or a common noun for a person ("the woman")."""
    return is_person_role(tok) or (tok.pos_ == "NOUN" and tok.lemma_.lower() in PERSON_NOUNS)


_NO_ONE_IN_PARTICULAR = frozenset("only every any no each neither either what which whichever".split())


def one_person(tok: Any, *, role: bool = False) -> bool:
    """A noun for one particular person ("the woman"; not "every nurse", "the only one who");
    with ``role``, ``tok`` is known to be a role noun ("the coroner") whatever the lists say."""
    return (role or is_person_noun(tok)) and not any(c.lower_ in _NO_ONE_IN_PARTICULAR for c in tok.lefts)


def gender_of_word(word: str) -> str | None:
    """"f", "m" or None for an honorific, title, pronoun or first name."""
    w = word.lower().rstrip(".")
    if w in FEMALE_WORDS or w in FEMALE_NAMES:
        return "f"
    if w in MALE_WORDS or w in MALE_NAMES:
        return "m"
    return None


def pronoun_gender(lower: str) -> str | None:
    return "m" if lower in ("he", "him") else "f" if lower in ("she", "her") else None


_SPACES = re.compile(r"\s+")
#: Head nouns of poll-style subjects ("an overwhelming 70 percent of Americans"): the whole
#: phrase, determiner included, is the speaker.
QUANTITY_HEADS = frozenset("percent majority minority number share half third quarter most plurality".split())


_STRIP = " ,.;:\"'()[]\u201c\u201d\u2018\u2019-\u2010\u2012\u2013\u2014\u2015"


def phrase_as_written(
    text: str, start: int, end: int, *, sentence_initial: bool, keep_determiner: bool = False, proper_first: bool = False
) -> str:
    """A common-noun speaker as the text writes it ("spokesperson for the employers",
    "an overwhelming 70 percent of Americans"): leading "the/a/an" dropped unless
    ``keep_determiner``, and the first letter lower-cased only when it is capitalised because it
    starts a sentence. Never lower-cases names inside the phrase, nor a first word that
    followed a dropped "The": "The Harbor Valley Gazette" -> "Harbor Valley Gazette" (the
    capital is the writer's, not the sentence's)."""
    phrase = _SPACES.sub(" ", text[start:end]).strip(_STRIP)
    phrase = _open_bracket_tail(phrase)
    if not keep_determiner:
        first = phrase.split(" ", 1)[0]
        phrase = clean_name(phrase).strip(_STRIP)
        if not phrase.startswith(first):  # a leading word was dropped: the next one did not start the sentence
            sentence_initial = False
    phrase = without_dangling(phrase)  # "Managing Director of" whose "of" lost its object
    if sentence_initial and not proper_first and phrase[:1].isupper() and not phrase[1:2].isupper():
        phrase = phrase[:1].lower() + phrase[1:]
    return phrase


#: A preposition, conjunction or article that ends a phrase: its object was cut off.
_DANGLING = re.compile(r"(?:\s+(?:of|for|at|with|in|on|by|to|from|and|or|but|the|a|an))+$", re.IGNORECASE)


def without_dangling(phrase: str) -> str:
    """``phrase`` without the words that lost their object at its end ("Managing Director of",
    "U.S. Agency for", "head of sales and")."""
    return _DANGLING.sub("", phrase)


def _open_bracket_tail(phrase: str) -> str:
    """The phrase without a bracket it opens but never closes: "spokesperson for the Union
    of Clerks (UC" -> "spokesperson for the Union of Clerks"."""
    for opening, closing in ("()", "[]"):
        cut = phrase.rfind(opening)
        if cut > 0 and closing not in phrase[cut:]:
            phrase = phrase[:cut].rstrip(_STRIP)
    return phrase


def without_descriptor(name: str) -> str:
    """An organisation's name without the lower-case descriptor a tagger may include
    ("Harbor Press news agency" -> "Harbor Press"); other names unchanged."""
    words = name.split()
    if len(words) < 2 or words[-1] not in OUTLET_NOUNS:
        return name
    k = len(words)
    while k > 0 and words[k - 1].islower():
        k -= 1
    return " ".join(words[:k]) if k and words[k - 1][:1].isupper() else name


def cased_name(canonical: str, mention: str) -> str:
    """The canonical name unless the text never writes it that way: a lower-cased canonical
    ("trump") gives way to the mention as written ("Trump"). Stray dashes are stripped."""
    canonical = canonical.strip(_STRIP)
    if canonical and not any(ch.isupper() for ch in canonical):
        written = clean_name(mention).strip(_STRIP)
        if any(ch.isupper() for ch in written):
            return written
    return canonical


_POSSESSIVE_END = re.compile(r"(?:['\u2019]s|['\u2019])$")


def full_names(names: Iterable[str]) -> list[str]:
    """The full names of people among ``names`` (one per mention that writes the name in
    full): two to four words, each capitalised, opening with a common first name, and of
    two words or written so twice ("Peter Vance"; not "Vance", nor a title's "Peter Vance
    Wins the Cup"), longest first. A short list, on purpose: it recases words."""
    counts = Counter(n for n in names if 2 <= len(n.split()) <= 4 and all(w[:1].isupper() for w in n.split()))
    full = {n for n, k in counts.items() if (k >= 2 or len(n.split()) == 2) and gender_of_word(n.split()[0]) is not None}
    return sorted(full, key=lambda n: (-len(n), n))


def recased(phrase: str, people: list[str]) -> str:
    """The phrase with its first word in a person's own casing when the page writes that
    person's surname in lower case ("vance's first wife" -> "Vance's first wife", with "Peter
    Vance" among ``people``, full names from ``full_names``); otherwise unchanged."""
    first, _, rest = phrase.partition(" ")
    base = _POSSESSIVE_END.sub("", first)
    if len(base) < 3 or not base.isalpha() or not base.islower():
        return phrase
    for name in people:
        surname = name.split()[-1]
        if surname.lower() == base:
            return " ".join(filter(None, (surname + first[len(base) :], rest)))
    return phrase


#: Spoken forms of a verb with a pronoun that the tagger may read as a noun ("lemme see").
_CONTRACTIONS = frozenset("lemme gimme gonna wanna gotta dunno lotta kinda sorta".split())
#: An interjection or aside before a dash, ahead of the noun phrase ("No - several people").
_DASH = re.compile(r"\s[-\u2013\u2014]\s|\u2014")


def after_dash(text: str, start: int, head: int) -> int:
    """Where a mention starts when a dash stands between its first word and its head ("No -
    several people asked": "several people"); ``start`` when none does."""
    for m in _DASH.finditer(text, start, head):
        start = m.end()
    return start


def word_end(text: str, end: int) -> int:
    """The end of a hyphenated word that a mention stops inside ("his co" of "his co-owner");
    ``end`` when it stops at a word's end."""
    while end + 1 < len(text) and text[end] in "-\u2010" and text[end + 1].isalnum():
        end += 1
        while end < len(text) and text[end].isalnum():
            end += 1
    return end


def _cuts_word(text: str, start: int) -> bool:
    """Whether a mention starts inside a hyphenated word ("disable" of "--disable-ipv6-probe")."""
    if re.match(r"\s*[-\u2010]+\w", text[start : start + 3]):
        return True
    return start > 1 and text[start - 1] in "-\u2010" and not text[start - 2].isspace()


def is_fragment(tok: Any, text: str, start: int, phrase: str, doubtful: bool) -> bool:
    """Whether a common-noun speaker is a piece of the text rather than a phrase that can
    speak: the second half of a hyphenated word, a spoken contraction ("lemme"), or, for a noun that
    cannot speak (``doubtful``) written in lower case, one negated by "no" ("no proof"), one
    whose possessive is missing ("own taste"), or an adjective with only an article."""
    if _cuts_word(text, start):
        return True
    if any(ch.isupper() for ch in phrase):
        return False
    if tok.lower_ in _CONTRACTIONS:
        return True
    if not doubtful:
        return False
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.lefts) or phrase.split()[0] == "own":
        return True
    return tok.pos_ == "ADJ" and " " not in phrase and all(c.dep_ == "det" for c in tok.lefts)


def capitalised_inside(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The capitalised words the text writes inside a sentence (after a lower-case word or a
    comma), with each hyphenated word's leading parts ("Jean-Luc", "Jean"): a capital the
    writer gives the word, not only the sentence; and of those, the plain words ("Python") not
    followed by another capitalised word, i.e. not part of a longer name ("Health" of "the
    Health Ministry"). One pass over the text, for lookups per speaker."""
    words: set[str] = set()
    alone: set[str] = set()
    for m in _INSIDE_SENTENCE.finditer(text):
        word = m.group(1)
        if not word[:1].isupper():
            continue
        if not word.endswith("-"):
            words.add(word)
        parts = word.split("-")
        for k in range(1, len(parts)):
            words.add("-".join(parts[:k]))
            if parts[k]:
                words.add("-".join(parts[:k]) + "-")  # "Touring-" of "Touring-Ski"
        plain = _PLAIN_WORD.match(word)
        if plain and (plain.end() == len(word) or word[plain.end()] == "-") and not _NAME_GOES_ON.match(text, m.start(1) + plain.end()):
            alone.add(plain.group())
    return frozenset(words), frozenset(alone)


#: A plain capitalised word ("Python"), and another capitalised word right after one.
_PLAIN_WORD = re.compile(r"[A-Z][a-z]+")
_NAME_GOES_ON = re.compile(r" [A-Z]")
#: A word after a lower-case word, a comma or a semicolon and a space.
_INSIDE_SENTENCE = re.compile(r"(?<=[a-z,;] )([^\W\d_][\w-]*)")


def written_capitalised(text: str, start: int, inside: frozenset[str]) -> bool:
    """Whether the capitalised word at ``start`` is written so inside a sentence elsewhere in
    the text too (``inside``: ``capitalised_inside(text)[0]``): then its capital is the writer's,
    not only the sentence's."""
    word = re.match(r"[^\W\d_][\w-]*", text[start : start + 40])
    return word is not None and word.group()[:1].isupper() and word.group() in inside


def headline_end(text: str, title: str | None, *, with_stop: bool = False) -> int:
    """Offset where the headline ends (0 when the text does not open with one): the first
    line when it repeats the article's title, or when it is short, has no final full stop and
    most of its words are capitalised. ``with_stop``: also such a line with a final full stop
    (for telling names that only the headline writes; the rules that drop a headline's
    stance reports keep the stricter reading)."""
    stripped = len(text) - len(text.lstrip())
    nl = text.find("\n", stripped)
    first_end = len(text) if nl < 0 else nl
    line = text[stripped:first_end].strip()
    if not line or nl < 0:
        return 0
    if with_stop and line.endswith(".") and not line.endswith(".."):  # "Title." with a full stop
        line = line[:-1]
    if title and _SPACES.sub(" ", title).strip().lower() == _SPACES.sub(" ", line).lower():
        return first_end
    words = line.split()
    if len(words) <= 16 and not line.endswith((".", '"', "\u201d")):
        caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
        if caps >= 0.7 * len(words) and len(words) >= 3:
            return first_end
    return 0


def role_before_name(tok: Any) -> bool:
    """A name the tagger calls a product or an event, written after a person's role ("his
    friend Amadou Kane told the site"): the role says it is a person."""
    return tok.pos_ == "PROPN" and any(is_person_role(c) for c in tok.lefts if c.dep_ == "compound")


def relative_antecedent(tok: Any) -> Any | None:
    """The name a relative "who" stands for, read off the parse ("Ines Arlow, who declared":
    Arlow). Not a common noun ("an architect who said"), not a name inside a phrase that hangs
    on another noun ("an aide to Ines Arlow, who said": the aide, or Arlow?; unless a text's:
    "a post from Ines Arlow who wrote"), not one of names
    joined by "and", and not a description ("a Republican who said")."""
    if tok.text != "who" or tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "relcl":  # "Who" opens a title-case line
        return None
    ante = tok.head.head
    if ante.i > tok.i or not (ante.ent_type_ in ("PERSON", "NORP") or (ante.pos_ == "PROPN" and not ante.ent_type_ and not ante.is_sent_start)):
        return None  # "an architect who said", "a xenophobe and birther who pledged", "Hacker who exposed"
    if ante.dep_ == "pobj" and ante.head.head.pos_ in ("NOUN", "PROPN"):
        if not (ante.head.lower_ in ("from", "by") and ante.head.head.lemma_.lower() in SAYING_TEXTS | WORDED_THINGS):
            return None  # but "a post from Ines Arlow who wrote": a post writes nothing (v58)
    if ante.dep_ == "conj" or any(t.dep_ == "conj" for t in ante.subtree if t.i < tok.i):
        return None  # "A, B and C, who joked": the last, or all of them?
    if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in ante.children):
        return None  # "a Republican who said": a description, not the name of anyone
    return ante


#: Things with words written on them that nobody speaks: the sign, the shirt or the hat is
#: not who said it ("a shirt that read", "a campaign hat reading"). Such a quotation is the
#: words of the person the sentence says holds or wears the thing, else of no one
#: (``speaker_via`` "inscription"; ``quote_inscriptions.InscriptionResolution._inscription``).
INSCRIBED_THINGS = frozenset(
    """sign banner placard poster shirt t-shirt tee sweatshirt hoodie jersey sticker bottle mug hat
    cap billboard button badge mural tattoo""".split()
)
#: Things that carry words someone reads out: texts (``SAYING_TEXTS``) and things with words on
#: them ("a sign that read", "T-shirts that said").
WORDED_THINGS = SAYING_TEXTS | INSCRIBED_THINGS | frozenset("caption headline slogan card".split())


def relative_that(tok: Any) -> bool:
    """Whether ``tok`` is a relative "that" or "which", subject of its relative clause."""
    return tok.lower_ in ("that", "which") and tok.dep_ == "nsubj" and tok.head.dep_ == "relcl" and tok.head.head.i < tok.i


def relative_text(tok: Any) -> Any | None:
    """The thing a relative "that" or "which" stands for when it is a text or carries words ("a
    message that said", "a sign that read": the message, the sign); else None ("a plan that
    says" is no text: the plan's author speaks)."""
    if not relative_that(tok):
        return None
    ante = tok.head.head
    return ante if ante.pos_ == "NOUN" and ante.lemma_.lower() in WORDED_THINGS else None


#: Entity labels that speak as organisations: an organisation, a group of people, a place
#: that speaks through its government.
ORG_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC", "LOC"})


def kind_of_label(label: str) -> str:
    """A speaker kind for an entity label: "person", "org" (``ORG_LABELS``) or "other"."""
    return "person" if label == "PERSON" else "org" if label in ORG_LABELS else "other"
