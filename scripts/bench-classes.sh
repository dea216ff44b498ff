# Sourced by scripts/bench-job.sh and scripts/bench-incremental.sh, after scripts/job-env.sh: the bench
# classes (test classes of ranker-job: bench.DuckDbRanking, bench.InMemoryRanking; DuckDB is a test
# dependency, never shipped), compiled when their sources change, and their classpath. Exports BENCH_CP
# and DUCKDB_VERSION.
BENCH_CP_FILE="$JOB_DIR/target/bench-classpath.txt"
if [[ ! -d "$JOB_DIR/target/test-classes/com/salesrank/ranker/bench" ]] \
    || [[ -n "$(find "$JOB_DIR/src/test/java/com/salesrank/ranker/bench" -newer "$JOB_DIR/target/test-classes/com/salesrank/ranker/bench" -type f -print -quit)" ]]; then
  echo "compiling the bench classes ..." >&2
  (cd "$ROOT" && ./mvnw -q -B -pl ranker-job -am test-compile) >&2
  touch "$JOB_DIR/target/test-classes/com/salesrank/ranker/bench"
fi
if [[ ! -s "$BENCH_CP_FILE" ]] || [[ "$JOB_DIR/pom.xml" -nt "$BENCH_CP_FILE" ]] || [[ "$ROOT/pom.xml" -nt "$BENCH_CP_FILE" ]]; then
  (cd "$ROOT" && ./mvnw -q -B -pl ranker-job -am test-compile dependency:build-classpath -DincludeScope=test \
      -Dmdep.outputFile="$BENCH_CP_FILE") >&2
  touch "$BENCH_CP_FILE"
fi
BENCH_CP="$JOB_DIR/target/test-classes:$JOB_JAR:$(cat "$BENCH_CP_FILE")"
DUCKDB_VERSION="$(sed -n 's:.*/duckdb_jdbc-\([0-9.]*\)\.jar.*:\1:p' "$BENCH_CP_FILE" | head -1)"
export BENCH_CP DUCKDB_VERSION
