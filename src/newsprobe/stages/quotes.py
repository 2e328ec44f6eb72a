"""Quotes and their speakers: direct, indirect, mixed, scare and title spans.

Rule-based over the shared spaCy parse, so that attribution costs little next to parsing:

1. Quote marks are paired in one linear pass (``quote_marks``); unbalanced marks are dropped.
2. Each quoted region looks for its cue (``quote_cues``): a reporting verb outside any quote,
   nearest first, in the sentences the quote touches; else a name after a dash or before a
   colon, else the speaker of the attribution before it; transcripts ("PENCE: ...") speak for the person
   named. A short phrase no verb governs, or one word, is ``scare`` (not a label: 'called her
   "weak"', ``quote_labels``); a quoted work or event name is ``title`` (not '"...," she said').
3. Every other reporting, belief, stance or noun cue with content yields an ``indirect`` quote,
   as does a poll's finding (``quote_polls``); a learned cue model (``quote_learned``) adds the ones the word lists miss.
4. Speakers resolve within the story (``quote_speakers``), with doubt where two candidates fit.
5. Tidy-up (``quote_post``): one quotation in pieces is one span with ``segments``; nothing
   crosses a paragraph break but a multi-paragraph quotation; ``furniture`` holds no quotes. ``confidence`` comes from ``quote_calibration``.

The attrs are documented in docs/quotes.md; the citations stage reads them: keep them stable.
"""

from __future__ import annotations

import bisect
from typing import Any

from ..article import Article, Span
from ..context import Context
from ..registry import RESOURCE_DOC, stage
from ..settings import Settings
from .quote_marks import QuoteRegion, after_last_sentence_break, find_quotes
from .quote_negation import mark_negated
from .quote_people import headline_end
from .quote_transcripts import add_transcripts
from .quote_posts import add_posts, unspoken_regions
from .quote_profiles import speak_for_the_profiled
from .quote_cues import (
    ACT_VERBS, ADJACENT_VERBS, AS_LABEL_VERBS, INTRODUCES_QUOTE, addressee_participle, BELIEF_VERBS, CUE_NOUNS, CUE_WINDOW_TOKENS, EVIDENCE_VERBS, LABEL_VERBS, PHRASE_MAX_WORDS,
    SO_CALLED, SPEECH_VERBS, STANCE_VERBS, SUBJECTS, SUBORDINATORS, TokenIndex, ccomp_children, children, cue_span, edges_span, goes_on, lefts, rights, is_according, is_cue, is_put_it, subject_of, trim, object_read_as_clause, usable_subject,
)
from .quote_credits import adjacent_name, credit_between, credit_line, document_lead, issued_before, lead_cue, misread_cue, opens_quote, sentence_goes_on
from .quote_senders import issuer_of, nearer_participle, sender_of, subordinate_subject
from .quote_continuations import continues_past, past_finished_quote
from .quote_coordination import joined_clause_between
from .quote_works import looks_like_title, names_a_noun, naming_participle, title_cased
from .quote_reports import asked_about, complement
from .quote_reading_subjects import usable_holder
from .quote_labels import label_cue, phrase_cue, unspoken
from .quote_tags import inverted_object, unused_tag
from .quote_polls import add_poll_findings
from .quote_clauses import LABEL_LIST_DEPS, ClauseReader, colon_next_line, cut_before_quote, governs_other_quotes_cue, cut_trailing_participle, labels_object, reports_elsewhere, trim_contents
from .quote_direct import adjective_subject, colon_speaker, dash_speaker, climbed_subject, embedded_in_prose, other_subject, has_verb, in_paragraph, introduced_whole, name_before, names_only_the_speaker, paragraph_bounds, reported_by_other, reports_within, runs_on_in_prose, participle_subject, sentence_like, short_heading, utterance_then_cue, verb_beside
from .quote_subjects import subject_speaker
from .quote_signatures import inline_signature
from .quote_learned import LearnedCues, add_learned_cues
from .quote_noise import drop_noise
from .quote_words_of import words_of
from .quote_repeats import speakers_of_repeats
from .quote_post import Found, absorb_pieces, anchor, cues_after_quotations, clip_to_paragraph, keep_carried_sources, quote_spans, extend_mixed, drop_furniture, merge_segments, paragraph_starts, quote_signals, unify_kinds
from .quote_speakers import Speaker, SpeakerResolver
from .quote_runons import doubt_run_ons
from .quote_nested import doubt_reported_gerunds
from .quote_trust import carry_speakers, doubt_addressed_speakers, doubt_figures, doubt_named_speakers, doubt_shared_participles, doubt_foreign_lead_ins, doubt_line_breaks, doubt_places, doubt_run_together, doubt_self_replies, drop_capitalised_cues, drop_questions, headline_lines


class QuoteFinder:
    """Finds the attributions of one article (see the module docstring)."""

    def __init__(self, article: Article, ctx: Context, learned: LearnedCues | None = None) -> None:
        self.article, self.ctx, self.learned = article, ctx, learned
        self.text, self.norm = article.text, ctx.normalized_text
        regions = find_quotes(self.text, self.norm)
        self.idx = TokenIndex(article, ctx, regions)
        self.clauses = ClauseReader(self.text, self.norm, self.idx)
        self.used_cues: set[tuple[int, int]] = set()
        self.found: list[Found] = []
        self.last_quoted: Found | None = None  # the latest direct or mixed quote, in text order

    # --- direct, mixed and scare quotes -----------------------------------------------

    def _nearest_cue(self, region: QuoteRegion) -> tuple[int, Any] | None:
        """The reporting verb nearest the quote, outside quotes, in the sentences it touches;
        a few words more on either side when the quote does not sit at a sentence boundary
        (the sentence splitter often cuts at a closing mark: '"..." Trump said.')."""
        idx = self.idx
        s_start, _ = idx.sentence_bounds(region.open)
        _, s_end = idx.sentence_bounds(max(region.open, region.close - 1))
        lo_q, hi_q = idx.tok_index(region.open), idx.tok_index(region.close)
        lo = max(idx.tok_index(s_start), lo_q - CUE_WINDOW_TOKENS)
        hi = min(idx.tok_index(s_end), hi_q + CUE_WINDOW_TOKENS)
        para_start = self.text.rfind("\n", 0, region.open) + 1
        para_end = self.text.find("\n", region.close)
        para_end = len(self.text) if para_end < 0 else para_end
        before = self.norm[para_start : region.open].rstrip()
        if before and before[-1] not in ".!?":
            lo = min(lo, max(idx.tok_index(own if has_verb(idx, (own := para_start + after_last_sentence_break(before), region.open)) else para_start), lo_q - 8))  # not past 'Fulton said. Pike shot back: "..."'; 'Vale said. Instead, "..."' may (v64)
        if self.norm[region.close : para_end].strip():
            hi = max(hi, min(idx.tok_index(para_end), hi_q + 8))
        # a quote inside a sentence that ends it ('accused him of "reckless acts."') takes no cue from the next sentence
        finished = self.norm[region.start : region.end].rstrip("\"' ").endswith((".", "!", "?"))
        embedded = bool(before) and before[-1].isalnum() and finished
        whole = finished or self.norm[region.start : region.end].rstrip("\"' ").endswith(",")  # '"...,"' or '"... ."'
        best: tuple[int, tuple[int, Any]] | None = None
        for k in list(range(lo, lo_q)) + ([] if embedded else list(range(hi_q, hi))):
            off, tok = idx.tokens[k]
            pos = off + tok.idx
            adjacent = (k >= hi_q and k - hi_q <= 3) or (k < lo_q and lo_q - k <= 2)
            if not (is_cue(tok, SPEECH_VERBS) or is_according(tok) or is_put_it(tok) or (adjacent and is_cue(tok, ADJACENT_VERBS))) or addressee_participle(tok) or past_finished_quote(self.text, idx.regions, idx.reg_opens, pos, region):
                continue  # 'after Vale, asked about the closures, had said, "..."': Vale was asked; "said" is the cue
            if k >= hi_q and finished and INTRODUCES_QUOTE.match(self.norm, pos + len(tok.text)):
                continue  # '"... kidding." To which she said, "..."': the verb introduces the next quote
            if k >= hi_q and reported_by_other(tok, SPEECH_VERBS, idx, off, region):
                continue  # '"..." Vance assured them that the ministry had added a levy': not the quote's verb
            if k < lo_q and before.endswith((".", "!", "?")) and reported_by_other(tok, SPEECH_VERBS, idx, off, region, before=True):
                continue  # 'told an audience that the organisers put at 2,000. "..."': not the quote's verb
            if idx.in_quote(pos) or (reports_within(tok) and self.norm[pos + len(tok.text) : region.open].strip() not in (",", ":")) or (k < lo_q and (joined := joined_clause_between(tok, idx, region)) is not None and not is_cue(joined, SPEECH_VERBS)):
                continue  # in a quote; or a relative clause about its noun ('an audience that the organisers put'), not 'so loud that Pike said, "..."'; or the quote is another joined clause's, not 'said, and I quote, "..."' (v60)
            clause = in_paragraph(self.text, complement(off, tok, self.text), region)  # a clause the parser ran into another paragraph is not this verb's report
            if clause is not None and (clause[1] <= region.open or clause[0] >= region.close) and not (clause[1] <= pos < region.open and opens_quote(self.norm, pos + len(tok.text), region.open)):
                if not (idx.in_quote(clause[0]) or idx.in_quote(clause[1] - 1)) and has_verb(idx, clause):
                    continue  # it reports something unquoted ("He said the plan would fail."), not a time ("saying during the debate")
            dist = region.open - pos if pos < region.open else pos - region.close
            if pos < region.open and whole and opens_quote(self.norm, pos + len(tok.text), region.open):
                dist = -1  # 'X said, "... supply." She added ...': the verb that opens a finished quote is its own
            if best is None or dist < best[0]:
                best = (dist, (off, tok))
        if best is not None:
            return best[1]
        # "She said:" ending the sentence (or paragraph) just before the quote
        before = self.norm[max(0, region.open - 3) : region.open].rstrip()
        if before.endswith(":"):
            colon = region.open - (len(self.norm[max(0, region.open - 3) : region.open]) - len(before)) - 1
            p_start, _ = idx.sentence_bounds(max(0, colon))
            for k in range(idx.tok_index(colon) - 1, max(idx.tok_index(p_start), idx.tok_index(colon) - CUE_WINDOW_TOKENS) - 1, -1):
                off, tok = idx.tokens[k]
                if is_cue(tok, SPEECH_VERBS) and not idx.in_quote(off + tok.idx):
                    return off, tok
        if sentence_like(self.text, region):
            return verb_beside(idx, self.norm, region) or issued_before(idx, self.norm, region)  # 'Lind shot back, "..."', '"...," Ortega retaliated.', 'issued a statement, "..."'
        return None

    def _governing_cue(self, region: QuoteRegion) -> tuple[int, Any] | None:
        """A reporting or labelling verb that is an ancestor of the quote's first word."""
        idx = self.idx
        k = idx.tok_index(region.start)
        if k >= len(idx.tokens) or idx.tok_starts[k] >= region.end:
            return None
        off, tok = idx.tokens[k]
        node, named = tok, False
        listed: bool | None = None
        p_start, p_end = paragraph_bounds(self.text, region)
        for _ in range(12):
            if node.head.i == node.i:
                break
            child, node = node, node.head
            pos = off + node.idx
            if region.open <= pos < region.close:
                continue
            if not p_start <= pos < p_end:
                return None  # the parser ran a heading into the next paragraph: a verb there governs nothing here
            if listed is None:
                listed, named = child.dep_ in ("appos", "conj"), names_a_noun(child, node)
            if is_cue(node, SPEECH_VERBS | BELIEF_VERBS):
                # a quote in the verb's subject or an adverbial clause is not what it reports ("while the 'experts' were busy, officials admitted"), nor is another quotation's verb ('"Along the road," she said, "I felt ..."', v57), nor a name on a thing before the verb ('wearing "Harbour 2030" badges, said', v59)
                if child.dep_ in SUBJECTS or (named and node.i > tok.i) or ((other := idx.quote_at(pos)) is not None and not other.open <= region.open < region.close <= other.close) or (
                    child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in SUBORDINATORS for m in children(child))
                ):
                    return None
                return off, nearer_participle(node, tok, self.norm, region.open, off, self.used_cues)  # 'footage of Vale saying during the debate, "..."'
            if is_cue(node, AS_LABEL_VERBS) and child.dep_ == "prep" and child.lower_ == "as" and child.i > node.i:
                return off, node  # 'described the mayor as a "con artist"': the label of its object
            if is_cue(node, LABEL_VERBS):
                # "called the plan 'a disaster'": the label itself; "so-called" marks a scare quote
                so_called = node.i > 0 and node.doc[node.i - 1].text in ("-", "so") and node.text.lower() == "called"
                if not so_called and not naming_participle(node) and child.dep_ in ("oprd", "dobj", "attr", "ccomp", "xcomp") and (
                    region.open <= off + child.idx < region.close or bool(listed) or labels_object(node, child, region.open - off)
                ):
                    return off, node
                return None
            # a label in a list of labels ('called him a "coward," a "serial liar"'): the path out of the quote runs through other labels only
            listed = bool(listed) and node.dep_ in LABEL_LIST_DEPS
        return None

    def _add_direct(self, region: QuoteRegion) -> None:
        n = len(self.found)
        self._add_quoted(region)
        if len(self.found) == n + 1 and unspoken(self.found[n], self.text) and (lab := label_cue(self.idx, region) or phrase_cue(self.idx, region)) is not None:  # 'called her "weak"' (v56); 'used the phrase "..."' (v59)
            self._emit_cued(lab[2], self.found.pop().end, lab[3], 0.75, lab[0], lab[1], path="governed")
        for f in self.found[n:]:
            if f.label in ("direct", "mixed"):
                f.region, f.paragraphs = (region.open, region.close), region.paragraphs
                self.last_quoted = f
            if f.label == "direct" and f.path != "governed" and f.cue_span is not None and f.cue_span[0] < region.open and runs_on_in_prose(self.norm, region):
                f.label = "mixed"  # 'the panel said, "all point the same way" that ...': a piece of the reporter's sentence ('used the phrase "..." often' stays, v59)

    def _add_quoted(self, region: QuoteRegion) -> None:
        start, end = trim(self.text, region.start, region.end)
        if end <= start:
            return
        content = self.text[start:end]
        verb_inside = lambda: has_verb(self.idx, (region.start, region.end), 12)  # noqa: E731  (asked only where needed)
        said = lambda: self.norm[region.start : region.end].rstrip().endswith(",") and (near := self._nearest_cue(region)) is not None and utterance_then_cue(self.idx, self.norm, region, near[0], near[1])  # noqa: E731  '"Like Dayton or Toledo," Lang said' (v56), read only for a title
        if (looks_like_title(content, self.norm[max(0, region.open - 24) : region.open], verb_inside) or self.clauses.quoted_heading(region, content) or short_heading(self.idx, self.norm, region)) and not said():
            self.found.append(Found(start, end, "title", 0.6, path="none"))  # a title is not speech
            return
        words = len(content.split())
        if words == 1 and not content.rstrip("\"' ").endswith((".", "!", "?")):
            near = self._nearest_cue(region) if self.norm[region.start : region.end].rstrip().endswith(",") else None
            if near is not None and utterance_then_cue(self.idx, self.norm, region, near[0], near[1]):
                self._emit_cued(start, end, "direct", 0.9, near[0], near[1])  # '"Jobs," said Fenwick.': one word said
                return
            self.found.append(Found(start, end, "scare", 0.6, path="none"))  # a nickname, one word
            return
        sentence_like = words >= PHRASE_MAX_WORDS or content.rstrip("\"' ").endswith(("." ,"!", "?"))
        if not sentence_like and SO_CALLED.search(self.norm[max(0, region.open - 40) : region.open]):
            self.found.append(Found(start, end, "scare", 0.7, path="none"))  # "the so-called 'experts'"
            return
        gov = self._governing_cue(region) if not sentence_like else self.clauses.label_after_as(region, self._governing_cue)
        if not sentence_like and gov is None:
            near = self._nearest_cue(region) if (verb := verb_inside()) or self.norm[region.start : region.end].rstrip().endswith(",") else None  # no verb: an utterance closed by a comma ('"My dear Ana," the host says', v43)
            if near is not None and ((verb and near[0] + near[1].idx < region.open and introduced_whole(self.norm, region, near[0] + near[1].idx)) or (utterance_then_cue(self.idx, self.norm, region, near[0], near[1]) and not (title_cased(content) and ". " not in content))):
                self._emit_cued(start, end, "direct", 0.9, near[0], near[1])  # 'saying in May, "Debts are for small people,"'; '"Write what you like," Oma said': said
                return
            if content[:1].isupper() and self._add_misread(start, end, region):
                return  # '"Resign now," the note read.': the tagger lost the verb (not 'and "stunt growth," X said')
            self.found.append(Found(start, end, "scare", 0.6, path="none"))
            return
        if gov is not None:
            off, cue = gov
            if off + cue.idx < region.open and cue.lemma_.lower() not in LABEL_VERBS and introduced_whole(self.norm, region, off + cue.idx):
                self._emit_cued(start, end, "direct", 0.9, off, cue)  # 'said, "Maybe later," when asked': the whole utterance
                return
            clause = complement(off, cue, self.text)
            label, c_start, c_end = "mixed", start, end
            if clause is not None and self._ends_within(clause, region):
                outside = self.text[clause[0] : region.open] + self.text[region.close : clause[1]]
                # the clause may start with the quote's first word: 'said "budget cuts" would pay for it'
                if clause[0] <= start and any(ch.isalnum() for ch in outside):
                    c_start, c_end = min(clause[0], start), max(clause[1], end)
                else:  # '"We will win," Vance said.': the reported clause is the quote itself
                    self._emit_cued(start, end, "direct", 0.9, off, cue)
                    return
            else:
                rest = self.clauses.rest_of_sentence(off, cue, region, end)  # 'called Vance a "liar" and a "coward"'
                if rest is not None:
                    c_start, c_end = rest
            if ((c_start, c_end) == (start, end) or credit_between(self.norm, self.idx.regions, region, off + cue.idx, c_end)) and utterance_then_cue(self.idx, self.norm, region, off, cue):
                label, c_start, c_end = "direct", start, end  # '"They sue," he said.', '"Never," Lund said, "will we."': the whole utterance
            self._emit_cued(c_start, c_end, label, 0.75, off, cue, path="governed")
            return
        cue = self._nearest_cue(region)
        if cue is None:
            self._last_dash = dash_speaker(self.idx, self.norm, region) or credit_line(self.idx, self.norm, region) or inline_signature(self.idx, self.norm, region)
            named = self._last_dash or colon_speaker(self.idx, self.norm, region)
            if named is not None:
                path = "dash" if named is self._last_dash else "colon"
                self.found.append(Found(start, end, "direct", 0.8, subject=named, path=path))
                return
            gov = self._governing_cue(region)  # "calling him 'a ... man who ...'"
            if gov is not None and gov[1].lemma_.lower() in AS_LABEL_VERBS:  # a label is a fragment of speech: mixed
                rest = self.clauses.rest_of_sentence(gov[0], gov[1], region, end)  # 'called half of them "cowards."'
                c_start, c_end = rest if rest is not None else (start, end)
                self._emit_cued(c_start, c_end, "mixed", 0.75, gov[0], gov[1], path="governed")
                return
            lead = lead_cue(self.idx, self.norm, region) or document_lead(self.idx, self.norm, region) or unused_tag(self.idx, self.norm, region, self.used_cues)
            if lead is not None:  # 'Bystrom agreed. "..."'; 'The league issued a statement.' and a paragraph '"..."'
                self._emit_cued(start, end, "direct", 0.9, lead[0], lead[1], path="lead")
                return
            if embedded_in_prose(self.norm, region, self.idx.regions):
                self.found.append(Found(start, end, "scare", 0.6, path="none"))  # 'is in fact a "quiet snub."': the reporter's sentence
                return
            self._add_uncued(start, end, region)
            return
        off, tok = cue
        clause = in_paragraph(self.text, complement(off, tok, self.text), region)
        label, c_start, c_end = "direct", start, end
        cue_at = off + tok.idx
        if clause is not None and clause[0] <= start and self._ends_within(clause, region):
            # the reporter's own words in the clause, before the quote or after it ('that he
            # "honestly does not know" why the vote failed'), other quoted pieces left out
            # words before a colon that opens the quote introduce it ('Ode scolded him: "..." she said')
            lead_in = 0 if self.norm[clause[0] : region.open].rstrip().endswith(":") else self.clauses.own_letters(clause[0], region.open)
            after = self.clauses.own_letters(region.close, clause[1])
            if (lead_in == 0 and cue_at < region.open and introduced_whole(self.norm, region, cue_at)) or self.clauses.speaker_after(region, clause, off, tok):
                after = 0  # 'wrote, "...," and posted a petition': the reporter's words run on; '"...," a neighbour, Ana Ruiz, told': the speaker
            own_words = lead_in + after
            interrupted = clause[0] <= cue_at < region.open or region.close <= cue_at < clause[1]  # '"X," the narrator says, "Y?"'
            if own_words > 3 and not interrupted:
                label, c_start, c_end = "mixed", min(clause[0], start), max(clause[1], end)
        if label == "direct" and cue_at < region.open:
            rest = self.clauses.rest_of_sentence(off, tok, region, end)  # 'claims that fraud is "rife" but "nobody cares."'
            if rest is not None:
                label, c_start, c_end = "mixed", rest[0], rest[1]
        if label == "direct" and self.clauses.embedded(region, tok) and self.idx.sentence_bounds(region.open) == self.idx.sentence_bounds(cue_at):
            label, (c_start, c_end) = "mixed", self.clauses.enclosing_clause(region, off, tok, start, end)
        if label == "mixed" and c_start < region.open and names_only_the_speaker(self.norm, off, tok, c_start, region):
            label, c_start, c_end = "direct", start, end  # '"X," said Ode, the chair, "Y."': the parser made Ode the subject of Y
        self._emit_cued(c_start, c_end, label, 0.9, off, tok)

    def _ends_within(self, clause: tuple[int, int], region: QuoteRegion) -> bool:
        """Whether the quote ends inside the reported clause: the parser leaves the final stop
        and the closing mark out of the clause ('says the fire was an "intentional act."'), so
        only punctuation may lie between the clause's end and the quote's."""
        return not any(ch.isalnum() for ch in self.text[clause[1] : region.close])

    def _emit_cued(self, start: int, end: int, label: str, confidence: float, off: int, cue: Any, path: str = "cue") -> None:
        if not reports_elsewhere(off, cue, start, end):
            self.used_cues.add((off, cue.i))
        subj = participle_subject(cue, self.idx, off) or adjective_subject(cue, self.idx, off) or subordinate_subject(cue, self.idx, off) or subject_of(cue)  # 'footage of Ortega saying'
        if subj is not None and not any(ch.isalnum() for ch in subj.text):
            subj = other_subject(subj)  # a dash the tagger read as a noun subject ('read out the list ― Brent boasted')
        if not usable_subject(subj, self.idx, off) and not any(t.dep_ == "auxpass" and t.head.i == cue.i for t in cue.doc[max(0, cue.i - 3) : cue.i]):  # "Vale was asked, '...'"
            # a participle or conjunct: the subject of the verb it hangs on; else a misparse
            subj = climbed_subject(cue, self.idx, off) or inverted_object(cue, self.idx, off) or adjacent_name(cue, self.idx, off)
        if subj is not None and subj.lower_ == "it" and is_put_it(cue):
            subj = name_before(cue, self.idx, off)  # "as Amar put it": the "it" is what was put, never who
        subj = sender_of(cue, subj, self.idx, off) or issuer_of(cue, subj, self.idx, off) or subj  # 'an email to supporters stating', 'issued a statement saying'
        self.found.append(Found(start, end, label, confidence, cue_span=cue_span(off, cue), subject=(off, subj) if subj is not None else None, path=path))

    def _add_misread(self, start: int, end: int, region: QuoteRegion) -> bool:
        """A cue the tagger read as no verb ('"...," tweeted Theo Vance.', '"...," the note read.')."""
        misread = misread_cue(self.idx, self.norm, region)
        if misread is None:
            return False
        self.used_cues.add((misread[0], misread[1].i))
        self.found.append(Found(start, end, "direct", 0.9, cue_span=cue_span(misread[0], misread[1]), subject=(misread[0], misread[2]), path="cue"))
        return True

    def _add_uncued(self, start: int, end: int, region: QuoteRegion) -> None:
        """A full quote without a cue: it will share the speaker of the nearest attribution
        before it in its paragraph (or in the paragraph before, when the quote opens a
        paragraph); see ``_resolve_uncued``. Else it stays unattributed."""
        if self._add_misread(start, end, region):
            return
        if sentence_goes_on(self.idx, self.norm, region):
            self.found.append(Found(start, end, "direct", 0.4, path="none"))  # '"...," the flyer went on': not the speaker before
            return
        para_start = self.text.rfind("\n", 0, region.open) + 1
        before = self.norm[para_start : region.open].rstrip()
        mark = para_start + len(before) - 1  # the closing mark of a quotation right before this one, if any
        last = self.last_quoted
        colon_clause = before.endswith(":") and has_verb(self.idx, (para_start + after_last_sentence_break(before), para_start + len(before)))  # 'Fulton said. Pike hit back: "..."': Pike's, whoever the parser made the subject (v64)
        if (before.endswith(('."', '!"', '?"', ".'", "!'", "?'")) and last is not None and last.region is not None and last.label == "direct" and mark <= last.region[1] <= region.open) or colon_clause:
            # '"Great, let me call them." "Sure."': a whole quotation right after another, nothing between, is a reply (a dialogue
            # laid out on one line), not more of the same voice; after a title ('on the "Morning Hour." "..."') the voice goes on
            self.found.append(Found(start, end, "direct", 0.4, path="none"))
            return
        opens_paragraph = not self.norm[para_start : region.open].strip()
        limit = para_start
        if opens_paragraph and para_start > 0:
            p = para_start - 1
            while p > 0 and self.text[p - 1] in "\n\r \t":
                p -= 1
            limit = self.text.rfind("\n", 0, p) + 1
        self.found.append(Found(start, end, "direct", 0.4, pending=(region.open, limit), path="none"))

    def _resolve_uncued(self) -> None:
        order = sorted(range(len(self.found)), key=lambda i: self.found[i].start)
        ends: list[tuple[int, int]] = []  # (end, index) of attributions that have a speaker source
        for i in order:
            f = self.found[i]
            if f.pending is not None:
                open_at, limit = f.pending
                best = None
                for end, j in reversed(ends[-6:]):
                    prev = self.found[j]
                    if end <= open_at and (min(prev.start, prev.cue_span[0] if prev.cue_span else prev.start) >= limit - 1 or (prev.cue_span is not None and min(prev.cue_span[0], end) >= limit)) and not continues_past(self.text, f.start, prev):  # v45: also one run on from the paragraph before, ending here with its cue here
                        best = j
                        break
                if best is not None:
                    f.inherit_from = best
                    f.path = "carried"
                    f.confidence = 0.7 if self.found[best].label != "indirect" else 0.6
            reported_speech = f.label != "indirect" or (f.confidence >= 0.75 and f.path != "learned")  # not a stance or finding
            if f.label not in ("scare", "title") and reported_speech and (f.subject is not None or f.speaker is not None or f.inherit_from is not None):
                bisect.insort(ends, (f.end, i))

    # --- indirect ------------------------------------------------------------------------

    def _add_indirect(self) -> None:
        idx = self.idx
        taken = sorted((f.start, f.end) for f in self.found if f.label not in ("scare", "title"))
        taken_starts = [t[0] for t in taken]
        quoted = cues_after_quotations(self.found)
        for off, tok in idx.tokens:
            lemma = tok.lemma_.lower()
            if lemma in SPEECH_VERBS or lemma in BELIEF_VERBS or lemma in EVIDENCE_VERBS or lemma in ACT_VERBS or lemma in STANCE_VERBS or lemma == "call":
                if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound") or goes_on(tok):  # not "continue to sail"
                    continue
            elif not (is_according(tok) or is_put_it(tok)):
                continue
            if (off, tok.i) in self.used_cues or idx.in_quote(off + tok.idx):
                continue
            clause = complement(off, tok, self.text) or colon_next_line(off, tok, self.text)
            c_start, c_end = cut_trailing_participle(off, tok, clause, self.text) if clause is not None else (0, 0)
            j = bisect.bisect_left(taken_starts, c_end)
            if j > 0 and taken[j - 1][1] > c_start:  # overlaps a quote already attributed: kept only up to that quote's own lead-in
                c_start, c_end = cut_before_quote(idx, self.text, (c_start, c_end), taken) or (0, 0)
            if c_end == 0 or governs_other_quotes_cue(off, tok, quoted, (c_start, c_end)):
                continue  # no clause, or it reads another quote's cue as its content
            subj = subject_of(tok) or usable_holder(tok, idx, off)  # v62: "a memo warning that"
            if lemma in EVIDENCE_VERBS and lemma not in SPEECH_VERBS and not any(c.dep_ == "mark" and c.lower_ == "that" for c in ccomp_children(tok)) or object_read_as_clause(tok):
                continue  # "shows" without "that" is too often not a report; "wrote a patch ... will stop it": the object misread
            if (lemma in ACT_VERBS or lemma in STANCE_VERBS or lemma == "call") and subj is None or asked_about(tok):
                continue  # v55: "asked him what he thought [X]": a question, not his report
            addressed = subj is None and addressee_participle(tok)  # "Asked whether ...": put to the subject by someone unnamed
            confidence = 0.55 if lemma in BELIEF_VERBS or lemma in EVIDENCE_VERBS or lemma in ACT_VERBS or lemma in STANCE_VERBS or lemma == "call" else 0.75 if subj is not None or addressed else 0.5
            self.used_cues.add((off, tok.i))
            self.found.append(Found(
                c_start, c_end, "indirect", confidence, cue_span=cue_span(off, tok), subject=(off, subj) if subj is not None else None,
                addressed=addressed, path="indirect" if confidence >= 0.75 else "stance",
            ))

    def _add_noun_cues(self) -> None:
        """Attributions carried by a noun with an owner: "Trump's decision to run", "her claim
        that ...", "the call by unions for a strike"."""
        idx = self.idx
        taken = sorted((f.start, f.end) for f in self.found if f.label not in ("scare", "title"))
        taken_starts = [t[0] for t in taken]
        for off, tok in idx.tokens:
            if tok.pos_ != "NOUN" or tok.lemma_.lower() not in CUE_NOUNS or idx.in_quote(off + tok.idx):
                continue
            owner = next((c for c in lefts(tok) if c.dep_ == "poss"), None)
            if owner is None:
                by = next((c for c in rights(tok) if c.dep_ == "prep" and c.lower_ == "by"), None)
                owner = next((c for c in children(by) if c.dep_ == "pobj"), None) if by is not None else None
            if owner is None or owner.pos_ not in ("PROPN", "PRON", "NOUN") or owner.lower_ in ("its", "their", "our", "my", "your"):
                continue
            parts = [
                c
                for c in rights(tok)
                if c.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to") for m in c.children)
                or (c.dep_ == "prep" and c.lower_ in ("for", "of", "to", "against") and c.i == tok.i + 1)
            ]
            span = edges_span(off, parts, self.text, min_tokens=3)
            if span is None:
                continue
            c_start, c_end = span
            j = bisect.bisect_left(taken_starts, c_end)
            if j > 0 and taken[j - 1][1] > c_start:
                continue
            self.found.append(Found(c_start, c_end, "indirect", 0.5, cue_span=cue_span(off, tok), subject=(off, owner), path="noun"))

    # --- speakers and output -------------------------------------------------------------

    def run(self) -> list[Span]:
        add_transcripts(self.found, self.article)
        add_posts(self.found, self.article)  # '[words]' then '- Name (@handle) date': an embedded post
        for region in unspoken_regions(self.idx.regions, self.found, self.text):  # not in a transcript turn, a post or markup
            self._add_direct(region)
        self._add_indirect()
        self._add_noun_cues()
        add_poll_findings(self.found, self.idx, self.text, self.used_cues)  # 'In a poll released Sunday, [X led]'
        add_learned_cues(self.learned, self.found, self.used_cues, self.idx, self.article, self.ctx)  # cues outside the hand lists
        trim_contents(self.found, self.idx, self.text)  # the cue's adjuncts and a second report are not what was said
        mark_negated(self.found, self.idx)  # "had not announced a date": the text says it was not said
        n_rules = sum(1 for f in self.found if f.path != "learned")  # the learned ones come last
        self._resolve_uncued()
        resolver = SpeakerResolver(self.article, self.idx.tokens, self.idx.in_quote, self.idx.tok_starts)
        # learned cues last: their subjects never change who a rule quote's "he" or "she" is
        order = sorted(range(len(self.found)), key=lambda i: (i >= n_rules, anchor(self.found[i])))
        for i in order:
            f = self.found[i]
            if f.speaker is not None and f.speaker.name and f.speaker.start is not None:
                resolver.note_subject(f.speaker.start, f.speaker.name, f.speaker.kind or "person")
            elif f.subject is not None:
                off, tok = f.subject
                f.speaker = subject_speaker(resolver, tok, off)  # "Okafor and Lindqvist said": both; "its statement": whose
        carry_speakers(self.found, self.article)  # in text order; doubt across a change of speaker (learned ones too)
        speak_for_the_profiled(self.found, self.article)  # a feature's lone quote paragraphs: its main speaker's, uncertain
        words_of(self.found, self.article)  # 'in the words of [Name], "..."'
        speakers_of_repeats(self.found, self.text)  # a pull quote: whoever said it first (v65)
        doubt_named_speakers(self.found, self.text)  # '"Patrice and I argued," he said' is not Patrice's
        doubt_places(self.found, self.article)
        doubt_figures(self.found)
        doubt_run_together(self.found)
        doubt_shared_participles(self.found)  # 'left when the council ended it, remarking, "..."'
        doubt_reported_gerunds(self.found)  # 'reported managers demanding credit': the reporters' words
        doubt_self_replies(self.found, self.article)
        doubt_addressed_speakers(self.found, self.article)  # '"You rowed well, Nora."' is not Nora's
        doubt_foreign_lead_ins(self.found, self.text)
        doubt_run_ons(self.found, self.text)  # '"...," A said. "... [run on] / "...," added B.': A's words too
        unify_kinds(self.found)
        extend_mixed(self.found, self.text)
        self.found = absorb_pieces(merge_segments(self.found, self.text), self.text)  # indices (inherit_from) hold until here
        clip_to_paragraph(self.found, self.text, paragraph_starts(self.text))
        self.found = doubt_line_breaks(self.found, self.text, headline_lines(self.article, resolver.headline_end))  # a cue on one line, its report on another; a headline stance
        self.found = drop_capitalised_cues(drop_questions(self.found, self.text), self.text)  # "What did the kettle say to the pot?" reports nothing; "TV shows: Cheers, Look Who's Talking"
        return keep_carried_sources(drop_noise(drop_furniture(quote_spans(self.found, self.text), self.article.layer("furniture")), self.text, self.article.layer("stories")))


@stage("quotes", version="67", requires=(RESOURCE_DOC, "stories", "sentences", "entities"), assigns=("quotes",), languages=("en",))
def make_quotes(settings: Settings):
    """Direct, indirect, mixed and scare quotes with resolved speakers and cues."""
    learned = LearnedCues(settings)

    def _quotes(article: Article, ctx: Context) -> None:
        spans = QuoteFinder(article, ctx, learned).run()
        article.with_layer("quotes", spans)
        article.signals["quotes"] = quote_signals(article, list(article.layer("quotes")))

    return _quotes
