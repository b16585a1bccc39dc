#!/usr/bin/env bash
# Stops the API and projector started by scripts/start.sh (SIGTERM: graceful shutdown).
set -uo pipefail
RUN="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.touchline"
for app in api projector; do
  f="$RUN/$app.pid"
  [ -f "$f" ] || continue
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "stopped $app ($pid)"
  fi
  rm -f "$f"
done
