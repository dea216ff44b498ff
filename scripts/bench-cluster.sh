#!/usr/bin/env bash
# Where the time goes when the ranker runs on a cluster: scripts/bench-cluster.sh [LINES] (default 2,000,000,
# the demo's week). Ranks one week of generated sales (cached in var/bench/, as scripts/bench-job.sh does),
# files only (no publishing), in one run and on the same files:
#   1. local mode, scripts/run-job.sh (the baseline: one JVM, tasks in threads);
#   2. `hadoop jar`: RunJar in a JVM of its own, the jar as shipped, on scripts/cluster.sh's cluster (started
#      here if it is not up, and stopped again at the end only then), the logs first put into its HDFS;
#   3. RankerTool in-process on an in-process MiniDFSCluster + MiniMRYarnCluster (as YarnClusterRankingIT),
#      the logs first copied into its HDFS.
# Every run uses --reducers 2 and the same container sizes (scripts/cluster.sh's). For 2 and 3 it prints, job
# by job, where the wall time went, from the ResourceManager's and the JobHistoryServer's records (see
# ranker-cluster-it's bench/JobTimeline.java): submit, AM start, tasks, commit; for 1, the job's own stage
# times. It checks that the three rankings are identical (sha256 of the sorted lines).
# Needs SALESRANK_PORT_OFFSET like scripts/cluster.sh. On a shared machine the figures are noisy: compare the
# three within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES="${1:-2000000}"
SEED="${BENCH_SEED:-42}"
WINDOW_END="2026-11-20T13:00:00Z"
WINDOW_HOURS=168
REDUCERS=2
source scripts/job-env.sh

source scripts/bench-sales.sh
DATA="$(bench_sales "$LINES" "$SEED" "$WINDOW_END" "$WINDOW_HOURS")"
RUN="$PWD/var/bench/cluster-run"
rm -rf "$RUN" && mkdir -p "$RUN"
REPORT="$RUN/report.txt"
ARGS=(--window-end "$WINDOW_END" --window-hours "$WINDOW_HOURS" --reducers "$REDUCERS")

# the bench's Java half: ranker-cluster-it's test classes, on the daemon classpath of scripts/cluster.sh
BENCH_CLASSES="$PWD/ranker-cluster-it/target/test-classes"
if [[ ! -f "$BENCH_CLASSES/com/salesrank/ranker/cluster/bench/ClusterBench.class" ]] \
   || [[ -n "$(find ranker-cluster-it/src/test -newer "$BENCH_CLASSES/com/salesrank/ranker/cluster/bench/ClusterBench.class" -type f -print -quit)" ]]; then
  echo "compiling ranker-cluster-it's test classes ..." >&2
  ./mvnw -q -B -pl ranker-cluster-it -am test-compile >&2
fi

now_ms() { date +%s%3N; }
sorted_sha() { cat "$1"/part-* | LC_ALL=C sort | sha256sum | cut -c1-16; }
say() { echo "$*" | tee -a "$REPORT"; }

started_cluster=0
stop_cluster() { if (( started_cluster )); then scripts/cluster.sh down >&2 || true; fi; }
trap stop_cluster EXIT

say "== $(du -sh "$DATA" | cut -f1), $LINES lines, $(find "$DATA" -type f -name '*.log*' | wc -l) files; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== 1/3 local mode ..." >&2
t0=$(now_ms)
RANKER_HEAP="${RANKER_HEAP:-2g}" scripts/run-job.sh --input "$DATA" --output "$RUN/local" "${ARGS[@]}" > "$RUN/local.out" 2>&1
t1=$(now_ms)
s1="$(sed -n 's/^stage 1 (sum):.* in \([0-9.]*\) s.*/\1/p' "$RUN/local.out")"
s2="$(sed -n 's/^stage 2 (rank):.* in \([0-9.]*\) s.*/\1/p' "$RUN/local.out")"
say "$(awk -v w="$(( t1 - t0 ))" -v a="$s1" -v b="$s2" 'BEGIN { printf "local        TOTAL wall %6.2f s = stage 1 %.2f + stage 2 %.2f + JVM start, listing, output move %.2f (no submission, no AM: tasks are threads)", w/1000, a, b, w/1000 - a - b }')"

echo "== 2/3 hadoop jar on scripts/cluster.sh's cluster ..." >&2
if ! scripts/cluster.sh status >/dev/null 2>&1; then
  scripts/cluster.sh up >&2
  started_cluster=1
fi
eval "$(scripts/cluster.sh env)"
HCP="$HADOOP_CONF_DIR:$SALESRANK_HADOOP_CLASSPATH"
BASE="/bench-$(date -u +%Y%m%dT%H%M%S)-$$"
hjava() { java -Xmx256m -XX:TieredStopAtLevel=1 -Dhadoop.root.logger=WARN,console -cp "$HCP" "$@"; }
p0=$(now_ms)
hjava org.apache.hadoop.fs.FsShell -mkdir -p "$BASE"
hjava org.apache.hadoop.fs.FsShell -put "$DATA" "$BASE/logs"
p1=$(now_ms)
say "$(awk -v p="$(( p1 - p0 ))" 'BEGIN { printf "cluster.sh   logs put into its HDFS (hdfs dfs -put) in %.2f s", p/1000 }')"
c0=$(now_ms)
hjava org.apache.hadoop.util.RunJar ranker-job/target/ranker-job.jar --input "hdfs://$BASE/logs" --output "hdfs://$BASE/ranking" \
  "${ARGS[@]}" > "$RUN/cluster.out" 2>&1 || { cat "$RUN/cluster.out" >&2; exit 1; }
c1=$(now_ms)
hjava org.apache.hadoop.fs.FsShell -get "$BASE/ranking" "$RUN/cluster"
java -Xmx512m -cp "$(cat var/cluster/daemon.classpath):ranker-job/target/ranker-job.jar:$BENCH_CLASSES" \
  -Dhadoop.root.logger=WARN,console -Dlog4j.configuration="file:$HADOOP_CONF_DIR/log4j.properties" \
  com.salesrank.ranker.cluster.bench.ClusterBench timeline "$HADOOP_CONF_DIR" "$c0" "$c1" 2>"$RUN/timeline.err" | tee -a "$REPORT"
hjava org.apache.hadoop.fs.FsShell -rm -r -f -skipTrash "$BASE" >/dev/null
stop_cluster
started_cluster=0

echo "== 3/3 in-process MiniDFS + MiniYARN ..." >&2
# without cluster.sh's HADOOP_CONF_DIR: its NodeManager passes that on to the containers, whose classpath
# it heads, and the AM would look for cluster.sh's HDFS; absolute paths: the containers get this classpath
log4j="file:$HADOOP_CONF_DIR/log4j.properties"
# (test.build.data: where the mini clusters keep their directories, by default target/ of the working directory)
env -u HADOOP_CONF_DIR -u SALESRANK_HADOOP_CLASSPATH java -Xmx1g -Dhadoop.root.logger=WARN,console -Dlog4j.configuration="$log4j" \
  -Dtest.build.data="$RUN/minicluster-work" \
  --add-opens java.base/java.lang=ALL-UNNAMED \
  -cp "$(cat var/cluster/daemon.classpath):$PWD/ranker-job/target/ranker-job.jar:$BENCH_CLASSES" \
  com.salesrank.ranker.cluster.bench.ClusterBench minicluster "$RUN/minicluster-work" "$DATA" "$RUN/minicluster" \
  "${ARGS[@]}" 2>"$RUN/minicluster.err" | tee -a "$REPORT" || { tail -40 "$RUN/minicluster.err" >&2; exit 1; }

local_sha="$(sorted_sha "$RUN/local")"
cluster_sha="$(sorted_sha "$RUN/cluster")"
mini_sha="$(sorted_sha "$RUN/minicluster")"
say "rankings (sha256 of sorted lines): local $local_sha, cluster.sh $cluster_sha, minicluster $mini_sha; $(cat "$RUN"/local/part-* | wc -l) rows"
[[ "$local_sha" == "$cluster_sha" && "$local_sha" == "$mini_sha" ]] || { echo "bench-cluster: the rankings differ" >&2; exit 1; }
echo "report: $REPORT" >&2
