"""The same quotation across a corpus: who is credited with it, and how its wording changed.

``quote_clusters(store, settings)`` reads the ``quotes`` layer (``direct`` spans, and the quoted
fragments inside ``mixed`` spans; ``indirect`` paraphrase is left out: reporters word it their
own way, so grouping it would be imprecise) a chunk of articles at a time, and groups
near-identical wordings (``spangroups.near_groups``; docs/corpus-drift.md):

* a wording is its word keys (case, punctuation, quote marks, spacing ignored); a quotation in
  several pieces is its pieces joined (``attrs.segments``), never the attribution between them;
* two wordings are the same quotation when their word-level similarity (2 x common words in
  order / total words) is at least ``quote_match_ratio``, or when the shorter one, at least
  ``CONTAIN_WORDS`` words long, lies 90 % inside the longer one in runs of three words or more
  (a quotation cut short or with a clause dropped);
* wordings under ``quote_min_words`` words are too generic to group by their words alone: they
  group only when identical and credited with confidence to the same person.

Speakers: the article's own canonical name for the speaker (the ``entities`` layer: "Ortega" ->
"Maria Ortega"), without titles ("Senator", "Finance Minister"); across the cluster a shorter
name joins the one longer name it fits ("Ortega", "M. Ortega" -> "Maria Ortega"); one that fits
two people is ambiguous. **Attribution drift** is flagged only when two members credit the
words, with confidence (``speaker_uncertain`` false), to two different named people, and the
wording has at least ``quote_attribution_min_words`` words; uncertain, unnamed, role ("a
spokesman") and ambiguous speakers never conflict: they are listed in ``evidence["uncertain"]``.
**Quote drift**: some member's words differ from the earliest member's (``attrs.diff``).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from rapidfuzz.distance import LCSseq

from .clusters import Cluster, Member
from .spangroups import SpanRow, iter_spans, near_groups, time_key
from .worddiff import changed, keys, word_diff, word_key

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store

log = logging.getLogger(__name__)

#: A shorter wording at least this long may match as a part of a longer one (a dropped clause).
CONTAIN_WORDS = 8
CONTAIN_SHARE = 0.9
#: Characters of one quotation kept at most (a runaway span is cut).
MAX_QUOTE_CHARS = 3000
LABELS = ("direct", "mixed")
_FRAGMENT = re.compile(r"[\"“”„«»]\s*([^\"“”„«»]{2,}?)\s*[\"“”„«»]")
_PERSON_KINDS = {"person", "named"}
#: Words before a name that are titles or offices, not the name ("Finance Minister Maria Ortega").
TITLE_WORDS = frozenset("""
mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev reverend father sister brother
rabbi imam pastor bishop cardinal pope senator sen rep representative congressman congresswoman
gov governor president vice prime minister premier chancellor secretary mayor councillor councilor
councilman councilwoman alderman judge justice attorney general gen col colonel maj major capt
captain lt lieutenant sgt sergeant cpl corporal officer chief inspector detective superintendent
commissioner ambassador deputy coach chair chairman chairwoman chairperson ceo cfo president-elect
king queen prince princess speaker leader spokesman spokeswoman spokesperson dean principal
""".split())
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


@dataclass
class _Quote:
    article_id: str
    start: int
    end: int
    label: str
    text: str
    wording: int
    speaker: str | None
    name: tuple[str, ...]
    display: str | None
    status: str
    confidence: float | None
    candidates: list[str]
    outlet: str | None
    published: str | None
    why: str = ""


def _setting(settings: Any, name: str, default: Any) -> Any:
    return getattr(settings, name, default) if settings is not None else default


def _quote_slice(text: str, start: int, end: int, attrs: dict[str, Any]) -> str:
    segs = attrs.get("segments")
    parts: list[str] = []
    if isinstance(segs, list) and segs:
        for seg in segs:
            if isinstance(seg, (list, tuple)) and len(seg) == 2 and 0 <= int(seg[0]) < int(seg[1]) <= len(text):
                parts.append(text[int(seg[0]):int(seg[1])])
    out = " ".join(parts) if parts else text[start:end]
    return out[:MAX_QUOTE_CHARS]


def quote_text(row: SpanRow) -> str:
    """The words a quote span quotes: the span (its pieces joined), or for a ``mixed`` span the
    fragments inside quote marks."""
    if row.label != "mixed":
        return row.text
    return " ".join(m.group(1) for m in _FRAGMENT.finditer(row.text))


@lru_cache(maxsize=65536)
def name_key(name: str) -> tuple[str, ...]:
    """A person's name as compared: word keys without leading titles and trailing suffixes."""
    ks = [k for k in keys(name.replace("’s", "").replace("'s", ""))]
    while ks and ks[-1] in _SUFFIXES:
        ks.pop()
    last_title = max((i for i, k in enumerate(ks[:-1]) if k in TITLE_WORDS), default=-1)
    return tuple(ks[last_title + 1:])


@lru_cache(maxsize=65536)
def strip_titles(name: str) -> str:
    """``name`` as written, from its first word after any title ("Senator Maria Ortega" -> "Maria Ortega")."""
    key = name_key(name)
    ws = name.split()
    best = 0
    for i in range(len(ws)):
        if name_key(" ".join(ws[i:])) == key:
            best = i
    return " ".join(ws[best:]).strip() if key else name.strip()


#: Words that make a capitalised name an organisation's, whatever the tagger said.
ORG_WORDS = frozenset("""
inc ltd llc plc corp corporation co company group holdings bank council ministry department agency
association union party police court committee board commission office authority service services
foundation institute university college school hospital transit airlines airways news times post
press herald journal tribune network media club federation league government administration army
navy force church trust fund society centre center alliance coalition campaign movement
""".split())


def _personish(display: str, kind: Any) -> bool:
    """Whether a speaker reads as a named person. spaCy's small model tags some people ORG or
    GPE, so an ``org`` speaker of two to four capitalised words none of them an organisation word
    counts as a person; a ``person`` speaker holding an organisation word does not."""
    ws = display.split()
    if not ws or any(word_key(w) in ORG_WORDS for w in ws):
        return False
    if kind in _PERSON_KINDS:
        return True
    if kind in (None, "org"):
        return 2 <= len(ws) <= 4 and all(w[:1].isupper() for w in ws)
    return False


def _head_name(name: str) -> str:
    """A name without its tail: "Nadia Okafor of Harbour Transit" -> "Nadia Okafor" (only when
    the head is two or more capitalised words, so "Bank of England" stays whole)."""
    m = re.match(r"^(\S+(?:\s+\S+)+?)(?:\s+(?:of|from|at)\s+|\s*,\s*)", name)
    if m and all(w[:1].isupper() for w in m.group(1).split()):
        return m.group(1)
    return name


#: Doubts of the quotes stage about whether a name is a person's (spaCy did not tag it PERSON),
#: not about who spoke: such a speaker counts when the corpus credits that name with confidence elsewhere.
NAME_DOUBTS = ("name-doubtful", "entity-doubtful")
_Speaker = tuple[str | None, tuple[str, ...], str | None, str, list[str], str]


def _speaker(row: SpanRow, min_confidence: float) -> _Speaker:
    """(speaker as written, name key, display name, status, candidates, why) of one quote."""
    a = row.attrs
    sp = a.get("speaker")
    cands = [str(c) for c in a.get("speaker_candidates") or [] if c]
    if not sp or not isinstance(sp, str):
        return None, (), None, "none", cands, "no speaker"
    display = sp.strip()
    ss, se = a.get("speaker_start"), a.get("speaker_end")
    if isinstance(ss, int) and isinstance(se, int):
        for s, e, lab, canon in row.entities:  # the entities layer's fullest name for this mention
            if s < se and ss < e and canon and len(name_key(canon)) > len(name_key(display)):
                if _compatible(name_key(display), name_key(canon)):
                    display = canon
    display = strip_titles(_head_name(display))
    key = name_key(display)
    kind = a.get("speaker_kind")
    conf = a.get("confidence")
    person = _personish(display, kind)
    via = str(a.get("speaker_via") or "")
    if a.get("speaker_uncertain") or (isinstance(conf, (int, float)) and conf < min_confidence):
        if via in NAME_DOUBTS and not cands and len(key) >= 2 and _personish(display, None):
            return sp, key, display, "doubtful", cands, via
        return sp, key, display, "uncertain", cands, via or "speaker_uncertain"
    if not key or not person:
        return sp, key, display, "not-person", cands, ""
    if via.startswith("pronoun") or a.get("cue_kind") == "carried":
        # a pronoun or a quote carried from the one before: right for its article, too weak to
        # contradict the name other articles give
        return sp, key, display, "uncertain", cands, "pronoun" if via.startswith("pronoun") else "carried"
    return sp, key, display, "confident", cands, ""


def _compatible(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` can be a shorter way of writing ``long`` (same last name; other words
    equal, or an initial, in order)."""
    if not short or not long or len(short) > len(long) or short[-1] != long[-1]:
        return False
    j = 0
    rest = long[:-1]
    for tok in short[:-1]:
        while j < len(rest) and not (rest[j] == tok or (len(tok) == 1 and rest[j].startswith(tok))):
            j += 1
        if j == len(rest):
            return False
        j += 1
    return True


def people(names: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...] | None]:
    """Map each name key to the key of the person it names within one cluster: the one longer
    name it fits, itself when none, ``None`` when it fits two people (ambiguous)."""
    distinct = sorted(set(n for n in names if n), key=lambda n: (-len(n), -sum(map(len, n)), n))
    persons: list[tuple[str, ...]] = []
    out: dict[tuple[str, ...], tuple[str, ...] | None] = {}
    for n in distinct:
        fits = [p for p in persons if _compatible(n, p)]
        if not fits:
            persons.append(n)
            out[n] = n
        else:
            out[n] = fits[0] if len(fits) == 1 else None
    return out


def _accept(wordings: list[tuple[str, ...]], ratio_min: float) -> Any:
    def accept(i: int, j: int) -> bool:
        a, b = wordings[i], wordings[j]
        la, lb = len(a), len(b)
        lcs = LCSseq.similarity(a, b)
        if 2 * lcs / (la + lb) >= ratio_min:
            return True
        short = min(la, lb)
        if short < CONTAIN_WORDS or lcs < CONTAIN_SHARE * short:
            return False
        runs = sum(op.src_end - op.src_start for op in LCSseq.opcodes(a, b) if op.tag == "equal" and op.src_end - op.src_start >= 3)
        return runs >= CONTAIN_SHARE * short
    return accept


def read_quotes(store: "Store", settings: Any = None) -> tuple[list[_Quote], list[tuple[str, ...]]]:
    """Every direct or mixed quotation of the store, with its speaker, and the distinct wordings."""
    min_conf = float(_setting(settings, "quote_speaker_confidence", 0.6))
    index: dict[tuple[str, ...], int] = {}
    wordings: list[tuple[str, ...]] = []
    quotes: list[_Quote] = []
    for row in iter_spans(store, "quotes", LABELS, slicer=_quote_slice, entity_labels=("PERSON", "ORG")):
        if row.attrs.get("negated"):
            continue  # "never claimed the plan was 'cheap'": the text says these were not their words
        text = quote_text(row)
        ks = tuple(keys(text))
        if not ks:
            continue
        w = index.get(ks)
        if w is None:
            w = index[ks] = len(wordings)
            wordings.append(ks)
        sp, key, display, status, cands, why = _speaker(row, min_conf)
        conf = row.attrs.get("confidence")
        quotes.append(_Quote(row.article_id, row.start, row.end, row.label, text, w, sp, key, display, status,
                             float(conf) if isinstance(conf, (int, float)) else None, cands, row.outlet, row.published,
                             why))
    confirmed = {q.name for q in quotes if q.status == "confident"}
    for q in quotes:  # a name spaCy missed, credited with confidence elsewhere in the corpus
        if q.status == "doubtful":
            q.status = "confident" if q.name in confirmed else "uncertain"
            q.why = "name confirmed by the corpus" if q.status == "confident" else q.why
    return quotes, wordings


def quote_clusters(store: "Store", settings: "Settings | None" = None) -> list[Cluster]:
    """Clusters (kind ``quotes``) of the same quotation in two or more articles; see the module doc."""
    min_words = int(_setting(settings, "quote_min_words", 5))
    ratio_min = float(_setting(settings, "quote_match_ratio", 0.8))
    attr_min = int(_setting(settings, "quote_attribution_min_words", 8))
    quotes, wordings = read_quotes(store, settings)
    long_ids = [i for i, w in enumerate(wordings) if len(w) >= min_words]
    local = [wordings[i] for i in long_ids]
    groups = [[long_ids[k] for k in g] for g in near_groups(local, _accept(local, ratio_min))]
    grouped = {w for g in groups for w in g}
    by_wording: dict[int, list[_Quote]] = {}
    for q in quotes:
        by_wording.setdefault(q.wording, []).append(q)
    member_sets: list[list[_Quote]] = [[q for w in g for q in by_wording[w]] for g in groups]
    for w in long_ids:  # one wording, not near any other: still a cluster when in two articles
        if w not in grouped and len({q.article_id for q in by_wording[w]}) > 1:
            member_sets.append(by_wording[w])
    for w, qs in by_wording.items():  # short wordings: identical words, same confident person
        if len(wordings[w]) < min_words:
            same: dict[tuple[str, ...], list[_Quote]] = {}
            for q in qs:
                if q.status == "confident":
                    same.setdefault(q.name, []).append(q)
            member_sets.extend(v for v in same.values() if len({q.article_id for q in v}) > 1)
    out = []
    for qs in member_sets:
        if len({q.article_id for q in qs}) > 1:
            out.append(_cluster(qs, wordings, attr_min))
    out.sort(key=lambda c: (-c.size, c.cluster_id))
    log.info("quote clusters: %d from %d quotations (%d wordings)", len(out), len(quotes), len(wordings))
    return out


def _cluster(qs: list[_Quote], wordings: list[tuple[str, ...]], attr_min: int) -> Cluster:
    qs = sorted(qs, key=lambda q: (time_key(q.published), q.article_id, q.start))
    first = qs[0]
    person_of = people(q.name for q in qs if q.status in ("confident", "uncertain"))
    display: dict[tuple[str, ...], str] = {}
    for q in sorted(qs, key=lambda q: -len(q.name)):
        if q.display and q.name and q.name not in display:
            display[q.name] = q.display
    members: list[Member] = []
    credited: dict[tuple[str, ...], int] = {}
    credited_words: dict[tuple[str, ...], int] = {}
    uncertain: list[dict[str, Any]] = []
    others: dict[str, int] = {}
    drift = False
    persons: list[tuple[str, ...] | None] = []
    for q in qs:
        status = q.status
        canon: str | None = None
        person: tuple[str, ...] | None = None
        if q.name and status in ("confident", "uncertain"):
            person = person_of.get(q.name)
            if person is None:
                status = "ambiguous"
                canon = q.display
            else:
                canon = display.get(person, q.display)
                if status == "confident":
                    credited[person] = credited.get(person, 0) + 1
                    credited_words[person] = max(credited_words.get(person, 0), len(wordings[q.wording]))
        elif status == "not-person":
            canon = q.display
            if canon:
                others[canon] = others.get(canon, 0) + 1
        if status in ("uncertain", "ambiguous", "none"):
            uncertain.append({"article_id": q.article_id, "start": q.start, "speaker": q.speaker,
                              "candidates": q.candidates, "status": status, "why": q.why or status})
        persons.append(person if status == "confident" else None)
        diff = word_diff(first.text, q.text)
        drift = drift or changed(diff)
        members.append(Member(q.article_id, q.start, q.end, "member", None, q.text, {
            "speaker": q.speaker, "speaker_canonical": canon, "speaker_status": status, "speaker_note": q.why,
            "confidence": q.confidence, "label": q.label, "diff": diff, "quote_drift": changed(diff),
            "attribution_drift": False, "outlet": q.outlet, "published": q.published,
        }))
    conflict = [p for p in credited if credited_words[p] >= attr_min]
    # the person most members credit (ties: the one credited first) is the cluster's main speaker
    ranked = sorted(credited, key=lambda p: (-credited[p], persons.index(p)))
    if len(conflict) > 1:
        for m, p in zip(members, persons):
            m.attrs["attribution_drift"] = p is not None and p != ranked[0]
    speakers = [display.get(p, " ".join(p)) for p in ranked]
    evidence: dict[str, Any] = {
        "speakers": speakers,
        "attribution_drift": len(conflict) > 1,
        "quote_drift": drift,
        "speaker_counts": {display.get(p, " ".join(p)): n for p, n in credited.items()},
        "other_speakers": others,
        "uncertain": uncertain,
        "wordings": len({q.wording for q in qs}),
        "articles": len({q.article_id for q in qs}),
        "first": {"article_id": first.article_id, "published": first.published},
    }
    if len(conflict) > 1:
        evidence["conflict"] = [display.get(p, " ".join(p)) for p in conflict]
    digest = hashlib.sha1("|".join(sorted(f"{q.article_id}:{q.start}" for q in qs)).encode()).hexdigest()[:12]
    return Cluster("quotes", "q" + digest, members, first.text[:200], evidence)


__all__ = ["LABELS", "TITLE_WORDS", "name_key", "people", "quote_clusters", "quote_text", "read_quotes", "strip_titles"]
