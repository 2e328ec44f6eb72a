"""Cross-validated scores of the persuasion-techniques model on PTC train (dev is kept back).

Runs the same seeded 5-fold cross-validation by article as ``newsprobe train techniques``
(nothing is written to the package) and prints span-identification precision/recall/F1
(partial-overlap credit, SemEval-2020 Task 11 definition; each fold's decoding chosen on the
other four folds) and technique-classification micro-F1 on gold spans, with per-label F1 and
calibration errors, for the MiniLM (dense) variant and the sparse fallback.

    .venv/bin/python eval/techniques_eval.py [--data ../shared/data] [--seed 13] [--cache DIR] [--no-dense]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsprobe.train.techniques import train

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
GOALS = {"si_f1": 0.50, "tc_micro_f1": 0.62}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=SHARED)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON only")
    ap.add_argument("--no-dense", action="store_true", help="sparse (hashed-feature) model only")
    ap.add_argument("--cache", type=Path, default=None, help="folder that keeps the encoded MiniLM states between runs")
    args = ap.parse_args()
    t0 = time.perf_counter()
    _, metrics = train(args.data, seed=args.seed, progress=lambda s: print(s, file=sys.stderr),
                       dense=not args.no_dense, cache_dir=args.cache)
    if args.json:
        print(json.dumps(metrics, indent=1))
        return 0
    print(f"PTC train, {metrics['cv']}  ({time.perf_counter() - t0:.0f} s)")
    for variant in ("sparse", "dense"):
        if variant in metrics:
            _report(variant, metrics[variant])
    return 0


def _report(variant: str, m: dict) -> None:
    print(f"\n== {variant} model ==")
    print(f"SI  precision {m['si_precision']:.3f}  recall {m['si_recall']:.3f}  F1 {m['si_f1']:.3f}   (goal {GOALS['si_f1']})")
    if "si_hysteresis" in m:
        h = m["si_hysteresis"]
        print(f"    without the span re-scorer: precision {h['si_precision']:.3f}  recall {h['si_recall']:.3f}  F1 {h['si_f1']:.3f}")
    print(f"TC  micro-F1 {m['tc_micro_f1']:.3f}   (goal {GOALS['tc_micro_f1']})")
    print(f"calibration (ECE, 10 bins): span confidence {m['si_span_confidence_ece']:.3f}, technique {m['tc_confidence_ece']:.3f}")
    print("TC F1 by technique:")
    for k, v in sorted(m["tc_per_label_f1"].items(), key=lambda kv: -kv[1]):
        print(f"  {k:40s} {v:.3f}")


if __name__ == "__main__":
    sys.exit(main())
