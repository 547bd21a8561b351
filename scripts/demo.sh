#!/usr/bin/env bash
# The tool's main job in one command, on a fresh machine: install and build, bring up a local
# S3 server (a private Ceph RGW, left running so a second run is quick), then drive the real
# `s3` CLI through a short session against it, printing each command as it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/node.sh
use_supported_node

bash scripts/setup.sh
bash scripts/rgw.sh start >/dev/null
# shellcheck disable=SC1091
source .rgw/env.sh

work="$root/.demo"
mkdir -p "$work"
cd "$work"
rm -f s3.yaml # written anew with owner-only permissions: it holds the secret key
(umask 077 && cat > s3.yaml) <<YAML
s3:
  access_key_id: "$S3_TEST_ACCESS_KEY_ID"
  secret_access_key: "$S3_TEST_SECRET_ACCESS_KEY"
  endpoint: "$S3_TEST_ENDPOINT"
  region: "$S3_TEST_REGION"
  default_bucket: "demo-bucket"
YAML
printf 'Hello from the s3 demo, %s\n' "$(date -u +%FT%TZ)" > example.txt
rm -f example-from-s3.txt

s3() {
  printf '\n$ s3 %s\n' "$*"
  node "$root/bin/run.js" "$@"
}

echo "S3 server: $S3_TEST_ENDPOINT (config: $work/s3.yaml)"
s3 bucket:exists demo-bucket >/dev/null 2>&1 || s3 bucket:create demo-bucket -v
s3 object:put example.txt example-in-s3.txt --meta state=unprocessed --meta owner=demo -v
s3 object:list
s3 object:get example-in-s3.txt example-from-s3.txt -v
cmp example.txt example-from-s3.txt && echo "(downloaded copy is identical)"
s3 object:exists example-in-s3.txt --json
s3 object:update-metadata example-in-s3.txt --meta state=processed
s3 object:exists example-in-s3.txt
s3 object:delete example-in-s3.txt -v
s3 bucket:delete demo-bucket -v
s3 bucket:list
printf '\nDone. The S3 server is still running for the next run; stop it with: bash scripts/rgw.sh stop\n'
