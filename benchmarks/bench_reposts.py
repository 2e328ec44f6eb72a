"""Reposts on a synthetic corpus with known answers: speed, memory, precision and recall.

    .venv/bin/python benchmarks/bench_reposts.py --n 10000 [--seed 0] [--keep /tmp/reposts.duckdb]

Writes ``n`` generated articles straight into a temporary store (no pipeline: the ``stories``
layer of stitched posts is set by hand, as the stories stage would), runs
``newsprobe.corpus.reposts.repost_clusters`` and prints its time, the process's peak memory
growth and, against the generator's truth, precision and recall of (origin, copy) pairs.

The generator is this file's own (``newsprobe.corpus.synth`` is written elsewhere; the lead
rescores with it): text is invented words drawn from a Zipf distribution over a 20,000-word
vocabulary, sentences of 8-25 words, articles of 8-30 sentences, 40 outlets of which a quarter
wrap every page in a long template header and footer of their own. About 15% of articles are
copies of an earlier original (exact; keeping a share of its sentences in order with new ones
in between; or its first paragraphs), placed at a random outlet (sometimes the original's), and
about 3% are stitched posts whose second story is a whole earlier article. The true share of a
copy is the share of its words that come from the original.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timedelta

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

from newsprobe.article import Article, Span  # noqa: E402
from newsprobe.corpus.reposts import repost_clusters  # noqa: E402
from newsprobe.settings import Settings  # noqa: E402
from newsprobe.store import Store  # noqa: E402

SYL = "ka lo mi re tu sa ne vo pi da gu le ri mo na te bu fi so ha ze ju wa ki po".split()


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        words = set()
        while len(words) < 20000:
            words.add("".join(self.rng.choice(SYL, self.rng.integers(2, 5))))
        self.vocab = np.array(sorted(words))
        p = 1.0 / np.arange(1, len(self.vocab) + 1) ** 1.05
        self.cdf = np.cumsum(p / p.sum())

    def sentence(self) -> str:
        idx = np.searchsorted(self.cdf, self.rng.random(int(self.rng.integers(8, 26))))
        w = self.vocab[np.minimum(idx, len(self.vocab) - 1)]
        return " ".join(w).capitalize() + "."

    def sentences(self, n: int) -> list[str]:
        return [self.sentence() for _ in range(n)]


def paragraphs(sents: list[str]) -> str:
    out, i = [], 0
    while i < len(sents):
        out.append(" ".join(sents[i:i + 3]))
        i += 3
    return "\n\n".join(out)


def generate(n: int, seed: int):
    g = Gen(seed)
    rng = g.rng
    outlets = [f"outlet{i}" for i in range(40)]
    templates = {o: (" ".join(g.sentences(4)), " ".join(g.sentences(3))) for o in outlets[:10]}
    originals: list[tuple[str, list[str]]] = []
    truth: list[tuple[str, str, float]] = []  # (origin, copy, share)
    t0 = datetime(2024, 1, 1)
    for i in range(n):
        aid = f"a{i:06d}"
        outlet = outlets[int(rng.integers(len(outlets)))]
        published = (t0 + timedelta(minutes=10 * i)).isoformat()
        stories = None
        r = rng.random()
        if r < 0.15 and originals:
            oid, osents = originals[int(rng.integers(len(originals)))]
            kind = rng.random()
            if kind < 0.3:
                sents, share = list(osents), 1.0
            elif kind < 0.8:
                keep = rng.uniform(0.3, 1.0)
                sents, own = [], 0
                for s in osents:
                    if rng.random() < keep:
                        sents.append(s)
                    else:
                        new = g.sentence()
                        sents.append(new)
                        own += len(new.split())
                total = sum(len(s.split()) for s in sents)
                share = 1 - own / total
            else:
                sents, share = osents[:max(3, len(osents) // 2)], 1.0
            body = paragraphs(sents)
            truth.append((oid, aid, share))
        elif r < 0.18 and originals:
            oid, osents = originals[int(rng.integers(len(originals)))]
            mine = paragraphs(g.sentences(int(rng.integers(8, 20))))
            theirs = paragraphs(osents)
            body = mine + "\n\n***\n\n" + theirs
            stories = [(0, len(mine)), (len(mine) + 7, len(body))]
            truth.append((oid, aid, 1.0))  # the second story copies the whole original
        else:
            sents = g.sentences(int(rng.integers(8, 31)))
            body = paragraphs(sents)
            originals.append((aid, sents))
        head = foot = ""
        if outlet in templates:
            head, foot = templates[outlet][0] + "\n\n", "\n\n" + templates[outlet][1]
        text = head + body + foot
        a = Article(text, id=aid, meta={"title": aid, "outlet": outlet, "published": published,
                                        "url": f"https://www.{outlet}.example/{aid}"})
        if stories:
            off = len(head)
            a.with_layer("stories", [Span(s + off, e + off, "story", attrs={"index": j}) for j, (s, e) in enumerate(stories)])
        yield a, (outlet, stories is not None)
    generate.truth = truth  # type: ignore[attr-defined]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", help="write the store here (else a temporary file)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-reposts-")
    path = args.keep or os.path.join(tmp, "s.duckdb")
    outlet_of: dict[str, str] = {}
    t = time.perf_counter()
    with Store(path) as store:
        batch = []
        for a, (outlet, _) in generate(args.n, args.seed):
            outlet_of[a.id] = outlet
            batch.append((a, None))
            if len(batch) == 1000:
                store.put_articles(batch)
                batch = []
        if batch:
            store.put_articles(batch)
    truth = generate.truth  # type: ignore[attr-defined]
    print(f"generated and stored {args.n} articles in {time.perf_counter() - t:.1f} s")
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    with Store(path, read_only=True) as store:
        clusters = repost_clusters(store, Settings())
    took = time.perf_counter() - t
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"repost_clusters: {took:.1f} s ({1000 * took / args.n:.2f} ms per article), {len(clusters)} clusters, "
          f"peak RSS {rss1 / 1024:.0f} MB (+{(rss1 - rss0) / 1024:.0f} MB during clustering)")
    predicted: dict[tuple[str, str], float] = {}
    for c in clusters:
        o = c.members[0].article_id
        for m in c.members[1:]:
            predicted[(o, m.article_id)] = m.share or 0.0
    # a copy of an original also copies the original's other copies: pairs between two copies of
    # one original are right too (they share what they took from it)
    copies_of: dict[str, set[str]] = defaultdict(set)
    share_of: dict[tuple[str, str], float] = {}
    for o, cp, s in truth:
        copies_of[o].add(cp)
        share_of[(o, cp)] = s
    family = {cp: o for o, cps in copies_of.items() for cp in cps}
    want = {(o, cp) for o, cp, s in truth if s >= 0.5}
    found = {p for p in predicted if p in want or (family.get(p[1]) == p[0])}
    fams_ok = {p for p in predicted if family.get(p[1]) == family.get(p[0], p[0]) or family.get(p[1]) == p[0]}
    wrong = [p for p in predicted if p not in fams_ok]
    recall = len(want & set(predicted)) / max(1, len(want))
    precision = len(fams_ok) / max(1, len(predicted))
    same_site = {p for p in want if outlet_of[p[0]] == outlet_of[p[1]]}
    print(f"truth: {len(want)} (origin, copy) pairs with share >= 0.5 ({len(same_site)} on the origin's own site); "
          f"predicted pairs: {len(predicted)}")
    print(f"recall {recall:.3f} (without same-site pairs {len((want - same_site) & set(predicted)) / max(1, len(want - same_site)):.3f}); "
          f"precision {precision:.3f} (pairs of one family count as right; {len(wrong)} wrong)")
    below = [p for p in found if share_of.get(p, 1.0) < 0.5]
    errs = [abs(predicted[p] - share_of[p]) for p in predicted if p in share_of]
    if errs:
        print(f"share: mean absolute error {np.mean(errs):.3f} against the true share; "
              f"{len(below)} predicted pairs have a true share below 0.5")
    missed = sorted(want - set(predicted))[:5]
    if missed:
        print("missed, e.g.:", [(o, c, round(share_of[(o, c)], 2), outlet_of[o] == outlet_of[c]) for o, c in missed])
    if wrong:
        print("wrong, e.g.:", wrong[:5])
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
