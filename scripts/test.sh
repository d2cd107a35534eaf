#!/usr/bin/env bash
# The one command that runs every test: installs what is missing (Go, gcc, musl,
# Docker engine + buildx, registry, skopeo), makes sure both engines answer (dockerd
# 20.10, classic store; dockerd 26, containerd store), then runs
# jest and ends with one plain "N passed, N failed" line taken from jest's results.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prereqs.sh
# The second engine the integration tests run against (see __tests__/support/engines.ts):
# dockerd 26 with the containerd image store, beside the shared dockerd 20.10.
bash scripts/containerd-engine.sh start
[ -d node_modules ] || npm ci --no-audit --no-fund

mkdir -p .cache
# The action runs on Node 24 (action.yml: runs: node24), so the tests run on it too.
node24=$(bash scripts/node24.sh)
echo "[test] jest on Node $("$node24" --version)"
results=.cache/jest-results.json
rm -f "$results"
set +e
NODE_OPTIONS=--experimental-vm-modules "$node24" node_modules/jest/bin/jest.js --json --outputFile="$results" "$@"
status=$?
set -e
node -e '
  const fs = require("fs")
  const file = process.argv[1]
  if (!fs.existsSync(file)) { console.log("0 passed, 1 failed"); process.exit(0) }
  const r = JSON.parse(fs.readFileSync(file, "utf8"))
  // A suite that fails to load has no test results, so count it as a failure too.
  const broken = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests + broken} failed` +
    (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""))
' "$results"
if [ "$status" -eq 0 ]; then
  node -e 'const r=require(process.argv[1]); if (r.numPassedTests === 0) { console.error("no test ran"); process.exit(1) }' "$PWD/$results"
fi
exit "$status"
