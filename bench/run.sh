#!/usr/bin/env bash
# Speed and memory of detect against the tool a person would otherwise pick:
# an analytical SQL engine (DuckDB) aggregating the same exchange log per
# account (count, distinct addresses, first and last time). For each scale it
# simulates the incident without text (once; kept under --data), runs both
# under /usr/bin/time -v on the same file, grades detect's findings, and
# prints wall time, peak memory, the ratio and the quality figures. A text
# run at --text-scale measures MB/s of input.
#
# Each scale runs detect and DuckDB --repeat times, alternately, and the
# table shows the median wall times (and their ratio) and the largest peaks:
# on a shared machine one pair can fall in a slow spell for either program.
#
#   bench/run.sh [--scales "0.1 0.3 1"] [--repeat 3] [--text-scale 0.1|none] [--data DIR] [--seed 901]
#
# DuckDB comes from github.com/duckdb/duckdb-go/v2 in the separate module
# bench/duckdb (cgo), so the distillguard binary stays pure Go.
set -euo pipefail
cd "$(dirname "$0")/.."

scales="0.1 0.3 1"
repeat=3
text_scale=0.1
data=bench/data
seed=901
while [ $# -gt 0 ]; do
  case "$1" in
    --scales) scales="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --text-scale) text_scale="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$repeat" in ''|*[!0-9]*|0) echo "--repeat takes a positive whole number" >&2; exit 2 ;; esac
export PATH="/usr/local/go/bin:$PATH"
. bench/lib.sh
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 2; }

mkdir -p "$data"
bin="$data/distillguard"
duck="$(cd "$data" && pwd)/duckdb-baseline" # absolute: it is built from bench/duckdb
CGO_ENABLED=0 go build -o "$bin" ./cmd/distillguard # pure Go: net would otherwise link libc for its resolver
(cd bench/duckdb && go build -o "$duck" .)

# timed CMD... runs CMD under /usr/bin/time -v and sets wall (s) and rss (MiB).
timed() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >"$log.out" 2>"$log" || { cat "$log" "$log.out" >&2; exit 1; }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  out="$log.out"
}

# median X... prints the median of its arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-6s %11s %9s %11s %10s %11s %10s %7s %7s %9s %9s\n' \
  scale exchanges accounts detect-s detect-MiB duckdb-s duckdb-MiB ratio F1 acct-err exch-err
for scale in $scales; do
  dir="$data/incident-$scale-notext"
  simulate_once "$bin" "$dir" incident-2026-06 "$scale" "$seed" notext
  dwalls="" kwalls="" drss=0 krss=0
  for _ in $(seq "$repeat"); do
    timed "$bin" detect --quiet --exchanges "$dir/exchanges.jsonl.zst" --accounts "$dir/accounts.jsonl" \
      --models "$dir/models.jsonl" --out "$dir/findings.json"
    dwalls="$dwalls $wall" drss=$((rss > drss ? rss : drss))
    timed "$duck" --exchanges "$dir/exchanges.jsonl.zst" --threads "$(nproc)"
    kwalls="$kwalls $wall" krss=$((rss > krss ? rss : krss))
  done
  dwall=$(median $dwalls) kwall=$(median $kwalls)
  "$bin" eval --findings "$dir/findings.json" --truth "$dir/truth.json" --json > "$dir/eval.json" || true
  python3 - "$dir/eval.json" "$dir/truth.json" "$scale" "$dwall" "$drss" "$kwall" "$krss" <<'EOF'
import json, sys
r, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
scale, dw, dr, kw, kr = sys.argv[3:8]
m = r["campaigns"][0].get("best_match")
f = lambda x, fmt: "n/a" if x is None else fmt % x
print("%-6s %11d %9d %11.1f %10s %11.1f %10s %7.2f %7s %9s %9s" % (scale, t["input"]["exchanges"], t["input"]["accounts"],
      float(dw), dr, float(kw), kr, float(dw) / float(kw), f(r["accounts"]["f1"], "%.3f"),
      f(m and m["headline"]["accounts"]["rel_error"], "%+.4f"),
      f(m and m["headline"]["exchanges"]["rel_error"], "%+.4f")))
EOF
  if [ "$repeat" -gt 1 ]; then
    echo "       ($repeat alternating runs, seconds: detect$(printf ' %s' $dwalls); DuckDB$(printf ' %s' $kwalls))"
  fi
done

# Text mode: MB/s of (decompressed) input; --text-scale none skips it.
if [ "$text_scale" != none ]; then
  dir="$data/incident-$text_scale-text"
  simulate_once "$bin" "$dir" incident-2026-06 "$text_scale" "$seed" text
  timed "$bin" detect --quiet --exchanges "$dir/exchanges.jsonl.zst" --accounts "$dir/accounts.jsonl" \
    --models "$dir/models.jsonl" --out "$dir/findings.json"
  plain=$(go run ./bench/plainsize "$dir/exchanges.jsonl.zst")
  python3 -c "import sys; p, w, r = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]; print('text mode, scale $text_scale: %.0f MiB of JSON in %.1fs = %.0f MB/s, peak %s MiB' % (p/2**20, w, p/1e6/w, r))" "$plain" "$wall" "$rss"
fi
