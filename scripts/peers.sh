#!/usr/bin/env bash
# Installs the reference clients that tests and the benchmark compare against, from Debian's
# packages, when they are missing (see ../shared/peers.md). A fresh machine has none of them.
#   bash scripts/peers.sh            # every peer: aws-cli, s3cmd, rclone, /usr/bin/time
#   bash scripts/peers.sh awscli     # only these Debian packages
set -euo pipefail

binary_of() { # Debian package -> the file it must provide
  case $1 in
    awscli) echo /usr/bin/aws ;;
    s3cmd) echo /usr/bin/s3cmd ;;
    rclone) echo /usr/bin/rclone ;;
    time) echo /usr/bin/time ;;
    *) echo "peers: unknown package $1" >&2; exit 2 ;;
  esac
}

wanted=("$@")
[[ ${#wanted[@]} -gt 0 ]] || wanted=(awscli s3cmd rclone time)
missing=()
for package in "${wanted[@]}"; do [[ -x $(binary_of "$package") ]] || missing+=("$package"); done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $EUID != 0 ]]; then
  echo "peers: ${missing[*]} missing, and installing needs root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "peers: installing ${missing[*]} (Debian packages)" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; }
# The package lists of a fresh machine may be missing or old: update once and try again.
install || { apt-get update -q >>"$log" 2>&1 && install; } || {
  tail -n 5 "$log" >&2
  echo "peers: could not install ${missing[*]}" >&2
  exit 1
}
