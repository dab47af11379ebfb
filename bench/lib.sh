# Shared by the bench scripts; source it, do not run it.

# simulate_once BIN DIR SCENARIO SCALE SEED text|notext simulates SCENARIO
# into DIR unless DIR already holds a finished simulation (truth.json is
# written last), so that the scripts reuse each other's data.
simulate_once() {
  local bin="$1" dir="$2" scenario="$3" scale="$4" seed="$5" kind="$6"
  [ -f "$dir/truth.json" ] && return 0
  local flags=(--no-text)
  [ "$kind" = text ] && flags=()
  echo "simulating $scenario (scale $scale, seed $seed, $kind) into $dir" >&2
  "$bin" simulate --scenario "$scenario" --scale "$scale" --seed "$seed" "${flags[@]}" --out "$dir" >/dev/null
}
