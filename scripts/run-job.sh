#!/usr/bin/env bash
# Runs the ranker (both MapReduce stages) in Hadoop's local mode on this machine.
#   scripts/run-job.sh --input var/sales --output var/ranking [--window-end 2026-11-20T13:00:00Z] ...
# Arguments are RankerTool's (see --help); Hadoop generic options (-D k=v) go first.
# Memory: RANKER_HEAP (default 4g). Hadoop log level: RANKER_LOG_LEVEL (default warn).
set -euo pipefail
source "$(dirname "$0")/job-env.sh"
CORES="$(nproc)"
HEAP="${RANKER_HEAP:-4g}"
# the map-side sort buffer: one spill per stage-1 map at the benchmark's scale (256 MB), but every map slot's
# buffer must fit in the heap with room to spare (RANKER_HEAP=512m in the cron tests)
case "$HEAP" in
  *[gG]) HEAP_MB=$(( ${HEAP%[gG]} * 1024 )) ;;
  *[mM]) HEAP_MB=${HEAP%[mM]} ;;
  *) HEAP_MB=$(( HEAP / 1048576 )) ;;
esac
SORT_MB=$(( HEAP_MB / (3 * CORES) ))
(( SORT_MB > 256 )) && SORT_MB=256
(( SORT_MB < 16 )) && SORT_MB=16
exec java ${RANKER_JAVA_OPTS:-} -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseParallelGC \
  -Dorg.slf4j.simpleLogger.defaultLogLevel="${RANKER_LOG_LEVEL:-warn}" \
  -Dorg.slf4j.simpleLogger.log.com.salesrank=info \
  -Dorg.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader=error \
  -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS \
  -cp "$RANKER_CP" com.salesrank.ranker.RankerTool \
  -D mapreduce.framework.name=local \
  -D fs.defaultFS=file:/// \
  -D fs.file.impl=com.salesrank.ranker.localfs.NioLocalFileSystem \
  -D mapreduce.client.completion.pollinterval=50 \
  -D mapreduce.local.map.tasks.maximum="$CORES" \
  -D mapreduce.local.reduce.tasks.maximum="$CORES" \
  -D mapreduce.job.reduces="$CORES" \
  -D mapreduce.task.io.sort.mb="$SORT_MB" \
  -D mapreduce.map.output.compress=false \
  -D mapreduce.reduce.input.buffer.percent=0.8 \
  "$@"
