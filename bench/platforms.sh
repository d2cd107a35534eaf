#!/usr/bin/env bash
# What a second platform costs (see bench/platforms.mjs). ROUNDS=<n> rounds per
# command (default 5); BUILDER=oci|buildx (default oci).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-prereqs.sh >&2
[ -f dist/cli.js ] || npm run bundle >&2
"$(bash scripts/node24.sh)" bench/platforms.mjs "$PWD"
