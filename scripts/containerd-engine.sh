#!/usr/bin/env bash
# The second engine of the tests: Debian trixie's dockerd 26.1 with the
# containerd image store (what Docker 29 uses by default), BuildKit 0.13, and a
# containerd 1.7 of its own. It runs beside the machine's shared dockerd 20.10
# and never touches it: its own sockets, data root, exec root, pid files and
# config file, all under the two folders below.
#
#   containerd-engine.sh fetch   unpack the trixie packages into the cache (once)
#   containerd-engine.sh start   start it if it does not answer yet, wait for `docker info`
#   containerd-engine.sh stop    stop it (and only it)
#   containerd-engine.sh host    print its DOCKER_HOST
#
# The binaries live in ${XDG_CACHE_HOME:-~/.cache}/from-scratch/containerd-engine rather
# than in the clone: every worktree and fresh clone on a machine shares one copy
# (the fetch itself takes about 6 s on a fresh machine: 56 MB from the mirror).
set -euo pipefail

log() { printf '[containerd-engine] %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

cache=${FROM_SCRATCH_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/from-scratch/containerd-engine}
# Kept short: unix socket paths may not exceed 107 bytes, and containerd puts
# its own below this one.
run=/run/from-scratch-engine
lib=/var/lib/from-scratch-engine
socket=$run/docker.sock
ctr_socket=$run/containerd/containerd.sock
host=unix://$socket

debian_uri() {
  local f=/etc/apt/sources.list.d/debian.sources
  if [ -f "$f" ]; then awk '/^URIs:/ {print $2; exit}' "$f"; else echo "http://deb.debian.org/debian"; fi
}

fetch() {
  if [ -f "$cache/complete" ]; then return 0; fi
  log "fetching docker.io and containerd from trixie into $cache"
  local tmp
  tmp=$(mktemp -d)
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/parts"
  printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$(debian_uri)" >"$tmp/parts/trixie.sources"
  # A private apt state: the system's sources, lists and packages stay as they are.
  local aptopts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$tmp/parts"
    -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o "Dir::State::status=/var/lib/dpkg/status")
  apt-get "${aptopts[@]}" update -qq 2>&1 | grep -v unsandboxed || true
  (cd "$tmp" && apt-get "${aptopts[@]}" download docker.io containerd 2>&1 | grep -v unsandboxed || true)
  local deb
  for deb in docker.io containerd; do
    ls "$tmp"/${deb}_*.deb >/dev/null 2>&1 || { log "apt-get download $deb from trixie failed"; exit 1; }
    dpkg -x "$tmp"/${deb}_*.deb "$tmp/x"
  done
  rm -rf "$cache" && mkdir -p "$cache/bin"
  # dockerd needs GLIBC 2.34 (Debian 12 has 2.36). trixie's runc needs 2.38, so
  # it is not taken: Debian 12's own runc runs the containers.
  for f in usr/sbin/dockerd usr/bin/containerd usr/bin/containerd-shim-runc-v2; do
    install -m 0755 "$tmp/x/$f" "$cache/bin/"
  done
  (cd "$tmp" && ls docker.io_*.deb containerd_*.deb) >"$cache/complete"
  rm -rf "$tmp"
}

pid_alive() {
  local state
  state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}
# A pid file left by a killed engine (a session or CI job ended) makes a new
# dockerd refuse to start while it names a pid that still exists, even as a zombie.
clear_stale_pidfile() {
  local pidfile=$1 pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -z "$pid" ] || ! pid_alive "$pid"; then
    log "removing stale $pidfile (pid ${pid:-none} is gone)"
    $SUDO rm -f "$pidfile"
  fi
}

answers() { docker -H "$host" info >/dev/null 2>&1; }

start() {
  if answers; then return 0; fi
  # Two test runs starting at once: the second waits, then finds it answering.
  # (In /tmp: a user without root may write there, and sudo covers the rest.)
  exec 9>"${TMPDIR:-/tmp}/from-scratch-engine.lock"
  flock 9
  if answers; then return 0; fi
  fetch
  command -v runc >/dev/null 2>&1 || { log "runc is missing: run scripts/install-prereqs.sh"; exit 1; }
  $SUDO mkdir -p "$run/containerd" "$lib"
  $SUDO tee "$run/containerd.toml" >/dev/null <<EOF
version = 2
root = "$lib/containerd"
state = "$run/containerd"
# The CRI plugin would look for CNI; this containerd serves dockerd alone.
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$ctr_socket"
[ttrpc]
  address = "$ctr_socket.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOF
  $SUDO tee "$run/daemon.json" >/dev/null <<'EOF'
{"features":{"containerd-snapshotter":true}}
EOF
  # Its own bin folder first: its containerd finds its own shim there.
  local path="$cache/bin:$PATH"
  clear_stale_pidfile "$run/containerd.pid"
  if ! [ -S "$ctr_socket" ] || ! pid_alive "$(cat "$run/containerd.pid" 2>/dev/null || echo 0)"; then
    log "starting containerd $(sed -n 's/^containerd_\([^_]*\)_.*/\1/p' "$cache/complete")"
    $SUDO env PATH="$path" sh -c "nohup containerd --config '$run/containerd.toml' >'$run/containerd.log' 2>&1 & echo \$! >'$run/containerd.pid'"
    for _ in $(seq 1 30); do
      [ -S "$ctr_socket" ] && break
      pid_alive "$(cat "$run/containerd.pid")" || break
      sleep 0.5
    done
    [ -S "$ctr_socket" ] || { log "containerd did not start; see $run/containerd.log"; tail -n 30 "$run/containerd.log" >&2; exit 1; }
  fi
  clear_stale_pidfile "$run/dockerd.pid"
  log "starting dockerd $(sed -n 's/^docker.io_\([^_]*\)_.*/\1/p' "$cache/complete") on $host (containerd image store, no bridge)"
  # The same no-bridge flags as the shared daemon: tests reach containers on
  # 127.0.0.1 only. Its own --config-file, so /etc/docker/daemon.json is never read.
  $SUDO env PATH="$path" sh -c "nohup dockerd --host '$host' --data-root '$lib/docker' --exec-root '$run/exec' \
    --pidfile '$run/dockerd.pid' --config-file '$run/daemon.json' --containerd '$ctr_socket' \
    --bridge=none --iptables=false --ip-masq=false --ip6tables=false \
    >'$run/dockerd.log' 2>&1 & echo \$! >'$run/dockerd.launcher'"
  for _ in $(seq 1 60); do
    answers && break
    pid_alive "$(cat "$run/dockerd.launcher")" || break
    sleep 1
  done
  answers || { log "dockerd did not start; see $run/dockerd.log"; tail -n 30 "$run/dockerd.log" >&2; exit 1; }
  log "docker $(docker -H "$host" version --format '{{.Server.Version}}') with the containerd image store on $host"
}

stop_pid() {
  local pidfile=$1 pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$pid" ] && pid_alive "$pid"; then
    $SUDO kill "$pid"
    for _ in $(seq 1 30); do pid_alive "$pid" || break; sleep 0.5; done
  fi
  $SUDO rm -f "$pidfile"
}

stop() {
  stop_pid "$run/dockerd.pid"
  rm -f "$run/dockerd.launcher"
  stop_pid "$run/containerd.pid"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  host) echo "$host" ;;
  *)
    echo "usage: $0 fetch|start|stop|host" >&2
    exit 2
    ;;
esac
