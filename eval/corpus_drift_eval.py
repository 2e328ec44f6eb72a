"""Quote drift and attribution drift on a small synthetic corpus of our own (a stand-in until the
`synth` generator's corpus is scored: the same measure applies to it).

    .venv/bin/python eval/corpus_drift_eval.py [--groups 40] [--seed 1] [--store FILE]

(the analysed store is kept, by default /tmp/drift-eval-GROUPS-SEED.duckdb, and reused by a rerun)

Invented people say invented quotations; each quotation is reported by 2-4 articles of invented
outlets on different days, each article in one of four attribution styles, with one unrelated
quotation of another person as a distractor. Variants of a reporting article: word for word; a
**drifted** wording (a word swapped, or the second clause dropped); a **misattributed** one (the
words credited, by full name, to another person of the pool); an **uncertain** one ("she said"
after two women are named). The corpus is analysed with the real pipeline (parse ... quotes),
``quote_clusters`` runs, and member-level precision and recall are printed:

* quote drift: a member whose ``attrs.quote_drift`` is true, against the drifted variants;
* attribution drift: a member whose ``attrs.attribution_drift`` is true, against the
  misattributed variants (the original wording is always the earliest and most reported);

and cluster-level ones (a cluster flagged vs a group that holds such a variant).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
from typing import Any

FIRST_F = "Elena Priya Nadia Ingrid Rosa Mei Hanna Carla Zofia Amara Lucia Freya".split()
FIRST_M = "Tomas Jonas Mateo Kwame Lars Ravi Dmitri Owen Felix Hugo Emil Bruno".split()
LAST = ("Vasquez Natarajan Okafor Lindqvist Moreau Tanaka Brennan Kowalski Adeyemi Castellano Haddad "
        "Novak Fairweather Delacroix Osei Marchetti Quintero Halvorsen Abernathy Szabo Whitlock Ferreira Mbeki Lindgren "
        "Petrakis Oyelaran Vantongeren Sorensen Carvalho Nakamura Rosenthal Achterberg Beaumont Gallagher Iwasaki "
        "Kuznetsova Montague Pellegrini Ramaswamy Stavros Thibodeaux Ugarte Villanueva Wojcik Yilmaz Zamora Ashcombe "
        "Brightwater Cortland Dunmore Eastwick Farrow Greaves Holloway Ingersoll Jardine Kettering Lockhart Merriweather "
        "Northcott Oakhurst Penhaligon Quarrie Radley Sutcliffe Tremaine").split()
ROLES = ["the finance minister", "the council leader", "the union chief", "the health commissioner",
         "the head of the port authority", "the opposition leader", "the school board chair", "the police chief"]
OUTLETS = ["Harbor Daily", "Coast Herald", "Valley Post", "Bay Times", "Island Voice", "Shore News", "Metro Ledger",
           "Plains Courier"]
SUBJECTS = ["the new bridge", "the water tariff", "the hospital merger", "the ferry timetable", "the housing levy",
            "the school closures", "the airport expansion", "the bus lanes", "the river dredging", "the tram contract",
            "the library budget", "the harbour wall", "the rent freeze", "the fishing quota", "the stadium deal",
            "the recycling plan", "the night curfew", "the tax rebate", "the clinic hours", "the flood barrier"]
OPENERS = [
    "we have spent two years listening to families about", "nobody in this city voted for secret talks on",
    "I have read every page of the report on", "our engineers warned the council early about",
    "the auditors checked the figures three times on", "every business on the waterfront is worried about",
    "this government promised a public hearing on", "we were never shown the contracts behind",
    "my grandmother would laugh at the whole story of", "the mayor keeps changing her mind about",
    "teachers told me in April they feared", "the committee has been dragging its feet over",
    "farmers along the river have lost patience with", "I warned the minister in writing about",
    "the bankers have made a fortune out of", "young people cannot afford to wait for",
]
MIDDLES = [
    "which was sold to us as a bargain", "while the bills kept climbing every winter",
    "although nobody has explained the delays", "after the storm flooded half the old town",
    "since the last election brought new promises", "even though the budget is already stretched",
    "when the port was still the biggest employer", "before the contractors walked off the site",
    "as the queues at the clinic grew longer", "because the old plan collapsed in June",
    "until the inspectors finally came to look", "whereas the neighbouring towns acted quickly",
    "despite two petitions signed by thousands", "once the ferry company raised its fares",
    "ever since the factory closed its gates", "though the experts disagreed from the start",
]
CLOSERS = [
    "and we will not let anyone rush the final decision", "but the people who pay for it deserve a straight answer",
    "so I am asking the auditor to publish everything by Friday", "and I expect the board to explain itself in public",
    "yet the ministry still refuses to release its own study", "because the cheapest option today becomes the dearest tomorrow",
    "and frankly the residents have heard enough excuses", "so the vote next month must be open to the press",
    "but I remain hopeful that common sense will win", "and my office will keep pressing until it is fixed",
    "which is why our party tabled an amendment", "so I will ask the courts to look at it",
    "and the unions are ready to walk out over it", "but nobody should pretend this is a small matter",
    "and we owe our children a better answer than that", "yet the contractors are still being paid in full",
]
SWAPS = {"families": "residents", "city": "town", "report": "study", "engineers": "experts", "three": "four",
         "business": "shop", "promised": "pledged", "contracts": "papers", "grandmother": "grandfather",
         "mayor": "governor", "teachers": "nurses", "committee": "council", "farmers": "growers",
         "minister": "secretary", "bankers": "lenders", "young": "working"}
def _person(rng: random.Random, used: set[str]) -> tuple[str, str]:
    if len(used) >= len(LAST):
        raise ValueError(f"at most {len(LAST)} people (one per surname): use fewer --groups")
    while True:
        female = rng.random() < 0.5
        name = f"{rng.choice(FIRST_F if female else FIRST_M)} {rng.choice(LAST)}"
        if name.split()[1] not in {u.split()[1] for u in used}:
            used.add(name)
            return name, "f" if female else "m"


def _quote(rng: random.Random, subject: str, taken: list[tuple[int, int, int]]) -> tuple[str, str]:
    """A quotation of two clauses from slots no earlier quotation shares two of."""
    for _ in range(10_000):
        t = (rng.randrange(len(OPENERS)), rng.randrange(len(MIDDLES)), rng.randrange(len(CLOSERS)))
        if all(sum(x == y for x, y in zip(t, u)) < 2 for u in taken):
            break
    taken.append(t)
    return f"{OPENERS[t[0]]} {subject} {MIDDLES[t[1]]}", CLOSERS[t[2]]


def _drift(rng: random.Random, first: str, second: str) -> str:
    if rng.random() < 0.5:
        return first  # the second clause dropped
    words = (first + ", " + second).split()
    idx = [i for i, w in enumerate(words) if w.strip(",") in SWAPS] or [len(words) - 1]
    i = rng.choice(idx)
    words[i] = SWAPS.get(words[i].strip(","), "again") + ("," if words[i].endswith(",") else "")
    return " ".join(words)


def _sentence(q: str) -> str:
    return q[0].upper() + q[1:]


def _article(rng: random.Random, quote: str, name: str, role: str, style: int, distractor: tuple[str, str],
             subject: str, uncertain_rival: str | None = None) -> str:
    last = name.split()[1]
    q = _sentence(quote)
    head = f"Row over {subject} deepens"
    lead = f"Officials met on Tuesday to discuss {subject}, which has divided the city for months."
    if uncertain_rival:
        body = (f"{name}, {role}, and {uncertain_rival} both spoke at the meeting. "
                f"\"{q},\" she said.")
    elif style == 0:
        body = f"{name}, {role}, spoke after the vote. \"{q},\" {last} said."
    elif style == 1:
        body = f"\"{q},\" said {name}, {role}."
    elif style == 2:
        body = f"{name} told reporters: \"{q}.\""
    else:
        body = f"\"{q},\" {name} said in a statement on Wednesday."
    d_name, d_quote = distractor
    other = f"\"{_sentence(d_quote)},\" said {d_name}, who chairs the residents' association."
    tail = "A final decision is expected next month."
    return f"{head}\n\n{lead}\n\n{body}\n\n{other}\n\n{tail}"


def generate(groups: int, seed: int) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Records {id, text, outlet, published, url} and truth {id: {group, drifted, misattributed, uncertain}}."""
    rng = random.Random(seed)
    used: set[str] = set()
    records, truth = [], {}
    pool = [_person(rng, used) for _ in range(min(len(LAST), groups + 12))]
    women = [p for p, g in pool if g == "f"]
    taken: list[tuple[int, int, int]] = []
    for g in range(groups):
        name, gender = pool[g]
        role = rng.choice(ROLES)
        subject = SUBJECTS[g % len(SUBJECTS)] if g < len(SUBJECTS) else f"{SUBJECTS[g % len(SUBJECTS)]} in district {g}"
        first, second = _quote(rng, subject, taken)
        original = f"{first}, {second}"
        n = rng.randint(2, 4)
        kinds = ["original", "original"] + [rng.choice(["original", "drift", "drift", "misattributed", "uncertain"])
                                            for _ in range(n - 2)]
        if n == 2 and rng.random() < 0.5:
            kinds[1] = rng.choice(["drift", "misattributed"])
        for k, kind in enumerate(kinds):
            aid = f"g{g:03d}-{k}"
            day = f"2024-06-{10 + k:02d}"
            quote, speaker, rival = original, name, None
            if kind == "drift":
                quote = _drift(rng, first, second)
            elif kind == "misattributed":
                speaker = rng.choice([p for p, _ in pool if p != name])
            elif kind == "uncertain":
                if gender != "f":
                    kind = "original"
                else:
                    rival = rng.choice([w for w in women if w != name])
            d_name = rng.choice([p for p, _ in pool if p not in (name, speaker)])
            d_first, d_second = _quote(rng, subject, taken)
            text = _article(rng, quote, speaker, role, rng.randrange(4), (d_name, f"{d_first}, {d_second}"), subject, rival)
            records.append({"id": aid, "text": text, "outlet": OUTLETS[(g + k) % len(OUTLETS)], "published": day,
                            "url": f"https://{aid}.example/"})
            truth[aid] = {"group": g, "drifted": kind == "drift" and quote != original,
                          "misattributed": kind == "misattributed", "uncertain": kind == "uncertain"}
    return records, truth


def _pr(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return f"P {p:.3f} R {r:.3f} (tp {tp}, fp {fp}, fn {fn})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--store", default="")
    args = ap.parse_args()
    from newsprobe.api import analyze_many
    from newsprobe.article import Article
    from newsprobe.corpus.quotes import quote_clusters
    from newsprobe.settings import load_settings
    from newsprobe.store import Store

    records, truth = generate(args.groups, args.seed)
    path = args.store or os.path.join(tempfile.gettempdir(), f"drift-eval-{args.groups}-{args.seed}.duckdb")
    settings = load_settings(stages="parse,stories,sentences,entities,quotes")
    with Store(path) as store:
        if store.count("articles") != len(records):  # analyse once; a rerun on the same store reuses it
            store.con.execute("DELETE FROM spans")
            store.con.execute("DELETE FROM articles")
            items = [Article(r["text"], meta={k: r[k] for k in ("outlet", "published", "url")} | {"record_id": r["id"]})
                     for r in records]
            for n, a in enumerate(analyze_many(items, settings=settings), 1):
                store.put_article(a)
                if n % 25 == 0:
                    print(f"  analysed {n} of {len(items)}", flush=True)
        by_id = {aid: (rid or "") for aid, rid in store.query(
            "SELECT id, json_extract_string(document, '$.meta.record_id') FROM articles").fetchall()}
        clusters = quote_clusters(store, settings)
    # member level: the group's quotation only (the distractor quotes are unique)
    flagged_q: set[str] = set()
    flagged_a: set[str] = set()
    seen: set[str] = set()
    cl_a = cl_q = 0
    tp_ca = fp_ca = tp_cq = fp_cq = 0
    for c in clusters:
        rids = [by_id[m.article_id] for m in c.members]
        seen.update(rids)
        groups = {truth[r]["group"] for r in rids}
        has_mis = any(truth[r]["misattributed"] for r in rids)
        has_drift = any(truth[r]["drifted"] for r in rids)
        if c.evidence["attribution_drift"]:
            cl_a += 1
            tp_ca += has_mis and len(groups) == 1
            fp_ca += not (has_mis and len(groups) == 1)
        if c.evidence["quote_drift"]:
            cl_q += 1
            tp_cq += has_drift and len(groups) == 1
            fp_cq += not (has_drift and len(groups) == 1)
        for m, r in zip(c.members, rids):
            if m.attrs.get("quote_drift"):
                flagged_q.add(r)
            if m.attrs.get("attribution_drift"):
                flagged_a.add(r)
    want_q = {r for r, t in truth.items() if t["drifted"]}
    want_a = {r for r, t in truth.items() if t["misattributed"]}
    g_mis = {t["group"] for t in truth.values() if t["misattributed"]}
    g_drift = {t["group"] for t in truth.values() if t["drifted"]}
    print(f"{len(records)} articles, {args.groups} groups, {len(clusters)} quote clusters; "
          f"{len(want_q)} drifted and {len(want_a)} misattributed members, "
          f"{sum(t['uncertain'] for t in truth.values())} uncertain")
    print("quote drift, members:       ", _pr(len(flagged_q & want_q), len(flagged_q - want_q), len(want_q - flagged_q)))
    print("attribution drift, members: ", _pr(len(flagged_a & want_a), len(flagged_a - want_a), len(want_a - flagged_a)))
    print("quote drift, clusters:      ", _pr(tp_cq, fp_cq, len(g_drift) - tp_cq))
    print("attribution drift, clusters:", _pr(tp_ca, fp_ca, len(g_mis) - tp_ca))
    grouped = sum(1 for r in truth if r in seen)
    print(f"articles whose quotation is in a cluster: {grouped} of {len(truth)}")
    for r in sorted((want_a - flagged_a) | (flagged_a - want_a) | (want_q - flagged_q) | (flagged_q - want_q))[:12]:
        print("  miss/false:", r, truth[r])


if __name__ == "__main__":
    main()
