#!/usr/bin/env bash
# Runs every test: unit tests, then integration and end-to-end tests against the real Kafka
# broker and PostgreSQL (started here if they are not running).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/build.sh
bash scripts/test-tools.sh
bash scripts/infra.sh up
bash scripts/browser.sh ensure
export TOUCHLINE_SKIP_BUILD=1
npx jest --ci "$@"
