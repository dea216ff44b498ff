#!/usr/bin/env bash
# Benchmark: load 10 million product titles (the demo generator's catalog, scripts/generate-sales.sh
# --catalog, seed 42) with scripts/load-catalog.sh, and in the same run load the same file with the
# mariadb command-line client's LOAD DATA LOCAL INFILE into a bare table (the baseline: a table LIKE
# the live products, nothing else, the same field options). Prints wall time, rows/s, the ratio
# (goal: the loader at >= 0.8x the baseline's rate) and CPU time of the primary, the client (the
# mariadb client; the loader's JVM) and the replica applying the load, per million rows.
# The loader's wall time includes its JVM's start; its own figure (connect, check, load, swap,
# record) is printed beside it.
#
#   scripts/bench-catalog.sh [PRODUCTS]       default 10000000
#   BENCH_ROUNDS=3 scripts/bench-catalog.sh   repeat baseline and loader, alternating
#
# The loader replaces the stack's live products table (and leaves it so: a catalog load like any).
# Uses the local stack of this worktree (SALESRANK_PORT_OFFSET applies); brings it up if needed.
# Run it under the shared lock: flock -o /tmp/salesrank-bench.lock scripts/bench-catalog.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PRODUCTS="${1:-10000000}"
ROUNDS="${BENCH_ROUNDS:-1}"
BENCH="$ROOT/var/bench"
DATA="$BENCH/catalog-$PRODUCTS"
mkdir -p "$BENCH"

scripts/stack.sh up
eval "$(scripts/stack.sh env)"
source scripts/job-env.sh # builds ranker-job's jar if it is stale

if [[ ! -s "$DATA/products.tsv" ]]; then
  echo "== generating the catalog of $PRODUCTS products in $DATA"
  scripts/generate-sales.sh --output "$BENCH/catalog-sales-tmp" --lines 0 --window-hours 1 \
    --products "$PRODUCTS" --seed 42 --catalog "$DATA"
  rm -rf "$BENCH/catalog-sales-tmp"
fi
FILE="$DATA/products.tsv"
LINES="$(wc -l <"$FILE")"
echo "== $FILE: $LINES lines, $(du -m "$FILE" | cut -f1) MB"

ADMIN=(mariadb --no-defaults -S "$ROOT/var/stack/primary/mysqld.sock" -u "$(id -un)" --local-infile=1)
REPLICA=(mariadb --no-defaults -S "$ROOT/var/stack/replica/mysqld.sock" -u "$(id -un)" -N)
"${ADMIN[@]}" -e "CREATE DATABASE IF NOT EXISTS salesrank_bench"

now_ms() { date +%s%3N; }
. "$ROOT/scripts/cpu-time.sh"
PRIMARY_PID="$(cat "$ROOT/var/stack/primary/mysqld.pid")"
REPLICA_PID="$(cat "$ROOT/var/stack/replica/mysqld.pid")"

# every measured step starts with the replica idle (it applies a load after the primary commits it)
replica_caught_up() {
  local pos
  pos="$("${ADMIN[@]}" -N -e "SELECT @@gtid_binlog_pos")"
  "${REPLICA[@]}" -e "SELECT MASTER_GTID_WAIT('$pos', 600)" >/dev/null
}

# runs "$@", prints "wall_ms primary_cpu_ms client_cpu_ms replica_cpu_ms" (replica: until caught up)
measure() {
  local t0 t1 p0 r0 c0 p1 c1
  replica_caught_up
  p0=$(cpu_ms "$PRIMARY_PID"); r0=$(cpu_ms "$REPLICA_PID"); children_cpu_ms "$BENCH/times"; c0=$CHILDREN_CPU_MS
  t0=$(now_ms)
  "$@" >"$BENCH/catalog-step.out"
  t1=$(now_ms)
  p1=$(cpu_ms "$PRIMARY_PID"); children_cpu_ms "$BENCH/times"; c1=$CHILDREN_CPU_MS
  replica_caught_up
  echo "$((t1 - t0)) $((p1 - p0)) $((c1 - c0)) $(( $(cpu_ms "$REPLICA_PID") - r0 ))"
}

baseline_load() {
  "${ADMIN[@]}" salesrank_bench -e "DROP TABLE IF EXISTS products_baseline;
    CREATE TABLE products_baseline LIKE salesrank.products;"
  "${ADMIN[@]}" salesrank_bench -e "LOAD DATA LOCAL INFILE '$FILE' INTO TABLE products_baseline
    CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\t' ESCAPED BY '' LINES TERMINATED BY '\n' (product_id, title)"
}

loader_load() {
  scripts/load-catalog.sh --products "$FILE"
}

rate() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", n * 1000 / ms }'; }
per_m() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", ms * 1000000 / n }'; }

declare -a base loader own
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: baseline: mariadb client LOAD DATA LOCAL INFILE into a bare table LIKE products"
  base[$round]="$(measure baseline_load)"
  echo "   ${base[$round]}  (wall primary client replica, ms)"
  "${ADMIN[@]}" salesrank_bench -e "DROP TABLE IF EXISTS products_baseline"
  echo "== round $round: scripts/load-catalog.sh --products (check every line, staging, RENAME, catalog_loads row)"
  loader[$round]="$(measure loader_load)"
  sed 's/^/   /' "$BENCH/catalog-step.out"
  own[$round]="$(sed -n 's/.*; in \([0-9.]*\) s$/\1/p' "$BENCH/catalog-step.out" | awk '{ printf "%d", $1 * 1000 }')"
  echo "   ${loader[$round]}  (wall primary client replica, ms); the loader's own: ${own[$round]} ms"
done

# the best round of each (least disturbed by whatever else shares the machine)
best() { printf '%s\n' "$@" | sort -n -k1,1 | head -1; }
read -r BW BP BC BR <<<"$(best "${base[@]}")"
read -r LW LP LC LR <<<"$(best "${loader[@]}")"
LO="$(printf '%s\n' "${own[@]}" | sort -n | head -1)"
echo
echo "catalog load of $LINES products, best of $ROUNDS round(s); CPU ms per million rows: primary / client / replica"
printf '%-58s %8s ms %9s rows/s   CPU %6s / %6s / %6s\n' "baseline: mariadb client LOAD DATA LOCAL (bare table)" \
  "$BW" "$(rate "$LINES" "$BW")" "$(per_m "$LINES" "$BP")" "$(per_m "$LINES" "$BC")" "$(per_m "$LINES" "$BR")"
printf '%-58s %8s ms %9s rows/s   CPU %6s / %6s / %6s\n' "scripts/load-catalog.sh (wall, JVM start included)" \
  "$LW" "$(rate "$LINES" "$LW")" "$(per_m "$LINES" "$LP")" "$(per_m "$LINES" "$LC")" "$(per_m "$LINES" "$LR")"
printf '%-58s %8s ms %9s rows/s\n' "the loader's own time (connect .. catalog_loads row)" "$LO" "$(rate "$LINES" "$LO")"
awk -v b="$BW" -v l="$LW" -v o="$LO" 'BEGIN { printf "ratio (loader rate / baseline rate): %.2f wall, %.2f own (goal >= 0.80)\n", b / l, b / o }'
