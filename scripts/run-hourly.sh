#!/usr/bin/env bash
# The cron entry point: ranks the week (SALESRANK_WINDOW_HOURS, default 168) ending at the top of the
# current UTC hour and publishes it (the job publishes when SALESRANK_DB_* are set).
#
#   crontab:  5 * * * *  SALESRANK_ENV_FILE=/etc/salesrank/env /opt/salesrank/scripts/run-hourly.sh
#
# Runs `hadoop jar` when a Hadoop client is on PATH (HADOOP_OPTIONAL_TOOLS=hadoop-aws gives it S3A),
# else scripts/run-job.sh in local mode. Never runs twice at once (flock), logs to a dated file, and
# exits non-zero on failure, with one line on stderr naming the log, so cron mail or monitoring sees it.
# A late or missed run corrupts nothing: the next run simply ranks and publishes the newer window.
#
# Environment (all optional):
#   SALESRANK_INPUT          input roots, comma-separated: s3a://bucket/logs/, hdfs:///logs, a local dir
#                            (default: var/demo/logs, the demo's generated logs)
#   SALESRANK_OUTPUT_ROOT    parent of the per-run output directories (default: var/rankings)
#   SALESRANK_WINDOW_HOURS   window length (default: 168)
#   SALESRANK_LOG_DIR        where run-hourly-YYYYMMDD.log goes (default: var/log)
#   SALESRANK_LOCK_FILE      the flock file (default: var/run-hourly.lock)
#   SALESRANK_MODE           auto (default) | hadoop | local
#   SALESRANK_JAR            the job jar for `hadoop jar` (default: ranker-job/target/ranker-job.jar)
#   SALESRANK_KEEP_RUNS      local per-run output directories to keep (default: 48)
#   SALESRANK_JOB_OPTS       extra job arguments, e.g. "-D mapreduce.job.queuename=batch --reducers 20"
#   SALESRANK_ENV_FILE       a file of `export NAME=value` lines sourced first (cron has no login environment):
#                            SALESRANK_DB_* for publishing, AWS credentials if not from an instance role, ...
set -euo pipefail
if [[ -n "${SALESRANK_ENV_FILE:-}" ]]; then
    # shellcheck disable=SC1090
    source "$SALESRANK_ENV_FILE"
fi

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
INPUT="${SALESRANK_INPUT:-$ROOT/var/demo/logs}"
OUTPUT_ROOT="${SALESRANK_OUTPUT_ROOT:-$ROOT/var/rankings}"
WINDOW_HOURS="${SALESRANK_WINDOW_HOURS:-168}"
LOG_DIR="${SALESRANK_LOG_DIR:-$ROOT/var/log}"
LOCK_FILE="${SALESRANK_LOCK_FILE:-$ROOT/var/run-hourly.lock}"
MODE="${SALESRANK_MODE:-auto}"
JAR="${SALESRANK_JAR:-$ROOT/ranker-job/target/ranker-job.jar}"
KEEP_RUNS="${SALESRANK_KEEP_RUNS:-48}"
read -r -a JOB_OPTS <<< "${SALESRANK_JOB_OPTS:-}"

mkdir -p "$LOG_DIR" "$(dirname "$LOCK_FILE")"
LOG="$LOG_DIR/run-hourly-$(date -u +%Y%m%d).log"

exec 9>>"$LOCK_FILE"
if ! flock -n 9; then
    echo "run-hourly: another run holds $LOCK_FILE; not starting a second one" | tee -a "$LOG" >&2
    exit 75 # EX_TEMPFAIL
fi

# one clock reading for the whole run: the window and the output name agree even across an hour boundary
NOW_EPOCH="$(date -u +%s)"
WINDOW_END="$(date -u -d "@$NOW_EPOCH" +%Y-%m-%dT%H:00:00Z)"
RUN_ID="$(date -u -d "@$NOW_EPOCH" +%Y%m%dT%H00Z)"
OUTPUT="${OUTPUT_ROOT%/}/$RUN_ID"

if [[ "$MODE" == auto ]]; then
    if command -v hadoop >/dev/null 2>&1; then MODE=hadoop; else MODE=local; fi
fi

# --overwrite: re-running the same hour (by hand, after a failure) replaces that hour's own output only
JOB_ARGS=("${JOB_OPTS[@]}" --input "$INPUT" --output "$OUTPUT" --window-end "$WINDOW_END"
          --window-hours "$WINDOW_HOURS" --overwrite)

log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) run-hourly[$$]: $*" >> "$LOG"; }

log "start: mode=$MODE window=[$WINDOW_END - ${WINDOW_HOURS}h, $WINDOW_END) input=$INPUT output=$OUTPUT publish=$([[ -n "${SALESRANK_DB_URL:-}" ]] && echo yes || echo no)"
started=$SECONDS
status=0
case "$MODE" in
    hadoop)
        if [[ ! -f "$JAR" ]]; then
            log "failed: $JAR not found (build it with ./mvnw -pl ranker-job -am package, or set SALESRANK_JAR)"
            echo "run-hourly: failed, $JAR not found; see $LOG" >&2
            exit 1
        fi
        export HADOOP_OPTIONAL_TOOLS="${HADOOP_OPTIONAL_TOOLS:-hadoop-aws}"
        hadoop jar "$JAR" com.salesrank.ranker.RankerTool "${JOB_ARGS[@]}" >> "$LOG" 2>&1 || status=$?
        ;;
    local)
        mkdir -p "$OUTPUT_ROOT" 2>/dev/null || true
        "$ROOT/scripts/run-job.sh" "${JOB_ARGS[@]}" >> "$LOG" 2>&1 || status=$?
        ;;
    *)
        log "failed: SALESRANK_MODE must be auto, hadoop or local, not '$MODE'"
        echo "run-hourly: bad SALESRANK_MODE '$MODE'" >&2
        exit 2
        ;;
esac

if (( status != 0 )); then
    log "failed: exit $status after $((SECONDS - started)) s; the previously published ranking stays live"
    echo "run-hourly: window ending $WINDOW_END failed (exit $status); see $LOG" >&2
    exit "$status"
fi
log "done in $((SECONDS - started)) s: $OUTPUT"

# local outputs only: keep the newest KEEP_RUNS run directories (on HDFS/S3 use a lifecycle rule)
if [[ "$OUTPUT_ROOT" != *://* && -d "$OUTPUT_ROOT" ]]; then
    find "$OUTPUT_ROOT" -mindepth 1 -maxdepth 1 -type d -name '????????T????Z' | sort -r \
        | tail -n +"$((KEEP_RUNS + 1))" | while read -r old; do rm -rf -- "$old"; done
fi
