"""Cited sources: every place the text leans on a source, with the registry's ratings.

Rules over the spaCy parse, the entities layer and the quotes layer (no trained model):

* **datelines** "(Reuters) -", "(AP) --": an outlet named in brackets before a dash;
* **according to / courtesy of / reported by / in an interview with / told X** phrases;
* **subjects of reporting verbs** ("The Guardian reported", "police said", "a report by X found");
* **social posts** ("wrote on Twitter", "in a post on X", "tweeted");
* **vague adverbs and impersonal passives** ("reportedly", "it is believed that");
* **quote speakers** from the ``quotes`` layer (``quote_id`` links the two).

Labels (``span.label``, also ``attrs.kind``): ``outlet``, ``organisation``, ``person``, ``document``,
``social``, ``vague`` (also people of a nation or party: "Canadians said"). ``attrs``: ``source`` (canonical
name, or the phrase for unnamed sources), ``kind``, ``domain`` (when the registry knows the outlet),
``rating`` (the registry's per-list verdicts, or null), ``cue`` with ``cue_start``/``cue_end``,
``quote_id`` (when a quote's speaker is the evidence), ``speaker_uncertain`` (true when that quote's
speaker is uncertain: renderers show the source with a "?"), ``platform`` (social posts), ``relays``
(ids of quotes this source passes on: '..., Quill said, according to Reuters'; ``citation_relays.py``).

Signals: ``article.signals["citations"]`` with counts by kind, cited outlets and their
ratings, the share of vague attributions and the same per story (``by_story``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..article import Article, Span
from ..outlets import Outlet, Registry, get_registry
from ..context import Context
from ..registry import RESOURCE_DOC, stage
from ..settings import Settings
from .citation_signals import KINDS, citation_signals  # KINDS: re-exported for callers
from .entity_labels import PLATFORMS
from .citation_speakers import can_speak
from .citation_relays import link_relays

#: Verbs whose subject is a source when it speaks.
SPEECH_VERBS = frozenset(
    "say tell report state announce claim write add note explain argue confirm deny warn insist allege assert "
    "contend maintain acknowledge admit tweet post publish reveal disclose declare testify comment respond reply "
    "caution predict estimate stress emphasise emphasize urge accuse charge concede recall complain boast "
    "suggest describe call agree mention ask cite dispute reference recount vow promise pledge".split()
)
#: Verbs whose subject is a source only when it is a document, an organisation or an outlet
#: ("a study found", "The Post has learned", "the court ruled"); "point" counts with "out".
FINDING_VERBS = frozenset(
    "show find indicate conclude reveal suggest document detail cite highlight demonstrate prove learn rule "
    "question point".split()
)
#: Vague heads that stand for a public body when a place is named with them ("officials in Ohio").
_OFFICIAL_HEADS = frozenset("official officials diplomat diplomats aide aides".split())
_INSTITUTIONS = frozenset({"document", "organisation", "outlet", "outlet-anaphor"})

_CUE_VERBS = SPEECH_VERBS | FINDING_VERBS
#: Outlet names that are also common words: not read as a "Name: headline" credit.
_COMMON_WORD_NAMES = frozenset("time science nature vice sun hill independent mirror onion economist atlantic fox".split())
#: Verbs that a document, study or set of figures can be the subject of as a source.
DOC_VERBS = FINDING_VERBS | frozenset("say state report claim note estimate predict warn describe confirm allege list".split())

#: Speakers the quotes stage gives the writer of the piece: not a cited source.
WRITERS = frozenset({"the author", "the authors"})

DOC_NOUNS = frozenset(
    "report study document documents email emails memo memorandum letter filing statement survey poll analysis "
    "audit investigation inquiry leak record records data paper transcript indictment lawsuit complaint ruling "
    "review assessment figure figures statistic statistics research cable cables dossier briefing release "
    "estimate estimates census file files minutes testimony affidavit warrant judgment judgement verdict "
    "guidance recording footage video photo photos image images notes diary message messages text texts ad ads "
    "advertisement article piece editorial book plan proposal policy count tally".split()
)
VAGUE_HEADS = frozenset(
    "source sources expert experts critic critics observer observers analyst analysts insider insiders people "
    "person someone somebody many some others other official officials diplomat diplomats aide aides "
    "commentator commentators pundit pundits scientist scientists researcher researchers economist economists "
    "witness witnesses resident residents activist activists rumour rumours rumor rumors report reports "
    "everyone everybody anyone one".split()
)
ORG_NOUNS = frozenset(
    "police ministry government department agency company firm court prosecutor prosecutors authorities "
    "authority military army navy office commission council committee union embassy hospital university "
    "spokesman spokeswoman spokesperson spokespeople representative regulator regulators parliament cabinet "
    "administration campaign party organisation organization group charity bank board institute foundation "
    "service services force forces directorate bureau watchdog coalition team club federation association "
    "senate congress tribunal judge judges lawmakers legislature inspectorate secretariat presidency opposition "
    "kremlin pentagon".split()
)
TITLE_NOUNS = frozenset(
    "president minister senator mayor governor chancellor secretary ambassador chairman chairwoman chair "
    "ceo director chief spokesman spokeswoman king queen prince premier leader commander general judge "
    "lawmaker congressman congresswoman representative sheriff commissioner".split()
)
#: People who report for an outlet: "a reporter for USA Today" cites USA Today.
JOURNALIST_NOUNS = frozenset("reporter reporters journalist journalists correspondent correspondents editor editors columnist".split())
#: Nouns that refer back to an outlet already named: "The newspaper has also detailed ...".
OUTLET_ANAPHORS = frozenset("newspaper paper outlet network broadcaster magazine website site channel publication tabloid daily".split())
SOCIAL_NOUNS = frozenset("tweet tweets post posts thread livestream".split())
_PLATFORM_RE = "(?:" + "|".join(re.escape(p) for p in sorted(PLATFORMS, key=len, reverse=True)) + r")(?![\w-])"
_SOCIAL_RE = re.compile(
    r"\b(?:(?i:wrote|posted|said|tweeted|announced|shared|writing|posting|saying|claimed|declared|added|commented|reported|revealed|"
    r"responded|replied|insisted|argued)\s+(?:[\w'-]+\s+){0,4}?(?i:on)\s+|(?i:in|on)\s+(?i:an?|his|her|their|its|the)\s+"
    r"(?:[\w'-]+\s+){0,3}?(?i:post|posts|tweet|message|video|statement|thread|account|page|channel|story|livestream)\s+"
    r"(?i:on)\s+|(?i:on)\s+(?i:his|her|their|its)\s+(?:[\w'-]+\s+){0,2}?)(?P<platform>" + _PLATFORM_RE + r")"
    r"(?:\s+(?i:account|page|channel|feed))?"
    r"|\b(?P<tweet>(?i:tweeted|in\s+an?\s+(?:[\w'-]+\s+){0,2}?tweet))\b"
)
_DATELINE_RE = re.compile(
    r"\((?P<name>[A-Z][A-Za-z .&'/-]{0,40}?)\)\s*(?:-{1,2}|:)\s"
    r"|(?m:^)(?P<head>[A-Z][A-Za-z .&'-]{0,40}?):[ \t]"  # a headline "PolitiFact: ..."
)
_VAGUE_RE = re.compile(
    r"\b(?P<adv>reportedly|allegedly|purportedly|supposedly|rumou?red)\b"
    r"|\b(?P<imp>it\s+(?:is|was|has\s+been|had\s+been)\s+(?:widely\s+|also\s+|now\s+)?"
    r"(?:said|claimed|believed|understood|reported|alleged|thought|rumou?red|suggested|argued|known))\b"
    r"|\b(?P<said>(?:is|are|was|were)\s+(?:widely\s+)?(?:said|reported|believed|thought|rumou?red|alleged)\s+to)\b",
    re.I,
)
_DETERMINERS = re.compile(r"^(?:the|a|an|some|many|several|his|her|their|its|our|this|these|those)\s+", re.I)
_MAX_SUBJECT_TOKENS = 14


@dataclass
class _Cand:
    start: int
    end: int
    label: str
    source: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    outlet: Outlet | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    priority: int = 0


def _surnames_are_people(article: Article, ents: Iterable[Span], cands: list[_Cand]) -> None:
    """"Holland" after "Mara Holland": a one-word organisation source that is the surname of a
    person the article names in full is that person (spaCy labels lone surnames GPE or ORG)."""
    surnames: set[str] = set()
    for e in ents:
        if e.label == "PERSON":
            words = str(e.attrs.get("canonical") or article.text[e.start:e.end]).split()
            if len(words) > 1:
                surnames.add(words[-1].lower())
    for c in cands:
        words = _clean(c.source).lower().split()
        if c.label == "organisation" and c.outlet is None and len(words) == 1 and words[0] in surnames:
            c.label = "person"


class _Citations:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.registry: Registry = get_registry(settings.outlets_file)

    # --- helpers ---------------------------------------------------------------------------
    def _ents_in(self, ents: list[Span], starts: list[int], start: int, end: int) -> list[Span]:
        i = max(0, bisect_right(starts, start) - 1)
        out: list[Span] = []
        while i < len(ents) and ents[i].start < end:
            if ents[i].end > start:
                out.append(ents[i])
            i += 1
        return out

    def _outlet_for(self, text: str, *, labels: bool) -> Outlet | None:
        name = _DETERMINERS.sub("", text.strip(" ,.;:\"'()[]"))
        if not name or not name[0].isupper() or len(name) > 80:
            return None
        return self.registry.by_name(name, labels=labels)

    def classify(
        self, article: Article, ents: list[Span], starts: list[int], start: int, end: int, head: Any, offset: int
    ) -> tuple[str, str, Outlet | None] | None:
        """``(kind, source, outlet)`` for the source phrase ``[start, end)`` whose syntactic
        head is the spaCy token ``head`` (chunk ``offset``), or None when it is not a source."""
        text = article.text[start:end]
        lemma = head.lemma_.lower() if head is not None else ""
        head_start = offset + head.idx if head is not None else start
        inside = self._ents_in(ents, starts, start, end)
        head_ent = next((e for e in inside if e.start <= head_start < e.end), None)
        named = [e for e in inside if e.label in {"PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART"}]

        if head_ent is None and lemma in DOC_NOUNS and (head is None or head.pos_ != "PROPN"):
            after = [e for e in named if e.start > head_start]  # "a count from the [City]-based [Paper]": the paper, not the city
            by = next((e for e in after if e.label != "GPE"), after[0] if after else None)
            if by is not None:
                name = str(by.attrs.get("canonical") or article.text[by.start:by.end])
                outlet = self._outlet_for(article.text[by.start:by.end], labels=by.label != "PERSON")
                return "document", outlet.name if outlet else name, outlet
            return "document", _clean(text), None
        if head_ent is None and lemma in SOCIAL_NOUNS:
            return "social", _clean(text), None
        # an outlet: the head's entity, or the whole phrase, names one the registry knows
        if head_ent is not None:
            outlet = self._outlet_for(article.text[head_ent.start:head_ent.end], labels=head_ent.label != "PERSON")
        else:
            outlet = self._outlet_for(text, labels=head is not None and head.pos_ == "PROPN")
        if outlet is not None:
            return "outlet", outlet.name, outlet
        if head_ent is not None:
            canon = str(head_ent.attrs.get("canonical") or article.text[head_ent.start:head_ent.end])
            if head_ent.label == "PERSON":
                return "person", canon, None
            if head_ent.label in {"ORG", "GPE", "NORP", "FAC"}:  # "Canadians", "Democrats": people of a group, no one named
                return ("vague" if head_ent.label == "NORP" and head is not None and head.tag_ in ("NNPS", "NNS") else "organisation"), canon, None
        if lemma in JOURNALIST_NOUNS:
            for e in named:
                outlet = self._outlet_for(article.text[e.start:e.end], labels=e.label != "PERSON")
                if outlet is not None:
                    return "outlet", outlet.name, outlet
            return "person", _clean(text), None
        if lemma in OUTLET_ANAPHORS and not named and text.lower().startswith("the "):
            return "outlet-anaphor", _clean(text), None
        if lemma in VAGUE_HEADS:
            org = next((e for e in named if e.label in {"ORG", "NORP", "FAC"}), None)
            if org is not None:
                return "organisation", str(org.attrs.get("canonical") or article.text[org.start:org.end]), None
            if any(e.label == "GPE" for e in named) and lemma in _OFFICIAL_HEADS:
                # "election officials in Arizona": a public body of that place, not the place itself
                return "organisation", _clean(text), None
            return "vague", _clean(text), None
        if lemma in ORG_NOUNS:
            return "organisation", _clean(text), None
        if lemma in TITLE_NOUNS:
            return "person", _clean(text), None
        return None

    # --- passes ----------------------------------------------------------------------------
    def __call__(self, article: Article, ctx: Context) -> None:
        text = article.text
        norm = ctx.normalized_text
        analysed = ctx.analysed_text_end  # a long text's cut (max_analysis_chars): the rest is not analysed
        ents = sorted(article.layer("entities"), key=lambda s: (s.start, s.end))
        starts = [e.start for e in ents]
        cands: list[_Cand] = []
        social: list[_Cand] = []

        # datelines: "(Reuters) -"
        for m in _DATELINE_RE.finditer(norm, 0, analysed):
            g = "name" if m.group("name") else "head"
            if g == "head" and m.group(g).strip().lower().removeprefix("the ") in _COMMON_WORD_NAMES:
                continue
            outlet = self.registry.by_name(m.group(g))
            if outlet is not None:
                s, e = (m.start(), m.end(g) + 1) if g == "name" else (m.start(g), m.end(g))
                cue = "dateline" if g == "name" else ":"
                cands.append(_Cand(s, e, "outlet", outlet.name, cue, s, m.end(g) + 1, outlet, priority=0))

        for m in _SOCIAL_RE.finditer(norm, 0, analysed):
            platform = m.group("platform") or "Twitter"
            c = _Cand(m.start(), m.end(), "social", platform, text[m.start():m.end()], m.start(), m.end(), extra={"platform": platform}, priority=1)
            cands.append(c)
            social.append(c)

        for m in _VAGUE_RE.finditer(norm, 0, analysed):
            g = "adv" if m.group("adv") else ("imp" if m.group("imp") else "said")
            s, e = m.start(g), m.end(g)
            cands.append(_Cand(s, e, "vague", text[s:e].lower(), text[s:e], s, e, priority=4))

        for offset, doc in ctx.docs:
            for tok in doc:
                low = tok.lower_
                if low in {"according", "courtesy"}:
                    self._prep_phrase(article, ents, starts, offset, tok, cands)
                elif tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in _CUE_VERBS:
                    self._verb(article, ents, starts, offset, tok, cands, social)
                elif low == "interview" and tok.i + 2 < len(tok.doc) and tok.nbor(1).lower_ == "with":
                    self._named_object(article, ents, starts, offset, tok.nbor(1), tok, cands, "interview with")

        self._from_quotes(article, ents, starts, cands, list(ctx.docs))
        _surnames_are_people(article, ents, cands)
        direct = [q for q in article.layer("quotes") if q.label == "direct"]
        if direct:  # "People say ..." inside a quotation is the speaker's wording, not the article's
            cands = [c for c in cands if c.label != "vague" or not any(q.start <= c.start and c.end <= q.end for q in direct)]
        article.with_layer("citations", link_relays(article, self._resolve(article, cands)))
        article.signals["citations"] = citation_signals(article)

    def _prep_phrase(self, article, ents, starts, offset, tok, cands) -> None:
        """"according to X", "courtesy of X": the whole phrase is the evidence."""
        doc = tok.doc
        if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ not in {"to", "of"}:
            return
        prep = doc[tok.i + 1]
        objs = [c for c in prep.children if c.dep_ in {"pobj", "dobj", "nsubj"}]
        if objs:
            obj = objs[0]
            left, right = obj.left_edge.i, obj.right_edge.i
        else:  # parser did not attach: take the next capitalised run / noun phrase
            right = prep.i
            for t in doc[prep.i + 1 : prep.i + 1 + _MAX_SUBJECT_TOKENS]:
                if t.is_punct or t.lower_ in {"that", "which", "who"}:
                    break
                right = t.i
            if right == prep.i:
                return
            obj, left = doc[right], prep.i + 1
        right = min(right, left + _MAX_SUBJECT_TOKENS - 1)
        while right > left and (doc[right].is_punct or doc[right].is_space):
            right -= 1
        s, e = offset + doc[left].idx, offset + doc[right].idx + len(doc[right])
        if obj.i > right:
            obj = doc[right]
        kind = self.classify(article, ents, starts, s, e, obj, offset)
        if kind is None:
            if not self._ents_in(ents, starts, s, e):
                return
            kind = ("organisation", _clean(article.text[s:e]), None)
        label, source, outlet = kind
        start = offset + tok.idx
        cue_end = offset + prep.idx + len(prep)
        cands.append(_Cand(start, e, label, source, article.text[start:cue_end], start, cue_end, outlet, priority=1))

    def _subject_span(self, subj) -> tuple[int, int]:
        left, right = subj.left_edge.i, subj.right_edge.i
        if right - left + 1 > _MAX_SUBJECT_TOKENS:
            left = max(left, subj.i - 4)
            right = subj.i
        doc = subj.doc
        while left < right and (doc[left].is_punct or doc[left].is_space):
            left += 1
        while right > left and (doc[right].is_punct or doc[right].is_space):
            right -= 1
        return left, right

    def _verb(self, article, ents, starts, offset, verb, cands, social) -> None:
        lemma = verb.lemma_.lower()
        particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
        if particles & {"up", "off", "on"}:
            return  # "the figures do not add up", "she said off ...": not reporting
        if (lemma == "point" and "out" not in particles) or (lemma == "report" and not any(c.dep_ in _REPORTED for c in verb.children)):
            return  # "point" without "out"; "Ana Ruiz reports." alone: a station crediting its reporter (version 6)
        speech = lemma in SPEECH_VERBS or lemma == "point"
        vs, ve = offset + verb.idx, offset + verb.idx + len(verb)
        in_social = next((c for c in social if c.start <= vs < c.end), None)
        if in_social is None:  # "In a post on X, the senator denied it": the post's author
            ss, se = offset + verb.sent.start_char, offset + verb.sent.end_char
            in_social = next((c for c in social if ss <= c.start < se and "author_start" not in c.extra), None)
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subjects and (verb.dep_ in {"conj", "xcomp"} or (verb.dep_ == "advcl" and verb.tag_ == "VBG")):
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None and lemma in {"report", "publish", "reveal", "post", "write", "announce"}:
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if obj is not None:
                self._named_object(article, ents, starts, offset, agent, verb, cands, f"{verb.text} by")
        if lemma == "tell":
            for c in verb.children:
                if c.dep_ in {"dobj", "dative", "iobj"}:
                    out = self._outlet_for(article.text[offset + c.left_edge.idx : offset + c.right_edge.idx + len(c.right_edge)], labels=c.pos_ == "PROPN")
                    if out is not None:
                        s, e = offset + c.left_edge.idx, offset + c.right_edge.idx + len(c.right_edge)
                        cands.append(_Cand(s, e, "outlet", out.name, verb.text, vs, ve, out, priority=2))
        for subj in subjects:
            if subj.dep_ == "nsubjpass" or subj.pos_ == "PRON" or subj.lower_ in {"that", "which", "who", "it"}:
                continue
            left, right = self._subject_span(subj)
            doc = subj.doc
            s, e = offset + doc[left].idx, offset + doc[right].idx + len(doc[right])
            kind = self.classify(article, ents, starts, s, e, subj, offset)
            if kind is None:
                continue
            label, source, outlet = kind
            if in_social is not None and label in {"person", "organisation", "outlet"}:
                in_social.source, in_social.outlet = source, outlet
                in_social.extra["author_start"], in_social.extra["author_end"] = s, e
                continue
            if not speech and label not in _INSTITUTIONS:
                continue
            if label == "document" and lemma not in DOC_VERBS:
                continue
            cands.append(_Cand(s, e, label, source, verb.text, vs, ve, outlet, priority=2))

    def _named_object(self, article, ents, starts, offset, prep, cue_tok, cands, cue: str) -> None:
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None:
            return
        s, e = offset + obj.left_edge.idx, offset + obj.right_edge.idx + len(obj.right_edge)
        if obj.right_edge.i - obj.left_edge.i >= _MAX_SUBJECT_TOKENS:
            return
        kind = self.classify(article, ents, starts, s, e, obj, offset)
        if kind is None or kind[0] not in {"outlet", "organisation", "document"}:
            return
        cs = offset + cue_tok.idx
        ce = offset + prep.idx + len(prep)
        cands.append(_Cand(min(s, cs), e, kind[0], kind[1], article.text[cs:ce], cs, ce, kind[2], priority=1))

    def _from_quotes(self, article, ents, starts, cands, docs: list[tuple[int, Any]]) -> None:
        """Quote speakers are sources: link the citation at the speaker mention to the quote."""
        doc_starts = [off for off, _ in docs]
        for q in article.layer("quotes"):
            a = q.attrs
            speaker = a.get("speaker")
            ss, se = a.get("speaker_start"), a.get("speaker_end")
            if not speaker or q.label == "scare" or speaker in WRITERS:
                continue  # the writer's own words ("I think", "we are thrilled") cite no one
            if isinstance(ss, int) and isinstance(se, int) and 0 <= ss < se <= len(article.text):
                span_s, span_e = ss, se
            else:
                continue
            if a.get("speaker_uncertain") and q.label != "direct" and str(speaker).islower() and not can_speak(docs, doc_starts, ss, se):
                continue  # "the method shows", "this device reads": a guessed reading whose subject cannot speak cites no one
            hit = next((c for c in cands if c.start < span_e and span_s < c.end and c.label != "social"), None)
            if hit is not None:
                hit.extra.setdefault("quote_id", q.id)
                if hit.label == "person":
                    hit.source = str(speaker)
                continue
            outlet = self._outlet_for(str(speaker), labels=False) or self._outlet_for(article.text[span_s:span_e], labels=False)
            inside = self._ents_in(ents, starts, span_s, span_e)
            doubt = bool(a.get("speaker_uncertain"))  # shown as "source?": which person, or whether it speaks at all, is a guess
            skind = a.get("speaker_kind")
            words = _clean(article.text[span_s:span_e]).lower().split()
            last = words[-1] if words else ""
            if outlet is not None:
                label = "outlet"
            elif skind != "person" and last in DOC_NOUNS and (not inside or skind == "role"):  # "The [Org] plan proposes"
                label = "document"
            elif skind != "person" and last in ORG_NOUNS:
                label = "organisation"
            elif skind != "person" and last in VAGUE_HEADS and not inside:
                label = "vague"
            elif skind in {"person", "role"}:
                label = "person"
            elif skind == "org":  # "Canadians", "Democrats" (a plural of a nation or party): people, no one named
                label = "vague" if inside and all(e.label == "NORP" for e in inside) and str(speaker).endswith("s") else "organisation"
            elif skind == "group" and not inside and str(speaker)[:1].islower():
                label = "vague"  # "community members", "residents": people the text does not name
            elif any(e.label == "PERSON" for e in inside):
                label = "person"
            elif any(e.label in {"ORG", "GPE", "NORP", "FAC"} for e in inside):
                label = "organisation"
            else:
                low = _clean(article.text[span_s:span_e]).lower()
                last = low.split()[-1] if low.split() else ""
                label = "organisation" if last in ORG_NOUNS else "vague" if last in VAGUE_HEADS else "person"
            cs, ce = a.get("cue_start"), a.get("cue_end")
            cands.append(
                _Cand(
                    span_s, span_e, label, outlet.name if outlet else str(speaker), a.get("cue"),
                    cs if isinstance(cs, int) else None, ce if isinstance(ce, int) else None,
                    outlet, extra={"quote_id": q.id, **({"speaker_uncertain": True} if doubt else {})}, priority=3,
                )
            )

    def _resolve(self, article: Article, cands: list[_Cand]) -> list[Span]:
        """Keep the best candidate where several overlap; build the spans."""
        kept: list[_Cand] = []
        for c in sorted(cands, key=lambda c: (c.priority, c.start, -(c.end - c.start))):
            if c.end <= c.start:
                continue
            clash = next((k for k in kept if k.start < c.end and c.start < k.end), None)
            if clash is not None:
                if "quote_id" in c.extra:
                    clash.extra.setdefault("quote_id", c.extra["quote_id"])
                continue
            kept.append(c)
        quoted = {(c.cue_start, c.cue_end) for c in kept if "quote_id" in c.extra}  # "Director of X, Ana Ruiz says": one source, the quote's
        kept = [c for c in kept if "quote_id" in c.extra or c.label not in ("person", "organisation") or (c.cue_start, c.cue_end) not in quoted]
        kept.sort(key=lambda c: c.start)
        last_outlet: _Cand | None = None
        for c in kept:  # "the newspaper" refers back to the outlet named before it, if any
            if c.label == "outlet":
                last_outlet = c
            elif c.label == "outlet-anaphor":
                if last_outlet is not None and last_outlet.outlet is not None:
                    c.label, c.source, c.outlet = "outlet", last_outlet.source, last_outlet.outlet
                    c.extra["refers_to"] = [last_outlet.start, last_outlet.end]
                else:
                    c.label = "organisation"
        spans = []
        for c in kept:
            attrs: dict[str, Any] = {
                "source": c.source,
                "kind": c.label,
                "domain": c.outlet.domain if c.outlet else None,
                "rating": c.outlet.ratings_json() if c.outlet else None,
                "cue": c.cue,
                "cue_start": c.cue_start,
                "cue_end": c.cue_end,
            }
            attrs.update(c.extra)
            spans.append(Span(c.start, c.end, c.label, attrs=attrs))
        return spans


_REPORTED = frozenset("ccomp dobj xcomp prep advcl dative attr oprd parataxis agent nsubjpass".split())  # what "report" reported


def _clean(phrase: str) -> str:
    return " ".join(phrase.split()).strip(" ,.;:\"'()[]")[:120]


@stage("citations", version="9", requires=(RESOURCE_DOC, "sentences", "entities", "quotes"), assigns=("citations",), languages=("en",))
def make_citations(settings: Settings):
    """Cited sources (outlets, organisations, people, documents, social posts, vague) with outlet ratings."""
    return _Citations(settings)
