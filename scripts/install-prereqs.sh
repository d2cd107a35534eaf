#!/usr/bin/env bash
# Installs what the tests and the demo need on a Debian or Ubuntu machine, only
# where it is missing, then makes sure a Docker daemon answers. Safe to re-run.
set -euo pipefail

# --toolchains-only: Go, gcc and musl, no Docker (the demo builds with the
# daemonless writer where no Docker engine answers).
toolchains_only=""
if [ "${1:-}" = "--toolchains-only" ]; then toolchains_only=1; fi

log() { printf '[prereqs] %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

os_id=$(. /etc/os-release && echo "${ID:-}")
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
apt_updated=""
apt_update() {
  if [ -z "$apt_updated" ]; then
    log "apt-get update"
    $SUDO apt-get update -qq
    apt_updated=1
  fi
}
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
apt_install() {
  local missing=()
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt_update
    log "installing ${missing[*]}"
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# The debian.sources URI, reused for backports and trixie so that the machine's
# own mirror is the only place packages come from.
debian_uri() {
  local f=/etc/apt/sources.list.d/debian.sources
  if [ -f "$f" ]; then
    awk '/^URIs:/ {print $2; exit}' "$f"
  else
    echo "http://deb.debian.org/debian"
  fi
}

# --- C toolchains -----------------------------------------------------------
have gcc || apt_install gcc libc6-dev
have musl-gcc || apt_install musl-tools
have readelf || apt_install binutils
have file || apt_install file
have gzip || apt_install gzip

# --- linux/arm64: the musl cross compiler and qemu ---------------------------
# Cross-compiling, never an emulated compiler: Debian's musl-dev is Multi-Arch:
# same, and musl-dev:arm64 ships the aarch64-linux-musl-gcc wrapper around the
# gnu cross gcc (gcc-aarch64-linux-gnu). qemu-user-static runs the arm64
# binaries in the tests; they start qemu-aarch64-static themselves, so binfmt
# need not be registered.
host_arch=$(dpkg --print-architecture)
cross_arch=arm64

# Ubuntu keeps arm64 packages on another mirror (ports.ubuntu.com), and its own
# mirrors answer 404 for binary-arm64, which fails `apt-get update`. So every
# existing source is limited to the host's architecture first, and arm64 gets a
# source of its own. Lines or stanzas that already name architectures are left
# as they are; running this again changes nothing.
limit_sources_to_host() {
  local f tmp
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    if grep -Eq '^deb[[:space:]]' "$f" && grep -E '^deb[[:space:]]' "$f" | grep -vq 'arch='; then
      log "limiting the sources in $f to $host_arch"
      $SUDO sed -i -E \
        -e "/^deb[[:space:]]+\[[^]]*arch=/b" \
        -e "s/^deb[[:space:]]+\[/deb [arch=$host_arch /" \
        -e "t" \
        -e "s/^deb[[:space:]]+/deb [arch=$host_arch] /" "$f"
    fi
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    [ "$(basename "$f")" = "$cross_arch-ports.sources" ] && continue
    tmp=$(mktemp)
    # A stanza is a paragraph; one without Architectures: gets the host's.
    awk -v arch="$host_arch" '
      function flush(  i) {
        for (i = 1; i <= n; i++) {
          print buf[i]
          if (!has && buf[i] ~ /^Types:/) print "Architectures: " arch
        }
        n = 0; has = 0
      }
      /^[[:space:]]*$/ { flush(); print; next }
      { buf[++n] = $0; if ($0 ~ /^Architectures:/) has = 1 }
      END { flush() }' "$f" >"$tmp"
    if ! cmp -s "$f" "$tmp"; then
      log "limiting the sources in $f to $host_arch"
      $SUDO cp "$tmp" "$f"
    fi
    rm -f "$tmp"
  done
}

ubuntu_ports_source() {
  local f=/etc/apt/sources.list.d/$cross_arch-ports.sources
  [ -f "$f" ] && return 0
  log "adding $cross_arch packages from ports.ubuntu.com ($codename)"
  printf 'Types: deb\nURIs: http://ports.ubuntu.com/ubuntu-ports\nSuites: %s %s-updates %s-security %s-backports\nComponents: main restricted universe multiverse\nArchitectures: %s\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n' \
    "$codename" "$codename" "$codename" "$codename" "$cross_arch" | $SUDO tee "$f" >/dev/null
  apt_updated=""
}

if [ "$host_arch" = amd64 ]; then
  have qemu-aarch64-static || apt_install qemu-user-static
  if ! pkg_installed gcc-aarch64-linux-gnu || ! pkg_installed "musl-dev:$cross_arch"; then
    if [ "$os_id" = ubuntu ]; then
      limit_sources_to_host
      ubuntu_ports_source
    fi
    if ! dpkg --print-foreign-architectures | grep -qx "$cross_arch"; then
      log "dpkg --add-architecture $cross_arch"
      $SUDO dpkg --add-architecture "$cross_arch"
      apt_updated=""
    fi
    apt_install gcc-aarch64-linux-gnu "musl-dev:$cross_arch"
  fi
  log "arm64: $(aarch64-linux-musl-gcc --version | head -n1), $(qemu-aarch64-static --version | head -n1)"
else
  log "host is $host_arch, not amd64: the arm64 cross tools are not installed"
fi

# --- Go (1.23 where available) ----------------------------------------------
go_ok() {
  have go || return 1
  local v
  v=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
  # 1.21 or newer is enough for everything the tests build.
  [ "$(printf '%s\n' "1.21" "$v" | sort -V | head -n1)" = "1.21" ]
}
if ! go_ok; then
  if [ -x /usr/lib/go-1.23/bin/go ]; then :; else
    if [ "$os_id" = debian ] && [ "$codename" = bookworm ]; then
      if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        log "adding bookworm-backports"
        printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
          "$(debian_uri)" | $SUDO tee /etc/apt/sources.list.d/backports.sources >/dev/null
        apt_updated=""
      fi
      apt_install golang-1.23-go
    else
      apt_install golang-go
    fi
  fi
  if [ -x /usr/lib/go-1.23/bin/go ]; then
    $SUDO ln -sf /usr/lib/go-1.23/bin/go /usr/local/bin/go
    $SUDO ln -sf /usr/lib/go-1.23/bin/gofmt /usr/local/bin/gofmt
  fi
fi
log "go: $(go version)"
# Go 1.19 beside it (never on PATH): the size attribution tests read a binary
# with the Go 1.18-1.19 function table layout (bookworm's golang-1.19-go).
if [ ! -x /usr/lib/go-1.19/bin/go ] && [ "$os_id" = debian ] && [ "$codename" = bookworm ]; then
  apt_install golang-1.19-go
fi

if [ -n "$toolchains_only" ]; then exit 0; fi

# --- Docker engine, registry, skopeo ----------------------------------------
if ! have dockerd; then apt_install docker.io; fi
have docker || apt_install docker.io
if ! have docker-registry && ! have registry; then apt_install docker-registry; fi
have skopeo || apt_install skopeo
have htpasswd || apt_install apache2-utils

# --- buildx plugin ----------------------------------------------------------
# Debian bookworm has no buildx; trixie does. Fetch only that package with a
# private apt state so the system's own sources are never switched to trixie.
if ! docker buildx version >/dev/null 2>&1; then
  if [ "$os_id" = debian ]; then
    log "fetching docker-buildx from trixie"
    tmp=$(mktemp -d)
    mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
    printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$(debian_uri)" >"$tmp/trixie.sources"
    aptopts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$tmp/parts"
      -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o "Dir::State::status=/var/lib/dpkg/status")
    mkdir -p "$tmp/parts" && mv "$tmp/trixie.sources" "$tmp/parts/"
    apt-get "${aptopts[@]}" update -qq 2>&1 | grep -v "unsandboxed" || true
    (cd "$tmp" && apt-get "${aptopts[@]}" download docker-buildx 2>&1 | grep -v unsandboxed || true)
    dpkg -x "$tmp"/docker-buildx_*.deb "$tmp/x"
    plugin=$(find "$tmp/x" -type f -path "*/cli-plugins/docker-buildx" | head -n1)
    [ -n "$plugin" ] || { log "docker-buildx package had no cli-plugins/docker-buildx"; exit 1; }
    mkdir -p "$HOME/.docker/cli-plugins"
    install -m 0755 "$plugin" "$HOME/.docker/cli-plugins/docker-buildx"
    rm -rf "$tmp"
  else
    apt_install docker-buildx || apt_install docker-buildx-plugin
  fi
fi

# --- the second engine: dockerd 26 with the containerd image store -----------
# Debian 12's runc runs its containers (trixie's needs GLIBC 2.38); dockerd 26
# and containerd 1.7 come from trixie into a cache folder, nothing system-wide.
have runc || apt_install runc
if [ "$os_id" = debian ]; then
  bash "$(dirname "$0")/containerd-engine.sh" fetch
else
  log "not Debian: the containerd-store engine of the tests is not fetched"
fi

# --- the daemon -------------------------------------------------------------
# A daemon killed without its clean-up (a session or CI job ended) leaves its
# pid file behind, and a new dockerd refuses to start while it names a pid
# that still exists, even as a zombie.
pid_alive() {
  local state
  state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}
clear_stale_pidfile() {
  local pidfile=/var/run/docker.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -z "$pid" ] || ! pid_alive "$pid"; then
    log "removing stale $pidfile (pid ${pid:-none} is gone)"
    $SUDO rm -f "$pidfile"
  fi
}

if ! docker info >/dev/null 2>&1; then
  clear_stale_pidfile
  log "starting dockerd (no bridge: tests reach containers on 127.0.0.1 only)"
  logfile=${DOCKERD_LOG:-/tmp/from-scratch-dockerd.log}
  $SUDO sh -c "nohup dockerd --bridge=none --iptables=false --ip-masq=false >'$logfile' 2>&1 & echo \$! > /tmp/from-scratch-dockerd.pid"
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    # Stop waiting as soon as the daemon has given up.
    pid_alive "$(cat /tmp/from-scratch-dockerd.pid)" || break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see $logfile"; tail -n 30 "$logfile" >&2; exit 1; }
fi
log "docker $(docker version --format '{{.Server.Version}}'), buildx $(docker buildx version | awk '{print $2}')"
