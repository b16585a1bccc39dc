#!/usr/bin/env bash
# Writes the .env that docker compose reads: .env.example with a random value in every empty
# setting (the API keys, the database password). An existing file is kept: its keys are in use.
# Usage: scripts/docker-env.sh [file]   (default: .env beside docker-compose.yml)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target="${1:-.env}"
if [ -e "$target" ]; then
  echo "$target already exists; keeping it" >&2
  exit 0
fi
random() { od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; }
umask 077
while IFS= read -r line; do
  case "$line" in
    [A-Z]*=) printf '%s%s\n' "$line" "$(random)" ;;
    *) printf '%s\n' "$line" ;;
  esac
done < .env.example > "$target"
echo "wrote $target (keep it private: it holds the API keys)" >&2
