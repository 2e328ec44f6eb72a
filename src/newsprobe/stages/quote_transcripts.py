"""Interview transcripts for the quotes stage: a paragraph that opens with a speaker's label
("PENCE: Well, ...") is that speaker's words."""

from __future__ import annotations

import bisect
import re
from collections import Counter

from ..article import Article
from .quote_cues import TRANSCRIPT, trim
from .quote_verb_names import person_name
from .quote_people import headline_end
from .quote_post import Found
from .quote_pronouns import Speaker

#: Shortest transcript paragraph, in words, reported as the speaker's.
MIN_WORDS = 3


def _label_names(text: str) -> Counter[str]:
    """How many lines each label opens."""
    return Counter(m.group(1) for m in re.finditer(r"(?m)^" + TRANSCRIPT.pattern, text))


def _people(article: Article, text: str, labels: Counter[str]) -> dict[str, str]:
    """Upper-case name word -> the person's name, from PERSON entities outside the labels
    themselves (``labels``: how many lines each opens), except an all-capitals label that opens
    two lines or more ("WALLACE:")."""
    people: dict[str, str] = {}
    for ent in article.layer("entities"):
        if ent.label != "PERSON":
            continue
        if ":" in text[ent.end : ent.end + 3]:  # maybe a label: read its line (only then)
            line_start = text.rfind("\n", 0, ent.start) + 1
            label = TRANSCRIPT.match(text, line_start, min(len(text), ent.end + 3))
            at_label = label is not None and not text[line_start : ent.start].strip(" \t\"'\u201c")
            if label is not None and at_label and not (label.group(1).isupper() and labels[label.group(1)] >= 2):
                continue  # "Background:" the tagger read as a person names no one
        canon = person_name(ent)
        for word in canon.split():
            if len(word) >= 3:
                people.setdefault(word.upper(), canon)
    return people


#: A turn of fewer words than this may be a section's heading ("Ruiz: Win big.").
HEADING_WORDS = 8


def _section_heading(text: str, start: int, end: int, who: str) -> bool:
    """Whether the short line "Ruiz: Just hold on." may head a section about that person rather
    than give her words: the next paragraph is no one's turn and names her ("Mayor Ana Ruiz has
    led every poll ..."), as in "what each candidate needs" pieces (``add_transcripts`` drops
    such lines only when there are two or more)."""
    if len(text[start:end].split()) >= HEADING_WORDS:
        return False
    nxt = end
    while nxt < len(text) and text[nxt] in "\n\r \t":
        nxt += 1
    line_end = text.find("\n", nxt)
    line = text[nxt : len(text) if line_end < 0 else line_end]
    if not line or TRANSCRIPT.match(line):
        return False
    surname = who.split()[-1]
    return re.search(r"\b" + re.escape(surname) + r"\b", line) is not None


def add_transcripts(found: list[Found], article: Article) -> None:
    """Add a ``direct`` quote for each transcript paragraph ("PENCE: Well, ..."): the rest of
    the paragraph is the speaker's words. The name must be a person the article names
    ("PENCE" for "Mike Pence") outside such labels, an all-capitals label that opens two lines
    or more, or the first name of a person the article names in full ("Tomas:" for "Tomas
    Brandt") where such first names, one person to each, open two lines or more between them;
    so "Note:", "Update:" or "Background:" never speak even where the tagger reads the label as
    a person. Paragraphs other quotes already cover are left alone."""
    text = article.text
    labels = _label_names(text)
    people = _people(article, text, labels)
    if not people:
        return
    firsts = Counter(name.split()[0] for name in set(people.values()) if " " in name)
    first_labels = {label for label in labels if firsts[label] == 1}
    if sum(labels[label] for label in first_labels) < 2:
        first_labels = set()
    taken = sorted((f.start, f.end) for f in found)
    starts = [t[0] for t in taken]
    pos = headline_end(text, article.meta.get("title"))  # "Name: subtitle" headlines are no transcript
    turns: list[tuple[Found, bool]] = []
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        m = TRANSCRIPT.match(text, pos, end)
        if m is not None:
            said_by = m.group(1)
            who = people.get(said_by.split()[-1].upper().rstrip("."))
            first_name = said_by in first_labels and who is not None and who.startswith(said_by + " ")
            if who is not None and (said_by.isupper() or who.endswith(said_by) or first_name):
                c_start, c_end = trim(text, m.end(), end)
                j = bisect.bisect_left(starts, c_end)
                free = not (j > 0 and taken[j - 1][1] > c_start)
                if free and len(text[c_start:c_end].split()) >= MIN_WORDS:
                    colon = text.rfind(":", m.start(1), m.end())
                    speaker = Speaker(who, "person", m.start(1), m.end(1), via="transcript")
                    turn = Found(c_start, c_end, "direct", 0.8, cue_span=(colon, colon + 1), speaker=speaker, path="transcript")
                    turns.append((turn, pos > 0 and _section_heading(text, c_start, c_end, who)))
        pos = end + 1
    # two such headings or more make a list of sections ("Ruiz: Win big." ... "Brandt: Hold on."), not
    # a transcript; one alone, or the first line ("Ruiz: I will not run." over her story), is her words
    headings = sum(1 for _, heading in turns if heading)
    found.extend(turn for turn, heading in turns if not (heading and headings >= 2))
