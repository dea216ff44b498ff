#!/bin/bash
# Sourced by the mysql image's entrypoint on the primary's first start (empty data dir), against its
# temporary server. Creates the two accounts that belong to the deployment rather than the schema:
# the replication user, and salesrank_admin, which the one-shot `migrate` service (SchemaMigrator,
# the Flyway migrations in sql/migrations) connects as to create the schema, the writer and the
# reader. Everything here is binlogged with GTIDs, so the replica receives it by replication.
set -euo pipefail
q() { printf "'%s'" "${1//\'/\'\'}"; } # SQL string literal

mysql --protocol=socket -uroot -p"$MYSQL_ROOT_PASSWORD" <<SQL
CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY $(q "$SALESRANK_REPL_PASSWORD");
GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';
CREATE USER IF NOT EXISTS 'salesrank_admin'@'%' IDENTIFIED BY $(q "$SALESRANK_ADMIN_PASSWORD");
GRANT ALL PRIVILEGES ON *.* TO 'salesrank_admin'@'%' WITH GRANT OPTION;
SQL
