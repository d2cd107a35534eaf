#!/usr/bin/env bash
# The main job on the bundled examples, from a terminal: what the action does
# in CI, run by the committed bundle (dist/cli.js) on each example in turn.
# Only the compilers are installed: where a Docker daemon with buildx answers
# the images are built with it, elsewhere with the daemonless writer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-prereqs.sh --toolchains-only
status=0
for example in hello-go hello-c http-server; do
  echo
  echo "=== examples/$example"
  node dist/cli.js build "examples/$example" --image "from-scratch-demo/$example" || status=1
done
exit "$status"
