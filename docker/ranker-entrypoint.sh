#!/bin/bash
# rank:    ranks the week ending at the top of the current UTC hour, reading s3a://$S3_BUCKET/logs/, and
#          publishes (SALESRANK_DB_* set by docker-compose.yml); incremental, with its state in
#          s3a://$S3_BUCKET/state/ (SALESRANK_STATE), as scripts/run-hourly.sh does
# head:    refreshes the head (--top SALESRANK_HEAD_TOP, default 100) for the window ending at the last
#          whole 10 minutes from that state, and publishes it into sales_rank_head, as scripts/run-head.sh does
# seed-s3: generates a week of sales logs once and uploads them to s3a://$S3_BUCKET/logs/, and the
#          catalog that fits them to s3a://$S3_BUCKET/catalog/ (categories.tsv.gz, products.tsv.gz)
# catalog: loads that catalog (scripts/load-catalog.sh's tool) as the catalog account (SALESRANK_CATALOG_*)
# migrate: applies the schema migrations packaged in the jar (sql/migrations) as the admin account
#          (SALESRANK_ADMIN_*, and the writer's and reader's names and passwords for V1; see scripts/migrate.sh)
# S3A credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by S3A's standard provider chain.
set -euo pipefail
CP="/opt/salesrank/ranker-job.jar:/opt/salesrank/lib/*"
LOGS="s3a://${S3_BUCKET:-salesrank}/logs/"
CATALOG="s3a://${S3_BUCKET:-salesrank}/catalog/"
S3A=(-D "fs.s3a.endpoint=${S3_ENDPOINT:?}" -D fs.s3a.endpoint.region=us-east-1 -D fs.s3a.path.style.access=true
     -D fs.s3a.multiobjectdelete.enable=false)
STATE="${SALESRANK_STATE:-s3a://${S3_BUCKET:-salesrank}/state/}"
window_end="$(date -u +%Y-%m-%dT%H:00:00Z)"
now="$(date -u +%s)"
head_end="$(date -u -d "@$((now / 600 * 600))" +%Y-%m-%dT%H:%M:00Z)"

case "${1:-rank}" in
  seed-s3)
    # S3A never creates buckets; with s3proxy's filesystem store a bucket is a folder of its volume
    if [[ -n "${S3_DATA_DIR:-}" ]]; then
      mkdir -p "$S3_DATA_DIR/${S3_BUCKET:-salesrank}"
    fi
    if java -cp "$CP" org.apache.hadoop.fs.FsShell "${S3A[@]}" -test -d "$LOGS"; then
      echo "seed-s3: $LOGS already holds logs; nothing to do"; exit 0
    fi
    java -Xmx1g -jar /opt/salesrank/sales-generator.jar --output /tmp/logs \
      --lines "${SEED_LINES:-2000000}" --window-end "$window_end" --window-hours 168 --seed 42 \
      --catalog /tmp/catalog --gzip
    java -cp "$CP" org.apache.hadoop.fs.FsShell "${S3A[@]}" -mkdir -p "$LOGS" "$CATALOG"
    java -cp "$CP" org.apache.hadoop.fs.FsShell "${S3A[@]}" -put /tmp/logs/* "$LOGS"
    java -cp "$CP" org.apache.hadoop.fs.FsShell "${S3A[@]}" -put /tmp/catalog/* "$CATALOG"
    echo "seed-s3: uploaded to $LOGS and $CATALOG"
    ;;
  catalog)
    exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" com.salesrank.ranker.catalog.CatalogTool \
      "${S3A[@]}" --categories "${CATALOG}categories.tsv.gz" --products "${CATALOG}products.tsv.gz"
    ;;
  migrate)
    exec java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.flywaydb=info \
      -cp "$CP" com.salesrank.ranker.schema.SchemaMigrator
    ;;
  rank)
    exec java -Xmx"${RANKER_HEAP:-2g}" -cp "$CP" com.salesrank.ranker.RankerTool "${S3A[@]}" \
      -D mapreduce.framework.name=local -D mapreduce.client.completion.pollinterval=50 \
      -D salesrank.state.lock-wait-seconds=600 --state "$STATE" \
      --input "$LOGS" --output "/tmp/ranking-${window_end//:/}" --window-end "$window_end" --overwrite
    ;;
  head)
    exec java -Xmx"${RANKER_HEAP:-2g}" -cp "$CP" com.salesrank.ranker.RankerTool "${S3A[@]}" \
      -D mapreduce.framework.name=local -D mapreduce.client.completion.pollinterval=50 \
      -D salesrank.state.lock-wait-seconds=30 --state "$STATE" --top "${SALESRANK_HEAD_TOP:-100}" \
      --input "$LOGS" --output "/tmp/head-${head_end//:/}" --window-end "$head_end" --overwrite
    ;;
  *)
    exec "$@"
    ;;
esac
