"""A reported clause ends before a second report joined to it (quotes version 56): '58 percent
said they had settled on backing the mayor, while 31 percent said a debate could sway them' holds
two reports, and 'said he earns $38,000 in a good season and asked what ...' the speaker's next act.
Called from ``quote_clauses.trim_contents``."""

from __future__ import annotations

import bisect
from typing import Any

from .quote_cues import ACT_VERBS, SPEECH_VERBS, TokenIndex, trim

#: Words that join a second report to a reported clause ('..., while 22 percent said ...').
_REPORT_LINKS = frozenset({"while", "whereas", "but", "and", ";", "-", "\u2013", "\u2014"})
#: Verbs of a second report that end the first one: speech and speech acts, not beliefs or stances.
_REPORTING = SPEECH_VERBS | ACT_VERBS
#: Other cues read inside one reported clause, at most (a flood of quotes in one endless sentence).
MAX_CUES_READ = 12


def cut_at_next_report(found: list[Any], idx: TokenIndex, text: str) -> None:
    """End a reported clause without quote marks (or one with quote marks before the cut)
    before another attribution's cue inside it, joined by a link word (see the module
    docstring: two reports, or the speaker's next act). The cut goes before the other cue's
    subject when that lies inside the clause. Only a verb of speech or a speech act cuts
    ('the ferry left early and she feared ...', 'the driver ignored the officers and refused to
    ...', 'most backed the pier and a third favoured the bridge' are one account),
    and not a clause the other report sits in ('said that while others said it was late, she
    would try': no link right before it, or the clause goes on after it) (v56)."""
    cues = sorted((g.cue_span[0], i) for i, g in enumerate(found) if g.cue_span is not None and g.label in ("indirect", "mixed", "direct"))
    starts = [c for c, _ in cues]
    for f in found:
        if f.label not in ("indirect", "mixed") or f.cue_span is None or f.cue_span[0] >= f.start:
            continue
        first = bisect.bisect_right(starts, f.start)
        for k in range(first, min(bisect.bisect_left(starts, f.end), first + MAX_CUES_READ)):
            g = found[cues[k][1]]
            if g is f or g.cue_span is None or g.start < g.cue_span[1] or g.end < f.end - 2:
                continue  # only a report whose own content runs to the end of this one
            at = g.cue_span[0]
            t = idx.tok_index(at)
            if t >= len(idx.tokens) or idx.tokens[t][1].lemma_.lower() not in _REPORTING:
                continue
            s_off, subj = g.subject if g.subject is not None else (0, None)
            if subj is not None and f.start < s_off + subj.left_edge.idx < at:
                if subj.pos_ not in ("PROPN", "NOUN", "PRON") or subj.tag_ in ("WDT", "WP") or subj.lower_ in ("that", "this", "which", "who"):
                    continue  # 'and that said will ...': no second speaker
                at = s_off + subj.left_edge.idx
            lo = max(f.start, at - 80)  # the words right before the other report (not the whole clause: floods)
            head = text[lo:at].rstrip()
            words = head.split()
            if (lo == f.start and len(words) < 4) or not words or words[-1].lower() not in _REPORT_LINKS:
                continue
            cut = lo + len(head) - len(words[-1])
            new_end = trim(text, f.start, cut, clause=True)[1]
            if f.label == "mixed" and not any(m in text[f.start : new_end] for m in '"\u201c\u201d'):
                continue  # a mixed quote keeps its quoted words
            if f.start < new_end < f.end:
                f.end = new_end
            break
