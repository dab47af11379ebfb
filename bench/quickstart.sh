#!/usr/bin/env bash
# Runs the README's replay quick start exactly as written: the fenced block
# after the "replay-quickstart" marker, in a scratch directory, with this
# checkout's distillguard on PATH. It fails when the block does, so the
# README's claim that the quick start passes its own gate is checked (CI
# runs it). The server the block starts in the background is stopped at
# the end.
#
#   bench/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/bin"
CGO_ENABLED=0 go build -o "$work/bin/distillguard" ./cmd/distillguard
block=$(awk '/<!-- replay-quickstart -->/{on=1; next} on && /^```sh/{inblk=1; next} inblk && /^```/{exit} inblk' README.md)
if [ -z "$block" ]; then
  echo "README.md has no \`\`\`sh block after <!-- replay-quickstart -->" >&2
  exit 2
fi
if ! command -v openssl >/dev/null; then
  openssl() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; } # the block's token only
fi
echo "$block"
cd "$work"
export PATH="$work/bin:$PATH"
eval "$block" # in this shell, so the EXIT trap stops the server it starts
