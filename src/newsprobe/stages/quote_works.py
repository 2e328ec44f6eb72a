"""Quoted words that name a work (a film, a book, a show), not speech: the quotes stage labels
them ``title`` and gives them no speaker."""

from __future__ import annotations

import re
from typing import Any, Callable

from .quote_cues import TITLE_SMALL

#: Words just before a quoted title: 'told Channel 4's "Harbour Hour."', 'the film "..."'.
TITLE_LEADS = re.compile(
    r"(?:'s|\bs'|\b(?:on|in|of|titled|entitled|called|named|show|program|programme|series|film|movie|book|song|album|novel|documentary|play|podcast|column|essay|hashtag|slogan|banner|sign|cap|hat|shirt|opera|musical|exhibition|poem|track|single|episode|memoir|bestseller|painting|game|comedy|drama|sitcom|thriller|adaptation|biopic|remake|sequel|prequel|spinoff|spin-off|miniseries|franchise|magazine|newspaper|motto|chant|calls|call|dubbed|nicknamed|known\s+as))\s*$"
    # a work or a slogan named in apposition after a comma: 'in his 2012 memoir, "A Harbour Son."'
    r"|\b(?:book|film|movie|song|album|novel|documentary|memoir|essay|poem|podcast|bestseller|autobiography|slogan|motto|chant|hashtag|catchphrase|tagline),\s*$",
    re.IGNORECASE,
)
_TITLED = re.compile(r"\b(?:titled|entitled)\s*$", re.IGNORECASE)  # only a title follows


def looks_like_title(content: str, before: str, has_verb: Callable[[], bool] = lambda: True) -> bool:
    """Quoted words that name a work, not speech: title case after a lead word ("the film", "a book called",
    "titled", "on", an author's "'s": 'told Channel 4's "Harbour Hour."'), or two to eight words, nearly all
    capitalised, with no verb ('the "Green Horizons Summit"'); after "titled" or "entitled", up to 20 words
    in any case ('an essay titled "The ministry is fudging the numbers"'). ``has_verb`` reads the parse."""
    words = content.strip(" .,!?;:").split()
    if _TITLED.search(before):
        return 1 <= len(words) <= 20 and words[0][:1].isupper()
    if not 1 <= len(words) <= 10 or content.rstrip(" \"'").endswith((".", "!", "?", ",")) and not TITLE_LEADS.search(before):
        return False
    alpha = [w for w in words if w[:1].isalpha()]
    if not alpha or not alpha[0][0].isupper():
        return False
    caps = sum(1 for w in alpha if w[0].isupper())
    title_case = _capitalised(alpha)
    if TITLE_LEADS.search(before):
        return title_case and (caps >= 2 or len(alpha) == 1)
    return title_case and 2 <= len(alpha) <= 8 and caps >= 2 and caps >= 0.6 * len(alpha) and not has_verb()


def title_cased(content: str) -> bool:
    """Two words or more, every one capitalised but small words ("Make The Pier Great,"): a
    short quoted phrase in this case is more likely a name or a slogan than a sentence said."""
    alpha = [w for w in content.strip(" .,!?;:").split() if w[:1].isalpha()]
    return len(alpha) >= 2 and _capitalised(alpha)


def _capitalised(words: list[str]) -> bool:
    """Every word capitalised but the small ones a title leaves in lower case ("of", "the")."""
    return all(w[0].isupper() or w.lower() in TITLE_SMALL for w in words)


#: How quoted words hang on a noun after them when they only name it ('"Harbour 2030" badges').
_NOUN_MODIFIERS = frozenset({"compound", "nmod", "amod", "nummod"})


def names_a_noun(word: Any, head: Any) -> bool:
    """The quoted words end at ``word`` and modify ``head``, a noun after the quote: the words
    name a thing ('wearing "Harbour 2030" badges', 'a "No Toll" flag'), nobody's speech, even
    when a verb of saying governs the noun ("Ana Ruiz, wearing "Harbour 2030" badges, said ...",
    quotes version 59). The quote's word that hangs outside must be a name, a noun, a number
    or an adjective: a verb there makes the quote a clause."""
    return word.dep_ in _NOUN_MODIFIERS and word.pos_ in ("PROPN", "NOUN", "NUM", "ADJ", "X") and head.pos_ in ("NOUN", "PROPN") and head.i > word.i


def naming_participle(verb: Any) -> bool:
    """A labelling verb's past participle that hangs on a noun and is followed by the quote
    (or "the" and the quote) gives the thing its name ('in a box labeled "prior conditions"',
    'a formula called the "chained CPI"'): nobody says those words (quotes version 59). Not
    with a subject or an object of its own ('one senator called Vance "a menace"', which the
    tagger may read as a senator named Vance)."""
    if verb.tag_ != "VBN" or verb.dep_ != "acl" or verb.head.pos_ not in ("NOUN", "PROPN") or any(c.dep_ in ("aux", "auxpass", "nsubj") for c in verb.children):
        return False
    doc, k = verb.doc, verb.i + 1
    if k < len(doc) and doc[k].pos_ == "DET":
        k += 1
    return k < len(doc) and doc[k].is_quote
