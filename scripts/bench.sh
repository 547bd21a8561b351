#!/usr/bin/env bash
# Benchmark: s3 (CLI and library) against its peers (../shared/peers.md) on one S3 server, every
# workload of issue 12 and, of issue 19, a remote-network model (bench/shaping-proxy.ts in front
# of the server) and client CPU per GiB; tools in alternation (A B C A B C, the order rotated each
# round) after warm-up rounds that are not counted. Prints a markdown table (medians, min/max, s3's
# wall time over each peer's, peak RSS, CPU, the targets) and saves it with the raw runs as
# bench/results/<date>.md and .json. Wall times are taken around /usr/bin/time, peak RSS is its %M,
# client CPU its %U + %S.
#
#   npm run bench                         # everything: 5 pairs after 1 warm-up; about 40-55 min
#   BENCH_QUICK=1 npm run bench           # every workload, small sizes, 1 round: a few minutes
#   BENCH_PAIRS=9 BENCH_WARMUP=2 npm run bench
#   BENCH_WORKLOADS="startup listing" npm run bench
#                                         # any of: startup request transfer files listing memory library
#                                         # remote cpu (the remote-network model, CPU seconds per GiB)
#   BENCH_WORKLOADS="remote cpu" npm run bench   # only issue 19's workloads: about 10-15 min
#   BENCH_MEMORY=0 npm run bench          # skip the memory workload (the longest)
#   BENCH_REMOTE_RATE=50MiB BENCH_REMOTE_DELAY_MS=40 npm run bench   # another remote model
#   BENCH_ENV=/path/env.sh npm run bench  # use that server (a file exporting S3_TEST_ENDPOINT,
#                                         # S3_TEST_ACCESS_KEY_ID, S3_TEST_SECRET_ACCESS_KEY)
#   BENCH_RGW=private npm run bench       # start a private RGW even when .rgw is running
#
# The server: BENCH_ENV's, else the RGW of scripts/rgw.sh when one is running (.rgw), else a
# private one started here and stopped at the end. A missing build (fresh clone) is made by
# scripts/setup.sh. The key-listing and many-file fixtures (s3-bench-* buckets) are kept on a
# server that outlives the run, and reused by the next run.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }
source "$REPO/scripts/node.sh"
use_supported_node || die "no supported Node"

# --- settings --------------------------------------------------------------------------------
QUICK=${BENCH_QUICK:-0}
if [[ $QUICK == 1 ]]; then
  D_PAIRS=1 D_WARMUP=0 D_BIG=32 D_FILES=100 D_KEYS=1000 D_MEM_BIG=64 D_MEM_KEYS=2000 D_MEM_FILES=200
  D_REMOTE_BIG=16 D_REMOTE_FILES=50 D_CPU_BIG=32 D_CPU_ROUNDS=1
else
  D_PAIRS=5 D_WARMUP=1 D_BIG=512 D_FILES=1000 D_KEYS=10000 D_MEM_BIG=2048 D_MEM_KEYS=100000 D_MEM_FILES=10000
  D_REMOTE_BIG=128 D_REMOTE_FILES=300 D_CPU_BIG=256 D_CPU_ROUNDS=3
fi
PAIRS=${BENCH_PAIRS:-$D_PAIRS}
WARMUP=${BENCH_WARMUP:-$D_WARMUP}
BIG_MIB=${BENCH_SIZE_MIB:-$D_BIG}            # workloads 3 and 7
FILES=${BENCH_FILES:-$D_FILES}               # workloads 4 and 7: files of 4 KiB
KEYS=${BENCH_KEYS:-$D_KEYS}                  # workload 5
MEM_BIG_MIB=${BENCH_MEM_SIZE_MIB:-$D_MEM_BIG} # workload 6
MEM_KEYS=${BENCH_MEM_KEYS:-$D_MEM_KEYS}
MEM_FILES=${BENCH_MEM_FILES:-$D_MEM_FILES}
MEM_PEERS=${BENCH_MEMORY_PEERS:-0}           # 1: also aws and s3cmd, once each, in workload 6
REMOTE_MIB=${BENCH_REMOTE_SIZE_MIB:-$D_REMOTE_BIG}   # workload 8: one object each way
REMOTE_FILES=${BENCH_REMOTE_FILES:-$D_REMOTE_FILES}  # workload 8: files of 4 KiB each way
REMOTE_RATE=${BENCH_REMOTE_RATE:-24MiB}              # workload 8: each connection, each way
REMOTE_DELAY_MS=${BENCH_REMOTE_DELAY_MS:-15}         # workload 8: every chunk
CPU_MIB=${BENCH_CPU_SIZE_MIB:-$D_CPU_BIG}            # workload 9
CPU_ROUNDS=${BENCH_CPU_ROUNDS:-$D_CPU_ROUNDS}        # workload 9: the median of this many
ALL_WORKLOADS="startup request transfer files listing memory library remote cpu"
WORKLOADS=${BENCH_WORKLOADS:-$ALL_WORKLOADS}
[[ ${BENCH_MEMORY:-1} == 0 ]] && WORKLOADS=${WORKLOADS//memory/}
SMALL_SIZE=4096
[[ $PAIRS =~ ^[1-9][0-9]*$ && $WARMUP =~ ^[0-9]+$ ]] || die "BENCH_PAIRS must be at least 1 and BENCH_WARMUP a count"
[[ $CPU_ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_CPU_ROUNDS must be at least 1"
for w in $WORKLOADS; do
  [[ " $ALL_WORKLOADS " == *" $w "* ]] || die "unknown workload '$w' in BENCH_WORKLOADS (any of: $ALL_WORKLOADS)"
done
wants() { [[ " $WORKLOADS " == *" $1 "* ]]; }

# --- tools -----------------------------------------------------------------------------------
bash "$REPO/scripts/peers.sh" || die "the peers could not be installed (see ../shared/peers.md)"
for t in /usr/bin/aws s3cmd rclone curl python3 node; do command -v "$t" >/dev/null || die "$t is missing (see ../shared/peers.md)"; done
if [[ ! -f $REPO/dist/commands/index.js || ! -d $REPO/node_modules/@aws-sdk/client-s3 ]]; then
  say "no build or no dependencies yet: running scripts/setup.sh"
  bash "$REPO/scripts/setup.sh"
elif [[ -n $(find "$REPO/src" -newer "$REPO/dist/commands/index.js" -name '*.ts' -print -quit) ]]; then
  say "warning: src/ has changed since the last build; npm run build to measure it"
fi

WORK=$(mktemp -d /tmp/s3-bench.XXXXXX)
RGW_DIR= BUCKET= PROXY_PID=
cleanup() {
  set +e
  [[ -n $PROXY_PID ]] && kill "$PROXY_PID" 2>/dev/null
  if [[ -n $BUCKET ]]; then s3 bucket:delete --force "$BUCKET" >/dev/null 2>&1; fi
  [[ -n $RGW_DIR ]] && bash "$REPO/scripts/rgw.sh" stop "$RGW_DIR" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the server ------------------------------------------------------------------------------
if [[ -n ${BENCH_ENV:-} ]]; then
  source "$BENCH_ENV"
  SERVER="given endpoint"
  say "using $S3_TEST_ENDPOINT (from $BENCH_ENV)"
elif [[ ${BENCH_RGW:-} != private ]] && bash "$REPO/scripts/rgw.sh" status >/dev/null 2>&1; then
  source "$REPO/.rgw/env.sh"
  SERVER="running .rgw"
  say "using the running RGW at $S3_TEST_ENDPOINT"
else
  RGW_DIR=$WORK/rgw
  say "starting a private RGW"
  bash "$REPO/scripts/rgw.sh" start "$RGW_DIR" >/dev/null
  source "$RGW_DIR/env.sh"
  SERVER="private RGW"
fi
ENDPOINT=$S3_TEST_ENDPOINT
HOSTPORT=${ENDPOINT#http://}
HOSTPORT=${HOSTPORT#https://}
# Peers see only these settings: no profile, config or credentials file of the user's.
export AWS_ACCESS_KEY_ID=$S3_TEST_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$S3_TEST_SECRET_ACCESS_KEY
export AWS_DEFAULT_REGION=${S3_TEST_REGION:-us-east-1} AWS_DEFAULT_OUTPUT=json AWS_PAGER=
export AWS_CONFIG_FILE=$WORK/aws.cfg AWS_SHARED_CREDENTIALS_FILE=$WORK/aws-credentials
export BENCH_ENDPOINT=$ENDPOINT OCLIF_SKIP_NEW_VERSION_CHECK=true
unset AWS_PROFILE AWS_CA_BUNDLE AWS_SESSION_TOKEN
: >"$AWS_CONFIG_FILE"
: >"$AWS_SHARED_CREDENTIALS_FILE"
# aws s3 cp with one PUT up to 5 GiB, for the single-PUT upload
printf '[default]\ns3 =\n  multipart_threshold = 5GB\n' >"$WORK/aws-single.cfg"

BUCKET=bench-$(date +%s)-$RANDOM
(umask 077 && cat >"$WORK/s3.yaml") <<YAML
s3:
  access_key_id: "$S3_TEST_ACCESS_KEY_ID"
  secret_access_key: "$S3_TEST_SECRET_ACCESS_KEY"
  endpoint: "$ENDPOINT"
  region: $AWS_DEFAULT_REGION
  default_bucket: "$BUCKET"
YAML
(umask 077 && cat >"$WORK/s3cmd.cfg") <<CFG
[default]
access_key = $S3_TEST_ACCESS_KEY_ID
secret_key = $S3_TEST_SECRET_ACCESS_KEY
host_base = $HOSTPORT
host_bucket = $HOSTPORT
use_https = $([[ $ENDPOINT == https://* ]] && echo True || echo False)
signature_v2 = False
CFG
# rclone: `direct` is the server, `remote` the shaping proxy in front of it (workload 8). rclone
# fails while CA-bundle variables are set (../shared/peers.md): AWS_CA_BUNDLE is unset above.
(umask 077 && cat >"$WORK/rclone.conf") <<CFG
[direct]
type = s3
provider = Ceph
access_key_id = $S3_TEST_ACCESS_KEY_ID
secret_access_key = $S3_TEST_SECRET_ACCESS_KEY
endpoint = $ENDPOINT
CFG
S3_BIN=(node "$REPO/bin/run.js")
S3CFG=(-c "$WORK/s3.yaml")
s3() { "${S3_BIN[@]}" "$@" "${S3CFG[@]}"; }  # untimed housekeeping with the CLI under test
AWS=(/usr/bin/aws --endpoint-url "$ENDPOINT")
S3CMD=(s3cmd -c "$WORK/s3cmd.cfg" --no-progress)
# Multi-thread (4 streams) downloads from 64 MiB instead of 250 MiB, so the 128 MiB object of
# workload 8 is fetched in parallel as a user who wants speed would.
RCLONE=(rclone --config "$WORK/rclone.conf" --multi-thread-cutoff 64Mi)

s3 bucket:create "$BUCKET" >/dev/null
# curl signs nothing: anyone may GET/PUT under bench/ in this throw-away bucket.
"${AWS[@]}" s3api put-bucket-policy --bucket "$BUCKET" --policy "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":[\"arn:aws:s3:::$BUCKET/bench/*\"]}]}"

# --- measuring -------------------------------------------------------------------------------
RUNS=$WORK/runs.tsv # workload op tool round seconds max_rss_kib cpu_seconds (round <= 0: warm-up)
: >"$RUNS"
W= OP= TOOL= ROUND=
OUT=$WORK/stdout

# timed CMD...: runs CMD with stdout in $OUT, records the wall time, peak RSS and client CPU
# seconds (user + system, of CMD and its children) of this run.
timed() {
  local t0 t1 rss user sys
  t0=$EPOCHREALTIME
  if ! /usr/bin/time -f '%M %U %S' -o "$WORK/rss" "$@" >"$OUT" 2>"$WORK/err"; then
    say "$W/$OP: $TOOL failed (round $ROUND):"; tail -n 20 "$WORK/err" >&2; exit 1
  fi
  t1=$EPOCHREALTIME
  read -r rss user sys < <(tail -n1 "$WORK/rss")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$W" "$OP" "$TOOL" "$ROUND" \
    "$(awk "BEGIN{printf \"%.4f\", $t1 - $t0}")" "$rss" "$(awk "BEGIN{printf \"%.2f\", $user + $sys}")" >>"$RUNS"
}

check() { "$@" || die "$W/$OP: $TOOL gave a wrong result (round $ROUND)"; }
key_count() { s3 bucket:list-keys "$1" --prefix "${2:-}" -o ndjson | wc -l; }
same_tree() { diff -rq "$1" "$2" >/dev/null; }

# alternate OP TOOL...: the warm-up rounds, then PAIRS rounds; each round runs `do_OP TOOL` for
# every tool, starting one tool later than the round before.
alternate() {
  OP=$1
  shift
  local tools=("$@") n=$# i
  for ((ROUND = 1 - WARMUP; ROUND <= PAIRS; ROUND++)); do
    say "$W/$OP: $( ((ROUND > 0)) && echo "round $ROUND of $PAIRS" || echo warm-up): $*"
    for ((i = 0; i < n; i++)); do
      TOOL=${tools[((i + ROUND + n * WARMUP) % n)]}
      "do_$OP" "$TOOL"
    done
  done
}

# once OP TOOL...: one run each (the memory workload).
once() {
  OP=$1
  shift
  ROUND=1
  for TOOL in "$@"; do say "$W/$OP: $TOOL"; "do_$OP" "$TOOL"; done
}

random_file() { head -c $(($2 * 1024 * 1024)) /dev/urandom >"$1"; }
small_folder() { # dir count
  mkdir -p "$1"
  local i
  for ((i = 0; i < $2; i++)); do head -c $SMALL_SIZE /dev/urandom >"$1/f$i"; done
}

# --- 1. start-up -----------------------------------------------------------------------------
do_version() { case $1 in s3) timed "${S3_BIN[@]}" --version ;; node) timed node -e 0 ;; esac; }
do_help() { case $1 in s3) timed "${S3_BIN[@]}" --help ;; node) timed node -e 0 ;; esac; }

# --- 2. one small request --------------------------------------------------------------------
do_bucket_list() {
  case $1 in
    s3) timed "${S3_BIN[@]}" bucket:list "${S3CFG[@]}" ;;
    aws) timed "${AWS[@]}" s3api list-buckets ;;
    s3cmd) timed "${S3CMD[@]}" ls ;;
  esac
}

# --- 3. one big file up and down, single PUT and multipart ------------------------------------
upload() { # tool file key single(1|0)
  local url=$ENDPOINT/$BUCKET/bench/$3
  case $1 in
    s3) if [[ $4 == 1 ]]; then timed "${S3_BIN[@]}" put "$2" "s3://$BUCKET/bench/$3" --multipart-threshold 5GiB --no-progress "${S3CFG[@]}"
        else timed "${S3_BIN[@]}" put "$2" "s3://$BUCKET/bench/$3" --no-progress "${S3CFG[@]}"; fi ;;
    aws) if [[ $4 == 1 ]]; then AWS_CONFIG_FILE=$WORK/aws-single.cfg timed "${AWS[@]}" s3 cp --only-show-errors "$2" "s3://$BUCKET/bench/$3"
         else timed "${AWS[@]}" s3 cp --only-show-errors "$2" "s3://$BUCKET/bench/$3"; fi ;;
    s3cmd) if [[ $4 == 1 ]]; then timed "${S3CMD[@]}" --disable-multipart put "$2" "s3://$BUCKET/bench/$3"
           else timed "${S3CMD[@]}" put "$2" "s3://$BUCKET/bench/$3"; fi ;;
    curl) timed curl -sS -f -T "$2" "$url" ;; # one stream, whatever the object kind: the floor
    rclone) timed "${RCLONE[@]}" copyto "$2" "direct:$BUCKET/bench/$3" ;; # its defaults: one PUT up to 200 MiB
  esac
}
download() { # tool key file
  rm -f "$3"
  case $1 in
    s3) timed "${S3_BIN[@]}" get "s3://$BUCKET/bench/$2" "$3" --no-progress "${S3CFG[@]}" ;;
    aws) timed "${AWS[@]}" s3 cp --only-show-errors "s3://$BUCKET/bench/$2" "$3" ;;
    s3cmd) timed "${S3CMD[@]}" --force get "s3://$BUCKET/bench/$2" "$3" ;;
    curl) timed curl -sS -f -o "$3" "$ENDPOINT/$BUCKET/bench/$2" ;;
    rclone) timed "${RCLONE[@]}" copyto "direct:$BUCKET/bench/$2" "$3" ;;
  esac
}
# A single-PUT object has an MD5 ETag (no dash); a multipart one has "-<parts>".
is_multipart() {
  local listing re='"eTag": *"[^,}]*-[0-9]+'
  listing=$(s3 bucket:list-keys "$BUCKET" --prefix "bench/$1" -o ndjson)
  [[ $listing =~ $re ]]
}
up_and_check() { # tool single(1|0)
  local key=up-$1-$OP-$ROUND.bin kind=single
  upload "$1" "$WORK/big.bin" "$key" "$2"
  is_multipart "$key" && kind=multipart
  [[ $1 == curl || $kind == "$([[ $2 == 1 ]] && echo single || echo multipart)" ]] ||
    die "$W/$OP: $1 made a $kind object"
  s3 object:delete "s3://$BUCKET/bench/$key" >/dev/null
}
do_upload_single() { up_and_check "$1" 1; }
do_upload_multipart() { up_and_check "$1" 0; }
do_download_single() { download "$1" ref-single.bin "$WORK/out.bin"; check cmp -s "$WORK/out.bin" "$WORK/big.bin"; }
do_download_multipart() { download "$1" ref-multi.bin "$WORK/out.bin"; check cmp -s "$WORK/out.bin" "$WORK/big.bin"; }

# The objects every tool downloads: one single PUT (curl), one multipart (s3, default parts).
big_fixtures() {
  [[ -f $WORK/big.bin ]] && return 0
  say "writing a $BIG_MIB MiB random file and its two reference objects"
  random_file "$WORK/big.bin" "$BIG_MIB"
  curl -sS -f -T "$WORK/big.bin" "$ENDPOINT/$BUCKET/bench/ref-single.bin"
  s3 put "$WORK/big.bin" "s3://$BUCKET/bench/ref-multi.bin" --multipart-threshold 5MiB --part-size 16MiB >/dev/null
  is_multipart ref-multi.bin || die "the multipart reference object is not multipart"
}

# --- 4. many small files as a folder ---------------------------------------------------------
prefix_of() { echo "files/$1-$ROUND/"; } # each tool and round its own prefix
do_files_up() {
  local p
  p=$(prefix_of "$1")
  case $1 in
    s3) timed "${S3_BIN[@]}" object:put --recursive "$WORK/small" "s3://$BUCKET/$p" "${S3CFG[@]}" ;;
    aws) timed "${AWS[@]}" s3 cp --recursive --only-show-errors "$WORK/small" "s3://$BUCKET/$p" ;;
    s3cmd) timed "${S3CMD[@]}" put --recursive "$WORK/small/" "s3://$BUCKET/$p" ;;
  esac
  check [ "$(key_count "$BUCKET" "$p")" -eq "$FILES" ]
}
do_files_sync() { # a sync with nothing to do: the files went up in files_up
  local p
  p=$(prefix_of "$1")
  case $1 in
    s3) timed "${S3_BIN[@]}" object:sync "$WORK/small" "s3://$BUCKET/$p" "${S3CFG[@]}" ;;
    aws) timed "${AWS[@]}" s3 sync "$WORK/small" "s3://$BUCKET/$p" ;;
    s3cmd) timed "${S3CMD[@]}" sync "$WORK/small/" "s3://$BUCKET/$p" ;;
  esac
  ! grep -q 'upload:' "$OUT" || die "$W/$OP: $1 uploaded files that had not changed"
}
get_tree() { # tool s3-url dir: a recursive download into a fresh dir
  rm -rf "$3" && mkdir -p "$3"
  case $1 in
    s3) timed "${S3_BIN[@]}" object:get --recursive "$2" "$3" "${S3CFG[@]}" ;;
    aws) timed "${AWS[@]}" s3 cp --recursive --only-show-errors "$2" "$3" ;;
    s3cmd) timed "${S3CMD[@]}" get --recursive "$2" "$3/" ;;
  esac
}
do_files_down() {
  local p
  p=$(prefix_of "$1")
  get_tree "$1" "s3://$BUCKET/$p" "$WORK/down"
  check same_tree "$WORK/small" "$WORK/down"
}
do_files_delete() {
  local p
  p=$(prefix_of "$1")
  case $1 in
    s3) timed "${S3_BIN[@]}" object:delete --recursive "s3://$BUCKET/$p" "${S3CFG[@]}" ;;
    aws) timed "${AWS[@]}" s3 rm --recursive --only-show-errors "s3://$BUCKET/$p" ;;
    s3cmd) timed "${S3CMD[@]}" del --recursive --force "s3://$BUCKET/$p" ;;
  esac
  check [ "$(key_count "$BUCKET" "$p")" -eq 0 ]
}

# --- 5. listing many keys --------------------------------------------------------------------
# Buckets of COUNT keys, kept between runs: filled from one process with many PUTs in flight.
keys_bucket() { # count size -> prints the bucket name
  local b=s3-bench-keys-$1
  ((${2:-0} > 0)) && b=s3-bench-files-$1
  say "fixture $b (reused when complete; made with bench/make-keys.mjs otherwise)"
  node "$REPO/bench/make-keys.mjs" "$WORK/s3.yaml" "$b" "$1" "${2:-0}" >&2 || die "could not fill $b"
  echo "$b"
}
list_keys() { # tool bucket count
  case $1 in
    s3) timed "${S3_BIN[@]}" bucket:list-keys "$2" -o ndjson "${S3CFG[@]}"; check [ "$(wc -l <"$OUT")" -eq "$3" ] ;;
    aws) timed "${AWS[@]}" s3api list-objects-v2 --bucket "$2"
         check [ "$(python3 -c 'import json,sys; t=open(sys.argv[1]).read(); print(len(json.loads(t).get("Contents", [])) if t.strip() else 0)' "$OUT")" -eq "$3" ] ;;
    s3cmd) timed "${S3CMD[@]}" ls "s3://$2"; check [ "$(wc -l <"$OUT")" -eq "$3" ] ;;
  esac
}
do_list_keys() { list_keys "$1" "$KEYS_BUCKET" "$KEYS"; }

# --- 6. memory: big transfers, a big listing, a big recursive download, once each -------------
do_mem_upload() { upload "$1" "$WORK/mem.bin" "mem-$1.bin" 0; }
do_mem_download() {
  download "$1" "mem-$1.bin" "$WORK/out.bin"
  check cmp -s "$WORK/out.bin" "$WORK/mem.bin"
  rm -f "$WORK/out.bin"
  s3 object:delete "s3://$BUCKET/bench/mem-$1.bin" >/dev/null
}
do_mem_list_keys() { list_keys "$1" "$MEM_KEYS_BUCKET" "$MEM_KEYS"; }
do_mem_files_down() {
  get_tree "$1" "s3://$MEM_FILES_BUCKET/" "$WORK/down"
  check [ "$(find "$WORK/down" -type f | wc -l)" -eq "$MEM_FILES" ]
  rm -rf "$WORK/down"
}

# --- 7. the library against the AWS SDK, one node process per operation ----------------------
lib() { # tool args...
  local tool=$1
  shift
  case $tool in
    s3) timed node "$REPO/bench/lib-s3.mjs" "$WORK/s3.yaml" "$@" ;;
    sdk) timed node "$REPO/bench/lib-sdk.mjs" "$@" ;;
  esac
}
do_lib_write_big() { lib "$1" write-big "$WORK/big.bin" "$BUCKET" "bench/lib-$1.bin"; s3 object:delete "s3://$BUCKET/bench/lib-$1.bin" >/dev/null; }
do_lib_read_big() { rm -f "$WORK/out.bin"; lib "$1" read-big "$BUCKET" bench/ref-single.bin "$WORK/out.bin"; check cmp -s "$WORK/out.bin" "$WORK/big.bin"; }
do_lib_write_many() {
  local p=lib/$1-$ROUND/
  lib "$1" write-many "$WORK/small" "$BUCKET" "$p"
  check [ "$(key_count "$BUCKET" "$p")" -eq "$FILES" ]
  s3 object:delete --recursive "s3://$BUCKET/$p" >/dev/null
}
do_lib_read_many() {
  rm -rf "$WORK/down" && mkdir -p "$WORK/down"
  lib "$1" read-many "$WORK/small" "$BUCKET" small-ref/ "$WORK/down"
  check same_tree "$WORK/small" "$WORK/down"
}

# --- 8. a remote S3, modelled: the same server behind bench/shaping-proxy.ts ------------------
# Each connection gets REMOTE_RATE each way and every chunk arrives REMOTE_DELAY_MS late: about
# one stream to a distant region. Tools with their defaults (rclone: multi-thread downloads).
start_shaping_proxy() {
  [[ $ENDPOINT == http://* ]] || die "the remote workload needs an http:// server on loopback, not $ENDPOINT"
  (cd "$REPO" && exec node --import tsx bench/shaping-proxy.ts --target "$HOSTPORT" --rate "$REMOTE_RATE" \
    --delay-ms "$REMOTE_DELAY_MS") >"$WORK/proxy.addr" 2>"$WORK/proxy.err" &
  PROXY_PID=$!
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s $WORK/proxy.addr ]] && break
    kill -0 "$PROXY_PID" 2>/dev/null || die "the shaping proxy did not start: $(cat "$WORK/proxy.err")"
    sleep 0.1
  done
  [[ -s $WORK/proxy.addr ]] || die "the shaping proxy did not start within 10 s"
  local remote_endpoint
  remote_endpoint=http://$(head -n1 "$WORK/proxy.addr")
  say "shaping proxy at $remote_endpoint: $REMOTE_RATE per connection each way, $REMOTE_DELAY_MS ms per chunk"
  sed "s#^  endpoint: .*#  endpoint: \"$remote_endpoint\"#" "$WORK/s3.yaml" >"$WORK/s3-remote.yaml"
  chmod 600 "$WORK/s3-remote.yaml"
  printf '\n[remote]\ntype = s3\nprovider = Ceph\naccess_key_id = %s\nsecret_access_key = %s\nendpoint = %s\n' \
    "$S3_TEST_ACCESS_KEY_ID" "$S3_TEST_SECRET_ACCESS_KEY" "$remote_endpoint" >>"$WORK/rclone.conf"
  S3R_CFG=(-c "$WORK/s3-remote.yaml")
  AWS_R=(/usr/bin/aws --endpoint-url "$remote_endpoint")
}
remote_fixtures() {
  say "writing a $REMOTE_MIB MiB random file, its two reference objects and $REMOTE_FILES files of 4 KiB"
  random_file "$WORK/remote.bin" "$REMOTE_MIB"
  curl -sS -f -T "$WORK/remote.bin" "$ENDPOINT/$BUCKET/bench/remote-single.bin"
  s3 put "$WORK/remote.bin" "s3://$BUCKET/bench/remote-multi.bin" --multipart-threshold 5MiB --part-size 16MiB >/dev/null
  is_multipart remote-multi.bin || die "the multipart reference object is not multipart"
  small_folder "$WORK/rsmall" "$REMOTE_FILES"
  s3 object:put --recursive "$WORK/rsmall" "s3://$BUCKET/rsmall-ref/" >/dev/null
}
remote_download() { # tool key
  rm -f "$WORK/out.bin"
  case $1 in
    s3) timed "${S3_BIN[@]}" get "s3://$BUCKET/bench/$2" "$WORK/out.bin" --no-progress "${S3R_CFG[@]}" ;;
    aws) timed "${AWS_R[@]}" s3 cp --only-show-errors "s3://$BUCKET/bench/$2" "$WORK/out.bin" ;;
    rclone) timed "${RCLONE[@]}" copyto "remote:$BUCKET/bench/$2" "$WORK/out.bin" ;;
  esac
  check cmp -s "$WORK/out.bin" "$WORK/remote.bin"
}
do_remote_download_single() { remote_download "$1" remote-single.bin; }
do_remote_download_multipart() { remote_download "$1" remote-multi.bin; }
object_size() { # key under bench/
  s3 bucket:list-keys "$BUCKET" --prefix "bench/$1" -o ndjson | python3 -c 'import json,sys; print(sum(json.loads(l)["size"] for l in sys.stdin))'
}
do_remote_upload() {
  local key=rup-$1-$ROUND.bin
  case $1 in
    s3) timed "${S3_BIN[@]}" put "$WORK/remote.bin" "s3://$BUCKET/bench/$key" --no-progress "${S3R_CFG[@]}" ;;
    aws) timed "${AWS_R[@]}" s3 cp --only-show-errors "$WORK/remote.bin" "s3://$BUCKET/bench/$key" ;;
    rclone) timed "${RCLONE[@]}" copyto "$WORK/remote.bin" "remote:$BUCKET/bench/$key" ;;
  esac
  check [ "$(object_size "$key")" -eq $((REMOTE_MIB * 1024 * 1024)) ]
  s3 object:delete "s3://$BUCKET/bench/$key" >/dev/null
}
do_remote_files_up() {
  local p=rfiles/$1-$ROUND/
  case $1 in
    s3) timed "${S3_BIN[@]}" object:put --recursive "$WORK/rsmall" "s3://$BUCKET/$p" "${S3R_CFG[@]}" ;;
    aws) timed "${AWS_R[@]}" s3 cp --recursive --only-show-errors "$WORK/rsmall" "s3://$BUCKET/$p" ;;
    rclone) timed "${RCLONE[@]}" copy "$WORK/rsmall" "remote:$BUCKET/$p" ;;
  esac
  check [ "$(key_count "$BUCKET" "$p")" -eq "$REMOTE_FILES" ]
  s3 object:delete --recursive "s3://$BUCKET/$p" >/dev/null
}
do_remote_files_down() {
  rm -rf "$WORK/down" && mkdir -p "$WORK/down"
  case $1 in
    s3) timed "${S3_BIN[@]}" object:get --recursive "s3://$BUCKET/rsmall-ref/" "$WORK/down" "${S3R_CFG[@]}" ;;
    aws) timed "${AWS_R[@]}" s3 cp --recursive --only-show-errors "s3://$BUCKET/rsmall-ref/" "$WORK/down" ;;
    rclone) timed "${RCLONE[@]}" copy "remote:$BUCKET/rsmall-ref/" "$WORK/down" ;;
  esac
  check same_tree "$WORK/rsmall" "$WORK/down"
}

# --- 9. client CPU per byte: one CPU_MIB object each way, direct to the server ----------------
# What matters here is the CPU seconds (user + sys), not the wall time: they do not depend on how
# busy the shared cores are. Every tool with its defaults; curl (one unsigned stream) is the floor.
cpu_fixtures() {
  say "writing a $CPU_MIB MiB random file and its single-PUT object"
  random_file "$WORK/cpu.bin" "$CPU_MIB"
  curl -sS -f -T "$WORK/cpu.bin" "$ENDPOINT/$BUCKET/bench/cpu-single.bin"
}
do_cpu_download() { download "$1" cpu-single.bin "$WORK/out.bin"; check cmp -s "$WORK/out.bin" "$WORK/cpu.bin"; }
do_cpu_upload() {
  local key=cpu-up-$1-$ROUND.bin
  upload "$1" "$WORK/cpu.bin" "$key" 0
  check [ "$(object_size "$key")" -eq $((CPU_MIB * 1024 * 1024)) ]
  s3 object:delete "s3://$BUCKET/bench/$key" >/dev/null
}

# with_rounds PAIRS WARMUP CMD...: CMD with other round counts than the run's.
with_rounds() {
  local pairs=$PAIRS warmup=$WARMUP
  PAIRS=$1 WARMUP=$2
  shift 2
  "$@"
  PAIRS=$pairs WARMUP=$warmup
}

# --- the run ---------------------------------------------------------------------------------
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
say "workloads: $WORKLOADS; $PAIRS rounds after $WARMUP warm-up; server: $SERVER"

if wants startup; then
  W=startup
  alternate version s3 node
  alternate help s3 node
fi
if wants request; then
  W=request
  alternate bucket_list s3 aws s3cmd
fi
if wants transfer; then
  W=transfer
  big_fixtures
  alternate upload_single s3 curl aws s3cmd
  alternate upload_multipart s3 curl aws s3cmd
  alternate download_single s3 curl aws s3cmd
  alternate download_multipart s3 curl aws s3cmd
  rm -f "$WORK/out.bin"
fi
if wants files || wants library; then
  say "writing $FILES files of 4 KiB"
  small_folder "$WORK/small" "$FILES"
fi
if wants files; then
  W=files
  alternate files_up s3 aws s3cmd
  alternate files_sync s3 aws s3cmd
  alternate files_down s3 aws s3cmd
  alternate files_delete s3 aws s3cmd
fi
if wants listing; then
  W=listing
  KEYS_BUCKET=$(keys_bucket "$KEYS")
  alternate list_keys s3 aws s3cmd
fi
if wants library; then
  W=library
  big_fixtures
  s3 object:put --recursive "$WORK/small" "s3://$BUCKET/small-ref/" >/dev/null
  alternate lib_write_big s3 sdk
  alternate lib_read_big s3 sdk
  alternate lib_write_many s3 sdk
  alternate lib_read_many s3 sdk
fi
if wants remote; then
  W=remote
  start_shaping_proxy
  remote_fixtures
  alternate remote_download_single s3 aws rclone
  alternate remote_download_multipart s3 aws rclone
  alternate remote_upload s3 aws rclone
  alternate remote_files_up s3 aws rclone
  alternate remote_files_down s3 aws rclone
  rm -f "$WORK/remote.bin" "$WORK/out.bin"
  rm -rf "$WORK/rsmall" "$WORK/down"
  kill "$PROXY_PID" 2>/dev/null || true
  PROXY_PID=
fi
if wants cpu; then
  W=cpu
  cpu_fixtures
  with_rounds "$CPU_ROUNDS" "$((WARMUP > 0 ? 1 : 0))" alternate cpu_download s3 curl aws s3cmd rclone
  with_rounds "$CPU_ROUNDS" "$((WARMUP > 0 ? 1 : 0))" alternate cpu_upload s3 curl aws s3cmd rclone
  rm -f "$WORK/cpu.bin" "$WORK/out.bin"
fi
if wants memory; then
  W=memory
  MEM_TOOLS=(s3)
  [[ $MEM_PEERS == 1 ]] && MEM_TOOLS+=(aws s3cmd)
  rm -f "$WORK/big.bin"
  say "writing a $MEM_BIG_MIB MiB random file"
  random_file "$WORK/mem.bin" "$MEM_BIG_MIB"
  once mem_upload "${MEM_TOOLS[@]}"
  once mem_download "${MEM_TOOLS[@]}"
  rm -f "$WORK/mem.bin"
  MEM_KEYS_BUCKET=$(keys_bucket "$MEM_KEYS")
  once mem_list_keys "${MEM_TOOLS[@]}"
  MEM_FILES_BUCKET=$(keys_bucket "$MEM_FILES" "$SMALL_SIZE")
  once mem_files_down "${MEM_TOOLS[@]}"
fi

# --- the report ------------------------------------------------------------------------------
mkdir -p "$REPO/bench/results"
NAME=$(date +%Y-%m-%d-%H%M)$(if [[ $QUICK == 1 ]]; then echo -quick; fi)
python3 - "$WORK/meta.json" <<PY
import json, sys, subprocess, platform, os
def out(cmd):
    try: return subprocess.run(cmd, capture_output=True, text=True, shell=True).stdout.strip().splitlines()[0]
    except Exception: return ''
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '')
json.dump({
  'started': '$STARTED', 'finished': '$(date -u +%Y-%m-%dT%H:%M:%SZ)', 'quick': $QUICK == 1,
  'server': '$SERVER', 'commit': out('git -C "$REPO" rev-parse --short HEAD') + (' (with uncommitted changes)' if out('git -C "$REPO" status --porcelain') else ''),
  'machine': {'cpus': os.cpu_count(), 'cpu': cpu, 'memory_gib': round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30, 1),
              'kernel': platform.release(), 'load_average_start': '$LOAD_START', 'load_average_end': ' '.join(open('/proc/loadavg').read().split()[:3])},
  'versions': {'node': out('node --version'), 'aws': out('/usr/bin/aws --version'), 's3cmd': out('s3cmd --version'), 'curl': out('curl --version'),
               'rclone': out('rclone version'),
               'aws_sdk': out('node -p "require(\'$REPO/node_modules/@aws-sdk/client-s3/package.json\').version"')},
  'settings': {'pairs': $PAIRS, 'warmup': $WARMUP, 'workloads': '$WORKLOADS'.split(), 'big_mib': $BIG_MIB, 'files': $FILES, 'file_bytes': $SMALL_SIZE,
               'keys': $KEYS, 'memory_big_mib': $MEM_BIG_MIB, 'memory_keys': $MEM_KEYS, 'memory_files': $MEM_FILES,
               'remote_mib': $REMOTE_MIB, 'remote_files': $REMOTE_FILES, 'remote_rate': '$REMOTE_RATE', 'remote_delay_ms': $REMOTE_DELAY_MS,
               'cpu_mib': $CPU_MIB, 'cpu_rounds': $CPU_ROUNDS},
}, open(sys.argv[1], 'w'), indent=2)
PY
python3 "$REPO/bench/summarize.py" "$WORK/runs.tsv" "$WORK/meta.json" "$REPO/bench/results/$NAME"
say "saved bench/results/$NAME.md and bench/results/$NAME.json"
