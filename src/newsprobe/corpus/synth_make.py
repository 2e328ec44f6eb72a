"""How each kind of synthetic article is made: originals, exact reposts, edited copies,
stitched posts. Used by ``corpus/synth.py`` (which streams them and keeps the truth).

Every maker returns the story's blocks plus what the truth needs; ``synth.py`` renders them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import datetime

from .synth_quotes import quote_clauses
from .synth_render import Block, Quote, Sent, words
from .synth_text import (
    Scene,
    body_sentence,
    brief_sentence,
    claim_sentence,
    lead_sentence,
    new_person,
    new_scene,
    opinion_sentence,
    title,
)
from .synth_topics import DRIFT_ADDITIONS, DRIFT_SWAPS


@dataclass
class Original:
    """An original kept in the pool of recent originals that copies draw from."""

    id: str
    outlet: str
    published: datetime
    title: str
    scene: Scene
    blocks: list[Block]
    texts: dict[int, str] = field(default_factory=dict)  # key -> the sentence as rendered in the original
    n_words: int = 0  # words of the body (without a site template)


@dataclass
class ClaimGroup:
    id: str
    fact: dict[str, str]
    form: int
    members: int = 0


def make_original(rng: random.Random, oid: str, claim: ClaimGroup | None, paraphrase: bool, brief: bool) -> tuple[str, Scene, list[Block]]:
    """The title, scene and blocks of a new original (a short brief when ``brief``)."""
    if brief:
        scene = new_scene(rng, 0)
        texts = [brief_sentence(rng, scene) for _ in range(rng.randint(1, 2))]
        texts += [body_sentence(rng, scene) for _ in range(rng.randint(1, 2))]
        sents = [Sent(i, text) for i, text in enumerate(texts)]
        return title(rng, scene), scene, [Block(sents)]
    scene = new_scene(rng, rng.choice((1, 2, 2, 3)))
    key = 0

    def plain(text: str) -> Sent:
        nonlocal key
        key += 1
        return Sent(key - 1, text)

    blocks = [Block([plain(lead_sentence(rng, scene))] + ([plain(body_sentence(rng, scene))] if rng.random() < 0.5 else []))]
    body = [Block([plain(body_sentence(rng, scene)) for _ in range(rng.randint(1, 3))]) for _ in range(rng.randint(3, 6))]
    q = 0
    used: set[str] = set()
    for person in scene.people:
        for _ in range(rng.choice((1, 1, 2))):
            quote = Quote(f"q-{oid}-{q}", quote_clauses(rng, scene, used), person, person, rng.choice((0, 0, 1, 2)))
            q += 1
            sents = [Sent(key, quote=quote)]
            key += 1
            if rng.random() < 0.4:
                sents.append(plain(body_sentence(rng, scene)))
            body.insert(rng.randint(0, len(body)), Block(sents))
    if claim is not None:
        form = rng.choice([f for f in range(5) if f != claim.form]) if paraphrase else claim.form
        kind = "first" if claim.members == 0 else ("paraphrase" if paraphrase else "verbatim")
        s = Sent(key, claim_sentence(claim.fact, form), claim=claim.id, claim_form=kind)
        key += 1
        body.insert(rng.randint(0, len(body)), Block([s, plain(body_sentence(rng, scene))]))
    return title(rng, scene), scene, blocks + body


def drift_quote(rng: random.Random, q: Quote) -> Quote:
    """A wording of ``q`` that differs: a word changed, a clause dropped or a clause added."""
    ops = ["word", "drop", "add"] if len(q.clauses) > 2 else ["word", "word", "add"]
    op = rng.choice(ops)
    if op == "word":
        spots = [(i, j) for i, c in enumerate(q.clauses) for j, w in enumerate(c.split()) if w in DRIFT_SWAPS]
        if spots:
            i, j = rng.choice(spots)
            ws = q.clauses[i].split()
            ws[j] = DRIFT_SWAPS[ws[j]]
            clauses = q.clauses[:i] + (" ".join(ws),) + q.clauses[i + 1 :]
            return replace(q, clauses=clauses, drift="word")
        op = "add"
    if op == "drop":
        drop = rng.randrange(len(q.clauses))
        return replace(q, clauses=q.clauses[:drop] + q.clauses[drop + 1 :], drift="drop")
    return replace(q, clauses=q.clauses + (rng.choice(DRIFT_ADDITIONS),), drift="add")


def misattribute(rng: random.Random, q: Quote, scene: Scene) -> Quote:
    """``q`` credited to someone else: another person of the story, or a new one."""
    others = [p for p in scene.people if p.last != q.speaker.last]
    if others and rng.random() < 0.5:
        return replace(q, credited=rng.choice(others))
    taken = {p.last for p in scene.people} | {p.first for p in scene.people}
    return replace(q, credited=new_person(rng, scene, taken))


def make_edited(
    rng: random.Random, orig: Original, target: float, p_drift: float, p_misattr: float
) -> tuple[str, list[Block]]:
    """A copy that keeps about ``target`` of its words from ``orig``: sentences dropped, new
    ones added, quotations kept, drifted or misattributed. Returns (title, blocks)."""
    keep_p = rng.uniform(0.75, 1.0) if target >= 0.6 else rng.uniform(0.45, 0.8)
    blocks: list[Block] = []
    kept_words = 0
    for b, block in enumerate(orig.blocks):
        sents: list[Sent] = []
        for i, s in enumerate(block.sents):
            if not (b == 0 and i == 0) and rng.random() > keep_p:
                continue
            q = s.quote
            if q is not None:
                r = rng.random()
                if r < p_drift:
                    s = replace(s, quote=drift_quote(rng, q))
                elif r < p_drift + p_misattr:
                    s = replace(s, quote=misattribute(rng, q, orig.scene))
            kept_words += words(orig.texts.get(s.key, s.text))
            sents.append(s)
        if sents:
            blocks.append(Block(sents))
    needed = kept_words * (1 - target) / max(target, 0.05)
    added = 0
    # new sentences: the editor's own background on the topic, in forms the original did not use
    scene = replace(new_scene(rng, 0, orig.scene.topic), place=orig.scene.place, used=set(orig.scene.used))
    scene.thing = rng.choice([t for t in scene.topic.things if t != orig.scene.thing])
    while added < needed:
        s = Sent(-1, body_sentence(rng, scene))
        added += words(s.text)
        if rng.random() < 0.6 or len(blocks) < 2:
            blocks.insert(rng.randint(1, len(blocks)), Block([s]))
        else:
            target_block = blocks[rng.randint(1, len(blocks) - 1)]
            target_block.sents.insert(rng.randint(0, len(target_block.sents)), s)
    new_title = orig.title if rng.random() < 0.5 else title(rng, scene)
    return new_title, blocks


STITCH_STYLES = ("dateline", "via", "closing")
CLOSING_LINES = ("Originally published at the {o}", "Source: {o}", "This article first appeared in the {o}")


def make_stitched(
    rng: random.Random, origins: list[Original], outlet_of: dict[str, str]
) -> tuple[str, list[Block], list[tuple[int, str, str]]]:
    """An opinion paragraph and the stories of ``origins`` each under its headline with a
    marker naming its outlet. Returns (title, blocks, [(first block, origin id, style)])."""
    lead = replace(origins[0].scene, used=set(origins[0].scene.used))  # the blogger's own sentences
    # the blogger's opinion, mixed with background of their own, so two posts never share it
    opinion = Block([Sent(-1, opinion_sentence(rng, lead)), Sent(-1, body_sentence(rng, lead)),
                     Sent(-1, body_sentence(rng, lead)), Sent(-1, opinion_sentence(rng, lead)),
                     Sent(-1, body_sentence(rng, lead))])
    blocks = [opinion]
    if rng.random() < 0.5:
        blocks.append(Block([Sent(-1, opinion_sentence(rng, lead)), Sent(-1, body_sentence(rng, lead))]))
    links: list[tuple[int, str, str]] = []
    for orig in origins:
        style = rng.choice(STITCH_STYLES)
        outlet = outlet_of[orig.id]
        first = len(blocks)
        if style == "closing" or rng.random() < 0.4:
            blocks.append(Block([Sent(-3, "* * *")]))
        head: list[Sent] = [Sent(-2, orig.title)]
        if style == "via":
            head.append(Sent(-2, f"via {outlet}"))
        blocks.append(Block(head, reset=True, origin_id=orig.id))
        n = len(orig.blocks) if rng.random() < 0.5 else min(len(orig.blocks), rng.randint(3, 5))
        for i, block in enumerate(orig.blocks[:n]):
            sents = list(block.sents)
            if i == 0 and style == "dateline":
                sents.insert(0, Sent(-1, f"{orig.scene.place.upper()} ({outlet}) —"))
            blocks.append(Block(sents, origin_id=orig.id))
        if style == "closing":
            blocks.append(Block([Sent(-2, rng.choice(CLOSING_LINES).format(o=outlet))], origin_id=orig.id))
        links.append((first, orig.id, style))
    post_title = rng.choice(("Three stories they hope you missed", "This week in {place}", "Who is paying for this?",
                             "The news they buried", "Read this before you vote", "A week of broken promises"))
    return post_title.format(place=lead.place), blocks, links

