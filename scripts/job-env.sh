# Sourced by scripts/run-job.sh and the bench scripts: builds the
# ranker-job jar if it is missing or older than its sources, and the runtime
# classpath (Hadoop included, it is `provided` in the jar) once, then exports
# RANKER_CP for `java -cp`. RANKER_JOB_JAR puts another build of the job on that classpath
# (scripts/bench-builds.sh compares an older build with this one).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOB_DIR="$ROOT/ranker-job"
JOB_JAR="$JOB_DIR/target/ranker-job.jar"
CP_FILE="$JOB_DIR/target/runtime-classpath.txt"

if [[ ! -f "$JOB_JAR" ]] || [[ -n "$(find "$JOB_DIR/src/main" "$JOB_DIR/pom.xml" "$ROOT/pom.xml" -newer "$JOB_JAR" -type f -print -quit)" ]]; then
  echo "building ranker-job ..." >&2
  (cd "$ROOT" && ./mvnw -q -B -pl ranker-job -am -DskipTests package) >&2
fi
if [[ ! -s "$CP_FILE" ]] || [[ "$JOB_DIR/pom.xml" -nt "$CP_FILE" ]] || [[ "$ROOT/pom.xml" -nt "$CP_FILE" ]]; then
  # -am with a lifecycle phase: ranker-job's tests use sales-generator, which Maven must find in the reactor
  (cd "$ROOT" && ./mvnw -q -B -pl ranker-job -am -DskipTests package dependency:build-classpath \
      -DincludeScope=compile -Dmdep.outputFile="$CP_FILE") >&2
  touch "$CP_FILE" # the plugin leaves an unchanged file untouched
fi
RANKER_CP="${RANKER_JOB_JAR:-$JOB_JAR}:$(cat "$CP_FILE")"
export RANKER_CP
