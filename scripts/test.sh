#!/usr/bin/env bash
# The README's test command: brings up the local stack (MariaDB primary and
# replica, Redis; installed from Debian's packages if missing) and the page tests' browser
# (Debian's chromium and chromium-driver, installed if missing), checks that
# docker-compose.yml describes a valid stack, then runs every test of every
# module against the local stack.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/stack.sh up
eval "$(scripts/stack.sh env)"
scripts/check-compose.sh
scripts/install-browser.sh # Chromium + chromedriver for the page tests (PagesInBrowserIT)
exec ./mvnw -B verify "$@"
