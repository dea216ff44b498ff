#!/usr/bin/env bash
# Benchmark: publish ~2.2 million ranking rows (the size of a 20-million-line week; the design's
# scale is 15 million: scripts/bench-publish.sh 15000000) with RankingPublisher, and in the same run
# load the same rows with the mariadb command-line client's LOAD DATA LOCAL INFILE into a table with
# only its primary key (the baseline: a table LIKE the live sales_rank without its secondary indexes,
# fed the rows in the order and with the ids the publisher sends). Prints rows/s of both and the
# ratio; the goal is publishing >= 80% of the raw load rate. After every publish, how long the
# replica took to serve the new run, counted from the run's published_at (taken right before the
# RENAME); the goal is within 10 s at 15 million rows.
# Then what the rank history (sales_rank_history) adds to a publish in its steady state: the run's
# top 100 per category inserted, a day partition added and one dropped, against the publishes above,
# which run without history (salesrank.history.enabled=false) (goal: under 10%), and the history
# table's bytes per row.
#
#   scripts/bench-publish.sh [ROWS]         default 2200000
#   BENCH_ROUNDS=3 scripts/bench-publish.sh  repeat baseline and publish, alternating
#   BENCH_REFERENCES=0  only the baseline and the default publish (no reference loads, no
#                       publish with the indexes created with the table)
#   BENCH_HISTORY=0     skip the rank history part (eight more publishes)
#
# The publisher builds what the live table is (CREATE TABLE ... LIKE), so this measures the schema
# the stack's database is migrated to.
# Uses the local stack of this worktree (SALESRANK_PORT_OFFSET applies); brings it up if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
ROWS="${1:-2200000}"
ROUNDS="${BENCH_ROUNDS:-1}"
REFERENCES="${BENCH_REFERENCES:-1}"
HISTORY="${BENCH_HISTORY:-1}"
CATEGORIES=1000
BENCH="$ROOT/var/bench"
mkdir -p "$BENCH"

scripts/stack.sh up
eval "$(scripts/stack.sh env)"

echo "== building ranker-job (test classes) and its classpath"
# -am: ranker-job's tests use sales-generator, which Maven must find in the reactor
./mvnw -q -B -pl ranker-job -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$BENCH/cp.txt" >/dev/null
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
# what the publisher sends: the parts merged into key order (category, rank), numbered from 1
sort -t$'\t' -k1,1n -k2,2n -S 1G "$BENCH/all-$ROWS.tsv" | awk '{ print NR "\t" $0 }' >"$BENCH/keyed-$ROWS.tsv"

ADMIN=(mariadb --no-defaults -S "$ROOT/var/stack/primary/mysqld.sock" -u "$(id -un)" --local-infile=1)
REPLICA=(mariadb --no-defaults -S "$ROOT/var/stack/replica/mysqld.sock" -u "$(id -un)" -N)
"${ADMIN[@]}" -e "CREATE DATABASE IF NOT EXISTS salesrank_bench"

now_ms() { date +%s%3N; }

# CPU time (user + system, ms) of the primary's and the replica's server processes, and of this
# shell's finished children (the client, the publisher's JVM): what each step costs the machine's
# cores, beside its wall time. On one machine the replica applies a publish on the same cores.
. "$ROOT/scripts/cpu-time.sh"
PRIMARY_PID="$(cat "$ROOT/var/stack/primary/mysqld.pid")"
REPLICA_PID="$(cat "$ROOT/var/stack/replica/mysqld.pid")"

# Every measured step starts with the replica idle: it applies each load after the primary
# commits it, and would otherwise compete for the CPU with the next step.
replica_caught_up() {
  local pos
  pos="$("${ADMIN[@]}" -N -e "SELECT @@gtid_binlog_pos")"
  "${REPLICA[@]}" -e "SELECT MASTER_GTID_WAIT('$pos', 600)" >/dev/null
}

# ms from run $1's published_at (set right before its RENAME TABLE) until the replica serves it
replica_lag() {
  local run="$1" published seen i
  published="$("${ADMIN[@]}" -N -e "SELECT DATE_FORMAT(published_at, '%Y-%m-%d %H:%i:%s.%f') FROM salesrank.sales_rank_run")"
  for i in $(seq 1 12000); do
    seen="$("${REPLICA[@]}" -e "SELECT MAX(run_id) FROM salesrank.sales_rank_run")"
    [[ "$seen" == "$run" ]] && break
    sleep 0.05
  done
  echo $(( $(now_ms) - $(date -u -d "$published" +%s%3N) ))
}

# the client's LOAD DATA LOCAL of file $2 (columns $3) into table $1 (already created), in ms
# Its CPU figures go to "$BENCH/cpu-$1": primary during the load, client, replica applying it after.
client_load() {
  replica_caught_up
  local t0 t1 p0 r0 c0 p1 c1
  p0=$(cpu_ms "$PRIMARY_PID"); r0=$(cpu_ms "$REPLICA_PID"); children_cpu_ms "$BENCH/times"; c0=$CHILDREN_CPU_MS
  t0=$(now_ms)
  "${ADMIN[@]}" salesrank_bench -e "LOAD DATA LOCAL INFILE '$2' INTO TABLE $1
    FIELDS TERMINATED BY '\t' LINES TERMINATED BY '\n' $3"
  t1=$(now_ms)
  p1=$(cpu_ms "$PRIMARY_PID"); children_cpu_ms "$BENCH/times"; c1=$CHILDREN_CPU_MS
  replica_caught_up
  echo "$((p1 - p0)) $((c1 - c0)) $(( $(cpu_ms "$REPLICA_PID") - r0 ))" >"$BENCH/cpu-$1"
  echo $((t1 - t0))
}

# The baseline: a table LIKE the live one with only its primary key, the publisher's rows and ids.
baseline() {
  local drops
  "${ADMIN[@]}" salesrank_bench -e "DROP TABLE IF EXISTS sales_rank_baseline;
    CREATE TABLE sales_rank_baseline LIKE salesrank.sales_rank;"
  drops="$("${ADMIN[@]}" -N -e "SELECT GROUP_CONCAT(DISTINCT CONCAT('DROP INDEX \`', index_name, '\`'))
    FROM information_schema.statistics WHERE table_schema = 'salesrank_bench'
    AND table_name = 'sales_rank_baseline' AND index_name <> 'PRIMARY'")"
  if [[ -n "$drops" && "$drops" != NULL ]]; then
    "${ADMIN[@]}" salesrank_bench -e "ALTER TABLE sales_rank_baseline $drops"
  fi
  client_load sales_rank_baseline "$BENCH/keyed-$ROWS.tsv" "(id, category_id, category_rank, product_id, total_sold)"
}

# For reference: the same rows into a table LIKE the live one, every index in place during the load.
baseline_indexed() {
  "${ADMIN[@]}" salesrank_bench -e "DROP TABLE IF EXISTS sales_rank_indexed;
    CREATE TABLE sales_rank_indexed LIKE salesrank.sales_rank;"
  client_load sales_rank_indexed "$BENCH/keyed-$ROWS.tsv" "(id, category_id, category_rank, product_id, total_sold)"
}

# For reference: the part files as they are into an auto-increment-keyed table (pure appends).
baseline_autoinc() {
  "${ADMIN[@]}" salesrank_bench -e "DROP TABLE IF EXISTS sales_rank_autoinc;
    CREATE TABLE sales_rank_autoinc (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, category_id INT NOT NULL,
      product_id BIGINT NOT NULL, total_sold BIGINT NOT NULL, category_rank INT NOT NULL) ENGINE=InnoDB;"
  client_load sales_rank_autoinc "$BENCH/all-$ROWS.tsv" "(category_id, category_rank, product_id, total_sold)"
}

# -> "total_ms replica_lag_ms" of one publish with the given secondary-index mode (after-load | before-load)
publish() {
  local out run p0 r0 c0 c1 lag
  replica_caught_up
  p0=$(cpu_ms "$PRIMARY_PID"); r0=$(cpu_ms "$REPLICA_PID"); children_cpu_ms "$BENCH/times"; c0=$CHILDREN_CPU_MS
  out="$(java -Xmx512m -cp "$CP" -Dsalesrank.publish.indexes="$1" -Dsalesrank.history.enabled=false \
    com.salesrank.ranker.publish.PublishFromDirectory "$DATA" 2026-11-16T00:00:00Z 2026-11-23T00:00:00Z "$ROWS")"
  echo "$out" | sed 's/^/    /' >&2
  children_cpu_ms "$BENCH/times"; c1=$CHILDREN_CPU_MS
  run="$(echo "$out" | sed -n 's/^published run \([0-9]*\):.*/\1/p')"
  lag="$(replica_lag "$run")"
  replica_caught_up
  # CPU: primary (from the JVM's start to the swap), the publisher's JVM, the replica until caught up
  echo "$(( $(cpu_ms "$PRIMARY_PID") - p0 )) $((c1 - c0)) $(( $(cpu_ms "$REPLICA_PID") - r0 ))" >"$BENCH/cpu-publish-$1"
  # the publisher's own total: connect, lock, load, index, check, swap, record (not JVM start-up)
  echo "$(echo "$out" | sed -n 's/.* rows in \([0-9]*\) ms.*/\1/p') $lag"
}

# -> "total_ms history_ms" of one publish with the given window end and history retention (off: none)
history_publish() { # window-end days|off
  local out history
  if [[ "$2" == off ]]; then history=-Dsalesrank.history.enabled=false; else history=-Dsalesrank.history.days="$2"; fi
  replica_caught_up
  out="$(java -Xmx512m -cp "$CP" "$history" com.salesrank.ranker.publish.PublishFromDirectory \
    "$DATA" "$(date -u -d "$1 - 7 days" +%Y-%m-%dT%H:%M:%SZ)" "$1" "$ROWS")"
  echo "$out" | sed 's/^/    /' >&2
  echo "$out" | sed -n 's/.* rows in \([0-9]*\) ms.*history \([0-9]*\) ms.*/\1 \2/p'
}



declare -a base_ms idx_ms inc_ms after_ms before_ms after_lag before_lag
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: baseline: mariadb client LOAD DATA LOCAL INFILE, table LIKE sales_rank with only its primary key"
  b=$(baseline); base_ms+=("$b"); echo "    $ROWS rows in $b ms"
  if [[ "$REFERENCES" == 1 ]]; then
    echo "== round $round: mariadb client LOAD DATA LOCAL INFILE, table LIKE sales_rank with all its indexes (reference)"
    r=$(baseline_indexed); idx_ms+=("$r"); echo "    $ROWS rows in $r ms"
    echo "== round $round: mariadb client LOAD DATA LOCAL INFILE, part files into an AUTO_INCREMENT-keyed table (reference)"
    r=$(baseline_autoinc); inc_ms+=("$r"); echo "    $ROWS rows in $r ms"
  fi
  echo "== round $round: RankingPublisher, secondary indexes after the load (default)"
  read -r a l < <(publish after-load); after_ms+=("$a"); after_lag+=("$l"); echo "    replica served it $l ms after its published_at"
  if [[ "$REFERENCES" == 1 ]]; then
    echo "== round $round: RankingPublisher, secondary indexes created with the table"
    read -r c l < <(publish before-load); before_ms+=("$c"); before_lag+=("$l"); echo "    replica served it $l ms after its published_at"
  fi
done
"${ADMIN[@]}" -e "DROP DATABASE salesrank_bench"

best() { printf '%s\n' "$@" | sort -n | head -1; }
rate() { echo $(( $1 * 1000 / ($2 > 0 ? $2 : 1) )); }

if [[ "$HISTORY" == 1 ]]; then
  # Retention 1 day. The history is partitioned by day (V5); E is a midnight after every partition
  # the stack's history already has (tests publish windows far ahead), so these publishes get days of
  # their own. The publishes at E and E + 1 h create E's day (and two ahead) and drop every older
  # day; each one after (E + 25 h, E + 49 h, E + 73 h) is the steady state of an hourly run: it
  # inserts its 100,000 rows into its day's partition, adds one day ahead, and (from E + 49 h) drops
  # the one day that has wholly left the retention. Best of those three, against the best publish
  # above (same rows, history off: salesrank.history.enabled=false). No publish without history in
  # between: the next one with history would add that run's history too (what it does for a live
  # run lacking it).
  E="$("${ADMIN[@]}" -N -e "SELECT DATE_FORMAT(GREATEST('2026-12-01', DATE(COALESCE(MAX(STR_TO_DATE(
      REPLACE(partition_description, '''', ''), '%Y-%m-%d %H:%i:%s')), '2000-01-01')) + INTERVAL 1 DAY), '%Y-%m-%d')
    FROM information_schema.partitions WHERE table_schema = 'salesrank' AND table_name = 'sales_rank_history'")"
  day_at() { date -u -d "$E + $1 day" +%Y-%m-%d; }
  echo "== rank history: publishes with a 1-day retention from $E (each of the last two drops one day)"
  history_publish "${E}T00:00:00Z" 1 >/dev/null
  history_publish "${E}T01:00:00Z" 1 >/dev/null
  declare -a h_ms h_total
  for day in 1 2 3; do
    read -r total hist < <(history_publish "$(day_at "$day")T01:00:00Z" 1)
    h_ms+=("$hist"); h_total+=("$total")
  done
  H_MS=$(best "${h_ms[@]}"); H_TOTAL=$(best "${h_total[@]}")
  H_ROWS=$("${ADMIN[@]}" -N -e "SELECT COUNT(*) FROM salesrank.sales_rank_history")
  read -r H_DATA H_INDEX < <("${ADMIN[@]}" -N -e "ANALYZE TABLE salesrank.sales_rank_history" >/dev/null;
    "${ADMIN[@]}" -N -e "SELECT data_length, index_length FROM information_schema.tables
      WHERE table_schema = 'salesrank' AND table_name = 'sales_rank_history'")
fi

B=$(best "${base_ms[@]}"); A=$(best "${after_ms[@]}"); AL=$(best "${after_lag[@]}")
KEY="$("${ADMIN[@]}" -N -e "SELECT GROUP_CONCAT(column_name ORDER BY seq_in_index) FROM information_schema.statistics
  WHERE table_schema = 'salesrank' AND table_name = 'sales_rank' AND index_name = 'PRIMARY'")"
echo
echo "== results ($ROWS rows, best of $ROUNDS round(s); sales_rank's primary key ($KEY); MariaDB $(mariadbd --version 2>/dev/null | awk '{print $3}' || true))"
printf '%-62s %8s ms %9s rows/s\n' "baseline: mariadb client LOAD DATA LOCAL (primary key only)" "$B" "$(rate "$ROWS" "$B")"
if [[ "$REFERENCES" == 1 ]]; then
  I=$(best "${idx_ms[@]}"); N=$(best "${inc_ms[@]}")
  printf '%-62s %8s ms %9s rows/s  (reference)\n' "mariadb client LOAD DATA LOCAL (every index in place)" "$I" "$(rate "$ROWS" "$I")"
  printf '%-62s %8s ms %9s rows/s  (reference)\n' "mariadb client LOAD DATA LOCAL (parts, AUTO_INCREMENT key only)" "$N" "$(rate "$ROWS" "$N")"
fi
printf '%-62s %8s ms %9s rows/s  ratio %s%%; replica %s ms after the swap\n' \
  "publish, indexes after load (load,index,check,swap,record)" "$A" "$(rate "$ROWS" "$A")" "$((B * 100 / A))" "$AL"
if [[ "$REFERENCES" == 1 ]]; then
  C=$(best "${before_ms[@]}"); CL=$(best "${before_lag[@]}")
  printf '%-62s %8s ms %9s rows/s  ratio %s%%; replica %s ms after the swap\n' \
    "publish, indexes created with the table" "$C" "$(rate "$ROWS" "$C")" "$((B * 100 / C))" "$CL"
fi
echo "goals: publish >= 80% of the baseline's rows/s; the replica serves the run within 10 s of the swap (15M rows)"
# CPU seconds of the last round's baseline and default publish (primary, client or JVM, replica)
read -r BP BC BR <"$BENCH/cpu-sales_rank_baseline"
read -r PP PC PR <"$BENCH/cpu-publish-after-load"
echo
echo "== CPU time of the last round, user + system ($(nproc) cores; primary and replica share them)"
printf '%-34s %10s %12s %24s %10s\n' "" primary "client/JVM" "replica (until caught up)" total
printf '%-34s %8s ms %9s ms %21s ms %7s ms\n' "baseline (replica applies after)" "$BP" "$BC" "$BR" "$((BP + BC + BR))"
printf '%-34s %8s ms %9s ms %21s ms %7s ms\n' "publish, indexes after load" "$PP" "$PC" "$PR" "$((PP + PC + PR))"
echo "the primary's share of the publish runs as single-threaded statements (the load, then each index build): $((PP * 100 / (BP > 0 ? BP : 1)))% of the baseline's primary CPU"
# While the replica keeps up it spends its CPU during the publish, on the same cores: the publish's
# CPU time spread evenly over every core is the least wall time it can take on this machine.
FLOOR=$(( (PP + PC + PR) / $(nproc) ))
echo "the publish's CPU time over $(nproc) cores: at least $FLOOR ms of wall time; against the baseline's $B ms: a ratio of at most $((B * 100 / (FLOOR > 0 ? FLOOR : 1)))% on this machine"
if [[ "$HISTORY" == 1 ]]; then
  printf '%-62s %8s ms; the publish above without history %s ms: %+d%% (goal < 10%%)\n' \
    "publish with rank history (insert top 100, day partitions)" "$H_TOTAL" "$A" "$(( (H_TOTAL - A) * 100 / A ))"
  printf '%-62s %8s ms of it (the publisher'"'"'s own timing of its history steps)\n' "rank history steps" "$H_MS"
  printf '%-62s %s rows, data %s B + indexes %s B = %s B/row\n' "sales_rank_history now" "$H_ROWS" "$H_DATA" \
    "$H_INDEX" "$(( (H_DATA + H_INDEX) / (H_ROWS > 0 ? H_ROWS : 1) ))"
fi
