#!/usr/bin/env bash
# Installs and runs the whole of Touchline on this machine: Kafka, PostgreSQL, the projector and
# the API, with the seed tie loaded as demo data. Ctrl-C stops it (add --detach to leave it
# running in the background; `npm run stop` stops it then).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUN="$ROOT/.touchline"
mkdir -p "$RUN"
detach=0
[ "${1:-}" = "--detach" ] && detach=1

bash scripts/build.sh
bash scripts/infra.sh up

# Never run open: without configured keys, generate a feeder and an admin key once and keep them.
if [ -z "${TOUCHLINE_API_KEYS:-}" ]; then
  if [ ! -f "$RUN/keys.env" ]; then
    feeder="feeder-$(node -e 'process.stdout.write(require("crypto").randomBytes(16).toString("hex"))')"
    admin="admin-$(node -e 'process.stdout.write(require("crypto").randomBytes(16).toString("hex"))')"
    printf 'TOUCHLINE_API_KEYS=feeder:%s,admin:%s\nFEEDER_KEY=%s\nADMIN_KEY=%s\n' "$feeder" "$admin" "$feeder" "$admin" > "$RUN/keys.env"
    chmod 600 "$RUN/keys.env"
  fi
  # shellcheck disable=SC1091
  . "$RUN/keys.env"
  export TOUCHLINE_API_KEYS
fi
# Feeder identities in records are an HMAC of the key: keep one secret across restarts.
if [ -z "${TOUCHLINE_IDENTITY_SECRET:-}" ]; then
  if [ ! -f "$RUN/identity.env" ]; then
    printf 'TOUCHLINE_IDENTITY_SECRET=%s\n' "$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))')" > "$RUN/identity.env"
    chmod 600 "$RUN/identity.env"
  fi
  # shellcheck disable=SC1091
  . "$RUN/identity.env"
  export TOUCHLINE_IDENTITY_SECRET
fi
PORT="${PORT:-3000}"
export PORT

bash scripts/stop.sh >/dev/null 2>&1 || true
node dist/apps/projector/src/main.js >> "$RUN/projector.log" 2>&1 &
echo $! > "$RUN/projector.pid"
node dist/apps/api/src/main.js >> "$RUN/api.log" 2>&1 &
echo $! > "$RUN/api.pid"

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$(cat "$RUN/api.pid")" 2>/dev/null || { echo "the API exited; see $RUN/api.log" >&2; tail -20 "$RUN/api.log" >&2; exit 1; }
  sleep 0.5
done

feeder_key="${FEEDER_KEY:-$(echo "$TOUCHLINE_API_KEYS" | tr ',' '\n' | grep -E '^(feeder|admin)(@[^:]*)?:' | head -1 | cut -d: -f2-)}"
node dist/apps/cli/src/main.js --url "http://127.0.0.1:$PORT" --key "$feeder_key" seed tests/fixtures/seed-tie.json tests/fixtures/seed-group.json

# The projector folds the demo data asynchronously (on a new broker, its group first has to form).
demo="http://127.0.0.1:$PORT/ties/ccc-2025-qf-lafc-mia"
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/admin/projections" 2>/dev/null | grep -q '"lag":0' &&
    curl -fsS "$demo" 2>/dev/null | grep -q '"decided":true'; then
    break
  fi
  sleep 0.5
done

cat <<INFO

Touchline is running.
  Match centre   http://127.0.0.1:$PORT/centre/
  Demo match     http://127.0.0.1:$PORT/centre/matches/ccc-2025-qf-mia-lafc-2
  API            http://127.0.0.1:$PORT
  OpenAPI docs   http://127.0.0.1:$PORT/docs
  Metrics        http://127.0.0.1:$PORT/metrics
  Demo tie       http://127.0.0.1:$PORT/ties/ccc-2025-qf-lafc-mia
  Demo timeline  http://127.0.0.1:$PORT/matches/ccc-2025-qf-mia-lafc-2/timeline
  Demo group     http://127.0.0.1:$PORT/competitions/WC2018/standings
  Group page     http://127.0.0.1:$PORT/centre/competitions/WC2018
  Feeder key     ${FEEDER_KEY:-(from TOUCHLINE_API_KEYS)}
  Admin key      ${ADMIN_KEY:-(from TOUCHLINE_API_KEYS)}
  Logs           $RUN/api.log, $RUN/projector.log
INFO

if [ "$detach" = 1 ]; then
  echo "  Stop with      npm run stop"
  exit 0
fi
echo "  Ctrl-C stops the API and the projector (Kafka keeps running: npm run infra:down)."
trap 'bash scripts/stop.sh; exit 0' INT TERM
wait
