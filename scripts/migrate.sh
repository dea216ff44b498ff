#!/usr/bin/env bash
# The one entry point that creates or changes the salesrank schema: applies the Flyway migrations in
# sql/migrations (V1__..., V2__...) to the database, as the admin account (never the writer or the
# reader: the migrations create those and grant them their privileges).
#
#   scripts/migrate.sh            (scripts/stack.sh up runs it for the local stack)
#
# Settings, from the environment (`eval "$(scripts/stack.sh env)"` sets them all for the local stack):
#   SALESRANK_ADMIN_URL        JDBC URL of the primary server, e.g. jdbc:mysql://127.0.0.1:13306/
#   SALESRANK_ADMIN_USER       (salesrank_admin) and SALESRANK_ADMIN_PASSWORD
#   SALESRANK_DATABASE         (salesrank)
#   SALESRANK_DB_USER          (salesrank_writer) and SALESRANK_DB_PASSWORD: the writer V1 creates
#   SALESRANK_READER_USER      (salesrank_reader) and SALESRANK_READER_PASSWORD: the reader V1 creates
#   SALESRANK_CATALOG_USER     (salesrank_catalog) and SALESRANK_CATALOG_PASSWORD: the catalog loader V6 creates
#   SALESRANK_MIGRATION_LOCATIONS  Flyway locations (default: this checkout's sql/migrations)
# A database made by the pre-Flyway sql/*.sql files is baselined at version 1 (V1 is not run on it).
# Exit status: 0 the schema is current, 1 a migration failed, 2 bad settings.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JOB_DIR="$ROOT/ranker-job"
JOB_JAR="$JOB_DIR/target/ranker-job.jar"
CP_FILE="$JOB_DIR/target/runtime-classpath.txt"

# SchemaMigrator lives in the ranker-job jar: build it when missing or older than the migrator's
# sources (not on every change of the job: stack.sh runs this on every `up`). The migrations are read
# from sql/migrations directly, so a new V<n> file needs no build.
if [[ ! -f "$JOB_JAR" ]] || [[ -n "$(find "$JOB_DIR/src/main/java/com/salesrank/ranker/schema" "$JOB_DIR/pom.xml" "$ROOT/pom.xml" -newer "$JOB_JAR" -type f -print -quit)" ]]; then
  echo "migrate: building ranker-job ..." >&2
  (cd "$ROOT" && ./mvnw -q -B -pl ranker-job -am -DskipTests package) >&2
fi
if [[ ! -s "$CP_FILE" ]] || [[ "$JOB_DIR/pom.xml" -nt "$CP_FILE" ]] || [[ "$ROOT/pom.xml" -nt "$CP_FILE" ]]; then
  # -am with a lifecycle phase: ranker-job's tests use sales-generator, which Maven must find in the reactor
  (cd "$ROOT" && ./mvnw -q -B -pl ranker-job -am -DskipTests package dependency:build-classpath \
      -DincludeScope=compile -Dmdep.outputFile="$CP_FILE") >&2
  touch "$CP_FILE" # the plugin leaves an unchanged file untouched
fi

export SALESRANK_MIGRATION_LOCATIONS="${SALESRANK_MIGRATION_LOCATIONS:-filesystem:$ROOT/sql/migrations}"
exec java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.flywaydb=info \
  -cp "$JOB_JAR:$(cat "$CP_FILE")" com.salesrank.ranker.schema.SchemaMigrator
