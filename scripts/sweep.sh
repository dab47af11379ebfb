#!/usr/bin/env bash
# Sweeps the attack knobs one at a time on the incident scenario and prints,
# for each setting, the account F1, the campaign's recall and purity, how
# many pieces it was reported in, and false campaigns: where detection
# breaks down. Every row is a fresh simulation (default seed 301, never used
# for tuning) at scale 0.01.
#
# With --scenario hard-2026 it sweeps that scenario's knobs instead (the
# front company, the drip, the open-source-agent crowd; default seed 401)
# and prints the F1, each campaign's recall by style, the honest accounts
# flagged (the crowd's apart) and false campaigns.
#
#   scripts/sweep.sh [--scenario incident-2026-06|hard-2026] [--seed N] [--modes "notext text"] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

scenario=incident-2026-06
seed=""
modes="notext text"
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) scenario="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

bin=$(mktemp -d)/distillguard
CGO_ENABLED=0 go build -o "$bin" ./cmd/distillguard # pure Go: net would otherwise link libc for its resolver
work=${keep:-$(mktemp -d)}
mkdir -p "$work"

# name|knobs (space-separated name=value); an empty knob list is the default.
settings=(
  "default|"
  "camouflage 0.25|camouflage=0.25"
  "camouflage 0.5|camouflage=0.5"
  "camouflage 0.7|camouflage=0.7"
  "proxy pool 1e6 exits|proxy_pool=1000000"
  "proxy pool 1e8, all rotating|proxy_pool=100000000 sticky_exits=0"
  "all sticky exits|sticky_exits=1"
  "all residential (no datacenter)|dc_share=0"
  "one account per card|accounts_per_card=1 unshared_cards=1"
  "all aged accounts|aged_share=1 account_age_days=400"
  "one long wave|waves=1"
  "paraphrase 0.7|paraphrase=0.7"
  "paraphrase 1.0|paraphrase=1"
  "human-like timing|jitter=1"
  "many harnesses|harnesses=12"
  "no UA spoofing|ua_spoof=0"
  "3x traffic per account|per_account=3"
  "0.2x traffic per account|per_account=0.2"
  "worst: camo 0.5, pool 1e8, aged, 1 card, paraphrase 1, human timing|camouflage=0.5 proxy_pool=100000000 sticky_exits=0 aged_share=1 account_age_days=400 accounts_per_card=1 unshared_cards=1 paraphrase=1 jitter=1"
)

if [ "$scenario" = hard-2026 ]; then
  seed=${seed:-401}
  settings=(
    "default|"
    "front company of 3 accounts|front_accounts=3"
    "front company of 12 accounts|front_accounts=12"
    "front company of 24 accounts|front_accounts=24"
    "drip: 1 exchange a day|drip_daily=1"
    "drip: 12 exchanges a day|drip_daily=12"
    "drip: no unusual budget|odd_budget=0"
    "drip: half send the unusual budget|odd_budget=0.5"
    "drip: no contradicted client (ua_spoof 0)|ua_spoof=0"
    "drip 60% ordinary traffic, front 15% (camouflage 0.15)|camouflage=0.15"
    "crowd of 1000 users|crowd_users=1000"
    "crowd: every user its own system prompt|crowd_default_prompt=0"
    "crowd: all on thinking, all switch on release day|crowd_thinking=1 crowd_switch=1"
  )
elif [ "$scenario" = incident-2026-06 ]; then
  seed=${seed:-301}
else
  echo "sweep.sh: --scenario is incident-2026-06 or hard-2026" >&2
  exit 2
fi

if [ "$scenario" = hard-2026 ]; then
  printf '%-58s %-7s %-7s %-7s %-7s %-7s %-7s %-7s %s\n' setting mode F1 front drip hydra honest crowd false
else
  printf '%-70s %-7s %-7s %-7s %-7s %-7s %s\n' setting mode F1 recall purity pieces false
fi
for mode in $modes; do
  for s in "${settings[@]}"; do
    name=${s%%|*}
    knobs=${s#*|}
    args=()
    for k in $knobs; do args+=(--knob "$k"); done
    tag=$(echo "$name" | tr -c 'a-zA-Z0-9' '_')
    dir="$work/$tag-$mode"
    flag=""
    [ "$mode" = notext ] && flag="--no-text"
    if [ ! -f "$dir/truth.json" ]; then
      "$bin" simulate --scenario "$scenario" --scale 0.01 --seed "$seed" $flag "${args[@]}" --out "$dir" >/dev/null
    fi
    "$bin" detect --quiet --exchanges "$dir/exchanges.jsonl.zst" --accounts "$dir/accounts.jsonl" \
      --models "$dir/models.jsonl" --out "$dir/findings.json"
    "$bin" eval --findings "$dir/findings.json" --truth "$dir/truth.json" --json > "$dir/eval.json" || true
    python3 - "$dir/eval.json" "$name" "$mode" "$scenario" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
if sys.argv[4] == "hard-2026":
    rec = {c["style"]: "%.3f" % c["recall"] for c in r["campaigns"]}
    honest = sum(c["flagged"] for c in r["categories"] if c["category"] != "oss-agent-user")
    crowd = sum(c["flagged"] for c in r["categories"] if c["category"] == "oss-agent-user")
    f1 = r["accounts"]["f1"]
    print("%-58s %-7s %-7s %-7s %-7s %-7s %-7s %-7s %s" % (sys.argv[2], sys.argv[3], "n/a" if f1 is None else "%.3f" % f1,
          rec.get("front-company", "-"), rec.get("drip", "-"), rec.get("hydra", "-"), honest, crowd, r["false_campaigns"]))
    sys.exit(0)
c = r["campaigns"][0]
m = c.get("best_match")
f1 = r["accounts"]["f1"]
print("%-70s %-7s %-7s %-7s %-7s %-7s %s" % (sys.argv[2], sys.argv[3], "n/a" if f1 is None else "%.3f" % f1,
      "%.3f" % c["recall"], "n/a" if not m else "%.3f" % m["purity"], c["split_into"], r["false_campaigns"]))
EOF
  done
done
