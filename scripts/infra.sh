#!/usr/bin/env bash
# Runs Touchline's infrastructure on one machine without Docker:
#   - Apache Kafka (KRaft, one combined broker+controller) from the official jars on
#     Maven Central, fetched by Maven from infra/kafka/pom.xml into .infra/kafka/libs;
#   - PostgreSQL: uses the server at DATABASE_URL if one answers, else starts the
#     machine's cluster (pg_ctlcluster) or a private one (initdb + pg_ctl) in .infra/pg.
# Usage: scripts/infra.sh up | down | status | fetch
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INFRA="$ROOT/.infra"
# KAFKA_INSTANCE names a broker of its own (data, logs, pid), e.g. for tests that restart one.
KAFKA_INSTANCE="${KAFKA_INSTANCE:-kafka}"
KAFKA_LIBS="$INFRA/kafka/libs"
KAFKA_HOME="$INFRA/$KAFKA_INSTANCE"
KAFKA_DATA="$KAFKA_HOME/data"
KAFKA_LOGS="$KAFKA_HOME/logs"
KAFKA_PID="$KAFKA_HOME/kafka.pid"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
CLUSTER_ID_FILE="$KAFKA_HOME/cluster.id"
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"

log() { printf '[infra] %s\n' "$*" >&2; }

kafka_classpath() { printf '%s/*' "$KAFKA_LIBS"; }

kafka_java() {
  java -Xms256m -Xmx1g -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$ROOT/infra/kafka/log4j2.yaml" \
    -Dkafka.logs.dir="$KAFKA_LOGS" \
    -cp "$(kafka_classpath)" "$@"
}

fetch_kafka() {
  if [ -f "$KAFKA_LIBS/.complete" ] && [ "$KAFKA_LIBS/.complete" -nt "$ROOT/infra/kafka/pom.xml" ]; then
    return 0
  fi
  log "fetching Apache Kafka jars with Maven (infra/kafka/pom.xml)"
  rm -rf "$KAFKA_LIBS"
  mkdir -p "$KAFKA_LIBS"
  (cd "$ROOT/infra/kafka" && mvn -q -B dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_LIBS" -DincludeScope=runtime)
  touch "$KAFKA_LIBS/.complete"
}

kafka_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; }

kafka_running() {
  [ -f "$KAFKA_PID" ] && kill -0 "$(cat "$KAFKA_PID")" 2>/dev/null
}

kafka_up() {
  if kafka_running; then log "kafka already running (pid $(cat "$KAFKA_PID"))"; return 0; fi
  [ -f "$KAFKA_PID" ] && rm -f "$KAFKA_PID"
  if kafka_port_open; then log "something already answers on 127.0.0.1:$KAFKA_PORT; using it"; return 0; fi
  fetch_kafka
  mkdir -p "$KAFKA_DATA" "$KAFKA_LOGS"
  local heap="${KAFKA_HEAP:-1g}"
  local props="$KAFKA_HOME/server.properties"
  sed "s#^listeners=.*#listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT#; s#^advertised.listeners=.*#advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT#; s#^controller.quorum.voters=.*#controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT#" \
    "$ROOT/infra/kafka/server.properties" > "$props"
  echo "log.dirs=$KAFKA_DATA" >> "$props"
  if [ ! -f "$KAFKA_DATA/meta.properties" ]; then
    [ -f "$CLUSTER_ID_FILE" ] || kafka_java kafka.tools.StorageTool random-uuid > "$CLUSTER_ID_FILE"
    log "formatting KRaft storage (cluster $(cat "$CLUSTER_ID_FILE"))"
    kafka_java kafka.tools.StorageTool format -t "$(cat "$CLUSTER_ID_FILE")" -c "$props" >/dev/null
  fi
  # A fresh server.log per start, so "started" below is this run's.
  [ -f "$KAFKA_LOGS/server.log" ] && mv -f "$KAFKA_LOGS/server.log" "$KAFKA_LOGS/server.log.previous"
  log "starting kafka on 127.0.0.1:$KAFKA_PORT"
  nohup java -Xms256m "-Xmx$heap" -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$ROOT/infra/kafka/log4j2.yaml" \
    -Dkafka.logs.dir="$KAFKA_LOGS" \
    -cp "$(kafka_classpath)" kafka.Kafka "$props" > "$KAFKA_LOGS/stdout.log" 2>&1 &
  echo $! > "$KAFKA_PID"
  wait_for_kafka
}

wait_for_kafka() {
  local i
  for i in $(seq 1 120); do
    if kafka_port_open && grep -q "Kafka Server started" "$KAFKA_LOGS/server.log" 2>/dev/null; then
      log "kafka is up (pid $(cat "$KAFKA_PID"))"; return 0
    fi
    if ! kafka_running; then log "kafka exited; see $KAFKA_LOGS"; tail -20 "$KAFKA_LOGS/stdout.log" >&2; return 1; fi
    sleep 0.5
  done
  log "kafka did not answer within 60 s; see $KAFKA_LOGS"; return 1
}

kafka_down() {
  if ! kafka_running; then rm -f "$KAFKA_PID"; log "kafka not running"; return 0; fi
  local pid; pid="$(cat "$KAFKA_PID")"
  log "stopping kafka (pid $pid)"
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "kafka did not stop in 30 s; killing"; kill -9 "$pid"; fi
  rm -f "$KAFKA_PID"
}

pg_answers() { psql "$DATABASE_URL" -Atqc 'select 1' >/dev/null 2>&1; }

pg_up() {
  if pg_answers; then log "postgresql answers at $DATABASE_URL"; return 0; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    local v; v="$(ls /etc/postgresql | sort -V | tail -1)"
    log "starting the machine's postgresql $v cluster"
    pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
    for _ in $(seq 1 30); do pg_answers && { ensure_database; return 0; }; sleep 0.5; done
  fi
  local bin; bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$bin" ] || { log "no postgresql found: install it (apt-get install postgresql) or set DATABASE_URL"; return 1; }
  local dir="$INFRA/pg"
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "initialising a private postgresql in $dir"
    mkdir -p "$dir"; chown -R postgres "$dir" 2>/dev/null || true
    run_as_pg "$bin/initdb" -D "$dir" -A trust -U postgres >/dev/null
  fi
  log "starting private postgresql from $dir"
  run_as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-h 127.0.0.1 -p 5432 -k /tmp" -w start >/dev/null
  ensure_database
}

run_as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; else "$@"; fi
}

ensure_database() {
  local db="${DATABASE_URL##*/}"; db="${db%%\?*}"
  local admin="${DATABASE_URL%/*}/postgres"
  psql "$admin" -Atqc "select 1 from pg_database where datname='$db'" 2>/dev/null | grep -q 1 ||
    psql "$admin" -qc "create database \"$db\"" >/dev/null
}

status() {
  if kafka_running; then echo "kafka: running (pid $(cat "$KAFKA_PID"), 127.0.0.1:$KAFKA_PORT)";
  elif kafka_port_open; then echo "kafka: answering on 127.0.0.1:$KAFKA_PORT (not started by this script)";
  else echo "kafka: stopped"; fi
  if pg_answers; then echo "postgresql: answering at $DATABASE_URL"; else echo "postgresql: not answering at $DATABASE_URL"; fi
}

case "${1:-}" in
  up) pg_up; kafka_up ;;
  down) kafka_down ;;
  status) status ;;
  fetch) fetch_kafka ;;
  kafka-up) kafka_up ;;
  kafka-down) kafka_down ;;
  *) echo "usage: $0 up|down|status|fetch|kafka-up|kafka-down" >&2; exit 2 ;;
esac
