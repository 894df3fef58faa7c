#!/usr/bin/env bash
# Point-in-time recovery drill for PostgreSQL (issue 21 §1): WAL archiving, a base backup, work before and after a
# chosen moment, the server lost, and the database brought back to exactly that moment from the base backup and the
# archived WAL. Everything on this machine, on loopback, in a temporary folder removed at the end.
# Usage: deploy/pitr-drill.sh            (as root it runs PostgreSQL as the postgres user)
set -euo pipefail
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)." >&2; exit 1; }
PORT=${PORT:-56432}
while (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
DIR=$(mktemp -d /tmp/uo-pitr.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
cleanup() { as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
            as_pg "$PG_BIN/pg_ctl" -D "$DIR/restored" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
psql() { as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d drill -v ON_ERROR_STOP=1 -qAt "$@"; }
ms() { date +%s%3N; }

as_pg mkdir "$DIR/archive"
as_pg "$PG_BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $DIR/archive/%f && cp %p $DIR/archive/%f'
archive_timeout = 60
CONF
as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w start >/dev/null
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres drill
psql -c "CREATE TABLE registrations (number bigint PRIMARY KEY, subject text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())"

# The base backup (WAL from the archive, as a data centre keeps it).
t0=$(ms)
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U postgres -D "$DIR/base" -X none -c fast
echo "base backup: $(( $(ms) - t0 )) ms, $(du -sh "$DIR/base" | cut -f1)"

# Work before the chosen moment, the moment, work after it.
psql -c "INSERT INTO registrations (number, subject) SELECT g, 'Văn bản đến số ' || g FROM generate_series(1, 5000) g"
sleep 1  # the moment must lie strictly between the two commits' timestamps (clock resolution)
target=$(psql -c "SELECT clock_timestamp()")
sleep 1
psql -c "INSERT INTO registrations (number, subject) SELECT g, 'Văn bản đến số ' || g FROM generate_series(5001, 7000) g"
psql -c "SELECT pg_switch_wal()" >/dev/null
# Wait until the segment holding the last commit is archived (the archiver reports it), not a fixed time.
for _ in $(seq 1 300); do
  [ "$(psql -c "SELECT last_archived_wal IS NOT NULL AND last_archived_wal >= pg_walfile_name(pg_current_wal_lsn() - 1) FROM pg_stat_archiver")" = t ] && break
  sleep 0.1
done
echo "archived WAL segments: $(ls "$DIR/archive" | wc -l)"

# The server is lost.
as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null
as_pg rm -rf "$DIR/data"

# Recovery to the moment: the base backup, the archive, the target time.
t0=$(ms)
as_pg cp -a "$DIR/base" "$DIR/restored"
cat >> "$DIR/restored/postgresql.conf" <<CONF
restore_command = 'cp $DIR/archive/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
archive_mode = off
CONF
as_pg touch "$DIR/restored/recovery.signal"
as_pg "$PG_BIN/pg_ctl" -D "$DIR/restored" -l "$DIR/restored.log" -w start >/dev/null
for _ in $(seq 1 600); do [ "$(psql -c "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] && break; sleep 0.1; done
echo "recovery to $target: $(( $(ms) - t0 )) ms"
count=$(psql -c "SELECT count(*) FROM registrations")
last=$(psql -c "SELECT max(number) FROM registrations")
echo "rows after recovery: $count (highest number $last)"
if [ "$count" = 5000 ] && [ "$last" = 5000 ]; then
  echo "PITR drill passed: everything committed before the moment is back, nothing after it."
else
  echo "PITR drill FAILED: expected 5000 rows up to number 5000." >&2; exit 1
fi
