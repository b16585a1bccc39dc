#!/usr/bin/env bash
# Installs what the tests need beyond npm and Maven: a Compose implementation that checks
# docker-compose.yml without a Docker engine (`docker-compose config`), from Debian's packages.
set -euo pipefail
if command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install docker-compose (or Docker's compose plugin) to run the Docker checks" >&2
  exit 1
fi
echo "[test-tools] installing Debian's docker-compose" >&2
bash "$(dirname "$0")/apt-install.sh" docker-compose
