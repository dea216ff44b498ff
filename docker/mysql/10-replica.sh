#!/bin/bash
# Sourced by the mysql image's entrypoint on the replica's first start (empty data dir). Points it at
# the primary with GTID auto-positioning: it then receives everything the primary logged, the migrations included
# (the compose file starts the replica only once the primary is healthy, i.e. initialised).
set -euo pipefail
q() { printf "'%s'" "${1//\'/\'\'}"; }

mysql --protocol=socket -uroot -p"$MYSQL_ROOT_PASSWORD" <<SQL
CHANGE REPLICATION SOURCE TO
  SOURCE_HOST='mysql-primary', SOURCE_PORT=3306,
  SOURCE_USER='repl', SOURCE_PASSWORD=$(q "$SALESRANK_REPL_PASSWORD"),
  SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1, SOURCE_CONNECT_RETRY=5;
START REPLICA;
SQL
