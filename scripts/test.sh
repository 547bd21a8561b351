#!/usr/bin/env bash
# The whole test suite, with all of its own set-up: npm dependencies, the type check of code
# and tests, the linter, a check that the committed oclif.manifest.json and README command
# reference are current, the build, and the
# S3 server (test/support/server.ts starts a private Ceph RGW via scripts/rgw.sh, or uses
# S3_TEST_ENDPOINT). The suite runs under this machine's Node, then again under the current
# Node LTS from the npm registry (skip that with S3_TEST_SKIP_LTS=1).
# Extra arguments go to mocha (e.g. --grep multipart).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-build
echo "test: type-checking src, test and scripts" >&2
npm run --silent typecheck
echo "test: linting" >&2
npm run --silent lint
bash scripts/check-generated.sh
bash scripts/setup.sh
bash scripts/peers.sh awscli # the interop tests read and write through aws-cli
npx mocha "$@"
if [ -z "${S3_TEST_SKIP_LTS:-}" ]; then
  S3_LTS_MOCHA_ONLY=1 bash scripts/test-lts.sh "$@"
fi
