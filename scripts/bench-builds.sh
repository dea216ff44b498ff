#!/usr/bin/env bash
# Two builds of the ranker job on the same files, in one run: did a change cost speed?
#   scripts/bench-builds.sh BASELINE_JAR [LINES]     (LINES default 20,000,000)
# BASELINE_JAR is an older ranker-job.jar (e.g. built from an earlier commit in a git worktree); it
# runs on this checkout's runtime classpath (Hadoop and the drivers), through the same
# scripts/run-job.sh, so only the job's own code differs. The full recompute of a 168 h window runs
# BENCH_ROUNDS times per build (default 2), alternating baseline and current so that a change in
# the machine's load falls on both; the rankings must be identical (sha256). Prints each run's wall
# and CPU time (user + system of the job's JVM, scripts/cpu-time.sh) and the medians' ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
BASELINE="${1:?usage: scripts/bench-builds.sh BASELINE_JAR [LINES]}"
LINES="${2:-20000000}"
ROUNDS="${BENCH_ROUNDS:-2}"
SEED="${BENCH_SEED:-42}"
WINDOW_END="2026-11-20T13:00:00Z"
WINDOW_HOURS=168
[[ -f "$BASELINE" ]] || { echo "bench-builds: no such jar: $BASELINE" >&2; exit 2; }
BASELINE="$(cd "$(dirname "$BASELINE")" && pwd)/$(basename "$BASELINE")"

source scripts/job-env.sh
source scripts/cpu-time.sh
source scripts/bench-sales.sh
# the same generated files as scripts/bench-job.sh
DATA="$(bench_sales "$LINES" "$SEED" "$WINDOW_END" "$WINDOW_HOURS")"
RUN="var/bench/builds"
rm -rf "$RUN" && mkdir -p "$RUN"

now() { date +%s.%N; }
warm_cache() { find "$DATA" -type f -exec cat {} + > /dev/null; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

run_build() { # build jar round
  local build="$1" jar="$2" round="$3" out="$RUN/$1-$3" t0 t1 c0
  warm_cache
  children_cpu_ms "$RUN/times"; c0=$CHILDREN_CPU_MS
  t0=$(now)
  RANKER_JOB_JAR="$jar" scripts/run-job.sh --input "$DATA" --output "$out" \
    --window-end "$WINDOW_END" --window-hours "$WINDOW_HOURS" > "$out.summary"
  t1=$(now)
  children_cpu_ms "$RUN/times"
  local sum
  sum="$(cat "$out"/part-* | LC_ALL=C sort -t$'\t' -k1,1n -k2,2n | sha256sum | cut -c1-16)"
  printf '%-9s %5s %9.2f %9.2f  %s\n' "$build" "$round" "$(awk "BEGIN { print $t1 - $t0 }")" \
    "$(awk "BEGIN { print ($CHILDREN_CPU_MS - $c0) / 1000 }")" "$sum" | tee -a "$RUN/results"
}

echo "bench-builds: $LINES lines, $ROUNDS round(s) per build, baseline $BASELINE" >&2
printf '%-9s %5s %9s %9s  %s\n' build round "wall s" "CPU s" "ranking sha256"
for round in $(seq 1 "$ROUNDS"); do
  run_build baseline "$BASELINE" "$round"
  run_build current "$JOB_JAR" "$round"
done
if [[ "$(awk '{ print $5 }' "$RUN/results" | sort -u | wc -l)" != 1 ]]; then
  echo "bench-builds: the two builds' rankings differ" >&2
  exit 1
fi
for col in 3 4; do
  b="$(awk -v c=$col '$1 == "baseline" { print $c }' "$RUN/results" | median)"
  c="$(awk -v c=$col '$1 == "current" { print $c }' "$RUN/results" | median)"
  printf '%s median: baseline %.2f s, current %.2f s, current / baseline %.2fx\n' \
    "$([[ $col == 3 ]] && echo wall || echo CPU)" "$b" "$c" "$(awk "BEGIN { print $c / $b }")"
done
echo "(the machine may be shared: other work during the runs falls on both builds, alternately)"
