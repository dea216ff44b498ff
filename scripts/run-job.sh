#!/usr/bin/env bash
# Runs the ranker (both MapReduce stages) in Hadoop's local mode on this machine.
#   scripts/run-job.sh --input var/sales --output var/ranking [--window-end 2026-11-20T13:00:00Z] ...
# Arguments are RankerTool's (see --help); Hadoop generic options (-D k=v) go first.
# Memory: RANKER_HEAP (default 4g). Hadoop log level: RANKER_LOG_LEVEL (default warn).
set -euo pipefail
source "$(dirname "$0")/job-env.sh"
CORES="$(nproc)"
exec java ${RANKER_JAVA_OPTS:-} -Xms"${RANKER_HEAP:-4g}" -Xmx"${RANKER_HEAP:-4g}" -XX:+UseParallelGC \
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
  -D mapreduce.task.io.sort.mb=256 \
  -D mapreduce.map.output.compress=false \
  -D mapreduce.reduce.input.buffer.percent=0.8 \
  "$@"
