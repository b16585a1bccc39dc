#!/usr/bin/env bash
# Builds Touchline: installs the dependencies if they are not there yet, then compiles to dist/.
# The one build used by the quickstart (scripts/start.sh), the tests (scripts/test.sh) and the
# Docker image (Dockerfile), so that all three run the same commands.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run -s build
