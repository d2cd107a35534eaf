#!/usr/bin/env bash
# Prints the path of Lua 5.4's release tarball (Debian's lua5.4 .orig.tar.gz,
# which is the upstream lua-5.4.x.tar.gz), downloading it into .cache/lua5.4/
# when it is missing. apt fetches it from a deb-src entry with the same URI as
# the machine's debian.sources, added here when absent. Exit 3 with a message on
# stderr when apt cannot reach the archive (the tests then skip, saying so).
set -euo pipefail
cd "$(dirname "$0")/.."

cache=.cache/lua5.4
found() { ls "$cache"/lua5.4_*.orig.tar.gz 2>/dev/null | head -n 1; }
if [ -n "$(found)" ]; then
  realpath "$(found)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
unreachable() { echo "fetch-lua-source: $*" >&2; exit 3; }
command -v apt-get >/dev/null 2>&1 || unreachable "no apt-get on this machine"

uri=http://deb.debian.org/debian
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
fi
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
src=/etc/apt/sources.list.d/from-scratch-deb-src.sources
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$uri" "$codename" | $SUDO tee "$src" >/dev/null
  $SUDO apt-get update -qq >&2 || unreachable "apt-get update failed with the deb-src entry for $uri"
fi

mkdir -p "$cache"
(cd "$cache" && apt-get source --download-only lua5.4 >&2) ||
  unreachable "apt-get source --download-only lua5.4 could not fetch it from $uri"
[ -n "$(found)" ] || unreachable "apt fetched lua5.4 but there is no .orig.tar.gz"
realpath "$(found)"
