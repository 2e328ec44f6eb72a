"""Named entities from the spaCy parse, each with ``attrs.canonical``: the fullest name the
article uses for the same entity ("Ortega" -> "Maria Ortega", "AP" -> "Associated Press")."""

from __future__ import annotations

import re
from typing import Iterable

from ..article import Article, Span
from ..pipeline import RESOURCE_DOC, Context, stage
from ..settings import Settings

_PREFIX = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof|sen|rep|gov|gen|col|capt|lt|sgt|rev|sir|dame)\.?\s+", re.I)

#: spaCy labels grouped so that a PERSON mention is never resolved to an ORG name, etc.
_KIND = {"PERSON": "person", "ORG": "org", "NORP": "org", "GPE": "place", "LOC": "place", "FAC": "place"}


def clean_name(text: str) -> str:
    """Strip articles, possessives, honorifics and stray punctuation from a mention."""
    name = " ".join(text.split())
    name = _PREFIX.sub("", name)
    name = _POSSESSIVE.sub("", name)
    name = _HONORIFIC.sub("", name)
    return name.strip(" ,.;:\"'()[]\u201c\u201d\u2018\u2019-")


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", name) if w[0].isupper())


def canonical_names(
    mentions: Iterable[tuple[str, str]], *, unreliable: Iterable[tuple[str, str]] = ()
) -> dict[tuple[str, str], str]:
    """Map each ``(kind, name)`` to the fullest name of the same kind that contains it as
    whole words (surname, first name) or whose capital initials spell it (acronyms).

    ``unreliable`` mentions (found only in title-case lines such as headlines, where the tagger
    often swallows the next word: "Ben Carson Defends") never serve as the canonical name of
    others, and resolve to the longest reliable name they contain when there is one.
    """
    by_kind: dict[str, set[str]] = {}
    for kind, name in mentions:
        if name:
            by_kind.setdefault(kind, set()).add(name)
    weak = set(unreliable)
    result: dict[tuple[str, str], str] = {}
    for kind, names in by_kind.items():
        trusted = [n for n in names if (kind, n) not in weak] or list(names)
        ordered = sorted(trusted, key=lambda n: (-len(n.split()), -len(n), n))
        for name in names:
            words = name.split()
            best = name
            if (kind, name) in weak:
                inside = [o for o in ordered if o != name and _contains_words(words, o.split())]
                if inside:
                    best = inside[0]
                    words = best.split()
            for other in ordered:
                if other == best or len(other) <= len(best):
                    continue
                owords = other.split()
                if len(words) < len(owords) and _contains_words(owords, words):
                    best = other
                    break
                if kind == "org" and len(words) == 1 and best.isupper() and len(best) >= 2 and _acronym(other) == best:
                    best = other
                    break
            result[(kind, name)] = best
    return result


def _title_case_line(text: str, start: int) -> bool:
    """Whether the line around ``start`` is headline-cased (most longer words capitalised)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    if line.rstrip().endswith((".", ".\"", ".”", ":")):
        return False  # a sentence, not a headline
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.7


def _contains_words(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _entities(article: Article, ctx: Context) -> None:
    raw: list[tuple[int, int, str, str]] = []
    for offset, doc in ctx.docs:
        for ent in doc.ents:
            start, end = offset + ent.start_char, offset + ent.end_char
            text = article.text[start:end]
            # trim whitespace and a trailing possessive from the evidence span itself
            while end > start and article.text[end - 1].isspace():
                end -= 1
            while start < end and article.text[start].isspace():
                start += 1
            if end <= start:
                continue
            raw.append((start, end, ent.label_, clean_name(text)))
    kinds = [(_KIND.get(label, label.lower()), name) for _, _, label, name in raw]
    headline_only = {k for k, (start, _, _, _) in zip(kinds, raw) if _title_case_line(article.text, start)}
    headline_only -= {k for k, (start, _, _, _) in zip(kinds, raw) if not _title_case_line(article.text, start)}
    canon = canonical_names(kinds, unreliable=headline_only)
    spans = [
        Span(start, end, label, attrs={"canonical": canon.get((_KIND.get(label, label.lower()), name), name) or name})
        for start, end, label, name in raw
    ]
    article.with_layer("entities", spans)


@stage("entities", version="1", requires=(RESOURCE_DOC,), assigns=("entities",), languages=("en",))
def make_entities(settings: Settings):
    """Named entities (spaCy OntoNotes labels) with the article's fullest name for each."""
    return _entities
