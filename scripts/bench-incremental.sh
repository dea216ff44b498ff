#!/usr/bin/env bash
# Benchmark of incremental ranking: scripts/bench-incremental.sh [LINES] (default 20,000,000).
# Generates a week of hourly logs (LINES sales in 168 hour folders, plus the hour before the week, which
# the incremental run sees expire) and the hour after it, once, in var/bench/, then times in one run, on
# the same machine and files, wall time and CPU time (user + system of the job's JVM, scripts/cpu-time.sh):
#   1. a full recompute of the week ending at WINDOW_END (scripts/run-job.sh, no state): the baseline;
#   2. a state rebuild for the same window (--state, into an empty state directory): what a new
#      installation and every recovery pay;
#   3. an incremental run for the same window end, on a state built one hour earlier, after the
#      hour that has passed since then arrived (its folder is linked in, as the sales API would write it);
#   4. a head refresh (--top 100) ten minutes later, with the open hour's log as it stands then (its
#      first ten minutes of sales).
# With BENCH_REBUILD_ONLY=1, only the full recompute and the rebuild (and DuckDB's): the design's scale
# without the two untimed runs the incremental and head steps need (the state an hour earlier, the head's check).
# With BENCH_DUCKDB=1, also DuckDB's recompute of the same window from the same files, after the rebuild
# (bench.DuckDbRanking, as scripts/bench-job.sh runs it: in process, as many threads as cores).
# It checks that the rebuilt, the incremental (and DuckDB's) rankings equal the full one and that the head
# equals the full ranking of its window cut at 100, and prints the times, the ratios and the raw bytes each
# run read. Run it under the shared lock (flock -o /tmp/salesrank-bench.lock ...): other work on the
# machine shows in the wall times, less in the CPU times.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES="${1:-20000000}"
SEED="${BENCH_SEED:-42}"
WINDOW_END="2026-11-20T13:00:00Z"
BEFORE="2026-11-20T12:00:00Z"
HEAD_END="2026-11-20T13:10:00Z"
LAST_HOUR="2026/11/20/12"
NEXT_HOUR="2026/11/20/13"
TOP=100
source scripts/job-env.sh
source scripts/cpu-time.sh
DUCKDB="${BENCH_DUCKDB:-0}"
ALL_STEPS=1
if [[ "${BENCH_REBUILD_ONLY:-0}" == 1 ]]; then ALL_STEPS=0; fi
if [[ "$DUCKDB" == 1 ]]; then source scripts/bench-classes.sh; fi

DATA="var/bench/week-and-hour-$LINES-seed$SEED"
NEXT="var/bench/next-hour-$LINES-seed$SEED"
if [[ ! -f "$DATA/.complete" ]]; then
  rm -rf "$DATA"
  echo "generating $LINES lines into $DATA (once) ..." >&2
  scripts/generate-sales.sh \
    --output "$DATA" --lines "$((LINES + LINES / 168))" --window-end "$WINDOW_END" --window-hours 169 --seed "$SEED"
  touch "$DATA/.complete"
fi
if [[ ! -f "$NEXT/.complete" ]]; then
  rm -rf "$NEXT"
  scripts/generate-sales.sh \
    --output "$NEXT" --lines "$((LINES / 168))" --window-end 2026-11-20T14:00:00Z --window-hours 1 --seed "$((SEED + 1))"
  touch "$NEXT/.complete"
fi

RUN="var/bench/incremental"
rm -rf "$RUN" && mkdir -p "$RUN"
IN="$RUN/logs"
# hard links: the same files (lengths, modification times) without copying a week of logs
cp -al "$DATA" "$IN" && rm -f "$IN/.complete"

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
warm_cache() { find "$DATA" "$NEXT" -type f -exec cat {} + > /dev/null; }
raw_bytes() { sed -n 's/.*(\([0-9,]*\) bytes of raw logs).*/\1/p' "$1" | tr -d ,; }
sorted() { cat "$1"/part-* | LC_ALL=C sort -t$'\t' -k1,1n -k2,2n; }

if [[ "$ALL_STEPS" == 1 ]]; then
  echo "== state one hour earlier (window ending $BEFORE; not timed) ..." >&2
  mv "$IN/$LAST_HOUR" "$RUN/arriving-hour"
  scripts/run-job.sh --input "$IN" --output "$RUN/before" --window-end "$BEFORE" --state "$RUN/state" > "$RUN/before.summary"
  mv "$RUN/arriving-hour" "$IN/$LAST_HOUR"
fi

echo "== 1/4 full recompute, window ending $WINDOW_END ..." >&2
warm_cache
children_cpu_ms "$RUN/times"; c0=$CHILDREN_CPU_MS
t0=$(now)
scripts/run-job.sh --input "$IN" --output "$RUN/full" --window-end "$WINDOW_END" > "$RUN/full.summary"
t1=$(now)
children_cpu_ms "$RUN/times"; c1=$CHILDREN_CPU_MS

echo "== 2/4 state rebuild, same window, empty state directory ..." >&2
warm_cache
children_cpu_ms "$RUN/times"; c6=$CHILDREN_CPU_MS
t6=$(now)
scripts/run-job.sh --input "$IN" --output "$RUN/rebuild" --window-end "$WINDOW_END" --state "$RUN/rebuilt-state" \
  > "$RUN/rebuild.summary"
t7=$(now)
children_cpu_ms "$RUN/times"; c7=$CHILDREN_CPU_MS
cat "$RUN/rebuild.summary" >&2

if [[ "$DUCKDB" == 1 ]]; then
  echo "== DuckDB $DUCKDB_VERSION, same window, same files, $(nproc) threads ..." >&2
  warm_cache
  children_cpu_ms "$RUN/times"; c8=$CHILDREN_CPU_MS
  t8=$(now)
  java -Xmx256m -cp "$BENCH_CP" com.salesrank.ranker.bench.DuckDbRanking "$WINDOW_END" 168 "$(nproc)" "$RUN/duckdb.tsv" "$IN"
  t9=$(now)
  children_cpu_ms "$RUN/times"; c9=$CHILDREN_CPU_MS
fi

if [[ "$ALL_STEPS" == 1 ]]; then
echo "== 3/4 incremental, same window end, state from $BEFORE ..." >&2
warm_cache
children_cpu_ms "$RUN/times"; c2=$CHILDREN_CPU_MS
t2=$(now)
scripts/run-job.sh --input "$IN" --output "$RUN/incremental" --window-end "$WINDOW_END" --state "$RUN/state" \
  > "$RUN/incremental.summary"
t3=$(now)
children_cpu_ms "$RUN/times"; c3=$CHILDREN_CPU_MS
cat "$RUN/incremental.summary" >&2

echo "== 4/4 head refresh --top $TOP, window ending $HEAD_END ..." >&2
# the open hour's log as it stands ten minutes in: the sales the API has written so far
mkdir -p "$IN/$NEXT_HOUR"
for log in "$NEXT/$NEXT_HOUR"/*; do
  LC_ALL=C awk -F'\t' -v end="${HEAD_END%:00Z}" 'substr($1, 1, 16) < end' "$log" > "$IN/$NEXT_HOUR/$(basename "$log")"
done
warm_cache
children_cpu_ms "$RUN/times"; c4=$CHILDREN_CPU_MS
t4=$(now)
scripts/run-job.sh --input "$IN" --output "$RUN/head" --window-end "$HEAD_END" --state "$RUN/state" --top "$TOP" \
  > "$RUN/head.summary"
t5=$(now)
children_cpu_ms "$RUN/times"; c5=$CHILDREN_CPU_MS
cat "$RUN/head.summary" >&2

if [[ -x scripts/stack.sh ]] && scripts/stack.sh status >/dev/null 2>&1; then
  echo "== the same head refresh again, publishing into the local stack's sales_rank_head ..." >&2
  ( eval "$(scripts/stack.sh env)"
    scripts/run-job.sh --input "$IN" --output "$RUN/head-published" --window-end "$HEAD_END" --state "$RUN/state" \
      --top "$TOP" > "$RUN/head-published.summary" )
  HEAD_PUBLISH="$(grep '^published:' "$RUN/head-published.summary" || true)"
else
  HEAD_PUBLISH="published:        not measured (the local stack is not running: scripts/stack.sh up)"
fi

echo "== checking: the head against a full recompute of its window cut at $TOP (not timed) ..." >&2
scripts/run-job.sh --input "$IN" --output "$RUN/full-head" --window-end "$HEAD_END" --top "$TOP" > /dev/null
fi

full_s=$(calc "$t1 - $t0"); rebuild_s=$(calc "$t7 - $t6")
full_cpu=$(calc "($c1 - $c0) / 1000"); rebuild_cpu=$(calc "($c7 - $c6) / 1000")
sum_full=$(sorted "$RUN/full" | sha256sum | cut -c1-16)
sum_rebuild=$(sorted "$RUN/rebuild" | sha256sum | cut -c1-16)
if [[ "$ALL_STEPS" == 1 ]]; then
  inc_s=$(calc "$t3 - $t2"); head_s=$(calc "$t5 - $t4")
  inc_cpu=$(calc "($c3 - $c2) / 1000"); head_cpu=$(calc "($c5 - $c4) / 1000")
  sum_inc=$(sorted "$RUN/incremental" | sha256sum | cut -c1-16)
  sum_head=$(sorted "$RUN/head" | sha256sum | cut -c1-16)
  sum_full_head=$(sorted "$RUN/full-head" | sha256sum | cut -c1-16)
fi

echo
echo "salesrank incremental benchmark: $LINES lines, 168 hourly folders, $(nproc) cores, load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(the machine is shared: other engineers' builds and tests may run during the timed runs; CPU = user + system of the run's JVM)"
row() { printf "%-40s %8.2f s wall %8.2f s CPU   raw bytes read %'15d   sha256 %s\n" "$1" "$2" "$3" "$(raw_bytes "$4")" "$5"; }
row "full recompute (baseline)" "$full_s" "$full_cpu" "$RUN/full.summary" "$sum_full"
row "state rebuild, same window" "$rebuild_s" "$rebuild_cpu" "$RUN/rebuild.summary" "$sum_rebuild"
if [[ "$ALL_STEPS" == 1 ]]; then
  row "incremental, state 1 h old" "$inc_s" "$inc_cpu" "$RUN/incremental.summary" "$sum_inc"
fi
if [[ "$DUCKDB" == 1 ]]; then
  duck_s=$(calc "$t9 - $t8"); duck_cpu=$(calc "($c9 - $c8) / 1000")
  sum_duck=$(LC_ALL=C sort -t$'\t' -k1,1n -k2,2n "$RUN/duckdb.tsv" | sha256sum | cut -c1-16)
  printf "%-40s %8.2f s wall %8.2f s CPU   %-30s   sha256 %s\n" "DuckDB $DUCKDB_VERSION, same window" "$duck_s" \
    "$duck_cpu" "(reads every file under the input)" "$sum_duck"
fi
if [[ "$ALL_STEPS" == 1 ]]; then
  row "head refresh --top $TOP, 10 min later" "$head_s" "$head_cpu" "$RUN/head.summary" "$sum_head"
  echo "head publish ($TOP x categories): ${HEAD_PUBLISH#published:        }"
fi
printf "rebuild / full = %.3f wall, %.3f CPU (goal <= 1.25)\n" "$(calc "$rebuild_s / $full_s")" "$(calc "$rebuild_cpu / $full_cpu")"
if [[ "$DUCKDB" == 1 ]]; then
  printf "full / DuckDB = %.3f wall, %.3f CPU   rebuild / DuckDB = %.3f wall, %.3f CPU\n" \
    "$(calc "$full_s / $duck_s")" "$(calc "$full_cpu / $duck_cpu")" "$(calc "$rebuild_s / $duck_s")" "$(calc "$rebuild_cpu / $duck_cpu")"
fi
if [[ "$ALL_STEPS" == 1 ]]; then
  printf "incremental / full = %.3f wall, %.3f CPU (goal <= 0.25 at 20M lines, <= 0.1 at 80M)   head / full = %.3f wall, %.3f CPU (goal <= 0.2)\n" \
    "$(calc "$inc_s / $full_s")" "$(calc "$inc_cpu / $full_cpu")" "$(calc "$head_s / $full_s")" "$(calc "$head_cpu / $full_cpu")"
fi
status=0
if [[ "$sum_full" == "$sum_rebuild" ]]; then echo "rebuilt ranking: identical to the full recompute"; else
  echo "rebuilt ranking: DIFFERS from the full recompute; see $RUN" >&2; status=1; fi
if [[ "$ALL_STEPS" == 1 && "$sum_full" == "$sum_inc" ]]; then echo "incremental ranking: identical to the full recompute"
elif [[ "$ALL_STEPS" == 1 ]]; then echo "incremental ranking: DIFFERS from the full recompute; see $RUN" >&2; status=1; fi
if [[ "$DUCKDB" == 1 ]]; then
  if [[ "$sum_full" == "$sum_duck" ]]; then echo "DuckDB's ranking: identical to the full recompute"; else
    echo "DuckDB's ranking: DIFFERS from the full recompute; see $RUN" >&2; status=1; fi
fi
if [[ "$ALL_STEPS" == 1 && "$sum_head" == "$sum_full_head" ]]; then echo "head: identical to the full recompute cut at $TOP"
elif [[ "$ALL_STEPS" == 1 ]]; then echo "head: DIFFERS from the full recompute cut at $TOP; see $RUN" >&2; status=1; fi
exit $status
