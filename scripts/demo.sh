#!/usr/bin/env bash
# Set up (if needed) and run the main job on the bundled examples: analyse them, store the
# results in out/newsprobe.duckdb, write out/report.html and print a short summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
NP=.venv/bin/newsprobe
export NEWSPROBE_STORE=out/newsprobe.duckdb  # fact-checks go to out/factchecks.duckdb, beside it
$NP factchecks import examples/factchecks.jsonl --format jsonl
$NP analyze examples/*.txt examples/html examples/corpus.jsonl --output out/report.html
echo
$NP analyze examples/stitched_post.txt --no-store --format text -q
echo
echo "Bad inputs are reported one line each and the batch goes on (exit code 1 when any failed):"
$NP analyze examples/bad --no-store --format jsonl -q > /dev/null || true
echo
echo "report: out/report.html   store: out/newsprobe.duckdb   (newsprobe articles / newsprobe show ID)"
