#!/usr/bin/env bash
# Bundles bench/image.ts with ncc and runs it against the examples in this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
npx ncc build bench/image.ts -o .cache/bench/image -q
echo '{ "type": "module" }' > .cache/bench/image/package.json
node .cache/bench/image/index.js "$PWD"
