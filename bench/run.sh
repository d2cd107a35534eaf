#!/usr/bin/env bash
# Bundles bench/<name>.ts with ncc and runs it from the repo root.
# Usage: bash bench/run.sh elf
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: bench/run.sh <name>   (bench/<name>.ts)}
[ -f "bench/$name.ts" ] || { echo "no bench/$name.ts" >&2; exit 2; }
npx ncc build "bench/$name.ts" -o ".cache/bench/$name" -q
echo '{ "type": "module" }' > ".cache/bench/$name/package.json"
node ".cache/bench/$name/index.js" "$PWD"
