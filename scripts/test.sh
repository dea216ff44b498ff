#!/usr/bin/env bash
# The README's test command: brings up the local stack (MariaDB primary and
# replica, Redis; installed from Debian's packages if missing) and the page tests' browser
# (Debian's chromium and chromium-driver, installed if missing), checks that
# docker-compose.yml describes a valid stack and the docs' links resolve, then runs every test of every
# module against the local stack.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/stack.sh up
# read-api's build runs Redocly CLI (npm ci, then node) on its OpenAPI document
if ! command -v npm >/dev/null 2>&1; then
  echo "test: installing nodejs and npm from Debian's packages" >&2
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm >&2 \
    || { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 \
         && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm >&2; }
fi
eval "$(scripts/stack.sh env)"
scripts/check-compose.sh
scripts/check-links.sh # every relative link in README.md and docs/ resolves
scripts/install-browser.sh # Chromium + chromedriver for the page tests (PagesInBrowserIT)
exec ./mvnw -B verify "$@"
