"""Quotations for synthetic corpora, composed clause by clause (all our own writing).

A quotation is two composed clauses and, half the time, a line from the story's topic. A
composed clause picks a subject, a verb phrase, an object and a tail from banks and fills
their slots with the story's names and fresh figures, so two unrelated stories almost never
quote the same words: a clause has hundreds of thousands of forms before its slots are filled.
(Unrelated quotations that nearly match would look like drifted copies of each other and spoil
the drift scores.)
"""

from __future__ import annotations

import random

from .synth_text import Scene, _Slots

OPENERS: tuple[str, ...] = (
    "frankly", "to be honest", "let me be clear", "as I said on {day}", "for the record", "in my view",
    "at the end of the day", "believe me", "quite simply", "as things stand", "if I am honest", "make no mistake",
)
#: (subject, plural?)
SUBJECTS: tuple[tuple[str, bool], ...] = (
    ("we", True), ("the council", False), ("this government", False), ("my colleagues and I", True), ("{org}", False),
    ("nobody at {org}", False), ("the people of {place}", True), ("our members", True), ("{group}", True),
    ("every family in {place}", False), ("the ministry", False), ("the board", False), ("our engineers", True),
    ("the auditors", True), ("the regional office", False), ("{company}", False), ("the committee", False),
    ("our volunteers", True), ("the unions", True), ("the mayor's office", False),
)
#: (with a plural subject, with a singular one)
MODALS: tuple[tuple[str, str], ...] = tuple((m, m) for m in ("will", "cannot", "must", "should", "will not", "could", "will never")) + (
    ("have to", "has to"), ("are going to", "is going to"), ("refuse to", "refuses to"), ("intend to", "intends to"),
    ("are ready to", "is ready to"), ("need to", "needs to"), ("want to", "wants to"), ("have promised to", "has promised to"),
    ("are not going to", "is not going to"),
)
VERBS: tuple[str, ...] = (
    "pay for", "defend", "support", "oppose", "explain", "finish", "protect", "rethink", "publish", "accept", "reject",
    "fight for", "look again at", "sign off", "question", "stand behind", "walk away from", "talk about", "rescue",
    "put a price on", "bring forward", "hold up", "answer for", "vote down", "rewrite",
)
OBJECTS: tuple[str, ...] = (
    "{thing}", "{thing2}", "the figures", "the full contract", "the timetable", "the report on {problem}",
    "every penny of the {money}", "the plan for {place}", "the latest figures on {measure}", "what happened in {place2}",
    "the promises made in {year}", "the deal with {company}", "a single job in {place}", "the {n} conditions",
    "the answer we gave in {month}", "the review of {thing2}", "the budget for {region}", "any cut to {thing}",
)
TAILS: tuple[str, ...] = (
    "before {month}", "by the end of {year}", "whatever it costs", "for {group}", "across {region}", "next {day}",
    "without a proper consultation", "until we see the evidence", "for the next {months} months", "once and for all",
    "on behalf of {group}", "in front of the whole council", "while {problem} goes on", "with {money} we do not have",
    "after {months} months of silence", "as long as I am in this job", "the way {place2} did", "for {pct} percent less",
)


def composed_clause(rng: random.Random, slots: _Slots) -> str:
    parts = []
    if rng.random() < 0.3:
        parts.append(rng.choice(OPENERS) + ",")
    subject, plural = rng.choice(SUBJECTS)
    modal = rng.choice(MODALS)[0 if plural else 1]
    parts += [subject, modal, rng.choice(VERBS), rng.choice(OBJECTS)]
    if rng.random() < 0.7:
        parts.append(rng.choice(TAILS))
    text = " ".join(parts)
    return text.format_map(slots)


def quote_clauses(rng: random.Random, scene: Scene, used: set[str]) -> tuple[str, ...]:
    """Two or three clauses of a quotation (joined by ``synth_text.join_clauses``): two composed
    ones and, half the time, a line from the topic. ``used``: topic lines already quoted in this
    story (never quoted twice)."""
    slots = _Slots(rng, scene)
    slots["group"] = rng.choice(scene.topic.groups)
    clauses = [composed_clause(rng, slots)]
    slots.pop("thing2", None)
    slots.pop("place2", None)
    clauses.append(composed_clause(rng, slots))
    if rng.random() < 0.5:
        fresh = [c for c in scene.topic.clauses if c not in used] or list(scene.topic.clauses)
        topic_clause = rng.choice(fresh)
        used.add(topic_clause)
        clauses.insert(rng.randint(0, len(clauses)), topic_clause.format_map(slots))
    return tuple(clauses)
