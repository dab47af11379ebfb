#!/usr/bin/env bash
# Figures for `distillguard serve` on loopback.
#
# Load: simulates incident-2026-06 (scale 0.01, no text) into --data if
# missing, starts a fresh server, posts the exchanges for --duration from
# bench/loadgen (4 connections, batches of 1000) while 2 goroutines call
# POST /v1/check at 2000/s, and prints sustained ingest (exchanges/s, MB/s),
# check latency percentiles, errors and the server's peak RSS.
#
# Replay: for each of --scenarios (default incident-2026-06, labs-2026-02,
# lookalikes and hard-2026; scale 0.01, seed 301; simulated if missing)
# starts a fresh server on the data clock and runs `distillguard replay
# --speed 0`, printing each result: how fast each campaign was cut off,
# which honest accounts were touched, and whether the live campaigns after a
# final round equal detect's on the data the server was given (Convergence).
#
#   bench/serve.sh [--duration 30s] [--data DIR] [--seed 301] [--scale 0.01]
#                  [--no-load] [--no-replay] [--no-text|--text-only]
#                  [--scenarios "A B"] [--addr 127.0.0.1:8418] [--gate]
#
# Replays run with prompt text and without (metadata only); --no-text skips
# the text runs, which need about 10 GB of disk for the four scenarios.
# --addr lets two runs share a machine.
#
# --gate makes a missed replay target fail the script (exit 1). When the
# server fails, the end of its log is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=30s
data=bench/data
seed=301
scale=0.01
do_load=1
do_replay=1
gate=0
scenarios="incident-2026-06 labs-2026-02 lookalikes hard-2026"
kinds="text notext"
addr=127.0.0.1:8418
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --scale) scale="$2"; shift 2 ;;
    --no-load) do_load=0; shift ;;
    --no-replay) do_replay=0; shift ;;
    --gate) gate=1; shift ;;
    --no-text) kinds=notext; shift ;;
    --text-only) kinds=text; shift ;;
    --scenarios) scenarios="$2"; shift 2 ;;
    --addr) addr="$2"; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
export PATH="/usr/local/go/bin:$PATH"
. bench/lib.sh
command -v curl >/dev/null || { echo "needs curl" >&2; exit 2; }

replays=""
for kind in $kinds; do
  for name in $scenarios; do replays="$replays $name:$kind"; done
done
url="http://$addr"
token=bench-token-0123456789
mkdir -p "$data"
bin="$data/distillguard"
loadgen="$data/loadgen"
CGO_ENABLED=0 go build -o "$bin" ./cmd/distillguard # pure Go: net would otherwise link libc for its resolver
go build -o "$loadgen" ./bench/loadgen

# scenario NAME [text] prints the folder of NAME at $scale and $seed, without
# text unless the second argument is "text", simulating it first if it is
# missing (truth.json is written last).
scenario() {
  local kind=notext
  if [ "${2:-}" = text ]; then kind=text; fi
  local dir="$data/$1-$scale-$kind-s$seed"
  simulate_once "$bin" "$dir" "$1" "$scale" "$seed" "$kind"
  echo "$dir"
}

server_pid=""
server_dir=""
server_log=""

# start_server ARGS... starts a fresh server in the background and waits
# until /readyz answers.
start_server() {
  if curl -fsS -o /dev/null "$url/readyz" 2>/dev/null; then
    echo "something already answers at $url: stop it first (the figures must come from a fresh server)" >&2
    exit 1
  fi
  server_dir=$(mktemp -d)
  server_log=$(mktemp)
  "$bin" serve --data-dir "$server_dir" --token "$token" --addr "$addr" "$@" >"$server_log" 2>&1 &
  server_pid=$!
  local i
  for i in $(seq 1 600); do
    if curl -fsS -o /dev/null "$url/readyz" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "distillguard serve exited before it was ready; its log:" >&2
      cat "$server_log" >&2
      server_pid=""
      exit 1
    fi
    sleep 0.1
  done
  echo "distillguard serve was not ready at $url/readyz after 60 s; its log:" >&2
  cat "$server_log" >&2
  exit 1
}

# peak_rss prints the server's peak resident memory.
peak_rss() {
  awk '/^VmHWM:/ {printf "%.0f MiB", $2 / 1024}' "/proc/$server_pid/status" 2>/dev/null || echo "unknown"
}

# stop_server stops the server started last (TERM, then KILL after 10 s)
# and removes its data directory.
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    local i
    for i in $(seq 1 100); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
  if [ -n "$server_dir" ]; then rm -rf "$server_dir"; fi
  if [ -n "$server_log" ]; then rm -f "$server_log"; fi
  server_dir=""
  server_log=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

if [ "$do_load" = 1 ]; then
  dir=$(scenario incident-2026-06)
  exchanges="$dir/exchanges.jsonl.zst"
  [ -f "$exchanges" ] || exchanges="$dir/exchanges.jsonl"
  echo
  echo "== load: $duration of POST /v1/exchanges and POST /v1/check against a fresh server (wall clock) =="
  start_server
  echo "-- paced at 60,000 exchanges/s: the check latency a gateway sees under the target load"
  "$loadgen" --server "$url" --token "$token" --exchanges "$exchanges" --duration "$duration" \
    --batch 1000 --conns 4 --checkers 2 --check-rate 2000 --rate 60000
  echo "-- unpaced: the most the server accepts"
  "$loadgen" --server "$url" --token "$token" --exchanges "$exchanges" --duration "$duration" \
    --batch 1000 --conns 4 --checkers 2 --check-rate 2000
  echo "server peak RSS: $(peak_rss)"
  stop_server
fi

failed=()
summary=()
if [ "$do_replay" = 1 ]; then
  for run in $replays; do
    name=${run%:*}
    kind=${run#*:}
    dir=$(scenario "$name" "$kind")
    echo
    echo "== replay: $name (scale $scale, seed $seed, $kind) at full speed into a fresh server on the data clock =="
    start_server --clock data
    rc=0
    "$bin" replay --dir "$dir" --server "$url" --token "$token" --speed 0 --quiet --gate || rc=$?
    rss=$(peak_rss)
    echo "server peak RSS: $rss"
    if [ "$rc" = 2 ]; then
      echo "replay of $name failed; the server's log:" >&2
      tail -n 50 "$server_log" >&2
      exit 1
    fi
    stop_server
    verdict=PASS
    if [ "$rc" != 0 ]; then
      verdict=FAIL
      failed+=("$name")
    fi
    summary+=("$(printf '  %-18s %-7s targets %s, server peak RSS %s' "$name" "$kind" "$verdict" "$rss")")
  done
  echo
  echo "== replay summary =="
  printf '%s\n' "${summary[@]}"
fi

if [ "$gate" = 1 ] && [ ${#failed[@]} -gt 0 ]; then
  echo "replay targets missed: ${failed[*]}" >&2
  exit 1
fi
