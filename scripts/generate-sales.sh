#!/usr/bin/env bash
# Writes sample sales logs (yyyy/MM/dd/HH/ layout, Zipf popularity, 1..3 categories
# per product). See --help, e.g.
#   scripts/generate-sales.sh --output var/sales --lines 1000000 --window-end 2026-11-20T13:00:00Z --gzip
set -euo pipefail
source "$(dirname "$0")/job-env.sh"
exec java -Xmx1g -cp "$RANKER_CP" com.salesrank.ranker.generate.SalesLogGenerator "$@"
