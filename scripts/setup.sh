#!/usr/bin/env bash
# Brings a fresh checkout to a runnable state: npm dependencies (only when missing or stale)
# and the build (dist/ + oclif.manifest.json). Used by the demo, the tests and the benchmark.
#   bash scripts/setup.sh             # dependencies, then build
#   bash scripts/setup.sh --no-build  # dependencies only
set -euo pipefail
export OCLIF_SKIP_NEW_VERSION_CHECK=true # the build tool need not look for its own updates
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
[ "${1:-}" = "--no-build" ] && exit 0
echo "setup: building" >&2
npm run --silent build >&2
