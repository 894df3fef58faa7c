#!/usr/bin/env bash
# High-availability drill (issue 21 §3): what a data centre runs on several machines, started on this one on loopback —
#   etcd (the consensus store) and Patroni managing two PostgreSQL servers, a primary and a synchronous standby;
#   HAProxy sending the application's connections to whichever is primary (Patroni's REST health endpoint /primary);
#   two UnionOffice nodes sharing the data-protection keys, the audit anchors and an S3 bucket (s3rver, tests/peers);
#   nginx in front of both.
# Clerks register documents continuously through nginx (bench: failover-load) while
#   1. the primary machine is lost (kill -9 of its Patroni and PostgreSQL): the standby is promoted;
#   2. the old primary comes back and rejoins as the standby (pg_rewind);
#   3. one application node is lost (kill -9): nginx sends everything to the other, sessions continue.
# Then it is judged: every acknowledged registration is in the database with the number the clerk was told, the
# register's numbers run without a gap, the audit chain verifies; and how long registrations stopped at each event.
# Everything in a temporary folder, removed at the end. Needs: patroni etcd-server haproxy nginx (Debian), the
# PostgreSQL server, Node.js (s3rver via npm ci in tests/peers), the .NET SDK.
# Usage: deploy/ha-drill.sh [steady-seconds]        (as root it runs Patroni and PostgreSQL as the postgres user)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STEADY=${1:-10}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
for tool in patroni etcd haproxy nginx node dotnet curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "Missing $tool (apt-get install patroni etcd-server haproxy nginx nodejs npm curl)." >&2; exit 1; }
done
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)." >&2; exit 1; }
[ -d tests/peers/node_modules/s3rver ] || npm ci --prefix tests/peers --no-audit --no-fund --loglevel=error

# Ports not in use and not already chosen here (nothing listens on them yet when the next is chosen).
TAKEN=" "
pick() { local p=$1; while [[ "$TAKEN" == *" $p "* ]] || (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; TAKEN+="$p "; PORT=$p; }
pick 23790; ETCD=$PORT; pick 23791; ETCD_PEER=$PORT; pick 55441; PG1=$PORT; pick 55442; PG2=$PORT
pick 58008; REST1=$PORT; pick 58009; REST2=$PORT; pick 55440; DBPORT=$PORT; pick 4569; S3=$PORT
pick 5201; APP1=$PORT; pick 5202; APP2=$PORT; pick 8088; WEB=$PORT
DIR=$(mktemp -d /tmp/uo-ha.XXXXXX)
chmod 755 "$DIR"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
ms() { date +%s%3N; }
say() { echo "[$(date +%H:%M:%S)] $*"; }
PIDS=()
cleanup() {
  [ -f "$DIR/nginx.pid" ] && nginx -c "$DIR/nginx.conf" -p "$DIR" -s stop 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  pkill -9 -f "$DIR/" 2>/dev/null || true   # every process started here names the folder (Patroni under runuser, PostgreSQL …)
  for n in 1 2; do [ -f "$DIR/pg$n/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg$n" -m immediate stop >/dev/null 2>&1 || true; done
  if [ -n "${KEEP:-}" ]; then echo "kept: $DIR"; else rm -rf "$DIR"; fi
}
trap cleanup EXIT
# Waits up to $1 seconds for a command to succeed (a condition polled, reported if never met).
wait_for() { local secs=$1; shift; local until=$(( $(date +%s) + secs )); while ! "$@" >/dev/null 2>&1; do
  [ "$(date +%s)" -ge "$until" ] && { echo "timed out after ${secs}s waiting for: $*" >&2; return 1; }; sleep 0.2; done; }
http_ok() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ]; }

say "building the application and the drill's clerks"
dotnet build src/UnionOffice -c Release -nologo -v quiet >/dev/null
dotnet build bench/UnionOffice.Bench -c Release -nologo -v quiet >/dev/null
APPDLL=$ROOT/src/UnionOffice/bin/Release/net10.0/UnionOffice.dll
BENCHDLL=$ROOT/bench/UnionOffice.Bench/bin/Release/net10.0/UnionOffice.Bench.dll

# --- etcd -------------------------------------------------------------------------------------------------------------
etcd --name drill --data-dir "$DIR/etcd" --listen-client-urls "http://127.0.0.1:$ETCD" --advertise-client-urls "http://127.0.0.1:$ETCD" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
  --initial-cluster "drill=http://127.0.0.1:$ETCD_PEER" --log-level error >"$DIR/etcd.log" 2>&1 &
PIDS+=($!); disown
wait_for 30 http_ok "http://127.0.0.1:$ETCD/health"
say "etcd on $ETCD"

# --- Patroni: two PostgreSQL servers, synchronous replication ---------------------------------------------------------
patroni_config() { # name pgport restport
  cat <<YAML
scope: unionoffice-drill
name: $1
log: {level: WARNING}
restapi: {listen: 127.0.0.1:$3, connect_address: 127.0.0.1:$3}
etcd3: {hosts: 127.0.0.1:$ETCD}
bootstrap:
  dcs:
    ttl: 20
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters: {max_connections: 200, wal_level: replica, hot_standby: 'on', max_wal_senders: 10, max_replication_slots: 10, wal_log_hints: 'on'}
  initdb: [{encoding: UTF8}, {locale: C.UTF-8}]
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
postgresql:
  listen: 127.0.0.1:$2
  connect_address: 127.0.0.1:$2
  data_dir: $DIR/$1
  bin_dir: $PG_BIN
  pgpass: $DIR/pgpass-$1
  authentication:
    superuser: {username: postgres, password: drill-superuser}
    replication: {username: replicator, password: drill-replication}
    rewind: {username: postgres, password: drill-superuser}
  parameters: {unix_socket_directories: '$DIR'}
YAML
}
start_patroni() { # name
  as_pg patroni "$DIR/$1.yml" >>"$DIR/patroni-$1.log" 2>&1 &
  echo $!; disown
}
patroni_config pg1 "$PG1" "$REST1" >"$DIR/pg1.yml"
patroni_config pg2 "$PG2" "$REST2" >"$DIR/pg2.yml"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
P1=$(start_patroni pg1); PIDS+=("$P1")
wait_for 90 http_ok "http://127.0.0.1:$REST1/primary"
P2=$(start_patroni pg2); PIDS+=("$P2")
wait_for 120 http_ok "http://127.0.0.1:$REST2/sync"
say "Patroni: pg1 primary on $PG1, pg2 synchronous standby on $PG2"

# --- HAProxy: connections to the primary ------------------------------------------------------------------------------
cat >"$DIR/haproxy.cfg" <<CFG
global
  maxconn 1000
defaults
  mode tcp
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 2s
listen primary
  bind 127.0.0.1:$DBPORT
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 1s fall 1 rise 1 on-marked-down shutdown-sessions
  server pg1 127.0.0.1:$PG1 maxconn 300 check port $REST1
  server pg2 127.0.0.1:$PG2 maxconn 300 check port $REST2
CFG
haproxy -f "$DIR/haproxy.cfg" >"$DIR/haproxy.log" 2>&1 &
PIDS+=($!); disown
psql_super() { PGPASSWORD=drill-superuser "$PG_BIN/psql" -h 127.0.0.1 -p "$DBPORT" -U postgres -d "${DB:-postgres}" -v ON_ERROR_STOP=1 -qAt "$@"; }
# HAProxy starts with both servers up until its first checks: wait until every connection lands on the primary.
only_primary() { for _ in 1 2 3 4; do [ "$(psql_super -c "SELECT pg_is_in_recovery()")" = f ] || return 1; done; }
wait_for 30 only_primary
psql_super -c "CREATE ROLE uo LOGIN PASSWORD 'drill-app'" -c "CREATE DATABASE unionoffice OWNER uo"
say "HAProxy on $DBPORT → the primary"

# --- Object storage, shared keys, two application nodes, nginx --------------------------------------------------------
mkdir -p "$DIR/s3" "$DIR/keys" "$DIR/anchors" "$DIR/app1" "$DIR/app2" "$DIR/nginx-tmp"
node tests/peers/node_modules/s3rver/bin/s3rver.js -d "$DIR/s3" -a 127.0.0.1 -p "$S3" -s --configure-bucket unionoffice >"$DIR/s3.log" 2>&1 &
PIDS+=($!); disown
CS="Host=127.0.0.1;Port=$DBPORT;Database=unionoffice;Username=uo;Password=drill-app;Timeout=3;Command Timeout=15"
DEMO_PASSWORD="Drill@Union2026!"
start_app() { # n port
  env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$2" Logging__LogLevel__Default=Warning \
    Database__Provider=PostgreSQL ConnectionStrings__Default="$CS" DataProtection__KeysDirectory="$DIR/keys" \
    Audit__AnchorDirectory="$DIR/anchors" Storage__Root="$DIR/app$1/files" Exchange__SpoolRoot="$DIR/app$1/exchange" \
    Storage__Kind=S3 Storage__S3__ServiceUrl="http://127.0.0.1:$S3/" Storage__S3__Bucket=unionoffice Storage__S3__AccessKey=S3RVER Storage__S3__SecretKey=S3RVER \
    Demo__SeedOnStart=true Demo__Password="$DEMO_PASSWORD" Security__LoginAttemptsPerIp=1000 \
    dotnet "$APPDLL" --contentRoot "$ROOT/src/UnionOffice" >"$DIR/app$1.log" 2>&1 &
  echo $!; disown
}
A1=$(start_app 1 "$APP1"); PIDS+=("$A1")
wait_for 120 http_ok "http://127.0.0.1:$APP1/health/ready"
A2=$(start_app 2 "$APP2"); PIDS+=("$A2")
wait_for 120 http_ok "http://127.0.0.1:$APP2/health/ready"
cat >"$DIR/nginx.conf" <<CFG
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx-tmp/body;
  proxy_temp_path $DIR/nginx-tmp/proxy;
  fastcgi_temp_path $DIR/nginx-tmp/fastcgi;
  uwsgi_temp_path $DIR/nginx-tmp/uwsgi;
  scgi_temp_path $DIR/nginx-tmp/scgi;
  client_max_body_size 60m;
  upstream unionoffice {
    server 127.0.0.1:$APP1 max_fails=1 fail_timeout=10s;
    server 127.0.0.1:$APP2 max_fails=1 fail_timeout=10s;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$WEB;
    location / {
      proxy_pass http://unionoffice;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      # A node that refuses or drops the connection: the request goes to the other. A registration already sent is
      # never sent twice (nginx does not repeat non-idempotent requests): the clerk sees the error and tries again.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
    }
  }
}
CFG
nginx -c "$DIR/nginx.conf" -p "$DIR" -g "user $(id -un);"
wait_for 30 http_ok "http://127.0.0.1:$WEB/health/ready"
say "app nodes on $APP1 and $APP2 (shared keys, anchors, bucket), nginx on $WEB"

# --- The drill --------------------------------------------------------------------------------------------------------
STOP="$DIR/stop"; EVENTS="$DIR/events"
: >"$EVENTS"
dotnet "$BENCHDLL" failover-load --url "http://127.0.0.1:$WEB/" --cs "$CS" --password "$DEMO_PASSWORD" --clients 4 \
  --stop-file "$STOP" --events "$EVENTS" --log "$DIR/attempts.jsonl" >"$DIR/load.out" 2>&1 &
LOAD=$!
say "clerks registering through nginx; steady for ${STEADY}s"
sleep "$STEADY"   # the scenario's timeline: registrations flowing before the loss

leader=pg1; standby=pg2; LREST=$REST1; SREST=$REST2
http_ok "http://127.0.0.1:$REST2/primary" && { leader=pg2; standby=pg1; LREST=$REST2; SREST=$REST1; }
postmaster=$(head -n 1 "$DIR/$leader/postmaster.pid")
patroni_pid=$(pgrep -f "patroni $DIR/$leader.yml" | tr '\n' ' ')
echo "$(ms) primary $leader lost (kill -9 of Patroni and PostgreSQL)" >>"$EVENTS"
# shellcheck disable=SC2086
kill -9 $patroni_pid "$postmaster" 2>/dev/null || true
pkill -9 -P "$postmaster" 2>/dev/null || true
t0=$(ms)
say "primary $leader killed"
wait_for 90 http_ok "http://127.0.0.1:$SREST/primary"
say "$standby promoted after $(( $(ms) - t0 )) ms (Patroni's view; the clerks' view is judged below)"
sleep "$STEADY"

say "the old primary $leader comes back"
if [ "$leader" = pg1 ]; then P1=$(start_patroni pg1); PIDS+=("$P1"); else P2=$(start_patroni pg2); PIDS+=("$P2"); fi
t0=$(ms)
if wait_for 120 http_ok "http://127.0.0.1:$LREST/sync"; then
  echo "$(ms) old primary $leader back as the synchronous standby" >>"$EVENTS"
  say "$leader rejoined as the synchronous standby after $(( $(ms) - t0 )) ms"
fi

echo "$(ms) app node 1 lost (kill -9)" >>"$EVENTS"
kill -9 "$A1"
say "app node 1 killed"
sleep "$STEADY"
touch "$STOP"
status=0
wait "$LOAD" || status=$?
cat "$DIR/load.out"

# The audit chain, checked by the executable against the promoted primary.
say "verifying the audit chain"
if env ASPNETCORE_ENVIRONMENT=Production Database__Provider=PostgreSQL ConnectionStrings__Default="$CS" DataProtection__KeysDirectory="$DIR/keys" \
   Audit__AnchorDirectory="$DIR/anchors" Logging__LogLevel__Default=Warning dotnet "$APPDLL" verify-audit --contentRoot "$ROOT/src/UnionOffice"; then
  echo "audit chain: verified"
else
  echo "audit chain: FAILED" >&2; status=1
fi
echo "patronictl list:"; as_pg patronictl -c "$DIR/pg2.yml" list 2>/dev/null || true
if [ "$status" = 0 ]; then echo "HA drill passed."; else echo "HA drill FAILED." >&2; KEEP=1; fi
exit "$status"
