#!/usr/bin/env bash
# Publishes a ranking the job already wrote (its --output directory), without recomputing it: same
# checks (row count against the job's, every line checked), same staging tables and one RENAME, same
# history row. The window and counts come from the _RANKING file the job writes next to the part files.
#   scripts/publish.sh [-D k=v ...] OUTPUT_DIR [--force]
# Refuses (exit 4) an output whose ranking, window and row count were already published, unless --force.
# Database: SALESRANK_DB_URL, SALESRANK_DB_USER, SALESRANK_DB_PASSWORD (eval "$(scripts/stack.sh env)").
# Exit status: 0 published, 1 publish failed (the error line says whether anything went live),
#              2 bad arguments / no database / not a complete ranking, 4 already published.
set -euo pipefail
source "$(dirname "$0")/job-env.sh"
exec java ${RANKER_JAVA_OPTS:-} -Xmx"${RANKER_HEAP:-1g}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel="${RANKER_LOG_LEVEL:-warn}" \
  -Dorg.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader=error \
  -cp "$RANKER_CP" com.salesrank.ranker.PublishTool \
  -D fs.defaultFS=file:/// \
  "$@"
