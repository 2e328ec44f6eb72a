"""Doubt on a quotation read as running on across a paragraph break while another speaker's
quotation leads into it (quotes stage, versions 46 and 48).

A quotation with no closing mark at its paragraph's end and an opening mark on the next
paragraph is one multi-paragraph quotation (``quote_marks``), and it goes to the speaker its
tag names after it, in the later paragraph. Writers also leave a mark out by mistake: in
'"...," Ana Ruiz said on Friday. "If that is true ... [no closing mark]' and the next paragraph
'"...," added Tom Vale. "..."', the run-on quotation opens with Ruiz's words and went to Vale
at 0.98. When the quotation right before a run-on one, in the same paragraph with only its tag
between them, names another speaker, the run-on quotation's speaker is a guess: ``uncertain``,
with both as ``candidates``. A real multi-paragraph quotation whose speaker is named again
("Ruiz said" in both paragraphs) keeps its speaker, and so does one whose own tag opens it in
its first paragraph ('Vale replied: "... [run on]', version 48).

Not split at the paragraph break: on PolNeAR dev the one such quotation's first-paragraph part
is the later speaker's in the gold, against the earlier speaker by the tag before it (a
throwaway split, version 48's first try, cost that quotation); either reading fits.
"""

from __future__ import annotations

from dataclasses import replace

from .quote_post import Found
from .quote_trust import same_person

#: The most characters of a tag between two pieces of one speaker's words ('," Ruiz said on Friday. "').
MAX_TAG_CHARS = 100


def doubt_run_ons(found: list[Found], text: str) -> None:
    """Mark the speaker of a run-on quotation uncertain where another speaker's quotation
    leads into it (see the module docstring)."""
    order = sorted((f for f in found if f.label in ("direct", "mixed")), key=lambda f: f.start)
    for prev, f in zip(order, order[1:]):
        sp, before = f.speaker, prev.speaker
        if f.paragraphs < 2 or sp is None or not sp.name or sp.uncertain or before is None or not before.name:
            continue
        gap = text[prev.end : f.start]
        if "\n" in gap or len(gap) > MAX_TAG_CHARS or same_person(sp.name, before.name):
            continue
        if f.cue_span is not None and f.cue_span[0] < text.find("\n", f.start, f.end):
            continue  # its own tag opens it: 'Vale replied: "... [run on]'
        f.speaker = replace(sp, uncertain=True, candidates=(sp.name, before.name))
