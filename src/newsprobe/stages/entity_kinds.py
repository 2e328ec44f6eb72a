"""Entity mentions the small tagger labels as the wrong kind of thing, or that name nothing
(docs/entities.md, version 28; from a review of the entities on 40 English real pages):
software and operating systems as people or places ("Fedora", "Gentoo", "Linux" GPE),
streets as people ("Dresden Drive"), and tokens that are no names at all: degrees after a
name ("MD", "PhD"), "AI" (a place on one page, 21 times), code, e-mail addresses and hex
colours (a handle such as "@name" stays: it names an account)."""

from __future__ import annotations

import re

from .entity_labels import Mention

#: Software and operating systems: a PRODUCT, never a person, place or group.
SOFTWARE = frozenset(
    """Linux Ubuntu Lubuntu Kubuntu Xubuntu Debian Fedora Gentoo Mint CentOS macOS MacOS OSX iOS iPadOS Android
    JavaScript TypeScript Django Flask Emacs PostgreSQL MySQL SQLite MongoDB Firefox Chromium WordPress Drupal Joomla
    Kubernetes Docker""".split()
)
#: Labels a software name is never.
_NOT_SOFTWARE = frozenset("PERSON GPE LOC NORP FAC WORK_OF_ART".split())
#: Last words of a street's name ("Dresden Drive", "Peachtree Road").
STREET_WORDS = frozenset("Road Rd Drive Dr Street St Avenue Ave Boulevard Blvd Lane Ln Highway Hwy Parkway Pkwy Terrace Crescent".split())
#: Tokens that are no names: degrees and credentials after a person's name, and initialisms of things.
NOT_NAMES = frozenset("MD PhD Ph.D MPH MSc MHS MSCE MBA DDS DMD RN BSc FRCP FACP AI ECG EKG UTC GMT FAQ PDF URL API".split())
#: Labels of names (not numbers, dates or amounts).
NAME_LABELS = frozenset("PERSON ORG GPE NORP LOC FAC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split())
_LETTER = re.compile(r"[^\W\d_]")
_CODE = re.compile(r"\w@\w|^(?=.*\d)[0-9A-Fa-f]{6}$|[{}<>=*]")


def fix_kinds(items: list[Mention]) -> list[Mention]:
    """Software names -> PRODUCT; a person or group name ending in a street word -> FAC; no
    names (no letter, code or an address, a degree, "AI") left out."""
    out: list[Mention] = []
    for start, end, label, name, head, was in items:
        words = name.split()
        if label in NAME_LABELS and (not _LETTER.search(name) or _CODE.search(name) or name.rstrip(".") in NOT_NAMES):
            continue  # numbers, dates and amounts keep their digits
        if name in SOFTWARE and label in _NOT_SOFTWARE:
            out.append((start, end, "PRODUCT", name, head, was or label))
        elif len(words) >= 2 and words[-1].rstrip(".") in STREET_WORDS and label in ("PERSON", "NORP"):
            out.append((start, end, "FAC", name, head, was or label))
        else:
            out.append((start, end, label, name, head, was))
    return out
