#!/usr/bin/env bash
# The 10-minute cron entry: refreshes the head (ranks 1..K of every category) for the window ending at
# the last whole 10 minutes, from the incremental state the hourly run keeps and the logs that arrived
# since, and publishes it into sales_rank_head (the job publishes when SALESRANK_DB_* are set). Its cost
# does not grow with the week: it reads the new logs and the first rows of each category's ranking.
#
#   crontab:  */10 * * * *  SALESRANK_ENV_FILE=/etc/salesrank/env /opt/salesrank/scripts/run-head.sh
#
# Shares SALESRANK_INPUT, SALESRANK_STATE, SALESRANK_WINDOW_HOURS, SALESRANK_MODE, SALESRANK_JAR,
# SALESRANK_JOB_OPTS, SALESRANK_LOG_DIR, SALESRANK_NOW and SALESRANK_ENV_FILE with scripts/run-hourly.sh.
# Never runs on the state while another job does: it waits up to SALESRANK_HEAD_LOCK_WAIT seconds
# (default 30), then skips this refresh with exit 75 (the next one is 10 minutes away).
#
# Environment (all optional, besides the shared ones):
#   SALESRANK_HEAD_TOP          K, the ranks kept per category (default: 100)
#   SALESRANK_HEAD_OUTPUT_ROOT  parent of the per-refresh output directories (default: var/head-rankings)
#   SALESRANK_HEAD_LOCK_WAIT    seconds to wait for another job on the state (default: 30)
#   SALESRANK_HEAD_KEEP_RUNS    local per-refresh output directories to keep (default: 36)
set -euo pipefail
NAME=run-head
source "$(dirname "$0")/cron-lib.sh"
TOP="${SALESRANK_HEAD_TOP:-100}"
OUTPUT_ROOT="${SALESRANK_HEAD_OUTPUT_ROOT:-$ROOT/var/head-rankings}"
LOCK_WAIT="${SALESRANK_HEAD_LOCK_WAIT:-30}"
KEEP_RUNS="${SALESRANK_HEAD_KEEP_RUNS:-36}"
[[ "$TOP" =~ ^[1-9][0-9]*$ ]] || { echo "run-head: SALESRANK_HEAD_TOP must be a whole number of at least 1, got '$TOP'" >&2; exit 2; }

lock_state "$LOCK_WAIT"
NOW_EPOCH="$(now_epoch)"
END_EPOCH=$((NOW_EPOCH / 600 * 600))
WINDOW_END="$(date -u -d "@$END_EPOCH" +%Y-%m-%dT%H:%M:00Z)"
RUN_ID="$(date -u -d "@$END_EPOCH" +%Y%m%dT%H%MZ)"
OUTPUT="${OUTPUT_ROOT%/}/$RUN_ID"
resolve_mode
[[ "$MODE" == local ]] && mkdir -p "$OUTPUT_ROOT" 2>/dev/null || true

# -D first: Hadoop's generic options parser stops at the first job argument (see run-hourly.sh)
JOB_ARGS=(-D "salesrank.state.lock-wait-seconds=$LOCK_WAIT" "${JOB_OPTS[@]}" --state "$STATE" --top "$TOP"
          --input "$INPUT" --output "$OUTPUT" --window-end "$WINDOW_END" --window-hours "$WINDOW_HOURS" --overwrite)
log "start: mode=$MODE head of $TOP, window=[$WINDOW_END - ${WINDOW_HOURS}h, $WINDOW_END) input=$INPUT state=$STATE output=$OUTPUT publish=$([[ -n "${SALESRANK_DB_URL:-}" ]] && echo yes || echo no)"
started=$SECONDS
run_ranker "${JOB_ARGS[@]}"
if (( STATUS == 75 )); then
    log "skipped: the state is in use by another job"
    echo "run-head: skipped the window ending $WINDOW_END, the state is in use; see $LOG" >&2
    exit 75
elif (( STATUS != 0 )); then
    reason="$(job_error_line)"
    log "failed: exit $STATUS after $((SECONDS - started)) s: ${reason:-no error line from the job; see its lines above}"
    echo "run-head: window ending $WINDOW_END failed (exit $STATUS): ${reason:-see the log}; log: $LOG" >&2
    exit "$STATUS"
fi
log "done in $((SECONDS - started)) s: $OUTPUT"
prune_runs "$OUTPUT_ROOT" "$KEEP_RUNS"
