#!/bin/bash
# The ranker in docker-compose.yml's Hadoop: the project's own cron entries, in `hadoop` mode, submitting
# /opt/salesrank/ranker-job.jar with this image's `hadoop jar` to the ResourceManager (yarn-site.xml from
# the environment), reading s3a://$S3_BUCKET/logs/ and keeping the incremental state in s3a://$S3_BUCKET/state/.
#   rank:  scripts/run-hourly.sh (the week ending at the top of the current UTC hour; publishes)
#   head:  scripts/run-head.sh (the head of every category from that state; publishes)
# S3A's endpoint and credentials are in core-site.xml of every Hadoop service (docker-compose.yml), so the
# map tasks reading S3 in the NodeManager's containers have them too.
# The cron entries log to files; their log of this run is printed afterwards for `docker-compose logs`.
set -uo pipefail
export SALESRANK_MODE=hadoop
export SALESRANK_JAR=/opt/salesrank/ranker-job.jar
export SALESRANK_INPUT="s3a://${S3_BUCKET:-salesrank}/logs/"
export SALESRANK_STATE="${SALESRANK_STATE:-s3a://${S3_BUCKET:-salesrank}/state/}"
export SALESRANK_OUTPUT_ROOT="${SALESRANK_OUTPUT_ROOT:-hdfs:///salesrank/rankings}"
export SALESRANK_HEAD_OUTPUT_ROOT="${SALESRANK_HEAD_OUTPUT_ROOT:-hdfs:///salesrank/head}"
export SALESRANK_LOG_DIR=/opt/salesrank/var/log  # locks in /opt/salesrank/var too (the scripts' defaults)
export HADOOP_OPTIONAL_TOOLS=hadoop-aws

case "${1:-rank}" in
  rank) entry=run-hourly ;;
  head) entry=run-head ;;
  *) exec "$@" ;;
esac
/opt/salesrank/scripts/"$entry".sh
status=$?
cat "$SALESRANK_LOG_DIR/$entry-$(date -u +%Y%m%d).log" 2>/dev/null
exit "$status"
