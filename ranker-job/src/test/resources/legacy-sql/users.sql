-- salesrank database users, least privilege. Runs on MySQL 8.x and MariaDB 10.11.
--
-- Passwords never live in this repository: the caller sets them as session
-- variables before sourcing this file (scripts/stack.sh takes them from
-- var/stack/secrets.env, generated at the first `up`), e.g.
--   SET @writer_user='salesrank_writer', @writer_password='...';
--   SET @reader_user='salesrank_reader', @reader_password='...';
-- CREATE USER does not accept a variable as the password, hence the prepared
-- statements. Idempotent: rerunning resets the passwords to the given ones.

-- The ranker job's writer: creates, loads, indexes, renames and drops the
-- ranking tables, appends to the run history, and nothing else. A multi-table
-- RENAME TABLE needs ALTER and DROP on each old name and CREATE and INSERT on
-- each new one; LOAD DATA LOCAL needs INSERT only (no FILE); building the
-- indexes after the load needs ALTER (ALTER TABLE ... ADD) or INDEX.
SET @sql = CONCAT('CREATE USER IF NOT EXISTS ', QUOTE(@writer_user), '@''%'' IDENTIFIED BY ', QUOTE(@writer_password));
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('ALTER USER ', QUOTE(@writer_user), '@''%'' IDENTIFIED BY ', QUOTE(@writer_password));
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @sql = CONCAT('GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON salesrank.sales_rank TO ', QUOTE(@writer_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON salesrank.sales_rank_staging TO ', QUOTE(@writer_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON salesrank.sales_rank_old TO ', QUOTE(@writer_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON salesrank.sales_rank_run TO ', QUOTE(@writer_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON salesrank.sales_rank_run_staging TO ', QUOTE(@writer_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX ON salesrank.sales_rank_run_old TO ', QUOTE(@writer_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
-- the history is append-only for the job: it reads the last run id and adds a row
SET @sql = CONCAT('GRANT SELECT, INSERT ON salesrank.ranking_runs TO ', QUOTE(@writer_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;

-- The read API's reader (and the ops dashboards): SELECT only, on what it reads.
SET @sql = CONCAT('CREATE USER IF NOT EXISTS ', QUOTE(@reader_user), '@''%'' IDENTIFIED BY ', QUOTE(@reader_password));
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('ALTER USER ', QUOTE(@reader_user), '@''%'' IDENTIFIED BY ', QUOTE(@reader_password));
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @sql = CONCAT('GRANT SELECT ON salesrank.sales_rank TO ', QUOTE(@reader_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('GRANT SELECT ON salesrank.sales_rank_run TO ', QUOTE(@reader_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('GRANT SELECT ON salesrank.ranking_runs TO ', QUOTE(@reader_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('GRANT SELECT ON salesrank.categories TO ', QUOTE(@reader_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
SET @sql = CONCAT('GRANT SELECT ON salesrank.products TO ', QUOTE(@reader_user), '@''%''');
PREPARE stmt FROM @sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
-- The views (sql/views.sql) are SQL SECURITY INVOKER, so these SELECTs on the
-- base tables are what lets the reader use them; the view grants themselves
-- are in views.sql, after the views exist.
