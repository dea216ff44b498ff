#!/bin/bash
# Sourced by the mysql image's entrypoint on the primary's first start (empty data dir), against its
# temporary server. Applies sql/ (mounted beside this file) with the users' names and passwords from
# the environment, and creates the replication user. Everything here is binlogged with GTIDs, so the
# replica receives the schema and users by replication.
set -euo pipefail
sql_dir=/docker-entrypoint-initdb.d/salesrank-sql
q() { printf "'%s'" "${1//\'/\'\'}"; } # SQL string literal

mysql --protocol=socket -uroot -p"$MYSQL_ROOT_PASSWORD" <<SQL
SET @writer_user=$(q "$SALESRANK_DB_USER"), @writer_password=$(q "$SALESRANK_DB_PASSWORD");
SET @reader_user=$(q "$SALESRANK_READER_USER"), @reader_password=$(q "$SALESRANK_READER_PASSWORD");
SOURCE $sql_dir/schema.sql;
SOURCE $sql_dir/users.sql;
SOURCE $sql_dir/views.sql;
CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY $(q "$SALESRANK_REPL_PASSWORD");
GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';
SQL
