"""Names of organisations and products the small tagger reads as people, found from what
stands around them (docs/entities.md, version 36; from a review of the entities on the
English real pages):

- **the page's own outlet**: the publisher stage knows it from the page's metadata ("Harbour
  Ledger"), and the tagger read it as a person (an outlet's name seven times on its own "About
  us" page), cut it ("Harbour" of "... | Harbour Ledger" in the title line) or ran it into a
  place ("NOW Dalmere"); each mention of that name is an ORG;
- **a one-word "person" listed with companies or products** ("Corvane, Pixaro and Lumio",
  the makers of graphics cards in a shopping guide): an organisation, unless it is a common
  first name or a first or last name of a full PERSON name in the article ("Corvane, Pixaro and
  Halloway" beside "Ruth Halloway").

Both only relabel or add mentions; ``entity_labels.one_label_per_name`` then gives each name
one label in the article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Callable, Iterator

from .entity_labels import Mention, person_name_words
from .given_names import is_given_name

#: What stands between two names of one list: a comma, "and", "or", "&" (", and" too).
_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:(?:and|or|&)\s+)?|\s(?:and|or|&)\s+)")
#: Labels of the companies and products a listed one-word "person" stands among.
_THING_LABELS = frozenset(("ORG", "PRODUCT"))
#: Labels of a longer name that holds the outlet's ("the Harbour Ledger Awards"): kept.
_HOLDING_LABELS = frozenset("ORG PRODUCT FAC EVENT WORK_OF_ART LAW".split())
#: Signs that part a page title from the site's name ("Dalmere reopens - Harbour Ledger"): a mention
#: running over one holds no name of the outlet's.
_TITLE_SEPARATOR = re.compile(r"\s[-|\u2013\u2014:]\s|\|")
#: An article opening an outlet's name; entity names are written without it ("Japan Times").
_ARTICLE = re.compile(r"^the\s+", re.I)
#: The longest outlet name looked for, in characters (a site name that is a slogan is not).
MAX_OUTLET_NAME = 60


def _lists(text: str, items: list[Mention]) -> list[list[int]]:
    """Indexes into ``items`` (sorted by start) of the runs of names joined as a list."""
    runs: list[list[int]] = []
    for k, (start, _, _, _, _, _) in enumerate(items):
        if k and runs and runs[-1][-1] == k - 1 and items[k - 1][1] <= start and _LIST_GLUE.fullmatch(text, items[k - 1][1], start):
            runs[-1].append(k)
        else:
            runs.append([k])
    return [run for run in runs if len(run) >= 2]


def relabel_listed_things(text: str, items: list[Mention]) -> list[Mention]:
    """A one-word PERSON listed with at least two companies or products and nothing else
    ("Corvane, Pixaro and Lumio") becomes the label most of them carry
    (``attrs.label_was`` keeps PERSON); a common first name or a word of a full PERSON name in
    the article stays a person."""
    items = sorted(items)
    person_words = person_name_words(items)

    def doubtful(m: Mention) -> bool:
        name = m[3]
        return m[2] == "PERSON" and " " not in name and name.isalpha() and name not in person_words and not is_given_name(name)

    new_label: dict[int, str] = {}
    for run in _lists(text, items):
        people = [k for k in run if doubtful(items[k])]
        things = [items[k][2] for k in run if items[k][2] in _THING_LABELS]
        if people and len(things) >= 2 and len(people) + len(things) == len(run):
            label = max(sorted(set(things)), key=things.count)
            new_label.update((k, label) for k in people)
    return [
        (start, end, new_label[k], name, head, was or label) if k in new_label else (start, end, label, name, head, was)
        for k, (start, end, label, name, head, was) in enumerate(items)
    ]


def outlet_name_pattern(name: str, words: frozenset[str]) -> re.Pattern[str] | None:
    """The pattern of an outlet's name as the text writes it, or None for names not worth
    looking for: a domain ("parallels.com"), a slogan (longer than ``MAX_OUTLET_NAME``, or
    with a title separator), no capital letter, or one word the text also writes in lower
    case as a plain word (``words``: "Time" beside "in time"). A leading "The" is left out."""
    name = _ARTICLE.sub("", " ".join(name.split()))  # "The Haitian Times": names are kept without "the"
    if not name or len(name) > MAX_OUTLET_NAME or _TITLE_SEPARATOR.search(name) or not any(c.isupper() for c in name):
        return None
    if " " not in name and ("." in name or name.lower() in words):
        return None
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def mark_outlet(text: str, items: list[Mention], name: str, words: frozenset[str],
                skip: Callable[[int, int], bool], is_head: Callable[[int], bool]) -> list[Mention]:
    """Every mention of the article's own outlet ``name`` (the publisher signal's) is one ORG
    mention: mentions inside it or crossing it give way (``attrs.label_was`` keeps the label of
    one that had the same span), a longer name that holds it stays ("the Harbour Ledger Awards"), and
    spans where ``skip`` says so (page furniture) are left alone. ``is_head`` tells a headline
    line's offset."""
    pattern = outlet_name_pattern(name, words)
    if pattern is None:
        return items
    found = [m.span() for m in pattern.finditer(text) if not skip(*m.span())]
    if not found:
        return items
    ends = [e for _, e in found]  # the matches never overlap: sorted by start and by end

    def overlapping(start: int, end: int) -> Iterator[int]:
        k = bisect_right(ends, start)  # the first match ending after ``start``
        while k < len(found) and found[k][0] < end:
            yield k
            k += 1

    held = {k for it in items for k in overlapping(it[0], it[1])
            if it[0] <= found[k][0] and it[1] >= found[k][1] and (it[0], it[1]) != found[k] and it[2] in _HOLDING_LABELS
            and not _TITLE_SEPARATOR.search(text[it[0]:found[k][0]] + " " + text[found[k][1]:it[1]])}
    out: list[Mention] = []
    same: dict[int, Mention] = {}
    for it in items:
        hits = [k for k in overlapping(it[0], it[1]) if k not in held]
        if not hits:
            out.append(it)
        elif found[hits[0]] == (it[0], it[1]):
            same[hits[0]] = it
    for k, (s, e) in enumerate(found):
        if k in held:
            continue
        old = same.get(k)
        was = (old[5] or (old[2] if old[2] != "ORG" else None)) if old else None
        out.append((s, e, "ORG", text[s:e], old[4] if old else is_head(s), was))
    return sorted(out)
