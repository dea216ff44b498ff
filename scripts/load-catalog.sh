#!/usr/bin/env bash
# Loads the retailer's catalog: category names and/or product titles, each file replacing its table
# whole (staging tables, one RENAME TABLE, then a catalog_loads row; docs/catalog.md).
#   scripts/load-catalog.sh [-D k=v ...] [--categories FILE] [--products FILE] [--max-reported N]
# FILE: UTF-8 lines `id<TAB>name`, plain or .gz, a local path or s3a://bucket/key (S3A settings as -D
# fs.s3a.*=..., as for the job). Bad lines are printed with their line number and reason (the first
# --max-reported of each file, default 20) and skipped; more than 1 % bad lines in a file loads nothing.
# Database: SALESRANK_DB_URL, SALESRANK_CATALOG_USER, SALESRANK_CATALOG_PASSWORD (eval "$(scripts/stack.sh env)").
# Exit status: 0 loaded, 1 load failed (the error line says whether the live catalog changed),
#              2 bad arguments / no database, 3 refused (more than 1 % bad lines; nothing loaded).
set -euo pipefail
source "$(dirname "$0")/job-env.sh"
exec java ${RANKER_JAVA_OPTS:-} -Xmx"${RANKER_HEAP:-1g}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel="${RANKER_LOG_LEVEL:-warn}" \
  -Dorg.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader=error \
  -cp "$RANKER_CP" com.salesrank.ranker.catalog.CatalogTool \
  -D fs.defaultFS=file:/// \
  "$@"
