#!/usr/bin/env bash
# The README's test command: brings up the local stack (MariaDB primary and
# replica, Redis; installed from Debian's packages if missing), then runs every
# test of every module against it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/stack.sh up
eval "$(scripts/stack.sh env)"
exec ./mvnw -B verify "$@"
