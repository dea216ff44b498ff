#!/usr/bin/env bash
# Benchmark of the ranker: scripts/bench-job.sh [LINES] (default 20,000,000).
# Generates LINES sales over a 168 h window once (cached in var/bench/), then times
# in one run, on the same files:
#   1. the Hadoop job in local mode, end to end (scripts/run-job.sh: JVM start, both stages);
#   2. DuckDB, in process through JDBC, on as many threads as the job has cores (bench.DuckDbRanking:
#      read_csv, the job's validation in SQL, GROUP BY, row_number());
#   3. the in-memory ceiling: the same ranking single-threaded in one JVM (bench.InMemoryRanking);
#   4. what an operator would script: LC_ALL=C awk | sort | awk.
# The two bench classes are test classes of ranker-job (DuckDB is a test dependency, never shipped).
# It checks that the four rankings are identical (sha256 of the sorted lines) and
# prints lines/s, the ratios and peak memory (max RSS from /usr/bin/time -v).
set -euo pipefail
cd "$(dirname "$0")/.."
LINES="${1:-20000000}"
SEED="${BENCH_SEED:-42}"
WINDOW_END="2026-11-20T13:00:00Z"
WINDOW_HOURS=168
WINDOW_START="$(date -u -d "$WINDOW_END - $WINDOW_HOURS hours" +%Y-%m-%dT%H:%M:%SZ)"

if [[ ! -x /usr/bin/time ]]; then
  echo "installing GNU time (for peak memory) ..." >&2
  apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
fi
source scripts/job-env.sh
# the bench classes and their classpath (test scope: DuckDB's JDBC driver), rebuilt when their sources change
BENCH_CP_FILE="$JOB_DIR/target/bench-classpath.txt"
if [[ ! -d "$JOB_DIR/target/test-classes/com/salesrank/ranker/bench" ]] \
    || [[ -n "$(find "$JOB_DIR/src/test/java/com/salesrank/ranker/bench" -newer "$JOB_DIR/target/test-classes/com/salesrank/ranker/bench" -type f -print -quit)" ]]; then
  echo "compiling the bench classes ..." >&2
  ./mvnw -q -B -pl ranker-job -am test-compile >&2
  touch "$JOB_DIR/target/test-classes/com/salesrank/ranker/bench"
fi
if [[ ! -s "$BENCH_CP_FILE" ]] || [[ "$JOB_DIR/pom.xml" -nt "$BENCH_CP_FILE" ]] || [[ pom.xml -nt "$BENCH_CP_FILE" ]]; then
  ./mvnw -q -B -pl ranker-job -am test-compile dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$BENCH_CP_FILE" >&2
  touch "$BENCH_CP_FILE"
fi
BENCH_CP="$JOB_DIR/target/test-classes:$JOB_JAR:$(cat "$BENCH_CP_FILE")"
THREADS="$(nproc)"
DUCKDB_VERSION="$(sed -n 's:.*/duckdb_jdbc-\([0-9.]*\)\.jar.*:\1:p' "$BENCH_CP_FILE" | head -1)"

source scripts/bench-sales.sh
DATA="$(bench_sales "$LINES" "$SEED" "$WINDOW_END" "$WINDOW_HOURS")"
RUN="var/bench/run"
rm -rf "$RUN" && mkdir -p "$RUN"
BYTES="$(du -sb "$DATA" | cut -f1)"

now() { date +%s.%N; }
# every contender starts with the input in the page cache, not only the ones that run after the first
warm_cache() { find "$DATA" -type f -exec cat {} + > /dev/null; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
max_rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }

echo "== 1/4 Hadoop job, local mode ($(nproc) cores) ..." >&2
warm_cache
t0=$(now)
/usr/bin/time -v -o "$RUN/job.time" scripts/run-job.sh --input "$DATA" --output "$RUN/job" \
  --window-end "$WINDOW_END" --window-hours "$WINDOW_HOURS" > "$RUN/job.summary"
t1=$(now)
cat "$RUN/job.summary" >&2
cat "$RUN"/job/part-* | LC_ALL=C sort -t$'\t' -k1,1n -k2,2n > "$RUN/job.tsv"

echo "== 2/4 DuckDB, $THREADS threads ..." >&2
warm_cache
t6=$(now)
/usr/bin/time -v -o "$RUN/duckdb.time" java -Xmx256m -cp "$BENCH_CP" \
  com.salesrank.ranker.bench.DuckDbRanking "$WINDOW_END" "$WINDOW_HOURS" "$THREADS" "$RUN/duckdb.tsv" "$DATA"
t7=$(now)

echo "== 3/4 in-memory, single thread ..." >&2
warm_cache
t2=$(now)
/usr/bin/time -v -o "$RUN/mem.time" java -Xmx12g -XX:+UseParallelGC -cp "$BENCH_CP" \
  com.salesrank.ranker.bench.InMemoryRanking "$WINDOW_END" "$WINDOW_HOURS" "$RUN/mem.tsv" "$DATA"
t3=$(now)

echo "== 4/4 LC_ALL=C awk | sort ..." >&2
warm_cache
t4=$(now)
/usr/bin/time -v -o "$RUN/awk.time" bash -c '
  export LC_ALL=C
  find "$1" -type f -name "*.log" -print0 | xargs -0 cat \
  | awk -F"\t" -v s="$2" -v e="$3" '\''NF == 7 && $1 >= s && $1 < e { sum[$3 "\t" $2] += $4 }
        END { for (k in sum) { split(k, a, "\t"); printf "%s\t%d\t%s\n", a[1], sum[k], a[2] } }'\'' \
  | sort -t"	" -k1,1n -k2,2nr -k3,3n -S 25% \
  | awk -F"\t" '\''{ r = ($1 == c) ? r + 1 : 1; c = $1; print $1 "\t" r "\t" $3 "\t" $2 }'\'' > "$4"
' _ "$DATA" "$WINDOW_START" "$WINDOW_END" "$RUN/awk.tsv"
t5=$(now)

job_s=$(calc "$t1 - $t0"); duck_s=$(calc "$t7 - $t6"); mem_s=$(calc "$t3 - $t2"); awk_s=$(calc "$t5 - $t4")
sum_job=$(sha256sum < "$RUN/job.tsv" | cut -c1-16)
sum_duck=$(sha256sum < "$RUN/duckdb.tsv" | cut -c1-16)
sum_mem=$(sha256sum < "$RUN/mem.tsv" | cut -c1-16)
sum_awk=$(sha256sum < "$RUN/awk.tsv" | cut -c1-16)
rows=$(wc -l < "$RUN/job.tsv")

echo
echo "salesrank ranker benchmark: $LINES lines ($((BYTES / 1024 / 1024)) MiB, 168 hourly files), $rows ranked rows, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-32s %8.2f s %12.0f lines/s   peak RSS %6s MiB   sha256 %s\n" \
  "Hadoop job (local mode)" "$job_s" "$(calc "$LINES / $job_s")" "$(max_rss_mb "$RUN/job.time")" "$sum_job"
printf "%-32s %8.2f s %12.0f lines/s   peak RSS %6s MiB   sha256 %s\n" \
  "DuckDB $DUCKDB_VERSION ($THREADS threads)" "$duck_s" "$(calc "$LINES / $duck_s")" "$(max_rss_mb "$RUN/duckdb.time")" "$sum_duck"
printf "%-32s %8.2f s %12.0f lines/s   peak RSS %6s MiB   sha256 %s\n" \
  "in-memory Java (1 thread)" "$mem_s" "$(calc "$LINES / $mem_s")" "$(max_rss_mb "$RUN/mem.time")" "$sum_mem"
printf "%-32s %8.2f s %12.0f lines/s   peak RSS %6s MiB   sha256 %s\n" \
  "LC_ALL=C awk | sort" "$awk_s" "$(calc "$LINES / $awk_s")" "$(max_rss_mb "$RUN/awk.time")" "$sum_awk"
printf "job vs DuckDB: %.2fx slower (goal <= 2x)   job vs awk|sort: %.2fx faster (goal >= 2x)   job vs in-memory: %.2fx slower (goal <= 4x)\n" \
  "$(calc "$job_s / $duck_s")" "$(calc "$awk_s / $job_s")" "$(calc "$job_s / $mem_s")"
grep -E '^stage [12]' "$RUN/job.summary" | sed -E 's/ +/ /g' | paste -sd' ' | sed 's/^/job: /'
if [[ "$sum_job" == "$sum_duck" && "$sum_job" == "$sum_mem" && "$sum_job" == "$sum_awk" ]]; then
  echo "rankings: identical"
else
  echo "rankings: DIFFER (job $sum_job, DuckDB $sum_duck, in-memory $sum_mem, awk $sum_awk); see $RUN/*.tsv" >&2
  exit 1
fi
