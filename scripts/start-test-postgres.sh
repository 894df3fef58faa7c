#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the test suite and exports UO_TEST_PG.
# Source it: `source scripts/start-test-postgres.sh`. The server and its data are removed when the shell exits.
set -euo pipefail
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PG_BIN" ]; then
  echo "PostgreSQL server binaries not found (apt-get install postgresql)." >&2
  return 1 2>/dev/null || exit 1
fi
UO_PG_PORT=${UO_PG_PORT:-55432}
# Take the first free port from there (another server, or another test run, may hold one).
while (echo >"/dev/tcp/127.0.0.1/$UO_PG_PORT") 2>/dev/null; do UO_PG_PORT=$((UO_PG_PORT + 1)); done
UO_PG_DIR=$(mktemp -d /tmp/uo-test-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$UO_PG_DIR"; fi
as_pg "$PG_BIN/initdb" -D "$UO_PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$UO_PG_DIR/data" -l "$UO_PG_DIR/log" -w \
  -o "-p $UO_PG_PORT -k $UO_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export UO_TEST_PG="Host=127.0.0.1;Port=$UO_PG_PORT;Username=postgres;Password=unused;Include Error Detail=true"
uo_stop_pg() { as_pg "$PG_BIN/pg_ctl" -D "$UO_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$UO_PG_DIR"; }
trap uo_stop_pg EXIT
echo "Test PostgreSQL on 127.0.0.1:$UO_PG_PORT"
