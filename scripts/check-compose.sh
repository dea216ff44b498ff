#!/usr/bin/env bash
# Validates docker-compose.yml (and that every file it mounts or builds from exists) with
# `docker-compose config`, which needs no Docker engine. Exits non-zero if it is invalid.
# Placeholder secrets stand in for the real ones, which come from the environment or .env.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker-compose >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) == 0 ]]; then
    echo "check-compose: installing docker-compose (Debian package) ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-compose >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-compose >/dev/null; }
  else
    echo "check-compose: docker-compose is not installed (Debian: apt-get install docker-compose)" >&2
    exit 1
  fi
fi
export MYSQL_ROOT_PASSWORD=check SALESRANK_DB_PASSWORD=check SALESRANK_READER_PASSWORD=check SALESRANK_CATALOG_PASSWORD=check \
       SALESRANK_REPL_PASSWORD=check SALESRANK_ADMIN_PASSWORD=check AWS_SECRET_ACCESS_KEY=check \
       GRAFANA_ADMIN_PASSWORD=check
config="$(docker-compose -f docker-compose.yml config)"

# docker-compose config does not look at the files behind bind mounts and builds: check them too
missing=0
while read -r path; do
  [[ -e "$path" ]] || { echo "check-compose: $path (used by docker-compose.yml) does not exist" >&2; missing=1; }
done < <(grep -oE '(\./[A-Za-z0-9_./-]+|docker/[A-Za-z0-9_.-]+\.Dockerfile)' docker-compose.yml | sed 's/:.*//' | sort -u)
for service in mysql-primary mysql-replica mysql-replica-2 migrate catalog redis s3 s3-seed namenode datanode resourcemanager nodemanager \
    ranker-job ranker-head read-api nginx grafana; do
  grep -qE "^  $service:" <<< "$config" || { echo "check-compose: service $service missing" >&2; missing=1; }
done
# the schema comes from the one-shot migrate service, before anything uses the database; only it
# holds the admin password, and the read API holds no writer or admin password
service_block() { awk -v s="  $1:" '$0 == s {on = 1; next} on && (/^  [a-z0-9-]+:$/ || /^[a-z]/) {exit} on' <<< "$config"; }
for service in ranker-job ranker-head read-api; do
  service_block "$service" | grep -A1 -E '^      migrate:$' | grep -q 'service_completed_successfully' \
    || { echo "check-compose: $service does not wait for migrate to complete successfully" >&2; missing=1; }
done
for service in mysql-replica mysql-replica-2 redis s3 s3-seed catalog namenode datanode resourcemanager nodemanager ranker-job ranker-head \
    read-api nginx grafana; do
  ! service_block "$service" | grep -q 'SALESRANK_ADMIN_PASSWORD' \
    || { echo "check-compose: $service gets the admin password" >&2; missing=1; }
done
! service_block read-api | grep -q 'SALESRANK_DB_PASSWORD' \
  || { echo "check-compose: read-api gets the writer's password" >&2; missing=1; }
# the catalog account's password goes to the migrations and the catalog loader only
for service in mysql-replica mysql-replica-2 redis s3 s3-seed namenode datanode resourcemanager nodemanager ranker-job ranker-head \
    read-api nginx grafana; do
  ! service_block "$service" | grep -q 'SALESRANK_CATALOG_PASSWORD' \
    || { echo "check-compose: $service gets the catalog account's password" >&2; missing=1; }
done
# the dashboards read as the reader only: no writer password in Grafana; /ops is never proxied
! service_block grafana | grep -q 'SALESRANK_DB_PASSWORD' \
  || { echo "check-compose: grafana gets the writer's password" >&2; missing=1; }
! grep -E 'location[^{]*/(ops|actuator)' docker/nginx/salesrank.conf.template | grep -vqE '^ *location = /actuator/health \{' \
  || { echo "check-compose: the public nginx routes /ops or an actuator path other than health" >&2; missing=1; }
# the serving tier (docs/serving.md): at least two read-api replicas behind nginx, and nginx runs the
# one configuration that scripts/serve.sh renders too
replicas="$(service_block read-api | awk '$1 == "replicas:" {print $2}')"
[[ "${replicas:-1}" =~ ^[0-9]+$ ]] && (( ${replicas:-1} >= 2 )) \
  || { echo "check-compose: read-api runs ${replicas:-1} replica(s), not at least 2" >&2; missing=1; }
service_block nginx | grep -qE 'docker/nginx/salesrank\.conf\.template:/etc/nginx/templates/default\.conf\.template' \
  || { echo "check-compose: nginx does not mount docker/nginx/salesrank.conf.template (the file scripts/serve.sh renders)" >&2; missing=1; }
grep -q 'docker/nginx/salesrank.conf.template' scripts/serve.sh \
  || { echo "check-compose: scripts/serve.sh does not render docker/nginx/salesrank.conf.template" >&2; missing=1; }
for placeholder in $(grep -oE '\$\{SALESRANK_EDGE_[A-Z_]+\}' docker/nginx/salesrank.conf.template | sort -u | tr -d '${}'); do
  service_block nginx | grep -qE "^ +$placeholder:" \
    || { echo "check-compose: nginx's environment lacks $placeholder (used by the template)" >&2; missing=1; }
done
# the compose Hadoop is the version the project builds against (the root pom's hadoop.version)
hadoop_version="$(sed -n 's|.*<hadoop.version>\(.*\)</hadoop.version>.*|\1|p' pom.xml | head -1)"
grep -qx "FROM apache/hadoop:$hadoop_version" docker/hadoop.Dockerfile \
  || { echo "check-compose: docker/hadoop.Dockerfile is not FROM apache/hadoop:$hadoop_version (pom.xml's hadoop.version)" >&2; missing=1; }
grep -q "image: salesrank-hadoop:$hadoop_version\$" docker-compose.yml \
  || { echo "check-compose: docker-compose.yml's Hadoop image is not tagged salesrank-hadoop:$hadoop_version" >&2; missing=1; }
(( missing == 0 ))
echo "check-compose: docker-compose.yml is valid ($(grep -cE '^  [a-z0-9-]+:$' <<< "$config") services)"
