#!/bin/sh
# The image's entry point: the first argument picks the program (api, projector or cli);
# anything else runs as given.
set -e
cd /app
[ "$#" -gt 0 ] || set -- api
case "$1" in
  api) shift; exec node dist/apps/api/src/main.js "$@" ;;
  projector) shift; exec node dist/apps/projector/src/main.js "$@" ;;
  cli) shift; exec node dist/apps/cli/src/main.js "$@" ;;
  *) exec "$@" ;;
esac
