#!/usr/bin/env bash
# Bundles bench/builders.ts with ncc and runs it against the examples in this checkout.
# ROUNDS=<n> sets the rounds per builder (default 7).
set -euo pipefail
cd "$(dirname "$0")/.."
npx ncc build bench/builders.ts -o .cache/bench/builders -q
echo '{ "type": "module" }' > .cache/bench/builders/package.json
node .cache/bench/builders/index.js "$PWD"
