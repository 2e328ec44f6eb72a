"""A verb of saying in -ing form that is the clause another verb of saying reports ('Several
lecturers reported managers demanding credit for papers they had barely read'): what the
managers demanded is the lecturers' report, not words the managers said to the writer, so the
speaker of that inner reading is a guess (quotes stage, version 50; it was "managers" at 0.95).
A quotation whose content is only the words in quote marks keeps its speaker ('Witnesses said
protesters were chanting "Open the port"': the chant is the protesters' own), and so does a
pronoun subject ("Ruiz said she was demanding ...": most often Ruiz).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .quote_post import Found
from .quote_trust import in_other_report


def _reported_gerund(subj: Any, off: int, cue_at: int) -> bool:
    """Whether ``subj`` is the subject of the -ing cue at ``cue_at`` and that cue is the clause
    a verb of saying before it reports (``quote_trust.in_other_report``)."""
    return subj.head.tag_ == "VBG" and off + subj.head.idx == cue_at and in_other_report(subj)


def doubt_reported_gerunds(found: list[Found]) -> None:
    """Mark uncertain the speaker of a reading whose cue is an -ing verb of saying inside what
    another verb of saying reports (see the module docstring)."""
    for f in found:
        sp = f.speaker
        if sp is None or sp.uncertain or f.subject is None or f.cue_span is None or f.label not in ("indirect", "mixed"):
            continue
        if f.label == "mixed" and f.region is not None and f.region[0] <= f.start and f.end <= f.region[1]:
            continue  # only the quoted words: the chanters' own
        off, subj = f.subject
        if _reported_gerund(subj, off, f.cue_span[0]):
            f.speaker = replace(sp, uncertain=True, candidates=sp.candidates or ((sp.name,) if sp.name else ()))
