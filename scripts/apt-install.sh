#!/usr/bin/env bash
# Installs Debian packages (as root, or through sudo). Waits for another apt or dpkg run to let go
# of its locks: DPkg::Lock::Timeout covers dpkg's lock, not `apt-get update`'s lists lock, so a
# refused run is tried again for up to ~5 minutes.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 package..." >&2; exit 2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
retry() {
  local attempt
  for attempt in $(seq 1 30); do
    "$@" && return 0
    echo "[apt-install] apt is busy or failed (attempt $attempt); trying again in 10 s" >&2
    sleep 10
  done
  "$@"
}
retry as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
retry as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
  --no-install-recommends "$@" >/dev/null
