"""The ``furniture`` layer: lines of page furniture that extraction left in the text.

Text extracted from real pages carries pieces of the page around the article: share buttons
("Share this:", "Click to share on Twitter (Opens in new window)"), related-story lists
("Related:", "Also on rt.com ...", "Lesen Sie auch"), "Read more at this link", newsletter
prompts, bylines, image credits, comment counts, navigation. Left alone they become quotes,
claims and extra stories. This stage marks them; it never trims the text (offsets stay
stable), and later stages read ``article.layer("furniture")`` and ignore what lies inside.

Rules work on lines (a paragraph of extracted text is one line) and need no parse. Each rule
matches a whole line, so a sentence of the article that merely mentions sharing or a
newsletter is not furniture. English and the most common German equivalents.

Labels: ``share``, ``related``, ``read_more``, ``hover_card``, ``newsletter``, ``byline``,
``nav``, ``caption``, ``comments``, ``other``. ``attrs``: ``rule`` (which rule matched) and,
for a line that names an outlet or a web address as where the text is from or continues
("Read more at The Guardian", "By Jane Roe, Associated Press"), ``names_source``: that name.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Iterable, Iterator

from ..article import Article, Span
from ..context import Context
from ..registry import stage
from ..settings import Settings
from ..textnorm import normalize_for_matching, text_lines

LABELS: tuple[str, ...] = (
    "share", "related", "read_more", "hover_card", "newsletter", "byline", "nav", "caption", "comments", "other",
)

#: Lines longer than this are body text whatever they start with (a related list glued to
#: its heading can be long, so ``related`` and ``share`` rules allow more).
MAX_WORDS = 30
#: How many short lines after a "Related:" heading are taken as its list.
MAX_LIST_ITEMS = 10

_NAME = r"(?-i:[A-Z][\w&.'-]*(?:\s+(?:of|the|de|and|&|[A-Z][\w&.'-]*)){0,5})"
_PERSON = r"(?-i:[A-Z][\w.'-]+(?:\s+(?:van|von|de|der|da|di|le|la|bin|al|[A-Z][\w.'-]+)){0,3})"
#: A German byline needs two name words: "Von Risiken und Nebenwirkungen" is a headline.
_PERSON2 = r"(?-i:[A-Z][\w.'-]+(?:\s+(?:van|von|de|der|da|di|le|la|bin|al|[A-Z][\w.'-]+)){1,3})"
_NET = (r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail|mail|print|drucken|tumblr|"
        r"pocket|mastodon|flipboard|threads|bluesky|vk|xing|messenger|sms|copy link|link kopieren)")
_DATE_WORD = (r"\b(?:\d{1,4}(?:[./:-]\d{1,4}){0,2}(?:st|nd|rd|th)?|jan\w*|feb\w*|mär\w*|mar\w*|apr\w*|may|mai|jun\w*|jul\w*|aug\w*|"
              r"sep\w*|oct\w*|okt\w*|nov\w*|dec\w*|dez\w*|mon\w*|tue\w*|wed\w*|thu\w*|fri\w*|sat\w*|sun\w*|diens\w*|mitt\w*|donn\w*|"
              r"frei\w*|sams\w*|sonn\w*|am|pm|a\.m\.|p\.m\.|uhr|at|on|um|am|by|[a-z]{2,4}t|utc|gmt|mez|mesz|updated|last|ago|hours?|minutes?|days?|stunden?|tagen?|vor)\b")
_SEP = r"\s*[:»>|…–—-]"  # what follows a heading word when the heading and its first item share a line

# (label, rule name, pattern over one whole line, max words). Case is ignored except in names.
_RULES: tuple[tuple[str, str, str, int], ...] = (
    # --- share
    ("share", "share-prompt", r"(?:(?:artikel|beitrag|seite|jetzt|story|post)\s+)?(?:share|teilen)(?: (?:this|it|the|on|via|article|story|post|page|with|your|friends|diesen|den|artikel|beitrag|jetzt|mit|sie|auf|per))*(?: " + _NET + r")?\s*[:!.]?", 6),
    ("share", "click-to-share", r"(?:(?:click|tap) to (?:share|print|email|tweet)[^\n]{0,60}?(?:\((?:opens|öffnet) in (?:a )?new window\))?\s*)+", 80),
    ("share", "share-buttons", r"(?!like\s*$)(?:(?:share|tweet|pin|email|e-mail|print|like|follow)(?: (?:on|via|to|this))?\s*:?\s*" + _NET + r"?\s*[|·•,/]?\s*)+", 12),
    ("share", "share-network-list", r"(?:" + _NET + r"\s*[|·•,/]?\s*){2,}", 14),
    ("share", "like-this", r"like this:?(?:\s+like\s+loading\.*)?|like loading\.*|loading\.\.\.|gefällt mir:?", 4),
    # --- related
    ("related", "related-heading", r"(?:related|related (?:stories|articles|posts|content|coverage|reading|news|links|topics|video)|see also|also read|read also|more on this (?:story|topic)|more (?:from|on) (?-i:[A-Z])[^\n]{0,40}|you (?:may|might) also (?:like|be interested in)|recommended(?: for you| stories| reading| articles)?|trending(?: now| stories)?|most (?:read|popular|viewed)|popular (?:stories|posts|now)|latest (?:news|stories|posts|articles)|top stories|lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|das könnte sie auch interessieren|weitere artikel|weitere nachrichten|passend zum thema|zum thema|meistgelesen|empfehlungen|ähnliche artikel|verwandte artikel)(?:" + _SEP + r"[^\n]*)?", 40),
    ("related", "check-out", r"(?:check (?:it |this |these |them )?out|don't miss)\s*:\s*[^\n]{1,200}", 30),
    ("related", "dated-item", r"[-•*]\s+[^\n]{5,160}\s[-–—|]\s(?:" + _DATE_WORD + r"[\s,.]*){2,5}", 40),
    ("related", "also-on", r"also on (?:[\w-]+\.)+[a-z]{2,}\b[^\n]*|also on (?-i:[A-Z][\w.]*(?: [A-Z][\w.]*){0,3})" + _SEP + r"?[^\n]*", 40),
    # --- read more
    ("read_more", "read-more", r"(?:read|see|watch|listen to|view|learn|find out) (?:more|the (?:full|whole|rest of the|original|complete) (?:article|story|report|interview|post|piece|video|thread|statement|text|transcript)|it all|it here)(?:\s+(?:at|on|here|in|from|via|below|above|this|the|in full)\b[^\n]*|" + _SEP + r"[^\n]*)?\s*[.:!»>…]*", 16),
    ("read_more", "read-more-bare", r"(?:continue reading|keep reading|click here(?: to [^\n]{1,60})?|full (?:story|article)(?: here| at [^\n]*)?|(?:mehr|hier|jetzt) (?:lesen|weiterlesen)|weiterlesen|zum (?:ganzen |vollständigen )?artikel|mehr dazu|hier (?:klicken|geht'?s zum [^\n]*))(?:" + _SEP + r"[^\n]*)?\s*[.:!»>…]*", 16),
    ("read_more", "source-link", r"(?:source|sources|quelle|link|via|more|mehr)\s*:?\s*(?:https?://|www\.)\S+", 6),
    ("read_more", "url-only", r"(?:https?://|www\.)\S+", 1),
    # --- newsletter and calls to act
    ("newsletter", "newsletter", r"(?:(?:then|so|please|and|why not|click here to|just)\s+)?(?:sign up|subscribe|join|get|enter|don't miss|never miss|stay (?:informed|up to date|updated|in the loop)|want (?:more|the latest)|like what you|jetzt|newsletter|abonnieren|melden sie sich|hol dir|bleiben sie|verpassen sie)\b[^\n]{0,160}\b(?:newsletters?|inbox|e-?mail|subscribe|sign up|abonn\w*|anmelden|postfach|updates)\b[^\n]{0,120}|(?:\w+ )?newsletters?(?: \w+){0,3}\s*[:!]?", 30),
    ("newsletter", "sign-up-here", r"[^\n]{0,140}\b(?:sign up here|subscribe here|subscribe now|subscribe today|join now|jetzt abonnieren|hier anmelden)\b[^\n]{0,40}", 24),
    ("newsletter", "follow-on", r"(?:follow|like|find|join) (?-i:[A-Z])[^\n]{0,60}\bon (?:" + _NET[3:-1] + r"|instagram|youtube|tiktok|google news)\b[^\n]*", 40),
    ("newsletter", "follow-us", r"(?:follow|folgen sie|folge) (?:us|uns|me|mir)(?: (?:on|auf|at|bei))?[^\n]{0,80}", 14),
    ("newsletter", "support-us", r"(?:please )?(?:support|unterstützen sie) (?:us|uns|our (?:work|journalism)|independent journalism|unabhängigen journalismus)[^\n]{0,160}", 30),
    ("newsletter", "donate", r"(?:donate|jetzt spenden|make a donation|become a (?:member|patron|subscriber|supporter))\b[^\n]{0,80}", 10),
    # --- hover cards (a profile card: name, handle, follow, follower counts)
    ("hover_card", "profile-card", r"[^\n]{0,60}@\w{1,30}\s*(?:[·•|]\s*)?(?:follow(?:ing)?|folgen)\b[^\n]*", 20),
    ("hover_card", "follower-counts", r"(?:[^\n]{0,40}@\w{1,30}\s*[·•|]?\s*)?(?:[\d.,]+\s*[km]?\s+(?:followers|following|follower|abonnenten|folge ich|posts|tweets|beiträge)\s*[·•|,]?\s*){1,4}(?:follow|folgen)?", 20),
    ("hover_card", "view-profile", r"(?:view (?:profile|all posts(?: by [^\n]*)?|more posts)|(?:more|all|see all) (?:articles|posts|stories) by [^\n]+|alle (?:artikel|beiträge) (?:von|anzeigen)[^\n]*|zum autorenprofil|autorenprofil)\s*[.:»>…]*", 12),
    # --- bylines, dates
    ("byline", "by-name", r"(?:(?:by|posted by|written by|reporting by|editing by|author)\s*:?\s+" + _PERSON + r"|(?:von|geschrieben von|text|autor(?:in)?)\s*:?\s+" + _PERSON2 + r")" + r"(?:\s*(?:,|and|&|und)\s*" + _PERSON + r")*(?:\s*(?:[,|/]|\s[-—–])\s*[^\n]{0,80})?", 16),
    ("byline", "name-role", _PERSON + r"\s*[|,]\s*(?:staff|senior|chief|political|foreign|special|contributing|freelance|guest|investigative)?\s*(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?)\b[^\n]{0,60}", 14),
    ("byline", "dated", r"(?:published|posted|updated|last updated|last modified|modified|veröffentlicht|aktualisiert|stand|erschienen|datum|date|news date)(?: (?:on|at|am|um))?\s*:?(?:[\s,.|·•]*" + _DATE_WORD + r")*[\s,.|·•]*", 20),
    ("byline", "date-only", r"(?=[^\n]*(?:\b(?:jan|feb|mar|mär|apr|may|mai|jun|jul|aug|sep|oct|okt|nov|dec|dez)[a-zä]*\b|\d{1,2}[./]\d{1,2}[./]\d{2,4}))(?:" + _DATE_WORD + r"[\s,.|·•]*){2,8}", 10),
    ("byline", "email-only", r"(?:e-?mail:?\s*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", 3),
    ("byline", "dash-name", r"(?:[–—]\s*|-(?=\S))(?-i:[A-Z][\w'-]+\s+(?:[A-Z]\.|[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+)?)", 4),
    ("byline", "reading-time", r"\d+\s*(?:min(?:ute)?s?|minuten)\.?\s*(?:read|lesezeit|lesen)|(?:estimated )?(?:reading time|lesezeit|lesedauer)\s*:?\s*(?:ca\.\s*)?\d+[^\n]{0,20}", 8),
    # --- captions and credits
    ("caption", "credit", r"(?:(?:photo|image|picture|video|graphic|illustration|foto|bild|grafik|credit|symbolbild|titelbild|header image|featured image|image credit|photo credit|bildquelle|abb|abbildung|top image|cover image|lead image)s?\.?\s*(?:credit|source|courtesy|quelle)?\s*[:©]|©|\(c\)|copyright ©)\s*[^\n]{0,120}", 20),
    ("caption", "credit-bracket", r"\((?:photo|image|picture|foto|bild)(?: by| von|:)[^\n)]{1,120}\)", 20),
    ("caption", "captioned", r"[^\n]{3,300}\((?:[^()\n]{0,60}\b)?(?:photos?|picture|pic|image|file|file photo|foto|bild|getty images|ap photo|reuters|afp|screenshot|screengrab)\b[^()\n]{0,80}\)", 45),
    ("caption", "agency-photo", r"(?:[\w. ]{0,40}/)?(?:getty images|afp|ap photo|ap|reuters|dpa|imago|epa|shutterstock|istock|picture alliance|picture-alliance|alamy|depositphotos|unsplash|pixabay|agencies)(?:\s*/\s*[\w. ]{1,40})*(?:\s+via getty images)?", 8),
    # --- comments
    ("comments", "comment-count", r"(?:\d+|no|one)\s+(?:comments?|replies|responses|kommentare?|antworten)|(?:comments?|kommentare?)\s*\(?\d+\)?", 4),
    ("comments", "comment-prompt", r"(?:leave|post|add|write|join|view|show|load|read|hide)(?: (?:a|the|your|all|more|\d+))? (?:comments?|reply|replies|discussion|conversation)[^\n]{0,60}|(?:kommentar|kommentare) (?:schreiben|anzeigen|lesen|verfassen|laden)[^\n]{0,40}|(?:comments?|kommentare|discussion|diskussion|leave a reply|antworten|reply)\s*[:.]?|you must be logged in to post a comment\.?|(?:log in|sign in) to (?:comment|reply)[^\n]{0,40}", 14),
    # --- navigation
    ("nav", "nav-word", r"(?:home|home page|menu|menü|skip to (?:main )?content|zum inhalt springen|navigation|startseite|search|suche|back to top|nach oben|previous(?: (?:article|post|story))?|next(?: (?:article|post|story))?|vorheriger artikel|nächster artikel|zurück|weiter|print this page|share this page)\s*[:»>|…]?", 4),
    ("nav", "tag-list", r"(?:tags?|schlagworte|schlagwörter|themen|categories|category|kategorien?|filed under|posted in|abgelegt unter|topics)\s*[:»>|]\s*[^\n]{1,300}", 40),
    ("nav", "breadcrumb", r"(?![^\n]*[{}\[\]();=])[^\n>»|]{1,40}(?:\s*[>»|]\s*[^\n>»|]{1,40}){2,}", 14),
    # --- other
    ("other", "advert", r"(?:advertisement|advertising|sponsored(?: content)?|anzeige|werbung|promoted|paid content|partner content)\s*[:.]?", 3),
    ("other", "copyright", r"(?:copyright|all rights reserved|alle rechte vorbehalten)[^\n]{0,160}", 24),
    ("other", "app-prompt", r"(?:if you're on|download|get|install|lade)[^\n]{0,60}\b(?:app)\b[^\n]{0,80}|click here to (?:watch|listen)[^\n]{0,40}|[^\n]{0,80}\b(?:download|get|install)\b[^\n]{0,60}\bapps?\b[^\n]{0,20}\b(?:ios|android|app store|google play)\b[^\n]{0,40}", 30),
    ("other", "paywall", r"[^\n]{0,140}\b(?:already a (?:subscriber|member)|log in for (?:immediate )?access|subscribe (?:now )?to (?:continue|read|unlock)|for the full (?:story|article)|to continue reading|unlock this (?:story|article)|become a subscriber|this (?:content|article|story) is (?:for|available to) (?:subscribers|members))\b[^\n]{0,120}", 40),
    ("other", "contact-prompt", r"(?:to reach|contact|send (?:us )?(?:a )?(?:news )?(?:tip|message)|got a (?:news )?tip|email us|write to us|have a story)[^\n]{0,160}(?:@|\bwhatsapp\b|\be-?mail\b)[^\n]{0,120}", 40),
    ("other", "cookie-notice", r"[^\n]{0,240}\bcookies?\b[^\n]{0,240}\b(?:accept|agree|consent|by continuing|cookie settings|manage (?:your )?(?:cookie )?preferences)\b[^\n]{0,200}|[^\n]{0,200}\b(?:accept|agree to|consent to)\b[^\n]{0,80}\bcookies?\b[^\n]{0,200}", 70),
    ("other", "letters-prompt", r"(?:we want to hear|we'd like to hear|we would like to hear|tell us) what you think[^\n]{0,240}|[^\n]{0,80}\bsubmit a letter to the editor\b[^\n]{0,160}", 50),
    ("other", "to-be-continued", r"(?:to be continued|fortsetzung folgt)\s*[.…]*", 4),
)
#: Rules whose lines may end with a full stop; a line of more than three words that ends with
#: one is otherwise a sentence of the article, not furniture.
_FULL_STOP_OK = frozenset({
    "sign-up-here", "follow-on", "dated", "date-only", "captioned", "paywall", "contact-prompt", "dated-item",
    "click-to-share", "like-this", "read-more", "read-more-bare", "source-link", "url-only", "newsletter", "support-us",
    "view-profile", "credit", "copyright", "to-be-continued", "comment-prompt", "app-prompt", "agency-photo",
    "cookie-notice", "letters-prompt", "check-out", "repeated-line",
})
_COMPILED = tuple(
    (label, name, re.compile(r"^\s*(?:" + rx + r")\s*$", re.IGNORECASE), limit or MAX_WORDS) for label, name, rx, limit in _RULES
)
_FULL_STOP = re.compile(r"\.['\"’”)]?\s*$")
_NAMES_SOURCE = re.compile(
    r"(?:(?:read|see|watch) (?:more|the (?:full|original|complete) (?:article|story|report))|full (?:story|article)|continue reading|"
    r"(?:source|sources|quelle|via|more|mehr)\s*:)\s*(?:at|on|in|from|via)?\s*:?\s*"
    r"(?P<src>(?:https?://)?(?:[\w-]+\.)+[a-z]{2,12}(?:/\S*)?|(?:the\s+)?" + _NAME + r")\s*[.:!»>…]*\s*$",
    re.IGNORECASE,
)
_BYLINE_OUTLET = re.compile(r"(?:,|\||/|\s[-—–])\s*(?P<src>(?:the\s+)?" + _NAME + r")\s*$", re.IGNORECASE)
_VAGUE_TARGET = re.compile(r"^(?:(?:the |this |that |our |my )?(?:link|below|above|site|website|page|article|story|here)|this|that|these|here|hier|diesem|diesen)$", re.I)
#: Short lines right after a related heading are its list while they look like headlines.
_LIST_ITEM_MAX_WORDS = 20


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, line)`` for each non-blank line, trimmed of surrounding space."""
    for s, e in text_lines(text):
        yield s, e, text[s:e]


def classify_line(line: str) -> tuple[str, str] | None:
    """``(label, rule)`` when the whole line is page furniture, else None."""
    words = len(line.split())
    if words == 0 or len(line) > 2000:
        return None
    sentence = words > 3 and bool(_FULL_STOP.search(line))
    for label, name, rx, limit in _COMPILED:
        if words > limit or (sentence and name not in _FULL_STOP_OK):
            continue
        if rx.match(line):
            return label, name
    return None


def _names_source(label: str, rule: str, line: str) -> str | None:
    """The outlet or web address a read-more, source or byline line names as where the text
    is from or continues ("Read more at The Guardian", "By Jane Roe, Associated Press"); not
    "this link", "here"."""
    line = line.strip()
    if rule == "url-only":
        return line
    if label == "read_more":
        m = _NAMES_SOURCE.match(line)
    elif label == "byline":
        m = _BYLINE_OUTLET.search(line)
    else:
        return None
    if not m:
        return None
    src = m.group("src").strip(" .:")
    if _VAGUE_TARGET.match(src):
        return None
    return src


def _is_list_item(line: str) -> bool:
    """A related-list entry: a short headline-like line (no closing full stop, not a bracketed tag)."""
    words = line.split()
    return 1 <= len(words) <= _LIST_ITEM_MAX_WORDS and not line.rstrip().endswith((".", ":", ";")) and line[:1] != "("


#: A heading over a list of references ("References", "Bibliography", "Literatur").
_REFERENCES_HEADING = re.compile(
    r"^\s*(?:references|reference list|bibliography|works cited|literature cited|literatur|literaturverzeichnis|"
    r"quellen|quellenverzeichnis|einzelnachweise)\s*:?\s*$", re.IGNORECASE)
#: What a reference entry holds: a year, a DOI, "et al."
_REFERENCE_MARK = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b|\bdoi\b|\bet al\b", re.IGNORECASE)
#: At most this many lines of one reference list are marked.
MAX_REFERENCE_LINES = 2000


def _is_reference_line(line: str) -> bool:
    """A reference entry (it holds a year, a DOI or "et al.") or a short row of its links
    ("Crossref Medline Google Scholar")."""
    return bool(_REFERENCE_MARK.search(line)) or len(line.split()) <= 4


#: A line repeated within this many characters is a pull quote or a block the page printed twice.
REPEAT_WINDOW = 3000
#: Shortest repeated line (words) taken as a pull quote or a duplicate.
REPEAT_MIN_WORDS = 8
_QUOTE_MARKS = " \"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"


def _repeats_nearby(lines: list[tuple[int, int, str]], flat: list[str], i: int) -> bool:
    """Whether line ``i`` (of at least ``REPEAT_MIN_WORDS`` words) is printed again inside a
    longer line within ``REPEAT_WINDOW`` characters after it (a pull quote before its paragraph),
    or repeats a line before it word for word (a block printed twice: the second is the copy).
    The first line (the title) is never a repeat, and of two equal lines the first stays.
    ``flat``: each line with its whitespace runs made single spaces, computed once per text;
    each line reads a bounded window of them."""
    start, end, _ = lines[i]
    whole = flat[i]
    if whole.count(" ") + 1 < REPEAT_MIN_WORDS:
        return False
    key = whole.strip(_QUOTE_MARKS)
    j = i - 1
    while j > 0 and start - lines[j][1] <= REPEAT_WINDOW:
        if flat[j] == whole:
            return True
        j -= 1
    j = i + 1
    while j < len(lines) and lines[j][0] - end <= REPEAT_WINDOW:
        if len(flat[j].strip(_QUOTE_MARKS)) > len(key) and key in flat[j]:
            return True
        j += 1
    return False


def find_furniture(text: str) -> list[Span]:
    """The furniture spans of ``text`` (see the module docstring)."""
    norm = normalize_for_matching(text)
    lines = list(_lines(norm))
    flat = [" ".join(line.split()) for _, _, line in lines]  # for ``_repeats_nearby``
    spans: list[Span] = []
    i = 0
    while i < len(lines):
        start, end, line = lines[i]
        if _REFERENCES_HEADING.match(line):  # a list of references: its names are the cited works' authors, not the story's people
            j = i + 1
            while j < len(lines) and j - i <= MAX_REFERENCE_LINES and (
                _is_reference_line(lines[j][2])  # or an entry's title line, when the next line holds its year
                or (len(lines[j][2].split()) <= 40 and j + 1 < len(lines) and _REFERENCE_MARK.search(lines[j + 1][2]))
            ):
                j += 1
            if j - i > 2:  # a heading alone, or over one line, is no list
                spans.append(Span(start, end, "other", attrs={"rule": "references-heading"}))
                spans.extend(Span(s2, e2, "other", attrs={"rule": "reference-entry"}) for s2, e2, _ in lines[i + 1 : j])
                i = j
                continue
        hit = classify_line(line)
        if hit is None and i > 0 and _repeats_nearby(lines, flat, i):
            hit = ("other", "repeated-line")
        if hit is None:
            i += 1
            continue
        label, rule = hit
        attrs: dict[str, Any] = {"rule": rule}
        src = _names_source(label, rule, line)
        if src:
            attrs["names_source"] = src
        spans.append(Span(start, end, label, attrs=attrs))
        i += 1
        if rule == "related-heading" and len(line.split()) <= 6:
            taken = 0  # the list under the heading: short headline-like lines
            # an entry followed by a paragraph of body text is a headline over its story, not a list entry
            while (i < len(lines) and taken < MAX_LIST_ITEMS and _is_list_item(lines[i][2]) and classify_line(lines[i][2]) is None
                   and (i + 1 >= len(lines) or _is_list_item(lines[i + 1][2]) or classify_line(lines[i + 1][2]) is not None)):
                s2, e2, _ = lines[i]
                spans.append(Span(s2, e2, "related", attrs={"rule": "related-list"}))
                i += 1
                taken += 1
    return spans


class Covered:
    """``inside`` for many ranges against one set of spans (a stage testing each of its
    sentences or entities): the spans are indexed by start once, and a test reads only the
    spans that can overlap the range, not every span. Furniture spans are whole lines and do
    not overlap one another."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self._spans = sorted((s.start, s.end) for s in spans)
        self._starts = [a for a, _ in self._spans]

    def __call__(self, start: int, end: int) -> bool:
        if end <= start:
            return False
        covered = 0
        j = bisect.bisect_left(self._starts, end) - 1
        while j >= 0 and self._spans[j][1] > start:
            a, b = self._spans[j]
            covered += min(end, b) - max(start, a)
            j -= 1
        return covered * 2 > (end - start)


def inside(spans: tuple[Span, ...] | list[Span], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies mostly (over half its non-space length) inside ``spans``."""
    if not spans or end <= start:
        return False
    covered = sum(max(0, min(end, s.end) - max(start, s.start)) for s in spans if s.start < end and s.end > start)
    return covered * 2 > (end - start)


def _furniture(article: Article, ctx: Context) -> None:
    spans = find_furniture(article.text)
    article.with_layer("furniture", spans)
    by_label: dict[str, int] = {}
    for s in spans:
        by_label[s.label] = by_label.get(s.label, 0) + 1
    article.signals["furniture"] = {
        "count": len(spans),
        "chars": sum(s.end - s.start for s in spans),
        "by_label": by_label,
    }


@stage("furniture", version="3", assigns=("furniture",))
def make_furniture(settings: Settings):
    """Page furniture left in extracted text (share buttons, related links, bylines, credits); never trims the text."""
    return _furniture
