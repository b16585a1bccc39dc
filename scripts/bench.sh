#!/usr/bin/env bash
# Runs Touchline's benchmarks against the real Kafka broker and PostgreSQL, each part on its
# own topic and fresh database, then writes docs/BENCHMARKS.md from bench/results/results.json.
# Usage: scripts/bench.sh [ingest|lag|rebuild|queries|tables|startup|instances|soak|live-memory ...]   (no argument: all but
# soak, instances and live-memory; soak, 10 minutes of 1,000 live clients, instances, several API instances, and
# live-memory, the api's memory with 1,500 matches live and read, only when named)
# Knobs (environment): BENCH_SKIP_BUILD=1, BENCH_CPU_PROF=1 (V8 profiles of api/projector into
# bench/results/profiles), INGEST_SECONDS, INGEST_REPS, INGEST_CONCURRENCY, INGEST_BATCHES, INGEST_CEILINGS,
# INGEST_CEILING_BATCHES, LAG_RATE, LAG_MATCHES, LAG_SECONDS, LAG_CEILINGS, LAG_CEILING_SECONDS, LAG_API_CEILING, LAG_ADMIN_REBUILDS, REBUILD_EVENTS (target 1000000), REBUILD_ADMIN=0, QUERY_SECONDS,
# QUERY_REPS, QUERY_RATE, QUERY_TIES, QUERY_COMPETITIONS, TABLES_EVENTS, TABLES_REPS, STARTUP_EVENTS
# (1000000), STARTUP_REPS, STARTUP_BASELINE_REPS, SOAK_CLIENTS, SOAK_MATCHES, SOAK_RATE, SOAK_SECONDS, INSTANCES_SECONDS, INSTANCES_REPS,
# INSTANCES_CLIENTS, FAILOVER_RATE, FAILOVER_SECONDS, FAILOVER_KILL_AT_SECONDS, FAILOVER_LARGE_EVENTS (0: skipped),
# LIVE_MEMORY_MATCHES, LIVE_MEMORY_EVENTS_PER_MATCH, LIVE_MEMORY_REPS, LIVE_MEMORY_TIE_LEGS (2, 1 or 0) — see
# docs/BENCHMARKS.md and docs/RELIABILITY.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(ingest lag rebuild queries tables startup)

bash scripts/infra.sh up
if [ "${BENCH_SKIP_BUILD:-}" != "1" ] || [ ! -f dist/bench/report.js ]; then
  npm run -s build
fi

export BENCH_RUN_ID="${BENCH_RUN_ID:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}"
started=$SECONDS
for part in "${parts[@]}"; do
  case "$part" in
    ingest | lag | rebuild | queries | tables | startup | instances | soak | live-memory) ;;
    *) echo "unknown benchmark part: $part (ingest, lag, rebuild, queries, tables, startup, instances, soak, live-memory)" >&2; exit 2 ;;
  esac
  echo "[bench] $part ($(date -u +%H:%M:%S), load average $(cut -d' ' -f1 /proc/loadavg))"
  node "dist/bench/$part.bench.js"
done
node dist/bench/report.js
npx --no-install prettier --log-level warn --write docs/BENCHMARKS.md
echo "[bench] done in $((SECONDS - started)) s"
