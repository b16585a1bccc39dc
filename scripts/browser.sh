#!/usr/bin/env bash
# The browser the match centre's tests drive: Chromium from the machine's Debian packages (no
# browser build is downloaded). `ensure` installs it when missing and is quick when it is there;
# `path` prints the executable.
set -euo pipefail
BROWSER="${CHROMIUM_PATH:-/usr/bin/chromium}"

case "${1:-ensure}" in
  ensure)
    if [ -x "$BROWSER" ]; then exit 0; fi
    if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
      echo "Chromium is missing and this user cannot install it: apt-get install chromium as root" >&2
      exit 1
    fi
    bash "$(dirname "$0")/apt-install.sh" chromium fonts-dejavu-core
    [ -x "$BROWSER" ] || { echo "Chromium was not installed at $BROWSER" >&2; exit 1; }
    ;;
  path)
    echo "$BROWSER"
    ;;
  *)
    echo "usage: $0 ensure|path" >&2
    exit 2
    ;;
esac
