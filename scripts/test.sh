#!/usr/bin/env bash
# The whole test suite, in CI order: typecheck → lint (+ format, Electronegativity) → unit/integration
# → build → end-to-end.
# Tests that touch the OS keychain run inside a private D-Bus session with an unlocked gnome-keyring
# whose data lives in a temp folder, so they never touch the developer's own keyring.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "npm test needs $tool: apt-get install -y dbus gnome-keyring chromium (see the README)" >&2
    exit 1
  fi
done

mkdir -p .tmp
rm -f .tmp/unit.json .tmp/unit-pg.json .tmp/e2e.json

# The unit and integration suite runs twice: on the embedded SQLite file, and on a real PostgreSQL
# server (a throw-away cluster, a database per data folder). CI must have PostgreSQL; a developer
# machine without it runs SQLite only and says so.
pg_dir=""
stop_pg() { [ -n "$pg_dir" ] && scripts/pg-server.sh stop "$pg_dir"; }
trap stop_pg EXIT
if scripts/pg-server.sh start >.tmp/pg.env 2>.tmp/pg.err; then
  # shellcheck disable=SC1091
  . .tmp/pg.env
  pg_dir=$GATEHOUSE_PG_DIR
  pg_url=$GATEHOUSE_TEST_PG
  unset GATEHOUSE_TEST_PG
elif [ "${CI:-}" = "true" ]; then
  echo "CI needs PostgreSQL for the second engine run: $(cat .tmp/pg.err)" >&2
  exit 1
else
  echo "(PostgreSQL not found: the suite runs on SQLite only; apt-get install -y postgresql for both engines)" >&2
  pg_url=""
fi

# Runs "$@" with a fresh, unlocked Secret Service (started again, unlocked, if it dies meanwhile).
with_keyring() {
  local keyring_home
  keyring_home=$(mktemp -d)
  XDG_DATA_HOME="$keyring_home" GATEHOUSE_KEYRING_PASSWORD=gatehouse-test-keyring sh scripts/keyring-session.sh "$@"
  local status=$?
  rm -rf "$keyring_home"
  return $status
}

# The static checks run side by side (each uses one core; together about a minute less on two), and
# each one's output is printed whole after it ends.
echo "== typecheck, lint, format and the Electron security scan"
npm run --silent typecheck >.tmp/typecheck.log 2>&1 &
typecheck=$!
npm run --silent lint >.tmp/lint.log 2>&1 &
lint=$!
static_failed=""
npx prettier --check --log-level warn . || static_failed="$static_failed format"
node scripts/security-scan.mjs || static_failed="$static_failed security-scan"
wait "$typecheck" || static_failed="$static_failed typecheck"
echo "== typecheck"; cat .tmp/typecheck.log
wait "$lint" || static_failed="$static_failed lint"
echo "== lint"; cat .tmp/lint.log
if [ -n "$static_failed" ]; then
  echo "failed:$static_failed" >&2
  exit 1
fi
echo "== unit and integration (SQLite)"
# GATEHOUSE_PG_SERVER: the server itself, for the tests about moving between engines and about
# several workstations; GATEHOUSE_TEST_PG: the engine every storage test runs on.
export GATEHOUSE_PG_SERVER=$pg_url
with_keyring npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=.tmp/unit.json
if [ -n "$pg_url" ]; then
  echo "== unit and integration (PostgreSQL)"
  GATEHOUSE_TEST_PG=$pg_url with_keyring npx vitest run --project unit --reporter=default --reporter=json \
    --outputFile.json=.tmp/unit-pg.json
fi
echo "== build"; npm run --silent build
echo "== end-to-end"
with_keyring npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json=.tmp/e2e.json

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of [".tmp/unit.json", ".tmp/unit-pg.json", ".tmp/e2e.json"]) {
    if (!fs.existsSync(f)) continue;
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
'
