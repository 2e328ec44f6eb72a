"""The tests that keep two different claims apart, and the paraphrase test of a pair (used by
``corpus.claims``; docs/corpus-drift.md, "Claims").

Wordings are compared as word keys (``worddiff.keys``) and, for names, as written:

* ``figures_agree``: the same figures, or one claim's figures all among the other's with a
  shared figure that is not a year ("rose 4.1 percent in 2019" / "..., the biggest rise in 21
  years"); number words count as figures;
* ``negated``: a negation, idioms left out ("a rise not seen for 26 years");
* ``event_days``: the weekdays that are part of the claim, not the report's day;
* ``compatible``: figures agree, both negated or neither, event days do not differ, no pair of
  opposites among the words only one has ("rose"/"fell", "raised"/"cut");
* ``names_agree``: not each naming a place, person or month the other does not mention;
* ``content_edit``: one wording with a content word or one phrase edited ("wheat" / "barley
  yields"), the phrase naming who makes the claim left out;
* ``anchored``: two shared figures (one not a year), a shared name, reworded rather than edited:
  such a pair may join at the lower ``claim_anchored_cosine``;
* ``paraphrase``: all of it for one pair and its cosine.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from typing import Sequence

from rapidfuzz.distance import LCSseq

from .worddiff import keys

#: The lower cosine (``claim_anchored_cosine``) is for rewordings only: two wordings at least this
#: close in words that are not near-identical differ in a content word ("310 new measles cases"
#: / "310 new flu cases"), and only the full cosine may join them.
ANCHOR_MAX_SIMILARITY = 0.7


_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80",
                      "ninety": "90", "hundred": "100", "thousand": "1000", "million": "1000000",
                      "billion": "1000000000", "dozen": "12", "decade": "10", "half": "0.5", "third": "0.33", "quarter": "0.25",
                      "double": "x2", "doubled": "x2", "tripled": "x3", "triple": "x3", "once": "1", "twice": "2"})
_NEGATIONS = frozenset("""not no never none nobody nothing neither nor without cannot dont doesnt didnt isnt arent
wasnt werent cant couldnt wont wouldnt shouldnt hasnt havent hadnt""".split())
_OPPOSITES = [
    ("rise rose risen rising rises increase increased increases up grew grow growing higher highest more gain gained climbed climb jumped soared",
     "fall fell fallen falling falls decrease decreased decreases down shrank shrink shrinking lower lowest less fewer loss lost dropped drop declined plunged"),
    ("open opened opens opening", "close closed closes closing shut"),
    ("for support supported supports backed", "against oppose opposed opposes"),
    ("approve approved approves accepted accept passed signed sign", "reject rejected rejects refused refuse vetoed veto blocked"),
    ("raise raised raises raising hike hiked hikes", "cut cuts cutting slash slashed reduce reduced reduces"),
    ("win won wins winning", "lose lost loses losing"),
    ("profit profits", "loss losses"),
    ("north northern", "south southern"), ("east eastern", "west western"),
    ("before", "after"), ("above", "below"), ("best", "worst"), ("largest biggest", "smallest"),
    ("first", "last"), ("guilty", "innocent"), ("legal", "illegal"), ("allow allowed allows", "ban banned bans"),
    ("hired hire", "fired fire laid"), ("built build", "demolished demolish"),
    ("adults adult", "children child"),
]
#: "not"/"never" before these is an idiom, not a negation of the claim: "a rise not seen for 26
#: years", "not only ... but", "not least".
_NOT_NEGATING = frozenset("seen witnessed recorded matched experienced known heard only least".split())
_SIDE: dict[str, tuple[int, int]] = {}
for _i, (_a, _b) in enumerate(_OPPOSITES):
    for _w in _a.split():
        _SIDE.setdefault(_w, (_i, 0))
    for _w in _b.split():
        _SIDE.setdefault(_w, (_i, 1))
#: Words whose presence or absence leaves a claim the same ("has" / "have", "on Monday").
MINOR_WORDS = frozenset("""a an the of in on at to by for from with and or but that which who this these those it its
their his her they he she we our has have had is are was were be been being will would shall should may might
can could do does did said says say told just only also still now then there here as so very about some
monday tuesday wednesday thursday friday saturday sunday today yesterday week weekend month last earlier
according reported reports""".split())
#: After "say", these refer back to who says it ("Some patients said they had not been
#: consulted"), so that phrase is part of the claim.
_PRONOUNS = frozenset("they them their theirs it its we us our he him his she her".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_REPORTING = frozenset("said says say told announced confirmed reported added insisted warned claimed".split())
#: A phrase replaced just before one of these is who makes the claim, not the claim.
_SPEECH = frozenset("say says said claim claims claimed argue argues argued insist insists insisted warn warns warned".split())
_FIGURE = re.compile(r"^\d+(?:[.,]\d+)*$")
#: A figure read as a year (1900-2099; "1,950" is read as 1950 too, a rare confusion).
YEAR = re.compile(r"^(?:19|20)\d\d$")
#: A word of a claim's text: a figure ("1,850"), or letters and digits with an apostrophe inside.
_TEXT_WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:['’]\w+)*")
_POSSESSIVE = re.compile(r"['’]s?$")
#: After these a capitalised word may start a sentence or a quotation, so it is not read as a name.
_OPENERS = frozenset(".!?:;\"“‘'(—–-")


def figures(ks: Sequence[str]) -> frozenset[str]:
    """The figures a wording states (digits, and number words as digits)."""
    out = set()
    for k in ks:
        if _FIGURE.match(k):
            out.add(k.replace(",", ""))
        elif k in _NUMBER_WORDS:
            out.add(_NUMBER_WORDS[k])
    return frozenset(out)


def negated(ks: Sequence[str]) -> bool:
    """Whether a wording holds a negation ("not", "never", "no", "didn't", ...), idioms
    (``_NOT_NEGATING``: "a level not seen since 1990", "not only") left out."""
    for n, k in enumerate(ks):
        if k in _NEGATIONS and not (k in ("not", "never") and n + 1 < len(ks) and ks[n + 1] in _NOT_NEGATING):
            return True
    return False


def event_days(ks: Sequence[str]) -> frozenset[str]:
    """The weekdays a wording states as part of its claim ("will inspect the site on Thursday"),
    not those that only date the report (within three words after "said", "told", "announced",
    ...: "the council said on Monday")."""
    out = set()
    for n, k in enumerate(ks):
        if k in _WEEKDAYS and not any(w in _REPORTING for w in ks[max(0, n - 3):n]):
            out.add(k)
    return frozenset(out)


def figures_agree(fa: frozenset[str], fb: frozenset[str]) -> bool:
    """Whether two claims' figures allow one claim: the same figures, or the figures of one all
    among the other's with a shared figure that is not a year ("rose 4.1 percent in 2019" and
    "rose 4.1 percent in 2019, the biggest rise in 21 years": the second adds a detail). "12" and
    "14", "in 2021" and "in 2023", or a claim with no figure against one with figures, disagree."""
    if fa == fb:
        return True
    small, big = (fa, fb) if len(fa) <= len(fb) else (fb, fa)
    return small <= big and any(not YEAR.match(f) for f in small)


def compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two wordings may state the same claim: their figures agree (``figures_agree``),
    both are negated or neither, their ``event_days`` do not differ, and no pair of opposites among
    the words only one of them has."""
    if not figures_agree(figures(a), figures(b)):
        return False
    if negated(a) != negated(b):
        return False
    da, db = event_days(a), event_days(b)
    if da and db and da != db:
        return False
    sa, sb = set(a), set(b)
    only_a = {_SIDE[k] for k in sa - sb if k in _SIDE}
    only_b = {_SIDE[k] for k in sb - sa if k in _SIDE}
    return not any((i, 1 - side) in only_b for i, side in only_a)


@functools.lru_cache(maxsize=65536)
def text_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The word keys of ``text`` (possessives dropped: "Riverton's" -> "riverton") and, among
    them, its names: capitalised words that do not open the text, a sentence or a quotation,
    and are not minor words ("Monday", "According")."""
    all_words: set[str] = set()
    names: set[str] = set()
    prev_end = None
    for m in _TEXT_WORD.finditer(text):
        word = m.group()
        key = keys(_POSSESSIVE.sub("", word) or word)
        if not key:
            continue
        k = key[0]
        all_words.add(k)
        before = text[prev_end:m.start()].strip() if prev_end is not None else None
        opens = before is None or (before != "" and before[-1] in _OPENERS)
        if word[0].isupper() and not opens and len(k) > 1 and (k not in MINOR_WORDS or k == "may") and not k.isdigit():
            names.add(k)
        prev_end = m.end()
    return frozenset(all_words), frozenset(names)


def names_agree(text_a: str, text_b: str) -> bool:
    """Whether two claims may be about the same named people and places: refused when each names
    something the other does not mention ("rents in Harwick Vale" / "rents in Duncaster", "in
    March" / "in April"); one naming more ("..., more than anywhere else in Tamsin Delta") is
    a detail added. A name at the very start of a sentence is not seen (it may be a common word)."""
    words_a, names_a = text_words(text_a)
    words_b, names_b = text_words(text_b)
    return not (names_a - words_b and names_b - words_a)


def anchored(a: Sequence[str], b: Sequence[str], text_a: str, text_b: str) -> bool:
    """Whether two claims share enough specifics to be read with the lower cosine
    (``claim_anchored_cosine``): two or more of the same figures, one of them not a year, a name
    both mention ("4.1 percent", "2019", "Harwick Vale"), and words reworded rather than edited
    (word similarity under ``ANCHOR_MAX_SIMILARITY``)."""
    shared = figures(a) & figures(b)
    if len(shared) < 2 or all(YEAR.match(f) for f in shared):
        return False
    if word_similarity(a, b) >= ANCHOR_MAX_SIMILARITY:
        return False
    words_a, names_a = text_words(text_a)
    words_b, names_b = text_words(text_b)
    return bool((names_a & words_b) or (names_b & words_a))


def minor_difference(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether the words one wording has and the other lacks are all minor (``MINOR_WORDS``)."""
    diff = (Counter(a) - Counter(b)) + (Counter(b) - Counter(a))
    return all(k in MINOR_WORDS for k in diff)


def word_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """2 x common words in order / total words."""
    if not a and not b:
        return 1.0
    return 2 * LCSseq.similarity(a, b) / (len(a) + len(b))


def _content(k: str) -> bool:
    return k not in MINOR_WORDS and k not in _SIDE and not _FIGURE.match(k) and k not in _NUMBER_WORDS


def content_edit(a: Sequence[str], b: Sequence[str], ratio_min: float = 0.8) -> bool:
    """Whether ``b`` is ``a`` edited rather than reworded: a content word that only one has (not a
    minor word, a figure or a word of direction such as "rose"/"climbed", nor in a phrase just
    before "say"/"said"/...: who makes the claim, unless a pronoun after it refers back to
    that phrase: "Some patients / nurses said they had not been consulted"), and either word similarity of at least
    ``ratio_min`` or one phrase replaced by another in the same frame (every other difference
    minor). "Wheat yields ... dropped 18 percent" / "Barley yields ...",
    "The plan was drawn up after job losses at the factory left suppliers without help" / "...
    after late payments to suppliers left ...": one frame, two claims; sentence vectors put them
    close, so no cosine may join them."""
    diff = (Counter(a) - Counter(b)) + (Counter(b) - Counter(a))
    only = {k for k in diff if _content(k)}
    if not only:
        return False
    changed = []  # differing runs that hold more than minor words, but not who says it
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal" or all(k in MINOR_WORDS for k in (*a[i1:i2], *b[j1:j2])):
            continue
        if i2 < len(a) and a[i2] in _SPEECH and not _PRONOUNS.intersection(a[i2:]):
            continue  # "Critics say ..." / "Several councillors say ...", unless "they"/"it" refers back
        changed.append((a[i1:i2], b[j1:j2]))
    if not any(k in only for wa, wb in changed for k in (*wa, *wb)):
        return False
    if word_similarity(a, b) >= ratio_min:
        return True
    if len(changed) != 1:
        return False
    wa, wb = changed[0]
    return any(k in only for k in wa) and any(k in only for k in wb)


def paraphrase(a: Sequence[str], b: Sequence[str], text_a: str, text_b: str, cosine: float,
               cos_min: float = 0.85, anchored_min: float = 0.75, ratio_min: float = 0.8) -> bool:
    """The paraphrase test of one pair (word keys ``a``, ``b``; texts; their MiniLM cosine): the
    guards pass (``compatible``, ``names_agree``, not a ``content_edit``) and the cosine reaches
    ``cos_min``, or ``anchored_min`` for an ``anchored`` pair."""
    if cosine < min(cos_min, anchored_min) or not compatible(a, b) or not names_agree(text_a, text_b):
        return False
    if content_edit(a, b, ratio_min):
        return False
    return cosine >= cos_min or anchored(a, b, text_a, text_b)


__all__ = ["ANCHOR_MAX_SIMILARITY", "MINOR_WORDS", "YEAR", "anchored", "compatible", "content_edit", "event_days", "figures", "figures_agree",
           "minor_difference", "names_agree", "negated", "paraphrase", "text_words", "word_similarity"]
