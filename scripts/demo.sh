#!/usr/bin/env bash
# The README's first command: the whole system on this machine, end to end.
#   1. the local stack (MariaDB primary + GTID replica, Redis; installed from Debian's packages if missing)
#   2. the build (skipped when the jars are newer than their sources)
#   3. a week of generated sales logs in var/demo/logs (once; again only when they are a day old), and
#      the catalog that fits them in var/demo/catalog (category names, product titles)
#   4. the catalog loaded (scripts/load-catalog.sh), so the first published ranking has names
#   5. the hourly job in local mode (scripts/run-hourly.sh), which ranks and publishes into the stack
#   6. the serving tier (scripts/serve.sh: two read-api instances behind nginx on http://127.0.0.1:8080,
#      left running), and a few curl calls through nginx
#   7. a burst of sales of one product in the last 10 minutes, a head refresh (scripts/run-head.sh), and
#      the same page again: the product leads its category, answered from the head ranking
# Environment: SALESRANK_PORT_OFFSET (stack and serving ports), SALESRANK_API_PORT (nginx, default
#              8080 + offset), SALESRANK_API_INSTANCES (default 2; the rest as scripts/serve.sh),
#              DEMO_LINES (sales lines to generate, default 2,000,000).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
LOGS="$ROOT/var/demo/logs"
CATALOG="$ROOT/var/demo/catalog"
mkdir -p var/log var/demo

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1/7 local stack"
scripts/stack.sh up
eval "$(scripts/stack.sh env)"

step "2/7 build"
stale() { # $1 = jar, $2.. = what it is built from
  local jar="$1"; shift
  [[ ! -f "$jar" ]] || [[ -n "$(find "$@" -newer "$jar" -type f -print -quit 2>/dev/null)" ]]
}
if stale ranker-job/target/ranker-job.jar ranker-job/src/main ranker-job/pom.xml pom.xml \
   || stale read-api/target/read-api.jar read-api/src/main read-api/pom.xml pom.xml; then
  ./mvnw -q -B -DskipTests -pl ranker-job,read-api -am package
else
  echo "jars are up to date"
fi

step "3/7 sales logs"
window_end="$(date -u +%Y-%m-%dT%H:00:00Z)"
if [[ -f "$LOGS/.window-end" ]] && (( $(date -u +%s) - $(date -u -d "$(cat "$LOGS/.window-end")" +%s) < 86400 )); then
  echo "reusing $LOGS (generated for the week ending $(cat "$LOGS/.window-end"))"
else
  rm -rf "$LOGS" "$CATALOG"
  scripts/generate-sales.sh --output "$LOGS" --lines "${DEMO_LINES:-2000000}" \
      --window-end "$window_end" --window-hours 168 --seed 42 --catalog "$CATALOG"
  echo "$window_end" > "$LOGS/.window-end" # dot file: the job skips it
fi
if [[ ! -s "$CATALOG/products.tsv" ]]; then # logs from before the generator wrote a catalog
  scripts/generate-sales.sh --output "$ROOT/var/demo/catalog-only" --lines 0 --window-hours 1 --seed 42 \
      --catalog "$CATALOG"
  rm -rf "$ROOT/var/demo/catalog-only"
fi

step "4/7 the catalog: category names and product titles (scripts/load-catalog.sh)"
# loaded already when the newest catalog load is of these two files, and newer than they are
newest_load="$(MYSQL_PWD="$SALESRANK_READER_PASSWORD" mariadb --no-defaults -h 127.0.0.1 \
  -P "$(echo "$SALESRANK_DB_URL" | sed -E 's#^jdbc:mysql://[^:/]+:([0-9]+)/.*#\1#')" -u "$SALESRANK_READER_USER" \
  -N salesrank -e "SELECT categories_source = '$CATALOG/categories.tsv' AND products_source = '$CATALOG/products.tsv'
    AND finished_at > '$(date -u -r "$CATALOG/products.tsv" '+%F %T')' FROM catalog_loads ORDER BY load_id DESC LIMIT 1")"
if [[ "$newest_load" == 1 ]]; then
  echo "the catalog in $CATALOG is loaded already"
else
  scripts/load-catalog.sh --categories "$CATALOG/categories.tsv" --products "$CATALOG/products.tsv"
fi

step "5/7 hourly job (local mode, incremental), ranks the week ending $window_end and publishes"
if ! SALESRANK_MODE=local SALESRANK_INPUT="$LOGS" scripts/run-hourly.sh; then
  echo "the job failed; its log: var/log/run-hourly-$(date -u +%Y%m%d).log" >&2
  exit 1
fi
run_dir="$(ls -d var/rankings/*/ | sort | tail -1)"
# the job's summary (and the publisher's line), without Hadoop's log chatter
tail -n 40 "var/log/run-hourly-$(date -u +%Y%m%d).log" \
  | grep -E '^(published|window|lines read|valid sales|malformed|stage [12]|ranked|incremental|output)' | tail -n 9

step "6/7 the serving tier: read API instances behind nginx (scripts/serve.sh up)"
scripts/serve.sh up
eval "$(scripts/serve.sh env)"
API="$SALESRANK_API_URL"
scripts/serve.sh status || true

# the hottest category of this run, and its best seller, from the job's own output
read -r hot_category top_product < <(cat "$run_dir"part-* | awk -F'\t' '
  { sold[$1] += $4 } $2 == 1 { top[$1] = $3 }
  END { for (c in sold) if (sold[c] > best) { best = sold[c]; cat = c }; print cat, top[cat] }')

show() { echo; echo "\$ curl -s '$1'"; curl -s -w '\n(HTTP %{http_code}; nginx cache: %header{x-cache-status})\n' "$1"; }
show "$API/api/v1/popular?category_id=$hot_category&limit=5"
show "$API/api/v1/products/$top_product/rank"
show "$API/api/v1/popular?category_id=not-a-number"

step "7/7 a burst of sales in the last 10 minutes, then a head refresh"
# the product ranked 5th in that category sells more in ten minutes than its leader did all week
read -r burst_product leader_total < <(cat "$run_dir"part-* | awk -F'\t' -v c="$hot_category" '
  $1 == c && $2 == 1 { lead = $4 } $1 == c && $2 == 5 { p = $3 } END { print p, lead }')
hour_start=$(( $(date -u -d "$window_end" +%s) ))
now=$(date -u +%s)
# the head's window ends at the last whole 10 minutes, and at least 10 minutes after the full ranking's
head_now=$(( now > hour_start + 600 ? now : hour_start + 600 ))
burst_at=$(( head_now / 600 * 600 - 300 ))
burst_dir="$LOGS/$(date -u -d "@$burst_at" +%Y/%m/%d/%H)"
mkdir -p "$burst_dir"
printf '%s\t%s\t%s\t%s\t9.99\t1\t1\n' "$(date -u -d "@$burst_at" +%Y-%m-%dT%H:%M:%SZ)" "$burst_product" \
  "$hot_category" "$((leader_total + 1))" > "$burst_dir/burst-$burst_at.log"
echo "wrote a sale of $((leader_total + 1)) units of product $burst_product in category $hot_category at $(date -u -d "@$burst_at" +%H:%M:%SZ)"
show "$API/api/v1/popular?category_id=$hot_category&limit=5"
if ! SALESRANK_MODE=local SALESRANK_INPUT="$LOGS" SALESRANK_NOW="$(date -u -d "@$head_now" +%Y-%m-%dT%H:%M:%SZ)" \
    scripts/run-head.sh; then
  echo "the head refresh failed; its log: var/log/run-head-$(date -u +%Y%m%d).log" >&2
  exit 1
fi
grep -E '^(incremental|published)' "var/log/run-head-$(date -u +%Y%m%d).log" | tail -n 2
sleep 2 # the API notices a new run within a second
# nginx keeps the page it cached above until that page's max-age (the head's next expected publish;
# docs/serving.md, "Caching"): this refresh came early, so ask for a page nginx has not cached yet
show "$API/api/v1/popular?category_id=$hot_category&offset=0&limit=5"

cat <<EOF2

The stack and the serving tier are still running (nginx: $API, instances: $SALESRANK_API_INSTANCE_URLS).
  the pages (through nginx):
    every category:     $API/
    best sellers page:  $API/best-sellers/$hot_category
    movers and shakers: $API/movers (every category), $API/movers/$hot_category
    a product's page:   $API/products/$burst_product
  ops pages (operators; this machine only, one per instance, never through nginx): scripts/serve.sh status
  again, faster:  scripts/demo.sh
  deploy a new build (rolling, no failed request): ./mvnw -q -B -DskipTests -pl read-api -am package && scripts/serve.sh restart
  stop the API:   scripts/serve.sh down
  stop the stack: scripts/stack.sh down
  hourly, from cron:  5 * * * *  cd $ROOT && eval "\$(scripts/stack.sh env)" && SALESRANK_INPUT=$LOGS scripts/run-hourly.sh
  the head, from cron: */10 * * * *  cd $ROOT && eval "\$(scripts/stack.sh env)" && SALESRANK_INPUT=$LOGS scripts/run-head.sh
EOF2
