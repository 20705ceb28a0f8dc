#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and benches (../shared/RECIPES.md):
#   eval "$(scripts/pg-server.sh start)"   # exports GATEHOUSE_TEST_PG and GATEHOUSE_PG_DIR
#   scripts/pg-server.sh crash|restart "$GATEHOUSE_PG_DIR"   # pg_ctl stop -m immediate, start again
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
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U gatehouse >/dev/null
    cp "$dir/data/postgresql.conf" "$dir/postgresql.conf.orig"
    # A free port is found by trying: another cluster (another test file, a CI run) may hold one.
    started=""
    for attempt in 1 2 3 4 5 6; do
      port=${GATEHOUSE_PG_PORT:-$((54000 + RANDOM % 1000))}
      # In the cluster's own configuration, so that `restart` brings it back on the same port.
      cp "$dir/postgresql.conf.orig" "$dir/data/postgresql.conf"
      cat >>"$dir/data/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$dir'
listen_addresses = '127.0.0.1'
max_connections = 200
shared_buffers = 64MB
CONF
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start >/dev/null; then
        started=1
        break
      fi
    done
    if [ -z "$started" ]; then
      echo "PostgreSQL did not start; its log:" >&2
      tail -n 20 "$dir/log" >&2
      exit 1
    fi
    echo "export GATEHOUSE_TEST_PG=postgres://gatehouse@127.0.0.1:$port/postgres"
    echo "export GATEHOUSE_PG_DIR=$dir"
    ;;
  crash)
    # A crash of the server (fault tests): no shutdown checkpoint, connections cut.
    dir=${2:?usage: pg-server.sh crash DIR}
    as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null
    ;;
  restart)
    dir=${2:?usage: pg-server.sh restart DIR}
    as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -l "$dir/log" -w start >/dev/null
    ;;
  stop)
    dir=${2:?usage: pg-server.sh stop DIR}
    bin=$(bin_dir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-server.sh start | crash DIR | restart DIR | stop DIR" >&2
    exit 2
    ;;
esac
