#!/usr/bin/env bash
# Benchmark: s3 against /usr/bin/aws, s3cmd and curl on the same local Ceph RGW, in A B A B
# order (each round runs every tool once), then medians and ratios to s3 (shared/peers.md).
#
#   npm run bench                        # 512 MiB file, 3 rounds, then the 2 GiB peak-RSS check
#   BENCH_SIZE_MIB=128 BENCH_ROUNDS=5 npm run bench
#   BENCH_RSS_MIB=0 npm run bench        # skip the peak-RSS check
#   BENCH_SMALL_FILES=500 npm run bench  # also 500 files of 4 KiB (s3 uploads them from one process)
#
# Uses the RGW of scripts/rgw.sh when one is running (.rgw), else starts a private one and
# stops it at the end. Needs a build (npm run build). Every wall time is `/usr/bin/time`'s.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZE_MIB=${BENCH_SIZE_MIB:-512}
ROUNDS=${BENCH_ROUNDS:-3}
RSS_MIB=${BENCH_RSS_MIB:-2048}
SMALL=${BENCH_SMALL_FILES:-0}
TOOLS=${BENCH_TOOLS:-"s3 aws s3cmd curl"}

say() { echo "bench: $*" >&2; }
[[ -f $REPO/dist/commands/index.js ]] || { say "no build: run npm run build first"; exit 1; }

WORK=$(mktemp -d /tmp/s3-bench.XXXXXX)
RGW_DIR=
cleanup() {
  set +e
  if [[ -n ${BUCKET:-} ]]; then
    aws_ s3 rm --recursive --only-show-errors "s3://$BUCKET" >/dev/null 2>&1
    aws_ s3api delete-bucket --bucket "$BUCKET" >/dev/null 2>&1
  fi
  [[ -n $RGW_DIR ]] && bash "$REPO/scripts/rgw.sh" stop "$RGW_DIR" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- the server -------------------------------------------------------------------------
if bash "$REPO/scripts/rgw.sh" status >/dev/null 2>&1; then
  source "$REPO/.rgw/env.sh"
  say "using the running RGW at $S3_TEST_ENDPOINT"
else
  RGW_DIR=$WORK/rgw
  say "starting a private RGW (about 15 s)"
  bash "$REPO/scripts/rgw.sh" start "$RGW_DIR" >/dev/null
  source "$RGW_DIR/env.sh"
fi
ENDPOINT=$S3_TEST_ENDPOINT
HOSTPORT=${ENDPOINT#http://}
export AWS_ACCESS_KEY_ID=$S3_TEST_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$S3_TEST_SECRET_ACCESS_KEY AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_CA_BUNDLE AWS_SESSION_TOKEN
AWS=(/usr/bin/aws --endpoint-url "$ENDPOINT")
aws_() { "${AWS[@]}" "$@"; }

BUCKET=bench-$(date +%s)-$RANDOM
cat >"$WORK/s3.yaml" <<YAML
s3:
  access_key_id: "$S3_TEST_ACCESS_KEY_ID"
  secret_access_key: "$S3_TEST_SECRET_ACCESS_KEY"
  endpoint: "$ENDPOINT"
  region: us-east-1
  default_bucket: "$BUCKET"
YAML
cat >"$WORK/s3cmd.cfg" <<CFG
[default]
access_key = $S3_TEST_ACCESS_KEY_ID
secret_key = $S3_TEST_SECRET_ACCESS_KEY
host_base = $HOSTPORT
host_bucket = $HOSTPORT
use_https = False
signature_v2 = False
CFG
aws_ s3api create-bucket --bucket "$BUCKET" >/dev/null
# curl needs no signature: anyone may GET/PUT under bench/ in this throw-away bucket.
aws_ s3api put-bucket-policy --bucket "$BUCKET" --policy "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":[\"arn:aws:s3:::$BUCKET/bench/*\"]}]}"

S3=(node "$REPO/bin/run.js")
RESULTS=$WORK/results.txt
: >"$RESULTS"

# timed TOOL OP CMD...: runs CMD under /usr/bin/time, records `tool op seconds max_rss_kib`.
timed() {
  local tool=$1 op=$2
  shift 2
  if ! /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err"; then
    say "$tool $op failed:"; cat "$WORK/err" >&2; exit 1
  fi
  echo "$tool $op $(cat "$WORK/time")" >>"$RESULTS"
}

upload() { # tool file key
  case $1 in
    s3) timed s3 "$4" "${S3[@]}" put "$2" "bench/$3" --no-progress -c "$WORK/s3.yaml" ;;
    aws) timed aws "$4" "${AWS[@]}" s3 cp --only-show-errors "$2" "s3://$BUCKET/bench/$3" ;;
    s3cmd) timed s3cmd "$4" s3cmd -c "$WORK/s3cmd.cfg" --no-progress put "$2" "s3://$BUCKET/bench/$3" ;;
    curl) timed curl "$4" curl -sS -f -T "$2" "$ENDPOINT/$BUCKET/bench/$3" ;;
  esac
}
download() { # tool key out
  rm -f "$3"
  case $1 in
    s3) timed s3 "$4" "${S3[@]}" get "bench/$2" "$3" --no-progress -c "$WORK/s3.yaml" ;;
    aws) timed aws "$4" "${AWS[@]}" s3 cp --only-show-errors "s3://$BUCKET/bench/$2" "$3" ;;
    s3cmd) timed s3cmd "$4" s3cmd -c "$WORK/s3cmd.cfg" --no-progress --force get "s3://$BUCKET/bench/$2" "$3" ;;
    curl) timed curl "$4" curl -sS -f -o "$3" "$ENDPOINT/$BUCKET/bench/$2" ;;
  esac
  cmp -s "$3" "$WORK/big.bin" || { say "$1 downloaded different bytes"; exit 1; }
}

# --- large file, A B A B ------------------------------------------------------------------
say "writing a $SIZE_MIB MiB random file"
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom >"$WORK/big.bin"
for ((round = 1; round <= ROUNDS; round++)); do
  say "round $round/$ROUNDS: $TOOLS"
  for tool in $TOOLS; do
    upload "$tool" "$WORK/big.bin" "$tool.bin" upload
    download "$tool" "$tool.bin" "$WORK/out.bin" download
    "${AWS[@]}" s3 rm --only-show-errors "s3://$BUCKET/bench/$tool.bin" || say "could not delete bench/$tool.bin (the server is slow): going on"
  done
done
rm -f "$WORK/out.bin"

# --- many small files ---------------------------------------------------------------------
if ((SMALL > 0)); then
  say "$SMALL files of 4 KiB"
  mkdir -p "$WORK/small"
  for ((i = 0; i < SMALL; i++)); do head -c 4096 /dev/urandom >"$WORK/small/f$i"; done
  for ((round = 1; round <= ROUNDS; round++)); do
    timed s3 "small-upload" node "$REPO/bench/put-many.mjs" "$WORK/s3.yaml" "$WORK/small" "bench/small-s3/"
    timed aws "small-upload" "${AWS[@]}" s3 cp --only-show-errors --recursive "$WORK/small" "s3://$BUCKET/bench/small-aws/"
    timed s3cmd "small-upload" s3cmd -c "$WORK/s3cmd.cfg" --no-progress put --recursive "$WORK/small/" "s3://$BUCKET/bench/small-s3cmd/"
  done
fi

echo
echo "== $SIZE_MIB MiB file, $ROUNDS rounds (A B A B), local RGW, $(nproc) cores =="
python3 "$REPO/bench/summarize.py" "$RESULTS" "$SIZE_MIB"

# --- peak RSS on a 2 GiB file -------------------------------------------------------------
if ((RSS_MIB > 0)); then
  say "peak-RSS check: $RSS_MIB MiB up and down with s3 at default settings"
  rm -f "$WORK/big.bin"
  head -c $((RSS_MIB * 1024 * 1024)) /dev/urandom >"$WORK/big.bin"
  : >"$RESULTS"
  upload s3 "$WORK/big.bin" rss.bin upload
  download s3 rss.bin "$WORK/out.bin" download
  "${AWS[@]}" s3 rm --only-show-errors "s3://$BUCKET/bench/rss.bin" || true
  echo
  echo "== peak RSS, $RSS_MIB MiB file (limit 150 MiB) =="
  while read -r tool op secs rss; do
    printf '%-10s %-9s %7.1f s  peak RSS %5d MiB  %s\n' "$tool" "$op" "$secs" $((rss / 1024)) "$( ((rss / 1024 < 150)) && echo ok || echo OVER)"
  done <"$RESULTS"
fi
