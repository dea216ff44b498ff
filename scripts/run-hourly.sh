#!/usr/bin/env bash
# The hourly cron entry: ranks the week (SALESRANK_WINDOW_HOURS, default 168) ending at the top of the
# current UTC hour and publishes it (the job publishes when SALESRANK_DB_* are set). Incremental by
# default: the state in SALESRANK_STATE (default var/state; hdfs:// or s3a:// on a cluster) lets it read
# only the logs that arrived since the last run. A missing or damaged state is rebuilt by the run itself.
#
#   crontab:  5 * * * *  SALESRANK_ENV_FILE=/etc/salesrank/env /opt/salesrank/scripts/run-hourly.sh
#
# Runs `hadoop jar` when a Hadoop client is on PATH (HADOOP_OPTIONAL_TOOLS=hadoop-aws gives it S3A),
# else scripts/run-job.sh in local mode. Never runs twice at once (flock), waits for a head refresh on
# the same state to finish, logs to a dated file, and exits non-zero on failure, with one line on stderr
# naming the log, so cron mail or monitoring sees it. A late or missed run corrupts nothing: the next run
# catches up and publishes the newer window.
#
# Environment (all optional):
#   SALESRANK_INPUT          input roots, comma-separated: s3a://bucket/logs/, hdfs:///logs, a local dir
#                            (default: var/demo/logs, the demo's generated logs)
#   SALESRANK_OUTPUT_ROOT    parent of the per-run output directories (default: var/rankings)
#   SALESRANK_STATE          the incremental state directory (default: var/state)
#   SALESRANK_FULL_RECOMPUTE 1 ranks the whole week from the raw logs without the state
#   SALESRANK_WINDOW_HOURS   window length (default: 168)
#   SALESRANK_NOW            an ISO instant to run as if it were then (backfills, tests)
#   SALESRANK_LOG_DIR        where run-hourly-YYYYMMDD.log goes (default: var/log)
#   SALESRANK_LOCK_FILE      this entry's flock file (default: var/run-hourly.lock)
#   SALESRANK_STATE_LOCK_FILE the flock shared with run-head.sh (default: var/state.lock)
#   SALESRANK_MODE           auto (default) | hadoop | local
#   SALESRANK_JAR            the job jar for `hadoop jar` (default: ranker-job/target/ranker-job.jar)
#   SALESRANK_KEEP_RUNS      local per-run output directories to keep (default: 48)
#   SALESRANK_JOB_OPTS       extra job arguments, e.g. "-D mapreduce.job.queuename=batch --reducers 20"
#   SALESRANK_ENV_FILE       a file of `export NAME=value` lines sourced first (cron has no login environment):
#                            SALESRANK_DB_* for publishing, AWS credentials if not from an instance role, ...
set -euo pipefail
NAME=run-hourly
source "$(dirname "$0")/cron-lib.sh"
OUTPUT_ROOT="${SALESRANK_OUTPUT_ROOT:-$ROOT/var/rankings}"
LOCK_FILE="${SALESRANK_LOCK_FILE:-$ROOT/var/run-hourly.lock}"
KEEP_RUNS="${SALESRANK_KEEP_RUNS:-48}"

mkdir -p "$(dirname "$LOCK_FILE")"
exec 9>>"$LOCK_FILE"
if ! flock -n 9; then
    echo "run-hourly: another run holds $LOCK_FILE; not starting a second one" | tee -a "$LOG" >&2
    exit 75 # EX_TEMPFAIL
fi

NOW_EPOCH="$(now_epoch)"
WINDOW_END="$(date -u -d "@$NOW_EPOCH" +%Y-%m-%dT%H:00:00Z)"
RUN_ID="$(date -u -d "@$NOW_EPOCH" +%Y%m%dT%H00Z)"
OUTPUT="${OUTPUT_ROOT%/}/$RUN_ID"
resolve_mode

STATE_ARGS=()
STATE_DEFS=()
if [[ "${SALESRANK_FULL_RECOMPUTE:-0}" != 1 ]]; then
    # a head refresh takes seconds: wait for it rather than skip the hour
    lock_state 600
    STATE_DEFS=(-D salesrank.state.lock-wait-seconds=600)
    STATE_ARGS=(--state "$STATE")
fi
# --overwrite: re-running the same hour (by hand, after a failure) replaces that hour's own output only
# generic options (-D) first: Hadoop's parser stops at the first job argument, so a -D after a
# SALESRANK_JOB_OPTS such as "--reducers 20" would reach RankerTool as an unknown argument
JOB_ARGS=("${STATE_DEFS[@]}" "${JOB_OPTS[@]}" "${STATE_ARGS[@]}" --input "$INPUT" --output "$OUTPUT" --window-end "$WINDOW_END"
          --window-hours "$WINDOW_HOURS" --overwrite)
[[ "$MODE" == local ]] && mkdir -p "$OUTPUT_ROOT" 2>/dev/null || true

log "start: mode=$MODE window=[$WINDOW_END - ${WINDOW_HOURS}h, $WINDOW_END) input=$INPUT output=$OUTPUT state=${STATE_ARGS[*]:+$STATE} publish=$([[ -n "${SALESRANK_DB_URL:-}" ]] && echo yes || echo no)"
started=$SECONDS
run_ranker "${JOB_ARGS[@]}"
if (( STATUS != 0 )); then
    reason="$(job_error_line)"
    log "failed: exit $STATUS after $((SECONDS - started)) s: ${reason:-no error line from the job; see its lines above}"
    echo "run-hourly: window ending $WINDOW_END failed (exit $STATUS): ${reason:-see the log}; log: $LOG" >&2
    exit "$STATUS"
fi
log "done in $((SECONDS - started)) s: $OUTPUT"
prune_runs "$OUTPUT_ROOT" "$KEEP_RUNS"
