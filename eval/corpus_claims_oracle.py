"""Claim clusters on the synthetic corpus's own claim sentences, without the claims stage.

    .venv/bin/python eval/corpus_claims_oracle.py --n 300 --seed 5 [--no-paraphrase] [--cosine 0.85] [--anchored 0.75]

Every claim sentence the generator planted (``newsprobe.corpus.synth``, repeated or not) is
stored as a ``claims`` span of its article, nothing else; ``claim_clusters`` groups them and
``eval/corpus_synth.score_claims`` scores the pairs against the truth. This measures the
grouping alone (no claim missed or added by the claims stage): what ``eval/corpus_synth.py``
loses beyond it comes from claim detection. ``--misses`` prints the true pairs left apart and
the wrong pairs made, with the reason (figures, names, cosine).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT / "src", ROOT / "eval"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from corpus_synth import score_claims  # noqa: E402

from newsprobe.article import Article, Span  # noqa: E402
from newsprobe.corpus import claims as claims_mod  # noqa: E402
from newsprobe.corpus.claims import claim_clusters, compatible  # noqa: E402
from newsprobe.corpus.synth import TruthBuilder, events  # noqa: E402
from newsprobe.corpus.worddiff import keys  # noqa: E402
from newsprobe.settings import load_settings  # noqa: E402
from newsprobe.store import Store  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--cosine", type=float, help="claim_paraphrase_cosine (default: the setting)")
    ap.add_argument("--anchored", type=float, help="claim_anchored_cosine (default: the setting)")
    ap.add_argument("--no-paraphrase", action="store_true")
    ap.add_argument("--misses", action="store_true", help="print the pairs missed and the wrong pairs")
    args = ap.parse_args(argv)
    tb = TruthBuilder(args.n, args.seed, {})
    overrides: dict[str, Any] = {}
    if args.cosine is not None:
        overrides["claim_paraphrase_cosine"] = args.cosine
    if args.anchored is not None:
        overrides["claim_anchored_cosine"] = args.anchored
    if args.no_paraphrase:
        overrides["claim_paraphrase"] = False
    settings = load_settings(**overrides)
    planted = 0
    with tempfile.TemporaryDirectory(prefix="claims-oracle-") as tmp, Store(str(Path(tmp) / "o.duckdb")) as store:
        for record, facts in events(args.n, args.seed):
            tb.add(record, facts)
            spans = [Span(c["start"], c["end"], "claim", 0.9, f"c{k}", {"kind": "statistic"}) for k, c in enumerate(facts["claims"])]
            planted += len(spans)
            meta = {k: record[k] for k in ("title", "url", "outlet", "published")}
            store.put_article(Article(record["text"], id=record["id"], meta=meta, layers={"claims": spans}))
        truth = tb.result()
        clusters = claim_clusters(store, settings)
    result = score_claims(truth, clusters)
    repeated = sum(1 for g in truth["claims"] if len(g["members"]) > 1)
    print(f"n {args.n} seed {args.seed}: {planted} planted claim sentences, {result['groups']} claims ({repeated} repeated); "
          f"clusters {result['clusters']}; pairs P {result['precision']} R {result['recall']} "
          f"({result['correct_pairs']} of {result['truth_pairs']}; {result['wrong_pairs']} wrong)")
    if args.misses:
        _misses(truth, clusters)
    return 0


def _misses(truth: dict[str, Any], clusters: list[Any]) -> None:
    where = {}
    for c in clusters:
        for m in c.members:
            where[(m.article_id, m.start)] = c.cluster_id
    seen = set()
    for g in truth["claims"]:
        for a, b in itertools.combinations(g["members"], 2):
            ca, cb = where.get((a["article_id"], a["start"])), where.get((b["article_id"], b["start"]))
            key = tuple(sorted((a["text"], b["text"])))
            if (ca is None or ca != cb) and key not in seen and a["text"] != b["text"]:
                seen.add(key)
                why = []
                if not compatible(keys(a["text"]), keys(b["text"])):
                    why.append("figures/negation/opposites")
                if hasattr(claims_mod, "names_agree") and not claims_mod.names_agree(a["text"], b["text"]):
                    why.append("names")
                print(f"  missed ({', '.join(why) or 'cosine'}): {a['text']!r} / {b['text']!r}")
    group_of = {(m["article_id"], m["start"]): g["group"] for g in truth["claims"] for m in g["members"]}
    for c in clusters:
        gs = {group_of.get((m.article_id, m.start), f"single:{m.text}") for m in c.members}
        if len(gs) > 1:
            print(f"  wrong cluster: {sorted({m.text for m in c.members})}")


if __name__ == "__main__":
    sys.exit(main())
