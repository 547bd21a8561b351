#!/usr/bin/env bash
# The whole test suite, with all of its own set-up: npm dependencies, build, and the S3
# server (test/support/server.ts starts a private Ceph RGW via scripts/rgw.sh, or uses
# S3_TEST_ENDPOINT). Extra arguments go to mocha (e.g. --grep multipart).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx mocha "$@"
