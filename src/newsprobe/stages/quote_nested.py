"""A verb of saying in -ing form that is the clause another verb of saying reports ('Several
lecturers reported managers demanding credit for papers they had barely read'): what the
managers demanded is the lecturers' report, not words the managers said to the writer, so the
speaker of that inner reading is a guess (quotes stage, version 50; it was "managers" at 0.95).
A quotation whose content is only the words in quote marks keeps its speaker ('Witnesses said
protesters were chanting "Open the port"': the chant is the protesters' own), and so does a
pronoun subject ("Ruiz said she was demanding ...": most often Ruiz).

A participle after a list of people the sentence puts beside its subject ('Hale and Corbin
stay upbeat despite a few early backers, such as Ann Lowe, lately arguing the levy must go')
may be theirs or the subject's: the parser hangs it on the main verb, the grammar does not
say (version 60; it was "Hale and Corbin" at 0.98, and they were not the ones saying it). So
may one after a relative clause whose subject is people ('Vale spoke near the gate, where
strikers had gathered, chanting "..."'), and so is the reading of an accusation: 'Vale accused
the mayor of claiming that ...' (the claim is the mayor's as Vale tells it); a whole quotation
after it ('accused [A] of arguing "..."') keeps Vale, whose words it most often is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .parse_cache import children, token_at
from .quote_people import is_plausible_speaker_noun
from .quote_post import Found
from .quote_trust import in_other_report

#: Prepositions that put other people beside a clause's subject: what follows the list may be
#: theirs ("despite critics, such as X, saying"); "as" only in "such as" ("dismissed him as a
#: weak leader, arguing" is the subject's).
_BESIDE = frozenset("despite including like".split())


def _reported_gerund(subj: Any, off: int, cue_at: int) -> bool:
    """Whether ``subj`` is the subject of the -ing cue at ``cue_at`` and that cue is the clause
    a verb of saying before it reports (``quote_trust.in_other_report``)."""
    return subj.head.tag_ == "VBG" and off + subj.head.idx == cue_at and in_other_report(subj)


def _people(tok: Any) -> bool:
    """Whether a noun can speak: a name of a person or group ("Ivo Marsh", which the tagger may
    call an organisation) or a noun for people ("backers", "a critic")."""
    return tok.ent_type_ in ("PERSON", "ORG", "NORP") or tok.pos_ in ("NOUN", "PROPN") and not tok.ent_type_ and is_plausible_speaker_noun(tok)


def _after_listed_people(subj: Any, node: Any) -> bool:
    """Whether ``node``, the cue, is an -ing participle right after a comma that closes a phrase
    of people hung on the subject's verb by one of ``_BESIDE``, or a relative clause whose
    subject is people (see the module docstring)."""
    verb = subj.head
    if node.tag_ != "VBG" or node.dep_ != "advcl" or node.head.i != verb.i or subj.i > verb.i:
        return False
    first = node.i - 1
    while first > verb.i and subj.doc[first].pos_ == "ADV":
        first -= 1  # ", now saying"
    if first <= verb.i + 1 or subj.doc[first].text != ",":
        return False
    tok, hops = subj.doc[first - 1], 0
    while tok.i != verb.i and hops < 8:
        prep = tok.head
        if tok.dep_ == "pobj" and (prep.lower_ in _BESIDE or prep.lower_ == "as" and prep.i > 0 and subj.doc[prep.i - 1].lower_ == "such") and _people(tok):
            return True
        if tok.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.pos_ != "PRON" and _people(c) for c in children(tok)):
            return True  # '..., where protesters had gathered, chanting "..."', not '..., who was under inquiry, saying'
        tok, hops = tok.head, hops + 1
    return False


#: Verbs that charge their object with what follows "of": 'accused the mayor of claiming that
#: ...' is the accuser's account of a claim the mayor may never have made.
_CHARGING = frozenset({"accuse", "suspect", "convict", "charge"})


def _charged(node: Any) -> bool:
    """Whether ``node``, the cue, is an -ing verb after "of" on a verb of ``_CHARGING``."""
    return node.tag_ == "VBG" and node.dep_ == "pcomp" and node.head.lower_ == "of" and node.head.head.lemma_.lower() in _CHARGING


def doubt_reported_gerunds(found: list[Found]) -> None:
    """Mark uncertain the speaker of a reading whose cue is an -ing verb of saying inside what
    another verb of saying reports, an -ing participle after a list of other people, or an
    accusation's "of [saying]" (see the module docstring)."""
    for f in found:
        sp = f.speaker
        if sp is None or sp.uncertain or f.subject is None or f.cue_span is None:
            continue
        off, subj = f.subject
        reported = f.label in ("indirect", "mixed") and _reported_gerund(subj, off, f.cue_span[0])
        if reported and f.label == "mixed" and f.region is not None and f.region[0] <= f.start and f.end <= f.region[1]:
            reported = False  # only the quoted words: the chanters' own
        node = None if reported else token_at(subj.doc, f.cue_span[0] - off)  # the cue, looked up once
        if reported or (node is not None and (_after_listed_people(subj, node) or (f.label != "direct" and _charged(node)))):
            f.speaker = replace(sp, uncertain=True, candidates=sp.candidates or ((sp.name,) if sp.name else ()))
