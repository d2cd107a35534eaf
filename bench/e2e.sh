#!/usr/bin/env bash
# The whole step against its peers (see bench/e2e.mjs). Builds crane once from
# Debian's go-containerregistry source (GOPATH mode, offline) into .cache/bin.
# ROUNDS=<n> sets the rounds per command (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-prereqs.sh >&2
crane=.cache/bin/crane
if [ ! -x "$crane" ]; then
  src=/usr/share/gocode/src/github.com/google/go-containerregistry
  if [ ! -d "$src" ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get install -y -qq --no-install-recommends golang-github-google-go-containerregistry-dev >&2
  fi
  mkdir -p .cache/bin
  echo "[bench] building crane from $src" >&2
  GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= go build -o "$crane" github.com/google/go-containerregistry/cmd/crane
fi
[ -f dist/cli.js ] || npm run bundle >&2
# On Node 24, what the action runs on; `node -e 0` is measured with the same binary.
"$(bash scripts/node24.sh)" bench/e2e.mjs "$PWD" "$PWD/$crane"
