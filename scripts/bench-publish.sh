#!/usr/bin/env bash
# Benchmark: publish ~2.2 million ranking rows (the size of a 20-million-line week) with
# RankingPublisher, and in the same run load the same rows with the mariadb command-line
# client's LOAD DATA LOCAL INFILE into a bare table with the same indexes (the baseline).
# Prints rows/s of both and the ratio; the goal is publishing >= 80% of the raw load rate.
# Then what the rank history (sales_rank_history) adds to a publish in its steady state: the run's
# top 100 per category inserted, and one older run's 100,000 rows pruned (goal: under 10% of the
# rest of the publish), and the history table's bytes per row.
#
#   scripts/bench-publish.sh [ROWS]         default 2200000
#   BENCH_ROUNDS=3 scripts/bench-publish.sh  repeat baseline and publish, alternating
#
# Uses the local stack of this worktree (SALESRANK_PORT_OFFSET applies); brings it up if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
ROWS="${1:-2200000}"
ROUNDS="${BENCH_ROUNDS:-1}"
CATEGORIES=1000
BENCH="$ROOT/var/bench"
mkdir -p "$BENCH"

scripts/stack.sh up
eval "$(scripts/stack.sh env)"

echo "== building ranker-job (test classes) and its classpath"
./mvnw -q -B -pl ranker-job test-compile
./mvnw -q -B -pl ranker-job dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$BENCH/cp.txt" >/dev/null
CP="$ROOT/ranker-job/target/classes:$ROOT/ranker-job/target/test-classes:$(cat "$BENCH/cp.txt")"

# Job-format output: 4 part files (categories spread as a partitioner would), each sorted by
# category then rank like a reducer's output; product ids scattered over 10 million.
DATA="$BENCH/ranking-$ROWS"
if [[ ! -f "$DATA/_SUCCESS" ]]; then
  echo "== generating $ROWS ranking rows in $DATA"
  rm -rf "$DATA"; mkdir -p "$DATA"
  awk -v rows="$ROWS" -v cats="$CATEGORIES" -v dir="$DATA" 'BEGIN {
    per = int(rows / cats); extra = rows - per * cats
    for (c = 1; c <= cats; c++) {
      n = per + (c <= extra ? 1 : 0)
      f = sprintf("%s/part-r-%05d", dir, c % 4)
      for (r = 1; r <= n; r++) {
        printf "%d\t%d\t%d\t%d\n", c, r, (c * 2654435761 + r * 40503) % 10000000, 500000 - r >> f
      }
    }
  }'
  touch "$DATA/_SUCCESS"
fi
cat "$DATA"/part-r-* >"$BENCH/all-$ROWS.tsv"

ADMIN=(mariadb --no-defaults -S "$ROOT/var/stack/primary/mysqld.sock" -u "$(id -un)" --local-infile=1)
"${ADMIN[@]}" -e "CREATE DATABASE IF NOT EXISTS salesrank_bench"

now_ms() { date +%s%3N; }

# Every measured step starts with the replica idle: it applies each load after the primary
# commits it, and would otherwise compete for the CPU with the next step.
replica_caught_up() {
  local pos
  pos="$("${ADMIN[@]}" -N -e "SELECT @@gtid_binlog_pos")"
  mariadb --no-defaults -S "$ROOT/var/stack/replica/mysqld.sock" -u "$(id -un)" -N \
    -e "SELECT MASTER_GTID_WAIT('$pos', 600)" >/dev/null
}

baseline() {
  "${ADMIN[@]}" salesrank_bench -e "DROP TABLE IF EXISTS sales_rank_baseline;
    CREATE TABLE sales_rank_baseline LIKE salesrank.sales_rank;"
  replica_caught_up
  local t0 t1
  t0=$(now_ms)
  "${ADMIN[@]}" salesrank_bench -e "LOAD DATA LOCAL INFILE '$BENCH/all-$ROWS.tsv' INTO TABLE sales_rank_baseline
    FIELDS TERMINATED BY '\t' LINES TERMINATED BY '\n' (category_id, category_rank, product_id, total_sold)"
  t1=$(now_ms)
  echo $((t1 - t0))
}

# For transparency, also the client's raw rate into a table with only its primary key.
baseline_bare() {
  "${ADMIN[@]}" salesrank_bench -e "DROP TABLE IF EXISTS sales_rank_bare;
    CREATE TABLE sales_rank_bare (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, category_id INT NOT NULL,
      product_id BIGINT NOT NULL, total_sold BIGINT NOT NULL, category_rank INT NOT NULL) ENGINE=InnoDB;"
  replica_caught_up
  local t0 t1
  t0=$(now_ms)
  "${ADMIN[@]}" salesrank_bench -e "LOAD DATA LOCAL INFILE '$BENCH/all-$ROWS.tsv' INTO TABLE sales_rank_bare
    FIELDS TERMINATED BY '\t' LINES TERMINATED BY '\n' (category_id, category_rank, product_id, total_sold)"
  t1=$(now_ms)
  echo $((t1 - t0))
}

publish() { # indexes: after-load | before-load
  local out
  replica_caught_up
  out="$(java -Xmx512m -cp "$CP" -Dsalesrank.publish.indexes="$1" com.salesrank.ranker.publish.PublishFromDirectory \
    "$DATA" 2026-11-16T00:00:00Z 2026-11-23T00:00:00Z "$ROWS")"
  echo "$out" | sed 's/^/    /' >&2
  # the publisher's own total: connect, lock, load, index, check, swap, record (not JVM start-up)
  echo "$out" | sed -n 's/.* rows in \([0-9]*\) ms.*/\1/p'
}

# -> "total_ms history_ms" of one publish with the given window end and history retention
history_publish() { # window-end days
  local out
  replica_caught_up
  out="$(java -Xmx512m -cp "$CP" -Dsalesrank.history.days="$2" com.salesrank.ranker.publish.PublishFromDirectory \
    "$DATA" "$(date -u -d "$1 - 7 days" +%Y-%m-%dT%H:%M:%SZ)" "$1" "$ROWS")"
  echo "$out" | sed 's/^/    /' >&2
  echo "$out" | sed -n 's/.* rows in \([0-9]*\) ms.*history \([0-9]*\) ms.*/\1 \2/p'
}

best() { printf '%s\n' "$@" | sort -n | head -1; }

rate() { echo $(( $1 * 1000 / ($2 > 0 ? $2 : 1) )); }

declare -a base_ms bare_ms after_ms before_ms
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: baseline (mariadb client LOAD DATA LOCAL INFILE, indexed table)"
  b=$(baseline); base_ms+=("$b"); echo "    $ROWS rows in $b ms"
  echo "== round $round: mariadb client LOAD DATA LOCAL INFILE, primary key only (for reference)"
  r=$(baseline_bare); bare_ms+=("$r"); echo "    $ROWS rows in $r ms"
  echo "== round $round: RankingPublisher, indexes after the load (default)"
  a=$(publish after-load); after_ms+=("$a")
  echo "== round $round: RankingPublisher, indexes created with the table"
  c=$(publish before-load); before_ms+=("$c")
done
"${ADMIN[@]}" -e "DROP DATABASE salesrank_bench"

# Retention 1 day. The publishes at E and E + 1 h clear what earlier publishes left; each one after
# (E + 25 h, E + 49 h, E + 73 h) is the steady state of an hourly run: it inserts its 100,000 rows
# and prunes exactly the 100,000 of the run 24 h before it. Best of those three.
echo "== rank history: publishes with a 1-day retention (each of the last three prunes exactly one run)"
history_publish 2026-12-01T00:00:00Z 1 >/dev/null
history_publish 2026-12-01T01:00:00Z 1 >/dev/null
declare -a h_ms h_rest
for day in 02 03 04; do
  read -r total hist < <(history_publish "2026-12-${day}T01:00:00Z" 1)
  h_ms+=("$hist"); h_rest+=("$((total - hist))")
done
H_MS=$(best "${h_ms[@]}"); H_REST=$(best "${h_rest[@]}")
H_ROWS=$("${ADMIN[@]}" -N -e "SELECT COUNT(*) FROM salesrank.sales_rank_history")
read -r H_DATA H_INDEX < <("${ADMIN[@]}" -N -e "ANALYZE TABLE salesrank.sales_rank_history" >/dev/null;
  "${ADMIN[@]}" -N -e "SELECT data_length, index_length FROM information_schema.tables
    WHERE table_schema = 'salesrank' AND table_name = 'sales_rank_history'")

B=$(best "${base_ms[@]}"); R=$(best "${bare_ms[@]}"); A=$(best "${after_ms[@]}"); C=$(best "${before_ms[@]}")
echo
echo "== results ($ROWS rows, best of $ROUNDS round(s); MariaDB $(mariadbd --version 2>/dev/null | awk '{print $3}' || true))"
printf '%-58s %8s ms %9s rows/s\n' "baseline: mariadb client LOAD DATA LOCAL (indexed table)" "$B" "$(rate "$ROWS" "$B")"
printf '%-58s %8s ms %9s rows/s  (reference, not the baseline)\n' "mariadb client LOAD DATA LOCAL (primary key only)" "$R" "$(rate "$ROWS" "$R")"
printf '%-58s %8s ms %9s rows/s  ratio %s%%\n' "publish, indexes after load (load,index,check,swap,record)" "$A" "$(rate "$ROWS" "$A")" "$((B * 100 / A))"
printf '%-58s %8s ms %9s rows/s  ratio %s%%\n' "publish, indexes created with the table" "$C" "$(rate "$ROWS" "$C")" "$((B * 100 / C))"
echo "goal: publish >= 80% of the baseline's rows/s"
printf '%-58s %8s ms, the rest of the publish %s ms: +%s%% (goal < 10%%)\n' \
  "rank history (insert top 100 + prune one run)" "$H_MS" "$H_REST" "$((H_MS * 100 / H_REST))"
printf '%-58s %s rows, data %s B + indexes %s B = %s B/row\n' "sales_rank_history now" "$H_ROWS" "$H_DATA" \
  "$H_INDEX" "$(( (H_DATA + H_INDEX) / (H_ROWS > 0 ? H_ROWS : 1) ))"
