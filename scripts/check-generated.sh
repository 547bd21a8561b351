#!/usr/bin/env bash
# Fails (exit 1, one line on stderr) when oclif.manifest.json or README.md's command reference
# (between <!-- commands --> and <!-- commandsstop -->) differs from what a fresh build makes.
# It builds and regenerates in a temporary copy with the project's own `build` and `readme`
# scripts, so the working tree and its dist/ stay untouched. Needs node_modules (npm ci).
# Run it before anything rebuilds in place: `npm run build` rewrites oclif.manifest.json,
# after which the check would compare the manifest with itself.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OCLIF_SKIP_NEW_VERSION_CHECK=true
# Plugins the developer installed must not leak into the reference.
export S3_DATA_DIR="$tmp/data" S3_CACHE_DIR="$tmp/cache" S3_CONFIG_DIR="$tmp/config"

mkdir -p "$tmp/packages/lib" "$tmp/scripts" "$tmp/node_modules"
cp -r package.json tsconfig.json README.md src bin "$tmp/"
cp packages/lib/package.json packages/lib/tsconfig.json "$tmp/packages/lib/"
cp scripts/link-lib-build.ts "$tmp/scripts/"
# The project's node_modules, except that the library package is the copy's own (its build).
for entry in "$root"/node_modules/* "$root"/node_modules/.bin; do ln -s "$entry" "$tmp/node_modules/"; done
ln -sfn "$tmp/packages/lib" "$tmp/node_modules/s3-connector-lib"
fail() { echo "check-generated: $1" >&2; exit 1; }
(cd "$tmp" && npm run --silent build && npm run --silent readme) >"$tmp/log" 2>&1 \
  || fail "regenerating failed: $(grep -v '^npm warn' "$tmp/log" | grep . | tail -n 1)"

stale=()
cmp -s "$tmp/oclif.manifest.json" oclif.manifest.json || stale+=(oclif.manifest.json)
cmp -s "$tmp/README.md" README.md || stale+=(README.md)
if ((${#stale[@]})); then
  fail "stale: ${stale[*]} (run 'npm run build && npm run readme' and commit the result)"
fi
