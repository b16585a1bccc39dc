#!/usr/bin/env bash
# Refreshes docs/screenshots/ (the match centre at desktop and phone widths) from a real run:
# the browser test that takes them, writing into docs/ instead of a temporary folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/infra.sh up
bash scripts/browser.sh ensure
npm run -s build
SCREENSHOTS_DIR="$PWD/docs/screenshots" TOUCHLINE_SKIP_BUILD=1 \
  npx jest --selectProjects browser -t 'saves screenshots'
ls -l docs/screenshots
