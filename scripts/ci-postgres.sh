#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for splitkit's store tests and exports
# SPLITKIT_PG_URL. Idempotent: a cluster it already started is reused.
#
#   source scripts/ci-postgres.sh          # CI: exports SPLITKIT_PG_URL into this shell
#   eval "$(scripts/ci-postgres.sh)"       # same, from a subshell
#   scripts/ci-postgres.sh stop            # stop the cluster and delete its files
#
# Installs PostgreSQL from Debian (apt-get) when no server binaries are found.
# The cluster trusts local TCP connections and runs with fsync off: it holds
# test data only and is thrown away.

splitkit_pg_log() { echo "ci-postgres: $*" >&2; }

# initdb and postgres refuse to run as root; the Debian package creates the `postgres` user.
splitkit_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

splitkit_pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] && command -v pg_ctl >/dev/null 2>&1; then dir=$(dirname "$(command -v pg_ctl)"); fi
  echo "$dir"
}

splitkit_pg_install() {
  if [ "$(id -u)" != 0 ]; then
    splitkit_pg_log "PostgreSQL is not installed and this is not root: install the 'postgresql' package"
    return 1
  fi
  splitkit_pg_log "installing PostgreSQL from apt"
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

splitkit_pg_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

splitkit_pg_start() {
  local root="${SPLITKIT_PG_DIR:-${TMPDIR:-/tmp}/splitkit-pg}"
  local bin port url
  bin=$(splitkit_pg_bindir)
  if [ -z "$bin" ]; then
    splitkit_pg_install || return 1
    bin=$(splitkit_pg_bindir)
  fi
  if [ -z "$bin" ]; then splitkit_pg_log "no PostgreSQL binaries found after install"; return 1; fi

  if [ -f "$root/url" ] && splitkit_pg_as_owner "$bin/pg_ctl" -D "$root/data" status >/dev/null 2>&1; then
    url=$(cat "$root/url")
    port=${url##*:}; port=${port%%/*}
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      export SPLITKIT_PG_URL="$url"
      splitkit_pg_log "reusing the cluster at $url"
      return 0
    fi
  fi

  # Anything left over (a stopped or half-started cluster) is thrown away.
  if [ -d "$root/data" ]; then splitkit_pg_as_owner "$bin/pg_ctl" -D "$root/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$root"
  mkdir -p "$root"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$root"; fi

  port=$(splitkit_pg_free_port) || return 1
  splitkit_pg_as_owner "$bin/initdb" -D "$root/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$root/initdb.log" 2>&1 \
    || { cat "$root/initdb.log" >&2; return 1; }
  splitkit_pg_as_owner "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $port -k $root -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { cat "$root/server.log" >&2; return 1; }
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres splitkit || return 1

  url="postgres://postgres@127.0.0.1:$port/splitkit"
  echo "$url" >"$root/url"
  export SPLITKIT_PG_URL="$url"
  splitkit_pg_log "started a cluster at $url"
}

splitkit_pg_stop() {
  local root="${SPLITKIT_PG_DIR:-${TMPDIR:-/tmp}/splitkit-pg}"
  local bin
  bin=$(splitkit_pg_bindir)
  if [ -n "$bin" ] && [ -d "$root/data" ]; then splitkit_pg_as_owner "$bin/pg_ctl" -D "$root/data" -m fast stop >&2 || true; fi
  rm -rf "$root"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: export into the caller's shell; `return` (not `exit`) keeps that shell alive.
  splitkit_pg_start || return 1
else
  set -euo pipefail
  if [ "${1:-}" = stop ]; then splitkit_pg_stop; exit 0; fi
  splitkit_pg_start
  echo "export SPLITKIT_PG_URL=$SPLITKIT_PG_URL"
fi
