#!/usr/bin/env bash
# Writes the .env that docker compose reads: .env.example with a random value in every empty
# setting (the API keys, the identity secret, the database password). An existing file keeps its
# values (they are in use); only the settings it lacks are added.
# Usage: scripts/docker-env.sh [file]   (default: .env beside docker-compose.yml)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target="${1:-.env}"
random() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
umask 077
if [ ! -e "$target" ]; then
  while IFS= read -r line; do
    case "$line" in
      [A-Z]*=) printf '%s%s\n' "$line" "$(random)" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done < .env.example > "$target"
  echo "wrote $target (keep it private: it holds the API keys)" >&2
  exit 0
fi
while IFS= read -r line; do
  case "$line" in
    [A-Z]*=)
      if ! grep -q "^${line}" "$target"; then
        printf '%s%s\n' "$line" "$(random)" >> "$target"
        echo "added ${line%=} to $target" >&2
      fi
      ;;
  esac
done < .env.example
