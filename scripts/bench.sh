#!/usr/bin/env bash
# `npm run bench`: bundles bench/run.ts (plain Node, like the CLI), builds the renderer for B5, and runs
# the benchmarks inside a private D-Bus session with an unlocked gnome-keyring (the vault needs one).
# BENCH_ONLY=B1,B3 runs a subset.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null 2>&1 || { echo "npm run bench needs $tool (see the README)" >&2; exit 1; }
done
mkdir -p node_modules/.cache/gatehouse-bench
node -e "import('./scripts/build-cli.mjs').then(m => Promise.all([m.bundleNode('bench/run.ts', 'node_modules/.cache/gatehouse-bench/run.mjs', ['playwright-core', 'oidc-provider']), m.bundleNode('electron/cli/index.ts', 'node_modules/.cache/gatehouse-bench/cli.mjs'), m.bundleNode('bench/bare-token.ts', 'node_modules/.cache/gatehouse-bench/bare-token.mjs')]))"
if [ ! -f out/renderer/index.html ] || [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then npx electron-vite build >/dev/null; fi
keyring_home=$(mktemp -d)
# Storage benches also run on PostgreSQL when it is installed (a throw-away cluster).
pg_dir=""
if scripts/pg-server.sh start >"$keyring_home/pg.env" 2>/dev/null; then
  . "$keyring_home/pg.env"
  pg_dir=$GATEHOUSE_PG_DIR
  export GATEHOUSE_PG_SERVER=$GATEHOUSE_TEST_PG
  unset GATEHOUSE_TEST_PG
fi
trap '[ -n "$pg_dir" ] && scripts/pg-server.sh stop "$pg_dir"; rm -rf "$keyring_home"' EXIT
XDG_DATA_HOME="$keyring_home" GATEHOUSE_KEYRING_PASSWORD=gatehouse-bench-keyring \
  sh scripts/keyring-session.sh node --expose-gc node_modules/.cache/gatehouse-bench/run.mjs
