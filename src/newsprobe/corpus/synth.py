"""Synthetic news corpora with known answers: reposts, edited copies, stitched posts, drifted
and misattributed quotations, repeated claims and site templates (docs/corpus-synth.md).

::

    from newsprobe.corpus.synth import generate, truth

    for record in generate(1000, seed=1):   # {"id", "title", "text", "url", "outlet", "published"}
        ...
    answers = truth(1000, seed=1)            # the same corpus's known reposts, stories, quotes, claims

    python -m newsprobe.corpus.synth 1000 -o corpus.jsonl --truth truth.json --seed 1

Generation streams: memory holds a bounded pool of recent originals to copy from and a small
shuffle buffer, never the corpus, so ``generate(100_000)`` costs what ``generate(1_000)``
does per article. The order of the records is shuffled (deterministically): a copy may come
before its original in the file; the original is always the earliest ``published``.
All text is our own writing: invented people, places, organisations and outlets.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import deque
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Iterator

from .synth_make import ClaimGroup, Original, make_edited, make_original, make_stitched
from .synth_names import BLOGS, OUTLETS, REGIONS
from .synth_render import MARKS, Block, Rendered, Sent, render, shared_words, site_template, words
from .synth_text import new_claim

TRUTH_FORMAT = "newsprobe-synth-truth/1"


@dataclass(frozen=True)
class Rates:
    """Shares of each kind of article and of each change (the keyword arguments of ``generate``)."""

    repost: float = 0.12  # exact reposts on another outlet
    edited: float = 0.18  # edited copies sharing share_min..share_max of their words
    stitched: float = 0.05  # an opinion paragraph and 2-3 copied stories
    share_min: float = 0.3
    share_max: float = 0.95
    drift: float = 0.25  # a quotation in an edited copy is reworded
    misattribute: float = 0.15  # ... or credited to someone else
    claim: float = 0.3  # an original repeats a claim of another article (or starts one)
    paraphrase: float = 0.5  # a repeated claim is reworded (else verbatim)
    template_sites: int = 3  # outlets whose every page has a long shared header and footer
    brief: float = 0.35  # originals on template sites that are short briefs (the template dominates)
    footnote: float = 0.3  # an exact repost ends with "This article first appeared in ..."
    pool: int = 200  # recent originals that copies draw from
    shuffle: int = 32  # records held back to shuffle the file order
    days: float = 0.0  # days the corpus spans (0: from n, between 30 and 365)

    @classmethod
    def of(cls, **rates: Any) -> "Rates":
        unknown = set(rates) - set(cls.__dataclass_fields__)
        if unknown:
            raise TypeError(f"unknown rate(s) {', '.join(sorted(unknown))}; known: {', '.join(cls.__dataclass_fields__)}")
        return cls(**rates)


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:7])


class _Generator:
    """Makes the records and their facts, one step at a time (see ``events``)."""

    def __init__(self, n: int, seed: int, rates: Rates) -> None:
        self.n, self.seed, self.r = n, seed, rates
        self.rng = random.Random(seed)
        outlets = list(OUTLETS)
        self.rng.shuffle(outlets)
        self.outlets = outlets
        self.domain = dict(OUTLETS + BLOGS)
        self.templates: dict[str, tuple[str, str]] = {}
        for style, (name, _) in enumerate(outlets[: max(0, rates.template_sites)]):
            self.templates[name] = site_template(self.rng, name, self.rng.choice(REGIONS), style)
        self.marks = {name: MARKS[self.rng.random() < 0.3] for name, _ in OUTLETS + BLOGS}
        days = rates.days or min(365.0, max(30.0, n / 10))
        self.step = timedelta(days=days) / max(1, n)
        self.clock = datetime(2025, 1, 6, 7, 0)
        self.pool: deque[Original] = deque(maxlen=max(3, rates.pool))
        self.claims: deque[ClaimGroup] = deque(maxlen=12)
        self.n_claims = 0
        self.outlet_of: dict[str, str] = {}  # pooled originals only (bounded with the pool)

    def _id(self, k: int) -> str:
        return "a" + hashlib.blake2b(f"{self.seed}:{k}".encode(), digest_size=6).hexdigest()

    def _url(self, outlet: str, published: datetime, title: str, rid: str) -> str:
        return f"https://{self.domain[outlet]}/{published:%Y/%m/%d}/{_slug(title)}-{rid[-6:]}"

    def _record(self, rid: str, outlet: str, published: datetime, title: str, text: str) -> dict[str, Any]:
        return {"id": rid, "title": title, "text": text, "url": self._url(outlet, published, title, rid), "outlet": outlet,
                "published": published.strftime("%Y-%m-%dT%H:%M:%S")}

    def _render(self, outlet: str, blocks: list[Block]) -> Rendered:
        header, footer = self.templates.get(outlet, ("", ""))
        return render(blocks, marks=self.marks[outlet], header=header, footer=footer)

    def _facts(self, rid: str, rendered: Rendered) -> dict[str, Any]:
        quotes, claims = [], []
        for p in rendered.placed:
            q = p.sent.quote
            if q is not None:
                quotes.append({"group": q.group, "article_id": rid, "start": p.quote_start, "end": p.quote_end,
                               "text": rendered.text[p.quote_start : p.quote_end], "speaker": q.speaker.name,
                               "credited": q.credited.name, "drift": q.drift,
                               "misattributed": q.credited.name != q.speaker.name})
            if p.sent.claim is not None:
                claims.append({"group": p.sent.claim, "article_id": rid, "start": p.start, "end": p.end,
                               "text": p.text, "form": p.sent.claim_form})
        return {"quotes": quotes, "claims": claims}

    def _shares(self, orig: Original, outlet: str, rendered: Rendered) -> tuple[float, float]:
        """The share of the copy's words taken from ``orig``: of its whole text, and of its
        text without the site template."""
        shared = sum(shared_words(orig.texts[p.sent.key], p.text) for p in rendered.placed if p.sent.key >= 0)
        total = words(rendered.text)
        body = total - sum(words(t) for t in self.templates.get(outlet, ()))
        return round(shared / max(1, total), 4), round(shared / max(1, body), 4)

    def _other_outlet(self, not_this: str) -> str:
        name = not_this
        while name == not_this:
            name = self.rng.choice(self.outlets)[0]
        return name

    def events(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """(record, facts) in creation order; ``facts`` feeds ``truth``."""
        r, rng = self.r, self.rng
        for k in range(self.n):
            rid = self._id(k)
            self.clock += self.step * rng.uniform(0.2, 1.8)
            x = rng.random()
            kind = "original"
            if self.pool:
                if x < r.repost:
                    kind = "repost"
                elif x < r.repost + r.edited:
                    kind = "edited"
                elif x < r.repost + r.edited + r.stitched and len(self.pool) >= 3:
                    kind = "stitched"
            if kind == "original":
                yield self._original(rid)
            elif kind == "stitched":
                yield self._stitched(rid)
            else:
                yield self._copy(rid, kind)

    def _original(self, rid: str) -> tuple[dict[str, Any], dict[str, Any]]:
        r, rng = self.r, self.rng
        outlet = rng.choice(self.outlets)[0]
        claim = None
        paraphrase = False
        brief = outlet in self.templates and rng.random() < r.brief
        if not brief and rng.random() < r.claim:
            if self.claims and rng.random() < 0.7:
                claim = rng.choice(self.claims)
                paraphrase = rng.random() < r.paraphrase
            else:
                self.n_claims += 1
                claim = ClaimGroup(f"c-{self.seed}-{self.n_claims}", new_claim(rng), rng.randrange(5))
                self.claims.append(claim)
        title, scene, blocks = make_original(rng, rid, claim, paraphrase, brief)
        if claim is not None:
            claim.members += 1
        rendered = self._render(outlet, blocks)
        orig = Original(rid, outlet, self.clock, title, scene, blocks,
                        {p.sent.key: p.text for p in rendered.placed if p.sent.key >= 0})
        orig.n_words = sum(words(t) for t in orig.texts.values())
        if len(self.pool) == self.pool.maxlen:
            self.outlet_of.pop(self.pool[0].id, None)
        self.pool.append(orig)
        self.outlet_of[rid] = outlet
        facts = {"kind": "brief" if brief else "original", "origin": None, "share": None,
                 "template": outlet if outlet in self.templates else None, **self._facts(rid, rendered)}
        return self._record(rid, outlet, self.clock, title, rendered.text), facts

    def _copy(self, rid: str, kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
        r, rng = self.r, self.rng
        orig = rng.choice(self.pool)
        outlet = self._other_outlet(orig.outlet)
        published = orig.published + timedelta(hours=rng.uniform(0.5, 96))
        if kind == "repost":
            title, blocks = orig.title, list(orig.blocks)
            if rng.random() < r.footnote:
                blocks = blocks + [Block([Sent(-1, f"This article first appeared in the {orig.outlet}.")])]
        else:
            target = rng.uniform(r.share_min, r.share_max)
            title, blocks = make_edited(rng, orig, target, r.drift, r.misattribute)
        rendered = self._render(outlet, blocks)
        share, body_share = self._shares(orig, outlet, rendered)
        facts = {"kind": kind, "origin": orig.id, "share": share, "body_share": body_share,
                 "origin_share": round(min(1.0, share * words(rendered.text) / max(1, orig.n_words)), 4),
                 "template": outlet if outlet in self.templates else None, **self._facts(rid, rendered)}
        return self._record(rid, outlet, published, title, rendered.text), facts

    def _stitched(self, rid: str) -> tuple[dict[str, Any], dict[str, Any]]:
        rng = self.rng
        origins = rng.sample(list(self.pool), rng.choice((2, 2, 3)))
        outlet = rng.choice(BLOGS)[0]
        title, blocks, links = make_stitched(rng, origins, self.outlet_of)
        published = max(o.published for o in origins) + timedelta(hours=rng.uniform(1, 72))
        rendered = self._render(outlet, blocks)
        total = words(rendered.text)
        stories = []
        by_id = {o.id: o for o in origins}
        for n, (first, oid, style) in enumerate(links):
            last = links[n + 1][0] - 1 if n + 1 < len(links) else len(blocks) - 1
            start = rendered.blocks[first + (1 if blocks[first].sents[0].key == -3 else 0)][0]
            end = rendered.blocks[last][1]
            orig = by_id[oid]
            shared = sum(shared_words(orig.texts[p.sent.key], p.text) for p in rendered.placed
                         if p.sent.key >= 0 and start <= p.start < end)
            stories.append({"post": rid, "index": n + 1, "origin": oid, "start": start, "end": end, "marker": style,
                            "origin_outlet": self.outlet_of[oid], "share_of_origin": round(shared / max(1, orig.n_words), 4),
                            "share_of_post": round(shared / max(1, total), 4)})
        facts = {"kind": "stitched", "origin": None, "share": None, "stories": stories, "template": None,
                 **self._facts(rid, rendered)}
        return self._record(rid, outlet, published, title, rendered.text), facts


def _shuffled(events: Iterator[tuple[dict[str, Any], dict[str, Any]]], rng: random.Random, size: int) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    buffer: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for ev in events:
        buffer.append(ev)
        if len(buffer) > size:
            yield buffer.pop(rng.randrange(len(buffer)))
    while buffer:
        yield buffer.pop(rng.randrange(len(buffer)))


def events(n: int, seed: int = 0, **rates: Any) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(record, facts) pairs in file order: what ``generate`` yields, with each record's truth."""
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    r = Rates.of(**rates)
    gen = _Generator(n, seed, r)
    return _shuffled(gen.events(), random.Random(seed + 7919), max(0, r.shuffle))


def generate(n: int, seed: int = 0, **rates: Any) -> Iterator[dict[str, Any]]:
    """``n`` records {"id","title","text","url","outlet","published"}, streamed, the same for
    the same ``n``, ``seed`` and ``rates`` (the fields of ``Rates``)."""
    return (record for record, _ in events(n, seed, **rates))


class TruthBuilder:
    """Collects the facts of each record into the truth (``truth`` and the CLI use it)."""

    def __init__(self, n: int, seed: int, rates: dict[str, Any]) -> None:
        self.n, self.seed, self.rates = n, seed, rates
        self.articles: dict[str, dict[str, Any]] = {}
        self.reposts: list[dict[str, Any]] = []
        self.stories: list[dict[str, Any]] = []
        self.quotes: dict[str, list[dict[str, Any]]] = {}
        self.claims: dict[str, list[dict[str, Any]]] = {}
        self.templates: dict[str, list[str]] = {}

    def add(self, record: dict[str, Any], facts: dict[str, Any]) -> None:
        rid = record["id"]
        self.articles[rid] = {"kind": facts["kind"], "outlet": record["outlet"], "published": record["published"],
                              "origin": facts["origin"], "share": facts["share"], "template": facts["template"]}
        if facts["origin"] is not None:
            self.reposts.append({"origin": facts["origin"], "copy": rid, "kind": facts["kind"], "share": facts["share"],
                                 "body_share": facts["body_share"], "origin_share": facts["origin_share"]})
        self.stories.extend(facts.get("stories", ()))
        for q in facts["quotes"]:
            self.quotes.setdefault(q["group"], []).append(q)
        for c in facts["claims"]:
            self.claims.setdefault(c["group"], []).append(c)
        if facts["template"]:
            self.templates.setdefault(facts["template"], []).append(rid)

    def result(self) -> dict[str, Any]:
        def ordered(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return sorted(members, key=lambda m: (self.articles[m["article_id"]]["published"], m["article_id"], m["start"]))

        quotes = []
        for gid, members in sorted(self.quotes.items()):  # every quotation, repeated or not
            ms = ordered(members)
            quotes.append({"group": gid, "speaker": ms[0]["speaker"], "members": ms,
                           "quote_drift": any(m["drift"] for m in ms), "attribution_drift": any(m["misattributed"] for m in ms)})
        # every planted claim, repeated or not: a claim said once is a group of one, so a cluster
        # joining it to another claim's group counts as a wrong pair
        claims = [{"group": gid, "members": ordered(ms)} for gid, ms in sorted(self.claims.items())]
        return {"format": TRUTH_FORMAT, "n": self.n, "seed": self.seed, "rates": self.rates, "articles": self.articles,
                "reposts": self.reposts, "stories": self.stories, "quotes": quotes, "claims": claims,
                "templates": [{"outlet": o, "members": ids} for o, ids in sorted(self.templates.items())]}


def truth(n: int, seed: int = 0, **rates: Any) -> dict[str, Any]:
    """The known answers for ``generate(n, seed, **rates)`` (docs/corpus-synth.md, "Truth")."""
    tb = TruthBuilder(n, seed, asdict(Rates.of(**rates)))
    for record, facts in events(n, seed, **rates):
        tb.add(record, facts)
    return tb.result()


def write(n: int, out: str, *, truth_path: str | None = None, seed: int = 0, **rates: Any) -> dict[str, Any]:
    """Write the corpus (JSON Lines) to ``out`` ("-": stdout) and the truth to ``truth_path``;
    returns counts per kind."""
    tb = TruthBuilder(n, seed, asdict(Rates.of(**rates))) if truth_path else None
    counts: dict[str, int] = {}
    stream = sys.stdout if out == "-" else open(out, "w", encoding="utf-8")
    try:
        for record, facts in events(n, seed, **rates):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            counts[facts["kind"]] = counts.get(facts["kind"], 0) + 1
            if tb is not None:
                tb.add(record, facts)
    finally:
        if stream is not sys.stdout:
            stream.close()
    if tb is not None and truth_path:
        with open(truth_path, "w", encoding="utf-8") as f:
            json.dump(tb.result(), f, ensure_ascii=False)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m newsprobe.corpus.synth",
                                 description="Write a synthetic news corpus with known reposts, quotes and claims.")
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("-o", "--output", default="-", help="JSON Lines file to write (default: stdout)")
    ap.add_argument("--truth", help="also write the known answers (JSON) here")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rate", action="append", default=[], metavar="NAME=VALUE",
                    help=f"change a rate, e.g. --rate edited=0.3 (names: {', '.join(Rates.__dataclass_fields__)})")
    args = ap.parse_args(argv)
    rates: dict[str, Any] = {}
    for item in args.rate:
        name, _, value = item.partition("=")
        if name not in Rates.__dataclass_fields__ or not value:
            ap.error(f"--rate {item!r}: use NAME=VALUE with NAME one of {', '.join(Rates.__dataclass_fields__)}")
        kind = type(getattr(Rates(), name))
        try:
            rates[name] = kind(value)
        except ValueError:
            ap.error(f"--rate {item!r}: {value!r} is not a {kind.__name__}")
    if args.n < 0:
        ap.error("N must be 0 or more")
    counts = write(args.n, args.output, truth_path=args.truth, seed=args.seed, **rates)
    print(f"wrote {args.n} article(s) to {args.output}: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
