"""The story model of synthetic corpora and how it becomes text with known offsets.

A story is a list of ``Block``s (paragraphs) of ``Sent``s. A sentence is plain text, a
quotation (``Quote``: clauses, the true speaker, the person the text credits, a cue form) or a
claim. ``render`` writes the text and returns where every sentence, quotation and claim
landed, so the truth file can give offsets. A quotation names its speaker in full with a role
at the first mention in a story ("said Maria Ortega, the transport minister") and by surname
after ("Ortega said").
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import Any

from .synth_names import SECTIONS
from .synth_text import Person, join_clauses


@dataclass(frozen=True)
class Quote:
    group: str
    clauses: tuple[str, ...]
    speaker: Person  # who said it
    credited: Person  # whom the text credits (another person when misattributed)
    form: int
    drift: str | None = None  # None, "word", "drop" or "add"

    @property
    def content(self) -> str:
        return join_clauses(self.clauses)


@dataclass(frozen=True)
class Sent:
    key: int  # the sentence's index in its original; -1 for text written for this article
    text: str = ""
    quote: Quote | None = None
    claim: str | None = None  # claim group id
    claim_form: str | None = None  # "first", "verbatim", "paraphrase" (in the original that wrote it)


@dataclass
class Block:
    sents: list[Sent]
    reset: bool = False  # a new story starts here: speakers are named in full again
    origin_id: str | None = None  # stitched posts: the original this block was copied from


@dataclass
class Placed:
    """Where a sentence landed: [start, end) in the text, and for a quotation its content."""

    sent: Sent
    start: int
    end: int
    quote_start: int = -1
    quote_end: int = -1
    text: str = ""


@dataclass
class Rendered:
    text: str
    placed: list[Placed] = field(default_factory=list)
    blocks: list[tuple[int, int]] = field(default_factory=list)  # [start, end) of each block


MARKS = (("“", "”"), ('"', '"'))


def quote_sentence(q: Quote, mentioned: set[str], marks: tuple[str, str]) -> tuple[str, int, int]:
    """The sentence for ``q`` and where its content lies in it."""
    o, c = marks
    p = q.credited
    first = p.name not in mentioned
    mentioned.add(p.name)
    content = q.content
    if q.form == 2:
        head = f"{p.name}, {p.role}, said: {o}" if first else f"{p.last} added: {o}"
        return f"{head}{content}.{c}", len(head), len(head) + len(content)
    if q.form == 1:
        tail = f"{c} {p.name}, {p.role}, said." if first else f"{c} said {p.last}."
    else:
        tail = f"{c} said {p.name}, {p.role}." if first else f"{c} {p.last} said."
    return f"{o}{content},{tail}", len(o), len(o) + len(content)


def render(blocks: list[Block], *, marks: tuple[str, str] = MARKS[0], header: str = "", footer: str = "") -> Rendered:
    parts: list[str] = []
    pos = 0
    out = Rendered("")
    if header:
        parts.append(header + "\n\n")
        pos += len(header) + 2
    mentioned: set[str] = set()
    for b, block in enumerate(blocks):
        if block.reset:
            mentioned = set()
        if b:
            parts.append("\n\n")
            pos += 2
        start = pos
        for i, s in enumerate(block.sents):
            if i:
                sep = "\n" if s.key == -2 or block.sents[i - 1].key == -2 else " "
                parts.append(sep)
                pos += 1
            if s.quote is not None:
                text, qs, qe = quote_sentence(s.quote, mentioned, marks)
                out.placed.append(Placed(s, pos, pos + len(text), pos + qs, pos + qe, text))
            else:
                text = s.text
                out.placed.append(Placed(s, pos, pos + len(text), text=text))
            parts.append(text)
            pos += len(text)
        out.blocks.append((start, pos))
    if footer:
        parts.append("\n\n" + footer)
    out.text = "".join(parts)
    return out


# --- site templates: a long header and footer every page of a site shares -------------------


NEWSLETTER = (
    "Sign up for the {o} morning newsletter: the stories that matter in {r}, checked by our newsroom and delivered before breakfast, free of charge.",
    "Get {r} in your inbox. Our editors pick five stories every weekday evening; unsubscribe with one click whenever you like.",
    "Never miss a council vote again: the {o} weekly briefing lands on Sundays with everything decided in {r} and what it costs you.",
    "Join thousands of readers across {r} who start the day with our free bulletin of local news, weather and roadworks.",
    "Breaking news alerts from the {o} are free for registered readers. Register today and choose the towns you follow.",
)
COOKIES = (
    "We use cookies to understand how our pages are read and to show you relevant offers. You can change your choice at any time in the privacy settings at the bottom of every page.",
    "This site stores small files on your device so that it works properly and so that our advertising partners can measure their campaigns. Accept all, or manage your preferences.",
    "Our partners and we process personal data such as your visits to this website to personalise content and adverts. By continuing to read you agree to our cookie policy.",
    "Cookies help us deliver journalism for free. Some are essential, others help us improve the site; find out which ones and switch them off on our privacy page.",
)
SUPPORT = (
    "Support independent local journalism in {r}: become a member of the {o} from the price of a coffee a month.",
    "Journalism like this takes time and money. If you value reporting from {r}, please consider a one-off contribution or a subscription.",
    "The {o} is owned by its readers. Members get early access to investigations, invitations to our public debates and no adverts at all.",
    "Tips, corrections or a story we should be covering in {r}? Write to the newsroom; every message is read by an editor.",
)
LINKS = ("About us", "Contact the newsroom", "Advertise", "Privacy settings", "Terms of use", "Corrections and complaints",
         "Careers", "Editorial code", "Accessibility", "Sitemap", "Archive", "Help", "Syndication")


def site_template(rng: random.Random, outlet: str, region: str, style: int = 0) -> tuple[str, str]:
    """A header (navigation, a newsletter box, a cookie notice) and a footer (a fixed "most
    read" list, an appeal, links) for ``outlet``; sites with different ``style`` word them
    differently, so two sites' templates share little text."""
    sections = rng.sample(SECTIONS, 9)
    nouns = rng.sample(("Ferry", "Market", "Council", "Bridge", "Harbour", "School", "Festival", "Stadium", "Hospital",
                        "Library", "Airport", "Museum"), 4)
    most_read = [
        f"{noun} {rng.choice(('timetable changes', 'opening hours', 'results', 'road closures', 'winners', 'report', 'plans'))}: "
        f"{rng.choice(('what you need to know for', 'everything that changes over', 'our guide to', 'the map for'))} "
        f"{rng.choice(('the weekend', 'next week', 'the holidays', 'the summer', 'the winter', 'the elections'))}"
        for noun in nouns
    ]
    fmt = {"o": outlet, "r": region}
    header = "\n".join([
        f"{outlet} | " + " | ".join(sections),
        NEWSLETTER[style % len(NEWSLETTER)].format(**fmt),
        COOKIES[style % len(COOKIES)],
    ])
    footer = "\n".join([
        rng.choice(("Most read this week", "Trending now", "Readers' favourites", "Popular in " + region)),
        *most_read,
        SUPPORT[style % len(SUPPORT)].format(**fmt),
        f"© {outlet}. All rights reserved. " + " | ".join(rng.sample(LINKS, 7)),
    ])
    return header, footer


def words(text: str) -> int:
    return len(text.split())


def shared_words(a: str, b: str) -> int:
    """Words of ``b`` that ``a`` also has, in order (a whole sentence copied: all of them)."""
    if a == b:
        return words(b)
    import difflib

    wa, wb = a.split(), b.split()
    return sum(m.size for m in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks())


def copy_blocks(blocks: list[Block]) -> list[Block]:
    return [replace(b, sents=list(b.sents)) for b in blocks]


def as_dict(p: Placed) -> dict[str, Any]:
    return {"start": p.start, "end": p.end, "text": p.text}
