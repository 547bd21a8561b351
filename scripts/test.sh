#!/usr/bin/env bash
# The whole test suite, with all of its own set-up: npm dependencies, the type check of code
# and tests, the linter, a check that the committed oclif.manifest.json and README command
# reference are current, the build, and the S3 server (test/support/server.ts starts a private
# Ceph RGW via scripts/rgw.sh, or uses S3_TEST_ENDPOINT). The suite runs under the oldest
# supported Node major (22), then again under the current LTS; each is the system Node when it
# is that major, else the official binary from the npm registry (scripts/node.sh), and one line
# says which. S3_TEST_SKIP_LTS=1 skips the second run.
# Extra arguments go to mocha (e.g. --grep multipart).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node.sh
oldest=$NODE_OLDEST_MAJOR lts=$(node_lts_major)
(
  use_node_major "$oldest" "test: the oldest supported major"
  bash scripts/setup.sh --no-build
  echo "test: type-checking src, test and scripts" >&2
  npm run --silent typecheck
  echo "test: linting" >&2
  npm run --silent lint
  bash scripts/check-generated.sh
  bash scripts/setup.sh
  bash scripts/peers.sh awscli # the interop tests read and write through aws-cli
  npx mocha "$@"
)
if [ -z "${S3_TEST_SKIP_LTS:-}" ] && [ "$lts" != "$oldest" ]; then
  use_node_major "$lts" "test: the current LTS"
  npx mocha "$@"
fi
