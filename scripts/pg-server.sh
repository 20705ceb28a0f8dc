#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and benches (../shared/RECIPES.md):
#   eval "$(scripts/pg-server.sh start)"   # exports GATEHOUSE_TEST_PG and GATEHOUSE_PG_DIR
#   scripts/pg-server.sh stop "$GATEHOUSE_PG_DIR"
# The server refuses to run as root, so as root it runs as the `postgres` user. Loopback only, trust
# authentication, fsync on (the durability tests need a real commit), gone when stopped.
set -euo pipefail

bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && { echo "$d"; return; }; done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return; }
  echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(bin_dir)
    dir=$(mktemp -d /tmp/gatehouse-pg.XXXXXX)
    [ "$(id -u)" = "0" ] && chown postgres "$dir"
    port=${GATEHOUSE_PG_PORT:-$((54000 + RANDOM % 1000))}
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U gatehouse >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=64MB" start >/dev/null
    echo "export GATEHOUSE_TEST_PG=postgres://gatehouse@127.0.0.1:$port/postgres"
    echo "export GATEHOUSE_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: pg-server.sh stop DIR}
    bin=$(bin_dir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-server.sh start | stop DIR" >&2
    exit 2
    ;;
esac
