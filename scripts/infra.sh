#!/usr/bin/env bash
# Runs Touchline's infrastructure on one machine without Docker:
#   - Apache Kafka (KRaft, one combined broker+controller) from the official jars on
#     Maven Central, fetched by Maven from infra/kafka/pom.xml into .infra/kafka/libs;
#   - PostgreSQL: uses the server at DATABASE_URL if one answers, else starts the
#     machine's cluster (pg_ctlcluster) or a private one (initdb + pg_ctl) in .infra/pg.
#   - a 3-broker KRaft cluster (every node broker + controller) from the same jars, on its own
#     ports and data dirs, for tests of replication and failover (`cluster ...` below).
# Usage: scripts/infra.sh up | down | status | fetch | cluster <command>
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
  kafka_start
  wait_for_kafka
}

# Writes this node's server.properties, formats its storage once, and launches it (no waiting).
# KAFKA_NODE_ID, KAFKA_VOTERS and KAFKA_EXTRA_PROPS make it one node of a cluster.
kafka_start() {
  fetch_kafka
  mkdir -p "$KAFKA_DATA" "$KAFKA_LOGS"
  local heap="${KAFKA_HEAP:-1g}"
  local props="$KAFKA_HOME/server.properties"
  local node_id="${KAFKA_NODE_ID:-1}"
  local voters="${KAFKA_VOTERS:-1@127.0.0.1:$KAFKA_CONTROLLER_PORT}"
  sed "s#^node.id=.*#node.id=$node_id#; s#^listeners=.*#listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT#; s#^advertised.listeners=.*#advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT#; s#^controller.quorum.voters=.*#controller.quorum.voters=$voters#" \
    "$ROOT/infra/kafka/server.properties" > "$props"
  # Later keys win when Java reads a properties file: the extra file overrides the single-node values.
  [ -n "${KAFKA_EXTRA_PROPS:-}" ] && cat "$KAFKA_EXTRA_PROPS" >> "$props"
  echo "log.dirs=$KAFKA_DATA" >> "$props"
  if [ ! -f "$KAFKA_DATA/meta.properties" ]; then
    [ -f "$CLUSTER_ID_FILE" ] || kafka_java kafka.tools.StorageTool random-uuid > "$CLUSTER_ID_FILE"
    log "formatting KRaft storage (cluster $(cat "$CLUSTER_ID_FILE"))"
    kafka_java kafka.tools.StorageTool format -t "$(cat "$CLUSTER_ID_FILE")" -c "$props" >/dev/null
  fi
  # A fresh server.log per start, so "started" below is this run's.
  [ -f "$KAFKA_LOGS/server.log" ] && mv -f "$KAFKA_LOGS/server.log" "$KAFKA_LOGS/server.log.previous"
  log "starting kafka on 127.0.0.1:$KAFKA_PORT"
  # KAFKA_REQUEST_LOG=1: every completed request (API key, version, client, error codes) also
  # goes to logs/request.log.
  local log4j="$ROOT/infra/kafka/log4j2.yaml"
  [ "${KAFKA_REQUEST_LOG:-0}" = 1 ] && log4j="$ROOT/infra/kafka/log4j2-requests.yaml"
  nohup java -Xms256m "-Xmx$heap" -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$log4j" \
    -Dkafka.logs.dir="$KAFKA_LOGS" \
    -cp "$(kafka_classpath)" kafka.Kafka "$props" > "$KAFKA_LOGS/stdout.log" 2>&1 &
  echo $! > "$KAFKA_PID"
}

# Waits up to KAFKA_START_TIMEOUT_S (60 s; the cluster's nodes 180 s) for the broker to serve.
wait_for_kafka() {
  local i limit="${KAFKA_START_TIMEOUT_S:-60}"
  for i in $(seq 1 $((limit * 2))); do
    if kafka_port_open && grep -q "Kafka Server started" "$KAFKA_LOGS/server.log" 2>/dev/null; then
      log "kafka is up (pid $(cat "$KAFKA_PID"))"; return 0
    fi
    if ! kafka_running; then log "kafka exited; see $KAFKA_LOGS"; tail -20 "$KAFKA_LOGS/stdout.log" >&2; return 1; fi
    sleep 0.5
  done
  log "kafka did not answer within $limit s; see $KAFKA_LOGS"; return 1
}

# Stops this broker: SIGTERM (a controlled shutdown), or the signal in $1 (e.g. KILL).
kafka_down() {
  if ! kafka_running; then rm -f "$KAFKA_PID"; log "kafka not running"; return 0; fi
  local pid; pid="$(cat "$KAFKA_PID")"
  log "stopping kafka (pid $pid${1:+, SIG$1})"
  kill -s "${1:-TERM}" "$pid"
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

# --- The local 3-broker cluster ------------------------------------------------------------
# KAFKA_CLUSTER names it (data, logs and pids in .infra/$KAFKA_CLUSTER/node-N); its ports are
# KAFKA_CLUSTER_PORTS (clients) and KAFKA_CLUSTER_CONTROLLER_PORTS, three each, apart from the
# single broker's 9092/9093 so that the two never meet.
KAFKA_CLUSTER="${KAFKA_CLUSTER:-cluster}"
IFS=, read -r -a CLUSTER_PORTS <<< "${KAFKA_CLUSTER_PORTS:-19092,19093,19094}"
IFS=, read -r -a CLUSTER_CONTROLLER_PORTS <<< "${KAFKA_CLUSTER_CONTROLLER_PORTS:-19192,19193,19194}"
CLUSTER_NODES=(1 2 3)

cluster_voters() {
  local n voters=()
  for n in "${CLUSTER_NODES[@]}"; do voters+=("$n@127.0.0.1:${CLUSTER_CONTROLLER_PORTS[$((n - 1))]}"); done
  (IFS=,; echo "${voters[*]}")
}

cluster_brokers() {
  local n brokers=()
  for n in "${CLUSTER_NODES[@]}"; do brokers+=("127.0.0.1:${CLUSTER_PORTS[$((n - 1))]}"); done
  (IFS=,; echo "${brokers[*]}")
}

# Points the single-broker variables above at node $1 of the cluster.
use_node() {
  case "$1" in 1|2|3) ;; *) log "no node '$1': the cluster has nodes 1, 2 and 3"; exit 2 ;; esac
  KAFKA_HOME="$INFRA/$KAFKA_CLUSTER/node-$1"
  KAFKA_DATA="$KAFKA_HOME/data"
  KAFKA_LOGS="$KAFKA_HOME/logs"
  KAFKA_PID="$KAFKA_HOME/kafka.pid"
  KAFKA_PORT="${CLUSTER_PORTS[$(($1 - 1))]}"
  KAFKA_CONTROLLER_PORT="${CLUSTER_CONTROLLER_PORTS[$(($1 - 1))]}"
  CLUSTER_ID_FILE="$INFRA/$KAFKA_CLUSTER/cluster.id"
  KAFKA_NODE_ID="$1"
  KAFKA_VOTERS="$(cluster_voters)"
  KAFKA_EXTRA_PROPS="$ROOT/infra/kafka/cluster.properties"
  KAFKA_HEAP="${KAFKA_HEAP:-512m}"
  # Three JVMs starting at once on a small, busy machine can take minutes.
  KAFKA_START_TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-180}"
}

# Launches node $1 unless it runs; refuses a port that something else answers on.
node_start() {
  use_node "$1"
  if kafka_running; then log "node $1 already running (pid $(cat "$KAFKA_PID"))"; return 0; fi
  rm -f "$KAFKA_PID"
  if kafka_port_open; then log "127.0.0.1:$KAFKA_PORT is taken by another process; set KAFKA_CLUSTER_PORTS"; return 1; fi
  kafka_start
}

node_wait() { use_node "$1"; wait_for_kafka; }

cluster_up() {
  local n pids=()
  fetch_kafka
  mkdir -p "$INFRA/$KAFKA_CLUSTER"
  local id_file="$INFRA/$KAFKA_CLUSTER/cluster.id"
  [ -f "$id_file" ] || kafka_java kafka.tools.StorageTool random-uuid > "$id_file"
  # All three start together (a node's broker waits for a controller quorum, 2 of 3), and
  # format their storage in parallel: each format is a JVM start of its own.
  for n in "${CLUSTER_NODES[@]}"; do node_start "$n" & pids+=($!); done
  for n in "${pids[@]}"; do wait "$n"; done
  for n in "${CLUSTER_NODES[@]}"; do node_wait "$n"; done
  log "cluster '$KAFKA_CLUSTER' is up: $(cluster_brokers)"
}

# Stops every node at once (one by one, the last would wait for a quorum that has gone);
# $1 = KILL for no controlled shutdown.
cluster_down() {
  local n pids=()
  for n in "${CLUSTER_NODES[@]}"; do (use_node "$n"; kafka_down "${1:-}") & pids+=($!); done
  for n in "${pids[@]}"; do wait "$n"; done
}

cluster_status() {
  local n
  for n in "${CLUSTER_NODES[@]}"; do
    (use_node "$n"
     if kafka_running; then echo "node $n: running (pid $(cat "$KAFKA_PID"), 127.0.0.1:$KAFKA_PORT)";
     else echo "node $n: stopped (127.0.0.1:$KAFKA_PORT)"; fi)
  done
  echo "brokers: $(cluster_brokers)"
}

cluster() {
  case "${1:-}" in
    up) cluster_up ;;
    down) cluster_down ;;
    status) cluster_status ;;
    destroy) cluster_down KILL; rm -rf "${INFRA:?}/$KAFKA_CLUSTER" ;;
    brokers) cluster_brokers ;;
    start-node) node_start "${2:-}"; node_wait "$2" ;;
    stop-node) use_node "${2:-}"; kafka_down ;;
    kill-node) use_node "${2:-}"; kafka_down KILL ;;
    *) echo "usage: $0 cluster up|down|status|destroy|brokers|start-node N|stop-node N|kill-node N" >&2; exit 2 ;;
  esac
}

case "${1:-}" in
  cluster) shift; cluster "$@" ;;
  up) pg_up; kafka_up ;;
  down) kafka_down ;;
  status) status ;;
  fetch) fetch_kafka ;;
  kafka-up) kafka_up ;;
  kafka-down) kafka_down ;;
  *) echo "usage: $0 up|down|status|fetch|kafka-up|kafka-down|cluster <command>" >&2; exit 2 ;;
esac
