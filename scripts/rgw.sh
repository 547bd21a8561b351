#!/usr/bin/env bash
# Start/stop a private single-node Ceph RADOS Gateway (S3) on loopback for tests and demos.
#
#   bash scripts/rgw.sh start  [DIR]   # prints the endpoint on stdout; writes DIR/env.sh, DIR/env.json
#   bash scripts/rgw.sh stop   [DIR]   # stops the daemons and removes DIR
#   bash scripts/rgw.sh status [DIR]   # exit 0 and print the endpoint if running, else exit 1
#
# DIR defaults to <repo>/.rgw. One monitor, one in-memory (memstore) OSD and one radosgw,
# no cephx, no mgr, no systemd. Everything the daemons write stays inside DIR.
# Settings and their reasons: ../shared/ceph-rgw.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REGION=us-east-1
# RAM is only used as data is stored; room for the benchmark's 2 GiB files and their copies.
MEMSTORE_BYTES=$((${RGW_MEMSTORE_GIB:-12} * 1024 * 1024 * 1024))
UP_TIMEOUT=120                             # seconds to wait for the gateway to answer
MARKER="# rgw.sh cluster"                  # first line of ceph.conf: marks DIR as ours to wipe

DIR= CONF= LOG= STARTED=0

say() { echo "rgw: $*" >&2; }

# One line on stderr, stop whatever this run started, exit non-zero.
fail() { # why [logfile]
  trap - EXIT
  local log=${2:-}
  [[ -z $log || -s $log ]] || log=$LOG # a daemon that died early logged only to setup.log
  if [[ $STARTED == 1 ]]; then stop_daemons >/dev/null 2>&1 || true; fi
  echo "rgw: $1${log:+ (see $log)}" >&2
  exit 1
}

set_dir() {
  DIR=$(realpath -m -- "${1:-$REPO/.rgw}")
  CONF=$DIR/ceph.conf
  LOG=$DIR/log/setup.log
}

# Every ceph tool gets our conf, so nothing falls back to /etc/ceph or /var/lib/ceph.
run() { "$@" -c "$CONF" >>"$LOG" 2>&1; }

# --- daemons and their pid files ---------------------------------------------------------

# Alive and started with our ceph.conf (guards against pid reuse). A zombie has an empty
# cmdline, so it counts as gone: a container's pid 1 may reap orphans seconds late.
ours_alive() { # pid
  [[ $1 =~ ^[0-9]+$ ]] && tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -qF -- "-c $CONF "
}

daemon_pid() { # name (mon.a, osd.0, client.rgw): prints its pid if it is ours and alive
  local pid
  pid=$(cat "$DIR/run/$1.pid" 2>/dev/null) && ours_alive "$pid" && echo "$pid"
}

stop_pids() { # pid...: TERM, wait up to 10 s, then KILL
  local pids=("$@") left i pid
  ((${#pids[@]})) || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    left=()
    for pid in "${pids[@]}"; do ours_alive "$pid" && left+=("$pid"); done
    ((${#left[@]})) || return 0
    sleep 0.1
  done
  kill -KILL "${left[@]}" 2>/dev/null || true
}

# One at a time, clients first: radosgw hangs in shutdown if the OSD goes first, and an OSD
# whose monitor is gone waits 5 s to report its exit.
stop_daemons() {
  stop_pids $(daemon_pid client.rgw)
  stop_pids $(daemon_pid osd.0)
  stop_pids $(daemon_pid mon.a)
}

# --- HTTP probe in pure bash (no curl needed) ----------------------------------------------

http_answers() { # port
  timeout 3 bash -c '
    exec 3<>/dev/tcp/127.0.0.1/$1 || exit 1
    printf "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3
    IFS= read -r line <&3 && [[ $line == HTTP/* ]]' _ "$1" 2>/dev/null
}

endpoint_port() { sed -n 's|^export S3_TEST_ENDPOINT=http://127.0.0.1:\([0-9]*\)$|\1|p' "$DIR/env.sh" 2>/dev/null; }

# Running = all three pid files point at our live daemons and the gateway answers.
is_running() {
  local port
  port=$(endpoint_port)
  [[ -n $port ]] && daemon_pid mon.a >/dev/null && daemon_pid osd.0 >/dev/null &&
    daemon_pid client.rgw >/dev/null && http_answers "$port"
}

# --- setup steps ---------------------------------------------------------------------------

ensure_packages() {
  local tool missing=0
  for tool in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool; do
    command -v "$tool" >/dev/null || missing=1
  done
  [[ $missing == 0 ]] && return 0
  [[ $EUID == 0 ]] || fail "ceph packages are missing and installing them needs root"
  say "installing ceph packages (log: $DIR/log/apt.log)"
  apt-get update >>"$DIR/log/apt.log" 2>&1 || fail "apt-get update failed" "$DIR/log/apt.log"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    ceph-mon ceph-osd radosgw ceph-common >>"$DIR/log/apt.log" 2>&1 ||
    fail "installing ceph packages failed" "$DIR/log/apt.log"
  hash -r
  command -v radosgw >/dev/null && command -v ceph-mon >/dev/null ||
    fail "ceph packages installed but radosgw/ceph-mon are not on PATH" "$DIR/log/apt.log"
}

is_ours() { [[ $(head -n1 "$CONF" 2>/dev/null) == "$MARKER"* ]]; }

# Wipe DIR, but never a folder that is not empty and not one of ours.
fresh_dir() {
  if [[ -d $DIR && -n $(ls -A "$DIR") ]]; then
    is_ours || fail "$DIR is not empty and holds no rgw.sh cluster; refusing to wipe it"
    stop_daemons # leftovers of a cluster that no longer answers
    rm -rf "$DIR"
  fi
  mkdir -p "$DIR/log" "$DIR/run" "$DIR/mon" "$DIR/osd0" "$DIR/rgw" "$DIR/crash"
  : >"$LOG"
}

# Free loopback ports chosen by the kernel (bind to port 0), all held at once so they differ.
# Debian's python3 (a ceph-common dependency) starts faster than a pyenv shim.
free_ports() { # count
  local py=python3
  [[ -x /usr/bin/python3 ]] && py=/usr/bin/python3
  "$py" -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

random_alnum() { # length charset
  local s=""
  while ((${#s} < $1)); do s+=$(LC_ALL=C tr -dc "$2" < <(head -c 1024 /dev/urandom)); done
  echo "${s:0:$1}"
}

write_conf() { # mon_port rgw_port fsid
  cat >"$CONF" <<EOF
$MARKER: everything lives in $DIR
[global]
fsid = $3
mon host = v2:127.0.0.1:$1
mon initial members = a
public network = 127.0.0.0/8
ms bind ipv6 = false
# only the msgr2 address is in the monmap; daemons need not listen on msgr1 either
ms bind msgr1 = false

# no cephx; with auth none the messenger must allow crc or clients loop on -13
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
ms client mode = crc
ms cluster mode = crc
ms service mode = crc
ms mon service mode = crc
ms mon cluster mode = crc

# every path inside DIR
run dir = $DIR/run
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
mon cluster log file = $DIR/log/cluster.log
crash dir = $DIR/crash
keyring = $DIR/keyring
mon data = $DIR/mon
osd data = $DIR/osd\$id
rgw data = $DIR/rgw

# one OSD, no replication, no mgr
osd pool default size = 1
osd pool default min size = 1
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
osd pool default pg autoscale mode = off
osd pool default pg num = 8
# CI disks are often nearly full; the mon would shut down below 5% free
mon data avail crit = 0

[mon]
admin socket = $DIR/run/\$name.asok
# the mon batches map changes for 1 s by default; radosgw makes ~10 of them at first start
# (pool create + application enable per pool) and again on the first bucket
paxos propose interval = 0.05

[osd]
admin socket = $DIR/run/\$name.asok
osd objectstore = memstore
memstore device bytes = $MEMSTORE_BYTES
# placed explicitly under host=localhost after start
osd crush update on start = false

[client.rgw]
admin socket = $DIR/run/\$name.asok
rgw frontends = beast endpoint=127.0.0.1:$2
rgw dns name = localhost
rgw enable static website = true
# Free deleted objects' data within seconds, not the default 2 hours: tests and benchmarks
# write and delete gigabytes, which would otherwise fill the in-memory store.
rgw gc obj min wait = 0
rgw gc processor period = 10
EOF
}

start_mon() { # mon_port fsid
  say "starting monitor"
  run monmaptool --create --addv a "[v2:127.0.0.1:$1]" --fsid "$2" "$DIR/monmap" ||
    fail "monmaptool failed" "$LOG"
  run ceph-mon --mkfs -i a --monmap "$DIR/monmap" || fail "ceph-mon --mkfs failed" "$LOG"
  run ceph-mon -i a || fail "ceph-mon did not start" "$DIR/log/mon.a.log"
}

start_osd() {
  say "starting osd (memstore)"
  local id
  id=$(ceph -c "$CONF" osd create 2>>"$LOG") || fail "ceph osd create failed" "$LOG"
  [[ $id == 0 ]] || fail "expected osd id 0, got '$id'" "$LOG"
  run ceph-osd -i 0 --mkfs || fail "ceph-osd --mkfs failed" "$DIR/log/osd.0.log"
  run ceph-osd -i 0 || fail "ceph-osd did not start" "$DIR/log/osd.0.log"
  run ceph osd crush add osd.0 1 root=default host=localhost ||
    fail "ceph osd crush add failed" "$LOG"
}

start_rgw() { # rgw_port
  say "starting radosgw on 127.0.0.1:$1"
  run radosgw -n client.rgw || fail "radosgw did not start" "$DIR/log/client.rgw.log"
  local deadline=$((SECONDS + UP_TIMEOUT))
  until http_answers "$1"; do
    ((SECONDS < deadline)) || fail "radosgw did not answer within ${UP_TIMEOUT}s" "$DIR/log/client.rgw.log"
    daemon_pid client.rgw >/dev/null ||
      fail "radosgw exited before answering" "$DIR/log/client.rgw.log"
    sleep 0.2
  done
}

create_user() { # uid display_name access_key secret
  say "creating user $1"
  run radosgw-admin user create --uid="$1" --display-name="$2" --access-key="$3" --secret="$4" ||
    fail "radosgw-admin user create $1 failed" "$LOG"
}

write_env() { # endpoint owner_key owner_secret other_key other_secret
  cat >"$DIR/env.sh" <<EOF
export S3_TEST_ENDPOINT=$1
export S3_TEST_ACCESS_KEY_ID=$2
export S3_TEST_SECRET_ACCESS_KEY=$3
export S3_TEST_OTHER_ACCESS_KEY_ID=$4
export S3_TEST_OTHER_SECRET_ACCESS_KEY=$5
export S3_TEST_REGION=$REGION
EOF
  cat >"$DIR/env.json" <<EOF
{
  "endpoint": "$1",
  "region": "$REGION",
  "owner": {"accessKeyId": "$2", "secretAccessKey": "$3"},
  "other": {"accessKeyId": "$4", "secretAccessKey": "$5"}
}
EOF
}

# --- commands ------------------------------------------------------------------------------

cmd_start() {
  local t0=$EPOCHREALTIME ports mon_port rgw_port fsid endpoint keys
  if is_running; then
    say "already running in $DIR"
    echo "http://127.0.0.1:$(endpoint_port)"
    return 0
  fi
  fresh_dir
  ensure_packages
  STARTED=1
  trap 'fail "interrupted" "$LOG"' INT TERM
  trap 'fail "unexpected error" "$LOG"' EXIT

  ports=$(free_ports 2) || fail "could not pick free ports" "$LOG"
  read -r mon_port rgw_port <<<"$ports"
  fsid=$(cat /proc/sys/kernel/random/uuid)
  endpoint=http://127.0.0.1:$rgw_port
  write_conf "$mon_port" "$rgw_port" "$fsid"

  start_mon "$mon_port" "$fsid"
  start_osd
  start_rgw "$rgw_port"

  keys=("$(random_alnum 20 A-Z0-9)" "$(random_alnum 40 A-Za-z0-9)"
    "$(random_alnum 20 A-Z0-9)" "$(random_alnum 40 A-Za-z0-9)")
  create_user owner "Owner" "${keys[0]}" "${keys[1]}"
  create_user other "Other User" "${keys[2]}" "${keys[3]}"
  write_env "$endpoint" "${keys[@]}"

  trap - EXIT INT TERM
  say "up in $(awk "BEGIN{printf \"%.1f\", $EPOCHREALTIME - $t0}") s; env: $DIR/env.sh"
  echo "$endpoint"
}

cmd_stop() {
  [[ -d $DIR ]] || return 0
  [[ -z $(ls -A "$DIR") ]] || is_ours || fail "$DIR holds no rgw.sh cluster; refusing to remove it"
  say "stopping daemons in $DIR"
  stop_daemons
  rm -rf "$DIR"
}

cmd_status() {
  is_running || return 1
  echo "http://127.0.0.1:$(endpoint_port)"
}

main() {
  local cmd=${1:-}
  [[ $# -le 2 ]] || fail "usage: rgw.sh start|stop|status [DIR]"
  case $cmd in
    start) set_dir "${2:-}"; cmd_start ;;
    stop) set_dir "${2:-}"; cmd_stop ;;
    status) set_dir "${2:-}"; cmd_status ;;
    *) fail "usage: rgw.sh start|stop|status [DIR]" ;;
  esac
}

main "$@"
