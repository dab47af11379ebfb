#!/usr/bin/env bash
# Refreshes cmd/distillguard/default.pgo, the CPU profile that `go build`
# uses for profile-guided optimisation of the distillguard binary (Go picks
# up default.pgo in the main package's directory by itself).
#
# The profile is the merge of two detect runs, built without PGO so that an
# old profile does not shape the new one: the incident without text at
# --scale (the bench's full-scale file) and with prompt text at
# --text-scale, so that both the metadata-only and the text paths are
# covered. The data comes from bench/run.sh's directory (generated there if
# missing). Rerun after large changes to the hot paths; a stale profile
# still builds, it only optimises less.
#
#   bench/pgo.sh [--scale 1] [--text-scale 0.1] [--data DIR] [--seed 901]
set -euo pipefail
cd "$(dirname "$0")/.."

scale=1
text_scale=0.1
data=bench/data
seed=901
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --text-scale) text_scale="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
export PATH="/usr/local/go/bin:$PATH"
. bench/lib.sh

mkdir -p "$data"
bin=$(mktemp -d)/distillguard
CGO_ENABLED=0 go build -pgo=off -o "$bin" ./cmd/distillguard

# profile SCALE text|notext OUT simulates the incident into bench/run.sh's
# folder for it when needed and profiles detect on it.
profile() {
  local sc="$1" kind="$2" out="$3"
  local dir="$data/incident-$sc-$kind"
  simulate_once "$bin" "$dir" incident-2026-06 "$sc" "$seed" "$kind"
  echo "profiling detect on $dir ..."
  "$bin" detect --quiet --exchanges "$dir/exchanges.jsonl.zst" --accounts "$dir/accounts.jsonl" \
    --models "$dir/models.jsonl" --out "$dir/findings-pgo.json" --cpuprofile "$out"
}

tmp=$(mktemp -d)
profile "$scale" notext "$tmp/notext.prof"
profile "$text_scale" text "$tmp/text.prof"
go tool pprof -proto "$tmp/notext.prof" "$tmp/text.prof" > cmd/distillguard/default.pgo
echo "wrote cmd/distillguard/default.pgo ($(wc -c < cmd/distillguard/default.pgo) bytes)"
