# Sourced by scripts/run-hourly.sh and scripts/run-head.sh: what the two cron entries share.
# Expects NAME (the entry's name, for the log file and messages) to be set by the caller.
if [[ -n "${SALESRANK_ENV_FILE:-}" ]]; then
    # shellcheck disable=SC1090
    source "$SALESRANK_ENV_FILE"
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INPUT="${SALESRANK_INPUT:-$ROOT/var/demo/logs}"
WINDOW_HOURS="${SALESRANK_WINDOW_HOURS:-168}"
LOG_DIR="${SALESRANK_LOG_DIR:-$ROOT/var/log}"
MODE="${SALESRANK_MODE:-auto}"
JAR="${SALESRANK_JAR:-$ROOT/ranker-job/target/ranker-job.jar}"
STATE="${SALESRANK_STATE:-$ROOT/var/state}"
# one flock per state on this host: the hourly run and the head refresh never run on one state at once
STATE_LOCK="${SALESRANK_STATE_LOCK_FILE:-$ROOT/var/state.lock}"
read -r -a JOB_OPTS <<< "${SALESRANK_JOB_OPTS:-}"

mkdir -p "$LOG_DIR" "$(dirname "$STATE_LOCK")"
LOG="$LOG_DIR/$NAME-$(date -u +%Y%m%d).log"

log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $NAME[$$]: $*" >> "$LOG"; }

# One clock reading for the whole run: SALESRANK_NOW (an ISO instant, for backfills and tests) or now.
now_epoch() {
    if [[ -n "${SALESRANK_NOW:-}" ]]; then
        date -u -d "$SALESRANK_NOW" +%s 2>/dev/null || {
            echo "$NAME: SALESRANK_NOW must be an ISO instant such as 2026-11-20T13:05:00Z, got '$SALESRANK_NOW'" >&2
            exit 2
        }
    else
        date -u +%s
    fi
}

# Takes the state's flock on fd 8, waiting up to $1 seconds; exits 75 (EX_TEMPFAIL) if it stays taken.
lock_state() {
    exec 8>>"$STATE_LOCK"
    if ! flock -w "$1" 8; then
        echo "$NAME: another job holds the state lock $STATE_LOCK after ${1}s; skipping this run" | tee -a "$LOG" >&2
        exit 75
    fi
}

resolve_mode() {
    if [[ "$MODE" == auto ]]; then
        if command -v hadoop >/dev/null 2>&1; then MODE=hadoop; else MODE=local; fi
    fi
}

# Runs RankerTool with the given arguments in $MODE, appending its output to $LOG; sets STATUS.
run_ranker() {
    STATUS=0
    # where this run's lines start in the (daily, shared) log, for job_error_line
    LOG_MARK="$(wc -l < "$LOG" 2>/dev/null || echo 0)"
    case "$MODE" in
        hadoop)
            if [[ ! -f "$JAR" ]]; then
                log "failed: $JAR not found (build it with ./mvnw -pl ranker-job -am package, or set SALESRANK_JAR)"
                echo "$NAME: failed, $JAR not found; see $LOG" >&2
                exit 1
            fi
            export HADOOP_OPTIONAL_TOOLS="${HADOOP_OPTIONAL_TOOLS:-hadoop-aws}"
            # the jar's manifest names RankerTool: RunJar would pass a class name given here to it as its first argument
            hadoop jar "$JAR" "$@" >> "$LOG" 2>&1 || STATUS=$?
            ;;
        local)
            "$ROOT/scripts/run-job.sh" "$@" >> "$LOG" 2>&1 || STATUS=$?
            ;;
        *)
            log "failed: SALESRANK_MODE must be auto, hadoop or local, not '$MODE'"
            echo "$NAME: bad SALESRANK_MODE '$MODE'" >&2
            exit 2
            ;;
    esac
}

# The job's own one-line reason for its failure ("error: ..."), from this run's part of the log: it says
# whether anything was published (nothing, NOT published, published AFTER the swap, outcome UNKNOWN).
job_error_line() {
    tail -n +"$((${LOG_MARK:-0} + 1))" "$LOG" 2>/dev/null | grep '^error: ' | tail -n 1 | cut -c1-600 || true
}

# Local per-run output directories only: keeps the newest $2 under $1 (on HDFS/S3 use a lifecycle rule).
prune_runs() {
    if [[ "$1" != *://* && -d "$1" ]]; then
        find "$1" -mindepth 1 -maxdepth 1 -type d -name '????????T????Z' | sort -r \
            | tail -n +"$(($2 + 1))" | while read -r old; do rm -rf -- "$old"; done
    fi
}
